//! Facts → version, pure: the schemes, templates, release decision and SemVer twin turn what
//! the repository said ([`Reading`]) and the [`Options`] into a [`VersionReport`].
//!
//! Nothing here reads git, files, the clock or the environment.

pub mod bump;
pub mod release;
pub mod report;
pub mod scheme;
pub mod semver_twin;
pub mod slug;
pub mod template;

use std::str::FromStr;

use crate::options::source::Source;
use crate::options::{ConfigError, DevNumber, Options};
use crate::repo::state::Reading;
use crate::version::release::{Release, is_guarded, release_status};
use crate::version::report::{Origin, VersionReport};
use crate::version::scheme::{RenderOptions, SchemeError, render};
use crate::version::template::{TemplateError, render_template, template_fields};

/// The facts cannot be turned into a version with these options.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum VersionError {
    /// The version scheme cannot produce a valid version from these facts.
    #[error(transparent)]
    Scheme(#[from] SchemeError),
    /// The version template is unusable or renders an invalid version.
    #[error(transparent)]
    Template(#[from] TemplateError),
    /// A setting cannot be applied (`dev_number = "pipeline"` without a numeric pipeline ID).
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// A bug in scmver: please report it.
    #[error("internal error: {0}")]
    Internal(String),
}

/// The version of a pretend-version variable, when one is set: git is not read.
pub fn pretended(options: &Options) -> Result<Option<VersionReport>, VersionError> {
    let Some(pretend) = options.pretend_version() else {
        return Ok(None);
    };
    let variable = match &pretend.source {
        Source::Env(name) => name.clone(),
        other => other.to_string(),
    };
    let release = Release::no(format!("the version comes from {variable}, not from a tag"));
    VersionReport::new(pretend.value.clone(), Origin::Pretend { variable }, release).map(Some)
}

/// The version when there is no repository: `fallback_version`, when set.
pub fn fallback(options: &Options) -> Result<Option<VersionReport>, VersionError> {
    let Some(fallback) = options.fallback_version() else {
        return Ok(None);
    };
    let release = Release::no("there is no git repository; fallback_version was used".to_owned());
    VersionReport::new(fallback.to_string(), Origin::Fallback, release).map(Some)
}

/// The version for what the repository said: the schemes (or the template) applied to the
/// facts, with the branch from CI when it knows one, and the release decision.
///
/// When CI is detected and the run is not a tag build, a commit that carries a release tag
/// still gets a development version (`1.3.0` → `1.3.1.dev0+g…`); `release_on_branch_builds`
/// turns this off.
pub fn from_reading(options: &Options, reading: Reading) -> Result<VersionReport, VersionError> {
    let mut state = reading.state;
    // Flag, then CI (which recovers the branch of a detached checkout), then HEAD.
    if let Some(branch) = &options.ci().branch {
        state.branch = Some(branch.clone());
    }
    let guarded = is_guarded(options);
    let release = release_status(&state, options, guarded);
    let version = match &options.template {
        Some(template) => {
            let rendered = render_template(&template.value, &template_fields(&state, options))?;
            pep440_rs::Version::from_str(&rendered).map_err(|err| TemplateError::NotPep440 {
                template: template.value.clone(),
                result: rendered.clone(),
                reason: err.to_string(),
            })?;
            rendered
        }
        None => render(
            &state,
            &RenderOptions {
                version_scheme: options.version_scheme(),
                local_scheme: options.local_scheme(),
                fallback_version: options.fallback_version(),
                now: options.now(),
                tag_rule: options.tag_rule(),
                dev_number: dev_number(options)?,
                allow_exact: !guarded,
            },
        )?,
    };
    let origin = Origin::Repository {
        state,
        repo_root: reading.repo_root,
        candidates: reading.candidates,
    };
    let mut report = VersionReport::new(version, origin, release)?;
    report.warnings = reading.warnings;
    Ok(report)
}

/// The number that replaces the distance in `.devN`, per `dev_number`.
fn dev_number(options: &Options) -> Result<Option<u64>, ConfigError> {
    let pipeline = options.ci().pipeline_id.as_deref();
    let parse = |id: &str| {
        id.parse::<u64>().map_err(|_| ConfigError::PipelineId {
            value: id.to_owned(),
            origin: options.pipeline_source.clone(),
        })
    };
    match (options.dev_number(), pipeline) {
        (DevNumber::Distance, _) => Ok(None),
        (DevNumber::Pipeline | DevNumber::PipelineOrDistance, Some(id)) => parse(id).map(Some),
        (DevNumber::Pipeline, None) => Err(ConfigError::NoPipelineId {
            dev_number: options.dev_number.source.clone(),
        }),
        (DevNumber::PipelineOrDistance, None) => Ok(None),
    }
}
