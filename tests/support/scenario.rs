//! Declarative scenarios: `fixtures/scenarios/<name>.toml`, format in `fixtures/README.md`.
//!
//! A scenario is parsed strictly: an unknown key or a step that names no (or two) actions is
//! a panic naming the file, so a typo in a fixture cannot silently test less.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::{Map, Value};

use super::time::GitDate;

/// One history: the steps that build the repository, and what is true of the result.
#[derive(Debug, Clone)]
pub struct Scenario {
    /// File stem, `exact_lightweight_tag`.
    pub name: String,
    /// One line saying what the scenario is about.
    pub description: String,
    /// How the repository is built, in order.
    pub steps: Vec<Step>,
    /// Where the tools are pointed, relative to the repository (`sub/dir`); empty for the root.
    pub root: String,
    /// Replace the built repository with a shallow clone of it.
    pub shallow: Option<Shallow>,
    /// The `[tool.setuptools_scm]` table both tools get (an empty table when absent).
    pub config: toml_edit::Table,
    /// The facts, written by hand.
    pub expect: Expect,
    /// Deliberate differences from setuptools_scm.
    pub differences: Vec<Difference>,
}

/// One action on the repository under construction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// Change a tracked file (or write `files`), `git add -A`, commit with `message`.
    Commit {
        message: String,
        files: Vec<(String, String)>,
        date: Option<GitDate>,
    },
    /// `count` commits, as [`Step::Commit`] with generated messages.
    Commits { count: u32 },
    /// A tag on HEAD: annotated when `message` is given, lightweight otherwise.
    Tag { name: String, message: Option<String> },
    /// `git switch -c <name>`.
    Branch(String),
    /// `git switch <name>`.
    Switch(String),
    /// `git merge --no-ff <name>`.
    Merge(String),
    /// `git switch --detach [<rev>]`.
    Detach(Option<String>),
    /// Write a file without committing it (a tracked file becomes dirty).
    Write { path: String, text: String },
    /// Write a file and `git add` it, without committing.
    Stage { path: String, text: String },
    /// Write a file git does not track.
    Untracked { path: String, text: String },
    /// Create a directory.
    Mkdir(String),
}

/// `shallow = { depth = N, fetch_tags = BOOL }`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shallow {
    /// `git clone --depth`.
    pub depth: u32,
    /// Run `git fetch --tags` in the clone afterwards.
    pub fetch_tags: bool,
}

/// The `[expect]` table: facts about the final repository, and the version they imply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expect {
    /// The nearest version tag reachable from HEAD under scmver's tag rule, `None` for none.
    pub tag: Option<String>,
    /// Commits reachable from HEAD and not from `tag` (all commits without a tag).
    pub distance: u64,
    /// Tracked files differ from HEAD (untracked files do not count).
    pub dirty: bool,
    /// HEAD's branch, `None` when detached.
    pub branch: Option<String>,
    /// The repository is a shallow clone.
    pub shallow: bool,
    /// What scmver does under the default schemes (`guess-next-dev`, `node-and-date`).
    pub outcome: Outcome,
}

/// A version (with `{node}`, `{date}`, `{timestamp}` placeholders) or a refusal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The version printed.
    Version(String),
    /// The process exits with this code and prints no version.
    Exit(i32),
}

/// A `[[difference]]`: for these scheme pairs scmver deliberately disagrees with setuptools_scm.
#[derive(Debug, Clone, PartialEq)]
pub struct Difference {
    /// Patterns `"<version scheme> <local scheme>"`, either side may be `*`.
    pub schemes: Vec<String>,
    /// Why scmver differs.
    pub reason: String,
    /// What scmver does instead.
    pub scmver: Declared,
    /// What setuptools_scm does, when written down: a version, or a piece of its error.
    pub setuptools_scm: Option<OracleExpectation>,
}

/// What a `[[difference]]` says scmver does.
#[derive(Debug, Clone, PartialEq)]
pub enum Declared {
    /// A fixed version or exit code (`scmver`, `scmver_exit`).
    Outcome(Outcome),
    /// What setuptools_scm does with this table deep-merged into `[config]`
    /// (`equals_setuptools_scm_with`), pair by pair: e.g. `{ tag = { strict = true } }`.
    SetuptoolsScmWith(Value),
}

/// What the scenario says setuptools_scm gives, so a stale difference is noticed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OracleExpectation {
    /// setuptools_scm prints this version (placeholders allowed).
    Version(String),
    /// setuptools_scm fails with an error containing this text.
    Error(String),
}

impl Difference {
    /// Whether this difference covers the pair.
    pub fn covers(&self, version_scheme: &str, local_scheme: &str) -> bool {
        self.schemes.iter().any(|pattern| {
            let (v, l) = pattern.split_once(' ').unwrap_or((pattern.as_str(), "*"));
            (v == "*" || v == version_scheme) && (l == "*" || l == local_scheme)
        })
    }
}

impl Scenario {
    /// Reads `fixtures/scenarios/<name>.toml`.
    #[track_caller]
    pub fn load(name: &str) -> Scenario {
        let path = super::fixtures_dir()
            .join("scenarios")
            .join(format!("{name}.toml"));
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read scenario {}: {e}", path.display()));
        Scenario::parse(name, &text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    /// A scenario with no steps and no configuration, for tests that build history step by
    /// step with [`super::BuiltRepo::apply`].
    pub fn empty(name: &str) -> Scenario {
        Scenario {
            name: name.to_owned(),
            description: String::new(),
            steps: Vec::new(),
            root: String::new(),
            shallow: None,
            config: toml_edit::Table::new(),
            expect: Expect {
                tag: None,
                distance: 0,
                dirty: false,
                branch: Some("main".to_owned()),
                shallow: false,
                outcome: Outcome::Exit(0),
            },
            differences: Vec::new(),
        }
    }

    /// Every scenario under `fixtures/scenarios/`, sorted by name.
    pub fn all() -> Vec<Scenario> {
        Scenario::names()
            .iter()
            .map(|name| Scenario::load(name))
            .collect()
    }

    /// The names of every scenario file, sorted.
    pub fn names() -> Vec<String> {
        let dir = super::fixtures_dir().join("scenarios");
        let mut names: Vec<String> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
            .map(|entry| entry.expect("directory entry").path())
            .filter(|path| path.extension().is_some_and(|ext| ext == "toml"))
            .map(|path| stem(&path))
            .collect();
        names.sort();
        names
    }

    /// Parses a scenario from TOML text.
    pub fn parse(name: &str, text: &str) -> Result<Scenario, String> {
        let doc: toml_edit::DocumentMut = text.parse().map_err(|e| format!("invalid TOML: {e}"))?;
        let config = match doc.get("config") {
            None => toml_edit::Table::new(),
            Some(item) => item.as_table().cloned().ok_or("`config` must be a table")?,
        };
        let mut top = match item_to_json(doc.as_item()) {
            Value::Object(map) => map,
            _ => unreachable!("a document is a table"),
        };
        top.remove("config");
        let description = take_str(&mut top, "description")?.ok_or("missing `description`")?;
        let steps = match top.remove("steps") {
            None => Vec::new(),
            Some(value) => parse_steps(&value)?,
        };
        let root = take_str(&mut top, "root")?.unwrap_or_default();
        let shallow = top.remove("shallow").map(|v| parse_shallow(&v)).transpose()?;
        let expect = parse_expect(&top.remove("expect").ok_or("missing `[expect]`")?)?;
        let differences = match top.remove("difference") {
            None => Vec::new(),
            Some(Value::Array(items)) => items.iter().map(parse_difference).collect::<Result<_, _>>()?,
            Some(_) => return Err("`difference` must be an array of tables `[[difference]]`".into()),
        };
        no_more_keys(&top, "the scenario")?;
        Ok(Scenario {
            name: name.to_owned(),
            description,
            steps,
            root,
            shallow,
            config,
            expect,
            differences,
        })
    }

    /// The `[config]` table as JSON, for the oracle.
    pub fn config_json(&self) -> Value {
        table_to_json(&self.config)
    }

    /// The `[config]` table as JSON with `extra` deep-merged in (`extra` wins).
    pub fn config_json_with(&self, extra: &Value) -> Value {
        let mut config = self.config_json();
        merge(&mut config, extra);
        config
    }

    /// The `[config]` table as the text of a pyproject.toml holding `[tool.setuptools_scm]`.
    pub fn config_toml(&self) -> String {
        let mut doc = toml_edit::DocumentMut::new();
        let mut tool = toml_edit::Table::new();
        tool.set_implicit(true);
        let mut table = self.config.clone();
        table.set_implicit(false);
        table.decor_mut().clear();
        tool.insert("setuptools_scm", toml_edit::Item::Table(table));
        doc.insert("tool", toml_edit::Item::Table(tool));
        doc.to_string()
    }

    /// The difference covering a pair, if any (the first one listed wins).
    pub fn difference_for(&self, version_scheme: &str, local_scheme: &str) -> Option<&Difference> {
        self.differences
            .iter()
            .find(|d| d.covers(version_scheme, local_scheme))
    }
}

impl Step {
    /// Parses a TOML array of steps, `[{ commit = "a" }, { tag = "v1" }]`.
    pub fn parse_list(text: &str) -> Result<Vec<Step>, String> {
        let doc: toml_edit::DocumentMut = format!("steps = {text}")
            .parse()
            .map_err(|e| format!("invalid TOML: {e}"))?;
        parse_steps(&item_to_json(&doc["steps"]))
    }
}

fn merge(into: &mut Value, extra: &Value) {
    match (into, extra) {
        (Value::Object(into), Value::Object(extra)) => {
            for (key, value) in extra {
                merge(into.entry(key.clone()).or_insert(Value::Null), value);
            }
        }
        (into, extra) => *into = extra.clone(),
    }
}

fn stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn parse_steps(value: &Value) -> Result<Vec<Step>, String> {
    let Value::Array(items) = value else {
        return Err("`steps` must be an array of tables".into());
    };
    items
        .iter()
        .enumerate()
        .map(|(i, item)| parse_step(item).map_err(|e| format!("steps[{i}] {item}: {e}")))
        .collect()
}

const STEP_KINDS: [&str; 11] = [
    "commit",
    "commits",
    "tag",
    "branch",
    "switch",
    "merge",
    "detach",
    "write",
    "stage",
    "untracked",
    "mkdir",
];

fn parse_step(value: &Value) -> Result<Step, String> {
    let Value::Object(map) = value else {
        return Err("a step must be a table".into());
    };
    let mut map = map.clone();
    let kinds: Vec<&str> = STEP_KINDS
        .iter()
        .copied()
        .filter(|k| map.contains_key(*k))
        .collect();
    let [kind] = kinds.as_slice() else {
        return Err(format!(
            "a step names exactly one of {STEP_KINDS:?}, found {kinds:?}"
        ));
    };
    let required = |map: &mut Map<String, Value>, key: &str| {
        take_str(map, key)?.ok_or_else(|| format!("missing `{key}`"))
    };
    let step = match *kind {
        "commit" => {
            let message = required(&mut map, "commit")?;
            let files = match map.remove("files") {
                None => Vec::new(),
                Some(Value::Object(files)) => files
                    .into_iter()
                    .map(|(path, text)| match text {
                        Value::String(text) => Ok((path, text)),
                        other => Err(format!("file `{path}` must be a string, got {other}")),
                    })
                    .collect::<Result<_, _>>()?,
                Some(other) => return Err(format!("`files` must be a table, got {other}")),
            };
            let date = take_str(&mut map, "date")?
                .map(|d| GitDate::parse(&d))
                .transpose()?;
            Step::Commit { message, files, date }
        }
        "commits" => {
            let count = take_u64(&mut map, "commits")?.unwrap_or_default();
            Step::Commits {
                count: u32::try_from(count).map_err(|_| "too many commits")?,
            }
        }
        "tag" => Step::Tag {
            name: required(&mut map, "tag")?,
            message: take_str(&mut map, "message")?,
        },
        "branch" => Step::Branch(required(&mut map, "branch")?),
        "switch" => Step::Switch(required(&mut map, "switch")?),
        "merge" => Step::Merge(required(&mut map, "merge")?),
        "detach" => match map.remove("detach") {
            Some(Value::Bool(true)) => Step::Detach(None),
            Some(Value::String(rev)) => Step::Detach(Some(rev)),
            other => return Err(format!("`detach` is `true` or a revision, got {other:?}")),
        },
        "write" => Step::Write {
            path: required(&mut map, "write")?,
            text: take_str(&mut map, "text")?.unwrap_or_else(|| "changed\n".into()),
        },
        "stage" => Step::Stage {
            path: required(&mut map, "stage")?,
            text: take_str(&mut map, "text")?.unwrap_or_else(|| "staged\n".into()),
        },
        "untracked" => Step::Untracked {
            path: required(&mut map, "untracked")?,
            text: take_str(&mut map, "text")?.unwrap_or_else(|| "untracked\n".into()),
        },
        "mkdir" => Step::Mkdir(required(&mut map, "mkdir")?),
        _ => unreachable!("kinds come from STEP_KINDS"),
    };
    no_more_keys(&map, &format!("a `{kind}` step"))?;
    Ok(step)
}

fn parse_shallow(value: &Value) -> Result<Shallow, String> {
    let Value::Object(map) = value else {
        return Err("`shallow` must be a table `{ depth = N }`".into());
    };
    let mut map = map.clone();
    let depth = take_u64(&mut map, "depth")?.ok_or("`shallow` needs `depth`")?;
    let fetch_tags = take_bool(&mut map, "fetch_tags")?.unwrap_or(false);
    no_more_keys(&map, "`shallow`")?;
    Ok(Shallow {
        depth: u32::try_from(depth).map_err(|_| "depth too large")?,
        fetch_tags,
    })
}

fn parse_expect(value: &Value) -> Result<Expect, String> {
    let Value::Object(map) = value else {
        return Err("`expect` must be a table".into());
    };
    let mut map = map.clone();
    let tag = take_str(&mut map, "tag")?.filter(|t| !t.is_empty());
    let distance = take_u64(&mut map, "distance")?.ok_or("`[expect]` needs `distance`")?;
    let dirty = take_bool(&mut map, "dirty")?.unwrap_or(false);
    let branch = take_str(&mut map, "branch")?;
    let shallow = take_bool(&mut map, "shallow")?.unwrap_or(false);
    let outcome = take_outcome(&mut map, "version", "error_exit")?;
    no_more_keys(&map, "`[expect]`")?;
    let outcome = outcome.ok_or("`[expect]` needs `version` or `error_exit`")?;
    Ok(Expect {
        tag,
        distance,
        dirty,
        branch,
        shallow,
        outcome,
    })
}

fn parse_difference(value: &Value) -> Result<Difference, String> {
    let Value::Object(map) = value else {
        return Err("a `[[difference]]` must be a table".into());
    };
    let mut map = map.clone();
    let schemes = match map.remove("schemes") {
        Some(Value::String(s)) => vec![s],
        Some(Value::Array(items)) => items
            .iter()
            .map(|v| {
                v.as_str()
                    .map(str::to_owned)
                    .ok_or("`schemes` entries are strings")
            })
            .collect::<Result<_, _>>()?,
        _ => return Err("`[[difference]]` needs `schemes` (a string or an array of strings)".into()),
    };
    for pattern in &schemes {
        let known_v = |v: &str| v == "*" || super::VERSION_SCHEMES.contains(&v);
        let known_l = |l: &str| l == "*" || super::LOCAL_SCHEMES.contains(&l);
        let ok = match pattern.split_once(' ') {
            None => pattern == "*",
            Some((v, l)) => known_v(v) && known_l(l),
        };
        if !ok {
            return Err(format!(
                "`schemes` pattern `{pattern}` is not `*` or `<version scheme> <local scheme>`"
            ));
        }
    }
    let reason = take_str(&mut map, "reason")?.ok_or("`[[difference]]` needs a `reason`")?;
    let fixed = take_outcome(&mut map, "scmver", "scmver_exit")?;
    let scmver = match (fixed, map.remove("equals_setuptools_scm_with")) {
        (Some(outcome), None) => Declared::Outcome(outcome),
        (None, Some(config @ Value::Object(_))) => Declared::SetuptoolsScmWith(config),
        _ => {
            return Err("`[[difference]]` needs one of `scmver`, `scmver_exit` or \
                        `equals_setuptools_scm_with = { ... }`"
                .into());
        }
    };
    let version = take_str(&mut map, "setuptools_scm")?;
    let error = take_str(&mut map, "setuptools_scm_error")?;
    let setuptools_scm = match (version, error) {
        (Some(_), Some(_)) => return Err("give `setuptools_scm` or `setuptools_scm_error`".into()),
        (Some(v), None) => Some(OracleExpectation::Version(v)),
        (None, Some(e)) => Some(OracleExpectation::Error(e)),
        (None, None) => None,
    };
    no_more_keys(&map, "a `[[difference]]`")?;
    Ok(Difference {
        schemes,
        reason,
        scmver,
        setuptools_scm,
    })
}

fn take_outcome(
    map: &mut Map<String, Value>,
    version_key: &str,
    exit_key: &str,
) -> Result<Option<Outcome>, String> {
    let version = take_str(map, version_key)?;
    let exit = take_u64(map, exit_key)?;
    match (version, exit) {
        (Some(_), Some(_)) => Err(format!("give `{version_key}` or `{exit_key}`, not both")),
        (Some(v), None) => Ok(Some(Outcome::Version(v))),
        (None, Some(code)) => Ok(Some(Outcome::Exit(
            i32::try_from(code).map_err(|_| "exit code too large")?,
        ))),
        (None, None) => Ok(None),
    }
}

fn take_str(map: &mut Map<String, Value>, key: &str) -> Result<Option<String>, String> {
    match map.remove(key) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(other) => Err(format!("`{key}` must be a string, got {other}")),
    }
}

fn take_u64(map: &mut Map<String, Value>, key: &str) -> Result<Option<u64>, String> {
    match map.remove(key) {
        None => Ok(None),
        Some(value) => value
            .as_u64()
            .map(Some)
            .ok_or_else(|| format!("`{key}` must be a whole number ≥ 0")),
    }
}

fn take_bool(map: &mut Map<String, Value>, key: &str) -> Result<Option<bool>, String> {
    match map.remove(key) {
        None => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(b)),
        Some(other) => Err(format!("`{key}` must be true or false, got {other}")),
    }
}

fn no_more_keys(map: &Map<String, Value>, what: &str) -> Result<(), String> {
    match map.keys().next() {
        None => Ok(()),
        Some(key) => Err(format!("unknown key `{key}` in {what}")),
    }
}

/// TOML → JSON, for the oracle and for uniform parsing. Dates become their TOML text.
pub fn item_to_json(item: &toml_edit::Item) -> Value {
    match item {
        toml_edit::Item::None => Value::Null,
        toml_edit::Item::Value(value) => value_to_json(value),
        toml_edit::Item::Table(table) => table_to_json(table),
        toml_edit::Item::ArrayOfTables(tables) => tables.iter().map(table_to_json).collect(),
    }
}

fn table_to_json(table: &toml_edit::Table) -> Value {
    let map: BTreeMap<String, Value> = table
        .iter()
        .map(|(key, item)| (key.to_owned(), item_to_json(item)))
        .collect();
    Value::Object(map.into_iter().collect())
}

fn value_to_json(value: &toml_edit::Value) -> Value {
    use toml_edit::Value as V;
    match value {
        V::String(s) => Value::String(s.value().clone()),
        V::Integer(i) => Value::from(*i.value()),
        V::Float(f) => Value::from(*f.value()),
        V::Boolean(b) => Value::Bool(*b.value()),
        V::Datetime(d) => Value::String(d.value().to_string()),
        V::Array(items) => items.iter().map(value_to_json).collect(),
        V::InlineTable(table) => Value::Object(
            table
                .iter()
                .map(|(k, v)| (k.to_owned(), value_to_json(v)))
                .collect(),
        ),
    }
}

#[test]
fn a_typo_is_an_error() {
    let parse = |text: &str| match Scenario::parse("t", text) {
        Ok(scenario) => panic!("parsed {scenario:?}"),
        Err(err) => err,
    };
    let err = parse("description = 'd'\nsteps = [{ comit = 'a' }]\n[expect]\ndistance = 0\nversion = '0'");
    assert!(err.contains("exactly one of"), "{err}");
    let err = parse("description = 'd'\n[expect]\ndistance = 0\nversoin = '0'");
    assert_eq!(err, "unknown key `versoin` in `[expect]`");
}

#[test]
fn config_becomes_a_tool_table() {
    let scenario = Scenario::parse(
        "t",
        "description = 'd'\n[config]\nfallback_version = '1.0'\ntag = { prefix = 'pkg-a-' }\n\
         [expect]\ndistance = 0\nversion = '0'",
    )
    .expect("valid scenario");
    assert_eq!(
        scenario.config_toml(),
        "[tool.setuptools_scm]\nfallback_version = '1.0'\ntag = { prefix = 'pkg-a-' }\n"
    );
    assert_eq!(
        scenario.config_json(),
        serde_json::json!({ "fallback_version": "1.0", "tag": { "prefix": "pkg-a-" } })
    );
    let empty = Scenario::parse("t", "description = 'd'\n[expect]\ndistance = 0\nversion = '0'");
    assert_eq!(
        empty.expect("valid scenario").config_toml(),
        "[tool.setuptools_scm]\n"
    );
}
