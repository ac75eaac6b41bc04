use super::*;

#[track_caller]
fn assert_version(rule: &TagRule, tag: &str, expected: &str) {
    match rule.version_of(tag) {
        Ok(version) => assert_eq!(version.to_string(), expected, "tag `{tag}`"),
        Err(rejection) => panic!("tag `{tag}` rejected ({rejection}), expected {expected}"),
    }
}

#[track_caller]
fn assert_rejected(rule: &TagRule, tag: &str, expected: &TagRejection) {
    match rule.version_of(tag) {
        Ok(version) => panic!("tag `{tag}` accepted as {version}, expected {expected:?}"),
        Err(rejection) => assert_eq!(&rejection, expected, "tag `{tag}`"),
    }
}

/// Tag → version with the default regex. Expected values follow setuptools_scm's
/// `tag_to_version` (pypa/setuptools-scm `testing/test_functions.py::test_tag_to_version`
/// and the PEP 440 normalisation of pypa/packaging), checked with setuptools_scm 10.3.4.
#[test]
fn default_rule_reads_versions() {
    let rule = TagRule::default();
    let rows = [
        ("1.1", "1.1"),
        ("release-1.1", "1.1"),
        ("v1.2.3", "1.2.3"),
        ("V1.2.3", "1.2.3"),
        ("v2.0.0-beta.1", "2.0.0b1"),
        ("1.2.0rc1", "1.2.0rc1"),
        ("1.0.0.post1", "1.0.0.post1"),
        ("1!2.0", "1!2.0"),
        ("1.0.dev0", "1.0.dev0"),
        ("v1.0.0+build.5", "1.0.0+build.5"),
        ("pkg-a-v1.0.0", "1.0.0"),
        ("1.0.0-RC.1", "1.0.0rc1"),
    ];
    for (tag, expected) in rows {
        assert_version(&rule, tag, expected);
    }
}

#[test]
fn strict_rule_needs_a_dot_between_digits() {
    let strict = TagRule::default();
    assert_rejected(&strict, "build-42", &TagRejection::NoDot);
    assert_rejected(&strict, "v1", &TagRejection::NoDot);
    assert_rejected(&strict, "1.", &TagRejection::NoDot);
    assert_rejected(&strict, "nightly", &TagRejection::NoDigit);
    let permissive = TagRule::default().strict(false);
    assert_version(&permissive, "build-42", "42");
    assert_version(&permissive, "v1", "1");
    assert_rejected(&permissive, "nightly", &TagRejection::NoDigit);
}

#[test]
fn non_versions_are_rejected_with_the_reason() {
    let rule = TagRule::default();
    assert_rejected(&rule, "snapshot_2023.1", &TagRejection::RegexMismatch);
    assert_rejected(&rule, "docs-2023.x", &TagRejection::NoDot);
    match rule.version_of("1.2.3.4-this-is-not-pep440") {
        Err(TagRejection::NotPep440 { text, .. }) => assert_eq!(text, "1.2.3.4-this-is-not-pep440"),
        other => panic!("expected NotPep440, got {other:?}"),
    }
}

#[test]
fn prefix_is_required_and_stripped() {
    let rule = TagRule::default().prefix("pkg-a-v");
    assert_version(&rule, "pkg-a-v1.0.0", "1.0.0");
    assert_rejected(&rule, "pkg-b-v2.0.0", &TagRejection::WrongPrefix);
    assert_rejected(&rule, "v3.0.0", &TagRejection::WrongPrefix);
}

#[test]
fn custom_regex_uses_the_version_group_or_the_only_group() {
    let named = TagRule::with_regex(r"^release/(?P<version>\d+\.\d+)$").expect("valid regex");
    assert_version(&named, "release/1.4", "1.4");
    assert_rejected(&named, "v1.4", &TagRejection::RegexMismatch);
    let single = TagRule::with_regex(r"^app@(.+)$").expect("valid regex");
    assert_version(&single, "app@2.0.1", "2.0.1");
    // Anchored at the start like Python's re.match, even without `^`.
    let unanchored = TagRule::with_regex(r"(\d+\.\d+)").expect("valid regex");
    assert_rejected(&unanchored, "x1.2", &TagRejection::RegexMismatch);
    assert_eq!(unanchored.pattern(), r"(\d+\.\d+)");
}

#[test]
fn regex_errors_name_the_pattern() {
    let err = TagRule::with_regex("(?P<version>").expect_err("invalid");
    assert!(
        err.to_string().starts_with("invalid tag regex `(?P<version>`"),
        "{err}"
    );
    let err = TagRule::with_regex(r"(\d+)\.(\d+)").expect_err("two unnamed groups");
    assert_eq!(
        err.to_string(),
        r"tag regex `(\d+)\.(\d+)` needs a group named `version` (or exactly one group) to capture the version"
    );
}

#[test]
fn branch_names_are_read_without_the_strict_rule() {
    let rule = TagRule::default();
    assert_eq!(rule.version_text("1.2"), Some("1.2"));
    assert_eq!(rule.version_text("release-1.2"), Some("1.2"));
    assert_eq!(rule.version_text("v1.2.x"), Some("v1.2.x"));
    assert_eq!(rule.version_text("main"), None);
}

/// The hand-written ASCII matcher against the compiled default regex, on many generated names
/// built from the characters that matter to the pattern.
#[test]
fn default_ascii_matcher_agrees_with_the_regex() {
    let regex = Regex::new(&anchored(DEFAULT_TAG_REGEX)).expect("default regex compiles");
    let alphabet: &[u8] = b"ab_-vV0129.+/x\n ";
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for _ in 0..50_000 {
        let len = (next() % 14) as usize;
        let name: String = (0..len)
            .map(|_| alphabet[(next() % alphabet.len() as u64) as usize] as char)
            .collect();
        let expected = regex.captures(&name).map(|c| {
            let version = c.get(1).expect("version group");
            (
                version.as_str(),
                &name[version.end()..c.get(0).expect("match").end()],
            )
        });
        assert_eq!(split_default_ascii(&name), expected, "{name:?}");
    }
}

#[test]
fn non_ascii_names_use_the_unicode_regex() {
    // `\w` covers the combining accent, so `x\u{301}-` is a prefix and 1.0 the version.
    assert_version(&TagRule::default(), "x\u{301}-1.0", "1.0");
    assert_rejected(&TagRule::default(), "ünï-x.1.2", &TagRejection::RegexMismatch);
    assert_version(&TagRule::default(), "ünï-1.2", "1.2");
}

#[test]
fn dropping_the_v_of_a_plain_release_parses_the_same_version() {
    for text in [
        "v1.2.3",
        "V1.2.3",
        "v01.002",
        "v0",
        "v1.2.3.4.5.6",
        "v300.1",
        "v1.2rc1",
        "v1.0+local",
        "1.2.3",
        "v",
        "v.1",
        "v1.",
        "v1..2",
        "vv1",
        "v 1",
    ] {
        let full = pep440_rs::Version::from_str(text).map(|v| (v.to_string(), v));
        let ours = super::parse_pep440(text).map(|v| (v.to_string(), v));
        match (full, ours) {
            (Ok(full), Ok(ours)) => {
                assert_eq!(full, ours, "{text}");
                assert_eq!(full.1.cmp(&ours.1), std::cmp::Ordering::Equal, "{text}");
            }
            (Err(full), Err(ours)) => assert_eq!(full.to_string(), ours.to_string(), "{text}"),
            (full, ours) => panic!("{text}: pep440_rs says {full:?}, parse_pep440 says {ours:?}"),
        }
    }
}
