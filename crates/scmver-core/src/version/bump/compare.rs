//! Ordering, the kind of a bump, the suggested next version, and the changelog checks.
//!
//! Pure functions of versions and text.

use std::cmp::Ordering;
use std::collections::HashMap;

use pep440_rs::Prerelease;

use super::manifest::parse_version;
use super::{BumpError, BumpKind, ChangelogOutcome, DeclaredVersion, ParsedVersion, Verdict};

/// Compare the merge base's version `old` with the work tree's `new`.
///
/// When the two sides were read from files with different orderings (a project moved from
/// Cargo.toml to pyproject.toml), `old` is re-read with `new`'s ordering; `base_place` names
/// the merge base in that error.
pub(crate) fn verdict(
    old: DeclaredVersion,
    new: DeclaredVersion,
    base_place: &str,
) -> Result<Verdict, BumpError> {
    let old_version = if old.version.ordering() == new.version.ordering() {
        old.version.clone()
    } else {
        let ordering = new.version.ordering();
        parse_version(&old.text, ordering).map_err(|source| BumpError::InvalidVersion {
            value: old.text.clone(),
            file: old.file.clone(),
            line: old.line,
            place: base_place.to_owned(),
            ordering,
            source,
        })?
    };
    Ok(match compare(&old_version, &new.version) {
        Comparison::Bumped(kind) => Verdict::Bumped { old, new, kind },
        Comparison::Equal => Verdict::NotBumped {
            suggested: suggest_next(&new.version),
            old,
            new,
        },
        Comparison::Lowered => Verdict::Lowered {
            suggested: suggest_next(&old_version),
            old,
            new,
        },
    })
}

/// `old` against `new`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Comparison {
    /// `new` is greater; which part grew.
    Bumped(BumpKind),
    /// Equal under the ordering (`1.0` and `1.0.0`; local versions and build metadata do not count).
    Equal,
    /// `new` is lower.
    Lowered,
}

/// Compare two versions of the same ordering (a mixed pair compares as equal; see [`verdict`]).
pub(crate) fn compare(old: &ParsedVersion, new: &ParsedVersion) -> Comparison {
    match (old, new) {
        (ParsedVersion::Pep440(old), ParsedVersion::Pep440(new)) => compare_pep440(old, new),
        (ParsedVersion::SemVer(old), ParsedVersion::SemVer(new)) => compare_semver(old, new),
        _ => Comparison::Equal,
    }
}

/// PEP 440 ordering of the public versions: a local part (`+ubuntu1`) is not a release and
/// cannot be uploaded to an index, so it never counts as a bump.
fn compare_pep440(old: &pep440_rs::Version, new: &pep440_rs::Version) -> Comparison {
    let old = old.clone().without_local();
    let new = new.clone().without_local();
    match old.cmp(&new) {
        Ordering::Equal => Comparison::Equal,
        Ordering::Greater => Comparison::Lowered,
        Ordering::Less => Comparison::Bumped(pep440_kind(&old, &new)),
    }
}

/// The first part that differs, for `old < new`.
fn pep440_kind(old: &pep440_rs::Version, new: &pep440_rs::Version) -> BumpKind {
    if old.epoch() != new.epoch() {
        return BumpKind::Epoch;
    }
    let (a, b) = (old.release(), new.release());
    let len = a.len().max(b.len());
    let at = |r: &[u64], i: usize| r.get(i).copied().unwrap_or(0);
    if let Some(index) = (0..len).find(|&i| at(a, i) != at(b, i)) {
        return release_kind(index);
    }
    // Same release: pre-release, then post-release, then dev.
    if old.pre() != new.pre() {
        return if new.pre().is_none() {
            BumpKind::Final
        } else {
            BumpKind::Pre
        };
    }
    if old.post() != new.post() {
        return BumpKind::Post;
    }
    match (new.dev(), new.pre(), new.post()) {
        (Some(_), _, _) => BumpKind::Dev,
        (None, _, Some(_)) => BumpKind::Post,
        (None, Some(_), None) => BumpKind::Pre,
        (None, None, None) => BumpKind::Final,
    }
}

fn release_kind(index: usize) -> BumpKind {
    match index {
        0 => BumpKind::Major,
        1 => BumpKind::Minor,
        _ => BumpKind::Patch,
    }
}

/// SemVer precedence: build metadata is ignored.
fn compare_semver(old: &semver::Version, new: &semver::Version) -> Comparison {
    match old.cmp_precedence(new) {
        Ordering::Equal => Comparison::Equal,
        Ordering::Greater => Comparison::Lowered,
        Ordering::Less => Comparison::Bumped(if old.major != new.major {
            BumpKind::Major
        } else if old.minor != new.minor {
            BumpKind::Minor
        } else if old.patch != new.patch {
            BumpKind::Patch
        } else if new.pre.is_empty() {
            BumpKind::Final
        } else {
            BumpKind::Pre
        }),
    }
}

/// The smallest bump of the same kind, in canonical form: `.devN` and pre-release numbers
/// grow (`1.0.dev3` → `1.0.dev4`, `1.0rc1` → `1.0rc2`, `1.0.0-rc.1` → `1.0.0-rc.2`), else the
/// last release number does (`1.2.3` → `1.2.4`, `1.2` → `1.3`, `1.2.3.post1` → `1.2.4`);
/// local parts and build metadata are dropped.
pub(crate) fn suggest_next(version: &ParsedVersion) -> String {
    match version {
        ParsedVersion::Pep440(version) => next_pep440(version).to_string(),
        ParsedVersion::SemVer(version) => next_semver(version).to_string(),
    }
}

fn next_pep440(version: &pep440_rs::Version) -> pep440_rs::Version {
    let version = version.clone().without_local();
    if let Some(dev) = version.dev() {
        return version.with_dev(Some(dev + 1));
    }
    if let Some(pre) = version.pre() {
        return version.with_post(None).with_pre(Some(Prerelease {
            kind: pre.kind,
            number: pre.number + 1,
        }));
    }
    let mut release = version.release().to_vec();
    if let Some(last) = release.last_mut() {
        *last += 1;
    }
    pep440_rs::Version::new(release).with_epoch(version.epoch())
}

fn next_semver(version: &semver::Version) -> semver::Version {
    let mut next = version.clone();
    next.build = semver::BuildMetadata::EMPTY;
    if version.pre.is_empty() {
        next.patch += 1;
        return next;
    }
    let pre = version.pre.as_str();
    let bumped = match pre.rsplit_once('.').unwrap_or(("", pre)) {
        (head, last) if !last.is_empty() && last.bytes().all(|b| b.is_ascii_digit()) => {
            let number = last.parse::<u64>().map_or(1, |n| n + 1);
            if head.is_empty() {
                number.to_string()
            } else {
                format!("{head}.{number}")
            }
        }
        _ => format!("{pre}.1"),
    };
    // A valid pre-release with a numeric identifier appended or increased stays valid.
    next.pre = semver::Prerelease::new(&bumped).unwrap_or_else(|_| version.pre.clone());
    next
}

/// `--require-changelog` for a written version: the first heading that names it, as written
/// or in canonical form.
pub(crate) fn changelog_heading(text: &str, written: &str, version: &ParsedVersion) -> ChangelogOutcome {
    let canonical = version.to_string();
    let wanted = [written, canonical.as_str()];
    match find_heading(text, &wanted) {
        Some(line) => ChangelogOutcome::Heading {
            version: written.to_owned(),
            line,
        },
        None => ChangelogOutcome::NoHeading {
            version: written.to_owned(),
        },
    }
}

/// The 1-based line of the first heading that names one of `versions` as a whole word.
///
/// Headings: Markdown ATX (`## [1.3.0] - 2024-05-01`) and AsciiDoc (`== 1.3.0`) lines, and
/// lines underlined (reStructuredText, Markdown setext) with a run of `=`, `-`, `~`, `^`, `*`,
/// `+`, `#` or `"`.
pub(crate) fn find_heading(text: &str, versions: &[&str]) -> Option<usize> {
    let lines: Vec<&str> = text.lines().collect();
    (0..lines.len()).find_map(|index| {
        let line = lines[index];
        let trimmed = line.trim_start();
        let atx = trimmed.starts_with('#') || trimmed.starts_with("= ") || trimmed.starts_with("==");
        let underlined = !trimmed.is_empty()
            && !is_underline(trimmed)
            && lines.get(index + 1).is_some_and(|next| is_underline(next.trim()));
        ((atx || underlined) && versions.iter().any(|v| names_version(line, v))).then_some(index + 1)
    })
}

fn is_underline(line: &str) -> bool {
    let mut chars = line.chars();
    chars.next().is_some_and(|first| {
        matches!(first, '=' | '-' | '~' | '^' | '*' | '+' | '#' | '"')
            && line.len() >= 3
            && chars.all(|c| c == first)
    })
}

/// `version` occurs in `line` as a whole version: `1.3.0` is in `## [1.3.0]` and `v1.3.0`,
/// not in `11.3.0`, `1.3.0.1`, `1.3.0rc1` or `1.3.0-rc.1`.
pub(crate) fn names_version(line: &str, version: &str) -> bool {
    if version.is_empty() {
        return false;
    }
    let bytes = line.as_bytes();
    line.match_indices(version).any(|(start, _)| {
        let end = start + version.len();
        let before_ok = start == 0 || !(bytes[start - 1].is_ascii_digit() || bytes[start - 1] == b'.');
        let after_ok = match bytes.get(end) {
            None => true,
            Some(c) if c.is_ascii_alphanumeric() => false,
            Some(b'.' | b'-' | b'+' | b'_') => !bytes.get(end + 1).is_some_and(u8::is_ascii_alphanumeric),
            Some(_) => true,
        };
        before_ok && after_ok
    })
}

/// For a version derived from tags: the 1-based line (in `after`) of the first non-blank line
/// that `before` did not have (a line-multiset difference, so moved lines do not count);
/// `None` when nothing was added. A changelog that did not exist (`before` is `None`) gained
/// all its lines.
pub(crate) fn first_added_line(before: Option<&str>, after: &str) -> Option<usize> {
    let mut remaining: HashMap<&str, usize> = HashMap::new();
    for line in before.unwrap_or_default().lines() {
        *remaining.entry(line.trim_end()).or_default() += 1;
    }
    after.lines().enumerate().find_map(|(index, line)| {
        let line = line.trim_end();
        match remaining.get_mut(line) {
            Some(count) if *count > 0 => {
                *count -= 1;
                None
            }
            _ if line.trim().is_empty() => None,
            _ => Some(index + 1),
        }
    })
}
