//! The bad-input catalogue: what a pull request, a CI environment or a broken checkout can hand
//! scmver, and what scmver must do with it. Each row runs the real binary on its own copy of a
//! small repository next to a directory outside the project, and asserts
//!
//! - the exit code (2 bad input, 3 the repository cannot yield a version);
//! - one line on stderr, `error: …`, naming the input (the row's `names` text);
//! - nothing on stdout;
//! - nothing changed: every file, link and mode under the project (its `.git` included) and
//!   under the outside directory is as it was before the run.
//!
//! A row's `setup` is a list of steps (`write`, `symlink`, `fifo`, `hardlink`, `mkdir`, `git`,
//! `config`); `{outside}` in a step, an argument or a variable stands for the outside
//! directory, `{project}` for the project.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use crate::support::isolated::{self, git};

/// One hostile input and the refusal it must get.
struct Case {
    name: &'static str,
    setup: &'static [&'static str],
    args: &'static [&'static str],
    env: &'static [(&'static str, &'static str)],
    code: i32,
    names: &'static str,
}

/// Stands for a value that is not UTF-8 (the byte 0xFF) in a row's environment.
const NOT_UTF8: &str = "<not utf-8>";

const fn case(
    name: &'static str,
    setup: &'static [&'static str],
    args: &'static [&'static str],
    env: &'static [(&'static str, &'static str)],
    code: i32,
    names: &'static str,
) -> Case {
    Case {
        name,
        setup,
        args,
        env,
        code,
        names,
    }
}

const GIT_DIR: &str = "inside a git directory";
const OUTSIDE: &str = "outside the repository root";

#[rustfmt::skip]
const CASES: &[Case] = &[
    // ── Files: configured paths ──────────────────────────────────────────────────────────
    case("version_file into .git/config", &["config version_file = \".git/config\""], &["write"], &[], 2, GIT_DIR),
    case("version_file into .git/HEAD", &["config version_file = \".git/HEAD\""], &["write"], &[], 2, GIT_DIR),
    case("version_file through ../ into .git", &["mkdir sub", "config version_file = \"sub/../.git/config\""], &["write"], &[], 2, GIT_DIR),
    case("version_file into .git/refs", &["config version_file = \".git/refs/tags/v9\""], &["write"], &[], 2, GIT_DIR),
    case("version_file into .git/hooks", &["config version_file = \".git/hooks/post-checkout\""], &["write"], &[], 2, GIT_DIR),
    case("version_file in a nested .git", &["mkdir vendor/.git", "config version_file = \"vendor/.git/config\""], &["write"], &[], 2, GIT_DIR),
    case("version_file outside by ..", &["config version_file = \"../outside/secret\""], &["write"], &[], 2, OUTSIDE),
    case("version_file absolute outside", &["config version_file = \"{outside}/secret\""], &["write"], &[], 2, OUTSIDE),
    case("version_file symlink out", &["symlink ver.txt {outside}/secret", "config version_file = \"ver.txt\""], &["write"], &[], 2, OUTSIDE),
    case("version_file dangling symlink out", &["symlink ver.txt {outside}/new", "config version_file = \"ver.txt\""], &["write"], &[], 2, OUTSIDE),
    case("version_file relative symlink out", &["symlink ver.txt ../outside/secret", "config version_file = \"ver.txt\""], &["write"], &[], 2, OUTSIDE),
    case("version_file symlink into .git", &["symlink ver.txt .git/config", "config version_file = \"ver.txt\""], &["write"], &[], 2, GIT_DIR),
    case("version_file symlink chain out", &["symlink a {outside}/secret", "symlink b a", "config version_file = \"b\""], &["write"], &[], 2, OUTSIDE),
    case("version_file symlinked parent out", &["symlink gen {outside}", "config version_file = \"gen/_version.py\""], &["write"], &[], 2, OUTSIDE),
    case("version_file is a directory", &["mkdir pkg", "config version_file = \"pkg\""], &["write"], &[], 2, "a directory, not a regular file"),
    case("version_file is a FIFO", &["fifo pkg.ver", "config version_file = \"pkg.ver\""], &["write"], &[], 2, "a FIFO, not a regular file"),
    case("version_file is hard-linked", &["write v.txt old", "hardlink v2.txt v.txt", "config version_file = \"v.txt\""], &["write"], &[], 2, "2 hard links"),
    case("version_file in a missing directory", &["config version_file = \"nope/_version.py\""], &["write"], &[], 2, "does not exist"),
    case("version_file into .git with a pretend version", &["config version_file = \".git/config\""], &["write"], &[("SCMVER_PRETEND_VERSION", "1.0")], 2, GIT_DIR),
    case("version_file of the wrong type", &["config version_file = 3"], &["write"], &[], 2, "tool.scmver.version_file"),
    // ── Files: version-file argument ─────────────────────────────────────────────────────
    case("version-file .git/HEAD", &[], &["write", "version-file", ".git/HEAD"], &[], 2, GIT_DIR),
    case("version-file .git/config", &[], &["write", "version-file", ".git/config"], &[], 2, GIT_DIR),
    case("version-file .git/objects", &[], &["write", "version-file", ".git/objects/x"], &[], 2, GIT_DIR),
    case("version-file into .git even when outside is allowed", &[], &["write", "version-file", ".git/x", "--allow-outside-root"], &[], 2, GIT_DIR),
    case("version-file outside by ..", &[], &["write", "version-file", "../outside/new"], &[], 2, OUTSIDE),
    case("version-file absolute outside", &[], &["write", "version-file", "{outside}/secret"], &[], 2, OUTSIDE),
    case("version-file via symlink out", &["symlink link {outside}/secret"], &["write", "version-file", "link"], &[], 2, OUTSIDE),
    case("version-file via dangling symlink", &["symlink link {outside}/missing"], &["write", "version-file", "link"], &[], 2, OUTSIDE),
    case("version-file via symlinked dir", &["symlink d {outside}"], &["write", "version-file", "d/VERSION"], &[], 2, OUTSIDE),
    case("version-file a FIFO", &["fifo VERSION"], &["write", "version-file", "VERSION"], &[], 2, "a FIFO"),
    case("version-file a FIFO outside allowed", &["fifo VERSION"], &["write", "version-file", "VERSION", "--allow-outside-root"], &[], 2, "a FIFO"),
    case("version-file a directory", &["mkdir VERSION"], &["write", "version-file", "VERSION"], &[], 2, "a directory"),
    case("version-file a hard link", &["write VERSION old", "hardlink V2 VERSION"], &["write", "version-file", "VERSION"], &[], 2, "hard links"),
    case("version-file a device", &[], &["write", "version-file", "/dev/null", "--allow-outside-root"], &[], 2, "a device"),
    case("version-file a device inside the rules", &[], &["write", "version-file", "/dev/null"], &[], 2, OUTSIDE),
    case("version-file symlink to a device", &["symlink null /dev/null"], &["write", "version-file", "null", "--allow-outside-root"], &[], 2, "a device"),
    case("version-file missing directory", &[], &["write", "version-file", "no/such/VERSION"], &[], 2, "does not exist"),
    case("version-file .py with a bad template field", &[], &["write", "version-file", "v.py", "--file-template", "x = {nope}"], &[], 2, "{nope}"),
    // ── Files: pyproject.toml ───────────────────────────────────────────────────────────
    case("pyproject --file .git/config", &[], &["write", "pyproject", "--file", ".git/config"], &[], 2, GIT_DIR),
    case("pyproject --file outside", &["write {outside}/pyproject.toml [project]\nname = \"x\"\nversion = \"0\"\n"], &["write", "pyproject", "--file", "{outside}/pyproject.toml"], &[], 2, OUTSIDE),
    case("pyproject.toml symlinked out", &["rm pyproject.toml", "write {outside}/pyproject.toml [project]\nname = \"x\"\nversion = \"0\"\n", "symlink pyproject.toml {outside}/pyproject.toml"], &["write", "pyproject"], &[], 2, OUTSIDE),
    case("pyproject.toml hard-linked", &["hardlink pp.toml pyproject.toml"], &["write", "pyproject"], &[], 2, "hard links"),
    case("pyproject version not a string", &["rm pyproject.toml", "write pyproject.toml [project]\nname = \"x\"\nversion = 3\n"], &["write", "pyproject"], &[], 2, "pyproject.toml"),
    case("pyproject missing", &["rm pyproject.toml"], &["write", "pyproject"], &[], 2, "pyproject.toml` does not exist"),
    // ── Files: CI outputs ───────────────────────────────────────────────────────────────
    case("gitlab dotenv symlinked out", &["symlink scmver.env {outside}/secret"], &["ci", "--format", "gitlab"], &[], 2, OUTSIDE),
    case("gitlab dotenv dangling symlink", &["symlink scmver.env {outside}/new"], &["ci", "--format", "gitlab"], &[], 2, OUTSIDE),
    case("gitlab dotenv into .git", &[], &["ci", "--format", "gitlab", "--output", ".git/config"], &[], 2, GIT_DIR),
    case("gitlab dotenv outside", &[], &["ci", "--format", "gitlab", "--output", "{outside}/vars.env"], &[], 2, OUTSIDE),
    case("gitlab dotenv a FIFO", &["fifo vars.env"], &["ci", "--format", "gitlab", "--output", "vars.env"], &[], 2, "a FIFO"),
    case("gitlab dotenv a directory", &["mkdir vars.env"], &["ci", "--format", "gitlab", "--output", "vars.env"], &[], 2, "a directory"),
    case("gitlab dotenv a device", &[], &["ci", "--format", "gitlab", "--output", "/dev/null", "--allow-outside-root"], &[], 2, "a device"),
    case("github output into .git", &[], &["ci", "--format", "github", "--output", ".git/config"], &[], 2, GIT_DIR),
    case("GITHUB_OUTPUT into .git", &[], &["ci", "--format", "github"], &[("GITHUB_OUTPUT", "{project}/.git/config")], 2, GIT_DIR),
    case("GITHUB_OUTPUT a FIFO", &["fifo out"], &["ci", "--format", "github"], &[("GITHUB_OUTPUT", "{project}/out")], 2, "a FIFO"),
    case("GITHUB_OUTPUT a directory", &[], &["ci", "--format", "github"], &[("GITHUB_OUTPUT", "{outside}")], 2, "a directory"),
    case("GITHUB_OUTPUT a device", &[], &["ci", "--format", "github"], &[("GITHUB_OUTPUT", "/dev/null")], 2, "a device"),
    case("GITHUB_OUTPUT a hard link", &["write {outside}/out old", "hardlink {outside}/out2 {outside}/out"], &["ci", "--format", "github"], &[("GITHUB_OUTPUT", "{outside}/out")], 2, "hard links"),
    case("GITHUB_OUTPUT with a control character", &[], &["ci", "--format", "github"], &[("GITHUB_OUTPUT", "{outside}/o\u{7}ut")], 2, "GITHUB_OUTPUT"),
    // ── Sinks: values a sink cannot carry ──────────────────────────────────────────────
    case("env: branch with a newline", &[], &["ci", "--format", "env", "--branch", "a\n::error::forged"], &[], 2, "SCMVER_BRANCH"),
    case("env: branch with a carriage return", &[], &["ci", "--format", "env", "--branch", "a\r::warning::x"], &[], 2, "SCMVER_BRANCH"),
    case("env: branch with an escape", &[], &["ci", "--format", "env", "--branch", "a\u{1b}[2Jb"], &[], 2, "SCMVER_BRANCH"),
    case("env: branch with a line separator", &[], &["ci", "--format", "env", "--branch", "a\u{2028}b"], &[], 2, "SCMVER_BRANCH"),
    case("env: branch with NUL-like C1", &[], &["ci", "--format", "env", "--branch", "a\u{85}b"], &[], 2, "SCMVER_BRANCH"),
    case("github: branch with a newline", &[], &["ci", "--format", "github", "--output", "gh.out", "--branch", "x\n::add-mask::y"], &[], 2, "SCMVER_BRANCH"),
    case("github: branch with a paragraph separator", &[], &["ci", "--format", "github", "--output", "gh.out", "--branch", "x\u{2029}y"], &[], 2, "SCMVER_BRANCH"),
    case("gitlab: branch with a newline", &[], &["ci", "--format", "gitlab", "--branch", "x\nSCMVER_IS_RELEASE=true"], &[], 2, "SCMVER_BRANCH"),
    case("gitlab: branch with a tab", &[], &["ci", "--format", "gitlab", "--branch", "x\ty"], &[], 2, "SCMVER_BRANCH"),
    // ── Environment values ─────────────────────────────────────────────────────────────
    case("pretend version with a no-break space", &[], &["version"], &[("SCMVER_PRETEND_VERSION", "1.0\u{a0}")], 2, "SCMVER_PRETEND_VERSION"),
    case("pretend version with an inner space", &[], &["version"], &[("SCMVER_PRETEND_VERSION", "1.0 rc1")], 2, "SCMVER_PRETEND_VERSION"),
    case("pretend version with a tab inside", &[], &["version"], &[("SCMVER_PRETEND_VERSION", "1.\t0")], 2, "SCMVER_PRETEND_VERSION"),
    case("pretend version with a control", &[], &["version"], &[("SCMVER_PRETEND_VERSION", "1.0\u{7}")], 2, "SCMVER_PRETEND_VERSION"),
    case("pretend version not UTF-8", &[], &["version"], &[("SCMVER_PRETEND_VERSION", NOT_UTF8)], 2, "SCMVER_PRETEND_VERSION"),
    case("pretend version not PEP 440", &[], &["version"], &[("SCMVER_PRETEND_VERSION", "one")], 2, "SCMVER_PRETEND_VERSION"),
    case("setuptools_scm pretend with an ideographic space", &[], &["version"], &[("SETUPTOOLS_SCM_PRETEND_VERSION", "1.0\u{3000}")], 2, "SETUPTOOLS_SCM_PRETEND_VERSION"),
    case("pretend version for the dist, control", &[], &["version"], &[("SCMVER_PRETEND_VERSION_FOR_DEMO", "1\u{1}")], 2, "SCMVER_PRETEND_VERSION_FOR_DEMO"),
    case("SOURCE_DATE_EPOCH negative", &[], &["version"], &[("SOURCE_DATE_EPOCH", "-1")], 2, "SOURCE_DATE_EPOCH"),
    case("SOURCE_DATE_EPOCH after 9999", &[], &["version"], &[("SOURCE_DATE_EPOCH", "253402300800")], 2, "SOURCE_DATE_EPOCH"),
    case("SOURCE_DATE_EPOCH overflow", &[], &["version"], &[("SOURCE_DATE_EPOCH", "99999999999999999999")], 2, "SOURCE_DATE_EPOCH"),
    case("SOURCE_DATE_EPOCH a word", &[], &["version"], &[("SOURCE_DATE_EPOCH", "yesterday")], 2, "SOURCE_DATE_EPOCH"),
    case("SOURCE_DATE_EPOCH a float", &[], &["version"], &[("SOURCE_DATE_EPOCH", "1.7e9")], 2, "SOURCE_DATE_EPOCH"),
    case("SOURCE_DATE_EPOCH not UTF-8", &[], &["version"], &[("SOURCE_DATE_EPOCH", NOT_UTF8)], 2, "SOURCE_DATE_EPOCH"),
    case("SCMVER_BRANCH with a newline", &[], &["ci"], &[("SCMVER_BRANCH", "a\n::error::b")], 2, "SCMVER_BRANCH"),
    case("SCMVER_BRANCH not UTF-8", &[], &["ci"], &[("SCMVER_BRANCH", NOT_UTF8)], 2, "SCMVER_BRANCH"),
    case("SCMVER_TAG with a control", &[], &["version"], &[("SCMVER_TAG", "v1\u{1b}")], 2, "SCMVER_TAG"),
    case("SCMVER_PIPELINE_ID with a space", &[], &["version"], &[("SCMVER_PIPELINE_ID", "12 34")], 2, "SCMVER_PIPELINE_ID"),
    case("GitHub ref name with a newline", &[], &["version"], &[("GITHUB_ACTIONS", "true"), ("GITHUB_REF_NAME", "main\nx"), ("GITHUB_REF_TYPE", "branch")], 2, "GITHUB_REF_NAME"),
    case("GitLab ref name not UTF-8", &[], &["version"], &[("GITLAB_CI", "true"), ("CI_COMMIT_REF_NAME", NOT_UTF8)], 2, "CI_COMMIT_REF_NAME"),
    case("GitLab pipeline ID with a control", &[], &["version"], &[("GITLAB_CI", "true"), ("CI_PIPELINE_ID", "7\u{8}")], 2, "CI_PIPELINE_ID"),
    case("Jenkins branch with a no-break space", &[], &["version"], &[("JENKINS_URL", "http://ci"), ("BRANCH_NAME", "main\u{a0}")], 2, "BRANCH_NAME"),
    case("SCMVER_VERSION_SCHEME unknown", &[], &["version"], &[("SCMVER_VERSION_SCHEME", "semver-ish")], 2, "SCMVER_VERSION_SCHEME"),
    case("SCMVER_LOCAL_SCHEME unknown", &[], &["version"], &[("SCMVER_LOCAL_SCHEME", "node")], 2, "SCMVER_LOCAL_SCHEME"),
    case("SCMVER_DEV_NUMBER unknown", &[], &["version"], &[("SCMVER_DEV_NUMBER", "sometimes")], 2, "SCMVER_DEV_NUMBER"),
    case("SCMVER_ALLOW_SHALLOW not a boolean", &[], &["version"], &[("SCMVER_ALLOW_SHALLOW", "maybe")], 2, "SCMVER_ALLOW_SHALLOW"),
    case("SCMVER_BUMP_BASE with a control", &[], &["check-bump"], &[("SCMVER_BUMP_BASE", "main\u{7}")], 2, "SCMVER_BUMP_BASE"),
    case("dev number from a pipeline ID that is no number", &[], &["version", "--dev-number", "pipeline"], &[("SCMVER_PIPELINE_ID", "abc")], 2, "SCMVER_PIPELINE_ID"),
    case("dev number pipeline without one", &[], &["version", "--dev-number", "pipeline"], &[], 2, "--dev-number"),
    // ── Configuration ───────────────────────────────────────────────────────────────────
    case("tool.scmver a string", &["rm pyproject.toml", "write pyproject.toml [tool]\nscmver = \"oops\"\n"], &["version"], &[], 2, "tool.scmver"),
    case("tool a number", &["rm pyproject.toml", "write pyproject.toml tool = 3\n"], &["version"], &[], 2, "`tool`"),
    case("tool.setuptools_scm an array", &["rm pyproject.toml", "write pyproject.toml [tool]\nsetuptools_scm = [1]\n"], &["version"], &[], 2, "tool.setuptools_scm"),
    case("tag a string", &["config tag = \"v\""], &["version"], &[], 2, "tool.scmver.tag"),
    case("root missing", &["config root = \"missing\""], &["version"], &[], 2, "tool.scmver.root"),
    case("root a file", &["write afile x", "config root = \"afile\""], &["version"], &[], 2, "tool.scmver.root"),
    case("root with a fallback", &["config root = \"missing\"", "config fallback_version = \"1.0\""], &["version"], &[], 2, "tool.scmver.root"),
    case("version_scheme a number", &["config version_scheme = 3"], &["version"], &[], 2, "tool.scmver.version_scheme"),
    case("version_scheme unknown", &["config version_scheme = \"bogus\""], &["version"], &[], 2, "tool.scmver.version_scheme"),
    case("local_scheme unknown", &["config local_scheme = \"bogus\""], &["version"], &[], 2, "tool.scmver.local_scheme"),
    case("tag_regex unclosed", &["config tag_regex = \"(unclosed\""], &["version"], &[], 2, "tool.scmver.tag_regex"),
    case("tag_regex without a group", &["config tag_regex = '(\\d+)-(\\d+)'"], &["version"], &[], 2, "tool.scmver.tag_regex"),
    case("tag.strict a string", &["config tag = { strict = \"yes\" }"], &["version"], &[], 2, "tool.scmver.tag.strict"),
    case("tag.prefix a number", &["config tag = { prefix = 3 }"], &["version"], &[], 2, "tool.scmver.tag.prefix"),
    case("fallback_version not PEP 440", &["config fallback_version = \"one\""], &["version"], &[], 2, "tool.scmver.fallback_version"),
    case("dev_number unknown", &["config dev_number = \"sometimes\""], &["version"], &[], 2, "tool.scmver.dev_number"),
    case("branch_regex unclosed", &["config branch_regex = \"(\""], &["version"], &[], 2, "tool.scmver.branch_regex"),
    case("allow_shallow a string", &["config allow_shallow = \"yes\""], &["version"], &[], 2, "tool.scmver.allow_shallow"),
    case("untracked_dirty a number", &["config untracked_dirty = 1"], &["version"], &[], 2, "tool.scmver.untracked_dirty"),
    case("release_on_branch_builds a string", &["config release_on_branch_builds = \"true\""], &["version"], &[], 2, "tool.scmver.release_on_branch_builds"),
    case("no_ci a string", &["config no_ci = \"no\""], &["version"], &[], 2, "tool.scmver.no_ci"),
    case("template a number", &["config template = 3"], &["version"], &[], 2, "tool.scmver.template"),
    case("template unknown field", &["config template = \"{nope}\""], &["version"], &[], 2, "{nope}"),
    case("template unbalanced", &["config template = \"{branch\""], &["version"], &[], 2, "unmatched"),
    case("template renders no version", &["config template = \"x{distance}\""], &["version"], &[], 2, "not a PEP 440 version"),
    case("pyproject not TOML", &["rm pyproject.toml", "write pyproject.toml [tool.scmver\n"], &["version"], &[], 2, "not valid TOML"),
    case("setuptools_scm version_scheme unknown", &["rm pyproject.toml", "write pyproject.toml [tool.setuptools_scm]\nversion_scheme = \"x\"\n"], &["version"], &[], 2, "tool.setuptools_scm.version_scheme"),
    case("--config missing", &[], &["version", "--config", "nope.toml"], &[], 2, "nope.toml"),
    case("--root missing", &[], &["version", "--root", "{project}/nope"], &[], 2, "nope"),
    case("--root a file", &["write afile x"], &["version", "--root", "{project}/afile"], &[], 2, "afile"),
    // ── Repository discovery ────────────────────────────────────────────────────────────
    case(".git file pointing nowhere", &["mkdir sub", "write sub/.git gitdir: /nonexistent/repo.git\n"], &["version", "--root", "{project}/sub"], &[], 3, "sub/.git"),
    case(".git file pointing nowhere, with a fallback", &["mkdir sub", "write sub/.git gitdir: /nonexistent/repo.git\n", "write sub/pyproject.toml [tool.scmver]\nfallback_version = \"9.9\"\n"], &["version", "--root", "{project}/sub"], &[], 3, "sub/.git"),
    case("empty .git directory, with a fallback", &["mkdir sub/.git", "write sub/pyproject.toml [tool.scmver]\nfallback_version = \"9.9\"\n"], &["version", "--root", "{project}/sub"], &[], 3, "sub/.git"),
    case("GIT_DIR nowhere", &[], &["version"], &[("GIT_DIR", "/nonexistent/repo.git")], 3, "/nonexistent/repo.git"),
    case("GIT_DIR nowhere, with a fallback", &["config fallback_version = \"9.9\""], &["version"], &[("GIT_DIR", "/nonexistent/repo.git")], 3, "/nonexistent/repo.git"),
    case("GIT_CEILING_DIRECTORIES stops the search", &["mkdir sub"], &["version", "--root", "{project}/sub"], &[("GIT_CEILING_DIRECTORIES", "{project}")], 3, "no git repository"),
    case("pruned worktree", &["git worktree add -q {outside}/wt", "git worktree remove --force {outside}/wt", "mkdir wt", "write wt/.git gitdir: {project}/.git/worktrees/wt\n"], &["version", "--root", "{project}/wt"], &[], 3, "wt/.git"),
    // ── Flags and usage ─────────────────────────────────────────────────────────────────
    case("unknown flag", &[], &["version", "--bogus"], &[], 2, "--bogus"),
    case("no subcommand", &[], &[], &[], 2, "a command is required, one of: version,"),
    case("unknown subcommand", &[], &["versoin"], &[], 2, "versoin"),
    case("unknown format", &[], &["version", "--format", "yaml"], &[], 2, "yaml"),
    case("unknown version scheme flag", &[], &["version", "--version-scheme", "nope"], &[], 2, "--version-scheme"),
    case("unknown local scheme flag", &[], &["version", "--local-scheme", "nope"], &[], 2, "--local-scheme"),
    case("extra argument", &[], &["version", "extra"], &[], 2, "extra"),
    case("tag regex flag unclosed", &[], &["version", "--tag-regex", "("], &[], 2, "--tag-regex"),
    case("template flag unknown field", &[], &["version", "--template", "{nope}"], &[], 2, "{nope}"),
    case("is-release pattern unclosed", &[], &["is-release", "--pattern", "("], &[], 2, "release pattern"),
    case("format unbalanced", &[], &["format", "{"], &[], 2, "unmatched"),
    case("format unknown field", &[], &["format", "{nope}"], &[], 2, "{nope}"),
    case("docker prefix with a slash", &[], &["docker-tags", "--prefix", "a/b"], &[], 2, "--prefix"),
    case("docker prefix with a leading dot", &[], &["docker-tags", "--prefix", ".x"], &[], 2, "--prefix"),
    case("docker suffix with a plus", &[], &["docker-tags", "--suffix", "+x"], &[], 2, "--suffix"),
    case("docker image upper case", &[], &["docker-tags", "--image", "Acme/App"], &[], 2, "Acme/App"),
    case("docker image with a tag", &[], &["docker-tags", "--image", "acme/app:1"], &[], 2, "acme/app:1"),
    case("docker branch without tag characters", &[], &["docker-tags", "--branch", "\u{1f389}"], &[], 2, "\u{1f389}"),
    case("check-bump file outside", &["write {outside}/VERSION 1.0\n"], &["check-bump", "--base", "main", "--file", "{outside}/VERSION"], &[], 2, "outside the work tree"),
    case("check-bump base missing", &[], &["check-bump", "--base", "nonexistent"], &[], 2, "nonexistent"),
    case("check-bump without a base", &[], &["check-bump"], &[], 2, "no base to compare with"),
    case("check-bump changelog missing", &[], &["check-bump", "--base", "main", "--require-changelog", "CHANGES.md"], &[], 2, "CHANGES.md"),
    // ── Remote URLs ─────────────────────────────────────────────────────────────────────
    case("remote URL with a port out of range", &["git config remote.origin.url https://user:hunter2@host:99999/x"], &["docker-tags", "--labels"], &[], 2, "remote `origin`"),
    case("remote URL with an open bracket", &["git config remote.origin.url https://user:hunter2@[bad/x"], &["docker-tags", "--labels"], &[], 2, "remote `origin`"),
    case("remote URL with a bad escape", &["git config remote.origin.url https://user:hunter2@ho%st/x"], &["docker-tags", "--labels"], &[], 2, "remote `origin`"),
    case("ssh remote URL with an open bracket", &["git config remote.origin.url ssh://user:hunter2@[::1/x"], &["docker-tags", "--labels"], &[], 2, "remote `origin`"),
    case("remote URL without a host", &["git config remote.origin.url https://user:hunter2@/x"], &["docker-tags", "--labels"], &[], 2, "remote `origin`"),
];

/// The project every row starts from: `v1.0.0` one commit before HEAD on `main`, a
/// pyproject.toml with `[project] name = "demo"` and an empty `[tool.scmver]` table.
fn template() -> &'static Path {
    static TEMPLATE: OnceLock<tempfile::TempDir> = OnceLock::new();
    TEMPLATE
        .get_or_init(|| {
            let dir = tempfile::tempdir().expect("tempdir");
            let project = dir.path().join("project");
            std::fs::create_dir(&project).expect("mkdir");
            std::fs::write(
                project.join("pyproject.toml"),
                "[project]\nname = \"demo\"\n\n[tool.scmver]\n",
            )
            .expect("write pyproject");
            for args in [
                &["init", "-q", "-b", "main"][..],
                &["add", "pyproject.toml"],
                &["commit", "-q", "-m", "one"],
                &["tag", "v1.0.0"],
                &["commit", "-q", "--allow-empty", "-m", "two"],
            ] {
                run_git(&project, args);
            }
            dir
        })
        .path()
}

fn run_git(dir: &Path, args: &[&str]) {
    git(dir, args);
}

/// Every entry under `dir`: type, mode, and contents or link target.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, String> {
    use std::os::unix::fs::{FileTypeExt, MetadataExt};
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&current) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let Ok(meta) = std::fs::symlink_metadata(&path) else {
                continue;
            };
            let kind = meta.file_type();
            let what = if kind.is_symlink() {
                format!("link {:?}", std::fs::read_link(&path).ok())
            } else if kind.is_dir() {
                stack.push(path.clone());
                format!("dir {:o}", meta.mode())
            } else if kind.is_fifo() {
                "fifo".to_owned()
            } else {
                let bytes = std::fs::read(&path).unwrap_or_default();
                format!("file {:o} {} {:x?}", meta.mode(), meta.nlink(), bytes)
            };
            out.insert(path.strip_prefix(dir).unwrap_or(&path).to_path_buf(), what);
        }
    }
    out
}

fn fill(text: &str, top: &Path) -> String {
    text.replace("{outside}", &top.join("outside").display().to_string())
        .replace("{project}", &top.join("project").display().to_string())
}

fn env_value(value: &str, top: &Path) -> OsString {
    if value == NOT_UTF8 {
        use std::os::unix::ffi::OsStringExt;
        return OsString::from_vec(vec![b'1', 0xff]);
    }
    OsString::from(fill(value, top))
}

/// Lay the row's steps onto a fresh copy of the template.
fn set_up(case: &Case, top: &Path) {
    let project = top.join("project");
    for step in case.setup {
        let step = fill(step, top);
        let (verb, rest) = step.split_once(' ').unwrap_or((step.as_str(), ""));
        let path = |p: &str| {
            if p.starts_with('/') {
                PathBuf::from(p)
            } else {
                project.join(p)
            }
        };
        match verb {
            "write" => {
                let (file, text) = rest.split_once(' ').expect("write PATH TEXT");
                std::fs::write(path(file), text).expect("write");
            }
            "rm" => std::fs::remove_file(path(rest)).expect("rm"),
            "mkdir" => std::fs::create_dir_all(path(rest)).expect("mkdir"),
            "symlink" => {
                let (link, target) = rest.split_once(' ').expect("symlink LINK TARGET");
                std::os::unix::fs::symlink(target, path(link)).expect("symlink");
            }
            "hardlink" => {
                let (link, target) = rest.split_once(' ').expect("hardlink NEW EXISTING");
                std::fs::hard_link(path(target), path(link)).expect("hardlink");
            }
            "fifo" => {
                let status = Command::new("mkfifo").arg(path(rest)).status().expect("mkfifo");
                assert!(status.success(), "mkfifo");
            }
            "config" => {
                let file = project.join("pyproject.toml");
                let mut text = std::fs::read_to_string(&file).expect("read pyproject");
                text.push_str(rest);
                text.push('\n');
                std::fs::write(&file, text).expect("write pyproject");
            }
            "git" => {
                let args: Vec<&str> = rest.split(' ').collect();
                run_git(&project, &args);
            }
            other => panic!("{}: unknown step `{other}`", case.name),
        }
    }
}

#[test]
fn every_hostile_input_is_refused_cleanly() {
    assert!(CASES.len() >= 120, "only {} cases", CASES.len());
    let mut failures = Vec::new();
    for case in CASES {
        let work = tempfile::tempdir().expect("tempdir");
        let top = work.path();
        let status = Command::new("cp")
            .args(["-a", "--"])
            .arg(template().join("project"))
            .arg(top)
            .status()
            .expect("cp");
        assert!(status.success(), "copy the template");
        std::fs::create_dir(top.join("outside")).expect("mkdir outside");
        std::fs::write(top.join("outside/secret"), "secret\n").expect("write secret");
        set_up(case, top);
        let project_before = snapshot(&top.join("project"));
        let outside_before = snapshot(&top.join("outside"));

        let mut cmd = Command::new(env!("CARGO_BIN_EXE_scmver"));
        cmd.current_dir(top.join("project"))
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", top)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", "/dev/null");
        for arg in case.args {
            cmd.arg(fill(arg, top));
        }
        for (name, value) in case.env {
            cmd.env(name, env_value(value, top));
        }
        let output = cmd.output().expect("run scmver");
        let stderr = String::from_utf8_lossy(&output.stderr);
        let mut problems = Vec::new();
        if output.status.code() != Some(case.code) {
            problems.push(format!("exit {:?}, expected {}", output.status.code(), case.code));
        }
        if !output.stdout.is_empty() {
            problems.push(format!(
                "stdout not empty: {:?}",
                String::from_utf8_lossy(&output.stdout)
            ));
        }
        if stderr.lines().count() != 1 || !stderr.starts_with("error: ") || !stderr.ends_with('\n') {
            problems.push("stderr is not one `error: …` line".to_owned());
        }
        if !stderr.contains(&fill(case.names, top)) {
            problems.push(format!("stderr does not name `{}`", case.names));
        }
        if stderr.contains("hunter2") {
            problems.push("stderr shows a password".to_owned());
        }
        if snapshot(&top.join("project")) != project_before {
            problems.push("the project (or its .git) changed".to_owned());
        }
        if snapshot(&top.join("outside")) != outside_before {
            problems.push("the outside directory changed".to_owned());
        }
        if !problems.is_empty() {
            failures.push(format!(
                "{}: {} — stderr: {stderr:?}",
                case.name,
                problems.join("; ")
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        CASES.len(),
        failures.join("\n")
    );
}

/// A fresh copy of the template project; returns (tempdir, project path).
fn fresh_project() -> (tempfile::TempDir, PathBuf) {
    let work = tempfile::tempdir().expect("tempdir");
    let status = Command::new("cp")
        .args(["-a", "--"])
        .arg(template().join("project"))
        .arg(work.path())
        .status()
        .expect("cp");
    assert!(status.success(), "copy the template");
    let project = work.path().join("project");
    (work, project)
}

fn scmver_in(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> std::process::Output {
    let mut cmd = isolated::command(env!("CARGO_BIN_EXE_scmver"), dir);
    cmd.args(args);
    for (name, value) in env {
        cmd.env(name, value);
    }
    cmd.output().expect("run scmver")
}

/// Branch names that are valid for git and would be code if pasted into Python unescaped.
const CODE_BRANCHES: [&str; 4] = [
    "x\";__import__('os').system('touch${IFS}pwned')#",
    "x';exit(3)#",
    "{__import__('os').system('touch${IFS}pwned')}",
    "exit()",
];

#[test]
fn python_templates_keep_values_as_data() {
    let (_work, project) = fresh_project();
    let template = "A = \"{branch}\"\nB = '{branch}'\nC = f\"{branch}\"\nD = {branch}\nE = {distance}\n# {branch}\nF = \"\"\"{branch}\"\"\"\n";
    for branch in CODE_BRANCHES {
        let output = scmver_in(
            &project,
            &[
                "write",
                "version-file",
                "v.py",
                "--file-template",
                template,
                "--branch",
                branch,
            ],
            &[],
        );
        assert!(
            output.status.success(),
            "{branch:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        // Python itself says what the module holds: only assignments of constants, and each
        // string equal to the branch.
        let check = r#"
import ast, sys
tree = ast.parse(open(sys.argv[1]).read())
values = {}
for node in tree.body:
    assert isinstance(node, ast.Assign), ast.dump(node)
    value = node.value
    if isinstance(value, ast.JoinedStr):
        assert all(isinstance(v, ast.Constant) for v in value.values), ast.dump(value)
        value = ast.Constant("".join(v.value for v in value.values))
    assert isinstance(value, ast.Constant), ast.dump(value)
    values[node.targets[0].id] = value.value
print(values["A"], values["B"], values["C"], values["D"], values["F"], values["E"], sep="\n")
"#;
        let python = Command::new("python3")
            .arg("-c")
            .arg(check)
            .arg(project.join("v.py"))
            .output()
            .expect("run python3");
        assert!(
            python.status.success(),
            "{branch:?}: {}\n{}",
            String::from_utf8_lossy(&python.stderr),
            std::fs::read_to_string(project.join("v.py")).unwrap_or_default()
        );
        let lines: Vec<String> = String::from_utf8_lossy(&python.stdout)
            .lines()
            .map(str::to_owned)
            .collect();
        assert_eq!(&lines[..5], [branch; 5].map(str::to_owned), "{branch:?}");
        assert_eq!(lines[5], "1", "{branch:?}: distance as a number");
        assert!(!project.join("pwned").exists());
    }
}

#[test]
fn dev_builds_never_take_release_tags() {
    let (_work, project) = fresh_project();
    for branch in ["latest", "2.0", "v3", "1.0.0", "pr-7", "sha-abc"] {
        let output = scmver_in(&project, &["docker-tags", "--branch", branch], &[]);
        assert!(output.status.success(), "{branch}");
        let tags = String::from_utf8_lossy(&output.stdout).into_owned();
        let tags: Vec<&str> = tags.lines().collect();
        assert_eq!(tags[0], format!("branch-{branch}"), "{branch}");
        assert!(
            !tags.contains(&"latest") && !tags.contains(&"1.0.0") && !tags.contains(&"1"),
            "{tags:?}"
        );
    }
}

#[test]
fn remote_credentials_never_reach_the_labels() {
    let (_work, project) = fresh_project();
    run_git(
        &project,
        &[
            "remote",
            "add",
            "origin",
            "https://ci:hunter2@gitlab.example.com/acme/app.git?private_token=hunter2#frag",
        ],
    );
    let output = scmver_in(&project, &["docker-tags", "--labels"], &[]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let labels = String::from_utf8_lossy(&output.stdout);
    assert!(
        labels.contains("org.opencontainers.image.source=https://gitlab.example.com/acme/app\n"),
        "{labels}"
    );
    assert!(
        !labels.contains("hunter2") && !labels.contains("frag"),
        "{labels}"
    );
    run_git(
        &project,
        &["remote", "set-url", "origin", "https://[::1]:8443/acme/app.git"],
    );
    let output = scmver_in(&project, &["docker-tags", "--labels"], &[]);
    let labels = String::from_utf8_lossy(&output.stdout);
    assert!(
        labels.contains("source=https://[::1]:8443/acme/app\n"),
        "{labels}"
    );
}

#[test]
fn a_corrupt_commit_graph_is_skipped_with_a_warning() {
    let (_work, project) = fresh_project();
    run_git(&project, &["commit-graph", "write", "--reachable"]);
    let graph = project.join(".git/objects/info/commit-graph");
    let mut bytes = std::fs::read(&graph).expect("commit-graph");
    bytes.truncate(bytes.len() / 2);
    std::fs::write(&graph, bytes).expect("corrupt it");
    let output = scmver_in(&project, &["version"], &[]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(String::from_utf8_lossy(&output.stdout).starts_with("1.0.1.dev1+g"));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.starts_with("warning: ignoring the commit-graph"),
        "{stderr}"
    );
}

#[test]
fn git_dir_and_ceilings_are_honoured() {
    let (work, project) = fresh_project();
    let elsewhere = work.path().join("elsewhere");
    std::fs::create_dir(&elsewhere).expect("mkdir");
    let git_dir = project.join(".git");
    let output = scmver_in(
        &elsewhere,
        &["version"],
        &[("GIT_DIR", git_dir.to_str().expect("utf-8"))],
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(String::from_utf8_lossy(&output.stdout).starts_with("1.0.1.dev1+g"));
    // A ceiling above the repository does not hide it.
    std::fs::create_dir(project.join("sub")).expect("mkdir");
    let ceiling = work.path().to_str().expect("utf-8").to_owned();
    let output = scmver_in(
        &project.join("sub"),
        &["version"],
        &[("GIT_CEILING_DIRECTORIES", &ceiling)],
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
