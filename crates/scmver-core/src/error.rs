//! The umbrella [`Error`] of the commands, and its [`ErrorKind`]: what a program maps to an
//! exit code.

use std::path::PathBuf;

use crate::fs::WriteError;
use crate::options::ConfigError;
use crate::output::cargo::CargoError;
use crate::output::docker::DockerError;
use crate::output::encode::EncodeError;
use crate::output::pyproject::PyprojectError;
use crate::repo::RepoError;
use crate::version::VersionError;
use crate::version::bump::BumpError;

/// Any error scmver-core's commands can return.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Configuration, settings or environment are invalid (bad input).
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// The repository cannot be read or cannot yield a version.
    #[error(transparent)]
    Repo(#[from] RepoError),
    /// The facts cannot be turned into a version with these settings.
    #[error(transparent)]
    Version(#[from] VersionError),
    /// A file could not be placed or written (it is unchanged).
    #[error(transparent)]
    Write(#[from] WriteError),
    /// A value cannot be exported in the requested format.
    #[error(transparent)]
    Export(#[from] EncodeError),
    /// The pull-request bump check cannot run (no base, invalid manifest or version).
    #[error(transparent)]
    Bump(#[from] BumpError),
    /// A file to stamp cannot be read or edited (it is unchanged).
    #[error(transparent)]
    Stamp(#[from] StampError),
    /// The version cannot be set in a pyproject.toml text.
    #[error(transparent)]
    Pyproject(#[from] PyprojectError),
    /// A Docker tag or image name cannot be made from the input.
    #[error(transparent)]
    Docker(#[from] DockerError),
}

/// What kind of failure an [`Error`] is; `scmver` maps each to an exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// Settings, configuration, environment, files or other input are unusable (exit 2).
    BadInput,
    /// A check could not pass (exit 1). Checks that run report their verdict as a value; this
    /// kind is for errors that mean "no" by themselves.
    CheckFailed,
    /// The repository (or the facts read from it) cannot yield a version (exit 3).
    NoVersion,
    /// Reading or writing a file failed (exit 2).
    Io,
    /// A bug in scmver (exit 3): please report it.
    Internal,
}

impl Error {
    /// What kind of failure this is.
    #[must_use]
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Repo(RepoError::RemoteUrl { .. }) => ErrorKind::BadInput,
            Error::Repo(_) => ErrorKind::NoVersion,
            Error::Version(VersionError::Scheme(_) | VersionError::NoTag { .. }) => ErrorKind::NoVersion,
            Error::Version(VersionError::DirtyPublishable { .. }) => ErrorKind::CheckFailed,
            Error::Version(VersionError::Internal(_)) => ErrorKind::Internal,
            Error::Write(WriteError::Io { .. }) => ErrorKind::Io,
            Error::Version(_)
            | Error::Config(_)
            | Error::Write(_)
            | Error::Export(_)
            | Error::Bump(_)
            | Error::Stamp(_)
            | Error::Pyproject(_)
            | Error::Docker(_) => ErrorKind::BadInput,
        }
    }
}

impl Error {
    /// Lines that explain the error further, for a program's verbose mode (the tags looked at
    /// when none qualified); empty for most errors.
    #[must_use]
    pub fn details(&self) -> &[String] {
        match self {
            Error::Version(VersionError::NoTag { details, .. }) => details,
            _ => &[],
        }
    }
}

/// A file to stamp cannot be read or chosen; nothing was written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StampError {
    /// The pyproject.toml to stamp does not exist.
    #[error(
        "`{path}` does not exist: name the pyproject.toml to stamp, or the project directory that holds it"
    )]
    Missing {
        /// The file.
        path: PathBuf,
    },
    /// A file exists but cannot be read.
    #[error("cannot read `{path}`")]
    Read {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// The version cannot be set in this pyproject.toml.
    #[error("cannot set the version in `{path}`")]
    Pyproject {
        /// The file.
        path: PathBuf,
        /// What is wrong with its contents.
        #[source]
        source: PyprojectError,
    },
    /// A Cargo manifest or lock file cannot take the version.
    #[error("cannot set the version in `{path}`")]
    Cargo {
        /// The file.
        path: PathBuf,
        /// What is wrong with it.
        #[source]
        source: CargoError,
    },
    /// `scmver write` without a target, and no `version_file` is configured.
    #[error(
        "nothing to write: no `version_file` is configured ({config}): name a target (`scmver write pyproject`, `scmver write version-file PATH`) or set `version_file`"
    )]
    NoTarget {
        /// Where the configuration was read (``read [tool.scmver] in `pyproject.toml` ``).
        config: String,
    },
}
