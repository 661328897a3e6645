//! Local modules read from disk for `check`, each directory read once per run.

use super::calls::{LocalModule, LocalModules};
use super::files::{display_join, is_terraform};
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The modules local calls reach, below or beside the checked tree.
#[derive(Debug)]
pub struct DiskModules {
    /// What display paths are relative to: the current directory when they start with the
    /// path the user typed, the checked directory when they are shown relative to it.
    base: PathBuf,
    /// Display paths of the module directories this run checks on their own.
    checked: BTreeSet<String>,
    read: Mutex<HashMap<String, Option<Files>>>,
}

/// Terraform files by display path, with their text.
type Files = Vec<(String, String)>;

impl DiskModules {
    /// Modules whose display paths are relative to `base`; `checked` are the module
    /// directories the run checks anyway.
    pub fn new(base: &Path, checked: impl IntoIterator<Item = String>) -> DiskModules {
        DiskModules {
            base: base.to_path_buf(),
            checked: checked.into_iter().collect(),
            read: Mutex::new(HashMap::new()),
        }
    }

    /// The Terraform files directly in `dir` (symbolic links followed), by display path;
    /// `None` when the directory cannot be read or holds none.
    fn files(&self, dir: &str) -> Option<Files> {
        let path = self.base.join(dir);
        let mut names: Vec<String> = std::fs::read_dir(&path)
            .ok()?
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|name| is_terraform(name))
            .collect();
        names.sort();
        let files: Files = names
            .into_iter()
            .filter_map(|name| {
                let text = std::fs::read_to_string(path.join(&name)).ok()?;
                Some((display_join(dir, &name), text))
            })
            .collect();
        (!files.is_empty()).then_some(files)
    }
}

impl LocalModules for DiskModules {
    fn read(&self, dir: &str) -> Option<LocalModule> {
        let files = {
            let mut read = self.read.lock().unwrap_or_else(|p| p.into_inner());
            read.entry(dir.to_string())
                .or_insert_with(|| self.files(dir))
                .clone()?
        };
        Some(LocalModule {
            files,
            checked_on_its_own: self.checked.contains(dir),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_directory_is_read_with_display_paths_and_known_when_checked() {
        let root = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(root.path().join("modules/kms")).unwrap();
        std::fs::write(root.path().join("modules/kms/main.tf"), "locals {}\n").unwrap();
        std::fs::write(root.path().join("modules/kms/notes.md"), "# notes\n").unwrap();
        let modules = DiskModules::new(root.path(), ["modules/kms".to_string()]);
        let kms = modules.read("modules/kms").expect("read");
        assert_eq!(
            kms.files,
            vec![("modules/kms/main.tf".to_string(), "locals {}\n".to_string())]
        );
        assert!(kms.checked_on_its_own);
        assert!(modules.read("modules/none").is_none());
    }
}
