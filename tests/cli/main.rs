//! Integration tests of the `scmver` binary.

#[path = "../support/mod.rs"]
mod support;

mod ci;
mod differential;
mod version;
