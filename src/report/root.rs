//! Where code scanning resolves paths from: the root of the git work tree holding the checked
//! files, else the current directory.

use std::path::{Component, Path, PathBuf};

/// The directory report paths are made relative to for SARIF and GitHub annotations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceRoot {
    /// The current directory, absolute: reported paths that are relative start here.
    cwd: PathBuf,
    /// The root, absolute.
    root: PathBuf,
}

impl SourceRoot {
    /// The root for a check of `checked` (as typed) from the current directory `cwd`: the
    /// nearest directory at or above `checked` holding `.git` (a directory, or the file of a
    /// linked work tree or submodule), else `cwd`. Paths are compared as written, without
    /// resolving symbolic links, so they stay the paths the repository holds.
    pub fn find(cwd: &Path, checked: &Path) -> SourceRoot {
        let cwd = normalize(cwd);
        let start = normalize(&cwd.join(checked));
        let root = start
            .ancestors()
            .find(|dir| dir.join(".git").exists())
            .map_or_else(|| cwd.clone(), Path::to_path_buf);
        SourceRoot { cwd, root }
    }

    /// The root as a `file:` URI ending in `/`, for SARIF's `originalUriBaseIds`.
    pub fn uri(&self) -> String {
        let mut uri = file_uri(&self.root);
        if !uri.ends_with('/') {
            uri.push('/');
        }
        uri
    }

    /// A reported path (relative to the current directory, or absolute) relative to the root,
    /// `/`-separated; `None` when it is not below the root.
    pub fn relative(&self, reported: &str) -> Option<String> {
        let absolute = normalize(&self.cwd.join(reported));
        let below = absolute.strip_prefix(&self.root).ok()?;
        Some(
            below
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/"),
        )
    }

    /// A reported path as an absolute `file:` URI.
    pub fn absolute_uri(&self, reported: &str) -> String {
        file_uri(&normalize(&self.cwd.join(reported)))
    }
}

/// `path` with `.` dropped and each `..` taking away the component before it, as written.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push(component);
                }
            }
            other => out.push(other),
        }
    }
    out
}

/// An absolute path as a `file:` URI.
fn file_uri(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    let text = if text.starts_with('/') {
        text
    } else {
        format!("/{text}")
    };
    format!("file://{}", encode(&text))
}

/// Percent-encodes what may not stand in a URI path; `/` stays.
pub(super) fn encode(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        match byte {
            b'A'..=b'Z'
            | b'a'..=b'z'
            | b'0'..=b'9'
            | b'-'
            | b'.'
            | b'_'
            | b'~'
            | b'/'
            | b'!'
            | b'$'
            | b'&'
            | b'\''
            | b'('
            | b')'
            | b'*'
            | b'+'
            | b','
            | b';'
            | b'='
            | b':'
            | b'@' => out.push(byte as char),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_work_tree_holding_the_checked_directory_is_the_root() {
        let repo = tempfile::tempdir().unwrap();
        let base = repo.path();
        std::fs::create_dir_all(base.join(".git")).unwrap();
        std::fs::create_dir_all(base.join("infra/envs/prod")).unwrap();
        // From a subdirectory, checking `envs`.
        let root = SourceRoot::find(&base.join("infra"), Path::new("envs"));
        assert_eq!(root.root, base);
        assert_eq!(
            root.relative("envs/prod/main.tf").as_deref(),
            Some("infra/envs/prod/main.tf")
        );
        // From the root, checking `.`; an absolute path is relative to the root too.
        let root = SourceRoot::find(base, Path::new("."));
        assert_eq!(root.relative("infra/x.tf").as_deref(), Some("infra/x.tf"));
        let absolute = base.join("infra/x.tf");
        assert_eq!(
            root.relative(&absolute.to_string_lossy()).as_deref(),
            Some("infra/x.tf")
        );
        assert!(root.uri().starts_with("file:///") && root.uri().ends_with('/'));
    }

    #[test]
    fn outside_a_work_tree_the_current_directory_is_the_root() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("a/b")).unwrap();
        let root = SourceRoot::find(&dir.path().join("a"), Path::new("b"));
        assert_eq!(root.root, dir.path().join("a"));
        assert_eq!(root.relative("b/main.tf").as_deref(), Some("b/main.tf"));
        assert_eq!(root.relative("../c.tf"), None);
    }

    #[test]
    fn uris_are_percent_encoded() {
        assert_eq!(encode("/a b/c%d/é.tf"), "/a%20b/c%25d/%C3%A9.tf");
        assert_eq!(file_uri(Path::new("/srv/my repo")), "file:///srv/my%20repo");
    }
}
