//! `scmver`: print and stamp versions derived from git. All logic lives in `scmver-core`; each
//! subcommand builds a request from its flags, makes one `scmver_core::command` call and prints
//! the outcome.

mod args;

use std::io::Write;
use std::process::ExitCode;

use clap::{CommandFactory, Parser};
use scmver_core::command::Outcome;
use scmver_core::command::check_bump::{BumpRequest, check_bump};
use scmver_core::command::ci::{CiRequest, ci};
use scmver_core::command::docker_tags::{DockerRequest, docker_tags};
use scmver_core::command::format::{FormatRequest, format};
use scmver_core::command::is_release::{IsReleaseRequest, is_release};
use scmver_core::command::version::{VersionRequest, version};
use scmver_core::command::write::{
    CargoRequest, PyprojectRequest, VersionFileRequest, write_cargo, write_configured, write_pyproject,
    write_version_file,
};
use scmver_core::options::source::Sourced;
use scmver_core::output::docker::TagAffixes;
use scmver_core::output::encode::plain;
use scmver_core::{Environment, Error, ErrorKind, Overrides, ProjectLocation, Timestamp};

use crate::args::{Cli, Command, CompletionsArgs, ManArgs, VersionOptions, WriteTarget};

/// Exit code: a check said no.
const EXIT_CHECK_FAILED: u8 = 1;
/// Exit code: a flag, config value or environment variable is invalid.
const EXIT_BAD_INPUT: u8 = 2;
/// Exit code: the repository cannot yield a version.
const EXIT_NO_VERSION: u8 = 3;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => return usage_error(&err),
    };
    let verbose = cli.command.verbose();
    match run(cli) {
        Ok(code) => code,
        Err(Failure::Io(err)) if err.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(failure) => {
            let mut stderr = std::io::stderr().lock();
            if let (true, Failure::Core(err)) = (verbose, &failure) {
                for line in err.details() {
                    let _ = writeln!(stderr, "{}", plain(line));
                }
            }
            let _ = writeln!(stderr, "error: {}", failure.chain());
            ExitCode::from(failure.exit_code())
        }
    }
}

/// `--help` and `--version` print as clap renders them; a usage error is one line on stderr
/// (`error: invalid value 'x' for '--version-scheme <NAME>' [possible values: …]`), exit 2.
fn usage_error(err: &clap::Error) -> ExitCode {
    use clap::error::ErrorKind as Kind;
    if matches!(err.kind(), Kind::DisplayHelp | Kind::DisplayVersion) {
        return match err.print() {
            Ok(()) => ExitCode::SUCCESS,
            Err(_) => ExitCode::from(EXIT_BAD_INPUT),
        };
    }
    if err.kind() == Kind::DisplayHelpOnMissingArgumentOrSubcommand {
        let commands: Vec<String> = Cli::command()
            .get_subcommands()
            .filter(|command| !command.is_hide_set())
            .map(|command| command.get_name().to_owned())
            .collect();
        let _ = writeln!(
            std::io::stderr().lock(),
            "error: a command is required, one of: {} (`scmver --help` says more)",
            commands.join(", ")
        );
        return ExitCode::from(EXIT_BAD_INPUT);
    }
    let rendered = err.render().to_string();
    let line = rendered
        .lines()
        .map(str::trim)
        .filter(|line| {
            !line.is_empty() && !line.starts_with("Usage:") && !line.starts_with("For more information")
        })
        .collect::<Vec<_>>()
        .join(" ");
    let line = line.strip_prefix("error: ").unwrap_or(&line);
    let _ = writeln!(std::io::stderr().lock(), "error: {}", plain(line));
    ExitCode::from(EXIT_BAD_INPUT)
}

fn run(cli: Cli) -> Result<ExitCode, Failure> {
    match cli.command {
        Command::Version(args) => {
            let request = VersionRequest::new(args.format.into(), args.options.verbose);
            print(version(&resolve(&args.options)?, &request)?)
        }
        Command::IsRelease(args) => {
            let request = IsReleaseRequest::new(args.pattern);
            print(is_release(&resolve(&args.options)?, &request)?)
        }
        Command::Ci(args) => {
            let mut request = CiRequest::new(args.format.into(), args.output, args.options.verbose);
            request.allow_outside_root = args.allow_outside_root;
            request.github_env = args.github_env;
            print(ci(&resolve(&args.options)?, &request)?)
        }
        Command::Format(args) => print(format(&resolve(&args.options)?, &FormatRequest::new(args.text))?),
        Command::Write(args) => match args.target {
            None => print(write_configured(&resolve(&args.options)?)?),
            Some(WriteTarget::VersionFile(file)) => {
                let mut request = VersionFileRequest::new(file.path);
                request.template = file.file_template;
                request.allow_outside_root = file.allow_outside_root;
                print(write_version_file(&resolve(&file.options)?, &request)?)
            }
            Some(WriteTarget::Cargo(cargo)) => {
                let mut request = CargoRequest::new(location(&cargo.options));
                request.file = cargo.file;
                request.check = cargo.check;
                request.dry_run = cargo.dry_run;
                print(write_cargo(&resolve(&cargo.options)?, &request)?)
            }
            Some(WriteTarget::Pyproject(pyproject)) => {
                let mut request = PyprojectRequest::new(location(&pyproject.options));
                request.file = pyproject.file;
                request.keep_dynamic = pyproject.keep_dynamic;
                request.check = pyproject.check;
                request.dry_run = pyproject.dry_run;
                print(write_pyproject(&resolve(&pyproject.options)?, &request)?)
            }
        },
        Command::DockerTags(args) => {
            let mut request = DockerRequest::new();
            request.image = args.image;
            request.affixes = TagAffixes {
                prefix: args.prefix,
                suffix: args.suffix,
            };
            request.labels = args.labels;
            request.sha_tag = args.sha_tag;
            request.format = args.format.into();
            print(docker_tags(&resolve(&args.options)?, &request)?)
        }
        Command::CheckBump(args) => {
            let mut request = BumpRequest::new(location(&args.options));
            request.base = args.base;
            request.file = args.file;
            request.changelog = args.require_changelog;
            request.format = args.format.into();
            request.verbose = args.options.verbose;
            print(check_bump(&resolve(&args.options)?, &request)?)
        }
        Command::Completions(args) => completions(&args),
        Command::Man(args) => man(&args),
    }
}

/// Print an outcome: standard error first (explanations, notes), then standard output; exit 1
/// when its check said no.
fn print<T>(outcome: Outcome<T>) -> Result<ExitCode, Failure> {
    if !outcome.stderr.is_empty() {
        std::io::stderr().lock().write_all(outcome.stderr.as_bytes())?;
    }
    let mut stdout = std::io::stdout().lock();
    if stdout_was_closed() {
        return Err(Failure::Io(std::io::Error::other(
            "standard output is closed: nothing could be printed",
        )));
    }
    stdout.write_all(outcome.stdout.as_bytes())?;
    stdout.flush()?;
    let code = if outcome.passed {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_CHECK_FAILED)
    };
    // The process ends right after the command: freeing every tag the report looked at (tens
    // of thousands on some repositories) would cost a tenth of the whole run there.
    std::mem::forget(outcome);
    Ok(code)
}

/// Whether the process started with standard output closed (`scmver version >&-`). Rust's
/// runtime then opens `/dev/null` read-write in its place, so writes would succeed having
/// printed nothing; a shell's `>/dev/null` opens it write-only, which stays allowed.
#[cfg(unix)]
fn stdout_was_closed() -> bool {
    use std::os::unix::fs::MetadataExt;
    let (Ok(stdout), Ok(null)) = (std::fs::metadata("/dev/stdout"), std::fs::metadata("/dev/null")) else {
        return false;
    };
    // The access mode of descriptor 1, as the kernel reports it.
    let mode = std::fs::read_to_string("/proc/self/fdinfo/1")
        .ok()
        .and_then(|info| {
            info.lines()
                .find_map(|line| line.strip_prefix("flags:"))
                .and_then(|flags| u32::from_str_radix(flags.trim(), 8).ok())
        });
    stdout.rdev() == null.rdev() && mode.is_some_and(|flags| flags & 0o3 == 0o2)
}

#[cfg(not(unix))]
fn stdout_was_closed() -> bool {
    false
}

fn completions(args: &CompletionsArgs) -> Result<ExitCode, Failure> {
    // Generated into memory: clap_complete panics on a failed write (a closed pipe).
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "scmver", &mut script);
    std::io::stdout().lock().write_all(&script)?;
    Ok(ExitCode::SUCCESS)
}

fn man(args: &ManArgs) -> Result<ExitCode, Failure> {
    if let Some(dir) = &args.out_dir {
        clap_mangen::generate_to(Cli::command(), dir).map_err(|err| {
            std::io::Error::new(
                err.kind(),
                format!("cannot write man pages into `{}`: {err}", dir.display()),
            )
        })?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut page = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut page)?;
    std::io::stdout().lock().write_all(&page)?;
    Ok(ExitCode::SUCCESS)
}

fn location(options: &VersionOptions) -> ProjectLocation {
    ProjectLocation {
        dir: options.root.clone(),
        config_file: options.config.clone(),
    }
}

/// The options every command starts from: the flags as overrides, each named by its flag.
fn resolve(options: &VersionOptions) -> Result<scmver_core::Options, Failure> {
    let mut overrides = Overrides::default();
    overrides.version_scheme = options
        .version_scheme
        .map(|scheme| Sourced::given(scheme, "--version-scheme"));
    overrides.local_scheme = options
        .local_scheme
        .map(|scheme| Sourced::given(scheme, "--local-scheme"));
    overrides.tag_regex = options
        .tag_regex
        .clone()
        .map(|regex| Sourced::given(regex, "--tag-regex"));
    overrides.allow_shallow = options.allow_shallow;
    overrides.untracked_dirty = options.untracked_dirty;
    overrides.dev_number = options
        .dev_number
        .map(|number| Sourced::given(number, "--dev-number"));
    overrides.template = options
        .template
        .clone()
        .map(|template| Sourced::given(template, "--template"));
    overrides.branch = options.branch.clone();
    overrides.pipeline_id = options
        .pipeline_id
        .clone()
        .map(|id| Sourced::given(id, "--pipeline-id"));
    overrides.no_ci = options.no_ci;
    overrides.require_tag = options.require_tag;
    overrides.publishable = options.publishable;
    Ok(scmver_core::resolve_options(
        &location(options),
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
            Failure::Core(err) => match err.kind() {
                ErrorKind::CheckFailed => EXIT_CHECK_FAILED,
                ErrorKind::NoVersion | ErrorKind::Internal => EXIT_NO_VERSION,
                _ => EXIT_BAD_INPUT,
            },
            Failure::Io(_) => EXIT_BAD_INPUT,
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
        // One line on stderr: line breaks (multi-line parser messages) become spaces, any other
        // control character of a name in the message is shown escaped.
        plain(&text.replace(['\n', '\r'], " "))
    }
}
