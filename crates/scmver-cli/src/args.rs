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

    /// Exit 0 when this build is a release, 1 when not, with one line saying why.
    ///
    /// A release is an exact, clean tag — and, when CI is detected, a tag build. So a publish
    /// step can be `scmver is-release && upload || upload --dry-run`.
    IsRelease(IsReleaseArgs),

    /// Export every derived value (version, semver, tag, branch, pipeline, is_release…) for CI.
    ///
    /// `env` prints `export SCMVER_…='…'` lines safe to `eval`; `github` appends step outputs to
    /// $GITHUB_OUTPUT and prints them; `gitlab` writes a dotenv file for
    /// `artifacts:reports:dotenv`; `json` prints one object.
    Ci(CiArgs),

    /// Render a free-form template with the build's fields, e.g. a conda build string
    /// `py37_{pipeline}`. Fields: {tag} {base} {next} {distance} {pipeline} {node} {sha}
    /// {branch} {branch_slug} {branch_version} {date} {version}.
    Format(FormatArgs),

    /// Stamp the version into files: pyproject.toml, a VERSION file, a `_version.py` module.
    ///
    /// Without a target, writes every `version_file` configured in [tool.scmver] (or
    /// [tool.setuptools_scm]). Writes are atomic, keep the file's permissions and write through
    /// symlinks; an unchanged file is not touched. Exit 2 on a bad file, which stays untouched.
    Write(WriteArgs),

    /// Print the Docker image tags of this build, one per line.
    ///
    /// Branch builds: the branch slug and the version made tag-safe. Releases (exact, clean,
    /// final; a tag build when CI is detected): the version, `MAJOR.MINOR`, `MAJOR` and
    /// `latest`, each only where no higher release among the repository's tags covers it.
    /// Pre-releases: their own tag only.
    DockerTags(DockerTagsArgs),

    /// Pull-request check: fail unless the declared version was bumped.
    ///
    /// Compares the version in the work tree with the one at the merge base of HEAD and the base
    /// (--base, else the CI's target branch, as a local branch or `origin/<name>`), read from
    /// --file or the first of pyproject.toml (`[project]` or `[tool.poetry]`), setup.cfg,
    /// VERSION and Cargo.toml. PEP 440 ordering (`1.0` == `1.0.0`), SemVer for Cargo.toml.
    /// Exit 0 when bumped, or when the version is derived from tags (nothing to bump); 1 when
    /// equal or lower, naming both versions, the file, the merge base and a next version; 2 when
    /// the check cannot run.
    CheckBump(CheckBumpArgs),

    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    ///
    /// bash: `scmver completions bash > ~/.local/share/bash-completion/completions/scmver`;
    /// zsh: write it as `_scmver` into a directory of $fpath; fish: into
    /// ~/.config/fish/completions/scmver.fish.
    Completions(CompletionsArgs),

    /// Print the man page (roff) of scmver, or write one page per command into a directory.
    #[command(hide = true)]
    Man(ManArgs),
}

impl Command {
    /// Whether `--verbose` was given.
    pub fn verbose(&self) -> bool {
        match self {
            Command::Version(args) => args.options.verbose,
            Command::IsRelease(args) => args.options.verbose,
            Command::Ci(args) => args.options.verbose,
            Command::Format(args) => args.options.verbose,
            Command::Write(args) => match &args.target {
                None => args.options.verbose,
                Some(WriteTarget::Pyproject(target)) => target.options.verbose,
                Some(WriteTarget::VersionFile(target)) => target.options.verbose,
                Some(WriteTarget::Cargo(target)) => target.options.verbose,
            },
            Command::DockerTags(args) => args.options.verbose,
            Command::CheckBump(args) => args.options.verbose,
            Command::Completions(_) | Command::Man(_) => false,
        }
    }
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum, value_name = "SHELL")]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write `scmver.1` and a `scmver-COMMAND.1` page per command into this existing
    /// directory instead of printing `scmver.1`.
    #[arg(long, value_name = "DIR")]
    pub out_dir: Option<PathBuf>,
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

    /// Version scheme (also SCMVER_VERSION_SCHEME, or `version_scheme` in the config).
    #[arg(long, value_enum, value_name = "NAME")]
    pub version_scheme: Option<VersionScheme>,

    /// Local scheme (also SCMVER_LOCAL_SCHEME, or `local_scheme` in the config).
    #[arg(long, value_enum, value_name = "NAME")]
    pub local_scheme: Option<LocalScheme>,

    /// Regex that extracts the version from a tag name (group `version`, or a single group).
    #[arg(long, value_name = "RE")]
    pub tag_regex: Option<String>,

    /// Accept a shallow clone whose history ends before the version tag (the distance may then
    /// be too small). Also SCMVER_ALLOW_SHALLOW=true, or `allow_shallow = true`.
    #[arg(long)]
    pub allow_shallow: bool,

    /// Count untracked files (not ignored ones) as uncommitted changes.
    #[arg(long)]
    pub untracked_dirty: bool,

    /// Where `.devN` numbers come from (also SCMVER_DEV_NUMBER, or `dev_number`).
    #[arg(long, value_enum, value_name = "SOURCE")]
    pub dev_number: Option<DevNumber>,

    /// Replace the schemes with a template, e.g. `{branch_version}.0.{pipeline}`; the result must
    /// be a PEP 440 version. Fields as for `scmver format`.
    #[arg(long, value_name = "TEXT")]
    pub template: Option<String>,

    /// The branch being built (overrides CI variables and HEAD).
    #[arg(long, value_name = "NAME")]
    pub branch: Option<String>,

    /// The CI pipeline ID (overrides CI variables).
    #[arg(long, value_name = "ID")]
    pub pipeline_id: Option<String>,

    /// Ignore CI variables: no pipeline ID, no branch recovery, no release guard.
    #[arg(long)]
    pub no_ci: bool,

    /// A version a package index accepts and no other build produces: no local part, the CI
    /// pipeline's ID as the .dev number in CI, and a dirty tree refused (exit 1, listing the
    /// changed paths). Also `publishable = true`.
    #[arg(long)]
    pub publishable: bool,

    /// Fail (exit 3) when no version tag is reachable, instead of printing `0.1.devN` (also
    /// `require_tag = true`). With -v, lists every tag seen and why it was skipped.
    #[arg(long)]
    pub require_tag: bool,

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

#[derive(Debug, Args)]
pub struct IsReleaseArgs {
    #[command(flatten)]
    pub options: VersionOptions,

    /// Also require the version to match this regex, e.g. `^[0-9]+\.[0-9]+\.[0-9]+$` to publish
    /// final releases only.
    #[arg(long, value_name = "REGEX")]
    pub pattern: Option<String>,
}

#[derive(Debug, Args)]
pub struct CiArgs {
    #[command(flatten)]
    pub options: VersionOptions,

    /// Output format.
    #[arg(long, value_enum, default_value_t = CiFormat::Env)]
    pub format: CiFormat,

    /// File for `--format github` (appended; default $GITHUB_OUTPUT) or `gitlab` (written;
    /// default `scmver.env`, which must resolve inside the repository).
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Let the `gitlab` file resolve outside the repository's work tree.
    #[arg(long)]
    pub allow_outside_root: bool,

    /// With `--format github`, also append `SCMVER_*=value` lines to $GITHUB_ENV, so later
    /// steps see them as environment variables. (A job summary goes to $GITHUB_STEP_SUMMARY
    /// whenever that is set.)
    #[arg(long)]
    pub github_env: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CiFormat {
    /// `export SCMVER_VERSION='…'` lines for `eval`.
    Env,
    /// GitHub Actions step outputs.
    Github,
    /// A dotenv file for GitLab's `artifacts:reports:dotenv` (default file `scmver.env`).
    Gitlab,
    /// One JSON object.
    Json,
}

#[derive(Debug, Args)]
pub struct FormatArgs {
    #[command(flatten)]
    pub options: VersionOptions,

    /// The template, e.g. `py37_{pipeline}`.
    #[arg(value_name = "TEMPLATE")]
    pub text: String,
}

#[derive(Debug, Args)]
pub struct CheckBumpArgs {
    #[command(flatten)]
    pub options: VersionOptions,

    /// Compare with this branch, tag or commit (tried as given, then as `origin/REF`) instead
    /// of the CI's target branch. Also SCMVER_BUMP_BASE.
    #[arg(long, value_name = "REF")]
    pub base: Option<String>,

    /// Read the version from this file (relative to the current directory): a pyproject.toml,
    /// setup.cfg, Cargo.toml, a Python module's `__version__`, or a file holding only the version.
    #[arg(long, value_name = "PATH")]
    pub file: Option<PathBuf>,

    /// Also require a heading for the new version in this changelog (e.g. `## [1.3.0]`); for a
    /// version derived from tags, require that the changelog gained an entry.
    #[arg(long, value_name = "PATH")]
    pub require_changelog: Option<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = BumpFormat::Text)]
    pub format: BumpFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BumpFormat {
    /// One line per check.
    Text,
    /// One JSON object.
    Json,
    /// GitHub Actions `::error file=…,line=N::…` annotations for failed checks.
    Github,
    /// A GitLab Code Quality report (JSON array) on stdout; the text lines go to stderr.
    Gitlab,
}

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct WriteArgs {
    #[command(subcommand)]
    pub target: Option<WriteTarget>,

    #[command(flatten)]
    pub options: VersionOptions,
}

#[derive(Debug, Subcommand)]
pub enum WriteTarget {
    /// Set `[project].version` (and `[tool.poetry].version`) in pyproject.toml.
    ///
    /// Only the version's bytes change: comments, quoting, line endings stay. When `version` is
    /// listed in `project.dynamic` it is removed from there (said on stderr) unless
    /// --keep-dynamic. Exit 1 with --check when the file does not hold the version.
    Pyproject(WritePyprojectArgs),

    /// Set the SemVer form of the version in Cargo.toml and Cargo.lock.
    ///
    /// `[package].version`, or the workspace root's `[workspace.package].version` when the
    /// crate inherits it (`version.workspace = true`) or the manifest is a workspace root; the
    /// matching local packages of Cargo.lock get the same version, so `cargo build --locked`
    /// still passes. Only the versions' bytes change. Exit 1 with --check when a file does not
    /// hold the version.
    Cargo(WriteCargoArgs),

    /// Write the version to a file: the version and a newline, or for a `.py` path a module
    /// compatible with setuptools_scm's `version_file` (`from pkg._version import version`).
    VersionFile(WriteVersionFileArgs),
}

#[derive(Debug, Args)]
pub struct WritePyprojectArgs {
    #[command(flatten)]
    pub options: VersionOptions,

    /// The file to edit (default: the --config file, else DIR/pyproject.toml).
    #[arg(long, value_name = "PATH")]
    pub file: Option<PathBuf>,

    /// Write nothing; exit 1 when the file does not hold the derived version.
    #[arg(long)]
    pub check: bool,

    /// Write nothing; print the change as a unified diff.
    #[arg(long)]
    pub dry_run: bool,

    /// Refuse (exit 2) instead of removing `version` from `project.dynamic`.
    #[arg(long)]
    pub keep_dynamic: bool,
}

#[derive(Debug, Args)]
pub struct WriteCargoArgs {
    #[command(flatten)]
    pub options: VersionOptions,

    /// The manifest (default: DIR/Cargo.toml).
    #[arg(long, value_name = "PATH")]
    pub file: Option<PathBuf>,

    /// Write nothing; exit 1 when a file does not hold the derived version.
    #[arg(long)]
    pub check: bool,

    /// Write nothing; print the changes as unified diffs.
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
pub struct WriteVersionFileArgs {
    #[command(flatten)]
    pub options: VersionOptions,

    /// The file to write, relative to the current directory; its directory must exist.
    #[arg(value_name = "PATH")]
    pub path: PathBuf,

    /// Write this template instead, e.g. `__version__ = "{version}"`; fields as for
    /// `scmver format`. A final newline is added when missing.
    #[arg(long, value_name = "TEXT")]
    pub file_template: Option<String>,

    /// Allow a PATH outside the repository's work tree.
    #[arg(long)]
    pub allow_outside_root: bool,
}

#[derive(Debug, Args)]
pub struct DockerTagsArgs {
    #[command(flatten)]
    pub options: VersionOptions,

    /// Print full references IMAGE:TAG (e.g. `ghcr.io/acme/app`); the name is validated.
    #[arg(long, value_name = "NAME")]
    pub image: Option<String>,

    /// Put this before every tag (e.g. `rpi-`).
    #[arg(long, value_name = "P", default_value = "", allow_hyphen_values = true)]
    pub prefix: String,

    /// Put this after every tag (e.g. `-slim`).
    #[arg(long, value_name = "S", default_value = "", allow_hyphen_values = true)]
    pub suffix: String,

    /// Output format.
    #[arg(long, value_enum, default_value_t = DockerFormat::Lines)]
    pub format: DockerFormat,

    /// Print the OCI labels (version, revision, created, source) as `KEY=VALUE` lines instead
    /// of the tags; with --format json, add them to the object.
    #[arg(long)]
    pub labels: bool,

    /// Also tag the build `sha-<7 hex digits of the commit>`.
    #[arg(long)]
    pub sha_tag: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DockerFormat {
    /// One tag (or IMAGE:TAG) per line.
    Lines,
    /// One JSON object: version, kind, tags, labels.
    Json,
}

/// The version schemes, by their setuptools_scm names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum VersionScheme {
    /// `1.2.3` on the tag, else the next release plus `.devN` (setuptools_scm's default).
    GuessNextDev,
    /// `1.2.3` on the tag, else `1.2.3.postN`.
    PostRelease,
    /// `1.2.3` on the tag, else `1.2.3.post1.devN`.
    NoGuessDev,
    /// Always the tag's version.
    OnlyVersion,
    /// Minor bump on development branches, patch bump on `release/1.2`-style branches.
    #[value(alias = "semver-pep440-release-branch")]
    ReleaseBranchSemver,
    /// Patch bump, minor bump on branches whose name contains `feature`.
    #[value(name = "python-simplified-semver", alias = "semver-pep440")]
    PythonSimplifiedSemver,
    /// Calendar versions `YYYY.M.D.N`.
    CalverByDate,
}

/// The local schemes, by their setuptools_scm names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LocalScheme {
    /// `+gNODE`, `.dYYYYMMDD` added when dirty (setuptools_scm's default).
    NodeAndDate,
    /// Like node-and-date with `.dYYYYMMDDhhmmss`.
    NodeAndTimestamp,
    /// `+dirty` when dirty.
    DirtyTag,
    /// Never a local part.
    NoLocalVersion,
    /// Never a local part; a dirty tree is an error.
    NoLocalVersionStrict,
}

/// Where `.devN` numbers come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DevNumber {
    /// Commits since the tag (setuptools_scm).
    Distance,
    /// The CI pipeline ID: unique across branches.
    Pipeline,
    /// The pipeline ID in CI, the distance elsewhere.
    PipelineOrDistance,
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

/// Each closed set of flag values, as scmver-core names it.
mod into_core {
    use scmver_core::command::check_bump::BumpFormat as CoreBumpFormat;
    use scmver_core::command::ci::CiFormat as CoreCiFormat;
    use scmver_core::command::docker_tags::DockerFormat as CoreDockerFormat;
    use scmver_core::command::version::VersionFormat;
    use scmver_core::options::DevNumber as CoreDevNumber;
    use scmver_core::options::scheme;

    use super::{BumpFormat, CiFormat, DevNumber, DockerFormat, Format, LocalScheme, VersionScheme};

    impl From<VersionScheme> for scheme::VersionScheme {
        fn from(value: VersionScheme) -> Self {
            match value {
                VersionScheme::GuessNextDev => scheme::VersionScheme::GuessNextDev,
                VersionScheme::PostRelease => scheme::VersionScheme::PostRelease,
                VersionScheme::NoGuessDev => scheme::VersionScheme::NoGuessDev,
                VersionScheme::OnlyVersion => scheme::VersionScheme::OnlyVersion,
                VersionScheme::ReleaseBranchSemver => scheme::VersionScheme::ReleaseBranchSemver,
                VersionScheme::PythonSimplifiedSemver => scheme::VersionScheme::SimplifiedSemver,
                VersionScheme::CalverByDate => scheme::VersionScheme::CalverByDate,
            }
        }
    }

    impl From<LocalScheme> for scheme::LocalScheme {
        fn from(value: LocalScheme) -> Self {
            match value {
                LocalScheme::NodeAndDate => scheme::LocalScheme::NodeAndDate,
                LocalScheme::NodeAndTimestamp => scheme::LocalScheme::NodeAndTimestamp,
                LocalScheme::DirtyTag => scheme::LocalScheme::DirtyTag,
                LocalScheme::NoLocalVersion => scheme::LocalScheme::NoLocalVersion,
                LocalScheme::NoLocalVersionStrict => scheme::LocalScheme::NoLocalVersionStrict,
            }
        }
    }

    impl From<DevNumber> for CoreDevNumber {
        fn from(value: DevNumber) -> Self {
            match value {
                DevNumber::Distance => CoreDevNumber::Distance,
                DevNumber::Pipeline => CoreDevNumber::Pipeline,
                DevNumber::PipelineOrDistance => CoreDevNumber::PipelineOrDistance,
            }
        }
    }

    impl From<Format> for VersionFormat {
        fn from(value: Format) -> Self {
            match value {
                Format::Pep440 => VersionFormat::Pep440,
                Format::Semver => VersionFormat::Semver,
                Format::Json => VersionFormat::Json,
            }
        }
    }

    impl From<CiFormat> for CoreCiFormat {
        fn from(value: CiFormat) -> Self {
            match value {
                CiFormat::Env => CoreCiFormat::Env,
                CiFormat::Github => CoreCiFormat::Github,
                CiFormat::Gitlab => CoreCiFormat::Gitlab,
                CiFormat::Json => CoreCiFormat::Json,
            }
        }
    }

    impl From<DockerFormat> for CoreDockerFormat {
        fn from(value: DockerFormat) -> Self {
            match value {
                DockerFormat::Lines => CoreDockerFormat::Lines,
                DockerFormat::Json => CoreDockerFormat::Json,
            }
        }
    }

    impl From<BumpFormat> for CoreBumpFormat {
        fn from(value: BumpFormat) -> Self {
            match value {
                BumpFormat::Text => CoreBumpFormat::Text,
                BumpFormat::Json => CoreBumpFormat::Json,
                BumpFormat::Github => CoreBumpFormat::Github,
                BumpFormat::Gitlab => CoreBumpFormat::Gitlab,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use clap::{CommandFactory, ValueEnum};

    #[test]
    fn cli_definition_is_consistent() {
        super::Cli::command().debug_assert();
    }

    /// The flags accept exactly the names scmver-core knows, and mean the same scheme.
    #[test]
    fn scheme_names_match_the_core() {
        use scmver_core::options::scheme;
        let cli: Vec<String> = super::VersionScheme::value_variants()
            .iter()
            .map(|v| {
                v.to_possible_value()
                    .map(|p| p.get_name().to_owned())
                    .unwrap_or_default()
            })
            .collect();
        let core: Vec<String> = scheme::VersionScheme::ALL
            .iter()
            .map(|s| s.name().to_owned())
            .collect();
        assert_eq!(cli, core);
        for variant in super::VersionScheme::value_variants() {
            let name = variant
                .to_possible_value()
                .map(|p| p.get_name().to_owned())
                .unwrap_or_default();
            assert_eq!(scheme::VersionScheme::from(*variant).name(), name);
        }
        let cli: Vec<String> = super::LocalScheme::value_variants()
            .iter()
            .map(|v| {
                v.to_possible_value()
                    .map(|p| p.get_name().to_owned())
                    .unwrap_or_default()
            })
            .collect();
        let core: Vec<String> = scheme::LocalScheme::ALL
            .iter()
            .map(|s| s.name().to_owned())
            .collect();
        assert_eq!(cli, core);
        for variant in super::LocalScheme::value_variants() {
            let name = variant
                .to_possible_value()
                .map(|p| p.get_name().to_owned())
                .unwrap_or_default();
            assert_eq!(scheme::LocalScheme::from(*variant).name(), name);
        }
    }
}
