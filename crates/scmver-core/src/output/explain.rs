//! A human explanation of how a version came about, for `--verbose`.

use std::fmt::Write as _;

use crate::options::{ConfigSource, Options};
use crate::output::encode::plain;
use crate::version::report::{Origin, VersionReport};

/// A human explanation of how the version came about, one fact per line, for `--verbose`.
#[must_use]
pub fn explain(options: &Options, report: &VersionReport) -> String {
    let mut out = String::new();
    let config = match options.config_source() {
        ConfigSource::Scmver(path) => format!("[tool.scmver] in {}", path.display()),
        ConfigSource::SetuptoolsScm(path) => format!("[tool.setuptools_scm] in {}", path.display()),
        ConfigSource::VcsVersioning(path) => format!("[tool.vcs-versioning] in {}", path.display()),
        ConfigSource::Hatch(path) => format!("[tool.hatch.version] (hatch-vcs) in {}", path.display()),
        ConfigSource::Defaults => "none found, using defaults".to_owned(),
    };
    let _ = writeln!(out, "config: {config}");
    for key in options.ignored_keys() {
        let _ = writeln!(out, "config: `{key}` is not used by scmver");
    }
    let _ = writeln!(
        out,
        "schemes: {} + {}; tag regex `{}`, prefix `{}`, strict {}",
        options.version_scheme(),
        options.local_scheme(),
        options.tag_rule().pattern(),
        options.tag_rule().tag_prefix(),
        options.tag_rule().is_strict()
    );
    match &report.origin {
        Origin::Pretend { variable } => {
            let _ = writeln!(out, "version taken from {variable}; git was not read");
        }
        Origin::Fallback => {
            let _ = writeln!(
                out,
                "no git repository at or above {}; using fallback_version",
                options.search_dir().display()
            );
        }
        Origin::Archive { path, .. } => {
            let _ = writeln!(
                out,
                "no git repository; version from the git archive's {}",
                path.display()
            );
        }
        Origin::PkgInfo { path } => {
            let _ = writeln!(out, "version taken from the sdist's {}", path.display());
        }
        Origin::ParentDir { dir } => {
            let _ = writeln!(
                out,
                "no git repository; version from the directory name {} (parentdir_prefix_version)",
                dir.display()
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
                let _ = writeln!(out, "tag {}: {verdict}", plain(&candidate.name));
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
                plain(state.branch.as_deref().unwrap_or("detached")),
                state.dirty,
                state.shallow
            );
        }
    }
    let ci = options.ci();
    match ci.provider {
        Some(provider) => {
            let _ = writeln!(
                out,
                "CI: {provider}; pipeline: {}; ref: {}; tag build: {}; pull request: {}",
                plain(ci.pipeline_id.as_deref().unwrap_or("none")),
                plain(ci.ref_name.as_deref().unwrap_or("none")),
                ci.is_tag_build(),
                plain(ci.pull_request.as_deref().unwrap_or("none")),
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
