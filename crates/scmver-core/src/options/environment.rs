//! The process environment as a plain map, read once at the options stage.
//!
//! Every variable scmver reads is checked as it is read ([`Environment::get`]): surrounding
//! ASCII whitespace is trimmed, and a value that is not UTF-8, or that holds a control
//! character or whitespace inside, is refused. The first refusal is kept, and
//! [`crate::resolve_options`] reports it (exit 2, naming the variable), so a value is never
//! used with stray whitespace and never silently ignored.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};

/// A variable scmver reads holds a value it refuses.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the environment variable {variable} {problem}: fix or unset it")]
pub struct EnvError {
    /// The variable.
    pub variable: String,
    /// What is wrong (`is not UTF-8`, `holds whitespace or a control character (…)`).
    pub problem: String,
}

/// The process environment as a plain map, so tests pass a map instead of mutating the real
/// environment, and nothing after the options stage reads the environment on its own.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Environment {
    vars: BTreeMap<String, String>,
    /// Variables whose value is not UTF-8 (their values are not kept).
    not_utf8: BTreeSet<String>,
    /// The first variable read that was refused.
    refused: RefCell<Option<EnvError>>,
}

impl Environment {
    /// A snapshot of the current process environment.
    #[must_use]
    pub fn from_process() -> Self {
        let mut env = Environment::default();
        for (name, value) in std::env::vars_os() {
            // A name that is not UTF-8 is no name scmver reads.
            let Ok(name) = name.into_string() else {
                continue;
            };
            match value.into_string() {
                Ok(value) => {
                    env.vars.insert(name, value);
                }
                Err(_) => {
                    env.not_utf8.insert(name);
                }
            }
        }
        env
    }

    /// The value of `name`, trimmed of surrounding ASCII whitespace; an empty value counts as
    /// unset. A value that is not UTF-8 or holds whitespace or a control character inside
    /// reads as unset and is recorded as refused ([`Environment::refused`]).
    #[must_use]
    pub fn get(&self, name: &str) -> Option<&str> {
        self.read(name, false)
    }

    /// [`Environment::get`] for a variable holding a file path, where inner spaces are allowed
    /// (control characters are not).
    #[must_use]
    pub fn get_path(&self, name: &str) -> Option<&str> {
        self.read(name, true)
    }

    /// The first variable read that was refused, if any.
    #[must_use]
    pub fn refused(&self) -> Option<EnvError> {
        self.refused.borrow().clone()
    }

    fn read(&self, name: &str, spaces_inside: bool) -> Option<&str> {
        if self.not_utf8.contains(name) {
            self.refuse(name, "is not UTF-8".to_owned());
            return None;
        }
        let value = self
            .vars
            .get(name)?
            .trim_matches(|c: char| c.is_ascii_whitespace());
        let bad = |c: char| c.is_control() || (c.is_whitespace() && !(spaces_inside && c == ' '));
        if let Some(c) = value.chars().find(|&c| bad(c)) {
            self.refuse(
                name,
                format!("holds whitespace or a control character ({:?} in {value:?})", c),
            );
            return None;
        }
        (!value.is_empty()).then_some(value)
    }

    fn refuse(&self, variable: &str, problem: String) {
        let mut refused = self.refused.borrow_mut();
        if refused.is_none() {
            *refused = Some(EnvError {
                variable: variable.to_owned(),
                problem,
            });
        }
    }
}

impl<K: Into<String>, V: Into<String>> FromIterator<(K, V)> for Environment {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        Environment {
            vars: iter.into_iter().map(|(k, v)| (k.into(), v.into())).collect(),
            ..Environment::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_trimmed_or_refused() {
        let env: Environment = [
            ("PLAIN", "1.0"),
            ("PADDED", "  1.0\n"),
            ("EMPTY", "   "),
            ("INNER", "1 .0"),
            ("NBSP", "1.0\u{a0}"),
            ("CONTROL", "a\u{1b}b"),
            ("PATH_LIKE", "/runner/temp/my file"),
        ]
        .into_iter()
        .collect();
        assert_eq!(env.get("PLAIN"), Some("1.0"));
        assert_eq!(env.get("PADDED"), Some("1.0"));
        assert_eq!(env.get("EMPTY"), None);
        assert_eq!(env.get("UNSET"), None);
        assert_eq!(env.refused(), None);
        assert_eq!(env.get_path("PATH_LIKE"), Some("/runner/temp/my file"));
        assert_eq!(env.get("NBSP"), None);
        assert_eq!(
            env.refused().map(|e| e.to_string()).as_deref(),
            Some(
                "the environment variable NBSP holds whitespace or a control character ('\\u{a0}' in \"1.0\\u{a0}\"): fix or unset it"
            )
        );
        // The first refusal is the one reported.
        assert_eq!(env.get("INNER"), None);
        assert_eq!(env.get("CONTROL"), None);
        assert_eq!(env.refused().map(|e| e.variable).as_deref(), Some("NBSP"));
    }

    #[test]
    fn not_utf8_is_refused_when_read() {
        let mut env = Environment::default();
        env.not_utf8.insert("SCMVER_BRANCH".to_owned());
        assert_eq!(env.get("OTHER"), None);
        assert_eq!(env.refused(), None);
        assert_eq!(env.get("SCMVER_BRANCH"), None);
        assert_eq!(
            env.refused().map(|e| e.to_string()).as_deref(),
            Some("the environment variable SCMVER_BRANCH is not UTF-8: fix or unset it")
        );
    }
}
