//! The one edge where files are written, appended or created. Nothing else in the crate
//! writes to the file system.
//!
//! Every write first resolves its target ([`resolve_target`]): symlinks are followed to the
//! file they name (a dangling link names a file that does not exist yet; a symlinked parent
//! directory is resolved too), and the final target must then
//!
//! - lie inside the [`Placement`]'s root, unless the placement allows any place;
//! - lie outside every git directory (any path component named `.git`, the repository's git
//!   dir and common dir), whatever the placement;
//! - be a regular file with one link, or not exist yet: a directory, FIFO, socket or device is
//!   never replaced or opened, and a hard-linked file is refused rather than split.
//!
//! [`write_atomic`] then writes a temporary file next to the target, syncs it, copies the
//! target's permissions (and, where allowed, its owner) and renames it over the target, so a
//! reader sees the old bytes or the new ones, never a mix, and a failure leaves the target
//! untouched. [`append_to_file`] appends in one write and cuts the file back to its old length
//! when the write fails, so an append is all or nothing.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};

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
    /// The file would land inside a git directory.
    #[error("`{path}` resolves to `{resolved}`, inside a git directory: scmver never writes there")]
    InGitDirectory {
        /// The file as named.
        path: PathBuf,
        /// Where it resolves to.
        resolved: PathBuf,
    },
    /// The target exists and is not a regular file.
    #[error(
        "`{path}` resolves to `{resolved}`, which is {kind}, not a regular file: scmver writes regular files only"
    )]
    NotARegularFile {
        /// The file as named.
        path: PathBuf,
        /// Where it resolves to.
        resolved: PathBuf,
        /// What it is (`a directory`, `a FIFO`, …).
        kind: &'static str,
    },
    /// The target has more than one hard link: replacing it would split the links.
    #[error(
        "`{path}` has {links} hard links: replacing it would leave the others with the old contents; write a file with one link"
    )]
    HardLinked {
        /// The file as named.
        path: PathBuf,
        /// Its link count.
        links: u64,
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

/// Where a file may be written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Placement {
    /// The directory the target must resolve inside; `None` allows any place (an explicit
    /// choice, such as a CI's own output file).
    pub root: Option<PathBuf>,
    /// Git directories never written into, besides any path component named `.git`.
    pub git_dirs: Vec<PathBuf>,
}

impl Placement {
    /// Inside `root`, outside `git_dirs`.
    #[must_use]
    pub fn inside(root: impl Into<PathBuf>, git_dirs: Vec<PathBuf>) -> Self {
        Placement {
            root: Some(root.into()),
            git_dirs,
        }
    }

    /// Anywhere outside `git_dirs`.
    #[must_use]
    pub fn anywhere(git_dirs: Vec<PathBuf>) -> Self {
        Placement { root: None, git_dirs }
    }
}

/// A target that passed the placement rules.
#[derive(Debug)]
pub struct Target {
    /// The final path, absolute, symlinks resolved.
    pub resolved: PathBuf,
    /// Its metadata when it exists (a regular file with one link).
    pub existing: Option<fs::Metadata>,
}

/// Resolve `path` and check it against `placement` and the file rules (see the module docs).
pub fn resolve_target(path: &Path, placement: &Placement) -> Result<Target, WriteError> {
    let err = WriteError::io(path);
    let followed = resolve_symlinks(path).map_err(&err)?;
    let dir = parent_dir(&followed);
    let Ok(canonical_dir) = fs::canonicalize(dir) else {
        return Err(WriteError::NoDirectory {
            path: path.to_owned(),
            dir: dir.to_owned(),
        });
    };
    if !canonical_dir.is_dir() {
        return Err(WriteError::NoDirectory {
            path: path.to_owned(),
            dir: dir.to_owned(),
        });
    }
    let name = match followed.components().next_back() {
        Some(Component::Normal(name)) => name.to_owned(),
        _ => {
            return Err(err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "not a file name",
            )));
        }
    };
    let resolved = canonical_dir.join(name);
    let in_git_dir = resolved
        .components()
        .any(|c| matches!(c, Component::Normal(part) if part == ".git"))
        || placement
            .git_dirs
            .iter()
            .filter_map(|dir| fs::canonicalize(dir).ok())
            .any(|dir| resolved.starts_with(dir));
    if in_git_dir {
        return Err(WriteError::InGitDirectory {
            path: path.to_owned(),
            resolved,
        });
    }
    if let Some(root) = &placement.root {
        let root = fs::canonicalize(root).map_err(&err)?;
        if !resolved.starts_with(&root) {
            return Err(WriteError::OutsideRoot { path: resolved, root });
        }
    }
    let existing = match fs::symlink_metadata(&resolved) {
        Ok(meta) => Some(meta),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(err(e)),
    };
    if let Some(meta) = &existing {
        check_regular(path, &resolved, meta)?;
    }
    Ok(Target { resolved, existing })
}

/// A regular file with one link, else the error saying what it is.
fn check_regular(path: &Path, resolved: &Path, meta: &fs::Metadata) -> Result<(), WriteError> {
    let kind = file_kind(meta);
    if kind != "a regular file" {
        return Err(WriteError::NotARegularFile {
            path: path.to_owned(),
            resolved: resolved.to_owned(),
            kind,
        });
    }
    let links = link_count(meta);
    if links > 1 {
        return Err(WriteError::HardLinked {
            path: path.to_owned(),
            links,
        });
    }
    Ok(())
}

fn file_kind(meta: &fs::Metadata) -> &'static str {
    let file_type = meta.file_type();
    if file_type.is_file() {
        return "a regular file";
    }
    if file_type.is_dir() {
        return "a directory";
    }
    if file_type.is_symlink() {
        return "a symbolic link";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a FIFO";
        }
        if file_type.is_socket() {
            return "a socket";
        }
        if file_type.is_block_device() || file_type.is_char_device() {
            return "a device";
        }
    }
    "not a regular file"
}

#[cfg(unix)]
fn link_count(meta: &fs::Metadata) -> u64 {
    use std::os::unix::fs::MetadataExt;
    meta.nlink()
}

#[cfg(not(unix))]
fn link_count(_meta: &fs::Metadata) -> u64 {
    1
}

/// Check that `path` could be written under `placement`, before any work is done.
pub fn check_placement(path: &Path, placement: &Placement) -> Result<(), WriteError> {
    resolve_target(path, placement).map(|_| ())
}

fn parent_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    }
}

/// Replace `path`'s contents with `bytes` atomically (temp file in the same directory, fsync,
/// rename), keeping the file's permissions and owner, writing through a symlink to its target.
pub fn write_atomic(path: &Path, bytes: &[u8], placement: &Placement) -> Result<(), WriteError> {
    let err = WriteError::io(path);
    let Target { resolved, existing } = resolve_target(path, placement)?;
    if existing
        .as_ref()
        .is_some_and(|meta| meta.permissions().readonly())
    {
        return Err(err(io::Error::new(
            io::ErrorKind::PermissionDenied,
            "the file is read-only",
        )));
    }
    let dir = parent_dir(&resolved).to_owned();
    let file_name = resolved
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (temp_path, mut temp) = create_temp(&dir, &file_name).map_err(&err)?;
    let result = (|| {
        temp.write_all(bytes)?;
        if let Some(meta) = &existing {
            temp.set_permissions(meta.permissions())?;
            keep_owner(&temp, meta)?;
        }
        temp.sync_all()?;
        drop(temp);
        fs::rename(&temp_path, &resolved)?;
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

/// Give the new file the old one's owner and group; only a privileged process can, and only
/// then can they differ from the new file's.
#[cfg(unix)]
fn keep_owner(file: &File, old: &fs::Metadata) -> io::Result<()> {
    use std::os::unix::fs::MetadataExt;
    let new = file.metadata()?;
    if (new.uid(), new.gid()) == (old.uid(), old.gid()) {
        return Ok(());
    }
    match std::os::unix::fs::fchown(file, Some(old.uid()), Some(old.gid())) {
        Ok(()) => Ok(()),
        // Not privileged: the file can only be ours, as with any editor's save.
        Err(e) if e.kind() == io::ErrorKind::PermissionDenied => Ok(()),
        Err(e) => Err(e),
    }
}

#[cfg(not(unix))]
fn keep_owner(_file: &File, _old: &fs::Metadata) -> io::Result<()> {
    Ok(())
}

/// Append `bytes` to `path` (created if missing) in one write, for files other tools collect
/// line by line, such as GitHub's `$GITHUB_OUTPUT`. On failure the file is cut back to its old
/// length.
pub fn append_to_file(path: &Path, bytes: &[u8], placement: &Placement) -> Result<(), WriteError> {
    let err = WriteError::io(path);
    let Target { resolved, .. } = resolve_target(path, placement)?;
    let mut file = open_for_append(&resolved).map_err(&err)?;
    // Checked again on the open file: the path may have changed since it was resolved.
    let meta = file.metadata().map_err(&err)?;
    check_regular(path, &resolved, &meta)?;
    let old_len = meta.len();
    let written = file.write_all(bytes).and_then(|()| file.sync_all());
    if let Err(e) = written {
        let _ = file.set_len(old_len);
        return Err(err(e));
    }
    Ok(())
}

/// Open for appending without following a final symlink and without blocking on a FIFO.
#[cfg(unix)]
fn open_for_append(path: &Path) -> io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    OpenOptions::new()
        .create(true)
        .append(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOFOLLOW)
        .open(path)
}

#[cfg(not(unix))]
fn open_for_append(path: &Path) -> io::Result<File> {
    OpenOptions::new().create(true).append(true).open(path)
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
        write_atomic(&path, b"new\n", &Placement::default()).expect("atomic write");
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
        write_atomic(&link, b"new", &Placement::default()).expect("atomic write");
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
        let err = write_atomic(&path, b"new", &Placement::default()).expect_err("read-only");
        assert_eq!(err.to_string(), format!("cannot write `{}`", path.display()));
        assert_eq!(fs::read_to_string(&path).expect("read"), "old");
    }

    #[test]
    fn appends() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("out");
        append_to_file(&path, b"a=1\n", &Placement::default()).expect("append");
        append_to_file(&path, b"b=2\n", &Placement::default()).expect("append");
        assert_eq!(fs::read_to_string(&path).expect("read"), "a=1\nb=2\n");
    }

    /// Every refusal leaves the target (and everything else) as it was.
    #[cfg(unix)]
    #[test]
    fn refusals() {
        use std::os::unix::fs::symlink;
        let top = tempfile::tempdir().expect("tempdir");
        let root = top.path().join("project");
        let outside = top.path().join("outside");
        fs::create_dir_all(root.join(".git")).expect("mkdir");
        fs::create_dir_all(&outside).expect("mkdir");
        fs::write(root.join(".git/config"), "config").expect("write");
        fs::write(outside.join("secret"), "secret").expect("write");
        let git_dir = root.join(".git");
        let placement = Placement::inside(&root, vec![git_dir.clone()]);
        let refused = |name: &str, expected: &str| {
            let path = root.join(name);
            let err = write_atomic(&path, b"new", &placement).expect_err(name);
            assert!(err.to_string().contains(expected), "{name}: {err}");
            let err = append_to_file(&path, b"new", &placement).expect_err(name);
            assert!(err.to_string().contains(expected), "{name}: {err}");
        };
        refused(".git/config", "inside a git directory");
        symlink(".git/config", root.join("to-git")).expect("symlink");
        refused("to-git", "inside a git directory");
        symlink(outside.join("secret"), root.join("to-outside")).expect("symlink");
        refused("to-outside", "outside the repository root");
        symlink(outside.join("missing"), root.join("dangling")).expect("symlink");
        refused("dangling", "outside the repository root");
        symlink(&outside, root.join("linked-dir")).expect("symlink");
        refused("linked-dir/new", "outside the repository root");
        fs::create_dir(root.join("a-dir")).expect("mkdir");
        refused("a-dir", "a directory, not a regular file");
        let fifo = root.join("fifo");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|status| status.success()) {
            refused("fifo", "a FIFO, not a regular file");
        }
        fs::write(root.join("linked"), "old").expect("write");
        fs::hard_link(root.join("linked"), root.join("linked-too")).expect("link");
        refused("linked", "2 hard links");
        refused("no-such-dir/VERSION", "does not exist");
        assert_eq!(
            fs::read_to_string(root.join(".git/config")).expect("read"),
            "config"
        );
        assert_eq!(
            fs::read_to_string(outside.join("secret")).expect("read"),
            "secret"
        );
        assert!(!outside.join("missing").exists());
        assert!(!outside.join("new").exists());
        assert_eq!(fs::read_to_string(root.join("linked-too")).expect("read"), "old");
        // Anywhere means anywhere but a git directory.
        let anywhere = Placement::anywhere(vec![git_dir]);
        append_to_file(&outside.join("out"), b"a=1\n", &anywhere).expect("append outside");
        assert!(append_to_file(&root.join(".git/out"), b"a=1\n", &anywhere).is_err());
    }
}
