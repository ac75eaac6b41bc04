//! Every scenario's hand-written facts (`[expect]`), read through the library's own path:
//! `resolve_options` → `read_state` / `compute_version`.

use scmver_core::repo::state::read_state;
use scmver_core::repo::{Repo, RepoError};
use scmver_core::version::VersionError;
use scmver_core::{
    Environment, Error, Options, Overrides, ProjectLocation, Timestamp, compute_version, resolve_options,
};

use crate::support::{BuiltRepo, Outcome, SOURCE_DATE_EPOCH, Scenario};

/// The scenario's `[config]` as the project's configuration, with SOURCE_DATE_EPOCH pinned.
pub(crate) fn options_for(repo: &BuiltRepo) -> Options {
    let config = repo.scratch().join("pyproject.toml");
    std::fs::write(&config, repo.config_toml()).expect("write config");
    let location = ProjectLocation {
        dir: repo.root().to_owned(),
        config_file: Some(config),
    };
    let env: Environment = [("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH.to_string())]
        .into_iter()
        .collect();
    resolve_options(&location, &Overrides::default(), &env, Timestamp(0)).expect("scenario config is valid")
}

#[track_caller]
fn check(repo: &BuiltRepo) {
    let expect = repo.expected();
    let options = options_for(repo);
    let name = &repo.scenario().name;
    match &expect.outcome {
        Outcome::Version(version) => {
            let repo_handle = Repo::discover(options.search_dir())
                .unwrap_or_else(|e| panic!("{name}: discover failed: {e}"));
            let reading = read_state(&repo_handle, options.tag_rule(), options.read())
                .unwrap_or_else(|e| panic!("{name}: read_state failed: {e}"));
            let state = &reading.state;
            assert_eq!(
                state.tag.as_ref().map(|t| t.name.as_str()),
                expect.tag.as_deref(),
                "{name}: tag"
            );
            assert_eq!(state.distance, expect.distance, "{name}: distance");
            assert_eq!(state.dirty, expect.dirty, "{name}: dirty");
            assert_eq!(state.branch, expect.branch, "{name}: branch");
            assert_eq!(state.shallow, expect.shallow, "{name}: shallow");
            assert_eq!(state.sha, repo.head_sha(), "{name}: sha (git rev-parse HEAD)");
            assert_eq!(state.node(), repo.node(), "{name}: node");
            let report =
                compute_version(&options).unwrap_or_else(|e| panic!("{name}: compute_version failed: {e}"));
            assert_eq!(report.version, repo.fill(version), "{name}: default version");
        }
        Outcome::Exit(3) => match compute_version(&options) {
            Err(
                Error::Repo(RepoError::Shallow { .. } | RepoError::NotARepository { .. })
                | Error::Version(VersionError::Scheme(_)),
            ) => {}
            other => panic!("{name}: expected a repository error (exit 3), got {other:?}"),
        },
        Outcome::Exit(code) => panic!("{name}: no library-level expectation for exit code {code}"),
    }
}

#[test]
fn every_scenario_reads_its_facts() {
    let scenarios = Scenario::all();
    assert!(scenarios.len() >= 40, "found only {} scenarios", scenarios.len());
    for scenario in &scenarios {
        check(&scenario.build());
    }
}

/// The same facts once `git gc` has packed everything, as in a clone: objects in one pack
/// (trees and blobs as deltas, inflated by the pack reader), refs in packed-refs with the
/// peeled id of every annotated tag (read by the packed-refs fast path). No commit-graph, so
/// the walk reads every commit from the pack.
#[test]
fn every_scenario_reads_its_facts_once_packed() {
    let mut with_packed_tags = 0;
    for scenario in Scenario::all() {
        let repo = scenario.build();
        if repo.head_sha().is_none() {
            continue; // nothing to pack
        }
        repo.git(["-c", "gc.writeCommitGraph=false", "gc", "--quiet", "--prune=now"]);
        let git_dir = repo.path().join(".git");
        assert!(
            !git_dir.join("objects/info/commit-graph").exists(),
            "{}: gc wrote a commit-graph",
            scenario.name
        );
        let loose_objects = std::fs::read_dir(git_dir.join("objects"))
            .expect("objects dir")
            .filter_map(Result::ok)
            .filter(|entry| entry.file_name().len() == 2)
            .count();
        assert_eq!(loose_objects, 0, "{}: objects left loose", scenario.name);
        let packed_refs = std::fs::read_to_string(git_dir.join("packed-refs")).unwrap_or_default();
        if packed_refs.contains(" refs/tags/") {
            assert!(
                packed_refs.starts_with("# pack-refs with: peeled"),
                "{packed_refs}"
            );
            with_packed_tags += 1;
        }
        check(&repo);
    }
    assert!(
        with_packed_tags >= 30,
        "only {with_packed_tags} scenarios had packed tags"
    );
}
