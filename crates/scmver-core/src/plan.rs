//! The stamping commands: compute the version once, read what is to be stamped, and return
//! what to write. One function per subcommand: [`plan_pyproject`] (`scmver write pyproject`),
//! [`plan_version_file`] (`scmver write version-file`), [`plan_configured_version_files`]
//! (`scmver write`), [`docker_tags`] (`scmver docker-tags`). None of them writes: the caller
//! puts [`PyprojectPlan::outcome`]'s text or [`VersionFilePlan::text`] on disk with
//! [`crate::stamp::write_atomic`] when they changed.

use std::io;
use std::path::{Path, PathBuf};

use crate::Error;
use crate::compute::{compute_version, report_fields};
use crate::config::{ConfigError, ConfigSource, Options, ProjectLocation};
use crate::diff::unified_diff;
use crate::docker::{
    BuildKind, DockerError, ImageName, TagAffixes, build_kind, image_tags, oci_labels, source_url,
};
use crate::git::read_remote;
use crate::pyproject::{RewriteOptions, RewriteOutcome, set_version};
use crate::report::{Origin, VersionReport};
use crate::template::render_template;
use crate::version_file::{VersionFileKind, render_version_file};

/// A file to stamp cannot be read or placed; nothing was written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StampError {
    /// The pyproject.toml to stamp does not exist.
    #[error("`{path}` does not exist: pass --file, or --root with the project directory")]
    Missing {
        /// The file.
        path: PathBuf,
    },
    /// A file exists but cannot be read.
    #[error("cannot read `{path}`")]
    Read {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: io::Error,
    },
    /// The version cannot be set in this pyproject.toml.
    #[error("cannot set the version in `{path}`")]
    Pyproject {
        /// The file.
        path: PathBuf,
        /// What is wrong with its contents.
        #[source]
        source: crate::pyproject::PyprojectError,
    },
    /// The directory of a version file does not exist.
    #[error("cannot write `{path}`: the directory `{dir}` does not exist")]
    NoDirectory {
        /// The file.
        path: PathBuf,
        /// Its directory.
        dir: PathBuf,
    },
    /// A version file would land outside the repository.
    #[error("`{path}` is outside the repository root `{root}`: pass --allow-outside-root to write it anyway")]
    OutsideRoot {
        /// The file, as resolved (symlinks followed).
        path: PathBuf,
        /// The repository's work tree root (the project directory without a repository).
        root: PathBuf,
    },
    /// `scmver write` without a target, and no `version_file` is configured.
    #[error(
        "nothing to write: no `version_file` is configured ({config}): name a target (`scmver write pyproject`, `scmver write version-file PATH`) or set `version_file`"
    )]
    NoTarget {
        /// Where the configuration was read (``read [tool.scmver] in `pyproject.toml` ``).
        config: String,
    },
}

/// What `scmver write pyproject` found and would write.
#[derive(Debug, Clone)]
pub struct PyprojectPlan {
    /// The file.
    pub path: PathBuf,
    /// The version derived.
    pub version: String,
    /// The file's text as read.
    pub old_text: String,
    /// The edit: new text, old version, whether anything changed.
    pub outcome: RewriteOutcome,
}

impl PyprojectPlan {
    /// The edit as a unified diff (empty when nothing changes), for `--dry-run`.
    #[must_use]
    pub fn diff(&self) -> String {
        let label = self.path.display().to_string();
        unified_diff(&self.old_text, &self.outcome.new_text, &label, &label)
    }

    /// One line saying what the write does (or did): `` `pyproject.toml`: version 1.2.3 -> 1.2.4 ``.
    #[must_use]
    pub fn summary(&self) -> String {
        let path = self.path.display();
        if !self.outcome.changed {
            return format!("`{path}` already holds version {}", self.version);
        }
        let old = self.outcome.old_version.as_deref().unwrap_or("(none)");
        format!("`{path}`: version {old} -> {}", self.version)
    }

    /// For `--check`: `None` when the file holds the version, else one line saying how it
    /// differs.
    #[must_use]
    pub fn mismatch(&self) -> Option<String> {
        if !self.outcome.changed {
            return None;
        }
        let path = self.path.display();
        let version = &self.version;
        Some(match &self.outcome.old_version {
            Some(old) if old == version => {
                format!("`{path}` holds version {version}, but `version` is also listed in `project.dynamic`")
            }
            Some(old) => format!("`{path}` holds version {old}, not {version}"),
            None => format!("`{path}` holds no static version, not {version}"),
        })
    }

    /// The note for stderr when `version` was removed from `project.dynamic`.
    #[must_use]
    pub fn dynamic_note(&self) -> Option<String> {
        self.outcome.removed_dynamic.then(|| {
            format!(
                "note: removed `version` from `project.dynamic` in `{}`: the version is now static (pass --keep-dynamic to refuse instead)",
                self.path.display()
            )
        })
    }
}

/// What `scmver write pyproject` is asked to edit.
#[derive(Debug, Clone)]
pub struct PyprojectRequest {
    /// The project; its config file, else its `pyproject.toml`, is the default file.
    pub location: ProjectLocation,
    /// Edit this file instead.
    pub file: Option<PathBuf>,
    /// Refuse instead of removing `version` from `project.dynamic`.
    pub keep_dynamic: bool,
}

impl PyprojectRequest {
    /// The file to edit: `file`, else the location's config file, else `<dir>/pyproject.toml`.
    #[must_use]
    pub fn path(&self) -> PathBuf {
        match (&self.file, &self.location.config_file) {
            (Some(file), _) => file.clone(),
            (None, Some(config)) => config.clone(),
            (None, None) => self.location.dir.join("pyproject.toml"),
        }
    }
}

/// `scmver write pyproject`: read the file, derive the version, and compute the edited text.
///
/// Errors about the file (missing, unreadable, invalid, no `[project]`/`[tool.poetry]`) come
/// before the repository is read.
pub fn plan_pyproject(options: &Options, request: &PyprojectRequest) -> Result<PyprojectPlan, Error> {
    let path = &request.path();
    let keep_dynamic = request.keep_dynamic;
    let old_text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(err) if err.kind() == io::ErrorKind::NotFound => {
            return Err(StampError::Missing {
                path: path.to_owned(),
            }
            .into());
        }
        Err(source) => {
            return Err(StampError::Read {
                path: path.to_owned(),
                source,
            }
            .into());
        }
    };
    let pyproject_error = |source| StampError::Pyproject {
        path: path.to_owned(),
        source,
    };
    let rewrite = RewriteOptions { keep_dynamic };
    // Validate the file with a placeholder first, so a broken file is reported even when the
    // repository cannot yield a version.
    set_version(&old_text, "0", rewrite).map_err(pyproject_error)?;
    let report = compute_version(options)?;
    let outcome = set_version(&old_text, &report.version, rewrite).map_err(pyproject_error)?;
    Ok(PyprojectPlan {
        path: path.to_owned(),
        version: report.version,
        old_text,
        outcome,
    })
}

/// What `scmver write version-file` is asked to write.
#[derive(Debug, Clone, Default)]
pub struct VersionFileRequest {
    /// The file: relative paths are relative to the current directory.
    pub path: PathBuf,
    /// Render this template (fields as for `scmver format`, with `{version}`) instead of the
    /// default contents; a final newline is added when the result has none.
    pub template: Option<String>,
    /// Allow a path outside the repository's work tree.
    pub allow_outside_root: bool,
}

/// A version file's new contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionFilePlan {
    /// The file.
    pub path: PathBuf,
    /// The version derived.
    pub version: String,
    /// The whole new contents.
    pub text: String,
    /// The file does not exist or holds other bytes.
    pub changed: bool,
}

impl VersionFilePlan {
    /// One line saying what the write does: `` wrote version 1.2.4 to `VERSION` ``.
    #[must_use]
    pub fn summary(&self) -> String {
        if self.changed {
            format!("wrote version {} to `{}`", self.version, self.path.display())
        } else {
            format!("`{}` already holds version {}", self.path.display(), self.version)
        }
    }
}

/// `scmver write version-file PATH`: the contents for `request.path` (plain `VERSION`, a
/// setuptools_scm-compatible module for `.py`, or the template), after checking that the file
/// stays inside the repository.
pub fn plan_version_file(options: &Options, request: &VersionFileRequest) -> Result<VersionFilePlan, Error> {
    check_directory(&request.path)?;
    let report = compute_version(options)?;
    plan_one(options, &report, request)
}

/// `scmver write`: every version file the configuration names (`version_file`, relative to the
/// pyproject.toml it is in), planned with one version computation.
pub fn plan_configured_version_files(options: &Options) -> Result<Vec<VersionFilePlan>, Error> {
    let (config_dir, config) = match &options.source {
        ConfigSource::Scmver(path) => (
            path.parent(),
            format!("read [tool.scmver] in `{}`", path.display()),
        ),
        ConfigSource::SetuptoolsScm(path) => (
            path.parent(),
            format!("read [tool.setuptools_scm] in `{}`", path.display()),
        ),
        ConfigSource::Defaults => (
            None,
            "found no [tool.scmver] or [tool.setuptools_scm] table".to_owned(),
        ),
    };
    let Some(version_file) = &options.version_file else {
        return Err(StampError::NoTarget { config }.into());
    };
    let path = config_dir.unwrap_or(&options.search_dir).join(version_file);
    let request = VersionFileRequest {
        path,
        template: None,
        allow_outside_root: false,
    };
    check_directory(&request.path)?;
    let report = compute_version(options)?;
    Ok(vec![plan_one(options, &report, &request)?])
}

fn plan_one(
    options: &Options,
    report: &VersionReport,
    request: &VersionFileRequest,
) -> Result<VersionFilePlan, Error> {
    let VersionFileRequest {
        path,
        template,
        allow_outside_root,
    } = request;
    if !allow_outside_root {
        let root = match &report.origin {
            Origin::Repository { repo_root, .. } => repo_root.clone(),
            Origin::Pretend { .. } | Origin::Fallback => options.search_dir.clone(),
        };
        check_inside(path, &root)?;
    }
    let text = match template {
        Some(template) => {
            let mut text =
                render_template(template, &report_fields(options, report)).map_err(ConfigError::from)?;
            if !text.ends_with('\n') {
                text.push('\n');
            }
            text
        }
        None => render_version_file(
            VersionFileKind::for_path(path),
            &report.version,
            &report.pep440,
            report.state().and_then(crate::ScmState::node).as_deref(),
        ),
    };
    let changed = match std::fs::read(path) {
        Ok(bytes) => bytes != text.as_bytes(),
        Err(err) if err.kind() == io::ErrorKind::NotFound => true,
        Err(source) => {
            return Err(StampError::Read {
                path: path.clone(),
                source,
            }
            .into());
        }
    };
    Ok(VersionFilePlan {
        path: path.clone(),
        version: report.version.clone(),
        text,
        changed,
    })
}

/// The file's directory must exist: scmver does not create directories.
fn check_directory(path: &Path) -> Result<(), StampError> {
    let dir = parent_dir(path);
    if dir.is_dir() {
        Ok(())
    } else {
        Err(StampError::NoDirectory {
            path: path.to_owned(),
            dir: dir.to_owned(),
        })
    }
}

fn parent_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    }
}

/// Refuse a path whose final target (symlinks followed) is outside `root`.
fn check_inside(path: &Path, root: &Path) -> Result<(), StampError> {
    let read_err = |source| StampError::Read {
        path: path.to_owned(),
        source,
    };
    let root = std::fs::canonicalize(root).map_err(read_err)?;
    let resolved = match std::fs::canonicalize(path) {
        Ok(resolved) => resolved,
        // Not there yet (or a dangling link): its directory decides.
        Err(_) => {
            let dir = std::fs::canonicalize(parent_dir(path)).map_err(read_err)?;
            dir.join(path.file_name().unwrap_or_default())
        }
    };
    if resolved.starts_with(&root) {
        Ok(())
    } else {
        Err(StampError::OutsideRoot { path: resolved, root })
    }
}

/// What `scmver docker-tags` is asked for.
#[derive(Debug, Clone, Default)]
pub struct DockerRequest {
    /// Print full references `IMAGE:TAG` for this repository name.
    pub image: Option<String>,
    /// Prefix and suffix of every tag.
    pub affixes: TagAffixes,
    /// Also compute the OCI labels (reads the default remote for `source`).
    pub labels: bool,
}

/// The tags (and labels) of a build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DockerOutput {
    /// The PEP 440 version.
    pub version: String,
    /// What kind of build this is.
    pub kind: BuildKind,
    /// The image name, when given.
    pub image: Option<ImageName>,
    /// The tags, most specific first, without the image name.
    pub tags: Vec<String>,
    /// The OCI labels, empty unless asked for.
    pub labels: Vec<(&'static str, String)>,
}

impl DockerOutput {
    /// `IMAGE:TAG` for each tag when an image was given, else the tags.
    #[must_use]
    pub fn references(&self) -> Vec<String> {
        match &self.image {
            Some(image) => self.tags.iter().map(|tag| image.with_tag(tag)).collect(),
            None => self.tags.clone(),
        }
    }

    /// `key=value` lines of the labels, for `docker build --label`.
    #[must_use]
    pub fn label_lines(&self) -> String {
        self.labels
            .iter()
            .map(|(key, value)| format!("{key}={value}\n"))
            .collect()
    }

    /// One JSON object: `version`, `kind` (`release`, `pre-release`, `development`), `tags`
    /// (the references) and, when asked for, `labels`.
    #[must_use]
    pub fn to_json(&self) -> String {
        let kind = match self.kind {
            BuildKind::Release => "release",
            BuildKind::PreRelease => "pre-release",
            BuildKind::Development => "development",
        };
        let mut value = serde_json::json!({
            "version": self.version,
            "kind": kind,
            "tags": self.references(),
        });
        if !self.labels.is_empty() {
            let labels: serde_json::Map<String, serde_json::Value> = self
                .labels
                .iter()
                .map(|(key, value)| ((*key).to_owned(), serde_json::Value::String(value.clone())))
                .collect();
            value["labels"] = serde_json::Value::Object(labels);
        }
        value.to_string()
    }
}

/// `scmver docker-tags`: the image tags of this build (see [`crate::docker::image_tags`]), with the
/// repository's version tags deciding the release aliases, and the OCI labels when asked for.
///
/// `created` is HEAD's commit date, so rebuilding a commit gives the same labels; without a
/// commit (a pretend or fallback version) it is [`Options::now`] (`SOURCE_DATE_EPOCH` when set).
pub fn docker_tags(options: &Options, request: &DockerRequest) -> Result<DockerOutput, Error> {
    let DockerRequest {
        image,
        affixes,
        labels,
    } = request;
    let image = image.as_deref().map(ImageName::parse).transpose()?;
    affixes.validate()?;
    let report = compute_version(options)?;
    let tag_list = report_image_tags(options, &report, affixes)?;
    let repo_root = match &report.origin {
        Origin::Repository { repo_root, .. } => Some(repo_root.as_path()),
        Origin::Pretend { .. } | Origin::Fallback => None,
    };
    let labels = if *labels {
        let state = report.state();
        let source = match repo_root {
            Some(root) => read_remote(root)?.as_ref().and_then(source_url),
            None => None,
        };
        oci_labels(
            &report.version,
            state.and_then(|s| s.sha.as_deref()),
            state.and_then(|s| s.commit_time).unwrap_or(options.now),
            source.as_deref(),
        )
    } else {
        Vec::new()
    };
    Ok(DockerOutput {
        kind: build_kind(&report),
        version: report.version,
        image,
        tags: tag_list,
        labels,
    })
}

/// The image tags of a computed version (without an image name): [`crate::docker::image_tags`] with
/// the report's [`build_kind`], its branch (the CI's for a pretend version) and the
/// repository's version tags. `scmver ci` exports the same list as `SCMVER_DOCKER_TAGS`.
pub fn report_image_tags(
    options: &Options,
    report: &VersionReport,
    affixes: &TagAffixes,
) -> Result<Vec<String>, DockerError> {
    let (branch, tags) = match &report.origin {
        Origin::Repository {
            state, candidates, ..
        } => (
            state.branch.clone(),
            candidates
                .iter()
                .filter_map(|c| c.verdict.as_ref().ok().cloned())
                .collect(),
        ),
        Origin::Pretend { .. } | Origin::Fallback => (options.ci.branch.clone(), Vec::new()),
    };
    image_tags(
        build_kind(report),
        &report.pep440,
        &report.version,
        branch.as_deref(),
        &tags,
        affixes,
    )
}
