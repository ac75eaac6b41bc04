use super::*;

fn v(text: &str) -> pep440_rs::Version {
    text.parse().unwrap_or_else(|e| panic!("{text}: {e}"))
}

fn no_affixes() -> TagAffixes {
    TagAffixes::default()
}

fn affixes(prefix: &str, suffix: &str) -> TagAffixes {
    TagAffixes {
        prefix: prefix.to_owned(),
        suffix: suffix.to_owned(),
    }
}

/// Each row: branch, expected tag (`None`: the branch slugs to nothing). Derived by hand from
/// the rule: every run outside `[A-Za-z0-9_.-]` becomes one `-`, leading `.`/`-` and trailing
/// `-` go; a slug a release could own gets `branch-`; digests are the first 16 hex digits of
/// the SHA-256 of the branch name, computed with Python's hashlib.
#[test]
fn branch_tags() {
    let x300 = "x".repeat(300);
    let x300_cut = format!("{}-0d4e2ca9e9cbced7", "x".repeat(111));
    let x300y = format!("{x300}y");
    let x300y_cut = format!("{}-bb6bf88a559366f0", "x".repeat(111));
    let a128 = "a".repeat(128);
    let a129 = "a".repeat(129);
    let a129_cut = format!("{}-c12cb024a2e5551c", "a".repeat(111));
    let rows: Vec<(&str, Option<&str>)> = vec![
        ("main", Some("main")),
        ("feature/implement-doodad", Some("feature-implement-doodad")),
        ("feature//double", Some("feature-double")),
        ("Feature/CamelCase", Some("Feature-CamelCase")),
        ("release/1.2", Some("release-1.2")),
        ("rel.1.2", Some("rel.1.2")),
        ("1.2.3", Some("branch-1.2.3")),
        ("2.0", Some("branch-2.0")),
        ("1", Some("branch-1")),
        ("v1.2", Some("branch-v1.2")),
        ("V2", Some("branch-V2")),
        ("latest", Some("branch-latest")),
        ("LATEST", Some("branch-LATEST")),
        ("pr-12", Some("branch-pr-12")),
        ("sha-1a2b3c4", Some("branch-sha-1a2b3c4")),
        ("release/2.0", Some("release-2.0")),
        ("version", Some("version")),
        ("latest-fixes", Some("latest-fixes")),
        ("/latest", Some("branch-latest")),
        (
            "dependabot/pip/requests-2.31.0",
            Some("dependabot-pip-requests-2.31.0"),
        ),
        ("user@host", Some("user-host")),
        ("fix #123: crash", Some("fix-123-crash")),
        ("a:b", Some("a-b")),
        ("a b\tc\nd", Some("a-b-c-d")),
        ("tab\t\t", Some("tab")),
        ("ünïcödé", Some("n-c-d")),
        ("émoji🎉branch", Some("moji-branch")),
        ("feat/🎉-party", Some("feat--party")),
        ("feature/ä", Some("feature")),
        ("功能/登录", None),
        ("🎉", None),
        ("ß", None),
        ("..", None),
        ("../../etc/passwd", Some("etc-passwd")),
        (".hidden", Some("hidden")),
        ("...dots", Some("dots")),
        ("-dash", Some("dash")),
        ("--x", Some("x")),
        ("-.-", None),
        ("_underscore", Some("_underscore")),
        ("x.-y", Some("x.-y")),
        ("trailing/", Some("trailing")),
        ("trailing-", Some("trailing")),
        ("trailing.", Some("trailing.")),
        ("/", None),
        ("///", None),
        ("", None),
        ("refs/heads/main", Some("refs-heads-main")),
        (&x300, Some(&x300_cut)),
        (&x300y, Some(&x300y_cut)),
        (&a128, Some(&a128)),
        (&a129, Some(&a129_cut)),
    ];
    assert!(rows.len() >= 30);
    for (branch, expected) in rows {
        let got = branch_tag(branch, &no_affixes());
        match expected {
            Some(tag) => {
                assert_eq!(got.as_deref(), Ok(tag), "{branch:?}");
                assert!(tag.chars().count() <= MAX_TAG_LEN, "{branch:?}");
            }
            None => assert_eq!(
                got,
                Err(DockerError::EmptyBranchSlug {
                    branch: branch.to_owned()
                }),
                "{branch:?}"
            ),
        }
    }
}

#[test]
fn branch_tags_with_affixes_stay_within_128() {
    let rpi = affixes("rpi-", "");
    assert_eq!(
        branch_tag("feature/implement-doodad", &rpi).as_deref(),
        Ok("rpi-feature-implement-doodad")
    );
    let both = affixes("rpi-", "-arm");
    let long = format!("feature/{}", "a".repeat(200));
    // 4 + 103 + 17 + 4 = 128; the digest is of the branch name.
    let expected = format!("rpi-feature-{}-047bca23574a4067-arm", "a".repeat(95));
    let got = branch_tag(&long, &both).expect("cut");
    assert_eq!(got, expected);
    assert_eq!(got.len(), MAX_TAG_LEN);
}

#[test]
fn affix_and_length_errors() {
    let err = |prefix: &str, suffix: &str| {
        branch_tag("main", &affixes(prefix, suffix))
            .expect_err(prefix)
            .to_string()
    };
    assert_eq!(
        err("rpi/", ""),
        "--prefix `rpi/` cannot be part of a Docker tag: a tag may only hold A-Z a-z 0-9 _ . -"
    );
    assert_eq!(
        err(".rpi", ""),
        "--prefix `.rpi` cannot be part of a Docker tag: a tag cannot start with `.` or `-`"
    );
    assert_eq!(
        err("", "+slim"),
        "--suffix `+slim` cannot be part of a Docker tag: a tag may only hold A-Z a-z 0-9 _ . -"
    );
    let huge = "p".repeat(126);
    assert_eq!(
        err(&huge, ""),
        format!(
            "Docker tag `{huge}main` is 130 characters long, more than the 128 Docker allows: use a shorter --prefix or --suffix"
        )
    );
    assert_eq!(
        DockerError::EmptyBranchSlug {
            branch: "🎉".to_owned()
        }
        .to_string(),
        "branch `🎉` has no character a Docker tag can use (A-Z a-z 0-9 _ . -): pass --branch with a usable name"
    );
}

#[test]
fn version_tags() {
    let rows = [
        ("1.2.3", "1.2.3"),
        ("1.2.4.dev5+g1a2b3c4d5", "1.2.4.dev5-g1a2b3c4d5"),
        (
            "1.2.4.dev5+g1a2b3c4d5.d20231114",
            "1.2.4.dev5-g1a2b3c4d5.d20231114",
        ),
        ("1!2.0", "1-2.0"),
        ("2.0.0rc1", "2.0.0rc1"),
        // PEP 440 allows whitespace around a version; a tag may not start with `-`.
        (" 1.2.3\n", "1.2.3"),
    ];
    for (version, tag) in rows {
        assert_eq!(version_tag(version), tag, "{version}");
    }
}

/// The repository's version tags, in tagging order: 1.4.9 is a hotfix tagged after 2.0.0.
fn history() -> Vec<pep440_rs::Version> {
    [
        "0.9",
        "1.0.0",
        "1.4.8",
        "2.0.0",
        "1.4.9",
        "2.1.0rc1",
        "3.0.0.dev1",
    ]
    .iter()
    .map(|t| v(t))
    .collect()
}

/// Each row: the version built, its aliases among [`history`] (plus the version itself).
#[test]
fn alias_rules() {
    let rows: [(&str, &[&str]); 13] = [
        ("2.0.0", &["2.0", "2", "latest"]),
        ("1.4.9", &["1.4", "1"]),
        ("1.4.8", &[]),
        ("1.0.0", &["1.0"]),
        ("0.9", &["0"]),
        ("1.4.10", &["1.4", "1"]),
        ("2.0.0.post1", &["2.0.0", "2.0", "2", "latest"]),
        ("2.0", &["2", "latest"]),
        ("2.0.1", &["2.0", "2", "latest"]),
        ("3.0.0", &["3.0", "3", "latest"]),
        ("2.1.0rc1", &[]),
        ("3.0.0.dev1", &[]),
        ("1!1.0", &["latest"]),
    ];
    for (version, expected) in rows {
        let mut tags = history();
        tags.push(v(version));
        assert_eq!(release_aliases(&v(version), &tags), expected, "{version}");
    }
    assert_eq!(release_aliases(&v("0.1.0"), &[]), ["0.1", "0", "latest"]);
}

#[test]
fn tags_per_build_kind() {
    let tags = history();
    let tag_list = |kind, version: &str, branch: Option<&str>, affixes: &TagAffixes| {
        image_tags(kind, &v(version), version, branch, &tags, affixes)
    };
    assert_eq!(
        tag_list(BuildKind::Release, "1.4.9", Some("main"), &no_affixes()),
        Ok(vec!["1.4.9".to_owned(), "1.4".to_owned(), "1".to_owned()])
    );
    assert_eq!(
        tag_list(BuildKind::Release, "2.0.0", None, &affixes("rpi-", "")),
        Ok(vec![
            "rpi-2.0.0".to_owned(),
            "rpi-2.0".to_owned(),
            "rpi-2".to_owned(),
            "rpi-latest".to_owned()
        ])
    );
    assert_eq!(
        tag_list(BuildKind::PreRelease, "2.1.0rc1", Some("main"), &no_affixes()),
        Ok(vec!["2.1.0rc1".to_owned()])
    );
    assert_eq!(
        tag_list(
            BuildKind::Development,
            "1.2.4.dev5+g1a2b3c4d5",
            Some("feature/implement-doodad"),
            &no_affixes()
        ),
        Ok(vec![
            "feature-implement-doodad".to_owned(),
            "1.2.4.dev5-g1a2b3c4d5".to_owned()
        ])
    );
    assert_eq!(
        tag_list(
            BuildKind::Development,
            "1.2.4.dev5+g1a2b3c4d5",
            None,
            &no_affixes()
        ),
        Ok(vec!["1.2.4.dev5-g1a2b3c4d5".to_owned()])
    );
    // A dev build never gets `latest`, an alias or a release's own tag, whatever its version
    // and branch.
    assert_eq!(
        tag_list(BuildKind::Development, "9.0.0", Some("9.0.0"), &no_affixes()),
        Ok(vec!["branch-9.0.0".to_owned()])
    );
    assert_eq!(
        tag_list(BuildKind::Development, "9.0.0", Some("latest"), &no_affixes()),
        Ok(vec!["branch-latest".to_owned()])
    );
    assert_eq!(
        tag_list(BuildKind::Development, "9.0.0", None, &no_affixes()),
        Ok(Vec::new())
    );
    assert_eq!(
        tag_list(BuildKind::Development, "1.0", Some("🎉"), &no_affixes()),
        Err(DockerError::EmptyBranchSlug {
            branch: "🎉".to_owned()
        })
    );
}

#[test]
fn image_names() {
    let valid = [
        "app",
        "brewblox/brewblox-devcon-spark",
        "ghcr.io/acme/app",
        "localhost/app",
        "localhost:5000/app",
        "registry.example.com:443/a/b/c",
        "Registry.Example.com/app",
        "[::1]:5000/app",
        "[fe80::1]/app",
        "a__b",
        "a.b",
        "a_b",
        "a---b",
        "123/456",
    ];
    for name in valid {
        assert_eq!(
            ImageName::parse(name).map(|n| n.to_string()).as_deref(),
            Ok(name),
            "{name}"
        );
    }
    let long = "x".repeat(256);
    let invalid = [
        ("", "it is empty"),
        (
            "App",
            "path component `App` holds `A`: use lowercase letters and digits, joined by `.`, `_`, `__` or `-`",
        ),
        (
            "Brewblox/app",
            "path component `Brewblox` holds `B`: use lowercase letters and digits, joined by `.`, `_`, `__` or `-`",
        ),
        (
            "app:1.0",
            "it holds a tag (`:…`): give the repository name only; scmver adds the tags",
        ),
        (
            "app@sha256:0123",
            "it holds a digest (`@…`): give the repository name only",
        ),
        (
            "a//b",
            "path component `` is empty: use lowercase letters and digits, joined by `.`, `_`, `__` or `-`",
        ),
        (
            "app/",
            "path component `` is empty: use lowercase letters and digits, joined by `.`, `_`, `__` or `-`",
        ),
        (
            "-app",
            "path component `-app` does not start and end with a letter or digit: use lowercase letters and digits, joined by `.`, `_`, `__` or `-`",
        ),
        (
            "a..b",
            "path component `a..b` holds the separator `..`: use lowercase letters and digits, joined by `.`, `_`, `__` or `-`",
        ),
        (
            "a___b",
            "path component `a___b` holds the separator `___`: use lowercase letters and digits, joined by `.`, `_`, `__` or `-`",
        ),
        (
            "a_-b",
            "path component `a_-b` holds the separator `_-`: use lowercase letters and digits, joined by `.`, `_`, `__` or `-`",
        ),
        ("host:port/app", "registry port `port` is not a number"),
        (
            "my_registry.com/app",
            "registry `my_registry.com` is not a host name (letters, digits and `-`, separated by dots)",
        ),
        (
            &long,
            "it is 256 characters long, more than the 255 Docker allows",
        ),
    ];
    for (name, reason) in invalid {
        assert_eq!(
            ImageName::parse(name).map_err(|e| e.to_string()),
            Err(format!("invalid image name `{name}`: {reason}")),
            "{name}"
        );
    }
    let image = ImageName::parse("brewblox/brewblox-devcon-spark").expect("valid");
    assert_eq!(
        image.with_tag("feature-implement-doodad"),
        "brewblox/brewblox-devcon-spark:feature-implement-doodad"
    );
}

#[test]
fn labels() {
    let sha = "0123456789abcdef0123456789abcdef01234567";
    let labels = oci_labels(
        "1.2.3",
        Some(sha),
        Timestamp(1_700_000_000),
        Some("https://github.com/acme/app"),
    );
    assert_eq!(
        labels,
        [
            ("org.opencontainers.image.version", "1.2.3".to_owned()),
            ("org.opencontainers.image.revision", sha.to_owned()),
            (
                "org.opencontainers.image.created",
                "2023-11-14T22:13:20Z".to_owned()
            ),
            (
                "org.opencontainers.image.source",
                "https://github.com/acme/app".to_owned()
            ),
        ]
    );
    let pretend = oci_labels("1.2.3", None, Timestamp(0), None);
    assert_eq!(
        pretend,
        [
            ("org.opencontainers.image.version", "1.2.3".to_owned()),
            (
                "org.opencontainers.image.created",
                "1970-01-01T00:00:00Z".to_owned()
            ),
        ]
    );
}

#[test]
fn source_urls() {
    let remote = |scheme: &str, host: Option<&str>, port: Option<u16>, path: &str| RemoteLocation {
        scheme: scheme.to_owned(),
        host: host.map(str::to_owned),
        port,
        path: path.to_owned(),
    };
    let rows = [
        (
            remote("https", Some("github.com"), None, "/acme/app.git"),
            Some("https://github.com/acme/app"),
        ),
        (
            remote("https", Some("gitlab.com"), None, "/group/sub/proj"),
            Some("https://gitlab.com/group/sub/proj"),
        ),
        (
            remote("http", Some("git.internal"), Some(8080), "/acme/app.git/"),
            Some("http://git.internal:8080/acme/app"),
        ),
        (
            remote("ssh", Some("github.com"), None, "acme/app.git"),
            Some("https://github.com/acme/app"),
        ),
        (
            remote("ssh", Some("git.internal"), Some(2222), "/acme/app.git"),
            Some("https://git.internal/acme/app"),
        ),
        (
            remote("git", Some("example.org"), None, "/app.git"),
            Some("https://example.org/app"),
        ),
        (remote("file", None, None, "/srv/git/app.git"), None),
    ];
    for (location, expected) in rows {
        assert_eq!(source_url(&location).as_deref(), expected, "{location:?}");
    }
}

#[test]
fn sha256_digest_test_vectors() {
    // FIPS 180-2 examples: SHA-256("") and SHA-256("abc"), first 64 bits.
    assert_eq!(digest_hex16(b""), "e3b0c44298fc1c14");
    assert_eq!(digest_hex16(b"abc"), "ba7816bf8f01cfea");
}
