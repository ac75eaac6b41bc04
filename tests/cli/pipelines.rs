//! What a CI pipeline gets besides the version: pull-request and commit image tags, GitHub's
//! environment file and job summary, the OCI `created` time of a reproducible build, and
//! publishable versions.

use std::path::{Path, PathBuf};
use std::process::Output;

use crate::support::isolated::{self, git};

/// `v1.2.3` and two commits on `main`, in `dir/repo`.
fn repository(dir: &Path) -> PathBuf {
    let repo = dir.join("repo");
    std::fs::create_dir_all(&repo).expect("mkdir");
    std::fs::write(repo.join("file.txt"), "one\n").expect("write");
    for args in [
        &["init", "-q", "-b", "main"][..],
        &["add", "-A"],
        &["commit", "-q", "-m", "one"],
        &["tag", "v1.2.3"],
        &["commit", "-q", "--allow-empty", "-m", "two"],
        &["commit", "-q", "--allow-empty", "-m", "three"],
    ] {
        git(&repo, args);
    }
    repo
}

fn run(repo: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = isolated::command(env!("CARGO_BIN_EXE_scmver"), repo);
    cmd.args(args);
    for (name, value) in env {
        cmd.env(name, value);
    }
    cmd.output().expect("run scmver")
}

fn lines(output: &Output) -> Vec<String> {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(str::to_owned)
        .collect()
}

const GITHUB_PR: [(&str, &str); 6] = [
    ("GITHUB_ACTIONS", "true"),
    ("GITHUB_RUN_ID", "4711"),
    ("GITHUB_REF", "refs/pull/42/merge"),
    ("GITHUB_HEAD_REF", "feature/x"),
    ("GITHUB_BASE_REF", "main"),
    ("GITHUB_REF_NAME", "42/merge"),
];

#[test]
fn pull_request_builds_are_tagged_pr_number() {
    let work = tempfile::tempdir().expect("tempdir");
    let repo = repository(work.path());
    let tags = lines(&run(&repo, &["docker-tags"], &GITHUB_PR));
    assert_eq!(tags[0], "pr-42");
    assert_eq!(tags[1], "feature-x");
    assert!(tags[2].starts_with("1.2.4.dev2-g"), "{tags:?}");
    // GitLab merge requests too, with the affixes.
    let gitlab = [
        ("GITLAB_CI", "true"),
        ("CI_PIPELINE_ID", "99"),
        ("CI_MERGE_REQUEST_IID", "0007"),
        ("CI_MERGE_REQUEST_SOURCE_BRANCH_NAME", "fix/y"),
        ("CI_MERGE_REQUEST_TARGET_BRANCH_NAME", "main"),
    ];
    let tags = lines(&run(&repo, &["docker-tags", "--prefix", "rpi-"], &gitlab));
    assert_eq!(tags[..2], ["rpi-pr-7", "rpi-fix-y"]);
    // The commit's own tag, on request.
    let head = git(&repo, &["rev-parse", "--short=7", "HEAD"]).trim().to_owned();
    let tags = lines(&run(&repo, &["docker-tags", "--sha-tag"], &[]));
    assert_eq!(
        tags.last().map(String::as_str),
        Some(format!("sha-{head}").as_str())
    );
}

#[test]
fn github_env_and_job_summary() {
    let work = tempfile::tempdir().expect("tempdir");
    let repo = repository(work.path());
    let files = work.path().join("runner");
    std::fs::create_dir(&files).expect("mkdir");
    let (output, env_file, summary) = (files.join("output"), files.join("env"), files.join("summary"));
    let mut env: Vec<(&str, &str)> = GITHUB_PR.to_vec();
    let paths = [
        output.to_str().expect("utf-8").to_owned(),
        env_file.to_str().expect("utf-8").to_owned(),
        summary.to_str().expect("utf-8").to_owned(),
    ];
    env.extend([
        ("GITHUB_OUTPUT", paths[0].as_str()),
        ("GITHUB_ENV", paths[1].as_str()),
        ("GITHUB_STEP_SUMMARY", paths[2].as_str()),
    ]);
    let out = run(&repo, &["ci", "--format", "github", "--github-env"], &env);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let written_env = std::fs::read_to_string(&env_file).expect("GITHUB_ENV");
    assert!(
        written_env.lines().any(|l| l == "SCMVER_BRANCH=feature/x"),
        "{written_env}"
    );
    assert!(
        written_env
            .lines()
            .any(|l| l.starts_with("SCMVER_VERSION=1.2.4.dev2+g")),
        "{written_env}"
    );
    let text = std::fs::read_to_string(&summary).expect("summary");
    assert!(text.starts_with("### scmver: version 1.2.4.dev2+g"), "{text}");
    assert!(text.contains("| branch | feature/x |"), "{text}");
    assert!(
        text.contains("| Docker tags | pr-42, feature-x, 1.2.4.dev2-g"),
        "{text}"
    );
    assert!(text.contains("| release | no: "), "{text}");
    // Without GITHUB_ENV, --github-env is bad input.
    let env_without: Vec<(&str, &str)> = env.iter().copied().filter(|(k, _)| *k != "GITHUB_ENV").collect();
    let out = run(&repo, &["ci", "--format", "github", "--github-env"], &env_without);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn oci_created_follows_source_date_epoch() {
    let work = tempfile::tempdir().expect("tempdir");
    let repo = repository(work.path());
    let created = |env: &[(&str, &str)]| {
        lines(&run(&repo, &["docker-tags", "--labels"], env))
            .into_iter()
            .find_map(|l| {
                l.strip_prefix("org.opencontainers.image.created=")
                    .map(str::to_owned)
            })
            .expect("created label")
    };
    assert_eq!(created(&[]), "2020-09-13T12:26:40Z", "the commit date");
    assert_eq!(
        created(&[("SOURCE_DATE_EPOCH", "1700000000")]),
        "2023-11-14T22:13:20Z"
    );
}

#[test]
fn publishable_versions() {
    let work = tempfile::tempdir().expect("tempdir");
    let repo = repository(work.path());
    let version = |env: &[(&str, &str)]| lines(&run(&repo, &["version", "--publishable"], env)).remove(0);
    assert_eq!(version(&[]), "1.2.4.dev2", "no local part");
    assert_eq!(version(&GITHUB_PR), "1.2.4.dev4711", "the pipeline's ID in CI");
    std::fs::write(repo.join("file.txt"), "changed\n").expect("write");
    std::fs::write(repo.join("new.txt"), "untracked\n").expect("write");
    let out = run(&repo, &["version", "--publishable"], &[]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        stderr,
        "error: the work tree has uncommitted changes (file.txt), so no publishable version can be made: commit or stash them, or clean the tree the build made dirty\n"
    );
}

#[test]
fn tag_families_on_one_commit_are_named() {
    let work = tempfile::tempdir().expect("tempdir");
    let repo = repository(work.path());
    for tag in ["hatch-v1.18.0", "hatchling-v1.32.0"] {
        git(&repo, &["tag", tag]);
    }
    let out = run(&repo, &["version"], &[]);
    assert_eq!(lines(&out), ["1.32.0"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        stderr,
        "warning: the chosen commit carries version tags of 2 families (`hatch-v1.18.0`, `hatchling-v1.32.0`): the highest version wins, which may be another package's; set tag.prefix (e.g. tag.prefix = \"hatch-\") to pick one\n"
    );
    std::fs::write(
        repo.join("pyproject.toml"),
        "[tool.scmver.tag]\nprefix = \"hatch-\"\n",
    )
    .expect("write");
    let out = run(&repo, &["version"], &[]);
    assert_eq!(lines(&out), ["1.18.0"]);
    assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
}
