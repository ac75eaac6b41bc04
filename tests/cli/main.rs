//! Integration tests of the `scmver` binary.

#[path = "../support/mod.rs"]
mod support;

mod bump;
mod ci;
mod differential;
mod docker;
mod stamp;
mod version;
