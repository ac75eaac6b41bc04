//! PEP 440 → SemVer 2.0, for tools that only speak SemVer (Cargo, npm, Helm charts).
//!
//! | PEP 440 | SemVer | note |
//! |---|---|---|
//! | `1.2` | `1.2.0` | release padded to three numbers |
//! | `1.2.3.4` | `1.2.3+r.4` | numbers past the third go to build metadata (no precedence) |
//! | `1!2.0` | `2.0.0+epoch.1` | epochs go to build metadata (no precedence) |
//! | `1.2.0rc1`, `a1`, `b1` | `1.2.0-rc.1`, `-alpha.1`, `-beta.1` | |
//! | `1.2.4.dev5` | `1.2.4-dev.5` | |
//! | `1.2.4rc1.dev5` | `1.2.4-rc.1.dev.5` | ⚠ sorts *after* `rc.1` in SemVer, before `rc1` in PEP 440 |
//! | `1.2.3.post5` | `1.2.3+post.5` | post-releases have no SemVer precedence |
//! | `1.2.3.post1.dev5` | `1.2.3+post.1.dev.5` | |
//! | `+g1a2b3c4d5.d20231114` | `+g1a2b3c4d5.d20231114` | local part = build metadata |
//!
//! Pre-release kinds compare alphabetically in SemVer: `alpha < beta < dev < rc`, so a
//! `.devN` build sorts above alphas and betas of the same release there, unlike PEP 440.

use pep440_rs::PrereleaseKind;

/// The SemVer twin of a PEP 440 version, per the mapping in this module's documentation.
///
/// ```
/// let v: pep440_rs::Version = "1.2.4.dev5+g1a2b3c4d5".parse()?;
/// assert_eq!(scmver_core::version::semver_twin::to_semver(&v).to_string(), "1.2.4-dev.5+g1a2b3c4d5");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use]
pub fn to_semver(version: &pep440_rs::Version) -> semver::Version {
    let release = version.release();
    let number = |i: usize| release.get(i).copied().unwrap_or(0);
    let mut pre: Vec<String> = Vec::new();
    let mut build: Vec<String> = Vec::new();

    if let Some(p) = version.pre() {
        let kind = match p.kind {
            PrereleaseKind::Alpha => "alpha",
            PrereleaseKind::Beta => "beta",
            PrereleaseKind::Rc => "rc",
        };
        pre.extend([kind.to_owned(), p.number.to_string()]);
    }
    match (version.post(), version.dev()) {
        (Some(post), dev) if version.pre().is_some() => {
            pre.extend(["post".to_owned(), post.to_string()]);
            if let Some(dev) = dev {
                pre.extend(["dev".to_owned(), dev.to_string()]);
            }
        }
        (Some(post), dev) => {
            build.extend(["post".to_owned(), post.to_string()]);
            if let Some(dev) = dev {
                build.extend(["dev".to_owned(), dev.to_string()]);
            }
        }
        (None, Some(dev)) => pre.extend(["dev".to_owned(), dev.to_string()]),
        (None, None) => {}
    }
    if release.len() > 3 {
        build.push("r".to_owned());
        build.extend(release[3..].iter().map(ToString::to_string));
    }
    if version.epoch() != 0 {
        build.extend(["epoch".to_owned(), version.epoch().to_string()]);
    }
    build.extend(version.local().iter().map(|segment| segment.to_string()));

    let mut out = semver::Version::new(number(0), number(1), number(2));
    // Every identifier above is non-empty ASCII alphanumeric and numbers carry no leading zero,
    // so these parse; an empty list is the empty (default) value.
    out.pre = semver::Prerelease::new(&pre.join(".")).unwrap_or(semver::Prerelease::EMPTY);
    out.build = semver::BuildMetadata::new(&build.join(".")).unwrap_or(semver::BuildMetadata::EMPTY);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each row: PEP 440 input, expected SemVer string (the mapping table above).
    #[test]
    fn mapping_table() {
        let rows = [
            ("1.2.3", "1.2.3"),
            ("1.2", "1.2.0"),
            ("1", "1.0.0"),
            ("1.2.3.4", "1.2.3+r.4"),
            ("1!2.0", "2.0.0+epoch.1"),
            ("1.2.0rc1", "1.2.0-rc.1"),
            ("1.2.0a1", "1.2.0-alpha.1"),
            ("1.2.0b2", "1.2.0-beta.2"),
            ("1.2.4.dev5", "1.2.4-dev.5"),
            ("1.2.4rc1.dev5", "1.2.4-rc.1.dev.5"),
            ("1.2.3.post5", "1.2.3+post.5"),
            ("1.2.3.post1.dev5", "1.2.3+post.1.dev.5"),
            ("1.2.3rc1.post2", "1.2.3-rc.1.post.2"),
            ("1.2.4.dev5+g1a2b3c4d5", "1.2.4-dev.5+g1a2b3c4d5"),
            (
                "1.2.4.dev5+g1a2b3c4d5.d20231114",
                "1.2.4-dev.5+g1a2b3c4d5.d20231114",
            ),
            ("1.0+ubuntu-1", "1.0.0+ubuntu.1"),
            (
                "2!1.2.3.4rc1.post1.dev2+abc",
                "1.2.3-rc.1.post.1.dev.2+r.4.epoch.2.abc",
            ),
        ];
        for (input, expected) in rows {
            let version: pep440_rs::Version = input.parse().expect(input);
            assert_eq!(to_semver(&version).to_string(), expected, "{input}");
        }
    }

    #[test]
    fn dev_builds_sort_below_their_release() {
        let dev: pep440_rs::Version = "1.2.4.dev5".parse().expect("valid");
        let release: pep440_rs::Version = "1.2.4".parse().expect("valid");
        assert!(to_semver(&dev) < to_semver(&release));
    }
}
