use super::*;

const V: &str = "1.2.4.dev5+g1a2b3c4d5";

#[track_caller]
fn set(text: &str) -> RewriteOutcome {
    set_version(text, V, RewriteOptions::default()).unwrap_or_else(|e| panic!("{text:?}: {e}"))
}

#[track_caller]
fn err(text: &str, options: RewriteOptions) -> String {
    set_version(text, V, options).expect_err(text).to_string()
}

/// Each row: input, expected output (written by hand: only the version bytes differ).
#[test]
fn edits_only_the_version_bytes() {
    let rows = [
        (
            "[project]\nname = \"demo\"\nversion = \"0.1.0\"\n",
            "[project]\nname = \"demo\"\nversion = \"1.2.4.dev5+g1a2b3c4d5\"\n",
        ),
        // literal quotes, comments and odd spacing stay
        (
            "[project]\nname='demo'\nversion   =   '0.1.0'   # bumped by CI\n",
            "[project]\nname='demo'\nversion   =   '1.2.4.dev5+g1a2b3c4d5'   # bumped by CI\n",
        ),
        // CRLF, no final newline
        (
            "[project]\r\nname = \"demo\"\r\nversion = \"0.1.0\"",
            "[project]\r\nname = \"demo\"\r\nversion = \"1.2.4.dev5+g1a2b3c4d5\"",
        ),
        // dotted keys at the root
        (
            "project.name = \"demo\"\nproject.version = \"0\"\n",
            "project.name = \"demo\"\nproject.version = \"1.2.4.dev5+g1a2b3c4d5\"\n",
        ),
        // inline table
        (
            "project = { name = \"demo\", version = \"0\" }\n",
            "project = { name = \"demo\", version = \"1.2.4.dev5+g1a2b3c4d5\" }\n",
        ),
        // Poetry 1.x
        (
            "[tool.poetry]\nname = \"demo\"\nversion = \"0.0.0\"  # placeholder\n",
            "[tool.poetry]\nname = \"demo\"\nversion = \"1.2.4.dev5+g1a2b3c4d5\"  # placeholder\n",
        ),
        // Poetry 2 with [project]: both versions set when both exist
        (
            "[project]\nname = \"demo\"\nversion = \"0\"\n\n[tool.poetry]\nversion = \"0\"\n",
            "[project]\nname = \"demo\"\nversion = \"1.2.4.dev5+g1a2b3c4d5\"\n\n[tool.poetry]\nversion = \"1.2.4.dev5+g1a2b3c4d5\"\n",
        ),
        // Poetry 2 with the version only in [project]: [tool.poetry] is left alone
        (
            "[project]\nname = \"demo\"\nversion = \"0\"\n[tool.poetry]\npackages = []\n",
            "[project]\nname = \"demo\"\nversion = \"1.2.4.dev5+g1a2b3c4d5\"\n[tool.poetry]\npackages = []\n",
        ),
        // a `version` elsewhere is not touched
        (
            "[project]\nname = \"demo\"\nversion = \"0\"\n[tool.other]\nversion = \"0\"\n",
            "[project]\nname = \"demo\"\nversion = \"1.2.4.dev5+g1a2b3c4d5\"\n[tool.other]\nversion = \"0\"\n",
        ),
    ];
    for (input, expected) in rows {
        let outcome = set(input);
        pretty_assertions::assert_eq!(outcome.new_text, expected, "{input:?}");
        assert!(outcome.changed, "{input:?}");
        assert!(!outcome.removed_dynamic, "{input:?}");
        let again = set(&outcome.new_text);
        assert!(!again.changed, "idempotent: {input:?}");
        assert_eq!(again.old_version.as_deref(), Some(V));
    }
}

/// Each row: input with `version` in `project.dynamic`, expected output.
#[test]
fn dynamic_version_becomes_static() {
    let rows = [
        (
            "[project]\nname = \"demo\"\ndynamic = [\"version\"]\n",
            "[project]\nname = \"demo\"\nversion = \"1.2.4.dev5+g1a2b3c4d5\"\ndynamic = []\n",
        ),
        (
            "[project]\nname = \"demo\"\ndynamic = [\"version\", \"readme\"]\n",
            "[project]\nname = \"demo\"\nversion = \"1.2.4.dev5+g1a2b3c4d5\"\ndynamic = [\"readme\"]\n",
        ),
        (
            "[project]\nname = 'demo'\ndynamic = ['readme', 'version']\n",
            "[project]\nname = 'demo'\nversion = '1.2.4.dev5+g1a2b3c4d5'\ndynamic = ['readme']\n",
        ),
        (
            "[project]\nname = \"demo\"\ndynamic = [\"readme\", \"version\", \"dependencies\"]\n",
            "[project]\nname = \"demo\"\nversion = \"1.2.4.dev5+g1a2b3c4d5\"\ndynamic = [\"readme\", \"dependencies\"]\n",
        ),
        // one entry per line: the entry's line goes, with its comment
        (
            "[project]\nname = \"demo\"\ndynamic = [\n  \"readme\",\n  \"version\",  # from git\n]\n",
            "[project]\nname = \"demo\"\nversion = \"1.2.4.dev5+g1a2b3c4d5\"\ndynamic = [\n  \"readme\",\n]\n",
        ),
        (
            "[project]\r\nname = \"demo\"\r\ndynamic = [\r\n  \"version\",\r\n]\r\n",
            "[project]\r\nname = \"demo\"\r\nversion = \"1.2.4.dev5+g1a2b3c4d5\"\r\ndynamic = [\r\n]\r\n",
        ),
        // no `name`: after the header; name last without newline: at the end
        (
            "[project]\ndynamic = [\"version\"]\n",
            "[project]\nversion = \"1.2.4.dev5+g1a2b3c4d5\"\ndynamic = []\n",
        ),
        (
            "[project]\r\ndynamic = [\"version\"]\r\nname = \"demo\"",
            "[project]\r\ndynamic = []\r\nname = \"demo\"\r\nversion = \"1.2.4.dev5+g1a2b3c4d5\"",
        ),
        // dotted keys and inline tables
        (
            "project.name = \"demo\"\nproject.dynamic = [\"version\"]\n",
            "project.name = \"demo\"\nproject.version = \"1.2.4.dev5+g1a2b3c4d5\"\nproject.dynamic = []\n",
        ),
        (
            "project = { name = \"demo\", dynamic = [\"version\"] }\n",
            "project = { name = \"demo\", version = \"1.2.4.dev5+g1a2b3c4d5\", dynamic = [] }\n",
        ),
        // listed twice, and static at the same time
        (
            "[project]\nname = \"demo\"\nversion = \"0\"\ndynamic = [\"version\", \"version\"]\n",
            "[project]\nname = \"demo\"\nversion = \"1.2.4.dev5+g1a2b3c4d5\"\ndynamic = []\n",
        ),
    ];
    for (input, expected) in rows {
        let outcome = set(input);
        pretty_assertions::assert_eq!(outcome.new_text, expected, "{input:?}");
        assert!(outcome.removed_dynamic, "{input:?}");
        let again = set(&outcome.new_text);
        assert!(!again.changed, "idempotent: {input:?}");
    }
}

#[test]
fn missing_version_is_added_after_name() {
    let outcome = set("[tool.poetry]\nname = \"demo\"\ndescription = \"\"\n");
    assert_eq!(
        outcome.new_text,
        "[tool.poetry]\nname = \"demo\"\nversion = \"1.2.4.dev5+g1a2b3c4d5\"\ndescription = \"\"\n"
    );
    assert_eq!(outcome.old_version, None);
    assert_eq!(outcome.keys, ["tool.poetry.version"]);
}

/// A dotted key inside an inline table is no place to insert after (found by fuzzing: its span
/// is only its first key's, and the edit panicked).
#[test]
fn inline_tables_with_dotted_keys() {
    let rows = [
        (
            "project = { n.x = 1 }\n",
            format!("project = {{ version = \"{V}\", n.x = 1 }}\n"),
        ),
        (
            "project = { name.x = 1, b = 2 }\n",
            format!("project = {{ name.x = 1, b = 2, version = \"{V}\" }}\n"),
        ),
    ];
    for (input, expected) in rows {
        assert_eq!(set(input).new_text, expected, "{input:?}");
    }
}

#[test]
fn reports_old_version_and_keys() {
    let outcome = set("[project]\nname = \"demo\"\nversion = \"0.9\"\n[tool.poetry]\nversion = \"0.8\"\n");
    assert_eq!(outcome.old_version.as_deref(), Some("0.9"));
    assert_eq!(outcome.keys, ["project.version", "tool.poetry.version"]);
    let same = set(&format!("[project]\nname = \"demo\"\nversion = \"{V}\"\n"));
    assert!(!same.changed);
}

#[test]
fn error_messages() {
    let keep = RewriteOptions { keep_dynamic: true };
    let default = RewriteOptions::default();
    assert_eq!(
        err("[project]\nname = \"demo\ndynamic = []\n", default),
        "invalid TOML at line 2, column 13: invalid basic string, expected `\"`"
    );
    assert_eq!(
        err("[build-system]\nrequires = []\n", default),
        "no `[project]` or `[tool.poetry]` table to hold the version: add a `[project]` table with `name` and `version`"
    );
    assert_eq!(
        err("[project.urls]\nhome = \"x\"\n", default),
        "no `[project]` or `[tool.poetry]` table to hold the version: add a `[project]` table with `name` and `version`"
    );
    assert_eq!(
        err("[tool.poetry.dependencies]\npython = \"^3.10\"\n", default),
        "no `[project]` or `[tool.poetry]` table to hold the version: add a `[project]` table with `name` and `version`"
    );
    assert_eq!(
        err("[project]\nname = \"demo\"\nversion = 1.0\n", default),
        "`project.version` at line 3, column 11 must be a string, found `1.0`"
    );
    assert_eq!(
        err("project = 3\n", default),
        "`project` at line 1, column 11 must be a table, found `3`"
    );
    assert_eq!(
        err("[project]\nname = \"demo\"\ndynamic = \"version\"\n", default),
        "`project.dynamic` at line 3, column 11 must be an array, found `\"version\"`"
    );
    assert_eq!(
        err(
            "[project]\nname = \"démo\"\ndynamic = [\"readme\", \"version\"]\n",
            keep
        ),
        "`version` is listed in `project.dynamic` at line 3, column 22, and --keep-dynamic forbids making it static: drop --keep-dynamic, or let the build backend set the version"
    );
}

#[test]
fn keep_dynamic_allows_static_versions() {
    let keep = RewriteOptions { keep_dynamic: true };
    let outcome = set_version(
        "[project]\nname = \"demo\"\nversion = \"0\"\ndynamic = [\"readme\"]\n",
        V,
        keep,
    )
    .expect("no dynamic version");
    assert!(outcome.changed);
}

#[test]
fn strings_that_need_escaping_stay_valid() {
    assert_eq!(quoted("1.0", '\''), "'1.0'");
    assert_eq!(quoted("it's", '\''), "\"it's\"");
    assert_eq!(quoted("a\"b\\c", '"'), "\"a\\\"b\\\\c\"");
}

#[test]
fn byte_order_mark_is_kept() {
    let outcome = set("\u{feff}[project]\r\nname = \"demo\"\r\nversion = \"0\"\r\n");
    assert_eq!(
        outcome.new_text,
        "\u{feff}[project]\r\nname = \"demo\"\r\nversion = \"1.2.4.dev5+g1a2b3c4d5\"\r\n"
    );
    let inserted = set("\u{feff}[project]\nname = \"demo\"\ndynamic = [\"version\"]\n");
    assert_eq!(
        inserted.new_text,
        "\u{feff}[project]\nname = \"demo\"\nversion = \"1.2.4.dev5+g1a2b3c4d5\"\ndynamic = []\n"
    );
}
