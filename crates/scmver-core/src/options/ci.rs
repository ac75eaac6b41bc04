//! What the CI run says: provider, pipeline ID, branch, tag, pull request.
//!
//! [`CiContext::detect`] reads an [`Environment`] map (never the process environment), so every
//! provider is tested with recorded variable sets. Each provider uses the variables its own
//! documentation lists; the generic `SCMVER_PIPELINE_ID`, `SCMVER_BRANCH` and `SCMVER_TAG`
//! work on any CI (Tekton, Drone, a laptop) and win over what a provider says.

use std::fmt;

use crate::options::environment::Environment;

/// A continuous-integration service scmver knows the variables of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CiProvider {
    /// GitLab CI/CD (`GITLAB_CI`).
    GitLab,
    /// GitHub Actions (`GITHUB_ACTIONS`).
    GitHubActions,
    /// Travis CI (`TRAVIS`).
    Travis,
    /// Jenkins (`JENKINS_URL`).
    Jenkins,
    /// Azure Pipelines (`TF_BUILD`).
    AzurePipelines,
    /// CircleCI (`CIRCLECI`).
    CircleCi,
    /// Bitbucket Pipelines (`BITBUCKET_BUILD_NUMBER`).
    BitbucketPipelines,
    /// Buildkite (`BUILDKITE`).
    Buildkite,
    /// Only the generic `SCMVER_*` variables are set.
    Generic,
}

impl CiProvider {
    /// A short stable name (`gitlab`, `github-actions`, …) for output.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            CiProvider::GitLab => "gitlab",
            CiProvider::GitHubActions => "github-actions",
            CiProvider::Travis => "travis",
            CiProvider::Jenkins => "jenkins",
            CiProvider::AzurePipelines => "azure-pipelines",
            CiProvider::CircleCi => "circleci",
            CiProvider::BitbucketPipelines => "bitbucket-pipelines",
            CiProvider::Buildkite => "buildkite",
            CiProvider::Generic => "generic",
        }
    }
}

impl CiProvider {
    /// The variable the provider's pipeline ID is read from (`CI_PIPELINE_ID`); `None` for
    /// [`CiProvider::Generic`], whose ID is `SCMVER_PIPELINE_ID`.
    #[must_use]
    pub fn pipeline_variable(self) -> Option<&'static str> {
        match self {
            CiProvider::GitLab => Some("CI_PIPELINE_ID"),
            CiProvider::GitHubActions => Some("GITHUB_RUN_ID"),
            CiProvider::Travis => Some("TRAVIS_BUILD_NUMBER"),
            CiProvider::Jenkins => Some("BUILD_NUMBER"),
            CiProvider::AzurePipelines => Some("BUILD_BUILDID"),
            CiProvider::CircleCi => Some("CIRCLE_BUILD_NUM"),
            CiProvider::BitbucketPipelines => Some("BITBUCKET_BUILD_NUMBER"),
            CiProvider::Buildkite => Some("BUILDKITE_BUILD_NUMBER"),
            CiProvider::Generic => None,
        }
    }
}

impl fmt::Display for CiProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The CI run, as far as its variables tell. All fields are `None` outside CI.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CiContext {
    /// The detected provider, `None` when not running in CI.
    pub provider: Option<CiProvider>,
    /// The pipeline/build number: unique and increasing for the project on most providers.
    pub pipeline_id: Option<String>,
    /// The ref the run was started for (a branch or a tag name).
    pub ref_name: Option<String>,
    /// The branch being built: for a pull request its source branch. Recovers the branch of the
    /// detached checkouts CIs make.
    pub branch: Option<String>,
    /// The tag being built, when this is a tag build.
    pub tag: Option<String>,
    /// The pull/merge request number.
    pub pull_request: Option<String>,
    /// The pull request's source branch.
    pub source_branch: Option<String>,
    /// The pull request's target branch.
    pub target_branch: Option<String>,
}

impl CiContext {
    /// No CI: what `--no-ci` gives.
    #[must_use]
    pub fn none() -> Self {
        CiContext::default()
    }

    /// Detect the provider from `env` and read its variables.
    #[must_use]
    pub fn detect(env: &Environment) -> Self {
        let var = |name: &str| env.get(name).map(str::to_owned);
        let is_true = |name: &str| env.get(name).is_some_and(|v| v.eq_ignore_ascii_case("true"));
        let mut ctx = if is_true("GITLAB_CI") {
            gitlab(&var)
        } else if is_true("GITHUB_ACTIONS") {
            github(&var)
        } else if is_true("TRAVIS") {
            travis(&var)
        } else if env.get("JENKINS_URL").is_some() {
            jenkins(&var)
        } else if is_true("TF_BUILD") {
            azure(&var)
        } else if is_true("CIRCLECI") {
            circleci(&var)
        } else if env.get("BITBUCKET_BUILD_NUMBER").is_some() {
            bitbucket(&var)
        } else if is_true("BUILDKITE") {
            buildkite(&var)
        } else {
            CiContext::default()
        };
        // A provider value that names nothing (`refs/heads/`, a pull-request URL ending in `/`)
        // is unset, as an empty variable is.
        for field in [
            &mut ctx.pipeline_id,
            &mut ctx.ref_name,
            &mut ctx.branch,
            &mut ctx.tag,
            &mut ctx.pull_request,
            &mut ctx.source_branch,
            &mut ctx.target_branch,
        ] {
            if field.as_deref() == Some("") {
                *field = None;
            }
        }
        let generic = [var("SCMVER_PIPELINE_ID"), var("SCMVER_BRANCH"), var("SCMVER_TAG")];
        if generic.iter().any(Option::is_some) && ctx.provider.is_none() {
            ctx.provider = Some(CiProvider::Generic);
        }
        let [pipeline, branch, tag] = generic;
        if let Some(pipeline) = pipeline {
            ctx.pipeline_id = Some(pipeline);
        }
        if let Some(branch) = branch {
            ctx.ref_name.get_or_insert_with(|| branch.clone());
            ctx.branch = Some(branch);
        }
        if let Some(tag) = tag {
            ctx.ref_name = Some(tag.clone());
            ctx.tag = Some(tag);
        }
        ctx
    }

    /// Running under a CI provider (or with the generic variables set).
    #[must_use]
    pub fn is_ci(&self) -> bool {
        self.provider.is_some()
    }

    /// This run builds a tag.
    #[must_use]
    pub fn is_tag_build(&self) -> bool {
        self.tag.is_some()
    }
}

type Var<'a> = &'a dyn Fn(&str) -> Option<String>;

/// `refs/heads/x` → `x`, `refs/tags/v1` → `v1`; anything else unchanged.
fn short_ref(full: &str) -> &str {
    full.strip_prefix("refs/heads/")
        .or_else(|| full.strip_prefix("refs/tags/"))
        .unwrap_or(full)
}

/// The first value that is not the literal `false` (Travis and Buildkite say `false` for "no PR").
fn not_false(value: Option<String>) -> Option<String> {
    value.filter(|v| v != "false")
}

/// GitLab: <https://docs.gitlab.com/ci/variables/predefined_variables/>.
fn gitlab(var: Var<'_>) -> CiContext {
    let source_branch = var("CI_MERGE_REQUEST_SOURCE_BRANCH_NAME");
    let tag = var("CI_COMMIT_TAG");
    CiContext {
        provider: Some(CiProvider::GitLab),
        pipeline_id: var("CI_PIPELINE_ID"),
        ref_name: var("CI_COMMIT_REF_NAME"),
        // CI_COMMIT_BRANCH is unset in merge-request and tag pipelines.
        branch: var("CI_COMMIT_BRANCH")
            .or_else(|| source_branch.clone())
            .or_else(|| {
                if tag.is_none() {
                    var("CI_COMMIT_REF_NAME")
                } else {
                    None
                }
            }),
        tag,
        pull_request: var("CI_MERGE_REQUEST_IID"),
        source_branch,
        target_branch: var("CI_MERGE_REQUEST_TARGET_BRANCH_NAME"),
    }
}

/// GitHub Actions: <https://docs.github.com/en/actions/reference/variables-reference>.
fn github(var: Var<'_>) -> CiContext {
    let ref_name = var("GITHUB_REF_NAME");
    let ref_type = var("GITHUB_REF_TYPE");
    let head_ref = var("GITHUB_HEAD_REF");
    // Pull-request runs check out refs/pull/<n>/merge.
    let pull_request = var("GITHUB_REF").and_then(|full| {
        let number = full.strip_prefix("refs/pull/")?.split('/').next()?.to_owned();
        (!number.is_empty()).then_some(number)
    });
    let is_tag = ref_type.as_deref() == Some("tag");
    CiContext {
        provider: Some(CiProvider::GitHubActions),
        pipeline_id: var("GITHUB_RUN_ID"),
        branch: head_ref.clone().or_else(|| {
            if ref_type.as_deref() == Some("branch") {
                ref_name.clone()
            } else {
                None
            }
        }),
        tag: if is_tag { ref_name.clone() } else { None },
        ref_name,
        pull_request,
        source_branch: head_ref,
        target_branch: var("GITHUB_BASE_REF"),
    }
}

/// Travis CI: <https://docs.travis-ci.com/user/environment-variables/>.
fn travis(var: Var<'_>) -> CiContext {
    let pull_request = not_false(var("TRAVIS_PULL_REQUEST"));
    let tag = var("TRAVIS_TAG");
    // In a PR build TRAVIS_BRANCH is the target branch; in a tag build it is the tag.
    let travis_branch = var("TRAVIS_BRANCH");
    let source_branch = var("TRAVIS_PULL_REQUEST_BRANCH");
    let branch = match (&pull_request, &tag) {
        (Some(_), _) => source_branch.clone(),
        (None, Some(_)) => None,
        (None, None) => travis_branch.clone(),
    };
    CiContext {
        provider: Some(CiProvider::Travis),
        pipeline_id: var("TRAVIS_BUILD_NUMBER"),
        ref_name: tag.clone().or_else(|| travis_branch.clone()),
        branch,
        tag,
        target_branch: pull_request.as_ref().and(travis_branch),
        pull_request,
        source_branch,
    }
}

/// Jenkins (multibranch pipelines and the git plugin):
/// <https://www.jenkins.io/doc/book/pipeline/multibranch/> and
/// <https://plugins.jenkins.io/git/#plugin-content-environment-variables>.
fn jenkins(var: Var<'_>) -> CiContext {
    let pull_request = var("CHANGE_ID");
    let tag = var("TAG_NAME");
    // Multibranch names PR jobs `PR-123`; the source branch is CHANGE_BRANCH. The git plugin's
    // GIT_BRANCH is `origin/main`.
    let git_plugin_branch =
        var("GIT_BRANCH").map(|b| b.strip_prefix("origin/").map(str::to_owned).unwrap_or(b));
    let branch = if pull_request.is_some() {
        var("CHANGE_BRANCH")
    } else if tag.is_some() {
        None
    } else {
        var("BRANCH_NAME").or(git_plugin_branch)
    };
    CiContext {
        provider: Some(CiProvider::Jenkins),
        pipeline_id: var("BUILD_NUMBER"),
        ref_name: tag.clone().or_else(|| var("BRANCH_NAME")),
        branch,
        tag,
        pull_request,
        source_branch: var("CHANGE_BRANCH"),
        target_branch: var("CHANGE_TARGET"),
    }
}

/// Azure Pipelines: <https://learn.microsoft.com/en-us/azure/devops/pipelines/build/variables>.
fn azure(var: Var<'_>) -> CiContext {
    // BUILD_SOURCEBRANCHNAME keeps only the last path segment (`feature/x` → `x`): use the full ref.
    let full = var("BUILD_SOURCEBRANCH");
    let tag = full
        .as_deref()
        .and_then(|f| f.strip_prefix("refs/tags/"))
        .map(str::to_owned);
    let pull_request =
        var("SYSTEM_PULLREQUEST_PULLREQUESTNUMBER").or_else(|| var("SYSTEM_PULLREQUEST_PULLREQUESTID"));
    let source_branch = var("SYSTEM_PULLREQUEST_SOURCEBRANCH").map(|b| short_ref(&b).to_owned());
    let branch = if pull_request.is_some() {
        source_branch.clone()
    } else {
        full.as_deref()
            .and_then(|f| f.strip_prefix("refs/heads/"))
            .map(str::to_owned)
    };
    CiContext {
        provider: Some(CiProvider::AzurePipelines),
        pipeline_id: var("BUILD_BUILDID"),
        ref_name: full.as_deref().map(|f| short_ref(f).to_owned()),
        branch,
        tag,
        pull_request,
        source_branch,
        target_branch: var("SYSTEM_PULLREQUEST_TARGETBRANCH").map(|b| short_ref(&b).to_owned()),
    }
}

/// CircleCI: <https://circleci.com/docs/reference/variables/>.
fn circleci(var: Var<'_>) -> CiContext {
    let tag = var("CIRCLE_TAG");
    let branch = var("CIRCLE_BRANCH");
    let pull_request = var("CIRCLE_PR_NUMBER").or_else(|| {
        let url = var("CIRCLE_PULL_REQUEST")?;
        let number = url.rsplit('/').next()?.to_owned();
        number.bytes().all(|b| b.is_ascii_digit()).then_some(number)
    });
    CiContext {
        provider: Some(CiProvider::CircleCi),
        pipeline_id: var("CIRCLE_BUILD_NUM"),
        ref_name: tag.clone().or_else(|| branch.clone()),
        source_branch: pull_request.as_ref().and(branch.clone()),
        branch,
        tag,
        pull_request,
        target_branch: None,
    }
}

/// Bitbucket Pipelines:
/// <https://support.atlassian.com/bitbucket-cloud/docs/variables-and-secrets/>.
fn bitbucket(var: Var<'_>) -> CiContext {
    let tag = var("BITBUCKET_TAG");
    let branch = var("BITBUCKET_BRANCH");
    let pull_request = var("BITBUCKET_PR_ID");
    CiContext {
        provider: Some(CiProvider::BitbucketPipelines),
        pipeline_id: var("BITBUCKET_BUILD_NUMBER"),
        ref_name: tag.clone().or_else(|| branch.clone()),
        source_branch: pull_request.as_ref().and(branch.clone()),
        branch,
        tag,
        pull_request,
        target_branch: var("BITBUCKET_PR_DESTINATION_BRANCH"),
    }
}

/// Buildkite: <https://buildkite.com/docs/pipelines/configure/environment-variables>.
fn buildkite(var: Var<'_>) -> CiContext {
    let tag = var("BUILDKITE_TAG");
    // In a tag build BUILDKITE_BRANCH holds the tag name.
    let branch = if tag.is_some() {
        None
    } else {
        var("BUILDKITE_BRANCH")
    };
    let pull_request = not_false(var("BUILDKITE_PULL_REQUEST"));
    CiContext {
        provider: Some(CiProvider::Buildkite),
        pipeline_id: var("BUILDKITE_BUILD_NUMBER"),
        ref_name: tag.clone().or_else(|| branch.clone()),
        source_branch: pull_request.as_ref().and(branch.clone()),
        branch,
        tag,
        target_branch: pull_request
            .as_ref()
            .and_then(|_| var("BUILDKITE_PULL_REQUEST_BASE_BRANCH")),
        pull_request,
    }
}

#[cfg(test)]
mod tests;
