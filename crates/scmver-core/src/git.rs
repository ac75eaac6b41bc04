//! Repository → facts: the only module that touches gix.
//!
//! [`read_state`] discovers the repository, picks the nearest version tag the way
//! `git describe --tags` does (restricted to tags the [`TagRule`] accepts), counts the distance,
//! and reads node, branch, dirty state, shallowness and commit date into a plain [`ScmState`].

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use gix::bstr::BStr;

use crate::date::Timestamp;
use crate::state::{ScmState, TagInfo};
use crate::tag::{TagRejection, TagRule};

mod describe_graph;

use describe_graph::Walk;

/// How many tagged commits the describe walk collects before it stops looking: git's default.
const MAX_CANDIDATES: usize = 10;

/// Reading the repository failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum GitError {
    /// No repository at or above the path.
    #[error(
        "no git repository found at `{path}` or any parent directory: run scmver inside a git checkout, pass --root, or set fallback_version"
    )]
    NotARepository {
        /// Where the search started.
        path: PathBuf,
        /// What gix reported.
        #[source]
        source: Box<gix::Error>,
    },
    /// The repository is shallow and its history is cut before a version tag.
    #[error(
        "`{path}` is a shallow clone and its history ends before {what}: fetch the full history (`git fetch --unshallow --tags`; GitHub Actions: `fetch-depth: 0`; GitLab CI: `GIT_DEPTH: 0`) or pass --allow-shallow"
    )]
    Shallow {
        /// The repository's work tree (or git dir when bare).
        path: PathBuf,
        /// What could not be reached ("any version tag", "the tag `v1.2`").
        what: String,
    },
    /// Any other failure while reading objects or refs.
    #[error("cannot read the git repository at `{path}`")]
    Read {
        /// The repository's work tree (or git dir when bare).
        path: PathBuf,
        /// What gix reported.
        #[source]
        source: Box<gix::Error>,
    },
    /// `check-bump`: the base branch or revision is not in this clone.
    #[error("cannot find the base `{base}` (tried {tried}){}: {fix}", if *.shallow { " in this shallow clone" } else { "" })]
    BaseNotFound {
        /// The base as named by `--base` or the CI (`main`).
        base: String,
        /// What was tried, quoted and joined (`` `main`, `origin/main` ``).
        tried: String,
        /// The repository is a shallow clone.
        shallow: bool,
        /// How to make the base available.
        fix: String,
    },
    /// `check-bump`: HEAD and the base share no commit that this clone holds.
    #[error("HEAD and `{base}` have no common ancestor{}: {fix}", if *.shallow { " in this shallow clone" } else { "" })]
    NoMergeBase {
        /// The resolved base (`origin/main`).
        base: String,
        /// The repository is a shallow clone.
        shallow: bool,
        /// How to make the common history available.
        fix: String,
    },
    /// `check-bump`: there is no checked-out commit to compare (bare repository or no commits).
    #[error(
        "`{path}` has no checked-out commit (a bare repository, or no commits yet): run check-bump in a clone with the pull request checked out"
    )]
    NoCheckout {
        /// The repository.
        path: PathBuf,
    },
}

/// What [`read_state`] needs besides the tag rule.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReadOptions {
    /// Accept a shallow clone whose history is cut before the tag (the distance may be too small).
    pub allow_shallow: bool,
    /// Count untracked files (not ignored) as making the tree dirty.
    pub untracked_dirty: bool,
}

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

/// The facts, plus what was seen on the way (for `--verbose`).
#[derive(Debug, Clone)]
pub struct Reading {
    /// The facts.
    pub state: ScmState,
    /// The work tree root (the git dir for a bare repository).
    pub repo_root: PathBuf,
    /// Every tag looked at, in name order.
    pub candidates: Vec<TagCandidate>,
}

/// Discover the repository at or above `path` and read its state.
///
/// ```
/// # let dir = tempfile::tempdir()?;
/// # std::process::Command::new("git").args(["init", "-q"]).current_dir(dir.path()).status()?;
/// use scmver_core::{read_state, ReadOptions, TagRule};
///
/// let reading = read_state(dir.path(), &TagRule::default(), ReadOptions::default())?;
/// assert_eq!(reading.state.sha, None); // no commits yet
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn read_state(path: &Path, rule: &TagRule, options: ReadOptions) -> Result<Reading, GitError> {
    let mut repo = gix::discover(path).map_err(|source| GitError::NotARepository {
        path: path.to_owned(),
        source: Box::new(source),
    })?;
    repo.object_cache_size_if_unset(4 * 1024 * 1024);
    let repo_root = repo.workdir().unwrap_or_else(|| repo.git_dir());
    // gix keeps the path as discovered (`.`); messages read better with an absolute one.
    let repo_root = std::path::absolute(repo_root).unwrap_or_else(|_| repo_root.to_owned());
    let read_err = |source: gix::Error| GitError::Read {
        path: repo_root.clone(),
        source: Box::new(source),
    };

    let branch = repo
        .head_name()
        .map_err(read_err)?
        .filter(|name| name.as_bstr().starts_with(b"refs/heads/"))
        .map(|name| name.shorten().to_string());
    let shallow = repo.is_shallow().map_err(read_err)?;
    let mut head = repo.head().map_err(read_err)?;
    let head_id = head.try_peel_to_id().map_err(read_err)?.map(|id| id.detach());
    // HEAD's commit is decoded once: its date for the version, its tree for the dirty check.
    let head_commit = match head_id {
        Some(id) => {
            let commit = repo.find_commit(id).map_err(read_err)?;
            let time = commit.time().map_err(read_err)?;
            let tree = commit.tree_id().map_err(read_err)?.detach();
            Some((Timestamp(time.seconds), tree))
        }
        None => None,
    };
    let head_tree = head_commit.map(|(_, tree)| tree);
    let dirty = is_dirty(&repo, head_tree, options.untracked_dirty).map_err(read_err)?;

    let graph = repo.commit_graph_if_enabled().map_err(read_err)?;
    let candidates = collect_tags(&repo, rule, graph.as_ref()).map_err(read_err)?;
    let (Some(head_id), Some((commit_time, _))) = (head_id, head_commit) else {
        let state = ScmState {
            tag: None,
            distance: 0,
            sha: None,
            branch,
            dirty,
            shallow,
            commit_time: None,
        };
        return Ok(Reading {
            state,
            repo_root,
            candidates: candidates.seen,
        });
    };
    let (tag, distance) = match nearest_tag(&repo, graph.as_ref(), head_id, &candidates).map_err(read_err)? {
        Some((tag_commit, tag, depth)) => {
            let distance = if shallow {
                let (count, cut) = count_commits(&repo, head_id, Some(tag_commit)).map_err(read_err)?;
                if cut && !options.allow_shallow {
                    return Err(GitError::Shallow {
                        path: repo_root,
                        what: format!("the tag `{}`", tag.name),
                    });
                }
                count
            } else {
                u64::from(depth)
            };
            (Some(tag), distance)
        }
        None => {
            let counted = match graph.as_ref() {
                Some(graph) if !shallow => count_in_graph(graph, head_id),
                _ => None,
            };
            let (count, cut) = match counted {
                Some(count) => (count, false),
                None => count_commits(&repo, head_id, None).map_err(read_err)?,
            };
            if cut && !options.allow_shallow {
                return Err(GitError::Shallow {
                    path: repo_root,
                    what: "any version tag".to_owned(),
                });
            }
            (None, count)
        }
    };
    let state = ScmState {
        tag,
        distance,
        sha: Some(head_id.to_string()),
        branch,
        dirty,
        shallow,
        commit_time: Some(commit_time),
    };
    Ok(Reading {
        state,
        repo_root,
        candidates: candidates.seen,
    })
}

/// Tracked changes (index or work tree against HEAD), and optionally untracked files.
///
/// A bare repository has no work tree and is never dirty.
fn is_dirty(
    repo: &gix::Repository,
    head_tree: Option<gix::ObjectId>,
    untracked_dirty: bool,
) -> gix::Result<bool> {
    if repo.workdir().is_none() {
        return Ok(false);
    }
    // The fast path can only prove "clean"; anything it is unsure of goes to gix's full check.
    let proven_clean = head_tree.is_some_and(|tree| index_proves_clean(repo, tree).unwrap_or(false));
    if !proven_clean && repo.is_dirty()? {
        return Ok(true);
    }
    if !untracked_dirty {
        return Ok(false);
    }
    let mut items = repo
        .status(gix::progress::Discard)?
        .untracked_files(gix::status::UntrackedFiles::Collapsed)
        .into_index_worktree_iter(Vec::new())?;
    for item in items.by_ref() {
        if let gix::status::index_worktree::Item::DirectoryContents { entry, .. } = item?
            && entry.status == gix::dir::entry::Status::Untracked
        {
            return Ok(true);
        }
    }
    Ok(false)
}

/// `true` when the index alone proves the tracked files clean, the way `git status` trusts it:
/// the index's cache-tree extension names HEAD's tree (so index = HEAD without decoding a
/// tree), and every entry's stat data equals the file's, with no entry modified at or after
/// the index was written (racy) and nothing special (conflicts, submodules, sparse or
/// skip-worktree entries, split index). `false` means "not proven", never "dirty".
fn index_proves_clean(repo: &gix::Repository, head_tree: gix::ObjectId) -> gix::Result<bool> {
    use gix::index::entry::{Flags, Mode};

    let Some(workdir) = repo.workdir() else {
        return Ok(false);
    };
    // Like git, which only verifies the index checksum in `fsck`, skip hashing the whole file.
    let index = gix::index::File::at(
        repo.index_path(),
        repo.object_hash(),
        true,
        gix::index::decode::Options::default(),
    )
    .map_err(gix::Error::from_error)?;
    let entries = index.entries();
    let tree_matches_head = index.tree().is_some_and(|tree| {
        tree.num_entries.and_then(|n| usize::try_from(n).ok()) == Some(entries.len()) && tree.id == head_tree
    });
    if !tree_matches_head || index.link().is_some() || index.is_sparse() {
        return Ok(false);
    }
    let special = Flags::SKIP_WORKTREE | Flags::INTENT_TO_ADD | Flags::ASSUME_VALID;
    if entries
        .iter()
        .any(|e| e.stage_raw() != 0 || e.flags.intersects(special) || e.mode == Mode::COMMIT)
    {
        return Ok(false);
    }
    let written = index.timestamp();
    let (written_secs, written_nsecs) = (written.unix_seconds(), written.nanoseconds());
    let state: &gix::index::State = &index;
    // A racy entry (modified in the same clock tick as the index was written, as every file of
    // a fresh clone is) needs its content compared, as git does; that is only sound where git
    // would not convert the file on its way into the repository. The scan of every path for a
    // `.gitattributes` waits for the first racy entry, which runs outside a fresh clone rarely
    // meet.
    let repository_converts_nothing = repository_converts_nothing(repo);
    let no_attributes_in_tree = std::sync::OnceLock::new();
    let object_hash = repo.object_hash();
    let entry_clean = |entry: &gix::index::Entry| -> bool {
        let Ok(relative) = gix::path::from_bstr(entry.path(state)) else {
            return false;
        };
        let path = workdir.join(relative);
        let Ok(meta) = gix::index::fs::Metadata::from_path_no_follow(&path) else {
            return false;
        };
        let is_file = entry.mode == Mode::FILE || entry.mode == Mode::FILE_EXECUTABLE;
        let kind_matches = if entry.mode == Mode::SYMLINK {
            meta.is_symlink()
        } else if is_file {
            meta.is_file() && meta.is_executable() == (entry.mode == Mode::FILE_EXECUTABLE)
        } else {
            false
        };
        if !kind_matches || gix::index::entry::Stat::from_fs(&meta).map_or(true, |stat| stat != entry.stat) {
            return false;
        }
        let mtime = entry.stat.mtime;
        let racy = (i64::from(mtime.secs), mtime.nsecs) >= (written_secs, written_nsecs);
        !racy
            || (is_file
                && repository_converts_nothing
                && *no_attributes_in_tree.get_or_init(|| !index_has_attributes_file(state))
                && file_holds_blob(&path, entry.id, object_hash))
    };
    // Stat calls dominate on large work trees: use the cores there, one thread elsewhere.
    let threads = if entries.len() < 4096 {
        1
    } else {
        std::thread::available_parallelism().map_or(1, |n| n.get().min(4))
    };
    if threads == 1 {
        return Ok(entries.iter().all(entry_clean));
    }
    let chunk = entries.len().div_ceil(threads);
    let all_clean = std::thread::scope(|scope| {
        let workers: Vec<_> = entries
            .chunks(chunk)
            .map(|part| scope.spawn(|| part.iter().all(entry_clean)))
            .collect();
        workers.into_iter().all(|worker| worker.join().unwrap_or(false))
    });
    Ok(all_clean)
}

/// The repository-wide half of "git stores every work-tree file byte for byte": `core.autocrlf`
/// is off and no attributes file exists outside the tree (no `info/attributes`, no global or
/// system attributes file). The in-tree half is [`index_has_attributes_file`].
fn repository_converts_nothing(repo: &gix::Repository) -> bool {
    let autocrlf_off = repo
        .config_snapshot()
        .string("core.autocrlf")
        .is_none_or(|value| value.eq_ignore_ascii_case(b"false"));
    let Ok(global_files) = repo.attribute_global_paths() else {
        return false;
    };
    let info_attributes = repo.common_dir().join("info").join("attributes");
    autocrlf_off
        && global_files
            .iter()
            .chain(std::iter::once(&info_attributes))
            .all(|path| !path.exists())
}

/// Whether the index holds a `.gitattributes` file anywhere in the tree.
fn index_has_attributes_file(index: &gix::index::State) -> bool {
    index.entries().iter().any(|entry| {
        let path = entry.path(index);
        path == ".gitattributes" || path.ends_with(b"/.gitattributes")
    })
}

/// Whether the file at `path` holds exactly the blob `id` (files up to 1 MiB; larger ones are
/// left to the full check).
fn file_holds_blob(path: &Path, id: gix::ObjectId, hash: gix::hash::Kind) -> bool {
    const LIMIT: u64 = 1 << 20;
    if std::fs::symlink_metadata(path).map_or(true, |meta| meta.len() > LIMIT) {
        return false;
    }
    let Ok(data) = std::fs::read(path) else {
        return false;
    };
    gix::objs::compute_hash(hash, gix::objs::Kind::Blob, &data).is_ok_and(|computed| computed == id)
}

/// The version tags by peeled commit: one per commit, the highest version.
struct VersionTags {
    /// Peeled commit → index into `seen` of the tag chosen for it.
    by_commit: gix::hashtable::HashMap<gix::ObjectId, usize>,
    /// Every tag, in name order.
    seen: Vec<TagCandidate>,
    /// The tagged commits found in the commit-graph given to [`collect_tags`], by graph
    /// position, with the index into `seen` of the chosen tag (one entry per commit). A tagged
    /// commit outside the graph is no ancestor of any commit inside it.
    in_graph: Vec<(gix::commitgraph::Position, usize)>,
}

impl VersionTags {
    /// The tag chosen for a commit.
    fn tag(&self, index: usize) -> Option<TagInfo> {
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

fn collect_tags(
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

/// `git describe --tags` over the version tags only: the tag commit, the tag, and the depth.
///
/// With a commit-graph that holds HEAD the walk runs over graph positions
/// ([`describe_graph`]); without one, or when the graph cannot answer, gix's describe runs.
/// Both give the same answer (tests/core/graph_walk.rs).
fn nearest_tag(
    repo: &gix::Repository,
    graph: Option<&gix::commitgraph::Graph>,
    head: gix::ObjectId,
    tags: &VersionTags,
) -> gix::Result<Option<(gix::ObjectId, TagInfo, u32)>> {
    if tags.by_commit.is_empty() {
        return Ok(None);
    }
    match graph.and_then(|graph| nearest_tag_in_graph(graph, head, tags)) {
        Some(found) => Ok(found),
        None => nearest_tag_gix(repo, graph, head, tags),
    }
}

/// [`nearest_tag`] over commit-graph positions; `None` when the graph cannot answer (HEAD is
/// not in it, or its data is inconsistent), so gix must. `graph` is the one `tags` was
/// collected with (their positions are in it).
fn nearest_tag_in_graph(
    graph: &gix::commitgraph::Graph,
    head: gix::ObjectId,
    tags: &VersionTags,
) -> Option<Option<(gix::ObjectId, TagInfo, u32)>> {
    let head = graph.lookup(head)?;
    // A tagged commit outside the graph is no ancestor of HEAD: the graph is closed under
    // parents, so every commit the walk can meet is in it.
    match describe_graph::describe(graph, head, &tags.in_graph, MAX_CANDIDATES, false) {
        Walk::Done(found) => Some(found.and_then(|found| {
            let commit = graph.id_at(found.commit).to_owned();
            Some((commit, tags.tag(found.tag)?, found.depth))
        })),
        Walk::Unsupported => None,
    }
}

/// [`nearest_tag`] through gix's describe (which uses the commit-graph for the commits it has).
fn nearest_tag_gix(
    repo: &gix::Repository,
    graph: Option<&gix::commitgraph::Graph>,
    head: gix::ObjectId,
    tags: &VersionTags,
) -> gix::Result<Option<(gix::ObjectId, TagInfo, u32)>> {
    let name_by_oid: gix::hashtable::HashMap<gix::ObjectId, Cow<'_, BStr>> = tags
        .by_commit
        .iter()
        .map(|(commit, &index)| (*commit, Cow::Borrowed(tags.seen[index].name.as_str().into())))
        .collect();
    let mut walk_graph = repo.revision_graph(graph);
    let outcome = gix::revision::plumbing::describe(
        &head,
        &mut walk_graph,
        gix::revision::plumbing::describe::Options {
            name_by_oid,
            max_candidates: MAX_CANDIDATES,
            fallback_to_oid: false,
            first_parent: false,
        },
    )?;
    let Some(outcome) = outcome else {
        return Ok(None);
    };
    let Some(name) = outcome.name else {
        return Ok(None);
    };
    Ok(tags
        .by_commit
        .iter()
        .find(|&(_, &index)| tags.seen[index].name.as_bytes() == name.as_ref() as &[u8])
        .and_then(|(commit, &index)| Some((*commit, tags.tag(index)?, outcome.depth))))
}

/// Commits reachable from `head` counted over the commit-graph; `None` when HEAD is not in
/// it or its data is inconsistent. Only for a complete (not shallow) repository: the graph
/// knows nothing of a shallow boundary.
fn count_in_graph(graph: &gix::commitgraph::Graph, head: gix::ObjectId) -> Option<u64> {
    match describe_graph::count_reachable(graph, graph.lookup(head)?) {
        Walk::Done(count) => Some(count),
        Walk::Unsupported => None,
    }
}

/// The nearest version tag and the commit count, each computed both over the commit-graph
/// and through gix: the evidence that the two agree (tests/core/graph_walk.rs). Not API.
#[doc(hidden)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WalkComparison {
    /// The repository has a commit-graph (enabled) that holds HEAD.
    pub graph_has_head: bool,
    /// gix's describe: tag commit (full hex), tag name, depth; `None` without a tag.
    pub gix: Option<(String, String, u32)>,
    /// The graph walk's answer, `None` when it did not answer (gix would be used).
    pub graph: Option<Option<(String, String, u32)>>,
    /// Commits reachable from HEAD by gix's rev-walk (stopping at a shallow boundary).
    pub count_gix: u64,
    /// The same counted over the graph; `None` when not answered or the clone is shallow.
    pub count_graph: Option<u64>,
}

/// Run both implementations of the tag walk and the commit count on the repository at or
/// above `path`, for HEAD. Not API: for tests only.
#[doc(hidden)]
pub fn compare_walks(path: &Path, rule: &TagRule) -> Result<WalkComparison, GitError> {
    let repo = gix::discover(path).map_err(|source| GitError::NotARepository {
        path: path.to_owned(),
        source: Box::new(source),
    })?;
    let read_err = |source: gix::Error| GitError::Read {
        path: path.to_owned(),
        source: Box::new(source),
    };
    let graph = repo.commit_graph_if_enabled().map_err(read_err)?;
    let tags = collect_tags(&repo, rule, graph.as_ref()).map_err(read_err)?;
    let mut head = repo.head().map_err(read_err)?;
    let Some(head) = head.try_peel_to_id().map_err(read_err)?.map(|id| id.detach()) else {
        return Ok(WalkComparison {
            graph_has_head: false,
            gix: None,
            graph: None,
            count_gix: 0,
            count_graph: None,
        });
    };
    let plain = |found: Option<(gix::ObjectId, TagInfo, u32)>| {
        found.map(|(commit, tag, depth)| (commit.to_string(), tag.name, depth))
    };
    let shallow = repo.is_shallow().map_err(read_err)?;
    let graph = graph.as_ref();
    Ok(WalkComparison {
        graph_has_head: graph.is_some_and(|graph| graph.lookup(head).is_some()),
        gix: plain(nearest_tag_gix(&repo, graph, head, &tags).map_err(read_err)?),
        graph: graph
            .and_then(|graph| nearest_tag_in_graph(graph, head, &tags))
            .map(plain),
        count_gix: count_commits(&repo, head, None).map_err(read_err)?.0,
        count_graph: graph
            .filter(|_| !shallow)
            .and_then(|graph| count_in_graph(graph, head)),
    })
}

/// Commits reachable from `head` and not from `hidden`, and whether the walk reached the
/// shallow boundary (so the true count may be larger).
fn count_commits(
    repo: &gix::Repository,
    head: gix::ObjectId,
    hidden: Option<gix::ObjectId>,
) -> gix::Result<(u64, bool)> {
    let boundary: Vec<gix::ObjectId> = repo
        .shallow_commits()?
        .map(|commits| commits.iter().copied().collect())
        .unwrap_or_default();
    let walk = repo.rev_walk([head]).with_hidden(hidden).all()?;
    let mut count = 0u64;
    let mut cut = false;
    for info in walk {
        let info = info?;
        count += 1;
        cut |= boundary.binary_search(&info.id).is_ok();
    }
    Ok((count, cut))
}

// ───────────────────────────────────────────────────────────────────────────────────────────
// `scmver check-bump`: the base commit, the merge base with HEAD, and files at a commit.
// Plain values out (hex ids, paths, bytes); the comparison itself lives in `bump.rs`.
// ───────────────────────────────────────────────────────────────────────────────────────────

/// The revision `check-bump` compares with, as the user or the CI named it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BaseRef<'a> {
    /// `--base REF`: any revision (`main`, `origin/main`, `v1.2.0`, a commit id); when it does
    /// not resolve, `origin/REF` is tried.
    Given(&'a str),
    /// The pull request's target branch from the CI: `origin/<name>`, then the local branch.
    TargetBranch(&'a str),
}

/// The commits `check-bump` compares: HEAD, and the merge base of HEAD and the base.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BumpBase {
    /// The repository's work tree root (as discovered from the search path, so possibly
    /// relative; [`crate::bump::check_bump`] reports it canonicalized).
    pub work_tree: PathBuf,
    /// What the base resolved as: the revision given, or the branch found (`origin/main`).
    pub name: String,
    /// Full hex id of the commit the base names.
    pub tip: String,
    /// Full hex id of the best common ancestor of the base and HEAD: the commit compared with,
    /// so commits that landed on the base after the branch was created do not count.
    pub merge_base: String,
    /// Full hex id of HEAD.
    pub head: String,
    /// The repository is a shallow clone.
    pub shallow: bool,
}

/// Discover the repository at or above `path`, resolve `base` to a commit and find its merge
/// base with HEAD.
///
/// A base that cannot be found, or that shares no history with HEAD in a shallow clone, is
/// a typed error naming the fetch that fixes it.
pub(crate) fn resolve_bump_base(path: &Path, base: BaseRef<'_>) -> Result<BumpBase, GitError> {
    let mut repo = gix::discover(path).map_err(|source| GitError::NotARepository {
        path: path.to_owned(),
        source: Box::new(source),
    })?;
    repo.object_cache_size_if_unset(4 * 1024 * 1024);
    let Some(work_tree) = repo.workdir().map(Path::to_path_buf) else {
        return Err(GitError::NoCheckout {
            path: repo.git_dir().to_owned(),
        });
    };
    let read_err = |source: gix::Error| GitError::Read {
        path: work_tree.clone(),
        source: Box::new(source),
    };
    let mut head = repo.head().map_err(read_err)?;
    let Some(head_id) = head.try_peel_to_id().map_err(read_err)?.map(|id| id.detach()) else {
        return Err(GitError::NoCheckout { path: work_tree });
    };
    let shallow = repo.is_shallow().map_err(read_err)?;

    let (requested, candidates): (&str, Vec<(String, String)>) = match base {
        // (what to resolve, how to name it)
        BaseRef::Given(spec) => {
            let mut candidates = vec![(spec.to_owned(), spec.to_owned())];
            if !spec.starts_with("origin/") && !spec.starts_with("refs/") {
                candidates.push((format!("refs/remotes/origin/{spec}"), format!("origin/{spec}")));
            }
            (spec, candidates)
        }
        // The remote-tracking branch first: CI runners that reuse a workspace keep a stale
        // local branch, while the CI fetched `origin/<name>` for this very run.
        BaseRef::TargetBranch(branch) => (
            branch,
            vec![
                (
                    format!("refs/remotes/origin/{branch}"),
                    format!("origin/{branch}"),
                ),
                (format!("refs/heads/{branch}"), branch.to_owned()),
            ],
        ),
    };
    let mut found = None;
    for (spec, name) in &candidates {
        if let Some(commit) = resolve_commit(&repo, spec) {
            found = Some((name.clone(), commit));
            break;
        }
    }
    // The branch to fetch: `origin/main` and `main` both mean the remote's `main`.
    let branch = requested.strip_prefix("origin/").unwrap_or(requested);
    let fetch = |shallow: bool| {
        let unshallow = if shallow { "--unshallow " } else { "" };
        format!("git fetch {unshallow}origin {branch}:refs/remotes/origin/{branch}")
    };
    let Some((name, tip)) = found else {
        let tried = candidates
            .iter()
            .map(|(_, name)| format!("`{name}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let fix = if shallow {
            format!(
                "fetch it with its history (`{}`; GitHub Actions: `fetch-depth: 0`; GitLab CI: `GIT_DEPTH: 0`) or pass --base REF",
                fetch(true)
            )
        } else {
            format!("fetch it (`{}`) or pass --base REF", fetch(false))
        };
        return Err(GitError::BaseNotFound {
            base: requested.to_owned(),
            tried,
            shallow,
            fix,
        });
    };
    let merge_base = repo.merge_base(tip, head_id).map(|id| id.map(|id| id.detach()));
    let merge_base = match merge_base {
        Ok(Some(id)) => id,
        // A shallow clone can fail the walk at its boundary: the same fix applies.
        Ok(None) | Err(_) if shallow => {
            return Err(GitError::NoMergeBase {
                base: name,
                shallow,
                fix: format!(
                    "fetch the history (`{}`; GitHub Actions: `fetch-depth: 0`; GitLab CI: `GIT_DEPTH: 0`)",
                    fetch(true)
                ),
            });
        }
        Ok(None) => {
            return Err(GitError::NoMergeBase {
                base: name,
                shallow,
                fix: "pass --base with the branch this one was created from".to_owned(),
            });
        }
        Err(source) => return Err(read_err(source)),
    };
    Ok(BumpBase {
        work_tree,
        name,
        tip: tip.to_string(),
        merge_base: merge_base.to_string(),
        head: head_id.to_string(),
        shallow,
    })
}

/// The commit `spec` names (peeling tags), or `None` when it names none.
fn resolve_commit(repo: &gix::Repository, spec: &str) -> Option<gix::ObjectId> {
    let id = repo.rev_parse_single(spec).ok()?;
    Some(id.object().ok()?.peel_to_commit().ok()?.id)
}

/// The bytes of the file at `path` (relative to the repository root, `/`-separated) in
/// `commit`'s tree; `None` when the path is absent or is not a regular file.
pub(crate) fn read_file_at(work_tree: &Path, commit: &str, path: &str) -> Result<Option<Vec<u8>>, GitError> {
    let read_err = |source: gix::Error| GitError::Read {
        path: work_tree.to_owned(),
        source: Box::new(source),
    };
    let repo = gix::open(work_tree).map_err(read_err)?;
    let id =
        gix::ObjectId::from_hex(commit.as_bytes()).map_err(|err| read_err(gix::Error::from_error(err)))?;
    let tree = repo
        .find_commit(id)
        .and_then(|commit| commit.tree())
        .map_err(read_err)?;
    let Some(entry) = tree.lookup_entry_by_path(path).map_err(read_err)? else {
        return Ok(None);
    };
    if !entry.mode().is_blob() {
        return Ok(None);
    }
    let blob = entry.object().map_err(read_err)?;
    Ok(Some(blob.detach().data))
}

// ───────────────────────────────────────────────────────────────────────────────────────────
// `scmver docker-tags --labels`: where the repository's source lives, without credentials.
// ───────────────────────────────────────────────────────────────────────────────────────────

/// The fetch URL of a remote, split into plain parts, with any user name and password dropped:
/// CI systems put tokens into remote URLs (`https://gitlab-ci-token:…@gitlab.com/…`), and
/// this value ends up in image labels.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoteLocation {
    /// `https`, `http`, `ssh`, `git`, `file`, … (SCP-like `host:path` is `ssh`).
    pub scheme: String,
    /// The host, `None` for local paths.
    pub host: Option<String>,
    /// The port, when given explicitly.
    pub port: Option<u16>,
    /// The path on the host (`/acme/app.git`, or `acme/app.git` for SCP-like URLs).
    pub path: String,
}

/// The fetch URL of the default remote of the repository at or above `path`, as git picks it
/// for `git fetch` without arguments (the current branch's remote, else `origin`, else the
/// only remote), before any `url.<base>.insteadOf` rewriting; `None` without remotes.
pub fn read_remote(path: &Path) -> Result<Option<RemoteLocation>, GitError> {
    let repo = gix::discover(path).map_err(|source| GitError::NotARepository {
        path: path.to_owned(),
        source: Box::new(source),
    })?;
    let root = repo.workdir().unwrap_or_else(|| repo.git_dir()).to_owned();
    let read_err = |source: gix::Error| GitError::Read {
        path: root.clone(),
        source: Box::new(source),
    };
    let Some(name) = repo.remote_default_name(gix::remote::Direction::Fetch) else {
        return Ok(None);
    };
    let Some(remote) = repo.try_find_remote_without_url_rewrite(name.as_slice()) else {
        return Ok(None);
    };
    let remote = remote.map_err(read_err)?;
    Ok(remote
        .url(gix::remote::Direction::Fetch)
        .map(|url| RemoteLocation {
            scheme: url.scheme.to_string(),
            host: url.host().map(str::to_owned),
            port: url.port,
            path: url.path.to_string(),
        }))
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

    #[test]
    fn a_file_holds_the_blob_of_its_exact_bytes() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("greeting");
        std::fs::write(&path, "hello\n").expect("write");
        // `printf 'hello\n' | git hash-object --stdin`
        let hello = gix::ObjectId::from_hex(b"ce013625030ba8dba906f756967f9e9ca394464a").expect("hex");
        assert!(file_holds_blob(&path, hello, gix::hash::Kind::Sha1));
        std::fs::write(&path, "hello\r\n").expect("write");
        assert!(!file_holds_blob(&path, hello, gix::hash::Kind::Sha1));
        assert!(!file_holds_blob(
            &dir.path().join("missing"),
            hello,
            gix::hash::Kind::Sha1
        ));
    }
}
