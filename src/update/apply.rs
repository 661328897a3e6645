//! One update, worked out in memory: migrations applied, files merged, merged Terraform
//! formatted and parsed, and the `moved`/`removed` blocks a rename or removal needs.

use super::migrate::{self, MIGRATIONS_FILE};
use super::{Change, FileChange, Merge, Sides, digest};
use crate::catalog::migrations::Migration;
use crate::render::Bundle;
use crate::render::format::format_hcl;
use std::collections::{BTreeMap, BTreeSet};

/// What goes into an update.
pub struct Inputs<'a> {
    /// The recorded version rendered again from the recorded answers.
    pub original: &'a Bundle,
    /// The new version.
    pub theirs: &'a Bundle,
    /// Every text file of the module on disk.
    pub ours: &'a BTreeMap<String, String>,
    /// The SHA-256 of every file goldpath wrote, from the record.
    pub recorded: &'a BTreeMap<String, String>,
    /// The migrations crossed, in version order.
    pub migrations: &'a [&'a Migration],
}

/// An update worked out: what changes, and the module as it will be.
#[derive(Debug, Clone)]
pub struct Update {
    /// Files written and deleted, and what happened to each.
    pub merge: Merge,
    /// The module after the update (its text files).
    pub result: Bundle,
}

impl Update {
    /// Whether the module changes at all.
    pub fn changes_anything(&self, ours: &BTreeMap<String, String>) -> bool {
        !self.merge.delete.is_empty()
            || self
                .merge
                .write
                .iter()
                .any(|(path, text)| ours.get(path).map(String::as_str) != Some(text))
    }
}

/// Works out the update.
pub fn apply(inputs: &Inputs<'_>) -> Update {
    let renames = migrate::renames(inputs.migrations);
    let edited = |path: &str, text: &str| match inputs.recorded.get(path) {
        Some(hash) => *hash != digest(text),
        None => inputs.original.get(path) != Some(text),
    };
    let renamed = |path: &str, text: &str| {
        if path.ends_with(".tf") && !renames.is_empty() {
            migrate::rename(text, &renames)
        } else {
            text.to_string()
        }
    };
    let mut original = Bundle::default();
    for (path, text) in inputs.original.iter() {
        original.insert(path.into(), renamed(path, text));
    }
    let ours: BTreeMap<String, String> = inputs
        .ours
        .iter()
        .map(|(path, text)| {
            let text = if edited(path, text) {
                renamed(path, text)
            } else {
                text.clone()
            };
            (path.clone(), text)
        })
        .collect();
    let mut merge = super::merge(&Sides {
        original: &original,
        theirs: inputs.theirs,
        ours: &ours,
        recorded: inputs.recorded,
    });
    settle_terraform(&mut merge);
    for (path, text) in &ours {
        let written = merge.write.get(path).is_some() || merge.delete.contains(path);
        if written || inputs.ours.get(path) == Some(text) {
            continue;
        }
        merge.write.put(path, text.clone());
        let note = "references to renamed resources follow the rename";
        match merge.changes.iter_mut().find(|c| c.path == *path) {
            Some(change) => change.note = Some(format!("your edits kept; {note}")),
            None => merge.changes.push(FileChange {
                path: path.clone(),
                change: Change::Updated,
                conflict_lines: Vec::new(),
                note: Some(format!("your file: {note}")),
            }),
        }
    }
    let mut result = merge.write.clone();
    for (path, text) in inputs.ours {
        if !merge.delete.contains(path) {
            result.insert(path.clone(), text.clone());
        }
    }

    let root_addresses = |files: &mut dyn Iterator<Item = (&str, &str)>| -> BTreeSet<String> {
        files
            .filter(|(p, _)| p.ends_with(".tf") && !p.contains('/'))
            .flat_map(|(_, text)| migrate::addresses(text))
            .collect()
    };
    let before = root_addresses(&mut inputs.ours.iter().map(|(p, t)| (p.as_str(), t.as_str())));
    let after = root_addresses(&mut result.iter());
    let existing = inputs
        .ours
        .get(MIGRATIONS_FILE)
        .cloned()
        .unwrap_or_default();
    let blocks = migrate::blocks(inputs.migrations, &before, &after, &existing);
    if !blocks.is_empty() {
        let text = format_hcl(&format!("{}{blocks}", moved_header(&existing)));
        merge.changes.push(FileChange {
            path: MIGRATIONS_FILE.into(),
            change: if existing.is_empty() {
                Change::Created
            } else {
                Change::Updated
            },
            conflict_lines: Vec::new(),
            note: Some(
                "moved/removed blocks, so Terraform renames or lets go of resources instead of destroying them"
                    .into(),
            ),
        });
        merge.write.put(MIGRATIONS_FILE, text.clone());
        result.put(MIGRATIONS_FILE, text);
    }
    merge.changes.sort_by(|a, b| a.path.cmp(&b.path));
    Update { merge, result }
}

/// The migrations file as it is, or its header when it is new.
fn moved_header(existing: &str) -> String {
    if existing.is_empty() {
        "# Written by goldpath update: Terraform `moved` and `removed` blocks for resources the\n# template renamed or dropped. Keep them until every workspace has applied them.\n".into()
    } else {
        existing.to_string()
    }
}

/// Merged `.tf` files are formatted; one that merged without markers but does not parse is a
/// conflict for a person to resolve.
fn settle_terraform(merge: &mut Merge) {
    for change in &mut merge.changes {
        if change.change != Change::Merged || !change.path.ends_with(".tf") {
            continue;
        }
        let Some(text) = merge.write.get(&change.path) else {
            continue;
        };
        if hcl::parse(text).is_ok() {
            let formatted = format_hcl(text);
            merge.write.put(&change.path, formatted);
        } else {
            change.change = Change::Conflict;
            change.conflict_lines = vec![1];
            change.note = Some("the merged file does not parse as HCL: fix it by hand".into());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::migrations::Removed;

    const V1: &str = "resource \"aws_s3_bucket\" \"this\" {\n  bucket = \"a\"\n}\n\nresource \"aws_s3_bucket_policy\" \"this\" {\n  bucket = aws_s3_bucket.this.id\n  policy = \"{}\"\n}\n\nresource \"aws_s3_bucket_acl\" \"this\" {\n  bucket = aws_s3_bucket.this.id\n}\n";
    const V2: &str = "resource \"aws_s3_bucket\" \"this\" {\n  bucket = \"a\"\n}\n\nresource \"aws_s3_bucket_policy\" \"tls_only\" {\n  bucket = aws_s3_bucket.this.id\n  policy = \"{}\"\n}\n";

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
            renamed_parameters: Vec::new(),
            removed_parameters: Vec::new(),
        }
    }

    fn one(path: &str, text: &str) -> Bundle {
        let mut b = Bundle::default();
        b.insert(path.into(), text.into());
        b
    }

    #[test]
    fn a_rename_merges_with_the_users_edit_and_gets_moved_and_removed_blocks() {
        let (original, theirs) = (one("main.tf", V1), one("main.tf", V2));
        let recorded: BTreeMap<String, String> = [("main.tf".to_string(), digest(V1))].into();
        let ours: BTreeMap<String, String> = [
            (
                "main.tf".to_string(),
                V1.replace("policy = \"{}\"", "policy = \"{\\\"mine\\\": 1}\""),
            ),
            (
                "mine.tf".to_string(),
                "output \"p\" {\n  value = aws_s3_bucket_policy.this.id\n}\n".to_string(),
            ),
        ]
        .into();
        let m = migration();
        let update = apply(&Inputs {
            original: &original,
            theirs: &theirs,
            ours: &ours,
            recorded: &recorded,
            migrations: &[&m],
        });
        assert_eq!(update.merge.conflicts().count(), 0, "{:?}", update.merge);
        let main = update.result.get("main.tf").unwrap();
        assert!(
            main.contains("\"tls_only\"") && main.contains("mine"),
            "{main}"
        );
        assert!(!main.contains("aws_s3_bucket_acl"), "{main}");
        let moved = update.result.get(MIGRATIONS_FILE).expect("moved.tf");
        hcl::parse(moved).expect("moved.tf parses");
        assert!(
            moved.contains("to   = aws_s3_bucket_policy.tls_only"),
            "{moved}"
        );
        assert!(moved.contains("from = aws_s3_bucket_acl.this"), "{moved}");
        assert_eq!(
            update.result.get("mine.tf"),
            Some("output \"p\" {\n  value = aws_s3_bucket_policy.tls_only.id\n}\n")
        );
        for address in migrate::addresses(main) {
            assert!(!moved.contains(&format!("from = {address}\n")), "{moved}");
        }
    }

    #[test]
    fn the_same_version_with_the_same_answers_changes_nothing() {
        let original = one("main.tf", V1);
        let recorded: BTreeMap<String, String> = [("main.tf".to_string(), digest(V1))].into();
        let ours: BTreeMap<String, String> = [
            ("main.tf".to_string(), V1.to_string()),
            ("mine.tf".to_string(), "locals {}\n".to_string()),
        ]
        .into();
        let update = apply(&Inputs {
            original: &original,
            theirs: &original,
            ours: &ours,
            recorded: &recorded,
            migrations: &[],
        });
        assert!(!update.changes_anything(&ours), "{:?}", update.merge);
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use crate::answers::{self, resolve};
    use crate::catalog::{Catalog, embedded};
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]

        /// Updating a module nobody edited to the version it has, with its answers, changes
        /// no file: whatever the answers.
        #[test]
        fn the_same_version_and_answers_change_nothing(
            name in "[a-z][a-z0-9-]{2,20}",
            environment in prop::sample::select(vec!["dev", "staging", "prod"]),
            days in 0i64..3650,
            storage in prop::sample::select(vec!["none", "intelligent-tiering", "standard-ia", "glacier-ir"]),
            lock in prop::sample::select(vec!["disabled", "governance", "compliance"]),
            logs in any::<bool>(),
            events in any::<bool>(),
        ) {
            let catalog = Catalog::from_raw(embedded()).unwrap();
            let template = catalog.get("s3-secure-bucket").unwrap();
            let mut set: Vec<(String, String)> = [
                ("name", name.as_str()),
                ("team", "checkout"),
                ("environment", environment),
                ("cost_center", "ENG-1234"),
                ("owner", "team@acme.example"),
                ("transition_storage_class", storage),
                ("object_lock_mode", lock),
            ]
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
            set.push(("noncurrent_version_days".into(), days.to_string()));
            set.push(("create_log_bucket".into(), logs.to_string()));
            set.push(("eventbridge_notifications".into(), events.to_string()));
            if !logs {
                set.push(("access_log_bucket".into(), "central-access-logs".into()));
            }
            let answers = resolve(&template.manifest, &answers::Inputs { set, ..Default::default() }).unwrap();
            let bundle = crate::render::render(template, &answers).unwrap();
            let record = crate::render::parse_record(bundle.get(crate::render::RECORD_FILE).unwrap()).unwrap();
            let ours: BTreeMap<String, String> =
                bundle.iter().map(|(p, t)| (p.to_string(), t.to_string())).collect();
            let update = apply(&Inputs {
                original: &bundle,
                theirs: &bundle,
                ours: &ours,
                recorded: &record.files,
                migrations: &[],
            });
            prop_assert!(!update.changes_anything(&ours), "{:?}", update.merge.changes);
            prop_assert_eq!(update.merge.conflicts().count(), 0);
        }
    }
}
