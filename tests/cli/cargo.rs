//! `scmver write cargo`: single crates, members inheriting the workspace version, virtual
//! workspaces; then cargo itself reads the result (`cargo metadata`) and builds it with
//! `--locked`, so the lock file agrees with the manifests.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::support::isolated::{self, git};

/// `files` committed, `Cargo.lock` made by cargo and committed, tagged `v1.4.0`, one more
/// commit; returns the repository.
fn project(dir: &Path, files: &[(&str, &str)]) -> PathBuf {
    let repo = dir.join("repo");
    for (name, text) in files {
        let path = repo.join(name);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }
    std::fs::write(repo.join(".gitignore"), "/target\n").expect("write");
    let lock = cargo(&repo, &["generate-lockfile", "--offline"]);
    assert!(lock.status.success(), "{}", String::from_utf8_lossy(&lock.stderr));
    git(&repo, &["init", "-q", "-b", "main"]);
    git(&repo, &["add", "-A"]);
    git(&repo, &["commit", "-q", "-m", "one"]);
    git(&repo, &["tag", "v1.4.0"]);
    git(&repo, &["commit", "-q", "--allow-empty", "-m", "two"]);
    repo
}

fn cargo(dir: &Path, args: &[&str]) -> Output {
    Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", dir.join("target"))
        .env_remove("RUSTFLAGS")
        .output()
        .expect("run cargo")
}

fn scmver(dir: &Path, args: &[&str]) -> Output {
    isolated::command(env!("CARGO_BIN_EXE_scmver"), dir)
        .args(args)
        .output()
        .expect("run scmver")
}

/// Stamp, then check that cargo sees `expected` for every package in `names` and builds
/// `--locked`; a second stamp changes nothing and `--check` passes.
#[track_caller]
fn stamp_and_build(repo: &Path, args: &[&str], names: &[&str]) {
    let out = scmver(repo, args);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    // The version derived before stamping (the stamp makes the tree dirty).
    let version = String::from_utf8_lossy(&out.stdout)
        .lines()
        .next()
        .and_then(|line| line.rsplit(' ').next().map(str::to_owned))
        .expect("a summary line");
    assert!(version.starts_with("1.4.1-dev.1+g"), "{version}");
    let metadata = cargo(
        repo,
        &["metadata", "--offline", "--format-version", "1", "--no-deps"],
    );
    assert!(
        metadata.status.success(),
        "{}",
        String::from_utf8_lossy(&metadata.stderr)
    );
    let metadata: serde_json::Value = serde_json::from_slice(&metadata.stdout).expect("json");
    for name in names {
        let package = metadata["packages"]
            .as_array()
            .and_then(|packages| packages.iter().find(|p| p["name"] == *name))
            .unwrap_or_else(|| panic!("package {name}"));
        assert_eq!(package["version"], version.as_str(), "{name}");
    }
    let build = cargo(repo, &["build", "--locked", "--offline", "--quiet"]);
    assert!(
        build.status.success(),
        "{}",
        String::from_utf8_lossy(&build.stderr)
    );
    let mut check: Vec<&str> = args.to_vec();
    check.push("--check");
    let lock_before = std::fs::read_to_string(repo.join("Cargo.lock")).expect("lock");
    let again = scmver(repo, &check);
    // The tree is dirty now, so the derived version moved on: --check says so (exit 1)
    // without writing.
    assert_eq!(
        again.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&again.stdout)
    );
    assert_eq!(
        std::fs::read_to_string(repo.join("Cargo.lock")).expect("lock"),
        lock_before
    );
}

#[test]
fn single_crate() {
    let work = tempfile::tempdir().expect("tempdir");
    let repo = project(
        work.path(),
        &[
            (
                "Cargo.toml",
                "[package]\nname = \"demo\"\nversion = \"0.1.0\"  # stamped by scmver\nedition = \"2021\"\n\n[dependencies]\n",
            ),
            ("src/main.rs", "fn main() {}\n"),
        ],
    );
    stamp_and_build(&repo, &["write", "cargo"], &["demo"]);
    let text = std::fs::read_to_string(repo.join("Cargo.toml")).expect("read");
    assert!(
        text.contains("\"  # stamped by scmver\nedition = \"2021\"\n\n[dependencies]\n"),
        "{text}"
    );
}

#[test]
fn members_inheriting_the_workspace_version() {
    let work = tempfile::tempdir().expect("tempdir");
    let repo = project(
        work.path(),
        &[
            (
                "Cargo.toml",
                "[workspace]\nresolver = \"2\"\nmembers = [\"crates/*\"]\n\n[workspace.package]\nversion = \"0.1.0\"\nedition = \"2021\"\n",
            ),
            (
                "crates/a/Cargo.toml",
                "[package]\nname = \"a\"\nversion.workspace = true\nedition.workspace = true\n",
            ),
            ("crates/a/src/lib.rs", "pub fn a() {}\n"),
            (
                "crates/b/Cargo.toml",
                "[package]\nname = \"b\"\nversion.workspace = true\nedition.workspace = true\n\n[dependencies]\na = { path = \"../a\" }\n",
            ),
            ("crates/b/src/lib.rs", "pub fn b() { a::a() }\n"),
            (
                "crates/c/Cargo.toml",
                "[package]\nname = \"c\"\nversion = \"3.0.0\"\nedition = \"2021\"\n",
            ),
            ("crates/c/src/lib.rs", "\n"),
        ],
    );
    // From a member: the root's [workspace.package] and both inheriting members in the lock.
    stamp_and_build(&repo, &["write", "cargo", "--root", "crates/b"], &["a", "b"]);
    let lock = std::fs::read_to_string(repo.join("Cargo.lock")).expect("lock");
    assert!(
        lock.contains("name = \"c\"\nversion = \"3.0.0\""),
        "c keeps its own version:\n{lock}"
    );
}

#[test]
fn virtual_workspace_root() {
    let work = tempfile::tempdir().expect("tempdir");
    let repo = project(
        work.path(),
        &[
            (
                "Cargo.toml",
                "[workspace]\nresolver = \"2\"\nmembers = [\"app\"]\n\n[workspace.package]\nversion = \"0.0.1\"\n",
            ),
            (
                "app/Cargo.toml",
                "[package]\nname = \"app\"\nversion.workspace = true\nedition = \"2021\"\n",
            ),
            ("app/src/main.rs", "fn main() {}\n"),
        ],
    );
    stamp_and_build(&repo, &["write", "cargo"], &["app"]);
}
