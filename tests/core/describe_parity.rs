//! scmver's nearest tag and depth are `git describe --tags`'s, at every commit of histories
//! built to break describe: many merges, criss-cross and octopus merges, equal committer
//! dates, parents newer than their children, tags close together, several tags on one commit,
//! tags on side branches, several roots.
//!
//! Each history is generated from a fixed seed and written with `git fast-import` (every date
//! in the stream, so the commit ids are the same everywhere). Every commit is then described
//! by git (`git describe --tags --match <each version tag>`, all commits in one run) and by
//! each of scmver's walks (over graph positions, over objects, over objects with a partial
//! graph), without a commit-graph, with one for every commit, and with one for the older half,
//! each time also with `--first-parent`. The answers compared are the tagged commit and the
//! depth: when a commit has several version tags, git and scmver may name different ones.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use scmver_core::options::tag_rule::TagRule;
use scmver_core::repo::{Repo, WalkComparison};

use crate::support::repo::clean_env;

/// A small deterministic generator (splitmix64): the same seed, the same history.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n`.
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// `true` with `percent` % probability.
    fn chance(&mut self, percent: u32) -> bool {
        self.next() % 100 < u64::from(percent)
    }
}

/// How committer dates move from commit to commit.
#[derive(Debug, Clone, Copy)]
enum Dates {
    /// One date for every commit: the queue's tie-break decides everything.
    Equal,
    /// A little after the newest parent, often the same second.
    Forward,
    /// Around a slowly moving clock, often before a parent's date (clock skew, rebases).
    Skewed,
}

/// The knobs of one generated history; chances are percentages per step.
#[derive(Debug, Clone, Copy)]
struct Shape {
    name: &'static str,
    seed: u64,
    commits: usize,
    /// Lines of development alive at once, at most.
    lanes: usize,
    merge: u32,
    octopus: u32,
    criss_cross: u32,
    branch_off: u32,
    new_root: u32,
    /// A version tag on the commit.
    tag: u32,
    /// A second version tag on a tagged commit.
    second_tag: u32,
    /// A tag the tag rule rejects.
    other_tag: u32,
    /// Tags that are annotated rather than lightweight.
    annotated: u32,
    dates: Dates,
}

const BASE: Shape = Shape {
    name: "",
    seed: 0,
    commits: 240,
    lanes: 5,
    merge: 18,
    octopus: 3,
    criss_cross: 4,
    branch_off: 8,
    new_root: 1,
    tag: 10,
    second_tag: 20,
    other_tag: 4,
    annotated: 40,
    dates: Dates::Forward,
};

/// One commit of a generated history.
#[derive(Debug, Clone)]
struct Commit {
    parents: Vec<usize>,
    date: u64,
}

/// A generated history: commits in creation order (parents always come first), and tags.
#[derive(Debug, Default)]
struct History {
    commits: Vec<Commit>,
    /// (name, commit, annotated).
    tags: Vec<(String, usize, bool)>,
}

/// The date of the first commit: 2020-09-13T12:26:40Z.
const EPOCH: u64 = 1_600_000_000;

impl History {
    fn generate(shape: &Shape) -> History {
        let mut rng = Rng(shape.seed);
        let mut history = History::default();
        let mut clock = EPOCH;
        let mut lanes: Vec<usize> = vec![history.add(&mut rng, shape, &mut clock, Vec::new())];
        let mut versions = 0usize;
        while history.commits.len() < shape.commits {
            let made = history.step(&mut rng, shape, &mut clock, &mut lanes);
            for commit in made {
                history.maybe_tag(&mut rng, shape, commit, &mut versions);
            }
        }
        history
    }

    /// One step of development: the commits it made.
    fn step(&mut self, rng: &mut Rng, shape: &Shape, clock: &mut u64, lanes: &mut Vec<usize>) -> Vec<usize> {
        let roll = rng.below(100) as u32;
        let mut limit = shape.new_root;
        if roll < limit {
            let root = self.add(rng, shape, clock, Vec::new());
            replace_or_add_lane(rng, shape, lanes, root);
            return vec![root];
        }
        limit += shape.branch_off;
        if roll < limit {
            let base = rng.below(self.commits.len());
            let commit = self.add(rng, shape, clock, vec![base]);
            replace_or_add_lane(rng, shape, lanes, commit);
            return vec![commit];
        }
        limit += shape.octopus;
        if roll < limit && lanes.len() >= 3 {
            let count = 3 + rng.below(lanes.len().min(5) - 2);
            let mut chosen: Vec<usize> = (0..lanes.len()).collect();
            shuffle(rng, &mut chosen);
            chosen.truncate(count);
            let parents = chosen.iter().map(|&lane| lanes[lane]).collect();
            let commit = self.add(rng, shape, clock, parents);
            lanes[chosen[0]] = commit;
            return vec![commit];
        }
        limit += shape.criss_cross;
        if roll < limit && lanes.len() >= 2 {
            let (a, b) = two_lanes(rng, lanes.len());
            let (tip_a, tip_b) = (lanes[a], lanes[b]);
            let x = self.add(rng, shape, clock, vec![tip_a, tip_b]);
            let y = self.add(rng, shape, clock, vec![tip_b, tip_a]);
            lanes[a] = x;
            lanes[b] = y;
            return vec![x, y];
        }
        limit += shape.merge;
        if roll < limit && lanes.len() >= 2 {
            let (a, b) = two_lanes(rng, lanes.len());
            // Now and then an old commit rather than a lane's tip: long-range merges.
            let other = if rng.chance(25) {
                rng.below(self.commits.len())
            } else {
                lanes[b]
            };
            let commit = self.add(rng, shape, clock, vec![lanes[a], other]);
            lanes[a] = commit;
            if rng.chance(40) && lanes.len() > 2 {
                lanes.swap_remove(b);
            }
            return vec![commit];
        }
        let lane = rng.below(lanes.len());
        let commit = self.add(rng, shape, clock, vec![lanes[lane]]);
        lanes[lane] = commit;
        vec![commit]
    }

    /// Add a commit with `parents` (duplicates dropped); its index.
    fn add(&mut self, rng: &mut Rng, shape: &Shape, clock: &mut u64, mut parents: Vec<usize>) -> usize {
        let mut seen = Vec::new();
        parents.retain(|p| {
            let new = !seen.contains(p);
            seen.push(*p);
            new
        });
        let newest_parent = parents.iter().map(|&p| self.commits[p].date).max();
        let date = match shape.dates {
            Dates::Equal => EPOCH,
            Dates::Forward => newest_parent.unwrap_or(EPOCH) + rng.below(3) as u64,
            Dates::Skewed => {
                *clock += rng.below(2) as u64;
                match rng.below(100) {
                    0..60 => *clock,
                    60..85 => *clock - rng.below(300) as u64 - 1,
                    _ => *clock + rng.below(300) as u64 + 1,
                }
            }
        };
        self.commits.push(Commit { parents, date });
        self.commits.len() - 1
    }

    fn maybe_tag(&mut self, rng: &mut Rng, shape: &Shape, commit: usize, versions: &mut usize) {
        if rng.chance(shape.tag) {
            let count = if rng.chance(shape.second_tag) { 2 } else { 1 };
            for _ in 0..count {
                *versions += 1;
                let name = format!("v{}.{}.0", *versions / 10, *versions % 10);
                self.tags.push((name, commit, rng.chance(shape.annotated)));
            }
        }
        if rng.chance(shape.other_tag) {
            // No digit: the default tag rule rejects it, and git must not see it either.
            let name = format!("snapshot-{}", letters(self.tags.len()));
            self.tags.push((name, commit, rng.chance(shape.annotated)));
        }
    }

    /// The `git fast-import` stream: commits marked `:1`, `:2`, ... in order, a branch for
    /// every commit without children (so all are reachable), then the tags.
    fn fast_import(&self) -> String {
        let mut out = String::new();
        let mut has_child = vec![false; self.commits.len()];
        for (index, commit) in self.commits.iter().enumerate() {
            let mark = index + 1;
            if commit.parents.is_empty() {
                out.push_str("reset refs/heads/main\n");
            }
            let message = format!("commit {mark}\n");
            let _ = write!(
                out,
                "commit refs/heads/main\nmark :{mark}\ncommitter Gen <gen@example.com> {} +0000\ndata {}\n{message}",
                commit.date,
                message.len()
            );
            for (n, &parent) in commit.parents.iter().enumerate() {
                has_child[parent] = true;
                let verb = if n == 0 { "from" } else { "merge" };
                let _ = writeln!(out, "{verb} :{}", parent + 1);
            }
            out.push('\n');
        }
        for (index, _) in has_child.iter().enumerate().filter(|(_, has)| !**has) {
            let _ = write!(out, "reset refs/heads/tip-{}\nfrom :{}\n\n", index + 1, index + 1);
        }
        for (name, commit, annotated) in &self.tags {
            let mark = commit + 1;
            if *annotated {
                let message = format!("release {name}\n");
                let _ = write!(
                    out,
                    "tag {name}\nfrom :{mark}\ntagger Gen <gen@example.com> {} +0000\ndata {}\n{message}\n",
                    self.commits[*commit].date,
                    message.len()
                );
            } else {
                let _ = write!(out, "reset refs/tags/{name}\nfrom :{mark}\n\n");
            }
        }
        out
    }
}

/// What a generated history holds, to show that it holds what its shape asks for.
#[derive(Debug, Default)]
struct Stats {
    merges: usize,
    octopus: usize,
    criss_crosses: usize,
    roots: usize,
    /// Commits older than one of their parents.
    backwards: usize,
    /// Commits dated like one of their parents.
    ties: usize,
    /// Commits with two version tags.
    doubly_tagged: usize,
    commits: usize,
}

impl Stats {
    fn commits_with_parents(&self) -> usize {
        self.commits - self.roots
    }
}

impl History {
    fn stats(&self, rule: &TagRule) -> Stats {
        let mut stats = Stats {
            commits: self.commits.len(),
            ..Stats::default()
        };
        let mut merges_by_parents = std::collections::BTreeSet::new();
        for commit in &self.commits {
            let parent_dates = commit.parents.iter().map(|&p| self.commits[p].date);
            stats.backwards += usize::from(parent_dates.clone().any(|date| date > commit.date));
            stats.ties += usize::from(parent_dates.clone().any(|date| date == commit.date));
            match commit.parents.as_slice() {
                [] => stats.roots += 1,
                [_] => {}
                [a, b] => {
                    stats.merges += 1;
                    stats.criss_crosses += usize::from(merges_by_parents.contains(&(*b, *a)));
                    merges_by_parents.insert((*a, *b));
                }
                _ => {
                    stats.merges += 1;
                    stats.octopus += 1;
                }
            }
        }
        let mut versions_per_commit: BTreeMap<usize, usize> = BTreeMap::new();
        for (name, commit, _) in &self.tags {
            if rule.version_of(name).is_ok() {
                *versions_per_commit.entry(*commit).or_default() += 1;
            }
        }
        stats.doubly_tagged = versions_per_commit.values().filter(|&&n| n > 1).count();
        stats
    }
}

/// The history has the features its shape asks for (the odds make each near certain at this
/// size; the seeds are fixed, so this holds or fails once and for all).
#[track_caller]
fn check_features(shape: &Shape, stats: &Stats) {
    let name = shape.name;
    assert!(stats.merges > 10, "{name}: {stats:?}");
    if shape.octopus >= 3 {
        assert!(stats.octopus > 0, "{name}: {stats:?}");
    }
    if shape.criss_cross >= 4 {
        assert!(stats.criss_crosses > 0, "{name}: {stats:?}");
    }
    if shape.new_root >= 4 {
        assert!(stats.roots > 1, "{name}: {stats:?}");
    }
    if shape.second_tag >= 20 && shape.tag >= 10 {
        assert!(stats.doubly_tagged > 0, "{name}: {stats:?}");
    }
    match shape.dates {
        Dates::Equal => assert_eq!(stats.ties, stats.commits_with_parents(), "{name}: {stats:?}"),
        Dates::Forward => assert!(stats.ties > 10 && stats.backwards == 0, "{name}: {stats:?}"),
        Dates::Skewed => assert!(stats.backwards > 10 && stats.ties > 10, "{name}: {stats:?}"),
    }
}

fn replace_or_add_lane(rng: &mut Rng, shape: &Shape, lanes: &mut Vec<usize>, commit: usize) {
    if lanes.len() < shape.lanes {
        lanes.push(commit);
    } else {
        let lane = rng.below(lanes.len());
        lanes[lane] = commit;
    }
}

fn two_lanes(rng: &mut Rng, count: usize) -> (usize, usize) {
    let a = rng.below(count);
    let b = (a + 1 + rng.below(count - 1)) % count;
    (a, b)
}

fn shuffle(rng: &mut Rng, items: &mut [usize]) {
    for i in (1..items.len()).rev() {
        items.swap(i, rng.below(i + 1));
    }
}

/// `0` → `a`, `25` → `z`, `26` → `ba`: names without digits.
fn letters(mut n: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'a' + (n % 26) as u8);
        n /= 26;
        if n == 0 {
            break;
        }
    }
    out.reverse();
    String::from_utf8(out).expect("ASCII")
}

/// A generated history written into a repository in a temporary directory.
struct Built {
    dir: tempfile::TempDir,
    /// Full ids, in creation order.
    commits: Vec<String>,
}

impl Built {
    fn new(history: &History, name: &str) -> Built {
        let dir = tempfile::Builder::new()
            .prefix(&format!("scmver-parity-{name}-"))
            .tempdir()
            .expect("create a temporary directory");
        std::fs::write(dir.path().join("gitconfig"), "[gc]\n\tauto = 0\n").expect("write gitconfig");
        let built = Built {
            dir,
            commits: Vec::new(),
        };
        built.git(["init", "-q", "-b", "main", "repo"], None, built.dir.path());
        let marks = built.dir.path().join("marks");
        let export = format!("--export-marks={}", marks.display());
        built.git(
            ["fast-import", "--quiet", &export],
            Some(&history.fast_import()),
            &built.repo(),
        );
        let marks = std::fs::read_to_string(&marks).expect("read the marks");
        let mut by_mark: BTreeMap<usize, String> = BTreeMap::new();
        for line in marks.lines() {
            let (mark, id) = line.split_once(' ').expect("`:mark id`");
            by_mark.insert(
                mark.trim_start_matches(':').parse().expect("a mark"),
                id.to_owned(),
            );
        }
        assert_eq!(
            by_mark.len(),
            history.commits.len(),
            "{name}: one mark per commit"
        );
        Built {
            commits: by_mark.into_values().collect(),
            ..built
        }
    }

    fn repo(&self) -> PathBuf {
        self.dir.path().join("repo")
    }

    /// Run git with the pinned environment; its standard output.
    #[track_caller]
    fn git<I, S>(&self, args: I, input: Option<&str>, cwd: &Path) -> String
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        use std::io::Write as _;
        let mut cmd = Command::new("git");
        clean_env(&mut cmd);
        cmd.args(args)
            .current_dir(cwd)
            .env("HOME", self.dir.path())
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", self.dir.path().join("gitconfig"))
            .env("TZ", "UTC")
            .env("LC_ALL", "C")
            .stdin(if input.is_some() {
                Stdio::piped()
            } else {
                Stdio::null()
            })
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = cmd.spawn().expect("run git");
        if let Some(input) = input {
            let mut stdin = child.stdin.take().expect("stdin");
            stdin.write_all(input.as_bytes()).expect("write to git");
        }
        let out = child.wait_with_output().expect("wait for git");
        assert!(
            out.status.success(),
            "git {:?} failed: {}",
            cmd.get_args().take(4).collect::<Vec<_>>(),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("UTF-8 output")
    }

    fn git_here<I, S>(&self, args: I, input: Option<&str>) -> String
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        self.git(args, input, &self.repo())
    }

    /// Tag name → peeled commit id.
    fn tag_commits(&self) -> BTreeMap<String, String> {
        let out = self.git_here(
            [
                "for-each-ref",
                "refs/tags",
                "--format=%(refname:strip=2) %(objectname) %(*objectname)",
            ],
            None,
        );
        out.lines()
            .map(|line| {
                let mut parts = line.split(' ');
                let name = parts.next().expect("name").to_owned();
                let direct = parts.next().expect("id");
                let peeled = parts.next().filter(|p| !p.is_empty()).unwrap_or(direct);
                (name, peeled.to_owned())
            })
            .collect()
    }

    /// `git describe --tags` over `version_tags` for every commit: (tag commit, depth).
    fn git_describe(
        &self,
        version_tags: &[String],
        tag_commits: &BTreeMap<String, String>,
        first_parent: bool,
    ) -> Vec<Option<(String, u32)>> {
        let mut args: Vec<String> = ["describe", "--tags", "--long", "--always", "--abbrev=40"]
            .map(String::from)
            .to_vec();
        if first_parent {
            args.push("--first-parent".to_owned());
        }
        for tag in version_tags {
            args.push("--match".to_owned());
            args.push(tag.clone());
        }
        args.extend(self.commits.iter().cloned());
        let out = self.git_here(&args, None);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), self.commits.len(), "one line per commit");
        lines
            .into_iter()
            .map(|line| {
                let (rest, _hash) = line.rsplit_once("-g")?;
                let (name, depth) = rest.rsplit_once('-')?;
                let commit = tag_commits
                    .get(name)
                    .unwrap_or_else(|| panic!("unknown tag in `{line}`"));
                Some((commit.clone(), depth.parse().expect("a depth")))
            })
            .collect()
    }

    fn remove_graphs(&self) {
        let info = self.repo().join(".git/objects/info");
        let _ = std::fs::remove_file(info.join("commit-graph"));
        let _ = std::fs::remove_dir_all(info.join("commit-graphs"));
    }
}

/// Which commit-graph the repository has while comparing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum GraphMode {
    None,
    /// `git commit-graph write --reachable`: every commit.
    Full,
    /// The older half of the commits (and their ancestors): newer commits are read from the
    /// objects, older ones from the graph.
    Older,
}

impl GraphMode {
    /// Whether the graph holds the `index`-th of `count` commits.
    fn holds(self, index: usize, count: usize) -> bool {
        match self {
            GraphMode::None => false,
            GraphMode::Full => true,
            GraphMode::Older => index < count / 2,
        }
    }

    fn apply(self, built: &Built) {
        built.remove_graphs();
        match self {
            GraphMode::None => {}
            GraphMode::Full => {
                built.git_here(["commit-graph", "write", "--reachable"], None);
            }
            GraphMode::Older => {
                let older = built.commits[..built.commits.len() / 2].join("\n");
                built.git_here(["commit-graph", "write", "--stdin-commits"], Some(&older));
            }
        }
    }
}

/// A generated history, built, with the tags both sides describe it by.
struct Subject {
    name: &'static str,
    built: Built,
    rule: TagRule,
    /// Tag name → peeled commit, every tag.
    tag_commits: BTreeMap<String, String>,
    /// The tags the tag rule accepts: git is told to match exactly these.
    version_tags: Vec<String>,
}

impl Subject {
    fn new(shape: &Shape) -> Subject {
        let history = History::generate(shape);
        let rule = TagRule::default();
        check_features(shape, &history.stats(&rule));
        let built = Built::new(&history, shape.name);
        let tag_commits = built.tag_commits();
        let version_tags: Vec<String> = tag_commits
            .keys()
            .filter(|name| rule.version_of(name).is_ok())
            .cloned()
            .collect();
        assert!(
            version_tags.len() > 3 && version_tags.len() < tag_commits.len(),
            "{}: version tags and others: {version_tags:?}",
            shape.name
        );
        Subject {
            name: shape.name,
            built,
            rule,
            tag_commits,
            version_tags,
        }
    }

    /// Every commit described by git and by each of scmver's walks that answers in `mode`;
    /// the disagreements, one line each.
    fn mismatches(&self, mode: GraphMode, first_parent: bool) -> Vec<String> {
        let built = &self.built;
        let expected = built.git_describe(&self.version_tags, &self.tag_commits, first_parent);
        let repo = Repo::discover(&built.repo()).expect("discover");
        let walks = WalkComparison::describe_each(&repo, &self.rule, &built.commits, first_parent)
            .expect("describe every commit");
        let plain = |answer: &Option<(String, String, u32)>| {
            answer.as_ref().map(|(commit, _, depth)| (commit.clone(), *depth))
        };
        let mut found = Vec::new();
        for (index, (git, walks)) in expected.iter().zip(&walks).enumerate() {
            let mut answers = vec![("objects", plain(&walks.objects))];
            if mode == GraphMode::Older {
                answers.push(("objects+graph", plain(&walks.objects_and_graph)));
            }
            match &walks.graph {
                Some(graph) => answers.push(("graph", plain(graph))),
                None if mode.holds(index, built.commits.len()) => {
                    answers.push(("graph", Some(("no answer".into(), 0))));
                }
                None => {}
            }
            for (walk, answer) in answers.into_iter().filter(|(_, answer)| answer != git) {
                found.push(format!(
                    "{} commit {} ({mode:?} graph, first_parent {first_parent}, {walk}): git {git:?}, scmver {answer:?}",
                    self.name,
                    index + 1
                ));
            }
        }
        found
    }
}

/// Every commit of `shape`'s history, in every mode, described as git does.
#[track_caller]
fn check(shape: Shape) {
    let subject = Subject::new(&shape);
    let mut found = Vec::new();
    for mode in [GraphMode::None, GraphMode::Full, GraphMode::Older] {
        mode.apply(&subject.built);
        for first_parent in [false, true] {
            found.extend(subject.mismatches(mode, first_parent));
        }
    }
    assert!(
        found.is_empty(),
        "{} mismatches with git describe, the first:\n{}",
        found.len(),
        found.iter().take(15).cloned().collect::<Vec<_>>().join("\n")
    );
}

#[test]
fn merges_and_criss_crosses() {
    check(Shape {
        name: "merges",
        seed: 1,
        ..BASE
    });
}

#[test]
fn every_commit_on_one_date() {
    check(Shape {
        name: "equal-dates",
        seed: 2,
        dates: Dates::Equal,
        ..BASE
    });
}

#[test]
fn parents_newer_than_children() {
    check(Shape {
        name: "skewed",
        seed: 3,
        dates: Dates::Skewed,
        ..BASE
    });
}

#[test]
fn octopus_merges_and_many_lanes() {
    check(Shape {
        name: "octopus",
        seed: 4,
        lanes: 8,
        octopus: 12,
        criss_cross: 8,
        merge: 25,
        dates: Dates::Skewed,
        ..BASE
    });
}

#[test]
fn tags_close_together() {
    // More than ten candidates within reach: the search gives up on one and finishes the
    // depth of the best.
    check(Shape {
        name: "dense-tags",
        seed: 5,
        tag: 35,
        second_tag: 30,
        ..BASE
    });
}

#[test]
fn tags_close_together_on_one_date() {
    check(Shape {
        name: "dense-equal",
        seed: 6,
        tag: 30,
        dates: Dates::Equal,
        lanes: 7,
        ..BASE
    });
}

#[test]
fn few_tags_and_several_roots() {
    check(Shape {
        name: "sparse",
        seed: 7,
        tag: 3,
        new_root: 4,
        dates: Dates::Skewed,
        ..BASE
    });
}
