//! `scmver completions SHELL` and the hidden `scmver man`: generated from the clap definition,
//! so these tests check that every command is in them and that bash really completes.

use std::process::{Command, Output};

use pretty_assertions::assert_eq;

use crate::support::repo::clean_env;
use crate::version::{stderr, stdout};

/// Every visible command of `scmver`.
const COMMANDS: [&str; 8] = [
    "version",
    "is-release",
    "ci",
    "format",
    "write",
    "docker-tags",
    "check-bump",
    "completions",
];

fn scmver(args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_scmver"));
    clean_env(&mut cmd);
    cmd.args(args).output().expect("run scmver")
}

#[track_caller]
fn generated(args: &[&str]) -> String {
    let output = scmver(args);
    assert!(output.status.success(), "{args:?}: {}", stderr(&output));
    assert_eq!(stderr(&output), "", "{args:?}");
    let text = stdout(&output);
    assert!(!text.trim().is_empty(), "{args:?} printed nothing");
    text
}

#[test]
fn completion_scripts_name_every_command() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let script = generated(&["completions", shell]);
        for command in COMMANDS {
            assert!(script.contains(command), "{shell}: `{command}` missing");
        }
        // Flags and closed choices of a subcommand are completed too.
        for word in ["version-scheme", "require-changelog", "semver"] {
            assert!(script.contains(word), "{shell}: `{word}` missing");
        }
    }
}

/// Sources the bash script in a real bash and asks it what `scmver …<TAB>` offers.
#[test]
fn bash_completes_commands_flags_and_choices() {
    let script = generated(&["completions", "bash"]);
    let probe = r#"
set -e
eval "$SCRIPT"
complete -p scmver
offer() { COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _scmver scmver "${!#}" "${@: -2:1}"; echo "${COMPREPLY[*]}"; }
offer scmver ch
offer scmver version --for
offer scmver version --format ''
offer scmver docker-tags --format ''
"#;
    let output = Command::new("bash")
        .args(["--noprofile", "--norc", "-c", probe])
        .env("SCRIPT", &script)
        .output()
        .expect("run bash");
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        "complete -o bashdefault -o default -o nosort -F _scmver scmver\n\
         check-bump\n\
         --format\n\
         pep440 semver json\n\
         lines json\n"
    );
}

#[test]
fn unknown_shell_is_a_usage_error() {
    let output = scmver(&["completions", "tcsh"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).starts_with("error: invalid value 'tcsh' for '<SHELL>'"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn man_page_lists_every_command() {
    let page = generated(&["man"]);
    assert!(page.contains(".TH scmver 1 "), "{page}");
    for command in COMMANDS {
        let reference = format!("scmver\\-{}(1)", command.replace('-', "\\-"));
        assert!(page.contains(&reference), "`{reference}` missing");
    }
    assert!(!page.contains("scmver\\-man(1)"), "the man command is hidden");
}

#[test]
fn man_out_dir_writes_a_page_per_command() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let out_dir = dir.path().to_str().expect("utf-8");
    let output = scmver(&["man", "--out-dir", out_dir]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(stdout(&output), "");
    let mut pages: Vec<String> = std::fs::read_dir(dir.path())
        .expect("read the directory")
        .map(|entry| entry.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    pages.sort();
    assert_eq!(
        pages,
        [
            "scmver-check-bump.1",
            "scmver-ci.1",
            "scmver-completions.1",
            "scmver-docker-tags.1",
            "scmver-format.1",
            "scmver-is-release.1",
            "scmver-version.1",
            "scmver-write-cargo.1",
            "scmver-write-pyproject.1",
            "scmver-write-version-file.1",
            "scmver-write.1",
            "scmver.1",
        ]
    );
    let version_page = std::fs::read_to_string(dir.path().join("scmver-version.1")).expect("read the page");
    assert!(version_page.contains("\\-\\-version\\-scheme"), "{version_page}");
}

#[test]
fn man_out_dir_must_exist() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let missing = dir.path().join("missing");
    let output = scmver(&["man", "--out-dir", missing.to_str().expect("utf-8")]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        format!(
            "error: cannot write man pages into `{}`: No such file or directory (os error 2)\n",
            missing.display()
        )
    );
}
