//! Print the version of a project, as `scmver version` does: the PEP 440 string, its SemVer twin
//! and where it came from.
//!
//! ```sh
//! cargo run -p scmver-core --example print_version -- path/to/project
//! ```
//!
//! The path defaults to the current directory; its `pyproject.toml` (`[tool.scmver]`, else
//! `[tool.setuptools_scm]`) is read if present, and the repository is searched from it upwards.

use std::path::PathBuf;
use std::process::ExitCode;

use scmver_core::version::report::Origin;
use scmver_core::{Environment, Overrides, ProjectLocation, Timestamp, compute_version, resolve_options};

fn main() -> ExitCode {
    let dir = std::env::args_os()
        .nth(1)
        .map_or_else(|| PathBuf::from("."), PathBuf::from);
    match print_version(dir) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            // The error's own text names the input; its causes follow.
            eprint!("error: {err}");
            let mut source = std::error::Error::source(&err);
            while let Some(cause) = source {
                eprint!(": {cause}");
                source = cause.source();
            }
            eprintln!();
            ExitCode::FAILURE
        }
    }
}

fn print_version(dir: PathBuf) -> Result<(), scmver_core::Error> {
    let location = ProjectLocation {
        dir,
        config_file: None,
    };
    // The process environment carries SCMVER_PRETEND_VERSION, SOURCE_DATE_EPOCH and CI variables.
    let options = resolve_options(
        &location,
        &Overrides::default(),
        &Environment::from_process(),
        Timestamp::now(),
    )?;
    let report = compute_version(&options)?;
    println!("version: {}", report.version);
    println!("semver:  {}", report.semver);
    println!("public:  {}", report.public());
    match &report.origin {
        Origin::Repository { repo_root, .. } => println!("from:    {}", repo_root.display()),
        Origin::Pretend { variable } => println!("from:    ${variable}"),
        Origin::Fallback => println!("from:    fallback_version"),
        _ => println!("from:    elsewhere"),
    }
    println!("release: {}", report.release.is_release);
    Ok(())
}
