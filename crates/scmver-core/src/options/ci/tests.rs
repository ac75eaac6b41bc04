//! Recorded variable sets per provider. Each set holds the variables the provider's
//! documentation (linked on the provider's function in `ci.rs`) lists for that kind of run,
//! with values shaped as the documentation shows them.

use super::*;

fn detect(vars: &[(&str, &str)]) -> CiContext {
    CiContext::detect(&vars.iter().copied().collect())
}

#[track_caller]
fn assert_ctx(vars: &[(&str, &str)], expected: CiContext) {
    pretty_assertions::assert_eq!(detect(vars), expected, "{vars:?}");
}

fn s(value: &str) -> Option<String> {
    Some(value.to_owned())
}

#[test]
fn no_ci() {
    assert_eq!(detect(&[("HOME", "/root"), ("CI", "")]), CiContext::none());
    assert!(!CiContext::none().is_ci());
}

#[test]
fn gitlab_branch_tag_and_merge_request_pipelines() {
    // Branch pipeline: the checkout is detached; CI_COMMIT_BRANCH names the branch.
    assert_ctx(
        &[
            ("GITLAB_CI", "true"),
            ("CI_PIPELINE_ID", "345"),
            ("CI_COMMIT_REF_NAME", "rel.1.2"),
            ("CI_COMMIT_BRANCH", "rel.1.2"),
        ],
        CiContext {
            provider: Some(CiProvider::GitLab),
            pipeline_id: s("345"),
            ref_name: s("rel.1.2"),
            branch: s("rel.1.2"),
            ..CiContext::default()
        },
    );
    // Tag pipeline: CI_COMMIT_BRANCH is not set.
    let tag = detect(&[
        ("GITLAB_CI", "true"),
        ("CI_PIPELINE_ID", "346"),
        ("CI_COMMIT_REF_NAME", "v1.3.0"),
        ("CI_COMMIT_TAG", "v1.3.0"),
    ]);
    assert_eq!(
        (tag.tag.as_deref(), tag.branch.as_deref()),
        (Some("v1.3.0"), None)
    );
    assert!(tag.is_tag_build());
    // Merge-request pipeline.
    assert_ctx(
        &[
            ("GITLAB_CI", "true"),
            ("CI_PIPELINE_ID", "347"),
            ("CI_COMMIT_REF_NAME", "feature/login"),
            ("CI_MERGE_REQUEST_IID", "12"),
            ("CI_MERGE_REQUEST_SOURCE_BRANCH_NAME", "feature/login"),
            ("CI_MERGE_REQUEST_TARGET_BRANCH_NAME", "main"),
        ],
        CiContext {
            provider: Some(CiProvider::GitLab),
            pipeline_id: s("347"),
            ref_name: s("feature/login"),
            branch: s("feature/login"),
            tag: None,
            pull_request: s("12"),
            source_branch: s("feature/login"),
            target_branch: s("main"),
        },
    );
}

#[test]
fn github_push_tag_and_pull_request_runs() {
    let push = detect(&[
        ("GITHUB_ACTIONS", "true"),
        ("GITHUB_RUN_ID", "1658821493"),
        ("GITHUB_RUN_NUMBER", "8"),
        ("GITHUB_REF", "refs/heads/feature/implement-doodad"),
        ("GITHUB_REF_NAME", "feature/implement-doodad"),
        ("GITHUB_REF_TYPE", "branch"),
    ]);
    assert_eq!(push.branch.as_deref(), Some("feature/implement-doodad"));
    assert_eq!(push.pipeline_id.as_deref(), Some("1658821493"));
    assert!(!push.is_tag_build());
    let tag = detect(&[
        ("GITHUB_ACTIONS", "true"),
        ("GITHUB_RUN_ID", "1658821494"),
        ("GITHUB_REF", "refs/tags/v1.3.0"),
        ("GITHUB_REF_NAME", "v1.3.0"),
        ("GITHUB_REF_TYPE", "tag"),
    ]);
    assert_eq!(
        (tag.tag.as_deref(), tag.branch.as_deref()),
        (Some("v1.3.0"), None)
    );
    assert_ctx(
        &[
            ("GITHUB_ACTIONS", "true"),
            ("GITHUB_RUN_ID", "1658821495"),
            ("GITHUB_EVENT_NAME", "pull_request"),
            ("GITHUB_REF", "refs/pull/42/merge"),
            ("GITHUB_REF_NAME", "42/merge"),
            ("GITHUB_REF_TYPE", "branch"),
            ("GITHUB_HEAD_REF", "fix/typo"),
            ("GITHUB_BASE_REF", "main"),
        ],
        CiContext {
            provider: Some(CiProvider::GitHubActions),
            pipeline_id: s("1658821495"),
            ref_name: s("42/merge"),
            branch: s("fix/typo"),
            tag: None,
            pull_request: s("42"),
            source_branch: s("fix/typo"),
            target_branch: s("main"),
        },
    );
}

#[test]
fn travis_branch_tag_and_pull_request_builds() {
    let branch = detect(&[
        ("TRAVIS", "true"),
        ("TRAVIS_BUILD_NUMBER", "77"),
        ("TRAVIS_BRANCH", "develop"),
        ("TRAVIS_PULL_REQUEST", "false"),
    ]);
    assert_eq!(
        (branch.branch.as_deref(), branch.pull_request.as_deref()),
        (Some("develop"), None)
    );
    let tag = detect(&[
        ("TRAVIS", "true"),
        ("TRAVIS_BUILD_NUMBER", "78"),
        ("TRAVIS_BRANCH", "v2.0.0"),
        ("TRAVIS_TAG", "v2.0.0"),
    ]);
    assert_eq!(
        (tag.tag.as_deref(), tag.branch.as_deref()),
        (Some("v2.0.0"), None)
    );
    let pr = detect(&[
        ("TRAVIS", "true"),
        ("TRAVIS_BUILD_NUMBER", "79"),
        ("TRAVIS_BRANCH", "main"),
        ("TRAVIS_PULL_REQUEST", "5"),
        ("TRAVIS_PULL_REQUEST_BRANCH", "feature/x"),
    ]);
    assert_eq!(
        (
            pr.branch.as_deref(),
            pr.pull_request.as_deref(),
            pr.target_branch.as_deref()
        ),
        (Some("feature/x"), Some("5"), Some("main"))
    );
}

#[test]
fn jenkins_multibranch_and_git_plugin() {
    let branch = detect(&[
        ("JENKINS_URL", "https://ci.example/"),
        ("BUILD_NUMBER", "12"),
        ("BRANCH_NAME", "release/1.2"),
    ]);
    assert_eq!(
        (branch.branch.as_deref(), branch.pipeline_id.as_deref()),
        (Some("release/1.2"), Some("12"))
    );
    let plugin = detect(&[
        ("JENKINS_URL", "https://ci.example/"),
        ("BUILD_NUMBER", "13"),
        ("GIT_BRANCH", "origin/main"),
    ]);
    assert_eq!(plugin.branch.as_deref(), Some("main"));
    let tag = detect(&[
        ("JENKINS_URL", "https://ci.example/"),
        ("BUILD_NUMBER", "14"),
        ("BRANCH_NAME", "v1.0.0"),
        ("TAG_NAME", "v1.0.0"),
    ]);
    assert_eq!(
        (tag.tag.as_deref(), tag.branch.as_deref()),
        (Some("v1.0.0"), None)
    );
    let pr = detect(&[
        ("JENKINS_URL", "https://ci.example/"),
        ("BUILD_NUMBER", "15"),
        ("BRANCH_NAME", "PR-7"),
        ("CHANGE_ID", "7"),
        ("CHANGE_BRANCH", "feature/y"),
        ("CHANGE_TARGET", "main"),
    ]);
    assert_eq!(
        (
            pr.branch.as_deref(),
            pr.pull_request.as_deref(),
            pr.target_branch.as_deref()
        ),
        (Some("feature/y"), Some("7"), Some("main"))
    );
}

#[test]
fn azure_keeps_slashes_in_branch_names() {
    let branch = detect(&[
        ("TF_BUILD", "True"),
        ("BUILD_BUILDID", "901"),
        ("BUILD_SOURCEBRANCH", "refs/heads/feature/implement-doodad"),
        ("BUILD_SOURCEBRANCHNAME", "implement-doodad"),
    ]);
    assert_eq!(branch.branch.as_deref(), Some("feature/implement-doodad"));
    let tag = detect(&[
        ("TF_BUILD", "True"),
        ("BUILD_BUILDID", "902"),
        ("BUILD_SOURCEBRANCH", "refs/tags/v3.1.0"),
    ]);
    assert_eq!(
        (tag.tag.as_deref(), tag.branch.as_deref()),
        (Some("v3.1.0"), None)
    );
    let pr = detect(&[
        ("TF_BUILD", "True"),
        ("BUILD_BUILDID", "903"),
        ("BUILD_SOURCEBRANCH", "refs/pull/17/merge"),
        ("SYSTEM_PULLREQUEST_PULLREQUESTID", "17"),
        ("SYSTEM_PULLREQUEST_SOURCEBRANCH", "refs/heads/topic"),
        ("SYSTEM_PULLREQUEST_TARGETBRANCH", "refs/heads/main"),
    ]);
    assert_eq!(
        (
            pr.branch.as_deref(),
            pr.pull_request.as_deref(),
            pr.target_branch.as_deref()
        ),
        (Some("topic"), Some("17"), Some("main"))
    );
}

#[test]
fn circleci_bitbucket_buildkite() {
    let circle = detect(&[
        ("CIRCLECI", "true"),
        ("CIRCLE_BUILD_NUM", "55"),
        ("CIRCLE_BRANCH", "feature/z"),
        ("CIRCLE_PULL_REQUEST", "https://github.com/o/r/pull/9"),
    ]);
    assert_eq!(
        (circle.provider, circle.pull_request.as_deref()),
        (Some(CiProvider::CircleCi), Some("9"))
    );
    let circle_tag = detect(&[
        ("CIRCLECI", "true"),
        ("CIRCLE_BUILD_NUM", "56"),
        ("CIRCLE_TAG", "v1.0.0"),
    ]);
    assert!(circle_tag.is_tag_build());
    let bitbucket = detect(&[
        ("BITBUCKET_BUILD_NUMBER", "31"),
        ("BITBUCKET_BRANCH", "feature/q"),
        ("BITBUCKET_PR_ID", "4"),
        ("BITBUCKET_PR_DESTINATION_BRANCH", "main"),
    ]);
    assert_eq!(
        (
            bitbucket.provider,
            bitbucket.branch.as_deref(),
            bitbucket.target_branch.as_deref()
        ),
        (
            Some(CiProvider::BitbucketPipelines),
            Some("feature/q"),
            Some("main")
        )
    );
    let buildkite = detect(&[
        ("BUILDKITE", "true"),
        ("BUILDKITE_BUILD_NUMBER", "1200"),
        ("BUILDKITE_BRANCH", "v2.0.0"),
        ("BUILDKITE_TAG", "v2.0.0"),
        ("BUILDKITE_PULL_REQUEST", "false"),
    ]);
    assert_eq!(
        (
            buildkite.tag.as_deref(),
            buildkite.branch.as_deref(),
            buildkite.pull_request
        ),
        (Some("v2.0.0"), None, None)
    );
}

#[test]
fn generic_variables_work_alone_and_win_over_a_provider() {
    let generic = detect(&[("SCMVER_PIPELINE_ID", "99"), ("SCMVER_BRANCH", "main")]);
    assert_eq!(
        (
            generic.provider,
            generic.pipeline_id.as_deref(),
            generic.branch.as_deref()
        ),
        (Some(CiProvider::Generic), Some("99"), Some("main"))
    );
    let overridden = detect(&[
        ("GITLAB_CI", "true"),
        ("CI_PIPELINE_ID", "1"),
        ("SCMVER_PIPELINE_ID", "2"),
    ]);
    assert_eq!(
        (overridden.provider, overridden.pipeline_id.as_deref()),
        (Some(CiProvider::GitLab), Some("2"))
    );
    let tagged = detect(&[("SCMVER_TAG", "v1.0.0")]);
    assert!(tagged.is_tag_build());
}

/// Found by fuzzing: a provider value that names nothing came out as `Some("")`.
#[test]
fn empty_provider_values_are_unset() {
    let azure = detect(&[("TF_BUILD", "True"), ("BUILD_SOURCEBRANCH", "refs/tags/")]);
    assert!(!azure.is_tag_build());
    assert_eq!((azure.tag, azure.ref_name, azure.branch), (None, None, None));
    let circle = detect(&[
        ("CIRCLECI", "true"),
        ("CIRCLE_PULL_REQUEST", "https://github.com/acme/app/pull/"),
    ]);
    assert_eq!(circle.pull_request, None);
}
