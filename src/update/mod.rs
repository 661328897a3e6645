//! `goldpath update`: brings a generated module forward to a newer template version.
//!
//! Three versions of every file meet: the *original* (the recorded version rendered again from
//! the recorded answers), *ours* (the module as it is on disk) and *theirs* (the new version
//! rendered from the same answers). A file goldpath wrote and nobody edited (its hash is the
//! recorded one) simply becomes theirs; an edited file is merged, `.tf` files block by block
//! ([`hcl_merge`]), others line by line ([`text_merge`]). Everything here is pure: the caller
//! reads the disk and writes the result.

pub mod apply;
pub mod forward;
pub mod hcl_merge;
pub mod migrate;
pub mod text_merge;

use crate::render::{Bundle, RECORD_FILE};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};

/// The three sides of an update.
pub struct Sides<'a> {
    /// The recorded version rendered again from the recorded answers.
    pub original: &'a Bundle,
    /// The new version.
    pub theirs: &'a Bundle,
    /// The module's files on disk, for every path the other sides or the record name.
    pub ours: &'a BTreeMap<String, String>,
    /// The SHA-256 of every file goldpath wrote, from the record (empty for an older record).
    pub recorded: &'a BTreeMap<String, String>,
}

/// What an update does to one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Change {
    /// The new version's file replaces one nobody edited.
    Updated,
    /// A file new in this version.
    Created,
    /// The new version no longer has it, and nobody had edited it.
    Deleted,
    /// Your edits and the new version's changes, merged.
    Merged,
    /// Your edits stay: the new version did not change this file.
    Kept,
    /// You deleted it and it stays deleted; the new version changed it (see the note).
    StaysDeleted,
    /// Both sides changed the same part: written with conflict markers.
    Conflict,
}

/// One file's outcome.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FileChange {
    /// Path in the module.
    pub path: String,
    /// What happens to it.
    pub change: Change,
    /// 1-based lines where conflicts start (a file both deleted and edited has line 1).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub conflict_lines: Vec<usize>,
    /// What a reviewer should know.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// The merged module: files to write, files to delete and what happened to each.
#[derive(Debug, Clone, Default)]
pub struct Merge {
    /// Files whose content changes (the record included).
    pub write: Bundle,
    /// Files to remove.
    pub delete: Vec<String>,
    /// Every file the update touched or considered, in path order.
    pub changes: Vec<FileChange>,
}

impl Merge {
    /// Files written with conflict markers (or kept though the new version deleted them).
    pub fn conflicts(&self) -> impl Iterator<Item = &FileChange> {
        self.changes.iter().filter(|c| c.change == Change::Conflict)
    }
}

/// The hex SHA-256 of a file's text, as the record keeps it.
pub fn digest(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Merges the three sides file by file.
pub fn merge(sides: &Sides<'_>) -> Merge {
    let paths: BTreeSet<&str> = sides
        .original
        .paths()
        .chain(sides.theirs.paths())
        .chain(sides.recorded.keys().map(String::as_str))
        .filter(|p| *p != RECORD_FILE)
        .collect();
    let mut out = Merge::default();
    for path in paths {
        let (original, theirs) = (sides.original.get(path), sides.theirs.get(path));
        let ours = sides.ours.get(path).map(String::as_str);
        let generated = original.is_some() || sides.recorded.contains_key(path);
        let untouched = ours.is_some_and(|o| match sides.recorded.get(path) {
            Some(hash) => *hash == digest(o),
            None => Some(o) == original,
        });
        let change = |change: Change, note: Option<String>| FileChange {
            path: path.to_string(),
            change,
            conflict_lines: Vec::new(),
            note,
        };
        match (ours, theirs) {
            (None, Some(t)) if generated => {
                if Some(t) != original {
                    out.changes.push(change(
                        Change::StaysDeleted,
                        Some("you deleted this file; the new version changed it".into()),
                    ));
                }
            }
            (None, Some(t)) => {
                out.write.insert(path.into(), t.into());
                out.changes.push(change(Change::Created, None));
            }
            (Some(o), Some(t)) if untouched || o == t => {
                if o != t {
                    out.write.insert(path.into(), t.into());
                    out.changes.push(change(Change::Updated, None));
                }
            }
            (Some(_), Some(t)) if Some(t) == original => {
                out.changes.push(change(Change::Kept, None));
            }
            (Some(o), Some(t)) => {
                let base = original.unwrap_or("");
                let merged = if path.ends_with(".tf") {
                    hcl_merge::merge(base, o, t)
                } else {
                    None
                }
                .unwrap_or_else(|| text_merge::merge(base, o, t));
                let mut c = change(
                    if merged.conflicts == 0 {
                        Change::Merged
                    } else {
                        Change::Conflict
                    },
                    None,
                );
                c.conflict_lines = text_merge::conflict_lines(&merged.text);
                out.write.insert(path.into(), merged.text);
                out.changes.push(c);
            }
            (Some(_), None) if !generated => {}
            (Some(_), None) if untouched => {
                out.delete.push(path.into());
                out.changes.push(change(Change::Deleted, None));
            }
            (Some(_), None) => {
                let mut c = change(
                    Change::Conflict,
                    Some(
                        "the new version deletes this file, which you edited: keep it or delete it"
                            .into(),
                    ),
                );
                c.conflict_lines = vec![1];
                out.changes.push(c);
            }
            (None, None) => {}
        }
    }
    if let Some(record) = sides.theirs.get(RECORD_FILE) {
        out.write.insert(RECORD_FILE.into(), record.into());
    }
    out
}

#[cfg(test)]
mod tests;
