//! [`BumpReport`] → text, JSON, GitHub workflow annotations, GitLab Code Quality report.
//!
//! Pure: each renderer returns the whole output, newline-terminated.

use std::fmt::Write as _;

use serde_json::{Value, json};

use crate::output::encode::{annotation_data, annotation_property, plain};
use crate::version::bump::{
    BaseState, BumpReport, ChangelogCheck, ChangelogOutcome, DeclaredVersion, Verdict,
};

/// One line per check: the verdict (`1.2.3 -> 1.3.0 (minor)`, or why it failed, naming both
/// versions, the file, the merge base and a suggested version), then the changelog check.
#[must_use]
pub fn render_bump_text(report: &BumpReport) -> String {
    findings(report).iter().fold(String::new(), |mut out, finding| {
        let _ = writeln!(out, "{}", plain(&finding.message));
        out
    })
}

/// GitHub Actions output: a failed check is an `::error file=…,line=N,title=…::message`
/// workflow command (shown on the pull request's diff); a passed one is a plain log line.
#[must_use]
pub fn render_bump_github(report: &BumpReport) -> String {
    let mut out = String::new();
    for finding in findings(report) {
        match &finding.failure {
            None => {
                let _ = writeln!(out, "{}", plain(&finding.message));
            }
            Some(failure) => {
                let line = failure
                    .line
                    .map(|line| format!(",line={line}"))
                    .unwrap_or_default();
                let _ = writeln!(
                    out,
                    "::error file={}{line},title={}::{}",
                    annotation_property(&failure.file),
                    annotation_property(failure.title),
                    annotation_data(&finding.message)
                );
            }
        }
    }
    out
}

/// A GitLab Code Quality report (`artifacts:reports:codequality`): a JSON array with one issue
/// per failed check (`description`, `check_name`, `fingerprint`, `severity`, `location.path`,
/// `location.lines.begin`); `[]` when everything passed. The fingerprint hashes the check and
/// the file only, so the same problem keeps its identity across pushes.
#[must_use]
pub fn render_bump_gitlab(report: &BumpReport) -> String {
    let issues: Vec<Value> = findings(report)
        .into_iter()
        .filter_map(|finding| {
            let failure = finding.failure?;
            Some(json!({
                "description": finding.message,
                "check_name": failure.check,
                "fingerprint": fingerprint(&[failure.check, &failure.file]),
                "severity": "major",
                "location": {
                    "path": failure.file,
                    "lines": { "begin": failure.line.unwrap_or(1) },
                },
            }))
        })
        .collect();
    format!("{}\n", Value::Array(issues))
}

/// The report as one JSON object: `passed`, `verdict` (`bumped`, `not-bumped`, `lowered`,
/// `dynamic`, `new`), `kind`, `message`, `old` and `new` (`version`, `file`, `line`, `key`),
/// `suggested`, `ordering` (`pep440`, `semver`), `tool` (for a version derived from tags),
/// `base_state` (for `new`: `missing`, `undeclared`, `dynamic`), `base` (`ref`, `commit`,
/// `merge_base`, `head`, `shallow`) and `changelog` (`file`, `passed`, `line`, `message`).
/// Fields that do not apply are `null`.
#[must_use]
pub fn render_bump_json(report: &BumpReport) -> String {
    let declared = |version: &DeclaredVersion| {
        json!({
            "version": version.text,
            "file": version.file,
            "line": version.line,
            "key": version.key,
        })
    };
    let (verdict, kind, old, new, suggested, tool, base_state) = match &report.verdict {
        Verdict::Bumped { old, new, kind } => (
            "bumped",
            Some(kind.name()),
            Some(old),
            Some(new),
            None,
            None,
            None,
        ),
        Verdict::NotBumped { old, new, suggested } => (
            "not-bumped",
            None,
            Some(old),
            Some(new),
            Some(suggested),
            None,
            None,
        ),
        Verdict::Lowered { old, new, suggested } => {
            ("lowered", None, Some(old), Some(new), Some(suggested), None, None)
        }
        Verdict::Dynamic { tool, .. } => ("dynamic", None, None, None, None, Some(tool.as_str()), None),
        Verdict::New { new, base } => {
            let (state, tool) = match base {
                BaseState::Missing => ("missing", None),
                BaseState::Undeclared => ("undeclared", None),
                BaseState::Dynamic { tool } => ("dynamic", Some(tool.as_str())),
            };
            ("new", None, None, Some(new), None, tool, Some(state))
        }
    };
    let findings = findings(report);
    let changelog = report.changelog.as_ref().map(|check| {
        json!({
            "file": check.file,
            "passed": check.passed(),
            "line": match check.outcome {
                ChangelogOutcome::Heading { line, .. } | ChangelogOutcome::Gained { line } => Some(line),
                ChangelogOutcome::NoHeading { .. } | ChangelogOutcome::NotGained => None,
            },
            "message": findings.get(1).map(|f| f.message.clone()),
        })
    });
    let value = json!({
        "passed": report.passed(),
        "verdict": verdict,
        "kind": kind,
        "message": findings.first().map(|f| f.message.clone()),
        "old": old.map(declared),
        "new": new.map(declared),
        "suggested": suggested,
        "ordering": new.map(|v| match v.version.ordering() {
            crate::version::bump::VersionOrdering::Pep440 => "pep440",
            crate::version::bump::VersionOrdering::SemVer => "semver",
        }),
        "tool": tool,
        "base_state": base_state,
        "base": {
            "ref": report.base.name,
            "commit": report.base.tip,
            "merge_base": report.base.merge_base,
            "head": report.base.head,
            "shallow": report.base.shallow,
        },
        "changelog": changelog,
    });
    format!("{value}\n")
}

/// How the comparison came about, one fact per line, for `--verbose`.
#[must_use]
pub fn explain_bump(report: &BumpReport) -> String {
    let base = &report.base;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "base: `{}` at {}; merge base with HEAD ({}): {}{}",
        base.name,
        base.tip,
        base.head,
        base.merge_base,
        if base.shallow { "; shallow clone" } else { "" }
    );
    let describe = |version: &DeclaredVersion| {
        let key = if version.key.is_empty() {
            String::new()
        } else {
            format!(" `{}`", version.key)
        };
        format!(
            "{} (line {}{key}): {} ({} ordering)",
            version.file,
            version.line,
            version.text,
            version.version.ordering()
        )
    };
    match &report.verdict {
        Verdict::Bumped { old, new, .. }
        | Verdict::NotBumped { old, new, .. }
        | Verdict::Lowered { old, new, .. } => {
            let _ = writeln!(out, "work tree: {}", describe(new));
            let _ = writeln!(out, "merge base: {}", describe(old));
        }
        Verdict::Dynamic { file, tool } => {
            let _ = writeln!(out, "work tree: {file}: derived from git tags by {tool}");
        }
        Verdict::New { new, base } => {
            let _ = writeln!(out, "work tree: {}", describe(new));
            let _ = writeln!(out, "merge base: {}", base_state(base));
        }
    }
    out
}

/// One check's outcome: its message and, when it failed, where to annotate.
struct Finding {
    message: String,
    failure: Option<Failure>,
}

struct Failure {
    /// `scmver/version-not-bumped`, …: GitLab's `check_name`.
    check: &'static str,
    /// GitHub's annotation title.
    title: &'static str,
    file: String,
    line: Option<usize>,
}

/// The verdict, then the changelog check when there is one.
fn findings(report: &BumpReport) -> Vec<Finding> {
    let place = report.base_place();
    let mut findings = vec![verdict_finding(&report.verdict, &place)];
    if let Some(check) = &report.changelog {
        findings.push(changelog_finding(check, report));
    }
    findings
}

fn verdict_finding(verdict: &Verdict, place: &str) -> Finding {
    let base_file = |old: &DeclaredVersion, new: &DeclaredVersion| {
        if old.file == new.file {
            String::new()
        } else {
            format!(" in {}", old.file)
        }
    };
    let failure = |check, title, new: &DeclaredVersion| {
        Some(Failure {
            check,
            title,
            file: new.file.clone(),
            line: Some(new.line),
        })
    };
    match verdict {
        Verdict::Bumped { old, new, kind } => Finding {
            message: format!("{} -> {} ({kind})", old.text, new.text),
            failure: None,
        },
        Verdict::NotBumped { old, new, suggested } => {
            let message = if old.text == new.text && old.file == new.file {
                format!(
                    "version not bumped: {} declares {}, as it did {place}; bump it, e.g. to {suggested}",
                    new.file, new.text
                )
            } else {
                format!(
                    "version not bumped: {} declares {}, equal to {}{} {place} under {} ordering; bump it, e.g. to {suggested}",
                    new.file,
                    new.text,
                    old.text,
                    base_file(old, new),
                    new.version.ordering()
                )
            };
            Finding {
                message,
                failure: failure("scmver/version-not-bumped", "Version not bumped", new),
            }
        }
        Verdict::Lowered { old, new, suggested } => Finding {
            message: format!(
                "version lowered: {} declares {}, lower than {}{} {place}; bump it, e.g. to {suggested}",
                new.file,
                new.text,
                old.text,
                base_file(old, new)
            ),
            failure: failure("scmver/version-lowered", "Version lowered", new),
        },
        Verdict::Dynamic { file, tool } => Finding {
            message: format!("{file}: the version is derived from git tags by {tool}: nothing to bump"),
            failure: None,
        },
        Verdict::New { new, base } => Finding {
            message: format!(
                "{} declares {}; {} {place}: nothing to compare",
                new.file,
                new.text,
                base_state(base)
            ),
            failure: None,
        },
    }
}

fn base_state(base: &BaseState) -> String {
    match base {
        BaseState::Missing => "no version file existed".to_owned(),
        BaseState::Undeclared => "no version was declared".to_owned(),
        BaseState::Dynamic { tool } => format!("the version was derived from git tags by {tool}"),
    }
}

fn changelog_finding(check: &ChangelogCheck, report: &BumpReport) -> Finding {
    let file = &check.file;
    let missing = |message: String| Finding {
        message,
        failure: Some(Failure {
            check: "scmver/changelog-entry-missing",
            title: "Changelog entry missing",
            file: file.clone(),
            line: None,
        }),
    };
    match &check.outcome {
        ChangelogOutcome::Heading { version, line } => Finding {
            message: format!("{file} has an entry for {version} (line {line})"),
            failure: None,
        },
        ChangelogOutcome::NoHeading { version } => missing(format!(
            "{file} has no heading for {version}: add one, e.g. `## [{version}]`"
        )),
        ChangelogOutcome::Gained { line } => Finding {
            message: format!("{file} gained an entry (line {line})"),
            failure: None,
        },
        ChangelogOutcome::NotGained => {
            let since = report.base_place();
            let since = since.strip_prefix("at ").unwrap_or(&since);
            missing(format!("{file} gained no entry since {since}: add one"))
        }
    }
}

/// FNV-1a (128-bit) of the parts joined by NUL, as 32 hex digits: stable across runs and
/// platforms, which is all a Code Quality fingerprint needs.
fn fingerprint(parts: &[&str]) -> String {
    const OFFSET: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;
    const PRIME: u128 = 0x0000_0000_0100_0000_0000_0000_0000_013b;
    let mut hash = OFFSET;
    for (index, part) in parts.iter().enumerate() {
        if index > 0 {
            hash = hash.wrapping_mul(PRIME); // a NUL separator: `x ^ 0 == x`
        }
        for byte in part.bytes() {
            hash = (hash ^ u128::from(byte)).wrapping_mul(PRIME);
        }
    }
    format!("{hash:032x}")
}
