//! The one call that turns options into a version: pretend version, else repository facts and
//! schemes, else the fallback version.

use std::str::FromStr;

use crate::Error;
use crate::config::Options;
use crate::git::{GitError, read_state};
use crate::report::{Origin, VersionReport};
use crate::scheme::{RenderOptions, render};
use crate::semver_map::to_semver;

/// Compute the version for `options` (see [`crate::resolve_options`]).
///
/// Order, as in setuptools_scm: a pretend version wins; else the repository at or above
/// [`Options::search_dir`] is read; without a repository, `fallback_version` is used, and
/// without that the error says how to fix it.
pub fn compute_version(options: &Options) -> Result<VersionReport, Error> {
    if let Some((value, variable)) = &options.pretend_version {
        return report(
            value.clone(),
            Origin::Pretend {
                variable: variable.clone(),
            },
        );
    }
    let reading = match read_state(&options.search_dir, &options.tag_rule, options.read) {
        Ok(reading) => reading,
        Err(GitError::NotARepository { .. }) if options.fallback_version.is_some() => {
            let fallback = options
                .fallback_version
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default();
            return report(fallback, Origin::Fallback);
        }
        Err(err) => return Err(err.into()),
    };
    let version = render(
        &reading.state,
        &RenderOptions {
            version_scheme: options.version_scheme,
            local_scheme: options.local_scheme,
            fallback_version: options.fallback_version.as_ref(),
            now: options.now,
            tag_rule: &options.tag_rule,
        },
    )?;
    report(
        version,
        Origin::Repository {
            state: reading.state,
            repo_root: reading.repo_root,
            candidates: reading.candidates,
        },
    )
}

fn report(version: String, origin: Origin) -> Result<VersionReport, Error> {
    // Every path above validated the string already; a failure here is a bug, reported as one.
    let pep440 = pep440_rs::Version::from_str(&version)
        .map_err(|err| Error::Internal(format!("`{version}` did not parse as PEP 440: {err}")))?;
    let semver = to_semver(&pep440);
    Ok(VersionReport {
        version,
        pep440,
        semver,
        origin,
    })
}
