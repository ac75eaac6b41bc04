//! The README's CI recipes, run as the pipelines would run them: the recipe's shell lines,
//! verbatim, in a real repository, with the CI's variables set, `scmver` on PATH and stand-ins
//! for `docker` and `twine` that print the command line they were given.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;

use pretty_assertions::assert_eq;

use crate::support::BuiltRepo;
use crate::version::{build, stderr, stdout};

/// `bin/` with `docker` and `twine` stand-ins next to the repository, and PATH for a recipe.
fn path_with_stand_ins(repo: &BuiltRepo) -> String {
    let bin = repo.scratch().join("bin");
    std::fs::create_dir_all(&bin).expect("create bin/");
    for tool in ["docker", "twine"] {
        let script = bin.join(tool);
        std::fs::write(&script, format!("#!/bin/sh\necho {tool} \"$@\"\n")).expect("write stand-in");
        make_executable(&script);
    }
    let scmver_dir = Path::new(env!("CARGO_BIN_EXE_scmver")).parent().expect("bin dir");
    let system = std::env::var("PATH").unwrap_or_default();
    format!("{}:{}:{system}", bin.display(), scmver_dir.display())
}

fn make_executable(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
}

/// Runs one job's script lines with `sh -e` in the checkout, as a CI runner does.
fn job(repo: &BuiltRepo, env: &[(&str, &str)], lines: &[&str]) -> Output {
    let mut cmd = repo.tool_command("sh");
    cmd.arg("-ec")
        .arg(lines.join("\n"))
        .current_dir(repo.root())
        .env("PATH", path_with_stand_ins(repo));
    for (key, value) in env {
        cmd.env(key, value);
    }
    cmd.output().expect("run sh")
}

#[track_caller]
fn ok(output: &Output) -> String {
    assert!(output.status.success(), "{}\n{}", stdout(output), stderr(output));
    stdout(output)
}

/// `KEY=value` lines, as GitLab reads a dotenv report.
fn dotenv(path: &Path) -> BTreeMap<String, String> {
    std::fs::read_to_string(path)
        .expect("dotenv written")
        .lines()
        .filter_map(|line| line.split_once('='))
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect()
}

/// Tag `v1.2.0`, then two commits; HEAD detached as CI checkouts are.
fn two_after_release() -> BuiltRepo {
    build(
        r#"
description = "v1.2.0 then two commits, detached"
steps = [{ commit = "a" }, { tag = "v1.2.0" }, { commits = 2 }, { detach = true }]
expect = { tag = "v1.2.0", distance = 2, version = "1.2.1.dev2+{node}" }
"#,
    )
}

/// A clean tag `v1.2.0` at HEAD.
fn on_release() -> BuiltRepo {
    build(
        r#"
description = "v1.2.0 at HEAD, detached"
steps = [{ commit = "a" }, { tag = "v1.2.0" }, { detach = true }]
expect = { tag = "v1.2.0", distance = 0, version = "1.2.0" }
"#,
    )
}

// ---- GitLab CI (README "GitLab CI") ----------------------------------------------------------

const GITLAB_VERSION_JOB: &[&str] = &["scmver ci --format gitlab --output scmver.env"];
const GITLAB_IMAGE_JOB: &[&str] = &[
    r#"tags=""; for tag in $(echo "$SCMVER_DOCKER_TAGS" | tr ',' ' '); do tags="$tags --tag $CI_REGISTRY_IMAGE:$tag"; done"#,
    r#"docker build $tags --label "org.opencontainers.image.version=$SCMVER_VERSION" ."#,
];
const GITLAB_PUBLISH_JOB: &[&str] = &[
    r#"if [ "$SCMVER_IS_RELEASE" != true ]; then echo "not a release: $SCMVER_VERSION"; exit 0; fi"#,
    "twine upload dist/*",
];

fn gitlab_env<'a>(pipeline: &'a str, ref_kind: &'a str, name: &'a str) -> Vec<(&'a str, &'a str)> {
    let mut env = vec![
        ("GITLAB_CI", "true"),
        ("CI_PIPELINE_ID", pipeline),
        ("CI_COMMIT_REF_NAME", name),
        ("CI_REGISTRY_IMAGE", "registry.example.com/acme/app"),
    ];
    env.push((ref_kind, name));
    env
}

/// The version job's dotenv, as GitLab hands it to later jobs: the job's own variables plus
/// the report's.
fn gitlab_pipeline(repo: &BuiltRepo, env: &[(&str, &str)]) -> (String, String) {
    ok(&job(repo, env, GITLAB_VERSION_JOB));
    let exported = dotenv(&repo.root().join("scmver.env"));
    let mut later: Vec<(&str, &str)> = env.to_vec();
    later.extend(exported.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    (
        ok(&job(repo, &later, GITLAB_IMAGE_JOB)),
        ok(&job(repo, &later, GITLAB_PUBLISH_JOB)),
    )
}

#[test]
fn gitlab_branch_pipeline_builds_a_branch_image_and_publishes_nothing() {
    let repo = two_after_release();
    let node = repo.node().expect("commits");
    let env = gitlab_env("345", "CI_COMMIT_BRANCH", "feature/login");
    let (image, publish) = gitlab_pipeline(&repo, &env);
    let version = format!("1.2.1.dev2+{node}");
    assert_eq!(
        image,
        format!(
            "docker build --tag registry.example.com/acme/app:feature-login --tag registry.example.com/acme/app:1.2.1.dev2-{node} --label org.opencontainers.image.version={version} .\n"
        )
    );
    assert_eq!(publish, format!("not a release: {version}\n"));
}

#[test]
fn gitlab_tag_pipeline_builds_release_tags_and_publishes() {
    let repo = on_release();
    let env = gitlab_env("346", "CI_COMMIT_TAG", "v1.2.0");
    let (image, publish) = gitlab_pipeline(&repo, &env);
    let image_name = "registry.example.com/acme/app";
    assert_eq!(
        image,
        format!(
            "docker build --tag {image_name}:1.2.0 --tag {image_name}:1.2 --tag {image_name}:1 --tag {image_name}:latest --label org.opencontainers.image.version=1.2.0 .\n"
        )
    );
    assert_eq!(publish, "twine upload dist/*\n");
}

/// The release guard: a branch pipeline on the tagged commit does not publish.
#[test]
fn gitlab_branch_pipeline_on_a_tagged_commit_publishes_nothing() {
    let repo = on_release();
    let node = repo.node().expect("commits");
    let env = gitlab_env("347", "CI_COMMIT_BRANCH", "main");
    let (_, publish) = gitlab_pipeline(&repo, &env);
    assert_eq!(publish, format!("not a release: 1.2.1.dev0+{node}\n"));
}

// ---- GitHub Actions (README "GitHub Actions") -----------------------------------------------

const GITHUB_VERSION_STEP: &[&str] = &["scmver ci --format github"];

fn github_env<'a>(
    output: &'a str,
    ref_type: &'a str,
    ref_name: &'a str,
    full_ref: &'a str,
) -> Vec<(&'a str, &'a str)> {
    vec![
        ("GITHUB_ACTIONS", "true"),
        ("GITHUB_RUN_ID", "9001"),
        ("GITHUB_REF", full_ref),
        ("GITHUB_REF_NAME", ref_name),
        ("GITHUB_REF_TYPE", ref_type),
        ("GITHUB_OUTPUT", output),
    ]
}

/// The step outputs GitHub reads back from `$GITHUB_OUTPUT` (`key=value` lines here).
fn github_outputs(path: &Path) -> BTreeMap<String, String> {
    dotenv(path)
}

fn output_file(repo: &BuiltRepo) -> PathBuf {
    repo.scratch().join("github_output")
}

#[test]
fn github_tag_push_outputs_a_release() {
    let repo = on_release();
    let output = output_file(&repo);
    let env = github_env(
        output.to_str().expect("utf-8"),
        "tag",
        "v1.2.0",
        "refs/tags/v1.2.0",
    );
    ok(&job(&repo, &env, GITHUB_VERSION_STEP));
    let outputs = github_outputs(&output);
    assert_eq!(outputs["version"], "1.2.0");
    assert_eq!(outputs["is_release"], "true");
    assert_eq!(outputs["docker_tags"], "1.2.0,1.2,1,latest");
}

#[test]
fn github_branch_push_outputs_a_dev_version() {
    let repo = two_after_release();
    let node = repo.node().expect("commits");
    let output = output_file(&repo);
    let env = github_env(
        output.to_str().expect("utf-8"),
        "branch",
        "main",
        "refs/heads/main",
    );
    ok(&job(&repo, &env, GITHUB_VERSION_STEP));
    let outputs = github_outputs(&output);
    assert_eq!(outputs["version"], format!("1.2.1.dev2+{node}"));
    assert_eq!(outputs["public_version"], "1.2.1.dev2");
    assert_eq!(outputs["is_release"], "false");
    assert_eq!(outputs["branch"], "main");
}

// ---- Jenkins (README "Jenkins") --------------------------------------------------------------

/// The Jenkinsfile's `sh(script: 'scmver version', returnStdout: true)` and
/// `sh(script: 'scmver is-release', returnStatus: true) == 0`.
const JENKINS_STEPS: &[&str] = &[
    "version=$(scmver version)",
    "if scmver is-release >/dev/null; then release=true; else release=false; fi",
    r#"echo "$version $release""#,
];

#[test]
fn jenkins_multibranch_branch_and_tag_builds() {
    let repo = on_release();
    let node = repo.node().expect("commits");
    let common = [
        ("JENKINS_URL", "https://jenkins.example.com/"),
        ("BUILD_NUMBER", "58"),
    ];
    let mut branch = common.to_vec();
    branch.push(("BRANCH_NAME", "main"));
    assert_eq!(
        ok(&job(&repo, &branch, JENKINS_STEPS)),
        format!("1.2.1.dev0+{node} false\n")
    );
    let mut tag = common.to_vec();
    tag.extend([("BRANCH_NAME", "v1.2.0"), ("TAG_NAME", "v1.2.0")]);
    assert_eq!(ok(&job(&repo, &tag, JENKINS_STEPS)), "1.2.0 true\n");
}

// ---- Travis CI (README "Travis CI") ----------------------------------------------------------

const TRAVIS_SCRIPT: &[&str] = &[
    r#"eval "$(scmver ci --format env)""#,
    r#"echo "$SCMVER_VERSION $SCMVER_IS_RELEASE $SCMVER_PIPELINE""#,
];

#[test]
fn travis_branch_and_tag_builds() {
    let repo = on_release();
    let node = repo.node().expect("commits");
    let branch = [
        ("TRAVIS", "true"),
        ("TRAVIS_BUILD_NUMBER", "12"),
        ("TRAVIS_BRANCH", "main"),
        ("TRAVIS_PULL_REQUEST", "false"),
    ];
    assert_eq!(
        ok(&job(&repo, &branch, TRAVIS_SCRIPT)),
        format!("1.2.1.dev0+{node} false 12\n")
    );
    let tag = [
        ("TRAVIS", "true"),
        ("TRAVIS_BUILD_NUMBER", "13"),
        ("TRAVIS_BRANCH", "v1.2.0"),
        ("TRAVIS_TAG", "v1.2.0"),
        ("TRAVIS_PULL_REQUEST", "false"),
    ];
    assert_eq!(ok(&job(&repo, &tag, TRAVIS_SCRIPT)), "1.2.0 true 13\n");
}
