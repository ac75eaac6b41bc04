//! Shared test helpers of the `core` and `cli` integration test binaries.
//!
//! - [`scenario`]: the declarative scenarios of `fixtures/scenarios/*.toml` (format in
//!   `fixtures/README.md`).
//! - [`repo`]: builds a scenario into a real git repository in a temporary directory, with the
//!   git CLI and a pinned environment, so commit hashes are the same on every machine.
//! - [`isolated`]: git and other commands with nothing of the machine's environment.
//! - [`oracle`]: setuptools_scm and `packaging` run in-process by `tests/oracle/oracle.py`.

// Each test binary uses part of these helpers.
#![allow(dead_code)]

pub mod isolated;
pub mod oracle;
pub mod repo;
pub mod scenario;
pub mod time;

// Short paths for the test modules; a binary that does not use them must not warn.
#[allow(unused_imports)]
pub use repo::BuiltRepo;
#[allow(unused_imports)]
pub use scenario::{Declared, Outcome, Scenario, Step};

/// The `SOURCE_DATE_EPOCH` both tools get: 2023-11-14T22:13:20Z.
pub const SOURCE_DATE_EPOCH: i64 = 1_700_000_000;

/// Every version scheme the differential test runs, by setuptools_scm's name.
pub const VERSION_SCHEMES: [&str; 7] = [
    "guess-next-dev",
    "post-release",
    "no-guess-dev",
    "only-version",
    "release-branch-semver",
    "python-simplified-semver",
    "calver-by-date",
];

/// Every local scheme the differential test runs, by setuptools_scm's name.
pub const LOCAL_SCHEMES: [&str; 5] = [
    "node-and-date",
    "node-and-timestamp",
    "dirty-tag",
    "no-local-version",
    "no-local-version-strict",
];

/// setuptools_scm's defaults; `[expect] version` is the version under this pair.
pub const DEFAULT_PAIR: (&str, &str) = ("guess-next-dev", "node-and-date");

/// The workspace's `fixtures/` directory.
pub fn fixtures_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures")
}

/// `tests/oracle/oracle.py`.
pub fn oracle_script() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/oracle/oracle.py")
}
