//! Fuzz target `ci_outputs`: the properties are in `checks::check_ci_outputs` (shared with the stable replay
//! test, tests/core/fuzz_replay.rs).

#![no_main]

#[allow(dead_code)]
#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::check_ci_outputs(data));
