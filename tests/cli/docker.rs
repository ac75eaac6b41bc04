//! `scmver docker-tags` through the binary: branch builds, release aliases from the
//! repository's tags, CI tag and branch pipelines, OCI labels, errors, and agreement with
//! `scmver ci`.

use std::collections::BTreeMap;
use std::process::Output;

use crate::support::{BuiltRepo, Step};
use crate::version::{build, stderr, stdout};

fn run(repo: &BuiltRepo, env: &[(&str, &str)], args: &[&str]) -> Output {
    let root = repo.root().to_str().expect("utf-8").to_owned();
    let mut cmd = repo.tool_command(env!("CARGO_BIN_EXE_scmver"));
    cmd.args(args).args(["--root", &root]);
    for (key, value) in env {
        cmd.env(key, value);
    }
    cmd.output().expect("run scmver")
}

#[track_caller]
fn tags(repo: &BuiltRepo, env: &[(&str, &str)], args: &[&str]) -> String {
    let mut all = vec!["docker-tags"];
    all.extend(args);
    let output = run(repo, env, &all);
    assert!(output.status.success(), "{args:?}: {}", stderr(&output));
    stdout(&output)
}

#[track_caller]
fn apply(repo: &BuiltRepo, steps: &str) {
    for step in Step::parse_list(steps).expect("steps") {
        repo.apply(&step);
    }
}

#[track_caller]
fn assert_fails(output: &Output, code: i32, message: &str) {
    assert_eq!(output.status.code(), Some(code), "stderr: {}", stderr(output));
    assert_eq!(stderr(output), format!("error: {message}\n"));
    assert!(output.stdout.is_empty());
}

fn feature_branch() -> BuiltRepo {
    build(
        r#"
description = "two commits on a feature branch after v1.2.3"
steps = [{ commit = "a" }, { tag = "v1.2.3" }, { branch = "feature/implement-doodad" }, { commits = 2 }]
expect = { tag = "v1.2.3", distance = 2, branch = "feature/implement-doodad", version = "1.2.4.dev2+{node}" }
"#,
    )
}

#[test]
fn branch_build_gets_the_slug_and_the_version() {
    let repo = feature_branch();
    assert_eq!(
        tags(&repo, &[], &[]),
        repo.fill("feature-implement-doodad\n1.2.4.dev2-{node}\n")
    );
    assert_eq!(
        tags(
            &repo,
            &[],
            &["--image", "brewblox/brewblox-devcon-spark", "--prefix", "rpi-"]
        ),
        repo.fill(
            "brewblox/brewblox-devcon-spark:rpi-feature-implement-doodad\nbrewblox/brewblox-devcon-spark:rpi-1.2.4.dev2-{node}\n"
        )
    );
    let json: serde_json::Value =
        serde_json::from_str(&tags(&repo, &[], &["--format", "json", "--suffix", "-slim"])).expect("json");
    assert_eq!(
        json,
        serde_json::json!({
            "version": repo.fill("1.2.4.dev2+{node}"),
            "kind": "development",
            "tags": [
                "feature-implement-doodad-slim",
                repo.fill("1.2.4.dev2-{node}-slim"),
            ],
        })
    );
    // --branch overrides HEAD's branch, as for every version command.
    assert_eq!(
        tags(&repo, &[], &["--branch", "Fix #12: ünïcode"]),
        repo.fill("Fix-12-n-code\n1.2.4.dev2-{node}\n")
    );
}

/// `v1.4.8` and `v2.0.0` on main, then the hotfix `v1.4.9` on `maint-1.4`, tagged last.
fn hotfix_history() -> BuiltRepo {
    build(
        r#"
description = "hotfix 1.4.9 tagged after 2.0.0"
steps = [
  { commit = "a" }, { tag = "v1.4.8" }, { branch = "maint-1.4" }, { switch = "main" },
  { commit = "b" }, { tag = "v2.0.0" }, { switch = "maint-1.4" },
  { commit = "c" }, { tag = "v1.4.9", message = "hotfix" },
]
expect = { tag = "v1.4.9", distance = 0, branch = "maint-1.4", version = "1.4.9" }
"#,
    )
}

#[test]
fn release_aliases_follow_the_repositorys_tags() {
    let repo = hotfix_history();
    // The hotfix moves `1.4` and `1`, not `latest`.
    assert_eq!(tags(&repo, &[], &[]), "1.4.9\n1.4\n1\n");
    apply(&repo, r#"[{ switch = "main" }]"#);
    assert_eq!(tags(&repo, &[], &[]), "2.0.0\n2.0\n2\nlatest\n");
    assert_eq!(
        tags(&repo, &[], &["--image", "ghcr.io/acme/app", "--prefix", "rpi-"]),
        "ghcr.io/acme/app:rpi-2.0.0\nghcr.io/acme/app:rpi-2.0\nghcr.io/acme/app:rpi-2\nghcr.io/acme/app:rpi-latest\n"
    );
    // A pre-release gets only its own tag; the commits after it are a dev build of main.
    apply(&repo, r#"[{ commit = "d" }, { tag = "v2.1.0rc1" }]"#);
    assert_eq!(tags(&repo, &[], &[]), "2.1.0rc1\n");
    apply(&repo, r#"[{ commit = "e" }]"#);
    assert_eq!(tags(&repo, &[], &[]), repo.fill("main\n2.1.0rc2.dev1-{node}\n"));
    // A dirty tree on a tag is not a release either.
    apply(
        &repo,
        r#"[{ switch = "maint-1.4" }, { write = "history.txt", text = "edit" }]"#,
    );
    assert_eq!(
        tags(&repo, &[], &[]),
        repo.fill("maint-1.4\n1.4.10.dev0-{node}.d{date}\n")
    );
}

#[test]
fn ci_tag_pipelines_release_and_branch_pipelines_do_not() {
    let repo = hotfix_history();
    apply(&repo, r#"[{ switch = "main" }, { detach = true }]"#);
    let tag_pipeline = [
        ("GITLAB_CI", "true"),
        ("CI_PIPELINE_ID", "101"),
        ("CI_COMMIT_REF_NAME", "v2.0.0"),
        ("CI_COMMIT_TAG", "v2.0.0"),
    ];
    let branch_pipeline = [
        ("GITLAB_CI", "true"),
        ("CI_PIPELINE_ID", "100"),
        ("CI_COMMIT_REF_NAME", "main"),
        ("CI_COMMIT_BRANCH", "main"),
    ];
    assert_eq!(tags(&repo, &tag_pipeline, &[]), "2.0.0\n2.0\n2\nlatest\n");
    assert_eq!(
        tags(&repo, &branch_pipeline, &[]),
        repo.fill("main\n2.0.1.dev0-{node}\n")
    );
    // Detached without CI: the version alone (no branch to name).
    apply(&repo, r#"[{ commit = "f" }]"#);
    assert_eq!(tags(&repo, &[], &[]), repo.fill("2.0.1.dev1-{node}\n"));
}

#[test]
fn labels_name_the_commit_and_a_clean_source() {
    let repo = hotfix_history();
    apply(&repo, r#"[{ switch = "main" }]"#);
    let sha = repo.head_sha().expect("commits");
    // The test runs with SOURCE_DATE_EPOCH set (`support::SOURCE_DATE_EPOCH`): `created` is
    // that reproducible-build time, not the commit date (tests/cli/pipelines.rs checks the
    // commit date without it).
    let created = "2023-11-14T22:13:20Z";
    let head = format!(
        "org.opencontainers.image.version=2.0.0\norg.opencontainers.image.revision={sha}\norg.opencontainers.image.created={created}\n"
    );
    assert_eq!(tags(&repo, &[], &["--labels"]), head);

    repo.git([
        "remote",
        "add",
        "origin",
        "https://gitlab-ci-token:s3cr3t@gitlab.com/acme/app.git",
    ]);
    let labels = tags(&repo, &[], &["--labels"]);
    assert_eq!(
        labels,
        format!("{head}org.opencontainers.image.source=https://gitlab.com/acme/app\n")
    );
    assert!(!labels.contains("s3cr3t") && !labels.contains("gitlab-ci-token"));

    repo.git(["remote", "set-url", "origin", "git@github.com:acme/app.git"]);
    let json: serde_json::Value =
        serde_json::from_str(&tags(&repo, &[], &["--labels", "--format", "json"])).expect("json");
    assert_eq!(
        json,
        serde_json::json!({
            "version": "2.0.0",
            "kind": "release",
            "tags": ["2.0.0", "2.0", "2", "latest"],
            "labels": {
                "org.opencontainers.image.version": "2.0.0",
                "org.opencontainers.image.revision": sha,
                "org.opencontainers.image.created": created,
                "org.opencontainers.image.source": "https://github.com/acme/app",
            },
        })
    );
}

#[test]
fn bad_input_exits_2_and_no_version_exits_3() {
    let repo = feature_branch();
    assert_fails(
        &run(&repo, &[], &["docker-tags", "--image", "Brewblox/App"]),
        2,
        "invalid image name `Brewblox/App`: path component `Brewblox` holds `B`: use lowercase letters and digits, joined by `.`, `_`, `__` or `-`",
    );
    assert_fails(
        &run(&repo, &[], &["docker-tags", "--image", "acme/app:latest"]),
        2,
        "invalid image name `acme/app:latest`: it holds a tag (`:…`): give the repository name only; scmver adds the tags",
    );
    assert_fails(
        &run(&repo, &[], &["docker-tags", "--branch", "🎉/🚀"]),
        2,
        "branch `🎉/🚀` has no character a Docker tag can use (A-Z a-z 0-9 _ . -): pass --branch with a usable name",
    );
    assert_fails(
        &run(&repo, &[], &["docker-tags", "--prefix", "-rpi"]),
        2,
        "--prefix `-rpi` cannot be part of a Docker tag: a tag cannot start with `.` or `-`",
    );
    let no_repo = tempfile::tempdir().expect("tempdir");
    let mut cmd = repo.tool_command(env!("CARGO_BIN_EXE_scmver"));
    let output = cmd
        .args(["docker-tags", "--root"])
        .arg(no_repo.path())
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(3), "{}", stderr(&output));
}

/// One `scmver ci` run, made before anything is stamped, gives the package version and the
/// image tags; `write pyproject` and `docker-tags` agree with it as long as they run on the
/// same tree. After stamping a tracked pyproject.toml the tree is dirty, so later calls derive
/// a different version: the reason pipelines export once.
#[test]
fn one_ci_run_gives_the_package_version_and_the_image_tags() {
    let repo = build(
        r#"
description = "tracked pyproject.toml, two commits on a feature branch after v1.2.3"
steps = [
  { commit = "a", files = { "pyproject.toml" = "[project]\nname = \"demo\"\nversion = \"0.0.0\"\n" } },
  { tag = "v1.2.3" }, { branch = "feature/x" }, { commits = 2 },
]
expect = { tag = "v1.2.3", distance = 2, branch = "feature/x", version = "1.2.4.dev2+{node}" }
"#,
    );
    let ci = run(&repo, &[], &["ci", "--format", "json"]);
    assert!(ci.status.success(), "{}", stderr(&ci));
    let exported: BTreeMap<String, String> = serde_json::from_slice(&ci.stdout).expect("json");
    assert_eq!(exported["SCMVER_VERSION"], repo.fill("1.2.4.dev2+{node}"));
    assert_eq!(
        exported["SCMVER_DOCKER_TAGS"],
        repo.fill("feature-x,1.2.4.dev2-{node}")
    );

    let docker = tags(&repo, &[], &[]);
    assert_eq!(
        docker.lines().collect::<Vec<_>>().join(","),
        exported["SCMVER_DOCKER_TAGS"]
    );
    assert!(docker.lines().any(|tag| tag == exported["SCMVER_DOCKER_VERSION"]));

    let write = run(&repo, &[], &["write", "pyproject"]);
    assert!(write.status.success(), "{}", stderr(&write));
    let pyproject = std::fs::read_to_string(repo.root().join("pyproject.toml")).expect("read");
    assert_eq!(
        pyproject,
        format!(
            "[project]\nname = \"demo\"\nversion = \"{}\"\n",
            exported["SCMVER_VERSION"]
        )
    );
    let after = tags(&repo, &[], &[]);
    assert_ne!(after, docker, "the stamped file made the tree dirty");
}
