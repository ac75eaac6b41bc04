//! The nearest version tag and the distance to it, the way `git describe --tags` finds them
//! (git's walk, in [`describe_graph`]): over commit-graph positions where a graph holds HEAD,
//! else over commits read from the object database ([`ObjectHistory`]); and commit counts for
//! untagged histories and shallow clones.

use gix::objs::Find;

use crate::facts::TagInfo;
use crate::repo::describe_graph::{self, Found, History, Search, Walk};
use crate::repo::tags::VersionTags;

/// How `scmver` describes: git's default of 10 candidates, every parent.
const SEARCH: Search = Search {
    max_candidates: 10,
    first_parent: false,
};

/// `git describe --tags` over the version tags only: the tag commit, the tag, and the depth.
///
/// With a commit-graph that holds HEAD the walk runs over graph positions; without one, or
/// when the graph cannot answer, over commits read from the objects (and from the graph for
/// the commits it holds). Both give the same answer (tests/core/graph_walk.rs), and it is
/// `git describe`'s (tests/core/describe_parity.rs).
pub(crate) fn nearest_tag(
    repo: &gix::Repository,
    graph: Option<&gix::commitgraph::Graph>,
    head: gix::ObjectId,
    tags: &VersionTags,
) -> gix::Result<Option<(gix::ObjectId, TagInfo, u32)>> {
    if tags.by_commit.is_empty() {
        return Ok(None);
    }
    let found = match graph.and_then(|graph| nearest_tag_in_graph(graph, head, tags, SEARCH)) {
        Some(found) => found,
        None => nearest_tag_in_objects(repo, graph, head, tags, SEARCH)?,
    };
    Ok(found.and_then(|(commit, index, depth)| Some((commit, tags.tag(index)?, depth))))
}

/// The tagged commit, the index of its tag in [`VersionTags::seen`], and the depth.
type Nearest = (gix::ObjectId, usize, u32);

/// [`nearest_tag`] over commit-graph positions; `None` when the graph cannot answer (HEAD is
/// not in it, or its data is inconsistent), so the objects must. `graph` is the one `tags`
/// was collected with (their positions are in it).
fn nearest_tag_in_graph(
    graph: &gix::commitgraph::Graph,
    head: gix::ObjectId,
    tags: &VersionTags,
    search: Search,
) -> Option<Option<Nearest>> {
    let head = graph.lookup(head)?;
    // A tagged commit outside the graph is no ancestor of HEAD: the graph is closed under
    // parents, so every commit the walk can meet is in it.
    match describe_graph::describe_in_graph(graph, head, &tags.in_graph, search) {
        Walk::Done(found) => Some(found.map(|Found { commit, tag, depth }| {
            let commit = graph.id_at(gix::commitgraph::Position(commit)).to_owned();
            (commit, tag, depth)
        })),
        Walk::Unsupported => None,
    }
}

/// [`nearest_tag`] over commits read one by one: from `graph` when it holds them, else from
/// the object database.
fn nearest_tag_in_objects(
    repo: &gix::Repository,
    graph: Option<&gix::commitgraph::Graph>,
    head: gix::ObjectId,
    tags: &VersionTags,
    search: Search,
) -> gix::Result<Option<Nearest>> {
    let mut history = ObjectHistory::new(repo, graph, tags);
    let Some(head) = history.index_of(head)? else {
        return Err(gix::Error::from_error(UnreadableCommit::Missing(head)));
    };
    let Some(Found { tag, depth, .. }) = describe_graph::describe(&mut history, head, search)? else {
        return Ok(None);
    };
    // The commit of the tag found: one pass over the tags rather than an id kept per commit.
    Ok(tags
        .by_commit
        .iter()
        .find(|&(_, &index)| index == tag)
        .map(|(commit, _)| (*commit, tag, depth)))
}

/// A commit the walk cannot read.
#[derive(Debug, thiserror::Error)]
enum UnreadableCommit {
    /// The object is not in the repository.
    #[error("commit {0} is missing")]
    Missing(gix::ObjectId),
    /// The object is not a commit.
    #[error("object {0} is listed as a commit but is not one")]
    NotACommit(gix::ObjectId),
    /// The commit-graph lists a parent it does not hold.
    #[error("the commit-graph entry of {0} has an unusable parent")]
    BadGraphParent(gix::ObjectId),
}

/// One commit as the walk needs it.
#[derive(Debug, Clone, Copy)]
struct Loaded {
    /// The committer date as git orders by it.
    date: u64,
    /// Where its parents start in [`ObjectHistory::parent_ids`], and how many there are.
    parents: (u32, u32),
    /// The index into [`VersionTags::seen`] of its tag.
    tag: Option<usize>,
}

/// Commits read on demand as a [`History`]: indices in the order commits were first met,
/// each commit read once (its date and parent ids kept), from the commit-graph when it holds
/// the commit, else from the object database.
///
/// A parent that is not in the repository is no parent: that is how a shallow clone looks
/// past its boundary, where git, which reads `.git/shallow`, sees no parents either.
struct ObjectHistory<'r> {
    repo: &'r gix::Repository,
    graph: Option<&'r gix::commitgraph::Graph>,
    tags: &'r VersionTags,
    index: gix::hashtable::HashMap<gix::ObjectId, u32>,
    /// Per index: the commit.
    commits: Vec<Loaded>,
    /// The parent ids of every commit read, one run per commit.
    parent_ids: Vec<gix::ObjectId>,
    /// Parents found missing (asked once: a miss can make the object database rescan).
    missing: gix::hashtable::HashSet<gix::ObjectId>,
    buf: Vec<u8>,
}

impl<'r> ObjectHistory<'r> {
    fn new(
        repo: &'r gix::Repository,
        graph: Option<&'r gix::commitgraph::Graph>,
        tags: &'r VersionTags,
    ) -> Self {
        ObjectHistory {
            repo,
            graph,
            tags,
            index: Default::default(),
            commits: Vec::new(),
            parent_ids: Vec::new(),
            missing: Default::default(),
            buf: Vec::new(),
        }
    }

    /// The index of commit `id`, reading it the first time; `None` when it is missing.
    fn index_of(&mut self, id: gix::ObjectId) -> gix::Result<Option<u32>> {
        if let Some(&index) = self.index.get(&id) {
            return Ok(Some(index));
        }
        if self.missing.contains(&id) {
            return Ok(None);
        }
        let start = self.parent_ids.len();
        let date = match self
            .graph
            .and_then(|graph| graph.lookup(id).map(|pos| (graph, pos)))
        {
            Some((graph, pos)) => self.read_from_graph(graph, pos, id)?,
            None => match self.read_from_objects(id)? {
                Some(date) => date,
                None => {
                    self.missing.insert(id);
                    return Ok(None);
                }
            },
        };
        let index = u32::try_from(self.commits.len()).map_err(gix::Error::from_error)?;
        let parents = (
            u32::try_from(start).map_err(gix::Error::from_error)?,
            u32::try_from(self.parent_ids.len() - start).map_err(gix::Error::from_error)?,
        );
        self.commits.push(Loaded {
            date,
            parents,
            tag: self.tags.by_commit.get(&id).copied(),
        });
        self.index.insert(id, index);
        Ok(Some(index))
    }

    /// Append the parents of the commit at graph position `pos` to `parent_ids`; its date.
    fn read_from_graph(
        &mut self,
        graph: &gix::commitgraph::Graph,
        pos: gix::commitgraph::Position,
        id: gix::ObjectId,
    ) -> gix::Result<u64> {
        let commit = graph.commit_at(pos);
        for parent in commit.iter_parents() {
            let parent = parent
                .ok()
                .filter(|parent| parent.0 < graph.num_commits())
                .ok_or_else(|| gix::Error::from_error(UnreadableCommit::BadGraphParent(id)))?;
            self.parent_ids.push(graph.id_at(parent).to_owned());
        }
        Ok(commit.committer_timestamp())
    }

    /// Append the parents of commit `id` to `parent_ids`; its date, or `None` when the object
    /// is missing.
    fn read_from_objects(&mut self, id: gix::ObjectId) -> gix::Result<Option<u64>> {
        use gix::objs::commit::ref_iter::Token;

        let Some(data) = self.repo.objects.try_find(&id, &mut self.buf)? else {
            return Ok(None);
        };
        let Some(tokens) = data.try_into_commit_iter() else {
            return Err(gix::Error::from_error(UnreadableCommit::NotACommit(id)));
        };
        let mut date = 0;
        for token in tokens {
            match token? {
                Token::Parent { id } => self.parent_ids.push(id),
                Token::Committer { signature } => {
                    date = git_commit_date(signature.time);
                    break;
                }
                _ => {}
            }
        }
        Ok(Some(date))
    }
}

impl History for ObjectHistory<'_> {
    type Error = gix::Error;

    fn tag(&self, commit: u32) -> Option<usize> {
        self.commits[commit as usize].tag
    }

    fn date(&self, commit: u32) -> u64 {
        self.commits[commit as usize].date
    }

    fn for_each_parent(
        &mut self,
        commit: u32,
        first_only: bool,
        mut visit: impl FnMut(u32, u64),
    ) -> gix::Result<()> {
        let (start, count) = self.commits[commit as usize].parents;
        let count = if first_only { count.min(1) } else { count };
        for at in start..start + count {
            if let Some(parent) = self.index_of(self.parent_ids[at as usize])? {
                visit(parent, self.commits[parent as usize].date);
            }
        }
        Ok(())
    }

    fn len(&self) -> usize {
        self.commits.len()
    }
}

/// A commit's date the way git reads it from the committer line (`parse_commit_date`): the
/// number the time field starts with, a leading `-` wrapping around as in `strtoumax`, the
/// largest value when it overflows, and 0 when the field starts with anything else.
fn git_commit_date(time: &str) -> u64 {
    let time = time.trim_start();
    let (negative, digits) = match time.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, time),
    };
    let end = digits.find(|c: char| !c.is_ascii_digit()).unwrap_or(digits.len());
    if end == 0 {
        return 0;
    }
    match digits[..end].parse::<u64>() {
        Ok(value) if negative => value.wrapping_neg(),
        Ok(value) => value,
        Err(_) => u64::MAX,
    }
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

/// One tag walk's answer in plain values: the tagged commit (full hex), the tag, the depth.
#[cfg(feature = "test-hooks")]
pub type WalkAnswer = (String, String, u32);

/// The nearest version tag and the commit count, each computed both over the commit-graph
/// and from the objects: the evidence that the two agree (tests/core/graph_walk.rs). Not API.
#[cfg(feature = "test-hooks")]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WalkComparison {
    /// The repository has a commit-graph (enabled) that holds HEAD.
    pub graph_has_head: bool,
    /// The walk over commits read from the objects (the commit-graph ignored); `None`
    /// without a tag.
    pub objects: Option<WalkAnswer>,
    /// The graph walk's answer, `None` when it did not answer (the objects would be read).
    pub graph: Option<Option<WalkAnswer>>,
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
            objects: None,
            graph: None,
            count_gix: 0,
            count_graph: None,
        });
    };
    let shallow = repo.is_shallow().map_err(read_err)?;
    let graph = graph.as_ref();
    let walks = walks_at(repo, graph, &tags, head, SEARCH).map_err(read_err)?;
    Ok(WalkComparison {
        graph_has_head: graph.is_some_and(|graph| graph.lookup(head).is_some()),
        objects: walks.objects,
        graph: walks.graph,
        count_gix: count_commits(repo, head, None).map_err(read_err)?.0,
        count_graph: graph
            .filter(|_| !shallow)
            .and_then(|graph| count_in_graph(graph, head)),
    })
}

/// Every tag walk's answer for one commit. A test hook (feature `test-hooks`), not API.
#[cfg(feature = "test-hooks")]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Walks {
    /// The walk over commits read from the objects alone (the commit-graph ignored).
    pub objects: Option<WalkAnswer>,
    /// The walk over commits read from the commit-graph where it holds them, else from the
    /// objects: what runs when a graph exists but lacks the commit described.
    pub objects_and_graph: Option<WalkAnswer>,
    /// The walk over graph positions; `None` when the graph cannot answer (no graph, or it
    /// lacks the commit).
    pub graph: Option<Option<WalkAnswer>>,
}

#[cfg(feature = "test-hooks")]
impl WalkComparison {
    /// Describe each of `commits` (full hex ids) with every tag walk, as `git describe --tags
    /// [--first-parent]` would over the version tags (tests/core/describe_parity.rs). A test
    /// hook (feature `test-hooks`), not API; an associated function so that the re-export of
    /// [`WalkComparison`] reaches it.
    pub fn describe_each(
        repo_handle: &crate::repo::Repo,
        rule: &crate::options::tag_rule::TagRule,
        commits: &[String],
        first_parent: bool,
    ) -> Result<Vec<Walks>, crate::repo::RepoError> {
        describe_each(repo_handle, rule, commits, first_parent)
    }
}

/// [`WalkComparison::describe_each`].
#[cfg(feature = "test-hooks")]
fn describe_each(
    repo_handle: &crate::repo::Repo,
    rule: &crate::options::tag_rule::TagRule,
    commits: &[String],
    first_parent: bool,
) -> Result<Vec<Walks>, crate::repo::RepoError> {
    let repo = repo_handle.gix();
    let read_err = |source: gix::Error| repo_handle.read_error(source);
    let graph = repo.commit_graph_if_enabled().map_err(read_err)?;
    let tags = crate::repo::tags::collect_tags(repo, rule, graph.as_ref()).map_err(read_err)?;
    let search = Search {
        first_parent,
        ..SEARCH
    };
    commits
        .iter()
        .map(|hex| {
            let commit = gix::ObjectId::from_hex(hex.as_bytes())
                .map_err(gix::Error::from_error)
                .map_err(read_err)?;
            walks_at(repo, graph.as_ref(), &tags, commit, search).map_err(read_err)
        })
        .collect()
}

/// Every tag walk from `commit`.
#[cfg(feature = "test-hooks")]
fn walks_at(
    repo: &gix::Repository,
    graph: Option<&gix::commitgraph::Graph>,
    tags: &VersionTags,
    commit: gix::ObjectId,
    search: Search,
) -> gix::Result<Walks> {
    let plain = |found: Option<Nearest>| {
        found.and_then(|(commit, index, depth)| Some((commit.to_string(), tags.tag(index)?.name, depth)))
    };
    if tags.by_commit.is_empty() {
        // As `nearest_tag`: no walk at all.
        return Ok(Walks {
            objects: None,
            objects_and_graph: None,
            graph: graph.and_then(|graph| graph.lookup(commit)).map(|_| None),
        });
    }
    Ok(Walks {
        objects: plain(nearest_tag_in_objects(repo, None, commit, tags, search)?),
        objects_and_graph: plain(nearest_tag_in_objects(repo, graph, commit, tags, search)?),
        graph: graph
            .and_then(|graph| nearest_tag_in_graph(graph, commit, tags, search))
            .map(plain),
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

#[cfg(test)]
mod tests {
    use super::git_commit_date;

    #[test]
    fn commit_dates_read_as_git_reads_them() {
        for (time, date) in [
            ("1600000000 +0000", 1_600_000_000),
            ("  1600000000 -0700", 1_600_000_000),
            ("0 +0000", 0),
            // git parses the leading number and stops: `123foo` is 123.
            ("123foo +0000", 123),
            // A negative date wraps around, as `strtoumax` makes it: far in the future.
            ("-1 +0000", u64::MAX),
            ("-100 +0000", u64::MAX - 99),
            ("99999999999999999999999 +0000", u64::MAX),
            ("+5 +0000", 0),
            ("", 0),
            ("abc", 0),
        ] {
            assert_eq!(git_commit_date(time), date, "{time:?}");
        }
    }
}
