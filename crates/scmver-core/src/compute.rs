//! The one call that turns options into a version: pretend version, else repository facts,
//! CI context and schemes (or a template), else the fallback version.

use std::str::FromStr;

use crate::config::{DevNumber, Options};
use crate::git::{GitError, read_state};
use crate::report::{Origin, Release, VersionReport};
use crate::scheme::{RenderOptions, next_release, render};
use crate::semver_map::to_semver;
use crate::slug::slugify;
use crate::state::ScmState;
use crate::template::{TemplateError, TemplateFields, render_template};
use crate::{ConfigError, Error};

/// Compute the version for `options` (see [`crate::resolve_options`]).
///
/// Order, as in setuptools_scm: a pretend version wins; else the repository at or above
/// [`Options::search_dir`] is read; without a repository, `fallback_version` is used, and
/// without that the error says how to fix it.
///
/// When CI is detected and the run is not a tag build, a commit that carries a release tag
/// still gets a development version (`1.3.0` → `1.3.1.dev0+g…`), so a branch pipeline and a
/// tag pipeline on the same commit never upload the same version; `release_on_branch_builds`
/// turns this off.
pub fn compute_version(options: &Options) -> Result<VersionReport, Error> {
    if let Some((value, variable)) = &options.pretend_version {
        let release = Release::no(format!("the version comes from {variable}, not from a tag"));
        return report(
            value.clone(),
            Origin::Pretend {
                variable: variable.clone(),
            },
            release,
        );
    }
    let reading = match read_state(&options.search_dir, &options.tag_rule, options.read) {
        Ok(reading) => reading,
        Err(GitError::NotARepository { .. }) if options.fallback_version.is_some() => {
            let fallback = options
                .fallback_version
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default();
            let release = Release::no("there is no git repository; fallback_version was used".to_owned());
            return report(fallback, Origin::Fallback, release);
        }
        Err(err) => return Err(err.into()),
    };
    let mut state = reading.state;
    // Flag, then CI (which recovers the branch of a detached checkout), then HEAD.
    if let Some(branch) = &options.ci.branch {
        state.branch = Some(branch.clone());
    }
    let guarded = options.ci.is_ci() && !options.ci.is_tag_build() && !options.release_on_branch_builds;
    let release = release_status(&state, options, guarded);
    let version = match &options.template {
        Some(template) => render_version_template(template, &state, options)?,
        None => render(
            &state,
            &RenderOptions {
                version_scheme: options.version_scheme,
                local_scheme: options.local_scheme,
                fallback_version: options.fallback_version.as_ref(),
                now: options.now,
                tag_rule: &options.tag_rule,
                dev_number: dev_number(options)?,
                allow_exact: !guarded,
            },
        )?,
    };
    let origin = Origin::Repository {
        state,
        repo_root: reading.repo_root,
        candidates: reading.candidates,
    };
    report(version, origin, release)
}

/// The values templates can use, from the facts and the CI context. `version` is left empty.
#[must_use]
pub fn template_fields(state: &ScmState, options: &Options) -> TemplateFields {
    let tag = match (&state.tag, &options.fallback_version) {
        (Some(tag), _) => tag.version.clone(),
        (None, Some(fallback)) => fallback.clone(),
        (None, None) => pep440_rs::Version::new([0, 0]),
    };
    let branch_version = state.branch.as_deref().and_then(|branch| {
        let default;
        let regex = match &options.branch_regex {
            Some(regex) => regex,
            None => {
                default = regex::Regex::new(crate::config::DEFAULT_BRANCH_REGEX).ok()?;
                &default
            }
        };
        let captures = regex.captures(branch)?;
        captures
            .name("version")
            .or_else(|| captures.get(1))
            .map(|m| m.as_str().to_owned())
    });
    TemplateFields {
        tag: tag.clone().without_local().to_string(),
        base: tag
            .release()
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("."),
        next: next_release(&tag).unwrap_or_default(),
        distance: state.distance,
        pipeline: options.ci.pipeline_id.clone(),
        node: state.node(),
        sha: state.sha.clone(),
        branch: state.branch.clone(),
        branch_slug: state
            .branch
            .as_deref()
            .map(slugify)
            .filter(|slug| !slug.is_empty()),
        branch_version,
        date: state.commit_time.map(|time| time.date().compact()),
        version: None,
    }
}

fn render_version_template(template: &str, state: &ScmState, options: &Options) -> Result<String, Error> {
    let rendered = render_template(template, &template_fields(state, options)).map_err(ConfigError::from)?;
    pep440_rs::Version::from_str(&rendered).map_err(|err| {
        ConfigError::from(TemplateError::NotPep440 {
            template: template.to_owned(),
            result: rendered.clone(),
            reason: err.to_string(),
        })
    })?;
    Ok(rendered)
}

/// The number that replaces the distance in `.devN`, per `dev_number`.
fn dev_number(options: &Options) -> Result<Option<u64>, Error> {
    let pipeline = options.ci.pipeline_id.as_deref();
    let parse = |id: &str| {
        id.parse::<u64>()
            .map_err(|_| Error::Config(ConfigError::PipelineId { value: id.to_owned() }))
    };
    match (options.dev_number, pipeline) {
        (DevNumber::Distance, _) => Ok(None),
        (DevNumber::Pipeline | DevNumber::PipelineOrDistance, Some(id)) => parse(id).map(Some),
        (DevNumber::Pipeline, None) => Err(Error::Config(ConfigError::NoPipelineId)),
        (DevNumber::PipelineOrDistance, None) => Ok(None),
    }
}

fn release_status(state: &ScmState, options: &Options, guarded: bool) -> Release {
    let Some(tag) = &state.tag else {
        return Release::no("no version tag is reachable from HEAD".to_owned());
    };
    if state.distance > 0 {
        return Release::no(format!(
            "HEAD is {} commit(s) after the tag `{}`",
            state.distance, tag.name
        ));
    }
    if state.dirty {
        return Release::no(format!(
            "HEAD is tagged `{}` but the work tree has uncommitted changes",
            tag.name
        ));
    }
    if guarded {
        let provider = options.ci.provider.map_or("CI", |p| p.name());
        return Release::no(format!(
            "HEAD is tagged `{}` but this {provider} run is a branch build; releases come from tag builds (set release_on_branch_builds = true to allow)",
            tag.name
        ));
    }
    Release::yes(format!(
        "HEAD is tagged `{}` and the work tree is clean",
        tag.name
    ))
}

fn report(version: String, origin: Origin, release: Release) -> Result<VersionReport, Error> {
    // Every path above validated the string already; a failure here is a bug, reported as one.
    let pep440 = pep440_rs::Version::from_str(&version)
        .map_err(|err| Error::Internal(format!("`{version}` did not parse as PEP 440: {err}")))?;
    let semver = to_semver(&pep440);
    Ok(VersionReport {
        version,
        pep440,
        semver,
        origin,
        release,
    })
}

/// `scmver is-release`: the build's release status, additionally requiring the version to
/// match `pattern` when given.
pub fn check_release(options: &Options, pattern: Option<&str>) -> Result<Release, Error> {
    let regex = pattern
        .map(|p| {
            regex::Regex::new(p).map_err(|source| ConfigError::ReleasePattern {
                pattern: p.to_owned(),
                source,
            })
        })
        .transpose()?;
    let report = compute_version(options)?;
    Ok(match regex {
        Some(regex) if report.release.is_release && !regex.is_match(&report.version) => Release::no(format!(
            "{}, but the version `{}` does not match --pattern `{}`",
            report.release.reason,
            report.version,
            regex.as_str()
        )),
        _ => report.release,
    })
}

/// The template fields of a computed version, `{version}` included: what `scmver format` and
/// version-file templates can use. Without a repository only `{version}` and `{pipeline}`
/// have values.
#[must_use]
pub fn report_fields(options: &Options, report: &VersionReport) -> TemplateFields {
    let mut fields = match report.state() {
        Some(state) => template_fields(state, options),
        None => TemplateFields {
            pipeline: options.ci.pipeline_id.clone(),
            ..TemplateFields::default()
        },
    };
    fields.version = Some(report.version.clone());
    fields
}

/// `scmver format`: render a free-form template (build strings, file names) with every field,
/// including `{version}`. The result is not required to be a version.
pub fn format_template(options: &Options, template: &str) -> Result<String, Error> {
    let report = compute_version(options)?;
    Ok(render_template(template, &report_fields(options, &report)).map_err(ConfigError::from)?)
}
