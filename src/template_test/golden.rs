//! Golden copies: the rendered module of a fixture kept as plain files beside the template
//! (`tests/golden/<fixture>/…`), and the comparison of a fresh render with them.

use crate::catalog::Template;
use crate::render::Bundle;
use serde::Serialize;
use std::collections::BTreeMap;

/// The directory under a template's `tests/` that holds the golden copies.
pub const GOLDEN_DIR: &str = "golden";

/// A golden copy, or what a golden copy of a rendered module holds: text by relative path.
pub type GoldenFiles = BTreeMap<String, String>;

/// What a golden copy of `bundle` holds: every rendered file except the verbatim copies of the
/// shipped policy library under `policies/`, which the library's own tests cover and which
/// would otherwise repeat the library in every golden copy.
pub fn golden_files(template: &Template, bundle: &Bundle) -> GoldenFiles {
    bundle
        .iter()
        .filter(|(path, text)| {
            !path.strip_prefix("policies/").is_some_and(|rest| {
                template
                    .policy_files
                    .iter()
                    .any(|(p, t)| p == rest && t == text)
            })
        })
        .map(|(path, text)| (path.to_string(), text.to_string()))
        .collect()
}

/// One file whose text differs from its golden copy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileDiff {
    /// Relative path in the module.
    pub path: String,
    /// Unified diff from the golden copy (`a/`) to the rendered file (`b/`).
    pub diff: String,
}

/// How a rendered module differs from its golden copy.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Comparison {
    /// Files in both whose text differs.
    pub changed: Vec<FileDiff>,
    /// Files in the golden copy that are no longer rendered.
    pub missing: Vec<String>,
    /// Rendered files the golden copy lacks.
    pub extra: Vec<String>,
}

impl Comparison {
    /// Whether the module equals the golden copy.
    pub fn is_empty(&self) -> bool {
        self.changed.is_empty() && self.missing.is_empty() && self.extra.is_empty()
    }
}

/// Compares a rendered module with its golden copy, file by file.
pub fn compare(rendered: &GoldenFiles, golden: &GoldenFiles) -> Comparison {
    let mut comparison = Comparison::default();
    for (path, text) in rendered {
        match golden.get(path) {
            None => comparison.extra.push(path.clone()),
            Some(old) if old != text => comparison.changed.push(FileDiff {
                path: path.clone(),
                diff: unified_diff(path, old, text),
            }),
            Some(_) => {}
        }
    }
    comparison.missing = golden
        .keys()
        .filter(|path| !rendered.contains_key(*path))
        .cloned()
        .collect();
    comparison
}

/// A unified diff (three lines of context) from `old` to `new`, headed `a/PATH` and `b/PATH`.
pub fn unified_diff(path: &str, old: &str, new: &str) -> String {
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(entries: &[(&str, &str)]) -> GoldenFiles {
        entries
            .iter()
            .map(|(p, t)| (p.to_string(), t.to_string()))
            .collect()
    }

    #[test]
    fn an_equal_module_matches() {
        let module = files(&[("main.tf", "a\n"), ("README.md", "b\n")]);
        assert!(compare(&module, &module.clone()).is_empty());
    }

    #[test]
    fn a_changed_file_is_a_unified_diff() {
        let golden = files(&[("main.tf", "one\ntwo\nthree\n")]);
        let rendered = files(&[("main.tf", "one\nTWO\nthree\n")]);
        let comparison = compare(&rendered, &golden);
        assert!(comparison.missing.is_empty() && comparison.extra.is_empty());
        let [diff] = comparison.changed.as_slice() else {
            panic!("one changed file: {comparison:?}");
        };
        assert_eq!(diff.path, "main.tf");
        assert_eq!(
            diff.diff,
            "--- a/main.tf\n+++ b/main.tf\n@@ -1,3 +1,3 @@\n one\n-two\n+TWO\n three\n"
        );
    }

    #[test]
    fn missing_and_extra_files_are_named() {
        let golden = files(&[("main.tf", "x\n"), ("old.tf", "y\n")]);
        let rendered = files(&[("main.tf", "x\n"), ("new.tf", "z\n")]);
        let comparison = compare(&rendered, &golden);
        assert_eq!(comparison.missing, ["old.tf"]);
        assert_eq!(comparison.extra, ["new.tf"]);
        assert!(comparison.changed.is_empty());
        assert!(!comparison.is_empty());
    }

    #[test]
    fn library_policy_copies_stay_out_of_golden_copies() {
        let mut template = crate::catalog::Template::parse(crate::catalog::RawTemplate {
            origin: "t".into(),
            manifest: "name = \"t\"\nversion = \"1.0.0\"\ntitle = \"T\"\ndescription = \"d\"\n"
                .into(),
            ..Default::default()
        })
        .expect("parses");
        template.policy_files = vec![("s3/s3.rego".into(), "package s3\n".into())];
        let mut bundle = Bundle::default();
        bundle.insert("main.tf".into(), "x\n".into());
        bundle.insert("policies/s3/s3.rego".into(), "package s3\n".into());
        bundle.insert("policies/own.rego".into(), "package own\n".into());
        let kept: Vec<String> = golden_files(&template, &bundle).into_keys().collect();
        assert_eq!(kept, ["main.tf", "policies/own.rego"]);
    }
}
