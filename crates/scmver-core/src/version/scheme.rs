//! Facts → version: setuptools_scm's version schemes and local schemes, as pure functions.
//!
//! [`render`] turns an [`ScmState`] into the PEP 440 string setuptools_scm 10 prints for the
//! same facts. Nothing here reads git, files, the clock or the environment: the current time
//! arrives in [`RenderOptions::now`].

use std::str::FromStr;

use crate::date::{Date, Timestamp};
use crate::facts::ScmState;
use crate::options::scheme::{LocalScheme, VersionScheme};
use crate::options::tag_rule::TagRule;

/// The knobs [`render`] needs besides the facts.
#[derive(Debug, Clone)]
pub struct RenderOptions<'a> {
    /// The version scheme.
    pub version_scheme: VersionScheme,
    /// The local scheme.
    pub local_scheme: LocalScheme,
    /// Stands in for the tag when no version tag was found (`0.0` when `None`).
    pub fallback_version: Option<&'a pep440_rs::Version>,
    /// The instant dirty markers are dated with: `SOURCE_DATE_EPOCH` if set, else now.
    pub now: Timestamp,
    /// The tag rule, reused to read versions out of branch names (`release/1.2`).
    pub tag_rule: &'a TagRule,
    /// Replaces the distance in `.devN` (and `.postN` of `post-release`), e.g. a CI pipeline ID.
    pub dev_number: Option<u64>,
    /// `false` turns an exact tag into a development version (`1.3.0` → `1.3.1.dev0`): the
    /// release guard for branch builds in CI.
    pub allow_exact: bool,
}

/// A scheme cannot produce a valid version for these facts.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SchemeError {
    /// A `.devN` tag with N other than 0 cannot be bumped.
    #[error(
        "tag version `{tag}` ends in a .dev number other than 0, which {scheme} cannot bump: tag a release, or a .dev0 version"
    )]
    DevNumberNotZero {
        /// The tag's version.
        tag: String,
        /// The scheme that refused.
        scheme: VersionScheme,
    },
    /// The scheme would stack a second post-release segment.
    #[error(
        "tag version `{tag}` is already a post-release, so {scheme} cannot add one; tag the next release or use the guess-next-dev scheme"
    )]
    AlreadyPostRelease {
        /// The tag's version.
        tag: String,
        /// The scheme that refused.
        scheme: VersionScheme,
    },
    /// A calendar-version tag names a date that does not exist.
    #[error("tag version `{tag}` does not name a valid calendar date for calver-by-date")]
    InvalidCalendarTag {
        /// The tag's version.
        tag: String,
    },
    /// `no-local-version-strict` on a dirty tree.
    #[error(
        "the work tree has uncommitted changes and the local scheme is no-local-version-strict: commit or stash them"
    )]
    DirtyWorkTree,
    /// The scheme produced something that is not PEP 440.
    #[error(
        "{scheme} made `{version}` from tag version `{tag}`, which is not a valid PEP 440 version: use another version scheme"
    )]
    InvalidResult {
        /// The rendered string.
        version: String,
        /// The tag's version.
        tag: String,
        /// The scheme that produced it.
        scheme: VersionScheme,
    },
}

/// Render the facts as setuptools_scm would: version scheme, local scheme, then the tag's own
/// local part and the scheme's merged without repeats.
///
/// The string is returned exactly as setuptools_scm prints it, and is guaranteed to parse as
/// PEP 440 (a scheme that would produce an invalid string fails instead).
///
/// ```
/// use scmver_core::Timestamp;
/// use scmver_core::facts::{ScmState, TagInfo};
/// use scmver_core::options::tag_rule::TagRule;
/// use scmver_core::version::scheme::{render, RenderOptions};
///
/// let state = ScmState {
///     tag: Some(TagInfo { name: "v1.2.3".into(), version: "1.2.3".parse()? }),
///     distance: 5,
///     sha: Some("1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b".into()),
///     branch: Some("main".into()),
///     dirty: false,
///     shallow: false,
///     commit_time: Some(Timestamp(1_700_000_000)),
/// };
/// let rule = TagRule::default();
/// let options = RenderOptions {
///     version_scheme: Default::default(),
///     local_scheme: Default::default(),
///     fallback_version: None,
///     now: Timestamp(1_700_000_000),
///     tag_rule: &rule,
///     dev_number: None,
///     allow_exact: true,
/// };
/// assert_eq!(render(&state, &options)?, "1.2.4.dev5+g1a2b3c4d5");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn render(state: &ScmState, options: &RenderOptions<'_>) -> Result<String, SchemeError> {
    let facts = Facts::new(state, options);
    let main = main_version(&facts, options)?;
    let local = local_part(&facts, options.local_scheme, options.now)?;
    let version = combine_local_parts(&main, &[&facts.tag_local, &local]);
    if pep440_rs::Version::from_str(&version).is_err() {
        return Err(SchemeError::InvalidResult {
            version,
            tag: facts.tag_public.clone(),
            scheme: options.version_scheme,
        });
    }
    Ok(version)
}

/// The state as setuptools_scm's `ScmVersion` sees it.
struct Facts<'a> {
    tag: pep440_rs::Version,
    /// The tag's public version in canonical spelling (`1.2.0rc1`).
    tag_public: String,
    /// The tag's local part without `+` (`build.5`), empty when none.
    tag_local: String,
    distance: u64,
    /// setuptools_scm treats a repository without commits as dirty.
    dirty: bool,
    node: Option<String>,
    branch: Option<&'a str>,
    /// The UTC date of HEAD's commit, or of `now` without commits.
    node_date: Date,
    /// The number after `.dev`.
    dev_number: u64,
    allow_exact: bool,
}

impl<'a> Facts<'a> {
    fn new(state: &'a ScmState, options: &RenderOptions<'_>) -> Self {
        let tag = match (&state.tag, options.fallback_version) {
            (Some(tag), _) => tag.version.clone(),
            (None, Some(fallback)) => fallback.clone(),
            (None, None) => pep440_rs::Version::new([0, 0]),
        };
        let public = tag.clone().without_local();
        let tag_local = tag
            .local()
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(".");
        Facts {
            tag_public: public.to_string(),
            tag: public,
            tag_local,
            distance: state.distance,
            dirty: state.dirty || state.sha.is_none(),
            node: state.node(),
            branch: state.branch.as_deref(),
            node_date: state.commit_time.unwrap_or(options.now).date(),
            dev_number: options.dev_number.unwrap_or(state.distance),
            allow_exact: options.allow_exact,
        }
    }

    fn is_exact(&self) -> bool {
        self.distance == 0 && !self.dirty && self.allow_exact
    }

    fn dev(&self, next: &str) -> String {
        format!("{next}.dev{}", self.dev_number)
    }
}

fn main_version(facts: &Facts<'_>, options: &RenderOptions<'_>) -> Result<String, SchemeError> {
    let scheme = options.version_scheme;
    if facts.is_exact() || scheme == VersionScheme::OnlyVersion {
        // calver-by-date also requires a clean tree, which exactness already implies.
        return Ok(facts.tag_public.clone());
    }
    match scheme {
        VersionScheme::GuessNextDev => Ok(facts.dev(&guess_next(facts, scheme)?)),
        // A `.post` or `.dev` tag makes an invalid string here, which `render` reports.
        VersionScheme::PostRelease => Ok(format!("{}.post{}", facts.tag_public, facts.dev_number)),
        VersionScheme::NoGuessDev => {
            let next = match strip_dev_zero(&facts.tag_public, scheme)? {
                Some(without_dev) => without_dev,
                None if facts.tag_public.contains("post") => {
                    return Err(SchemeError::AlreadyPostRelease {
                        tag: facts.tag_public.clone(),
                        scheme,
                    });
                }
                None => format!("{}.post1", facts.tag_public),
            };
            Ok(facts.dev(&next))
        }
        VersionScheme::SimplifiedSemver => {
            let keep = if facts.branch.is_some_and(|branch| branch.contains("feature")) {
                2
            } else {
                3
            };
            Ok(facts.dev(&simple_semver_next(&facts.tag, keep)))
        }
        VersionScheme::ReleaseBranchSemver => {
            if on_release_branch(facts, options.tag_rule) {
                Ok(facts.dev(&guess_next(facts, scheme)?))
            } else {
                Ok(facts.dev(&simple_semver_next(&facts.tag, 2)))
            }
        }
        VersionScheme::CalverByDate => calver_by_date(facts, options.tag_rule),
        VersionScheme::OnlyVersion => Ok(facts.tag_public.clone()),
    }
}

/// The next release as `guess-next-dev` guesses it from a tag version (`1.2.3` → `1.2.4`,
/// `1.0rc1` → `1.0rc2`, `1.0.dev0` → `1.0`), without local part.
pub(crate) fn next_release(tag: &pep440_rs::Version) -> Result<String, SchemeError> {
    let public = tag.clone().without_local().to_string();
    Ok(match strip_dev_zero(&public, VersionScheme::GuessNextDev)? {
        Some(without_dev) => without_dev,
        None => bump_last_number(&public),
    })
}

/// setuptools_scm's `guess_next_version`: drop a `.dev0`, else add one to the last number.
fn guess_next(facts: &Facts<'_>, scheme: VersionScheme) -> Result<String, SchemeError> {
    Ok(match strip_dev_zero(&facts.tag_public, scheme)? {
        Some(without_dev) => without_dev,
        None => bump_last_number(&facts.tag_public),
    })
}

/// `1.0.dev0` → `Some("1.0")`; no `.dev` → `None`; `.devN` with N ≠ 0 is an error.
fn strip_dev_zero(version: &str, scheme: VersionScheme) -> Result<Option<String>, SchemeError> {
    match version.rsplit_once(".dev") {
        None => Ok(None),
        Some((head, "0")) => Ok(Some(head.to_owned())),
        Some(_) => Err(SchemeError::DevNumberNotZero {
            tag: version.to_owned(),
            scheme,
        }),
    }
}

/// Add one to the trailing number: `1.2.3` → `1.2.4`, `1.0rc1` → `1.0rc2`, `1!2.0` → `1!2.1`.
///
/// A canonical PEP 440 public version always ends in a digit.
fn bump_last_number(version: &str) -> String {
    let digits_start = version.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    let (head, digits) = version.split_at(digits_start);
    let bumped = increment_decimal(if digits.is_empty() { "0" } else { digits });
    format!("{head}{bumped}")
}

/// Decimal increment on the string, so numbers of any length work (`999` → `1000`, `007` → `8`).
fn increment_decimal(digits: &str) -> String {
    let trimmed = digits.trim_start_matches('0');
    let mut bytes: Vec<u8> = trimmed.bytes().collect();
    let mut carry = true;
    for byte in bytes.iter_mut().rev() {
        if !carry {
            break;
        }
        if *byte == b'9' {
            *byte = b'0';
        } else {
            *byte += 1;
            carry = false;
        }
    }
    if carry {
        bytes.insert(0, b'1');
    }
    String::from_utf8(bytes).unwrap_or_default()
}

/// setuptools_scm's `guess_next_simple_semver`: keep `keep` release parts, bump the last, pad
/// to three. A `.dev0` tag is its own next version.
fn simple_semver_next(tag: &pep440_rs::Version, keep: usize) -> String {
    let epoch = if tag.epoch() == 0 {
        String::new()
    } else {
        format!("{}!", tag.epoch())
    };
    let mut parts: Vec<u64> = if tag.dev() == Some(0) {
        tag.release().to_vec()
    } else {
        let mut kept: Vec<u64> = tag.release().iter().copied().take(keep).collect();
        kept.resize(keep, 0);
        if let Some(last) = kept.last_mut() {
            *last = last.saturating_add(1);
        }
        kept
    };
    if parts.len() < 3 {
        parts.resize(3, 0);
    }
    let joined = parts
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(".");
    format!("{epoch}{joined}")
}

/// The branch's last path component names the tag's minor series (`release/1.2` for `1.2.3`).
fn on_release_branch(facts: &Facts<'_>, rule: &TagRule) -> bool {
    let Some(branch) = facts.branch else {
        return false;
    };
    let last = branch.rsplit('/').next().unwrap_or(branch);
    let Some(text) = rule.version_text(last) else {
        return false;
    };
    let text = text.strip_prefix('v').unwrap_or(text);
    let minor = |s: &str| s.split('.').take(2).map(str::to_owned).collect::<Vec<_>>();
    minor(text) == minor(&facts.tag_public)
}

/// setuptools_scm's `calver_by_date` and `guess_next_date_ver`.
fn calver_by_date(facts: &Facts<'_>, rule: &TagRule) -> Result<String, SchemeError> {
    if let Some(branch) = facts.branch.filter(|b| b.starts_with("release-")) {
        let last = branch.rsplit('-').next().unwrap_or(branch);
        if let Some(text) = rule.version_text(last)
            && CalendarTag::parse(text).is_some()
        {
            return Ok(text.to_owned());
        }
    }
    let head_date = facts.node_date;
    let (short_year, patch) = match CalendarTag::parse(&facts.tag_public) {
        None => (true, 0),
        Some(tag) => {
            let tag_date = tag.date().ok_or_else(|| SchemeError::InvalidCalendarTag {
                tag: facts.tag_public.clone(),
            })?;
            let patch = if tag_date == head_date {
                tag.patch.saturating_add(1)
            } else {
                0
            };
            (tag.short_year, patch)
        }
    };
    let year = if short_year {
        head_date.year.rem_euclid(100)
    } else {
        head_date.year
    };
    // Canonical PEP 440 drops the zero padding of `%m.%d`.
    Ok(facts.dev(&format!("{year}.{}.{}.{patch}", head_date.month, head_date.day)))
}

/// A version read as `YEAR.MONTH.DAY[.PATCH]` (setuptools_scm's date regex).
struct CalendarTag {
    year: i64,
    short_year: bool,
    month: u32,
    day: u32,
    patch: u64,
}

impl CalendarTag {
    fn parse(text: &str) -> Option<Self> {
        let text = text.strip_prefix(['v', 'V']).unwrap_or(text);
        let mut parts = text.split('.');
        let (year, month, day) = (parts.next()?, parts.next()?, parts.next()?);
        let patch = parts.next();
        if parts.next().is_some() {
            return None;
        }
        let numeric =
            |s: &str, lens: &[usize]| lens.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit());
        if !numeric(year, &[2, 4]) || !numeric(month, &[1, 2]) || !numeric(day, &[1, 2]) {
            return None;
        }
        let patch = match patch {
            None | Some("") => 0,
            Some(p) if p.bytes().all(|b| b.is_ascii_digit()) => p.parse().ok()?,
            Some(_) => return None,
        };
        Some(CalendarTag {
            year: year.parse().ok()?,
            short_year: year.len() == 2,
            month: month.parse().ok()?,
            day: day.parse().ok()?,
            patch,
        })
    }

    /// The date, with two-digit years read as `strptime("%y")` does (69–99 → 19xx, else 20xx).
    fn date(&self) -> Option<Date> {
        let year = match (self.short_year, self.year) {
            (false, year) => year,
            (true, year) if year >= 69 => 1900 + year,
            (true, year) => 2000 + year,
        };
        Date::new(year, self.month, self.day)
    }
}

fn local_part(facts: &Facts<'_>, scheme: LocalScheme, now: Timestamp) -> Result<String, SchemeError> {
    let with_time = |time: String| match (&facts.node, facts.is_exact()) {
        (Some(node), false) if facts.dirty => format!("{node}.d{time}"),
        (Some(node), false) => node.clone(),
        _ if facts.dirty => format!("d{time}"),
        _ => String::new(),
    };
    Ok(match scheme {
        LocalScheme::NodeAndDate => with_time(now.date().compact()),
        LocalScheme::NodeAndTimestamp => with_time(now.compact_datetime()),
        LocalScheme::DirtyTag if facts.dirty => "dirty".to_owned(),
        LocalScheme::DirtyTag | LocalScheme::NoLocalVersion => String::new(),
        LocalScheme::NoLocalVersionStrict if facts.dirty => return Err(SchemeError::DirtyWorkTree),
        LocalScheme::NoLocalVersionStrict => String::new(),
    })
}

/// Append local segments to `main`, skipping empty ones and any segment already present.
fn combine_local_parts(main: &str, parts: &[&str]) -> String {
    let (public, existing) = match main.split_once('+') {
        Some((public, local)) => (public, local.split('.').map(str::to_owned).collect()),
        None => (main, Vec::new()),
    };
    let mut segments: Vec<String> = existing;
    for part in parts {
        for segment in part.trim_matches('+').split('.') {
            if !segment.is_empty() && !segments.iter().any(|s| s == segment) {
                segments.push(segment.to_owned());
            }
        }
    }
    if segments.is_empty() {
        public.to_owned()
    } else {
        format!("{public}+{}", segments.join("."))
    }
}

#[cfg(test)]
mod tests;
