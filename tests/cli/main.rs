//! Integration tests of the `scmver` binary.

#[path = "../support/mod.rs"]
mod support;

mod bump;
mod ci;
mod completions;
mod differential;
mod docker;
mod hostile;
mod recipes;
mod sources;
mod stamp;
mod version;
