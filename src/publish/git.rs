//! The registry repository through git2: a cached bare repository per remote, the module
//! committed as a tree (no working copy), and a fast-forward push of goldpath's own branch.

use super::forge::place::ForgeKind;
use super::plan::Plan;
use super::{Failure, Step, Token};
use git2::{
    Direction, FetchOptions, Oid, PushOptions, RemoteCallbacks, Repository, Signature, Tree,
};
use sha2::{Digest, Sha256};
use std::cell::RefCell;
use std::path::Path;

/// Where fetched remote branches are kept in the cache.
const TRACKING: &str = "refs/goldpath/remote/";

/// Who commits: goldpath itself, so commits do not depend on the machine's git config.
const COMMITTER: (&str, &str) = ("goldpath", "goldpath@users.noreply.github.com");

pub use crate::remote::display_url;

/// The cached repository of one remote.
pub struct Registry<'a> {
    repo: Repository,
    url: &'a str,
    token: Option<&'a Token>,
}

/// The remote's branches, as listed before fetching.
#[derive(Debug, Clone, Default)]
pub struct Heads {
    /// The remote's default branch, when it advertises one.
    pub default_branch: Option<String>,
    branches: Vec<(String, Oid)>,
}

impl Heads {
    /// The tip of a branch on the remote.
    pub fn tip(&self, branch: &str) -> Option<Oid> {
        self.branches
            .iter()
            .find(|(name, _)| name == branch)
            .map(|(_, oid)| *oid)
    }
}

/// The module directory written as a git tree.
#[derive(Debug, Clone, Copy)]
pub struct ModuleTree {
    /// The tree's id.
    pub tree: Oid,
    /// How many files it holds.
    pub files: usize,
}

impl<'a> Registry<'a> {
    /// Opens (or creates) the cached bare repository of `url` under `cache_dir`, keyed by a hash
    /// of the URL. The remote is anonymous: neither the URL nor a credential is stored in it.
    pub fn open(cache_dir: &Path, url: &'a str, token: Option<&'a Token>) -> Result<Self, Failure> {
        let key: String = Sha256::digest(url.as_bytes())
            .iter()
            .take(8)
            .map(|b| format!("{b:02x}"))
            .collect();
        let dir = cache_dir.join(key);
        let cache_failure = |e: &dyn std::fmt::Display| {
            Failure::external(
                Step::Fetch,
                format!("cannot use the cache {}: {e}", dir.display()),
                format!("check the permissions of {} (or delete it)", dir.display()),
            )
        };
        let repo = match Repository::open_bare(&dir) {
            Ok(repo) => repo,
            Err(_) => {
                // A missing or broken cache is rebuilt from the remote.
                if dir.exists() {
                    std::fs::remove_dir_all(&dir).map_err(|e| cache_failure(&e))?;
                }
                std::fs::create_dir_all(&dir).map_err(|e| cache_failure(&e))?;
                Repository::init_bare(&dir).map_err(|e| cache_failure(&e))?
            }
        };
        Ok(Registry { repo, url, token })
    }

    /// Lists the remote's branches and default branch.
    pub fn list(&self) -> Result<Heads, Failure> {
        let mut remote = self
            .repo
            .remote_anonymous(self.url)
            .map_err(|e| self.net(Step::Fetch, &e))?;
        let connection = remote
            .connect_auth(Direction::Fetch, Some(self.callbacks(None)), None)
            .map_err(|e| self.net(Step::Fetch, &e))?;
        let branches = connection
            .list()
            .map_err(|e| self.net(Step::Fetch, &e))?
            .iter()
            .filter_map(|head| {
                let branch = head.name().strip_prefix("refs/heads/")?;
                Some((branch.to_string(), head.oid()))
            })
            .collect();
        let default_branch = connection.default_branch().ok().and_then(|buf| {
            buf.as_str()
                .ok()
                .and_then(|name| name.strip_prefix("refs/heads/"))
                .map(str::to_string)
        });
        Ok(Heads {
            default_branch,
            branches,
        })
    }

    /// Fetches the named branches (the `None`s are skipped) into the cache.
    pub fn fetch(&self, branches: &[Option<&str>]) -> Result<(), Failure> {
        let refspecs: Vec<String> = branches
            .iter()
            .flatten()
            .map(|b| format!("+refs/heads/{b}:{TRACKING}{b}"))
            .collect();
        let mut remote = self
            .repo
            .remote_anonymous(self.url)
            .map_err(|e| self.net(Step::Fetch, &e))?;
        let mut options = FetchOptions::new();
        options.remote_callbacks(self.callbacks(None));
        remote
            .fetch(&refspecs, Some(&mut options), None)
            .map_err(|e| self.net(Step::Fetch, &e))
    }

    /// Writes the module directory into the object database as a tree. Terraform's local state
    /// (`.terraform/`, `*.tfstate*`) and `.git` are left out; symbolic links are refused.
    pub fn module_tree(&self, dir: &Path) -> Result<ModuleTree, Failure> {
        let mut files = 0;
        let tree = self.write_dir(dir, &mut files)?.ok_or_else(|| {
            Failure::input(
                Step::Commit,
                format!("{} holds no files to publish", dir.display()),
                "publish the directory `goldpath new` wrote",
            )
        })?;
        Ok(ModuleTree { tree, files })
    }

    fn write_dir(&self, dir: &Path, files: &mut usize) -> Result<Option<Oid>, Failure> {
        let read_failure = |path: &Path, e: &dyn std::fmt::Display| {
            Failure::input(
                Step::Commit,
                format!("cannot read {}: {e}", path.display()),
                "check the module directory and its permissions",
            )
        };
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .and_then(|it| it.collect::<Result<Vec<_>, _>>())
            .map_err(|e| read_failure(dir, &e))?;
        entries.sort_by_key(|e| e.file_name());
        let mut builder = self.repo.treebuilder(None).map_err(|e| self.local(&e))?;
        for entry in entries {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            if name == ".git" || name == ".terraform" || name.contains(".tfstate") {
                continue;
            }
            let kind = entry.file_type().map_err(|e| read_failure(&path, &e))?;
            if kind.is_symlink() {
                return Err(Failure::input(
                    Step::Commit,
                    format!("{} is a symbolic link", path.display()),
                    "replace it with the file it points to; goldpath publishes regular files only",
                ));
            }
            if kind.is_dir() {
                if let Some(sub) = self.write_dir(&path, files)? {
                    builder
                        .insert(&name, sub, 0o040000)
                        .map_err(|e| self.local(&e))?;
                }
                continue;
            }
            let data = std::fs::read(&path).map_err(|e| read_failure(&path, &e))?;
            let blob = self.repo.blob(&data).map_err(|e| self.local(&e))?;
            let mode = if is_executable(&entry) {
                0o100755
            } else {
                0o100644
            };
            builder
                .insert(&name, blob, mode)
                .map_err(|e| self.local(&e))?;
            *files += 1;
        }
        if builder.is_empty() {
            return Ok(None);
        }
        builder.write().map(Some).map_err(|e| self.local(&e))
    }

    /// `start` (a module's tree, or none) with `write` put in and `delete` taken out; files the
    /// changes do not name keep their content and mode. `None` when nothing is left.
    pub fn changed_tree(
        &self,
        start: Option<Oid>,
        write: &crate::render::Bundle,
        delete: &[String],
    ) -> Result<Option<ModuleTree>, Failure> {
        let mut tree = start;
        for (path, text) in write.iter() {
            let blob = self
                .repo
                .blob(text.as_bytes())
                .map_err(|e| self.local(&e))?;
            let segments: Vec<&str> = path.split('/').collect();
            tree = self.put_path(tree, &segments, Some(blob))?;
        }
        for path in delete {
            let segments: Vec<&str> = path.split('/').collect();
            tree = self.put_path(tree, &segments, None)?;
        }
        let Some(tree) = tree else {
            return Ok(None);
        };
        let mut files = 0;
        self.repo
            .find_tree(tree)
            .and_then(|t| {
                t.walk(git2::TreeWalkMode::PreOrder, |_, entry| {
                    if entry.kind() == Some(git2::ObjectType::Blob) {
                        files += 1;
                    }
                    git2::TreeWalkResult::Ok
                })
            })
            .map_err(|e| self.local(&e))?;
        Ok(Some(ModuleTree { tree, files }))
    }

    /// `tree` with the blob at `path` set (a new file is a regular one; an existing file keeps
    /// its mode) or, for `None`, removed along with directories it leaves empty.
    fn put_path(
        &self,
        tree: Option<Oid>,
        path: &[&str],
        blob: Option<Oid>,
    ) -> Result<Option<Oid>, Failure> {
        let (first, rest) = path.split_first().expect("a file path has segments");
        let tree = match tree {
            Some(id) => Some(self.repo.find_tree(id).map_err(|e| self.local(&e))?),
            None => None,
        };
        let existing = tree.as_ref().and_then(|t| t.get_name(first));
        let existing = existing.map(|e| (e.id(), e.filemode()));
        let mut builder = self
            .repo
            .treebuilder(tree.as_ref())
            .map_err(|e| self.local(&e))?;
        let child = if rest.is_empty() {
            blob.map(|id| (id, existing.map_or(0o100644, |(_, mode)| mode)))
        } else {
            let sub = existing
                .filter(|(_, mode)| *mode == 0o040000)
                .map(|(id, _)| id);
            self.put_path(sub, rest, blob)?.map(|id| (id, 0o040000))
        };
        match child {
            Some((id, mode)) => builder.insert(first, id, mode).map(|_| ()),
            None if existing.is_some() => builder.remove(first),
            None => Ok(()),
        }
        .map_err(|e| self.local(&e))?;
        if builder.is_empty() {
            return Ok(None);
        }
        builder.write().map(Some).map_err(|e| self.local(&e))
    }

    /// Every text file of `commit`'s tree, by `/`-separated path (binary files are left out).
    pub fn files_at(
        &self,
        commit: Oid,
    ) -> Result<std::collections::BTreeMap<String, String>, Failure> {
        let tree = self.commit_tree(commit)?;
        let mut files = std::collections::BTreeMap::new();
        let mut failed = None;
        tree.walk(git2::TreeWalkMode::PreOrder, |root, entry| {
            if entry.kind() != Some(git2::ObjectType::Blob) {
                return git2::TreeWalkResult::Ok;
            }
            match self.repo.find_blob(entry.id()) {
                Ok(blob) => {
                    if let (Ok(text), Ok(name)) =
                        (std::str::from_utf8(blob.content()), entry.name())
                    {
                        files.insert(format!("{root}{name}"), text.to_string());
                    }
                    git2::TreeWalkResult::Ok
                }
                Err(e) => {
                    failed = Some(e);
                    git2::TreeWalkResult::Abort
                }
            }
        })
        .map_err(|e| self.local(&e))?;
        match failed {
            Some(e) => Err(self.local(&e)),
            None => Ok(files),
        }
    }

    /// The tree at `path` in `commit`, when there is one.
    pub fn tree_at(&self, commit: Oid, path: &str) -> Result<Option<Oid>, Failure> {
        let tree = self.commit_tree(commit)?;
        Ok(tree.get_path(Path::new(path)).ok().map(|entry| entry.id()))
    }

    /// Commits `parent`'s tree with `module` at the plan's path, on top of `parent`; `None` when
    /// that changes nothing (no empty commits).
    pub fn commit_module(
        &self,
        parent: Oid,
        plan: &Plan,
        module: Oid,
    ) -> Result<Option<Oid>, Failure> {
        let parent_tree = self.commit_tree(parent)?;
        let segments: Vec<&str> = plan.module_path.split('/').collect();
        let tree = self.replace_at(Some(&parent_tree), &segments, module)?;
        if tree == parent_tree.id() {
            return Ok(None);
        }
        let update = parent_tree.get_path(Path::new(&plan.module_path)).is_ok();
        let signature = Signature::now(COMMITTER.0, COMMITTER.1).map_err(|e| self.local(&e))?;
        let parent = self.repo.find_commit(parent).map_err(|e| self.local(&e))?;
        let tree = self.repo.find_tree(tree).map_err(|e| self.local(&e))?;
        self.repo
            .commit(
                None,
                &signature,
                &signature,
                &plan.commit_message(update),
                &tree,
                &[&parent],
            )
            .map(Some)
            .map_err(|e| self.local(&e))
    }

    fn commit_tree(&self, commit: Oid) -> Result<Tree<'_>, Failure> {
        self.repo
            .find_commit(commit)
            .and_then(|c| c.tree())
            .map_err(|e| self.local(&e))
    }

    fn replace_at(
        &self,
        tree: Option<&Tree<'_>>,
        path: &[&str],
        module: Oid,
    ) -> Result<Oid, Failure> {
        let (first, rest) = path.split_first().expect("a module path has segments");
        let mut builder = self.repo.treebuilder(tree).map_err(|e| self.local(&e))?;
        let child = if rest.is_empty() {
            module
        } else {
            let existing = tree
                .and_then(|t| t.get_name(first))
                .and_then(|entry| entry.to_object(&self.repo).ok())
                .and_then(|object| object.into_tree().ok());
            self.replace_at(existing.as_ref(), rest, module)?
        };
        builder
            .insert(first, child, 0o040000)
            .map_err(|e| self.local(&e))?;
        builder.write().map_err(|e| self.local(&e))
    }

    /// Pushes `commit` to goldpath's branch. The commit descends from the tip fetched earlier, so
    /// this is a fast-forward: if the branch moved in between, the remote refuses it (a lease
    /// the remote enforces), and goldpath never force-pushes.
    pub fn push(&self, branch: &str, commit: Oid) -> Result<(), Failure> {
        let local = format!("{TRACKING}{branch}");
        self.repo
            .reference(&local, commit, true, "goldpath publish")
            .map_err(|e| self.local(&e))?;
        let rejected = RefCell::new(None);
        let mut remote = self
            .repo
            .remote_anonymous(self.url)
            .map_err(|e| self.net(Step::Push, &e))?;
        let mut options = PushOptions::new();
        options.remote_callbacks(self.callbacks(Some(&rejected)));
        let pushed = remote.push(
            &[format!("{local}:refs/heads/{branch}")],
            Some(&mut options),
        );
        drop(options);
        let rejection = rejected.take();
        match (pushed, rejection) {
            (Ok(()), None) => Ok(()),
            (Ok(()), Some(reason)) => Err(rejected_push(branch, &reason)),
            (Err(e), _)
                if e.class() == git2::ErrorClass::Reference || e.message().contains("fast") =>
            {
                Err(rejected_push(branch, e.message()))
            }
            (Err(e), _) => Err(self.net(Step::Push, &e)),
        }
    }

    fn callbacks<'cb>(
        &'cb self,
        rejected: Option<&'cb RefCell<Option<String>>>,
    ) -> RemoteCallbacks<'cb> {
        let mut callbacks = RemoteCallbacks::new();
        crate::remote::credentials(&mut callbacks, self.token.map(Token::login));
        if let Some(rejected) = rejected {
            callbacks.push_update_reference(move |_reference, status| {
                if let Some(reason) = status {
                    *rejected.borrow_mut() = Some(reason.to_string());
                }
                Ok(())
            });
        }
        callbacks
    }

    /// A failure talking to the remote, explained by what libgit2 reports.
    fn net(&self, step: Step, e: &git2::Error) -> Failure {
        let url = display_url(self.url);
        let message = e.message();
        let fix = if e.code() == git2::ErrorCode::Auth
            || message.contains("authentication")
            || message.contains("401")
        {
            format!(
                "the registry refused the credentials: set {} to a token that may push to it, or load an SSH key into ssh-agent",
                self.token.map_or_else(
                    || ForgeKind::GitHub.token_help(),
                    |t| t.forge().token_help()
                )
            )
        } else if message.contains("403")
            || message.contains("404")
            || message.contains("not found")
        {
            format!(
                "check the registry URL `{url}` (--registry or registry.url) and that the token may read and push it"
            )
        } else {
            format!("check the registry URL `{url}` (--registry or registry.url) and the network")
        };
        Failure::external(step, format!("{url}: {message}"), fix)
    }

    /// A failure in the local cache repository.
    fn local(&self, e: &git2::Error) -> Failure {
        Failure::external(
            Step::Commit,
            format!(
                "the cached registry repository {}: {}",
                self.repo.path().display(),
                e.message()
            ),
            format!("delete {} and try again", self.repo.path().display()),
        )
    }
}

fn rejected_push(branch: &str, reason: &str) -> Failure {
    Failure::external(
        Step::Push,
        format!("the registry rejected the push to `{branch}`: {reason}"),
        format!(
            "if `{branch}` moved while publishing, run again to build on it; if a rule or hook protects `goldpath/*` branches, let goldpath push them"
        ),
    )
}

#[cfg(unix)]
fn is_executable(entry: &std::fs::DirEntry) -> bool {
    use std::os::unix::fs::PermissionsExt;
    entry
        .metadata()
        .is_ok_and(|m| m.permissions().mode() & 0o111 != 0)
}

#[cfg(not(unix))]
fn is_executable(_entry: &std::fs::DirEntry) -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_urls_drop_credentials() {
        assert_eq!(
            display_url("https://x-access-token:s3cret@github.com/acme/tf.git"),
            "https://github.com/acme/tf.git"
        );
        assert_eq!(
            display_url("git@github.com:acme/tf.git"),
            "git@github.com:acme/tf.git"
        );
        assert_eq!(display_url("/srv/registry.git"), "/srv/registry.git");
    }
}
