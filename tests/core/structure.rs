//! The shape of scmver-core, enforced: stages import only from earlier stages, no two modules
//! import each other in a circle, gix is used only under `repo/`, files are written only in
//! `fs.rs`, the environment is read only in `options/environment.rs`, and the pure stages
//! (`version/`, `output/`) touch no file at all. ARCHITECTURE.md describes the same rules.
//!
//! The check reads the sources as text: every `crate::…` path outside comments and test code
//! is an edge from the file's module to the module the path names.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The stages in the order data flows; a module may use modules of its own stage or earlier
/// ones. `facts` and `date` are plain values every stage shares.
const STAGES: [(&str, usize); 9] = [
    ("facts", 0),
    ("date", 0),
    ("options", 1),
    ("repo", 2),
    ("version", 3),
    ("output", 4),
    ("fs", 5),
    ("error", 6),
    ("command", 7),
];

/// Calls that write, create, rename or remove files.
const WRITES: [&str; 9] = [
    "fs::write(",
    "File::create(",
    "OpenOptions::new(",
    "fs::rename(",
    "fs::remove_file(",
    "fs::create_dir",
    "fs::copy(",
    "fs::hard_link(",
    "fs::set_permissions(",
];

/// Calls that read files or directories (forbidden in the pure stages).
const READS: [&str; 6] = [
    "fs::read",
    "File::open(",
    "fs::metadata(",
    "fs::symlink_metadata(",
    "fs::canonicalize(",
    ".is_dir()",
];

/// One source file: its module path (`options::ci`) and its code without comments and tests.
struct Source {
    module: String,
    code: String,
}

/// `src/options/ci.rs` → `options::ci`; `src/lib.rs` → ``; test files → `None`.
fn module_of(src: &Path, file: &Path) -> Option<String> {
    let relative = file.strip_prefix(src).ok()?.with_extension("");
    let parts: Vec<String> = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.last().is_some_and(|last| last == "tests") {
        return None;
    }
    if parts == ["lib"] {
        return Some(String::new());
    }
    // `repo/mod.rs` is the module `repo`.
    let parts = match parts.split_last() {
        Some((last, rest)) if last == "mod" => rest.to_vec(),
        _ => parts,
    };
    Some(parts.join("::"))
}

/// The code a build without tests compiles: comments dropped, and everything from a
/// `#[cfg(test)]` item on (test modules sit at the end of a file in this crate).
fn production_code(text: &str) -> String {
    let mut code = String::new();
    for line in text.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("#[cfg(test)]") {
            break;
        }
        if trimmed.starts_with("//") {
            continue;
        }
        let without_comment = match line.find("//") {
            // A `//` inside a string (`https://…`) is not a comment; good enough: only cut when
            // no quote precedes it on the line.
            Some(at) if !line[..at].contains('"') => &line[..at],
            _ => line,
        };
        code.push_str(without_comment);
        code.push('\n');
    }
    code
}

fn read_sources(src: &Path) -> Vec<Source> {
    let mut files = Vec::new();
    let mut stack = vec![src.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("read src dir") {
            let path = entry.expect("dir entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
        .into_iter()
        .filter_map(|file| {
            let module = module_of(src, &file)?;
            let text = std::fs::read_to_string(&file).expect("read source");
            Some(Source {
                module,
                code: production_code(&text),
            })
        })
        .collect()
}

/// The modules `code` names through `crate::` paths, resolved to the longest known module.
fn edges(code: &str, modules: &BTreeSet<String>) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut expand = |path: &str| {
        let mut best = None;
        let mut prefix = String::new();
        for part in path.split("::") {
            if !prefix.is_empty() {
                prefix.push_str("::");
            }
            prefix.push_str(part);
            if modules.contains(&prefix) {
                best = Some(prefix.clone());
            }
        }
        if let Some(module) = best {
            found.insert(module);
        }
    };
    // `use crate::a::{b, c::d}` and plain `crate::a::b` paths alike: take each `crate::` and
    // the path characters after it; braces list several paths under one prefix.
    let mut rest = code;
    while let Some(at) = rest.find("crate::") {
        rest = &rest[at + "crate::".len()..];
        let end = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
            .unwrap_or(rest.len());
        let head = rest[..end].trim_end_matches(':');
        if rest[end..].starts_with('{') && (head.is_empty() || rest[..end].ends_with("::")) {
            let close = rest[end..].find('}').map_or(rest.len(), |i| end + i);
            for item in rest[end + 1..close].split(',') {
                let item = item.trim().split(' ').next().unwrap_or_default();
                let item = item.trim_start_matches('{');
                if head.is_empty() {
                    expand(item);
                } else {
                    expand(&format!("{head}::{item}"));
                }
            }
        }
        expand(head);
    }
    found
}

fn stage(module: &str) -> Option<usize> {
    let top = module.split("::").next()?;
    STAGES
        .iter()
        .find(|(name, _)| *name == top)
        .map(|&(_, stage)| stage)
}

/// `a` is `b`, or one contains the other (`options` and `options::ci`).
fn related(a: &str, b: &str) -> bool {
    a == b || a.starts_with(&format!("{b}::")) || b.starts_with(&format!("{a}::"))
}

fn in_dir(module: &str, top: &str) -> bool {
    module == top || module.starts_with(&format!("{top}::"))
}

/// Every rule broken by `sources`, one line each.
fn violations(sources: &[Source]) -> Vec<String> {
    let modules: BTreeSet<String> = sources.iter().map(|s| s.module.clone()).collect();
    let mut problems = Vec::new();
    let mut graph: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    for source in sources {
        let from = source.module.as_str();
        if from.is_empty() {
            continue; // lib.rs re-exports from every stage
        }
        let Some(from_stage) = stage(from) else {
            problems.push(format!("`{from}` belongs to no stage"));
            continue;
        };
        for to in edges(&source.code, &modules) {
            if to.is_empty() || related(from, &to) {
                continue;
            }
            if let Some(to_stage) = stage(&to)
                && to_stage > from_stage
            {
                problems.push(format!(
                    "`{from}` (stage {from_stage}) imports the later `{to}` (stage {to_stage})"
                ));
            }
            graph.entry(from).or_default().insert(to);
        }
        let code = &source.code;
        if !in_dir(from, "repo") && (code.contains("gix::") || code.contains("use gix")) {
            problems.push(format!("`{from}` uses gix outside repo/"));
        }
        if from != "fs"
            && let Some(call) = WRITES.iter().find(|call| code.contains(*call))
        {
            problems.push(format!("`{from}` writes files (`{call}`) outside fs"));
        }
        if (in_dir(from, "version") || in_dir(from, "output"))
            && let Some(call) = READS.iter().find(|call| code.contains(*call))
        {
            problems.push(format!("`{from}` reads files (`{call}`) in a pure stage"));
        }
        if from != "options::environment" && (code.contains("std::env::var") || code.contains("env::vars")) {
            problems.push(format!(
                "`{from}` reads the process environment outside options::environment"
            ));
        }
    }
    problems.extend(cycles(&graph));
    problems
}

/// A circle of imports, reported once per module that starts one.
fn cycles(graph: &BTreeMap<&str, BTreeSet<String>>) -> Vec<String> {
    let mut problems = Vec::new();
    for &start in graph.keys() {
        // Depth-first from `start`, looking for a way back to it.
        let mut stack: Vec<(String, Vec<String>)> = vec![(start.to_owned(), vec![start.to_owned()])];
        let mut seen = BTreeSet::new();
        while let Some((node, path)) = stack.pop() {
            for next in graph.get(node.as_str()).into_iter().flatten() {
                if next == start {
                    let mut circle = path.clone();
                    circle.push(start.to_owned());
                    problems.push(format!("import cycle: {}", circle.join(" -> ")));
                    return problems_dedup(problems);
                }
                if seen.insert(next.clone()) {
                    let mut longer = path.clone();
                    longer.push(next.clone());
                    stack.push((next.clone(), longer));
                }
            }
        }
    }
    problems
}

fn problems_dedup(mut problems: Vec<String>) -> Vec<String> {
    problems.dedup();
    problems
}

fn core_src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

#[test]
fn scmver_core_keeps_its_shape() {
    let sources = read_sources(&core_src());
    assert!(sources.len() > 30, "read only {} files", sources.len());
    // Every stage of the house exists, so the rules below have something to hold on.
    for (name, _) in STAGES {
        assert!(
            sources.iter().any(|s| s.module == name),
            "no `{name}` module in scmver-core"
        );
    }
    let problems = violations(&sources);
    assert!(
        problems.is_empty(),
        "scmver-core breaks its shape:\n{}",
        problems.join("\n")
    );
}

/// The checker itself catches each kind of break (a test of the test: an always-empty
/// checker would pass the one above).
#[test]
fn the_shape_check_catches_each_break() {
    let file = |module: &str, code: &str| Source {
        module: module.to_owned(),
        code: production_code(code),
    };
    let rows: [(&str, Vec<Source>, &str); 8] = [
        (
            "later stage",
            vec![
                file("options", "use crate::version::report::VersionReport;"),
                file("version", ""),
                file("version::report", ""),
            ],
            "`options` (stage 1) imports the later `version::report` (stage 3)",
        ),
        (
            "braced later stage",
            vec![
                file("repo", "use crate::{facts::ScmState, output::json};"),
                file("facts", ""),
                file("output", ""),
                file("output::json", ""),
            ],
            "`repo` (stage 2) imports the later `output::json` (stage 4)",
        ),
        (
            "cycle",
            vec![
                file("output::ci", "use crate::output::docker::tags;"),
                file("output::docker", "fn f() { crate::output::ci::vars() }"),
                file("output", ""),
            ],
            "import cycle: output::ci -> output::docker -> output::ci",
        ),
        (
            "gix",
            vec![file("version::scheme", "fn f(id: gix::ObjectId) {}")],
            "`version::scheme` uses gix outside repo/",
        ),
        (
            "write",
            vec![file("output::pyproject", "fn f() { std::fs::write(p, b) }")],
            "`output::pyproject` writes files (`fs::write(`) outside fs",
        ),
        (
            "read in a pure stage",
            vec![file("version::template", "fn f() { std::fs::read_to_string(p) }")],
            "`version::template` reads files (`fs::read`) in a pure stage",
        ),
        (
            "environment",
            vec![file(
                "command::ci",
                "fn f() { std::env::var_os(\"GITHUB_OUTPUT\") }",
            )],
            "`command::ci` reads the process environment outside options::environment",
        ),
        ("no stage", vec![file("plan", "")], "`plan` belongs to no stage"),
    ];
    for (case, sources, expected) in rows {
        let problems = violations(&sources);
        assert!(
            problems.iter().any(|p| p == expected),
            "{case}: expected `{expected}`, got {problems:?}"
        );
    }
    // Comments, test modules and a module's own parent or children do not count.
    let fine = [
        file(
            "options",
            "// use crate::command::ci;\n/// see [`crate::version`]\n",
        ),
        file("options::ci", "use crate::options::environment::Environment;"),
        file(
            "options::environment",
            "use crate::options::Options; fn f() { std::env::vars_os() }",
        ),
        file(
            "fs",
            "fn f() { std::fs::write(p, b) }\n#[cfg(test)]\nmod tests { use crate::command::x; }",
        ),
        file("command", ""),
        file("version", ""),
    ];
    assert_eq!(violations(&fine), Vec::<String>::new());
}
