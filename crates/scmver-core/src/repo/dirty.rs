//! Whether the work tree differs from HEAD: proven clean from the index where git would trust
//! it, else gix's full status.

use std::path::Path;

/// Tracked changes (index or work tree against HEAD), and optionally untracked files.
///
/// A bare repository has no work tree and is never dirty.
pub(crate) fn is_dirty(
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

/// The paths that make the tree dirty (tracked changes against HEAD in the index or the work
/// tree, and untracked files when `untracked_dirty`), sorted, at most `limit` of them.
pub(crate) fn changed_paths(
    repo: &gix::Repository,
    untracked_dirty: bool,
    limit: usize,
) -> gix::Result<Vec<String>> {
    if repo.workdir().is_none() {
        return Ok(Vec::new());
    }
    let untracked = if untracked_dirty {
        gix::status::UntrackedFiles::Files
    } else {
        gix::status::UntrackedFiles::None
    };
    let mut paths = Vec::new();
    for item in repo
        .status(gix::progress::Discard)?
        .untracked_files(untracked)
        .into_iter(Vec::new())?
    {
        let path = item?.location().to_string();
        if !paths.contains(&path) {
            paths.push(path);
        }
        if paths.len() >= limit {
            break;
        }
    }
    paths.sort();
    Ok(paths)
}

#[cfg(test)]
mod tests;
