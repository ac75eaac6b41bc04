//! Repository → facts: the only module that uses gix.
//!
//! A [`Repo`] is discovered once and passed by reference to each reader: [`state::read_state`]
//! (nearest version tag, distance, node, branch, dirty state, shallowness, commit date),
//! [`history`] (the base `check-bump` compares with, files at a commit) and [`remote`] (where
//! the source lives, without credentials). What leaves this module is plain values: no gix
//! type appears in a public signature, and gix's errors are wrapped in [`RepoError`].

mod describe;
mod describe_graph;
mod dirty;
pub mod history;
pub mod remote;
pub mod state;
pub mod tags;

use std::path::{Path, PathBuf};

#[cfg(feature = "test-hooks")]
pub use describe::{WalkComparison, compare_walks};

/// A gix error, kept opaque: its message and causes, not its type.
type Cause = Box<dyn std::error::Error + Send + Sync>;

/// Reading the repository failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RepoError {
    /// No repository at or above the path.
    #[error(
        "no git repository found at `{path}` or any parent directory: run scmver inside a git checkout, or set fallback_version"
    )]
    NotARepository {
        /// Where the search started.
        path: PathBuf,
        /// What gix reported.
        #[source]
        source: Cause,
    },
    /// The repository is shallow and its history is cut before a version tag.
    #[error(
        "`{path}` is a shallow clone and its history ends before {what}: fetch the full history (`git fetch --unshallow --tags`; GitHub Actions: `fetch-depth: 0`; GitLab CI: `GIT_DEPTH: 0`) or set allow_shallow"
    )]
    Shallow {
        /// The repository's work tree (or git dir when bare).
        path: PathBuf,
        /// What could not be reached ("any version tag", "the tag `v1.2`").
        what: String,
    },
    /// Any other failure while reading objects or refs.
    #[error("cannot read the git repository at `{path}`")]
    Read {
        /// The repository's work tree (or git dir when bare).
        path: PathBuf,
        /// What gix reported.
        #[source]
        source: Cause,
    },
    /// `check-bump`: the base branch or revision is not in this clone.
    #[error("cannot find the base `{base}` (tried {tried}){}: {fix}", if *.shallow { " in this shallow clone" } else { "" })]
    BaseNotFound {
        /// The base as named by the request or the CI (`main`).
        base: String,
        /// What was tried, quoted and joined (`` `main`, `origin/main` ``).
        tried: String,
        /// The repository is a shallow clone.
        shallow: bool,
        /// How to make the base available.
        fix: String,
    },
    /// `check-bump`: HEAD and the base share no commit that this clone holds.
    #[error("HEAD and `{base}` have no common ancestor{}: {fix}", if *.shallow { " in this shallow clone" } else { "" })]
    NoMergeBase {
        /// The resolved base (`origin/main`).
        base: String,
        /// The repository is a shallow clone.
        shallow: bool,
        /// How to make the common history available.
        fix: String,
    },
    /// `check-bump`: there is no checked-out commit to compare (bare repository or no commits).
    #[error(
        "`{path}` has no checked-out commit (a bare repository, or no commits yet): run check-bump in a clone with the pull request checked out"
    )]
    NoCheckout {
        /// The repository.
        path: PathBuf,
    },
}

/// An open repository: discovered once, read by every stage-2 function.
///
/// ```
/// # let dir = tempfile::tempdir()?;
/// # std::process::Command::new("git").args(["init", "-q"]).current_dir(dir.path()).status()?;
/// use scmver_core::repo::Repo;
///
/// let repo = Repo::discover(dir.path())?;
/// assert!(repo.work_tree().is_some());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct Repo {
    inner: gix::Repository,
    /// The work tree root (the git dir for a bare repository), absolute.
    root: PathBuf,
}

impl Repo {
    /// Discover the repository at or above `path`, as `git` does from a directory.
    pub fn discover(path: &Path) -> Result<Repo, RepoError> {
        let mut inner = gix::discover(path).map_err(|source| RepoError::NotARepository {
            path: path.to_owned(),
            source: Box::new(source),
        })?;
        inner.object_cache_size_if_unset(4 * 1024 * 1024);
        let root = inner.workdir().unwrap_or_else(|| inner.git_dir());
        // gix keeps the path as discovered (`.`); messages read better with an absolute one.
        let root = std::path::absolute(root).unwrap_or_else(|_| root.to_owned());
        Ok(Repo { inner, root })
    }

    /// The work tree root, or the git directory of a bare repository; absolute.
    #[must_use]
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The work tree root as discovered (possibly relative), `None` for a bare repository.
    #[must_use]
    pub fn work_tree(&self) -> Option<&Path> {
        self.inner.workdir()
    }

    /// The gix handle, for the readers of this module.
    pub(crate) fn gix(&self) -> &gix::Repository {
        &self.inner
    }

    /// Wrap a gix error as a read failure of this repository.
    pub(crate) fn read_error(&self, source: gix::Error) -> RepoError {
        RepoError::Read {
            path: self.root.clone(),
            source: Box::new(source),
        }
    }
}
