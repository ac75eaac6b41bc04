//! `scmver check-bump`: in a pull request, was the declared version bumped?
//!
//! Reads the declared version in the work tree and at the merge base (through
//! [`crate::repo::history`]), compares them ([`crate::version::bump`]) and renders the report
//! ([`crate::output::bump`]).

use std::path::{Component, Path, PathBuf};

use crate::command::Outcome;
use crate::error::Error;
use crate::options::{Options, ProjectLocation};
use crate::output::bump::{
    explain_bump, render_bump_github, render_bump_gitlab, render_bump_json, render_bump_text,
};
use crate::repo::Repo;
use crate::repo::history::{BaseRef, read_file_at, resolve_bump_base};
use crate::version::bump::{
    BaseState, BumpError, BumpReport, ChangelogCheck, ChangelogOutcome, Declaration, Verdict, base_place,
    compare, manifest,
};

/// What [`check_bump`] is asked to compare. The repository is searched from
/// [`Options::search_dir`], and [`Options::ci`] names the pull request's target branch.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct BumpRequest {
    /// The project: manifests are looked for in its directory (the config file's directory
    /// when one is given).
    pub location: ProjectLocation,
    /// The base to compare with: wins over `SCMVER_BUMP_BASE` and the CI's target branch.
    pub base: Option<String>,
    /// The one file to read the version from, instead of looking for pyproject.toml,
    /// setup.cfg, `VERSION` and Cargo.toml in that order.
    pub file: Option<PathBuf>,
    /// The changelog must have a heading for the new version (or, for a version derived from
    /// tags, gain an entry since the merge base).
    pub changelog: Option<PathBuf>,
    /// How to print the report.
    pub format: BumpFormat,
    /// Explain on standard error what was compared.
    pub verbose: bool,
}

impl BumpRequest {
    /// A request to check the project at `location` against the CI's (or
    /// `SCMVER_BUMP_BASE`'s) base, printed as text.
    #[must_use]
    pub fn new(location: ProjectLocation) -> Self {
        BumpRequest {
            location,
            base: None,
            file: None,
            changelog: None,
            format: BumpFormat::Text,
            verbose: false,
        }
    }
}

/// How `scmver check-bump` prints its report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum BumpFormat {
    /// One line per check.
    #[default]
    Text,
    /// One JSON object.
    Json,
    /// GitHub Actions `::error file=…,line=N::…` annotations for failed checks.
    Github,
    /// A GitLab Code Quality report (JSON array); the text lines go to standard error.
    Gitlab,
}

const WORK_TREE: &str = "in the work tree";

/// `scmver check-bump`: compare the version declared in the work tree with the one at the
/// merge base of HEAD and the base (the request's, else `SCMVER_BUMP_BASE`, else the CI's
/// target branch as `origin/<name>` or a local branch). Passed when bumped (or when there is
/// nothing to bump).
///
/// A version that was not bumped is a [`Verdict`] in a failed outcome, not an error. Errors
/// are for checks that cannot run: no base, a shallow clone without the base's history, a
/// manifest that does not parse, a version that is not valid on either side.
pub fn check_bump(options: &Options, request: &BumpRequest) -> Result<Outcome<BumpReport>, Error> {
    let report = bump_report(options, request)?;
    let stdout = match request.format {
        BumpFormat::Text => render_bump_text(&report),
        BumpFormat::Json => render_bump_json(&report),
        BumpFormat::Github => render_bump_github(&report),
        BumpFormat::Gitlab => render_bump_gitlab(&report),
    };
    let mut stderr = String::new();
    if request.verbose {
        stderr.push_str(&explain_bump(&report));
    }
    if request.format == BumpFormat::Gitlab {
        // The report is redirected into a file; the job log still says what happened.
        stderr.push_str(&render_bump_text(&report));
    }
    let passed = report.passed();
    Ok(Outcome::printed(report, stdout)
        .with_stderr(stderr)
        .passed(passed))
}

fn bump_report(options: &Options, request: &BumpRequest) -> Result<BumpReport, BumpError> {
    let BumpRequest {
        location,
        base,
        file,
        changelog,
        ..
    } = request;
    let ci = options.ci();
    let env_base = options.bump_base().map(|base| &base.value);
    let base_ref = match (base.as_ref().or(env_base), &ci.target_branch) {
        (Some(base), _) => BaseRef::Given(base),
        (None, Some(branch)) => BaseRef::TargetBranch(branch),
        (None, None) => {
            return Err(BumpError::NoBase {
                provider: ci.provider.map(|p| p.name().to_owned()),
            });
        }
    };
    let repo = Repo::discover_with(options.search_dir(), options.discovery())?;
    let mut base = resolve_bump_base(&repo, base_ref)?;
    base.work_tree = canonical(&base.work_tree)?;
    let work_tree = base.work_tree.clone();
    let project_dir = location.project_dir();
    let dir = relative_to(&work_tree, &project_dir, &canonical(&project_dir)?)?;
    let file = file
        .as_ref()
        .map(|path| repo_file(&work_tree, path))
        .transpose()?;
    let changelog = changelog
        .as_ref()
        .map(|path| repo_file(&work_tree, path))
        .transpose()?;

    let base_place = base_place(&base);
    let read_work = |path: &str| read_work_tree(&work_tree, path);
    let read_base = |path: &str| -> Result<Option<String>, BumpError> {
        read_file_at(&repo, &base.merge_base, path)?
            .map(|bytes| {
                String::from_utf8(bytes).map_err(|_| BumpError::NotUtf8 {
                    file: path.to_owned(),
                    place: base_place.clone(),
                })
            })
            .transpose()
    };

    let head = match manifest::find_declaration(&dir, file.as_deref(), &read_work, WORK_TREE)? {
        manifest::Found::Declared(declaration) => declaration,
        manifest::Found::NoFile => {
            return Err(match file {
                Some(file) => BumpError::FileMissing { file },
                None => BumpError::NoVersionFile {
                    dir: display_dir(&dir),
                },
            });
        }
        manifest::Found::Undeclared { file: found } => {
            return Err(match file {
                Some(_) => BumpError::NoVersion {
                    file: found,
                    place: WORK_TREE.to_owned(),
                },
                None => BumpError::NoVersionFile {
                    dir: display_dir(&dir),
                },
            });
        }
    };
    let verdict = match head {
        Declaration::Dynamic { file, tool } => Verdict::Dynamic { file, tool },
        Declaration::Static(new) => {
            match manifest::find_declaration(&dir, file.as_deref(), &read_base, &base_place)? {
                manifest::Found::Declared(Declaration::Static(old)) => {
                    compare::verdict(old, new, &base_place)?
                }
                manifest::Found::Declared(Declaration::Dynamic { tool, .. }) => Verdict::New {
                    new,
                    base: BaseState::Dynamic { tool },
                },
                manifest::Found::NoFile => Verdict::New {
                    new,
                    base: BaseState::Missing,
                },
                manifest::Found::Undeclared { .. } => Verdict::New {
                    new,
                    base: BaseState::Undeclared,
                },
            }
        }
    };

    let changelog = match changelog {
        Some(path) if verdict.passed() => {
            let text = read_work(&path)?.ok_or_else(|| BumpError::ChangelogMissing { file: path.clone() })?;
            let outcome = match &verdict {
                Verdict::Bumped { new, .. } | Verdict::New { new, .. } => {
                    compare::changelog_heading(&text, &new.text, &new.version)
                }
                _ => {
                    let before = read_base(&path)?;
                    match compare::first_added_line(before.as_deref(), &text) {
                        Some(line) => ChangelogOutcome::Gained { line },
                        None => ChangelogOutcome::NotGained,
                    }
                }
            };
            Some(ChangelogCheck { file: path, outcome })
        }
        _ => None,
    };
    Ok(BumpReport {
        base,
        verdict,
        changelog,
    })
}

fn display_dir(dir: &str) -> String {
    if dir.is_empty() {
        ".".to_owned()
    } else {
        dir.to_owned()
    }
}

fn canonical(path: &Path) -> Result<PathBuf, BumpError> {
    let target = if path.as_os_str().is_empty() {
        Path::new(".")
    } else {
        path
    };
    std::fs::canonicalize(target).map_err(|source| BumpError::Path {
        path: path.to_owned(),
        source,
    })
}

/// `canonical` below `work_tree`, as a `/`-separated relative path (empty for the root).
fn relative_to(work_tree: &Path, given: &Path, canonical: &Path) -> Result<String, BumpError> {
    let relative = canonical
        .strip_prefix(work_tree)
        .map_err(|_| BumpError::OutsideWorkTree {
            path: given.to_owned(),
            work_tree: work_tree.to_owned(),
        })?;
    let parts: Vec<String> = relative
        .components()
        .filter_map(|c| match c {
            Component::Normal(part) => Some(part.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    Ok(parts.join("/"))
}

/// A file path (relative to the current directory, or absolute) as a repository path. The
/// file itself need not exist; its directory must.
fn repo_file(work_tree: &Path, path: &Path) -> Result<String, BumpError> {
    let Some(name) = path.file_name() else {
        return Err(BumpError::Path {
            path: path.to_owned(),
            source: std::io::Error::new(std::io::ErrorKind::InvalidInput, "not a file name"),
        });
    };
    let parent = path.parent().unwrap_or(Path::new(""));
    let dir = canonical(parent).map_err(|_| BumpError::Path {
        path: path.to_owned(),
        source: std::io::Error::new(std::io::ErrorKind::NotFound, "its directory does not exist"),
    })?;
    relative_to(work_tree, path, &dir.join(name))
}

fn read_work_tree(work_tree: &Path, path: &str) -> Result<Option<String>, BumpError> {
    let full = work_tree.join(path);
    match std::fs::read(&full) {
        Ok(bytes) => String::from_utf8(bytes)
            .map(Some)
            .map_err(|_| BumpError::NotUtf8 {
                file: path.to_owned(),
                place: WORK_TREE.to_owned(),
            }),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(_) if full.is_dir() => Ok(None),
        Err(source) => Err(BumpError::Read { path: full, source }),
    }
}
