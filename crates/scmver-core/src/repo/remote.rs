//! Where the repository's source lives, without credentials (for OCI labels).

use crate::repo::{Repo, RepoError};

/// The fetch URL of a remote, split into plain parts, with every place a credential can hide
/// dropped: user name and password, query string and fragment. CI systems put tokens into
/// remote URLs (`https://gitlab-ci-token:…@gitlab.com/…`, `…?private_token=…`), and this value
/// ends up in image labels.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoteLocation {
    /// `https`, `http`, `ssh`, `git`, `file`, … (SCP-like `host:path` is `ssh`).
    pub scheme: String,
    /// The host, `None` for local paths.
    pub host: Option<String>,
    /// The port, when given explicitly.
    pub port: Option<u16>,
    /// The path on the host (`/acme/app.git`, or `acme/app.git` for SCP-like URLs).
    pub path: String,
}

/// The fetch URL of the default remote, as git picks it
/// for `git fetch` without arguments (the current branch's remote, else `origin`, else the
/// only remote), before any `url.<base>.insteadOf` rewriting; `None` without remotes.
pub fn read_remote(repo_handle: &Repo) -> Result<Option<RemoteLocation>, RepoError> {
    let repo = repo_handle.gix();
    let Some(name) = repo.remote_default_name(gix::remote::Direction::Fetch) else {
        return Ok(None);
    };
    let Some(remote) = repo.try_find_remote_without_url_rewrite(name.as_slice()) else {
        return Ok(None);
    };
    // gix's message would quote the URL, credentials and all: name the remote only.
    let remote_name = String::from_utf8_lossy(name.as_slice()).into_owned();
    let remote = remote.map_err(|_| RepoError::RemoteUrl {
        remote: remote_name.clone(),
    })?;
    Ok(remote
        .url(gix::remote::Direction::Fetch)
        .map(|url| RemoteLocation {
            scheme: url.scheme.to_string(),
            host: url.host().map(str::to_owned),
            port: url.port,
            path: without_query(&url.path.to_string()).to_owned(),
        }))
}

/// A URL path without its query string and fragment.
fn without_query(path: &str) -> &str {
    path.split(['?', '#']).next().unwrap_or_default()
}
