//! The pyproject.toml table scmver reads its settings from, with typed access whose errors
//! name the key and the file.

use std::path::{Path, PathBuf};

use toml_edit::{DocumentMut, Item};

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

/// `[tool.scmver]` if present, else `[tool.setuptools_scm]`, with the source it counts as and
/// its dotted name.
///
/// `tool`, or one of these tables, present with another type is an error naming it.
pub(crate) type Selected<'d> = Option<(&'d dyn toml_edit::TableLike, ConfigSource, &'static str)>;

pub(crate) fn select_table<'d>(doc: &'d DocumentMut, path: &Path) -> Result<Selected<'d>, ConfigError> {
    let Some(tool) = doc.get("tool") else {
        return Ok(None);
    };
    let table_at = |item: &'d Item, key: &str| {
        item.as_table_like().ok_or_else(|| ConfigError::InvalidValue {
            origin: Source::Config {
                file: path.to_owned(),
                key: key.to_owned(),
            },
            expected: "a table",
            found: item.to_string().trim().to_owned(),
        })
    };
    let tool = table_at(tool, "tool")?;
    if let Some(item) = tool.get("scmver") {
        let table = table_at(item, "tool.scmver")?;
        return Ok(Some((
            table,
            ConfigSource::Scmver(path.to_owned()),
            "tool.scmver",
        )));
    }
    match tool.get("setuptools_scm") {
        Some(item) => Ok(Some((
            table_at(item, "tool.setuptools_scm")?,
            ConfigSource::SetuptoolsScm(path.to_owned()),
            "tool.setuptools_scm",
        ))),
        None => Ok(None),
    }
}

/// Typed access to the selected table, with errors naming the key.
pub(crate) struct FileTable<'d> {
    /// The table, `None` when the file has none (every key then reads as unset).
    pub(crate) table: Option<&'d dyn toml_edit::TableLike>,
    /// Its dotted name (`tool.scmver`).
    pub(crate) prefix: &'static str,
    /// The file.
    pub(crate) file: PathBuf,
}

impl FileTable<'_> {
    fn item(&self, path: &[&str]) -> Option<&Item> {
        let (first, rest) = path.split_first()?;
        let mut item = self.table?.get(first)?;
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

    /// Where the key at `path` is: `` `tool.scmver.tag.regex` in `pyproject.toml` ``.
    pub(crate) fn source(&self, path: &[&str]) -> Source {
        Source::Config {
            file: self.file.clone(),
            key: format!("{}.{}", self.prefix, path.join(".")),
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

    /// The keys of the table that are not in `known`, dotted (`tool.scmver.foo`).
    pub(crate) fn unknown_keys(&self, known: &[&str]) -> Vec<String> {
        self.table
            .map(|table| {
                table
                    .iter()
                    .map(|(key, _)| key)
                    .filter(|key| !known.contains(key))
                    .map(|key| format!("{}.{key}", self.prefix))
                    .collect()
            })
            .unwrap_or_default()
    }
}
