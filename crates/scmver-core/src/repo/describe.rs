//! The nearest version tag and the distance to it, the way `git describe --tags` finds them:
//! over commit-graph positions where a graph holds HEAD ([`describe_graph`]), else with gix's
//! describe; and commit counts for untagged histories and shallow clones.

use std::borrow::Cow;

use gix::bstr::BStr;

use crate::facts::TagInfo;
use crate::repo::describe_graph::{self, Walk};
use crate::repo::tags::VersionTags;

/// How many tagged commits the describe walk collects before it stops looking: git's default.
const MAX_CANDIDATES: usize = 10;

/// `git describe --tags` over the version tags only: the tag commit, the tag, and the depth.
///
/// With a commit-graph that holds HEAD the walk runs over graph positions
/// ([`describe_graph`]); without one, or when the graph cannot answer, gix's describe runs.
/// Both give the same answer (tests/core/graph_walk.rs).
pub(crate) fn nearest_tag(
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
pub(crate) fn count_in_graph(graph: &gix::commitgraph::Graph, head: gix::ObjectId) -> Option<u64> {
    match describe_graph::count_reachable(graph, graph.lookup(head)?) {
        Walk::Done(count) => Some(count),
        Walk::Unsupported => None,
    }
}

/// The nearest version tag and the commit count, each computed both over the commit-graph
/// and through gix: the evidence that the two agree (tests/core/graph_walk.rs). Not API.
#[cfg(feature = "test-hooks")]
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

/// Run both implementations of the tag walk and the commit count on `repo`, for HEAD. A test
/// hook (feature `test-hooks`), not API.
#[cfg(feature = "test-hooks")]
pub fn compare_walks(
    repo_handle: &crate::repo::Repo,
    rule: &crate::options::tag_rule::TagRule,
) -> Result<WalkComparison, crate::repo::RepoError> {
    let repo = repo_handle.gix();
    let read_err = |source: gix::Error| repo_handle.read_error(source);
    let graph = repo.commit_graph_if_enabled().map_err(read_err)?;
    let tags = crate::repo::tags::collect_tags(repo, rule, graph.as_ref()).map_err(read_err)?;
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
        gix: plain(nearest_tag_gix(repo, graph, head, &tags).map_err(read_err)?),
        graph: graph
            .and_then(|graph| nearest_tag_in_graph(graph, head, &tags))
            .map(plain),
        count_gix: count_commits(repo, head, None).map_err(read_err)?.0,
        count_graph: graph
            .filter(|_| !shallow)
            .and_then(|graph| count_in_graph(graph, head)),
    })
}

/// Commits reachable from `head` and not from `hidden`, and whether the walk reached the
/// shallow boundary (so the true count may be larger).
pub(crate) fn count_commits(
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
