use std::collections::HashMap;
use std::path::PathBuf;

use pretty_assertions::assert_eq;

use super::compare::{Comparison, compare, find_heading, first_added_line, names_version, suggest_next};
use super::manifest::{Found, Reading, find_declaration, normalize, parse_version, read_manifest};
use super::*;
use crate::output::bump::{render_bump_github, render_bump_gitlab, render_bump_json, render_bump_text};

const WT: &str = "in the work tree";

#[track_caller]
fn pep440(text: &str) -> ParsedVersion {
    parse_version(text, VersionOrdering::Pep440).unwrap_or_else(|e| panic!("`{text}`: {e}"))
}

#[track_caller]
fn semver(text: &str) -> ParsedVersion {
    parse_version(text, VersionOrdering::SemVer).unwrap_or_else(|e| panic!("`{text}`: {e}"))
}

#[track_caller]
fn assert_sorted(versions: &[&str], parse: fn(&str) -> ParsedVersion, kinds: &[BumpKind]) {
    assert_eq!(versions.len(), kinds.len() + 1, "one kind per step");
    for (pair, kind) in versions.windows(2).zip(kinds) {
        let (old, new) = (parse(pair[0]), parse(pair[1]));
        assert_eq!(
            compare(&old, &new),
            Comparison::Bumped(*kind),
            "{} -> {}",
            pair[0],
            pair[1]
        );
        assert_eq!(
            compare(&new, &old),
            Comparison::Lowered,
            "{} -> {}",
            pair[1],
            pair[0]
        );
        assert_eq!(
            compare(&old, &old),
            Comparison::Equal,
            "{} -> {}",
            pair[0],
            pair[0]
        );
    }
}

/// PEP 440's ordering, from pypa/packaging's sorted `VERSIONS` list
/// (<https://github.com/pypa/packaging/blob/main/tests/test_version.py>), without the
/// local-version entries (a local part never counts as a bump), with the kind of each step.
#[test]
fn pep440_ordering_and_kinds_follow_packaging() {
    use BumpKind::*;
    let versions = [
        "1.0.dev456",
        "1.0a1",
        "1.0a2.dev456",
        "1.0a12.dev456",
        "1.0a12",
        "1.0b1.dev456",
        "1.0b2",
        "1.0b2.post345.dev456",
        "1.0b2.post345",
        "1.0b2-346",
        "1.0c1.dev456",
        "1.0c1",
        "1.0rc2",
        "1.0c3",
        "1.0",
        "1.0.post456.dev34",
        "1.0.post456",
        "1.1.dev1",
        "1.2.r32",
        "1.2.rev33",
        "1!1.0.dev456",
        "1!1.0a1",
    ];
    let kinds = [
        Pre, Pre, Pre, Pre, Pre, Pre, Post, Post, Post, Pre, Pre, Pre, Pre, Final, Post, Post, Minor, Minor,
        Post, Epoch, Pre,
    ];
    assert_sorted(&versions, pep440, &kinds);
}

/// SemVer 2.0 §11's precedence example (<https://semver.org/#spec-item-11>).
#[test]
fn semver_ordering_follows_the_spec() {
    use BumpKind::*;
    let versions = [
        "1.0.0-alpha",
        "1.0.0-alpha.1",
        "1.0.0-alpha.beta",
        "1.0.0-beta",
        "1.0.0-beta.2",
        "1.0.0-beta.11",
        "1.0.0-rc.1",
        "1.0.0",
        "1.0.1",
        "1.1.0",
        "2.0.0-rc.1",
        "2.0.0",
    ];
    let kinds = [Pre, Pre, Pre, Pre, Pre, Pre, Final, Patch, Minor, Major, Final];
    assert_sorted(&versions, semver, &kinds);
}

#[test]
fn bump_kinds() {
    use BumpKind::*;
    let rows = [
        ("1.2.3", "2.0.0", Major),
        ("1.2.3", "1.3.0", Minor),
        ("1.9", "1.10", Minor),
        ("1.2.3", "1.2.4", Patch),
        ("1.2", "1.2.1", Patch),
        ("1.2.3.4", "1.2.3.5", Patch),
        ("1.2.3", "1.3.0rc1", Minor),
        ("1.2.3", "2.0.0.dev0", Major),
        ("2024.1", "1!1.0", Epoch),
        ("1.0rc1", "1.0", Final),
        ("1.0.0rc1", "1.0.0.post1", Final),
        ("1.0.dev1", "1.0", Final),
        ("1.0.dev1", "1.0rc1", Pre),
        ("1.0rc1.dev1", "1.0rc1", Pre),
        ("1.0.dev1", "1.0.dev2", Dev),
        ("1.0", "1.0.post1", Post),
        ("1.0.post1.dev1", "1.0.post1", Post),
        ("1.0.post1.dev1", "1.0.post1.dev2", Dev),
    ];
    for (old, new, kind) in rows {
        assert_eq!(
            compare(&pep440(old), &pep440(new)),
            Comparison::Bumped(kind),
            "{old} -> {new}"
        );
    }
}

#[test]
fn equal_versions_are_not_bumps() {
    let rows = [
        ("1.0", "1.0.0"),
        ("1.0.0", "1.0"),
        ("1.0", "1.0+ubuntu1"),
        ("1.0+abc", "1.0+abd"),
        ("v1.0", "1.0"),
        ("1.0-rc1", "1.0rc1"),
        ("1.0.0-beta.1", "1.0.0b1"),
        ("0!1.0", "1.0"),
        ("1.0.post1", "1.0-1"),
    ];
    for (old, new) in rows {
        assert_eq!(
            compare(&pep440(old), &pep440(new)),
            Comparison::Equal,
            "{old} vs {new}"
        );
    }
    let old = semver("1.0.0+build.1");
    assert_eq!(compare(&old, &semver("1.0.0+build.2")), Comparison::Equal);
    assert_eq!(compare(&old, &semver("1.0.0")), Comparison::Equal);
}

#[test]
fn suggested_next_versions() {
    let rows = [
        ("1.2.3", "1.2.4"),
        ("1.2", "1.3"),
        ("1.2.3.4", "1.2.3.5"),
        ("1.0rc1", "1.0rc2"),
        ("1.0.0-rc1", "1.0.0rc2"),
        ("1.0a1", "1.0a2"),
        ("1.0rc1.post1", "1.0rc2"),
        ("1.0.dev3", "1.0.dev4"),
        ("1.0rc1.dev3", "1.0rc1.dev4"),
        ("1.2.3.post1", "1.2.4"),
        ("1!2.0", "1!2.1"),
        ("1.0+local", "1.1"),
        ("v1.9", "1.10"),
    ];
    for (version, next) in rows {
        assert_eq!(suggest_next(&pep440(version)), next, "{version}");
    }
    let rows = [
        ("1.2.3", "1.2.4"),
        ("1.2.3+build.5", "1.2.4"),
        ("1.0.0-rc.1", "1.0.0-rc.2"),
        ("1.0.0-beta.11", "1.0.0-beta.12"),
        ("1.0.0-alpha", "1.0.0-alpha.1"),
        ("1.0.0-1", "1.0.0-2"),
    ];
    for (version, next) in rows {
        assert_eq!(suggest_next(&semver(version)), next, "{version}");
    }
}

#[track_caller]
fn reading(file: &str, text: &str) -> Reading {
    read_manifest(file, text, WT).unwrap_or_else(|e| panic!("{file}: {text:?}: {e}"))
}

#[track_caller]
fn assert_static(file: &str, text: &str, expected: (&str, usize, &str)) {
    match reading(file, text) {
        Reading::Static(declared) => {
            assert_eq!(
                (declared.text.as_str(), declared.line, declared.key.as_str()),
                expected,
                "{file}: {text:?}"
            );
            assert_eq!(declared.file, file);
        }
        other => panic!("{file}: {text:?}: {other:?}"),
    }
}

#[track_caller]
fn assert_error(file: &str, text: &str, expected: &str) {
    match read_manifest(file, text, WT) {
        Ok(reading) => panic!("{file}: {text:?}: {reading:?}"),
        Err(err) => assert_eq!(err.to_string(), expected, "{file}: {text:?}"),
    }
}

/// Static versions: the value, its 1-based line (for annotations) and its key.
#[test]
fn static_versions_and_their_lines() {
    let rows = [
        (
            "pyproject.toml",
            "[project]\nname = \"a\"\nversion = \"1.2.3\"\n",
            ("1.2.3", 3, "project.version"),
        ),
        (
            "pyproject.toml",
            "# top\n\n[project]\nversion = '1.0'  # bumped by hand\ndynamic = []\n",
            ("1.0", 4, "project.version"),
        ),
        (
            "pyproject.toml",
            "project = { name = \"a\", version = \"2.0\" }\n",
            ("2.0", 1, "project.version"),
        ),
        (
            "pyproject.toml",
            "[tool.poetry]\nname = \"a\"\nversion = \"0.4.1\"\n",
            ("0.4.1", 3, "tool.poetry.version"),
        ),
        (
            "pkg/pyproject.toml",
            "[project]\nname = \"a\"\ndynamic = [\"readme\"]\nversion = \"v1.0-rc1\"\n",
            ("v1.0-rc1", 4, "project.version"),
        ),
        (
            "setup.cfg",
            "[metadata]\nname = a\nversion = 1.2.3\n",
            ("1.2.3", 3, "metadata.version"),
        ),
        (
            "setup.cfg",
            "[options]\nversion = 9\n# version = 0\n[metadata]\n; note\nVersion: 2.0\n",
            ("2.0", 6, "metadata.version"),
        ),
        (
            "Cargo.toml",
            "[package]\nname = \"a\"\nversion = \"0.3.0\"\n",
            ("0.3.0", 3, "package.version"),
        ),
        (
            "Cargo.toml",
            "[workspace]\nmembers = []\n\n[workspace.package]\nversion = \"1.0.0-rc.1\"\n",
            ("1.0.0-rc.1", 5, "workspace.package.version"),
        ),
        (
            "src/pkg/__init__.py",
            "\"\"\"Doc.\"\"\"\n__version__ = \"1.2.3\"\n",
            ("1.2.3", 2, "__version__"),
        ),
        (
            "src/pkg/__about__.py",
            "__version__: str = '1.2.3'\n",
            ("1.2.3", 1, "__version__"),
        ),
        (
            "pkg/_version.py",
            "# __version__ = \"0\"\nVERSION = \"2.0\"\n",
            ("2.0", 2, "VERSION"),
        ),
        ("VERSION", "1.2.3\n", ("1.2.3", 1, "")),
        ("VERSION", "\n\n  1.2.3  \n", ("1.2.3", 3, "")),
        ("version.txt", "\u{feff}1.0\n", ("1.0", 1, "")),
    ];
    for (file, text, expected) in rows {
        assert_static(file, text, expected);
    }
}

#[test]
fn versions_derived_from_tags() {
    let rows = [
        (
            "[project]\ndynamic = [\"version\"]\n[tool.setuptools_scm]\n",
            "setuptools_scm",
        ),
        (
            "[project]\ndynamic = [\"version\"]\n[tool.scmver]\ntag.prefix = \"v\"\n",
            "scmver",
        ),
        (
            "[project]\ndynamic = [\"version\"]\n[tool.hatch.version]\nsource = \"vcs\"\n",
            "hatch-vcs",
        ),
        (
            "[project]\ndynamic = [\"version\"]\n[tool.pdm.version]\nsource = \"scm\"\n",
            "pdm-backend",
        ),
        (
            "[tool.poetry]\nversion = \"0.0.0\"\n[tool.poetry-dynamic-versioning]\nenable = true\n",
            "poetry-dynamic-versioning",
        ),
        (
            "[build-system]\nrequires = [\"setuptools>=64\", \"setuptools_scm[toml]>=8\"]\n[project]\ndynamic = [\"version\"]\n",
            "setuptools-scm",
        ),
        (
            "[project]\ndynamic = [\"version\"]\n[tool.versioningit]\n",
            "versioningit",
        ),
    ];
    for (text, tool) in rows {
        assert_eq!(
            reading("pyproject.toml", text),
            Reading::Dynamic { tool },
            "{text:?}"
        );
    }
    // A static version wins over a configured tool; a requirement alone does not make a
    // static-less file dynamic.
    assert_static(
        "pyproject.toml",
        "[project]\nversion = \"1.0\"\n[tool.setuptools_scm]\n",
        ("1.0", 2, "project.version"),
    );
    assert_eq!(
        reading(
            "pyproject.toml",
            "[build-system]\nrequires = [\"setuptools-scm\"]\n"
        ),
        Reading::Nothing
    );
}

#[test]
fn versions_kept_in_another_file() {
    let follow = |target: &str| Reading::Follow {
        target: target.to_owned(),
    };
    let rows = [
        (
            "pyproject.toml",
            "[project]\ndynamic = [\"version\"]\n[tool.setuptools.dynamic]\nversion = { file = \"VERSION\" }\n",
            follow("VERSION"),
        ),
        (
            "pkg/pyproject.toml",
            "[project]\ndynamic = [\"version\"]\n[tool.setuptools.dynamic]\nversion = { file = [\"../VERSION\"] }\n",
            follow("VERSION"),
        ),
        (
            "pyproject.toml",
            "[project]\ndynamic = [\"version\"]\n[tool.hatch.version]\npath = \"src/pkg/__about__.py\"\n",
            follow("src/pkg/__about__.py"),
        ),
        (
            "pyproject.toml",
            "[tool.pdm.version]\nsource = \"file\"\npath = \"./pkg/v.py\"\n",
            follow("pkg/v.py"),
        ),
        (
            "a/setup.cfg",
            "[metadata]\nversion = file: VERSION.txt, other.txt\n",
            follow("a/VERSION.txt"),
        ),
        (
            "Cargo.toml",
            "[package]\nversion.workspace = true\n",
            Reading::Workspace { root: None },
        ),
        (
            "crates/a/Cargo.toml",
            "[package]\nworkspace = \"../..\"\nversion = { workspace = true }\n",
            Reading::Workspace {
                root: Some("../..".to_owned()),
            },
        ),
        (
            "pyproject.toml",
            "[project]\ndynamic = [\"version\"]\n",
            Reading::UnknownDynamic,
        ),
        (
            "pyproject.toml",
            "[tool.black]\nline-length = 100\n",
            Reading::Nothing,
        ),
        (
            "setup.cfg",
            "[metadata]\nname = a\n  version = 1.0\n",
            Reading::Nothing,
        ),
        ("Cargo.toml", "[package]\nname = \"a\"\n", Reading::Nothing),
        ("Cargo.toml", "[workspace]\nmembers = [\"a\"]\n", Reading::Nothing),
        (
            "pkg/__init__.py",
            "if __version__ == \"1\":\n    pass\n",
            Reading::Nothing,
        ),
        ("VERSION", "\n  \n", Reading::Nothing),
    ];
    for (file, text, expected) in rows {
        assert_eq!(reading(file, text), expected, "{file}: {text:?}");
    }
    assert_eq!(normalize("a/../../b"), None);
    assert_eq!(normalize("./a/./b/../c"), Some("a/c".to_owned()));
}

#[test]
fn manifest_errors_name_the_file_the_line_and_the_fix() {
    assert_error(
        "pyproject.toml",
        "[project]\nversion = 1.0\n",
        "`project.version` in `pyproject.toml` (line 2) in the work tree must be a string, found `1.0`",
    );
    assert_error(
        "pyproject.toml",
        "[project\nversion = \"1\"\n",
        "`pyproject.toml` in the work tree is not valid TOML at line 1, column 9: unclosed table, expected `]`",
    );
    assert_error(
        "pyproject.toml",
        "[project]\ndynamic = [\"version\"]\n[tool.setuptools.dynamic]\nversion = { attr = \"pkg.about.__version__\" }\n",
        "`pyproject.toml` takes the version from the Python attribute `pkg.about.__version__` in the work tree, which check-bump does not import: name the module that assigns it (e.g. `pkg/about/__init__.py`)",
    );
    assert_error(
        "setup.cfg",
        "[metadata]\nversion = attr: pkg.__version__\n",
        "`setup.cfg` takes the version from the Python attribute `pkg.__version__` in the work tree, which check-bump does not import: name the module that assigns it (e.g. `pkg/__init__.py`)",
    );
    let err =
        read_manifest("Cargo.toml", "[package]\nversion = \"1.0\"\n", WT).expect_err("1.0 is not SemVer");
    assert_eq!(
        err.to_string(),
        "`1.0` in `Cargo.toml` (line 2) in the work tree is not a valid SemVer version"
    );
    assert_eq!(
        std::error::Error::source(&err)
            .map(ToString::to_string)
            .as_deref(),
        Some("unexpected end of input while parsing minor version number")
    );
    let err =
        read_manifest("VERSION", "1.2.x\n", "at 1a2b3c4d5 (merge base with main)").expect_err("invalid");
    assert_eq!(
        err.to_string(),
        "`1.2.x` in `VERSION` (line 1) at 1a2b3c4d5 (merge base with main) is not a valid PEP 440 version"
    );
}

/// An in-memory tree for [`find_declaration`].
fn files(entries: &[(&str, &str)]) -> HashMap<String, String> {
    entries
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

fn find(tree: &HashMap<String, String>, dir: &str, explicit: Option<&str>) -> Result<Found, BumpError> {
    let read = |path: &str| -> Result<Option<String>, BumpError> { Ok(tree.get(path).cloned()) };
    find_declaration(dir, explicit, &read, WT)
}

#[track_caller]
fn found_static(
    tree: &HashMap<String, String>,
    dir: &str,
    explicit: Option<&str>,
) -> (String, String, usize) {
    match find(tree, dir, explicit) {
        Ok(Found::Declared(Declaration::Static(v))) => (v.file, v.text, v.line),
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_first_file_that_declares_a_version_wins() {
    let pyproject_dynamic = "[project]\ndynamic = [\"version\"]\n";
    // setuptools reads a dynamic version from setup.cfg.
    let tree = files(&[
        ("pyproject.toml", pyproject_dynamic),
        ("setup.cfg", "[metadata]\nversion = 1.4\n"),
    ]);
    assert_eq!(
        found_static(&tree, "", None),
        ("setup.cfg".into(), "1.4".into(), 2)
    );
    // A pyproject.toml holding only tool settings (a setup.py project) is skipped.
    let tree = files(&[
        ("pyproject.toml", "[tool.black]\n"),
        ("VERSION", "2.0\n"),
        ("Cargo.toml", "[package]\nversion = \"9.0.0\"\n"),
    ]);
    assert_eq!(found_static(&tree, "", None), ("VERSION".into(), "2.0".into(), 1));
    // Pointers are followed, relative to the file that points.
    let tree = files(&[
        (
            "py/pyproject.toml",
            "[project]\ndynamic = [\"version\"]\n[tool.setuptools.dynamic]\nversion = { file = \"src/VERSION\" }\n",
        ),
        ("py/src/VERSION", "3.1\n"),
    ]);
    assert_eq!(
        found_static(&tree, "py", None),
        ("py/src/VERSION".into(), "3.1".into(), 1)
    );
    // `--file` alone is read.
    assert_eq!(
        found_static(&tree, "", Some("py/src/VERSION")),
        ("py/src/VERSION".into(), "3.1".into(), 1)
    );
    // Derived from tags.
    let tree = files(&[(
        "pyproject.toml",
        "[project]\ndynamic = [\"version\"]\n[tool.setuptools_scm]\n",
    )]);
    assert_eq!(
        find(&tree, "", None).expect("dynamic"),
        Found::Declared(Declaration::Dynamic {
            file: "pyproject.toml".into(),
            tool: "setuptools_scm".into()
        })
    );
    // Nothing there, or nothing declared.
    assert_eq!(find(&files(&[]), "", None).expect("no file"), Found::NoFile);
    let tree = files(&[("pyproject.toml", "[tool.black]\n"), ("setup.cfg", "[flake8]\n")]);
    assert_eq!(
        find(&tree, "", None).expect("undeclared"),
        Found::Undeclared {
            file: "pyproject.toml".into()
        }
    );
}

#[test]
fn cargo_members_inherit_the_workspace_version() {
    let member = "[package]\nname = \"a\"\nversion.workspace = true\n";
    let root = "[workspace]\nmembers = [\"crates/*\"]\n\n[workspace.package]\nversion = \"0.4.0\"\n";
    let tree = files(&[("crates/a/Cargo.toml", member), ("Cargo.toml", root)]);
    assert_eq!(
        found_static(&tree, "crates/a", None),
        ("Cargo.toml".into(), "0.4.0".into(), 5)
    );
    // A root package can inherit from its own [workspace.package].
    let own = "[package]\nversion.workspace = true\n[workspace]\n[workspace.package]\nversion = \"1.0.0\"\n";
    let tree = files(&[("Cargo.toml", own)]);
    assert_eq!(
        found_static(&tree, "", None),
        ("Cargo.toml".into(), "1.0.0".into(), 5)
    );
    // An explicit `package.workspace` path.
    let member = "[package]\nworkspace = \"../..\"\nversion.workspace = true\n";
    let tree = files(&[
        ("x/crates/a/Cargo.toml", member),
        (
            "x/Cargo.toml",
            "[workspace]\n[workspace.package]\nversion = \"2.0.0\"\n",
        ),
        (
            "Cargo.toml",
            "[workspace]\n[workspace.package]\nversion = \"9.0.0\"\n",
        ),
    ]);
    assert_eq!(
        found_static(&tree, "x/crates/a", None),
        ("x/Cargo.toml".into(), "2.0.0".into(), 3)
    );
    // A workspace root without the version.
    let tree = files(&[("crates/a/Cargo.toml", member), ("Cargo.toml", "[workspace]\n")]);
    let err = find(&tree, "crates/a", None).expect_err("no workspace version");
    assert_eq!(
        err.to_string(),
        "`crates/a/Cargo.toml` inherits its version from the workspace (`version.workspace = true`), but no Cargo.toml with `[workspace.package] version` was found above it in the work tree"
    );
}

#[test]
fn detection_errors() {
    let tree = files(&[("pyproject.toml", "[project]\ndynamic = [\"version\"]\n")]);
    assert_eq!(
        find(&tree, "", None).expect_err("unknown").to_string(),
        "`version` is dynamic in `pyproject.toml` in the work tree, but check-bump cannot tell where it comes from: name the file that holds it"
    );
    let tree = files(&[(
        "pyproject.toml",
        "[tool.setuptools.dynamic]\nversion = { file = \"VERSION\" }\n",
    )]);
    assert_eq!(
        find(&tree, "", None).expect_err("missing target").to_string(),
        "`pyproject.toml` takes the version from `VERSION`, which does not exist in the work tree"
    );
    let tree = files(&[
        ("setup.cfg", "[metadata]\nversion = file: VERSION\n"),
        ("VERSION", "\n"),
    ]);
    assert_eq!(
        find(&tree, "", None).expect_err("empty target").to_string(),
        "`VERSION` declares no version in the work tree: name the file that does"
    );
}

/// Changelog headings: Keep a Changelog, plain Markdown, setext, reStructuredText, AsciiDoc.
#[test]
fn changelog_headings_name_the_version_as_a_whole_word() {
    let rows = [
        ("## [1.3.0] - 2024-05-01", true),
        ("## v1.3.0", true),
        ("## Version 1.3.0.", true),
        ("## pkg-1.3.0 (2024)", true),
        ("## 11.3.0", false),
        ("## 1.3.0.1", false),
        ("## 1.3.0rc1", false),
        ("## 1.3.0-rc.1", false),
        ("## 1.3.01", false),
    ];
    for (line, expected) in rows {
        assert_eq!(names_version(line, "1.3.0"), expected, "{line}");
    }
    let keep_a_changelog = "# Changelog\n\n## [Unreleased]\n\n- fix 1.3.0 typo\n\n## [1.3.0] - 2024-05-01\n";
    let rows = [
        (keep_a_changelog, Some(7)),
        ("# Changelog\n\n- mention of 1.3.0 in a bullet\n", None),
        (
            "Changelog\n=========\n\n1.3.0 (2024-05-01)\n------------------\n",
            Some(4),
        ),
        ("1.3.0\n~~~~~\n", Some(1)),
        ("= Changelog\n\n== 1.3.0\n", Some(3)),
        ("1.3.0\n\n-----\n", None),
    ];
    for (text, expected) in rows {
        assert_eq!(find_heading(text, &["1.3.0"]), expected, "{text:?}");
    }
    // Written or canonical: `1.3.0-rc1` in pyproject.toml, `## 1.3.0rc1` in the changelog.
    assert_eq!(
        compare::changelog_heading("## 1.3.0rc1\n", "1.3.0-rc1", &pep440("1.3.0-rc1")),
        ChangelogOutcome::Heading {
            version: "1.3.0-rc1".into(),
            line: 1
        }
    );
}

#[test]
fn changelog_entries_gained_since_the_merge_base() {
    let rows = [
        (None, "# Changelog\n- a\n", Some(1)),
        (Some("# Changelog\n"), "# Changelog\n\n- a\n", Some(3)),
        (Some("# Changelog\n- a\n- b\n"), "# Changelog\n- b\n- a\n", None),
        (Some("# Changelog\n- a\n"), "# Changelog\n\n\n- a   \n", None),
        (Some("- a\n"), "- a\n- a\n", Some(2)),
        (Some("- a\n- b\n"), "- a\n", None),
    ];
    for (before, after, expected) in rows {
        assert_eq!(
            first_added_line(before, after),
            expected,
            "{before:?} -> {after:?}"
        );
    }
}

fn declared(text: &str, file: &str, line: usize) -> DeclaredVersion {
    let ordering = if file.ends_with("Cargo.toml") {
        VersionOrdering::SemVer
    } else {
        VersionOrdering::Pep440
    };
    DeclaredVersion {
        text: text.to_owned(),
        version: parse_version(text, ordering).expect("valid"),
        file: file.to_owned(),
        line,
        key: "project.version".to_owned(),
    }
}

const MERGE_BASE: &str = "1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b";

fn report(verdict: Verdict, changelog: Option<ChangelogOutcome>) -> BumpReport {
    BumpReport {
        base: BumpBase {
            work_tree: PathBuf::from("/repo"),
            name: "origin/main".to_owned(),
            tip: "b".repeat(40),
            merge_base: MERGE_BASE.to_owned(),
            head: "c".repeat(40),
            shallow: false,
        },
        verdict,
        changelog: changelog.map(|outcome| ChangelogCheck {
            file: "CHANGELOG.md".to_owned(),
            outcome,
        }),
    }
}

#[test]
fn verdicts_compare_with_the_merge_base() {
    let verdict = |old: &str, new: &str| {
        compare::verdict(
            declared(old, "pyproject.toml", 3),
            declared(new, "pyproject.toml", 3),
            "at x",
        )
        .expect("same ordering")
    };
    assert!(matches!(
        verdict("1.2.3", "1.3.0"),
        Verdict::Bumped {
            kind: BumpKind::Minor,
            ..
        }
    ));
    // Equal: the suggestion continues what the work tree wrote.
    assert!(matches!(verdict("1.0", "1.0.0"), Verdict::NotBumped { suggested, .. } if suggested == "1.0.1"));
    // Lowered: the suggestion continues the base.
    assert!(matches!(verdict("1.2.3", "1.2.0"), Verdict::Lowered { suggested, .. } if suggested == "1.2.4"));
    // Moving from Cargo.toml to pyproject.toml compares with PEP 440.
    let mixed = compare::verdict(
        declared("1.0.0-rc.1", "Cargo.toml", 3),
        declared("1.0.0", "pyproject.toml", 3),
        "at x",
    );
    assert!(matches!(
        mixed,
        Ok(Verdict::Bumped {
            kind: BumpKind::Final,
            ..
        })
    ));
    let err = compare::verdict(
        declared("1.0.0-alpha.beta", "Cargo.toml", 3),
        declared("1.0.0", "pyproject.toml", 3),
        "at 1a2b3c4d5 (merge base with main)",
    )
    .expect_err("not PEP 440");
    assert_eq!(
        err.to_string(),
        "`1.0.0-alpha.beta` in `Cargo.toml` (line 3) at 1a2b3c4d5 (merge base with main) is not a valid PEP 440 version"
    );
}

#[test]
fn text_names_both_versions_the_file_the_merge_base_and_a_next_version() {
    let old = declared("1.2.3", "pyproject.toml", 3);
    let rows = [
        (
            Verdict::Bumped {
                old: old.clone(),
                new: declared("1.3.0", "pyproject.toml", 3),
                kind: BumpKind::Minor,
            },
            "1.2.3 -> 1.3.0 (minor)\n",
        ),
        (
            Verdict::NotBumped {
                old: old.clone(),
                new: old.clone(),
                suggested: "1.2.4".into(),
            },
            "version not bumped: pyproject.toml declares 1.2.3, as it did at 1a2b3c4d5 (merge base with origin/main); bump it, e.g. to 1.2.4\n",
        ),
        (
            Verdict::NotBumped {
                old: declared("1.0", "setup.cfg", 2),
                new: declared("1.0.0", "pyproject.toml", 3),
                suggested: "1.0.1".into(),
            },
            "version not bumped: pyproject.toml declares 1.0.0, equal to 1.0 in setup.cfg at 1a2b3c4d5 (merge base with origin/main) under PEP 440 ordering; bump it, e.g. to 1.0.1\n",
        ),
        (
            Verdict::Lowered {
                old: old.clone(),
                new: declared("1.2.0", "pyproject.toml", 3),
                suggested: "1.2.4".into(),
            },
            "version lowered: pyproject.toml declares 1.2.0, lower than 1.2.3 at 1a2b3c4d5 (merge base with origin/main); bump it, e.g. to 1.2.4\n",
        ),
        (
            Verdict::Dynamic {
                file: "pyproject.toml".into(),
                tool: "setuptools_scm".into(),
            },
            "pyproject.toml: the version is derived from git tags by setuptools_scm: nothing to bump\n",
        ),
        (
            Verdict::New {
                new: declared("0.1.0", "pyproject.toml", 3),
                base: BaseState::Missing,
            },
            "pyproject.toml declares 0.1.0; no version file existed at 1a2b3c4d5 (merge base with origin/main): nothing to compare\n",
        ),
        (
            Verdict::New {
                new: declared("0.1.0", "pyproject.toml", 3),
                base: BaseState::Dynamic {
                    tool: "scmver".into(),
                },
            },
            "pyproject.toml declares 0.1.0; the version was derived from git tags by scmver at 1a2b3c4d5 (merge base with origin/main): nothing to compare\n",
        ),
    ];
    for (verdict, expected) in rows {
        assert_eq!(render_bump_text(&report(verdict, None)), expected);
    }
}

#[test]
fn github_annotations_mark_failures_on_the_version_line() {
    let not_bumped = Verdict::NotBumped {
        old: declared("1.2.3", "pyproject.toml", 3),
        new: declared("1.2.3", "pyproject.toml", 3),
        suggested: "1.2.4".into(),
    };
    let out = render_bump_github(&report(not_bumped, None));
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines,
        [
            "::error file=pyproject.toml,line=3,title=Version not bumped::version not bumped: pyproject.toml declares 1.2.3, as it did at 1a2b3c4d5 (merge base with origin/main); bump it, e.g. to 1.2.4"
        ]
    );
    let bumped = Verdict::Bumped {
        old: declared("1.2.3", "pyproject.toml", 3),
        new: declared("1.3.0", "pyproject.toml", 3),
        kind: BumpKind::Minor,
    };
    let out = render_bump_github(&report(
        bumped,
        Some(ChangelogOutcome::NoHeading {
            version: "1.3.0".into(),
        }),
    ));
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines,
        [
            "1.2.3 -> 1.3.0 (minor)",
            "::error file=CHANGELOG.md,title=Changelog entry missing::CHANGELOG.md has no heading for 1.3.0: add one, e.g. `## [1.3.0]`",
        ]
    );
    // Workflow-command escaping: data escapes %, CR, LF; properties also `:` and `,`.
    assert_eq!(
        crate::output::encode::annotation_data("50% a\r\nb"),
        "50%25 a%0D%0Ab"
    );
    assert_eq!(
        crate::output::encode::annotation_property("a,b:c%"),
        "a%2Cb%3Ac%25"
    );
}

#[test]
fn gitlab_code_quality_report() {
    let lowered = Verdict::Lowered {
        old: declared("1.2.3", "pkg/pyproject.toml", 3),
        new: declared("1.2.0", "pkg/pyproject.toml", 4),
        suggested: "1.2.4".into(),
    };
    let out = render_bump_gitlab(&report(lowered, None));
    assert!(out.ends_with("]\n"), "{out}");
    let value: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    let fingerprint = value[0]["fingerprint"].as_str().expect("fingerprint").to_owned();
    assert_eq!(fingerprint.len(), 32);
    assert_eq!(
        value,
        serde_json::json!([{
            "description": "version lowered: pkg/pyproject.toml declares 1.2.0, lower than 1.2.3 at 1a2b3c4d5 (merge base with origin/main); bump it, e.g. to 1.2.4",
            "check_name": "scmver/version-lowered",
            "fingerprint": fingerprint,
            "severity": "major",
            "location": { "path": "pkg/pyproject.toml", "lines": { "begin": 4 } },
        }])
    );
    // The fingerprint ignores versions and lines, so the MR widget tracks one issue.
    let lowered_again = Verdict::Lowered {
        old: declared("1.2.5", "pkg/pyproject.toml", 3),
        new: declared("1.2.1", "pkg/pyproject.toml", 9),
        suggested: "1.2.6".into(),
    };
    let again: serde_json::Value =
        serde_json::from_str(&render_bump_gitlab(&report(lowered_again, None))).expect("JSON");
    assert_eq!(again[0]["fingerprint"], fingerprint.as_str());
    let passed = Verdict::Dynamic {
        file: "pyproject.toml".into(),
        tool: "scmver".into(),
    };
    assert_eq!(render_bump_gitlab(&report(passed, None)), "[]\n");
}

#[test]
fn json_report() {
    let bumped = Verdict::Bumped {
        old: declared("1.2.3", "pyproject.toml", 3),
        new: declared("2.0.0", "pyproject.toml", 3),
        kind: BumpKind::Major,
    };
    let out = render_bump_json(&report(
        bumped,
        Some(ChangelogOutcome::Heading {
            version: "2.0.0".into(),
            line: 7,
        }),
    ));
    let value: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(
        value,
        serde_json::json!({
            "passed": true,
            "verdict": "bumped",
            "kind": "major",
            "message": "1.2.3 -> 2.0.0 (major)",
            "old": { "version": "1.2.3", "file": "pyproject.toml", "line": 3, "key": "project.version" },
            "new": { "version": "2.0.0", "file": "pyproject.toml", "line": 3, "key": "project.version" },
            "suggested": null,
            "ordering": "pep440",
            "tool": null,
            "base_state": null,
            "base": {
                "ref": "origin/main",
                "commit": "b".repeat(40),
                "merge_base": MERGE_BASE,
                "head": "c".repeat(40),
                "shallow": false,
            },
            "changelog": {
                "file": "CHANGELOG.md",
                "passed": true,
                "line": 7,
                "message": "CHANGELOG.md has an entry for 2.0.0 (line 7)",
            },
        })
    );
}

#[test]
fn report_passes_only_when_every_check_passes() {
    let dynamic = || Verdict::Dynamic {
        file: "pyproject.toml".into(),
        tool: "scmver".into(),
    };
    assert!(report(dynamic(), None).passed());
    assert!(report(dynamic(), Some(ChangelogOutcome::Gained { line: 3 })).passed());
    let failed = report(dynamic(), Some(ChangelogOutcome::NotGained));
    assert!(!failed.passed());
    assert_eq!(
        render_bump_text(&failed),
        "pyproject.toml: the version is derived from git tags by scmver: nothing to bump\nCHANGELOG.md gained no entry since 1a2b3c4d5 (merge base with origin/main): add one\n"
    );
}

#[test]
fn error_messages() {
    let rows: [(BumpError, &str); 9] = [
        (
            BumpError::NoBase { provider: None },
            "no base to compare with: name the base (SCMVER_BUMP_BASE, e.g. origin/main), or run check-bump in a pull-request pipeline",
        ),
        (
            BumpError::NoBase {
                provider: Some("gitlab".into()),
            },
            "no base to compare with: this gitlab run is not a pull request (it names no target branch): name the base (SCMVER_BUMP_BASE), or run check-bump in pull-request pipelines only",
        ),
        (
            BumpError::NoVersionFile { dir: ".".into() },
            "no version declared in `.` (looked for pyproject.toml, setup.cfg, VERSION and Cargo.toml): name the file that declares it",
        ),
        (
            BumpError::FileMissing {
                file: "VERSION".into(),
            },
            "`VERSION` does not exist in the work tree: check the file named",
        ),
        (
            BumpError::ChangelogMissing {
                file: "CHANGES.md".into(),
            },
            "the changelog `CHANGES.md` does not exist in the work tree: check the changelog named",
        ),
        (
            BumpError::OutsideWorkTree {
                path: "/elsewhere/VERSION".into(),
                work_tree: "/repo".into(),
            },
            "`/elsewhere/VERSION` is outside the work tree `/repo`: check-bump compares files of the repository",
        ),
        (
            BumpError::NotUtf8 {
                file: "VERSION".into(),
                place: "at 1a2b3c4d5 (merge base with main)".into(),
            },
            "`VERSION` at 1a2b3c4d5 (merge base with main) is not UTF-8 text",
        ),
        (
            BumpError::Path {
                path: "nope/VERSION".into(),
                source: std::io::Error::new(std::io::ErrorKind::NotFound, "its directory does not exist"),
            },
            "cannot find `nope/VERSION`",
        ),
        (
            BumpError::Repo(crate::repo::RepoError::NoCheckout { path: "/repo".into() }),
            "`/repo` has no checked-out commit (a bare repository, or no commits yet): run check-bump in a clone with the pull request checked out",
        ),
    ];
    for (err, expected) in rows {
        assert_eq!(err.to_string(), expected);
    }
}
