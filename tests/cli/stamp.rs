//! `scmver write`: pyproject.toml edits, VERSION and `_version.py` files, through the binary.
//! Every failure test proves the file untouched (bytes and modification time).

use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::{Duration, SystemTime};

use crate::support::oracle::oracle;
use crate::support::{BuiltRepo, Step, fixtures_dir};
use crate::version::{build, stderr, stdout};

/// Tag `v1.2.3`, five commits after it, on `main`: version `1.2.4.dev5+{node}`.
fn repo() -> BuiltRepo {
    build(
        r#"
description = "five commits after v1.2.3"
steps = [{ commit = "a" }, { tag = "v1.2.3" }, { commits = 5 }]
expect = { tag = "v1.2.3", distance = 5, branch = "main", version = "1.2.4.dev5+{node}" }
"#,
    )
}

fn run(repo: &BuiltRepo, args: &[&str]) -> Output {
    run_in(repo, &repo.scratch(), &[], args)
}

fn run_in(repo: &BuiltRepo, cwd: &Path, env: &[(&str, &str)], args: &[&str]) -> Output {
    let mut cmd = repo.tool_command(env!("CARGO_BIN_EXE_scmver"));
    cmd.current_dir(cwd).args(args);
    for (key, value) in env {
        cmd.env(key, value);
    }
    cmd.output().expect("run scmver")
}

fn text(path: &Path) -> String {
    path.to_str().expect("utf-8 path").to_owned()
}

#[track_caller]
fn assert_fails(output: &Output, code: i32, message: &str) {
    assert_eq!(output.status.code(), Some(code), "stderr: {}", stderr(output));
    assert_eq!(stderr(output), format!("error: {message}\n"));
}

/// A file's bytes and modification time, after pinning the time to a past instant so that any
/// rewrite shows.
struct Snapshot {
    path: PathBuf,
    bytes: Vec<u8>,
    modified: SystemTime,
}

impl Snapshot {
    fn take(path: &Path) -> Self {
        let past = SystemTime::UNIX_EPOCH + Duration::from_secs(1_500_000_000);
        std::fs::File::options()
            .write(true)
            .open(path)
            .and_then(|f| f.set_modified(past))
            .or_else(|_| {
                // A read-only file: make it writable for a moment to pin the time.
                let mut permissions = std::fs::metadata(path)?.permissions();
                let readonly = permissions.readonly();
                #[allow(clippy::permissions_set_readonly_false)]
                permissions.set_readonly(false);
                std::fs::set_permissions(path, permissions.clone())?;
                std::fs::File::options()
                    .write(true)
                    .open(path)?
                    .set_modified(past)?;
                permissions.set_readonly(readonly);
                std::fs::set_permissions(path, permissions)
            })
            .expect("pin the modification time");
        Snapshot {
            path: path.to_owned(),
            bytes: std::fs::read(path).expect("read"),
            modified: past,
        }
    }

    #[track_caller]
    fn assert_untouched(&self) {
        assert_eq!(
            std::fs::read(&self.path).expect("read"),
            self.bytes,
            "{}",
            self.path.display()
        );
        let modified = std::fs::metadata(&self.path)
            .and_then(|m| m.modified())
            .expect("mtime");
        assert_eq!(modified, self.modified, "{} was rewritten", self.path.display());
    }
}

fn fixture(case: &str, file: &str) -> String {
    std::fs::read_to_string(fixtures_dir().join("pyproject").join(case).join(file)).expect("fixture")
}

/// The golden files are stamped with this version.
const FIXTURE_VERSION: &str = "1.4.0.dev3+g1a2b3c4d5";

#[test]
fn write_pyproject_golden_and_idempotent() {
    let repo = repo();
    let version = repo.fill("1.2.4.dev5+{node}");
    let root = text(repo.root());
    let file = repo.root().join("pyproject.toml");
    for case in ["pep621_comments", "crlf", "setuptools_scm_dynamic", "poetry"] {
        std::fs::write(&file, fixture(case, "pyproject.toml")).expect("write");
        // This file is also the configuration; one case sets `local_scheme = "no-local-version"`.
        let version = match case {
            "setuptools_scm_dynamic" => "1.2.4.dev5".to_owned(),
            _ => version.clone(),
        };
        let expected = fixture(case, "expected.pyproject.toml").replace(FIXTURE_VERSION, &version);
        let output = run(&repo, &["write", "pyproject", "--root", &root]);
        assert!(output.status.success(), "{case}: {}", stderr(&output));
        assert_eq!(std::fs::read_to_string(&file).expect("read"), expected, "{case}");
        let old = match case {
            "pep621_comments" => "0.0.0",
            "crlf" => "1.0.0",
            "setuptools_scm_dynamic" => "(none)",
            _ => "0.1.0",
        };
        assert_eq!(
            stdout(&output),
            format!("`{}`: version {old} -> {version}\n", file.display()),
            "{case}"
        );

        let before = Snapshot::take(&file);
        let again = run(&repo, &["write", "pyproject", "--root", &root]);
        assert!(again.status.success(), "{case}: {}", stderr(&again));
        assert_eq!(
            stdout(&again),
            format!("`{}` already holds version {version}\n", file.display())
        );
        assert_eq!(stderr(&again), "");
        before.assert_untouched();
    }
}

#[test]
fn dynamic_version_is_made_static_and_said_on_stderr() {
    let repo = repo();
    let file = repo.root().join("pyproject.toml");
    std::fs::write(&file, "[project]\nname = \"demo\"\ndynamic = [\"version\"]\n").expect("write");
    let file_arg = text(&file);
    let output = run(
        &repo,
        &[
            "write",
            "pyproject",
            "--file",
            &file_arg,
            "--root",
            &text(repo.root()),
        ],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        stderr(&output),
        format!(
            "note: removed `version` from `project.dynamic` in `{file_arg}`: the version is now static (keep_dynamic refuses instead)\n"
        )
    );
    assert_eq!(
        std::fs::read_to_string(&file).expect("read"),
        repo.fill("[project]\nname = \"demo\"\nversion = \"1.2.4.dev5+{node}\"\ndynamic = []\n")
    );
}

#[test]
fn check_and_dry_run_write_nothing() {
    let repo = repo();
    let root = text(repo.root());
    let file = repo.root().join("pyproject.toml");
    std::fs::write(&file, "[project]\nname = \"demo\"\nversion = \"0.1\"\n").expect("write");
    let snapshot = Snapshot::take(&file);
    let version = repo.fill("1.2.4.dev5+{node}");

    let check = run(&repo, &["write", "pyproject", "--root", &root, "--check"]);
    assert_eq!(check.status.code(), Some(1), "{}", stderr(&check));
    assert_eq!(
        stdout(&check),
        format!("`{}` holds version 0.1, not {version}\n", file.display())
    );
    snapshot.assert_untouched();

    let dry = run(&repo, &["write", "pyproject", "--root", &root, "--dry-run"]);
    assert!(dry.status.success(), "{}", stderr(&dry));
    let label = file.display();
    assert_eq!(
        stdout(&dry),
        format!(
            "--- {label}\n+++ {label}\n@@ -1,3 +1,3 @@\n [project]\n name = \"demo\"\n-version = \"0.1\"\n+version = \"{version}\"\n"
        )
    );
    snapshot.assert_untouched();

    let write = run(&repo, &["write", "pyproject", "--root", &root]);
    assert!(write.status.success());
    let check = run(&repo, &["write", "pyproject", "--root", &root, "--check"]);
    assert_eq!(check.status.code(), Some(0));
    assert_eq!(
        stdout(&check),
        format!("`{label}` already holds version {version}\n")
    );
    let dry = run(&repo, &["write", "pyproject", "--root", &root, "--dry-run"]);
    assert_eq!(stdout(&dry), "");

    // A dynamic version does not pass the check.
    std::fs::write(&file, "[project]\nname = \"demo\"\ndynamic = [\"version\"]\n").expect("write");
    let check = run(&repo, &["write", "pyproject", "--root", &root, "--check"]);
    assert_eq!(check.status.code(), Some(1));
    assert_eq!(
        stdout(&check),
        format!("`{label}` holds no static version, not {version}\n")
    );
}

#[test]
fn bad_files_exit_2_and_stay_untouched() {
    let repo = repo();
    let root = text(repo.root());
    let file = repo.root().join("pyproject.toml");
    let label = file.display().to_string();
    let rows = [
        // The project's pyproject.toml is also the configuration, read first.
        (
            "[project]\nname = \"demo\nversion = \"0.1\"\n",
            vec![],
            format!("`{label}` is not valid TOML at line 2, column 13: invalid basic string, expected `\"`"),
        ),
        (
            "[build-system]\nrequires = [\"setuptools\"]\n",
            vec![],
            format!(
                "cannot set the version in `{label}`: no `[project]` or `[tool.poetry]` table to hold the version: add a `[project]` table with `name` and `version`"
            ),
        ),
        (
            "[project]\nname = \"demo\"\nversion = 2\n",
            vec![],
            format!(
                "cannot set the version in `{label}`: `project.version` at line 3, column 11 must be a string, found `2`"
            ),
        ),
        (
            "[project]\nname = \"demo\"\ndynamic = [\"version\"]\n",
            vec!["--keep-dynamic"],
            format!(
                "cannot set the version in `{label}`: `version` is listed in `project.dynamic` at line 3, column 12, and --keep-dynamic forbids making it static: drop --keep-dynamic, or let the build backend set the version"
            ),
        ),
    ];
    for (content, extra, message) in rows {
        std::fs::write(&file, content).expect("write");
        let snapshot = Snapshot::take(&file);
        let mut args = vec!["write", "pyproject", "--root", &root];
        args.extend(extra);
        assert_fails(&run(&repo, &args), 2, &message);
        snapshot.assert_untouched();
    }

    // Another file, given with --file.
    let other = repo.root().join("other.toml");
    std::fs::write(&other, "[project]\nname = 'demo'\nversion = '0.1\n").expect("write");
    let snapshot = Snapshot::take(&other);
    assert_fails(
        &run(
            &repo,
            &["write", "pyproject", "--root", &root, "--file", &text(&other)],
        ),
        2,
        &format!(
            "cannot set the version in `{}`: invalid TOML at line 3, column 15: invalid literal string, expected `'`",
            other.display()
        ),
    );
    snapshot.assert_untouched();

    std::fs::remove_file(&file).expect("remove");
    assert_fails(
        &run(&repo, &["write", "pyproject", "--root", &root]),
        2,
        &format!(
            "`{label}` does not exist: name the pyproject.toml to stamp, or the project directory that holds it"
        ),
    );
    assert!(!file.exists());
}

#[cfg(unix)]
#[test]
fn read_only_symlinked_and_restricted_files() {
    use std::os::unix::fs::{PermissionsExt, symlink};

    let repo = repo();
    let root = text(repo.root());
    let version = repo.fill("1.2.4.dev5+{node}");
    let file = repo.root().join("pyproject.toml");
    let label = file.display().to_string();
    let original = "[project]\nname = \"demo\"\nversion = \"0.1\"\n";

    // Read-only: refused (even for root, who could write it), untouched.
    std::fs::write(&file, original).expect("write");
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o444)).expect("chmod");
    let snapshot = Snapshot::take(&file);
    assert_fails(
        &run(&repo, &["write", "pyproject", "--root", &root]),
        2,
        &format!("cannot write `{label}`: the file is read-only"),
    );
    snapshot.assert_untouched();

    // Permissions are kept.
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o640)).expect("chmod");
    let output = run(&repo, &["write", "pyproject", "--root", &root]);
    assert!(output.status.success(), "{}", stderr(&output));
    let mode = std::fs::metadata(&file).expect("meta").permissions().mode() & 0o777;
    assert_eq!(mode, 0o640);
    assert!(std::fs::read_to_string(&file).expect("read").contains(&version));

    // A symlink stays a link; its target gets the new text.
    std::fs::remove_file(&file).expect("remove");
    let shared = repo.root().join("shared");
    std::fs::create_dir_all(&shared).expect("mkdir");
    let target = shared.join("pyproject.toml");
    std::fs::write(&target, original).expect("write");
    symlink("shared/pyproject.toml", &file).expect("symlink");
    let output = run(&repo, &["write", "pyproject", "--root", &root]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        std::fs::symlink_metadata(&file)
            .expect("meta")
            .file_type()
            .is_symlink()
    );
    assert_eq!(
        std::fs::read_to_string(&target).expect("read"),
        format!("[project]\nname = \"demo\"\nversion = \"{version}\"\n")
    );
    let leftovers: Vec<_> = std::fs::read_dir(&shared).expect("ls").collect();
    assert_eq!(leftovers.len(), 1, "no temporary file left behind");
}

#[test]
fn no_version_exits_3_and_writes_nothing() {
    let repo = repo();
    let outside = repo.scratch().join("project");
    std::fs::create_dir_all(&outside).expect("mkdir");
    let file = outside.join("pyproject.toml");
    std::fs::write(&file, "[project]\nname = \"demo\"\nversion = \"0.1\"\n").expect("write");
    let snapshot = Snapshot::take(&file);
    let output = run(&repo, &["write", "pyproject", "--root", &text(&outside)]);
    assert_eq!(output.status.code(), Some(3), "{}", stderr(&output));
    assert!(stderr(&output).starts_with("error: no git repository found at "));
    snapshot.assert_untouched();
}

#[test]
fn version_files() {
    let repo = repo();
    let root = text(repo.root());
    let version = repo.fill("1.2.4.dev5+{node}");

    // Relative to the current directory.
    let output = run_in(&repo, repo.root(), &[], &["write", "version-file", "VERSION"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(stdout(&output), format!("wrote version {version} to `VERSION`\n"));
    let plain = repo.root().join("VERSION");
    assert_eq!(
        std::fs::read_to_string(&plain).expect("read"),
        format!("{version}\n")
    );
    let snapshot = Snapshot::take(&plain);
    let again = run_in(&repo, repo.root(), &[], &["write", "version-file", "VERSION"]);
    assert_eq!(
        stdout(&again),
        format!("`VERSION` already holds version {version}\n")
    );
    snapshot.assert_untouched();

    // A template, with the version-template fields.
    let templated = repo.root().join("version.txt");
    let output = run(
        &repo,
        &[
            "write",
            "version-file",
            &text(&templated),
            "--root",
            &root,
            "--file-template",
            "{version} from {branch} at {sha}",
        ],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        std::fs::read_to_string(&templated).expect("read"),
        format!("{version} from main at {}\n", repo.head_sha().expect("commits"))
    );
    let output = run(
        &repo,
        &[
            "write",
            "version-file",
            &text(&templated),
            "--root",
            &root,
            "--file-template",
            "{nope}",
        ],
    );
    assert_fails(
        &output,
        2,
        "template `{nope}` uses unknown field `{nope}`: known fields are {tag}, {base}, {next}, {distance}, {pipeline}, {node}, {sha}, {branch}, {branch_slug}, {branch_version}, {date}, {version}",
    );
}

#[test]
fn version_file_placement_errors() {
    let repo = repo();
    let root = text(repo.root());
    let outside = repo.scratch().join("VERSION");
    let output = run(
        &repo,
        &["write", "version-file", &text(&outside), "--root", &root],
    );
    let real_root = std::fs::canonicalize(repo.path()).expect("canonical");
    let real_outside = std::fs::canonicalize(repo.scratch())
        .expect("canonical")
        .join("VERSION");
    assert_fails(
        &output,
        2,
        &format!(
            "`{}` is outside the repository root `{}`: writing it needs allow_outside_root",
            real_outside.display(),
            real_root.display()
        ),
    );
    assert!(!outside.exists());
    let allowed = run(
        &repo,
        &[
            "write",
            "version-file",
            &text(&outside),
            "--root",
            &root,
            "--allow-outside-root",
        ],
    );
    assert!(allowed.status.success(), "{}", stderr(&allowed));
    assert!(outside.exists());

    // A link inside the repository that points outside counts as outside.
    #[cfg(unix)]
    {
        let link = repo.root().join("LINKED_VERSION");
        std::os::unix::fs::symlink(&outside, &link).expect("symlink");
        let snapshot = Snapshot::take(&outside);
        let output = run(&repo, &["write", "version-file", &text(&link), "--root", &root]);
        assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
        assert!(stderr(&output).contains("is outside the repository root"));
        snapshot.assert_untouched();
    }

    let missing_dir = repo.root().join("no/such/dir/VERSION");
    assert_fails(
        &run(
            &repo,
            &["write", "version-file", &text(&missing_dir), "--root", &root],
        ),
        2,
        &format!(
            "cannot write `{}`: the directory `{}` does not exist",
            missing_dir.display(),
            repo.root().join("no/such/dir").display()
        ),
    );
}

#[test]
fn write_without_target_uses_the_configured_version_file() {
    let repo = repo();
    let root = text(repo.root());
    let version = repo.fill("1.2.4.dev5+{node}");
    let pyproject = repo.root().join("pyproject.toml");

    assert_fails(
        &run(&repo, &["write", "--root", &root]),
        2,
        "nothing to write: no `version_file` is configured (found no [tool.scmver] or [tool.setuptools_scm] table): name a target (`scmver write pyproject`, `scmver write version-file PATH`) or set `version_file`",
    );
    std::fs::write(
        &pyproject,
        "[tool.setuptools_scm]\nlocal_scheme = \"node-and-date\"\n",
    )
    .expect("write");
    assert_fails(
        &run(&repo, &["write", "--root", &root]),
        2,
        &format!(
            "nothing to write: no `version_file` is configured (read [tool.setuptools_scm] in `{}`): name a target (`scmver write pyproject`, `scmver write version-file PATH`) or set `version_file`",
            pyproject.display()
        ),
    );

    std::fs::create_dir_all(repo.root().join("src/demo")).expect("mkdir");
    std::fs::write(&pyproject, "[tool.scmver]\nversion_file = \"src/demo/VERSION\"\n").expect("write");
    let output = run(&repo, &["write", "--root", &root]);
    assert!(output.status.success(), "{}", stderr(&output));
    let target = repo.root().join("src/demo/VERSION");
    assert_eq!(
        stdout(&output),
        format!("wrote version {version} to `{}`\n", target.display())
    );
    assert_eq!(
        std::fs::read_to_string(&target).expect("read"),
        format!("{version}\n")
    );
    // Options of the subcommands cannot be mixed with the bare form.
    let mixed = run(&repo, &["write", "--root", &root, "pyproject"]);
    assert_eq!(mixed.status.code(), Some(2));
}

/// Extra environment variables for one run.
type Env<'a> = &'a [(&'a str, &'a str)];

/// What importing a `_version.py` gives, as JSON, with the interpreter given.
fn import(python: &Path, module: &Path) -> serde_json::Value {
    let script = "\
import importlib.util, json, sys
spec = importlib.util.spec_from_file_location('v', sys.argv[1])
m = importlib.util.module_from_spec(spec)
spec.loader.exec_module(m)
print(json.dumps([m.__version__, list(m.__version_tuple__), m.version, list(m.version_tuple),
                  m.__commit_id__, m.commit_id, m.__all__]))
";
    let out = std::process::Command::new(python)
        .args(["-c", script])
        .arg(module)
        .output()
        .unwrap_or_else(|e| panic!("run {}: {e}", python.display()));
    assert!(
        out.status.success(),
        "import {}: {}",
        module.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("json")
}

/// scmver's `_version.py` imports with `python3` to the same values as the file setuptools_scm
/// 10.3.4 writes for the same repository, and differs from it only in the first comment line.
#[test]
fn python_version_file_matches_setuptools_scm() {
    let repo = repo();
    let root = text(repo.root());
    let pyproject = repo.root().join("pyproject.toml");
    std::fs::write(
        &pyproject,
        "[project]\nname = \"demo\"\ndynamic = [\"version\"]\n\n[tool.setuptools_scm]\nversion_file = \"src/demo/_version.py\"\n",
    )
    .expect("write");
    std::fs::create_dir_all(repo.root().join("src/demo")).expect("mkdir");
    let target = repo.root().join("src/demo/_version.py");
    // Keep both files out of `git add -A` in the commit steps below.
    std::fs::write(repo.path().join(".git/info/exclude"), "/pyproject.toml\n/src/\n").expect("exclude");
    let python = oracle().python().to_owned();

    // Each state: steps applied first, extra environment, the version (hand-derived).
    let states: [(&str, Env<'_>, &str); 5] = [
        ("[]", &[], "1.2.4.dev5+{node}"),
        (
            r#"[{ write = "history.txt", text = "dirty" }]"#,
            &[],
            "1.2.4.dev5+{node}.d{date}",
        ),
        (
            r#"[{ commit = "clean" }, { tag = "v2.0.0rc1" }]"#,
            &[],
            "2.0.0rc1",
        ),
        (r#"[{ commit = "epoch" }, { tag = "v2!3.0" }]"#, &[], "2!3.0"),
        (
            "[]",
            &[("SETUPTOOLS_SCM_PRETEND_VERSION", "3.1.0.post2")],
            "3.1.0.post2",
        ),
    ];
    for (steps, env, expected_version) in states {
        for step in Step::parse_list(steps).expect("steps") {
            repo.apply(&step);
        }
        let expected_version = repo.fill(expected_version);
        let _ = std::fs::remove_file(&target);
        let mut cmd = repo.tool_command(&python);
        cmd.args(["-m", "setuptools_scm", "--root", &root, "-c"])
            .arg(&pyproject)
            .arg("--force-write-version-files");
        for (key, value) in env {
            cmd.env(key, value);
        }
        let theirs_out = cmd.output().expect("run setuptools_scm");
        assert!(
            theirs_out.status.success(),
            "setuptools_scm: {}",
            String::from_utf8_lossy(&theirs_out.stderr)
        );
        assert_eq!(
            String::from_utf8_lossy(&theirs_out.stdout).trim(),
            expected_version,
            "setuptools_scm's version"
        );
        let theirs = std::fs::read_to_string(&target).expect("setuptools_scm wrote the file");
        let theirs_values = import(Path::new("python3"), &target);
        std::fs::remove_file(&target).expect("remove");

        let output = run_in(&repo, &repo.scratch(), env, &["write", "--root", &root]);
        assert!(output.status.success(), "{}", stderr(&output));
        let ours = std::fs::read_to_string(&target).expect("scmver wrote the file");
        let ours_values = import(Path::new("python3"), &target);

        assert_eq!(ours_values, theirs_values, "{expected_version}");
        assert_eq!(ours_values[0], expected_version.as_str());
        let tail = |text: &str| text.split_once('\n').map(|(_, rest)| rest.to_owned());
        pretty_assertions::assert_eq!(tail(&ours), tail(&theirs), "{expected_version}");
        assert_eq!(ours.lines().next(), Some("# file generated by scmver"));
    }
}
