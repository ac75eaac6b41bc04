//! Derive a package's version from git the way setuptools_scm does, without Python or a `git`
//! process.
//!
//! The data flows one way: [`resolve_options`] turns pyproject.toml, the environment and
//! explicit overrides into [`Options`]; [`read_state`] reads the repository into plain facts
//! ([`ScmState`]); [`render`] applies the version and local schemes; [`compute_version`] ties the
//! three together and returns a [`VersionReport`] with the PEP 440 string and its SemVer twin.
//!
//! ```
//! use scmver_core::{compute_version, resolve_options, Environment, Overrides, ProjectLocation, Timestamp};
//! # let dir = tempfile::tempdir()?;
//! # let git = |args: &[&str]| std::process::Command::new("git").args(args).current_dir(dir.path())
//! #     .env("GIT_CONFIG_NOSYSTEM", "1").env("GIT_CONFIG_GLOBAL", "/dev/null")
//! #     .env("GIT_AUTHOR_NAME", "a").env("GIT_AUTHOR_EMAIL", "a@b").env("GIT_COMMITTER_NAME", "a")
//! #     .env("GIT_COMMITTER_EMAIL", "a@b").status();
//! # git(&["init", "-q", "-b", "main"])?;
//! # git(&["commit", "-q", "--allow-empty", "-m", "one"])?;
//! # git(&["tag", "v1.2.3"])?;
//! # git(&["commit", "-q", "--allow-empty", "-m", "two"])?;
//!
//! // `dir` holds a git repository tagged `v1.2.3` one commit before HEAD.
//! let location = ProjectLocation { dir: dir.path().to_owned(), config_file: None };
//! let options = resolve_options(&location, &Overrides::default(), &Environment::default(), Timestamp::now())?;
//! let report = compute_version(&options)?;
//! assert!(report.version.starts_with("1.2.4.dev1+g"));
//! assert!(report.semver.to_string().starts_with("1.2.4-dev.1+g"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Things that surprise people
//!
//! - **Untracked files do not make a tree dirty**, as in setuptools_scm and
//!   `git describe --dirty`; set `untracked_dirty` to count them.
//! - **A dirty tree on a tag is not a release**: `1.2.3` becomes `1.2.4.dev0+g….d20231114`.
//! - **Shallow clones** hide history: when the walk from HEAD reaches the shallow boundary before a
//!   version tag, scmver refuses ([`GitError::Shallow`]) instead of printing a too-small distance.
//! - **Several version tags on one commit**: the highest version wins (setuptools_scm takes
//!   whatever `git describe` prefers).
//! - **Non-version tags are skipped**, never turned into versions; with the default strict rule a
//!   tag needs a dot between digits (`build-42` is not a version, `v1.2` is).
//! - **PEP 440 and SemVer order pre-releases differently**: `1.2.4.dev5` maps to
//!   `1.2.4-dev.5`, which SemVer sorts above `1.2.4-alpha.1`; see [`to_semver`].
//! - **Local versions** (`+g1a2b3c4d5`) are refused by PyPI; use [`VersionReport::public`] or
//!   the `no-local-version` scheme for uploads.
//!
//! # Layout
//!
//! The crate root holds the version itself: options, facts, schemes, the report. Four modules
//! hold what a pipeline does with it, each usable on its own:
//!
//! - [`outputs`]: explain a report, export it as JSON, shell, GitHub or GitLab variables;
//! - [`stamp`]: write the version into pyproject.toml, VERSION and `_version.py` files,
//!   atomically;
//! - [`docker`]: image tags and OCI labels for a build;
//! - [`bump`]: the pull-request check that the declared version was bumped.
#![deny(missing_docs)]

mod atomic;
pub mod bump;
mod ci;
mod compute;
mod config;
mod date;
mod diff;
pub mod docker;
mod git;
pub mod outputs;
mod plan;
mod pyproject;
mod report;
mod scheme;
mod semver_map;
mod slug;
mod state;
mod tag;
mod template;
mod version_file;

pub use ci::{CiContext, CiProvider};
pub use compute::{check_release, compute_version, format_template, report_fields, template_fields};
pub use config::{
    ConfigError, ConfigSource, DEFAULT_BRANCH_REGEX, DevNumber, Environment, Options, Overrides,
    ProjectLocation, resolve_options,
};
pub use date::{Date, Timestamp};
pub use git::{GitError, ReadOptions, Reading, TagCandidate, read_state};
#[doc(hidden)]
pub use git::{WalkComparison, compare_walks};
pub use report::{Origin, Release, VersionReport};
pub use scheme::{LocalScheme, RenderOptions, SchemeError, UnknownScheme, VersionScheme, render};
pub use semver_map::to_semver;
pub use slug::slugify;
pub use state::{ScmState, TagInfo};
pub use tag::{DEFAULT_TAG_REGEX, TagError, TagRejection, TagRule};
pub use template::{TemplateError, TemplateFields, render_template};

/// Version → files: plan a stamp ([`plan_pyproject`](stamp::plan_pyproject),
/// [`plan_version_file`](stamp::plan_version_file),
/// [`plan_configured_version_files`](stamp::plan_configured_version_files)), then put the
/// planned text on disk with [`write_atomic`](stamp::write_atomic).
///
/// The pieces are usable alone: [`set_version`](stamp::set_version) edits a pyproject.toml text
/// keeping every other byte, [`render_version_file`](stamp::render_version_file) renders a
/// VERSION or `_version.py` file, [`unified_diff`](stamp::unified_diff) shows a change.
pub mod stamp {
    pub use crate::atomic::{WriteError, append_to_file, write_atomic};
    pub use crate::diff::unified_diff;
    pub use crate::plan::{
        PyprojectPlan, PyprojectRequest, StampError, VersionFilePlan, VersionFileRequest,
        plan_configured_version_files, plan_pyproject, plan_version_file,
    };
    pub use crate::pyproject::{PyprojectError, RewriteOptions, RewriteOutcome, set_version};
    pub use crate::version_file::{VersionFileKind, render_version_file, version_tuple};
}

/// Any error scmver-core can return.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Configuration, flags or environment are invalid (bad input).
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// The repository cannot be read or cannot yield a version.
    #[error(transparent)]
    Git(#[from] GitError),
    /// The version scheme cannot produce a valid version from these facts.
    #[error(transparent)]
    Scheme(#[from] SchemeError),
    /// A file could not be written (it is unchanged).
    #[error(transparent)]
    Write(#[from] stamp::WriteError),
    /// A value cannot be exported in the requested format.
    #[error(transparent)]
    Export(#[from] outputs::ExportError),
    /// The pull-request bump check cannot run (no base, invalid manifest or version).
    #[error(transparent)]
    Bump(#[from] bump::BumpError),
    /// A file to stamp cannot be read, placed or edited (it is unchanged).
    #[error(transparent)]
    Stamp(#[from] stamp::StampError),
    /// The version cannot be set in a pyproject.toml text.
    #[error(transparent)]
    Pyproject(#[from] stamp::PyprojectError),
    /// A Docker tag or image name cannot be made from the input.
    #[error(transparent)]
    Docker(#[from] docker::DockerError),
    /// A bug in scmver: please report it.
    #[error("internal error: {0}")]
    Internal(String),
}

impl Error {
    /// `true` when the repository (or the facts read from it) cannot yield a version: no
    /// repository, a shallow clone cut before the tag, a tag the scheme cannot bump. `false`
    /// for bad input: flags, configuration, environment, files. Command-line tools map the two
    /// to different exit codes (3 and 2 for `scmver`).
    #[must_use]
    pub fn is_repository_error(&self) -> bool {
        match self {
            Error::Git(_) | Error::Scheme(_) | Error::Internal(_) => true,
            Error::Config(_)
            | Error::Write(_)
            | Error::Export(_)
            | Error::Bump(_)
            | Error::Stamp(_)
            | Error::Pyproject(_)
            | Error::Docker(_) => false,
        }
    }
}
