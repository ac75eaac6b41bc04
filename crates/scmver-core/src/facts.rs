//! Facts read from a repository: the plain values the stages hand on.
//!
//! [`ScmState`] holds no gix types, so schemes are tested with hand-built states and any other
//! source of facts (a tarball's metadata, a CI's variables) can produce one. Nothing here
//! depends on another module of the crate but [`crate::date`].

use crate::date::Timestamp;

/// Everything scmver knows about the checkout, before any scheme is applied.
///
/// Built by [`crate::repo::state::read_state`] from a git repository, or by hand in tests and for embedders
/// that know the facts already.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScmState {
    /// The nearest version tag reachable from HEAD, or `None` when no tag qualified.
    pub tag: Option<TagInfo>,
    /// Commits reachable from HEAD and not from the tag (all commits when there is no tag).
    pub distance: u64,
    /// Full hex object id of HEAD, or `None` for a repository without commits.
    pub sha: Option<String>,
    /// Branch HEAD points to (`main`), `None` when HEAD is detached.
    pub branch: Option<String>,
    /// Tracked files differ from HEAD in the index or the work tree.
    pub dirty: bool,
    /// The repository is a shallow clone.
    pub shallow: bool,
    /// Committer time of HEAD, `None` without commits.
    pub commit_time: Option<Timestamp>,
}

impl ScmState {
    /// `true` when HEAD sits exactly on the tag and the work tree is clean.
    ///
    /// Mirrors setuptools_scm: a dirty tree is never exact, even on the tagged commit.
    #[must_use]
    pub fn is_exact(&self) -> bool {
        self.tag.is_some() && self.distance == 0 && !self.dirty
    }

    /// The node in setuptools_scm's spelling: `g` followed by the first 9 hex digits of HEAD
    /// (the first 9 characters of whatever [`ScmState::sha`] holds).
    #[must_use]
    pub fn node(&self) -> Option<String> {
        self.sha
            .as_ref()
            .map(|sha| std::iter::once('g').chain(sha.chars().take(9)).collect())
    }
}

/// A tag that qualified as a version tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagInfo {
    /// The tag's name as written in the repository (`v1.2.3`, `pkg-v2.0`).
    pub name: String,
    /// The version parsed from the name, normalized (`1.2.3`, `2.0`).
    pub version: pep440_rs::Version,
}
