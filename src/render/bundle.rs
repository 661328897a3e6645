//! A rendered module held in memory: relative path to text, ready to check, show or write.

use std::collections::BTreeMap;

/// The rendered files of one module, in path order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Bundle {
    files: BTreeMap<String, String>,
}

impl Bundle {
    /// Adds a file; returns false when the path is already taken.
    pub fn insert(&mut self, path: String, text: String) -> bool {
        match self.files.entry(path) {
            std::collections::btree_map::Entry::Occupied(_) => false,
            std::collections::btree_map::Entry::Vacant(slot) => {
                slot.insert(text);
                true
            }
        }
    }

    /// Sets a file's text, replacing what the path held.
    pub fn put(&mut self, path: &str, text: String) {
        self.files.insert(path.to_string(), text);
    }

    /// Appends text to an existing file; returns false when there is no such file.
    pub fn append(&mut self, path: &str, text: &str) -> bool {
        self.files.get_mut(path).map(|t| t.push_str(text)).is_some()
    }

    /// The text of `path`.
    pub fn get(&self, path: &str) -> Option<&str> {
        self.files.get(path).map(String::as_str)
    }

    /// Files in path order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.files.iter().map(|(p, t)| (p.as_str(), t.as_str()))
    }

    /// Relative paths in order.
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.files.keys().map(String::as_str)
    }

    /// Number of files.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Whether the bundle has no files.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}
