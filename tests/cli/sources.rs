//! Differential tests for where a version comes from besides a plain `[tool.setuptools_scm]`
//! table: every configuration source of the setuptools_scm family, and the places a build
//! finds a version without a repository. Each case runs `scmver version` and the oracle on the
//! same directory and expects the same string:
//!
//! - setuptools_scm 10.3.4's command line (`python -m setuptools_scm`), which reads
//!   `[tool.vcs-versioning]`, then `[tool.setuptools_scm]`, and falls back to
//!   `.git_archival.txt`, `PKG-INFO`, `parentdir_prefix_version` and `fallback_version`;
//! - hatch-vcs 0.5.0's version source for `[tool.hatch.version]`.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::SOURCE_DATE_EPOCH;
use crate::support::isolated::git;
use crate::support::oracle::oracle;

/// A repository in `dir/repo` with `files` committed, tagged `v1.2.3`, and `extra_commits`
/// empty commits on top.
fn repository(dir: &Path, files: &[(&str, &str)], extra_commits: usize) -> PathBuf {
    let repo = dir.join("repo");
    std::fs::create_dir_all(&repo).expect("mkdir");
    for (name, text) in files {
        std::fs::write(repo.join(name), text).expect("write");
    }
    git(&repo, &["init", "-q", "-b", "main"]);
    git(&repo, &["add", "-A"]);
    git(&repo, &["commit", "-q", "-m", "one"]);
    git(&repo, &["tag", "v1.2.3"]);
    for _ in 0..extra_commits {
        git(&repo, &["commit", "-q", "--allow-empty", "-m", "more"]);
    }
    repo
}

/// The environment both tools run with: nothing of the machine's, the clock pinned.
fn pinned(cmd: &mut Command, dir: &Path, env: &[(&str, &str)]) {
    cmd.current_dir(dir)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH.to_string());
    for (name, value) in env {
        cmd.env(name, value);
    }
}

fn scmver(dir: &Path, env: &[(&str, &str)]) -> String {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_scmver"));
    cmd.arg("version");
    pinned(&mut cmd, dir, env);
    let out = cmd.output().expect("run scmver");
    assert!(
        out.status.success(),
        "scmver in {}: {}",
        dir.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

fn setuptools_scm(dir: &Path, env: &[(&str, &str)]) -> String {
    let mut cmd = Command::new(oracle().python());
    cmd.args(["-m", "setuptools_scm"]);
    pinned(&mut cmd, dir, env);
    let out = cmd.output().expect("run setuptools_scm");
    assert!(
        out.status.success(),
        "setuptools_scm in {}: {}",
        dir.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

fn hatch_vcs(dir: &Path) -> String {
    let script = r#"
import sys, tomllib
from hatch_vcs.version_source import VCSVersionSource
config = tomllib.load(open("pyproject.toml", "rb"))["tool"]["hatch"]["version"]
print(VCSVersionSource(sys.argv[1], config).get_version_data()["version"])
"#;
    let mut cmd = Command::new(oracle().python());
    cmd.arg("-c").arg(script).arg(dir);
    pinned(&mut cmd, dir, &[]);
    let out = cmd.output().expect("run hatch-vcs");
    assert!(
        out.status.success(),
        "hatch-vcs in {}: {}",
        dir.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

const PROJECT: &str = "[project]\nname = \"demo\"\ndynamic = [\"version\"]\n";

#[test]
fn configuration_tables_in_setuptools_scm_order() {
    let rows: [(&str, &str); 5] = [
        (
            "setuptools_scm only",
            "[tool.setuptools_scm]\nlocal_scheme = \"no-local-version\"\n",
        ),
        (
            "vcs-versioning only",
            "[tool.vcs-versioning]\nversion_scheme = \"no-guess-dev\"\n",
        ),
        (
            "vcs-versioning before setuptools_scm",
            "[tool.setuptools_scm]\nlocal_scheme = \"no-local-version\"\n[tool.vcs-versioning]\nversion_scheme = \"post-release\"\nlocal_scheme = \"dirty-tag\"\n",
        ),
        (
            "vcs-versioning with a tag regex",
            "[tool.vcs-versioning]\ntag_regex = '^v(?P<version>[0-9.]+)$'\n",
        ),
        ("no table", ""),
    ];
    for (name, tables) in rows {
        let work = tempfile::tempdir().expect("tempdir");
        let pyproject = format!("{PROJECT}{tables}");
        let repo = repository(work.path(), &[("pyproject.toml", &pyproject)], 2);
        assert_eq!(scmver(&repo, &[]), setuptools_scm(&repo, &[]), "{name}");
    }
}

#[test]
fn overrides_variable_wins_over_the_table() {
    let work = tempfile::tempdir().expect("tempdir");
    let pyproject = format!("{PROJECT}[tool.setuptools_scm]\nversion_scheme = \"post-release\"\n");
    let repo = repository(work.path(), &[("pyproject.toml", &pyproject)], 3);
    for overrides in [
        "{local_scheme = \"no-local-version\"}",
        "{version_scheme = \"no-guess-dev\", local_scheme = \"dirty-tag\"}",
    ] {
        let env = [("SETUPTOOLS_SCM_OVERRIDES_FOR_DEMO", overrides)];
        let ours = scmver(&repo, &env);
        assert_eq!(ours, setuptools_scm(&repo, &env), "{overrides}");
        assert!(!ours.contains('+'), "{overrides}: {ours}");
    }
}

#[test]
fn hatch_vcs_configuration() {
    let rows = [
        "[tool.hatch.version]\nsource = \"vcs\"\n",
        "[tool.hatch.version]\nsource = \"vcs\"\nraw-options = { local_scheme = \"no-local-version\" }\n",
        "[tool.hatch.version]\nsource = \"vcs\"\ntag-pattern = '^v(?P<version>[0-9.]+)$'\nraw-options = { version_scheme = \"no-guess-dev\" }\n",
        "[tool.hatch.version]\nsource = \"vcs\"\nfallback-version = \"0.0.1\"\n",
    ];
    for hatch in rows {
        let work = tempfile::tempdir().expect("tempdir");
        let pyproject = format!("{PROJECT}{hatch}");
        let repo = repository(work.path(), &[("pyproject.toml", &pyproject)], 2);
        assert_eq!(scmver(&repo, &[]), hatch_vcs(&repo), "{hatch}");
    }
}

const ARCHIVAL: &str = "node: $Format:%H$\nnode-date: $Format:%cI$\ndescribe-name: $Format:%(describe:tags=true,match=*[0-9]*)$\n";
const ARCHIVAL_UNSTABLE: &str = "node: $Format:%H$\nnode-date: $Format:%cI$\nref-names: $Format:%D$\n";

/// `git archive` of HEAD, unpacked into `dir/export`.
fn export(repo: &Path, dir: &Path) -> PathBuf {
    let out = dir.join("export");
    std::fs::create_dir_all(&out).expect("mkdir");
    let tar = out.join("archive.tar");
    git(repo, &["archive", "-o", tar.to_str().expect("utf-8"), "HEAD"]);
    let status = Command::new("tar")
        .arg("-xf")
        .arg(&tar)
        .arg("-C")
        .arg(&out)
        .status()
        .expect("tar");
    assert!(status.success(), "untar");
    std::fs::remove_file(&tar).expect("rm tar");
    out
}

#[test]
fn git_archive_exports() {
    for (name, archival, commits) in [
        ("describe, on the tag", ARCHIVAL, 0),
        ("describe, after the tag", ARCHIVAL, 3),
        ("ref-names, on the tag", ARCHIVAL_UNSTABLE, 0),
        ("ref-names, after the tag (node only)", ARCHIVAL_UNSTABLE, 2),
    ] {
        let work = tempfile::tempdir().expect("tempdir");
        let pyproject = format!("{PROJECT}[tool.setuptools_scm]\n");
        let repo = repository(
            work.path(),
            &[
                ("pyproject.toml", &pyproject),
                (".git_archival.txt", archival),
                (".gitattributes", ".git_archival.txt export-subst\n"),
            ],
            commits,
        );
        let out = export(&repo, work.path());
        let expanded = std::fs::read_to_string(out.join(".git_archival.txt")).expect("archival");
        assert!(
            !expanded.contains("$Format"),
            "{name}: git expanded it: {expanded}"
        );
        assert_eq!(scmver(&out, &[]), setuptools_scm(&out, &[]), "{name}");
    }
}

#[test]
fn unpacked_sdist_and_directory_name() {
    let work = tempfile::tempdir().expect("tempdir");
    // An sdist: PKG-INFO beside pyproject.toml, no repository.
    let sdist = work.path().join("demo-1.2.3.post4");
    std::fs::create_dir(&sdist).expect("mkdir");
    std::fs::write(
        sdist.join("PKG-INFO"),
        "Metadata-Version: 2.1\nName: demo\nVersion: 1.2.3.post4\n",
    )
    .expect("write");
    std::fs::write(
        sdist.join("pyproject.toml"),
        format!("{PROJECT}[tool.setuptools_scm]\n"),
    )
    .expect("write");
    assert_eq!(scmver(&sdist, &[]), setuptools_scm(&sdist, &[]), "PKG-INFO");
    // A directory named after the version.
    let named = work.path().join("demo-2.0.1");
    std::fs::create_dir(&named).expect("mkdir");
    std::fs::write(
        named.join("pyproject.toml"),
        format!("{PROJECT}[tool.setuptools_scm]\nparentdir_prefix_version = \"demo-\"\n"),
    )
    .expect("write");
    assert_eq!(scmver(&named, &[]), "2.0.1");
    assert_eq!(
        scmver(&named, &[]),
        setuptools_scm(&named, &[]),
        "parentdir_prefix_version"
    );
}

#[test]
fn an_sdist_inside_an_unrelated_checkout_keeps_its_version() {
    let work = tempfile::tempdir().expect("tempdir");
    let repo = repository(work.path(), &[("README", "outer\n")], 5);
    let sdist = repo.join("vendor/demo-1.0.0");
    std::fs::create_dir_all(&sdist).expect("mkdir");
    std::fs::write(
        sdist.join("PKG-INFO"),
        "Metadata-Version: 2.1\nName: Demo\nVersion: 1.0.0\n",
    )
    .expect("write");
    std::fs::write(
        sdist.join("pyproject.toml"),
        format!("{PROJECT}[tool.setuptools_scm]\n"),
    )
    .expect("write");
    assert_eq!(scmver(&sdist, &[]), "1.0.0");
    // Another project's PKG-INFO does not count: the enclosing repository answers.
    std::fs::write(
        sdist.join("PKG-INFO"),
        "Metadata-Version: 2.1\nName: other\nVersion: 9.0\n",
    )
    .expect("write");
    assert!(scmver(&sdist, &[]).starts_with("1.2.4.dev5+g"));
}

#[test]
fn require_tag_refuses_untagged_history() {
    let work = tempfile::tempdir().expect("tempdir");
    let repo = work.path().join("repo");
    std::fs::create_dir(&repo).expect("mkdir");
    git(&repo, &["init", "-q", "-b", "main"]);
    git(&repo, &["commit", "-q", "--allow-empty", "-m", "one"]);
    git(&repo, &["tag", "nightly"]);
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_scmver"));
    cmd.args(["version", "--require-tag", "-v"]);
    pinned(&mut cmd, &repo, &[]);
    let out = cmd.output().expect("run scmver");
    assert_eq!(out.status.code(), Some(3));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("tag nightly: skipped: holds no digit\n"),
        "{stderr}"
    );
    assert!(
        stderr.lines().last().is_some_and(|line| line.starts_with(
            "error: no version tag is reachable from HEAD (1 tag(s) seen) and require_tag is set"
        )),
        "{stderr}"
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn pretend_metadata_replaces_the_facts() {
    let work = tempfile::tempdir().expect("tempdir");
    let pyproject = format!("{PROJECT}[tool.setuptools_scm]\n");
    let repo = repository(work.path(), &[("pyproject.toml", &pyproject)], 2);
    for metadata in [
        "{distance = 7, node = \"g1337beef\"}",
        "{dirty = true}",
        "{distance = 4, node = \"gabcdef012\", branch = \"main\", dirty = true}",
    ] {
        for variable in [
            "SETUPTOOLS_SCM_PRETEND_METADATA",
            "SETUPTOOLS_SCM_PRETEND_METADATA_FOR_DEMO",
        ] {
            let env = [(variable, metadata)];
            assert_eq!(
                scmver(&repo, &env),
                setuptools_scm(&repo, &env),
                "{variable}={metadata}"
            );
        }
    }
    // setuptools_scm 10.3.4 crashes on a `tag` given as a string (`'str' object has no
    // attribute 'public'`), so the meaning is checked against a repository that has that tag:
    // HEAD tagged `v2.0.0`, clean, is `2.0.0`.
    let env = [(
        "SETUPTOOLS_SCM_PRETEND_METADATA",
        "{tag = \"v2.0.0\", distance = 0}",
    )];
    git(&repo, &["tag", "v2.0.0"]);
    let tagged = setuptools_scm(&repo, &[]);
    git(&repo, &["tag", "-d", "v2.0.0"]);
    assert_eq!(scmver(&repo, &env), tagged);
}
