//! Repository → facts: the only module that touches gix.
//!
//! [`read_state`] discovers the repository, picks the nearest version tag the way
//! `git describe --tags` does (restricted to tags the [`TagRule`] accepts), counts the distance,
//! and reads node, branch, dirty state, shallowness and commit date into a plain [`ScmState`].

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

use gix::bstr::BStr;

use crate::date::Timestamp;
use crate::state::{ScmState, TagInfo};
use crate::tag::{TagRejection, TagRule};

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
    let dirty = is_dirty(&repo, options.untracked_dirty).map_err(read_err)?;

    let candidates = collect_tags(&repo, rule).map_err(read_err)?;
    let Some(head_id) = head_id else {
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
    let commit_time = repo
        .find_commit(head_id)
        .and_then(|commit| commit.time())
        .map(|time| Timestamp(time.seconds))
        .map_err(read_err)?;

    let (tag, distance) = match nearest_tag(&repo, head_id, &candidates).map_err(read_err)? {
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
            let (count, cut) = count_commits(&repo, head_id, None).map_err(read_err)?;
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
fn is_dirty(repo: &gix::Repository, untracked_dirty: bool) -> gix::Result<bool> {
    if repo.workdir().is_none() {
        return Ok(false);
    }
    if repo.is_dirty()? {
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
        if let gix::status::index_worktree::Item::DirectoryContents { entry, .. } = item? {
            if entry.status == gix::dir::entry::Status::Untracked {
                return Ok(true);
            }
        }
    }
    Ok(false)
}

/// The version tags by peeled commit: one per commit, the highest version.
struct VersionTags {
    by_commit: HashMap<gix::ObjectId, TagInfo>,
    seen: Vec<TagCandidate>,
}

fn collect_tags(repo: &gix::Repository, rule: &TagRule) -> gix::Result<VersionTags> {
    let mut by_commit: HashMap<gix::ObjectId, TagInfo> = HashMap::new();
    let mut seen = Vec::new();
    for reference in repo.references()?.tags()? {
        let mut reference = reference?;
        let name = reference.name().shorten().to_string();
        // Reject by name before touching any object: most non-version tags stop here.
        let version = match rule.version_of(&name) {
            Ok(version) => version,
            Err(rejection) => {
                seen.push(TagCandidate {
                    name,
                    verdict: Err(rejection),
                    chosen_for_commit: false,
                });
                continue;
            }
        };
        if reference.target().try_id().is_none() {
            continue; // a symbolic ref under refs/tags
        }
        let peeled = reference.peel_to_id()?.detach();
        if repo.find_header(peeled)?.kind() != gix::objs::Kind::Commit {
            seen.push(TagCandidate {
                name,
                verdict: Err(TagRejection::NotACommit),
                chosen_for_commit: false,
            });
            continue;
        }
        seen.push(TagCandidate {
            name: name.clone(),
            verdict: Ok(version.clone()),
            chosen_for_commit: false,
        });
        let candidate = TagInfo { name, version };
        match by_commit.get(&peeled) {
            Some(existing) if !outranks(&candidate, existing) => {}
            _ => {
                by_commit.insert(peeled, candidate);
            }
        }
    }
    let chosen: std::collections::HashSet<&str> = by_commit.values().map(|tag| tag.name.as_str()).collect();
    for candidate in &mut seen {
        candidate.chosen_for_commit = chosen.contains(candidate.name.as_str());
    }
    seen.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(VersionTags { by_commit, seen })
}

/// On one commit the higher version wins; equal versions (`v1.0`, `1.0.0`) go to the name that
/// sorts first, so the choice never depends on ref order.
fn outranks(candidate: &TagInfo, existing: &TagInfo) -> bool {
    candidate
        .version
        .cmp(&existing.version)
        .then_with(|| existing.name.cmp(&candidate.name))
        .is_gt()
}

/// `git describe --tags` over the version tags only: the tag commit, the tag, and the depth.
fn nearest_tag(
    repo: &gix::Repository,
    head: gix::ObjectId,
    tags: &VersionTags,
) -> gix::Result<Option<(gix::ObjectId, TagInfo, u32)>> {
    if tags.by_commit.is_empty() {
        return Ok(None);
    }
    let mut name_by_oid: gix::hashtable::HashMap<gix::ObjectId, Cow<'static, BStr>> = Default::default();
    for (commit, tag) in &tags.by_commit {
        name_by_oid.insert(*commit, Cow::Owned(tag.name.clone().into()));
    }
    let cache = repo.commit_graph_if_enabled()?;
    let mut graph = repo.revision_graph(cache.as_ref());
    let outcome = gix::revision::plumbing::describe(
        &head,
        &mut graph,
        gix::revision::plumbing::describe::Options {
            name_by_oid,
            max_candidates: 10,
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
        .find(|(_, tag)| tag.name.as_bytes() == name.as_ref() as &[u8])
        .map(|(commit, tag)| (*commit, tag.clone(), outcome.depth)))
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
    /// relative; [`crate::check_bump`] reports it canonicalized).
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
