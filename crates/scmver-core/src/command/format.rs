//! `scmver format`: a free-form template rendered with the build's fields.

use crate::command::Outcome;
use crate::command::version::compute_version;
use crate::error::Error;
use crate::options::Options;
use crate::version::VersionError;
use crate::version::template::{render_template, report_fields};

/// What `scmver format` is asked to render.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct FormatRequest {
    /// The template (`py37_{pipeline}`); fields as for version templates, `{version}` included.
    pub template: String,
}

impl FormatRequest {
    /// A request to render `template`.
    #[must_use]
    pub fn new(template: impl Into<String>) -> Self {
        FormatRequest {
            template: template.into(),
        }
    }
}

/// `scmver format`: render a free-form template (build strings, file names) with every field,
/// including `{version}`. The result is not required to be a version.
pub fn format(options: &Options, request: &FormatRequest) -> Result<Outcome<String>, Error> {
    let report = compute_version(options)?;
    let text =
        render_template(&request.template, &report_fields(options, &report)).map_err(VersionError::from)?;
    Ok(Outcome::printed(text.clone(), format!("{text}\n")))
}
