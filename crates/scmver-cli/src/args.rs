//! Command-line arguments.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Derive a package's version from git, the way setuptools_scm does, and print it.
///
/// Exit codes: 0 ok, 1 a check said no, 2 bad input (flags, config, environment),
/// 3 the repository cannot yield a version.
#[derive(Debug, Parser)]
#[command(name = "scmver", version, propagate_version = true, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print the version derived from the repository (PEP 440 by default).
    ///
    /// Reads `[tool.scmver]` (else `[tool.setuptools_scm]`) from DIR/pyproject.toml, finds the
    /// nearest version tag reachable from HEAD, and renders it with the configured schemes:
    /// `1.2.3` on a clean tag, `1.2.4.dev5+g1a2b3c4d5` five commits later.
    Version(VersionArgs),
}

/// Options shared by every command that derives a version.
#[derive(Debug, Args)]
pub struct VersionOptions {
    /// Project directory: its pyproject.toml is read and the repository is searched from here
    /// upwards (or from the config's `root` key).
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,

    /// Read this pyproject.toml instead of DIR/pyproject.toml.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Version scheme: guess-next-dev, post-release, no-guess-dev, only-version,
    /// release-branch-semver, python-simplified-semver, calver-by-date.
    #[arg(long, value_name = "NAME", env = "SCMVER_VERSION_SCHEME")]
    pub version_scheme: Option<String>,

    /// Local scheme: node-and-date, node-and-timestamp, dirty-tag, no-local-version,
    /// no-local-version-strict.
    #[arg(long, value_name = "NAME", env = "SCMVER_LOCAL_SCHEME")]
    pub local_scheme: Option<String>,

    /// Regex that extracts the version from a tag name (group `version`, or a single group).
    #[arg(long, value_name = "RE")]
    pub tag_regex: Option<String>,

    /// Accept a shallow clone whose history ends before the version tag (the distance may then
    /// be too small).
    #[arg(long, env = "SCMVER_ALLOW_SHALLOW")]
    pub allow_shallow: bool,

    /// Count untracked files (not ignored ones) as uncommitted changes.
    #[arg(long)]
    pub untracked_dirty: bool,

    /// Explain on stderr how the version came about: config read, tags seen and why each was
    /// skipped, distance, dirty state.
    #[arg(short, long)]
    pub verbose: bool,
}

#[derive(Debug, Args)]
pub struct VersionArgs {
    #[command(flatten)]
    pub options: VersionOptions,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Pep440)]
    pub format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// The PEP 440 version, as setuptools_scm prints it.
    Pep440,
    /// The SemVer 2.0 twin (`1.2.4-dev.5+g1a2b3c4d5`).
    Semver,
    /// One JSON object with the version and the facts behind it.
    Json,
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        super::Cli::command().debug_assert();
    }
}
