//! Reading policy directories from disk (the edge of the guardrails).

use super::data::{DataFile, is_data};
use super::rego::PolicyFile;
use crate::Error;
use include_dir::{Dir, DirEntry, include_dir};
use std::path::{Component, Path, PathBuf};

static EMBEDDED: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/policies");

/// The shared policy library shipped in the binary, without its unit tests.
pub fn embedded_policies() -> Vec<PolicyFile> {
    library_files()
        .into_iter()
        .filter(|(path, _)| path.ends_with(".rego") && !is_test(path))
        .map(|(path, text)| PolicyFile { path, text })
        .collect()
}

/// Every file of the shipped library (policies, their tests, policy sets), by relative path.
pub fn library_files() -> Vec<(String, String)> {
    fn walk(dir: &Dir<'static>, out: &mut Vec<(String, String)>) {
        for entry in dir.entries() {
            match entry {
                DirEntry::Dir(sub) => walk(sub, out),
                DirEntry::File(f) => {
                    if let Some(text) = f.contents_utf8() {
                        out.push((
                            f.path().to_string_lossy().replace('\\', "/"),
                            text.to_string(),
                        ));
                    }
                }
            }
        }
    }
    let mut out = Vec::new();
    walk(&EMBEDDED, &mut out);
    out.sort();
    out
}

/// Whether a policy file holds unit tests (conftest and OPA name them `*_test.rego`).
pub fn is_test(path: &str) -> bool {
    path.ends_with("_test.rego")
}

/// Every `.rego` file under `dir`, recursively, in path order; symlinks are not followed.
pub fn read_policies(dir: &Path) -> Result<Vec<PolicyFile>, Error> {
    let mut out = Vec::new();
    collect(dir, dir, &mut out)?;
    out.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(out)
}

/// The policies `check --policies` names: each path is a directory (every `.rego` file below
/// it except unit tests) or one `.rego` file. Files are named by their display path (the path
/// as given joined with the file's path below it); a file named twice is read once.
///
/// # Errors
///
/// A path that cannot be read, or that yields no policy.
pub fn read_policy_paths(paths: &[PathBuf]) -> Result<Vec<PolicyFile>, Error> {
    let mut out = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for path in paths {
        let read_err = |source| Error::Read {
            path: path.clone(),
            source,
        };
        let shown = display_root(path);
        let found: Vec<(PathBuf, PolicyFile)> =
            if std::fs::metadata(path).map_err(read_err)?.is_dir() {
                read_policies(path)?
                    .into_iter()
                    .filter(|p| !is_test(&p.path))
                    .map(|p| {
                        let shown = display_join(&shown, &p.path.replace('\\', "/"));
                        (
                            path.join(&p.path),
                            PolicyFile {
                                path: shown,
                                text: p.text,
                            },
                        )
                    })
                    .collect()
            } else if shown.ends_with(".rego") && !is_test(&shown) {
                let text = std::fs::read_to_string(path).map_err(read_err)?;
                vec![(
                    path.clone(),
                    PolicyFile {
                        path: shown.clone(),
                        text,
                    },
                )]
            } else {
                Vec::new()
            };
        if found.is_empty() {
            return Err(Error::Policy {
                path: path.clone(),
                message: format!(
                    "{} no Rego policy (a .rego file other than a *_test.rego unit test); point \
                     --policies at a directory of .rego policies or at one .rego file, or leave \
                     --policies out to use goldpath's shipped library",
                    if is_test(&shown) {
                        "is a unit test file, not a policy: it holds"
                    } else {
                        "holds"
                    }
                ),
            });
        }
        for (file, policy) in found {
            let key = std::fs::canonicalize(&file).unwrap_or(file);
            if seen.insert(key) {
                out.push(policy);
            }
        }
    }
    Ok(out)
}

fn collect(root: &Path, dir: &Path, out: &mut Vec<PolicyFile>) -> Result<(), Error> {
    let read_err = |path: &Path| {
        let path = path.to_path_buf();
        move |source| Error::Read { path, source }
    };
    for entry in std::fs::read_dir(dir).map_err(read_err(dir))? {
        let entry = entry.map_err(read_err(dir))?;
        let path = entry.path();
        let kind = entry.file_type().map_err(read_err(&path))?;
        if kind.is_dir() {
            collect(root, &path, out)?;
        } else if kind.is_file() && path.extension().is_some_and(|e| e == "rego") {
            let text = std::fs::read_to_string(&path).map_err(read_err(&path))?;
            let rel = path
                .strip_prefix(root)
                .unwrap_or(&path)
                .to_string_lossy()
                .into_owned();
            out.push(PolicyFile { path: rel, text });
        }
    }
    Ok(())
}

/// The data documents below `paths` (files, or directories walked for `.json`, `.yaml` and
/// `.yml` files, hidden directories skipped), each with the directories between its root and
/// it as its namespace. A file named directly must be a data document.
///
/// # Errors
///
/// A path that cannot be read, or a file named directly that is not JSON or YAML.
pub fn read_data_files(paths: &[PathBuf]) -> Result<Vec<DataFile>, Error> {
    let mut out = Vec::new();
    for path in paths {
        let read_err = |source| Error::Read {
            path: path.clone(),
            source,
        };
        let shown = display_root(path);
        if std::fs::metadata(path).map_err(read_err)?.is_dir() {
            collect_data(path, &shown, &mut Vec::new(), &mut out)?;
        } else if is_data(&shown) {
            let text = std::fs::read_to_string(path).map_err(read_err)?;
            out.push(DataFile {
                namespace: Vec::new(),
                path: shown,
                text,
            });
        } else {
            return Err(Error::Data {
                path: path.clone(),
                message: "is not a data document: --data takes `.json`, `.yaml` or `.yml` \
                          files, or directories holding them"
                    .into(),
            });
        }
    }
    Ok(out)
}

fn collect_data(
    dir: &Path,
    shown: &str,
    namespace: &mut Vec<String>,
    out: &mut Vec<DataFile>,
) -> Result<(), Error> {
    let read_err = |path: &Path| {
        let path = path.to_path_buf();
        move |source| Error::Read { path, source }
    };
    let mut entries = std::fs::read_dir(dir)
        .map_err(read_err(dir))?
        .collect::<Result<Vec<_>, _>>()
        .map_err(read_err(dir))?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        let shown = display_join(shown, &name);
        let kind = std::fs::metadata(&path).map_err(read_err(&path))?;
        if kind.is_dir() && !name.starts_with('.') {
            namespace.push(name);
            collect_data(&path, &shown, namespace, out)?;
            namespace.pop();
        } else if kind.is_file() && is_data(&name) {
            let text = std::fs::read_to_string(&path).map_err(read_err(&path))?;
            out.push(DataFile {
                namespace: namespace.clone(),
                path: shown,
                text,
            });
        }
    }
    Ok(())
}

/// A module directory read from disk: its Terraform files and goldpath metadata.
#[derive(Debug, Clone, Default)]
pub struct ModuleDir {
    /// The directory as reported: the display root joined with its path below the checked
    /// directory (`infra/envs/prod`), or `.` when that is empty.
    pub dir: String,
    /// Terraform files (`.tf` and `.tf.json`) in name order: display path and text.
    pub files: Vec<(String, String)>,
    /// `.goldpath.yaml` as JSON (`template`, `version`, `answers`), when present.
    pub goldpath: Option<serde_json::Value>,
    /// The waiver file's display path and text, when present.
    pub waivers: Option<(String, String)>,
    /// Files of the directory (or the directory itself) that could not be read.
    pub unreadable: Vec<Unreadable>,
}

/// A file or directory the walk could not read; the rest of the tree is still read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unreadable {
    /// Its display path.
    pub path: String,
    /// What went wrong.
    pub message: String,
}

/// Whether goldpath reads a file of this name as Terraform: `.tf`, or `.tf.json` (Terraform's
/// JSON syntax).
pub fn is_terraform(name: &str) -> bool {
    name.ends_with(".tf") || name.ends_with(".tf.json")
}

/// A path as reports show it: its components joined by `/` without `.` components, so `.`
/// is empty, `./infra/` is `infra` and an absolute path stays absolute.
pub fn display_root(path: &Path) -> String {
    let kept: std::path::PathBuf = path
        .components()
        .filter(|c| !matches!(c, Component::CurDir))
        .collect();
    kept.to_string_lossy().replace('\\', "/")
}

/// `name` below the display path `dir` (which may be empty or `.`).
pub fn display_join(dir: &str, name: &str) -> String {
    match dir {
        "" | "." => name.to_string(),
        _ => format!("{}/{name}", dir.trim_end_matches('/')),
    }
}

/// Every directory under `root` holding Terraform files (`.tf`, `.tf.json`), with paths shown
/// below `display` (see [`display_root`]; empty shows them relative to `root`).
///
/// Symbolic links to files and directories are followed; a link back into a directory that is
/// being walked (a loop) is not followed again. Hidden directories (`.terraform`, `.git`) and
/// `node_modules` are skipped. A file or subdirectory that cannot be read is recorded in its
/// module's [`ModuleDir::unreadable`] and the walk goes on.
///
/// # Errors
///
/// `root` itself cannot be read.
pub fn read_modules(root: &Path, display: &str) -> Result<Vec<ModuleDir>, Error> {
    let read_err = |source| Error::Read {
        path: root.to_path_buf(),
        source,
    };
    if std::fs::metadata(root).map_err(read_err)?.is_file() {
        return read_file_module(root, display).map(|m| vec![m]);
    }
    let canonical = std::fs::canonicalize(root).map_err(|source| Error::Read {
        path: root.to_path_buf(),
        source,
    })?;
    let entries = std::fs::read_dir(root).map_err(|source| Error::Read {
        path: root.to_path_buf(),
        source,
    })?;
    let mut walk = Walk {
        ancestors: vec![canonical],
        out: Vec::new(),
    };
    walk.entries(display, entries);
    walk.out.sort_by(|a, b| a.dir.cmp(&b.dir));
    Ok(walk.out)
}

/// One Terraform file checked on its own, as the module of its directory holding only it.
fn read_file_module(path: &Path, display: &str) -> Result<ModuleDir, Error> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if !is_terraform(&name) {
        return Err(Error::Check {
            path: path.to_path_buf(),
            message: "is not a Terraform file: check takes a directory, or a `.tf` or \
                      `.tf.json` file"
                .into(),
        });
    }
    let shown = if display.is_empty() {
        name
    } else {
        display.to_string()
    };
    let dir = display_or_dot(shown.rsplit_once('/').map_or("", |(dir, _)| dir));
    let mut module = ModuleDir {
        dir,
        ..Default::default()
    };
    match std::fs::read(path).map(String::from_utf8) {
        Ok(Ok(text)) => module.files.push((shown, text)),
        Ok(Err(_)) => module.unreadable.push(Unreadable {
            path: shown,
            message: "is not UTF-8 text".into(),
        }),
        Err(source) => {
            return Err(Error::Read {
                path: path.to_path_buf(),
                source,
            });
        }
    }
    Ok(module)
}

/// The state of one walk: canonical directories on the current path, and modules found.
struct Walk {
    ancestors: Vec<std::path::PathBuf>,
    out: Vec<ModuleDir>,
}

impl Walk {
    /// Reads the directory `dir` (shown as `shown`) and, depth first, the directories below it.
    fn dir(&mut self, dir: &Path, shown: &str) {
        match std::fs::read_dir(dir) {
            Ok(entries) => self.entries(shown, entries),
            Err(e) => self.out.push(ModuleDir {
                dir: display_or_dot(shown),
                unreadable: vec![Unreadable {
                    path: display_or_dot(shown),
                    message: format!("cannot read this directory: {e}"),
                }],
                ..Default::default()
            }),
        }
    }

    fn entries(&mut self, shown: &str, entries: std::fs::ReadDir) {
        let mut module = ModuleDir {
            dir: display_or_dot(shown),
            ..Default::default()
        };
        // Problems with the record or waiver file only matter when the directory is a module.
        let mut metadata_problems = Vec::new();
        let mut listed = Vec::new();
        for entry in entries {
            match entry {
                Ok(entry) => listed.push(entry),
                Err(e) => module.unreadable.push(Unreadable {
                    path: display_or_dot(shown),
                    message: format!("cannot read this directory: {e}"),
                }),
            }
        }
        listed.sort_by_key(|e| e.file_name());
        for entry in listed {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            let shown_path = display_join(shown, &name);
            let unreadable = |message: String| Unreadable {
                path: shown_path.clone(),
                message,
            };
            // A symbolic link counts as what it points to.
            let kind = match entry.file_type() {
                Ok(kind) if kind.is_symlink() => match std::fs::metadata(&path) {
                    Ok(target) => target.file_type(),
                    Err(e) => {
                        if is_terraform(&name) {
                            module
                                .unreadable
                                .push(unreadable(format!("cannot follow this symbolic link: {e}")));
                        }
                        continue;
                    }
                },
                Ok(kind) => kind,
                Err(e) => {
                    module
                        .unreadable
                        .push(unreadable(format!("cannot read: {e}")));
                    continue;
                }
            };
            if kind.is_dir() {
                if name.starts_with('.') || name == "node_modules" {
                    continue;
                }
                match std::fs::canonicalize(&path) {
                    Ok(canonical) if self.ancestors.contains(&canonical) => {}
                    Ok(canonical) => {
                        self.ancestors.push(canonical);
                        self.dir(&path, &shown_path);
                        self.ancestors.pop();
                    }
                    Err(e) => module
                        .unreadable
                        .push(unreadable(format!("cannot read this directory: {e}"))),
                }
                continue;
            }
            if !kind.is_file() {
                continue;
            }
            let read = || std::fs::read_to_string(&path).map_err(|e| format!("cannot read: {e}"));
            if is_terraform(&name) {
                match read() {
                    Ok(text) => module.files.push((shown_path, text)),
                    Err(message) => module.unreadable.push(unreadable(message)),
                }
            } else if name == crate::render::RECORD_FILE {
                match read() {
                    Ok(text) => module.goldpath = record_json(&text),
                    Err(message) => metadata_problems.push(unreadable(message)),
                }
            } else if name == super::waiver::WAIVER_FILE {
                match read() {
                    Ok(text) => module.waivers = Some((shown_path, text)),
                    Err(message) => metadata_problems.push(unreadable(message)),
                }
            }
        }
        if !module.files.is_empty() || !module.unreadable.is_empty() {
            module.unreadable.extend(metadata_problems);
            self.out.push(module);
        }
    }
}

/// A display path, `.` when empty.
fn display_or_dot(shown: &str) -> String {
    if shown.is_empty() {
        ".".into()
    } else {
        shown.to_string()
    }
}

/// The record's template, version and answers as JSON for `input.goldpath`.
fn record_json(text: &str) -> Option<serde_json::Value> {
    let given = crate::answers::file::parse(text).ok()?;
    let map: serde_json::Map<String, serde_json::Value> =
        given.into_iter().map(|g| (g.key, g.value)).collect();
    Some(serde_json::Value::Object(map))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (path, text) in files {
            let p = dir.path().join(path);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        dir
    }

    fn paths(modules: &[ModuleDir]) -> Vec<(String, Vec<String>)> {
        modules
            .iter()
            .map(|m| {
                (
                    m.dir.clone(),
                    m.files.iter().map(|(p, _)| p.clone()).collect(),
                )
            })
            .collect()
    }

    #[test]
    fn display_paths_are_as_typed_without_dot_components() {
        assert_eq!(display_root(Path::new(".")), "");
        assert_eq!(display_root(Path::new("./infra/envs/")), "infra/envs");
        assert_eq!(display_root(Path::new("../x")), "../x");
        assert_eq!(display_root(Path::new("/srv/tf")), "/srv/tf");
        assert_eq!(display_join("", "main.tf"), "main.tf");
        assert_eq!(display_join(".", "main.tf"), "main.tf");
        assert_eq!(display_join("infra/", "main.tf"), "infra/main.tf");
    }

    #[test]
    fn modules_are_read_with_display_paths_including_tf_json() {
        let dir = tree(&[
            ("main.tf", ""),
            ("prod/main.tf", ""),
            ("prod/extra.tf.json", "{}"),
            ("prod/goldpath-waivers.yaml", "waivers: []\n"),
            ("prod/notes.json", "{}"),
            (".terraform/modules/x/main.tf", ""),
            ("node_modules/y/main.tf", ""),
        ]);
        let modules = read_modules(dir.path(), "infra").unwrap();
        assert_eq!(
            paths(&modules),
            [
                ("infra".to_string(), vec!["infra/main.tf".to_string()]),
                (
                    "infra/prod".to_string(),
                    vec![
                        "infra/prod/extra.tf.json".to_string(),
                        "infra/prod/main.tf".to_string()
                    ]
                ),
            ]
        );
        assert_eq!(
            modules[1].waivers.as_ref().map(|(p, _)| p.as_str()),
            Some("infra/prod/goldpath-waivers.yaml")
        );
        assert_eq!(paths(&read_modules(dir.path(), "").unwrap())[0].0, ".");
    }

    #[test]
    fn a_file_that_cannot_be_read_is_recorded_and_the_walk_goes_on() {
        let dir = tree(&[("a/main.tf", ""), ("b/ok.tf", "")]);
        std::fs::write(dir.path().join("b/bad.tf"), [0xff, 0xfe, 0x00]).unwrap();
        let modules = read_modules(dir.path(), "").unwrap();
        assert_eq!(
            paths(&modules)[0],
            ("a".to_string(), vec!["a/main.tf".to_string()])
        );
        assert_eq!(modules[1].files.len(), 1);
        assert_eq!(modules[1].unreadable[0].path, "b/bad.tf");
        assert!(modules[1].unreadable[0].message.contains("UTF-8"));
    }

    #[cfg(unix)]
    #[test]
    fn symbolic_links_are_followed_and_loops_end() {
        use std::os::unix::fs::symlink;
        let dir = tree(&[("shared/vars.tf", ""), ("app/main.tf", "")]);
        let base = dir.path();
        symlink(base.join("shared/vars.tf"), base.join("app/vars.tf")).unwrap();
        symlink(base.join("shared"), base.join("app/shared")).unwrap();
        symlink(base, base.join("app/loop")).unwrap();
        symlink(base.join("missing.tf"), base.join("app/broken.tf")).unwrap();
        let modules = read_modules(base, "").unwrap();
        assert_eq!(
            paths(&modules),
            [
                (
                    "app".to_string(),
                    vec!["app/main.tf".to_string(), "app/vars.tf".to_string()]
                ),
                (
                    "app/shared".to_string(),
                    vec!["app/shared/vars.tf".to_string()]
                ),
                ("shared".to_string(), vec!["shared/vars.tf".to_string()]),
            ]
        );
        assert_eq!(modules[0].unreadable[0].path, "app/broken.tf");
    }

    #[test]
    fn policy_paths_are_directories_or_rego_files() {
        let dir = tree(&[
            ("p/a.rego", "package main\n"),
            ("p/a_test.rego", "package main\n"),
            ("q/b.rego", "package main\n"),
            ("empty/README.md", ""),
        ]);
        let base = dir.path();
        let found =
            read_policy_paths(&[base.join("p"), base.join("q/b.rego"), base.join("p")]).unwrap();
        let shown: Vec<String> = found.iter().map(|p| p.path.clone()).collect();
        let p = display_root(&base.join("p"));
        let q = display_root(&base.join("q/b.rego"));
        assert_eq!(shown, [format!("{p}/a.rego"), q]);
        for (path, says) in [
            ("empty", "holds no Rego policy"),
            ("p/a_test.rego", "is a unit test file"),
        ] {
            let e = read_policy_paths(&[base.join(path)]).unwrap_err();
            assert!(matches!(e, Error::Policy { .. }));
            let text = e.to_string();
            assert!(text.contains(says) && text.contains("--policies"), "{text}");
        }
        assert!(matches!(
            read_policy_paths(&[base.join("nowhere")]),
            Err(Error::Read { .. })
        ));
    }
}
