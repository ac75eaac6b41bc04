//! Inputs → options: pyproject.toml, the environment and explicit overrides become one
//! validated [`Options`] value. Nothing after this stage reads the environment or a
//! configuration file on its own, and nothing here touches the repository.
//!
//! Every setting remembers where its value came from ([`source::Source`]), so a message about
//! it names the flag, the variable or the key the user set.

pub mod ci;
pub mod environment;
pub mod scheme;
pub mod source;
mod table;
pub mod tag_rule;

use std::path::{Path, PathBuf};
use std::str::FromStr;

use regex::Regex;

use crate::date::Timestamp;
use crate::options::ci::CiContext;
use crate::options::environment::Environment;
use crate::options::scheme::{LocalScheme, UnknownScheme, VersionScheme};
use crate::options::source::{Source, Sourced};
use crate::options::table::{FileTable, read_document, select_table};
use crate::options::tag_rule::{DEFAULT_TAG_REGEX, TagError, TagRule};

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
    /// The project directory does not exist or is not a directory.
    #[error("project directory `{path}` does not exist or is not a directory")]
    NotADirectory {
        /// The directory.
        path: PathBuf,
    },
    /// A config file given explicitly does not exist.
    #[error("config file `{path}` does not exist")]
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
    /// A setting has a value of the wrong type or form.
    #[error("{origin} must be {expected}, found `{found}`")]
    InvalidValue {
        /// Where the value was set.
        origin: Source,
        /// What would be accepted.
        expected: &'static str,
        /// What was there.
        found: String,
    },
    /// A version or local scheme name is unknown.
    #[error("{origin}: {error}")]
    Scheme {
        /// Where the name was set.
        origin: Source,
        /// Which name, and the known ones.
        #[source]
        error: UnknownScheme,
    },
    /// The tag regex is unusable.
    #[error("{origin}: {error}")]
    TagRegex {
        /// Where the regex was set.
        origin: Source,
        /// What is wrong with it.
        #[source]
        error: TagError,
    },
    /// The branch regex is not a valid regular expression.
    #[error("{origin}: invalid branch regex `{pattern}`")]
    BranchRegex {
        /// Where the regex was set.
        origin: Source,
        /// The pattern.
        pattern: String,
        /// What the regex parser said.
        #[source]
        source: regex::Error,
    },
    /// A version given as configuration (fallback or pretend version) is not PEP 440.
    #[error("{origin} is `{value}`, which is not a PEP 440 version: {reason}")]
    InvalidVersion {
        /// Where it was set (`SCMVER_PRETEND_VERSION`, `tool.scmver.fallback_version`).
        origin: Source,
        /// The value.
        value: String,
        /// What the parser said.
        reason: String,
    },
    /// `dev_number = "pipeline"` but no pipeline ID is known.
    #[error(
        "dev_number is `pipeline` (set by {dev_number}) but no pipeline ID is known: run in CI, set the pipeline ID (SCMVER_PIPELINE_ID), or use dev_number = \"pipeline-or-distance\""
    )]
    NoPipelineId {
        /// Where `dev_number` was set.
        dev_number: Source,
    },
    /// The pipeline ID is not a number.
    #[error(
        "pipeline ID `{value}` (from {origin}) is not a whole number, so it cannot be a .dev number: use a numeric pipeline ID or dev_number = \"distance\""
    )]
    PipelineId {
        /// The value.
        value: String,
        /// Where it came from.
        origin: Source,
    },
    /// A release pattern (`scmver is-release --pattern`) is not a valid regex.
    #[error("invalid release pattern `{pattern}`")]
    ReleasePattern {
        /// The pattern.
        pattern: String,
        /// What the regex parser said.
        #[source]
        source: regex::Error,
    },
    /// `SOURCE_DATE_EPOCH` is not an integer, or not a date in the years 1970–9999.
    #[error(
        "SOURCE_DATE_EPOCH is `{value}`, which is not a whole number of seconds since 1970 naming a date in the years 1970 to 9999: unset it or fix it"
    )]
    SourceDateEpoch {
        /// The value.
        value: String,
    },
    /// A variable scmver reads holds a value it refuses.
    #[error(transparent)]
    Environment(#[from] crate::options::environment::EnvError),
    /// `--github-env` outside GitHub Actions.
    #[error(
        "GITHUB_ENV is not set: --github-env appends to the file GitHub Actions names there; run it in a GitHub Actions step"
    )]
    GithubEnv,
    /// The repository root a setting names does not exist.
    #[error("{origin} names `{path}`, which is not a directory: fix the path")]
    Root {
        /// Where the root was set.
        origin: Source,
        /// The directory it names.
        path: PathBuf,
    },
}

/// Values given explicitly (the scmver command line's flags); each one wins over the
/// environment and the config file.
///
/// Values that can be invalid carry the name the caller's users know them by
/// ([`Sourced::given`]), so a message about them names that.
///
/// ```
/// use scmver_core::Overrides;
/// use scmver_core::options::scheme::LocalScheme;
/// use scmver_core::options::source::Sourced;
///
/// let mut overrides = Overrides::default();
/// overrides.local_scheme = Some(Sourced::given(LocalScheme::NoLocalVersion, "--local-scheme"));
/// overrides.allow_shallow = true;
/// ```
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct Overrides {
    /// The version scheme.
    pub version_scheme: Option<Sourced<VersionScheme>>,
    /// The local scheme.
    pub local_scheme: Option<Sourced<LocalScheme>>,
    /// The tag regex.
    pub tag_regex: Option<Sourced<String>>,
    /// Accept a shallow clone cut before the tag (`false` leaves it to the environment and
    /// the config).
    pub allow_shallow: bool,
    /// Count untracked files as dirty (`false` leaves it to the config).
    pub untracked_dirty: bool,
    /// Make "no version tag reachable" an error instead of `0.1.devN` (`false` leaves it to
    /// the config's `require_tag`).
    pub require_tag: bool,
    /// A version a package index accepts and no other build produces (`false` leaves it to the
    /// config's `publishable`): see [`Options::publishable`].
    pub publishable: bool,
    /// Where `.devN` numbers come from.
    pub dev_number: Option<Sourced<DevNumber>>,
    /// A version template replacing the schemes (`{branch_version}.0.{pipeline}`).
    pub template: Option<Sourced<String>>,
    /// The branch, overriding CI and HEAD.
    pub branch: Option<String>,
    /// The pipeline ID, overriding CI.
    pub pipeline_id: Option<Sourced<String>>,
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

impl ProjectLocation {
    /// The project in `dir`, configured by its `pyproject.toml`.
    #[must_use]
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        ProjectLocation {
            dir: dir.into(),
            config_file: None,
        }
    }

    /// The configuration file: the one given, else `<dir>/pyproject.toml`.
    #[must_use]
    pub fn config_path(&self) -> PathBuf {
        match &self.config_file {
            Some(path) => path.clone(),
            None => self.dir.join("pyproject.toml"),
        }
    }

    /// The directory manifests are looked for in: the config file's directory when one is
    /// given, else `dir`.
    #[must_use]
    pub fn project_dir(&self) -> PathBuf {
        match &self.config_file {
            Some(config) => config
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .map_or_else(|| PathBuf::from("."), Path::to_path_buf),
            None => self.dir.clone(),
        }
    }
}

/// Which table the settings came from.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ConfigSource {
    /// `[tool.scmver]` in this file.
    Scmver(PathBuf),
    /// `[tool.setuptools_scm]` in this file (no table above it).
    SetuptoolsScm(PathBuf),
    /// `[tool.vcs-versioning]` in this file (no `[tool.scmver]` table).
    VcsVersioning(PathBuf),
    /// hatch-vcs's `[tool.hatch.version]` (`source = "vcs"`) in this file.
    Hatch(PathBuf),
    /// No file, or a file with neither table: defaults.
    Defaults,
}

impl ConfigSource {
    /// The file the table is in, `None` for the defaults.
    #[must_use]
    pub fn file(&self) -> Option<&Path> {
        match self {
            ConfigSource::Scmver(path)
            | ConfigSource::SetuptoolsScm(path)
            | ConfigSource::VcsVersioning(path)
            | ConfigSource::Hatch(path) => Some(path),
            ConfigSource::Defaults => None,
        }
    }

    /// How messages name it: `` [tool.scmver] in `pyproject.toml` ``.
    #[must_use]
    pub fn describe(&self) -> String {
        match self {
            ConfigSource::Scmver(path) => format!("[tool.scmver] in `{}`", path.display()),
            ConfigSource::SetuptoolsScm(path) => format!("[tool.setuptools_scm] in `{}`", path.display()),
            ConfigSource::VcsVersioning(path) => format!("[tool.vcs-versioning] in `{}`", path.display()),
            ConfigSource::Hatch(path) => format!("[tool.hatch.version] (hatch-vcs) in `{}`", path.display()),
            ConfigSource::Defaults => {
                "no [tool.scmver], [tool.vcs-versioning], [tool.setuptools_scm] or hatch-vcs table".to_owned()
            }
        }
    }
}

/// How the repository is read: the settings the `repo` stage needs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ReadOptions {
    /// Accept a shallow clone whose history is cut before the tag (the distance may be too small).
    pub allow_shallow: bool,
    /// Count untracked files (not ignored) as making the tree dirty.
    pub untracked_dirty: bool,
    /// Refuse any shallow clone, whether or not the tag is reachable
    /// (`scm.git.pre_parse = "fail_on_shallow"`).
    pub fail_on_shallow: bool,
    /// When the tree is dirty, list the paths that make it so (`publishable`).
    pub list_changes: bool,
}

impl ReadOptions {
    /// Accept a shallow clone cut before the tag.
    #[must_use]
    pub fn allow_shallow(mut self, allow: bool) -> Self {
        self.allow_shallow = allow;
        self
    }

    /// Count untracked files as dirty.
    #[must_use]
    pub fn untracked_dirty(mut self, untracked: bool) -> Self {
        self.untracked_dirty = untracked;
        self
    }
}

/// How the repository is found, as git finds it: the settings of `GIT_DIR` and
/// `GIT_CEILING_DIRECTORIES`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Discovery {
    /// The git directory to use instead of searching (`GIT_DIR`).
    pub git_dir: Option<PathBuf>,
    /// Directories the upward search never enters (`GIT_CEILING_DIRECTORIES`, `:`-separated).
    pub ceilings: Vec<PathBuf>,
}

/// Facts to use instead of what the repository says (`SETUPTOOLS_SCM_PRETEND_METADATA`):
/// each `Some` replaces the fact read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct PretendMetadata {
    /// The tag's name (`tag`), read with the tag rule.
    pub tag: Option<String>,
    /// Commits since the tag (`distance`).
    pub distance: Option<u64>,
    /// The node (`node`, `g` and hex digits).
    pub node: Option<String>,
    /// The dirty state (`dirty`).
    pub dirty: Option<bool>,
    /// The branch (`branch`).
    pub branch: Option<String>,
    /// The variable they came from.
    pub variable: String,
}

/// Where the number after `.dev` (or `.post` for `post-release`) comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
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

    /// The setting's value as written (`pipeline-or-distance`).
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            DevNumber::Distance => "distance",
            DevNumber::Pipeline => "pipeline",
            DevNumber::PipelineOrDistance => "pipeline-or-distance",
        }
    }

    fn parse(name: &str) -> Option<Self> {
        [
            DevNumber::Distance,
            DevNumber::Pipeline,
            DevNumber::PipelineOrDistance,
        ]
        .into_iter()
        .find(|number| number.name() == name)
    }
}

/// The default `branch_regex`: `1.2`, `v1.2`, `1.2.x`, `rel.1.2`, `release-1.2`, `release/1.2`.
pub const DEFAULT_BRANCH_REGEX: &str = r"^(?:rel(?:ease)?[-/._])?[vV]?(?P<version>\d+(?:\.\d+)*)(?:\.x)?$";

/// Keys scmver reads from `[tool.scmver]` / `[tool.setuptools_scm]`.
const KNOWN_KEYS: [&str; 18] = [
    "require_tag",
    "publishable",
    "parentdir_prefix_version",
    "scm",
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

/// Every setting that decides the version, validated. Made by [`resolve_options`]; read with
/// its accessors, adjusted with its `with_*` setters.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Options {
    pub(crate) search_dir: PathBuf,
    pub(crate) version_scheme: VersionScheme,
    pub(crate) local_scheme: LocalScheme,
    pub(crate) tag_rule: TagRule,
    pub(crate) fallback_version: Option<pep440_rs::Version>,
    pub(crate) pretend_version: Option<Sourced<String>>,
    pub(crate) now: Timestamp,
    pub(crate) source_date_epoch: Option<Timestamp>,
    pub(crate) read: ReadOptions,
    pub(crate) ci: CiContext,
    pub(crate) pipeline_source: Source,
    pub(crate) dev_number: Sourced<DevNumber>,
    pub(crate) template: Option<Sourced<String>>,
    pub(crate) branch_regex: Option<Regex>,
    pub(crate) release_on_branch_builds: bool,
    pub(crate) version_file: Option<PathBuf>,
    pub(crate) bump_base: Option<Sourced<String>>,
    pub(crate) github_output: Option<PathBuf>,
    pub(crate) github_env: Option<PathBuf>,
    pub(crate) github_step_summary: Option<PathBuf>,
    pub(crate) discovery: Discovery,
    pub(crate) require_tag: bool,
    pub(crate) publishable: bool,
    pub(crate) parentdir_prefix_version: Option<String>,
    pub(crate) dist_name: Option<String>,
    pub(crate) pretend_metadata: Option<PretendMetadata>,
    pub(crate) source: ConfigSource,
    pub(crate) ignored_keys: Vec<String>,
}

impl Options {
    /// Where the repository is searched from (upwards).
    #[must_use]
    pub fn search_dir(&self) -> &Path {
        &self.search_dir
    }

    /// The version scheme.
    #[must_use]
    pub fn version_scheme(&self) -> VersionScheme {
        self.version_scheme
    }

    /// The local scheme.
    #[must_use]
    pub fn local_scheme(&self) -> LocalScheme {
        self.local_scheme
    }

    /// Which tags are versions.
    #[must_use]
    pub fn tag_rule(&self) -> &TagRule {
        &self.tag_rule
    }

    /// Used when no tag qualifies (as the tag) and when there is no repository (as the version).
    #[must_use]
    pub fn fallback_version(&self) -> Option<&pep440_rs::Version> {
        self.fallback_version.as_ref()
    }

    /// A version to print without looking at git, and the variable it came from.
    #[must_use]
    pub fn pretend_version(&self) -> Option<&Sourced<String>> {
        self.pretend_version.as_ref()
    }

    /// The instant dirty markers are dated with (`SOURCE_DATE_EPOCH`, else the `now` given to
    /// [`resolve_options`]).
    #[must_use]
    pub fn now(&self) -> Timestamp {
        self.now
    }

    /// `SOURCE_DATE_EPOCH`, when set: the time a reproducible build stands for.
    #[must_use]
    pub fn source_date_epoch(&self) -> Option<Timestamp> {
        self.source_date_epoch
    }

    /// How the repository is read.
    #[must_use]
    pub fn read(&self) -> ReadOptions {
        self.read
    }

    /// What the CI run says (after the branch and pipeline overrides; empty with `no_ci`).
    #[must_use]
    pub fn ci(&self) -> &CiContext {
        &self.ci
    }

    /// Where `.devN` numbers come from.
    #[must_use]
    pub fn dev_number(&self) -> DevNumber {
        self.dev_number.value
    }

    /// A version template replacing the schemes.
    #[must_use]
    pub fn template(&self) -> Option<&str> {
        self.template.as_ref().map(|template| template.value.as_str())
    }

    /// Reads `{branch_version}` out of the branch name; `None` means [`DEFAULT_BRANCH_REGEX`].
    #[must_use]
    pub fn branch_regex(&self) -> Option<&Regex> {
        self.branch_regex.as_ref()
    }

    /// A branch build on a tagged commit prints the release version (off by default: when CI
    /// is detected, only tag builds produce releases).
    #[must_use]
    pub fn release_on_branch_builds(&self) -> bool {
        self.release_on_branch_builds
    }

    /// `version_file` from the config, relative to the config file's directory.
    #[must_use]
    pub fn version_file(&self) -> Option<&Path> {
        self.version_file.as_deref()
    }

    /// The base `check-bump` compares with when the request names none (`SCMVER_BUMP_BASE`).
    #[must_use]
    pub fn bump_base(&self) -> Option<&Sourced<String>> {
        self.bump_base.as_ref()
    }

    /// The file GitHub Actions collects step outputs from (`$GITHUB_OUTPUT`), when set.
    #[must_use]
    pub fn github_output(&self) -> Option<&Path> {
        self.github_output.as_deref()
    }

    /// A publishable version: no local part, the `.dev` number the CI pipeline's ID in CI (so
    /// two branches never publish the same version), and a dirty tree refused, listing the
    /// changed paths.
    #[must_use]
    pub fn publishable(&self) -> bool {
        self.publishable
    }

    /// "No version tag reachable" is an error rather than `0.1.devN`.
    #[must_use]
    pub fn require_tag(&self) -> bool {
        self.require_tag
    }

    /// Without a repository, a parent directory named this prefix plus a version
    /// (`project-1.2.3`) gives the version (setuptools_scm's `parentdir_prefix_version`).
    #[must_use]
    pub fn parentdir_prefix_version(&self) -> Option<&str> {
        self.parentdir_prefix_version.as_deref()
    }

    /// The project's distribution name (`[project] name`), when the configuration file gives
    /// one.
    #[must_use]
    pub fn dist_name(&self) -> Option<&str> {
        self.dist_name.as_deref()
    }

    /// Facts that replace what the repository says (`SETUPTOOLS_SCM_PRETEND_METADATA`).
    #[must_use]
    pub fn pretend_metadata(&self) -> Option<&PretendMetadata> {
        self.pretend_metadata.as_ref()
    }

    /// How the repository is found (`GIT_DIR`, `GIT_CEILING_DIRECTORIES`).
    #[must_use]
    pub fn discovery(&self) -> &Discovery {
        &self.discovery
    }

    /// The file GitHub Actions reads environment variables for later steps from
    /// (`$GITHUB_ENV`), when set.
    #[must_use]
    pub fn github_env(&self) -> Option<&Path> {
        self.github_env.as_deref()
    }

    /// The file GitHub Actions shows as the job summary (`$GITHUB_STEP_SUMMARY`), when set.
    #[must_use]
    pub fn github_step_summary(&self) -> Option<&Path> {
        self.github_step_summary.as_deref()
    }

    /// Which table the settings came from.
    #[must_use]
    pub fn config_source(&self) -> &ConfigSource {
        &self.source
    }

    /// Keys present in the config table that scmver does not use, dotted.
    #[must_use]
    pub fn ignored_keys(&self) -> &[String] {
        &self.ignored_keys
    }

    /// The same options with another instant for dirty markers.
    #[must_use]
    pub fn with_now(mut self, now: Timestamp) -> Self {
        self.now = now;
        self
    }

    /// The same options with another CI context (e.g. [`CiContext::none`]).
    #[must_use]
    pub fn with_ci(mut self, ci: CiContext) -> Self {
        self.pipeline_source = Source::Default;
        self.ci = ci;
        self
    }

    /// The same options with other schemes.
    #[must_use]
    pub fn with_schemes(mut self, version_scheme: VersionScheme, local_scheme: LocalScheme) -> Self {
        self.version_scheme = version_scheme;
        self.local_scheme = local_scheme;
        self
    }

    /// The same options with another tag rule.
    #[must_use]
    pub fn with_tag_rule(mut self, rule: TagRule) -> Self {
        self.tag_rule = rule;
        self
    }

    /// The same options reading the repository differently.
    #[must_use]
    pub fn with_read(mut self, read: ReadOptions) -> Self {
        self.read = read;
        self
    }
}

/// Read the configuration of the project at `location`, apply the environment and the
/// overrides, and validate everything.
///
/// Precedence, per setting: an override, then the environment (`SCMVER_VERSION_SCHEME`,
/// `SCMVER_LOCAL_SCHEME`, `SCMVER_DEV_NUMBER`, `SCMVER_ALLOW_SHALLOW`), then the config table,
/// then the default. `now` dates dirty markers unless `SOURCE_DATE_EPOCH` is set in `env`.
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
    let config_path = location.config_path();
    let document = read_document(&config_path, location.config_file.is_some())?;
    let selected = match &document {
        Some(doc) => select_table(doc, &config_path)?,
        None => None,
    };
    let mut file = selected.unwrap_or_else(|| FileTable::empty(&config_path));
    let dist_name = document
        .as_ref()
        .and_then(|doc| doc.get("project")?.get("name")?.as_str().map(str::to_owned));
    apply_overrides_variable(&mut file, env, dist_name.as_deref())?;
    let source = file.source.clone();

    let config_dir = config_path.parent().map(Path::to_path_buf).unwrap_or_default();
    let search_dir = match file.string("root")? {
        Some(root) => {
            let base = if location.config_file.is_some() {
                &config_dir
            } else {
                &location.dir
            };
            let dir = base.join(root);
            if !dir.is_dir() {
                return Err(ConfigError::Root {
                    origin: file.source(&["root"]),
                    path: dir,
                });
            }
            dir
        }
        None => location.dir.clone(),
    };

    let version_scheme = setting(
        overrides.version_scheme.as_ref(),
        env,
        "SCMVER_VERSION_SCHEME",
        &file,
        "version_scheme",
        parse_scheme,
    )?;
    let local_scheme = setting(
        overrides.local_scheme.as_ref(),
        env,
        "SCMVER_LOCAL_SCHEME",
        &file,
        "local_scheme",
        parse_scheme,
    )?;
    let tag_rule = tag_rule(overrides.tag_regex.as_ref(), &file)?;
    let dev_number = setting(
        overrides.dev_number.as_ref(),
        env,
        "SCMVER_DEV_NUMBER",
        &file,
        "dev_number",
        |name, source| {
            DevNumber::parse(name).ok_or_else(|| ConfigError::InvalidValue {
                origin: source.clone(),
                expected: DevNumber::NAMES,
                found: name.to_owned(),
            })
        },
    )?;

    let fallback_version = file
        .string("fallback_version")?
        .map(|value| parse_version(&value, file.source(&["fallback_version"])))
        .transpose()?;
    let pretend_version = pretend_version(env, dist_name.as_deref())?;
    let source_date_epoch = env.get("SOURCE_DATE_EPOCH").map(source_date_epoch).transpose()?;
    let now = source_date_epoch.unwrap_or(now);
    let mut ci = if overrides.no_ci || file.bool("no_ci")?.unwrap_or(false) {
        CiContext::none()
    } else {
        CiContext::detect(env)
    };
    let mut pipeline_source = match (env.get("SCMVER_PIPELINE_ID"), ci.provider) {
        (Some(_), _) => Source::Env("SCMVER_PIPELINE_ID".to_owned()),
        (None, Some(provider)) => provider
            .pipeline_variable()
            .map_or(Source::Default, |name| Source::Env(name.to_owned())),
        (None, None) => Source::Default,
    };
    if let Some(branch) = &overrides.branch {
        ci.branch = Some(branch.clone());
    }
    if let Some(pipeline) = &overrides.pipeline_id {
        ci.pipeline_id = Some(pipeline.value.clone());
        pipeline_source = pipeline.source.clone();
    }
    // Numbers in their one spelling: `000123` is pipeline 123.
    ci.pipeline_id = ci.pipeline_id.map(normalize_number);
    ci.pull_request = ci.pull_request.map(normalize_number);
    let branch_regex = file
        .string("branch_regex")?
        .map(|pattern| {
            Regex::new(&pattern).map_err(|source| ConfigError::BranchRegex {
                origin: file.source(&["branch_regex"]),
                pattern: pattern.clone(),
                source,
            })
        })
        .transpose()?;
    let allow_shallow = overrides.allow_shallow
        || env_flag(env, "SCMVER_ALLOW_SHALLOW")?
        || file.bool("allow_shallow")?.unwrap_or(false);
    let fail_on_shallow = match file.string_at(&["scm", "git", "pre_parse"])?.as_deref() {
        None | Some("warn_on_shallow" | "fetch_on_shallow") => false,
        Some("fail_on_shallow") => true,
        Some(other) => {
            return Err(ConfigError::InvalidValue {
                origin: file.source(&["scm", "git", "pre_parse"]),
                expected: "warn_on_shallow, fail_on_shallow or fetch_on_shallow",
                found: other.to_owned(),
            });
        }
    };
    let publishable = overrides.publishable || file.bool("publishable")?.unwrap_or(false);
    let read = ReadOptions {
        allow_shallow,
        untracked_dirty: overrides.untracked_dirty || file.bool("untracked_dirty")?.unwrap_or(false),
        fail_on_shallow,
        list_changes: publishable,
    };
    let template = match &overrides.template {
        Some(template) => Some(template.clone()),
        None => file
            .string("template")?
            .map(|template| Sourced::new(template, file.source(&["template"]))),
    };
    let bump_base = env
        .get("SCMVER_BUMP_BASE")
        .map(|base| Sourced::new(base.to_owned(), Source::Env("SCMVER_BUMP_BASE".to_owned())));
    let github_output = env.get_path("GITHUB_OUTPUT").map(PathBuf::from);
    let github_env = env.get_path("GITHUB_ENV").map(PathBuf::from);
    let github_step_summary = env.get_path("GITHUB_STEP_SUMMARY").map(PathBuf::from);
    let discovery = Discovery {
        git_dir: env.get_path("GIT_DIR").map(PathBuf::from),
        ceilings: env
            .get_path("GIT_CEILING_DIRECTORIES")
            .map(|dirs| {
                dirs.split(':')
                    .filter(|d| !d.is_empty())
                    .map(PathBuf::from)
                    .collect()
            })
            .unwrap_or_default(),
    };
    // Every variable read above was checked as it was read: report the first one refused.
    if let Some(refused) = env.refused() {
        return Err(refused.into());
    }
    Ok(Options {
        search_dir,
        version_scheme: version_scheme.value,
        local_scheme: local_scheme.value,
        tag_rule,
        fallback_version,
        pretend_version,
        now,
        source_date_epoch,
        read,
        ci,
        pipeline_source,
        dev_number,
        template,
        branch_regex,
        release_on_branch_builds: file.bool("release_on_branch_builds")?.unwrap_or(false),
        version_file: file.string("version_file")?.map(PathBuf::from),
        bump_base,
        github_output,
        github_env,
        github_step_summary,
        discovery,
        require_tag: overrides.require_tag || file.bool("require_tag")?.unwrap_or(false),
        publishable,
        parentdir_prefix_version: file.string("parentdir_prefix_version")?,
        pretend_metadata: pretend_metadata(env, dist_name.as_deref())?,
        dist_name,
        ignored_keys: ignored_keys(&file),
        source,
    })
}

/// Keys of the table scmver does not use, dotted as written: unknown top-level keys, and the
/// `scm` settings it does not read yet.
fn ignored_keys(file: &FileTable) -> Vec<String> {
    let mut ignored = file.unknown_keys(&KNOWN_KEYS);
    let dotted = |path: &[&str]| match file.source(path) {
        Source::Config { key, .. } => key,
        other => other.to_string(),
    };
    for key in file.keys_at(&["scm"]) {
        if key != "git" {
            ignored.push(dotted(&["scm", &key]));
        }
    }
    for key in file.keys_at(&["scm", "git"]) {
        if key != "pre_parse" {
            ignored.push(dotted(&["scm", "git", &key]));
        }
    }
    ignored
}

/// `SOURCE_DATE_EPOCH` as a timestamp in the years 1970 to 9999.
fn source_date_epoch(value: &str) -> Result<Timestamp, ConfigError> {
    /// 9999-12-31T23:59:59Z.
    const LAST: i64 = 253_402_300_799;
    match value.parse::<i64>() {
        Ok(seconds) if (0..=LAST).contains(&seconds) => Ok(Timestamp(seconds)),
        _ => Err(ConfigError::SourceDateEpoch {
            value: value.to_owned(),
        }),
    }
}

/// A decimal number without leading zeros (`000123` → `123`); anything else unchanged.
fn normalize_number(value: String) -> String {
    if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
        return value;
    }
    let trimmed = value.trim_start_matches('0');
    if trimmed.is_empty() {
        "0".to_owned()
    } else {
        trimmed.to_owned()
    }
}

/// One setting by precedence: the override, the environment variable, the config key, the
/// default; `parse` turns the text of the last three into the value.
fn setting<T: Clone + Default>(
    given: Option<&Sourced<T>>,
    env: &Environment,
    variable: &str,
    file: &FileTable,
    key: &str,
    parse: impl Fn(&str, &Source) -> Result<T, ConfigError>,
) -> Result<Sourced<T>, ConfigError> {
    if let Some(given) = given {
        return Ok(given.clone());
    }
    let (text, source) = match env.get(variable) {
        Some(value) => (Some(value.to_owned()), Source::Env(variable.to_owned())),
        None => (file.string(key)?, file.source(&[key])),
    };
    match text {
        Some(text) => Ok(Sourced::new(parse(&text, &source)?, source)),
        None => Ok(Sourced::new(T::default(), Source::Default)),
    }
}

fn parse_scheme<S: FromStr<Err = UnknownScheme>>(name: &str, source: &Source) -> Result<S, ConfigError> {
    name.parse().map_err(|error| ConfigError::Scheme {
        origin: source.clone(),
        error,
    })
}

/// A yes/no environment variable: unset or empty is `false`.
fn env_flag(env: &Environment, variable: &str) -> Result<bool, ConfigError> {
    let Some(value) = env.get(variable) else {
        return Ok(false);
    };
    match value.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" | "y" | "t" => Ok(true),
        "0" | "false" | "no" | "off" | "n" | "f" => Ok(false),
        _ => Err(ConfigError::InvalidValue {
            origin: Source::Env(variable.to_owned()),
            expected: "true or false",
            found: value.to_owned(),
        }),
    }
}

fn tag_rule(given: Option<&Sourced<String>>, file: &FileTable) -> Result<TagRule, ConfigError> {
    file.check_table("tag")?;
    let nested = file.string_at(&["tag", "regex"])?;
    let top = file.string("tag_regex")?;
    let (pattern, origin) = match (given, nested, top) {
        (Some(given), _, _) => (given.value.clone(), given.source.clone()),
        (None, Some(regex), _) => (regex, file.source(&["tag", "regex"])),
        (None, None, Some(regex)) => (regex, file.source(&["tag_regex"])),
        (None, None, None) => (DEFAULT_TAG_REGEX.to_owned(), Source::Default),
    };
    // setuptools_scm treats an empty regex as "use the default".
    let pattern = if pattern.is_empty() {
        DEFAULT_TAG_REGEX.to_owned()
    } else {
        pattern
    };
    let rule = TagRule::with_regex(&pattern).map_err(|error| ConfigError::TagRegex { origin, error })?;
    let prefix = file.string_at(&["tag", "prefix"])?.unwrap_or_default();
    let strict = file.bool_at(&["tag", "strict"])?.unwrap_or(true);
    Ok(rule.prefix(prefix).strict(strict))
}

fn parse_version(value: &str, source: Source) -> Result<pep440_rs::Version, ConfigError> {
    pep440_rs::Version::from_str(value.trim()).map_err(|err| ConfigError::InvalidVersion {
        origin: source,
        value: value.to_owned(),
        reason: err.to_string(),
    })
}

/// `SCMVER_OVERRIDES_FOR_<DIST>`, else `SETUPTOOLS_SCM_OVERRIDES_FOR_<DIST>`: a TOML inline
/// table (`{local_scheme = "no-local-version"}`) whose keys win over the file's.
fn apply_overrides_variable(
    file: &mut FileTable,
    env: &Environment,
    dist_name: Option<&str>,
) -> Result<(), ConfigError> {
    let Some(suffix) = dist_name.map(dist_env_suffix) else {
        return Ok(());
    };
    for tool in ["SCMVER", "SETUPTOOLS_SCM"] {
        let variable = format!("{tool}_OVERRIDES_FOR_{suffix}");
        let Some(text) = env.get_path(&variable) else {
            continue;
        };
        let invalid = || ConfigError::InvalidValue {
            origin: Source::Env(variable.clone()),
            expected: "a TOML inline table of settings, like {local_scheme = \"no-local-version\"}",
            found: text.to_owned(),
        };
        let parsed: toml_edit::DocumentMut = format!("overrides = {text}").parse().map_err(|_| invalid())?;
        let table = parsed
            .get("overrides")
            .and_then(toml_edit::Item::as_value)
            .and_then(toml_edit::Value::as_inline_table)
            .ok_or_else(invalid)?
            .clone();
        for (key, value) in table.iter() {
            file.set(
                key,
                toml_edit::Item::Value(value.clone()),
                format!("env:{variable}"),
            );
        }
        return Ok(());
    }
    Ok(())
}

/// `{SCMVER,SETUPTOOLS_SCM}_PRETEND_METADATA[_FOR_<DIST>]`, first set wins (the `_FOR_` form
/// first): a TOML inline table of `tag`, `distance`, `node`, `dirty` and `branch`.
fn pretend_metadata(
    env: &Environment,
    dist_name: Option<&str>,
) -> Result<Option<PretendMetadata>, ConfigError> {
    let suffix = dist_name.map(dist_env_suffix);
    let mut names = Vec::new();
    for tool in ["SCMVER", "SETUPTOOLS_SCM"] {
        if let Some(suffix) = &suffix {
            names.push(format!("{tool}_PRETEND_METADATA_FOR_{suffix}"));
        }
        names.push(format!("{tool}_PRETEND_METADATA"));
    }
    let Some((variable, text)) = names
        .into_iter()
        .find_map(|name| env.get_path(&name).map(|text| (name, text.to_owned())))
    else {
        return Ok(None);
    };
    let invalid = |expected: &'static str, found: String| ConfigError::InvalidValue {
        origin: Source::Env(variable.clone()),
        expected,
        found,
    };
    let parsed: toml_edit::DocumentMut = format!("metadata = {text}").parse().map_err(|_| {
        invalid(
            "a TOML inline table, like {distance = 4, node = \"g1337beef\"}",
            text.clone(),
        )
    })?;
    let table = parsed
        .get("metadata")
        .and_then(toml_edit::Item::as_value)
        .and_then(toml_edit::Value::as_inline_table)
        .ok_or_else(|| {
            invalid(
                "a TOML inline table, like {distance = 4, node = \"g1337beef\"}",
                text.clone(),
            )
        })?;
    let mut metadata = PretendMetadata {
        variable: variable.clone(),
        ..PretendMetadata::default()
    };
    for (key, value) in table.iter() {
        let shown = value.to_string().trim().to_owned();
        match key {
            "tag" => {
                metadata.tag = Some(
                    value
                        .as_str()
                        .ok_or_else(|| invalid("`tag` as a string", shown))?
                        .to_owned(),
                )
            }
            "distance" => {
                let distance = value
                    .as_integer()
                    .and_then(|n| u64::try_from(n).ok())
                    .ok_or_else(|| invalid("`distance` as a whole number", shown))?;
                metadata.distance = Some(distance);
            }
            "node" => {
                metadata.node = Some(
                    value
                        .as_str()
                        .ok_or_else(|| invalid("`node` as a string", shown))?
                        .to_owned(),
                )
            }
            "dirty" => {
                metadata.dirty = Some(
                    value
                        .as_bool()
                        .ok_or_else(|| invalid("`dirty` as true or false", shown))?,
                )
            }
            "branch" => {
                metadata.branch = Some(
                    value
                        .as_str()
                        .ok_or_else(|| invalid("`branch` as a string", shown))?
                        .to_owned(),
                );
            }
            _ => {
                return Err(invalid(
                    "a table of tag, distance, node, dirty and branch (node_date, time and preformatted are not supported)",
                    key.to_owned(),
                ));
            }
        }
    }
    Ok(Some(metadata))
}

/// `SCMVER_PRETEND_VERSION_FOR_<DIST>`, `SCMVER_PRETEND_VERSION`, then the
/// `SETUPTOOLS_SCM_` forms, first set wins. The value is validated and kept as written, as
/// setuptools_scm prints it.
fn pretend_version(
    env: &Environment,
    dist_name: Option<&str>,
) -> Result<Option<Sourced<String>>, ConfigError> {
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
            let source = Source::Env(name);
            parse_version(value, source.clone())?;
            return Ok(Some(Sourced::new(value.to_owned(), source)));
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
