//! The one edge where files are written, appended or created: whole-file atomic replacement,
//! appends, and the placement rules a target must pass first ([`check_directory`],
//! [`check_inside`]). Nothing else in the crate writes to the file system.
//!
//! [`write_atomic`] writes a temporary file next to the target, syncs it, copies the target's
//! permissions and renames it over the target, so a reader sees the old bytes or the new ones,
//! never a mix, and a failure leaves the target untouched. A symlink is followed: its target is
//! replaced and the link stays a link.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// A file cannot be placed or written; it is unchanged.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WriteError {
    /// Writing failed.
    #[error("cannot write `{path}`")]
    Io {
        /// The file that was to be written.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: io::Error,
    },
    /// The directory of the file does not exist (scmver does not create directories).
    #[error("cannot write `{path}`: the directory `{dir}` does not exist")]
    NoDirectory {
        /// The file.
        path: PathBuf,
        /// Its directory.
        dir: PathBuf,
    },
    /// The file would land outside the root it must stay in.
    #[error("`{path}` is outside the repository root `{root}`: writing it needs allow_outside_root")]
    OutsideRoot {
        /// The file, as resolved (symlinks followed).
        path: PathBuf,
        /// The repository's work tree root (the project directory without a repository).
        root: PathBuf,
    },
}

impl WriteError {
    fn io(path: &Path) -> impl Fn(io::Error) -> WriteError + '_ {
        move |source| WriteError::Io {
            path: path.to_owned(),
            source,
        }
    }
}

/// The file's directory must exist: scmver does not create directories.
pub fn check_directory(path: &Path) -> Result<(), WriteError> {
    let dir = parent_dir(path);
    if dir.is_dir() {
        Ok(())
    } else {
        Err(WriteError::NoDirectory {
            path: path.to_owned(),
            dir: dir.to_owned(),
        })
    }
}

/// Refuse a path whose final target (symlinks followed) is outside `root`.
pub fn check_inside(path: &Path, root: &Path) -> Result<(), WriteError> {
    let err = WriteError::io(path);
    let root = fs::canonicalize(root).map_err(&err)?;
    let resolved = match fs::canonicalize(path) {
        Ok(resolved) => resolved,
        // Not there yet (or a dangling link): its directory decides.
        Err(_) => {
            let dir = fs::canonicalize(parent_dir(path)).map_err(&err)?;
            dir.join(path.file_name().unwrap_or_default())
        }
    };
    if resolved.starts_with(&root) {
        Ok(())
    } else {
        Err(WriteError::OutsideRoot { path: resolved, root })
    }
}

fn parent_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    }
}

/// Replace `path`'s contents with `bytes` atomically (temp file in the same directory, fsync,
/// rename), keeping the file's permissions, writing through a symlink to its target.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    let err = WriteError::io(path);
    let target = resolve_symlinks(path).map_err(&err)?;
    let dir = match target.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_owned(),
        _ => PathBuf::from("."),
    };
    let existing_permissions = match fs::metadata(&target) {
        Ok(meta) => {
            if meta.permissions().readonly() {
                return Err(err(io::Error::new(
                    io::ErrorKind::PermissionDenied,
                    "the file is read-only",
                )));
            }
            Some(meta.permissions())
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(err(e)),
    };
    let file_name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (temp_path, mut temp) = create_temp(&dir, &file_name).map_err(&err)?;
    let result = (|| {
        temp.write_all(bytes)?;
        if let Some(permissions) = existing_permissions {
            temp.set_permissions(permissions)?;
        }
        temp.sync_all()?;
        drop(temp);
        fs::rename(&temp_path, &target)?;
        // Make the rename itself durable where the platform allows syncing a directory.
        if let Ok(dir_handle) = File::open(&dir) {
            let _ = dir_handle.sync_all();
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temp_path);
    }
    result.map_err(&err)
}

/// Append `bytes` to `path` (created if missing): for files other tools collect line by line,
/// such as GitHub's `$GITHUB_OUTPUT`.
pub fn append_to_file(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    let err = WriteError::io(path);
    let mut file = OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .map_err(&err)?;
    file.write_all(bytes).map_err(&err)?;
    file.sync_all().map_err(&err)
}

/// Follow symlinks (relative ones against their own directory) to the file they name.
fn resolve_symlinks(path: &Path) -> io::Result<PathBuf> {
    let mut current = path.to_owned();
    for _ in 0..40 {
        match fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let link = fs::read_link(&current)?;
                current = match current.parent() {
                    Some(parent) if link.is_relative() => parent.join(link),
                    _ => link,
                };
            }
            Ok(_) => return Ok(current),
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(current),
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::other("too many levels of symbolic links"))
}

/// A new file `.{name}.scmver-tmp-{pid}-{n}` in `dir`, created exclusively.
fn create_temp(dir: &Path, name: &str) -> io::Result<(PathBuf, File)> {
    let pid = std::process::id();
    for attempt in 0..100u32 {
        let candidate = dir.join(format!(".{name}.scmver-tmp-{pid}-{attempt}"));
        match OpenOptions::new().write(true).create_new(true).open(&candidate) {
            Ok(file) => return Ok((candidate, file)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::new(
        io::ErrorKind::AlreadyExists,
        "no free temporary file name",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_contents_and_keeps_permissions() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("VERSION");
        fs::write(&path, "old\n").expect("write");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).expect("chmod");
        }
        write_atomic(&path, b"new\n").expect("atomic write");
        assert_eq!(fs::read_to_string(&path).expect("read"), "new\n");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(
                fs::metadata(&path).expect("meta").permissions().mode() & 0o777,
                0o640
            );
        }
        let leftovers: Vec<_> = fs::read_dir(dir.path()).expect("ls").collect();
        assert_eq!(leftovers.len(), 1, "no temporary file left behind");
    }

    #[cfg(unix)]
    #[test]
    fn writes_through_a_symlink() {
        let dir = tempfile::tempdir().expect("tempdir");
        let real = dir.path().join("real.txt");
        let link = dir.path().join("link.txt");
        fs::write(&real, "old").expect("write");
        std::os::unix::fs::symlink("real.txt", &link).expect("symlink");
        write_atomic(&link, b"new").expect("atomic write");
        assert!(
            fs::symlink_metadata(&link)
                .expect("meta")
                .file_type()
                .is_symlink()
        );
        assert_eq!(fs::read_to_string(&real).expect("read"), "new");
    }

    #[test]
    fn read_only_file_is_refused_and_untouched() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("VERSION");
        fs::write(&path, "old").expect("write");
        let mut permissions = fs::metadata(&path).expect("meta").permissions();
        permissions.set_readonly(true);
        fs::set_permissions(&path, permissions).expect("chmod");
        let err = write_atomic(&path, b"new").expect_err("read-only");
        assert_eq!(err.to_string(), format!("cannot write `{}`", path.display()));
        assert_eq!(fs::read_to_string(&path).expect("read"), "old");
    }

    #[test]
    fn appends() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("out");
        append_to_file(&path, b"a=1\n").expect("append");
        append_to_file(&path, b"b=2\n").expect("append");
        assert_eq!(fs::read_to_string(&path).expect("read"), "a=1\nb=2\n");
    }
}
