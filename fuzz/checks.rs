//! The properties the fuzz targets check, one `check_*` function per target. Each takes the raw
//! input bytes and panics when a property does not hold.
//!
//! This file is compiled twice: into each fuzz target (`fuzz/fuzz_targets/*.rs`, nightly,
//! cargo-fuzz) and into the stable integration tests (`tests/core/fuzz_replay.rs`), which replay
//! the committed corpora through the same functions. It may therefore only use what both have:
//! `scmver_core` (with its `test-hooks` feature, and the `pep440_rs` and `semver` it
//! re-exports), `serde_json` and `toml_edit`.
//!
//! Inputs that hold several strings separate them with NUL bytes (`\0`), so seed files can be
//! written by hand; text that is not UTF-8 is read lossily.

use std::collections::BTreeMap;
use std::ops::Range;

use scmver_core::pep440_rs::Version;
use scmver_core::semver;

/// The input split at NUL bytes, each part read as UTF-8 (lossily).
fn parts(data: &[u8]) -> Vec<String> {
    data.split(|&b| b == 0)
        .map(|part| String::from_utf8_lossy(part).into_owned())
        .collect()
}

// ---------------------------------------------------------------------------------------------
// tag_version
// ---------------------------------------------------------------------------------------------

/// A tag name (the whole input) through the default tag rule and several configured ones.
///
/// - The default rule's hand-written ASCII matcher agrees with the regex it stands for: a rule
///   built from the same regex spelled differently (so it runs the regex) gives the same
///   verdict on every name.
/// - A prefixed rule judges `prefix + name` exactly as the default rule judges `name`, and
///   refuses names without the prefix.
/// - The non-strict rule accepts every name the strict one does, with the same version.
/// - Every accepted version prints in its canonical form, which parses back to the same
///   version; its SemVer twin prints as text that `semver` parses back to the same value, with
///   the release numbers padded to three, and with a pre-release part exactly when the version
///   has a SemVer pre-release (a pre-release, or a dev release that is not a post-release).
/// - Ordering: a final release sorts above its `.devN` forms in PEP 440 and in SemVer.
pub fn check_tag_version(data: &[u8]) {
    use scmver_core::options::tag_rule::TagRejection;

    let tag = String::from_utf8_lossy(data);
    let tag = tag.as_ref();
    let rules = tag_rules();

    let verdict = rules.default.version_of(tag);
    assert_eq!(
        rules.same_regex.version_of(tag),
        verdict,
        "the default rule's ASCII matcher and its regex disagree on {tag:?}"
    );

    assert_eq!(
        rules.prefixed.version_of(&format!("pkg-v{tag}")),
        verdict,
        "prefix `pkg-v` + {tag:?} is not judged like {tag:?}"
    );
    if !tag.starts_with("pkg-v") {
        assert_eq!(
            rules.prefixed.version_of(tag),
            Err(TagRejection::WrongPrefix),
            "{tag:?} lacks the prefix"
        );
    }

    let loose_verdict = rules.loose.version_of(tag);
    if let Ok(version) = &verdict {
        assert_eq!(
            loose_verdict.as_ref(),
            Ok(version),
            "non-strict rejects {tag:?}, which strict accepts"
        );
    }

    let mut accepted: Vec<Version> = verdict.into_iter().chain(loose_verdict).collect();
    for rule in &rules.custom {
        accepted.extend(rule.version_of(tag));
    }
    for version in &accepted {
        check_version_value(version, tag);
    }
}

/// The tag rules [`check_tag_version`] uses, built once: compiling a regex costs far more than
/// judging a name.
#[derive(Debug)]
struct TagRules {
    default: scmver_core::options::tag_rule::TagRule,
    same_regex: scmver_core::options::tag_rule::TagRule,
    prefixed: scmver_core::options::tag_rule::TagRule,
    loose: scmver_core::options::tag_rule::TagRule,
    custom: Vec<scmver_core::options::tag_rule::TagRule>,
}

fn tag_rules() -> &'static TagRules {
    use scmver_core::options::tag_rule::{DEFAULT_TAG_REGEX, TagRule};

    static RULES: std::sync::OnceLock<TagRules> = std::sync::OnceLock::new();
    RULES.get_or_init(|| {
        let compile = |pattern: &str| match TagRule::with_regex(pattern) {
            Ok(rule) => rule,
            Err(err) => panic!("test pattern {pattern:?}: {err}"),
        };
        let mut custom = Vec::new();
        for pattern in [
            r"^v(?P<version>\d+\.\d+\.\d+)$",
            r"^(?:[a-z]+/)?[vV]?(\d[^_]*)(?:_.*)?$",
            r"(?P<version>.+)",
        ] {
            let rule = compile(pattern);
            custom.push(rule.clone().strict(false));
            custom.push(rule);
        }
        TagRules {
            default: TagRule::default(),
            // The default regex spelled differently, so the rule runs the regex where the
            // default rule takes its hand-written ASCII path.
            same_regex: compile(&format!("(?:){DEFAULT_TAG_REGEX}")),
            prefixed: TagRule::default().prefix("pkg-v"),
            loose: TagRule::default().strict(false),
            custom,
        }
    })
}

/// Round trips and SemVer mapping of one accepted version.
fn check_version_value(version: &Version, tag: &str) {
    use scmver_core::version::semver_twin::to_semver;

    let text = version.to_string();
    let Ok(back) = text.parse::<Version>() else {
        panic!("{tag:?}: canonical form {text:?} does not parse");
    };
    assert_eq!(&back, version, "{tag:?}: {text:?} parses to another version");
    assert_eq!(back.to_string(), text, "{tag:?}: canonical form is not stable");

    let twin = to_semver(version);
    let twin_text = twin.to_string();
    let Ok(parsed) = semver::Version::parse(&twin_text) else {
        panic!("{tag:?}: SemVer twin {twin_text:?} of {text:?} does not parse");
    };
    assert_eq!(
        parsed, twin,
        "{tag:?}: SemVer twin {twin_text:?} does not round-trip"
    );
    let number = |i: usize| version.release().get(i).copied().unwrap_or(0);
    assert_eq!(
        (twin.major, twin.minor, twin.patch),
        (number(0), number(1), number(2)),
        "{tag:?}: release numbers of {text:?} → {twin_text:?}"
    );
    let has_pre = version.pre().is_some() || (version.dev().is_some() && version.post().is_none());
    assert_eq!(
        !twin.pre.is_empty(),
        has_pre,
        "{tag:?}: pre-release part of {text:?} → {twin_text:?}"
    );
    let has_build = version.release().len() > 3
        || version.epoch() != 0
        || !version.local().is_empty()
        || (version.post().is_some() && version.pre().is_none());
    assert_eq!(
        !twin.build.is_empty(),
        has_build,
        "{tag:?}: build metadata of {text:?} → {twin_text:?}"
    );

    let is_final = version.pre().is_none() && version.post().is_none() && version.dev().is_none();
    if is_final {
        for dev in [0, 7] {
            let dev_version = version.clone().with_dev(Some(dev));
            assert!(
                dev_version < *version,
                "{tag:?}: {dev_version} does not sort below {text}"
            );
            assert!(
                to_semver(&dev_version) < twin,
                "{tag:?}: SemVer {} does not sort below {twin_text}",
                to_semver(&dev_version)
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// template
// ---------------------------------------------------------------------------------------------

/// The field names of `TemplateFields`, in the order the input gives their values.
const TEMPLATE_FIELDS: [&str; 12] = [
    "tag",
    "base",
    "next",
    "distance",
    "pipeline",
    "node",
    "sha",
    "branch",
    "branch_slug",
    "branch_version",
    "date",
    "version",
];

/// Input: `template \0 tag \0 base \0 next \0 distance \0 pipeline \0 … \0 version` (the fields
/// of `TemplateFields` in declaration order). A missing part leaves an optional field unset,
/// as does a part that starts with byte 0x01; `distance` is the part's decimal value (else its
/// length).
///
/// Properties of `render_template`:
/// - It agrees exactly with a reference renderer written from the syntax: `{{` and `}}` are
///   literal braces, `{name}` (name = everything up to the next `}`) is a known field's value,
///   a lone `}` or a `{` without a later `}` is an unbalanced-brace error, an unknown name or an
///   unset field is an error naming it; the first problem from the left wins. In particular an
///   `Ok` result holds no brace of the template syntax: with brace-free field values, it holds
///   exactly one `{` per `{{` and one `}` per `}}` of the template, and nothing else of a `{…}`
///   placeholder.
/// - `render_template_with` agrees with the reference renderer given the encoded values, and
///   hands the encoder the text rendered so far (a prefix of the result).
/// - Escaping any text (`{` → `{{`, `}` → `}}`) and rendering gives the text back.
pub fn check_template(data: &[u8]) {
    use scmver_core::version::template::{TemplateFields, render_template, render_template_with};

    let parts = parts(data);
    let template = parts[0].as_str();
    let given = |i: usize| -> Option<String> {
        parts
            .get(i + 1)
            .filter(|part| !part.starts_with('\u{1}'))
            .cloned()
    };
    let fields = TemplateFields {
        tag: given(0).unwrap_or_default(),
        base: given(1).unwrap_or_default(),
        next: given(2).unwrap_or_default(),
        distance: given(3).map_or(0, |d| d.parse().unwrap_or(d.len() as u64)),
        pipeline: given(4),
        node: given(5),
        sha: given(6),
        branch: given(7),
        branch_slug: given(8),
        branch_version: given(9),
        date: given(10),
        version: given(11),
    };
    let values: Vec<(&str, Option<String>)> = TEMPLATE_FIELDS
        .iter()
        .map(|&name| {
            let value = match name {
                "tag" => Some(fields.tag.clone()),
                "base" => Some(fields.base.clone()),
                "next" => Some(fields.next.clone()),
                "distance" => Some(fields.distance.to_string()),
                "pipeline" => fields.pipeline.clone(),
                "node" => fields.node.clone(),
                "sha" => fields.sha.clone(),
                "branch" => fields.branch.clone(),
                "branch_slug" => fields.branch_slug.clone(),
                "branch_version" => fields.branch_version.clone(),
                "date" => fields.date.clone(),
                _ => fields.version.clone(),
            };
            (name, value)
        })
        .collect();

    let actual = render_template(template, &fields).map_err(|err| rendered_error(&err));
    let expected = reference_render(template, &values);
    assert_eq!(actual, expected, "template {template:?}");

    if let Ok(out) = &actual
        && values
            .iter()
            .all(|(_, v)| v.as_ref().is_none_or(|v| !v.contains(['{', '}'])))
    {
        let (open, close) = escapes(template);
        assert_eq!(out.matches('{').count(), open, "template {template:?} → {out:?}");
        assert_eq!(out.matches('}').count(), close, "template {template:?} → {out:?}");
    }

    // The encoding variant: each value passes through the encoder, which is handed the text
    // rendered so far.
    let handed = std::cell::RefCell::new(Vec::new());
    let encoded = render_template_with(template, &fields, &|before, value| {
        handed.borrow_mut().push(before.to_owned());
        format!("<{value}>")
    })
    .map_err(|err| rendered_error(&err));
    let wrapped: Vec<(&str, Option<String>)> = values
        .iter()
        .map(|(name, value)| (*name, value.as_ref().map(|v| format!("<{v}>"))))
        .collect();
    assert_eq!(
        encoded,
        reference_render(template, &wrapped),
        "encoded {template:?}"
    );
    if let Ok(out) = &encoded {
        for before in handed.borrow().iter() {
            assert!(
                out.starts_with(before.as_str()),
                "encoder handed {before:?}, not a prefix of {out:?}"
            );
        }
    }

    let escaped = template.replace('{', "{{").replace('}', "}}");
    assert_eq!(
        render_template(&escaped, &fields).as_deref(),
        Ok(template),
        "escaped {template:?}"
    );
    if !template.contains(['{', '}']) {
        assert_eq!(render_template(template, &fields).as_deref(), Ok(template));
    }
}

/// What a render gave, comparable with [`reference_render`].
#[derive(Debug, Clone, PartialEq, Eq)]
enum RenderError {
    Unbalanced(char),
    Unknown(String),
    Missing(String),
    Other(String),
}

fn rendered_error(err: &scmver_core::version::template::TemplateError) -> RenderError {
    use scmver_core::version::template::TemplateError;
    match err {
        TemplateError::Unbalanced { brace, .. } => RenderError::Unbalanced(*brace),
        TemplateError::UnknownField { field, .. } => RenderError::Unknown(field.clone()),
        TemplateError::MissingValue { field, .. } => RenderError::Missing((*field).to_owned()),
        other => RenderError::Other(other.to_string()),
    }
}

/// The template syntax, written from its description (module docs of `version::template`).
fn reference_render(template: &str, values: &[(&str, Option<String>)]) -> Result<String, RenderError> {
    let mut out = String::new();
    let mut rest = template;
    while let Some(at) = rest.find(['{', '}']) {
        out.push_str(&rest[..at]);
        let here = &rest[at..];
        if let Some(after) = here.strip_prefix("{{") {
            out.push('{');
            rest = after;
        } else if let Some(after) = here.strip_prefix("}}") {
            out.push('}');
            rest = after;
        } else if here.starts_with('}') {
            return Err(RenderError::Unbalanced('}'));
        } else {
            let inner = &here[1..];
            let Some(end) = inner.find('}') else {
                return Err(RenderError::Unbalanced('{'));
            };
            let name = &inner[..end];
            match values.iter().find(|(field, _)| *field == name) {
                None => return Err(RenderError::Unknown(name.to_owned())),
                Some((_, None)) => return Err(RenderError::Missing(name.to_owned())),
                Some((_, Some(value))) => out.push_str(value),
            }
            rest = &inner[end + 1..];
        }
    }
    out.push_str(rest);
    Ok(out)
}

/// How many `{{` and `}}` escapes a template holds, read left to right like the renderer
/// (placeholders skipped).
fn escapes(template: &str) -> (usize, usize) {
    let (mut open, mut close) = (0, 0);
    let mut rest = template;
    while let Some(at) = rest.find(['{', '}']) {
        let here = &rest[at..];
        if let Some(after) = here.strip_prefix("{{") {
            open += 1;
            rest = after;
        } else if let Some(after) = here.strip_prefix("}}") {
            close += 1;
            rest = after;
        } else {
            let end = here[1..].find('}').map_or(here.len(), |end| end + 2);
            rest = &here[end..];
        }
    }
    (open, close)
}

// ---------------------------------------------------------------------------------------------
// docker_tags
// ---------------------------------------------------------------------------------------------

/// Docker's tag rule: `[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}`.
fn is_docker_tag(tag: &str) -> bool {
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let bytes = tag.as_bytes();
    !bytes.is_empty()
        && bytes.len() <= 128
        && word(bytes[0])
        && bytes.iter().all(|&b| word(b) || b == b'.' || b == b'-')
}

/// Input: `branch \0 prefix \0 suffix \0 image \0 version \0 other version tags…`.
///
/// - `slugify`: only `[A-Za-z0-9_.-]`, never a leading `.` or `-` nor a trailing `-`;
///   idempotent; a name already in that form is kept.
/// - `branch_tag`: an `Ok` tag obeys Docker's tag rule and carries the affixes; between them
///   is the slug, with `branch-` before it when a release could own it (`latest` in any case,
///   starting with a digit or `v` and a digit, or with `pr-` or `sha-`), exactly when that fits
///   in 128 characters, else a beginning of it, `-` and 16 lowercase hex digits; so it is never
///   a tag a release could own. It fails only for invalid affixes, an empty slug, or affixes
///   too long to leave room for a cut slug.
/// - `image_tags` (all three build kinds, the version text being any text that parses as the
///   version, as a `VersionReport` holds): every tag obeys Docker's rule and carries the
///   affixes, no tag repeats; a release's or pre-release's first tag is its own version tag; a
///   development build carries its own version tag exactly when the version is not final, and
///   no other tag a release could own.
/// - `ImageName::parse`: an accepted name matches the grammar of
///   <https://github.com/distribution/reference/blob/main/regexp.go> (repository name with an
///   optional domain, no tag or digest) and has at most 255 characters; a lowercase path with
///   no domain-like first component is accepted.
pub fn check_docker_tags(data: &[u8]) {
    use scmver_core::output::docker::{
        BuildKind, DockerError, ImageName, TagAffixes, branch_tag, image_tags, version_tag,
    };
    use scmver_core::version::slug::slugify;

    let parts = parts(data);
    let part = |i: usize| parts.get(i).map_or("", String::as_str);
    let (branch, prefix, suffix, image, version_text) = (part(0), part(1), part(2), part(3), part(4));
    let tag_chars = |s: &str| {
        s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'))
    };

    let slug = slugify(branch);
    assert!(tag_chars(&slug), "slug {slug:?} of {branch:?}");
    assert!(!slug.starts_with(['.', '-']), "slug {slug:?} of {branch:?}");
    assert!(!slug.ends_with('-'), "slug {slug:?} of {branch:?}");
    assert_eq!(slugify(&slug), slug, "slugify is not idempotent on {branch:?}");
    if tag_chars(branch) && !branch.starts_with(['.', '-']) && !branch.ends_with('-') {
        assert_eq!(slug, branch, "slugify changed {branch:?}");
    }

    let affixes = TagAffixes {
        prefix: prefix.to_owned(),
        suffix: suffix.to_owned(),
    };
    let affixes_valid = tag_chars(prefix) && tag_chars(suffix) && !prefix.starts_with(['.', '-']);
    assert_eq!(affixes.validate().is_ok(), affixes_valid, "affixes {affixes:?}");
    // The tag between the affixes.
    let core = |tag: &str, what: &str| -> String {
        assert!(
            is_docker_tag(tag),
            "{what}: {tag:?} is not a Docker tag ({affixes:?})"
        );
        let Some(core) = tag
            .strip_prefix(prefix)
            .and_then(|rest| rest.strip_suffix(suffix))
        else {
            panic!("{what}: {tag:?} lacks the affixes {affixes:?}");
        };
        core.to_owned()
    };

    match branch_tag(branch, &affixes) {
        Ok(tag) => {
            let what = format!("branch {branch:?}");
            let core = core(&tag, &what);
            assert!(
                !release_owned(&core),
                "{what}: {tag:?} is a tag a release could own"
            );
            // Like the code, and unlike `RESERVED_PREFIXES`' docs, a `branch-` slug stays as it is.
            let lower = slug.to_ascii_lowercase();
            let expected = if release_owned(&slug) || lower.starts_with("pr-") || lower.starts_with("sha-") {
                format!("branch-{slug}")
            } else {
                slug.clone()
            };
            if prefix.len() + expected.len() + suffix.len() <= 128 {
                assert_eq!(core, expected, "{what}: not cut though it fits");
            } else {
                let Some((head, hash)) = core.rsplit_once('-') else {
                    panic!("{what}: cut tag {tag:?} without a hash");
                };
                assert!(
                    hash.len() == 16
                        && hash
                            .bytes()
                            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)),
                    "{what}: cut tag {tag:?} does not end in 16 hex digits"
                );
                assert!(
                    !head.is_empty() && expected.starts_with(head),
                    "{what}: cut tag {tag:?} does not start with the slug {expected:?}"
                );
            }
        }
        Err(DockerError::Affix { .. }) => assert!(!affixes_valid),
        Err(DockerError::EmptyBranchSlug { .. }) => assert!(slug.is_empty(), "branch {branch:?}"),
        Err(DockerError::TooLong { .. }) => assert!(
            prefix.len() + suffix.len() > 110,
            "branch {branch:?} refused as too long with room for a cut slug"
        ),
        Err(other) => panic!("branch {branch:?}: unexpected error {other}"),
    }

    if let Ok(version) = version_text.parse::<Version>() {
        let own = version_tag(version_text);
        assert!(tag_chars(&own), "version tag {own:?} of {version_text:?}");
        let not_final = version.is_pre() || version.dev().is_some() || !version.local().is_empty();
        let others: Vec<Version> = parts
            .iter()
            .skip(5)
            .filter_map(|text| text.parse().ok())
            .collect();
        let branch = (!branch.is_empty()).then_some(branch);
        for kind in [BuildKind::Release, BuildKind::PreRelease, BuildKind::Development] {
            let what = format!("{kind:?} {version_text:?} branch {branch:?}");
            let Ok(tags) = image_tags(kind, &version, version_text, branch, &others, &affixes) else {
                continue;
            };
            let cores: Vec<String> = tags.iter().map(|tag| core(tag, &what)).collect();
            let mut unique = tags.clone();
            unique.sort();
            unique.dedup();
            assert_eq!(unique.len(), tags.len(), "{what}: repeated tags {tags:?}");
            if kind == BuildKind::Development {
                assert_eq!(cores.contains(&own), not_final, "{what}: own tag in {tags:?}");
                for core in &cores {
                    assert!(
                        !release_owned(core) || (*core == own && not_final),
                        "{what}: {core:?} is a tag a release could own"
                    );
                }
            } else {
                assert_eq!(cores.first(), Some(&own), "{what}: {tags:?}");
            }
        }
    }

    match ImageName::parse(image) {
        Ok(name) => {
            assert!(image.len() <= 255, "image {image:?} is too long");
            assert!(
                matches_reference_name(image),
                "image {image:?} is not a repository name"
            );
            assert_eq!(name.as_str(), image);
            assert_eq!(name.with_tag("1.0"), format!("{image}:1.0"));
        }
        Err(_) => {
            let first = image.split('/').next().unwrap_or_default();
            let domain_like = image.contains('/') && (first.contains(['.', ':']) || first == "localhost");
            assert!(
                !(image.len() <= 255 && !domain_like && path_matches(image)),
                "image {image:?} is a valid repository path but was refused"
            );
        }
    }
}

/// A tag a release build could own: `latest` (any case) or version-shaped (starting with a
/// digit, or with `v`/`V` and a digit).
fn release_owned(tag: &str) -> bool {
    let bytes = tag.as_bytes();
    tag.eq_ignore_ascii_case("latest")
        || bytes.first().is_some_and(u8::is_ascii_digit)
        || (matches!(bytes.first(), Some(b'v' | b'V')) && bytes.get(1).is_some_and(u8::is_ascii_digit))
}

/// `(domain/)?path` of distribution/reference's grammar (no tag, no digest).
fn matches_reference_name(name: &str) -> bool {
    if path_matches(name) {
        return true;
    }
    match name.split_once('/') {
        Some((domain, path)) => domain_matches(domain) && path_matches(path),
        None => false,
    }
}

/// `pathComponent (/ pathComponent)*`, where `pathComponent = [a-z0-9]+ (separator [a-z0-9]+)*`
/// and `separator = [._] | __ | -+`.
fn path_matches(path: &str) -> bool {
    path.split('/').all(|component| {
        let alnum = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit();
        let bytes = component.as_bytes();
        let mut i = 0;
        loop {
            let start = i;
            while i < bytes.len() && alnum(bytes[i]) {
                i += 1;
            }
            if i == start {
                return false;
            }
            if i == bytes.len() {
                return true;
            }
            let sep_start = i;
            while i < bytes.len() && !alnum(bytes[i]) {
                i += 1;
            }
            let separator = &component[sep_start..i];
            if !(matches!(separator, "." | "_" | "__") || separator.bytes().all(|b| b == b'-')) {
                return false;
            }
        }
    })
}

/// `host (: [0-9]+)?`, `host = domainName | \[ [a-fA-F0-9:]+ \]`,
/// `domainName = component (. component)*`, `component = [a-zA-Z0-9] | [a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]`.
fn domain_matches(domain: &str) -> bool {
    let (host, port) = if let Some(rest) = domain.strip_prefix('[') {
        let Some((inner, after)) = rest.split_once(']') else {
            return false;
        };
        if inner.is_empty() || !inner.bytes().all(|b| b.is_ascii_hexdigit() || b == b':') {
            return false;
        }
        return after.is_empty()
            || after
                .strip_prefix(':')
                .is_some_and(|port| !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()));
    } else {
        match domain.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (domain, None),
        }
    };
    let port_ok = port.is_none_or(|port| !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()));
    let label_ok = |label: &str| {
        !label.is_empty()
            && label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            && !label.starts_with('-')
            && !label.ends_with('-')
    };
    port_ok && host.split('.').all(label_ok)
}

// ---------------------------------------------------------------------------------------------
// pyproject
// ---------------------------------------------------------------------------------------------

/// The versions the pyproject target stamps (byte 0 of the input picks one).
const STAMPED: [&str; 6] = [
    "1.2.3",
    "0.1.dev3+g1a2b3c4d5",
    "2!1.0rc1.post2.dev4",
    "1.0+ubuntu.1",
    "10.20.30a4",
    "0.0",
];

/// Replaced version values (`\u{1}`), inserted ones (`\u{3}`) and `"version"` entries of
/// `project.dynamic` (`\u{2}`) are masked with these before texts are compared.
const REPLACED: char = '\u{1}';
const DYNAMIC: char = '\u{2}';
const INSERTED: char = '\u{3}';

/// Input: byte 0 picks the version (`byte % 6`) and `keep_dynamic` (`byte & 0x80`); the rest
/// is the pyproject.toml text.
///
/// Properties of `set_version`:
/// - It never reports `EditFailed` (that variant means a bug in scmver), and reports a TOML
///   error only for text that does not parse.
/// - On `Ok`: the new text parses; each key it reports holds the version; `old_version` is what
///   the text held; the values equal the original's with the version set and `"version"`
///   dropped from `project.dynamic`, nothing else (compared as plain values).
/// - Bytes: with every version value masked (in both texts) and every `"version"` entry of
///   `project.dynamic` masked (in the original), the texts are identical when the edit only
///   replaced existing values; a replaced value keeps its quote character. When a key was
///   inserted or a dynamic entry removed, the line-level diff has at most one changed region per
///   such edit, each holding the mask of the edit that explains it; a region that only removes
///   holds nothing else but separators, whitespace, line breaks and comments, and a region that
///   only inserts leaves the old text intact and adds one `version` key.
/// - A second run on the result succeeds and changes nothing.
pub fn check_pyproject(data: &[u8]) {
    use scmver_core::output::pyproject::{PyprojectError, RewriteOptions, set_version};

    let Some((&selector, text)) = data.split_first() else {
        return;
    };
    let version = STAMPED[usize::from(selector) % STAMPED.len()];
    let options = RewriteOptions {
        keep_dynamic: selector & 0x80 != 0,
    };
    let text = String::from_utf8_lossy(text);
    let text = text.as_ref();

    let original = toml_edit::Document::parse(text);
    let outcome = match set_version(text, version, options) {
        Ok(outcome) => outcome,
        Err(PyprojectError::EditFailed { detail }) => {
            panic!("EditFailed ({detail}) on {text:?}")
        }
        Err(PyprojectError::Toml { .. }) => {
            assert!(original.is_err(), "TOML error on text that parses: {text:?}");
            return;
        }
        Err(_) => return,
    };
    let Ok(original) = original else {
        panic!("Ok on text that does not parse: {text:?}");
    };
    let new_text = outcome.new_text.as_str();
    let Ok(new) = toml_edit::Document::parse(new_text) else {
        panic!("the result does not parse: {text:?} → {new_text:?}");
    };
    assert_eq!(outcome.changed, new_text != text);
    assert!(!outcome.keys.is_empty(), "no key set in {text:?}");

    // Values.
    let mut expected = plain_table(original.as_table());
    for key in &outcome.keys {
        let path = version_path(key);
        assert_eq!(
            lookup(new.as_table(), path).and_then(toml_edit::Item::as_str),
            Some(version),
            "{key} in {new_text:?}"
        );
        set_plain(&mut expected, path, version);
    }
    let old_project = lookup(original.as_table(), &["project", "version"]).and_then(toml_edit::Item::as_str);
    let old_poetry =
        lookup(original.as_table(), &["tool", "poetry", "version"]).and_then(toml_edit::Item::as_str);
    let old_expected = if outcome.keys.contains(&"project.version") {
        old_project.or(old_poetry.filter(|_| outcome.keys.contains(&"tool.poetry.version")))
    } else {
        old_poetry
    };
    assert_eq!(
        outcome.old_version.as_deref(),
        old_expected,
        "old version of {text:?}"
    );
    if let Some(serde_json::Value::Object(project)) = expected.get_mut("project")
        && let Some(serde_json::Value::Array(dynamic)) = project.get_mut("dynamic")
    {
        dynamic.retain(|entry| *entry != serde_json::json!({ "string": "version" }));
    }
    assert_eq!(
        plain_table(new.as_table()),
        expected,
        "values other than the version changed: {text:?} → {new_text:?}"
    );

    // Bytes.
    check_pyproject_bytes(text, &original, new_text, &new, &outcome.keys);

    // Idempotence.
    match set_version(new_text, version, options) {
        Ok(again) => {
            assert!(
                !again.changed,
                "second run changed {new_text:?} into {:?}",
                again.new_text
            );
            assert_eq!(again.new_text, new_text);
            assert_eq!(again.old_version.as_deref(), Some(version));
        }
        Err(err) => panic!("second run on {new_text:?} failed: {err}"),
    }
}

fn version_path(key: &str) -> &'static [&'static str] {
    match key {
        "project.version" => &["project", "version"],
        "tool.poetry.version" => &["tool", "poetry", "version"],
        other => panic!("unexpected key {other}"),
    }
}

fn lookup<'d>(table: &'d toml_edit::Table, path: &[&str]) -> Option<&'d toml_edit::Item> {
    let (first, rest) = path.split_first()?;
    let mut item = table.get(first)?;
    for key in rest {
        item = item.as_table_like()?.get(key)?;
    }
    Some(item)
}

fn set_plain(value: &mut serde_json::Value, path: &[&str], version: &str) {
    let Some((last, parents)) = path.split_last() else {
        return;
    };
    let mut node = value;
    for key in parents {
        let Some(next) = node.get_mut(*key) else {
            panic!("table {key} of {path:?} missing");
        };
        node = next;
    }
    if let serde_json::Value::Object(map) = node {
        map.insert((*last).to_owned(), serde_json::json!({ "string": version }));
    }
}

fn plain_table(table: &dyn toml_edit::TableLike) -> serde_json::Value {
    serde_json::Value::Object(
        table
            .iter()
            .map(|(key, item)| (key.to_owned(), plain_item(item)))
            .collect(),
    )
}

fn plain_item(item: &toml_edit::Item) -> serde_json::Value {
    match item {
        toml_edit::Item::None => serde_json::Value::Null,
        toml_edit::Item::Value(value) => plain_value(value),
        toml_edit::Item::Table(table) => plain_table(table),
        toml_edit::Item::ArrayOfTables(array) => {
            serde_json::Value::Array(array.iter().map(|table| plain_table(table)).collect())
        }
    }
}

fn plain_value(value: &toml_edit::Value) -> serde_json::Value {
    use toml_edit::Value;
    match value {
        Value::String(s) => serde_json::json!({ "string": s.value() }),
        Value::Integer(i) => serde_json::json!({ "integer": i.value() }),
        Value::Float(f) => serde_json::json!({ "float": f.value().to_bits() }),
        Value::Boolean(b) => serde_json::json!({ "bool": b.value() }),
        Value::Datetime(d) => serde_json::json!({ "datetime": d.value().to_string() }),
        Value::Array(array) => serde_json::Value::Array(array.iter().map(plain_value).collect()),
        Value::InlineTable(table) => plain_table(table),
    }
}

/// Version keys with the spans of their values.
type KeySpans = Vec<(String, Range<usize>)>;

/// The spans of the version values of `keys` present in `doc`, and of the `"version"` entries
/// of `project.dynamic`.
fn version_spans(doc: &toml_edit::Document<&str>, keys: &[&str]) -> (KeySpans, Vec<Range<usize>>) {
    let mut values = Vec::new();
    for key in keys {
        if let Some(item) = lookup(doc.as_table(), version_path(key))
            && let Some(span) = item.span()
        {
            values.push(((*key).to_owned(), span));
        }
    }
    let dynamic = lookup(doc.as_table(), &["project", "dynamic"])
        .and_then(toml_edit::Item::as_array)
        .map(|array| {
            array
                .iter()
                .filter(|value| value.as_str() == Some("version"))
                .filter_map(toml_edit::Value::span)
                .collect()
        })
        .unwrap_or_default();
    (values, dynamic)
}

/// `text` with each span replaced by its mask character.
fn masked(text: &str, mut spans: Vec<(Range<usize>, char)>) -> String {
    spans.sort_by_key(|(span, _)| span.start);
    let mut out = String::new();
    let mut at = 0;
    for (span, mask) in spans {
        assert!(span.start >= at, "overlapping spans in {text:?}");
        out.push_str(&text[at..span.start]);
        out.push(mask);
        at = span.end;
    }
    out.push_str(&text[at..]);
    out
}

fn check_pyproject_bytes(
    text: &str,
    original: &toml_edit::Document<&str>,
    new_text: &str,
    new: &toml_edit::Document<&str>,
    keys: &[&str],
) {
    if text.contains([REPLACED, DYNAMIC, INSERTED]) || new_text.contains([REPLACED, DYNAMIC, INSERTED]) {
        return; // TOML forbids these control characters anyway
    }
    let (old_values, dynamic) = version_spans(original, keys);
    let (new_values, new_dynamic) = version_spans(new, keys);
    assert!(new_dynamic.is_empty(), "`version` still dynamic in {new_text:?}");
    assert_eq!(
        new_values.len(),
        keys.len(),
        "a version key has no span in {new_text:?}"
    );

    // A replaced value keeps its quote character.
    for (key, new_span) in &new_values {
        if let Some((_, old_span)) = old_values.iter().find(|(old_key, _)| old_key == key) {
            let old_raw = &text[old_span.clone()];
            let new_raw = &new_text[new_span.clone()];
            let quote = if old_raw.starts_with('\'') { '\'' } else { '"' };
            assert!(
                new_raw.starts_with(quote) && new_raw.ends_with(quote) && new_raw.len() >= 2,
                "{key}: {old_raw:?} became {new_raw:?}"
            );
        }
    }

    let old_masked = masked(
        text,
        old_values
            .iter()
            .map(|(_, span)| (span.clone(), REPLACED))
            .chain(dynamic.iter().map(|span| (span.clone(), DYNAMIC)))
            .collect(),
    );
    let new_masked = masked(
        new_text,
        new_values
            .iter()
            .map(|(key, span)| {
                let existed = old_values.iter().any(|(old_key, _)| old_key == key);
                (span.clone(), if existed { REPLACED } else { INSERTED })
            })
            .collect(),
    );
    let structural = dynamic.len() + (new_values.len() - old_values.len());
    if structural == 0 {
        assert_eq!(
            new_masked, old_masked,
            "bytes outside the version values changed: {text:?} → {new_text:?}"
        );
        return;
    }

    let old_lines: Vec<&str> = old_masked.split('\n').collect();
    let new_lines: Vec<&str> = new_masked.split('\n').collect();
    let hunks = line_hunks(&old_lines, &new_lines);
    assert!(
        hunks.len() <= structural,
        "{} changed regions for {structural} insertions/removals: {text:?} → {new_text:?}",
        hunks.len()
    );
    for (old_range, new_range) in hunks {
        let old_part = old_lines[old_range].join("\n");
        let new_part = new_lines[new_range].join("\n");
        let has_dynamic = old_part.contains(DYNAMIC);
        let has_inserted = new_part.contains(INSERTED);
        assert!(
            has_dynamic || has_inserted,
            "a region changed without an edit to explain it: {old_part:?} → {new_part:?}"
        );
        let (old_mid, new_mid) = trim_common(&old_part, &new_part);
        if has_dynamic && !has_inserted {
            assert!(new_mid.is_empty(), "a removal also inserted {new_mid:?}");
            assert!(
                only_separators(&old_mid.replace(DYNAMIC, "")),
                "a removal took more than separators: {old_mid:?}"
            );
        } else if has_inserted && !has_dynamic {
            assert!(old_mid.is_empty(), "an insertion also removed {old_mid:?}");
            assert!(
                new_mid.matches(INSERTED).count() == 1 && new_mid.contains("version"),
                "an insertion without one version key: {new_mid:?}"
            );
        }
    }
}

/// The text both sides do not share: what is left after removing the common prefix and suffix.
fn trim_common<'a>(old: &'a str, new: &'a str) -> (&'a str, &'a str) {
    let prefix = old
        .char_indices()
        .zip(new.chars())
        .find(|((_, a), b)| a != b)
        .map_or(old.len().min(new.len()), |((i, _), _)| i);
    let prefix = (0..=prefix)
        .rev()
        .find(|&i| old.is_char_boundary(i) && new.is_char_boundary(i))
        .unwrap_or(0);
    let (old, new) = (&old[prefix..], &new[prefix..]);
    let suffix = old
        .chars()
        .rev()
        .zip(new.chars().rev())
        .take_while(|(a, b)| a == b)
        .map(|(a, _)| a.len_utf8())
        .sum::<usize>();
    (&old[..old.len() - suffix], &new[..new.len() - suffix])
}

/// Only whitespace, commas, line breaks and `#` comments.
fn only_separators(text: &str) -> bool {
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        match c {
            ' ' | '\t' | ',' | '\r' | '\n' => rest = &rest[1..],
            '#' => rest = &rest[rest.find('\n').unwrap_or(rest.len())..],
            _ => return false,
        }
    }
    true
}

/// The changed regions of a line diff (longest common subsequence of lines): pairs of old and
/// new line ranges, in order.
fn line_hunks(old: &[&str], new: &[&str]) -> Vec<(Range<usize>, Range<usize>)> {
    let prefix = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let suffix = old[prefix..]
        .iter()
        .rev()
        .zip(new[prefix..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let (a, b) = (&old[prefix..old.len() - suffix], &new[prefix..new.len() - suffix]);
    // lcs[i][j]: common subsequence length of a[i..] and b[j..].
    let mut lcs = vec![vec![0u32; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let mut hunks = Vec::new();
    let (mut i, mut j) = (0, 0);
    let mut open: Option<(usize, usize)> = None;
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] && lcs[i][j] == lcs[i + 1][j + 1] + 1 {
            if let Some((oi, oj)) = open.take() {
                hunks.push((prefix + oi..prefix + i, prefix + oj..prefix + j));
            }
            i += 1;
            j += 1;
            continue;
        }
        open.get_or_insert((i, j));
        if j < b.len() && (i == a.len() || lcs[i][j + 1] >= lcs[i + 1][j]) {
            j += 1;
        } else {
            i += 1;
        }
    }
    if let Some((oi, oj)) = open {
        hunks.push((prefix + oi..prefix + i, prefix + oj..prefix + j));
    }
    hunks
}

// ---------------------------------------------------------------------------------------------
// packed_refs
// ---------------------------------------------------------------------------------------------

/// Input: a packed-refs body, parsed with SHA-1 (40) and SHA-256 (64) id lengths.
///
/// The parser's answer equals a reference reading of the format: lines end at `\n` or `\r\n`,
/// empty lines skipped; `<hex> <name>` with exactly `hex_len` bytes
/// before the space, else the whole file is refused; names under `refs/tags/` (and longer than
/// it) kept in file order; a `^<hex>` line after a kept tag is its peeled id and must have
/// `hex_len` bytes, after anything else it is ignored. Also checked directly: no panic; names
/// start with `refs/tags/`; target and peeled ids have the requested length.
pub fn check_packed_refs(data: &[u8]) {
    use scmver_core::repo::packed_tag_records_owned;

    for hex_len in [40, 64] {
        let records = packed_tag_records_owned(data, hex_len);
        if let Some(records) = &records {
            for (name, target, peeled) in records {
                assert!(
                    name.starts_with(b"refs/tags/") && name.len() > 10,
                    "name {name:?}"
                );
                assert_eq!(target.len(), hex_len, "target of {name:?}");
                if let Some(peeled) = peeled {
                    assert_eq!(peeled.len(), hex_len, "peeled of {name:?}");
                }
            }
        }
        assert_eq!(
            records,
            reference_packed_refs(data, hex_len),
            "hex length {hex_len}"
        );
    }
}

type OwnedRecord = (Vec<u8>, Vec<u8>, Option<Vec<u8>>);

fn reference_packed_refs(body: &[u8], hex_len: usize) -> Option<Vec<OwnedRecord>> {
    let mut records: Vec<OwnedRecord> = Vec::new();
    let mut after_tag = false;
    let pieces: Vec<&[u8]> = body.split(|&b| b == b'\n').collect();
    for (i, line) in pieces.iter().enumerate() {
        // `\r\n` ends a line too; a `\r` without a `\n` after it is part of the last line.
        let terminated = i + 1 < pieces.len();
        let line = match line.strip_suffix(b"\r") {
            Some(stripped) if terminated => stripped,
            _ => line,
        };
        if line.is_empty() {
            continue;
        }
        if let Some(peeled) = line.strip_prefix(b"^") {
            if after_tag {
                if peeled.len() != hex_len {
                    return None;
                }
                if let Some(last) = records.last_mut() {
                    last.2 = Some(peeled.to_vec());
                }
            }
            continue;
        }
        if line.len() <= hex_len || line[hex_len] != b' ' {
            return None;
        }
        let (target, name) = (&line[..hex_len], &line[hex_len + 1..]);
        after_tag = name.len() > 10 && name.starts_with(b"refs/tags/");
        if after_tag {
            records.push((name.to_vec(), target.to_vec(), None));
        }
    }
    Some(records)
}

// ---------------------------------------------------------------------------------------------
// ci_outputs
// ---------------------------------------------------------------------------------------------

/// The variable names `ci_variables` exports, in its order.
const CI_NAMES: [&str; 12] = [
    "VERSION",
    "SEMVER",
    "PUBLIC_VERSION",
    "DOCKER_VERSION",
    "DOCKER_TAGS",
    "NEAREST_TAG",
    "DISTANCE",
    "SHA",
    "BRANCH",
    "BRANCH_SLUG",
    "PIPELINE",
    "IS_RELEASE",
];

/// Input: parts `NAME=value` (or just `value`) separated by NUL, at most 24 used.
///
/// - Each value in turn goes to the next name of `ci_variables` (then `EXTRA_12`, …) and the
///   four encoders' outputs are read back with exact readers of each format; each must give
///   exactly the same names and values, in order, and nothing else:
///   - `render_env`: `export NAME='…'` as a POSIX shell reads it: single-quoted runs and `\'`
///     concatenated, the command ended by an unquoted line break; anything else unquoted is
///     refused by the reader. (Values never hold NUL here, which no shell variable can.)
///   - `render_github_outputs`: the GitHub runner's reading of `$GITHUB_OUTPUT` on Linux
///     (actions/runner, `FileCommandManager.cs`): lines split at `\n`, empty lines skipped,
///     `name=value` when `=` comes before any `<<`, else `name<<DELIMITER` with the value the
///     lines up to a line equal to the delimiter, joined by `\n`.
///   - `render_dotenv`: GitLab's reading of a dotenv report (`Ci::ParseDotenvArtifactService`):
///     each line `^(.*?)=(.*)$`, key and value stripped of Ruby's whitespace (NUL, `\t`, `\n`,
///     `\v`, `\f`, `\r`, space), keys `[A-Za-z0-9_]+`.
///   - `render_variables_json`: one JSON object of strings.
///
///   A refusal (`Err`) happens exactly when a value holds what the format cannot carry: a
///   control character or a line or paragraph separator (U+2028, U+2029); for dotenv also a
///   leading or trailing space.
/// - `CiContext::detect` on the `NAME=value` pairs as the environment: no panic; the generic
///   `SCMVER_PIPELINE_ID`, `SCMVER_BRANCH` and `SCMVER_TAG` win and make it CI; a context with
///   no provider is empty; no field is `Some("")` (the environment treats empty as unset).
pub fn check_ci_outputs(data: &[u8]) {
    use scmver_core::output::ci::{render_dotenv, render_env, render_github_outputs, render_variables_json};

    let parts: Vec<String> = parts(data).into_iter().take(24).collect();
    let pairs: Vec<(String, String)> = parts
        .iter()
        .map(|part| match part.split_once('=') {
            Some((name, value)) => (name.to_owned(), value.to_owned()),
            None => (String::new(), part.clone()),
        })
        .collect();
    let names: Vec<String> = (0..pairs.len())
        .map(|i| {
            CI_NAMES
                .get(i)
                .map_or_else(|| format!("EXTRA_{i}"), |n| (*n).to_owned())
        })
        .collect();
    let variables: Vec<(&str, String)> = names
        .iter()
        .zip(&pairs)
        .map(|(name, (_, value))| (name.as_str(), value.clone()))
        .collect();
    let prefixed: Vec<(String, String)> = variables
        .iter()
        .map(|(name, value)| (format!("SCMVER_{name}"), value.clone()))
        .collect();
    let breaks_lines = |c: char| c.is_control() || matches!(c, '\u{2028}' | '\u{2029}');
    let multi_line = variables.iter().any(|(_, value)| value.chars().any(breaks_lines));
    let padded = variables
        .iter()
        .any(|(_, value)| value.starts_with(' ') || value.ends_with(' '));

    match render_env(&variables) {
        Ok(env) => assert_eq!(
            read_sh_exports(&env),
            Ok(prefixed.clone()),
            "render_env gave {env:?}"
        ),
        Err(err) => assert!(multi_line, "render_env refused {variables:?}: {err}"),
    }
    assert_eq!(
        render_env(&variables).is_err(),
        multi_line,
        "render_env on {variables:?}"
    );

    let lower: Vec<(String, String)> = variables
        .iter()
        .map(|(name, value)| (name.to_ascii_lowercase(), value.clone()))
        .collect();
    match render_github_outputs(&variables) {
        Ok(github) => assert_eq!(
            read_github_outputs(&github),
            Ok(lower),
            "render_github_outputs gave {github:?}"
        ),
        Err(err) => assert!(multi_line, "render_github_outputs refused {variables:?}: {err}"),
    }
    assert_eq!(render_github_outputs(&variables).is_err(), multi_line);

    match render_dotenv(&variables) {
        Ok(dotenv) => assert_eq!(
            read_gitlab_dotenv(&dotenv),
            Ok(prefixed.clone()),
            "render_dotenv gave {dotenv:?}"
        ),
        Err(err) => assert!(multi_line || padded, "render_dotenv refused {variables:?}: {err}"),
    }
    assert_eq!(render_dotenv(&variables).is_err(), multi_line || padded);

    let json = render_variables_json(&variables);
    let Ok(serde_json::Value::Object(map)) = serde_json::from_str::<serde_json::Value>(&json) else {
        panic!("render_variables_json gave {json:?}");
    };
    let read: BTreeMap<String, String> = map
        .into_iter()
        .map(|(name, value)| match value {
            serde_json::Value::String(value) => (name, value),
            other => panic!("{name} is {other}"),
        })
        .collect();
    assert_eq!(
        read,
        prefixed.iter().cloned().collect::<BTreeMap<_, _>>(),
        "JSON {json:?}"
    );

    check_ci_detect(&pairs);
}

fn check_ci_detect(pairs: &[(String, String)]) {
    use scmver_core::options::ci::CiContext;

    let env: scmver_core::Environment = pairs.iter().cloned().collect();
    let ctx = CiContext::detect(&env);
    let fields = [
        ("pipeline_id", &ctx.pipeline_id),
        ("ref_name", &ctx.ref_name),
        ("branch", &ctx.branch),
        ("tag", &ctx.tag),
        ("pull_request", &ctx.pull_request),
        ("source_branch", &ctx.source_branch),
        ("target_branch", &ctx.target_branch),
    ];
    for (name, value) in fields {
        assert!(value.as_deref() != Some(""), "{name} is Some(\"\") for {pairs:?}");
    }
    if ctx.provider.is_none() {
        assert_eq!(ctx, CiContext::none(), "no provider but values for {pairs:?}");
    }
    assert_eq!(ctx.is_ci(), ctx.provider.is_some());
    let generic = |name: &str| env.get(name).map(str::to_owned);
    if let Some(pipeline) = generic("SCMVER_PIPELINE_ID") {
        assert_eq!(ctx.pipeline_id, Some(pipeline));
    }
    if let Some(branch) = generic("SCMVER_BRANCH") {
        assert_eq!(ctx.branch, Some(branch));
    }
    if let Some(tag) = generic("SCMVER_TAG") {
        assert_eq!(ctx.tag.as_ref(), Some(&tag));
        assert_eq!(ctx.ref_name, Some(tag));
        assert!(ctx.is_tag_build());
    }
    if ["SCMVER_PIPELINE_ID", "SCMVER_BRANCH", "SCMVER_TAG"]
        .iter()
        .any(|name| env.get(name).is_some())
    {
        assert!(ctx.is_ci(), "generic variables set but not CI: {pairs:?}");
    }
}

fn is_shell_name(name: &str) -> bool {
    let mut bytes = name.bytes();
    bytes.next().is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// `export NAME='…'` commands as a POSIX shell reads them (see [`check_ci_outputs`]).
fn read_sh_exports(text: &str) -> Result<Vec<(String, String)>, String> {
    let mut out = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        rest = rest
            .strip_prefix("export ")
            .ok_or_else(|| format!("expected `export ` at {rest:?}"))?;
        let eq = rest.find('=').ok_or("no `=`")?;
        let name = &rest[..eq];
        if !is_shell_name(name) {
            return Err(format!("bad name {name:?}"));
        }
        rest = &rest[eq + 1..];
        let mut value = String::new();
        loop {
            if let Some(quoted) = rest.strip_prefix('\'') {
                let end = quoted.find('\'').ok_or("unterminated quote")?;
                value.push_str(&quoted[..end]);
                rest = &quoted[end + 1..];
            } else if let Some(after) = rest.strip_prefix("\\'") {
                value.push('\'');
                rest = after;
            } else if let Some(after) = rest.strip_prefix('\n') {
                rest = after;
                break;
            } else {
                return Err(format!("unquoted text at {rest:?}"));
            }
        }
        out.push((name.to_owned(), value));
    }
    Ok(out)
}

/// One line of a GitHub file command (Linux runner): the text up to `\n`, and whether a `\n`
/// ended it.
fn github_line(text: &str, at: &mut usize) -> Option<(Range<usize>, bool)> {
    if *at >= text.len() {
        return None;
    }
    let start = *at;
    match text[start..].find('\n') {
        Some(offset) => {
            *at = start + offset + 1;
            Some((start..start + offset, true))
        }
        None => {
            *at = text.len();
            Some((start..text.len(), false))
        }
    }
}

/// `$GITHUB_OUTPUT` as the GitHub runner reads it (see [`check_ci_outputs`]).
fn read_github_outputs(text: &str) -> Result<Vec<(String, String)>, String> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some((range, _)) = github_line(text, &mut at) {
        let line = &text[range];
        if line.is_empty() {
            continue;
        }
        let equals = line.find('=');
        let heredoc = line.find("<<");
        match (equals, heredoc) {
            (Some(eq), h) if h.is_none_or(|h| eq < h) => {
                if eq == 0 {
                    return Err(format!("empty name in {line:?}"));
                }
                out.push((line[..eq].to_owned(), line[eq + 1..].to_owned()));
            }
            (_, Some(h)) => {
                let (name, delimiter) = (&line[..h], &line[h + 2..]);
                if name.is_empty() || delimiter.is_empty() {
                    return Err(format!("bad heredoc {line:?}"));
                }
                let start = at;
                let mut end = at;
                loop {
                    let (range, had_newline) =
                        github_line(text, &mut at).ok_or_else(|| format!("no delimiter {delimiter:?}"))?;
                    if &text[range.clone()] == delimiter {
                        break;
                    }
                    if !had_newline {
                        return Err(format!("no delimiter {delimiter:?}"));
                    }
                    end = range.end;
                }
                out.push((name.to_owned(), text[start..end.max(start)].to_owned()));
            }
            _ => return Err(format!("invalid line {line:?}")),
        }
    }
    Ok(out)
}

/// A GitLab dotenv report as GitLab reads it (see [`check_ci_outputs`]).
fn read_gitlab_dotenv(text: &str) -> Result<Vec<(String, String)>, String> {
    let ruby_strip = |s: &str| {
        s.trim_matches(['\0', '\t', '\n', '\u{b}', '\u{c}', '\r', ' '])
            .to_owned()
    };
    let mut out = Vec::new();
    for line in text.split_inclusive('\n') {
        let content = line.strip_suffix('\n').unwrap_or(line);
        let eq = content
            .find('=')
            .ok_or_else(|| format!("Invalid Format: {line:?}"))?;
        let key = ruby_strip(&content[..eq]);
        let value = ruby_strip(&content[eq + 1..]);
        if key.is_empty() || !key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
            return Err(format!("invalid key {key:?}"));
        }
        out.push((key, value));
    }
    Ok(out)
}
