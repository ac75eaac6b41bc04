//! setuptools_scm 10.3.4 and `packaging`, run in-process by `tests/oracle/oracle.py`.
//!
//! The Python is `$SCMVER_ORACLE_PYTHON` when set. Otherwise a virtualenv is made once under
//! `<target dir>/oracle-venv` with [`REQUIREMENTS`]: it is built in a directory of its own and
//! renamed into place, so test binaries running at the same time never see half an install.
//! Without Python or PyPI the tests fail with a message saying how to fix it: skipping would
//! hide every difference.

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

use serde_json::{Value, json};

use super::repo::BuiltRepo;

/// What the virtualenv gets; vcs-versioning is setuptools_scm 10's engine, so it is pinned too,
/// and hatch-vcs (with hatchling and its dependencies) for `[tool.hatch.version]`.
pub const REQUIREMENTS: [&str; 8] = [
    "setuptools-scm==10.3.4",
    "vcs-versioning==2.6.0",
    "packaging==26.3",
    "hatch-vcs==0.5.0",
    "hatchling==1.33.0",
    "pathspec==1.1.1",
    "pluggy==1.7.0",
    "trove-classifiers==2026.9.21.13",
];

const MARKER: &str = "scmver-oracle-requirements.txt";

/// What setuptools_scm did for one scheme pair.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OracleResult {
    /// The version it printed.
    Version(String),
    /// `ExceptionType: message` of what it raised.
    Error(String),
}

/// One answer of [`Oracle::parse`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parsed {
    /// The string given.
    pub input: String,
    /// `packaging.version.Version(input)` succeeded.
    pub valid: bool,
    /// `str(Version(input))` when valid.
    pub normalized: Option<String>,
}

/// The Python side of the differential test.
#[derive(Debug)]
pub struct Oracle {
    python: PathBuf,
}

/// The oracle, set up on first use.
pub fn oracle() -> &'static Oracle {
    static ORACLE: OnceLock<Oracle> = OnceLock::new();
    ORACLE.get_or_init(|| {
        let oracle = Oracle {
            python: find_python(),
        };
        oracle.check_versions();
        oracle
    })
}

impl Oracle {
    /// setuptools_scm's version of `repo.root()` for each `(version scheme, local scheme)`,
    /// with the scenario's `[config]` as its configuration.
    pub fn versions(
        &self,
        repo: &BuiltRepo,
        pairs: &[(&str, &str)],
    ) -> BTreeMap<(String, String), OracleResult> {
        self.versions_with_config(repo, pairs, &repo.scenario().config_json())
    }

    /// As [`Oracle::versions`], with `config` as the `[tool.setuptools_scm]` table.
    pub fn versions_with_config(
        &self,
        repo: &BuiltRepo,
        pairs: &[(&str, &str)],
        config: &Value,
    ) -> BTreeMap<(String, String), OracleResult> {
        let request = json!({
            "mode": "versions",
            "root": repo.root(),
            "pairs": pairs.iter().map(|(v, l)| [v, l]).collect::<Vec<_>>(),
            "config": config,
        });
        let answer = self.call(repo.tool_command(&self.python), &request);
        pairs
            .iter()
            .map(|&(v, l)| {
                let entry = &answer[format!("{v} {l}")];
                let result = match (entry["version"].as_str(), entry["error"].as_str()) {
                    (Some(version), _) => OracleResult::Version(version.to_owned()),
                    (None, Some(error)) => OracleResult::Error(error.to_owned()),
                    _ => panic!("oracle: no answer for `{v} {l}` in {answer}"),
                };
                ((v.to_owned(), l.to_owned()), result)
            })
            .collect()
    }

    /// `packaging.version.Version` on each string.
    pub fn parse(&self, versions: &[String]) -> Vec<Parsed> {
        let answer = self.call(
            self.plain_command(),
            &json!({ "mode": "parse", "versions": versions }),
        );
        let Value::Array(items) = answer else {
            panic!("oracle: parse answered {answer}")
        };
        items
            .iter()
            .map(|item| Parsed {
                input: item["input"].as_str().unwrap_or_default().to_owned(),
                valid: item["valid"].as_bool().unwrap_or(false),
                normalized: item["normalized"].as_str().map(str::to_owned),
            })
            .collect()
    }

    /// The strings sorted ascending by `packaging.version.Version`; panics if one is invalid.
    pub fn sort(&self, versions: &[String]) -> Vec<String> {
        let answer = self.call(
            self.plain_command(),
            &json!({ "mode": "sort", "versions": versions }),
        );
        serde_json::from_value(answer.clone())
            .unwrap_or_else(|e| panic!("oracle: sort answered {answer}: {e}"))
    }

    /// The interpreter that has setuptools_scm, for tests that run it on their own files.
    pub fn python(&self) -> &Path {
        &self.python
    }

    fn plain_command(&self) -> Command {
        let mut cmd = Command::new(&self.python);
        super::repo::clean_env(&mut cmd);
        cmd
    }

    fn check_versions(&self) {
        let answer = self.call(self.plain_command(), &json!({ "mode": "about" }));
        let want = json!({ "setuptools_scm": "10.3.4", "vcs_versioning": "2.6.0" });
        for (name, version) in want.as_object().into_iter().flatten() {
            assert_eq!(
                &answer[name],
                version,
                "oracle: {} has {name} {}, the differential test needs {version}; \
                 unset SCMVER_ORACLE_PYTHON or point it at a Python with: pip install {}",
                self.python.display(),
                answer[name],
                REQUIREMENTS.join(" ")
            );
        }
    }

    #[track_caller]
    fn call(&self, mut cmd: Command, request: &Value) -> Value {
        cmd.arg(super::oracle_script())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = cmd
            .spawn()
            .unwrap_or_else(|e| panic!("oracle: cannot run {}: {e}", self.python.display()));
        child
            .stdin
            .take()
            .expect("piped stdin")
            .write_all(request.to_string().as_bytes())
            .expect("write the oracle request");
        let out = child.wait_with_output().expect("wait for the oracle");
        assert!(
            out.status.success(),
            "oracle failed ({}) on {request}: {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
            panic!(
                "oracle printed no JSON ({e}): {}",
                String::from_utf8_lossy(&out.stdout)
            )
        })
    }
}

fn find_python() -> PathBuf {
    if let Some(python) = std::env::var_os("SCMVER_ORACLE_PYTHON") {
        return PathBuf::from(python);
    }
    // CARGO_TARGET_TMPDIR is `<target dir>/tmp`.
    let target = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("target dir")
        .to_owned();
    let venv = target.join("oracle-venv");
    let wanted = REQUIREMENTS.join("\n");
    if std::fs::read_to_string(venv.join(MARKER)).is_ok_and(|m| m == wanted) {
        return venv_python(&venv);
    }

    let fix = format!(
        "install python3 with venv and pip (Debian: apt-get install python3-venv) and allow PyPI, \
         or set SCMVER_ORACLE_PYTHON to a Python that has {}",
        REQUIREMENTS.join(" ")
    );
    let building = target.join(format!("oracle-venv.building-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&building);
    run_setup(Command::new("python3").arg("-m").arg("venv").arg(&building), &fix);
    run_setup(
        Command::new(venv_python(&building))
            .args(["-m", "pip", "install", "--quiet", "--disable-pip-version-check"])
            .args(REQUIREMENTS),
        &fix,
    );
    std::fs::write(building.join(MARKER), &wanted).expect("write the oracle venv marker");
    // A stale venv (other requirements, or half made by a killed run) is moved aside first.
    if venv.exists() && !std::fs::read_to_string(venv.join(MARKER)).is_ok_and(|m| m == wanted) {
        let stale = target.join(format!("oracle-venv.stale-{}", std::process::id()));
        if std::fs::rename(&venv, &stale).is_ok() {
            let _ = std::fs::remove_dir_all(&stale);
        }
    }
    if std::fs::rename(&building, &venv).is_err() {
        // Another test binary finished first; use its venv.
        let _ = std::fs::remove_dir_all(&building);
        assert!(
            std::fs::read_to_string(venv.join(MARKER)).is_ok_and(|m| m == wanted),
            "oracle: cannot move the new venv into {}",
            venv.display()
        );
    }
    venv_python(&venv)
}

fn venv_python(venv: &Path) -> PathBuf {
    if cfg!(windows) {
        venv.join("Scripts").join("python.exe")
    } else {
        venv.join("bin").join("python")
    }
}

#[track_caller]
fn run_setup(cmd: &mut Command, fix: &str) {
    let shown = format!("{cmd:?}");
    match cmd.output() {
        Ok(out) if out.status.success() => {}
        Ok(out) => panic!(
            "oracle setup: {shown} failed ({}): {}\nto fix: {fix}",
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        ),
        Err(e) => panic!("oracle setup: cannot run {shown}: {e}\nto fix: {fix}"),
    }
}
