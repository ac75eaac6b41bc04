//! Inputs → options: pyproject.toml, the environment and explicit overrides become one
//! validated [`Options`] value. Nothing after this stage reads a file or the environment.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use regex::Regex;
use toml_edit::{DocumentMut, Item};

use crate::ci::CiContext;
use crate::date::Timestamp;
use crate::git::ReadOptions;
use crate::scheme::{LocalScheme, UnknownScheme, VersionScheme};
use crate::tag::{DEFAULT_TAG_REGEX, TagError, TagRule};

/// The configuration or environment is unusable.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// The config file exists but cannot be read.
    #[error("cannot read `{path}`")]
    Read {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// The project directory (`--root`) does not exist or is not a directory.
    #[error("project directory `{path}` does not exist or is not a directory: check --root")]
    NotADirectory {
        /// The directory.
        path: PathBuf,
    },
    /// A config file given explicitly does not exist.
    #[error("config file `{path}` does not exist: check the --config path")]
    Missing {
        /// The file.
        path: PathBuf,
    },
    /// The config file is not valid TOML.
    #[error("`{path}` is not valid TOML at line {line}, column {column}: {message}")]
    Toml {
        /// The file.
        path: PathBuf,
        /// 1-based line of the error.
        line: usize,
        /// 1-based column of the error.
        column: usize,
        /// What the TOML parser said.
        message: String,
    },
    /// A key has a value of the wrong type or form.
    #[error("`{key}` in {source_name} must be {expected}, found `{found}`")]
    InvalidValue {
        /// The dotted key, e.g. `tool.scmver.tag.strict`.
        key: String,
        /// Where it was read from (`pyproject.toml`, `--tag-regex`).
        source_name: String,
        /// What would be accepted.
        expected: &'static str,
        /// What was there.
        found: String,
    },
    /// A version or local scheme name is unknown.
    #[error("{origin}: {source}")]
    Scheme {
        /// Where the name came from.
        origin: String,
        /// Which name, and the known ones.
        #[source]
        source: UnknownScheme,
    },
    /// The tag regex is unusable.
    #[error("{origin}: {source}")]
    TagRegex {
        /// Where the regex came from.
        origin: String,
        /// What is wrong with it.
        source: TagError,
    },
    /// The branch regex is not a valid regular expression.
    #[error("{origin}: invalid branch regex `{pattern}`")]
    BranchRegex {
        /// Where the regex came from.
        origin: String,
        /// The pattern.
        pattern: String,
        /// What the regex parser said.
        #[source]
        source: regex::Error,
    },
    /// A version given as configuration (fallback or pretend version) is not PEP 440.
    #[error("{origin} is `{value}`, which is not a PEP 440 version: {reason}")]
    InvalidVersion {
        /// Where it came from (`SCMVER_PRETEND_VERSION`, `fallback_version in pyproject.toml`).
        origin: String,
        /// The value.
        value: String,
        /// What the parser said.
        reason: String,
    },
    /// A version template is unusable or renders an invalid version.
    #[error(transparent)]
    Template(#[from] crate::template::TemplateError),
    /// `dev_number = "pipeline"` but no pipeline ID is known.
    #[error(
        "dev_number is `pipeline` but no pipeline ID is known: run in CI, pass --pipeline-id or set SCMVER_PIPELINE_ID, or use dev_number = \"pipeline-or-distance\""
    )]
    NoPipelineId,
    /// The pipeline ID is not a number.
    #[error(
        "pipeline ID `{value}` is not a whole number, so it cannot be a .dev number: pass a numeric --pipeline-id"
    )]
    PipelineId {
        /// The value.
        value: String,
    },
    /// The `--pattern` of `is-release` is not a valid regex.
    #[error("invalid --pattern `{pattern}`")]
    ReleasePattern {
        /// The pattern.
        pattern: String,
        /// What the regex parser said.
        #[source]
        source: regex::Error,
    },
    /// `SOURCE_DATE_EPOCH` is not an integer.
    #[error(
        "SOURCE_DATE_EPOCH is `{value}`, which is not a whole number of seconds since 1970: unset it or fix it"
    )]
    SourceDateEpoch {
        /// The value.
        value: String,
    },
}

/// The process environment as a plain map, so tests pass a map instead of mutating the real
/// environment.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Environment {
    vars: BTreeMap<String, String>,
}

impl Environment {
    /// A snapshot of the current process environment (variables that are not UTF-8 are
    /// skipped).
    #[must_use]
    pub fn from_process() -> Self {
        Environment {
            vars: std::env::vars_os()
                .filter_map(|(k, v)| Some((k.into_string().ok()?, v.into_string().ok()?)))
                .collect(),
        }
    }

    /// The value of `name`, treating an empty value as unset.
    #[must_use]
    pub fn get(&self, name: &str) -> Option<&str> {
        self.vars
            .get(name)
            .map(String::as_str)
            .filter(|value| !value.is_empty())
    }
}

impl<K: Into<String>, V: Into<String>> FromIterator<(K, V)> for Environment {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        Environment {
            vars: iter.into_iter().map(|(k, v)| (k.into(), v.into())).collect(),
        }
    }
}

/// Values given explicitly (command-line flags); each one wins over the config file.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    /// Version scheme name.
    pub version_scheme: Option<String>,
    /// Local scheme name.
    pub local_scheme: Option<String>,
    /// Tag regex.
    pub tag_regex: Option<String>,
    /// Accept a shallow clone cut before the tag.
    pub allow_shallow: bool,
    /// Count untracked files as dirty.
    pub untracked_dirty: bool,
    /// Where `.devN` numbers come from: `distance`, `pipeline`, `pipeline-or-distance`.
    pub dev_number: Option<String>,
    /// A version template replacing the schemes (`{branch_version}.0.{pipeline}`).
    pub template: Option<String>,
    /// The branch, overriding CI and HEAD.
    pub branch: Option<String>,
    /// The pipeline ID, overriding CI.
    pub pipeline_id: Option<String>,
    /// Ignore CI variables entirely.
    pub no_ci: bool,
}

/// Where the project is and how to read its configuration.
#[derive(Debug, Clone)]
pub struct ProjectLocation {
    /// The project directory: its `pyproject.toml` is read, and the repository is searched from
    /// here (or from its `root` key) upwards.
    pub dir: PathBuf,
    /// Read this file instead of `<dir>/pyproject.toml`; it must exist.
    pub config_file: Option<PathBuf>,
}

/// Which table the settings came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigSource {
    /// `[tool.scmver]` in this file.
    Scmver(PathBuf),
    /// `[tool.setuptools_scm]` in this file (no `[tool.scmver]` table).
    SetuptoolsScm(PathBuf),
    /// No file, or a file with neither table: defaults.
    Defaults,
}

/// Every setting that decides the version, validated.
#[derive(Debug, Clone)]
pub struct Options {
    /// Where to start looking for the repository.
    pub search_dir: PathBuf,
    /// The version scheme.
    pub version_scheme: VersionScheme,
    /// The local scheme.
    pub local_scheme: LocalScheme,
    /// Which tags are versions.
    pub tag_rule: TagRule,
    /// Used when no tag qualifies (as the tag) and when there is no repository (as the version).
    pub fallback_version: Option<pep440_rs::Version>,
    /// A version to print without looking at git, and the variable it came from.
    pub pretend_version: Option<(String, String)>,
    /// The instant dirty markers are dated with (`SOURCE_DATE_EPOCH`, else now).
    pub now: Timestamp,
    /// How to read the repository.
    pub read: ReadOptions,
    /// What the CI run says (after `--branch`/`--pipeline-id`; empty with `--no-ci`).
    pub ci: CiContext,
    /// Where `.devN` numbers come from.
    pub dev_number: DevNumber,
    /// A version template replacing the schemes.
    pub template: Option<String>,
    /// Reads `{branch_version}` out of the branch name; `None` means [`DEFAULT_BRANCH_REGEX`]
    /// (compiled only when a template asks for `{branch_version}`).
    pub branch_regex: Option<Regex>,
    /// Let a branch build on a tagged commit print the release version (off by default: when
    /// CI is detected, only tag builds produce releases).
    pub release_on_branch_builds: bool,
    /// `version_file` from the config, relative to the project directory.
    pub version_file: Option<PathBuf>,
    /// Where the settings came from.
    pub source: ConfigSource,
    /// Keys present in the config that scmver does not use.
    pub ignored_keys: Vec<String>,
}

/// Where the number after `.dev` (or `.post` for `post-release`) comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DevNumber {
    /// Commits since the tag, as setuptools_scm does.
    #[default]
    Distance,
    /// The CI pipeline ID: unique across branches and never decreasing. Fails without one.
    Pipeline,
    /// The pipeline ID in CI, the distance elsewhere.
    PipelineOrDistance,
}

impl DevNumber {
    const NAMES: &str = "distance, pipeline or pipeline-or-distance";

    fn parse(name: &str) -> Option<Self> {
        match name {
            "distance" => Some(DevNumber::Distance),
            "pipeline" => Some(DevNumber::Pipeline),
            "pipeline-or-distance" => Some(DevNumber::PipelineOrDistance),
            _ => None,
        }
    }
}

/// The default `branch_regex`: `1.2`, `v1.2`, `1.2.x`, `rel.1.2`, `release-1.2`, `release/1.2`.
pub const DEFAULT_BRANCH_REGEX: &str = r"^(?:rel(?:ease)?[-/._])?[vV]?(?P<version>\d+(?:\.\d+)*)(?:\.x)?$";

/// Keys scmver reads from `[tool.scmver]` / `[tool.setuptools_scm]`.
const KNOWN_KEYS: [&str; 14] = [
    "dev_number",
    "template",
    "branch_regex",
    "release_on_branch_builds",
    "no_ci",
    "version_scheme",
    "local_scheme",
    "tag_regex",
    "tag",
    "fallback_version",
    "root",
    "version_file",
    "untracked_dirty",
    "allow_shallow",
];

/// Read the configuration of the project at `location`, apply the environment and the
/// overrides, and validate everything.
///
/// `now` is used for dirty markers unless `SOURCE_DATE_EPOCH` is set in `env`.
pub fn resolve_options(
    location: &ProjectLocation,
    overrides: &Overrides,
    env: &Environment,
    now: Timestamp,
) -> Result<Options, ConfigError> {
    if location.config_file.is_none() && !location.dir.is_dir() {
        return Err(ConfigError::NotADirectory {
            path: location.dir.clone(),
        });
    }
    let (config_path, required) = match &location.config_file {
        Some(path) => (path.clone(), true),
        None => (location.dir.join("pyproject.toml"), false),
    };
    let document = read_document(&config_path, required)?;
    let (table, source, prefix) = match document.as_ref().map(|doc| select_table(doc, &config_path)) {
        Some(Some((table, source, prefix))) => (Some(table), source, prefix),
        _ => (None, ConfigSource::Defaults, ""),
    };
    let file = FileTable {
        table,
        prefix,
        file_name: config_path.display().to_string(),
    };

    let config_dir = config_path.parent().map(Path::to_path_buf).unwrap_or_default();
    let search_dir = match file.string("root")? {
        Some(root) if location.config_file.is_some() => config_dir.join(root),
        Some(root) => location.dir.join(root),
        None => location.dir.clone(),
    };

    let version_scheme = scheme_setting(
        overrides.version_scheme.as_deref(),
        "--version-scheme",
        &file,
        "version_scheme",
    )?;
    let local_scheme = scheme_setting(
        overrides.local_scheme.as_deref(),
        "--local-scheme",
        &file,
        "local_scheme",
    )?;
    let tag_rule = tag_rule(overrides.tag_regex.as_deref(), &file)?;

    let fallback_version = file
        .string("fallback_version")?
        .map(|value| parse_version(&value, &format!("`fallback_version` in {}", file.file_name)))
        .transpose()?;
    let dist_name = document
        .as_ref()
        .and_then(|doc| doc.get("project")?.get("name")?.as_str().map(str::to_owned));
    let pretend_version = pretend_version(env, dist_name.as_deref())?;
    let now = match env.get("SOURCE_DATE_EPOCH") {
        Some(value) => Timestamp(value.trim().parse().map_err(|_| ConfigError::SourceDateEpoch {
            value: value.to_owned(),
        })?),
        None => now,
    };
    let mut ci = if overrides.no_ci || file.bool("no_ci")?.unwrap_or(false) {
        CiContext::none()
    } else {
        CiContext::detect(env)
    };
    if let Some(branch) = &overrides.branch {
        ci.branch = Some(branch.clone());
    }
    if let Some(pipeline) = &overrides.pipeline_id {
        ci.pipeline_id = Some(pipeline.clone());
    }
    let dev_number = match &overrides.dev_number {
        Some(name) => DevNumber::parse(name).ok_or_else(|| ConfigError::InvalidValue {
            key: "--dev-number".to_owned(),
            source_name: "the command line".to_owned(),
            expected: DevNumber::NAMES,
            found: name.clone(),
        })?,
        None => match file.string("dev_number")? {
            Some(name) => DevNumber::parse(&name).ok_or_else(|| ConfigError::InvalidValue {
                key: format!("{prefix}.dev_number"),
                source_name: file.file_name.clone(),
                expected: DevNumber::NAMES,
                found: name.clone(),
            })?,
            None => DevNumber::default(),
        },
    };
    let branch_regex = file
        .string("branch_regex")?
        .map(|pattern| {
            Regex::new(&pattern).map_err(|source| ConfigError::BranchRegex {
                origin: format!("`{prefix}.branch_regex` in {}", file.file_name),
                pattern: pattern.clone(),
                source,
            })
        })
        .transpose()?;
    let read = ReadOptions {
        allow_shallow: overrides.allow_shallow || file.bool("allow_shallow")?.unwrap_or(false),
        untracked_dirty: overrides.untracked_dirty || file.bool("untracked_dirty")?.unwrap_or(false),
    };
    let ignored_keys = file
        .table
        .map(|table| {
            table
                .iter()
                .map(|(key, _)| key)
                .filter(|key| !KNOWN_KEYS.contains(key))
                .map(|key| format!("{prefix}.{key}"))
                .collect()
        })
        .unwrap_or_default();
    Ok(Options {
        search_dir,
        version_scheme,
        local_scheme,
        tag_rule,
        fallback_version,
        pretend_version,
        now,
        read,
        ci,
        dev_number,
        template: overrides.template.clone().or(file.string("template")?),
        branch_regex,
        release_on_branch_builds: file.bool("release_on_branch_builds")?.unwrap_or(false),
        version_file: file.string("version_file")?.map(PathBuf::from),
        source,
        ignored_keys,
    })
}

fn read_document(path: &Path, required: bool) -> Result<Option<DocumentMut>, ConfigError> {
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

/// `[tool.scmver]` if present, else `[tool.setuptools_scm]`.
fn select_table<'d>(
    doc: &'d DocumentMut,
    path: &Path,
) -> Option<(&'d dyn toml_edit::TableLike, ConfigSource, &'static str)> {
    let tool = doc.get("tool")?;
    if let Some(table) = tool.get("scmver").and_then(Item::as_table_like) {
        return Some((table, ConfigSource::Scmver(path.to_owned()), "tool.scmver"));
    }
    let table = tool.get("setuptools_scm").and_then(Item::as_table_like)?;
    Some((
        table,
        ConfigSource::SetuptoolsScm(path.to_owned()),
        "tool.setuptools_scm",
    ))
}

/// Typed access to the selected table, with errors naming the key.
struct FileTable<'d> {
    table: Option<&'d dyn toml_edit::TableLike>,
    prefix: &'static str,
    file_name: String,
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

    fn invalid(&self, path: &[&str], expected: &'static str, item: &Item) -> ConfigError {
        ConfigError::InvalidValue {
            key: format!("{}.{}", self.prefix, path.join(".")),
            source_name: self.file_name.clone(),
            expected,
            found: item.to_string().trim().to_owned(),
        }
    }

    fn string_at(&self, path: &[&str]) -> Result<Option<String>, ConfigError> {
        match self.item(path) {
            None => Ok(None),
            Some(item) => item
                .as_str()
                .map(|s| Some(s.to_owned()))
                .ok_or_else(|| self.invalid(path, "a string", item)),
        }
    }

    fn string(&self, key: &str) -> Result<Option<String>, ConfigError> {
        self.string_at(&[key])
    }

    fn bool_at(&self, path: &[&str]) -> Result<Option<bool>, ConfigError> {
        match self.item(path) {
            None => Ok(None),
            Some(item) => item
                .as_bool()
                .map(Some)
                .ok_or_else(|| self.invalid(path, "true or false", item)),
        }
    }

    fn bool(&self, key: &str) -> Result<Option<bool>, ConfigError> {
        self.bool_at(&[key])
    }
}

fn scheme_setting<S: FromStr<Err = UnknownScheme> + Default>(
    flag_value: Option<&str>,
    flag: &str,
    file: &FileTable<'_>,
    key: &str,
) -> Result<S, ConfigError> {
    let (value, origin) = match flag_value {
        Some(value) => (Some(value.to_owned()), flag.to_owned()),
        None => (
            file.string(key)?,
            format!("`{}.{key}` in {}", file.prefix, file.file_name),
        ),
    };
    value
        .map(|name| {
            name.parse()
                .map_err(|source| ConfigError::Scheme { origin, source })
        })
        .transpose()
        .map(Option::unwrap_or_default)
}

fn tag_rule(flag_regex: Option<&str>, file: &FileTable<'_>) -> Result<TagRule, ConfigError> {
    let nested = file.string_at(&["tag", "regex"])?;
    let top = file.string("tag_regex")?;
    let (pattern, origin) = match (flag_regex, nested, top) {
        (Some(flag), _, _) => (flag.to_owned(), "--tag-regex".to_owned()),
        (None, Some(regex), _) => (
            regex,
            format!("`{}.tag.regex` in {}", file.prefix, file.file_name),
        ),
        (None, None, Some(regex)) => (
            regex,
            format!("`{}.tag_regex` in {}", file.prefix, file.file_name),
        ),
        (None, None, None) => (DEFAULT_TAG_REGEX.to_owned(), "the default tag regex".to_owned()),
    };
    // setuptools_scm treats an empty regex as "use the default".
    let pattern = if pattern.is_empty() {
        DEFAULT_TAG_REGEX.to_owned()
    } else {
        pattern
    };
    let rule = TagRule::with_regex(&pattern).map_err(|source| ConfigError::TagRegex { origin, source })?;
    let prefix = file.string_at(&["tag", "prefix"])?.unwrap_or_default();
    let strict = file.bool_at(&["tag", "strict"])?.unwrap_or(true);
    Ok(rule.prefix(prefix).strict(strict))
}

fn parse_version(value: &str, origin: &str) -> Result<pep440_rs::Version, ConfigError> {
    pep440_rs::Version::from_str(value.trim()).map_err(|err| ConfigError::InvalidVersion {
        origin: origin.to_owned(),
        value: value.to_owned(),
        reason: err.to_string(),
    })
}

/// `SCMVER_PRETEND_VERSION_FOR_<DIST>`, `SCMVER_PRETEND_VERSION`, then the
/// `SETUPTOOLS_SCM_` forms, first set wins. The value is validated and kept as written, as
/// setuptools_scm prints it.
fn pretend_version(
    env: &Environment,
    dist_name: Option<&str>,
) -> Result<Option<(String, String)>, ConfigError> {
    let suffix = dist_name.map(dist_env_suffix);
    let mut names = Vec::new();
    for tool in ["SCMVER", "SETUPTOOLS_SCM"] {
        if let Some(suffix) = &suffix {
            names.push(format!("{tool}_PRETEND_VERSION_FOR_{suffix}"));
        }
        names.push(format!("{tool}_PRETEND_VERSION"));
    }
    for name in names {
        if let Some(value) = env.get(&name) {
            parse_version(value, &name)?;
            return Ok(Some((value.to_owned(), name)));
        }
    }
    Ok(None)
}

/// `my.pkg-name` → `MY_PKG_NAME`: the distribution name normalized as in PEP 503, with `-` as
/// `_`, upper-cased.
fn dist_env_suffix(name: &str) -> String {
    let mut out = String::new();
    let mut in_separator_run = false;
    for c in name.chars() {
        if matches!(c, '-' | '_' | '.') {
            if !in_separator_run {
                out.push('_');
            }
            in_separator_run = true;
        } else {
            out.extend(c.to_uppercase());
            in_separator_run = false;
        }
    }
    out
}

#[cfg(test)]
mod tests;
