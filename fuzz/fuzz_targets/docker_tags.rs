//! Fuzz target `docker_tags`: the properties are in `checks::check_docker_tags` (shared with the stable replay
//! test, tests/core/fuzz_replay.rs).

#![no_main]

#[allow(dead_code)]
#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::check_docker_tags(data));
