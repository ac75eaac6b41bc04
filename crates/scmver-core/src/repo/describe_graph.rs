//! git describe's walk, step for step as git 2.47 takes it, over any commit [`History`]: the
//! positions of a commit-graph ([`GraphHistory`], here) or commits read from the object
//! database (`describe.rs`). The nearest tag and the depth are the ones `git describe --tags`
//! prints, including which of several equally distant tags wins.
//!
//! What the walk does (git's `describe_commit` in builtin/describe.c):
//!
//! 1. Commits are popped from a queue ordered by committer date, newest first; commits of
//!    equal date leave in the order they were queued (git's sorted list, later its priority
//!    queue with an insertion counter: the same order). HEAD enters first.
//! 2. A popped commit that carries a tag becomes a candidate (at most `max_candidates`) with
//!    one identity bit; its depth starts at the number of commits popped before it. The first
//!    tagged commit popped beyond the limit ends the search ("gave up on" it).
//! 3. Each popped commit adds one to the depth of every candidate whose bit it lacks, then
//!    hands all its bits to its parents (only the first with `--first-parent`): a parent seen
//!    for the first time is queued, one seen before just gains them.
//! 4. When the queue is empty after a pop and the popped commit carries the bits of every
//!    candidate of the smallest depth, the search stops: nothing left to walk can change the
//!    answer. (git checks this only once an annotated tag is among the candidates; walking on
//!    cannot change the result, so it is checked with any candidate here.)
//! 5. The candidates are ranked by (depth, order found). The commit the search gave up on goes
//!    back into the queue, by its date like any other, and the walk goes on for the best
//!    candidate alone, counting the commits that lack its bit, until the popped commit has
//!    the bit and so does every commit still queued. This phase follows every parent, even
//!    with `--first-parent`, as git's `finish_depth_computation` does.
//!
//! gix's describe, which scmver used before, differs in three places that change the depth on
//! real histories: its queue is a binary heap that breaks date ties in heap order, its dates
//! are cut to 32 bits, and it puts the commit it gave up on in front of the queue instead of at
//! its date. It also honours `--first-parent` in step 5.
//!
//! git 2.48 moved the end of step 2: the search stops at the first commit popped after the
//! limit is reached (not at the next tagged one), or once every tag the command considers has
//! been found. The candidates are then ranked with fewer commits counted, so on some histories
//! 2.48 and later name another tag, or the same tag with another depth. This walk is 2.47's
//! (`tests/core/describe_parity.rs` compares with the installed git). git 2.52's priority
//! queue, its get+put fusion and its set of unflagged commits in step 5 change the work, not
//! the order or the answer.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use gix::commitgraph::{Graph, Position};

/// The most candidates one search tracks: one identity bit each in the low 32 bits of a word.
const MAX_CANDIDATES: usize = 32;
/// The low 32 bits of a commit's word: one identity bit per candidate that can reach it.
const CANDIDATE_BITS: u64 = 0xffff_ffff;
/// The commit has been queued once (git's `SEEN`); parents inherit it.
const SEEN: u64 = 1 << 32;
/// The commit is in the queue now; kept only while finishing the depth (step 5), the one
/// phase that asks.
const QUEUED: u64 = 1 << 33;
/// The commit carries a tag, for histories that name their tagged commits up front
/// ([`History::MARKS_TAGGED`]).
const NAMED: u64 = 1 << 34;

/// A commit history the walk reads. Commits are named by small dense indices that the history
/// hands out (graph positions, or the order commits were read in).
pub(crate) trait History {
    /// Why a commit could not be read.
    type Error;

    /// [`History::mark_tagged`] names every tagged commit, and [`History::tag`] is asked only
    /// about those.
    const MARKS_TAGGED: bool = false;

    /// Call `mark` with every tagged commit, when the history knows them before the walk.
    fn mark_tagged(&self, _mark: impl FnMut(u32)) {}

    /// The caller's index of the tag on `commit`, if it has one.
    fn tag(&self, commit: u32) -> Option<usize>;

    /// The committer date the queue orders `commit` by, as git reads it.
    fn date(&self, commit: u32) -> u64;

    /// Call `visit` with each parent of `commit` and its date, in order (only the first when
    /// `first_only`).
    fn for_each_parent(
        &mut self,
        commit: u32,
        first_only: bool,
        visit: impl FnMut(u32, u64),
    ) -> Result<(), Self::Error>;

    /// One past the largest index handed out so far: the walk starts with this many words
    /// (all of a commit-graph) and grows them as new commits are visited.
    fn len(&self) -> usize;
}

/// How far and which way the walk searches: `git describe --candidates=N [--first-parent]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Search {
    /// Tagged commits to collect before giving up on finding a nearer one (git's default: 10;
    /// at most 32 are tracked).
    pub(crate) max_candidates: usize,
    /// Follow only the first parent while collecting candidates.
    pub(crate) first_parent: bool,
}

/// The nearest tag, as [`describe`] finds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Found {
    /// The tagged commit (an index of the [`History`]).
    pub(crate) commit: u32,
    /// The caller's index of that commit's tag.
    pub(crate) tag: usize,
    /// The number `git describe` prints after the tag.
    pub(crate) depth: u32,
}

/// `git describe --tags` from `head` over `history`: the nearest tagged commit and the depth;
/// `None` when no tagged commit is reachable (or `max_candidates` is 0 and HEAD is untagged).
pub(crate) fn describe<H: History>(
    history: &mut H,
    head: u32,
    search: Search,
) -> Result<Option<Found>, H::Error> {
    if let Some(tag) = history.tag(head) {
        return Ok(Some(Found {
            commit: head,
            tag,
            depth: 0,
        }));
    }
    let max_candidates = search.max_candidates.min(MAX_CANDIDATES);
    if max_candidates == 0 {
        return Ok(None);
    }
    let mut walk = Walker::start(history, head);
    let (mut candidates, gave_up_on) = walk.collect_candidates(max_candidates, search.first_parent)?;
    // Stable: equal depths keep the order found, git's (depth, found_order) ranking.
    candidates.sort_by_key(|candidate| candidate.depth);
    let Some(best) = candidates.first_mut() else {
        return Ok(None);
    };
    if let Some(commit) = gave_up_on {
        walk.enqueue(commit);
    }
    walk.finish_depth(best)?;
    Ok(Some(Found {
        commit: best.commit,
        tag: best.tag,
        depth: best.depth,
    }))
}

/// A queued commit. The queue pops the newest date first and, among equal dates, the commit
/// queued first: (date, earlier order) is a total order, so the heap's layout never shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Queued {
    date: u64,
    /// How many commits were queued before this one (wrapping: a walk queues each commit
    /// once, and commits are counted in `u32`).
    order: u32,
    commit: u32,
}

impl Ord for Queued {
    fn cmp(&self, other: &Self) -> Ordering {
        self.date
            .cmp(&other.date)
            .then_with(|| other.order.cmp(&self.order))
    }
}

impl PartialOrd for Queued {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// A tagged commit met by the walk.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    commit: u32,
    tag: usize,
    /// Commits popped so far that lacked this candidate's bit.
    depth: u32,
    /// This candidate's identity bit (the n-th found has `1 << n`).
    bit: u64,
}

/// What happened to one parent as a commit handed its bits on.
#[derive(Debug, Clone, Copy)]
struct Handed {
    /// The parent's word before.
    before: u64,
    /// The bits it was handed.
    inherited: u64,
    /// It was seen for the first time, and queued.
    queued: bool,
}

/// The walk's queue: newest date first, equal dates in the order queued.
///
/// A pop leaves the commit on top of the heap until the next push or pop, so that the push
/// that usually follows (a commit's first parent) replaces it with one sift instead of a
/// removal and an insertion: the order is the same, the work about half (git's priority queue
/// does the same since 2.52).
#[derive(Debug, Default)]
struct DateQueue {
    heap: BinaryHeap<Queued>,
    /// Commits queued so far (wrapping: each commit is queued once per walk, and commits are
    /// counted in `u32`).
    queued: u32,
    /// The top of `heap` has been popped already.
    top_popped: bool,
}

impl DateQueue {
    fn push(&mut self, commit: u32, date: u64) {
        let entry = Queued {
            date,
            order: self.queued,
            commit,
        };
        self.queued = self.queued.wrapping_add(1);
        if std::mem::take(&mut self.top_popped)
            && let Some(mut top) = self.heap.peek_mut()
        {
            *top = entry;
            return;
        }
        self.heap.push(entry);
    }

    fn pop(&mut self) -> Option<u32> {
        self.settle();
        let top = self.heap.peek()?;
        self.top_popped = true;
        Some(top.commit)
    }

    fn is_empty(&self) -> bool {
        self.heap.len() == usize::from(self.top_popped)
    }

    /// The queued commits, in no particular order.
    fn commits(&mut self) -> impl Iterator<Item = u32> + '_ {
        self.settle();
        self.heap.iter().map(|queued| queued.commit)
    }

    /// Remove a popped top for good.
    fn settle(&mut self) {
        if std::mem::take(&mut self.top_popped) {
            self.heap.pop();
        }
    }
}

/// The walk's state: one word per commit index and the date-ordered queue.
struct Walker<'h, H> {
    history: &'h mut H,
    /// Per commit: candidate bits (low 32), [`SEEN`], [`NAMED`], [`QUEUED`].
    words: Vec<u64>,
    queue: DateQueue,
}

impl<'h, H: History> Walker<'h, H> {
    /// A walk with `head` queued.
    fn start(history: &'h mut H, head: u32) -> Self {
        let mut walk = Walker {
            // Zeroed by the allocator: no pass over a graph-sized vector.
            words: vec![0; history.len()],
            history,
            queue: DateQueue::default(),
        };
        if H::MARKS_TAGGED {
            let words = &mut walk.words;
            walk.history.mark_tagged(|commit| words[commit as usize] |= NAMED);
        }
        walk.words[head as usize] |= SEEN;
        walk.enqueue(head);
        walk
    }

    /// Queue `commit` at its date, behind every queued commit of the same date.
    fn enqueue(&mut self, commit: u32) {
        self.queue.push(commit, self.history.date(commit));
    }

    /// The next commit by date, and its word; clears [`QUEUED`] when `TRACK_QUEUED`.
    fn pop<const TRACK_QUEUED: bool>(&mut self) -> Option<(u32, u64)> {
        let commit = self.queue.pop()?;
        let word = &mut self.words[commit as usize];
        if TRACK_QUEUED {
            *word &= !QUEUED;
        }
        Some((commit, *word))
    }

    /// Steps 1–4: collect up to `max_candidates` tagged commits with their depths so far, and
    /// the tagged commit beyond the limit that ended the search, if one did.
    fn collect_candidates(
        &mut self,
        max_candidates: usize,
        first_parent: bool,
    ) -> Result<(Vec<Candidate>, Option<u32>), H::Error> {
        let mut candidates: Vec<Candidate> = Vec::with_capacity(max_candidates);
        let mut popped: u32 = 0;
        while let Some((commit, mut word)) = self.pop::<false>() {
            popped += 1;
            let maybe_tagged = !H::MARKS_TAGGED || word & NAMED != 0;
            if maybe_tagged && let Some(tag) = self.history.tag(commit) {
                if candidates.len() == max_candidates {
                    return Ok((candidates, Some(commit)));
                }
                let bit = 1u64 << candidates.len();
                candidates.push(Candidate {
                    commit,
                    tag,
                    depth: popped - 1,
                    bit,
                });
                word |= bit;
                self.words[commit as usize] = word;
            }
            for candidate in candidates.iter_mut().filter(|c| word & c.bit == 0) {
                candidate.depth += 1;
            }
            if self.queue.is_empty() && reaches_every_nearest(&candidates, word) {
                break;
            }
            self.hand_to_parents::<false>(commit, word, first_parent, |_| {})?;
        }
        Ok((candidates, None))
    }

    /// Step 5: walk on for `best` alone until the popped commit and every queued one carry
    /// its bit, adding one to its depth for each popped commit without it.
    fn finish_depth(&mut self, best: &mut Candidate) -> Result<(), H::Error> {
        let bit = best.bit;
        // Queued commits without the bit, kept current as commits are popped and queued and
        // as queued ones gain the bit: the same test as git's scan of the whole queue.
        let mut lacking = 0;
        for commit in self.queue.commits() {
            let word = &mut self.words[commit as usize];
            *word |= QUEUED;
            lacking += usize::from(*word & bit == 0);
        }
        while let Some((commit, word)) = self.pop::<true>() {
            if word & bit == 0 {
                lacking -= 1;
                best.depth += 1;
            } else if lacking == 0 {
                break;
            }
            self.hand_to_parents::<true>(commit, word, false, |handed| {
                let lacked = handed.before & bit == 0;
                let gets = handed.inherited & bit != 0;
                if handed.queued && !gets {
                    lacking += 1;
                } else if !handed.queued && handed.before & QUEUED != 0 && lacked && gets {
                    lacking -= 1;
                }
            })?;
        }
        Ok(())
    }

    /// Hand the bits of `word` (the word of `commit`) to its parents: queue the ones not seen
    /// yet (marking them [`QUEUED`] when `TRACK_QUEUED`), add the bits to all; `observe` sees
    /// what happened to each parent.
    fn hand_to_parents<const TRACK_QUEUED: bool>(
        &mut self,
        commit: u32,
        word: u64,
        first_only: bool,
        mut observe: impl FnMut(Handed),
    ) -> Result<(), H::Error> {
        let inherited = word & (CANDIDATE_BITS | SEEN);
        let Walker {
            history,
            words,
            queue,
        } = self;
        history.for_each_parent(commit, first_only, |parent, date| {
            if words.len() <= parent as usize {
                // A commit read for the first time (a graph's vector is full-size already).
                words.resize(parent as usize + 1, 0);
            }
            let before = words[parent as usize];
            let queued = before & SEEN == 0;
            if queued {
                queue.push(parent, date);
            }
            words[parent as usize] |= inherited | if TRACK_QUEUED && queued { QUEUED } else { 0 };
            observe(Handed {
                before,
                inherited,
                queued,
            });
        })
    }
}

/// Whether `word` carries the bit of every candidate of the smallest depth (`false` without
/// candidates).
fn reaches_every_nearest(candidates: &[Candidate], word: u64) -> bool {
    let Some(nearest) = candidates.iter().map(|c| c.depth).min() else {
        return false;
    };
    candidates
        .iter()
        .filter(|c| c.depth == nearest)
        .all(|c| word & c.bit != 0)
}

/// What a graph walk found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Walk<T> {
    /// The walk finished; its answer.
    Done(T),
    /// The graph cannot answer (inconsistent data); rerun the computation from the objects.
    Unsupported,
}

/// The commit-graph cannot be walked: a parent position out of range or unreadable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Inconsistent;

/// A commit-graph as a [`History`]: every commit is its graph position, and parents, dates
/// and tags are read straight from the graph (no hash map, no object read).
///
/// A commit-graph is closed under parents (git writes every ancestor of a commit it stores,
/// split chains included), so a walk that starts inside the graph never leaves it.
pub(crate) struct GraphHistory<'g> {
    graph: &'g Graph,
    /// The graph's commit count (summed over the files of a chain once, not per step).
    total: u32,
    /// (position, tag index) of every tagged commit in the graph, one entry per commit.
    tagged: &'g [(Position, usize)],
}

impl<'g> GraphHistory<'g> {
    /// The history of `graph` with the `tagged` commits; `None` when a tagged position is out
    /// of range.
    pub(crate) fn new(graph: &'g Graph, tagged: &'g [(Position, usize)]) -> Option<Self> {
        let total = graph.num_commits();
        if tagged.iter().any(|&(Position(pos), _)| pos >= total) {
            return None;
        }
        Some(GraphHistory { graph, total, tagged })
    }
}

impl History for GraphHistory<'_> {
    type Error = Inconsistent;

    const MARKS_TAGGED: bool = true;

    fn mark_tagged(&self, mut mark: impl FnMut(u32)) {
        for &(Position(pos), _) in self.tagged {
            mark(pos);
        }
    }

    fn tag(&self, commit: u32) -> Option<usize> {
        // Asked only about marked commits, at most `max_candidates + 1` times per walk: a
        // scan beats an index.
        self.tagged
            .iter()
            .find(|&&(Position(pos), _)| pos == commit)
            .map(|&(_, tag)| tag)
    }

    fn date(&self, commit: u32) -> u64 {
        self.graph.commit_at(Position(commit)).committer_timestamp()
    }

    fn for_each_parent(
        &mut self,
        commit: u32,
        first_only: bool,
        mut visit: impl FnMut(u32, u64),
    ) -> Result<(), Inconsistent> {
        for parent in self.graph.commit_at(Position(commit)).iter_parents() {
            let Position(parent) = parent.map_err(|_| Inconsistent)?;
            if parent >= self.total {
                return Err(Inconsistent);
            }
            visit(parent, self.date(parent));
            if first_only {
                break;
            }
        }
        Ok(())
    }

    fn len(&self) -> usize {
        self.total as usize
    }
}

/// `git describe` from `head` over `graph`. `tagged` holds (graph position, tag index) with
/// one entry per commit; commits outside the graph cannot be ancestors of `head` and are left
/// out by the caller.
pub(crate) fn describe_in_graph(
    graph: &Graph,
    head: Position,
    tagged: &[(Position, usize)],
    search: Search,
) -> Walk<Option<Found>> {
    if head.0 >= graph.num_commits() {
        return Walk::Unsupported;
    }
    let Some(mut history) = GraphHistory::new(graph, tagged) else {
        return Walk::Unsupported;
    };
    match describe(&mut history, head.0, search) {
        Ok(found) => Walk::Done(found),
        Err(Inconsistent) => Walk::Unsupported,
    }
}

/// The number of commits reachable from `head` (HEAD included), like `git rev-list --count
/// HEAD`, over graph positions. [`Walk::Unsupported`] when the graph's parent data is unusable.
pub(crate) fn count_reachable(graph: &Graph, head: Position) -> Walk<u64> {
    let total = graph.num_commits();
    if head.0 >= total {
        return Walk::Unsupported;
    }
    let mut seen = vec![0u64; (total as usize).div_ceil(64)];
    let mut mark = |pos: u32| {
        let (word, bit) = (pos as usize / 64, 1u64 << (pos % 64));
        let new = seen[word] & bit == 0;
        seen[word] |= bit;
        new
    };
    mark(head.0);
    let mut stack = vec![head.0];
    let mut count = 0u64;
    while let Some(pos) = stack.pop() {
        count += 1;
        for parent in graph.commit_at(Position(pos)).iter_parents() {
            let Ok(Position(parent)) = parent else {
                return Walk::Unsupported;
            };
            if parent >= total {
                return Walk::Unsupported;
            }
            if mark(parent) {
                stack.push(parent);
            }
        }
    }
    Walk::Done(count)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A hand-made history: per commit its date, parents and tag.
    struct Toy {
        commits: Vec<(u64, Vec<u32>, Option<usize>)>,
    }

    impl History for Toy {
        type Error = std::convert::Infallible;

        fn tag(&self, commit: u32) -> Option<usize> {
            self.commits[commit as usize].2
        }

        fn date(&self, commit: u32) -> u64 {
            self.commits[commit as usize].0
        }

        fn for_each_parent(
            &mut self,
            commit: u32,
            first_only: bool,
            mut visit: impl FnMut(u32, u64),
        ) -> Result<(), Self::Error> {
            let parents = &self.commits[commit as usize].1;
            for &parent in parents.iter().take(if first_only { 1 } else { parents.len() }) {
                visit(parent, self.commits[parent as usize].0);
            }
            Ok(())
        }

        fn len(&self) -> usize {
            self.commits.len()
        }
    }

    const DEFAULT: Search = Search {
        max_candidates: 10,
        first_parent: false,
    };

    #[track_caller]
    fn nearest(toy: &mut Toy, head: u32, search: Search) -> Option<(u32, u32)> {
        let found = describe(toy, head, search).unwrap_or_else(|never| match never {});
        found.map(|found| (found.commit, found.depth))
    }

    #[test]
    fn equal_dates_leave_the_queue_in_the_order_queued() {
        // 0 merges 1 (tagged, via 2) and 3 (tagged): all on one date. The queue pops 0, then
        // its parents in order: 2 before 3, so 3 is found second although nothing is older.
        //   0 ── 2 ── 1 [a]
        //    └── 3 [b]
        let mut toy = Toy {
            commits: vec![
                (5, vec![2, 3], None),
                (5, vec![], Some(0)),
                (5, vec![1], None),
                (5, vec![], Some(1)),
            ],
        };
        // Popped: 0, 2, 3 (b found with depth 2), 1 (a found with depth 3): b wins, and the
        // commits b cannot reach are 0, 2 and 1: depth 3.
        assert_eq!(nearest(&mut toy, 0, DEFAULT), Some((3, 3)));
    }

    #[test]
    fn a_tagged_head_is_an_exact_match() {
        let mut toy = Toy {
            commits: vec![(1, vec![], Some(7))],
        };
        assert_eq!(nearest(&mut toy, 0, DEFAULT), Some((0, 0)));
        let exact_only = Search {
            max_candidates: 0,
            ..DEFAULT
        };
        assert_eq!(nearest(&mut toy, 0, exact_only), Some((0, 0)));
    }

    #[test]
    fn the_tagged_commit_beyond_the_limit_is_walked_for_the_best_candidate() {
        // 0 merges 1 (tagged a), 2 (tagged b) and 4; all lead to 3. With one candidate, a is
        // found, 4 is counted, b is given up on and goes back into the queue, where it is
        // counted too: the commits a cannot reach are 0, 4 and 2.
        let mut toy = Toy {
            commits: vec![
                (9, vec![1, 2, 4], None),
                (8, vec![3], Some(0)),
                (6, vec![3], Some(1)),
                (5, vec![], None),
                (7, vec![3], None),
            ],
        };
        let one = Search {
            max_candidates: 1,
            ..DEFAULT
        };
        assert_eq!(nearest(&mut toy, 0, one), Some((1, 3)));
        assert_eq!(nearest(&mut toy, 0, DEFAULT), Some((1, 3)));
    }

    #[test]
    fn first_parent_only_while_collecting_candidates() {
        // 0 merges 1 (first parent, leads to tag a at 3) and 2 (tagged b).
        let mut toy = Toy {
            commits: vec![
                (9, vec![1, 2], None),
                (8, vec![3], None),
                (7, vec![], Some(1)),
                (6, vec![], Some(0)),
            ],
        };
        assert_eq!(nearest(&mut toy, 0, DEFAULT), Some((2, 3)));
        let first_parent = Search {
            first_parent: true,
            ..DEFAULT
        };
        assert_eq!(nearest(&mut toy, 0, first_parent), Some((3, 2)));
    }

    #[test]
    fn no_reachable_tag_is_none() {
        let mut toy = Toy {
            commits: vec![(2, vec![1], None), (1, vec![], None), (3, vec![], Some(0))],
        };
        assert_eq!(nearest(&mut toy, 0, DEFAULT), None);
    }
}
