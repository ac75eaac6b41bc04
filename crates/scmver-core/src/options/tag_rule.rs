//! Which tags are version tags, and the version each one names.
//!
//! A tag qualifies when it starts with the configured prefix, passes the strictness rule (at
//! least one dot between digits by default), matches the tag regex, and the captured text parses
//! as a PEP 440 version. Anything else is skipped with a [`TagRejection`] saying why, never
//! guessed into a version.

use std::fmt;
use std::str::FromStr;

use std::sync::OnceLock;

use regex::Regex;

/// setuptools_scm's default tag regex: an optional `word-` prefix, then the version, then an
/// optional `+local` suffix.
pub const DEFAULT_TAG_REGEX: &str = r"^(?:[\w-]+-)?(?P<version>[vV]?\d+(?:\.\d+){0,2}[^\+]*)(?:\+.*)?$";

/// A tag regex could not be used.
#[derive(Debug, thiserror::Error)]
pub enum TagError {
    /// The pattern is not a valid regular expression.
    #[error("invalid tag regex `{pattern}`")]
    InvalidRegex {
        /// The pattern as given.
        pattern: String,
        /// What the regex parser said.
        #[source]
        source: regex::Error,
    },
    /// The pattern has no group to take the version from.
    #[error(
        "tag regex `{pattern}` needs a group named `version` (or exactly one group) to capture the version"
    )]
    NoVersionGroup {
        /// The pattern as given.
        pattern: String,
    },
}

/// The rule that turns tag names into versions.
///
/// ```
/// use scmver_core::options::tag_rule::TagRule;
///
/// let rule = TagRule::default();
/// assert_eq!(rule.version_of("v1.2.3").unwrap().to_string(), "1.2.3");
/// assert!(rule.version_of("build-42").is_err()); // no dot: strict by default
/// assert_eq!(rule.clone().strict(false).version_of("build-42").unwrap().to_string(), "42");
/// ```
#[derive(Debug, Clone)]
pub struct TagRule {
    matcher: Matcher,
    prefix: String,
    strict: bool,
}

#[derive(Debug, Clone)]
enum Matcher {
    /// setuptools_scm's default regex. Compiling it (Unicode `\w` and `\d`) costs more than
    /// the rest of a typical run, so ASCII tag names, for which the regex means exactly what
    /// [`split_default_ascii`] checks, never build it; other names build it once on demand.
    Default(OnceLock<Option<Regex>>),
    /// A user's regex, compiled and anchored.
    Custom {
        /// The pattern as given.
        pattern: String,
        /// `\A(?:pattern)`, like Python's `re.match`.
        regex: Regex,
        /// Index of the group holding the version.
        group: usize,
    },
}

impl Default for TagRule {
    fn default() -> Self {
        TagRule {
            matcher: Matcher::Default(OnceLock::new()),
            prefix: String::new(),
            strict: true,
        }
    }
}

impl TagRule {
    /// A rule with the given regex (Python `re` syntax that Rust's `regex` shares: named groups
    /// `(?P<version>…)`, no look-around), empty prefix and strict matching.
    ///
    /// Like Python's `re.match`, the regex is anchored at the start of the tag name.
    pub fn with_regex(pattern: &str) -> Result<Self, TagError> {
        if pattern == DEFAULT_TAG_REGEX {
            return Ok(TagRule::default());
        }
        let regex = Regex::new(&anchored(pattern)).map_err(|anchored_err| TagError::InvalidRegex {
            pattern: pattern.to_owned(),
            // Report the error against the user's text, not the anchored wrapper.
            source: Regex::new(pattern).err().unwrap_or(anchored_err),
        })?;
        let group = match regex.capture_names().position(|name| name == Some("version")) {
            Some(index) => index,
            // Group 0 is the whole match; exactly one explicit group means "that one".
            None if regex.captures_len() == 2 => 1,
            None => {
                return Err(TagError::NoVersionGroup {
                    pattern: pattern.to_owned(),
                });
            }
        };
        Ok(TagRule {
            matcher: Matcher::Custom {
                pattern: pattern.to_owned(),
                regex,
                group,
            },
            prefix: String::new(),
            strict: true,
        })
    }

    /// Only tags starting with `prefix` qualify; the prefix is removed before the regex runs
    /// (monorepos: `pkg-a-v`).
    #[must_use]
    pub fn prefix(mut self, prefix: impl Into<String>) -> Self {
        self.prefix = prefix.into();
        self
    }

    /// With `true` (the default) a tag needs a digit, a dot and another digit (`1.0`, not `42`),
    /// like setuptools_scm's `tag.strict = true`.
    #[must_use]
    pub fn strict(mut self, strict: bool) -> Self {
        self.strict = strict;
        self
    }

    /// The regex as given (without the anchor scmver adds).
    #[must_use]
    pub fn pattern(&self) -> &str {
        match &self.matcher {
            Matcher::Default(_) => DEFAULT_TAG_REGEX,
            Matcher::Custom { pattern, .. } => pattern,
        }
    }

    /// The literal prefix version tags must start with.
    #[must_use]
    pub fn tag_prefix(&self) -> &str {
        &self.prefix
    }

    /// Whether dot-less tags are rejected.
    #[must_use]
    pub fn is_strict(&self) -> bool {
        self.strict
    }

    /// The version a tag name stands for, or why it does not qualify.
    pub fn version_of(&self, tag: &str) -> Result<pep440_rs::Version, TagRejection> {
        let Some(rest) = tag.strip_prefix(self.prefix.as_str()) else {
            return Err(TagRejection::WrongPrefix);
        };
        if !looks_like_version(rest, self.strict) {
            return Err(if self.strict && looks_like_version(rest, false) {
                TagRejection::NoDot
            } else {
                TagRejection::NoDigit
            });
        }
        let (version_text, suffix) = self.split_version(rest)?;
        let version = parse_pep440(version_text).map_err(|err| TagRejection::NotPep440 {
            text: version_text.to_owned(),
            reason: err.to_string(),
        })?;
        // Text after the group (e.g. `+build.5`) is kept when it still makes a valid version.
        if !suffix.is_empty()
            && let Ok(with_suffix) = pep440_rs::Version::from_str(&format!("{version_text}{suffix}"))
        {
            return Ok(with_suffix);
        }
        Ok(version)
    }
}

impl TagRule {
    /// The raw text the regex captures from `name` (after removing the prefix when present),
    /// without any PEP 440 check: setuptools_scm's reading of branch names like `release/1.2`.
    #[must_use]
    pub(crate) fn version_text<'n>(&self, name: &'n str) -> Option<&'n str> {
        let rest = name.strip_prefix(self.prefix.as_str()).unwrap_or(name);
        self.split_version(rest).ok().map(|(text, _)| text)
    }

    /// The version group's text and the matched text after it.
    fn split_version<'n>(&self, rest: &'n str) -> Result<(&'n str, &'n str), TagRejection> {
        let (regex, group) = match &self.matcher {
            Matcher::Default(_) if rest.is_ascii() => {
                return split_default_ascii(rest).ok_or(TagRejection::RegexMismatch);
            }
            Matcher::Default(compiled) => {
                let compiled = compiled.get_or_init(|| Regex::new(&anchored(DEFAULT_TAG_REGEX)).ok());
                (compiled.as_ref().ok_or(TagRejection::RegexMismatch)?, 1)
            }
            Matcher::Custom { regex, group, .. } => (regex, *group),
        };
        let captures = regex.captures(rest).ok_or(TagRejection::RegexMismatch)?;
        let whole_end = captures.get(0).map_or(0, |m| m.end());
        let version = captures
            .get(group)
            .filter(|m| !m.is_empty())
            .ok_or(TagRejection::EmptyGroup)?;
        Ok((
            version.as_str(),
            &rest[version.end()..whole_end.max(version.end())],
        ))
    }
}

/// PEP 440 parsing, with a leading `v` dropped from a plain release (`v1.2.3`) first.
///
/// PEP 440 ignores that `v`, but it keeps `pep440_rs` off its fast path for `N[.N]*`; without
/// it the same version comes back for a fraction of the work, which counts on a repository
/// with thousands of `v` tags. Anything else goes to the full parser unchanged.
fn parse_pep440(text: &str) -> Result<pep440_rs::Version, pep440_rs::VersionParseError> {
    if let Some(plain) = text.strip_prefix(['v', 'V'])
        && plain.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && let Ok(version) = pep440_rs::Version::from_str(plain)
    {
        return Ok(version);
    }
    pep440_rs::Version::from_str(text)
}

/// `\A(?:pattern)`: anchored at the start like Python's `re.match`.
fn anchored(pattern: &str) -> String {
    format!(r"\A(?:{pattern})")
}

/// [`DEFAULT_TAG_REGEX`] on an ASCII name: the version and the `+…` suffix, or `None` where
/// the regex does not match.
///
/// For ASCII input `\w` is `[A-Za-z0-9_]` and `\d` is `[0-9]`. The optional prefix
/// `[\w-]+-` is greedy, so the candidates are the `-` positions inside the leading run of
/// `[\w-]` characters, longest first, then no prefix. A candidate matches when what follows
/// starts with `[vV]?[0-9]`; the version then runs to the first `+` (`[^+]*`), and the rest
/// must be `+` plus anything but a line break (`(?:\+.*)?$`).
fn split_default_ascii(name: &str) -> Option<(&str, &str)> {
    let bytes = name.as_bytes();
    let run_end = bytes
        .iter()
        .position(|&b| !(b.is_ascii_alphanumeric() || b == b'_' || b == b'-'))
        .unwrap_or(bytes.len());
    let prefix_ends = (1..run_end)
        .rev()
        .filter(|&i| bytes[i] == b'-')
        .map(|dash| dash + 1)
        .chain([0]);
    for start in prefix_ends {
        let rest = &name[start..];
        let digits_at = usize::from(rest.starts_with(['v', 'V']));
        if !rest.as_bytes().get(digits_at).is_some_and(u8::is_ascii_digit) {
            continue;
        }
        let (version, suffix) = rest.split_at(rest.find('+').unwrap_or(rest.len()));
        if suffix.contains('\n') {
            continue;
        }
        return Some((version, suffix));
    }
    None
}

/// setuptools_scm hands `git describe` the glob `PREFIX*[0-9]*` (permissive) or
/// `PREFIX*[0-9]*.*[0-9]*` (strict); this is that glob, minus the prefix.
fn looks_like_version(name: &str, strict: bool) -> bool {
    let Some(first_digit) = name.find(|c: char| c.is_ascii_digit()) else {
        return false;
    };
    if !strict {
        return true;
    }
    let after_digit = &name[first_digit + 1..];
    after_digit
        .find('.')
        .is_some_and(|dot| after_digit[dot + 1..].contains(|c: char| c.is_ascii_digit()))
}

/// Why a tag is not a version tag.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum TagRejection {
    /// The tag does not start with the configured prefix.
    WrongPrefix,
    /// The tag holds no digit at all.
    NoDigit,
    /// Strict matching is on and the tag has no dot between digits (`build-42`).
    NoDot,
    /// The tag regex does not match.
    RegexMismatch,
    /// The regex matched but its version group is empty.
    EmptyGroup,
    /// The captured text is not a PEP 440 version.
    NotPep440 {
        /// The captured text.
        text: String,
        /// What the PEP 440 parser said.
        reason: String,
    },
    /// The tag points to a blob or tree, not a commit.
    NotACommit,
}

impl fmt::Display for TagRejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TagRejection::WrongPrefix => f.write_str("does not start with the tag prefix"),
            TagRejection::NoDigit => f.write_str("holds no digit"),
            TagRejection::NoDot => {
                f.write_str("has no dot between digits (strict tags; set tag.strict = false to accept it)")
            }
            TagRejection::RegexMismatch => f.write_str("does not match the tag regex"),
            TagRejection::EmptyGroup => f.write_str("the tag regex's version group is empty"),
            TagRejection::NotPep440 { text, reason } => {
                write!(f, "`{text}` is not a PEP 440 version: {reason}")
            }
            TagRejection::NotACommit => f.write_str("points to a blob or tree, not a commit"),
        }
    }
}

#[cfg(test)]
mod tests;
