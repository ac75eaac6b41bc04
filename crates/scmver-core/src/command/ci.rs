//! `scmver ci`: every derived value of the build, exported for the CI.

use std::path::PathBuf;

use crate::command::version::compute;
use crate::command::{Outcome, placement};
use crate::error::Error;
use crate::fs::{append_to_file, write_atomic};
use crate::options::{ConfigError, Options};
use crate::output::ci::{
    ci_variables, render_dotenv, render_env, render_github_env, render_github_outputs, render_github_summary,
    render_variables_json,
};
use crate::output::explain::explain;

/// The file `--format gitlab` writes when the request names none.
pub const GITLAB_DOTENV: &str = "scmver.env";

/// Where the variables go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum CiFormat {
    /// `export SCMVER_VERSION='…'` lines for `eval`.
    #[default]
    Env,
    /// GitHub Actions step outputs, appended to the output file (`$GITHUB_OUTPUT`) and printed;
    /// a Markdown summary appended to `$GITHUB_STEP_SUMMARY` when set.
    Github,
    /// A dotenv file for GitLab's `artifacts:reports:dotenv` (default [`GITLAB_DOTENV`]),
    /// written and printed.
    Gitlab,
    /// One JSON object.
    Json,
}

/// What `scmver ci` is asked for.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct CiRequest {
    /// The format.
    pub format: CiFormat,
    /// The file for `Github` (appended; default `$GITHUB_OUTPUT`) or `Gitlab` (written;
    /// default [`GITLAB_DOTENV`]).
    pub output: Option<PathBuf>,
    /// Explain on standard error how the version came about.
    pub verbose: bool,
    /// Let the `Gitlab` file resolve outside the repository's work tree.
    pub allow_outside_root: bool,
    /// With `Github`, also append `SCMVER_*` variables to `$GITHUB_ENV` for later steps.
    pub github_env: bool,
}

impl CiRequest {
    /// A request for `format`, writing to `output` when the format writes a file.
    #[must_use]
    pub fn new(format: CiFormat, output: Option<PathBuf>, verbose: bool) -> Self {
        CiRequest {
            format,
            output,
            verbose,
            allow_outside_root: false,
            github_env: false,
        }
    }
}

/// `scmver ci`: the variables in the requested format; the GitHub format also appends them to
/// the output file, the GitLab format writes its dotenv file.
pub fn ci(options: &Options, request: &CiRequest) -> Result<Outcome<Vec<(&'static str, String)>>, Error> {
    let (repo, report) = compute(options)?;
    let variables = ci_variables(options, &report);
    let text = match request.format {
        CiFormat::Env => render_env(&variables)?,
        CiFormat::Json => format!("{}\n", render_variables_json(&variables)),
        CiFormat::Github => {
            let text = render_github_outputs(&variables)?;
            // Only this format reads $GITHUB_OUTPUT: a GitLab job must never write to it.
            // The runner's own file lives outside the work tree: any place but a git directory.
            let runner_files = placement(options, repo.as_ref(), true);
            let path = request.output.as_deref().or(options.github_output());
            if let Some(path) = path {
                append_to_file(path, text.as_bytes(), &runner_files)?;
            }
            if request.github_env {
                let env_text = render_github_env(&variables)?;
                let path = options.github_env().ok_or(ConfigError::GithubEnv)?;
                append_to_file(path, env_text.as_bytes(), &runner_files)?;
            }
            if let Some(path) = options.github_step_summary() {
                let summary = render_github_summary(&report, &variables);
                append_to_file(path, summary.as_bytes(), &runner_files)?;
            }
            text
        }
        CiFormat::Gitlab => {
            let text = render_dotenv(&variables)?;
            let path = request.output.clone().unwrap_or_else(|| GITLAB_DOTENV.into());
            let placement = placement(options, repo.as_ref(), request.allow_outside_root);
            write_atomic(&path, text.as_bytes(), &placement)?;
            text
        }
    };
    let explanation = if request.verbose {
        explain(options, &report)
    } else {
        String::new()
    };
    Ok(Outcome::printed(variables, text)
        .with_warnings(&report.warnings)
        .with_stderr(explanation))
}
