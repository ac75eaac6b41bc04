//! `scmver docker-tags`: the image tags and OCI labels of this build.

use crate::command::Outcome;
use crate::command::version::compute;
use crate::error::Error;
use crate::options::Options;
use crate::output::docker::{
    DockerOutput, ImageName, TagAffixes, build_kind, oci_labels, report_image_tags, sha_tag, source_url,
};
use crate::repo::remote::read_remote;

/// What `scmver docker-tags` is asked for.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct DockerRequest {
    /// Print full references `IMAGE:TAG` for this repository name.
    pub image: Option<String>,
    /// Prefix and suffix of every tag.
    pub affixes: TagAffixes,
    /// Also compute the OCI labels (reads the default remote for `source`).
    pub labels: bool,
    /// How to print them.
    pub format: DockerFormat,
    /// Also tag the build `sha-<7 hex digits>` (any build kind).
    pub sha_tag: bool,
}

impl DockerRequest {
    /// A request for the bare tags, one per line.
    #[must_use]
    pub fn new() -> Self {
        DockerRequest::default()
    }
}

/// How `scmver docker-tags` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum DockerFormat {
    /// One tag (or `IMAGE:TAG`) per line; with labels, `KEY=VALUE` lines of the labels.
    #[default]
    Lines,
    /// One JSON object: version, kind, tags, labels.
    Json,
}

/// `scmver docker-tags`: the image tags of this build (see [`image_tags`](crate::output::docker::image_tags)),
/// with the repository's version tags deciding the release aliases, and the OCI labels when
/// asked for.
///
/// `created` is `SOURCE_DATE_EPOCH` when set (so it agrees with a reproducible build's own
/// creation time), else HEAD's commit date (so rebuilding a commit gives the same labels),
/// else now.
pub fn docker_tags(options: &Options, request: &DockerRequest) -> Result<Outcome<DockerOutput>, Error> {
    let DockerRequest {
        image,
        affixes,
        labels: want_labels,
        format,
        sha_tag: want_sha_tag,
    } = request;
    let image = image.as_deref().map(ImageName::parse).transpose()?;
    affixes.validate()?;
    let (repo, report) = compute(options)?;
    let mut tag_list = report_image_tags(options, &report, affixes)?;
    if *want_sha_tag && let Some(tag) = sha_tag(&report) {
        tag_list.push(affixes.apply(&tag)?);
    }
    let labels = if *want_labels {
        let state = report.state();
        // A pretend version was not read from the repository: its labels name no source.
        let source = match repo.as_ref().filter(|_| report.state().is_some()) {
            Some(repo) => read_remote(repo)?.as_ref().and_then(source_url),
            None => None,
        };
        oci_labels(
            &report.version,
            state.and_then(|s| s.sha.as_deref()),
            created(options, state.and_then(|s| s.commit_time)),
            source.as_deref(),
        )
    } else {
        Vec::new()
    };
    let warnings = report.warnings.clone();
    let output = DockerOutput {
        kind: build_kind(&report),
        version: report.version,
        image,
        tags: tag_list,
        labels,
    };
    let text = match format {
        DockerFormat::Json => format!("{}\n", output.to_json()),
        DockerFormat::Lines if *want_labels => output.label_lines(),
        DockerFormat::Lines => output
            .references()
            .iter()
            .map(|reference| format!("{reference}\n"))
            .collect(),
    };
    Ok(Outcome::printed(output, text).with_warnings(&warnings))
}

/// The OCI `created` time: `SOURCE_DATE_EPOCH`, else the commit's date, else now.
fn created(options: &Options, commit_time: Option<crate::date::Timestamp>) -> crate::date::Timestamp {
    options
        .source_date_epoch()
        .or(commit_time)
        .unwrap_or(options.now())
}
