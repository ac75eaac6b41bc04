//! The result of a version computation, and where it came from.

use std::path::PathBuf;

use crate::git::TagCandidate;
use crate::state::ScmState;

/// A computed version: the string, its parsed PEP 440 and SemVer forms, and its provenance.
#[derive(Debug, Clone)]
pub struct VersionReport {
    /// The version exactly as setuptools_scm would print it (`1.2.4.dev5+g1a2b3c4d5`).
    pub version: String,
    /// The same, parsed.
    pub pep440: pep440_rs::Version,
    /// The SemVer 2.0 twin (see [`crate::to_semver`]).
    pub semver: semver::Version,
    /// Where the version came from.
    pub origin: Origin,
    /// Whether this build is a release, and why.
    pub release: Release,
}

/// Whether a build is a release (an exact, clean tag; a tag build when CI is detected), with
/// the reason in one sentence for `scmver is-release`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Release {
    /// The build is a release.
    pub is_release: bool,
    /// Why, or why not.
    pub reason: String,
}

impl Release {
    pub(crate) fn yes(reason: String) -> Self {
        Release {
            is_release: true,
            reason,
        }
    }

    pub(crate) fn no(reason: String) -> Self {
        Release {
            is_release: false,
            reason,
        }
    }
}

impl VersionReport {
    /// The version without its local part (`1.2.4.dev5`): what a package index accepts.
    #[must_use]
    pub fn public(&self) -> String {
        self.pep440.clone().without_local().to_string()
    }

    /// The repository facts, when the version came from a repository.
    #[must_use]
    pub fn state(&self) -> Option<&ScmState> {
        match &self.origin {
            Origin::Repository { state, .. } => Some(state),
            Origin::Pretend { .. } | Origin::Fallback => None,
        }
    }
}

/// Where a version came from.
#[derive(Debug, Clone)]
pub enum Origin {
    /// Derived from a git repository.
    Repository {
        /// The facts read.
        state: ScmState,
        /// The work tree root.
        repo_root: PathBuf,
        /// Every tag looked at, with its verdict.
        candidates: Vec<TagCandidate>,
    },
    /// Taken from a pretend-version environment variable.
    Pretend {
        /// The variable's name.
        variable: String,
    },
    /// No repository was found; `fallback_version` was used.
    Fallback,
}
