//! Prints the version that `build.rs` derived from git when this program was compiled.

/// The PEP 440 version, e.g. `1.2.4.dev5+g1a2b3c4d5`.
const VERSION: &str = env!("SCMVER_VERSION");
/// The SemVer twin, e.g. `1.2.4-dev.5+g1a2b3c4d5`.
const SEMVER: &str = env!("SCMVER_SEMVER");
/// Whether the build was a release (an exact, clean tag).
const IS_RELEASE: &str = env!("SCMVER_IS_RELEASE");

fn main() {
    println!(
        "{} {VERSION} (semver {SEMVER}, release: {IS_RELEASE})",
        env!("CARGO_PKG_NAME")
    );
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_build_script_set_a_version() {
        assert!(!super::VERSION.is_empty());
        assert!(!super::SEMVER.is_empty());
        assert!(matches!(super::IS_RELEASE, "true" | "false"));
    }
}
