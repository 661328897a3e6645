//! What `goldpath template new` creates: a starter template that lints and tests clean, or a
//! copy of a catalog template under a new name. Values only: files come back as
//! `(relative path, text)` pairs and the command writes them at the edge.

use crate::catalog::{RawTemplate, Shared, manifest};
use std::path::{Path, PathBuf};

/// Where the template name goes in the starter's manifest and authoring README.
const NAME_MARK: &str = "@TEMPLATE_NAME@";

/// The starter template, by path relative to the template directory.
const SKELETON: &[(&str, &str)] = &[
    ("README.md", include_str!("skeleton/README.md")),
    ("template.toml", include_str!("skeleton/template.toml")),
    ("files/README.md", include_str!("skeleton/files/README.md")),
    ("files/main.tf", include_str!("skeleton/files/main.tf")),
    (
        "files/variables.tf",
        include_str!("skeleton/files/variables.tf"),
    ),
    (
        "files/outputs.tf",
        include_str!("skeleton/files/outputs.tf"),
    ),
    (
        "files/versions.tf",
        include_str!("skeleton/files/versions.tf"),
    ),
    (
        "files/examples/basic/main.tf",
        include_str!("skeleton/files/examples/basic/main.tf"),
    ),
    (
        "files/tests/defaults.tftest.hcl",
        include_str!("skeleton/files/tests/defaults.tftest.hcl"),
    ),
    ("tests/dev.yaml", include_str!("skeleton/tests/dev.yaml")),
    ("tests/prod.yaml", include_str!("skeleton/tests/prod.yaml")),
    (
        "policies/sqs.rego",
        include_str!("skeleton/policies/sqs.rego"),
    ),
    (
        "policies/sqs_test.rego",
        include_str!("skeleton/policies/sqs_test.rego"),
    ),
];

/// Why a template cannot be created.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum ScaffoldError {
    /// The name is not one the catalog accepts.
    #[error("`{name}` is not a template name: {reason}")]
    #[diagnostic(help(
        "pass --name with lowercase letters, digits and `-`, e.g. --name orders-queue"
    ))]
    InvalidName {
        /// The name given, or taken from the directory.
        name: String,
        /// What the catalog expects.
        reason: String,
    },

    /// The directory has no last component to take the name from (`.`, `..`, `/`).
    #[error("cannot take a template name from `{}`", dir.display())]
    #[diagnostic(help("pass --name NAME, or give a directory path that ends in the name"))]
    NoName {
        /// The directory given.
        dir: PathBuf,
    },

    /// The target directory already holds files.
    #[error("{} is not empty", dir.display())]
    #[diagnostic(help(
        "give a new directory (it is created), or empty this one first; nothing was written"
    ))]
    NotEmpty {
        /// The target directory.
        dir: PathBuf,
    },

    /// The target path exists and is not a directory.
    #[error("{} exists and is not a directory", dir.display())]
    #[diagnostic(help("give a new directory path; nothing was written"))]
    NotDirectory {
        /// The target path.
        dir: PathBuf,
    },

    /// A template given to `--from` has no `name = "…"` line at the top of its manifest.
    #[error("{origin}/template.toml has no top-level `name = \"…\"` line to replace")]
    #[diagnostic(help(
        "write the name as `name = \"NAME\"` before the first [table] of the manifest"
    ))]
    NoNameLine {
        /// Where the template came from.
        origin: String,
    },

    /// A file of a template given to `--from` cannot be copied.
    #[error("cannot copy {path}: {reason}")]
    #[diagnostic(help(
        "templates hold only regular UTF-8 text files; remove or fix the file, or start with `goldpath template new DIR` instead"
    ))]
    Uncopyable {
        /// The file.
        path: String,
        /// Why.
        reason: String,
    },

    /// A shared file the copied template needs exists beside the new template with other text.
    #[error("{} exists with other text than the copied template's source shares", path.display())]
    #[diagnostic(help(
        "the copy uses its source's shared partials and parameter groups; make this file match the source's, or create the template in a directory of templates without a conflicting _shared/; nothing was written"
    ))]
    SharedConflict {
        /// The file.
        path: PathBuf,
    },
}

/// The files of a new starter template called `name`: a manifest with the common parameters,
/// a small registry-layout module under `files/`, `dev` and `prod` fixtures, an example policy
/// with its unit tests, and an authoring README. `name` must have passed [`check_name`].
pub fn new_template(name: &str) -> Vec<(String, String)> {
    SKELETON
        .iter()
        .map(|(path, text)| (path.to_string(), text.replace(NAME_MARK, name)))
        .collect()
}

/// Checks that `name` is a template name the catalog accepts.
pub fn check_name(name: &str) -> Result<(), ScaffoldError> {
    let invalid = |reason: String| ScaffoldError::InvalidName {
        name: name.to_string(),
        reason,
    };
    if name.is_empty()
        || !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Err(invalid(
            "use lowercase letters, digits and `-` (at least one character)".into(),
        ));
    }
    let manifest = new_template(name)
        .into_iter()
        .find_map(|(path, text)| (path == "template.toml").then_some(text))
        .expect("the starter has a manifest");
    manifest::parse(&manifest).map(|_| ()).map_err(|problems| {
        invalid(
            problems
                .into_iter()
                .map(|p| p.message)
                .collect::<Vec<_>>()
                .join("; "),
        )
    })
}

/// The directory tree of a template read by a catalog source: its manifest, `files/` and the
/// answers fixtures of `tests/`, by path relative to the template directory.
pub fn raw_tree(raw: &RawTemplate) -> Vec<(String, String)> {
    let mut out = vec![("template.toml".to_string(), raw.manifest.clone())];
    out.extend(
        raw.files
            .iter()
            .map(|(p, t)| (format!("files/{p}"), t.clone())),
    );
    out.extend(
        raw.fixtures
            .iter()
            .map(|(p, t)| (format!("tests/{p}"), t.clone())),
    );
    out.sort();
    out
}

/// A copy of a template's directory (`files`: every file by relative path) under the name
/// `name`: the manifest's top-level `name` line is replaced, everything else is kept as it is.
/// `origin` names the template in errors.
pub fn copy_template(
    files: Vec<(String, String)>,
    origin: &str,
    name: &str,
) -> Result<Vec<(String, String)>, ScaffoldError> {
    let no_line = || ScaffoldError::NoNameLine {
        origin: origin.to_string(),
    };
    let mut renamed = false;
    let mut out = Vec::with_capacity(files.len());
    for (path, text) in files {
        if path == "template.toml" {
            out.push((path, rename_manifest(&text, name).ok_or_else(no_line)?));
            renamed = true;
        } else {
            out.push((path, text));
        }
    }
    if !renamed {
        return Err(no_line());
    }
    Ok(out)
}

/// The shared files (partials and parameter groups, by path from the source root) a copy of a
/// template whose source shares `shared` needs beside it, less those already there with the
/// same text. `existing` reads a file of the new template's source root, by that path.
/// A file there with other text is a conflict: the copy would render differently.
pub fn shared_to_copy(
    shared: &Shared,
    root: &Path,
    existing: impl Fn(&str) -> Option<String>,
) -> Result<Vec<(String, String)>, ScaffoldError> {
    let mut out = Vec::new();
    for (path, text) in shared.tree() {
        match existing(&path) {
            None => out.push((path, text)),
            Some(there) if there == text => {}
            Some(_) => {
                return Err(ScaffoldError::SharedConflict {
                    path: root.join(path),
                });
            }
        }
    }
    Ok(out)
}

/// Replaces the value of the top-level `name = "…"` key (before the first table header),
/// keeping the rest of the line, the comments and the layout.
fn rename_manifest(text: &str, name: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len() + name.len());
    let mut done = false;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if !done && trimmed.starts_with('[') {
            return None;
        }
        let is_name = trimmed
            .strip_prefix("name")
            .is_some_and(|rest| rest.trim_start().starts_with('='));
        if !done && is_name {
            let (_, value) = trimmed.split_once('=')?;
            let value = value.trim_start();
            let quote = value.chars().next().filter(|c| *c == '"' || *c == '\'')?;
            let close = value[1..].find(quote)? + 2;
            let indent = &line[..line.len() - trimmed.len()];
            out.push_str(&format!("{indent}name = \"{name}\"{}", &value[close..]));
            done = true;
        } else {
            out.push_str(line);
        }
    }
    done.then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answers::{self, Inputs};
    use crate::catalog::{Catalog, RawTemplate, Template, embedded};
    use crate::guardrails::bundle::{check_rendered, shipped_policies};
    use crate::render::{Formatting, render_with};

    fn raw(name: &str, files: Vec<(String, String)>) -> RawTemplate {
        let under = |dir: &str| {
            files
                .iter()
                .filter_map(|(p, t)| {
                    p.strip_prefix(&format!("{dir}/"))
                        .map(|rel| (rel.to_string(), t.clone()))
                })
                .collect::<Vec<_>>()
        };
        RawTemplate {
            shared: Default::default(),
            git: None,
            releases: Vec::new(),
            changelog: None,
            origin: name.into(),
            manifest: files
                .iter()
                .find(|(p, _)| p == "template.toml")
                .map(|(_, t)| t.clone())
                .expect("a manifest"),
            files: under("files"),
            fixtures: under("tests"),
        }
    }

    fn starter(name: &str) -> Template {
        let mut raws = vec![raw(name, new_template(name))];
        raws.extend(embedded());
        Catalog::from_raw(raws)
            .expect("the starter joins the catalog")
            .get(name)
            .expect("the starter")
            .clone()
    }

    #[test]
    fn every_fixture_renders_fmt_clean_and_passes_the_guardrails() {
        let template = starter("orders-queue");
        let policies = shipped_policies().unwrap();
        assert_eq!(template.fixtures.len(), 2);
        for (fixture, text) in &template.fixtures {
            let inputs = Inputs {
                file: answers::file::parse(text).expect("fixture parses"),
                ..Default::default()
            };
            let answers = answers::resolve(&template.manifest, &inputs)
                .unwrap_or_else(|p| panic!("{fixture}: {p:?}"));
            let bundle = render_with(&template, &answers, Formatting::Check)
                .unwrap_or_else(|e| panic!("{fixture}: {e}"));
            assert!(bundle.get("examples/basic/main.tf").is_some());
            let report = check_rendered(&template, &answers, &bundle, &policies, None).unwrap();
            assert_eq!(
                report.findings().count(),
                0,
                "{fixture}: {:?}",
                report
                    .findings()
                    .map(|(_, f)| &f.message)
                    .collect::<Vec<_>>()
            );
        }
    }

    #[test]
    fn the_name_lands_in_the_manifest_and_the_readme() {
        let files = new_template("orders-queue");
        let text = |path: &str| {
            files
                .iter()
                .find(|(p, _)| p == path)
                .map(|(_, t)| t.as_str())
                .unwrap()
        };
        assert!(text("template.toml").contains("name = \"orders-queue\""));
        assert!(text("README.md").starts_with("# Template orders-queue"));
        assert!(files.iter().all(|(_, t)| !t.contains(NAME_MARK)));
    }

    #[test]
    fn names_are_checked_like_the_catalog_does() {
        for good in ["orders-queue", "q1", "orders_queue", "Orders"] {
            check_name(good).unwrap_or_else(|e| panic!("{good}: {e}"));
        }
        for bad in ["", "Orders-Queue", "orders queue", "a\"b", "../x", "é"] {
            assert!(
                matches!(check_name(bad), Err(ScaffoldError::InvalidName { .. })),
                "{bad}"
            );
        }
    }

    #[test]
    fn a_copy_renames_only_the_manifest_name() {
        let raw = embedded()
            .into_iter()
            .find(|r| r.origin == "embedded:s3-secure-bucket")
            .expect("embedded");
        let tree = raw_tree(&raw);
        assert!(tree.iter().any(|(p, _)| p == "tests/dev.yaml"));
        assert!(tree.iter().any(|(p, _)| p == "files/main.tf"));
        let copy = copy_template(tree.clone(), "embedded:s3-secure-bucket", "team-bucket").unwrap();
        assert_eq!(copy.len(), tree.len());
        let manifest = &copy.iter().find(|(p, _)| p == "template.toml").unwrap().1;
        let parsed = manifest::parse_with(manifest, &raw.shared).expect("still a valid manifest");
        assert_eq!(parsed.name, "team-bucket");
        let before = &tree.iter().find(|(p, _)| p == "template.toml").unwrap().1;
        assert_eq!(
            manifest
                .lines()
                .filter(|l| !l.starts_with("name = "))
                .count(),
            before.lines().filter(|l| !l.starts_with("name = ")).count()
        );
        assert!(
            manifest.contains("\nname = \"environment\"\n"),
            "parameters keep their names"
        );
    }

    #[test]
    fn renaming_keeps_comments_and_refuses_a_manifest_without_a_name_line() {
        assert_eq!(
            rename_manifest(
                "# head\nname = 'old' # the name\n[x]\nname = \"y\"\n",
                "new"
            )
            .unwrap(),
            "# head\nname = \"new\" # the name\n[x]\nname = \"y\"\n"
        );
        assert!(rename_manifest("[x]\nname = \"y\"\n", "new").is_none());
        assert!(matches!(
            copy_template(vec![("files/a.tf".into(), String::new())], "t", "n"),
            Err(ScaffoldError::NoNameLine { .. })
        ));
    }

    #[test]
    fn a_copy_brings_the_shared_files_its_new_source_lacks() {
        let shared = Shared {
            partials: vec![("_shared/partials/tags.tf".into(), "t".into())],
            groups: vec![("common".into(), "c".into())],
        };
        let root = Path::new("src");
        let none = shared_to_copy(&shared, root, |_| None).unwrap();
        assert_eq!(none, shared.tree());
        let same = shared_to_copy(&shared, root, |p| {
            shared
                .tree()
                .into_iter()
                .find(|(q, _)| q == p)
                .map(|(_, t)| t)
        })
        .unwrap();
        assert!(same.is_empty());
        let err = shared_to_copy(&shared, root, |p| {
            (p == "_shared/partials/tags.tf").then(|| "other".to_string())
        })
        .unwrap_err();
        assert!(
            matches!(&err, ScaffoldError::SharedConflict { path } if path.ends_with("_shared/partials/tags.tf")),
            "{err}"
        );
    }
}
