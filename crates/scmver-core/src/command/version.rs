//! `scmver version`, and the computation every other command starts from.

use crate::command::Outcome;
use crate::error::Error;
use std::path::{Path, PathBuf};

use crate::options::{ConfigError, Options};
use crate::output::explain::explain;
use crate::output::json::to_json;
use crate::repo::archive::{read_archival, read_pkg_info};
use crate::repo::state::read_state;
use crate::repo::{Repo, RepoError};
use crate::version::report::VersionReport;
use crate::version::{fallback, from_archival, from_parent_dir, from_pkg_info, from_reading, pretended};

/// Compute the version for `options` (see [`crate::resolve_options`]).
///
/// Order, as in setuptools_scm: a pretend version wins; else the repository at or above
/// [`Options::search_dir`] is read; without a repository, `fallback_version` is used, and
/// without that the error says how to fix it.
///
/// When CI is detected and the run is not a tag build, a commit that carries a release tag
/// still gets a development version (`1.3.0` → `1.3.1.dev0+g…`), so a branch pipeline and a
/// tag pipeline on the same commit never upload the same version; `release_on_branch_builds`
/// turns this off.
pub fn compute_version(options: &Options) -> Result<VersionReport, Error> {
    compute(options).map(|(_, report)| report)
}

/// [`compute_version`], keeping the repository it found (`None` without one) for commands
/// that read more from it or write beside it.
pub(crate) fn compute(options: &Options) -> Result<(Option<Repo>, VersionReport), Error> {
    compute_in(
        options,
        Repo::discover_with(options.search_dir(), options.discovery()),
    )
}

/// [`compute`] with the repository already looked for (commands that check a file's
/// placement against the repository before reading it).
pub(crate) fn compute_in(
    options: &Options,
    discovered: Result<Repo, RepoError>,
) -> Result<(Option<Repo>, VersionReport), Error> {
    if let Some(report) = pretended(options)? {
        return Ok((discovered.ok(), report));
    }
    let dir = options.search_dir();
    let repo = match discovered {
        Ok(repo) => {
            // An sdist unpacked inside an unrelated checkout: its own PKG-INFO, not the
            // enclosing repository's history, says its version.
            if !is_work_tree_root(&repo, dir)
                && let Some(report) = sdist_version(options, dir, true)?
            {
                return Ok((Some(repo), report));
            }
            repo
        }
        Err(err @ RepoError::NotARepository { .. }) => {
            return match without_repository(options, dir)? {
                Some(report) => Ok((None, report)),
                None => Err(err.into()),
            };
        }
        Err(err) => return Err(err.into()),
    };
    let reading = read_state(&repo, options.tag_rule(), options.read())?;
    let report = from_reading(options, reading)?;
    Ok((Some(repo), report))
}

/// Without a repository, in setuptools_scm's order: a `git archive` export's
/// `.git_archival.txt`, an unpacked sdist's `PKG-INFO`, `parentdir_prefix_version`,
/// `fallback_version`.
fn without_repository(options: &Options, dir: &Path) -> Result<Option<VersionReport>, Error> {
    let unreadable = |path: PathBuf| move |source| ConfigError::Read { path, source };
    if let Some(archival) = read_archival(dir).map_err(unreadable(dir.join(".git_archival.txt")))?
        && let Some(report) = from_archival(options, &archival)?
    {
        return Ok(Some(report));
    }
    if let Some(report) = sdist_version(options, dir, false)? {
        return Ok(Some(report));
    }
    let absolute = std::path::absolute(dir).unwrap_or_else(|_| dir.to_owned());
    if let Some(report) = from_parent_dir(options, &absolute)? {
        return Ok(Some(report));
    }
    Ok(fallback(options)?)
}

/// The version of the `PKG-INFO` in `dir`; when `same_name`, only if its `Name` is the
/// project's (PEP 503 normalized).
fn sdist_version(options: &Options, dir: &Path, same_name: bool) -> Result<Option<VersionReport>, Error> {
    let pkg_info = read_pkg_info(dir).map_err(|source| ConfigError::Read {
        path: dir.join("PKG-INFO"),
        source,
    })?;
    let Some(pkg_info) = pkg_info else {
        return Ok(None);
    };
    if same_name {
        let normalize = |name: &str| {
            name.to_ascii_lowercase()
                .split(['-', '_', '.'])
                .filter(|part| !part.is_empty())
                .collect::<Vec<_>>()
                .join("-")
        };
        let matches = match (options.dist_name(), pkg_info.name.as_deref()) {
            (Some(project), Some(name)) => normalize(project) == normalize(name),
            _ => false,
        };
        if !matches {
            return Ok(None);
        }
    }
    Ok(from_pkg_info(&pkg_info)?)
}

/// `dir` is the repository's work tree root (not a directory inside it).
fn is_work_tree_root(repo: &Repo, dir: &Path) -> bool {
    match (std::fs::canonicalize(repo.root()), std::fs::canonicalize(dir)) {
        (Ok(root), Ok(dir)) => root == dir,
        _ => true,
    }
}

/// How `scmver version` prints the version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum VersionFormat {
    /// The PEP 440 version, as setuptools_scm prints it.
    #[default]
    Pep440,
    /// The SemVer 2.0 twin (`1.2.4-dev.5+g1a2b3c4d5`).
    Semver,
    /// One JSON object with the version and the facts behind it.
    Json,
}

/// What `scmver version` is asked for.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct VersionRequest {
    /// The output format.
    pub format: VersionFormat,
    /// Explain on standard error how the version came about.
    pub verbose: bool,
}

impl VersionRequest {
    /// A request for `format`, explained when `verbose`.
    #[must_use]
    pub fn new(format: VersionFormat, verbose: bool) -> Self {
        VersionRequest { format, verbose }
    }
}

/// `scmver version`: the version in the requested format, and the explanation when asked.
pub fn version(options: &Options, request: &VersionRequest) -> Result<Outcome<VersionReport>, Error> {
    let report = compute_version(options)?;
    let mut text = match request.format {
        VersionFormat::Pep440 => report.version.clone(),
        VersionFormat::Semver => report.semver.to_string(),
        VersionFormat::Json => to_json(&report),
    };
    text.push('\n');
    let explanation = if request.verbose {
        explain(options, &report)
    } else {
        String::new()
    };
    let warnings = report.warnings.clone();
    Ok(Outcome::printed(report, text)
        .with_warnings(&warnings)
        .with_stderr(explanation))
}
