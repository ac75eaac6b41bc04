//! `git describe` over commit-graph positions: the same answer as gix's describe, without a
//! hash map per commit.
//!
//! gix's `describe` keeps a flag word per commit in a hash map keyed by object id and, with a
//! commit-graph, translates every parent position back to an id and that id back to a
//! position (a binary search) before it can read the parent's date. Here every commit *is*
//! its graph position: the per-commit state is one word in a dense vector indexed by position,
//! and parents, dates and tag membership are read straight from the graph.
//!
//! The walk is git's describe algorithm as gix implements it, step for step, so the result
//! (tag commit, depth) is identical, including which of several equally distant tags wins:
//!
//! 1. Commits are popped from a max-heap keyed by committer date (seconds, truncated to 32
//!    bits as gix does; HEAD enters with the largest key). Ties are broken by the heap's own
//!    sift order, so the heap here is the same `std` [`BinaryHeap`] fed the same pushes and
//!    pops with a key-only ordering.
//! 2. A popped commit that carries a tag becomes a candidate (at most `max_candidates`), with
//!    one identity bit; its depth starts at the number of commits popped before it. The walk
//!    gives up at the first tagged commit beyond the limit.
//! 3. Each popped commit adds one to the depth of every candidate that cannot reach it (its
//!    flags lack the candidate's bit), then hands its flags to its parents: a parent seen for
//!    the first time is queued with them, a parent seen before just gains them.
//! 4. When the queue runs dry, the walk stops early if the popped commit reaches every
//!    candidate of the smallest depth.
//! 5. The candidates are ranked by (depth, order found); the best one's depth is finished by
//!    walking on until every queued commit can reach it.
//!
//! Anything the graph cannot answer (a parent position out of range, an unreadable parent
//! list) makes [`describe`] return [`Walk::Unsupported`], and the caller reruns the whole
//! computation with gix; nothing is guessed. A commit-graph is closed under parents (git
//! writes every ancestor of a commit it stores, split chains included), so a walk that starts
//! at a commit inside the graph never needs a commit outside it.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use gix::commitgraph::{Graph, Position};

/// gix's cap on candidates: one identity bit each in a 32-bit flag word.
const MAX_CANDIDATES: usize = 32;
/// The commit has been queued (or is HEAD): gix's "present in the map".
const SEEN: u64 = 1 << 32;
/// The commit carries a tag.
const NAMED: u64 = 1 << 33;
/// The low 32 bits: one identity bit per candidate that can reach the commit.
const FLAGS: u64 = 0xffff_ffff;

/// What a graph walk found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Walk<T> {
    /// The walk finished; its answer.
    Done(T),
    /// The graph cannot answer (inconsistent data); rerun the computation with gix.
    Unsupported,
}

/// The nearest tag, as [`describe`] finds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Described {
    /// Graph position of the tagged commit.
    pub(crate) commit: Position,
    /// The caller's index of that commit's tag (as given to [`describe`]).
    pub(crate) tag: usize,
    /// Commits reachable from HEAD and not from the tagged commit (`git describe`'s count).
    pub(crate) depth: u32,
}

/// A queued commit: ordered by its key alone, like gix's priority queue, so that equal keys
/// leave the heap in the same order in both implementations.
#[derive(Debug, Clone, Copy)]
struct Queued {
    key: u32,
    pos: u32,
}

impl PartialEq for Queued {
    fn eq(&self, other: &Self) -> bool {
        self.key == other.key
    }
}

impl Eq for Queued {}

impl PartialOrd for Queued {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Queued {
    fn cmp(&self, other: &Self) -> Ordering {
        self.key.cmp(&other.key)
    }
}

/// A tagged commit met by the walk.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    pos: u32,
    tag: usize,
    /// Commits popped so far that this candidate cannot reach.
    depth: u32,
    /// This candidate's bit in the flag words (`1 << n` for the n-th found, so the vector's
    /// order is the order found).
    bit: u32,
}

/// The walk's state: one word per graph position and the date-ordered queue.
struct State<'g> {
    graph: &'g Graph,
    /// Per position: candidate bits (low 32), [`SEEN`], [`NAMED`].
    words: Vec<u64>,
    queue: BinaryHeap<Queued>,
    first_parent: bool,
}

impl State<'_> {
    /// The candidate bits of `pos`.
    fn flags(&self, pos: u32) -> u32 {
        // Masked to the low 32 bits: the truncation is the point.
        (self.words[pos as usize] & FLAGS) as u32
    }

    /// Hand `flags` to the parents of `pos`: queue the ones not seen yet (keyed by committer
    /// date), add the flags to the others. `None` when the graph's parent data is unusable.
    fn push_parents(&mut self, pos: u32, flags: u32) -> Option<()> {
        let total = self.graph.num_commits();
        for parent in self.graph.commit_at(Position(pos)).iter_parents() {
            let Position(parent) = parent.ok()?;
            if parent >= total {
                return None;
            }
            let word = &mut self.words[parent as usize];
            if *word & SEEN == 0 {
                *word |= SEEN | u64::from(flags);
                // gix keys its queue by the date cut to 32 bits; so must this one, or the
                // order of commits dated past 2106 would differ.
                let key = self.graph.commit_at(Position(parent)).committer_timestamp() as u32;
                self.queue.push(Queued { key, pos: parent });
            } else {
                *word |= u64::from(flags);
            }
            if self.first_parent {
                break;
            }
        }
        Some(())
    }
}

/// `git describe` from `head` over `graph`: the nearest of the `tagged` commits, the way gix's
/// `describe` picks it with the same `max_candidates` (capped at 32) and `first_parent`.
///
/// `tagged` holds (graph position, tag index) with one entry per commit; commits outside the
/// graph cannot be ancestors of `head` and are left out by the caller. `Walk::Done(None)`:
/// no tagged commit is reachable (or `max_candidates` is 0).
pub(crate) fn describe(
    graph: &Graph,
    head: Position,
    tagged: &[(Position, usize)],
    max_candidates: usize,
    first_parent: bool,
) -> Walk<Option<Described>> {
    let total = graph.num_commits();
    if head.0 >= total || tagged.iter().any(|&(Position(pos), _)| pos >= total) {
        return Walk::Unsupported;
    }
    // Only asked for HEAD and for each candidate (at most 33 times): a scan beats an index.
    let tag_at = |pos: u32| {
        tagged
            .iter()
            .find(|&&(Position(p), _)| p == pos)
            .map(|&(_, tag)| tag)
    };
    if let Some(tag) = tag_at(head.0) {
        return Walk::Done(Some(Described {
            commit: head,
            tag,
            depth: 0,
        }));
    }
    let max_candidates = max_candidates.min(MAX_CANDIDATES);
    if max_candidates == 0 || tagged.is_empty() {
        return Walk::Done(None);
    }

    let mut state = State {
        graph,
        words: vec![0; total as usize],
        queue: BinaryHeap::new(),
        first_parent,
    };
    for &(Position(pos), _) in tagged {
        state.words[pos as usize] |= NAMED;
    }
    state.words[head.0 as usize] |= SEEN;
    state.queue.push(Queued {
        key: u32::MAX,
        pos: head.0,
    });

    let mut candidates: Vec<Candidate> = Vec::with_capacity(max_candidates);
    let mut popped: u32 = 0;
    let mut gave_up_on = None;
    while let Some(Queued { pos, .. }) = state.queue.pop() {
        popped += 1;
        if state.words[pos as usize] & NAMED != 0 {
            if candidates.len() == max_candidates {
                gave_up_on = Some(pos);
                break;
            }
            let Some(tag) = tag_at(pos) else {
                return Walk::Unsupported;
            };
            let bit = 1u32 << candidates.len();
            candidates.push(Candidate {
                pos,
                tag,
                depth: popped - 1,
                bit,
            });
            state.words[pos as usize] |= u64::from(bit);
        }
        let flags = state.flags(pos);
        for candidate in candidates.iter_mut().filter(|c| flags & c.bit != c.bit) {
            candidate.depth += 1;
        }
        if state.queue.is_empty() && !candidates.is_empty() {
            // A single trunk waiting to be replenished: stop if this commit already reaches
            // every candidate of the smallest depth.
            let shortest = candidates.iter().map(|c| c.depth).min().unwrap_or(u32::MAX);
            let best_bits = candidates
                .iter()
                .filter(|c| c.depth == shortest)
                .fold(0u32, |bits, c| bits | c.bit);
            if flags & best_bits == best_bits {
                break;
            }
        }
        if state.push_parents(pos, flags).is_none() {
            return Walk::Unsupported;
        }
    }

    // Stable: equal depths keep the order found, like gix's (depth, order) sort.
    candidates.sort_by_key(|c| c.depth);
    let Some(best) = candidates.first_mut() else {
        return Walk::Done(None);
    };
    if let Some(pos) = gave_up_on {
        state.queue.push(Queued { key: u32::MAX, pos });
    }
    // Finish the best candidate's depth: walk on until every queued commit reaches it.
    while let Some(Queued { pos, .. }) = state.queue.pop() {
        let flags = state.flags(pos);
        if flags & best.bit == best.bit {
            let bit = u64::from(best.bit);
            if state
                .queue
                .iter()
                .all(|q| state.words[q.pos as usize] & bit == bit)
            {
                break;
            }
        } else {
            best.depth += 1;
        }
        if state.push_parents(pos, flags).is_none() {
            return Walk::Unsupported;
        }
    }
    Walk::Done(Some(Described {
        commit: Position(best.pos),
        tag: best.tag,
        depth: best.depth,
    }))
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
