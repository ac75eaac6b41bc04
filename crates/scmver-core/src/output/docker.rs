//! Version → Docker: image tags and OCI labels, as pure functions of the version, the branch and
//! the repository's version tags.
//!
//! | build | tags |
//! |---|---|
//! | release (`1.2.3`, clean, exact; a tag build when CI is detected) | `1.2.3`, `1.2`, `1`, `latest`, each alias only where no higher final release covers it |
//! | pre-release or `.dev` tag (`1.3.0rc1`) | `1.3.0rc1` |
//! | anything else | the branch slug (`feature-implement-doodad`) and the version made tag-safe (`1.2.4.dev5-g1a2b3c4d5`) |
//!
//! A tag holds `[A-Za-z0-9_.-]`, does not start with `.` or `-`, and has at most 128 characters,
//! prefix and suffix included (<https://docs.docker.com/reference/cli/docker/image/tag/>).

use std::fmt::Write as _;

use crate::date::Timestamp;
use crate::options::Options;
use crate::repo::remote::RemoteLocation;
use crate::version::report::{Origin, VersionReport};
use crate::version::slug::slugify;

/// The longest tag Docker accepts.
pub const MAX_TAG_LEN: usize = 128;

/// A Docker tag or image name cannot be made from the input.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DockerError {
    /// The branch name holds no character a tag can use.
    #[error(
        "branch `{branch}` has no character a Docker tag can use (A-Z a-z 0-9 _ . -): pass --branch with a usable name"
    )]
    EmptyBranchSlug {
        /// The branch name.
        branch: String,
    },
    /// `--prefix` or `--suffix` holds characters a tag cannot.
    #[error("{flag} `{value}` cannot be part of a Docker tag: {reason}")]
    Affix {
        /// `--prefix` or `--suffix`.
        flag: &'static str,
        /// The value.
        value: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// A tag would be longer than Docker allows.
    #[error(
        "Docker tag `{tag}` is {len} characters long, more than the 128 Docker allows: use a shorter --prefix or --suffix"
    )]
    TooLong {
        /// The tag.
        tag: String,
        /// Its length in characters.
        len: usize,
    },
    /// The image name is not a valid repository name.
    #[error("invalid image name `{image}`: {reason}")]
    InvalidImage {
        /// The name as given.
        image: String,
        /// What is wrong with it.
        reason: String,
    },
}

/// What kind of build produces the image; decides which tags it gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BuildKind {
    /// A final release (no pre-release or dev part): the version and its aliases.
    Release,
    /// A release of a pre-release or `.dev` version: that version's own tag only.
    PreRelease,
    /// Anything else: the branch slug and the tag-safe version.
    Development,
}

/// The one place that decides whether a build is a release for Docker: the report's release
/// status (an exact, clean tag, and a tag build when CI is detected: see
/// [`VersionReport::release`]), split by whether the version is final.
#[must_use]
pub fn build_kind(report: &VersionReport) -> BuildKind {
    if !report.release.is_release {
        BuildKind::Development
    } else if report.pep440.any_prerelease() {
        BuildKind::PreRelease
    } else {
        BuildKind::Release
    }
}

/// The version with every run of characters a tag cannot hold replaced by `-`:
/// `1.2.4.dev5+g1a2b3c4d5` → `1.2.4.dev5-g1a2b3c4d5`, `1!2.0` → `1-2.0`. The whitespace PEP 440
/// allows around a version (a rendered version template is kept as written) is dropped first,
/// so the tag never starts with `-`.
#[must_use]
pub fn version_tag(version: &str) -> String {
    replace_invalid(version.trim())
}

/// Prefix and suffix added to every tag (`rpi-`, `-slim`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TagAffixes {
    /// Put before every tag; must start with a letter, digit or `_`.
    pub prefix: String,
    /// Put after every tag.
    pub suffix: String,
}

impl TagAffixes {
    /// Check that both can be part of a tag.
    pub fn validate(&self) -> Result<(), DockerError> {
        let allowed = |s: &str| s.chars().all(is_tag_char);
        if !allowed(&self.prefix) {
            return Err(affix_error("--prefix", &self.prefix, ONLY_TAG_CHARS));
        }
        if self.prefix.starts_with(['.', '-']) {
            return Err(affix_error(
                "--prefix",
                &self.prefix,
                "a tag cannot start with `.` or `-`",
            ));
        }
        if !allowed(&self.suffix) {
            return Err(affix_error("--suffix", &self.suffix, ONLY_TAG_CHARS));
        }
        Ok(())
    }

    /// `prefix + tag + suffix`, refused when longer than [`MAX_TAG_LEN`].
    pub fn apply(&self, tag: &str) -> Result<String, DockerError> {
        let full = format!("{}{tag}{}", self.prefix, self.suffix);
        let len = full.chars().count();
        if len > MAX_TAG_LEN {
            return Err(DockerError::TooLong { tag: full, len });
        }
        Ok(full)
    }

    fn len(&self) -> usize {
        self.prefix.len() + self.suffix.len()
    }
}

const ONLY_TAG_CHARS: &str = "a tag may only hold A-Z a-z 0-9 _ . -";

fn affix_error(flag: &'static str, value: &str, reason: &'static str) -> DockerError {
    DockerError::Affix {
        flag,
        value: value.to_owned(),
        reason,
    }
}

/// The tag for a branch build: the branch slugged ([`slugify`]), with the affixes, cut to
/// [`MAX_TAG_LEN`] characters. A cut slug ends in `-` and 16 hex digits (64 bits) of the
/// SHA-256 of the branch name, so two long branches that share a beginning keep distinct tags
/// and no one can craft a branch that collides with another's.
///
/// A slug a release could own gets the prefix [`BRANCH_TAG_PREFIX`]: `latest` (any case),
/// anything version-shaped (starting with a digit, or `v` and a digit: `2.0`, `v1`, `1.2.3`),
/// and the prefixes scmver gives its own tags ([`RESERVED_PREFIXES`]). So a dev build of a
/// branch named `latest` or `2.0` never takes a tag a release would move.
///
/// ```
/// use scmver_core::output::docker::{branch_tag, TagAffixes};
///
/// let rpi = TagAffixes { prefix: "rpi-".into(), suffix: String::new() };
/// assert_eq!(branch_tag("feature/implement-doodad", &rpi)?, "rpi-feature-implement-doodad");
/// # Ok::<(), scmver_core::output::docker::DockerError>(())
/// ```
pub fn branch_tag(branch: &str, affixes: &TagAffixes) -> Result<String, DockerError> {
    affixes.validate()?;
    let slug = slugify(branch);
    if slug.is_empty() {
        return Err(DockerError::EmptyBranchSlug {
            branch: branch.to_owned(),
        });
    }
    let slug = if release_shaped(&slug) {
        format!("{BRANCH_TAG_PREFIX}{slug}")
    } else {
        slug
    };
    // The slug is ASCII, so bytes are characters.
    let room = MAX_TAG_LEN.saturating_sub(affixes.len());
    if slug.len() <= room {
        return affixes.apply(&slug);
    }
    let hash = format!("-{}", digest_hex16(branch.as_bytes()));
    let keep = room.saturating_sub(hash.len());
    let head = slug[..keep].trim_end_matches(['-', '.']);
    if head.is_empty() {
        // Prefix and suffix leave no room: report the uncut tag as too long.
        return affixes.apply(&slug);
    }
    affixes.apply(&format!("{head}{hash}"))
}

/// The aliases of a final release, most specific first: each shorter spelling of its release
/// number (`1.2.3.post1` → `1.2.3`; `1.2.3` → `1.2`, `1`), and `latest`, each only when no tag
/// in `tags` is a higher final release that the alias also names. Pre-releases and `.dev`
/// versions in `tags` are ignored; a version that is not final gets no aliases.
///
/// ```
/// use scmver_core::output::docker::release_aliases;
///
/// let v = |s: &str| s.parse::<pep440_rs::Version>().unwrap();
/// let tags = [v("1.4.8"), v("2.0.0"), v("1.4.9"), v("2.1.0rc1")];
/// // a hotfix of 1.4 tagged after 2.0.0 moves `1.4` and `1`, not `latest`
/// assert_eq!(release_aliases(&v("1.4.9"), &tags), ["1.4", "1"]);
/// assert_eq!(release_aliases(&v("2.0.0"), &tags), ["2.0", "2", "latest"]);
/// ```
#[must_use]
pub fn release_aliases(version: &pep440_rs::Version, tags: &[pep440_rs::Version]) -> Vec<String> {
    if version.any_prerelease() {
        return Vec::new();
    }
    let finals: Vec<&pep440_rs::Version> = tags.iter().filter(|tag| !tag.any_prerelease()).collect();
    let release = version.release();
    let full = version.clone().without_local().to_string();
    let own = release.iter().map(ToString::to_string).collect::<Vec<_>>();
    let epoch = version.epoch();
    let mut aliases = Vec::new();
    for len in (1..=release.len()).rev() {
        let alias = own[..len].join(".");
        if alias == full {
            continue; // the version's own tag
        }
        let covered_by_higher = finals.iter().any(|tag| {
            tag.epoch() == epoch && padded_prefix(tag.release(), len) == release[..len] && *tag > version
        });
        if !covered_by_higher {
            aliases.push(alias);
        }
    }
    if epoch != 0 {
        // `1.2` would also name the releases without an epoch: keep only the exact tag.
        aliases.clear();
    }
    if !finals.iter().any(|tag| *tag > version) {
        aliases.push("latest".to_owned());
    }
    aliases
}

/// The first `len` release numbers, padded with zeros (`1` covers `1.0`).
fn padded_prefix(release: &[u64], len: usize) -> Vec<u64> {
    (0..len).map(|i| release.get(i).copied().unwrap_or(0)).collect()
}

/// Every tag of a build, without the image name, in order: the most specific first.
///
/// - [`BuildKind::Release`]: the version and its [`release_aliases`] among `tags`.
/// - [`BuildKind::PreRelease`]: the version.
/// - [`BuildKind::Development`]: the [`branch_tag`] when the branch is known, and the
///   [`version_tag`].
pub fn image_tags(
    kind: BuildKind,
    version: &pep440_rs::Version,
    version_text: &str,
    branch: Option<&str>,
    tags: &[pep440_rs::Version],
    affixes: &TagAffixes,
) -> Result<Vec<String>, DockerError> {
    affixes.validate()?;
    let own = affixes.apply(&version_tag(version_text))?;
    let mut out = Vec::new();
    match kind {
        BuildKind::Release => {
            out.push(own);
            for alias in release_aliases(version, tags) {
                out.push(affixes.apply(&alias)?);
            }
        }
        BuildKind::PreRelease => out.push(own),
        BuildKind::Development => {
            if let Some(branch) = branch {
                out.push(branch_tag(branch, affixes)?);
            }
            // A final version (a pretend version, `only-version`) is a tag its release owns.
            if version.is_pre() || version.dev().is_some() || !version.local().is_empty() {
                out.push(own);
            }
        }
    }
    let mut seen = std::collections::HashSet::new();
    out.retain(|tag| seen.insert(tag.clone()));
    Ok(out)
}

/// A validated image repository name (`ghcr.io/acme/app`, `localhost:5000/app`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ImageName(String);

impl ImageName {
    /// Validate `name` against Docker's reference grammar: an optional registry host (with a
    /// dot or a port, or `localhost`) and port, then `/`-separated path components of lowercase
    /// letters and digits joined by `.`, `_`, `__` or runs of `-`; 255 characters at most; no
    /// tag or digest (scmver adds the tags). See
    /// <https://github.com/distribution/reference/blob/main/reference.go>.
    ///
    /// ```
    /// use scmver_core::output::docker::ImageName;
    ///
    /// assert!(ImageName::parse("brewblox/brewblox-devcon-spark").is_ok());
    /// assert!(ImageName::parse("localhost:5000/team/app").is_ok());
    /// assert!(ImageName::parse("Brewblox/app").is_err());
    /// ```
    pub fn parse(name: &str) -> Result<Self, DockerError> {
        let invalid = |reason: String| DockerError::InvalidImage {
            image: name.to_owned(),
            reason,
        };
        if name.is_empty() {
            return Err(invalid("it is empty".to_owned()));
        }
        if name.len() > 255 {
            return Err(invalid(format!(
                "it is {} characters long, more than the 255 Docker allows",
                name.len()
            )));
        }
        if name.contains('@') {
            return Err(invalid(
                "it holds a digest (`@…`): give the repository name only".to_owned(),
            ));
        }
        let mut components: Vec<&str> = name.split('/').collect();
        let first = components[0];
        // Docker also takes an upper-case first component for a registry; that is nearly always
        // a mistyped repository name, so it is reported as one.
        let has_registry = components.len() > 1 && (first.contains(['.', ':']) || first == "localhost");
        if has_registry {
            validate_registry(first).map_err(&invalid)?;
            components.remove(0);
        }
        for component in &components {
            if component.contains(':') {
                return Err(invalid(
                    "it holds a tag (`:…`): give the repository name only; scmver adds the tags".to_owned(),
                ));
            }
            validate_path_component(component).map_err(&invalid)?;
        }
        Ok(ImageName(name.to_owned()))
    }

    /// The name as given.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `name:tag`.
    #[must_use]
    pub fn with_tag(&self, tag: &str) -> String {
        format!("{}:{tag}", self.0)
    }
}

impl std::fmt::Display for ImageName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

fn validate_registry(host: &str) -> Result<(), String> {
    let (name, port) = if let Some(rest) = host.strip_prefix('[') {
        let Some((inner, after)) = rest.split_once(']') else {
            return Err(format!("registry `{host}` has an unclosed `[`"));
        };
        if inner.is_empty() || !inner.chars().all(|c| c.is_ascii_hexdigit() || c == ':') {
            return Err(format!("registry `{host}` is not a valid IPv6 address"));
        }
        match after {
            "" => return Ok(()),
            _ => (
                "",
                after
                    .strip_prefix(':')
                    .ok_or_else(|| format!("registry `{host}` is not host[:port]"))?,
            ),
        }
    } else {
        match host.split_once(':') {
            Some((name, port)) => (name, port),
            None => (host, ""),
        }
    };
    if host.contains(':') && (port.is_empty() || !port.bytes().all(|b| b.is_ascii_digit())) {
        return Err(format!("registry port `{port}` is not a number"));
    }
    if name.is_empty() && host.starts_with('[') {
        return Ok(());
    }
    let valid_label = |label: &str| {
        !label.is_empty()
            && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            && !label.starts_with('-')
            && !label.ends_with('-')
    };
    if name.split('.').all(valid_label) {
        Ok(())
    } else {
        Err(format!(
            "registry `{name}` is not a host name (letters, digits and `-`, separated by dots)"
        ))
    }
}

fn validate_path_component(component: &str) -> Result<(), String> {
    let explain = |what: &str| {
        Err(format!(
            "path component `{component}` {what}: use lowercase letters and digits, joined by `.`, `_`, `__` or `-`"
        ))
    };
    if component.is_empty() {
        return explain("is empty");
    }
    if let Some(c) = component
        .chars()
        .find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-')))
    {
        return explain(&format!("holds `{c}`"));
    }
    let bytes = component.as_bytes();
    let is_alnum = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    if !is_alnum(bytes[0]) || !is_alnum(bytes[bytes.len() - 1]) {
        return explain("does not start and end with a letter or digit");
    }
    // Separators: `.`, `_`, `__`, or any run of `-`.
    let mut i = 0;
    while i < bytes.len() {
        if is_alnum(bytes[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && !is_alnum(bytes[i]) {
            i += 1;
        }
        let separator = &component[start..i];
        let valid = matches!(separator, "." | "_" | "__") || separator.bytes().all(|b| b == b'-');
        if !valid {
            return explain(&format!("holds the separator `{separator}`"));
        }
    }
    Ok(())
}

/// The OCI annotations of <https://github.com/opencontainers/image-spec/blob/main/annotations.md>
/// for a build, in a fixed order: `version` (the PEP 440 version), `revision` (full commit id),
/// `created` (RFC 3339, UTC) and `source` (see [`source_url`]). Values that are not
/// known are left out.
#[must_use]
pub fn oci_labels(
    version: &str,
    revision: Option<&str>,
    created: Timestamp,
    source: Option<&str>,
) -> Vec<(&'static str, String)> {
    let mut labels = vec![("org.opencontainers.image.version", version.to_owned())];
    if let Some(revision) = revision {
        labels.push(("org.opencontainers.image.revision", revision.to_owned()));
    }
    labels.push(("org.opencontainers.image.created", rfc3339(created)));
    if let Some(source) = source {
        labels.push(("org.opencontainers.image.source", source.to_owned()));
    }
    labels
}

/// `2023-11-14T22:13:20Z`.
#[must_use]
pub fn rfc3339(time: Timestamp) -> String {
    let secs = time.0.rem_euclid(86_400);
    let mut out = time.date().to_string();
    let _ = write!(
        out,
        "T{:02}:{:02}:{:02}Z",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    );
    out
}

/// The web address of a remote, for `org.opencontainers.image.source`: `https://host/path`
/// without `.git`, for HTTP(S) remotes and for SSH and git remotes (whose address a browser
/// cannot open, but whose host serves the same path over HTTPS on every common forge — and
/// GitHub links a package to its repository only through this form). Local and file remotes
/// give `None`. The location never holds credentials ([`crate::repo::remote::read_remote`] drops them).
///
/// ```
/// use scmver_core::output::docker::source_url;
/// use scmver_core::repo::remote::RemoteLocation;
///
/// let ssh = RemoteLocation {
///     scheme: "ssh".into(),
///     host: Some("github.com".into()),
///     port: None,
///     path: "acme/app.git".into(),
/// };
/// assert_eq!(source_url(&ssh).as_deref(), Some("https://github.com/acme/app"));
/// ```
#[must_use]
pub fn source_url(remote: &RemoteLocation) -> Option<String> {
    let host = remote.host.as_deref().filter(|h| !h.is_empty())?;
    // An IPv6 address keeps its brackets in a URL.
    let host = if host.contains(':') && !host.starts_with('[') {
        format!("[{host}]")
    } else {
        host.to_owned()
    };
    let path = remote.path.split(['?', '#']).next().unwrap_or_default();
    let path = path.trim_start_matches('/').trim_end_matches('/');
    let path = path.strip_suffix(".git").unwrap_or(path);
    let path = path.trim_end_matches('/');
    match remote.scheme.as_str() {
        "http" | "https" => {
            let port = remote.port.map(|p| format!(":{p}")).unwrap_or_default();
            Some(format!("{}://{host}{port}/{path}", remote.scheme))
        }
        "ssh" | "git" => Some(format!("https://{host}/{path}")),
        _ => None,
    }
}

fn is_tag_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-')
}

/// Every run of characters outside `[A-Za-z0-9_.-]` becomes one `-`.
fn replace_invalid(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_run = false;
    for c in text.chars() {
        if is_tag_char(c) {
            out.push(c);
            in_run = false;
        } else if !in_run {
            out.push('-');
            in_run = true;
        }
    }
    out
}

/// The prefix of a branch tag whose slug a release could own (see [`branch_tag`]).
pub const BRANCH_TAG_PREFIX: &str = "branch-";

/// Prefixes of tags scmver makes itself; a branch slug starting with one gets
/// [`BRANCH_TAG_PREFIX`].
pub const RESERVED_PREFIXES: [&str; 3] = ["pr-", "sha-", BRANCH_TAG_PREFIX];

/// `latest`, version-shaped, or starting with a prefix scmver uses for its own tags.
fn release_shaped(slug: &str) -> bool {
    let lower = slug.to_ascii_lowercase();
    let bytes = lower.as_bytes();
    let version_shaped = match bytes {
        [first, ..] if first.is_ascii_digit() => true,
        [b'v', second, ..] => second.is_ascii_digit(),
        _ => false,
    };
    lower == "latest"
        || version_shaped
        || RESERVED_PREFIXES[..2]
            .iter()
            .any(|prefix| lower.starts_with(prefix))
}

/// The first 16 hex digits (64 bits) of the SHA-256 of `bytes`.
fn digest_hex16(bytes: &[u8]) -> String {
    use sha2::Digest as _;
    let digest = sha2::Sha256::digest(bytes);
    digest[..8]
        .iter()
        .fold(String::with_capacity(16), |mut out, byte| {
            let _ = write!(out, "{byte:02x}");
            out
        })
}

/// The tags (and labels) of a build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DockerOutput {
    /// The PEP 440 version.
    pub version: String,
    /// What kind of build this is.
    pub kind: BuildKind,
    /// The image name, when given.
    pub image: Option<ImageName>,
    /// The tags, most specific first, without the image name.
    pub tags: Vec<String>,
    /// The OCI labels, empty unless asked for.
    pub labels: Vec<(&'static str, String)>,
}

impl DockerOutput {
    /// `IMAGE:TAG` for each tag when an image was given, else the tags.
    #[must_use]
    pub fn references(&self) -> Vec<String> {
        match &self.image {
            Some(image) => self.tags.iter().map(|tag| image.with_tag(tag)).collect(),
            None => self.tags.clone(),
        }
    }

    /// `key=value` lines of the labels, for `docker build --label`.
    #[must_use]
    pub fn label_lines(&self) -> String {
        self.labels
            .iter()
            .map(|(key, value)| format!("{key}={value}\n"))
            .collect()
    }

    /// One JSON object: `version`, `kind` (`release`, `pre-release`, `development`), `tags`
    /// (the references) and, when asked for, `labels`.
    #[must_use]
    pub fn to_json(&self) -> String {
        let kind = match self.kind {
            BuildKind::Release => "release",
            BuildKind::PreRelease => "pre-release",
            BuildKind::Development => "development",
        };
        let mut value = serde_json::json!({
            "version": self.version,
            "kind": kind,
            "tags": self.references(),
        });
        if !self.labels.is_empty() {
            let labels: serde_json::Map<String, serde_json::Value> = self
                .labels
                .iter()
                .map(|(key, value)| ((*key).to_owned(), serde_json::Value::String(value.clone())))
                .collect();
            value["labels"] = serde_json::Value::Object(labels);
        }
        value.to_string()
    }
}

/// The image tags of a computed version (without an image name): [`image_tags`] with
/// the report's [`build_kind`], its branch (the CI's for a pretend version) and the
/// repository's version tags. `scmver ci` exports the same list as `SCMVER_DOCKER_TAGS`.
pub fn report_image_tags(
    options: &Options,
    report: &VersionReport,
    affixes: &TagAffixes,
) -> Result<Vec<String>, DockerError> {
    let (branch, tags) = match &report.origin {
        Origin::Repository {
            state, candidates, ..
        } => (
            state.branch.clone(),
            candidates
                .iter()
                .filter_map(|c| c.verdict.as_ref().ok().cloned())
                .collect(),
        ),
        Origin::Archive { state, .. } => (state.branch.clone(), Vec::new()),
        Origin::Pretend { .. } | Origin::Fallback | Origin::PkgInfo { .. } | Origin::ParentDir { .. } => {
            (options.ci().branch.clone(), Vec::new())
        }
    };
    let kind = build_kind(report);
    let mut list = image_tags(
        kind,
        &report.pep440,
        &report.version,
        branch.as_deref(),
        &tags,
        affixes,
    )?;
    // A pull or merge request's build: `pr-<number>` first, as docker/metadata-action names it.
    if kind == BuildKind::Development
        && let Some(number) = options.ci().pull_request.as_deref()
        && !number.is_empty()
        && number.bytes().all(|b| b.is_ascii_digit())
    {
        list.insert(0, affixes.apply(&format!("pr-{number}"))?);
    }
    Ok(list)
}

/// `sha-<first 7 hex digits>`, the commit's own tag (docker/metadata-action's `type=sha`);
/// `None` without a commit.
#[must_use]
pub fn sha_tag(report: &VersionReport) -> Option<String> {
    let sha = report.state()?.sha.as_deref()?;
    let short: String = sha.chars().take(7).collect();
    (short.len() == 7 && short.bytes().all(|b| b.is_ascii_hexdigit())).then(|| format!("sha-{short}"))
}

#[cfg(test)]
mod tests;
