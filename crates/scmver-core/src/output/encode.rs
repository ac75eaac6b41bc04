//! One encoder per sink: every value scmver prints or writes goes through the encoder of the
//! place it lands in, so a branch name, a tag or a CI variable can never become a shell
//! command, a second output, a workflow command or Python code.
//!
//! | sink | encoder | a value it cannot carry |
//! |---|---|---|
//! | POSIX shell (`eval "$(scmver ci)"`) | [`shell_word`] | control characters (refused) |
//! | a line-oriented file or stdout read by a CI runner (`$GITHUB_OUTPUT`, GitLab dotenv) | [`single_line`] | control characters, line and paragraph separators (refused) |
//! | Python source | [`python_literal`], [`python_in_string`] | none: escaped |
//! | GitHub workflow-command annotations | [`annotation_data`], [`annotation_property`] | none: escaped |
//! | plain messages for people | [`plain`] | none: control characters shown escaped |
//!
//! JSON goes through `serde_json`, which escapes everything JSON needs.

use std::fmt::Write as _;

/// A value that a sink cannot carry; nothing was printed or written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{name} holds {problem} ({shown}), which {sink} cannot carry safely: fix the branch or tag name, or set the branch"
)]
pub struct EncodeError {
    /// The value's name (`SCMVER_BRANCH`).
    pub name: String,
    /// What the value holds that the sink cannot carry (`a line break or control character`).
    pub problem: &'static str,
    /// The value, control characters escaped.
    pub shown: String,
    /// The sink (`a shell`, `a dotenv file`).
    pub sink: &'static str,
}

/// Characters no line-oriented sink may carry: a runner reading line by line would take the
/// rest of the value as a new line (a new output, a `::` workflow command).
fn breaks_lines(c: char) -> bool {
    c.is_control() || matches!(c, '\u{2028}' | '\u{2029}')
}

fn refuse(name: &str, value: &str, sink: &'static str) -> EncodeError {
    EncodeError {
        name: name.to_owned(),
        problem: "a line break or control character",
        shown: plain(value),
        sink,
    }
}

/// `value` as one single-quoted POSIX shell word (`'it'\''s'`), refused when it holds a control
/// character: the quoting would keep it safe for the shell, but the output is also read line by
/// line by CI runners.
pub fn shell_word(name: &str, value: &str) -> Result<String, EncodeError> {
    if value.chars().any(breaks_lines) {
        return Err(refuse(name, value, "a shell export line"));
    }
    Ok(format!("'{}'", value.replace('\'', r"'\''")))
}

/// `value` unchanged when it fits on one line of a line-oriented file (GitHub's
/// `$GITHUB_OUTPUT` and `$GITHUB_ENV`, GitLab's dotenv report), else refused: those formats
/// have no escaping.
pub fn single_line<'v>(name: &str, value: &'v str, sink: &'static str) -> Result<&'v str, EncodeError> {
    if value.chars().any(breaks_lines) {
        return Err(refuse(name, value, sink));
    }
    Ok(value)
}

/// `value` escaped to be shown to a person on one line: control characters, line separators
/// and backslashes as escapes (`\n`, `\u{1b}`, `\\`), everything else as it is.
///
/// ```
/// use scmver_core::output::encode::plain;
///
/// assert_eq!(plain("feature/x"), "feature/x");
/// assert_eq!(plain("a\n::error::x"), "a\\n::error::x");
/// ```
#[must_use]
pub fn plain(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if breaks_lines(c) => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out
}

/// Characters kept as they are inside a Python string literal; everything else is escaped.
fn python_safe(c: char) -> bool {
    c.is_ascii_alphanumeric() || " ._+-/:@~=,!#$%&*;<>?^|()[]`".contains(c)
}

/// `value` escaped for the inside of any Python string literal: every character but letters,
/// digits and harmless punctuation becomes `\xNN`, `\uNNNN` or `\UNNNNNNNN`, so no quote,
/// backslash, brace (f-strings) or line break of the value can end the literal or start code.
/// Inside a raw string the escapes stay visible, and still data.
///
/// ```
/// use scmver_core::output::encode::python_in_string;
///
/// assert_eq!(python_in_string("1.2.3+g1a2b"), "1.2.3+g1a2b");
/// assert_eq!(python_in_string("x\"; import os #"), "x\\x22; import os #");
/// ```
#[must_use]
pub fn python_in_string(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        let code = u32::from(c);
        match c {
            c if python_safe(c) => out.push(c),
            _ if code < 0x100 => {
                let _ = write!(out, "\\x{code:02x}");
            }
            _ if code < 0x1_0000 => {
                let _ = write!(out, "\\u{code:04x}");
            }
            _ => {
                let _ = write!(out, "\\U{code:08x}");
            }
        }
    }
    out
}

/// `value` as a complete Python string literal (`'1.2.3'`), escaped as by
/// [`python_in_string`].
#[must_use]
pub fn python_literal(value: &str) -> String {
    format!("'{}'", python_in_string(value))
}

/// `value` for the place in Python source that `before` ends at: inside a string literal or a
/// comment, escaped as by [`python_in_string`]; in code (including an f-string's `{…}`), a
/// whole literal: a plain decimal number as it is, anything else as [`python_literal`]. So a
/// template like `__version__ = "{version}"` or `BUILD = {pipeline}` stays a module whose
/// values are data, whatever the values hold.
///
/// ```
/// use scmver_core::output::encode::python_value;
///
/// assert_eq!(python_value("__branch__ = \"", "a\"b"), "a\\x22b");
/// assert_eq!(python_value("BRANCH = ", "exit()"), "'exit()'");
/// assert_eq!(python_value("BUILD = ", "345"), "345");
/// ```
#[must_use]
pub fn python_value(before: &str, value: &str) -> String {
    match python_context(before) {
        PythonContext::Code if is_plain_number(value) => value.to_owned(),
        PythonContext::Code => python_literal(value),
        PythonContext::String | PythonContext::Comment => python_in_string(value),
    }
}

/// `0` or a decimal number without a leading zero (which Python 3 rejects).
fn is_plain_number(value: &str) -> bool {
    value == "0"
        || (!value.is_empty() && !value.starts_with('0') && value.bytes().all(|b| b.is_ascii_digit()))
}

/// Where the end of a piece of Python source is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PythonContext {
    Code,
    String,
    Comment,
}

/// An open construct while scanning Python source.
#[derive(Debug, Clone, Copy)]
enum Open {
    /// A string literal: its quote, whether tripled, whether an f-string.
    Str {
        quote: char,
        triple: bool,
        fstring: bool,
    },
    /// The `{…}` expression of an f-string.
    Expression,
    /// A `#` comment.
    Comment,
}

/// Scan `source` far enough to know whether its end is in code, a string or a comment.
fn python_context(source: &str) -> PythonContext {
    let chars: Vec<char> = source.chars().collect();
    let mut stack: Vec<Open> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match stack.last().copied() {
            Some(Open::Comment) => {
                if c == '\n' {
                    stack.pop();
                }
            }
            Some(Open::Str {
                quote,
                triple,
                fstring,
            }) => {
                if c == '\\' {
                    i += 1;
                } else if fstring && c == '{' {
                    if chars.get(i + 1) == Some(&'{') {
                        i += 1;
                    } else {
                        stack.push(Open::Expression);
                    }
                } else if c == quote {
                    if !triple {
                        stack.pop();
                    } else if chars.get(i + 1) == Some(&quote) && chars.get(i + 2) == Some(&quote) {
                        stack.pop();
                        i += 2;
                    }
                } else if c == '\n' && !triple {
                    stack.pop();
                }
            }
            None | Some(Open::Expression) => match c {
                '#' if stack.is_empty() => stack.push(Open::Comment),
                '}' if !stack.is_empty() => {
                    stack.pop();
                }
                '\'' | '"' => {
                    let prefix: String = chars[..i]
                        .iter()
                        .rev()
                        .take_while(|c| c.is_ascii_alphabetic())
                        .collect();
                    let fstring = prefix.contains(['f', 'F']);
                    let triple = chars.get(i + 1) == Some(&c) && chars.get(i + 2) == Some(&c);
                    if triple {
                        i += 2;
                    }
                    stack.push(Open::Str {
                        quote: c,
                        triple,
                        fstring,
                    });
                }
                _ => {}
            },
        }
        i += 1;
    }
    match stack.last() {
        None | Some(Open::Expression) => PythonContext::Code,
        Some(Open::Str { .. }) => PythonContext::String,
        Some(Open::Comment) => PythonContext::Comment,
    }
}

/// `value` as literal text in GitHub-flavoured Markdown (a job summary): every character
/// Markdown or HTML could read as markup (`\`, `` ` ``, `*`, `_`, `[`, `]`, `<`, `>`, `|`,
/// `#`, `!`, `~`, `&`) backslash-escaped, line breaks as spaces.
///
/// ```
/// use scmver_core::output::encode::markdown_text;
///
/// assert_eq!(markdown_text("feature/x_y"), "feature/x\\_y");
/// assert_eq!(markdown_text("<img src=x>"), "\\<img src=x\\>");
/// ```
#[must_use]
pub fn markdown_text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '!' | '~' | '&' => {
                out.push('\\');
                out.push(c);
            }
            c if breaks_lines(c) => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A GitHub workflow command's message (`::error::MESSAGE`): `%`, CR and LF escaped as the
/// runner expects (`%25`, `%0D`, `%0A`).
#[must_use]
pub fn annotation_data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// A GitHub workflow command's property value (`file=…`, `title=…`): as
/// [`annotation_data`], plus `:` and `,`.
#[must_use]
pub fn annotation_property(text: &str) -> String {
    annotation_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_sinks_refuse_what_would_start_a_new_line() {
        for value in [
            "a\nb",
            "a\rb",
            "a\u{0}b",
            "a\u{1b}[31mb",
            "a\u{2028}b",
            "a\u{85}b",
        ] {
            assert!(shell_word("SCMVER_BRANCH", value).is_err(), "{value:?}");
            assert!(
                single_line("SCMVER_BRANCH", value, "a dotenv file").is_err(),
                "{value:?}"
            );
        }
        assert_eq!(shell_word("X", "it's").as_deref(), Ok(r"'it'\''s'"));
        assert_eq!(single_line("X", "feature/ü", "a dotenv file"), Ok("feature/ü"));
        let err = shell_word("SCMVER_BRANCH", "a\n::error::x").expect_err("refused");
        assert_eq!(
            err.to_string(),
            "SCMVER_BRANCH holds a line break or control character (a\\n::error::x), which a shell export line cannot carry safely: fix the branch or tag name, or set the branch"
        );
    }

    #[test]
    fn python_escapes_leave_only_data() {
        assert_eq!(python_literal("1.2.3"), "'1.2.3'");
        assert_eq!(python_in_string("{x}'\\\n"), "\\x7bx\\x7d\\x27\\x5c\\x0a");
        assert_eq!(python_in_string("ü€😀"), "\\xfc\\u20ac\\U0001f600");
    }

    #[test]
    fn python_values_follow_their_place() {
        let rows = [
            ("x = \"", "a\"; import os #", "a\\x22; import os #"),
            ("x = '", "it's", "it\\x27s"),
            ("x = '''\n", "a\nb", "a\\x0ab"),
            ("x = f\"", "{exit()}", "\\x7bexit()\\x7d"),
            ("x = f\"{ ", "exit()", "'exit()'"),
            ("x = f\"{{", "{exit()}", "\\x7bexit()\\x7d"),
            ("x = r\"", "a\"b", "a\\x22b"),
            ("x = ", "__import__('os')", "'__import__(\\x27os\\x27)'"),
            ("x = 'a' + ", "b", "'b'"),
            ("# note: ", "a\nimport os", "a\\x0aimport os"),
            ("# note\nx = ", "1", "1"),
            ("x = ", "007", "'007'"),
            ("x = \"\\\"", "b", "b"),
        ];
        for (before, value, expected) in rows {
            assert_eq!(python_value(before, value), expected, "{before:?} + {value:?}");
        }
    }

    #[test]
    fn annotations_and_plain_text() {
        assert_eq!(annotation_data("50% a\r\nb"), "50%25 a%0D%0Ab");
        assert_eq!(annotation_property("a,b:c%"), "a%2Cb%3Ac%25");
        assert_eq!(plain("tab\there\\ \u{7}"), "tab\\there\\\\ \\u{7}");
    }
}
