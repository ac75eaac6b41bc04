//! `scmver write`, `write pyproject`, `write version-file`, `write cargo`: stamp the version
//! into files.
//!
//! Each command computes the version once, reads what is to be stamped, plans the new text
//! ([`PyprojectPlan`], [`VersionFilePlan`]) and, unless asked only to check or show, puts it
//! on disk through [`crate::fs`] when it changed.

use std::io;
use std::path::{Path, PathBuf};

use crate::command::version::compute_in;
use crate::command::{Outcome, placement};
use crate::error::{Error, StampError};
use crate::fs::{Placement, check_placement, write_atomic};
use crate::options::{ConfigSource, Options, ProjectLocation};
use crate::output::cargo::{
    CargoError, VersionHome, set_lock_versions, set_manifest_version, set_workspace_requirements,
    version_home,
};
use crate::output::diff::unified_diff;
use crate::output::encode::python_value;
use crate::output::pyproject::{RewriteOptions, RewriteOutcome, set_version};
use crate::output::version_file::{VersionFileKind, render_version_file};
use crate::repo::Repo;
use crate::version::VersionError;
use crate::version::report::VersionReport;
use crate::version::template::{render_template, render_template_with, report_fields};

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
    /// Where the file may be written (checked again when it is).
    pub placement: Placement,
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
                "note: removed `version` from `project.dynamic` in `{}`: the version is now static (keep_dynamic refuses instead)",
                self.path.display()
            )
        })
    }
}

/// What `scmver write pyproject` is asked to edit.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct PyprojectRequest {
    /// The project; its config file, else its `pyproject.toml`, is the default file.
    pub location: ProjectLocation,
    /// Edit this file instead.
    pub file: Option<PathBuf>,
    /// Refuse instead of removing `version` from `project.dynamic`.
    pub keep_dynamic: bool,
    /// Write nothing; the outcome passes only when the file holds the version already.
    pub check: bool,
    /// Write nothing; print the change as a unified diff.
    pub dry_run: bool,
}

impl PyprojectRequest {
    /// A request to stamp the project at `location` (its own file, writing).
    #[must_use]
    pub fn new(location: ProjectLocation) -> Self {
        PyprojectRequest {
            location,
            file: None,
            keep_dynamic: false,
            check: false,
            dry_run: false,
        }
    }

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

/// Read the file, derive the version, and compute the edited text.
///
/// Errors about the file (missing, unreadable, invalid, no `[project]`/`[tool.poetry]`) come
/// before the repository is read.
pub fn plan_pyproject(options: &Options, request: &PyprojectRequest) -> Result<PyprojectPlan, Error> {
    let path = &request.path();
    let keep_dynamic = request.keep_dynamic;
    let discovered = Repo::discover_with(options.search_dir(), options.discovery());
    let placement = placement(options, discovered.as_ref().ok(), false);
    check_placement(path, &placement)?;
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
    let (_, report) = compute_in(options, discovered)?;
    let outcome = set_version(&old_text, &report.version, rewrite).map_err(pyproject_error)?;
    Ok(PyprojectPlan {
        path: path.to_owned(),
        version: report.version,
        old_text,
        outcome,
        placement,
    })
}

/// What `scmver write version-file` is asked to write.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct VersionFileRequest {
    /// The file: relative paths are relative to the current directory.
    pub path: PathBuf,
    /// Render this template (fields as for `scmver format`, with `{version}`) instead of the
    /// default contents; a final newline is added when the result has none.
    pub template: Option<String>,
    /// Allow a path outside the repository's work tree.
    pub allow_outside_root: bool,
}

impl VersionFileRequest {
    /// A request to write the default contents to `path`, inside the repository.
    #[must_use]
    pub fn new(path: impl Into<PathBuf>) -> Self {
        VersionFileRequest {
            path: path.into(),
            template: None,
            allow_outside_root: false,
        }
    }
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
    /// Where the file may be written (checked again when it is).
    pub placement: Placement,
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

/// The contents for `request.path` (plain `VERSION`, a setuptools_scm-compatible module for
/// `.py`, or the template), after checking that the file stays inside the repository.
pub fn plan_version_file(options: &Options, request: &VersionFileRequest) -> Result<VersionFilePlan, Error> {
    let discovered = Repo::discover_with(options.search_dir(), options.discovery());
    let placement = placement(options, discovered.as_ref().ok(), request.allow_outside_root);
    check_placement(&request.path, &placement)?;
    let (_, report) = compute_in(options, discovered)?;
    plan_one(options, &report, request, placement)
}

/// Every version file the configuration names (`version_file`, relative to the pyproject.toml
/// it is in), planned with one version computation.
pub fn plan_configured_version_files(options: &Options) -> Result<Vec<VersionFilePlan>, Error> {
    let source = options.config_source();
    let config_dir = source.file().and_then(std::path::Path::parent);
    let config = match source {
        ConfigSource::Defaults => "found no [tool.scmver] or [tool.setuptools_scm] table".to_owned(),
        other => format!("read {}", other.describe()),
    };
    let Some(version_file) = options.version_file() else {
        return Err(StampError::NoTarget { config }.into());
    };
    let path = config_dir.unwrap_or(options.search_dir()).join(version_file);
    let request = VersionFileRequest {
        path,
        template: None,
        allow_outside_root: false,
    };
    let discovered = Repo::discover_with(options.search_dir(), options.discovery());
    let placement = placement(options, discovered.as_ref().ok(), false);
    check_placement(&request.path, &placement)?;
    let (_, report) = compute_in(options, discovered)?;
    Ok(vec![plan_one(options, &report, &request, placement)?])
}

fn plan_one(
    options: &Options,
    report: &VersionReport,
    request: &VersionFileRequest,
    placement: Placement,
) -> Result<VersionFilePlan, Error> {
    let VersionFileRequest { path, template, .. } = request;
    let text = match template {
        Some(template) => {
            let fields = report_fields(options, report);
            let rendered = match VersionFileKind::for_path(path) {
                // Values land in Python source: each is encoded for its place there.
                VersionFileKind::Python => render_template_with(template, &fields, &python_value),
                VersionFileKind::Plain => render_template(template, &fields),
            };
            let mut text = rendered.map_err(VersionError::from)?;
            if !text.ends_with('\n') {
                text.push('\n');
            }
            text
        }
        None => render_version_file(
            VersionFileKind::for_path(path),
            &report.version,
            &report.pep440,
            report.state().and_then(crate::facts::ScmState::node).as_deref(),
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
        placement,
        path: path.clone(),
        version: report.version.clone(),
        text,
        changed,
    })
}

/// `scmver write pyproject`: stamp the version into pyproject.toml; with `check`, only say
/// whether the file holds it (not passed when it does not); with `dry_run`, only show the diff.
pub fn write_pyproject(
    options: &Options,
    request: &PyprojectRequest,
) -> Result<Outcome<PyprojectPlan>, Error> {
    let plan = plan_pyproject(options, request)?;
    let mut stdout = String::new();
    if request.dry_run {
        stdout.push_str(&plan.diff());
    }
    if request.check {
        let (line, passed) = match plan.mismatch() {
            Some(mismatch) => (mismatch, false),
            None => (plan.summary(), true),
        };
        stdout.push_str(&line);
        stdout.push('\n');
        return Ok(Outcome::printed(plan, stdout).passed(passed));
    }
    let mut stderr = String::new();
    if !request.dry_run {
        if plan.outcome.changed {
            write_atomic(&plan.path, plan.outcome.new_text.as_bytes(), &plan.placement)?;
        }
        if let Some(note) = plan.dynamic_note() {
            stderr.push_str(&note);
            stderr.push('\n');
        }
        stdout.push_str(&plan.summary());
        stdout.push('\n');
    }
    Ok(Outcome::printed(plan, stdout).with_stderr(stderr))
}

/// `scmver write version-file PATH`: write the version file the request names.
pub fn write_version_file(
    options: &Options,
    request: &VersionFileRequest,
) -> Result<Outcome<Vec<VersionFilePlan>>, Error> {
    write_plans(vec![plan_version_file(options, request)?])
}

/// `scmver write`: write every version file the configuration names.
pub fn write_configured(options: &Options) -> Result<Outcome<Vec<VersionFilePlan>>, Error> {
    write_plans(plan_configured_version_files(options)?)
}

/// Put each changed plan on disk, one summary line each.
fn write_plans(plans: Vec<VersionFilePlan>) -> Result<Outcome<Vec<VersionFilePlan>>, Error> {
    let mut stdout = String::new();
    for plan in &plans {
        if plan.changed {
            write_atomic(&plan.path, plan.text.as_bytes(), &plan.placement)?;
        }
        stdout.push_str(&plan.summary());
        stdout.push('\n');
    }
    Ok(Outcome::printed(plans, stdout))
}

/// What `scmver write cargo` is asked to stamp.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct CargoRequest {
    /// The project; its `Cargo.toml` is the default manifest.
    pub location: ProjectLocation,
    /// Stamp this manifest instead.
    pub file: Option<PathBuf>,
    /// Write nothing; the outcome passes only when every file holds the version already.
    pub check: bool,
    /// Write nothing; print the changes as unified diffs.
    pub dry_run: bool,
}

impl CargoRequest {
    /// A request to stamp the project at `location` (its own `Cargo.toml`, writing).
    #[must_use]
    pub fn new(location: ProjectLocation) -> Self {
        CargoRequest {
            location,
            file: None,
            check: false,
            dry_run: false,
        }
    }
}

/// One file `scmver write cargo` edits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CargoFile {
    /// The file.
    pub path: PathBuf,
    /// Its text as read.
    pub old_text: String,
    /// Its new text.
    pub new_text: String,
    /// The version it held (`None` for a lock file, or a manifest without one).
    pub old_version: Option<String>,
}

impl CargoFile {
    fn changed(&self) -> bool {
        self.old_text != self.new_text
    }
}

/// What `scmver write cargo` found and would write.
#[derive(Debug, Clone)]
pub struct CargoPlan {
    /// The SemVer version.
    pub version: String,
    /// The manifest holding the version, then `Cargo.lock` when there is one.
    pub files: Vec<CargoFile>,
    /// Where the files may be written.
    pub placement: Placement,
}

/// `scmver write cargo`: stamp the SemVer form of the version into `[package].version`, or
/// into the workspace root's `[workspace.package].version` when the crate inherits it (or the
/// manifest is a workspace root), and set the same version on the matching local packages of
/// `Cargo.lock`, so `cargo build --locked` still passes. Every other byte is kept.
pub fn write_cargo(options: &Options, request: &CargoRequest) -> Result<Outcome<CargoPlan>, Error> {
    let plan = plan_cargo(options, request)?;
    let mut stdout = String::new();
    if request.dry_run {
        for file in &plan.files {
            let label = file.path.display().to_string();
            stdout.push_str(&unified_diff(&file.old_text, &file.new_text, &label, &label));
        }
    }
    let changed: Vec<&CargoFile> = plan.files.iter().filter(|file| file.changed()).collect();
    if request.check {
        for file in &plan.files {
            let line = if file.changed() {
                format!("`{}` does not hold version {}", file.path.display(), plan.version)
            } else {
                format!("`{}` already holds version {}", file.path.display(), plan.version)
            };
            stdout.push_str(&line);
            stdout.push('\n');
        }
        let passed = changed.is_empty();
        return Ok(Outcome::printed(plan, stdout).passed(passed));
    }
    if !request.dry_run {
        for file in &changed {
            write_atomic(&file.path, file.new_text.as_bytes(), &plan.placement)?;
        }
        for file in &plan.files {
            let line = match (&file.old_version, file.changed()) {
                (_, false) => format!("`{}` already holds version {}", file.path.display(), plan.version),
                (Some(old), true) => format!("`{}`: version {old} -> {}", file.path.display(), plan.version),
                (None, true) => format!("`{}`: version {}", file.path.display(), plan.version),
            };
            stdout.push_str(&line);
            stdout.push('\n');
        }
    }
    Ok(Outcome::printed(plan, stdout))
}

/// Read the manifests and the lock file and compute their new texts.
fn plan_cargo(options: &Options, request: &CargoRequest) -> Result<CargoPlan, Error> {
    let manifest = request
        .file
        .clone()
        .unwrap_or_else(|| request.location.project_dir().join("Cargo.toml"));
    let discovered = Repo::discover_with(options.search_dir(), options.discovery());
    let placement = placement(options, discovered.as_ref().ok(), false);
    check_placement(&manifest, &placement)?;
    let text = read_text(&manifest)?;
    let cargo_error = |path: &Path| {
        let path = path.to_owned();
        move |source| StampError::Cargo { path, source }
    };
    let home = version_home(&text).map_err(cargo_error(&manifest))?;
    let (_, report) = compute_in(options, discovered)?;
    let version = report.semver.to_string();
    let (root, root_text, workspace, names) = match home {
        VersionHome::Package { name } => (manifest.clone(), text, false, vec![name]),
        VersionHome::Workspace => {
            let names = inheriting_members(&manifest, &text);
            (manifest.clone(), text, true, names)
        }
        VersionHome::Inherited { .. } => {
            let root = workspace_root(&manifest).ok_or_else(|| StampError::Cargo {
                path: manifest.clone(),
                source: CargoError::NoPackage,
            })?;
            let root_text = read_text(&root)?;
            let names = inheriting_members(&root, &root_text);
            (root, root_text, true, names)
        }
    };
    let mut edit = set_manifest_version(&root_text, &version, workspace).map_err(cargo_error(&root))?;
    if workspace {
        // Members that depend on each other through `[workspace.dependencies]` keep matching:
        // a pre-release is only matched by a requirement that names one.
        let mut requirement = report.semver.clone();
        requirement.build = semver::BuildMetadata::EMPTY;
        edit.new_text = set_workspace_requirements(&edit.new_text, &names, &requirement.to_string())
            .map_err(cargo_error(&root))?;
    }
    let mut files = vec![CargoFile {
        path: root.clone(),
        old_text: root_text,
        new_text: edit.new_text,
        old_version: edit.old_version,
    }];
    if let Some(lock) = find_upwards(&root, "Cargo.lock") {
        let lock_text = read_text(&lock)?;
        let new_text = set_lock_versions(&lock_text, &names, &version).map_err(cargo_error(&lock))?;
        files.push(CargoFile {
            path: lock,
            old_text: lock_text,
            new_text,
            old_version: None,
        });
    }
    Ok(CargoPlan {
        version,
        files,
        placement,
    })
}

fn read_text(path: &Path) -> Result<String, StampError> {
    std::fs::read_to_string(path).map_err(|source| {
        if source.kind() == io::ErrorKind::NotFound {
            StampError::Missing {
                path: path.to_owned(),
            }
        } else {
            StampError::Read {
                path: path.to_owned(),
                source,
            }
        }
    })
}

/// The nearest `name` in the directory of `manifest` or above it.
fn find_upwards(manifest: &Path, name: &str) -> Option<PathBuf> {
    let start = std::path::absolute(manifest).ok()?;
    start
        .parent()?
        .ancestors()
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file())
}

/// The `Cargo.toml` with a `[workspace]` table above `manifest`'s directory.
fn workspace_root(manifest: &Path) -> Option<PathBuf> {
    let start = std::path::absolute(manifest).ok()?;
    start
        .parent()?
        .parent()?
        .ancestors()
        .map(|dir| dir.join("Cargo.toml"))
        .find(|candidate| {
            std::fs::read_to_string(candidate)
                .ok()
                .and_then(|text| text.parse::<toml_edit::DocumentMut>().ok())
                .is_some_and(|doc| doc.get("workspace").is_some())
        })
}

/// The names of the workspace's packages that inherit its version: the root's own package and
/// every member (`members` entries, `dir/*` globs included) with `version.workspace = true`.
fn inheriting_members(root: &Path, root_text: &str) -> Vec<String> {
    let mut names = Vec::new();
    let Ok(doc) = root_text.parse::<toml_edit::DocumentMut>() else {
        return names;
    };
    let dir = root.parent().map(Path::to_path_buf).unwrap_or_default();
    let members: Vec<String> = doc
        .get("workspace")
        .and_then(|workspace| workspace.get("members"))
        .and_then(toml_edit::Item::as_array)
        .map(|array| {
            array
                .iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    let mut manifests = vec![root.to_path_buf()];
    for member in members {
        match member.strip_suffix("/*") {
            Some(parent) => {
                if let Ok(entries) = std::fs::read_dir(dir.join(parent)) {
                    let mut found: Vec<PathBuf> =
                        entries.flatten().map(|e| e.path().join("Cargo.toml")).collect();
                    found.sort();
                    manifests.extend(found);
                }
            }
            None => manifests.push(dir.join(member).join("Cargo.toml")),
        }
    }
    for manifest in manifests {
        if let Ok(text) = std::fs::read_to_string(&manifest)
            && let Ok(VersionHome::Inherited { name }) = version_home(&text)
        {
            names.push(name);
        }
    }
    names
}
