//! `set_version` on the real-world shapes of `fixtures/pyproject/`: byte-exact results, and a
//! second run that changes nothing.

use scmver_core::output::pyproject::{RewriteOptions, set_version};

use crate::support::fixtures_dir;

/// The version every golden file is stamped with.
const VERSION: &str = "1.4.0.dev3+g1a2b3c4d5";

/// Every case directory; a test checks this list against the directory, so a new case cannot
/// be skipped silently.
const CASES: [&str; 9] = [
    "crlf",
    "dotted_keys",
    "hatch_vcs",
    "no_trailing_newline",
    "pdm_scm",
    "pep621_comments",
    "poetry",
    "poetry2_project",
    "setuptools_scm_dynamic",
];

/// Cases whose input lists `version` in `project.dynamic`.
const DYNAMIC: [&str; 4] = [
    "hatch_vcs",
    "no_trailing_newline",
    "pdm_scm",
    "setuptools_scm_dynamic",
];

fn read(case: &str, file: &str) -> String {
    let path = fixtures_dir().join("pyproject").join(case).join(file);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn golden_files_byte_for_byte() {
    for case in CASES {
        let before = read(case, "pyproject.toml");
        let expected = read(case, "expected.pyproject.toml");
        let outcome = set_version(&before, VERSION, RewriteOptions::default())
            .unwrap_or_else(|e| panic!("{case}: {e}"));
        pretty_assertions::assert_eq!(outcome.new_text, expected, "{case}");
        assert!(outcome.changed, "{case}");
        assert_eq!(outcome.removed_dynamic, DYNAMIC.contains(&case), "{case}");

        let again = set_version(&outcome.new_text, VERSION, RewriteOptions::default())
            .unwrap_or_else(|e| panic!("{case}, second run: {e}"));
        assert!(!again.changed, "{case}: a second run changes nothing");
        assert_eq!(again.new_text, expected, "{case}");
        assert_eq!(again.old_version.as_deref(), Some(VERSION), "{case}");
    }
}

#[test]
fn dynamic_cases_are_refused_with_keep_dynamic() {
    for case in DYNAMIC {
        let before = read(case, "pyproject.toml");
        let err = set_version(&before, VERSION, RewriteOptions { keep_dynamic: true })
            .expect_err(case)
            .to_string();
        assert!(
            err.starts_with("`version` is listed in `project.dynamic` at line "),
            "{case}: {err}"
        );
    }
}

#[test]
fn every_case_directory_is_listed() {
    let mut found: Vec<String> = std::fs::read_dir(fixtures_dir().join("pyproject"))
        .expect("fixtures/pyproject")
        .filter_map(Result::ok)
        .filter(|entry| entry.path().is_dir())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    found.sort();
    assert_eq!(found, CASES);
}
