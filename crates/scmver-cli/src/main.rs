//! `scmver`: print and stamp versions derived from git. All logic lives in `scmver-core`; this
//! binary parses flags, calls one core function per subcommand and prints the result.

mod args;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory, Parser};
use scmver_core::{Environment, Error, Overrides, ProjectLocation, Timestamp};

use crate::args::{
    BumpFormat, CheckBumpArgs, CiArgs, CiFormat, Cli, Command, Format, FormatArgs, IsReleaseArgs,
    VersionArgs, VersionOptions,
};
use crate::args::{CompletionsArgs, ManArgs};
use crate::args::{DockerFormat, DockerTagsArgs, WriteArgs, WritePyprojectArgs, WriteTarget};

/// Exit code: a check said no.
const EXIT_CHECK_FAILED: u8 = 1;
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
        Command::IsRelease(args) => is_release(&args),
        Command::Ci(args) => ci(&args),
        Command::Format(args) => format(&args),
        Command::Write(args) => write(&args),
        Command::DockerTags(args) => docker_tags(&args),
        Command::CheckBump(args) => check_bump(&args),
        Command::Completions(args) => completions(&args),
        Command::Man(args) => man(&args),
    }
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

fn check_bump(args: &CheckBumpArgs) -> Result<ExitCode, Failure> {
    let request = scmver_core::bump::BumpRequest {
        options: resolve(&args.options)?,
        location: ProjectLocation {
            dir: args.options.root.clone(),
            config_file: args.options.config.clone(),
        },
        base: args.base.clone(),
        file: args.file.clone(),
        changelog: args.require_changelog.clone(),
    };
    let report = scmver_core::bump::check_bump(&request).map_err(Error::from)?;
    if args.options.verbose {
        write!(
            std::io::stderr().lock(),
            "{}",
            scmver_core::bump::explain_bump(&report)
        )?;
    }
    let text = match args.format {
        BumpFormat::Text => scmver_core::bump::render_bump_text(&report),
        BumpFormat::Json => scmver_core::bump::render_bump_json(&report),
        BumpFormat::Github => scmver_core::bump::render_bump_github(&report),
        BumpFormat::Gitlab => {
            // The report is redirected into a file; the job log still says what happened.
            write!(
                std::io::stderr().lock(),
                "{}",
                scmver_core::bump::render_bump_text(&report)
            )?;
            scmver_core::bump::render_bump_gitlab(&report)
        }
    };
    write!(std::io::stdout().lock(), "{text}")?;
    Ok(if report.passed() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_CHECK_FAILED)
    })
}

fn write(args: &WriteArgs) -> Result<ExitCode, Failure> {
    match &args.target {
        None => {
            let options = resolve(&args.options)?;
            for plan in scmver_core::stamp::plan_configured_version_files(&options)? {
                write_version_file(&plan)?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Some(WriteTarget::VersionFile(file)) => {
            let options = resolve(&file.options)?;
            let request = scmver_core::stamp::VersionFileRequest {
                path: file.path.clone(),
                template: file.file_template.clone(),
                allow_outside_root: file.allow_outside_root,
            };
            write_version_file(&scmver_core::stamp::plan_version_file(&options, &request)?)?;
            Ok(ExitCode::SUCCESS)
        }
        Some(WriteTarget::Pyproject(pyproject)) => write_pyproject(pyproject),
    }
}

fn write_version_file(plan: &scmver_core::stamp::VersionFilePlan) -> Result<(), Failure> {
    if plan.changed {
        scmver_core::stamp::write_atomic(&plan.path, plan.text.as_bytes()).map_err(Error::from)?;
    }
    writeln!(std::io::stdout().lock(), "{}", plan.summary())?;
    Ok(())
}

fn write_pyproject(args: &WritePyprojectArgs) -> Result<ExitCode, Failure> {
    let request = scmver_core::stamp::PyprojectRequest {
        location: ProjectLocation {
            dir: args.options.root.clone(),
            config_file: args.options.config.clone(),
        },
        file: args.file.clone(),
        keep_dynamic: args.keep_dynamic,
    };
    let plan = scmver_core::stamp::plan_pyproject(&resolve(&args.options)?, &request)?;
    let mut stdout = std::io::stdout().lock();
    if args.dry_run {
        write!(stdout, "{}", plan.diff())?;
    }
    if args.check {
        return Ok(match plan.mismatch() {
            Some(mismatch) => {
                writeln!(stdout, "{mismatch}")?;
                ExitCode::from(EXIT_CHECK_FAILED)
            }
            None => {
                writeln!(stdout, "{}", plan.summary())?;
                ExitCode::SUCCESS
            }
        });
    }
    if !args.dry_run {
        if plan.outcome.changed {
            scmver_core::stamp::write_atomic(&plan.path, plan.outcome.new_text.as_bytes())
                .map_err(Error::from)?;
        }
        if let Some(note) = plan.dynamic_note() {
            writeln!(std::io::stderr().lock(), "{note}")?;
        }
        writeln!(stdout, "{}", plan.summary())?;
    }
    Ok(ExitCode::SUCCESS)
}

fn docker_tags(args: &DockerTagsArgs) -> Result<ExitCode, Failure> {
    let options = resolve(&args.options)?;
    let request = scmver_core::docker::DockerRequest {
        image: args.image.clone(),
        affixes: scmver_core::docker::TagAffixes {
            prefix: args.prefix.clone(),
            suffix: args.suffix.clone(),
        },
        labels: args.labels,
    };
    let output = scmver_core::docker::docker_tags(&options, &request)?;
    let mut stdout = std::io::stdout().lock();
    match args.format {
        DockerFormat::Json => writeln!(stdout, "{}", output.to_json())?,
        DockerFormat::Lines if args.labels => write!(stdout, "{}", output.label_lines())?,
        DockerFormat::Lines => {
            for reference in output.references() {
                writeln!(stdout, "{reference}")?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn is_release(args: &IsReleaseArgs) -> Result<ExitCode, Failure> {
    let options = resolve(&args.options)?;
    let release = scmver_core::check_release(&options, args.pattern.as_deref())?;
    let verdict = if release.is_release {
        "release"
    } else {
        "not a release"
    };
    writeln!(std::io::stdout().lock(), "{verdict}: {}", release.reason)?;
    Ok(if release.is_release {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_CHECK_FAILED)
    })
}

fn ci(args: &CiArgs) -> Result<ExitCode, Failure> {
    let options = resolve(&args.options)?;
    let report = scmver_core::compute_version(&options)?;
    if args.options.verbose {
        write!(
            std::io::stderr().lock(),
            "{}",
            scmver_core::outputs::explain(&options, &report)
        )?;
    }
    let variables = scmver_core::outputs::ci_variables(&options, &report);
    let mut stdout = std::io::stdout().lock();
    match args.format {
        CiFormat::Env => write!(stdout, "{}", scmver_core::outputs::render_env(&variables))?,
        CiFormat::Json => writeln!(
            stdout,
            "{}",
            scmver_core::outputs::render_variables_json(&variables)
        )?,
        CiFormat::Github => {
            let text = scmver_core::outputs::render_github_outputs(&variables);
            // Only this format reads $GITHUB_OUTPUT: a GitLab job must never write to it.
            let path = args.output.clone().or_else(|| {
                std::env::var_os("GITHUB_OUTPUT")
                    .filter(|p| !p.is_empty())
                    .map(PathBuf::from)
            });
            if let Some(path) = &path {
                scmver_core::stamp::append_to_file(path, text.as_bytes()).map_err(Error::from)?;
            }
            write!(stdout, "{text}")?;
        }
        CiFormat::Gitlab => {
            let text = scmver_core::outputs::render_dotenv(&variables).map_err(Error::from)?;
            let path = args.output.clone().unwrap_or_else(|| "scmver.env".into());
            scmver_core::stamp::write_atomic(&path, text.as_bytes()).map_err(Error::from)?;
            write!(stdout, "{text}")?;
        }
    }
    exit_without_freeing(report);
    Ok(ExitCode::SUCCESS)
}

fn format(args: &FormatArgs) -> Result<ExitCode, Failure> {
    let options = resolve(&args.options)?;
    let text = scmver_core::format_template(&options, &args.text)?;
    writeln!(std::io::stdout().lock(), "{text}")?;
    Ok(ExitCode::SUCCESS)
}

fn version(args: &VersionArgs) -> Result<ExitCode, Failure> {
    let options = resolve(&args.options)?;
    let report = scmver_core::compute_version(&options)?;
    if args.options.verbose {
        write!(
            std::io::stderr().lock(),
            "{}",
            scmver_core::outputs::explain(&options, &report)
        )?;
    }
    let text = match args.format {
        Format::Pep440 => report.version.clone(),
        Format::Semver => report.semver.to_string(),
        Format::Json => scmver_core::outputs::to_json(&report),
    };
    writeln!(std::io::stdout().lock(), "{text}")?;
    exit_without_freeing(report);
    Ok(ExitCode::SUCCESS)
}

/// Leave `report` to the operating system: the process ends right after the command, and
/// freeing every tag it looked at (tens of thousands on some repositories, each with its
/// name and version) costs a tenth of the whole run there.
fn exit_without_freeing(report: scmver_core::VersionReport) {
    std::mem::forget(report);
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
        dev_number: options.dev_number.clone(),
        template: options.template.clone(),
        branch: options.branch.clone(),
        pipeline_id: options.pipeline_id.clone(),
        no_ci: options.no_ci,
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
            Failure::Core(err) if err.is_repository_error() => EXIT_NO_VERSION,
            Failure::Core(_) | Failure::Io(_) => EXIT_BAD_INPUT,
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
