//! Repository → facts: the only module that uses gix.
//!
//! A [`Repo`] is discovered once and passed by reference to each reader: [`state::read_state`]
//! (nearest version tag, distance, node, branch, dirty state, shallowness, commit date),
//! [`history`] (the base `check-bump` compares with, files at a commit) and [`remote`] (where
//! the source lives, without credentials). What leaves this module is plain values: no gix
//! type appears in a public signature, and gix's errors are wrapped in [`RepoError`].

pub mod archive;
mod describe;
mod describe_graph;
mod dirty;
pub mod history;
pub mod remote;
pub mod state;
pub mod tags;

use std::path::{Path, PathBuf};

use crate::options::Discovery;

#[cfg(feature = "test-hooks")]
pub use describe::{WalkComparison, compare_walks};
#[cfg(feature = "test-hooks")]
pub use tags::packed_tag_records_owned;

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
    /// A repository was found (a `.git` directory or file, `GIT_DIR`) but cannot be opened:
    /// git would stop here too, never climbing to an enclosing repository.
    #[error("`{path}` holds a git repository that cannot be opened")]
    Broken {
        /// The `.git` entry or git directory.
        path: PathBuf,
        /// What gix reported.
        #[source]
        source: Cause,
    },
    /// The repository belongs to another user, as git refuses it.
    #[error(
        "detected dubious ownership in repository at `{path}`: it belongs to another user, and git (and so scmver) refuses to read it; to trust it, run `git config --global --add safe.directory {path}`"
    )]
    DubiousOwnership {
        /// The repository's directory.
        path: PathBuf,
    },
    /// `scm.git.pre_parse = "fail_on_shallow"` and the clone is shallow.
    #[error(
        "`{path}` is a shallow clone, which scm.git.pre_parse = \"fail_on_shallow\" refuses: fetch the full history (`git fetch --unshallow --tags`; GitHub Actions: `fetch-depth: 0`; GitLab CI: `GIT_DEPTH: 0`)"
    )]
    ShallowRefused {
        /// The repository's work tree.
        path: PathBuf,
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
    /// A remote's URL cannot be parsed; its text is not shown, as it may hold credentials.
    #[error(
        "the URL of remote `{remote}` cannot be parsed (not shown: it may hold credentials): fix it with `git remote set-url {remote} URL`"
    )]
    RemoteUrl {
        /// The remote's name.
        remote: String,
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

/// The nearest directory at or above `start` with a `.git` entry (even a broken one) or that
/// is a bare repository, not entering any of `ceilings`.
fn find_upwards(start: &Path, ceilings: &[PathBuf]) -> Option<PathBuf> {
    let start = std::path::absolute(start).ok()?;
    let ceilings: Vec<PathBuf> = ceilings
        .iter()
        .filter_map(|dir| std::path::absolute(dir).ok())
        .collect();
    for (depth, dir) in start.ancestors().enumerate() {
        if depth > 0 && ceilings.iter().any(|ceiling| ceiling == dir) {
            return None;
        }
        let dot_git = dir.join(".git");
        if std::fs::symlink_metadata(&dot_git).is_ok() {
            return Some(dot_git);
        }
        if gix::discover::is_bare(dir) && gix::discover::is_git(dir).is_ok() {
            return Some(dir.to_owned());
        }
    }
    None
}

/// Open the repository whose git entry (a `.git` directory or file, or a git dir) is `path`.
fn open_at(path: &Path) -> Result<gix::Repository, RepoError> {
    // Like git: a repository owned by another user is refused unless `safe.directory` lists it
    // (gix checks that list when asked to bail out on untrusted repositories).
    let owned_by_us =
        gix::sec::Trust::from_path_ownership(path).is_ok_and(|trust| trust == gix::sec::Trust::Full);
    let options = gix::open::Options::default().bail_if_untrusted(true);
    match gix::open_opts(path, options) {
        Ok(repo) => Ok(repo),
        Err(_) if !owned_by_us => {
            let dir = if path.file_name().is_some_and(|name| name == ".git") {
                path.parent().map_or_else(|| path.to_owned(), Path::to_path_buf)
            } else {
                path.to_owned()
            };
            Err(RepoError::DubiousOwnership {
                path: std::path::absolute(&dir).unwrap_or(dir),
            })
        }
        Err(source) => Err(RepoError::Broken {
            path: path.to_owned(),
            source: Box::new(source),
        }),
    }
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
    /// Discover the repository at or above `path`, as `git` does from a directory (without
    /// `GIT_DIR` or ceilings; see [`Repo::discover_with`]).
    pub fn discover(path: &Path) -> Result<Repo, RepoError> {
        Repo::discover_with(path, &Discovery::default())
    }

    /// Find the repository the way git does: `GIT_DIR` (with `GIT_WORK_TREE`) when set, else
    /// the nearest directory at or above `path` that holds a `.git` entry or is a bare
    /// repository, never entering a ceiling directory. A `.git` entry that cannot be opened is
    /// an error, never a reason to climb to an enclosing repository; a repository that belongs
    /// to another user is refused as git refuses it (unless `safe.directory` trusts it).
    pub fn discover_with(path: &Path, discovery: &Discovery) -> Result<Repo, RepoError> {
        let mut inner = match &discovery.git_dir {
            Some(git_dir) => open_at(git_dir)?,
            None => {
                let Some(found) = find_upwards(path, &discovery.ceilings) else {
                    return Err(RepoError::NotARepository {
                        path: path.to_owned(),
                    });
                };
                open_at(&found)?
            }
        };
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

    /// The repository's git directories: its git dir and, for a linked work tree, the common
    /// dir it shares. Nothing is ever written inside them.
    #[must_use]
    pub fn git_dirs(&self) -> Vec<PathBuf> {
        let git_dir = self.inner.git_dir().to_owned();
        let common = self.inner.common_dir().to_owned();
        if common == git_dir {
            vec![git_dir]
        } else {
            vec![git_dir, common]
        }
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
