//! `scmver check-bump` through the binary, on real repositories: a base branch, a pull-request
//! branch, and the version files on each side.

use std::process::Output;

use pretty_assertions::assert_eq;

use crate::support::scenario::Shallow;
use crate::support::{BuiltRepo, Scenario, Step};
use crate::version::{stderr, stdout};

/// A repository built from inline steps (the scenario format of `fixtures/README.md`).
fn repo(steps: &[String]) -> BuiltRepo {
    scenario(steps).build()
}

fn scenario(steps: &[String]) -> Scenario {
    let mut scenario = Scenario::empty("bump");
    scenario.steps = Step::parse_list(&format!("[{}]", steps.join(", "))).expect("valid steps");
    scenario
}

/// A commit writing `files` (path, text), TOML-escaped.
fn commit(message: &str, files: &[(&str, &str)]) -> String {
    let files: Vec<String> = files
        .iter()
        .map(|(path, text)| {
            format!(
                "{} = {}",
                toml_edit::Value::from(*path),
                toml_edit::Value::from(*text)
            )
        })
        .collect();
    format!(
        "{{ commit = {}, files = {{ {} }} }}",
        toml_edit::Value::from(message),
        files.join(", ")
    )
}

fn pyproject(version: &str) -> String {
    format!("[project]\nname = \"demo\"\nversion = \"{version}\"\n")
}

/// A commit setting pyproject.toml's `[project].version` (line 3).
fn py(message: &str, version: &str) -> String {
    commit(message, &[("pyproject.toml", &pyproject(version))])
}

fn step(toml: &str) -> String {
    toml.to_owned()
}

fn branch(name: &str) -> String {
    format!("{{ branch = \"{name}\" }}")
}

fn switch(name: &str) -> String {
    format!("{{ switch = \"{name}\" }}")
}

/// `scmver check-bump ARGS`, run from outside the repository with `--root` at its top unless
/// ARGS name another.
fn check_bump(repo: &BuiltRepo, env: &[(&str, &str)], args: &[&str]) -> Output {
    let root = repo.root().to_str().expect("utf-8").to_owned();
    let mut cmd = repo.tool_command(env!("CARGO_BIN_EXE_scmver"));
    cmd.arg("check-bump").args(args);
    if !args.contains(&"--root") {
        cmd.args(["--root", &root]);
    }
    for (key, value) in env {
        cmd.env(key, value);
    }
    cmd.output().expect("run scmver")
}

/// A path inside the repository, as an argument.
fn path_arg(repo: &BuiltRepo, relative: &str) -> String {
    repo.path().join(relative).to_str().expect("utf-8").to_owned()
}

/// The first 9 hex digits of the merge base of `base` and HEAD.
fn merge_base(repo: &BuiltRepo, base: &str) -> String {
    repo.git(["merge-base", base, "HEAD"])[..9].to_owned()
}

#[track_caller]
fn assert_outcome(output: &Output, code: i32, out: &str) {
    assert_eq!(
        (output.status.code(), stdout(output).as_str()),
        (Some(code), out),
        "stderr: {}",
        stderr(output)
    );
}

#[track_caller]
fn assert_error(output: &Output, err: &str) {
    assert_eq!(
        (
            output.status.code(),
            stdout(output).as_str(),
            stderr(output).as_str()
        ),
        (Some(2), "", err)
    );
}

/// PEP 440 ordering on pyproject.toml: each row is a base version, the pull request's version,
/// the exit code and the line printed.
#[test]
fn pyproject_versions_compare_with_pep440() {
    let rows = [
        ("1.2.3", "1.3.0", 0, "1.2.3 -> 1.3.0 (minor)"),
        ("1.2.3", "2.0.0rc1", 0, "1.2.3 -> 2.0.0rc1 (major)"),
        ("2.0.0rc1", "2.0.0", 0, "2.0.0rc1 -> 2.0.0 (final)"),
        ("2.0.0rc1", "2.0.0rc2", 0, "2.0.0rc1 -> 2.0.0rc2 (pre)"),
        ("1.0.0", "1.0.0.post1", 0, "1.0.0 -> 1.0.0.post1 (post)"),
        ("2024.1", "1!1.0", 0, "2024.1 -> 1!1.0 (epoch)"),
        (
            "1.2.3",
            "1.2.3",
            1,
            "version not bumped: pyproject.toml declares 1.2.3, as it did at {mb} (merge base with main); bump it, e.g. to 1.2.4",
        ),
        (
            "1.0",
            "1.0.0",
            1,
            "version not bumped: pyproject.toml declares 1.0.0, equal to 1.0 at {mb} (merge base with main) under PEP 440 ordering; bump it, e.g. to 1.0.1",
        ),
        (
            "1.2.3",
            "1.2.0",
            1,
            "version lowered: pyproject.toml declares 1.2.0, lower than 1.2.3 at {mb} (merge base with main); bump it, e.g. to 1.2.4",
        ),
        (
            "1.0.0",
            "1.0.0rc1",
            1,
            "version lowered: pyproject.toml declares 1.0.0rc1, lower than 1.0.0 at {mb} (merge base with main); bump it, e.g. to 1.0.1",
        ),
    ];
    for (old, new, code, line) in rows {
        let repo = repo(&[py("base", old), branch("feature"), py("change", new)]);
        let output = check_bump(&repo, &[], &["--base", "main"]);
        let expected = line.replace("{mb}", &merge_base(&repo, "main"));
        assert_outcome(&output, code, &format!("{expected}\n"));
    }
}

/// The base branch gained a release (1.3.0) after the pull request branched from 1.2.3: the
/// pull request is compared with the merge base, not with the base branch's tip.
#[test]
fn base_moved_on_after_branching() {
    let repo = repo(&[
        py("release 1.2.3", "1.2.3"),
        branch("feature"),
        step(r#"{ commit = "feature work" }"#),
        switch("main"),
        py("release 1.3.0", "1.3.0"),
        step(r#"{ commit = "more on main" }"#),
        switch("feature"),
    ]);
    let mb = merge_base(&repo, "main");
    assert_ne!(mb, repo.git(["rev-parse", "--short=9", "main"]));
    assert_outcome(
        &check_bump(&repo, &[], &["--base", "main"]),
        1,
        &format!(
            "version not bumped: pyproject.toml declares 1.2.3, as it did at {mb} (merge base with main); bump it, e.g. to 1.2.4\n"
        ),
    );
    repo.apply(&Step::parse_list(&format!("[{}]", py("bump", "1.2.4"))).expect("step")[0]);
    assert_outcome(
        &check_bump(&repo, &[], &["--base", "main"]),
        0,
        "1.2.3 -> 1.2.4 (patch)\n",
    );
}

/// GitHub Actions checks out `refs/pull/N/merge` detached, with the base branch only as
/// `origin/<base>` (`fetch-depth: 0`); GITHUB_BASE_REF names the base.
#[test]
fn github_pull_request_merge_commit_against_origin_base() {
    let repo = repo(&[
        py("release", "1.2.3"),
        branch("feature"),
        py("bump", "1.3.0"),
        switch("main"),
        step(r#"{ commit = "docs on main" }"#),
        step("{ detach = true }"),
        step(r#"{ merge = "feature" }"#),
    ]);
    repo.git(["update-ref", "refs/remotes/origin/main", "main"]);
    repo.git(["branch", "-D", "main"]);
    let env = [
        ("GITHUB_ACTIONS", "true"),
        ("GITHUB_REF", "refs/pull/7/merge"),
        ("GITHUB_HEAD_REF", "feature"),
        ("GITHUB_BASE_REF", "main"),
    ];
    let output = check_bump(&repo, &env, &["--format", "json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(value["verdict"], "bumped");
    assert_eq!(value["kind"], "minor");
    assert_eq!(value["base"]["ref"], "origin/main");
    // The merge commit's first parent is the base's tip, so that is the merge base.
    let tip = repo.git(["rev-parse", "origin/main"]);
    assert_eq!(value["base"]["commit"], tip.as_str());
    assert_eq!(value["base"]["merge_base"], tip.as_str());
    assert_eq!(value["base"]["head"], repo.head_sha().expect("HEAD").as_str());
}

#[test]
fn version_derived_from_tags_has_nothing_to_bump_but_may_need_a_changelog_entry() {
    let dynamic = "[project]\nname = \"demo\"\ndynamic = [\"version\"]\n\n[tool.setuptools_scm]\n";
    let changelog = "# Changelog\n\n## 1.0.0\n\n- first\n";
    let repo = repo(&[
        commit(
            "base",
            &[("pyproject.toml", dynamic), ("CHANGELOG.md", changelog)],
        ),
        step(r#"{ tag = "v1.0.0" }"#),
        branch("feature"),
        step(r#"{ commit = "a fix" }"#),
    ]);
    assert_outcome(
        &check_bump(&repo, &[], &["--base", "main"]),
        0,
        "pyproject.toml: the version is derived from git tags by setuptools_scm: nothing to bump\n",
    );
    let changelog_arg = path_arg(&repo, "CHANGELOG.md");
    let args = ["--base", "main", "--require-changelog", &changelog_arg];
    let mb = merge_base(&repo, "main");
    assert_outcome(
        &check_bump(&repo, &[], &args),
        1,
        &format!(
            "pyproject.toml: the version is derived from git tags by setuptools_scm: nothing to bump\nCHANGELOG.md gained no entry since {mb} (merge base with main): add one\n"
        ),
    );
    let entry = "# Changelog\n\n## Unreleased\n\n- fixed a bug\n\n## 1.0.0\n\n- first\n";
    repo.apply(
        &Step::parse_list(&format!("[{}]", commit("entry", &[("CHANGELOG.md", entry)]))).expect("step")[0],
    );
    assert_outcome(
        &check_bump(&repo, &[], &args),
        0,
        "pyproject.toml: the version is derived from git tags by setuptools_scm: nothing to bump\nCHANGELOG.md gained an entry (line 3)\n",
    );
}

#[test]
fn require_changelog_heading_for_the_new_version() {
    let without = "# Changelog\n\n## [Unreleased]\n\n- 1.3.0 is coming\n\n## [1.2.3]\n";
    let with = "# Changelog\n\n## [1.3.0] - 2024-05-01\n\n- new\n\n## [1.2.3]\n";
    let base = commit(
        "base",
        &[("pyproject.toml", &pyproject("1.2.3")), ("CHANGELOG.md", without)],
    );
    let repo = repo(&[base, branch("feature"), py("bump", "1.3.0")]);
    let changelog_arg = path_arg(&repo, "CHANGELOG.md");
    let args = ["--base", "main", "--require-changelog", &changelog_arg];
    assert_outcome(
        &check_bump(&repo, &[], &args),
        1,
        "1.2.3 -> 1.3.0 (minor)\nCHANGELOG.md has no heading for 1.3.0: add one, e.g. `## [1.3.0]`\n",
    );
    let github = check_bump(&repo, &[], &[&args[..], &["--format", "github"]].concat());
    assert_eq!(github.status.code(), Some(1));
    let lines: Vec<String> = stdout(&github).lines().map(str::to_owned).collect();
    assert_eq!(
        lines,
        [
            "1.2.3 -> 1.3.0 (minor)",
            "::error file=CHANGELOG.md,title=Changelog entry missing::CHANGELOG.md has no heading for 1.3.0: add one, e.g. `## [1.3.0]`",
        ]
    );
    repo.apply(
        &Step::parse_list(&format!("[{}]", commit("entry", &[("CHANGELOG.md", with)]))).expect("step")[0],
    );
    assert_outcome(
        &check_bump(&repo, &[], &args),
        0,
        "1.2.3 -> 1.3.0 (minor)\nCHANGELOG.md has an entry for 1.3.0 (line 3)\n",
    );
    let missing = path_arg(&repo, "CHANGES.md");
    assert_error(
        &check_bump(&repo, &[], &["--base", "main", "--require-changelog", &missing]),
        "error: the changelog `CHANGES.md` does not exist in the work tree: check the changelog named\n",
    );
}

/// Failed checks as GitHub annotations on the version's line, and as a GitLab Code Quality
/// report (with the text on stderr for the job log).
#[test]
fn annotation_formats() {
    let repo = repo(&[
        commit(
            "base",
            &[(
                "pyproject.toml",
                "# demo\n\n[project]\nname = \"demo\"\nversion = \"1.2.3\"\n",
            )],
        ),
        branch("feature"),
        commit(
            "lower",
            &[(
                "pyproject.toml",
                "# demo\n\n[project]\nname = \"demo\"\n\nversion = \"1.2.0\"  # oops\n",
            )],
        ),
    ]);
    let mb = merge_base(&repo, "main");
    let message = format!(
        "version lowered: pyproject.toml declares 1.2.0, lower than 1.2.3 at {mb} (merge base with main); bump it, e.g. to 1.2.4"
    );
    let github = check_bump(&repo, &[], &["--base", "main", "--format", "github"]);
    assert_eq!(github.status.code(), Some(1));
    let lines: Vec<String> = stdout(&github).lines().map(str::to_owned).collect();
    assert_eq!(
        lines,
        [format!(
            "::error file=pyproject.toml,line=6,title=Version lowered::{message}"
        )]
    );

    let gitlab = check_bump(&repo, &[], &["--base", "main", "--format", "gitlab"]);
    assert_eq!(gitlab.status.code(), Some(1));
    assert_eq!(stderr(&gitlab), format!("{message}\n"));
    let report: serde_json::Value = serde_json::from_slice(&gitlab.stdout).expect("JSON");
    let fingerprint = report[0]["fingerprint"].as_str().expect("fingerprint");
    assert!(fingerprint.len() == 32 && fingerprint.bytes().all(|b| b.is_ascii_hexdigit()));
    assert_eq!(
        report,
        serde_json::json!([{
            "description": message,
            "check_name": "scmver/version-lowered",
            "fingerprint": fingerprint,
            "severity": "major",
            "location": { "path": "pyproject.toml", "lines": { "begin": 6 } },
        }])
    );

    let json = check_bump(&repo, &[], &["--base", "main", "--format", "json"]);
    assert_eq!(json.status.code(), Some(1));
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON");
    assert_eq!(value["verdict"], "lowered");
    assert_eq!(value["suggested"], "1.2.4");
    assert_eq!(value["message"], message.as_str());
    assert_eq!(
        value["new"],
        serde_json::json!({ "version": "1.2.0", "file": "pyproject.toml", "line": 6, "key": "project.version" })
    );
    assert_eq!(value["old"]["line"], 5);
}

/// setup.cfg, VERSION, Cargo.toml (SemVer), Poetry, a Python module, in a subdirectory project.
#[test]
fn each_manifest_kind() {
    // (file, at the base, in the pull request, extra path arguments, exit code, line)
    type Case<'a> = (&'a str, &'a str, &'a str, &'a [&'a str], i32, &'a str);
    let rows: [Case<'_>; 6] = [
        (
            "setup.cfg",
            "[metadata]\nname = demo\nversion = 1.0\n",
            "[metadata]\nname = demo\nversion = 1.1\n",
            &[],
            0,
            "1.0 -> 1.1 (minor)",
        ),
        (
            "VERSION",
            "0.9.0\n",
            "0.10.0\n",
            &[],
            0,
            "0.9.0 -> 0.10.0 (minor)",
        ),
        (
            "Cargo.toml",
            "[package]\nname = \"demo\"\nversion = \"1.0.0-alpha.beta\"\n",
            "[package]\nname = \"demo\"\nversion = \"1.0.0-beta\"\n",
            &[],
            0,
            "1.0.0-alpha.beta -> 1.0.0-beta (pre)",
        ),
        (
            "pyproject.toml",
            "[tool.poetry]\nname = \"demo\"\nversion = \"0.4.1\"\n",
            "[tool.poetry]\nname = \"demo\"\nversion = \"0.5.0\"\n",
            &[],
            0,
            "0.4.1 -> 0.5.0 (minor)",
        ),
        (
            "src/demo/__init__.py",
            "__version__ = \"3.0.0\"\n",
            "__version__ = \"3.0.0\"\n",
            &["--file", "src/demo/__init__.py"],
            1,
            "version not bumped: src/demo/__init__.py declares 3.0.0, as it did at {mb} (merge base with main); bump it, e.g. to 3.0.1",
        ),
        (
            "pkg/pyproject.toml",
            "[project]\ndynamic = [\"version\"]\n[tool.setuptools.dynamic]\nversion = { file = \"VERSION\" }\n",
            "[project]\ndynamic = [\"version\"]\n[tool.setuptools.dynamic]\nversion = { file = \"VERSION\" }\n",
            &["--root", "pkg"],
            1,
            "version not bumped: pkg/VERSION declares 2.1, as it did at {mb} (merge base with main); bump it, e.g. to 2.2",
        ),
    ];
    for (path, old, new, extra, code, line) in rows {
        let old_files = [(path, old), ("pkg/VERSION", "2.1\n")];
        let repo = repo(&[
            commit("base", &old_files),
            branch("feature"),
            commit("change", &[(path, new), ("notes.txt", "change\n")]),
        ]);
        let mut args = vec!["--base".to_owned(), "main".to_owned()];
        let mut extra = extra.iter();
        while let Some(flag) = extra.next() {
            args.push((*flag).to_owned());
            args.push(path_arg(&repo, extra.next().expect("flag value")));
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let expected = line.replace("{mb}", &merge_base(&repo, "main"));
        assert_outcome(&check_bump(&repo, &[], &args), code, &format!("{expected}\n"));
    }
}

/// A Cargo workspace member inherits `version.workspace = true`: the root Cargo.toml's line is
/// annotated.
#[test]
fn cargo_workspace_member() {
    let root = "[workspace]\nmembers = [\"crates/*\"]\n\n[workspace.package]\nversion = \"0.4.0\"\n";
    let member = "[package]\nname = \"a\"\nversion.workspace = true\n";
    let repo = repo(&[
        commit("base", &[("Cargo.toml", root), ("crates/a/Cargo.toml", member)]),
        branch("feature"),
        commit("change", &[("crates/a/src/lib.rs", "\n")]),
    ]);
    let dir = path_arg(&repo, "crates/a");
    let output = check_bump(
        &repo,
        &[],
        &["--base", "main", "--root", &dir, "--format", "github"],
    );
    let mb = merge_base(&repo, "main");
    assert_outcome(
        &output,
        1,
        &format!(
            "::error file=Cargo.toml,line=5,title=Version not bumped::version not bumped: Cargo.toml declares 0.4.0, as it did at {mb} (merge base with main); bump it, e.g. to 0.4.1\n"
        ),
    );
}

#[test]
fn new_version_file_on_the_pull_request_side() {
    let repo = repo(&[
        commit("base", &[("README.md", "demo\n")]),
        branch("feature"),
        py("package it", "0.1.0"),
    ]);
    let mb = merge_base(&repo, "main");
    assert_outcome(
        &check_bump(&repo, &[], &["--base", "main"]),
        0,
        &format!(
            "pyproject.toml declares 0.1.0; no version file existed at {mb} (merge base with main): nothing to compare\n"
        ),
    );
}

#[test]
fn invalid_version_on_either_side() {
    let repo = repo(&[py("base", "1.2.x"), branch("feature"), py("fix", "1.3.0")]);
    let mb = merge_base(&repo, "main");
    assert_error(
        &check_bump(&repo, &[], &["--base", "main"]),
        &format!(
            "error: `1.2.x` in `pyproject.toml` (line 3) at {mb} (merge base with main) is not a valid PEP 440 version: after parsing `1.2`, found `.x`, which is not part of a valid version\n"
        ),
    );
    let repo = self::repo(&[py("base", "1.2.3"), branch("feature"), py("oops", "latest")]);
    assert_error(
        &check_bump(&repo, &[], &["--base", "main"]),
        "error: `latest` in `pyproject.toml` (line 3) in the work tree is not a valid PEP 440 version: expected version to start with a number, but no leading ASCII digits were found\n",
    );
}

#[test]
fn missing_base() {
    let repo = repo(&[py("base", "1.2.3"), branch("feature"), py("bump", "1.3.0")]);
    assert_error(
        &check_bump(&repo, &[], &["--base", "develop"]),
        "error: cannot find the base `develop` (tried `develop`, `origin/develop`): fetch it (`git fetch origin develop:refs/remotes/origin/develop`) or name another base\n",
    );
    assert_error(
        &check_bump(&repo, &[], &["--base", "origin/develop"]),
        "error: cannot find the base `origin/develop` (tried `origin/develop`): fetch it (`git fetch origin develop:refs/remotes/origin/develop`) or name another base\n",
    );
    assert_error(
        &check_bump(&repo, &[], &[]),
        "error: no base to compare with: name the base (SCMVER_BUMP_BASE, e.g. origin/main), or run check-bump in a pull-request pipeline\n",
    );
    let branch_pipeline = [("GITLAB_CI", "true"), ("CI_COMMIT_BRANCH", "feature")];
    assert_error(
        &check_bump(&repo, &branch_pipeline, &[]),
        "error: no base to compare with: this gitlab run is not a pull request (it names no target branch): name the base (SCMVER_BUMP_BASE), or run check-bump in pull-request pipelines only\n",
    );
    let merge_request = [
        ("GITLAB_CI", "true"),
        ("CI_MERGE_REQUEST_IID", "3"),
        ("CI_MERGE_REQUEST_SOURCE_BRANCH_NAME", "feature"),
        ("CI_MERGE_REQUEST_TARGET_BRANCH_NAME", "release/2.x"),
    ];
    assert_error(
        &check_bump(&repo, &merge_request, &[]),
        "error: cannot find the base `release/2.x` (tried `origin/release/2.x`, `release/2.x`): fetch it (`git fetch origin release/2.x:refs/remotes/origin/release/2.x`) or name another base\n",
    );
    let file = path_arg(&repo, "VERSION");
    assert_error(
        &check_bump(&repo, &[], &["--base", "main", "--file", &file]),
        "error: `VERSION` does not exist in the work tree: check the file named\n",
    );
}

/// A `--depth 1` clone of the pull request branch: the base is missing, then its history is;
/// the fetch the error names fixes both.
#[test]
fn shallow_clone() {
    let mut scenario = scenario(&[
        py("base", "1.2.3"),
        step(r#"{ commits = 3 }"#),
        branch("feature"),
        step(r#"{ commits = 2 }"#),
        py("bump", "1.3.0"),
    ]);
    scenario.shallow = Some(Shallow {
        depth: 1,
        fetch_tags: false,
    });
    let repo = scenario.build();
    let env = [("GITHUB_ACTIONS", "true"), ("GITHUB_BASE_REF", "main")];
    let fix = "git fetch --unshallow origin main:refs/remotes/origin/main";
    assert_error(
        &check_bump(&repo, &env, &[]),
        &format!(
            "error: cannot find the base `main` (tried `origin/main`, `main`) in this shallow clone: fetch it with its history (`{fix}`; GitHub Actions: `fetch-depth: 0`; GitLab CI: `GIT_DEPTH: 0`) or name another base\n"
        ),
    );
    repo.git([
        "fetch",
        "-q",
        "--depth=1",
        "origin",
        "main:refs/remotes/origin/main",
    ]);
    assert_error(
        &check_bump(&repo, &env, &[]),
        &format!(
            "error: HEAD and `origin/main` have no common ancestor in this shallow clone: fetch the history (`{fix}`; GitHub Actions: `fetch-depth: 0`; GitLab CI: `GIT_DEPTH: 0`)\n"
        ),
    );
    repo.git(fix.split(' ').skip(1).collect::<Vec<_>>());
    assert_outcome(&check_bump(&repo, &env, &[]), 0, "1.2.3 -> 1.3.0 (minor)\n");
}

#[test]
fn nothing_declares_a_version() {
    let repo = repo(&[
        commit("base", &[("pyproject.toml", "[tool.black]\nline-length = 100\n")]),
        branch("feature"),
    ]);
    assert_error(
        &check_bump(&repo, &[], &["--base", "main"]),
        "error: no version declared in `.` (looked for pyproject.toml, setup.cfg, VERSION and Cargo.toml): name the file that declares it\n",
    );
}
