//! Applying a template's migrations: recorded answers under renamed parameters, resource
//! renames carried into the user's own text, and the `moved` and `removed` blocks that tell
//! Terraform a renamed or dropped resource is not to be destroyed and created again.

use crate::catalog::migrations::{Migration, Removed};
use regex::Regex;
use std::collections::BTreeSet;

/// The file `update` writes `moved` and `removed` blocks to, beside the module's `main.tf`.
pub const MIGRATIONS_FILE: &str = "moved.tf";

/// The migrations a module crosses going from `from` to `to`: newer than `from`, up to `to`.
pub fn crossed<'m>(
    migrations: &'m [Migration],
    from: &semver::Version,
    to: &semver::Version,
) -> Vec<&'m Migration> {
    migrations
        .iter()
        .filter(|m| m.version > *from && m.version <= *to)
        .collect()
}

/// The recorded answers under the new version's parameter names: renamed ones move, removed
/// ones go. Returns the notes for the report.
pub fn answers(
    answers: &mut serde_json::Map<String, serde_json::Value>,
    migrations: &[&Migration],
) -> Vec<String> {
    let mut notes = Vec::new();
    for m in migrations {
        for (from, to) in &m.renamed_parameters {
            if let Some(value) = answers.remove(from) {
                answers.insert(to.clone(), value);
                notes.push(format!("{}: answer `{from}` is now `{to}`", m.version));
            }
        }
        for name in &m.removed_parameters {
            if answers.remove(name).is_some() {
                notes.push(format!(
                    "{}: parameter `{name}` was removed; its answer is dropped",
                    m.version
                ));
            }
        }
    }
    notes
}

/// Every rename the migrations make, in order.
pub fn renames<'m>(migrations: &[&'m Migration]) -> Vec<&'m (String, String)> {
    migrations.iter().flat_map(|m| &m.moved).collect()
}

/// `text` (a `.tf` file) with each renamed address's declaration and references renamed, so a
/// user's edits to a renamed resource meet the new version's block of the new name.
pub fn rename(text: &str, renames: &[&(String, String)]) -> String {
    let mut out = text.to_string();
    for (from, to) in renames {
        let (Some((from_kind, from_name)), Some((to_kind, to_name))) =
            (from.split_once('.'), to.split_once('.'))
        else {
            continue;
        };
        let declaration = if from_kind == "module" {
            Regex::new(&format!(
                r#"(?m)^(\s*)module\s+"{}"(\s*\{{)"#,
                regex::escape(from_name)
            ))
        } else {
            Regex::new(&format!(
                r#"(?m)^(\s*)resource\s+"{}"\s+"{}"(\s*\{{)"#,
                regex::escape(from_kind),
                regex::escape(from_name)
            ))
        };
        let replacement = if to_kind == "module" {
            format!(r#"${{1}}module "{to_name}"${{2}}"#)
        } else {
            format!(r#"${{1}}resource "{to_kind}" "{to_name}"${{2}}"#)
        };
        if let Ok(re) = declaration {
            out = re.replace_all(&out, replacement.as_str()).into_owned();
        }
        if let Ok(re) = Regex::new(&format!(r"(^|[^\w.]){}\b", regex::escape(from))) {
            out = re
                .replace_all(&out, format!("${{1}}{to}").as_str())
                .into_owned();
        }
    }
    out
}

/// The resource and module addresses a `.tf` file declares at its top level.
pub fn addresses(text: &str) -> BTreeSet<String> {
    let Ok(body) = hcl::edit::parser::parse_body(text) else {
        return BTreeSet::new();
    };
    body.blocks()
        .filter_map(|b| {
            let labels: Vec<&str> = b.labels.iter().map(|l| l.as_str()).collect();
            match (b.ident.as_str(), labels.as_slice()) {
                ("resource", [kind, name]) => Some(format!("{kind}.{name}")),
                ("module", [name]) => Some(format!("module.{name}")),
                _ => None,
            }
        })
        .collect()
}

/// The `moved` and `removed` blocks for an update: a rename whose old address the module had
/// and whose new one the result declares, and a removal of an address the module had and the
/// result no longer declares. Blocks `existing` (the module's migrations file) already holds
/// are not repeated.
pub fn blocks(
    migrations: &[&Migration],
    before: &BTreeSet<String>,
    after: &BTreeSet<String>,
    existing: &str,
) -> String {
    let mut out = String::new();
    for m in migrations {
        let moved: Vec<String> = m
            .moved
            .iter()
            .filter(|(from, to)| {
                before.contains(from) && after.contains(to) && !after.contains(from)
            })
            .map(|(from, to)| format!("moved {{\n  from = {from}\n  to   = {to}\n}}\n"))
            .filter(|block| !existing.contains(block.as_str()))
            .collect();
        if !moved.is_empty() {
            out.push_str(&format!(
                "\n# Renamed in {} {}.\n",
                m.version, "(goldpath update)"
            ));
            out.push_str(&moved.join("\n"));
        }
        let removed: Vec<String> = m
            .removed
            .iter()
            .filter(|r| before.contains(&r.from) && !after.contains(&r.from))
            .map(|Removed { from, destroy }| {
                format!("removed {{\n  from = {from}\n\n  lifecycle {{\n    destroy = {destroy}\n  }}\n}}\n")
            })
            .filter(|block| !existing.contains(block.as_str()))
            .collect();
        if !removed.is_empty() {
            out.push_str(&format!(
                "\n# No longer part of the template in {} (goldpath update); `destroy = false` keeps the real resource, outside Terraform.\n",
                m.version
            ));
            out.push_str(&removed.join("\n"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn migration() -> Migration {
        Migration {
            version: semver::Version::new(1, 1, 0),
            moved: vec![(
                "aws_s3_bucket_policy.this".into(),
                "aws_s3_bucket_policy.tls_only".into(),
            )],
            removed: vec![Removed {
                from: "aws_s3_bucket_acl.this".into(),
                destroy: false,
            }],
            renamed_parameters: vec![("retention".into(), "retention_days".into())],
            removed_parameters: vec!["legacy".into()],
        }
    }

    #[test]
    fn a_rename_reaches_declarations_and_references_only() {
        let m = migration();
        let text = "resource \"aws_s3_bucket_policy\" \"this\" {\n  bucket = aws_s3_bucket.this.id\n}\n\noutput \"p\" {\n  value = aws_s3_bucket_policy.this.id\n}\n\noutput \"q\" {\n  value = aws_s3_bucket_policy.thisone.id\n}\n";
        let renamed = rename(text, &renames(&[&m]));
        assert!(
            renamed.contains("resource \"aws_s3_bucket_policy\" \"tls_only\" {"),
            "{renamed}"
        );
        assert!(
            renamed.contains("value = aws_s3_bucket_policy.tls_only.id"),
            "{renamed}"
        );
        assert!(
            renamed.contains("aws_s3_bucket_policy.thisone.id"),
            "{renamed}"
        );
        assert!(
            renamed.contains("bucket = aws_s3_bucket.this.id"),
            "{renamed}"
        );
    }

    #[test]
    fn answers_follow_renamed_and_removed_parameters() {
        let m = migration();
        let mut answers = serde_json::json!({"retention": 30, "legacy": true, "name": "a"})
            .as_object()
            .unwrap()
            .clone();
        let notes = super::answers(&mut answers, &[&m]);
        assert_eq!(
            answers,
            *serde_json::json!({"retention_days": 30, "name": "a"})
                .as_object()
                .unwrap()
        );
        assert_eq!(notes.len(), 2);
    }

    #[test]
    fn blocks_are_written_once_and_only_where_they_apply() {
        let m = migration();
        let before: BTreeSet<String> = [
            "aws_s3_bucket_policy.this".into(),
            "aws_s3_bucket_acl.this".into(),
        ]
        .into();
        let after: BTreeSet<String> = ["aws_s3_bucket_policy.tls_only".into()].into();
        let text = blocks(&[&m], &before, &after, "");
        assert!(text.contains("moved {\n  from = aws_s3_bucket_policy.this\n  to   = aws_s3_bucket_policy.tls_only\n}"), "{text}");
        assert!(
            text.contains("removed {\n  from = aws_s3_bucket_acl.this"),
            "{text}"
        );
        hcl::parse(&text).expect("the blocks parse");
        assert_eq!(blocks(&[&m], &before, &after, &text), "");
        assert_eq!(blocks(&[&m], &BTreeSet::new(), &after, ""), "");
    }

    #[test]
    fn crossed_migrations_are_those_after_the_old_version_up_to_the_new() {
        let m = [migration()];
        let v = |s: &str| semver::Version::parse(s).unwrap();
        assert_eq!(crossed(&m, &v("1.0.0"), &v("1.1.0")).len(), 1);
        assert!(crossed(&m, &v("1.1.0"), &v("1.2.0")).is_empty());
        assert!(crossed(&m, &v("0.9.0"), &v("1.0.5")).is_empty());
    }
}
