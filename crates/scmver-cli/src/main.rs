//! `scmver`: print and stamp versions derived from git. All logic lives in `scmver-core`; this
//! binary parses flags, calls one core function per subcommand and prints the result.

mod args;

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use scmver_core::{Environment, Error, GitError, Overrides, ProjectLocation, Timestamp};

use crate::args::{Cli, Command, Format, VersionArgs, VersionOptions};

/// Exit code: a flag, config value or environment variable is invalid.
const EXIT_BAD_INPUT: u8 = 2;
/// Exit code: the repository cannot yield a version.
const EXIT_NO_VERSION: u8 = 3;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(Failure::Io(err)) if err.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(failure) => {
            let _ = writeln!(std::io::stderr().lock(), "error: {}", failure.chain());
            ExitCode::from(failure.exit_code())
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode, Failure> {
    match cli.command {
        Command::Version(args) => version(&args),
    }
}

fn version(args: &VersionArgs) -> Result<ExitCode, Failure> {
    let options = resolve(&args.options)?;
    let report = scmver_core::compute_version(&options)?;
    if args.options.verbose {
        write!(
            std::io::stderr().lock(),
            "{}",
            scmver_core::explain(&options, &report)
        )?;
    }
    let text = match args.format {
        Format::Pep440 => report.version.clone(),
        Format::Semver => report.semver.to_string(),
        Format::Json => scmver_core::to_json(&report),
    };
    writeln!(std::io::stdout().lock(), "{text}")?;
    Ok(ExitCode::SUCCESS)
}

fn resolve(options: &VersionOptions) -> Result<scmver_core::Options, Failure> {
    let location = ProjectLocation {
        dir: options.root.clone(),
        config_file: options.config.clone(),
    };
    let overrides = Overrides {
        version_scheme: options.version_scheme.clone(),
        local_scheme: options.local_scheme.clone(),
        tag_regex: options.tag_regex.clone(),
        allow_shallow: options.allow_shallow,
        untracked_dirty: options.untracked_dirty,
    };
    Ok(scmver_core::resolve_options(
        &location,
        &overrides,
        &Environment::from_process(),
        Timestamp::now(),
    )
    .map_err(Error::from)?)
}

/// Why the command failed.
enum Failure {
    Core(Error),
    Io(std::io::Error),
}

impl From<Error> for Failure {
    fn from(err: Error) -> Self {
        Failure::Core(err)
    }
}

impl From<std::io::Error> for Failure {
    fn from(err: std::io::Error) -> Self {
        Failure::Io(err)
    }
}

impl Failure {
    fn exit_code(&self) -> u8 {
        match self {
            Failure::Core(Error::Config(_)) | Failure::Io(_) => EXIT_BAD_INPUT,
            Failure::Core(Error::Git(
                GitError::NotARepository { .. } | GitError::Shallow { .. } | GitError::Read { .. },
            )) => EXIT_NO_VERSION,
            Failure::Core(_) => EXIT_NO_VERSION,
        }
    }

    /// The error and its causes on one line: `outer: cause: root cause`.
    fn chain(&self) -> String {
        let err: &dyn std::error::Error = match self {
            Failure::Core(err) => err,
            Failure::Io(err) => err,
        };
        let mut text = err.to_string();
        let mut source = err.source();
        while let Some(cause) = source {
            let cause_text = cause.to_string();
            if !text.contains(&cause_text) {
                text.push_str(": ");
                text.push_str(&cause_text);
            }
            source = cause.source();
        }
        text.replace('\n', " ")
    }
}
