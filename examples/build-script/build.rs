//! Exposes the version scmver derives for this crate's repository to the crate's code:
//! `env!("SCMVER_VERSION")` (PEP 440, e.g. `1.2.4.dev5+g1a2b3c4d5`), `env!("SCMVER_SEMVER")`
//! and `env!("SCMVER_IS_RELEASE")` (`true`/`false`).
//!
//! Outside a git checkout (a crate unpacked from crates.io, a source tarball) there is nothing to
//! derive from: the build falls back to `CARGO_PKG_VERSION` and says so with a warning, rather
//! than failing. `SCMVER_PRETEND_VERSION` still works, as for the `scmver` binary.

use std::path::{Path, PathBuf};

use scmver_core::version::report::Origin;
use scmver_core::{Environment, Overrides, ProjectLocation, Timestamp, compute_version, resolve_options};

fn main() {
    let manifest_dir = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    // Re-run when one of these changes; the git files are added below once the repository is known.
    for variable in [
        "SCMVER_PRETEND_VERSION",
        "SETUPTOOLS_SCM_PRETEND_VERSION",
        "SOURCE_DATE_EPOCH",
    ] {
        println!("cargo::rerun-if-env-changed={variable}");
    }
    println!("cargo::rerun-if-changed=build.rs");

    let location = ProjectLocation {
        dir: manifest_dir,
        config_file: None,
    };
    let derived = resolve_options(
        &location,
        &Overrides::default(),
        &Environment::from_process(),
        Timestamp::now(),
    )
    .map_err(scmver_core::Error::from)
    .and_then(|options| compute_version(&options));

    let (version, semver, is_release) = match derived {
        Ok(report) => {
            if let Origin::Repository { repo_root, .. } = &report.origin {
                watch_git(repo_root);
            }
            (
                report.version.clone(),
                report.semver.to_string(),
                report.release.is_release,
            )
        }
        Err(err) => {
            let fallback = std::env::var("CARGO_PKG_VERSION").expect("set by cargo");
            println!("cargo::warning=no version from git ({err}); using {fallback} from Cargo.toml");
            (fallback.clone(), fallback, false)
        }
    };
    println!("cargo::rustc-env=SCMVER_VERSION={version}");
    println!("cargo::rustc-env=SCMVER_SEMVER={semver}");
    println!("cargo::rustc-env=SCMVER_IS_RELEASE={is_release}");
}

/// A new commit, tag, branch switch or staged change re-runs the build script. Edits to tracked
/// files that are not staged do not (cargo cannot watch the whole work tree cheaply), so a
/// `.dYYYYMMDD` dirty marker can lag until the next commit or `git add`.
fn watch_git(repo_root: &Path) {
    let git_dir = repo_root.join(".git");
    // A linked worktree or submodule has a `.git` file; watching it still catches re-pointing.
    for path in ["HEAD", "index", "packed-refs", "refs/tags", "refs/heads"] {
        let path = git_dir.join(path);
        if path.exists() {
            println!("cargo::rerun-if-changed={}", path.display());
        }
    }
    if git_dir.is_file() {
        println!("cargo::rerun-if-changed={}", git_dir.display());
    }
}
