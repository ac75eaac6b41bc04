//! Every derived value of a build as CI variables, and their encodings for each CI sink:
//! a POSIX shell (`eval`), GitHub's `$GITHUB_OUTPUT`, GitLab's dotenv report, JSON.

use std::fmt::Write as _;

use crate::options::Options;
use crate::output::docker::{TagAffixes, report_image_tags};
use crate::output::encode::{EncodeError, markdown_text, plain, shell_word, single_line};
use crate::version::report::VersionReport;
use crate::version::slug::slugify;

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
            report_image_tags(options, report, &TagAffixes::default())
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
        ("BRANCH_SLUG", text(branch.as_deref().map(slugify))),
        ("PIPELINE", text(options.ci().pipeline_id.clone())),
        ("IS_RELEASE", report.release.is_release.to_string()),
    ]
}

/// `export SCMVER_KEY='value'` lines, safe to `eval` in a POSIX shell; a value holding a
/// control character is refused ([`shell_word`]).
pub fn render_env(variables: &[(&str, String)]) -> Result<String, EncodeError> {
    let mut out = String::new();
    for (name, value) in variables {
        let name = format!("SCMVER_{name}");
        let _ = writeln!(out, "export {name}={}", shell_word(&name, value)?);
    }
    Ok(out)
}

/// GitHub Actions step outputs (`version=1.2.3`, lower-case names) for `$GITHUB_OUTPUT`, one
/// line each; a value that does not fit on one line is refused ([`single_line`]), so no value
/// can start another output or, echoed to the log, a workflow command.
pub fn render_github_outputs(variables: &[(&str, String)]) -> Result<String, EncodeError> {
    let mut out = String::new();
    for (name, value) in variables {
        let value = single_line(&format!("SCMVER_{name}"), value, "a GitHub Actions output file")?;
        let _ = writeln!(out, "{}={value}", name.to_ascii_lowercase());
    }
    Ok(out)
}

/// `SCMVER_KEY=value` lines for GitHub's `$GITHUB_ENV` (later steps see them as environment
/// variables); a value that does not fit on one line is refused ([`single_line`]).
pub fn render_github_env(variables: &[(&str, String)]) -> Result<String, EncodeError> {
    let mut out = String::new();
    for (name, value) in variables {
        let name = format!("SCMVER_{name}");
        let value = single_line(&name, value, "a GitHub Actions environment file")?;
        let _ = writeln!(out, "{name}={value}");
    }
    Ok(out)
}

/// A Markdown job summary for `$GITHUB_STEP_SUMMARY`: the version, its SemVer twin, the
/// Docker tags, and whether this is a release and why; every value as literal text.
#[must_use]
pub fn render_github_summary(report: &VersionReport, variables: &[(&str, String)]) -> String {
    let value = |name: &str| {
        variables
            .iter()
            .find(|(key, _)| *key == name)
            .map(|(_, value)| markdown_text(value))
            .unwrap_or_default()
    };
    let verdict = if report.release.is_release { "yes" } else { "no" };
    let mut out = String::new();
    let _ = writeln!(out, "### scmver: version {}\n", markdown_text(&report.version));
    let _ = writeln!(out, "| | |\n|---|---|");
    let _ = writeln!(out, "| version | {} |", markdown_text(&report.version));
    let _ = writeln!(out, "| SemVer | {} |", markdown_text(&report.semver.to_string()));
    let _ = writeln!(out, "| public version | {} |", markdown_text(&report.public()));
    let _ = writeln!(out, "| nearest tag | {} |", value("NEAREST_TAG"));
    let _ = writeln!(out, "| distance | {} |", value("DISTANCE"));
    let _ = writeln!(out, "| branch | {} |", value("BRANCH"));
    let _ = writeln!(
        out,
        "| Docker tags | {} |",
        value("DOCKER_TAGS").replace(',', ", ")
    );
    let _ = writeln!(
        out,
        "| release | {verdict}: {} |",
        markdown_text(&report.release.reason)
    );
    out
}

/// `SCMVER_KEY=value` lines for GitLab's `artifacts:reports:dotenv`; a value that does not fit
/// on one line is refused ([`single_line`]): the format has no escaping. So is a value that
/// starts or ends with a space, which GitLab strips when it reads the report.
pub fn render_dotenv(variables: &[(&str, String)]) -> Result<String, EncodeError> {
    let mut out = String::new();
    for (name, value) in variables {
        let name = format!("SCMVER_{name}");
        let value = single_line(&name, value, "a dotenv file")?;
        if value.starts_with(' ') || value.ends_with(' ') {
            return Err(EncodeError {
                problem: "a leading or trailing space",
                shown: plain(value),
                name,
                sink: "a dotenv file",
            });
        }
        let _ = writeln!(out, "{name}={value}");
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Found by fuzzing: GitLab strips the spaces around a dotenv value.
    #[test]
    fn dotenv_refuses_what_gitlab_would_strip() {
        for value in [" 1.2.3", "1.2.3 "] {
            let err = render_dotenv(&[("VERSION", value.to_owned())]).expect_err(value);
            assert_eq!(
                err.to_string(),
                format!(
                    "SCMVER_VERSION holds a leading or trailing space ({value}), which a dotenv file cannot carry safely: fix the branch or tag name, or set the branch"
                )
            );
        }
        assert_eq!(
            render_dotenv(&[("BRANCH", "a b".to_owned())]).as_deref(),
            Ok("SCMVER_BRANCH=a b\n")
        );
    }
}
