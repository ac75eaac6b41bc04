//! The describe walk over commit-graph positions gives what the walk over objects gives: the
//! same tag commit, tag and depth, and the same commit count (gix's rev-walk) without a tag, on
//! every scenario with a commit-graph written by git (one file, and a split chain of two
//! layers). That both are `git describe`'s answer is tests/core/describe_parity.rs.

use std::path::Path;

use scmver_core::repo::{Repo, WalkComparison, compare_walks};

use crate::facts::options_for;
use crate::support::{BuiltRepo, Scenario};

/// How the commit-graph is written before comparing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Layout {
    /// `git commit-graph write --reachable`: one file.
    Single,
    /// A base layer with the root commits, then the rest on top (`--split=no-merge`): a chain.
    Split,
}

fn remove_graphs(repo: &BuiltRepo) {
    let info = repo.path().join(".git/objects/info");
    for path in [info.join("commit-graph"), info.join("commit-graphs")] {
        if path.is_dir() {
            std::fs::remove_dir_all(&path).expect("remove commit-graphs");
        } else if path.exists() {
            std::fs::remove_file(&path).expect("remove commit-graph");
        }
    }
}

#[track_caller]
fn write_graph(repo: &BuiltRepo, layout: Layout) {
    remove_graphs(repo);
    match layout {
        Layout::Single => {
            repo.git(["commit-graph", "write", "--reachable"]);
        }
        Layout::Split => {
            let roots = repo.git(["rev-list", "--max-parents=0", "--all"]);
            repo.git_with_input(
                ["commit-graph", "write", "--split=no-merge", "--stdin-commits"],
                &format!("{roots}\n"),
            );
            repo.git(["commit-graph", "write", "--reachable", "--split=no-merge"]);
            let chain = repo
                .path()
                .join(".git/objects/info/commit-graphs/commit-graph-chain");
            let layers = std::fs::read_to_string(&chain).expect("a commit-graph chain");
            let commits: usize = repo.git(["rev-list", "--count", "--all"]).parse().expect("count");
            // One commit only: git writes no second layer (nothing new).
            let expected = if commits > 1 { 2 } else { 1 };
            assert_eq!(
                layers.lines().count(),
                expected,
                "{}: layers in\n{layers}",
                repo.scenario().name
            );
        }
    }
}

#[track_caller]
fn compare(repo: &BuiltRepo, root: &Path) -> WalkComparison {
    let options = options_for(repo);
    let repo_handle =
        Repo::discover(root).unwrap_or_else(|e| panic!("{}: discover failed: {e}", repo.scenario().name));
    compare_walks(&repo_handle, options.tag_rule())
        .unwrap_or_else(|e| panic!("{}: compare_walks failed: {e}", repo.scenario().name))
}

/// Both walks agree, and the graph walk really ran (HEAD is in the graph, so it answered).
#[track_caller]
fn check(repo: &BuiltRepo, layout: Layout) {
    let name = &repo.scenario().name;
    if repo.head_sha().is_none() {
        let cmp = compare(repo, repo.root());
        assert_eq!(cmp.graph, None, "{name}: no commits, nothing to walk");
        return;
    }
    write_graph(repo, layout);
    let cmp = compare(repo, repo.root());
    assert!(
        cmp.graph_has_head,
        "{name} ({layout:?}): HEAD not in the commit-graph: {cmp:?}"
    );
    assert_eq!(
        cmp.graph,
        Some(cmp.objects.clone()),
        "{name} ({layout:?}): nearest tag"
    );
    assert_eq!(
        cmp.count_graph,
        Some(cmp.count_gix),
        "{name} ({layout:?}): commit count"
    );
    if let Some(tag) = &repo.expected().tag {
        let found = cmp.objects.as_ref().map(|(_, tag, _)| tag);
        assert_eq!(found, Some(tag), "{name}: the tag of [expect]");
    }
}

#[test]
fn every_scenario_walks_the_same_over_the_commit_graph() {
    let mut compared = 0;
    for scenario in Scenario::all() {
        if scenario.shallow.is_some() {
            continue; // git writes no commit-graph in a shallow clone
        }
        let repo = scenario.build();
        check(&repo, Layout::Single);
        check(&repo, Layout::Split);
        compared += 1;
    }
    assert!(compared >= 40, "compared only {compared} scenarios");
}

/// Without a commit-graph only the walk over objects answers, and the graph walk says nothing:
/// the comparison above is not vacuous.
#[test]
fn without_a_commit_graph_the_graph_walk_does_not_answer() {
    let repo = Scenario::load("tag_on_merged_second_parent").build();
    remove_graphs(&repo);
    let cmp = compare(&repo, repo.root());
    assert!(!cmp.graph_has_head);
    assert_eq!((cmp.graph, cmp.count_graph), (None, None));
    assert_eq!(
        cmp.objects.map(|(_, tag, depth)| (tag, depth)),
        Some(("v1.0.0".to_owned(), 3))
    );
}

/// Commits with one date everywhere: the date-ordered queue breaks every tie by the order
/// commits were queued, and both walks must do it the same way (git's own answer on such
/// histories is checked in tests/core/describe_parity.rs).
#[test]
fn equal_dates_break_ties_the_same_in_both_walks() {
    let date = "2021-01-01 00:00:00 +0000";
    let mut steps = vec![format!(r#"{{ commit = "root", date = "{date}" }}"#)];
    for branch in ["a", "b", "c", "d"] {
        steps.push(format!(r#"{{ branch = "{branch}" }}"#));
        for i in 0..3 {
            steps.push(format!(r#"{{ commit = "{branch}{i}", date = "{date}" }}"#));
            steps.push(format!(r#"{{ tag = "v1.{i}.0+{branch}" }}"#));
        }
        steps.push(r#"{ switch = "main" }"#.to_owned());
    }
    for branch in ["a", "b", "c", "d"] {
        steps.push(format!(r#"{{ merge = "{branch}" }}"#));
    }
    steps.push(format!(r#"{{ commit = "tip", date = "{date}" }}"#));
    let text = format!(
        "description = \"equal dates\"\nsteps = [{}]\n[expect]\nbranch = \"main\"\ndistance = 0\nversion = \"0\"\n",
        steps.join(", ")
    );
    let repo = Scenario::parse("equal_dates", &text)
        .expect("valid inline scenario")
        .build();
    for layout in [Layout::Single, Layout::Split] {
        check(&repo, layout);
    }
}
