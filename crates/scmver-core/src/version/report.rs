//! The result of a version computation, and where it came from.

use std::path::PathBuf;
use std::str::FromStr;

use crate::facts::ScmState;
use crate::repo::tags::TagCandidate;
use crate::version::VersionError;
use crate::version::release::Release;
use crate::version::semver_twin::to_semver;

/// A computed version: the string, its parsed PEP 440 and SemVer forms, and its provenance.
#[derive(Debug, Clone)]
pub struct VersionReport {
    /// The version exactly as setuptools_scm would print it (`1.2.4.dev5+g1a2b3c4d5`).
    pub version: String,
    /// The same, parsed.
    pub pep440: pep440_rs::Version,
    /// The SemVer 2.0 twin (see [`to_semver`]).
    pub semver: semver::Version,
    /// Where the version came from.
    pub origin: Origin,
    /// Whether this build is a release, and why.
    pub release: Release,
    /// What was skipped while reading the repository, one line each, for standard error.
    pub warnings: Vec<String>,
}

impl VersionReport {
    /// A report for `version`, which must be PEP 440 (every path that makes one validated it
    /// already, so a failure here is a bug, reported as [`VersionError::Internal`]).
    pub(crate) fn new(version: String, origin: Origin, release: Release) -> Result<Self, VersionError> {
        let pep440 = pep440_rs::Version::from_str(&version)
            .map_err(|err| VersionError::Internal(format!("`{version}` did not parse as PEP 440: {err}")))?;
        let semver = to_semver(&pep440);
        Ok(VersionReport {
            version,
            pep440,
            semver,
            origin,
            release,
            warnings: Vec::new(),
        })
    }

    /// The version without its local part (`1.2.4.dev5`): what a package index accepts.
    #[must_use]
    pub fn public(&self) -> String {
        self.pep440.clone().without_local().to_string()
    }

    /// The repository facts, when the version came from a repository.
    #[must_use]
    pub fn state(&self) -> Option<&ScmState> {
        match &self.origin {
            Origin::Repository { state, .. } | Origin::Archive { state, .. } => Some(state),
            Origin::Pretend { .. } | Origin::Fallback | Origin::PkgInfo { .. } | Origin::ParentDir { .. } => {
                None
            }
        }
    }
}

/// Where a version came from.
#[derive(Debug, Clone)]
#[non_exhaustive]
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
    /// No repository: the `.git_archival.txt` of a `git archive` export said which commit.
    Archive {
        /// The facts it gave.
        state: ScmState,
        /// The file.
        path: PathBuf,
    },
    /// The `PKG-INFO` of an unpacked sdist gave the version.
    PkgInfo {
        /// The file.
        path: PathBuf,
    },
    /// The project directory's name gave the version (`parentdir_prefix_version`).
    ParentDir {
        /// The directory.
        dir: PathBuf,
    },
}
