//! HEAD's state: the facts a version is rendered from.

use std::path::PathBuf;

use crate::date::Timestamp;
use crate::facts::ScmState;
use crate::options::ReadOptions;
use crate::options::tag_rule::TagRule;
use crate::repo::describe::{count_commits, count_in_graph, nearest_tag};
use crate::repo::dirty::{changed_paths, is_dirty};
use crate::repo::tags::{TagCandidate, collect_tags};
use crate::repo::{Repo, RepoError};

/// The facts, plus what was seen on the way (for `--verbose`).
#[derive(Debug, Clone)]
pub struct Reading {
    /// The facts.
    pub state: ScmState,
    /// The work tree root (the git dir for a bare repository).
    pub repo_root: PathBuf,
    /// Every tag looked at, in name order.
    pub candidates: Vec<TagCandidate>,
    /// What was skipped on the way and why (a commit-graph that cannot be read), one line
    /// each, for standard error.
    pub warnings: Vec<String>,
    /// When the tree is dirty and [`ReadOptions::list_changes`] asked for it, the paths that
    /// make it so (at most 20).
    pub changed: Vec<String>,
    /// Every version tag on the commit of the nearest tag (the chosen one among them), in
    /// name order.
    pub tags_on_commit: Vec<String>,
}

/// Read the repository's state: the nearest version tag the way `git describe --tags` picks
/// it (restricted to tags the [`TagRule`] accepts), the distance, and node, branch, dirty
/// state, shallowness and commit date.
///
/// ```
/// # let dir = tempfile::tempdir()?;
/// # std::process::Command::new("git").args(["init", "-q"]).current_dir(dir.path()).status()?;
/// use scmver_core::options::ReadOptions;
/// use scmver_core::options::tag_rule::TagRule;
/// use scmver_core::repo::{Repo, state::read_state};
///
/// let repo = Repo::discover(dir.path())?;
/// let reading = read_state(&repo, &TagRule::default(), ReadOptions::default())?;
/// assert_eq!(reading.state.sha, None); // no commits yet
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn read_state(repo_handle: &Repo, rule: &TagRule, options: ReadOptions) -> Result<Reading, RepoError> {
    let repo = repo_handle.gix();
    let repo_root = repo_handle.root().to_owned();
    let read_err = |source: gix::Error| repo_handle.read_error(source);

    let branch = repo
        .head_name()
        .map_err(read_err)?
        .filter(|name| name.as_bstr().starts_with(b"refs/heads/"))
        .map(|name| name.shorten().to_string());
    let shallow = repo.is_shallow().map_err(read_err)?;
    if shallow && options.fail_on_shallow {
        return Err(RepoError::ShallowRefused { path: repo_root });
    }
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
    let dirty = is_dirty(repo, head_tree, options.untracked_dirty).map_err(read_err)?;
    let changed = if dirty && options.list_changes {
        changed_paths(repo, options.untracked_dirty, 20).map_err(read_err)?
    } else {
        Vec::new()
    };

    let mut warnings = Vec::new();
    // Like git, a commit-graph that cannot be read is skipped: the walk reads the commits.
    let graph = match repo.commit_graph_if_enabled() {
        Ok(graph) => graph,
        Err(err) => {
            warnings.push(format!(
                "ignoring the commit-graph of `{}`, which cannot be read ({err}); walking the commits instead",
                repo_root.display()
            ));
            None
        }
    };
    let candidates = collect_tags(repo, rule, graph.as_ref()).map_err(read_err)?;
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
            warnings,
            changed,
            tags_on_commit: Vec::new(),
        });
    };
    let mut tags_on_commit = Vec::new();
    let (tag, distance) = match nearest_tag(repo, graph.as_ref(), head_id, &candidates).map_err(read_err)? {
        Some((tag_commit, tag, depth)) => {
            tags_on_commit = candidates
                .accepted_on
                .iter()
                .filter(|(commit, _)| *commit == tag_commit)
                .map(|&(_, index)| candidates.seen[index].name.clone())
                .collect();
            let distance = if shallow {
                let (count, cut) = count_commits(repo, head_id, Some(tag_commit)).map_err(read_err)?;
                if cut && !options.allow_shallow {
                    return Err(RepoError::Shallow {
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
                None => count_commits(repo, head_id, None).map_err(read_err)?,
            };
            if cut && !options.allow_shallow {
                return Err(RepoError::Shallow {
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
        warnings,
        changed,
        tags_on_commit,
    })
}
