//! CI awareness through the binary: the release-guard race, the two pipeline recipes of the
//! README, and branch names that try to inject variables or commands.

use std::collections::BTreeMap;
use std::process::Output;

use crate::support::BuiltRepo;
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

/// Commit C tagged `1.3.0`, HEAD on C, detached as CI checkouts are.
fn tagged_head() -> BuiltRepo {
    build(
        r#"
description = "HEAD is commit C, tagged 1.3.0 after a branch pipeline started on it"
steps = [{ commit = "a" }, { tag = "1.2.0" }, { commit = "C" }, { tag = "1.3.0" }, { detach = true }]
expect = { tag = "1.3.0", distance = 0, version = "1.3.0" }
"#,
    )
}

const BRANCH_PIPELINE: &[(&str, &str)] = &[
    ("GITLAB_CI", "true"),
    ("CI_PIPELINE_ID", "100"),
    ("CI_COMMIT_REF_NAME", "main"),
    ("CI_COMMIT_BRANCH", "main"),
];
const TAG_PIPELINE: &[(&str, &str)] = &[
    ("GITLAB_CI", "true"),
    ("CI_PIPELINE_ID", "101"),
    ("CI_COMMIT_REF_NAME", "1.3.0"),
    ("CI_COMMIT_TAG", "1.3.0"),
];

#[test]
fn branch_and_tag_pipelines_on_one_commit_never_share_a_version() {
    let repo = tagged_head();
    let node = repo.node().expect("commits");
    let branch = run(&repo, BRANCH_PIPELINE, &["version"]);
    let tag = run(&repo, TAG_PIPELINE, &["version"]);
    assert_eq!(
        stdout(&branch),
        format!("1.3.1.dev0+{node}\n"),
        "{}",
        stderr(&branch)
    );
    assert_eq!(stdout(&tag), "1.3.0\n");
    let numbered = run(&repo, BRANCH_PIPELINE, &["version", "--dev-number", "pipeline"]);
    assert_eq!(stdout(&numbered), format!("1.3.1.dev100+{node}\n"));

    let branch_gate = run(&repo, BRANCH_PIPELINE, &["is-release"]);
    assert_eq!(branch_gate.status.code(), Some(1));
    assert_eq!(
        stdout(&branch_gate),
        "not a release: HEAD is tagged `1.3.0` but this gitlab run is a branch build; releases come from tag builds (set release_on_branch_builds = true to allow)\n"
    );
    let tag_gate = run(&repo, TAG_PIPELINE, &["is-release"]);
    assert_eq!(tag_gate.status.code(), Some(0));
    assert_eq!(
        stdout(&tag_gate),
        "release: HEAD is tagged `1.3.0` and the work tree is clean\n"
    );
    // Outside CI, and with the guard switched off, the tag is the release as in setuptools_scm.
    assert_eq!(stdout(&run(&repo, &[], &["version"])), "1.3.0\n");
    std::fs::write(
        repo.root().join("pyproject.toml"),
        "[tool.scmver]\nrelease_on_branch_builds = true\n",
    )
    .expect("write config");
    assert_eq!(stdout(&run(&repo, BRANCH_PIPELINE, &["version"])), "1.3.0\n");
}

#[test]
fn is_release_pattern_selects_final_releases() {
    let repo = build(
        r#"
description = "release candidate tag"
steps = [{ commit = "a" }, { tag = "v2.0.0rc1" }]
expect = { tag = "v2.0.0rc1", distance = 0, branch = "main", version = "2.0.0rc1" }
"#,
    );
    let final_only = run(
        &repo,
        &[],
        &["is-release", "--pattern", r"^[0-9]+\.[0-9]+\.[0-9]+$"],
    );
    assert_eq!(final_only.status.code(), Some(1));
    assert_eq!(
        stdout(&final_only),
        "not a release: HEAD is tagged `v2.0.0rc1` and the work tree is clean, but the version `2.0.0rc1` does not match the pattern `^[0-9]+\\.[0-9]+\\.[0-9]+$`\n"
    );
    assert_eq!(run(&repo, &[], &["is-release"]).status.code(), Some(0));
    let dirty = build(
        r#"
description = "dirty on a tag"
steps = [{ commit = "a" }, { tag = "v2.0.0" }, { write = "history.txt", text = "changed" }]
expect = { tag = "v2.0.0", distance = 0, dirty = true, branch = "main", version = "2.0.1.dev0+{node}.d{date}" }
"#,
    );
    let output = run(&dirty, &[], &["is-release"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stdout(&output),
        "not a release: HEAD is tagged `v2.0.0` but the work tree has uncommitted changes\n"
    );
}

/// README recipe 1: GitLab pipeline 345 on branch `rel.1.2` (detached checkout) → `1.2.0.345`.
#[test]
fn recipe_gitlab_release_branch_numbered_by_pipeline() {
    let repo = build(
        r#"
description = "release branch rel.1.2, detached as GitLab checks it out"
steps = [{ commit = "a" }, { tag = "1.1.0" }, { branch = "rel.1.2" }, { commits = 3 }, { detach = true }]
expect = { tag = "1.1.0", distance = 3, version = "1.1.1.dev3+{node}" }
"#,
    );
    let env = [
        ("GITLAB_CI", "true"),
        ("CI_PIPELINE_ID", "345"),
        ("CI_COMMIT_REF_NAME", "rel.1.2"),
        ("CI_COMMIT_BRANCH", "rel.1.2"),
    ];
    let output = run(
        &repo,
        &env,
        &["version", "--template", "{branch_version}.0.{pipeline}"],
    );
    assert_eq!(stdout(&output), "1.2.0.345\n", "{}", stderr(&output));
}

/// README recipe 2: conda version `{tag}.{distance}` (tag 3.7, 12 commits) and build string.
#[test]
fn recipe_conda_version_and_build_string() {
    let repo = build(
        r#"
description = "tag 3.7, twelve commits on"
steps = [{ commit = "a" }, { tag = "3.7" }, { commits = 12 }]
expect = { tag = "3.7", distance = 12, branch = "main", version = "3.8.dev12+{node}" }
"#,
    );
    let env = [("SCMVER_PIPELINE_ID", "345")];
    assert_eq!(
        stdout(&run(&repo, &env, &["version", "--template", "{tag}.{distance}"])),
        "3.7.12\n"
    );
    assert_eq!(
        stdout(&run(&repo, &env, &["format", "py37_{pipeline}"])),
        "py37_345\n"
    );
}

#[test]
fn template_and_pipeline_errors_exit_2() {
    let repo = tagged_head();
    let output = run(
        &repo,
        &[],
        &[
            "version",
            "--template",
            "{tag}-{branch_slug}",
            "--branch",
            "feature/x",
        ],
    );
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        "error: template `{tag}-{branch_slug}` rendered `1.3.0-feature-x`, which is not a PEP 440 version: after parsing `1.3.0`, found `-feature-x`, which is not part of a valid version\n"
    );
    let output = run(&repo, &[], &["version", "--dev-number", "pipeline"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        "error: dev_number is `pipeline` (set by `--dev-number`) but no pipeline ID is known: run in CI, set the pipeline ID (SCMVER_PIPELINE_ID), or use dev_number = \"pipeline-or-distance\"\n"
    );
}

/// Branch names an attacker can push.
/// Branch names a pull request (or a doctored CI variable) can carry. Git forbids spaces and
/// control characters in branch names, so `${IFS}` stands in for a space; the line breaks are
/// a doctored variable's, which scmver refuses before anything is printed.
const HOSTILE_BRANCHES: [&str; 5] = [
    "x\nSCMVER_IS_RELEASE=true",
    "it's-\"quoted\"",
    "$(touch${IFS}pwned)",
    "a=b;`touch${IFS}pwned2`",
    "x\r\nINJECTED=1",
];

/// A branch the environment stage refuses: exit 2 naming `variable`, nothing printed.
#[track_caller]
fn assert_refused(output: &std::process::Output, branch: &str, variable: &str) {
    assert_eq!(output.status.code(), Some(2), "{branch:?}");
    assert!(output.stdout.is_empty(), "{branch:?}: nothing printed");
    assert!(
        stderr(output).starts_with(&format!(
            "error: the environment variable {variable} holds whitespace or a control character"
        )),
        "{}",
        stderr(output)
    );
}

const EXPORTED: [&str; 12] = [
    "VERSION",
    "SEMVER",
    "PUBLIC_VERSION",
    "DOCKER_VERSION",
    "DOCKER_TAGS",
    "NEAREST_TAG",
    "DISTANCE",
    "SHA",
    "BRANCH",
    "BRANCH_SLUG",
    "PIPELINE",
    "IS_RELEASE",
];

#[test]
fn env_output_survives_eval_with_hostile_branch_names() {
    let repo = tagged_head();
    for branch in HOSTILE_BRANCHES {
        let env = [
            ("GITLAB_CI", "true"),
            ("CI_PIPELINE_ID", "7"),
            ("CI_COMMIT_BRANCH", branch),
        ];
        let output = run(&repo, &env, &["ci", "--format", "env"]);
        if branch.contains(['\n', '\r']) {
            assert_refused(&output, branch, "CI_COMMIT_BRANCH");
            continue;
        }
        assert!(output.status.success(), "{branch:?}: {}", stderr(&output));
        let script = format!(
            "{}\nprintf '%s|%s|%s' \"${{INJECTED-unset}}\" \"$SCMVER_IS_RELEASE\" \"$SCMVER_BRANCH\"",
            stdout(&output)
        );
        let shell = std::process::Command::new("sh")
            .arg("-c")
            .arg(&script)
            .current_dir(repo.scratch())
            .env_clear()
            .output()
            .expect("run sh");
        assert!(
            shell.status.success(),
            "{branch:?}: {}",
            String::from_utf8_lossy(&shell.stderr)
        );
        assert_eq!(
            String::from_utf8_lossy(&shell.stdout),
            format!("unset|false|{branch}"),
            "{branch:?}"
        );
        assert!(!repo.scratch().join("pwned").exists() && !repo.scratch().join("pwned2").exists());
    }
}

/// GitHub's `$GITHUB_OUTPUT` grammar: `key=value`, or `key<<DELIM` … `DELIM`.
fn parse_github_outputs(text: &str) -> BTreeMap<String, String> {
    let mut outputs = BTreeMap::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        if let Some((key, delimiter)) = line.split_once("<<") {
            let mut value = Vec::new();
            for next in lines.by_ref() {
                if next == delimiter {
                    break;
                }
                value.push(next);
            }
            outputs.insert(key.to_owned(), value.join("\n"));
        } else if let Some((key, value)) = line.split_once('=') {
            outputs.insert(key.to_owned(), value.to_owned());
        }
    }
    outputs
}

#[test]
fn github_outputs_cannot_be_injected() {
    let repo = tagged_head();
    for branch in HOSTILE_BRANCHES {
        let output_file = repo.scratch().join("github_output");
        let _ = std::fs::remove_file(&output_file);
        let env = [
            ("GITHUB_ACTIONS", "true"),
            ("GITHUB_RUN_ID", "9"),
            ("GITHUB_HEAD_REF", branch),
            ("GITHUB_OUTPUT", output_file.to_str().expect("utf-8")),
        ];
        let output = run(&repo, &env, &["ci", "--format", "github"]);
        if branch.contains(['\n', '\r']) {
            assert_refused(&output, branch, "GITHUB_HEAD_REF");
            assert!(!output_file.exists(), "{branch:?}: nothing written");
            continue;
        }
        assert!(output.status.success(), "{branch:?}: {}", stderr(&output));
        let written = std::fs::read_to_string(&output_file).expect("GITHUB_OUTPUT written");
        assert_eq!(written, stdout(&output));
        let outputs = parse_github_outputs(&written);
        let keys: Vec<String> = outputs.keys().cloned().collect();
        let mut expected: Vec<String> = EXPORTED.iter().map(|k| k.to_ascii_lowercase()).collect();
        expected.sort();
        assert_eq!(keys, expected, "{branch:?}");
        assert_eq!(outputs["branch"], branch.replace("\r\n", "\n"), "{branch:?}");
        assert_eq!(outputs["is_release"], "false", "{branch:?}");
    }
}

#[test]
fn gitlab_dotenv_refuses_line_breaks_and_keeps_other_values_verbatim() {
    let repo = tagged_head();
    for branch in HOSTILE_BRANCHES {
        let dotenv = repo.scratch().join("scmver.env");
        let _ = std::fs::remove_file(&dotenv);
        let env = [
            ("GITLAB_CI", "true"),
            ("CI_PIPELINE_ID", "7"),
            ("CI_COMMIT_BRANCH", branch),
        ];
        let dotenv_arg = dotenv.to_str().expect("utf-8").to_owned();
        let output = run(
            &repo,
            &env,
            &[
                "ci",
                "--format",
                "gitlab",
                "--output",
                &dotenv_arg,
                "--allow-outside-root",
            ],
        );
        if branch.contains(['\n', '\r']) {
            assert_refused(&output, branch, "CI_COMMIT_BRANCH");
            assert!(!dotenv.exists(), "{branch:?}: nothing written");
            continue;
        }
        assert!(output.status.success(), "{branch:?}: {}", stderr(&output));
        let text = std::fs::read_to_string(&dotenv).expect("dotenv written");
        let names: Vec<&str> = text
            .lines()
            .map(|l| l.split_once('=').expect("KEY=value").0)
            .collect();
        let expected: Vec<String> = EXPORTED.iter().map(|k| format!("SCMVER_{k}")).collect();
        assert_eq!(names, expected, "{branch:?}");
        assert!(
            text.lines().any(|l| l == format!("SCMVER_BRANCH={branch}")),
            "{text}"
        );
    }
}

#[test]
fn gitlab_dotenv_never_writes_to_github_output() {
    // A runner can carry both variables (a GitHub runner driving a GitLab-style job, or a
    // leaked environment): `--format gitlab` must write its own file and leave
    // $GITHUB_OUTPUT alone.
    let repo = tagged_head();
    let github_output = repo.scratch().join("github_output");
    std::fs::write(&github_output, "earlier=step\n").expect("seed GITHUB_OUTPUT");
    let env = [
        ("GITLAB_CI", "true"),
        ("CI_PIPELINE_ID", "7"),
        ("CI_COMMIT_BRANCH", "main"),
        ("GITHUB_OUTPUT", github_output.to_str().expect("utf-8")),
    ];
    // The test runs beside the repository, so the default file lies outside its work tree.
    let output = run(&repo, &env, &["ci", "--format", "gitlab", "--allow-outside-root"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let dotenv = std::fs::read_to_string(repo.scratch().join("scmver.env")).expect("scmver.env");
    assert_eq!(dotenv, stdout(&output));
    assert!(dotenv.lines().any(|l| l == "SCMVER_BRANCH=main"), "{dotenv}");
    let untouched = std::fs::read_to_string(&github_output).expect("GITHUB_OUTPUT");
    assert_eq!(untouched, "earlier=step\n");
}

#[test]
fn exported_variables_do_not_change_the_next_call() {
    let repo = build(
        r#"
description = "tag 1.0.0 then two commits"
steps = [{ commit = "a" }, { tag = "1.0.0" }, { commits = 2 }]
expect = { tag = "1.0.0", distance = 2, branch = "main", version = "1.0.1.dev2+{node}" }
"#,
    );
    let first = run(&repo, BRANCH_PIPELINE, &["ci", "--format", "json"]);
    let exported: BTreeMap<String, String> = serde_json::from_slice(&first.stdout).expect("json");
    let mut env: Vec<(&str, &str)> = BRANCH_PIPELINE.to_vec();
    env.extend(exported.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    let second = run(&repo, &env, &["ci", "--format", "json"]);
    assert_eq!(stdout(&first), stdout(&second));
}
