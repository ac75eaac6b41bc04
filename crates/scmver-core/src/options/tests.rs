use super::*;

const NOW: Timestamp = Timestamp(1_700_000_000);

/// A project directory holding `pyproject` as its pyproject.toml (when given).
fn project(pyproject: Option<&str>) -> (tempfile::TempDir, ProjectLocation) {
    let dir = tempfile::tempdir().expect("tempdir");
    if let Some(text) = pyproject {
        std::fs::write(dir.path().join("pyproject.toml"), text).expect("write pyproject");
    }
    let location = ProjectLocation {
        dir: dir.path().to_owned(),
        config_file: None,
    };
    (dir, location)
}

#[track_caller]
fn resolve(
    pyproject: Option<&str>,
    overrides: &Overrides,
    env: &[(&str, &str)],
) -> Result<Options, ConfigError> {
    let (_dir, location) = project(pyproject);
    resolve_options(&location, overrides, &env.iter().copied().collect(), NOW)
}

#[track_caller]
fn resolve_err(pyproject: &str) -> String {
    let (dir, location) = project(Some(pyproject));
    let err = resolve_options(&location, &Overrides::default(), &Environment::default(), NOW)
        .expect_err("should fail");
    err.to_string()
        .replace(&dir.path().display().to_string(), "<dir>")
}

#[test]
fn defaults_without_a_file() {
    let options = resolve(None, &Overrides::default(), &[]).expect("defaults");
    assert_eq!(options.version_scheme, VersionScheme::GuessNextDev);
    assert_eq!(options.local_scheme, LocalScheme::NodeAndDate);
    assert_eq!(options.tag_rule.pattern(), DEFAULT_TAG_REGEX);
    assert!(options.tag_rule.is_strict());
    assert_eq!(options.source, ConfigSource::Defaults);
    assert_eq!(options.now, NOW);
}

#[test]
fn scmver_table_wins_over_setuptools_scm_table() {
    let text = r#"
[tool.setuptools_scm]
version_scheme = "post-release"
[tool.scmver]
version_scheme = "no-guess-dev"
local_scheme = "dirty-tag"
"#;
    let options = resolve(Some(text), &Overrides::default(), &[]).expect("valid");
    assert_eq!(options.version_scheme, VersionScheme::NoGuessDev);
    assert_eq!(options.local_scheme, LocalScheme::DirtyTag);
    assert!(matches!(options.source, ConfigSource::Scmver(_)));
}

#[test]
fn setuptools_scm_table_is_read_with_its_keys() {
    let text = r#"
[project]
name = "demo"
[tool.setuptools_scm]
version_scheme = "semver-pep440"
fallback_version = "1.0"
version_file = "src/demo/_version.py"
write_to_template = "ignored"
[tool.setuptools_scm.tag]
prefix = "pkg-a-v"
strict = false
regex = '^(?P<version>\d+\.\d+\.\d+)$'
"#;
    let options = resolve(Some(text), &Overrides::default(), &[]).expect("valid");
    assert_eq!(options.version_scheme, VersionScheme::SimplifiedSemver);
    assert_eq!(
        options.fallback_version.map(|v| v.to_string()).as_deref(),
        Some("1.0")
    );
    assert_eq!(options.version_file, Some(PathBuf::from("src/demo/_version.py")));
    assert_eq!(options.tag_rule.tag_prefix(), "pkg-a-v");
    assert!(!options.tag_rule.is_strict());
    assert_eq!(options.tag_rule.pattern(), r"^(?P<version>\d+\.\d+\.\d+)$");
    assert_eq!(options.ignored_keys, ["tool.setuptools_scm.write_to_template"]);
}

#[test]
fn flags_override_the_file() {
    let text = "[tool.scmver]\nversion_scheme = \"post-release\"\ntag_regex = '^v(.+)$'\n";
    let overrides = Overrides {
        version_scheme: Some(Sourced::given(VersionScheme::OnlyVersion, "--version-scheme")),
        tag_regex: Some(Sourced::given(r"^rel-(?P<version>.+)$", "--tag-regex")),
        allow_shallow: true,
        ..Overrides::default()
    };
    let options = resolve(Some(text), &overrides, &[]).expect("valid");
    assert_eq!(options.version_scheme, VersionScheme::OnlyVersion);
    assert_eq!(options.tag_rule.pattern(), r"^rel-(?P<version>.+)$");
    assert!(options.read.allow_shallow);
}

#[test]
fn environment_between_flags_and_the_file() {
    let text = "[tool.scmver]\nversion_scheme = \"post-release\"\nlocal_scheme = \"dirty-tag\"\n";
    let env = [
        ("SCMVER_VERSION_SCHEME", "no-guess-dev"),
        ("SCMVER_LOCAL_SCHEME", "no-local-version"),
        ("SCMVER_DEV_NUMBER", "pipeline-or-distance"),
        ("SCMVER_ALLOW_SHALLOW", "true"),
    ];
    let options = resolve(Some(text), &Overrides::default(), &env).expect("valid");
    assert_eq!(options.version_scheme, VersionScheme::NoGuessDev);
    assert_eq!(options.local_scheme, LocalScheme::NoLocalVersion);
    assert_eq!(options.dev_number.value, DevNumber::PipelineOrDistance);
    assert_eq!(
        options.dev_number.source,
        Source::Env("SCMVER_DEV_NUMBER".to_owned())
    );
    assert!(options.read.allow_shallow);

    let overrides = Overrides {
        local_scheme: Some(Sourced::given(LocalScheme::NodeAndDate, "--local-scheme")),
        ..Overrides::default()
    };
    let options = resolve(Some(text), &overrides, &env).expect("valid");
    assert_eq!(options.local_scheme, LocalScheme::NodeAndDate, "the flag wins");
}

#[test]
fn root_key_moves_the_search_dir() {
    let (dir, location) = project(Some("[tool.scmver]\nroot = \"..\"\n"));
    let options =
        resolve_options(&location, &Overrides::default(), &Environment::default(), NOW).expect("valid");
    assert_eq!(options.search_dir, dir.path().join(".."));
}

#[test]
fn pretend_versions_in_order_of_precedence() {
    let text = Some("[project]\nname = \"My.Pkg_name\"\n");
    type Row<'a> = (&'a [(&'a str, &'a str)], Option<(&'a str, &'a str)>);
    let rows: [Row<'_>; 5] = [
        (&[], None),
        (
            &[("SETUPTOOLS_SCM_PRETEND_VERSION", "1.0")],
            Some(("1.0", "SETUPTOOLS_SCM_PRETEND_VERSION")),
        ),
        (
            &[
                ("SETUPTOOLS_SCM_PRETEND_VERSION", "1.0"),
                ("SETUPTOOLS_SCM_PRETEND_VERSION_FOR_MY_PKG_NAME", "2.0"),
            ],
            Some(("2.0", "SETUPTOOLS_SCM_PRETEND_VERSION_FOR_MY_PKG_NAME")),
        ),
        (
            &[
                ("SETUPTOOLS_SCM_PRETEND_VERSION_FOR_MY_PKG_NAME", "2.0"),
                ("SCMVER_PRETEND_VERSION", "3.0"),
            ],
            Some(("3.0", "SCMVER_PRETEND_VERSION")),
        ),
        (
            &[
                ("SCMVER_PRETEND_VERSION", "3.0"),
                ("SCMVER_PRETEND_VERSION_FOR_MY_PKG_NAME", "1.0.0-rc1"),
            ],
            Some(("1.0.0-rc1", "SCMVER_PRETEND_VERSION_FOR_MY_PKG_NAME")),
        ),
    ];
    for (env, expected) in rows {
        let options = resolve(text, &Overrides::default(), env).expect("valid");
        let got = options
            .pretend_version
            .as_ref()
            .map(|pretend| (pretend.value.clone(), pretend.source.to_string()));
        let expected = expected.map(|(v, n)| (v.to_owned(), format!("`{n}`")));
        assert_eq!(got, expected, "{env:?}");
    }
}

#[test]
fn source_date_epoch_sets_the_clock() {
    let options = resolve(
        None,
        &Overrides::default(),
        &[("SOURCE_DATE_EPOCH", "1234567890")],
    )
    .expect("valid");
    assert_eq!(options.now, Timestamp(1_234_567_890));
}

/// Every user-facing configuration error, word for word.
#[test]
fn error_messages() {
    assert_eq!(
        resolve_err("[tool.scmver]\nversion_scheme = \"guess-next\"\n"),
        "`tool.scmver.version_scheme` in <dir>/pyproject.toml: unknown version scheme `guess-next`: expected one of guess-next-dev, post-release, no-guess-dev, only-version, release-branch-semver, python-simplified-semver, calver-by-date"
    );
    assert_eq!(
        resolve_err("[tool.scmver]\nlocal_scheme = 3\n"),
        "`tool.scmver.local_scheme` in <dir>/pyproject.toml must be a string, found `3`"
    );
    assert_eq!(
        resolve_err("[tool.scmver.tag]\nstrict = \"yes\"\n"),
        "`tool.scmver.tag.strict` in <dir>/pyproject.toml must be true or false, found `\"yes\"`"
    );
    assert_eq!(
        resolve_err("[tool.scmver]\nversion_scheme = \"post-release\"\nroot = \n"),
        "`<dir>/pyproject.toml` is not valid TOML at line 3, column 8: string values must be quoted, expected literal string"
    );
    assert_eq!(
        resolve_err("[tool.scmver]\nfallback_version = \"one\"\n"),
        "`tool.scmver.fallback_version` in <dir>/pyproject.toml is `one`, which is not a PEP 440 version: expected version to start with a number, but no leading ASCII digits were found"
    );
    assert_eq!(
        resolve_err("[tool.scmver]\ntag_regex = '(\\d+)-(\\d+)'\n"),
        "`tool.scmver.tag_regex` in <dir>/pyproject.toml: tag regex `(\\d+)-(\\d+)` needs a group named `version` (or exactly one group) to capture the version"
    );
    let err =
        resolve(None, &Overrides::default(), &[("SOURCE_DATE_EPOCH", "yesterday")]).expect_err("invalid");
    assert_eq!(
        err.to_string(),
        "SOURCE_DATE_EPOCH is `yesterday`, which is not a whole number of seconds since 1970 naming a date in the years 1970 to 9999: unset it or fix it"
    );
    for value in ["-1", "253402300800", "99999999999999999999"] {
        let err = resolve(None, &Overrides::default(), &[("SOURCE_DATE_EPOCH", value)]).expect_err(value);
        assert!(
            matches!(err, ConfigError::SourceDateEpoch { .. }),
            "{value}: {err}"
        );
    }
    for (pyproject, key) in [
        (
            "[tool]\nscmver = \"oops\"\n",
            "`tool.scmver` in <dir>/pyproject.toml must be a table, found `\"oops\"`",
        ),
        (
            "tool = 3\n",
            "`tool` in <dir>/pyproject.toml must be a table, found `3`",
        ),
        (
            "[tool.scmver]\ntag = \"v\"\n",
            "`tool.scmver.tag` in <dir>/pyproject.toml must be a table, found `\"v\"`",
        ),
    ] {
        assert_eq!(resolve_err(pyproject), key);
    }
    assert_eq!(
        resolve_err("[tool.scmver]\nroot = \"missing\"\n"),
        "`tool.scmver.root` in <dir>/pyproject.toml names `<dir>/missing`, which is not a directory: fix the path"
    );
    let err = resolve(
        None,
        &Overrides::default(),
        &[("SCMVER_PRETEND_VERSION", "not-a-version")],
    )
    .expect_err("invalid");
    assert!(
        err.to_string()
            .starts_with("`SCMVER_PRETEND_VERSION` is `not-a-version`, which is not a PEP 440 version: "),
        "{err}"
    );
    let err = resolve(None, &Overrides::default(), &[("SCMVER_LOCAL_SCHEME", "node")]).expect_err("invalid");
    assert_eq!(
        err.to_string(),
        "`SCMVER_LOCAL_SCHEME`: unknown local scheme `node`: expected one of node-and-date, node-and-timestamp, dirty-tag, no-local-version, no-local-version-strict"
    );
    let err =
        resolve(None, &Overrides::default(), &[("SCMVER_ALLOW_SHALLOW", "maybe")]).expect_err("invalid");
    assert_eq!(
        err.to_string(),
        "`SCMVER_ALLOW_SHALLOW` must be true or false, found `maybe`"
    );
}

#[test]
fn explicit_config_file_must_exist() {
    let dir = tempfile::tempdir().expect("tempdir");
    let missing = dir.path().join("nope.toml");
    let location = ProjectLocation {
        dir: dir.path().to_owned(),
        config_file: Some(missing.clone()),
    };
    let err =
        resolve_options(&location, &Overrides::default(), &Environment::default(), NOW).expect_err("missing");
    assert_eq!(
        err.to_string(),
        format!("config file `{}` does not exist", missing.display())
    );
}

#[test]
fn environment_values_are_trimmed_normalized_or_refused() {
    let options = resolve(
        None,
        &Overrides::default(),
        &[
            ("SCMVER_PRETEND_VERSION", "  1.0  "),
            ("SCMVER_PIPELINE_ID", "000123"),
        ],
    )
    .expect("valid");
    assert_eq!(options.pretend_version.map(|p| p.value).as_deref(), Some("1.0"));
    assert_eq!(options.ci.pipeline_id.as_deref(), Some("123"));
    let err = resolve(
        None,
        &Overrides::default(),
        &[("SCMVER_PRETEND_VERSION", "1.0\u{a0}")],
    )
    .expect_err("non-breaking space");
    assert_eq!(
        err.to_string(),
        "the environment variable SCMVER_PRETEND_VERSION holds whitespace or a control character ('\\u{a0}' in \"1.0\\u{a0}\"): fix or unset it"
    );
    let err = resolve(None, &Overrides::default(), &[("SCMVER_BRANCH", "a\nb")]).expect_err("newline");
    assert!(matches!(err, ConfigError::Environment(_)), "{err}");
}

#[test]
fn dist_names_become_env_suffixes() {
    for (name, suffix) in [("my-pkg", "MY_PKG"), ("My.Pkg__name", "MY_PKG_NAME"), ("a", "A")] {
        assert_eq!(dist_env_suffix(name), suffix, "{name}");
    }
}
