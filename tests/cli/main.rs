//! Integration tests of the `scmver` binary.

#[path = "../support/mod.rs"]
mod support;

mod bump;
mod cargo;
mod ci;
mod completions;
mod differential;
mod docker;
mod hostile;
mod pipelines;
mod recipes;
mod sources;
mod stamp;
mod version;
