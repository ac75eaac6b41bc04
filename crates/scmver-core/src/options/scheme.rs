//! The version and local scheme settings: setuptools_scm's names, parsed.
//!
//! What each scheme does to the facts lives in [`crate::version::scheme`].

use std::fmt;
use std::str::FromStr;

/// How the public part of the version is derived from the tag and the distance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum VersionScheme {
    /// `1.2.3` on the tag, else the next release guessed from the tag plus `.devN`
    /// (`1.2.4.dev5`). setuptools_scm's default.
    #[default]
    GuessNextDev,
    /// `1.2.3` on the tag, else `1.2.3.postN`.
    PostRelease,
    /// `1.2.3` on the tag, else `1.2.3.post1.devN`: no guess about the next release.
    NoGuessDev,
    /// Always the tag's version, whatever the distance.
    OnlyVersion,
    /// Minor bump (`1.3.0.devN`) on development branches, patch bump on a branch named after
    /// the tag's minor series (`release/1.2` → `1.2.4.devN`).
    ReleaseBranchSemver,
    /// Patch bump (`1.2.4.devN`), minor bump on branches whose name contains `feature`.
    SimplifiedSemver,
    /// Calendar versions: `YYYY.M.D.N`, with the patch counting releases of the same day.
    CalverByDate,
}

impl VersionScheme {
    /// Every scheme, in documentation order.
    pub const ALL: [VersionScheme; 7] = [
        VersionScheme::GuessNextDev,
        VersionScheme::PostRelease,
        VersionScheme::NoGuessDev,
        VersionScheme::OnlyVersion,
        VersionScheme::ReleaseBranchSemver,
        VersionScheme::SimplifiedSemver,
        VersionScheme::CalverByDate,
    ];

    /// The setuptools_scm name (`guess-next-dev`).
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            VersionScheme::GuessNextDev => "guess-next-dev",
            VersionScheme::PostRelease => "post-release",
            VersionScheme::NoGuessDev => "no-guess-dev",
            VersionScheme::OnlyVersion => "only-version",
            VersionScheme::ReleaseBranchSemver => "release-branch-semver",
            VersionScheme::SimplifiedSemver => "python-simplified-semver",
            VersionScheme::CalverByDate => "calver-by-date",
        }
    }
}

impl fmt::Display for VersionScheme {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for VersionScheme {
    type Err = UnknownScheme;

    /// Accepts the setuptools_scm names and their aliases (`semver-pep440`,
    /// `semver-pep440-release-branch`).
    fn from_str(name: &str) -> Result<Self, Self::Err> {
        match name {
            "semver-pep440-release-branch" => Ok(VersionScheme::ReleaseBranchSemver),
            "semver-pep440" => Ok(VersionScheme::SimplifiedSemver),
            _ => VersionScheme::ALL
                .into_iter()
                .find(|scheme| scheme.name() == name)
                .ok_or_else(|| {
                    UnknownScheme::new(
                        "version scheme",
                        name,
                        VersionScheme::ALL.map(VersionScheme::name),
                    )
                }),
        }
    }
}

/// How the local part (`+g1a2b3c4d5.d20231114`) is derived.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum LocalScheme {
    /// `+gNODE` off the tag, `.dYYYYMMDD` added when dirty. setuptools_scm's default.
    #[default]
    NodeAndDate,
    /// Like `node-and-date` with `.dYYYYMMDDhhmmss`.
    NodeAndTimestamp,
    /// `+dirty` when dirty, nothing otherwise.
    DirtyTag,
    /// Never a local part.
    NoLocalVersion,
    /// Never a local part, and an error when the tree is dirty.
    NoLocalVersionStrict,
}

impl LocalScheme {
    /// Every local scheme, in documentation order.
    pub const ALL: [LocalScheme; 5] = [
        LocalScheme::NodeAndDate,
        LocalScheme::NodeAndTimestamp,
        LocalScheme::DirtyTag,
        LocalScheme::NoLocalVersion,
        LocalScheme::NoLocalVersionStrict,
    ];

    /// The setuptools_scm name (`node-and-date`).
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            LocalScheme::NodeAndDate => "node-and-date",
            LocalScheme::NodeAndTimestamp => "node-and-timestamp",
            LocalScheme::DirtyTag => "dirty-tag",
            LocalScheme::NoLocalVersion => "no-local-version",
            LocalScheme::NoLocalVersionStrict => "no-local-version-strict",
        }
    }
}

impl fmt::Display for LocalScheme {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for LocalScheme {
    type Err = UnknownScheme;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        LocalScheme::ALL
            .into_iter()
            .find(|scheme| scheme.name() == name)
            .ok_or_else(|| UnknownScheme::new("local scheme", name, LocalScheme::ALL.map(LocalScheme::name)))
    }
}

/// A scheme name that scmver does not know.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {kind} `{name}`: expected one of {expected}")]
pub struct UnknownScheme {
    kind: &'static str,
    name: String,
    expected: String,
}

impl UnknownScheme {
    fn new<const N: usize>(kind: &'static str, name: &str, known: [&str; N]) -> Self {
        UnknownScheme {
            kind,
            name: name.to_owned(),
            expected: known.join(", "),
        }
    }
}
