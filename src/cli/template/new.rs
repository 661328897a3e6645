//! `goldpath template new`: a new template directory that lints and tests clean as created,
//! from the starter or as a copy of a catalog template. The files come from
//! [`crate::scaffold`]; this edge checks the target and writes them atomically.

use crate::Error;
use crate::catalog;
use crate::cli::Cli;
use crate::cli::args::TemplateNewArgs;
use crate::cli::style::{BOLD, OK};
use crate::output;
use crate::render::Bundle;
use crate::scaffold::{self, ScaffoldError};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

/// Runs `goldpath template new`.
pub(super) fn run(args: &TemplateNewArgs, cli: &Cli) -> Result<i32, Error> {
    create(args, cli)?;
    Ok(0)
}

fn create(args: &TemplateNewArgs, cli: &Cli) -> Result<(), Error> {
    let dir = &args.dir;
    let name = match &args.name {
        Some(name) => name.clone(),
        // `.` and `..` name an existing directory: take the name its real path ends in.
        None => dir
            .file_name()
            .map(ToOwned::to_owned)
            .or_else(|| {
                std::fs::canonicalize(dir)
                    .ok()?
                    .file_name()
                    .map(ToOwned::to_owned)
            })
            .ok_or_else(|| ScaffoldError::NoName { dir: dir.clone() })?
            .to_string_lossy()
            .into_owned(),
    };
    scaffold::check_name(&name)?;
    check_target(dir)?;

    // The copy's source root: the directory the new template sits in.
    let root = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut shared = Vec::new();
    let files = match &args.from {
        None => scaffold::new_template(&name),
        Some(from) => {
            let (_, catalog) = crate::cli::load(cli)?;
            let template = catalog.get(from)?;
            let origin = &template.origin;
            // The binary holds an embedded template's manifest, files and fixtures; a
            // directory template is copied whole, golden copies and policies included.
            let tree = if origin.starts_with("embedded:") {
                let raw = catalog::embedded()
                    .into_iter()
                    .find(|raw| &raw.origin == origin)
                    .expect("an embedded template comes from the embedded source");
                scaffold::raw_tree(&raw)
            } else {
                read_tree(Path::new(origin))?
            };
            shared = scaffold::shared_to_copy(&template.shared, &root, |path| {
                std::fs::read_to_string(root.join(path)).ok()
            })?;
            scaffold::copy_template(tree, origin, &name)?
        }
    };

    let mut bundle = Bundle::default();
    for (path, text) in files {
        bundle.insert(path, text);
    }
    let plan = output::plan(&bundle, dir, false)?;
    output::write(&bundle, &plan, &AtomicBool::new(false))?;
    for (path, text) in &shared {
        write_new(&root.join(path), text)?;
    }

    let mut out = anstream::stdout();
    bundle
        .paths()
        .map(|path| dir.join(path))
        .chain(shared.iter().map(|(path, _)| root.join(path)))
        .try_for_each(|path| writeln!(out, "create   {}", path.display()))
        .map_err(|source| Error::Write {
            path: "stdout".into(),
            source,
        })?;
    if !cli.quiet {
        let shown = dir.display();
        let update = if args.from.is_some() {
            "renders the golden copies under the new name"
        } else {
            "writes the golden copies under tests/golden/"
        };
        let _ = writeln!(
            anstream::stderr(),
            "{OK}done{OK:#}: template {name} → {shown} ({} files)\n\
             {BOLD}next{BOLD:#}: edit it, then\n  \
             goldpath template lint {shown}\n  \
             goldpath template test {shown} --update   # {update}\n  \
             goldpath template test {shown}",
            bundle.len(),
        );
    }
    Ok(())
}

/// Writes a file that must not exist yet, atomically: a temporary file in its directory,
/// moved into place only if nothing appeared there meanwhile.
fn write_new(path: &Path, text: &str) -> Result<(), Error> {
    let write_err = |source| Error::Write {
        path: path.to_path_buf(),
        source,
    };
    let parent = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(write_err)?;
    let mut temp = tempfile::NamedTempFile::new_in(parent).map_err(write_err)?;
    temp.write_all(text.as_bytes()).map_err(write_err)?;
    temp.persist_noclobber(path)
        .map_err(|e| write_err(e.error))?;
    Ok(())
}

/// Refuses a target that exists and is not an empty directory.
fn check_target(dir: &Path) -> Result<(), Error> {
    let read_err = |source| Error::Read {
        path: dir.to_path_buf(),
        source,
    };
    match std::fs::symlink_metadata(dir) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(source) => Err(read_err(source)),
        Ok(meta) if !meta.is_dir() => Err(ScaffoldError::NotDirectory {
            dir: dir.to_path_buf(),
        }
        .into()),
        Ok(_) => match std::fs::read_dir(dir).map_err(read_err)?.next() {
            None => Ok(()),
            Some(_) => Err(ScaffoldError::NotEmpty {
                dir: dir.to_path_buf(),
            }
            .into()),
        },
    }
}

/// Every file of a template directory, by `/`-separated relative path; `.git` is skipped,
/// symbolic links and files that are not UTF-8 text are refused.
fn read_tree(root: &Path) -> Result<Vec<(String, String)>, Error> {
    fn walk(dir: &Path, prefix: &str, out: &mut Vec<(String, String)>) -> Result<(), Error> {
        let read_err = |path: &Path| {
            let path = path.to_path_buf();
            move |source| Error::Read { path, source }
        };
        for entry in std::fs::read_dir(dir).map_err(read_err(dir))? {
            let entry = entry.map_err(read_err(dir))?;
            let path = entry.path();
            let rel = format!("{prefix}{}", entry.file_name().to_string_lossy());
            let kind = entry.file_type().map_err(read_err(&path))?;
            if kind.is_symlink() {
                return Err(ScaffoldError::Uncopyable {
                    path: path.display().to_string(),
                    reason: "it is a symbolic link".into(),
                }
                .into());
            } else if kind.is_dir() {
                if rel != ".git" {
                    walk(&path, &format!("{rel}/"), out)?;
                }
            } else {
                let bytes = std::fs::read(&path).map_err(read_err(&path))?;
                let text = String::from_utf8(bytes).map_err(|_| ScaffoldError::Uncopyable {
                    path: path.display().to_string(),
                    reason: "it is not UTF-8 text".into(),
                })?;
                out.push((rel, text));
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    walk(root, "", &mut out)?;
    out.sort();
    Ok(out)
}
