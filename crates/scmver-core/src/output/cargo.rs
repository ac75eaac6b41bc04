//! Version → Cargo manifests: the SemVer form set in a `Cargo.toml` and the matching entries
//! of `Cargo.lock`, every other byte kept.
//!
//! Pure: the texts come in and go out; [`crate::command::write::write_cargo`] finds the files
//! and writes them.

use toml_edit::{DocumentMut, Item, Value};

/// A Cargo manifest or lock file cannot take the version.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CargoError {
    /// The text is not TOML.
    #[error("not valid TOML: {message}")]
    Toml {
        /// What the parser said.
        message: String,
    },
    /// The manifest has neither `[package]` nor `[workspace.package]` to hold a version.
    #[error("has no [package] or [workspace] table to hold a version")]
    NoPackage,
    /// `package.version` is neither a string nor `{ workspace = true }`.
    #[error("`{key}` is `{found}`: neither a version string nor {{ workspace = true }}")]
    Shape {
        /// The dotted key.
        key: String,
        /// What is there.
        found: String,
    },
}

/// Where a manifest's version lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VersionHome {
    /// `[package].version` of this crate (`name`).
    Package {
        /// The crate's name.
        name: String,
    },
    /// `version.workspace = true`: the workspace root's `[workspace.package].version`.
    Inherited {
        /// The crate's name.
        name: String,
    },
    /// A workspace root: `[workspace.package].version`, inherited by the members that say so.
    Workspace,
}

/// Where `text`'s version lives.
pub fn version_home(text: &str) -> Result<VersionHome, CargoError> {
    let doc = parse(text)?;
    if let Some(package) = doc.get("package") {
        let name = package
            .get("name")
            .and_then(Item::as_str)
            .unwrap_or_default()
            .to_owned();
        return match package.get("version") {
            Some(item) if item.as_str().is_some() => Ok(VersionHome::Package { name }),
            Some(item) if item.get("workspace").and_then(Item::as_bool) == Some(true) => {
                Ok(VersionHome::Inherited { name })
            }
            // No version: Cargo's default `0.0.0`, written as a new key.
            None => Ok(VersionHome::Package { name }),
            Some(item) => Err(CargoError::Shape {
                key: "package.version".to_owned(),
                found: item.to_string().trim().to_owned(),
            }),
        };
    }
    if doc.get("workspace").is_some() {
        return Ok(VersionHome::Workspace);
    }
    Err(CargoError::NoPackage)
}

/// A manifest edit: the new text and the version it held before.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CargoEdit {
    /// The whole new text.
    pub new_text: String,
    /// The version before (`None` when the key was missing).
    pub old_version: Option<String>,
    /// The text changed.
    pub changed: bool,
}

/// Set `[package].version` (`workspace = false`) or `[workspace.package].version` to `version`,
/// keeping the value's comments and spacing and every other byte.
pub fn set_manifest_version(text: &str, version: &str, workspace: bool) -> Result<CargoEdit, CargoError> {
    let mut doc = parse(text)?;
    let table = if workspace {
        let workspace = doc
            .get_mut("workspace")
            .and_then(Item::as_table_like_mut)
            .ok_or(CargoError::NoPackage)?;
        if workspace.get("package").is_none() {
            workspace.insert("package", toml_edit::table());
        }
        workspace
            .get_mut("package")
            .and_then(Item::as_table_like_mut)
            .ok_or_else(|| CargoError::Shape {
                key: "workspace.package".to_owned(),
                found: "not a table".to_owned(),
            })?
    } else {
        doc.get_mut("package")
            .and_then(Item::as_table_like_mut)
            .ok_or(CargoError::NoPackage)?
    };
    let old_version = table.get("version").and_then(Item::as_str).map(str::to_owned);
    let new_value = match table.get("version").and_then(Item::as_value) {
        Some(old) => {
            let mut value = Value::from(version);
            *value.decor_mut() = old.decor().clone();
            value
        }
        None => Value::from(version),
    };
    table.insert("version", Item::Value(new_value));
    let new_text = doc.to_string();
    Ok(CargoEdit {
        changed: new_text != text,
        new_text,
        old_version,
    })
}

/// Set the version requirement of every `[workspace.dependencies]` entry that names one of
/// `names` by `path` to `requirement` (`0.2.0-dev.3`: a pre-release is matched only by a
/// requirement that names one), keeping every other byte.
pub fn set_workspace_requirements(
    text: &str,
    names: &[String],
    requirement: &str,
) -> Result<String, CargoError> {
    let mut doc = parse(text)?;
    let dependencies = doc
        .get_mut("workspace")
        .and_then(|workspace| workspace.get_mut("dependencies"))
        .and_then(Item::as_table_like_mut);
    if let Some(dependencies) = dependencies {
        for (name, entry) in dependencies.iter_mut() {
            let Some(entry) = entry.as_table_like_mut() else {
                continue;
            };
            let package = entry.get("package").and_then(Item::as_str).unwrap_or(name.get());
            let local = entry.get("path").is_some() && names.iter().any(|n| n == package);
            if local && let Some(old) = entry.get("version").and_then(Item::as_value) {
                let mut value = Value::from(requirement);
                *value.decor_mut() = old.decor().clone();
                entry.insert("version", Item::Value(value));
            }
        }
    }
    Ok(doc.to_string())
}

/// `Cargo.lock` with `version` for every local package (no `source`) named in `names`.
pub fn set_lock_versions(lock: &str, names: &[String], version: &str) -> Result<String, CargoError> {
    let mut doc = parse(lock)?;
    if let Some(packages) = doc.get_mut("package").and_then(Item::as_array_of_tables_mut) {
        for package in packages.iter_mut() {
            let local = package.get("source").is_none();
            let named = package
                .get("name")
                .and_then(Item::as_str)
                .is_some_and(|name| names.iter().any(|n| n == name));
            if local
                && named
                && let Some(old) = package.get("version").and_then(Item::as_value)
            {
                let mut value = Value::from(version);
                *value.decor_mut() = old.decor().clone();
                package.insert("version", Item::Value(value));
            }
        }
    }
    Ok(doc.to_string())
}

fn parse(text: &str) -> Result<DocumentMut, CargoError> {
    text.parse::<DocumentMut>().map_err(|err| CargoError::Toml {
        message: err.message().trim().to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn package_version_keeps_every_other_byte() {
        let text = "[package]\nname = \"demo\"\nversion = \"0.1.0\"   # set by scmver\nedition = \"2024\"\n";
        let edit = set_manifest_version(text, "1.2.4-dev.5+g1a2b3c4d5", false).expect("edit");
        assert_eq!(
            edit.new_text,
            "[package]\nname = \"demo\"\nversion = \"1.2.4-dev.5+g1a2b3c4d5\"   # set by scmver\nedition = \"2024\"\n"
        );
        assert_eq!(edit.old_version.as_deref(), Some("0.1.0"));
        assert_eq!(
            version_home(text),
            Ok(VersionHome::Package { name: "demo".into() })
        );
    }

    #[test]
    fn workspace_versions() {
        let member = "[package]\nname = \"a\"\nversion.workspace = true\n";
        assert_eq!(
            version_home(member),
            Ok(VersionHome::Inherited { name: "a".into() })
        );
        let root = "[workspace]\nmembers = [\"a\"]\n\n[workspace.package]\nversion = \"0.1.0\"\nedition = \"2024\"\n";
        assert_eq!(version_home(root), Ok(VersionHome::Workspace));
        let edit = set_manifest_version(root, "2.0.0", true).expect("edit");
        assert_eq!(
            edit.new_text,
            "[workspace]\nmembers = [\"a\"]\n\n[workspace.package]\nversion = \"2.0.0\"\nedition = \"2024\"\n"
        );
        let lock = "version = 4\n\n[[package]]\nname = \"a\"\nversion = \"0.1.0\"\n\n[[package]]\nname = \"serde\"\nversion = \"0.1.0\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\n";
        let new = set_lock_versions(lock, &["a".into(), "serde".into()], "2.0.0").expect("lock");
        assert_eq!(
            new,
            "version = 4\n\n[[package]]\nname = \"a\"\nversion = \"2.0.0\"\n\n[[package]]\nname = \"serde\"\nversion = \"0.1.0\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\n"
        );
        let with_deps = "[workspace.dependencies]\na = { path = \"crates/a\", version = \"0.1.0\" }  # ours\nserde = \"1\"\n";
        assert_eq!(
            set_workspace_requirements(with_deps, &["a".into()], "2.0.0-dev.1").expect("edit"),
            "[workspace.dependencies]\na = { path = \"crates/a\", version = \"2.0.0-dev.1\" }  # ours\nserde = \"1\"\n"
        );
        assert!(matches!(version_home("x = 1\n"), Err(CargoError::NoPackage)));
        assert!(matches!(
            version_home("[package]\nname = \"a\"\nversion = 3\n"),
            Err(CargoError::Shape { .. })
        ));
    }
}
