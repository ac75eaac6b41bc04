//! One function per subcommand: `fn(&Options, &Request) -> Result<Outcome<_>, Error>`. Each
//! orders the stages (options are resolved already; the repository is opened once, read into
//! facts, turned into a version, rendered) and returns what to print; only [`crate::fs`]
//! writes. A program calls one of these per invocation and prints the [`Outcome`].
//!
//! | `scmver …` | function |
//! |---|---|
//! | `version` | [`version::version`] |
//! | `is-release` | [`is_release::is_release`] |
//! | `ci` | [`ci::ci`] |
//! | `format` | [`format::format`] |
//! | `write pyproject` | [`write::write_pyproject`] |
//! | `write version-file` | [`write::write_version_file`] |
//! | `write` | [`write::write_configured`] |
//! | `docker-tags` | [`docker_tags::docker_tags`] |
//! | `check-bump` | [`check_bump::check_bump`] |

pub mod check_bump;
pub mod ci;
pub mod docker_tags;
pub mod format;
pub mod is_release;
pub mod version;
pub mod write;

use crate::fs::Placement;
use crate::options::Options;
use crate::repo::Repo;

/// Where a command may write: inside the repository's work tree (the project directory
/// without a repository) unless `allow_outside_root`, never in a git directory.
pub(crate) fn placement(options: &Options, repo: Option<&Repo>, allow_outside_root: bool) -> Placement {
    let git_dirs = repo.map(Repo::git_dirs).unwrap_or_default();
    if allow_outside_root {
        return Placement::anywhere(git_dirs);
    }
    let root = repo.map_or_else(|| options.search_dir().to_owned(), |repo| repo.root().to_owned());
    Placement::inside(root, git_dirs)
}

/// What a command produced: its value, the text for standard output and for standard error,
/// and whether its check passed.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Outcome<T> {
    /// The command's result, for programs that want the value rather than the text.
    pub value: T,
    /// What to print on standard output.
    pub stdout: String,
    /// What to print on standard error first: explanations and notes.
    pub stderr: String,
    /// `false` when a check said no (`scmver` exits 1).
    pub passed: bool,
}

impl<T> Outcome<T> {
    /// A passed outcome printing `stdout`.
    pub(crate) fn printed(value: T, stdout: String) -> Self {
        Outcome {
            value,
            stdout,
            stderr: String::new(),
            passed: true,
        }
    }

    /// The same outcome with `text` added to standard error.
    #[must_use]
    pub(crate) fn with_stderr(mut self, text: String) -> Self {
        self.stderr.push_str(&text);
        self
    }

    /// The same outcome with a `warning: …` line on standard error for each of `warnings`.
    #[must_use]
    pub(crate) fn with_warnings(mut self, warnings: &[String]) -> Self {
        for warning in warnings {
            self.stderr.push_str("warning: ");
            self.stderr.push_str(warning);
            self.stderr.push('\n');
        }
        self
    }

    /// The same outcome with the check's verdict.
    #[must_use]
    pub(crate) fn passed(mut self, passed: bool) -> Self {
        self.passed = passed;
        self
    }
}
