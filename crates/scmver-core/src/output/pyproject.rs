//! Version → pyproject.toml: set `[project].version` and/or `[tool.poetry].version` in the text of
//! a pyproject.toml, text in and text out.
//!
//! [`set_version`] splices new bytes over the old value (and, when `version` is listed in
//! `project.dynamic`, over that list entry) and leaves every other byte as it was: comments, key
//! order, quoting style, blank lines, CRLF line endings, a missing final newline. It finds the
//! values with toml_edit's spans instead of re-serializing a `DocumentMut`, because toml_edit
//! writes `\n` line endings and always ends the file with a newline (verified with toml_edit 0.25).
//! Every result is parsed again and compared, value by value, with the input plus the intended
//! change; any other difference is refused as [`PyprojectError::EditFailed`].

use std::ops::Range;

use toml_edit::{Document, Item, Key, TableLike, Value};

/// The version cannot be set in this text. Positions are 1-based; columns count characters.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PyprojectError {
    /// The text is not valid TOML.
    #[error("invalid TOML at line {line}, column {column}: {message}")]
    Toml {
        /// Line of the error.
        line: usize,
        /// Column of the error.
        column: usize,
        /// What the TOML parser said.
        message: String,
    },
    /// Neither `[project]` nor `[tool.poetry]` exists.
    #[error(
        "no `[project]` or `[tool.poetry]` table to hold the version: add a `[project]` table with `name` and `version`"
    )]
    NoVersionTable,
    /// A key the edit depends on holds the wrong kind of value.
    #[error("`{key}` at line {line}, column {column} must be {expected}, found `{found}`")]
    WrongType {
        /// The dotted key (`project.version`, `project.dynamic`).
        key: String,
        /// Line of the value.
        line: usize,
        /// Column of the value.
        column: usize,
        /// What would be accepted.
        expected: &'static str,
        /// The value as written.
        found: String,
    },
    /// `version` is listed in `project.dynamic` and [`RewriteOptions::keep_dynamic`] is set.
    #[error(
        "`version` is listed in `project.dynamic` at line {line}, column {column}, and --keep-dynamic forbids making it static: drop --keep-dynamic, or let the build backend set the version"
    )]
    Dynamic {
        /// Line of the `"version"` entry.
        line: usize,
        /// Column of the `"version"` entry.
        column: usize,
    },
    /// The edit would have changed more than the version (a bug in scmver: please report it).
    #[error(
        "cannot set the version without disturbing the rest of the file ({detail}): this is a bug in scmver, please report it"
    )]
    EditFailed {
        /// What went wrong.
        detail: String,
    },
}

/// How [`set_version`] treats a version listed in `project.dynamic`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RewriteOptions {
    /// Refuse ([`PyprojectError::Dynamic`]) instead of removing `version` from
    /// `project.dynamic` and writing a static value.
    pub keep_dynamic: bool,
}

/// The result of [`set_version`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RewriteOutcome {
    /// The version the file held: `project.version`, else `tool.poetry.version`; `None` when
    /// neither was set (e.g. a dynamic version).
    pub old_version: Option<String>,
    /// The whole new text.
    pub new_text: String,
    /// `new_text` differs from the input.
    pub changed: bool,
    /// `version` was removed from `project.dynamic`.
    pub removed_dynamic: bool,
    /// The keys that now hold the version (`project.version`, `tool.poetry.version`).
    pub keys: Vec<&'static str>,
}

/// Set the version in the text of a pyproject.toml.
///
/// - `[project]` (PEP 621) gets `version`; when `version` is listed in `project.dynamic` it is
///   removed from the list (the list stays, possibly empty) unless `keep_dynamic` refuses.
/// - `[tool.poetry]` gets `version` when it already has one, or when there is no `[project]`
///   table (Poetry 1.x); Poetry 2 projects that keep the version in `[project]` are left alone.
/// - A missing `version` key is added on the line after `name` (else after the table header),
///   with the same key spacing and quote character.
/// - An existing value keeps its quote character (`'1.0'` stays single-quoted).
///
/// ```
/// use scmver_core::output::pyproject::{set_version, RewriteOptions};
///
/// let text = "[project]\r\nname = 'demo'\r\nversion = '0.1.0'  # set by CI\r\n";
/// let outcome = set_version(text, "1.2.3", RewriteOptions::default())?;
/// assert_eq!(outcome.new_text, "[project]\r\nname = 'demo'\r\nversion = '1.2.3'  # set by CI\r\n");
/// assert_eq!(outcome.old_version.as_deref(), Some("0.1.0"));
/// # Ok::<(), scmver_core::output::pyproject::PyprojectError>(())
/// ```
pub fn set_version(
    text: &str,
    version: &str,
    options: RewriteOptions,
) -> Result<RewriteOutcome, PyprojectError> {
    let RewriteOptions { keep_dynamic } = options;
    let original = parse(text)?;
    let plan = Plan::of(&original, text)?;
    if keep_dynamic && let Some(span) = plan.dynamic_entries.first() {
        let (line, column) = position(text, span.start);
        return Err(PyprojectError::Dynamic { line, column });
    }

    // One splice at a time, each located in a fresh parse of the text so far.
    let mut current = text.to_owned();
    for _ in 0..64 {
        let doc = parse(&current).map_err(|err| PyprojectError::EditFailed {
            detail: format!("an intermediate text did not parse: {err}"),
        })?;
        let Some((range, replacement)) = next_edit(&doc, &current, &plan, version)? else {
            break;
        };
        current.replace_range(range, &replacement);
    }
    verify(&original, &current, &plan, version)?;
    Ok(RewriteOutcome {
        old_version: plan.old_version,
        changed: current != text,
        new_text: current,
        removed_dynamic: !plan.dynamic_entries.is_empty(),
        keys: plan.targets.iter().map(|t| t.key()).collect(),
    })
}

/// A table that receives the version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    Project,
    Poetry,
}

impl Target {
    fn key(self) -> &'static str {
        match self {
            Target::Project => "project.version",
            Target::Poetry => "tool.poetry.version",
        }
    }

    fn table<'d>(self, doc: &'d Document<&str>) -> Option<&'d dyn TableLike> {
        match self {
            Target::Project => doc.get("project")?.as_table_like(),
            Target::Poetry => doc.get("tool")?.get("poetry")?.as_table_like(),
        }
    }
}

/// What the edit will do, decided once on the original text.
#[derive(Debug)]
struct Plan {
    targets: Vec<Target>,
    old_version: Option<String>,
    /// Spans of `"version"` entries in `project.dynamic`, in the original text.
    dynamic_entries: Vec<Range<usize>>,
}

impl Plan {
    fn of(doc: &Document<&str>, text: &str) -> Result<Self, PyprojectError> {
        let project = match doc.get("project") {
            None => None,
            Some(item) => Some(table_like(item, "project", text)?),
        };
        let poetry = match doc.get("tool").and_then(|tool| tool.get("poetry")) {
            None => None,
            Some(item) => Some(table_like(item, "tool.poetry", text)?),
        };
        // An implicit `[project]` (only `[project.urls]` was written) has no place for a key;
        // nor has an implicit `[tool.poetry]` (only `[tool.poetry.dependencies]`).
        let project = project.filter(|table| has_values(*table) || !is_implicit(doc.get("project")));
        let poetry = poetry.filter(|table| {
            has_values(*table) || !is_implicit(doc.get("tool").and_then(|tool| tool.get("poetry")))
        });
        let mut targets = Vec::new();
        if project.is_some() {
            targets.push(Target::Project);
        }
        if let Some(poetry) = poetry
            && (poetry.contains_key("version") || project.is_none())
        {
            targets.push(Target::Poetry);
        }
        if targets.is_empty() {
            return Err(PyprojectError::NoVersionTable);
        }
        let mut old_version = None;
        for target in &targets {
            let table = target.table(doc).ok_or_else(|| edit_failed("a table vanished"))?;
            if let Some(item) = table.get("version") {
                let value = string_value(item, target.key(), text)?;
                old_version = old_version.or(Some(value));
            }
        }
        let mut dynamic_entries = Vec::new();
        if let Some(item) = project.and_then(|table| table.get("dynamic")) {
            let array = item
                .as_array()
                .ok_or_else(|| wrong_type(item, "project.dynamic", "an array", text))?;
            dynamic_entries = array
                .iter()
                .filter(|value| value.as_str() == Some("version"))
                .filter_map(Value::span)
                .collect();
        }
        Ok(Plan {
            targets,
            old_version,
            dynamic_entries,
        })
    }
}

/// The next splice that moves `doc` towards the goal, or `None` when it is reached.
fn next_edit(
    doc: &Document<&str>,
    text: &str,
    plan: &Plan,
    version: &str,
) -> Result<Option<(Range<usize>, String)>, PyprojectError> {
    if let Some(array) = doc
        .get("project")
        .and_then(|project| project.get("dynamic"))
        .and_then(Item::as_array)
        && let Some(index) = array.iter().position(|value| value.as_str() == Some("version"))
    {
        return remove_array_entry(array, index, text).map(Some);
    }
    for target in &plan.targets {
        let table = target.table(doc).ok_or_else(|| edit_failed("a table vanished"))?;
        match table.get_key_value("version") {
            Some((_, item)) if item.as_str() == Some(version) => {}
            Some((_, item)) => {
                let span = span_of(item.span())?;
                let quote = quote_char(&text[span.clone()]);
                return Ok(Some((span, quoted(version, quote))));
            }
            None => return insert_version(doc, *target, table, text, version).map(Some),
        }
    }
    Ok(None)
}

/// Remove entry `index` of `array`: the whole line when the entry has a line of its own,
/// else the entry and the separator after it (before it, for the last entry).
fn remove_array_entry(
    array: &toml_edit::Array,
    index: usize,
    text: &str,
) -> Result<(Range<usize>, String), PyprojectError> {
    let spans = array
        .iter()
        .map(|value| span_of(value.span()))
        .collect::<Result<Vec<_>, _>>()?;
    let entry = spans[index].clone();
    let line_start = text[..entry.start].rfind('\n').map_or(0, |i| i + 1);
    let alone_before = text[line_start..entry.start].trim().is_empty()
        && index
            .checked_sub(1)
            .is_none_or(|prev| spans[prev].end <= line_start);
    if alone_before {
        // `"version",  # comment` up to and including the line break.
        let rest = &text[entry.end..];
        let after_comma = rest.trim_start_matches([' ', '\t']);
        let after_comma = after_comma.strip_prefix(',').unwrap_or(after_comma);
        let after_ws = after_comma.trim_start_matches([' ', '\t']);
        let after_comment = if after_ws.starts_with('#') {
            &after_ws[after_ws.find('\n').unwrap_or(after_ws.len())..]
        } else {
            after_ws
        };
        let after_cr = after_comment.strip_prefix('\r').unwrap_or(after_comment);
        if let Some(after_line) = after_cr.strip_prefix('\n') {
            let end = text.len() - after_line.len();
            return Ok((line_start..end, String::new()));
        }
    }
    if spans.len() == 1 {
        let whole = span_of(array.span())?;
        return Ok((whole.start + 1..whole.end - 1, String::new()));
    }
    Ok(match spans.get(index + 1) {
        Some(next) => (entry.start..next.start, String::new()),
        None => (spans[index - 1].end..entry.end, String::new()),
    })
}

/// Add `version = "…"` to a table that has none.
fn insert_version(
    doc: &Document<&str>,
    target: Target,
    table: &dyn TableLike,
    text: &str,
    version: &str,
) -> Result<(Range<usize>, String), PyprojectError> {
    let item = match target {
        Target::Project => doc.get("project"),
        Target::Poetry => doc.get("tool").and_then(|tool| tool.get("poetry")),
    };
    let inline = item.and_then(Item::as_inline_table);
    // The line after `name`; without one, after the `[table]` header, or for a dotted table
    // (`project.x = …`, no header) after its first key.
    let header = item
        .and_then(Item::as_table)
        .filter(|table| !table.is_dotted() && !table.is_implicit())
        .and_then(toml_edit::Table::span);
    // A value with a place of its own to insert after: not the table of a dotted key inside an
    // inline table (`{ n.x = 1 }`), whose span is only its first key's.
    let anchor = |item: &Item| {
        item.is_value()
            && !item
                .as_inline_table()
                .is_some_and(toml_edit::InlineTable::is_dotted)
    };
    let first_value = || {
        table
            .iter()
            .find(|(_, item)| anchor(item))
            .and_then(|(key, _)| table.get_key_value(key))
    };
    let name = table
        .get_key_value("name")
        .filter(|(_, item)| anchor(item))
        .or_else(|| if header.is_none() { first_value() } else { None });
    if let Some(inline) = inline {
        return Ok(match name {
            Some((key, item)) => {
                let key_span = span_of(key.span())?;
                let value_span = span_of(item.span())?;
                let separator = &text[key_span.end..value_span.start];
                let quote = quote_char(&text[value_span.clone()]);
                let insert = format!(", version{separator}{}", quoted(version, quote));
                (value_span.end..value_span.end, insert)
            }
            None if inline.is_empty() => {
                let whole = span_of(inline.span())?;
                (whole, format!("{{ version = {} }}", quoted(version, '"')))
            }
            None => {
                // Only dotted keys: the version goes first.
                let whole = span_of(inline.span())?;
                let open = whole.start + 1;
                (open..open, format!(" version = {},", quoted(version, '"')))
            }
        });
    }
    let eol_default = line_ending(text);
    let (anchor_end, line) = match name {
        Some((key, item)) => {
            let key_span = leaf_span(key)?;
            let value_span = span_of(item.span())?;
            let line_start = text[..key_span.start].rfind('\n').map_or(0, |i| i + 1);
            let prefix = &text[line_start..key_span.start];
            let separator = &text[key_span.end..value_span.start];
            let quote = quote_char(&text[value_span.clone()]);
            (
                value_span.end,
                format!("{prefix}version{separator}{}", quoted(version, quote)),
            )
        }
        None => {
            let header = span_of(header)?;
            (header.end, format!("version = {}", quoted(version, '"')))
        }
    };
    Ok(match text[anchor_end..].find('\n') {
        Some(offset) => {
            let newline = anchor_end + offset;
            let eol = if text[..newline].ends_with('\r') {
                "\r\n"
            } else {
                "\n"
            };
            (newline + 1..newline + 1, format!("{line}{eol}"))
        }
        None => (text.len()..text.len(), format!("{eol_default}{line}")),
    })
}

/// Parse again and compare every value with the original plus the intended change.
fn verify(
    original: &Document<&str>,
    new_text: &str,
    plan: &Plan,
    version: &str,
) -> Result<(), PyprojectError> {
    let new = parse(new_text).map_err(|err| PyprojectError::EditFailed {
        detail: format!("the result does not parse: {err}"),
    })?;
    let mut expected = plain_table(original.as_table());
    for target in &plan.targets {
        let path: &[&str] = match target {
            Target::Project => &["project"],
            Target::Poetry => &["tool", "poetry"],
        };
        let mut node = &mut expected;
        for key in path {
            node = node
                .get_mut(*key)
                .ok_or_else(|| edit_failed("a table vanished"))?;
        }
        if let serde_json::Value::Object(map) = node {
            map.insert(
                "version".to_owned(),
                serde_json::Value::String(version.to_owned()),
            );
        }
    }
    if let Some(serde_json::Value::Array(dynamic)) = expected
        .get_mut("project")
        .and_then(|project| project.get_mut("dynamic"))
    {
        dynamic.retain(|entry| entry.as_str() != Some("version"));
    }
    if plain_table(new.as_table()) != expected {
        return Err(edit_failed("other values changed"));
    }
    Ok(())
}

/// A table's values as JSON, for comparing two parses regardless of formatting.
fn plain_table(table: &dyn TableLike) -> serde_json::Value {
    serde_json::Value::Object(
        table
            .iter()
            .map(|(key, item)| (key.to_owned(), plain_item(item)))
            .collect(),
    )
}

fn plain_item(item: &Item) -> serde_json::Value {
    match item {
        Item::None => serde_json::Value::Null,
        Item::Value(value) => plain_value(value),
        Item::Table(table) => plain_table(table),
        Item::ArrayOfTables(array) => {
            serde_json::Value::Array(array.iter().map(|table| plain_table(table)).collect())
        }
    }
}

fn plain_value(value: &Value) -> serde_json::Value {
    match value {
        Value::String(s) => serde_json::Value::String(s.value().clone()),
        Value::Integer(i) => serde_json::Value::from(*i.value()),
        Value::Float(f) => serde_json::Value::String(format!("float:{:?}", f.value())),
        Value::Boolean(b) => serde_json::Value::Bool(*b.value()),
        Value::Datetime(d) => serde_json::Value::String(format!("datetime:{}", d.value())),
        Value::Array(array) => serde_json::Value::Array(array.iter().map(plain_value).collect()),
        Value::InlineTable(table) => plain_table(table),
    }
}

fn parse(text: &str) -> Result<Document<&str>, PyprojectError> {
    Document::parse(text).map_err(|err| {
        let offset = err.span().map_or(0, |span| span.start).min(text.len());
        let (line, column) = position(text, offset);
        PyprojectError::Toml {
            line,
            column,
            message: err.message().trim().to_owned(),
        }
    })
}

/// 1-based line and column (in characters) of a byte offset.
fn position(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

fn table_like<'d>(item: &'d Item, key: &str, text: &str) -> Result<&'d dyn TableLike, PyprojectError> {
    item.as_table_like()
        .ok_or_else(|| wrong_type(item, key, "a table", text))
}

fn string_value(item: &Item, key: &str, text: &str) -> Result<String, PyprojectError> {
    item.as_str()
        .map(str::to_owned)
        .ok_or_else(|| wrong_type(item, key, "a string", text))
}

fn wrong_type(item: &Item, key: &str, expected: &'static str, text: &str) -> PyprojectError {
    let span = item.span().unwrap_or(0..0);
    let (line, column) = position(text, span.start);
    PyprojectError::WrongType {
        key: key.to_owned(),
        line,
        column,
        expected,
        found: text.get(span).unwrap_or_default().to_owned(),
    }
}

fn has_values(table: &dyn TableLike) -> bool {
    table.iter().any(|(_, item)| item.is_value())
}

fn is_implicit(item: Option<&Item>) -> bool {
    item.and_then(Item::as_table)
        .is_some_and(toml_edit::Table::is_implicit)
}

fn span_of(span: Option<Range<usize>>) -> Result<Range<usize>, PyprojectError> {
    span.ok_or_else(|| edit_failed("a value has no position"))
}

fn leaf_span(key: &Key) -> Result<Range<usize>, PyprojectError> {
    span_of(key.span())
}

fn edit_failed(detail: &str) -> PyprojectError {
    PyprojectError::EditFailed {
        detail: detail.to_owned(),
    }
}

/// `'` for literal strings (`'1.0'`, `'''1.0'''`), else `"`.
fn quote_char(raw: &str) -> char {
    if raw.starts_with('\'') { '\'' } else { '"' }
}

/// `version` as a TOML string with the given quote; a basic string when a literal one cannot
/// hold it.
fn quoted(version: &str, quote: char) -> String {
    if quote == '\'' && !version.contains(['\'', '\n', '\r']) {
        return format!("'{version}'");
    }
    let mut out = String::from("\"");
    for c in version.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The file's line ending: that of its first line, `\n` when it has a single line.
fn line_ending(text: &str) -> &'static str {
    match text.find('\n') {
        Some(i) if text[..i].ends_with('\r') => "\r\n",
        _ => "\n",
    }
}

#[cfg(test)]
mod tests;
