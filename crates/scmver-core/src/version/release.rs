//! The release decision: is this build a release, and why (or why not).

use crate::facts::ScmState;
use crate::options::Options;

/// Whether a build is a release (an exact, clean tag; a tag build when CI is detected), with
/// the reason in one sentence for `scmver is-release`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Release {
    /// The build is a release.
    pub is_release: bool,
    /// Why, or why not.
    pub reason: String,
}

impl Release {
    pub(crate) fn yes(reason: String) -> Self {
        Release {
            is_release: true,
            reason,
        }
    }

    pub(crate) fn no(reason: String) -> Self {
        Release {
            is_release: false,
            reason,
        }
    }
}

/// Whether the CI release guard applies: CI is detected, the run is not a tag build, and
/// `release_on_branch_builds` is off. A guarded build never gets a release version, so a
/// branch pipeline and a tag pipeline on the same commit never upload the same version.
#[must_use]
pub fn is_guarded(options: &Options) -> bool {
    let ci = options.ci();
    ci.is_ci() && !ci.is_tag_build() && !options.release_on_branch_builds()
}

/// The release decision for repository facts: an exact, clean tag is a release, unless
/// `guarded` (a CI branch build, see [`is_guarded`]).
#[must_use]
pub fn release_status(state: &ScmState, options: &Options, guarded: bool) -> Release {
    let Some(tag) = &state.tag else {
        return Release::no("no version tag is reachable from HEAD".to_owned());
    };
    if state.distance > 0 {
        return Release::no(format!(
            "HEAD is {} commit(s) after the tag `{}`",
            state.distance, tag.name
        ));
    }
    if state.dirty {
        return Release::no(format!(
            "HEAD is tagged `{}` but the work tree has uncommitted changes",
            tag.name
        ));
    }
    if guarded {
        let provider = options.ci().provider.map_or("CI", |p| p.name());
        return Release::no(format!(
            "HEAD is tagged `{}` but this {provider} run is a branch build; releases come from tag builds (set release_on_branch_builds = true to allow)",
            tag.name
        ));
    }
    Release::yes(format!(
        "HEAD is tagged `{}` and the work tree is clean",
        tag.name
    ))
}
