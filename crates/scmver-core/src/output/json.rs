//! The report as one JSON object.

use crate::version::report::{Origin, VersionReport};

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
        Origin::Archive { .. } => "git_archival".to_owned(),
        Origin::PkgInfo { .. } => "pkg_info".to_owned(),
        Origin::ParentDir { .. } => "parentdir_prefix_version".to_owned(),
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
