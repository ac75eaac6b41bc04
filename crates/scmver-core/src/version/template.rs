//! Version templates: `{branch_version}.0.{pipeline}` and friends, for teams with their own
//! scheme and for build strings (`py37_{pipeline}`).
//!
//! Syntax: `{field}` is replaced by the field's value, `{{` and `}}` are literal braces.
//! A field that has no value in this build (no pipeline outside CI, no branch when detached)
//! is an error naming the field, never an empty string.

use std::fmt::Write as _;

use crate::facts::ScmState;
use crate::options::{DEFAULT_BRANCH_REGEX, Options};
use crate::version::report::VersionReport;
use crate::version::scheme::next_release;
use crate::version::slug::slugify;

/// A template cannot be rendered.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TemplateError {
    /// `{name}` is not a known field.
    #[error("template `{template}` uses unknown field `{{{field}}}`: known fields are {known}")]
    UnknownField {
        /// The template.
        template: String,
        /// The unknown name.
        field: String,
        /// The known names.
        known: String,
    },
    /// A field has no value in this build.
    #[error("template `{template}` uses `{{{field}}}`, which has no value here: {hint}")]
    MissingValue {
        /// The template.
        template: String,
        /// The field.
        field: &'static str,
        /// How to give it a value.
        hint: &'static str,
    },
    /// Unbalanced `{` or `}`.
    #[error("template `{template}` has an unmatched `{brace}`: write `{brace}{brace}` for a literal brace")]
    Unbalanced {
        /// The template.
        template: String,
        /// The brace.
        brace: char,
    },
    /// The rendered text is not a PEP 440 version.
    #[error("template `{template}` rendered `{result}`, which is not a PEP 440 version: {reason}")]
    NotPep440 {
        /// The template.
        template: String,
        /// What it rendered to.
        result: String,
        /// What the parser said.
        reason: String,
    },
}

/// The values a template can use. `None` means "not known in this build".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TemplateFields {
    /// The tag's version (`1.2.3`; the fallback or `0.0` without a tag).
    pub tag: String,
    /// The tag's release numbers only (`1.2.0` for `1.2.0rc1`).
    pub base: String,
    /// The next release as `guess-next-dev` guesses it (`1.2.4`).
    pub next: String,
    /// Commits since the tag.
    pub distance: u64,
    /// The CI pipeline ID.
    pub pipeline: Option<String>,
    /// `g` + 9 hex digits of HEAD.
    pub node: Option<String>,
    /// Full hex id of HEAD.
    pub sha: Option<String>,
    /// The branch (from CI, flag or HEAD).
    pub branch: Option<String>,
    /// The branch made safe for tags and file names (`feature/x` → `feature-x`).
    pub branch_slug: Option<String>,
    /// The version in the branch name, read by the branch regex (`rel.1.2` → `1.2`).
    pub branch_version: Option<String>,
    /// HEAD's commit date, UTC, `YYYYMMDD`.
    pub date: Option<String>,
    /// The computed version (only for free-form templates such as build strings).
    pub version: Option<String>,
}

const FIELDS: [&str; 12] = [
    "tag",
    "base",
    "next",
    "distance",
    "pipeline",
    "node",
    "sha",
    "branch",
    "branch_slug",
    "branch_version",
    "date",
    "version",
];

impl TemplateFields {
    fn value(&self, field: &str) -> Option<Result<String, (&'static str, &'static str)>> {
        let missing = |name: &'static str, hint: &'static str| Err((name, hint));
        let found = |value: &Option<String>, name: &'static str, hint: &'static str| {
            value.clone().map_or_else(|| missing(name, hint), Ok)
        };
        Some(match field {
            "tag" => Ok(self.tag.clone()),
            "base" => Ok(self.base.clone()),
            "next" => Ok(self.next.clone()),
            "distance" => Ok(self.distance.to_string()),
            "pipeline" => found(
                &self.pipeline,
                "pipeline",
                "run in CI, or pass --pipeline-id or set SCMVER_PIPELINE_ID",
            ),
            "node" => found(&self.node, "node", "the repository has no commits"),
            "sha" => found(&self.sha, "sha", "the repository has no commits"),
            "branch" => found(
                &self.branch,
                "branch",
                "HEAD is detached: pass --branch or set SCMVER_BRANCH",
            ),
            "branch_slug" => found(
                &self.branch_slug,
                "branch_slug",
                "HEAD is detached: pass --branch or set SCMVER_BRANCH",
            ),
            "branch_version" => found(
                &self.branch_version,
                "branch_version",
                "the branch name holds no version the branch regex accepts (e.g. `release/1.2`)",
            ),
            "date" => found(&self.date, "date", "the repository has no commits"),
            "version" => found(
                &self.version,
                "version",
                "`{version}` is only available outside version templates",
            ),
            _ => return None,
        })
    }
}

/// Replace every `{field}` in `template`.
///
/// ```
/// use scmver_core::version::template::{render_template, TemplateFields};
///
/// let fields = TemplateFields {
///     branch_version: Some("1.2".into()),
///     pipeline: Some("345".into()),
///     ..TemplateFields::default()
/// };
/// assert_eq!(render_template("{branch_version}.0.{pipeline}", &fields)?, "1.2.0.345");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn render_template(template: &str, fields: &TemplateFields) -> Result<String, TemplateError> {
    render_template_with(template, fields, &|_, value| value.to_owned())
}

/// [`render_template`], passing each field's value through `encode(rendered_so_far, value)`
/// before it is inserted: the encoder of the sink the text goes to (Python source for a `.py`
/// file), which can tell from the text before the field where the value lands.
pub fn render_template_with(
    template: &str,
    fields: &TemplateFields,
    encode: &dyn Fn(&str, &str) -> String,
) -> Result<String, TemplateError> {
    let mut out = String::new();
    let mut chars = template.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        match c {
            '{' if chars.peek().map(|&(_, next)| next) == Some('{') => {
                chars.next();
                out.push('{');
            }
            '}' if chars.peek().map(|&(_, next)| next) == Some('}') => {
                chars.next();
                out.push('}');
            }
            '}' => {
                return Err(TemplateError::Unbalanced {
                    template: template.to_owned(),
                    brace: '}',
                });
            }
            '{' => {
                let rest = &template[start + 1..];
                let Some(end) = rest.find('}') else {
                    return Err(TemplateError::Unbalanced {
                        template: template.to_owned(),
                        brace: '{',
                    });
                };
                let name = &rest[..end];
                match fields.value(name) {
                    Some(Ok(value)) => {
                        let encoded = encode(&out, &value);
                        out.push_str(&encoded);
                    }
                    Some(Err((field, hint))) => {
                        return Err(TemplateError::MissingValue {
                            template: template.to_owned(),
                            field,
                            hint,
                        });
                    }
                    None => {
                        return Err(TemplateError::UnknownField {
                            template: template.to_owned(),
                            field: name.to_owned(),
                            known: FIELDS.iter().fold(String::new(), |mut acc, f| {
                                if !acc.is_empty() {
                                    acc.push_str(", ");
                                }
                                let _ = write!(acc, "{{{f}}}");
                                acc
                            }),
                        });
                    }
                }
                for _ in 0..=name.chars().count() {
                    chars.next();
                }
            }
            c => out.push(c),
        }
    }
    Ok(out)
}

/// The values templates can use, from the facts and the CI context. `version` is left empty.
#[must_use]
pub fn template_fields(state: &ScmState, options: &Options) -> TemplateFields {
    let tag = match (&state.tag, options.fallback_version()) {
        (Some(tag), _) => tag.version.clone(),
        (None, Some(fallback)) => fallback.clone(),
        (None, None) => pep440_rs::Version::new([0, 0]),
    };
    let branch_version = state.branch.as_deref().and_then(|branch| {
        let default;
        let regex = match options.branch_regex() {
            Some(regex) => regex,
            None => {
                default = regex::Regex::new(DEFAULT_BRANCH_REGEX).ok()?;
                &default
            }
        };
        let captures = regex.captures(branch)?;
        captures
            .name("version")
            .or_else(|| captures.get(1))
            .map(|m| m.as_str().to_owned())
    });
    TemplateFields {
        tag: tag.clone().without_local().to_string(),
        base: tag
            .release()
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("."),
        next: next_release(&tag).unwrap_or_default(),
        distance: state.distance,
        pipeline: options.ci().pipeline_id.clone(),
        node: state.node(),
        sha: state.sha.clone(),
        branch: state.branch.clone(),
        branch_slug: state
            .branch
            .as_deref()
            .map(slugify)
            .filter(|slug| !slug.is_empty()),
        branch_version,
        date: state.commit_time.map(|time| time.date().compact()),
        version: None,
    }
}

/// The template fields of a computed version, `{version}` included: what `scmver format` and
/// version-file templates can use. Without a repository only `{version}` and `{pipeline}`
/// have values.
#[must_use]
pub fn report_fields(options: &Options, report: &VersionReport) -> TemplateFields {
    let mut fields = match report.state() {
        Some(state) => template_fields(state, options),
        None => TemplateFields {
            pipeline: options.ci().pipeline_id.clone(),
            ..TemplateFields::default()
        },
    };
    fields.version = Some(report.version.clone());
    fields
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields() -> TemplateFields {
        TemplateFields {
            tag: "3.7".into(),
            base: "3.7".into(),
            next: "3.8".into(),
            distance: 12,
            pipeline: Some("345".into()),
            branch: Some("rel.1.2".into()),
            branch_version: Some("1.2".into()),
            ..TemplateFields::default()
        }
    }

    #[test]
    fn renders_fields_and_escapes() {
        let rows = [
            ("{branch_version}.0.{pipeline}", "1.2.0.345"),
            ("{tag}.{distance}", "3.7.12"),
            ("py37_{pipeline}", "py37_345"),
            ("{{literal}}-{next}", "{literal}-3.8"),
            ("no fields", "no fields"),
            ("ünï{tag}ç", "ünï3.7ç"),
        ];
        for (template, expected) in rows {
            assert_eq!(
                render_template(template, &fields()).as_deref(),
                Ok(expected),
                "{template}"
            );
        }
    }

    #[test]
    fn error_messages() {
        let err = |t: &str, f: &TemplateFields| render_template(t, f).expect_err(t).to_string();
        assert_eq!(
            err("{tag}.{build}", &fields()),
            "template `{tag}.{build}` uses unknown field `{build}`: known fields are {tag}, {base}, {next}, {distance}, {pipeline}, {node}, {sha}, {branch}, {branch_slug}, {branch_version}, {date}, {version}"
        );
        assert_eq!(
            err("{tag}.{pipeline}", &TemplateFields::default()),
            "template `{tag}.{pipeline}` uses `{pipeline}`, which has no value here: run in CI, or pass --pipeline-id or set SCMVER_PIPELINE_ID"
        );
        assert_eq!(
            err("{tag", &fields()),
            "template `{tag` has an unmatched `{`: write `{{` for a literal brace"
        );
        assert_eq!(
            err("tag}", &fields()),
            "template `tag}` has an unmatched `}`: write `}}` for a literal brace"
        );
    }
}
