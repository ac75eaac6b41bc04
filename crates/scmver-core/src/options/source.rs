//! Where a setting's value came from, so a message about it names the input the user set.

use std::fmt;
use std::path::PathBuf;

/// The origin of a setting's value: given by the caller, an environment variable, a key in a
/// configuration file, or the built-in default.
///
/// `Display` names it the way its user set it: `` `--tag-regex` `` (as the caller named it),
/// `` `SCMVER_LOCAL_SCHEME` ``, `` `tool.scmver.tag_regex` in pyproject.toml ``.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Source {
    /// Passed explicitly by the program that embeds scmver-core, under the name its users know
    /// (`--tag-regex` for the scmver command line).
    Given(String),
    /// An environment variable.
    Env(String),
    /// A key of a configuration file.
    Config {
        /// The file.
        file: PathBuf,
        /// The dotted key (`tool.scmver.tag_regex`).
        key: String,
    },
    /// The built-in default.
    Default,
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Given(name) | Source::Env(name) => write!(f, "`{name}`"),
            Source::Config { file, key } => write!(f, "`{key}` in {}", file.display()),
            Source::Default => f.write_str("the default"),
        }
    }
}

/// A value and where it came from.
///
/// ```
/// use scmver_core::options::source::{Source, Sourced};
///
/// let regex: Sourced<String> = Sourced::given(r"^rel-(?P<version>.+)$", "--tag-regex");
/// assert_eq!(regex.source, Source::Given("--tag-regex".into()));
/// assert_eq!(regex.source.to_string(), "`--tag-regex`");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sourced<T> {
    /// The value.
    pub value: T,
    /// Where it came from.
    pub source: Source,
}

impl<T> Sourced<T> {
    /// A value the caller passed, under the name its users know it by.
    pub fn given(value: impl Into<T>, name: impl Into<String>) -> Self {
        Sourced {
            value: value.into(),
            source: Source::Given(name.into()),
        }
    }

    /// A value with its source.
    pub fn new(value: T, source: Source) -> Self {
        Sourced { value, source }
    }
}
