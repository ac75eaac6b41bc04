//! `check-bump`'s history: the base commit, the merge base with HEAD, and files at a commit.
//! Plain values out (hex ids, paths, bytes); the comparison itself is in
//! [`crate::version::bump`].

use std::path::{Path, PathBuf};

use crate::repo::{Repo, RepoError};

/// The revision `check-bump` compares with, as the user or the CI named it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BaseRef<'a> {
    /// A base the user named: any revision (`main`, `origin/main`, `v1.2.0`, a commit id); when it does
    /// not resolve, `origin/REF` is tried.
    Given(&'a str),
    /// The pull request's target branch from the CI: `origin/<name>`, then the local branch.
    TargetBranch(&'a str),
}

/// The commits `check-bump` compares: HEAD, and the merge base of HEAD and the base.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BumpBase {
    /// The repository's work tree root (canonicalized by `check-bump` before it is reported).
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

/// Resolve `base` to a commit and find its merge base with HEAD.
///
/// A base that cannot be found, or that shares no history with HEAD in a shallow clone, is
/// a typed error naming the fetch that fixes it.
pub fn resolve_bump_base(repo_handle: &Repo, base: BaseRef<'_>) -> Result<BumpBase, RepoError> {
    let repo = repo_handle.gix();
    let Some(work_tree) = repo.workdir().map(Path::to_path_buf) else {
        return Err(RepoError::NoCheckout {
            path: repo.git_dir().to_owned(),
        });
    };
    let read_err = |source: gix::Error| repo_handle.read_error(source);
    let mut head = repo.head().map_err(read_err)?;
    let Some(head_id) = head.try_peel_to_id().map_err(read_err)?.map(|id| id.detach()) else {
        return Err(RepoError::NoCheckout { path: work_tree });
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
        if let Some(commit) = resolve_commit(repo, spec) {
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
                "fetch it with its history (`{}`; GitHub Actions: `fetch-depth: 0`; GitLab CI: `GIT_DEPTH: 0`) or name another base",
                fetch(true)
            )
        } else {
            format!("fetch it (`{}`) or name another base", fetch(false))
        };
        return Err(RepoError::BaseNotFound {
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
            return Err(RepoError::NoMergeBase {
                base: name,
                shallow,
                fix: format!(
                    "fetch the history (`{}`; GitHub Actions: `fetch-depth: 0`; GitLab CI: `GIT_DEPTH: 0`)",
                    fetch(true)
                ),
            });
        }
        Ok(None) => {
            return Err(RepoError::NoMergeBase {
                base: name,
                shallow,
                fix: "compare with the branch this one was created from".to_owned(),
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

/// The bytes of the file at `path` (relative to the repository root, `/`-separated) in the
/// tree of `commit` (full hex, as [`BumpBase`] holds it); `None` when the path is absent or is
/// not a regular file.
pub fn read_file_at(repo_handle: &Repo, commit: &str, path: &str) -> Result<Option<Vec<u8>>, RepoError> {
    let repo = repo_handle.gix();
    let read_err = |source: gix::Error| repo_handle.read_error(source);
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
