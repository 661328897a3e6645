//! The review screen's state, and the rendered module it shows.

use super::edit::LineEdit;
use crate::render::Bundle;
use crate::report::CheckReport;

/// A render of the form's answers, tagged with the form generation it belongs to.
#[derive(Debug, Clone)]
pub struct Rendered {
    /// The template rendered.
    pub template: String,
    /// The form generation the answers came from.
    pub generation: u64,
    /// The module and its guardrail report, or why it could not be rendered.
    pub outcome: Result<(Bundle, CheckReport), String>,
    /// Its estimate held to its budget, when it rendered.
    pub cost: Option<Box<crate::pipeline::Cost>>,
}

impl Rendered {
    /// Paths of the rendered files, in order.
    pub fn paths(&self) -> Vec<&str> {
        match &self.outcome {
            Ok((bundle, _)) => bundle.paths().collect(),
            Err(_) => Vec::new(),
        }
    }

    /// Every finding with the path of its file relative to the module root.
    pub fn findings(&self) -> Vec<(Option<String>, &crate::guardrails::finding::Finding)> {
        let Ok((_, report)) = &self.outcome else {
            return Vec::new();
        };
        report
            .findings()
            .map(|(_, f)| (f.file.clone(), f))
            .collect()
    }
}

/// Which part of the review screen has the keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Pane {
    /// The file tree.
    #[default]
    Files,
    /// The findings list.
    Findings,
}

/// The review screen's selection and scrolling.
#[derive(Debug, Clone, Default)]
pub struct ReviewView {
    /// The pane with the keys.
    pub pane: Pane,
    /// Selected file, an index into the rendered paths.
    pub file: usize,
    /// Selected finding.
    pub finding: usize,
    /// First preview line shown.
    pub scroll: usize,
    /// Show the answers as YAML instead of the selected file.
    pub answers: bool,
    /// Show the itemised estimate instead of the selected file.
    pub cost: bool,
    /// The answers file path being typed, when saving.
    pub save_as: Option<LineEdit>,
}

/// One row of the file tree: a directory or a file (with its index among the paths).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreeRow {
    /// The directory or file name.
    pub label: String,
    /// Nesting depth.
    pub depth: usize,
    /// The file's index among the paths; `None` for a directory.
    pub file: Option<usize>,
}

/// The paths (in order) as a tree: each directory once, above its entries.
pub fn tree(paths: &[&str]) -> Vec<TreeRow> {
    let mut rows = Vec::new();
    let mut open: Vec<&str> = Vec::new();
    for (index, path) in paths.iter().enumerate() {
        let parts: Vec<&str> = path.split('/').collect();
        let (dirs, name) = parts.split_at(parts.len() - 1);
        let common = open.iter().zip(dirs).take_while(|(a, b)| a == b).count();
        open.truncate(common);
        for dir in &dirs[common..] {
            rows.push(TreeRow {
                label: format!("{dir}/"),
                depth: open.len(),
                file: None,
            });
            open.push(dir);
        }
        rows.push(TreeRow {
            label: name[0].to_string(),
            depth: dirs.len(),
            file: Some(index),
        });
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tree_lists_each_directory_once() {
        let rows = tree(&[
            "README.md",
            "examples/basic/main.tf",
            "examples/basic/x.tf",
            "examples/y.md",
            "main.tf",
        ]);
        let shown: Vec<String> = rows
            .iter()
            .map(|r| {
                format!(
                    "{}{}{}",
                    "  ".repeat(r.depth),
                    r.label,
                    r.file.map_or(String::new(), |i| format!(" #{i}"))
                )
            })
            .collect();
        assert_eq!(
            shown,
            [
                "README.md #0",
                "examples/",
                "  basic/",
                "    main.tf #1",
                "    x.tf #2",
                "  y.md #3",
                "main.tf #4"
            ]
        );
    }
}
