//! Facts without a repository: what an export of one says about the commit it came from.
//!
//! - `.git_archival.txt` of a `git archive` export, in setuptools_scm's format: `node`
//!   (`$Format:%H$`), `node-date`, `describe-name` (`$Format:%(describe:tags=true,…)$`) and,
//!   in the unstable variant, `ref-names` (`$Format:%D$`);
//! - `PKG-INFO` of an unpacked sdist: its `Name` and `Version`.
//!
//! Reading these files is all this module does; it uses no gix.

use std::io;
use std::path::{Path, PathBuf};

/// What a `.git_archival.txt` says, keyed as setuptools_scm reads it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Archival {
    /// The file it was read from.
    pub path: PathBuf,
    /// `describe-name`, unless empty or not expanded by `git archive`.
    pub describe_name: Option<String>,
    /// The tags of `ref-names` (`tag: v1.2.3` entries), in order.
    pub ref_tags: Vec<String>,
    /// `node`, unless not expanded (`$Format:%H$`).
    pub node: Option<String>,
}

/// A `git describe` output taken apart: `v1.5.0-3-g4060507` (or a bare tag for an exact one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Describe {
    /// The tag name.
    pub tag: String,
    /// Commits since the tag.
    pub distance: u64,
    /// The abbreviated commit id, without the `g`.
    pub node: Option<String>,
}

impl Describe {
    /// `tag-N-gHEX` (a `-dirty` suffix dropped), else the whole text as an exact tag.
    #[must_use]
    pub fn parse(text: &str) -> Self {
        let text = text.strip_suffix("-dirty").unwrap_or(text);
        let parsed = (|| {
            let (rest, node) = text.rsplit_once("-g")?;
            let (tag, distance) = rest.rsplit_once('-')?;
            let hex = !node.is_empty()
                && node
                    .bytes()
                    .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase());
            let digits = !distance.is_empty() && distance.bytes().all(|b| b.is_ascii_digit());
            (hex && digits && !tag.is_empty()).then(|| Describe {
                tag: tag.to_owned(),
                distance: distance.parse().unwrap_or(u64::MAX),
                node: Some(node.to_owned()),
            })
        })();
        parsed.unwrap_or_else(|| Describe {
            tag: text.to_owned(),
            distance: 0,
            node: None,
        })
    }
}

/// `Key: value` header lines, as Python's `email` header parser reads them (continuation
/// lines folded in, the body after the first blank line ignored).
fn headers(text: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for line in text.lines() {
        if line.trim().is_empty() {
            break;
        }
        if line.starts_with([' ', '\t']) {
            if let Some((_, value)) = out.last_mut() {
                value.push(' ');
                value.push_str(line.trim());
            }
            continue;
        }
        if let Some((key, value)) = line.split_once(':') {
            out.push((key.trim().to_owned(), value.trim().to_owned()));
        }
    }
    out
}

fn header<'h>(headers: &'h [(String, String)], name: &str) -> Option<&'h str> {
    headers
        .iter()
        .find(|(key, _)| key.eq_ignore_ascii_case(name))
        .map(|(_, value)| value.as_str())
}

/// Parse the text of a `.git_archival.txt`.
#[must_use]
pub fn parse_archival(path: &Path, text: &str) -> Archival {
    let headers = headers(text);
    let describe_name = header(&headers, "describe-name")
        .filter(|value| !value.is_empty() && !value.contains("%(describe") && !value.contains("$Format"))
        .map(str::to_owned);
    let ref_tags = header(&headers, "ref-names")
        .filter(|value| !value.contains("$Format"))
        .map(|refs| {
            refs.split(',')
                .filter_map(|entry| entry.trim().strip_prefix("tag: "))
                .map(|tag| tag.trim().to_owned())
                .collect()
        })
        .unwrap_or_default();
    let node = header(&headers, "node")
        .filter(|value| !value.to_ascii_uppercase().contains("$FORMAT") && !value.is_empty())
        .map(str::to_owned);
    Archival {
        path: path.to_owned(),
        describe_name,
        ref_tags,
        node,
    }
}

/// The `.git_archival.txt` in `dir`, `None` when there is none.
pub fn read_archival(dir: &Path) -> io::Result<Option<Archival>> {
    let path = dir.join(".git_archival.txt");
    match std::fs::read_to_string(&path) {
        Ok(text) => Ok(Some(parse_archival(&path, &text))),
        Err(err) if err.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(err) => Err(err),
    }
}

/// What an unpacked sdist's `PKG-INFO` says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PkgInfo {
    /// The file.
    pub path: PathBuf,
    /// `Name`.
    pub name: Option<String>,
    /// `Version`, unless `UNKNOWN`.
    pub version: Option<String>,
}

/// The `PKG-INFO` in `dir`, `None` when there is none.
pub fn read_pkg_info(dir: &Path) -> io::Result<Option<PkgInfo>> {
    let path = dir.join("PKG-INFO");
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(err) => return Err(err),
    };
    let headers = headers(&text);
    Ok(Some(PkgInfo {
        path,
        name: header(&headers, "Name").map(str::to_owned),
        version: header(&headers, "Version")
            .filter(|version| *version != "UNKNOWN")
            .map(str::to_owned),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn describe_outputs() {
        let rows = [
            ("v1.5.0-0-g4060507", "v1.5.0", 0, Some("4060507")),
            ("v1.15.1rc1-37-g9bd1298-dirty", "v1.15.1rc1", 37, Some("9bd1298")),
            ("v1.2.3", "v1.2.3", 0, None),
            ("pkg-v2-1-2-gabc", "pkg-v2-1", 2, Some("abc")),
            ("release-2024-01-gNOTHEX", "release-2024-01-gNOTHEX", 0, None),
        ];
        for (text, tag, distance, node) in rows {
            let describe = Describe::parse(text);
            assert_eq!(describe.tag, tag, "{text}");
            assert_eq!(describe.distance, distance, "{text}");
            assert_eq!(describe.node.as_deref(), node, "{text}");
        }
    }

    #[test]
    fn archival_files() {
        let path = Path::new(".git_archival.txt");
        let expanded = parse_archival(
            path,
            "node: 4060507deadbeef4060507deadbeef4060507dea\nnode-date: 2024-01-01T00:00:00+00:00\ndescribe-name: v1.5.0-3-g4060507\nref-names: HEAD -> main, tag: v1.5.0, tag: v1.5\n",
        );
        assert_eq!(expanded.describe_name.as_deref(), Some("v1.5.0-3-g4060507"));
        assert_eq!(expanded.ref_tags, ["v1.5.0", "v1.5"]);
        assert!(expanded.node.is_some());
        let unexpanded = parse_archival(
            path,
            "node: $Format:%H$\nnode-date: $Format:%cI$\ndescribe-name: $Format:%(describe:tags=true,match=*[0-9]*)$\n",
        );
        assert_eq!(
            unexpanded,
            Archival {
                path: path.to_owned(),
                ..Archival::default()
            }
        );
    }
}
