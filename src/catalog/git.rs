//! Git template sources: a cached bare repository per URL, the ref resolved to a commit, and
//! that commit's tree written once, read-only in spirit, under the cache.
//!
//! ```text
//! CACHE/goldpath/sources/NAME-HASH/repo.git      the fetched refs (tags and branches)
//! CACHE/goldpath/sources/NAME-HASH/trees/TREE/   the files of one tree (or SUBDIR of it)
//! ```

use super::RawTemplate;
use super::spec::{GitOrigin, GitSpec};
use git2::{FetchOptions, ObjectType, Oid, RemoteCallbacks, Repository, Tree};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// A git source resolved to a commit, its files on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkout {
    /// The directory holding the tree (SUBDIR applied): the templates' source root.
    pub root: PathBuf,
    /// The resolved commit, 40 hex digits.
    pub commit: String,
    /// Whether the remote could not be reached and the cached copy was used.
    pub offline: bool,
}

/// Why a git source cannot be used.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum SourceError {
    /// The spec itself is wrong.
    #[error("template source `{spec}`: {message}")]
    #[diagnostic(help(
        "write a directory, or GIT-URL[//SUBDIR]#REF, in --templates or [[sources]]"
    ))]
    Spec {
        /// The spec, credentials removed.
        spec: String,
        /// What is wrong.
        message: String,
    },
    /// The remote could not be fetched and nothing usable is cached.
    #[error("cannot fetch template source {url}: {reason}; no cached copy of `{reference}` exists")]
    #[diagnostic(help(
        "check the URL and the network; for HTTPS set GITHUB_TOKEN (or GH_TOKEN), for SSH load a key into ssh-agent"
    ))]
    Unreachable {
        /// The URL, credentials removed.
        url: String,
        /// The ref asked for.
        reference: String,
        /// What git reported.
        reason: String,
    },
    /// The ref names no tag, branch or commit of the repository.
    #[error("template source {url} has no tag, branch or commit `{reference}`")]
    #[diagnostic(help("use one of its refs: {known}"))]
    UnknownRef {
        /// The URL, credentials removed.
        url: String,
        /// The ref asked for.
        reference: String,
        /// Some tags and branches it has.
        known: String,
    },
    /// The commit's tree holds something a template source may not.
    #[error("template source {url} at {commit}: {message}")]
    #[diagnostic(help(
        "templates hold regular files only: replace links and submodules with the files themselves"
    ))]
    Refused {
        /// The URL, credentials removed.
        url: String,
        /// The resolved commit.
        commit: String,
        /// What was refused.
        message: String,
    },
    /// The cache directory cannot be used.
    #[error("cannot use the template cache {}: {message}", dir.display())]
    #[diagnostic(help("check its permissions, or delete it; it is rebuilt on the next fetch"))]
    Cache {
        /// The directory.
        dir: PathBuf,
        /// What failed.
        message: String,
    },
}

impl SourceError {
    /// The exit code: 3 for what the network or the disk refused, 2 for what the user wrote.
    pub fn exit_code(&self) -> i32 {
        match self {
            SourceError::Unreachable { .. } | SourceError::Cache { .. } => 3,
            _ => 2,
        }
    }
}

/// Resolves `spec` to a commit and its files, fetching unless the cache already holds a full
/// commit (or `refresh` asks to fetch again). When the fetch fails and the cache can still
/// resolve the ref, the cached copy is used and [`Checkout::offline`] says so.
pub fn checkout(
    spec: &GitSpec,
    cache: &Path,
    refresh: bool,
    token: Option<&str>,
) -> Result<Checkout, SourceError> {
    let url = spec.display_url();
    let dir = cache.join(cache_name(&url));
    let cache_error = |e: &dyn std::fmt::Display| SourceError::Cache {
        dir: dir.clone(),
        message: e.to_string(),
    };
    let repo_dir = dir.join("repo.git");
    let repo = match Repository::open_bare(&repo_dir) {
        Ok(repo) => repo,
        Err(_) => {
            if repo_dir.exists() {
                std::fs::remove_dir_all(&repo_dir).map_err(|e| cache_error(&e))?;
            }
            std::fs::create_dir_all(&repo_dir).map_err(|e| cache_error(&e))?;
            Repository::init_bare(&repo_dir).map_err(|e| cache_error(&e))?
        }
    };
    let cached_commit = is_full_commit(&spec.reference)
        && Oid::from_str(&spec.reference)
            .ok()
            .is_some_and(|oid| repo.find_commit(oid).is_ok());
    let fetch_error = if cached_commit && !refresh {
        None
    } else {
        fetch(&repo, &spec.url, token).err()
    };
    let commit = match (resolve(&repo, &spec.reference), &fetch_error) {
        (Some(commit), _) => commit,
        (None, Some(e)) => {
            return Err(SourceError::Unreachable {
                url: url.clone(),
                reference: spec.reference.clone(),
                reason: e.message().to_string(),
            });
        }
        (None, None) => {
            return Err(SourceError::UnknownRef {
                url: url.clone(),
                reference: spec.reference.clone(),
                known: known_refs(&repo),
            });
        }
    };
    let refused = |message: String| SourceError::Refused {
        url: url.clone(),
        commit: commit.to_string(),
        message,
    };
    let commit_obj = repo.find_commit(commit).map_err(|e| cache_error(&e))?;
    let mut tree = commit_obj.tree().map_err(|e| cache_error(&e))?;
    if let Some(subdir) = &spec.subdir {
        let entry = tree
            .get_path(Path::new(subdir))
            .map_err(|_| refused(format!("it has no directory `{subdir}`")))?;
        tree = entry
            .to_object(&repo)
            .ok()
            .and_then(|o| o.into_tree().ok())
            .ok_or_else(|| refused(format!("`{subdir}` is not a directory")))?;
    }
    let trees = dir.join("trees");
    let root = trees.join(tree.id().to_string());
    if !root.is_dir() {
        std::fs::create_dir_all(&trees).map_err(|e| cache_error(&e))?;
        let staging = tempfile::tempdir_in(&trees).map_err(|e| cache_error(&e))?;
        write_tree(&repo, &tree, staging.path(), "").map_err(|e| match e {
            WriteError::Refused(message) => refused(message),
            WriteError::Io(message) => cache_error(&message),
        })?;
        let staged = staging.keep();
        if std::fs::rename(&staged, &root).is_err() {
            // Another goldpath wrote the same tree meanwhile: theirs is as good as ours.
            let _ = std::fs::remove_dir_all(&staged);
            if !root.is_dir() {
                return Err(cache_error(&"cannot move the checked-out tree into place"));
            }
        }
    }
    Ok(Checkout {
        root,
        commit: commit.to_string(),
        offline: fetch_error.is_some(),
    })
}

/// The templates of a checked-out git source, each carrying the repository and commit.
pub fn read_checkout(
    spec: &GitSpec,
    checkout: &Checkout,
) -> Result<Vec<RawTemplate>, crate::Error> {
    let mut raws = super::source::read_root(&checkout.root)?;
    for raw in &mut raws {
        raw.git = Some(GitOrigin {
            url: spec.display_url(),
            reference: spec.reference.clone(),
            commit: checkout.commit.clone(),
            subdir: spec.subdir.clone(),
        });
    }
    Ok(raws)
}

/// The cache directory name of a URL: readable, and unique through a hash of the whole URL.
fn cache_name(url: &str) -> String {
    let last = url
        .trim_end_matches('/')
        .rsplit(['/', ':'])
        .next()
        .unwrap_or("")
        .trim_end_matches(".git");
    let readable: String = last
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .take(40)
        .collect();
    let hash: String = Sha256::digest(url.as_bytes())
        .iter()
        .take(6)
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("{readable}-{hash}")
}

fn is_full_commit(reference: &str) -> bool {
    reference.len() == 40 && reference.chars().all(|c| c.is_ascii_hexdigit())
}

/// Fetches every tag and branch of `url` into the cache; the remote is anonymous, so neither
/// the URL nor a credential is stored in the cache.
fn fetch(repo: &Repository, url: &str, token: Option<&str>) -> Result<(), git2::Error> {
    let mut callbacks = RemoteCallbacks::new();
    let login = token.map(|secret| crate::remote::Login {
        user: "x-access-token",
        secret,
    });
    crate::remote::credentials(&mut callbacks, login);
    let mut options = FetchOptions::new();
    options.remote_callbacks(callbacks);
    options.download_tags(git2::AutotagOption::None);
    let mut remote = repo.remote_anonymous(url)?;
    remote.fetch(
        &["+refs/heads/*:refs/heads/*", "+refs/tags/*:refs/tags/*"],
        Some(&mut options),
        None,
    )
}

/// A tag, then a branch, then a (full or abbreviated) commit.
fn resolve(repo: &Repository, reference: &str) -> Option<Oid> {
    for name in [
        format!("refs/tags/{reference}"),
        format!("refs/heads/{reference}"),
    ] {
        if let Ok(r) = repo.find_reference(&name) {
            return r.peel_to_commit().ok().map(|c| c.id());
        }
    }
    if reference.len() >= 4 && reference.chars().all(|c| c.is_ascii_hexdigit()) {
        return repo
            .revparse_single(reference)
            .ok()?
            .peel_to_commit()
            .ok()
            .map(|c| c.id());
    }
    None
}

/// Some of the repository's tags and branches, for an unknown-ref message.
fn known_refs(repo: &Repository) -> String {
    let mut names: Vec<String> = repo
        .references()
        .map(|refs| {
            refs.flatten()
                .filter_map(|r| r.shorthand().ok().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    if names.is_empty() {
        return "the repository has no tags or branches".into();
    }
    let more = names.len().saturating_sub(10);
    names.truncate(10);
    let mut out = names.join(", ");
    if more > 0 {
        out.push_str(&format!(" and {more} more"));
    }
    out
}

enum WriteError {
    Refused(String),
    Io(String),
}

/// Writes the blobs of `tree` under `dir`; links and submodules are refused.
fn write_tree(
    repo: &Repository,
    tree: &Tree<'_>,
    dir: &Path,
    prefix: &str,
) -> Result<(), WriteError> {
    let io = |e: &dyn std::fmt::Display| WriteError::Io(e.to_string());
    for entry in tree.iter() {
        let name = entry.name().map_err(|_| {
            WriteError::Refused(format!("a file name under `{prefix}` is not UTF-8"))
        })?;
        let rel = format!("{prefix}{name}");
        let path = dir.join(name);
        match entry.kind() {
            Some(ObjectType::Tree) => {
                std::fs::create_dir(&path).map_err(|e| io(&e))?;
                let sub = repo.find_tree(entry.id()).map_err(|e| io(&e))?;
                write_tree(repo, &sub, &path, &format!("{rel}/"))?;
            }
            Some(ObjectType::Blob) if entry.filemode() == 0o120000 => {
                return Err(WriteError::Refused(format!(
                    "`{rel}` is a symbolic link; template sources may not hold links"
                )));
            }
            Some(ObjectType::Blob) => {
                let blob = repo.find_blob(entry.id()).map_err(|e| io(&e))?;
                std::fs::write(&path, blob.content()).map_err(|e| io(&e))?;
            }
            _ => {
                return Err(WriteError::Refused(format!(
                    "`{rel}` is a submodule; template sources may not hold submodules"
                )));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cache_names_are_readable_and_keyed_by_the_whole_url() {
        let a = cache_name("https://github.com/acme/templates.git");
        assert!(a.starts_with("templates-"), "{a}");
        assert_ne!(a, cache_name("https://github.com/other/templates.git"));
        assert!(cache_name("git@host:acme/t.git").starts_with("t-"));
    }

    #[test]
    fn only_forty_hex_digits_are_a_full_commit() {
        assert!(is_full_commit(&"a".repeat(40)));
        assert!(!is_full_commit("abc123"));
        assert!(!is_full_commit(&"g".repeat(40)));
    }
}
