//! Pull-request check: was the declared version bumped?
//!
//! [`check_bump`] reads the version a project declares (pyproject.toml, setup.cfg, `VERSION`,
//! Cargo.toml, or the file given) in the work tree and at the merge base of HEAD and the base
//! branch, compares them with the file's ordering (PEP 440, or SemVer for Cargo), and returns a
//! [`BumpReport`]. Everything but the two readers — the work tree and a commit's tree, via
//! `git.rs` — is a pure function of text, tested with tables:
//!
//! - `manifest`: what a manifest's text declares ([`Declaration`]), and where.
//! - `compare`: ordering, the kind of bump ([`BumpKind`]), the suggested next version, and the
//!   changelog checks.
//! - `render`: the report as text, JSON, GitHub annotations and a GitLab Code Quality report.

mod compare;
mod manifest;
mod render;

use std::fmt;
use std::path::{Component, Path, PathBuf};

use crate::config::{Options, ProjectLocation};
use crate::git::{BaseRef, GitError, read_file_at, resolve_bump_base};

pub use crate::git::BumpBase;

pub use render::{explain_bump, render_bump_github, render_bump_gitlab, render_bump_json, render_bump_text};

/// `check-bump` could not run (exit 2): a missing base, an unreadable or invalid manifest.
///
/// A version that was not bumped is not an error: it is a [`Verdict`].
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BumpError {
    /// Neither `--base` nor the CI names a base.
    #[error("no base to compare with: {}", match .provider {
        Some(provider) => format!("this {provider} run is not a pull request (it names no target branch): pass --base REF, or run check-bump in pull-request pipelines only"),
        None => "pass --base REF (e.g. --base origin/main), or run check-bump in a pull-request pipeline".to_owned(),
    })]
    NoBase {
        /// The CI provider detected, if any.
        provider: Option<String>,
    },
    /// The repository, the base or the merge base cannot be read or found.
    #[error(transparent)]
    Git(#[from] GitError),
    /// A path does not exist or cannot be resolved.
    #[error("cannot find `{path}`")]
    Path {
        /// The path as given.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// A path lies outside the repository's work tree.
    #[error("`{path}` is outside the work tree `{work_tree}`: check-bump compares files of the repository")]
    OutsideWorkTree {
        /// The path as given.
        path: PathBuf,
        /// The work tree root.
        work_tree: PathBuf,
    },
    /// No file in the project directory declares a version.
    #[error(
        "no version declared in `{dir}` (looked for pyproject.toml, setup.cfg, VERSION and Cargo.toml): pass --file PATH"
    )]
    NoVersionFile {
        /// The project directory, relative to the repository root (`.` for the root).
        dir: String,
    },
    /// The file given with `--file` does not exist in the work tree.
    #[error("`{file}` does not exist in the work tree: check --file")]
    FileMissing {
        /// The file, relative to the repository root.
        file: String,
    },
    /// The file given (or pointed to) declares no version.
    #[error("`{file}` declares no version {place}: pass --file with the file that does")]
    NoVersion {
        /// The file, relative to the repository root.
        file: String,
        /// `in the work tree`, or `at <commit> (merge base with <base>)`.
        place: String,
    },
    /// `version` is dynamic and its source is not one scmver knows.
    #[error(
        "`version` is dynamic in `{file}` {place}, but check-bump cannot tell where it comes from: pass --file with the file that holds it"
    )]
    UnknownDynamic {
        /// The file, relative to the repository root.
        file: String,
        /// Where it was read.
        place: String,
    },
    /// The version is a Python attribute (`attr:`), which check-bump does not evaluate.
    #[error(
        "`{file}` takes the version from the Python attribute `{attr}` {place}, which check-bump does not import: pass --file with the module that assigns it (e.g. --file {module})"
    )]
    Attribute {
        /// The file, relative to the repository root.
        file: String,
        /// The attribute, `pkg.__version__`.
        attr: String,
        /// A likely module file, `pkg/__init__.py`.
        module: String,
        /// Where it was read.
        place: String,
    },
    /// A file the version is taken from does not exist.
    #[error("`{file}` takes the version from `{target}`, which does not exist {place}")]
    FollowMissing {
        /// The file that points elsewhere.
        file: String,
        /// The file it points to, relative to the repository root.
        target: String,
        /// Where it was read.
        place: String,
    },
    /// `version.workspace = true` without a workspace root declaring the version.
    #[error(
        "`{file}` inherits its version from the workspace (`version.workspace = true`), but no Cargo.toml with `[workspace.package] version` was found above it {place}"
    )]
    NoWorkspaceVersion {
        /// The member manifest.
        file: String,
        /// Where it was read.
        place: String,
    },
    /// A version key holds something other than a string.
    #[error("`{key}` in `{file}` (line {line}) {place} must be a string, found `{found}`")]
    NotAString {
        /// The dotted key, `project.version`.
        key: String,
        /// The file.
        file: String,
        /// 1-based line.
        line: usize,
        /// Where it was read.
        place: String,
        /// What was there.
        found: String,
    },
    /// A declared version does not parse with the file's ordering.
    #[error("`{value}` in `{file}` (line {line}) {place} is not a valid {ordering} version")]
    InvalidVersion {
        /// The text as written.
        value: String,
        /// The file.
        file: String,
        /// 1-based line.
        line: usize,
        /// Where it was read.
        place: String,
        /// PEP 440, or SemVer for Cargo.toml.
        ordering: VersionOrdering,
        /// What the parser said.
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// A TOML manifest does not parse.
    #[error("`{file}` {place} is not valid TOML at line {line}, column {column}: {message}")]
    Toml {
        /// The file.
        file: String,
        /// Where it was read.
        place: String,
        /// 1-based line of the error.
        line: usize,
        /// 1-based column of the error.
        column: usize,
        /// What the TOML parser said.
        message: String,
    },
    /// A file is not UTF-8.
    #[error("`{file}` {place} is not UTF-8 text")]
    NotUtf8 {
        /// The file.
        file: String,
        /// Where it was read.
        place: String,
    },
    /// A work-tree file exists but cannot be read.
    #[error("cannot read `{path}`")]
    Read {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// The changelog given with `--require-changelog` does not exist.
    #[error("the changelog `{file}` does not exist in the work tree: check --require-changelog")]
    ChangelogMissing {
        /// The file, relative to the repository root.
        file: String,
    },
}

/// What [`check_bump`] needs.
#[derive(Debug, Clone)]
pub struct BumpRequest {
    /// The resolved options: the repository is searched from [`Options::search_dir`], and
    /// [`Options::ci`] names the pull request's target branch.
    pub options: Options,
    /// The project: manifests are looked for in its directory (the config file's directory
    /// when one is given).
    pub location: ProjectLocation,
    /// `--base REF`: wins over the CI's target branch.
    pub base: Option<String>,
    /// `--file PATH`: the one file to read the version from, instead of looking for
    /// pyproject.toml, setup.cfg, `VERSION` and Cargo.toml in that order.
    pub file: Option<PathBuf>,
    /// `--require-changelog PATH`: the changelog must have a heading for the new version (or,
    /// for a version derived from tags, gain an entry since the merge base).
    pub changelog: Option<PathBuf>,
}

/// How versions are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum VersionOrdering {
    /// PEP 440 (`1.0.dev1 < 1.0rc1 < 1.0 == 1.0.0 < 1.0.post1`): Python manifests.
    Pep440,
    /// SemVer 2.0 precedence (`1.0.0-beta.2 < 1.0.0-beta.11 < 1.0.0`; build metadata
    /// ignored): Cargo.toml.
    SemVer,
}

impl fmt::Display for VersionOrdering {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            VersionOrdering::Pep440 => "PEP 440",
            VersionOrdering::SemVer => "SemVer",
        })
    }
}

/// A parsed declared version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParsedVersion {
    /// From a Python manifest or a plain version file.
    Pep440(pep440_rs::Version),
    /// From Cargo.toml.
    SemVer(semver::Version),
}

impl ParsedVersion {
    /// The ordering the version is compared with.
    #[must_use]
    pub fn ordering(&self) -> VersionOrdering {
        match self {
            ParsedVersion::Pep440(_) => VersionOrdering::Pep440,
            ParsedVersion::SemVer(_) => VersionOrdering::SemVer,
        }
    }
}

impl fmt::Display for ParsedVersion {
    /// The canonical form (`1.0.0-rc1` in a pyproject.toml displays as `1.0.0rc1`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParsedVersion::Pep440(version) => version.fmt(f),
            ParsedVersion::SemVer(version) => version.fmt(f),
        }
    }
}

/// A version written in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeclaredVersion {
    /// The version as written, trimmed (`1.2.3`, `v1.0-rc1`).
    pub text: String,
    /// The same, parsed with the file's ordering.
    pub version: ParsedVersion,
    /// The file that holds it, relative to the repository root, `/`-separated.
    pub file: String,
    /// 1-based line of the value in that file.
    pub line: usize,
    /// Where in the file: `project.version`, `tool.poetry.version`, `metadata.version`,
    /// `package.version`, `workspace.package.version`, `__version__`, or `` (a plain file).
    pub key: String,
}

/// What a project declares about its version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Declaration {
    /// A version written in a file.
    Static(DeclaredVersion),
    /// The version is derived from git tags at build time: there is nothing to bump.
    Dynamic {
        /// The file that says so.
        file: String,
        /// The tool deriving it (`setuptools_scm`, `scmver`, `hatch-vcs`, …).
        tool: String,
    },
}

/// The kind of a bump, from the first part of the version that grew.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BumpKind {
    /// `1.2` → `1!0.1`.
    Epoch,
    /// `1.2.3` → `2.0.0` (also `1.2.3` → `2.0.0rc1`).
    Major,
    /// `1.2.3` → `1.3.0`.
    Minor,
    /// `1.2.3` → `1.2.4`; any release number after the second.
    Patch,
    /// Same release, a later pre-release: `1.0rc1` → `1.0rc2`, `1.0.dev3` → `1.0a1`.
    Pre,
    /// A pre- or dev release becomes final: `1.0rc1` → `1.0`, `1.0.0-rc.1` → `1.0.0`.
    Final,
    /// Same release, a later post-release: `1.0` → `1.0.post1`.
    Post,
    /// Only the `.devN` number grew: `1.0.dev1` → `1.0.dev2`.
    Dev,
}

impl BumpKind {
    /// The lower-case name: `major`, `pre`, …
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            BumpKind::Epoch => "epoch",
            BumpKind::Major => "major",
            BumpKind::Minor => "minor",
            BumpKind::Patch => "patch",
            BumpKind::Pre => "pre",
            BumpKind::Final => "final",
            BumpKind::Post => "post",
            BumpKind::Dev => "dev",
        }
    }
}

impl fmt::Display for BumpKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What the base (the merge base) declared, when there is no version to compare with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BaseState {
    /// No version file existed: a new project (or a new `--file`).
    Missing,
    /// The file existed but declared no version.
    Undeclared,
    /// The version was derived from git tags.
    Dynamic {
        /// The tool deriving it.
        tool: String,
    },
}

/// The outcome of the version comparison.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// The version grew (exit 0).
    Bumped {
        /// At the merge base.
        old: DeclaredVersion,
        /// In the work tree.
        new: DeclaredVersion,
        /// Which part grew.
        kind: BumpKind,
    },
    /// The version is equal under the file's ordering (`1.0` == `1.0.0`), exit 1.
    NotBumped {
        /// At the merge base.
        old: DeclaredVersion,
        /// In the work tree.
        new: DeclaredVersion,
        /// The smallest bump of the same kind (`1.2.4` after `1.2.3`, `1.0rc2` after `1.0rc1`).
        suggested: String,
    },
    /// The version went down, exit 1.
    Lowered {
        /// At the merge base.
        old: DeclaredVersion,
        /// In the work tree.
        new: DeclaredVersion,
        /// The smallest bump of the base's version.
        suggested: String,
    },
    /// The version is derived from git tags: nothing to bump (exit 0).
    Dynamic {
        /// The file that says so.
        file: String,
        /// The tool deriving it.
        tool: String,
    },
    /// The merge base declares no version to compare with: nothing to compare (exit 0).
    New {
        /// In the work tree.
        new: DeclaredVersion,
        /// What the merge base had instead.
        base: BaseState,
    },
}

impl Verdict {
    /// `true` for [`Verdict::Bumped`], [`Verdict::Dynamic`] and [`Verdict::New`].
    #[must_use]
    pub fn passed(&self) -> bool {
        !matches!(self, Verdict::NotBumped { .. } | Verdict::Lowered { .. })
    }
}

/// The `--require-changelog` check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangelogCheck {
    /// The changelog, relative to the repository root.
    pub file: String,
    /// What was found.
    pub outcome: ChangelogOutcome,
}

/// What the changelog check found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChangelogOutcome {
    /// A heading names the new version (`## [1.3.0] - 2024-05-01`), at this 1-based line.
    Heading {
        /// The version looked for.
        version: String,
        /// The heading's line.
        line: usize,
    },
    /// No heading names the new version.
    NoHeading {
        /// The version looked for.
        version: String,
    },
    /// The version is derived from tags and the changelog gained lines since the merge base;
    /// the first added line.
    Gained {
        /// 1-based line of the first added line.
        line: usize,
    },
    /// The version is derived from tags and the changelog gained nothing since the merge base.
    NotGained,
}

impl ChangelogCheck {
    /// `true` when the changelog has what it needs.
    #[must_use]
    pub fn passed(&self) -> bool {
        matches!(
            self.outcome,
            ChangelogOutcome::Heading { .. } | ChangelogOutcome::Gained { .. }
        )
    }
}

/// Everything `check-bump` found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BumpReport {
    /// The base, the merge base and HEAD.
    pub base: BumpBase,
    /// The version comparison.
    pub verdict: Verdict,
    /// The changelog check, when one was asked for and the version comparison passed.
    pub changelog: Option<ChangelogCheck>,
}

impl BumpReport {
    /// The check passed: exit 0.
    #[must_use]
    pub fn passed(&self) -> bool {
        self.verdict.passed() && self.changelog.as_ref().is_none_or(ChangelogCheck::passed)
    }

    /// `at 1a2b3c4d5 (merge base with origin/main)`: how messages name the merge base.
    #[must_use]
    pub fn base_place(&self) -> String {
        base_place(&self.base)
    }
}

/// The files looked for, in order, when no `--file` is given.
pub(crate) const VERSION_FILES: [&str; 4] = ["pyproject.toml", "setup.cfg", "VERSION", "Cargo.toml"];

const WORK_TREE: &str = "in the work tree";

/// Compare the version declared in the work tree with the one at the merge base of HEAD and
/// the base (`--base`, else the CI's target branch, as `origin/<name>` or a local branch).
///
/// Returns the verdict; a version that was not bumped is a [`Verdict`], not an error. Errors
/// are for checks that cannot run: no base, a shallow clone without the base's history, a
/// manifest that does not parse, a version that is not valid on either side.
pub fn check_bump(request: &BumpRequest) -> Result<BumpReport, BumpError> {
    let BumpRequest {
        options,
        location,
        base,
        file,
        changelog,
    } = request;
    let base_ref = match (base, &options.ci.target_branch) {
        (Some(base), _) => BaseRef::Given(base),
        (None, Some(branch)) => BaseRef::TargetBranch(branch),
        (None, None) => {
            return Err(BumpError::NoBase {
                provider: options.ci.provider.map(|p| p.name().to_owned()),
            });
        }
    };
    let mut base = resolve_bump_base(&options.search_dir, base_ref)?;
    base.work_tree = canonical(&base.work_tree)?;
    let work_tree = base.work_tree.clone();
    let project_dir = match &location.config_file {
        Some(config) => config
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf),
        None => location.dir.clone(),
    };
    let dir = relative_to(&work_tree, &project_dir, &canonical(&project_dir)?)?;
    let file = file
        .as_ref()
        .map(|path| repo_file(&work_tree, path))
        .transpose()?;
    let changelog = changelog
        .as_ref()
        .map(|path| repo_file(&work_tree, path))
        .transpose()?;

    let base_place = base_place(&base);
    let read_work = |path: &str| read_work_tree(&work_tree, path);
    let read_base = |path: &str| -> Result<Option<String>, BumpError> {
        read_file_at(&base.work_tree, &base.merge_base, path)?
            .map(|bytes| {
                String::from_utf8(bytes).map_err(|_| BumpError::NotUtf8 {
                    file: path.to_owned(),
                    place: base_place.clone(),
                })
            })
            .transpose()
    };

    let head = match manifest::find_declaration(&dir, file.as_deref(), &read_work, WORK_TREE)? {
        manifest::Found::Declared(declaration) => declaration,
        manifest::Found::NoFile => {
            return Err(match file {
                Some(file) => BumpError::FileMissing { file },
                None => BumpError::NoVersionFile {
                    dir: display_dir(&dir),
                },
            });
        }
        manifest::Found::Undeclared { file: found } => {
            return Err(match file {
                Some(_) => BumpError::NoVersion {
                    file: found,
                    place: WORK_TREE.to_owned(),
                },
                None => BumpError::NoVersionFile {
                    dir: display_dir(&dir),
                },
            });
        }
    };
    let verdict = match head {
        Declaration::Dynamic { file, tool } => Verdict::Dynamic { file, tool },
        Declaration::Static(new) => {
            match manifest::find_declaration(&dir, file.as_deref(), &read_base, &base_place)? {
                manifest::Found::Declared(Declaration::Static(old)) => {
                    compare::verdict(old, new, &base_place)?
                }
                manifest::Found::Declared(Declaration::Dynamic { tool, .. }) => Verdict::New {
                    new,
                    base: BaseState::Dynamic { tool },
                },
                manifest::Found::NoFile => Verdict::New {
                    new,
                    base: BaseState::Missing,
                },
                manifest::Found::Undeclared { .. } => Verdict::New {
                    new,
                    base: BaseState::Undeclared,
                },
            }
        }
    };

    let changelog = match changelog {
        Some(path) if verdict.passed() => {
            let text = read_work(&path)?.ok_or_else(|| BumpError::ChangelogMissing { file: path.clone() })?;
            let outcome = match &verdict {
                Verdict::Bumped { new, .. } | Verdict::New { new, .. } => {
                    compare::changelog_heading(&text, &new.text, &new.version)
                }
                _ => {
                    let before = read_base(&path)?;
                    match compare::first_added_line(before.as_deref(), &text) {
                        Some(line) => ChangelogOutcome::Gained { line },
                        None => ChangelogOutcome::NotGained,
                    }
                }
            };
            Some(ChangelogCheck { file: path, outcome })
        }
        _ => None,
    };
    Ok(BumpReport {
        base,
        verdict,
        changelog,
    })
}

fn base_place(base: &BumpBase) -> String {
    format!(
        "at {} (merge base with {})",
        &base.merge_base[..base.merge_base.len().min(9)],
        base.name
    )
}

fn display_dir(dir: &str) -> String {
    if dir.is_empty() {
        ".".to_owned()
    } else {
        dir.to_owned()
    }
}

fn canonical(path: &Path) -> Result<PathBuf, BumpError> {
    let target = if path.as_os_str().is_empty() {
        Path::new(".")
    } else {
        path
    };
    std::fs::canonicalize(target).map_err(|source| BumpError::Path {
        path: path.to_owned(),
        source,
    })
}

/// `canonical` below `work_tree`, as a `/`-separated relative path (empty for the root).
fn relative_to(work_tree: &Path, given: &Path, canonical: &Path) -> Result<String, BumpError> {
    let relative = canonical
        .strip_prefix(work_tree)
        .map_err(|_| BumpError::OutsideWorkTree {
            path: given.to_owned(),
            work_tree: work_tree.to_owned(),
        })?;
    let parts: Vec<String> = relative
        .components()
        .filter_map(|c| match c {
            Component::Normal(part) => Some(part.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    Ok(parts.join("/"))
}

/// A file path (relative to the current directory, or absolute) as a repository path. The
/// file itself need not exist; its directory must.
fn repo_file(work_tree: &Path, path: &Path) -> Result<String, BumpError> {
    let Some(name) = path.file_name() else {
        return Err(BumpError::Path {
            path: path.to_owned(),
            source: std::io::Error::new(std::io::ErrorKind::InvalidInput, "not a file name"),
        });
    };
    let parent = path.parent().unwrap_or(Path::new(""));
    let dir = canonical(parent).map_err(|_| BumpError::Path {
        path: path.to_owned(),
        source: std::io::Error::new(std::io::ErrorKind::NotFound, "its directory does not exist"),
    })?;
    relative_to(work_tree, path, &dir.join(name))
}

fn read_work_tree(work_tree: &Path, path: &str) -> Result<Option<String>, BumpError> {
    let full = work_tree.join(path);
    match std::fs::read(&full) {
        Ok(bytes) => String::from_utf8(bytes)
            .map(Some)
            .map_err(|_| BumpError::NotUtf8 {
                file: path.to_owned(),
                place: WORK_TREE.to_owned(),
            }),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(_) if full.is_dir() => Ok(None),
        Err(source) => Err(BumpError::Read { path: full, source }),
    }
}

#[cfg(test)]
mod tests;
