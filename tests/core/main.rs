//! Integration tests of `scmver-core`: the library read against real repositories built from
//! `fixtures/scenarios/`, and repository shapes the scenarios cannot express.

#[path = "../support/mod.rs"]
mod support;

mod describe_parity;
mod facts;
mod fuzz_replay;
mod graph_walk;
mod pyproject;
mod shapes;
mod structure;
