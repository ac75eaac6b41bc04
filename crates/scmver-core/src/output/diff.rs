//! A unified diff of two texts, for `--dry-run`: what `diff -u` and `git diff` print, with three
//! lines of context.

use std::fmt::Write as _;

const CONTEXT: usize = 3;

/// The unified diff from `old` to `new`, labelled `--- {old_label}` / `+++ {new_label}`; empty
/// when the texts are equal. Lines keep their endings (a CRLF file shows `\r` before each line
/// break); a last line without a newline is followed by `\ No newline at end of file`.
///
/// ```
/// let diff = scmver_core::output::diff::unified_diff("a\nb\n", "a\nc\n", "a/VERSION", "b/VERSION");
/// assert_eq!(diff, "--- a/VERSION\n+++ b/VERSION\n@@ -1,2 +1,2 @@\n a\n-b\n+c\n");
/// ```
#[must_use]
pub fn unified_diff(old: &str, new: &str, old_label: &str, new_label: &str) -> String {
    if old == new {
        return String::new();
    }
    let old_lines: Vec<&str> = old.split_inclusive('\n').collect();
    let new_lines: Vec<&str> = new.split_inclusive('\n').collect();
    let ops = diff_lines(&old_lines, &new_lines);
    let mut out = format!("--- {old_label}\n+++ {new_label}\n");
    for hunk in hunks(&ops) {
        render_hunk(&mut out, &ops[hunk.0..hunk.1], &old_lines, &new_lines);
    }
    out
}

/// One step of the edit script: indexes into the old and new lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Equal(usize, usize),
    Delete(usize),
    Insert(usize),
}

/// A shortest edit script: common prefix and suffix, and a longest common subsequence of the
/// lines in between (quadratic, which is fine for the few changed lines of a stamped file).
fn diff_lines(old: &[&str], new: &[&str]) -> Vec<Op> {
    let prefix = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let suffix = old[prefix..]
        .iter()
        .rev()
        .zip(new[prefix..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let (old_mid, new_mid) = (&old[prefix..old.len() - suffix], &new[prefix..new.len() - suffix]);
    let (n, m) = (old_mid.len(), new_mid.len());
    // lcs[i][j]: length of the LCS of old_mid[i..] and new_mid[j..].
    let mut lcs = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] = if old_mid[i] == new_mid[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let mut ops: Vec<Op> = (0..prefix).map(|i| Op::Equal(i, i)).collect();
    let (mut i, mut j) = (0, 0);
    while i < n || j < m {
        if i < n && j < m && old_mid[i] == new_mid[j] {
            ops.push(Op::Equal(prefix + i, prefix + j));
            i += 1;
            j += 1;
        } else if j < m && (i == n || lcs[i][j + 1] > lcs[i + 1][j]) {
            ops.push(Op::Insert(prefix + j));
            j += 1;
        } else {
            ops.push(Op::Delete(prefix + i));
            i += 1;
        }
    }
    ops.extend((0..suffix).map(|k| Op::Equal(prefix + n + k, prefix + m + k)));
    ops
}

/// Ranges of `ops` to print: each change with up to three lines of context, merged when the
/// context of two changes touches.
fn hunks(ops: &[Op]) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    for (index, op) in ops.iter().enumerate() {
        if matches!(op, Op::Equal(..)) {
            continue;
        }
        let start = index.saturating_sub(CONTEXT);
        let end = (index + 1 + CONTEXT).min(ops.len());
        match out.last_mut() {
            Some(last) if start <= last.1 => last.1 = end,
            _ => out.push((start, end)),
        }
    }
    out
}

fn render_hunk(out: &mut String, ops: &[Op], old: &[&str], new: &[&str]) {
    let old_count = ops.iter().filter(|op| !matches!(op, Op::Insert(_))).count();
    let new_count = ops.iter().filter(|op| !matches!(op, Op::Delete(_))).count();
    let old_start = ops.iter().find_map(|op| match op {
        Op::Equal(i, _) | Op::Delete(i) => Some(*i),
        Op::Insert(_) => None,
    });
    let new_start = ops.iter().find_map(|op| match op {
        Op::Equal(_, j) | Op::Insert(j) => Some(*j),
        Op::Delete(_) => None,
    });
    let _ = writeln!(
        out,
        "@@ -{} +{} @@",
        range(old_start, old_count),
        range(new_start, new_count)
    );
    for op in ops {
        let (sign, line) = match *op {
            Op::Equal(i, _) => (' ', old[i]),
            Op::Delete(i) => ('-', old[i]),
            Op::Insert(j) => ('+', new[j]),
        };
        out.push(sign);
        out.push_str(line);
        if !line.ends_with('\n') {
            out.push_str("\n\\ No newline at end of file\n");
        }
    }
}

/// `start,count` with 1-based `start`, as GNU diff prints it: a count of one is left out, and
/// an empty side (with three lines of context, only an empty file) is `0,0`.
fn range(start: Option<usize>, count: usize) -> String {
    match (start, count) {
        (None, _) | (_, 0) => "0,0".to_owned(),
        (Some(start), 1) => format!("{}", start + 1),
        (Some(start), count) => format!("{},{count}", start + 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Expected outputs checked against `diff -u` (GNU diffutils) on the same inputs.
    #[test]
    fn matches_gnu_diff() {
        let ten: String = (1..=10).map(|i| format!("{i}\n")).collect();
        let rows = [
            ("a\n", "a\n", ""),
            ("a\nb\n", "a\nc\n", "@@ -1,2 +1,2 @@\n a\n-b\n+c\n"),
            ("a\n", "b\n", "@@ -1 +1 @@\n-a\n+b\n"),
            (
                "a\nb",
                "a\nc",
                "@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n",
            ),
            ("", "a\n", "@@ -0,0 +1 @@\n+a\n"),
            ("a\n", "", "@@ -1 +0,0 @@\n-a\n"),
            ("a\nc\n", "a\nb\nc\n", "@@ -1,2 +1,3 @@\n a\n+b\n c\n"),
            ("a\r\nb\r\n", "a\r\nc\r\n", "@@ -1,2 +1,2 @@\n a\r\n-b\r\n+c\r\n"),
        ];
        for (old, new, body) in rows {
            let expected = if body.is_empty() {
                String::new()
            } else {
                format!("--- old\n+++ new\n{body}")
            };
            assert_eq!(
                unified_diff(old, new, "old", "new"),
                expected,
                "{old:?} -> {new:?}"
            );
        }
        // Six unchanged lines between two changes: one hunk, as GNU diff prints it.
        let changed = ten.replace("2\n", "two\n").replace("9\n", "nine\n");
        assert_eq!(
            unified_diff(&ten, &changed, "old", "new"),
            "--- old\n+++ new\n@@ -1,10 +1,10 @@\n 1\n-2\n+two\n 3\n 4\n 5\n 6\n 7\n 8\n-9\n+nine\n 10\n"
        );
        // Seven: two hunks.
        let twenty: String = (1..=20).map(|i| format!("{i}\n")).collect();
        let apart = twenty.replace("\n2\n", "\ntwo\n").replace("\n10\n", "\nten\n");
        assert_eq!(
            unified_diff(&twenty, &apart, "old", "new"),
            "--- old\n+++ new\n@@ -1,5 +1,5 @@\n 1\n-2\n+two\n 3\n 4\n 5\n@@ -7,7 +7,7 @@\n 7\n 8\n 9\n-10\n+ten\n 11\n 12\n 13\n"
        );
    }
}
