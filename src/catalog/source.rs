//! Template sources: the templates embedded in the binary, and template directories on disk.

use super::changelog::CHANGELOG_FILE;
use super::{RawTemplate, SHARED_DIR, Shared};
use crate::Error;
use include_dir::{Dir, DirEntry, include_dir};
use std::path::{Path, PathBuf};
use std::sync::Arc;

static EMBEDDED: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/templates");

/// The templates shipped inside the binary.
pub fn embedded() -> Vec<RawTemplate> {
    let mut files = Vec::new();
    if let Some(dir) = EMBEDDED.get_dir(SHARED_DIR) {
        collect_embedded(dir, Path::new(SHARED_DIR), &mut files);
    }
    let shared = Arc::new(
        Shared::from_files(files).expect("the embedded _shared/ holds partials and groups only"),
    );
    EMBEDDED
        .dirs()
        .filter_map(|dir| {
            let name = dir.path().to_string_lossy().into_owned();
            let manifest = dir
                .get_file(dir.path().join("template.toml"))?
                .contents_utf8()?
                .to_string();
            let mut raw = RawTemplate {
                origin: format!("embedded:{name}"),
                manifest,
                shared: Arc::clone(&shared),
                ..Default::default()
            };
            for (sub, out) in [("files", &mut raw.files), ("tests", &mut raw.fixtures)] {
                let root = dir.path().join(sub);
                if let Some(sub_dir) = dir.get_dir(&root) {
                    collect_embedded(sub_dir, &root, out);
                }
            }
            // Fixtures are the answers files directly in tests/; below it are golden copies.
            raw.fixtures.retain(|(p, _)| {
                !p.contains('/')
                    && (p.ends_with(".yaml") || p.ends_with(".yml") || p.ends_with(".json"))
            });
            raw.changelog = dir
                .get_file(dir.path().join(CHANGELOG_FILE))
                .and_then(|f| f.contents_utf8())
                .map(str::to_string);
            if let Some(releases) = dir.get_dir(dir.path().join(RELEASES_DIR)) {
                raw.releases = releases
                    .dirs()
                    .filter_map(|release| embedded_release(&name, release, &shared))
                    .collect();
            }
            Some(raw)
        })
        .collect()
}

/// The directory of a template that holds its earlier released versions, one per version.
pub const RELEASES_DIR: &str = "releases";

/// One `releases/VERSION/` of an embedded template: its manifest, files and, when the release
/// carries them, its own shared parts.
fn embedded_release(
    name: &str,
    dir: &Dir<'static>,
    shared: &Arc<Shared>,
) -> Option<(String, RawTemplate)> {
    let version = dir.path().file_name()?.to_string_lossy().into_owned();
    let manifest = dir
        .get_file(dir.path().join("template.toml"))?
        .contents_utf8()?
        .to_string();
    let mut raw = RawTemplate {
        origin: format!("embedded:{name}@{version}"),
        manifest,
        shared: Arc::clone(shared),
        ..Default::default()
    };
    let root = dir.path().join("files");
    if let Some(files) = dir.get_dir(&root) {
        collect_embedded(files, &root, &mut raw.files);
    }
    let root = dir.path().join(SHARED_DIR);
    if let Some(own) = dir.get_dir(&root) {
        let mut files = Vec::new();
        collect_embedded(own, &root, &mut files);
        raw.shared = Arc::new(Shared::from_files(files).ok()?);
    }
    Some((version, raw))
}

fn collect_embedded(dir: &Dir<'static>, root: &Path, out: &mut Vec<(String, String)>) {
    for entry in dir.entries() {
        match entry {
            DirEntry::Dir(sub) => collect_embedded(sub, root, out),
            DirEntry::File(file) => {
                if let Ok(rel) = file.path().strip_prefix(root)
                    && let Some(text) = file.contents_utf8()
                {
                    out.push((rel.to_string_lossy().replace('\\', "/"), text.to_string()));
                }
            }
        }
    }
}

/// Reads templates from a directory: either one template (it holds `template.toml`) or a
/// directory of templates. Symlinks are refused, never followed.
///
/// The source's shared parts are read from `_shared/` in the directory of templates, or, for
/// one template, in the directory that holds it.
pub fn read_dir(path: &Path) -> Result<Vec<RawTemplate>, Error> {
    read(path, true)
}

/// Reads templates like [`read_dir`], never looking above `root`: for a checkout, which may
/// read nothing outside itself. One template at the root shares nothing.
pub fn read_root(root: &Path) -> Result<Vec<RawTemplate>, Error> {
    read(root, false)
}

fn read(path: &Path, shared_beside: bool) -> Result<Vec<RawTemplate>, Error> {
    if path.join("template.toml").is_file() {
        // `.` (or `x/..`) has no parent to take; its parent directory is `./..`.
        let root = match (path.file_name(), path.parent()) {
            (None, _) => path.join(".."),
            (Some(_), Some(parent)) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
            (Some(_), _) => PathBuf::from("."),
        };
        let shared = if shared_beside {
            read_shared(&root)?
        } else {
            Arc::default()
        };
        return Ok(vec![read_template(path, shared)?]);
    }
    let entries = std::fs::read_dir(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let mut dirs: Vec<_> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.join("template.toml").is_file())
        .collect();
    dirs.sort();
    if dirs.is_empty() {
        return Err(Error::TemplateFiles {
            template: path.display().to_string(),
            message: "holds no template (no template.toml in it or in its subdirectories)".into(),
        });
    }
    let shared = read_shared(path)?;
    dirs.iter()
        .map(|d| read_template(d, Arc::clone(&shared)))
        .collect()
}

/// The shared parts in `root/_shared/`; nothing when it does not exist.
fn read_shared(root: &Path) -> Result<Arc<Shared>, Error> {
    let dir = root.join(SHARED_DIR);
    let mut files = Vec::new();
    walk(&dir, &dir, "", &mut files)?;
    let shared = Shared::from_files(files).map_err(|message| Error::TemplateFiles {
        template: root.display().to_string(),
        message,
    })?;
    Ok(Arc::new(shared))
}

fn read_template(dir: &Path, shared: Arc<Shared>) -> Result<RawTemplate, Error> {
    let read = |p: &Path| {
        std::fs::read_to_string(p).map_err(|source| Error::Read {
            path: p.to_path_buf(),
            source,
        })
    };
    let mut raw = RawTemplate {
        origin: dir.display().to_string(),
        manifest: read(&dir.join("template.toml"))?,
        shared,
        ..Default::default()
    };
    walk(dir, &dir.join("files"), "", &mut raw.files)?;
    walk(dir, &dir.join("tests"), "", &mut raw.fixtures)?;
    raw.fixtures.retain(|(p, _)| {
        !p.contains('/') && (p.ends_with(".yaml") || p.ends_with(".yml") || p.ends_with(".json"))
    });
    raw.releases = read_releases(dir, &raw.shared)?;
    raw.changelog = std::fs::read_to_string(dir.join(CHANGELOG_FILE)).ok();
    Ok(raw)
}

/// The `releases/VERSION/` directories of a template on disk.
fn read_releases(dir: &Path, shared: &Arc<Shared>) -> Result<Vec<(String, RawTemplate)>, Error> {
    let root = dir.join(RELEASES_DIR);
    let Ok(entries) = std::fs::read_dir(&root) else {
        return Ok(Vec::new());
    };
    let mut releases = Vec::new();
    for entry in entries.filter_map(Result::ok) {
        let path = entry.path();
        if !path.join("template.toml").is_file() {
            continue;
        }
        let own = path.join(SHARED_DIR);
        let shared = if own.is_dir() {
            read_shared(&path)?
        } else {
            Arc::clone(shared)
        };
        let mut raw = RawTemplate {
            origin: path.display().to_string(),
            manifest: std::fs::read_to_string(path.join("template.toml")).map_err(|source| {
                Error::Read {
                    path: path.join("template.toml"),
                    source,
                }
            })?,
            shared,
            ..Default::default()
        };
        walk(&path, &path.join("files"), "", &mut raw.files)?;
        releases.push((entry.file_name().to_string_lossy().into_owned(), raw));
    }
    releases.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(releases)
}

fn walk(
    template: &Path,
    dir: &Path,
    prefix: &str,
    out: &mut Vec<(String, String)>,
) -> Result<(), Error> {
    let refuse = |message: String| Error::TemplateFiles {
        template: template.display().to_string(),
        message,
    };
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(source) => {
            return Err(Error::Read {
                path: dir.to_path_buf(),
                source,
            });
        }
    };
    for entry in entries {
        let entry = entry.map_err(|source| Error::Read {
            path: dir.to_path_buf(),
            source,
        })?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let rel = format!("{prefix}{name}");
        let kind = entry.file_type().map_err(|source| Error::Read {
            path: entry.path(),
            source,
        })?;
        if kind.is_symlink() {
            return Err(refuse(format!(
                "`{rel}` is a symbolic link; templates may not hold links"
            )));
        } else if kind.is_dir() {
            walk(template, &entry.path(), &format!("{rel}/"), out)?;
        } else {
            let bytes = std::fs::read(entry.path()).map_err(|source| Error::Read {
                path: entry.path(),
                source,
            })?;
            let text = String::from_utf8(bytes)
                .map_err(|_| refuse(format!("`{rel}` is not UTF-8 text")))?;
            out.push((rel, text));
        }
    }
    Ok(())
}
