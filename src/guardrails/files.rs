//! Reading policy directories from disk (the edge of the guardrails).

use super::rego::PolicyFile;
use crate::Error;
use include_dir::{Dir, DirEntry, include_dir};
use std::path::Path;

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

/// A module directory read from disk: its Terraform files and goldpath metadata.
#[derive(Debug, Clone, Default)]
pub struct ModuleDir {
    /// Path relative to the check root (`.` for the root itself).
    pub dir: String,
    /// `.tf` files: path relative to the module directory, and text.
    pub files: Vec<(String, String)>,
    /// `.goldpath.yaml` as JSON (`template`, `version`, `answers`), when present.
    pub goldpath: Option<serde_json::Value>,
    /// The waiver file's text, when present.
    pub waivers: Option<String>,
}

/// Every directory under `root` holding `.tf` files; hidden directories (`.terraform`, `.git`)
/// and `node_modules` are skipped, symlinks are not followed.
pub fn read_modules(root: &Path) -> Result<Vec<ModuleDir>, Error> {
    let mut out = Vec::new();
    walk_modules(root, root, &mut out)?;
    out.sort_by(|a, b| a.dir.cmp(&b.dir));
    Ok(out)
}

fn walk_modules(root: &Path, dir: &Path, out: &mut Vec<ModuleDir>) -> Result<(), Error> {
    let read_err = |path: &Path| {
        let path = path.to_path_buf();
        move |source| Error::Read { path, source }
    };
    let mut module = ModuleDir {
        dir: match dir.strip_prefix(root) {
            Ok(rel) if !rel.as_os_str().is_empty() => rel.to_string_lossy().into_owned(),
            _ => ".".into(),
        },
        ..Default::default()
    };
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .map_err(read_err(dir))?
        .collect::<Result<_, _>>()
        .map_err(read_err(dir))?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        let kind = entry.file_type().map_err(read_err(&path))?;
        if kind.is_dir() {
            if !name.starts_with('.') && name != "node_modules" {
                walk_modules(root, &path, out)?;
            }
        } else if kind.is_file() && name.ends_with(".tf") {
            module.files.push((
                name,
                std::fs::read_to_string(&path).map_err(read_err(&path))?,
            ));
        } else if kind.is_file() && name == crate::render::RECORD_FILE {
            let text = std::fs::read_to_string(&path).map_err(read_err(&path))?;
            module.goldpath = record_json(&text);
        } else if kind.is_file() && name == super::waiver::WAIVER_FILE {
            module.waivers = Some(std::fs::read_to_string(&path).map_err(read_err(&path))?);
        }
    }
    if !module.files.is_empty() {
        out.push(module);
    }
    Ok(())
}

/// The record's template, version and answers as JSON for `input.goldpath`.
fn record_json(text: &str) -> Option<serde_json::Value> {
    let given = crate::answers::file::parse(text).ok()?;
    let map: serde_json::Map<String, serde_json::Value> =
        given.into_iter().map(|g| (g.key, g.value)).collect();
    Some(serde_json::Value::Object(map))
}
