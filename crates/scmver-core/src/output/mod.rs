//! Version → text, pure: every rendering of a version or a report, each encoded for the sink
//! it goes to. Nothing here reads or writes files; [`crate::fs`] puts text on disk.
//!
//! - [`json`] and [`explain`]: the report as JSON, and the `--verbose` explanation;
//! - [`encode`]: one encoder per sink (shell, line-oriented CI files, Python source,
//!   annotations, plain messages), used by every renderer;
//! - [`ci`]: the CI variables, for a shell, GitHub, GitLab or JSON;
//! - [`docker`]: image tags and OCI labels;
//! - [`pyproject`] and [`version_file`]: the version set in pyproject.toml, VERSION and
//!   `_version.py` files; [`diff`] shows such an edit;
//! - [`cargo`]: the SemVer form set in Cargo.toml and Cargo.lock;
//! - [`bump`]: the `check-bump` report as text, JSON and CI annotations.

pub mod bump;
pub mod cargo;
pub mod ci;
pub mod diff;
pub mod docker;
pub mod encode;
pub mod explain;
pub mod json;
pub mod pyproject;
pub mod version_file;
