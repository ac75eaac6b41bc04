//! Commands with nothing of the machine's environment: for tests that lay out repositories
//! and files by hand rather than from a scenario.

use std::path::Path;
use std::process::{Command, Output};

/// A command in `dir` with an empty environment but `PATH`, `HOME` set to `dir`, and git's
/// system and global configuration switched off.
pub fn command(program: impl AsRef<std::ffi::OsStr>, dir: &Path) -> Command {
    let mut cmd = Command::new(program);
    cmd.current_dir(dir)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null");
    cmd
}

/// `git ARGS` in `dir` as a pinned author and committer at 2020-09-13T12:26:40Z; panics
/// when it fails; its standard output.
#[track_caller]
pub fn git(dir: &Path, args: &[&str]) -> String {
    let out: Output = command("git", dir)
        .args(args)
        .env("GIT_AUTHOR_NAME", "a")
        .env("GIT_AUTHOR_EMAIL", "a@example.com")
        .env("GIT_COMMITTER_NAME", "a")
        .env("GIT_COMMITTER_EMAIL", "a@example.com")
        .env("GIT_AUTHOR_DATE", "1600000000 +0000")
        .env("GIT_COMMITTER_DATE", "1600000000 +0000")
        .output()
        .expect("run git");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}
