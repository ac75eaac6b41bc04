//! Builds a [`Scenario`] into a real git repository with the git CLI.
//!
//! Everything that goes into an object id is pinned: author and committer, their dates (a fixed
//! epoch plus a fixed step per commit or tag), the tagger of annotated tags, file contents and
//! messages. Git runs with `GIT_CONFIG_NOSYSTEM=1` and `HOME`/`GIT_CONFIG_GLOBAL` inside the
//! temporary directory, so nothing of the machine's git configuration leaks in: the same
//! scenario has the same commit hashes everywhere.

use std::cell::RefCell;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use super::scenario::{Expect, Scenario, Shallow, Step};
use super::time::{GitDate, compact_date, compact_timestamp};

/// The date of the first commit: 2020-09-13T12:26:40Z.
pub const FIRST_COMMIT: i64 = 1_600_000_000;
/// Seconds between two consecutive commits or tags.
pub const STEP_SECONDS: i64 = 60;

const GIT_CONFIG: &str = "\
[user]
\tname = Scenario Author
\temail = author@example.com
[init]
\tdefaultBranch = main
[commit]
\tgpgsign = false
[tag]
\tgpgsign = false
[core]
\tautocrlf = false
[advice]
\tdetachedHead = false
[protocol \"file\"]
\tallow = always
";

/// Environment variables removed before running git or a tool under test: anything that could
/// redirect git, set a version, or switch on CI-specific behaviour.
const CLEARED_PREFIXES: [&str; 18] = [
    "GIT_",
    "SETUPTOOLS_SCM",
    "VCS_VERSIONING",
    "SCMVER",
    "GITHUB_",
    "GITLAB_",
    "CI_",
    "BUILDKITE",
    "TRAVIS",
    "CIRCLE",
    "JENKINS",
    "BITBUCKET_",
    "APPVEYOR",
    "DRONE",
    "BUILD_",
    "SYSTEM_",
    "TEAMCITY",
    "RUNNER_",
];
const CLEARED_NAMES: [&str; 4] = ["CI", "TF_BUILD", "SOURCE_DATE_EPOCH", "HOME"];

/// A scenario's repository in a temporary directory (removed on drop).
#[derive(Debug)]
pub struct BuiltRepo {
    dir: tempfile::TempDir,
    /// Where the history was written (`<tmp>/origin` for shallow scenarios, else the repo).
    built: PathBuf,
    repo: PathBuf,
    root: PathBuf,
    clock: RefCell<GitDate>,
    scenario: Scenario,
}

impl Scenario {
    /// Builds the repository: `git init -b main`, every step, then the shallow clone if asked.
    #[track_caller]
    pub fn build(&self) -> BuiltRepo {
        let dir = tempfile::Builder::new()
            .prefix(&format!("scmver-{}-", self.name))
            .tempdir()
            .expect("create a temporary directory");
        let home = dir.path().join("home");
        std::fs::create_dir_all(&home).expect("create HOME");
        std::fs::write(home.join(".gitconfig"), GIT_CONFIG).expect("write .gitconfig");
        let built = dir
            .path()
            .join(if self.shallow.is_some() { "origin" } else { "repo" });
        std::fs::create_dir_all(&built).expect("create the repository directory");
        let repo = BuiltRepo {
            built: built.clone(),
            repo: dir.path().join("repo"),
            root: dir.path().join("repo").join(&self.root),
            dir,
            clock: RefCell::new(GitDate {
                seconds: FIRST_COMMIT - STEP_SECONDS,
                offset: "+0000".into(),
            }),
            scenario: self.clone(),
        };
        repo.git_in(&built, ["init", "-q", "-b", "main"]);
        for step in &self.steps {
            repo.apply_in(&built, step);
        }
        if let Some(Shallow { depth, fetch_tags }) = self.shallow {
            let url = format!("file://{}", built.display());
            let depth = depth.to_string();
            let target = repo.repo.to_string_lossy().into_owned();
            repo.git_in(
                repo.dir.path(),
                ["clone", "-q", "--no-local", "--depth", &depth, &url, &target],
            );
            if fetch_tags {
                repo.git(["fetch", "-q", "--tags"]);
            }
        }
        std::fs::create_dir_all(&repo.root).expect("create the root directory");
        repo
    }
}

impl BuiltRepo {
    /// The repository's top directory (the clone for shallow scenarios).
    pub fn path(&self) -> &Path {
        &self.repo
    }

    /// The directory the tools are pointed at (`path()` joined with the scenario's `root`).
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// A scratch directory inside the temporary directory, outside the repository.
    pub fn scratch(&self) -> PathBuf {
        let path = self.dir.path().join("scratch");
        std::fs::create_dir_all(&path).expect("create the scratch directory");
        path
    }

    /// The scenario this repository was built from.
    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    /// The hand-written facts.
    pub fn expected(&self) -> &Expect {
        &self.scenario.expect
    }

    /// The scenario's `[config]` as the text of a pyproject.toml with `[tool.setuptools_scm]`.
    pub fn config_toml(&self) -> String {
        self.scenario.config_toml()
    }

    /// Full hex id of HEAD (`git rev-parse HEAD`), `None` without commits.
    pub fn head_sha(&self) -> Option<String> {
        let out = self.git_output(["rev-parse", "-q", "--verify", "HEAD"]);
        out.status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).trim().to_owned())
    }

    /// setuptools_scm's node: `g` and the first 9 hex digits of HEAD.
    pub fn node(&self) -> Option<String> {
        self.head_sha().map(|sha| format!("g{}", &sha[..9]))
    }

    /// Replaces `{node}`, `{date}` (`SOURCE_DATE_EPOCH` as `YYYYMMDD`, UTC) and `{timestamp}`
    /// (`YYYYMMDDHHMMSS`) in an expected version.
    #[track_caller]
    pub fn fill(&self, template: &str) -> String {
        let mut out = template
            .replace("{date}", &compact_date(super::SOURCE_DATE_EPOCH))
            .replace("{timestamp}", &compact_timestamp(super::SOURCE_DATE_EPOCH));
        if out.contains("{node}") {
            let node = self
                .node()
                .unwrap_or_else(|| panic!("`{template}` has {{node}} but no HEAD"));
            out = out.replace("{node}", &node);
        }
        out
    }

    /// Applies one more step to the repository (for tests that look at successive points).
    #[track_caller]
    pub fn apply(&self, step: &Step) {
        assert!(self.scenario.shallow.is_none(), "apply() on a shallow clone");
        self.apply_in(&self.repo, step);
    }

    /// Runs git in the repository; panics with the command and stderr when it fails.
    #[track_caller]
    pub fn git<I, S>(&self, args: I) -> String
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        self.git_in(&self.repo, args)
    }

    /// Runs git in the repository and returns whatever happened.
    pub fn git_output<I, S>(&self, args: I) -> Output
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let mut cmd = self.git_command(&self.repo);
        cmd.args(args);
        cmd.output()
            .unwrap_or_else(|e| panic!("cannot run git (is it installed?): {e}"))
    }

    /// Runs git in the repository with `input` on its standard input; panics with the
    /// command and stderr when it fails.
    #[track_caller]
    pub fn git_with_input<I, S>(&self, args: I, input: &str) -> String
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        use std::io::Write as _;
        let mut cmd = self.git_command(&self.repo);
        cmd.args(args)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        let mut child = cmd
            .spawn()
            .unwrap_or_else(|e| panic!("cannot run git (is it installed?): {e}"));
        child
            .stdin
            .take()
            .expect("piped stdin")
            .write_all(input.as_bytes())
            .expect("write to git's stdin");
        let out = child.wait_with_output().expect("wait for git");
        let args: Vec<_> = cmd.get_args().map(|a| a.to_string_lossy().into_owned()).collect();
        assert!(
            out.status.success(),
            "scenario `{}`: `git {}` failed ({}): {}",
            self.scenario.name,
            args.join(" "),
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        );
        String::from_utf8_lossy(&out.stdout).trim().to_owned()
    }

    /// A command for a tool under test: the cleaned, pinned environment (no `GIT_*`,
    /// `SETUPTOOLS_SCM_*`, `SCMVER_*` or CI variables; this repository's `HOME` and git
    /// configuration; `SOURCE_DATE_EPOCH`; a time zone far from UTC, so local-time mistakes
    /// show), run from the scratch directory.
    pub fn tool_command(&self, program: impl AsRef<OsStr>) -> Command {
        let mut cmd = Command::new(program);
        clean_env(&mut cmd);
        cmd.current_dir(self.scratch())
            .env("HOME", self.dir.path().join("home"))
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", self.dir.path().join("home/.gitconfig"))
            .env("SOURCE_DATE_EPOCH", super::SOURCE_DATE_EPOCH.to_string())
            .env("TZ", "Etc/GMT-14")
            .env("LC_ALL", "C");
        cmd
    }

    fn git_command(&self, cwd: &Path) -> Command {
        let mut cmd = Command::new("git");
        clean_env(&mut cmd);
        let clock = self.clock.borrow().to_git();
        cmd.current_dir(cwd)
            .env("HOME", self.dir.path().join("home"))
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", self.dir.path().join("home/.gitconfig"))
            .env("GIT_AUTHOR_NAME", "Scenario Author")
            .env("GIT_AUTHOR_EMAIL", "author@example.com")
            .env("GIT_COMMITTER_NAME", "Scenario Author")
            .env("GIT_COMMITTER_EMAIL", "author@example.com")
            .env("GIT_AUTHOR_DATE", &clock)
            .env("GIT_COMMITTER_DATE", &clock)
            .env("GIT_TERMINAL_PROMPT", "0")
            .env("TZ", "UTC")
            .env("LC_ALL", "C");
        cmd
    }

    #[track_caller]
    fn git_in<I, S>(&self, cwd: &Path, args: I) -> String
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let mut cmd = self.git_command(cwd);
        cmd.args(args);
        let out = cmd
            .output()
            .unwrap_or_else(|e| panic!("cannot run git (is it installed?): {e}"));
        if !out.status.success() {
            let args: Vec<_> = cmd.get_args().map(|a| a.to_string_lossy().into_owned()).collect();
            panic!(
                "scenario `{}`: `git {}` failed ({}): {} {}",
                self.scenario.name,
                args.join(" "),
                out.status,
                String::from_utf8_lossy(&out.stderr).trim(),
                String::from_utf8_lossy(&out.stdout).trim()
            );
        }
        String::from_utf8_lossy(&out.stdout).trim().to_owned()
    }

    /// The file a commit without `files` appends its message to: `history.txt` on `main`,
    /// `history-<branch>.txt` elsewhere, so merging branches never conflicts.
    fn history_file(&self, repo: &Path) -> String {
        let out = self
            .git_command(repo)
            .args(["symbolic-ref", "-q", "--short", "HEAD"])
            .output();
        let branch = out
            .ok()
            .filter(|out| out.status.success())
            .map(|out| String::from_utf8_lossy(&out.stdout).trim().replace('/', "-"));
        match branch.as_deref() {
            Some("main") => "history.txt".to_owned(),
            Some(branch) => format!("history-{branch}.txt"),
            None => "history-detached.txt".to_owned(),
        }
    }

    /// Moves the clock one step on, or to `date`.
    fn tick(&self, date: Option<&GitDate>) {
        let mut clock = self.clock.borrow_mut();
        match date {
            Some(date) => *clock = date.clone(),
            None => clock.seconds += STEP_SECONDS,
        }
    }

    #[track_caller]
    fn apply_in(&self, repo: &Path, step: &Step) {
        match step {
            Step::Commit { message, files, date } => {
                if files.is_empty() {
                    append(&repo.join(self.history_file(repo)), &format!("{message}\n"));
                }
                for (path, text) in files {
                    write(&repo.join(path), text);
                }
                self.tick(date.as_ref());
                self.git_in(repo, ["add", "-A"]);
                self.git_in(repo, ["commit", "-q", "--allow-empty", "-m", message]);
            }
            Step::Commits { count } => {
                let history = repo.join(self.history_file(repo));
                for i in 1..=*count {
                    let message = format!("commit {i} of {count}");
                    append(&history, &format!("{message}\n"));
                    self.tick(None);
                    self.git_in(repo, ["add", "-A"]);
                    self.git_in(repo, ["commit", "-q", "-m", &message]);
                }
            }
            Step::Tag { name, message: None } => {
                self.git_in(repo, ["tag", name.as_str()]);
            }
            Step::Tag {
                name,
                message: Some(message),
            } => {
                self.tick(None);
                self.git_in(repo, ["tag", "-a", name.as_str(), "-m", message]);
            }
            Step::Branch(name) => {
                self.git_in(repo, ["switch", "-q", "-c", name.as_str()]);
            }
            Step::Switch(name) => {
                self.git_in(repo, ["switch", "-q", name.as_str()]);
            }
            Step::Merge(name) => {
                self.tick(None);
                let message = format!("merge {name}");
                self.git_in(repo, ["merge", "-q", "--no-ff", "-m", &message, name.as_str()]);
            }
            Step::Detach(None) => {
                self.git_in(repo, ["switch", "-q", "--detach"]);
            }
            Step::Detach(Some(rev)) => {
                self.git_in(repo, ["switch", "-q", "--detach", rev.as_str()]);
            }
            Step::Write { path, text } | Step::Untracked { path, text } => {
                write(&repo.join(path), text);
            }
            Step::Stage { path, text } => {
                write(&repo.join(path), text);
                self.git_in(repo, ["add", "--", path.as_str()]);
            }
            Step::Mkdir(path) => {
                std::fs::create_dir_all(repo.join(path)).expect("create a directory");
            }
        }
    }

    /// The repository the history was written to (differs from [`Self::path`] when shallow).
    pub fn origin(&self) -> &Path {
        &self.built
    }
}

/// Removes the variables that could change git's or a tool's behaviour.
pub fn clean_env(cmd: &mut Command) {
    for (name, _) in std::env::vars_os() {
        let name = name.to_string_lossy();
        if CLEARED_NAMES.contains(&name.as_ref())
            || CLEARED_PREFIXES.iter().any(|prefix| name.starts_with(prefix))
        {
            cmd.env_remove(name.as_ref());
        }
    }
}

fn write(path: &Path, text: &str) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("create parent directories");
    }
    std::fs::write(path, text).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
}

fn append(path: &Path, text: &str) {
    let mut content = std::fs::read_to_string(path).unwrap_or_default();
    content.push_str(text);
    write(path, &content);
}
