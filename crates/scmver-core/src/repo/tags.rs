//! The version tags: every tag under `refs/tags/` (packed-refs parsed in place, loose files
//! overriding them), judged by the tag rule, peeled to commits, one tag chosen per commit.

use std::path::Path;

use gix::bstr::BStr;

use crate::facts::TagInfo;
use crate::options::tag_rule::{TagRejection, TagRule};

/// A tag that was looked at, with the verdict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagCandidate {
    /// The tag's name.
    pub name: String,
    /// The version it names, or why it was skipped.
    pub verdict: Result<pep440_rs::Version, TagRejection>,
    /// `false` when a higher version tag on the same commit won.
    pub chosen_for_commit: bool,
}

/// The version tags by peeled commit: one per commit, the highest version.
pub(crate) struct VersionTags {
    /// Peeled commit → index into `seen` of the tag chosen for it.
    pub(crate) by_commit: gix::hashtable::HashMap<gix::ObjectId, usize>,
    /// Every tag, in name order.
    pub(crate) seen: Vec<TagCandidate>,
    /// Every accepted version tag's commit, with its index into `seen`.
    pub(crate) accepted_on: Vec<(gix::ObjectId, usize)>,
    /// The tagged commits found in the commit-graph given to [`collect_tags`], by graph
    /// position, with the index into `seen` of the chosen tag (one entry per commit). A tagged
    /// commit outside the graph is no ancestor of any commit inside it.
    pub(crate) in_graph: Vec<(gix::commitgraph::Position, usize)>,
}

impl VersionTags {
    /// The tag chosen for a commit.
    pub(crate) fn tag(&self, index: usize) -> Option<TagInfo> {
        let candidate = &self.seen[index];
        let version = candidate.verdict.as_ref().ok()?;
        Some(TagInfo {
            name: candidate.name.clone(),
            version: version.clone(),
        })
    }
}

/// A tag reference after the name check: a rejected name carries no ids (they are never
/// decoded), an accepted one its direct target and, when packed-refs recorded it (or recorded
/// that there is none), the peeled target.
struct RawTag {
    name: String,
    verdict: Result<(pep440_rs::Version, gix::ObjectId, Option<gix::ObjectId>), TagRejection>,
}

pub(crate) fn collect_tags(
    repo: &gix::Repository,
    rule: &TagRule,
    graph: Option<&gix::commitgraph::Graph>,
) -> gix::Result<VersionTags> {
    let mut raw = match raw_tags_fast(repo, rule)? {
        Some(raw) => raw,
        None => raw_tags_generic(repo, rule)?,
    };
    // Usually sorted already (packed-refs is), which the stable sort detects in one pass.
    raw.sort_by(|a, b| a.name.cmp(&b.name));
    let mut by_commit: gix::hashtable::HashMap<gix::ObjectId, usize> = Default::default();
    let mut seen: Vec<TagCandidate> = Vec::with_capacity(raw.len());
    let mut positions: Vec<(gix::commitgraph::Position, usize)> = Vec::new();
    let mut accepted_on: Vec<(gix::ObjectId, usize)> = Vec::new();
    for RawTag { name, verdict } in raw {
        let (version, target, peeled) = match verdict {
            Ok(found) => found,
            Err(rejection) => {
                seen.push(TagCandidate {
                    name,
                    verdict: Err(rejection),
                    chosen_for_commit: false,
                });
                continue;
            }
        };
        let (peeled, is_commit, position) = match peeled {
            Some(peeled) => match graph.and_then(|g| g.lookup(peeled)) {
                // In the commit-graph: a commit, no object read needed.
                Some(position) => (peeled, true, Some(position)),
                None => (
                    peeled,
                    repo.find_header(peeled)?.kind() == gix::objs::Kind::Commit,
                    None,
                ),
            },
            None => {
                let (peeled, is_commit) = peel(repo, target)?;
                let position = graph.filter(|_| is_commit).and_then(|g| g.lookup(peeled));
                (peeled, is_commit, position)
            }
        };
        if !is_commit {
            seen.push(TagCandidate {
                name,
                verdict: Err(TagRejection::NotACommit),
                chosen_for_commit: false,
            });
            continue;
        }
        let index = seen.len();
        seen.push(TagCandidate {
            name,
            verdict: Ok(version),
            chosen_for_commit: false,
        });
        accepted_on.push((peeled, index));
        match by_commit.get(&peeled) {
            Some(&existing) if !outranks(&seen[index], &seen[existing]) => {}
            _ => {
                by_commit.insert(peeled, index);
                if let Some(position) = position {
                    positions.push((position, index));
                }
            }
        }
    }
    for &index in by_commit.values() {
        seen[index].chosen_for_commit = true;
    }
    // Keep the entry of the tag chosen for each commit.
    positions.retain(|&(_, index)| seen[index].chosen_for_commit);
    Ok(VersionTags {
        by_commit,
        accepted_on,
        seen,
        in_graph: positions,
    })
}

/// Follow `id` through tag objects: the object it ends at, and whether that is a commit.
fn peel(repo: &gix::Repository, mut id: gix::ObjectId) -> gix::Result<(gix::ObjectId, bool)> {
    loop {
        match repo.find_header(id)?.kind() {
            gix::objs::Kind::Tag => id = repo.find_tag(id)?.target_id()?.detach(),
            kind => return Ok((id, kind == gix::objs::Kind::Commit)),
        }
    }
}

/// The name check, and only for accepted names the ids (decoding hex costs as much as the
/// check on a repository with thousands of tags).
fn raw_tag(
    rule: &TagRule,
    name: String,
    ids: impl FnOnce() -> Option<(gix::ObjectId, Option<gix::ObjectId>)>,
) -> Option<RawTag> {
    let verdict = match rule.version_of(&name) {
        Ok(version) => {
            let (target, peeled) = ids()?;
            Ok((version, target, peeled))
        }
        Err(rejection) => Err(rejection),
    };
    Some(RawTag { name, verdict })
}

/// The tags from packed-refs (parsed in place, with the peeled ids `git pack-refs` stores)
/// and the loose tag files that override them; `None` when a ref namespace is active or the
/// packed-refs file holds anything unexpected, which the generic path handles.
fn raw_tags_fast(repo: &gix::Repository, rule: &TagRule) -> gix::Result<Option<Vec<RawTag>>> {
    let store = &repo.refs;
    if store.namespace.is_some() {
        return Ok(None);
    }
    let prefix: &gix::path::RelativePath = "refs/tags/".try_into().map_err(gix::Error::from_error)?;
    let mut raw: Vec<RawTag> = Vec::new();
    for reference in store
        .loose_iter_prefixed(prefix)
        .map_err(gix::Error::from_error)?
    {
        let reference = reference.map_err(gix::Error::from_error)?;
        let Some(target) = reference.target.try_id() else {
            continue; // a symbolic ref under refs/tags
        };
        raw.extend(raw_tag(rule, short_tag_name(reference.name.as_bstr()), || {
            Some((target.to_owned(), None))
        }));
    }
    raw.sort_unstable_by(|a, b| a.name.cmp(&b.name));
    let loose = raw.len();
    if let Some(packed) = store.cached_packed_buffer()? {
        let buffer: &gix::refs::packed::Buffer = &packed;
        // With `peeled` (or `fully-peeled`) in the header, every tag object under refs/tags
        // has its `^` line: a tag without one points straight at its target.
        // (`Buffer` hides its header line, so it is read from the file's start.)
        let records_peeled = packed_refs_record_peeled(&store.packed_refs_path());
        let hex_len = repo.object_hash().len_in_hex();
        let Some(records) = packed_tag_records(buffer.as_ref(), hex_len) else {
            return Ok(None);
        };
        for (name, target, peeled) in records {
            let name = short_tag_name(name);
            if raw[..loose].binary_search_by(|tag| tag.name.cmp(&name)).is_ok() {
                continue; // the loose file wins
            }
            let ids = || {
                let target = gix::ObjectId::from_hex(target).ok()?;
                let peeled = match peeled {
                    Some(peeled) => Some(gix::ObjectId::from_hex(peeled).ok()?),
                    None => records_peeled.then_some(target),
                };
                Some((target, peeled))
            };
            let Some(tag) = raw_tag(rule, name, ids) else {
                return Ok(None);
            };
            raw.push(tag);
        }
    }
    Ok(Some(raw))
}

/// One packed-refs record: full name, target hex, peeled hex.
type PackedRecord<'a> = (&'a BStr, &'a [u8], Option<&'a [u8]>);

/// The `refs/tags/` records of a packed-refs body (after the header): full name, target hex,
/// peeled hex. `None` when a line is not `<id> <name>` or `^<id>` in shape.
///
/// The hex itself is checked only where it is used (decoding an accepted tag's ids fails on
/// bad hex, and the caller then falls back to gix's reader): on a repository with thousands of
/// tags, validating every id here cost as much as everything else together.
fn packed_tag_records(body: &[u8], hex_len: usize) -> Option<Vec<PackedRecord<'_>>> {
    use gix::bstr::ByteSlice;

    let mut records: Vec<PackedRecord<'_>> = Vec::new();
    let mut last_was_tag = false;
    for line in body.lines() {
        if line.is_empty() {
            continue;
        }
        if let Some(peeled) = line.strip_prefix(b"^") {
            if last_was_tag {
                if peeled.len() != hex_len {
                    return None;
                }
                records.last_mut()?.2 = Some(peeled);
            }
            continue;
        }
        if line.len() <= hex_len || line[hex_len] != b' ' {
            return None;
        }
        let name = &line[hex_len + 1..];
        last_was_tag = name.starts_with(b"refs/tags/") && name.len() > b"refs/tags/".len();
        if last_was_tag {
            records.push((name.as_bstr(), &line[..hex_len], None));
        }
    }
    Some(records)
}

/// Test hook (not API): [`packed_tag_records`] with owned values, for fuzzing the parser from
/// outside the crate. Each record is the full name, the target hex and the peeled hex.
#[cfg(feature = "test-hooks")]
#[must_use]
#[allow(clippy::type_complexity)]
pub fn packed_tag_records_owned(
    body: &[u8],
    hex_len: usize,
) -> Option<Vec<(Vec<u8>, Vec<u8>, Option<Vec<u8>>)>> {
    let records = packed_tag_records(body, hex_len)?;
    Some(
        records
            .into_iter()
            .map(|(name, target, peeled)| (name.to_vec(), target.to_vec(), peeled.map(<[u8]>::to_vec)))
            .collect(),
    )
}

/// Whether the packed-refs header lists the `peeled` or `fully-peeled` trait; `false` when it
/// cannot be read.
fn packed_refs_record_peeled(path: &Path) -> bool {
    use std::io::Read;
    let mut start = [0u8; 128];
    let Ok(read) = std::fs::File::open(path).and_then(|mut file| file.read(&mut start)) else {
        return false;
    };
    let header = start[..read].split(|&b| b == b'\n').next().unwrap_or_default();
    header.starts_with(b"# pack-refs with:")
        && header
            .split(|&b| b == b' ')
            .any(|word| word == b"peeled" || word == b"fully-peeled")
}

/// Every tag through gix's reference iterator (loose and packed, namespaces applied).
fn raw_tags_generic(repo: &gix::Repository, rule: &TagRule) -> gix::Result<Vec<RawTag>> {
    let mut raw = Vec::new();
    for reference in repo.references()?.tags()? {
        let reference = reference?;
        let Some(target) = reference.target().try_id().map(ToOwned::to_owned) else {
            continue; // a symbolic ref under refs/tags
        };
        let name = reference.name().shorten().to_string();
        raw.extend(raw_tag(rule, name, || Some((target, None))));
    }
    Ok(raw)
}

/// `refs/tags/v1.0` → `v1.0` (lossy for names that are not UTF-8, like `shorten()`).
fn short_tag_name(full: &BStr) -> String {
    let short = full.strip_prefix(b"refs/tags/").unwrap_or(full);
    match std::str::from_utf8(short) {
        Ok(name) => name.to_owned(),
        Err(_) => String::from_utf8_lossy(short).into_owned(),
    }
}

/// On one commit the higher version wins; equal versions (`v1.0`, `1.0.0`) go to the name that
/// sorts first, so the choice never depends on ref order. Both candidates are accepted tags.
fn outranks(candidate: &TagCandidate, existing: &TagCandidate) -> bool {
    match (&candidate.verdict, &existing.verdict) {
        (Ok(new), Ok(old)) => new
            .cmp(old)
            .then_with(|| existing.name.cmp(&candidate.name))
            .is_gt(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packed_refs_records_keep_tags_and_their_peeled_ids_only() {
        let a = "a".repeat(40);
        let b = "b".repeat(40);
        let c = "c".repeat(40);
        let body = format!(
            "{a} refs/heads/main\n{b} refs/tags/v1.0\n^{c}\n{c} refs/tags/v1.1\r\n{a} refs/tags/\n^{b}\n"
        );
        let records = packed_tag_records(body.as_bytes(), 40).expect("well-formed");
        let records: Vec<(String, String, Option<String>)> = records
            .into_iter()
            .map(|(name, target, peeled)| {
                let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();
                (name.to_string(), text(target), peeled.map(text))
            })
            .collect();
        assert_eq!(
            records,
            [
                ("refs/tags/v1.0".to_owned(), b.clone(), Some(c.clone())),
                ("refs/tags/v1.1".to_owned(), c.clone(), None),
            ]
        );
        // Not `<id> <name>` in shape: the caller falls back to gix's reader.
        assert!(packed_tag_records(b"abc refs/tags/v1.0\n", 40).is_none());
        assert!(packed_tag_records(format!("{b} refs/tags/v1.0\n^abc\n").as_bytes(), 40).is_none());
    }
}
