//! The committed fuzz corpora (`fuzz/corpus/<target>/`) replayed through the fuzz targets'
//! own property checks (`fuzz/checks.rs`), so a stable `cargo test` keeps every input the
//! fuzzers kept, and every regression input, passing (fuzz/README.md).

#[path = "../../fuzz/checks.rs"]
mod checks;

use std::path::{Path, PathBuf};

/// A target's property check: panics on a violated property.
type Check = fn(&[u8]);

/// Every fuzz target, with its check; a test matches this list against the corpus directory.
const TARGETS: [(&str, Check); 6] = [
    ("ci_outputs", checks::check_ci_outputs),
    ("docker_tags", checks::check_docker_tags),
    ("packed_refs", checks::check_packed_refs),
    ("pyproject", checks::check_pyproject),
    ("tag_version", checks::check_tag_version),
    ("template", checks::check_template),
];

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/corpus")
}

/// The files of one target's corpus; a missing or empty directory fails the test.
fn corpus(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = corpus_dir().join(target);
    let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let mut files: Vec<(PathBuf, Vec<u8>)> = entries
        .map(|entry| {
            let path = entry.unwrap_or_else(|e| panic!("{}: {e}", dir.display())).path();
            let data = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            (path, data)
        })
        .collect();
    assert!(!files.is_empty(), "{}: the corpus is empty", dir.display());
    files.sort();
    files
}

#[track_caller]
fn replay(target: &str) {
    let Some(&(_, check)) = TARGETS.iter().find(|(name, _)| *name == target) else {
        panic!("unknown target {target}");
    };
    for (path, data) in corpus(target) {
        if std::panic::catch_unwind(|| check(&data)).is_err() {
            panic!("{}: the property check failed (message above)", path.display());
        }
    }
}

#[test]
fn every_corpus_directory_is_replayed() {
    let dir = corpus_dir();
    let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let mut found: Vec<String> = entries
        .map(|entry| {
            let entry = entry.unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
            entry.file_name().to_string_lossy().into_owned()
        })
        .collect();
    found.sort();
    let expected: Vec<&str> = TARGETS.iter().map(|(name, _)| *name).collect();
    assert_eq!(found, expected);
}

#[test]
fn ci_outputs() {
    replay("ci_outputs");
}

#[test]
fn docker_tags() {
    replay("docker_tags");
}

#[test]
fn packed_refs() {
    replay("packed_refs");
}

#[test]
fn pyproject() {
    replay("pyproject");
}

#[test]
fn tag_version() {
    replay("tag_version");
}

#[test]
fn template() {
    replay("template");
}
