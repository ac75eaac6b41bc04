//! The pyproject.toml table scmver reads its settings from, with typed access whose errors
//! name the key and the file.

use std::path::{Path, PathBuf};

use toml_edit::{DocumentMut, Item, Table};

use crate::options::source::Source;
use crate::options::{ConfigError, ConfigSource};

/// Read and parse a TOML file; `None` when it does not exist and is not `required`.
pub(crate) fn read_document(path: &Path, required: bool) -> Result<Option<DocumentMut>, ConfigError> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound && !required => return Ok(None),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            return Err(ConfigError::Missing {
                path: path.to_owned(),
            });
        }
        Err(source) => {
            return Err(ConfigError::Read {
                path: path.to_owned(),
                source,
            });
        }
    };
    text.parse::<DocumentMut>().map(Some).map_err(|err| {
        let offset = err.span().map_or(0, |span| span.start).min(text.len());
        let before = &text[..offset];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        ConfigError::Toml {
            path: path.to_owned(),
            line,
            column,
            message: err.message().trim().to_owned(),
        }
    })
}

/// The configuration table scmver reads, in setuptools_scm's order: the first present of
/// `[tool.scmver]`, `[tool.vcs-versioning]`, `[tool.setuptools_scm]`, and hatch-vcs's
/// `[tool.hatch.version]` when its `source` is `"vcs"` (its `tag-pattern`, `fallback-version`
/// and `raw-options` mapped onto setuptools_scm's keys, plus the build hook's `version-file`).
///
/// `tool`, or one of these tables, present with another type is an error naming it.
pub(crate) fn select_table(doc: &DocumentMut, path: &Path) -> Result<Option<FileTable>, ConfigError> {
    let Some(tool) = doc.get("tool") else {
        return Ok(None);
    };
    let table_at = |item: &Item, key: &str| -> Result<Table, ConfigError> {
        let table = item.as_table_like().ok_or_else(|| ConfigError::InvalidValue {
            origin: Source::Config {
                file: path.to_owned(),
                key: key.to_owned(),
            },
            expected: "a table",
            found: item.to_string().trim().to_owned(),
        })?;
        let mut owned = Table::new();
        for (key, value) in table.iter() {
            owned.insert(key, value.clone());
        }
        Ok(owned)
    };
    let tool = table_at(tool, "tool")?;
    let plain: [(&str, SourceOf); 3] = [
        ("scmver", ConfigSource::Scmver),
        ("vcs-versioning", ConfigSource::VcsVersioning),
        ("setuptools_scm", ConfigSource::SetuptoolsScm),
    ];
    for (name, source) in plain {
        if let Some(item) = tool.get(name) {
            let prefix = format!("tool.{name}");
            let table = table_at(item, &prefix)?;
            return Ok(Some(FileTable::new(table, source(path.to_owned()), prefix, path)));
        }
    }
    hatch_table(&tool, path, &table_at)
}

/// How a table's [`ConfigSource`] is made from the file's path.
type SourceOf = fn(PathBuf) -> ConfigSource;

/// hatch-vcs's configuration as a setuptools_scm table: `raw-options` as they are, then
/// `tag-pattern` and `fallback-version` when non-empty (as hatch-vcs applies them), and the
/// build hook's `version-file`.
fn hatch_table(
    tool: &Table,
    path: &Path,
    table_at: &dyn Fn(&Item, &str) -> Result<Table, ConfigError>,
) -> Result<Option<FileTable>, ConfigError> {
    let Some(hatch) = tool.get("hatch") else {
        return Ok(None);
    };
    let hatch = table_at(hatch, "tool.hatch")?;
    let Some(version) = hatch.get("version") else {
        return Ok(None);
    };
    let version = table_at(version, "tool.hatch.version")?;
    if version.get("source").and_then(Item::as_str) != Some("vcs") {
        return Ok(None);
    }
    let mut merged = Table::new();
    let mut origins = Vec::new();
    if let Some(raw) = version.get("raw-options") {
        for (key, value) in table_at(raw, "tool.hatch.version.raw-options")?.iter() {
            merged.insert(key, value.clone());
            origins.push((key.to_owned(), format!("tool.hatch.version.raw-options.{key}")));
        }
    }
    for (hatch_key, key) in [
        ("tag-pattern", "tag_regex"),
        ("fallback-version", "fallback_version"),
    ] {
        match version.get(hatch_key) {
            Some(item) if item.as_str() == Some("") => {}
            Some(item) => {
                merged.insert(key, item.clone());
                origins.push((key.to_owned(), format!("tool.hatch.version.{hatch_key}")));
            }
            None => {}
        }
    }
    let hook_file = hatch
        .get("build")
        .and_then(|build| build.get("hooks"))
        .and_then(|hooks| hooks.get("vcs"))
        .and_then(|vcs| vcs.get("version-file"));
    if let Some(item) = hook_file {
        merged.insert("version_file", item.clone());
        origins.push((
            "version_file".to_owned(),
            "tool.hatch.build.hooks.vcs.version-file".to_owned(),
        ));
    }
    let mut table = FileTable::new(
        merged,
        ConfigSource::Hatch(path.to_owned()),
        "tool.hatch.version.raw-options".to_owned(),
        path,
    );
    table.origins = origins;
    // Keys of `[tool.hatch.version]` itself that scmver does not read.
    table.extra_unknown = version
        .iter()
        .map(|(key, _)| key)
        .filter(|key| !["source", "raw-options", "tag-pattern", "fallback-version"].contains(key))
        .map(|key| format!("tool.hatch.version.{key}"))
        .collect();
    Ok(Some(table))
}

/// Typed access to the selected table, with errors naming the key where the user wrote it.
#[derive(Debug, Clone)]
pub(crate) struct FileTable {
    /// The table, `None` when the file has none (every key then reads as unset).
    pub(crate) table: Option<Table>,
    /// Which table it is.
    pub(crate) source: ConfigSource,
    /// Its dotted name (`tool.scmver`).
    pub(crate) prefix: String,
    /// The file.
    pub(crate) file: PathBuf,
    /// Keys that come from elsewhere than `prefix.key` (hatch-vcs's `tag-pattern`), with the
    /// dotted key as written.
    pub(crate) origins: Vec<(String, String)>,
    /// Keys next to the table that scmver does not read, dotted.
    pub(crate) extra_unknown: Vec<String>,
}

impl FileTable {
    fn new(table: Table, source: ConfigSource, prefix: String, file: &Path) -> Self {
        FileTable {
            table: Some(table),
            source,
            prefix,
            file: file.to_owned(),
            origins: Vec::new(),
            extra_unknown: Vec::new(),
        }
    }

    /// No table: every key reads as unset.
    pub(crate) fn empty(file: &Path) -> Self {
        FileTable {
            table: None,
            source: ConfigSource::Defaults,
            prefix: String::new(),
            file: file.to_owned(),
            origins: Vec::new(),
            extra_unknown: Vec::new(),
        }
    }

    /// Set `key` to `value` from another source (an overrides variable), over the file's.
    pub(crate) fn set(&mut self, key: &str, value: Item, written_as: String) {
        self.table.get_or_insert_with(Table::new).insert(key, value);
        self.origins.retain(|(k, _)| k != key);
        self.origins.push((key.to_owned(), written_as));
    }

    fn item(&self, path: &[&str]) -> Option<&Item> {
        let (first, rest) = path.split_first()?;
        let mut item = self.table.as_ref()?.get(first)?;
        for key in rest {
            item = item.get(key)?;
        }
        Some(item)
    }

    /// A key that, when present, must be a table (`tag`).
    pub(crate) fn check_table(&self, key: &str) -> Result<(), ConfigError> {
        match self.item(&[key]) {
            Some(item) if item.as_table_like().is_none() => Err(self.invalid(&[key], "a table", item)),
            _ => Ok(()),
        }
    }

    /// Where the key at `path` is: `` `tool.scmver.tag.regex` in `pyproject.toml` ``, or the
    /// variable that overrides it.
    pub(crate) fn source(&self, path: &[&str]) -> Source {
        let dotted = path.join(".");
        let first = path.first().copied().unwrap_or_default();
        match self.origins.iter().find(|(key, _)| key == first) {
            Some((_, written)) if written.starts_with("env:") => {
                Source::Env(written.trim_start_matches("env:").to_owned())
            }
            Some((_, written)) => Source::Config {
                file: self.file.clone(),
                key: match path.get(1..) {
                    Some(rest) if !rest.is_empty() => format!("{written}.{}", rest.join(".")),
                    _ => written.clone(),
                },
            },
            None => Source::Config {
                file: self.file.clone(),
                key: format!("{}.{dotted}", self.prefix),
            },
        }
    }

    fn invalid(&self, path: &[&str], expected: &'static str, item: &Item) -> ConfigError {
        ConfigError::InvalidValue {
            origin: self.source(path),
            expected,
            found: item.to_string().trim().to_owned(),
        }
    }

    pub(crate) fn string_at(&self, path: &[&str]) -> Result<Option<String>, ConfigError> {
        match self.item(path) {
            None => Ok(None),
            Some(item) => item
                .as_str()
                .map(|s| Some(s.to_owned()))
                .ok_or_else(|| self.invalid(path, "a string", item)),
        }
    }

    pub(crate) fn string(&self, key: &str) -> Result<Option<String>, ConfigError> {
        self.string_at(&[key])
    }

    pub(crate) fn bool_at(&self, path: &[&str]) -> Result<Option<bool>, ConfigError> {
        match self.item(path) {
            None => Ok(None),
            Some(item) => item
                .as_bool()
                .map(Some)
                .ok_or_else(|| self.invalid(path, "true or false", item)),
        }
    }

    pub(crate) fn bool(&self, key: &str) -> Result<Option<bool>, ConfigError> {
        self.bool_at(&[key])
    }

    /// The keys of the table at `path` (`scm.git`), empty when there is none.
    pub(crate) fn keys_at(&self, path: &[&str]) -> Vec<String> {
        self.item(path)
            .and_then(Item::as_table_like)
            .map(|table| table.iter().map(|(key, _)| key.to_owned()).collect())
            .unwrap_or_default()
    }

    /// The keys of the table that are not in `known`, dotted as written
    /// (`tool.scmver.foo`), and the unread keys beside it.
    pub(crate) fn unknown_keys(&self, known: &[&str]) -> Vec<String> {
        let mut unknown: Vec<String> = self
            .table
            .iter()
            .flat_map(|table| table.iter().map(|(key, _)| key))
            .filter(|key| !known.contains(key))
            .map(|key| match self.source(&[key]) {
                Source::Config { key, .. } => key,
                other => other.to_string(),
            })
            .collect();
        unknown.extend(self.extra_unknown.iter().cloned());
        unknown
    }
}
