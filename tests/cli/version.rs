//! `scmver version` through the binary: formats, exit codes, error lines, `--verbose`.

use std::process::Output;

use crate::support::{BuiltRepo, Scenario};

pub fn scmver(repo: &BuiltRepo, args: &[&str]) -> Output {
    repo.tool_command(env!("CARGO_BIN_EXE_scmver"))
        .args(args)
        .output()
        .expect("run scmver")
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

pub fn build(text: &str) -> BuiltRepo {
    Scenario::parse("inline", text)
        .expect("valid inline scenario")
        .build()
}

/// Tag `v1.2.3`, five commits after it.
pub fn five_after() -> BuiltRepo {
    build(
        r#"
description = "five commits after v1.2.3"
steps = [{ commit = "a" }, { tag = "v1.2.3" }, { commits = 5 }]
expect = { tag = "v1.2.3", distance = 5, branch = "main", version = "1.2.4.dev5+{node}" }
"#,
    )
}

#[test]
fn formats() {
    let repo = five_after();
    let root = repo.root().to_str().expect("utf-8").to_owned();
    let node = repo.node().expect("has commits");
    let pep440 = scmver(&repo, &["version", "--root", &root]);
    assert_eq!(stdout(&pep440), format!("1.2.4.dev5+{node}\n"));
    let semver = scmver(&repo, &["version", "--root", &root, "--format", "semver"]);
    assert_eq!(stdout(&semver), format!("1.2.4-dev.5+{node}\n"));
    let json = scmver(&repo, &["version", "--root", &root, "--format", "json"]);
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).expect("one JSON object");
    let sha = repo.head_sha().expect("has commits");
    let expected = serde_json::json!({
        "version": format!("1.2.4.dev5+{node}"),
        "semver": format!("1.2.4-dev.5+{node}"),
        "public": "1.2.4.dev5",
        "tag": "v1.2.3",
        "tag_version": "1.2.3",
        "distance": 5,
        "node": node,
        "sha": sha,
        "dirty": false,
        "branch": "main",
        "exact": false,
        "shallow": false,
        "is_release": false,
        "source": "repository",
    });
    pretty_assertions::assert_eq!(value, expected);
}

#[test]
fn verbose_explains_on_stderr() {
    let repo = build(
        r#"
description = "a version tag, then non-version tags"
steps = [{ commit = "a" }, { tag = "v1.0.0" }, { commit = "b" }, { tag = "nightly" }, { tag = "build-42" }, { commit = "c" }]
expect = { tag = "v1.0.0", distance = 2, branch = "main", version = "1.0.1.dev2+{node}" }
"#,
    );
    let root = repo.root().to_str().expect("utf-8").to_owned();
    let output = scmver(&repo, &["version", "--root", &root, "-v"]);
    assert!(output.status.success());
    let err = stderr(&output);
    for line in [
        "config: none found, using defaults",
        "tag build-42: skipped: has no dot between digits (strict tags; set tag.strict = false to accept it)",
        "tag nightly: skipped: holds no digit",
        "tag v1.0.0: version 1.0.0",
        "nearest version tag: v1.0.0 (1.0.0), 2 commit(s) before HEAD",
        "CI: not detected",
    ] {
        assert!(err.lines().any(|l| l == line), "missing `{line}` in:\n{err}");
    }
}

#[track_caller]
fn assert_fails(output: &Output, code: i32, message: &str) {
    assert_eq!(output.status.code(), Some(code), "stderr: {}", stderr(output));
    assert_eq!(stderr(output), format!("error: {message}\n"));
    assert!(output.stdout.is_empty());
}

#[test]
fn bad_input_exits_2_with_one_line() {
    let repo = five_after();
    let root = repo.root().to_str().expect("utf-8").to_owned();
    assert_fails(
        &scmver(&repo, &["version", "--root", &root, "--version-scheme", "nope"]),
        2,
        "invalid value 'nope' for '--version-scheme <NAME>' [possible values: guess-next-dev, post-release, no-guess-dev, only-version, release-branch-semver, python-simplified-semver, calver-by-date]",
    );
    assert_fails(
        &scmver(&repo, &["version", "--root", &root, "--tag-regex", "(unclosed"]),
        2,
        "`--tag-regex`: invalid tag regex `(unclosed`: regex parse error:     (unclosed     ^ error: unclosed group",
    );
    // A value from the environment is blamed on its variable, not on a flag.
    let mut command = repo.tool_command(env!("CARGO_BIN_EXE_scmver"));
    command
        .args(["version", "--root", &root])
        .env("SCMVER_LOCAL_SCHEME", "node");
    assert_fails(
        &command.output().expect("run scmver"),
        2,
        "`SCMVER_LOCAL_SCHEME`: unknown local scheme `node`: expected one of node-and-date, node-and-timestamp, dirty-tag, no-local-version, no-local-version-strict",
    );
    std::fs::write(
        repo.root().join("pyproject.toml"),
        "[tool.scmver]\nlocal_scheme = 'x'\n",
    )
    .expect("write");
    let output = scmver(&repo, &["version", "--root", &root]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).starts_with("error: `tool.scmver.local_scheme` in "),
        "{}",
        stderr(&output)
    );
    assert_eq!(stderr(&output).lines().count(), 1);
}

#[test]
fn no_repository_exits_3() {
    let dir = tempfile::tempdir().expect("tempdir");
    let repo = five_after();
    let output = scmver(&repo, &["version", "--root", dir.path().to_str().expect("utf-8")]);
    assert_fails(
        &output,
        3,
        &format!(
            "no git repository found at `{0}` or any parent directory: run scmver inside a git checkout, or set fallback_version",
            dir.path().display()
        ),
    );
}

#[test]
fn a_root_that_is_not_a_directory_is_bad_input() {
    let dir = tempfile::tempdir().expect("tempdir");
    let repo = five_after();
    let missing = dir.path().join("typo");
    let output = scmver(&repo, &["version", "--root", missing.to_str().expect("utf-8")]);
    assert_fails(
        &output,
        2,
        &format!(
            "project directory `{}` does not exist or is not a directory",
            missing.display()
        ),
    );
}

#[test]
fn shallow_clone_cut_before_the_tag_exits_3_naming_the_fix() {
    let repo = build(
        r#"
description = "depth-2 clone, tag beyond"
steps = [{ commit = "a" }, { tag = "v1.0.0" }, { commits = 4 }]
shallow = { depth = 2 }
expect = { distance = 2, branch = "main", shallow = true, error_exit = 3 }
"#,
    );
    let root = repo.root().to_str().expect("utf-8").to_owned();
    let output = scmver(&repo, &["version", "--root", &root]);
    assert_fails(
        &output,
        3,
        &format!(
            "`{}` is a shallow clone and its history ends before any version tag: fetch the full history (`git fetch --unshallow --tags`; GitHub Actions: `fetch-depth: 0`; GitLab CI: `GIT_DEPTH: 0`) or set allow_shallow",
            repo.path().display()
        ),
    );
    let allowed = scmver(&repo, &["version", "--root", &root, "--allow-shallow"]);
    assert_eq!(
        stdout(&allowed),
        format!("0.1.dev2+{}\n", repo.node().expect("commits"))
    );
}

#[test]
fn closed_stdout_is_not_a_crash() {
    let repo = five_after();
    let root = repo.root().to_str().expect("utf-8").to_owned();
    let mut child = repo
        .tool_command(env!("CARGO_BIN_EXE_scmver"))
        .args(["version", "--root", &root])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    drop(child.stdout.take());
    let output = child.wait_with_output().expect("wait");
    assert!(
        matches!(output.status.code(), Some(0)),
        "stderr: {}",
        stderr(&output)
    );
    assert!(!stderr(&output).contains("panicked"));
}
