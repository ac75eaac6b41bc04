//! Version → outputs: the renderings the CLI prints.

use std::fmt::Write as _;

use crate::config::{ConfigSource, Options};
use crate::report::{Origin, VersionReport};

/// The report as one JSON object (keys: `version`, `semver`, `public`, `tag`, `tag_version`,
/// `distance`, `node`, `sha`, `dirty`, `branch`, `exact`, `shallow`, `source`). Values that do
/// not apply (no repository, no tag) are `null`.
#[must_use]
pub fn to_json(report: &VersionReport) -> String {
    let state = report.state();
    let tag = state.and_then(|s| s.tag.as_ref());
    let source = match &report.origin {
        Origin::Repository { .. } => "repository".to_owned(),
        Origin::Pretend { variable } => format!("env:{variable}"),
        Origin::Fallback => "fallback_version".to_owned(),
    };
    let value = serde_json::json!({
        "version": report.version,
        "semver": report.semver.to_string(),
        "public": report.public(),
        "tag": tag.map(|t| t.name.clone()),
        "tag_version": tag.map(|t| t.version.to_string()),
        "distance": state.map(|s| s.distance),
        "node": state.and_then(|s| s.node()),
        "sha": state.and_then(|s| s.sha.clone()),
        "dirty": state.map(|s| s.dirty),
        "branch": state.and_then(|s| s.branch.clone()),
        "exact": state.map(|s| s.is_exact()),
        "shallow": state.map(|s| s.shallow),
        "source": source,
    });
    value.to_string()
}

/// A human explanation of how the version came about, one fact per line, for `--verbose`.
#[must_use]
pub fn explain(options: &Options, report: &VersionReport) -> String {
    let mut out = String::new();
    let config = match &options.source {
        ConfigSource::Scmver(path) => format!("[tool.scmver] in {}", path.display()),
        ConfigSource::SetuptoolsScm(path) => format!("[tool.setuptools_scm] in {}", path.display()),
        ConfigSource::Defaults => "none found, using defaults".to_owned(),
    };
    let _ = writeln!(out, "config: {config}");
    for key in &options.ignored_keys {
        let _ = writeln!(out, "config: `{key}` is not used by scmver");
    }
    let _ = writeln!(
        out,
        "schemes: {} + {}; tag regex `{}`, prefix `{}`, strict {}",
        options.version_scheme,
        options.local_scheme,
        options.tag_rule.pattern(),
        options.tag_rule.tag_prefix(),
        options.tag_rule.is_strict()
    );
    match &report.origin {
        Origin::Pretend { variable } => {
            let _ = writeln!(out, "version taken from {variable}; git was not read");
        }
        Origin::Fallback => {
            let _ = writeln!(
                out,
                "no git repository at or above {}; using fallback_version",
                options.search_dir.display()
            );
        }
        Origin::Repository {
            state,
            repo_root,
            candidates,
        } => {
            let _ = writeln!(out, "repository: {}", repo_root.display());
            for candidate in candidates {
                let verdict = match &candidate.verdict {
                    Ok(version) if candidate.chosen_for_commit => format!("version {version}"),
                    Ok(version) => {
                        format!("version {version}, but a higher version tag is on the same commit")
                    }
                    Err(rejection) => format!("skipped: {rejection}"),
                };
                let _ = writeln!(out, "tag {}: {verdict}", candidate.name);
            }
            match &state.tag {
                Some(tag) => {
                    let _ = writeln!(
                        out,
                        "nearest version tag: {} ({}), {} commit(s) before HEAD",
                        tag.name, tag.version, state.distance
                    );
                }
                None => {
                    let _ = writeln!(
                        out,
                        "no version tag reachable from HEAD; {} commit(s) counted",
                        state.distance
                    );
                }
            }
            let _ = writeln!(
                out,
                "HEAD: {}; branch: {}; dirty: {}; shallow: {}",
                state.sha.as_deref().unwrap_or("no commits"),
                state.branch.as_deref().unwrap_or("detached"),
                state.dirty,
                state.shallow
            );
        }
    }
    let _ = writeln!(out, "version: {} (SemVer {})", report.version, report.semver);
    out
}
