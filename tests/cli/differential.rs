//! scmver against setuptools_scm 10.3.4, scenario by scenario.
//!
//! For every scenario in `fixtures/scenarios/` two tests:
//! - `<scenario>::facts` checks the hand-written `[expect]` facts against plain git and the
//!   expected default version against setuptools_scm (or the declared difference), so the
//!   fixtures are right before they judge scmver;
//! - `<scenario>::matches_setuptools_scm` runs every version scheme × local scheme through both
//!   tools and reports every disagreement at once (declared `[[difference]]`s assert scmver's
//!   declared value instead), and checks that each version scmver prints is valid under
//!   `packaging`.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Output;

use crate::support::oracle::{OracleResult, oracle};
use crate::support::scenario::OracleExpectation;
use crate::support::{
    BuiltRepo, DEFAULT_PAIR, Declared, LOCAL_SCHEMES, Outcome, Scenario, Step, VERSION_SCHEMES,
};

macro_rules! scenarios {
    ($($name:ident),* $(,)?) => {
        /// Every scenario that has tests, in the order listed.
        const SCENARIOS: &[&str] = &[$(stringify!($name)),*];
        $(
            mod $name {
                #[test]
                fn facts() {
                    super::check_facts(stringify!($name));
                }

                #[test]
                fn matches_setuptools_scm() {
                    super::check_against_oracle(stringify!($name));
                }
            }
        )*
    };
}

scenarios! {
    annotated_rc_beside_lightweight_final,
    annotated_tags_one_commit,
    branch_feature,
    branch_release_calver,
    branch_release_maintenance,
    calver_long_other_day,
    calver_long_same_day,
    calver_short_same_day,
    calver_utc_day_boundary,
    detached_after_tag,
    detached_on_tag,
    dev_tag_after,
    dev_tag_exact,
    dirty_five_after,
    dirty_on_tag,
    epoch_tag_after,
    epoch_tag_exact,
    exact_annotated_tag,
    exact_lightweight_tag,
    fallback_version_no_commits,
    fallback_version_no_tags,
    local_version_tag_after,
    local_version_tag_exact,
    merge_heavy_many_tags,
    monorepo_tag_prefix,
    monorepo_tag_regex,
    nearer_dotless_tag,
    nearer_no_digit_tags,
    nearer_unparsable_dotted_tag,
    nearer_unparsable_tag,
    no_commits,
    no_tags,
    post_tag_after,
    post_tag_exact,
    rc_tag_after,
    rc_tag_exact,
    semver_beta_tag_after,
    semver_beta_tag_exact,
    shallow_depth_one_on_tag,
    shallow_tag_beyond,
    shallow_tag_beyond_fetch_tags,
    shallow_tag_inside,
    staged_new_file,
    subdir_root,
    subdir_root_search_parents,
    tag_on_merged_second_parent,
    tag_on_unmerged_branch,
    tag_regex_custom,
    tags_equal_distance,
    two_tags_one_commit,
    untracked_only,
    v_prefix_five_after,
}

#[test]
fn every_scenario_file_has_tests() {
    let mut listed: Vec<String> = SCENARIOS.iter().map(|s| (*s).to_owned()).collect();
    listed.sort();
    assert_eq!(
        listed,
        Scenario::names(),
        "the `scenarios!` list and fixtures/scenarios/ differ"
    );
}

/// Every pair of schemes, in a fixed order.
fn all_pairs() -> Vec<(&'static str, &'static str)> {
    VERSION_SCHEMES
        .iter()
        .flat_map(|v| LOCAL_SCHEMES.iter().map(move |l| (*v, *l)))
        .collect()
}

/// What one `scmver version` run did.
#[derive(Debug)]
struct Run {
    code: i32,
    version: Option<String>,
    output: Output,
}

impl Run {
    fn describe(&self) -> String {
        match &self.version {
            Some(version) if self.code == 0 => format!("`{version}`"),
            _ => format!(
                "exit {} (stdout `{}`, stderr `{}`)",
                self.code,
                String::from_utf8_lossy(&self.output.stdout).trim(),
                String::from_utf8_lossy(&self.output.stderr).trim()
            ),
        }
    }
}

fn scmver(repo: &BuiltRepo, config: &Path, (version_scheme, local_scheme): (&str, &str)) -> Run {
    let output = repo
        .tool_command(env!("CARGO_BIN_EXE_scmver"))
        .arg("version")
        .arg("--root")
        .arg(repo.root())
        .args(["--version-scheme", version_scheme, "--local-scheme", local_scheme])
        .arg("--config")
        .arg(config)
        .args(["--format", "json"])
        .output()
        .expect("run scmver");
    let code = output.status.code().unwrap_or(-1);
    let version = serde_json::from_slice::<serde_json::Value>(&output.stdout)
        .ok()
        .and_then(|json| json["version"].as_str().map(str::to_owned));
    Run {
        code,
        version,
        output,
    }
}

/// Writes the scenario's `[config]` into a pyproject.toml outside the repository.
fn write_config(repo: &BuiltRepo) -> std::path::PathBuf {
    let path = repo.scratch().join("pyproject.toml");
    std::fs::write(&path, repo.config_toml()).expect("write pyproject.toml");
    path
}

/// What scmver must do for one pair.
#[derive(Debug)]
enum Want {
    /// A version or exit code written in the scenario.
    Outcome(Outcome),
    /// What setuptools_scm did (plain, or with a difference's extra configuration).
    Oracle(OracleResult),
}

impl Want {
    fn accepts(&self, run: &Run, repo: &BuiltRepo) -> bool {
        match self {
            Want::Outcome(Outcome::Version(template)) => {
                run.code == 0 && run.version.as_deref() == Some(&*repo.fill(template))
            }
            Want::Outcome(Outcome::Exit(code)) => run.code == *code,
            Want::Oracle(OracleResult::Version(version)) => {
                run.code == 0 && run.version.as_ref() == Some(version)
            }
            Want::Oracle(OracleResult::Error(_)) => run.code != 0,
        }
    }

    fn show(&self, repo: &BuiltRepo) -> String {
        match self {
            Want::Outcome(Outcome::Version(template)) => format!("`{}`", repo.fill(template)),
            Want::Outcome(Outcome::Exit(code)) => format!("exit {code}"),
            Want::Oracle(OracleResult::Version(version)) => format!("`{version}`"),
            Want::Oracle(OracleResult::Error(_)) => "a non-zero exit".to_owned(),
        }
    }
}

fn show_oracle(result: &OracleResult) -> String {
    match result {
        OracleResult::Version(version) => format!("`{version}`"),
        OracleResult::Error(error) => format!("error: {}", error.lines().next().unwrap_or_default()),
    }
}

fn oracle_expectation_holds(
    expectation: &OracleExpectation,
    result: &OracleResult,
    repo: &BuiltRepo,
) -> bool {
    match (expectation, result) {
        (OracleExpectation::Version(template), OracleResult::Version(version)) => {
            &repo.fill(template) == version
        }
        (OracleExpectation::Error(part), OracleResult::Error(error)) => error.contains(part.as_str()),
        _ => false,
    }
}

type Results = BTreeMap<(String, String), OracleResult>;

fn key((v, l): (&str, &str)) -> (String, String) {
    (v.to_owned(), l.to_owned())
}

/// setuptools_scm's answers, plain and under each difference's extra configuration.
struct Answers {
    plain: Results,
    /// Per difference (same index as `scenario.differences`): the answers with its
    /// `equals_setuptools_scm_with` table, for the pairs it covers.
    with: Vec<Option<Results>>,
}

impl Answers {
    fn ask(scenario: &Scenario, repo: &BuiltRepo, pairs: &[(&'static str, &'static str)]) -> Answers {
        let plain = oracle().versions(repo, pairs);
        let with = scenario
            .differences
            .iter()
            .map(|difference| match &difference.scmver {
                Declared::SetuptoolsScmWith(extra) => {
                    let covered: Vec<_> = pairs
                        .iter()
                        .copied()
                        .filter(|(v, l)| difference.covers(v, l))
                        .collect();
                    let config = scenario.config_json_with(extra);
                    Some(oracle().versions_with_config(repo, &covered, &config))
                }
                Declared::Outcome(_) => None,
            })
            .collect();
        Answers { plain, with }
    }

    /// What scmver must do for a pair, and whether that is a declared difference.
    fn want(&self, scenario: &Scenario, pair: (&str, &str)) -> (Want, bool) {
        let index = scenario.differences.iter().position(|d| d.covers(pair.0, pair.1));
        match index {
            None => (Want::Oracle(self.plain[&key(pair)].clone()), false),
            Some(i) => match (&scenario.differences[i].scmver, &self.with[i]) {
                (Declared::Outcome(outcome), _) => (Want::Outcome(outcome.clone()), true),
                (Declared::SetuptoolsScmWith(_), Some(results)) => {
                    (Want::Oracle(results[&key(pair)].clone()), true)
                }
                (Declared::SetuptoolsScmWith(_), None) => unreachable!("asked in Answers::ask"),
            },
        }
    }
}

/// The `[expect]` facts against plain git, and the default version against setuptools_scm.
fn check_facts(name: &str) {
    let scenario = Scenario::load(name);
    let repo = scenario.build();
    let expect = repo.expected();
    let mut problems = Vec::new();
    let mut fact = |what: &str, expected: String, actual: String| {
        if expected != actual {
            problems.push(format!("{what}: [expect] says {expected}, git says {actual}"));
        }
    };

    let text = |out: Output| String::from_utf8_lossy(&out.stdout).trim().to_owned();
    let branch = repo.git_output(["symbolic-ref", "-q", "--short", "HEAD"]);
    let branch = branch.status.success().then(|| text(branch));
    fact("branch", format!("{:?}", expect.branch), format!("{branch:?}"));
    let status = text(repo.git_output(["status", "--porcelain", "--untracked-files=no"]));
    fact(
        "dirty",
        expect.dirty.to_string(),
        (!status.is_empty()).to_string(),
    );
    let shallow = text(repo.git_output(["rev-parse", "--is-shallow-repository"]));
    fact(
        "shallow",
        expect.shallow.to_string(),
        (shallow == "true").to_string(),
    );

    match (&expect.tag, repo.head_sha()) {
        (Some(tag), Some(_)) => {
            let peeled = format!("refs/tags/{tag}^{{commit}}");
            let tagged = repo.git_output(["rev-parse", "-q", "--verify", &peeled]);
            fact("tag exists", "true".into(), tagged.status.success().to_string());
            let ancestor = repo.git_output(["merge-base", "--is-ancestor", tag, "HEAD"]);
            fact(
                "tag reachable from HEAD",
                "true".into(),
                ancestor.status.success().to_string(),
            );
            let count = text(repo.git_output(["rev-list", "--count", &format!("{tag}..HEAD")]));
            fact(
                "distance (rev-list --count TAG..HEAD)",
                expect.distance.to_string(),
                count,
            );
            let described = text(repo.git_output(["describe", "--tags", "--long", "--match", tag, "HEAD"]));
            let describe_distance = described
                .strip_prefix(&format!("{tag}-"))
                .and_then(|rest| rest.split('-').next())
                .unwrap_or("?")
                .to_owned();
            fact(
                "distance (git describe --match TAG)",
                expect.distance.to_string(),
                describe_distance,
            );
        }
        (Some(tag), None) => problems.push(format!("[expect] tag `{tag}`, but there is no HEAD")),
        (None, Some(_)) => {
            let count = text(repo.git_output(["rev-list", "--count", "HEAD"]));
            fact(
                "distance (rev-list --count HEAD)",
                expect.distance.to_string(),
                count,
            );
        }
        (None, None) => fact(
            "distance without commits",
            expect.distance.to_string(),
            "0".into(),
        ),
    }

    let pairs = all_pairs();
    let answers = Answers::ask(&scenario, &repo, &pairs);
    let (want, declared) = answers.want(&scenario, DEFAULT_PAIR);
    let agrees = match (&want, &expect.outcome) {
        (Want::Outcome(declared), expected) => declared == expected,
        (Want::Oracle(OracleResult::Version(version)), Outcome::Version(template)) => {
            &repo.fill(template) == version
        }
        (Want::Oracle(OracleResult::Error(_)), Outcome::Exit(_)) => true,
        _ => false,
    };
    if !agrees {
        let source = if declared {
            "the [[difference]]"
        } else {
            "setuptools_scm"
        };
        problems.push(format!(
            "[expect] says {} for the default schemes, {source} says {}{}",
            Want::Outcome(expect.outcome.clone()).show(&repo),
            want.show(&repo),
            if declared {
                ""
            } else {
                " (declare a [[difference]] if deliberate)"
            }
        ));
    }
    for (i, difference) in scenario.differences.iter().enumerate() {
        let covered: Vec<_> = pairs.iter().filter(|(v, l)| difference.covers(v, l)).collect();
        if covered.is_empty() {
            problems.push(format!("[[difference]] {:?} covers no pair", difference.schemes));
        }
        if let Some(expectation) = &difference.setuptools_scm {
            for pair in &covered {
                let result = &answers.plain[&key(**pair)];
                if !oracle_expectation_holds(expectation, result, &repo) {
                    problems.push(format!(
                        "[[difference]] says setuptools_scm gives {expectation:?} for `{} {}`, \
                         it gives {}",
                        pair.0,
                        pair.1,
                        show_oracle(result)
                    ));
                }
            }
        }
        if let Some(with) = &answers.with[i]
            && covered
                .iter()
                .all(|pair| with[&key(**pair)] == answers.plain[&key(**pair)])
        {
            problems.push(format!(
                "[[difference]] {:?}: `equals_setuptools_scm_with` changes nothing",
                difference.schemes
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "scenario `{name}` ({}): the fixture is wrong:\n  {}",
        scenario.description,
        problems.join("\n  ")
    );
}

/// Every scheme pair through scmver and setuptools_scm.
fn check_against_oracle(name: &str) {
    let scenario = Scenario::load(name);
    let repo = scenario.build();
    let config = write_config(&repo);
    let pairs = all_pairs();
    let answers = Answers::ask(&scenario, &repo, &pairs);
    let mut mismatches = Vec::new();
    let mut printed = Vec::new();
    for &pair in &pairs {
        let run = scmver(&repo, &config, pair);
        if let (0, Some(version)) = (run.code, &run.version) {
            printed.push(version.clone());
        }
        let (want, declared) = answers.want(&scenario, pair);
        if !want.accepts(&run, &repo) {
            mismatches.push(format!(
                "{} {}: want {}{}, scmver gave {}; setuptools_scm: {}",
                pair.0,
                pair.1,
                want.show(&repo),
                if declared { " (declared difference)" } else { "" },
                run.describe(),
                show_oracle(&answers.plain[&key(pair)])
            ));
        }
        let expected = Want::Outcome(repo.expected().outcome.clone());
        if pair == DEFAULT_PAIR && !expected.accepts(&run, &repo) {
            mismatches.push(format!(
                "{} {}: [expect] says {}, scmver gave {}",
                pair.0,
                pair.1,
                expected.show(&repo),
                run.describe()
            ));
        }
    }
    for parsed in oracle().parse(&printed) {
        if !parsed.valid {
            mismatches.push(format!(
                "scmver printed `{}`, which packaging rejects",
                parsed.input
            ));
        }
    }
    assert!(
        mismatches.is_empty(),
        "scenario `{name}` ({}): {} mismatches over {} pairs\n  {}",
        scenario.description,
        mismatches.len(),
        pairs.len(),
        mismatches.join("\n  ")
    );
}

/// One point of [`versions_sort_in_history_order`]: the steps to get there.
const HISTORY: [&str; 13] = [
    r#"[{ commit = "initial" }, { tag = "1.0.0" }]"#,
    r#"[{ commit = "fix one" }]"#,
    r#"[{ commit = "fix two" }]"#,
    r#"[{ write = "history.txt", text = "work in progress\n" }]"#,
    r#"[{ commit = "fix three" }]"#,
    r#"[{ tag = "1.0.1" }]"#,
    r#"[{ commits = 2 }]"#,
    r#"[{ tag = "1.1.0rc1", message = "first candidate" }]"#,
    r#"[{ commit = "candidate fix" }]"#,
    r#"[{ tag = "1.1.0rc2" }]"#,
    r#"[{ commit = "release notes" }]"#,
    r#"[{ tag = "v1.1.0", message = "release" }]"#,
    r#"[{ commit = "next" }]"#,
];

/// Versions at successive points of one history sort, under packaging, in history order: a
/// dev version below the release that follows it, a dirty tree above its clean commit.
#[test]
fn versions_sort_in_history_order() {
    let repo = Scenario::empty("history").build();
    let config = write_config(&repo);
    let mut versions = Vec::new();
    let mut disagreements = Vec::new();
    for point in HISTORY {
        for step in Step::parse_list(point).expect("valid steps") {
            repo.apply(&step);
        }
        let run = scmver(&repo, &config, DEFAULT_PAIR);
        let oracle_result = &oracle().versions(&repo, &[DEFAULT_PAIR])[&key(DEFAULT_PAIR)];
        let Some(version) = run.version.clone().filter(|_| run.code == 0) else {
            panic!("after {point}: scmver gave {}", run.describe());
        };
        if oracle_result != &OracleResult::Version(version.clone()) {
            disagreements.push(format!(
                "after {point}: scmver `{version}`, setuptools_scm {}",
                show_oracle(oracle_result)
            ));
        }
        versions.push(version);
    }
    assert!(disagreements.is_empty(), "{}", disagreements.join("\n"));
    let mut distinct = versions.clone();
    distinct.dedup();
    assert_eq!(distinct, versions, "two successive points got the same version");
    assert_eq!(
        oracle().sort(&versions),
        versions,
        "versions do not sort in history order"
    );
}

/// Prints both tools' answers for every pair of the scenarios named in `$SCMVER_SCENARIO`
/// (comma-separated), for writing fixtures:
/// `SCMVER_SCENARIO=no_tags cargo test -p scmver-cli --test cli -- --ignored --nocapture show`.
#[test]
#[ignore = "a tool for fixture authors, run by hand"]
fn show_scenario() {
    let names = std::env::var("SCMVER_SCENARIO").expect("set SCMVER_SCENARIO=<name>[,<name>…]");
    for name in names.split(',') {
        let scenario = Scenario::load(name);
        let repo = scenario.build();
        let config = write_config(&repo);
        let results = oracle().versions(&repo, &all_pairs());
        println!("{name}: {} (HEAD {:?})", scenario.description, repo.head_sha());
        for pair in all_pairs() {
            let run = scmver(&repo, &config, pair);
            println!(
                "  {:<26} {:<24} setuptools_scm {:<45} scmver {}",
                pair.0,
                pair.1,
                show_oracle(&results[&key(pair)]),
                run.describe()
            );
        }
    }
}
