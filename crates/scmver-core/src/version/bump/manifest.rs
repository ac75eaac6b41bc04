//! What a manifest's text declares about the version, and where (file and line).
//!
//! Pure: every function takes text (or a reader of repository paths) and returns a value.

use std::str::FromStr;

use toml_edit::{Item, Table};

use super::{BumpError, Declaration, DeclaredVersion, ParsedVersion, VERSION_FILES, VersionOrdering};

/// Reads a file by its repository path (`/`-separated, relative to the root): `None` when absent.
pub(crate) type Reader<'r> = &'r dyn Fn(&str) -> Result<Option<String>, BumpError>;

/// How the files of one side answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Found {
    /// A file declares the version (or says it is derived from tags).
    Declared(Declaration),
    /// None of the files exists.
    NoFile,
    /// Files exist, but none declares a version; the first that exists.
    Undeclared { file: String },
}

/// The version declared for the project in `dir` (a repository path, empty for the root):
/// `explicit` alone when given, else the first of pyproject.toml, setup.cfg, `VERSION` and
/// Cargo.toml that declares one.
pub(crate) fn find_declaration(
    dir: &str,
    explicit: Option<&str>,
    read: Reader<'_>,
    place: &str,
) -> Result<Found, BumpError> {
    let candidates: Vec<String> = match explicit {
        Some(file) => vec![file.to_owned()],
        None => VERSION_FILES.iter().map(|name| join(dir, name)).collect(),
    };
    let mut first_existing = None;
    let mut unknown_dynamic = None;
    for file in &candidates {
        let Some(text) = read(file)? else { continue };
        first_existing.get_or_insert_with(|| file.clone());
        match resolve(file, &text, read, place, 0)? {
            Resolved::Declared(declaration) => return Ok(Found::Declared(declaration)),
            Resolved::UnknownDynamic => {
                unknown_dynamic.get_or_insert_with(|| file.clone());
            }
            Resolved::Nothing => {}
        }
    }
    // `dynamic = ["version"]` with a setup.cfg holding it is fine; alone, it is a dead end.
    if let Some(file) = unknown_dynamic {
        return Err(BumpError::UnknownDynamic {
            file,
            place: place.to_owned(),
        });
    }
    Ok(match first_existing {
        None => Found::NoFile,
        Some(file) => Found::Undeclared { file },
    })
}

enum Resolved {
    Declared(Declaration),
    UnknownDynamic,
    Nothing,
}

/// Follows `file:` pointers and workspace inheritance; at most a few hops, so a cycle ends.
fn resolve(file: &str, text: &str, read: Reader<'_>, place: &str, hops: u8) -> Result<Resolved, BumpError> {
    Ok(match read_manifest(file, text, place)? {
        Reading::Static(version) => Resolved::Declared(Declaration::Static(version)),
        Reading::Dynamic { tool } => Resolved::Declared(Declaration::Dynamic {
            file: file.to_owned(),
            tool: tool.to_owned(),
        }),
        Reading::UnknownDynamic => Resolved::UnknownDynamic,
        Reading::Nothing => Resolved::Nothing,
        Reading::Follow { target } => {
            let missing = || BumpError::FollowMissing {
                file: file.to_owned(),
                target: target.clone(),
                place: place.to_owned(),
            };
            let text = match read(&target)? {
                Some(text) if hops < 3 => text,
                _ => return Err(missing()),
            };
            match resolve(&target, &text, read, place, hops + 1)? {
                Resolved::Nothing | Resolved::UnknownDynamic => {
                    return Err(BumpError::NoVersion {
                        file: target,
                        place: place.to_owned(),
                    });
                }
                declared @ Resolved::Declared(_) => declared,
            }
        }
        Reading::Workspace { root } => workspace_version(file, root.as_deref(), read, place)?,
    })
}

/// Cargo's workspace root: the `package.workspace` path, else the nearest Cargo.toml with a
/// `[workspace]` table from the member's own directory upwards.
fn workspace_version(
    member: &str,
    explicit_root: Option<&str>,
    read: Reader<'_>,
    place: &str,
) -> Result<Resolved, BumpError> {
    let no_version = || BumpError::NoWorkspaceVersion {
        file: member.to_owned(),
        place: place.to_owned(),
    };
    let member_dir = parent(member);
    let roots: Vec<String> = match explicit_root {
        Some(root) => normalize(&join(&join(member_dir, root), "Cargo.toml"))
            .into_iter()
            .collect(),
        None => {
            let mut dirs = vec![member_dir.to_owned()];
            let mut dir = member_dir;
            while !dir.is_empty() {
                dir = parent(dir);
                dirs.push(dir.to_owned());
            }
            dirs.iter().map(|dir| join(dir, "Cargo.toml")).collect()
        }
    };
    for root in roots {
        let Some(text) = read(&root)? else { continue };
        let doc = parse_toml(&root, &text, place)?;
        if doc.get("workspace").is_none() {
            continue;
        }
        let Some(item) = get(doc.as_table(), &["workspace", "package", "version"]) else {
            return Err(no_version());
        };
        let version = static_string(
            &root,
            &text,
            place,
            item,
            "workspace.package.version",
            VersionOrdering::SemVer,
        )?;
        return Ok(Resolved::Declared(Declaration::Static(version)));
    }
    Err(no_version())
}

/// What one file says about the version, before following pointers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Reading {
    /// A version written here.
    Static(DeclaredVersion),
    /// Derived from git tags by this tool.
    Dynamic { tool: &'static str },
    /// The version is the content of another file (a repository path).
    Follow { target: String },
    /// Cargo `version.workspace = true`; `root` is `package.workspace` when set.
    Workspace { root: Option<String> },
    /// `[project].dynamic` lists `version` and no known source is configured.
    UnknownDynamic,
    /// This file declares no version.
    Nothing,
}

/// What `file` (a repository path; its name picks the format) declares.
pub(crate) fn read_manifest(file: &str, text: &str, place: &str) -> Result<Reading, BumpError> {
    let name = file.rsplit('/').next().unwrap_or(file);
    match name {
        "Cargo.toml" => cargo(file, text, place),
        "setup.cfg" => setup_cfg(file, text, place),
        _ if name.ends_with(".toml") => pyproject(file, text, place),
        _ if name.ends_with(".cfg") => setup_cfg(file, text, place),
        _ if name.ends_with(".py") => python(file, text, place),
        _ => plain(file, text, place),
    }
}

/// Tools that derive the version from tags, by `[tool.…]` table.
const TAG_TOOLS: [(&str, &str); 3] = [
    ("scmver", "scmver"),
    ("setuptools_scm", "setuptools_scm"),
    ("versioningit", "versioningit"),
];

/// Build requirements that derive a dynamic version from tags.
const TAG_REQUIREMENTS: [&str; 5] = [
    "setuptools-scm",
    "hatch-vcs",
    "scmver",
    "versioningit",
    "setuptools-git-versioning",
];

fn pyproject(file: &str, text: &str, place: &str) -> Result<Reading, BumpError> {
    let doc = parse_toml(file, text, place)?;
    let root = doc.as_table();
    if let Some(item) = get(root, &["project", "version"]) {
        return static_string(
            file,
            text,
            place,
            item,
            "project.version",
            VersionOrdering::Pep440,
        )
        .map(Reading::Static);
    }
    let dynamic = get(root, &["project", "dynamic"])
        .and_then(Item::as_array)
        .is_some_and(|items| items.iter().any(|v| v.as_str() == Some("version")));
    if let Some(tool) = tag_tool(root, dynamic) {
        return Ok(Reading::Dynamic { tool });
    }
    if let Some(item) = get(root, &["tool", "poetry", "version"]) {
        return static_string(
            file,
            text,
            place,
            item,
            "tool.poetry.version",
            VersionOrdering::Pep440,
        )
        .map(Reading::Static);
    }
    // setuptools: version = { file = "VERSION" } or { attr = "pkg.__version__" }.
    if let Some(source) = get(root, &["tool", "setuptools", "dynamic", "version"]) {
        let target = match source.get("file") {
            Some(files) => files
                .as_str()
                .or_else(|| files.as_array().and_then(|a| a.get(0)).and_then(|v| v.as_str())),
            None => None,
        };
        if let Some(target) = target {
            return Ok(follow(file, target));
        }
        if let Some(attr) = source.get("attr").and_then(Item::as_str) {
            return Err(attribute(file, attr, place));
        }
    }
    // hatch's `regex` source and pdm's `file` source read a Python file.
    let hatch_path = get(root, &["tool", "hatch", "version", "path"]).and_then(Item::as_str);
    let pdm_path = get(root, &["tool", "pdm", "version"])
        .filter(|t| t.get("source").and_then(Item::as_str) == Some("file"))
        .and_then(|t| t.get("path"))
        .and_then(Item::as_str);
    if let Some(target) = hatch_path.or(pdm_path) {
        return Ok(follow(file, target));
    }
    Ok(if dynamic {
        Reading::UnknownDynamic
    } else {
        Reading::Nothing
    })
}

/// The tool that derives the version from tags, when the pyproject configures one.
fn tag_tool(root: &Table, dynamic: bool) -> Option<&'static str> {
    let tool = root.get("tool");
    let table = |name: &str| tool.and_then(|t| t.get(name)).is_some_and(Item::is_table_like);
    if let Some((_, tool)) = TAG_TOOLS.iter().find(|(name, _)| table(name)) {
        return Some(tool);
    }
    if get(root, &["tool", "hatch", "version", "source"]).and_then(Item::as_str) == Some("vcs") {
        return Some("hatch-vcs");
    }
    if get(root, &["tool", "pdm", "version", "source"]).and_then(Item::as_str) == Some("scm") {
        return Some("pdm-backend");
    }
    if get(root, &["tool", "poetry-dynamic-versioning", "enable"]).and_then(Item::as_bool) == Some(true) {
        return Some("poetry-dynamic-versioning");
    }
    if !dynamic {
        return None;
    }
    // setuptools_scm ≥ 8 also activates without its table when it is a build requirement.
    let requires = get(root, &["build-system", "requires"]).and_then(Item::as_array)?;
    requires
        .iter()
        .filter_map(|r| r.as_str())
        .find_map(|requirement| {
            let name = requirement_name(requirement);
            TAG_REQUIREMENTS.iter().copied().find(|known| *known == name)
        })
}

/// `setuptools_scm[toml] >= 8` → `setuptools-scm` (PEP 503 normalized, lower-case).
fn requirement_name(requirement: &str) -> String {
    let end = requirement
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
        .unwrap_or(requirement.len());
    requirement[..end].to_ascii_lowercase().replace(['_', '.'], "-")
}

fn cargo(file: &str, text: &str, place: &str) -> Result<Reading, BumpError> {
    let doc = parse_toml(file, text, place)?;
    let root = doc.as_table();
    if let Some(package) = root.get("package") {
        let Some(item) = package.get("version") else {
            // Cargo ≥ 1.75 allows no version (unpublishable 0.0.0): nothing declared.
            return Ok(Reading::Nothing);
        };
        if item.get("workspace").and_then(Item::as_bool) == Some(true) {
            let root = package.get("workspace").and_then(Item::as_str).map(str::to_owned);
            return Ok(Reading::Workspace { root });
        }
        return static_string(
            file,
            text,
            place,
            item,
            "package.version",
            VersionOrdering::SemVer,
        )
        .map(Reading::Static);
    }
    match get(root, &["workspace", "package", "version"]) {
        Some(item) => static_string(
            file,
            text,
            place,
            item,
            "workspace.package.version",
            VersionOrdering::SemVer,
        )
        .map(Reading::Static),
        None => Ok(Reading::Nothing),
    }
}

/// `[metadata] version = …` as setuptools reads it with `configparser`: keys are
/// case-insensitive, `=` or `:` separates, whole-line comments start with `#` or `;`, and
/// there are no inline comments.
fn setup_cfg(file: &str, text: &str, place: &str) -> Result<Reading, BumpError> {
    let mut section = None;
    for (index, line) in text.lines().enumerate() {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with(['#', ';']) {
            continue;
        }
        if let Some(name) = trimmed.strip_prefix('[').and_then(|s| s.strip_suffix(']')) {
            section = Some(name.trim().to_owned());
            continue;
        }
        if section.as_deref() != Some("metadata") || line.starts_with([' ', '\t']) {
            continue;
        }
        let Some(split) = line.find(['=', ':']) else {
            continue;
        };
        if !line[..split].trim().eq_ignore_ascii_case("version") {
            continue;
        }
        let value = line[split + 1..].trim();
        if let Some(files) = value.strip_prefix("file:") {
            let target = files.split(',').next().unwrap_or_default().trim();
            return Ok(follow(file, target));
        }
        if let Some(attr) = value.strip_prefix("attr:") {
            return Err(attribute(file, attr.trim(), place));
        }
        return declared(
            file,
            index + 1,
            place,
            value,
            "metadata.version",
            VersionOrdering::Pep440,
        )
        .map(Reading::Static);
    }
    Ok(Reading::Nothing)
}

/// `__version__ = "1.2.3"` (or `VERSION = …`, hatch's default pattern) at the start of a line.
fn python(file: &str, text: &str, place: &str) -> Result<Reading, BumpError> {
    for (index, line) in text.lines().enumerate() {
        let Some((name, rest)) = ["__version__", "VERSION"]
            .iter()
            .find_map(|name| line.strip_prefix(name).map(|rest| (*name, rest)))
        else {
            continue;
        };
        let rest = rest.trim_start();
        // An optional annotation: `__version__: str = "1.2.3"`.
        let rest = match rest.strip_prefix(':') {
            Some(annotated) => match annotated.split_once('=') {
                Some((_, value)) => value,
                None => continue,
            },
            None => match rest.strip_prefix('=') {
                Some(value) if !value.starts_with('=') => value,
                _ => continue,
            },
        };
        let rest = rest.trim_start();
        let Some(quote) = rest.chars().next().filter(|c| matches!(c, '"' | '\'')) else {
            continue;
        };
        let Some((value, _)) = rest[1..].split_once(quote) else {
            continue;
        };
        return declared(file, index + 1, place, value, name, VersionOrdering::Pep440).map(Reading::Static);
    }
    Ok(Reading::Nothing)
}

/// A file that holds only the version (`VERSION`): its first non-blank line.
fn plain(file: &str, text: &str, place: &str) -> Result<Reading, BumpError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    match text.lines().enumerate().find(|(_, line)| !line.trim().is_empty()) {
        Some((index, line)) => {
            declared(file, index + 1, place, line, "", VersionOrdering::Pep440).map(Reading::Static)
        }
        None => Ok(Reading::Nothing),
    }
}

fn follow(file: &str, target: &str) -> Reading {
    let path = join(parent(file), target.trim());
    Reading::Follow {
        // A path leaving the repository cannot be read; keep it as written for the message.
        target: normalize(&path).unwrap_or(path),
    }
}

fn attribute(file: &str, attr: &str, place: &str) -> BumpError {
    let module = attr.rsplit_once('.').map_or(attr, |(module, _)| module);
    BumpError::Attribute {
        file: file.to_owned(),
        attr: attr.to_owned(),
        module: format!("{}/__init__.py", module.replace('.', "/")),
        place: place.to_owned(),
    }
}

fn parse_toml(file: &str, text: &str, place: &str) -> Result<toml_edit::Document<String>, BumpError> {
    toml_edit::Document::parse(text.to_owned()).map_err(|err| {
        let offset = err.span().map_or(0, |span| span.start).min(text.len());
        let before = &text[..offset];
        BumpError::Toml {
            file: file.to_owned(),
            place: place.to_owned(),
            line: before.matches('\n').count() + 1,
            column: before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1,
            message: err.message().trim().to_owned(),
        }
    })
}

fn get<'t>(table: &'t Table, path: &[&str]) -> Option<&'t Item> {
    let (first, rest) = path.split_first()?;
    let mut item = table.get(first)?;
    for key in rest {
        item = item.get(key)?;
    }
    Some(item)
}

/// A TOML string value as a declared version, with the line its value starts on.
fn static_string(
    file: &str,
    text: &str,
    place: &str,
    item: &Item,
    key: &str,
    ordering: VersionOrdering,
) -> Result<DeclaredVersion, BumpError> {
    let line = item.span().map_or(1, |span| line_of(text, span.start));
    match item.as_str() {
        Some(value) => declared(file, line, place, value, key, ordering),
        None => Err(BumpError::NotAString {
            key: key.to_owned(),
            file: file.to_owned(),
            line,
            place: place.to_owned(),
            found: item.to_string().trim().to_owned(),
        }),
    }
}

/// Parse `value` with `ordering`.
fn declared(
    file: &str,
    line: usize,
    place: &str,
    value: &str,
    key: &str,
    ordering: VersionOrdering,
) -> Result<DeclaredVersion, BumpError> {
    let text = value.trim();
    let version = parse_version(text, ordering).map_err(|source| BumpError::InvalidVersion {
        value: text.to_owned(),
        file: file.to_owned(),
        line,
        place: place.to_owned(),
        ordering,
        source,
    })?;
    Ok(DeclaredVersion {
        text: text.to_owned(),
        version,
        file: file.to_owned(),
        line,
        key: key.to_owned(),
    })
}

pub(crate) fn parse_version(
    text: &str,
    ordering: VersionOrdering,
) -> Result<ParsedVersion, Box<dyn std::error::Error + Send + Sync>> {
    Ok(match ordering {
        VersionOrdering::Pep440 => ParsedVersion::Pep440(pep440_rs::Version::from_str(text)?),
        VersionOrdering::SemVer => ParsedVersion::SemVer(semver::Version::parse(text)?),
    })
}

/// 1-based line of a byte offset.
pub(crate) fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// `dir/name`, or `name` for the root (`dir` empty).
pub(crate) fn join(dir: &str, name: &str) -> String {
    if dir.is_empty() {
        name.to_owned()
    } else {
        format!("{dir}/{name}")
    }
}

/// The directory of a repository path (empty for the root).
fn parent(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(dir, _)| dir)
}

/// Resolve `.` and `..`; `None` when the path leaves the repository.
pub(crate) fn normalize(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            part => parts.push(part),
        }
    }
    Some(parts.join("/"))
}
