//! Version → outputs: the renderings the CLI prints.

use std::fmt::Write as _;

use crate::config::{ConfigSource, Options};
use crate::report::{Origin, VersionReport};

/// The report as one JSON object (keys: `version`, `semver`, `public`, `tag`, `tag_version`,
/// `distance`, `node`, `sha`, `dirty`, `branch`, `exact`, `shallow`, `is_release`, `source`).
/// `exact` is the repository fact (HEAD on the tag, clean); `is_release` also applies the CI
/// release guard. Values that do
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
        "is_release": report.release.is_release,
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
    match options.ci.provider {
        Some(provider) => {
            let _ = writeln!(
                out,
                "CI: {provider}; pipeline: {}; ref: {}; tag build: {}; pull request: {}",
                options.ci.pipeline_id.as_deref().unwrap_or("none"),
                options.ci.ref_name.as_deref().unwrap_or("none"),
                options.ci.is_tag_build(),
                options.ci.pull_request.as_deref().unwrap_or("none"),
            );
        }
        None => {
            let _ = writeln!(out, "CI: not detected");
        }
    }
    let _ = writeln!(
        out,
        "release: {} ({})",
        report.release.is_release, report.release.reason
    );
    let _ = writeln!(out, "version: {} (SemVer {})", report.version, report.semver);
    out
}

/// Every derived value of a build, for CI systems, in a fixed order. Names are upper-case
/// without the `SCMVER_` prefix (`VERSION`, `IS_RELEASE`, …); values that do not apply are empty.
///
/// The nearest tag is exported as `NEAREST_TAG`, not `TAG`: `SCMVER_TAG` is an input meaning
/// "this run builds that tag", and a later scmver call in the same job must not mistake an
/// exported value for it. `SCMVER_BRANCH` means the same as input and output.
#[must_use]
pub fn ci_variables(options: &Options, report: &VersionReport) -> Vec<(&'static str, String)> {
    let state = report.state();
    let text = |value: Option<String>| value.unwrap_or_default();
    let branch = state.and_then(|s| s.branch.clone());
    vec![
        ("VERSION", report.version.clone()),
        ("SEMVER", report.semver.to_string()),
        ("PUBLIC_VERSION", report.public()),
        ("DOCKER_VERSION", report.version.replace('+', "-")),
        // What `scmver docker-tags` prints, comma-separated (empty when it would fail), so one
        // run before anything is stamped (and the tree made dirty) fixes version and tags alike.
        (
            "DOCKER_TAGS",
            crate::plan::report_image_tags(options, report, &crate::docker::TagAffixes::default())
                .map(|tags| tags.join(","))
                .unwrap_or_default(),
        ),
        (
            "NEAREST_TAG",
            text(state.and_then(|s| s.tag.as_ref().map(|t| t.name.clone()))),
        ),
        ("DISTANCE", text(state.map(|s| s.distance.to_string()))),
        ("SHA", text(state.and_then(|s| s.sha.clone()))),
        ("BRANCH", text(branch.clone())),
        ("BRANCH_SLUG", text(branch.as_deref().map(crate::slugify))),
        ("PIPELINE", text(options.ci.pipeline_id.clone())),
        ("IS_RELEASE", report.release.is_release.to_string()),
    ]
}

/// A value cannot be exported safely in the requested format.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "SCMVER_{name} holds a line break or control character ({value:?}), which a dotenv file cannot carry safely: fix the branch or tag name, or pass --branch"
)]
pub struct ExportError {
    name: String,
    value: String,
}

/// `export SCMVER_KEY='value'` lines, safe to `eval` in a POSIX shell whatever the values hold.
#[must_use]
pub fn render_env(variables: &[(&str, String)]) -> String {
    variables.iter().fold(String::new(), |mut out, (name, value)| {
        let _ = writeln!(out, "export SCMVER_{name}='{}'", value.replace('\'', r"'\''"));
        out
    })
}

/// GitHub Actions step outputs (`version=1.2.3`, lower-case names) for `$GITHUB_OUTPUT`.
/// A value with a line break uses the `name<<DELIMITER` form with a delimiter the value does not
/// contain, so no value can start a new output.
#[must_use]
pub fn render_github_outputs(variables: &[(&str, String)]) -> String {
    let mut out = String::new();
    for (name, value) in variables {
        let key = name.to_ascii_lowercase();
        if value.contains(['\n', '\r']) {
            let mut delimiter = String::from("SCMVER_EOF");
            while value.contains(&delimiter) {
                delimiter.push('_');
            }
            let _ = write!(out, "{key}<<{delimiter}\n{value}\n{delimiter}\n");
        } else {
            let _ = writeln!(out, "{key}={value}");
        }
    }
    out
}

/// `SCMVER_KEY=value` lines for GitLab's `artifacts:reports:dotenv`. Values holding control
/// characters are refused: the format has no escaping.
pub fn render_dotenv(variables: &[(&str, String)]) -> Result<String, ExportError> {
    let mut out = String::new();
    for (name, value) in variables {
        if value.chars().any(char::is_control) {
            return Err(ExportError {
                name: (*name).to_owned(),
                value: value.clone(),
            });
        }
        let _ = writeln!(out, "SCMVER_{name}={value}");
    }
    Ok(out)
}

/// The variables as one JSON object with `SCMVER_` names.
#[must_use]
pub fn render_variables_json(variables: &[(&str, String)]) -> String {
    let map: serde_json::Map<String, serde_json::Value> = variables
        .iter()
        .map(|(name, value)| (format!("SCMVER_{name}"), serde_json::Value::String(value.clone())))
        .collect();
    serde_json::Value::Object(map).to_string()
}
