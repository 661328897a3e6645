//! A module directory as it was at a git revision, for `goldpath cost --compare-to REF`: its
//! files read from the repository's objects into a temporary directory, never from (or into)
//! the work tree or the index.

use crate::Error;
use crate::cost::bundle::USAGE_FILE;
use crate::guardrails::files;
use crate::render::RECORD_FILE;
use git2::{ErrorCode, ObjectType, Repository, Tree};
use std::path::{Path, PathBuf};

/// What the estimate reads of DIR's path at a git revision, in a temporary directory.
pub(super) struct Snapshot {
    /// The files; none when DIR's path is not a directory at the revision.
    pub dir: tempfile::TempDir,
    /// DIR's path in the repository, `/`-separated; empty at its root.
    pub path: String,
}

/// Why a revision's files could not be written out.
enum SnapshotError {
    /// Reading the repository failed.
    Git(git2::Error),
    /// Writing a file failed.
    Io(PathBuf, std::io::Error),
}

/// DIR's files at the revision `reference` of the git repository that holds DIR, read from
/// the repository's objects: its work tree and index are not touched.
pub(super) fn snapshot(reference: &str, dir: &Path) -> Result<Snapshot, Error> {
    let fail = |message: String| Error::CostCompare {
        reference: reference.to_string(),
        message,
    };
    let repo = Repository::discover(dir).map_err(|_| {
        fail(format!(
            "no directory `{reference}`, and {} is in no git repository to find a revision `{reference}` in",
            dir.display()
        ))
    })?;
    let (root, path) = repo_path(&repo, dir).ok_or_else(|| {
        fail(format!(
            "no directory `{reference}`, and {} is not in the work tree of a git repository",
            dir.display()
        ))
    })?;
    let tree = repo
        .revparse_single(reference)
        .and_then(|object| object.peel_to_tree())
        .map_err(|_| {
            fail(format!(
                "no directory `{reference}`, and no branch, tag or commit `{reference}` in the git repository at {}",
                root.display()
            ))
        })?;
    let temp = tempfile::Builder::new()
        .prefix("goldpath-compare-")
        .tempdir()
        .map_err(|source| Error::Write {
            path: std::env::temp_dir(),
            source,
        })?;
    subtree(&repo, tree, &path)
        .and_then(|tree| match tree {
            Some(tree) => write_tree(&repo, &tree, temp.path()),
            None => Ok(()),
        })
        .map_err(|e| match e {
            SnapshotError::Git(e) => fail(format!(
                "cannot read `{}` at it from the git repository: {}",
                if path.is_empty() { "." } else { &path },
                e.message()
            )),
            SnapshotError::Io(path, source) => Error::Write { path, source },
        })?;
    Ok(Snapshot { dir: temp, path })
}

/// The repository's work tree and `dir`'s `/`-separated path in it; `None` when `dir` is
/// not in it or the repository has none.
fn repo_path(repo: &Repository, dir: &Path) -> Option<(PathBuf, String)> {
    let root = std::fs::canonicalize(repo.workdir()?).ok()?;
    let canonical = std::fs::canonicalize(dir).ok()?;
    let inner = canonical.strip_prefix(&root).ok()?;
    let parts: Option<Vec<&str>> = inner.components().map(|c| c.as_os_str().to_str()).collect();
    let path = parts?.join("/");
    Some((root, path))
}

/// The directory at `path` in `tree`; `None` when there is none there.
fn subtree<'r>(
    repo: &'r Repository,
    tree: Tree<'r>,
    path: &str,
) -> Result<Option<Tree<'r>>, SnapshotError> {
    if path.is_empty() {
        return Ok(Some(tree));
    }
    match tree.get_path(Path::new(path)) {
        Ok(entry) if entry.kind() == Some(ObjectType::Tree) => repo
            .find_tree(entry.id())
            .map(Some)
            .map_err(SnapshotError::Git),
        Ok(_) => Ok(None),
        Err(e) if e.code() == ErrorCode::NotFound => Ok(None),
        Err(e) => Err(SnapshotError::Git(e)),
    }
}

/// Writes the files of `tree` the estimate reads (Terraform files, the usage file and the
/// record) under `to`. Hidden directories are left out, as the walk of a work tree skips them,
/// and so are links and submodules.
fn write_tree(repo: &Repository, tree: &Tree<'_>, to: &Path) -> Result<(), SnapshotError> {
    for entry in tree.iter() {
        let Ok(name) = entry.name() else {
            continue;
        };
        let path = to.join(name);
        match entry.kind() {
            Some(ObjectType::Tree) if !name.starts_with('.') => {
                let sub = repo.find_tree(entry.id()).map_err(SnapshotError::Git)?;
                write_tree(repo, &sub, &path)?;
            }
            Some(ObjectType::Blob) if entry.filemode() != LINK_MODE && read_by_estimate(name) => {
                let blob = repo.find_blob(entry.id()).map_err(SnapshotError::Git)?;
                std::fs::create_dir_all(to)
                    .and_then(|()| std::fs::write(&path, blob.content()))
                    .map_err(|e| SnapshotError::Io(path, e))?;
            }
            _ => {}
        }
    }
    Ok(())
}

/// The git file mode of a symbolic link.
const LINK_MODE: i32 = 0o120000;

/// Whether the estimate reads a file of this name.
fn read_by_estimate(name: &str) -> bool {
    files::is_terraform(name) || name == USAGE_FILE || name == RECORD_FILE
}
