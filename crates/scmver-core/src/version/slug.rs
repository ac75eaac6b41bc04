//! Names made safe for Docker tags, file names and version templates.

/// Replace every run of characters outside `[A-Za-z0-9_.-]` with one `-` and drop leading `.`
/// and `-` (which Docker tags may not start with) and trailing `-`.
///
/// ```
/// assert_eq!(scmver_core::version::slug::slugify("feature/implement-doodad"), "feature-implement-doodad");
/// assert_eq!(scmver_core::version::slug::slugify("../x y"), "x-y");
/// ```
#[must_use]
pub fn slugify(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut pending_dash = false;
    for c in name.chars() {
        if c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-') {
            if pending_dash && !out.is_empty() {
                out.push('-');
            }
            pending_dash = false;
            if !(out.is_empty() && matches!(c, '.' | '-')) {
                out.push(c);
            }
        } else {
            pending_dash = true;
        }
    }
    out.trim_end_matches('-').to_owned()
}
