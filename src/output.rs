//! Writing a Bundle to disk atomically: everything is staged in a temporary directory beside the
//! target and renamed into place, so an error or Ctrl-C leaves no half-written module.

use crate::Error;
use crate::answers::{Answers, Value};
use crate::render::Bundle;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

/// What writing a file will do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    /// The file does not exist yet.
    Create,
    /// An existing file is replaced (only with `--force`).
    Replace,
}

/// The effect of writing a bundle to a target, worked out before anything is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// The output directory.
    pub target: PathBuf,
    /// Every bundle file and what writing it will do.
    pub files: Vec<(String, Action)>,
}

/// The directory a module goes to when none is given: `./<name answer>` when the answer is a
/// plain directory name, else `./<template>`.
pub fn default_dir(answers: &Answers, template: &str) -> PathBuf {
    match answers.get("name") {
        Some(Value::String(name))
            if crate::catalog::is_safe_relative(name) && !name.contains('/') =>
        {
            PathBuf::from(name)
        }
        _ => PathBuf::from(template),
    }
}

/// Works out what writing `bundle` to `target` would do, refusing a non-empty target unless
/// `force`. Reads the disk, writes nothing.
pub fn plan(bundle: &Bundle, target: &Path, force: bool) -> Result<Plan, Error> {
    match std::fs::symlink_metadata(target) {
        Ok(meta) if !meta.is_dir() => {
            return Err(Error::OutputNotDirectory {
                path: target.to_path_buf(),
            });
        }
        Ok(_) => {
            let mut entries = std::fs::read_dir(target).map_err(|source| Error::Read {
                path: target.to_path_buf(),
                source,
            })?;
            if entries.next().is_some() && !force {
                return Err(Error::OutputNotEmpty {
                    path: target.to_path_buf(),
                });
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(source) => {
            return Err(Error::Read {
                path: target.to_path_buf(),
                source,
            });
        }
    }
    let files = bundle
        .paths()
        .map(|p| {
            let action = if target.join(p).symlink_metadata().is_ok() {
                Action::Replace
            } else {
                Action::Create
            };
            (p.to_string(), action)
        })
        .collect();
    Ok(Plan {
        target: target.to_path_buf(),
        files,
    })
}

/// Writes `bundle` into `target` as `plan` describes. With `--force` on a non-empty target,
/// bundle files replace same-named files and every other file is kept. `cancel` is polled
/// between files; when set, the staging directory is removed and nothing changes.
pub fn write(bundle: &Bundle, plan: &Plan, cancel: &AtomicBool) -> Result<(), Error> {
    write_changes(bundle, &[], &plan.target, cancel)
}

/// Writes `bundle` into the existing module `target` and removes the files `remove` names,
/// in one swap: every other file is kept, and an error or Ctrl-C changes nothing.
pub fn write_changes(
    bundle: &Bundle,
    remove: &[String],
    target: &Path,
    cancel: &AtomicBool,
) -> Result<(), Error> {
    let target = std::path::absolute(target).map_err(|source| Error::Write {
        path: target.to_path_buf(),
        source,
    })?;
    let target = target.as_path();
    let parent = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let created = create_ancestors(&parent)?;
    let result = stage_and_swap(bundle, remove, target, &parent, cancel);
    if result.is_err() {
        for dir in created.iter().rev() {
            let _ = std::fs::remove_dir(dir);
        }
    }
    result
}

fn stage_and_swap(
    bundle: &Bundle,
    remove: &[String],
    target: &Path,
    parent: &Path,
    cancel: &AtomicBool,
) -> Result<(), Error> {
    let write_err = |path: &Path| {
        let path = path.to_path_buf();
        move |source| Error::Write { path, source }
    };
    let staging = tempfile::Builder::new()
        .prefix(".goldpath-staging-")
        .tempdir_in(parent)
        .map_err(write_err(parent))?;
    let keep_existing = target.is_dir()
        && std::fs::read_dir(target)
            .map_err(write_err(target))?
            .next()
            .is_some();
    if keep_existing {
        link_tree(target, staging.path()).map_err(write_err(target))?;
    }
    for (rel, text) in bundle.iter() {
        if cancel.load(Ordering::SeqCst) {
            return Err(Error::Interrupted);
        }
        let path = staging.path().join(rel);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(write_err(&target.join(rel)))?;
        }
        if path.symlink_metadata().is_ok() {
            std::fs::remove_file(&path).map_err(write_err(&target.join(rel)))?;
        }
        std::fs::write(&path, text).map_err(write_err(&target.join(rel)))?;
    }
    for rel in remove {
        let path = staging.path().join(rel);
        if path.symlink_metadata().is_ok() {
            std::fs::remove_file(&path).map_err(write_err(&target.join(rel)))?;
        }
    }
    if cancel.load(Ordering::SeqCst) {
        return Err(Error::Interrupted);
    }
    let staged = staging.keep();
    let swapped = if keep_existing {
        swap(&staged, target, parent)
    } else {
        std::fs::rename(&staged, target)
    };
    swapped.map_err(|source| {
        let _ = std::fs::remove_dir_all(&staged);
        Error::Write {
            path: target.to_path_buf(),
            source,
        }
    })
}

/// Replaces the non-empty `target` with `staged` using two renames; restores it if the second fails.
fn swap(staged: &Path, target: &Path, parent: &Path) -> std::io::Result<()> {
    let old = tempfile::Builder::new()
        .prefix(".goldpath-previous-")
        .tempdir_in(parent)?
        .keep();
    std::fs::remove_dir(&old)?;
    std::fs::rename(target, &old)?;
    if let Err(e) = std::fs::rename(staged, target) {
        std::fs::rename(&old, target)?;
        return Err(e);
    }
    std::fs::remove_dir_all(&old)
}

/// Mirrors `from` into `to` with hard links (copies where links are impossible) so existing
/// files survive the swap untouched.
fn link_tree(from: &Path, to: &Path) -> std::io::Result<()> {
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let (src, dst) = (entry.path(), to.join(entry.file_name()));
        let kind = entry.file_type()?;
        if kind.is_symlink() {
            std::os::unix::fs::symlink(std::fs::read_link(&src)?, &dst)?;
        } else if kind.is_dir() {
            std::fs::create_dir(&dst)?;
            link_tree(&src, &dst)?;
        } else if std::fs::hard_link(&src, &dst).is_err() {
            std::fs::copy(&src, &dst)?;
        }
    }
    Ok(())
}

/// Creates missing ancestors of a path, returning those it created (outermost first).
fn create_ancestors(dir: &Path) -> Result<Vec<PathBuf>, Error> {
    let missing: Vec<PathBuf> = dir
        .ancestors()
        .take_while(|a| !a.as_os_str().is_empty() && !a.exists())
        .map(Path::to_path_buf)
        .collect();
    for d in missing.iter().rev() {
        std::fs::create_dir(d).map_err(|source| Error::Write {
            path: d.clone(),
            source,
        })?;
    }
    Ok(missing.into_iter().rev().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bundle() -> Bundle {
        let mut b = Bundle::default();
        b.insert("main.tf".into(), "a = 1\n".into());
        b.insert("examples/basic/main.tf".into(), "b = 2\n".into());
        b
    }

    fn listing(dir: &Path) -> Vec<String> {
        let mut out = Vec::new();
        for entry in std::fs::read_dir(dir).unwrap() {
            let entry = entry.unwrap();
            let name = entry.file_name().to_string_lossy().into_owned();
            if entry.file_type().unwrap().is_dir() {
                out.extend(
                    listing(&entry.path())
                        .into_iter()
                        .map(|p| format!("{name}/{p}")),
                );
            } else {
                out.push(name);
            }
        }
        out.sort();
        out
    }

    #[test]
    fn writes_into_a_new_directory_and_parents() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("modules/data/orders");
        let p = plan(&bundle(), &target, false).unwrap();
        assert!(p.files.iter().all(|(_, a)| *a == Action::Create));
        write(&bundle(), &p, &AtomicBool::new(false)).unwrap();
        assert_eq!(listing(&target), vec!["examples/basic/main.tf", "main.tf"]);
        assert_eq!(
            listing(&tmp.path().join("modules/data")),
            vec!["orders/examples/basic/main.tf", "orders/main.tf"]
        );
    }

    #[test]
    fn refuses_a_non_empty_target_without_force() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::write(tmp.path().join("keep.txt"), "mine").unwrap();
        assert!(matches!(
            plan(&bundle(), tmp.path(), false),
            Err(Error::OutputNotEmpty { .. })
        ));
    }

    #[test]
    fn force_replaces_bundle_files_and_keeps_the_rest() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("m");
        std::fs::create_dir(&target).unwrap();
        std::fs::write(target.join("keep.txt"), "mine").unwrap();
        std::fs::write(target.join("main.tf"), "old").unwrap();
        let p = plan(&bundle(), &target, true).unwrap();
        assert!(p.files.contains(&("main.tf".into(), Action::Replace)));
        write(&bundle(), &p, &AtomicBool::new(false)).unwrap();
        assert_eq!(
            std::fs::read_to_string(target.join("keep.txt")).unwrap(),
            "mine"
        );
        assert_eq!(
            std::fs::read_to_string(target.join("main.tf")).unwrap(),
            "a = 1\n"
        );
        assert_eq!(
            listing(tmp.path()),
            vec!["m/examples/basic/main.tf", "m/keep.txt", "m/main.tf"]
        );
    }

    #[test]
    fn cancelling_leaves_nothing_behind() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("new/m");
        let p = plan(&bundle(), &target, false).unwrap();
        assert!(matches!(
            write(&bundle(), &p, &AtomicBool::new(true)),
            Err(Error::Interrupted)
        ));
        assert!(listing(tmp.path()).is_empty(), "{:?}", listing(tmp.path()));
        assert!(!tmp.path().join("new").exists());
    }

    #[test]
    fn cancelling_a_forced_write_keeps_the_old_files() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::write(tmp.path().join("main.tf"), "old").unwrap();
        let p = plan(&bundle(), tmp.path(), true).unwrap();
        assert!(matches!(
            write(&bundle(), &p, &AtomicBool::new(true)),
            Err(Error::Interrupted)
        ));
        assert_eq!(
            std::fs::read_to_string(tmp.path().join("main.tf")).unwrap(),
            "old"
        );
    }
}
