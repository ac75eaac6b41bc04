//! `scmver is-release`: whether this build is a release, for a publish step.

use crate::command::Outcome;
use crate::command::version::compute_version;
use crate::error::Error;
use crate::options::{ConfigError, Options};
use crate::version::release::Release;

/// What `scmver is-release` is asked for.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct IsReleaseRequest {
    /// Also require the version to match this regex (`^[0-9]+\.[0-9]+\.[0-9]+$`: final
    /// releases only).
    pub pattern: Option<String>,
}

impl IsReleaseRequest {
    /// A request with an optional version pattern.
    #[must_use]
    pub fn new(pattern: Option<String>) -> Self {
        IsReleaseRequest { pattern }
    }
}

/// `scmver is-release`: the build's release status, additionally requiring the version to
/// match the request's pattern when given. Passed when it is a release; one line saying why
/// (or why not).
pub fn is_release(options: &Options, request: &IsReleaseRequest) -> Result<Outcome<Release>, Error> {
    let regex = request
        .pattern
        .as_deref()
        .map(|pattern| {
            regex::Regex::new(pattern).map_err(|source| ConfigError::ReleasePattern {
                pattern: pattern.to_owned(),
                source,
            })
        })
        .transpose()?;
    let report = compute_version(options)?;
    let release = match regex {
        Some(regex) if report.release.is_release && !regex.is_match(&report.version) => Release::no(format!(
            "{}, but the version `{}` does not match the pattern `{}`",
            report.release.reason,
            report.version,
            regex.as_str()
        )),
        _ => report.release,
    };
    let verdict = if release.is_release {
        "release"
    } else {
        "not a release"
    };
    let text = format!("{verdict}: {}\n", release.reason);
    let passed = release.is_release;
    Ok(Outcome::printed(release, text).passed(passed))
}
