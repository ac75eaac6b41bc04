//! Repository shapes beyond the scenario format: linked worktrees of shallow clones, bare
//! repositories, the untracked-files switch, tag objects pointing at blobs.

use std::path::Path;

use scmver_core::options::ReadOptions;
use scmver_core::options::tag_rule::{TagRejection, TagRule};
use scmver_core::repo::Repo;
use scmver_core::repo::state::Reading;

/// Discover the repository at or above `path` and read its state.
fn read_state(
    path: &Path,
    rule: &TagRule,
    options: ReadOptions,
) -> Result<Reading, scmver_core::repo::RepoError> {
    scmver_core::repo::state::read_state(&Repo::discover(path)?, rule, options)
}

use crate::support::Scenario;

fn scenario(text: &str) -> Scenario {
    Scenario::parse("inline", text).expect("valid inline scenario")
}

#[test]
fn shallow_is_detected_in_a_linked_worktree() {
    let repo = scenario(
        r#"
description = "shallow clone with the tag inside"
steps = [{ commits = 2 }, { commit = "a" }, { tag = "v1.0.0" }, { commits = 2 }]
shallow = { depth = 4 }
expect = { tag = "v1.0.0", distance = 2, branch = "main", shallow = true, version = "1.0.1.dev2+{node}" }
"#,
    )
    .build();
    let worktree = repo.scratch().join("wt");
    repo.git([
        "worktree",
        "add",
        "-q",
        "--detach",
        worktree.to_str().expect("utf-8 path"),
    ]);
    let reading = read_state(&worktree, &TagRule::default(), ReadOptions::default()).expect("readable");
    assert!(
        reading.state.shallow,
        "the worktree shares the clone's shallow file"
    );
    assert_eq!(reading.state.tag.map(|t| t.name).as_deref(), Some("v1.0.0"));
    assert_eq!(reading.state.distance, 2);
}

#[test]
fn untracked_files_count_only_when_asked() {
    let repo = scenario(
        r#"
description = "untracked file on a tag"
steps = [{ commit = "a" }, { tag = "v1.0.0" }, { untracked = "junk.txt" }]
expect = { tag = "v1.0.0", distance = 0, branch = "main", version = "1.0.0" }
"#,
    )
    .build();
    let default = read_state(repo.path(), &TagRule::default(), ReadOptions::default()).expect("readable");
    assert!(!default.state.dirty);
    let counting = ReadOptions::default().untracked_dirty(true);
    let strict = read_state(repo.path(), &TagRule::default(), counting).expect("readable");
    assert!(strict.state.dirty);
}

#[test]
fn ignored_files_never_count() {
    let repo = scenario(
        r#"
description = "ignored file on a tag"
steps = [{ commit = "a", files = { ".gitignore" = "build/\n" } }, { tag = "v1.0.0" }, { untracked = "build/out.bin" }]
expect = { tag = "v1.0.0", distance = 0, branch = "main", version = "1.0.0" }
"#,
    )
    .build();
    let counting = ReadOptions::default().untracked_dirty(true);
    let reading = read_state(repo.path(), &TagRule::default(), counting).expect("readable");
    assert!(!reading.state.dirty);
}

#[test]
fn bare_repository_is_never_dirty() {
    let repo = scenario(
        r#"
description = "tagged history"
steps = [{ commit = "a" }, { tag = "v2.0.0" }, { commits = 3 }]
expect = { tag = "v2.0.0", distance = 3, branch = "main", version = "2.0.1.dev3+{node}" }
"#,
    )
    .build();
    let bare = repo.scratch().join("bare.git");
    repo.git([
        "clone",
        "-q",
        "--bare",
        repo.path().to_str().expect("utf-8"),
        bare.to_str().expect("utf-8"),
    ]);
    let reading = read_state(&bare, &TagRule::default(), ReadOptions::default()).expect("readable");
    assert!(!reading.state.dirty);
    assert_eq!(
        (reading.state.tag.map(|t| t.name), reading.state.distance),
        (Some("v2.0.0".to_owned()), 3)
    );
}

#[test]
fn tags_on_blobs_are_skipped_with_the_reason() {
    let repo = scenario(
        r#"
description = "a version tag on a blob"
steps = [{ commit = "a" }, { tag = "v1.0.0" }, { commit = "b" }]
expect = { tag = "v1.0.0", distance = 1, branch = "main", version = "1.0.1.dev1+{node}" }
"#,
    )
    .build();
    let blob = repo.git(["rev-parse", "HEAD:history.txt"]);
    repo.git(["tag", "v9.0.0", blob.trim()]);
    let reading = read_state(repo.path(), &TagRule::default(), ReadOptions::default()).expect("readable");
    assert_eq!(reading.state.tag.map(|t| t.name).as_deref(), Some("v1.0.0"));
    let blob_tag = reading
        .candidates
        .iter()
        .find(|c| c.name == "v9.0.0")
        .expect("seen");
    assert_eq!(blob_tag.verdict, Err(TagRejection::NotACommit));
}

/// A tag file under `refs/tags/` wins over the packed-refs entry of the same name, as in git.
#[test]
fn a_loose_tag_overrides_its_packed_entry() {
    let repo = scenario(
        r#"
description = "a packed tag moved by a loose one"
steps = [{ commit = "a" }, { tag = "v1.0.0" }, { commit = "b" }, { commit = "c" }]
expect = { tag = "v1.0.0", distance = 2, branch = "main", version = "1.0.1.dev2+{node}" }
"#,
    )
    .build();
    repo.git(["pack-refs", "--all"]);
    repo.git(["tag", "-f", "v1.0.0", "HEAD~1"]);
    assert!(repo.path().join(".git/refs/tags/v1.0.0").is_file());
    let packed = std::fs::read_to_string(repo.path().join(".git/packed-refs")).expect("packed-refs");
    assert!(packed.contains("refs/tags/v1.0.0"), "{packed}");
    let reading = read_state(repo.path(), &TagRule::default(), ReadOptions::default()).expect("readable");
    assert_eq!(reading.state.tag.map(|t| t.name).as_deref(), Some("v1.0.0"));
    assert_eq!(
        reading.state.distance, 1,
        "the loose tag's commit, one below HEAD"
    );
    let describe = repo.git(["describe", "--tags", "--long"]);
    assert!(describe.starts_with("v1.0.0-1-"), "{describe}");
}

/// packed-refs written without the `peeled` trait (old git, other tools) records no `^` lines:
/// annotated tags are then peeled through their tag objects, not taken for commits.
#[test]
fn packed_refs_without_peeled_ids_are_peeled_through_the_objects() {
    let repo = scenario(
        r#"
description = "annotated and lightweight tags, packed"
steps = [
    { commit = "a" }, { tag = "v1.0.0", message = "one" },
    { commit = "b" }, { tag = "v1.1.0" },
    { commit = "c" }, { tag = "v1.2.0", message = "one-two" },
    { commit = "d" },
]
expect = { tag = "v1.2.0", distance = 1, branch = "main", version = "1.2.1.dev1+{node}" }
"#,
    )
    .build();
    repo.git(["pack-refs", "--all"]);
    let path = repo.path().join(".git/packed-refs");
    let packed = std::fs::read_to_string(&path).expect("packed-refs");
    assert!(packed.contains("\n^"), "git recorded peeled ids: {packed}");
    let stripped: String = packed
        .lines()
        .filter(|line| !line.starts_with('^'))
        .map(|line| {
            if line.starts_with('#') {
                "# pack-refs with: sorted \n".to_owned()
            } else {
                format!("{line}\n")
            }
        })
        .collect();
    std::fs::write(&path, stripped).expect("rewrite packed-refs");
    for root in ["refs/tags/v1.0.0", "refs/tags/v1.1.0", "refs/tags/v1.2.0"] {
        assert!(!repo.path().join(".git").join(root).exists(), "{root} is loose");
    }
    let reading = read_state(repo.path(), &TagRule::default(), ReadOptions::default()).expect("readable");
    assert_eq!(reading.state.tag.map(|t| t.name).as_deref(), Some("v1.2.0"));
    assert_eq!(reading.state.distance, 1);
    let describe = repo.git(["describe", "--tags", "--long"]);
    assert!(describe.starts_with("v1.2.0-1-"), "{describe}");
}

#[test]
fn no_repository_is_a_typed_error_naming_the_path() {
    let dir = tempfile::tempdir().expect("tempdir");
    let err = read_state(dir.path(), &TagRule::default(), ReadOptions::default()).expect_err("no repository");
    assert_eq!(
        err.to_string(),
        format!(
            "no git repository found at `{}` or any parent directory: run scmver inside a git checkout, or set fallback_version",
            dir.path().display()
        )
    );
}
