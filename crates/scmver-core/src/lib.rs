//! Derive a package's version from git the way setuptools_scm does, without Python or a `git`
//! process.
//!
//! Two calls make the happy path: [`resolve_options`] turns pyproject.toml, the environment and
//! explicit overrides into [`Options`]; [`compute_version`] reads the repository and returns a
//! [`VersionReport`] with the PEP 440 string and its SemVer twin.
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
//! let location = ProjectLocation::new(dir.path());
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
//!   version tag, scmver refuses ([`repo::RepoError::Shallow`]) instead of printing a too-small distance.
//! - **Several version tags on one commit**: the highest version wins (setuptools_scm takes
//!   whatever `git describe` prefers).
//! - **Non-version tags are skipped**, never turned into versions; with the default strict rule a
//!   tag needs a dot between digits (`build-42` is not a version, `v1.2` is).
//! - **PEP 440 and SemVer order pre-releases differently**: `1.2.4.dev5` maps to
//!   `1.2.4-dev.5`, which SemVer sorts above `1.2.4-alpha.1`; see
//!   [`version::semver_twin::to_semver`].
//! - **Local versions** (`+g1a2b3c4d5`) are refused by PyPI; use [`VersionReport::public`] or
//!   the `no-local-version` scheme for uploads.
//!
//! # Layout
//!
//! Data flows one way through four stages, each a module; the public path of every item is
//! the file it lives in:
//!
//! 1. [`options`]: inputs → [`Options`] (pyproject tables, environment, CI context);
//! 2. [`repo`]: repository → facts ([`facts::ScmState`]); the only module that uses gix;
//! 3. [`version`]: facts → version, pure (schemes, templates, release decision);
//! 4. [`output`]: version → text, pure (JSON, CI variables, Docker tags, file contents).
//!
//! [`fs`] is the one edge that writes files; [`command`] holds one function per `scmver`
//! subcommand, ordering the stages; [`error`] holds the umbrella [`Error`].
#![deny(missing_docs)]

pub mod command;
pub mod date;
pub mod error;
pub mod facts;
pub mod fs;
pub mod options;
pub mod output;
pub mod repo;
pub mod version;

pub use pep440_rs;
pub use semver;

pub use command::version::compute_version;
pub use date::Timestamp;
pub use error::{Error, ErrorKind};
pub use options::environment::Environment;
pub use options::{Options, Overrides, ProjectLocation, resolve_options};
pub use version::report::VersionReport;

/// The Rust examples of both READMEs, compiled as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct CrateReadme;

#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
struct WorkspaceReadme;
