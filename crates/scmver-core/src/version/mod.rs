//! Facts → version, pure: the schemes, templates, release decision and SemVer twin turn what
//! the repository said ([`Reading`]) and the [`Options`] into a [`VersionReport`].
//!
//! Nothing here reads git, files, the clock or the environment.

pub mod bump;
pub mod release;
pub mod report;
pub mod scheme;
pub mod semver_twin;
pub mod slug;
pub mod template;

use std::path::Path;
use std::str::FromStr;

use crate::facts::{ScmState, TagInfo};
use crate::repo::archive::{Archival, Describe, PkgInfo};

use crate::options::scheme::LocalScheme;
use crate::options::source::Source;
use crate::options::tag_rule::DEFAULT_TAG_REGEX;
use crate::options::{ConfigError, DevNumber, Options, PretendMetadata};
use crate::repo::state::Reading;
use crate::version::release::{Release, is_guarded, release_status};
use crate::version::report::{Origin, VersionReport};
use crate::version::scheme::{RenderOptions, SchemeError, render};
use crate::version::template::{TemplateError, render_template, template_fields};

/// The facts cannot be turned into a version with these options.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum VersionError {
    /// The version scheme cannot produce a valid version from these facts.
    #[error(transparent)]
    Scheme(#[from] SchemeError),
    /// The version template is unusable or renders an invalid version.
    #[error(transparent)]
    Template(#[from] TemplateError),
    /// A setting cannot be applied (`dev_number = "pipeline"` without a numeric pipeline ID).
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// `publishable` and the tree has uncommitted changes.
    #[error(
        "the work tree has uncommitted changes ({}), so no publishable version can be made: commit or stash them, or clean the tree the build made dirty",
        .paths.join(", ")
    )]
    DirtyPublishable {
        /// The changed paths (at most 20).
        paths: Vec<String>,
    },
    /// `require_tag` is set and no version tag is reachable from HEAD.
    #[error(
        "no version tag is reachable from HEAD ({seen} tag(s) seen) and require_tag is set: tag a release (`git tag v0.1.0`), fetch the tags (`git fetch --tags`), or check the tag rule (`scmver version -v` lists every tag and why it was skipped)"
    )]
    NoTag {
        /// How many tags were looked at.
        seen: usize,
        /// One line per tag looked at, with why it was skipped (for `--verbose`).
        details: Vec<String>,
    },
    /// A bug in scmver: please report it.
    #[error("internal error: {0}")]
    Internal(String),
}

/// The version of a pretend-version variable, when one is set: git is not read.
pub fn pretended(options: &Options) -> Result<Option<VersionReport>, VersionError> {
    let Some(pretend) = options.pretend_version() else {
        return Ok(None);
    };
    let variable = match &pretend.source {
        Source::Env(name) => name.clone(),
        other => other.to_string(),
    };
    let release = Release::no(format!("the version comes from {variable}, not from a tag"));
    VersionReport::new(pretend.value.clone(), Origin::Pretend { variable }, release).map(Some)
}

/// The version when there is no repository: `fallback_version`, when set.
pub fn fallback(options: &Options) -> Result<Option<VersionReport>, VersionError> {
    let Some(fallback) = options.fallback_version() else {
        return Ok(None);
    };
    let release = Release::no("there is no git repository; fallback_version was used".to_owned());
    VersionReport::new(fallback.to_string(), Origin::Fallback, release).map(Some)
}

/// The version a `git archive` export's `.git_archival.txt` gives, as setuptools_scm reads
/// it: the `describe-name` (tag, distance, node), else the first version tag of `ref-names`,
/// else `0.0` at the `node`; `None` when the file holds none of these (not expanded by
/// `git archive`) or names no version tag.
pub fn from_archival(options: &Options, archival: &Archival) -> Result<Option<VersionReport>, VersionError> {
    let rule = options.tag_rule();
    let facts = if let Some(describe) = archival.describe_name.as_deref().map(Describe::parse) {
        rule.version_of(&describe.tag).ok().map(|version| {
            (
                TagInfo {
                    name: describe.tag.clone(),
                    version,
                },
                describe.distance,
                describe.node,
            )
        })
    } else if let Some((tag, version)) = archival
        .ref_tags
        .iter()
        .find_map(|tag| rule.version_of(tag).ok().map(|version| (tag, version)))
    {
        Some((
            TagInfo {
                name: tag.clone(),
                version,
            },
            0,
            None,
        ))
    } else {
        archival.node.as_ref().map(|node| {
            (
                TagInfo {
                    name: "0.0".to_owned(),
                    version: pep440_rs::Version::new([0, 0]),
                },
                0,
                Some(node.clone()),
            )
        })
    };
    let Some((tag, distance, node)) = facts else {
        return Ok(None);
    };
    // A commit without a known node would count as "no commits yet" (dirty, as setuptools_scm
    // has it); an export always names its commit.
    let state = ScmState {
        tag: Some(tag),
        distance,
        sha: node.or_else(|| archival.node.clone()),
        branch: options.ci().branch.clone(),
        dirty: false,
        shallow: false,
        commit_time: None,
    };
    let (version, release, state) = render_facts(options, state)?;
    let origin = Origin::Archive {
        state,
        path: archival.path.clone(),
    };
    VersionReport::new(version, origin, release).map(Some)
}

/// The version an unpacked sdist's `PKG-INFO` gives, as written there.
pub fn from_pkg_info(pkg_info: &PkgInfo) -> Result<Option<VersionReport>, VersionError> {
    let Some(version) = &pkg_info.version else {
        return Ok(None);
    };
    if pep440_rs::Version::from_str(version).is_err() {
        return Ok(None);
    }
    let release = Release::no(format!(
        "the version comes from {}, not from a tag",
        pkg_info.path.display()
    ));
    let origin = Origin::PkgInfo {
        path: pkg_info.path.clone(),
    };
    VersionReport::new(version.clone(), origin, release).map(Some)
}

/// The version `parentdir_prefix_version` reads from the project directory's name
/// (`project-1.2.3` with prefix `project-`), normalized; `None` when the name does not fit.
pub fn from_parent_dir(options: &Options, dir: &Path) -> Result<Option<VersionReport>, VersionError> {
    let Some(prefix) = options.parentdir_prefix_version() else {
        return Ok(None);
    };
    let Some(name) = dir.file_name().and_then(|name| name.to_str()) else {
        return Ok(None);
    };
    let Some(rest) = name.strip_prefix(prefix) else {
        return Ok(None);
    };
    let Ok(version) = options.tag_rule().version_of(rest) else {
        return Ok(None);
    };
    let release = Release::no("the version comes from the directory name, not from a tag".to_owned());
    let origin = Origin::ParentDir { dir: dir.to_owned() };
    VersionReport::new(version.to_string(), origin, release).map(Some)
}

/// The version for what the repository said: the schemes (or the template) applied to the
/// facts, with the branch from CI when it knows one, and the release decision.
///
/// When CI is detected and the run is not a tag build, a commit that carries a release tag
/// still gets a development version (`1.3.0` → `1.3.1.dev0+g…`); `release_on_branch_builds`
/// turns this off.
pub fn from_reading(options: &Options, reading: Reading) -> Result<VersionReport, VersionError> {
    if options.require_tag() && reading.state.tag.is_none() {
        let details = reading
            .candidates
            .iter()
            .map(|candidate| match &candidate.verdict {
                Ok(version) => format!(
                    "tag {}: version {version}, not reachable from HEAD",
                    candidate.name
                ),
                Err(rejection) => format!("tag {}: skipped: {rejection}", candidate.name),
            })
            .collect();
        return Err(VersionError::NoTag {
            seen: reading.candidates.len(),
            details,
        });
    }
    if options.publishable() && reading.state.dirty {
        return Err(VersionError::DirtyPublishable {
            paths: reading.changed.clone(),
        });
    }
    let mut state = reading.state;
    if let Some(metadata) = options.pretend_metadata() {
        apply_metadata(options, &mut state, metadata)?;
    }
    let (version, release, state) = render_facts(options, state)?;
    let origin = Origin::Repository {
        state,
        repo_root: reading.repo_root,
        candidates: reading.candidates,
    };
    let mut report = VersionReport::new(version, origin, release)?;
    report.warnings = reading.warnings;
    if let Some(warning) = tag_families(options, &reading.tags_on_commit) {
        report.warnings.push(warning);
    }
    Ok(report)
}

/// A warning when the version tags on the chosen commit belong to several families
/// (`hatch-v1.18.0`, `hatchling-v1.32.0`) and no tag prefix or regex picks one: the highest
/// version wins, which may be another package's.
fn tag_families(options: &Options, tags_on_commit: &[String]) -> Option<String> {
    let rule = options.tag_rule();
    if !rule.tag_prefix().is_empty() || rule.pattern() != DEFAULT_TAG_REGEX {
        return None;
    }
    let family = |name: &str| {
        let cut = name.find(|c: char| c.is_ascii_digit()).unwrap_or(name.len());
        let head = &name[..cut];
        head.strip_suffix(['v', 'V']).unwrap_or(head).to_owned()
    };
    let mut families: Vec<String> = tags_on_commit.iter().map(|name| family(name)).collect();
    families.sort();
    families.dedup();
    if families.len() < 2 {
        return None;
    }
    let example = families
        .iter()
        .find(|family| !family.is_empty())
        .cloned()
        .unwrap_or_default();
    Some(format!(
        "the chosen commit carries version tags of {} families ({}): the highest version wins, which may be another package's; set tag.prefix (e.g. tag.prefix = \"{}\") to pick one",
        families.len(),
        tags_on_commit
            .iter()
            .map(|t| format!("`{}`", t.escape_debug()))
            .collect::<Vec<_>>()
            .join(", "),
        example
    ))
}

/// Replace facts with those of `SETUPTOOLS_SCM_PRETEND_METADATA`.
fn apply_metadata(
    options: &Options,
    state: &mut ScmState,
    metadata: &PretendMetadata,
) -> Result<(), VersionError> {
    if let Some(tag) = &metadata.tag {
        let version = options.tag_rule().version_of(tag).map_err(|rejection| {
            VersionError::Config(ConfigError::InvalidValue {
                origin: Source::Env(metadata.variable.clone()),
                expected: "a `tag` that is a version tag",
                found: format!("{tag} ({rejection})"),
            })
        })?;
        state.tag = Some(TagInfo {
            name: tag.clone(),
            version,
        });
    }
    if let Some(distance) = metadata.distance {
        state.distance = distance;
    }
    if let Some(node) = &metadata.node {
        state.sha = Some(node.strip_prefix('g').unwrap_or(node).to_owned());
    }
    if let Some(dirty) = metadata.dirty {
        state.dirty = dirty;
    }
    if let Some(branch) = &metadata.branch {
        state.branch = Some(branch.clone());
    }
    Ok(())
}

/// The schemes (or the template) and the release decision applied to facts, with the branch
/// from CI when it knows one.
fn render_facts(options: &Options, mut state: ScmState) -> Result<(String, Release, ScmState), VersionError> {
    // Flag, then CI (which recovers the branch of a detached checkout), then HEAD.
    if let Some(branch) = &options.ci().branch {
        state.branch = Some(branch.clone());
    }
    let guarded = is_guarded(options);
    let release = release_status(&state, options, guarded);
    let version = match &options.template {
        Some(template) => {
            let rendered = render_template(&template.value, &template_fields(&state, options))?;
            pep440_rs::Version::from_str(&rendered).map_err(|err| TemplateError::NotPep440 {
                template: template.value.clone(),
                result: rendered.clone(),
                reason: err.to_string(),
            })?;
            rendered
        }
        None => render(
            &state,
            &RenderOptions {
                version_scheme: options.version_scheme(),
                local_scheme: if options.publishable() {
                    LocalScheme::NoLocalVersion
                } else {
                    options.local_scheme()
                },
                fallback_version: options.fallback_version(),
                now: options.now(),
                tag_rule: options.tag_rule(),
                dev_number: dev_number(options)?,
                allow_exact: !guarded,
            },
        )?,
    };
    Ok((version, release, state))
}

/// The number that replaces the distance in `.devN`, per `dev_number`.
fn dev_number(options: &Options) -> Result<Option<u64>, ConfigError> {
    let pipeline = options.ci().pipeline_id.as_deref();
    let parse = |id: &str| {
        id.parse::<u64>().map_err(|_| ConfigError::PipelineId {
            value: id.to_owned(),
            origin: options.pipeline_source.clone(),
        })
    };
    let wanted = match options.dev_number() {
        // Publishable in CI: the pipeline's ID, unique across branches.
        DevNumber::Distance if options.publishable() && options.ci().is_ci() => DevNumber::Pipeline,
        other => other,
    };
    match (wanted, pipeline) {
        (DevNumber::Distance, _) => Ok(None),
        (DevNumber::Pipeline | DevNumber::PipelineOrDistance, Some(id)) => parse(id).map(Some),
        (DevNumber::Pipeline, None) => Err(ConfigError::NoPipelineId {
            dev_number: options.dev_number.source.clone(),
        }),
        (DevNumber::PipelineOrDistance, None) => Ok(None),
    }
}
