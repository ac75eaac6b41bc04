//! Pull-request check: was the declared version bumped?
//!
//! [`crate::command::check_bump`] reads the version a project declares (pyproject.toml,
//! setup.cfg, `VERSION`, Cargo.toml, or the file given) in the work tree and at the merge base
//! of HEAD and the base branch; this module compares them with the file's ordering (PEP 440,
//! or SemVer for Cargo) into a [`BumpReport`]. It is a pure function of text, tested with
//! tables:
//!
//! - `manifest`: what a manifest's text declares ([`Declaration`]), and where.
//! - `compare`: ordering, the kind of bump ([`BumpKind`]), the suggested next version, and the
//!   changelog checks.
//!
//! The report's renderings (text, JSON, GitHub annotations, GitLab Code Quality) are in
//! [`crate::output::bump`].

pub(crate) mod compare;
pub(crate) mod manifest;

use std::fmt;
use std::path::PathBuf;

use crate::repo::RepoError;
use crate::repo::history::BumpBase;

/// `check-bump` could not run (exit 2): a missing base, an unreadable or invalid manifest.
///
/// A version that was not bumped is not an error: it is a [`Verdict`].
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BumpError {
    /// Neither the request, `SCMVER_BUMP_BASE` nor the CI names a base.
    #[error("no base to compare with: {}", match .provider {
        Some(provider) => format!("this {provider} run is not a pull request (it names no target branch): name the base (SCMVER_BUMP_BASE), or run check-bump in pull-request pipelines only"),
        None => "name the base (SCMVER_BUMP_BASE, e.g. origin/main), or run check-bump in a pull-request pipeline".to_owned(),
    })]
    NoBase {
        /// The CI provider detected, if any.
        provider: Option<String>,
    },
    /// The repository, the base or the merge base cannot be read or found.
    #[error(transparent)]
    Repo(#[from] RepoError),
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
        "no version declared in `{dir}` (looked for pyproject.toml, setup.cfg, VERSION and Cargo.toml): name the file that declares it"
    )]
    NoVersionFile {
        /// The project directory, relative to the repository root (`.` for the root).
        dir: String,
    },
    /// The file named by the request does not exist in the work tree.
    #[error("`{file}` does not exist in the work tree: check the file named")]
    FileMissing {
        /// The file, relative to the repository root.
        file: String,
    },
    /// The file given (or pointed to) declares no version.
    #[error("`{file}` declares no version {place}: name the file that does")]
    NoVersion {
        /// The file, relative to the repository root.
        file: String,
        /// `in the work tree`, or `at <commit> (merge base with <base>)`.
        place: String,
    },
    /// `version` is dynamic and its source is not one scmver knows.
    #[error(
        "`version` is dynamic in `{file}` {place}, but check-bump cannot tell where it comes from: name the file that holds it"
    )]
    UnknownDynamic {
        /// The file, relative to the repository root.
        file: String,
        /// Where it was read.
        place: String,
    },
    /// The version is a Python attribute (`attr:`), which check-bump does not evaluate.
    #[error(
        "`{file}` takes the version from the Python attribute `{attr}` {place}, which check-bump does not import: name the module that assigns it (e.g. `{module}`)"
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
    /// The changelog the request names does not exist.
    #[error("the changelog `{file}` does not exist in the work tree: check the changelog named")]
    ChangelogMissing {
        /// The file, relative to the repository root.
        file: String,
    },
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

/// `at 1a2b3c4d5 (merge base with origin/main)`: how messages name the merge base of `base`.
#[must_use]
pub fn base_place(base: &BumpBase) -> String {
    format!(
        "at {} (merge base with {})",
        base.merge_base.get(..9).unwrap_or(&base.merge_base),
        base.name
    )
}

/// The files looked for, in order, when no `--file` is given.
pub(crate) const VERSION_FILES: [&str; 4] = ["pyproject.toml", "setup.cfg", "VERSION", "Cargo.toml"];

#[cfg(test)]
mod tests;
