//! Fuzz target `template`: the properties are in `checks::check_template` (shared with the stable replay
//! test, tests/core/fuzz_replay.rs).

#![no_main]

#[allow(dead_code)]
#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::check_template(data));
