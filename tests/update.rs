//! `goldpath update` on the real binary: a small template source with a released 1.0.0 and a
//! current 1.1.0 (a resource renamed, one dropped, a file deleted, a parameter renamed and a
//! required one added), and the embedded s3-secure-bucket 1.0.0 → 1.1.0.

mod common;

use common::bin;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const MANIFEST_V1: &str = r#"name = "tiny"
version = "1.0.0"
title = "Tiny"
description = "A tiny module for update tests."

[[parameters]]
name = "name"
type = "string"
help = "Name."
pattern = '^[a-z][a-z0-9-]{2,20}$'

[[parameters]]
name = "days"
type = "integer"
help = "KMS deletion window."
default = 7
min = 7
max = 30
"#;

const MAIN_V1: &str = r#"resource "aws_kms_key" "this" {
  description             = {{ name }}
  deletion_window_in_days = {{ days }}
  enable_key_rotation     = true
}

resource "aws_sns_topic" "events" {
  name              = {{ name ~ "-events" }}
  kms_master_key_id = aws_kms_key.this.arn
}

resource "aws_sqs_queue" "old" {
  name                    = {{ name ~ "-old" }}
  sqs_managed_sse_enabled = true
}
"#;

const PROVIDER: &str = r#"provider "aws" {
  default_tags {
    tags = {
      team          = "platform"
      env           = "dev"
      "cost-center" = "ENG-1"
      owner         = "platform@acme.example"
    }
  }
}
"#;

const MANIFEST_V2: &str = r#"name = "tiny"
version = "1.1.0"
title = "Tiny"
description = "A tiny module for update tests."

[[parameters]]
name = "name"
type = "string"
help = "Name."
pattern = '^[a-z][a-z0-9-]{2,20}$'

[[parameters]]
name = "retention_days"
type = "integer"
help = "KMS deletion window."
default = 7
min = 7
max = 30

[[parameters]]
name = "owner"
type = "string"
help = "Owning team; new in 1.1.0, no default."

[[migrations]]
version = "1.1.0"
moved = [{ from = "aws_sns_topic.events", to = "aws_sns_topic.notifications" }]
removed = [{ from = "aws_sqs_queue.old" }]
renamed_parameters = [{ from = "days", to = "retention_days" }]
"#;

const MAIN_V2: &str = r#"resource "aws_kms_key" "this" {
  description             = {{ name ~ " (tiny)" }}
  deletion_window_in_days = {{ retention_days }}
  enable_key_rotation     = true
  rotation_period_in_days = 180
}

resource "aws_sns_topic" "notifications" {
  name              = {{ name ~ "-events" }}
  kms_master_key_id = aws_kms_key.this.arn
  tags              = { owner = {{ owner }} }
}
"#;

/// The template source: `tiny/` at 1.1.0 with `releases/1.0.0/`.
fn source() -> tempfile::TempDir {
    common::files_tree(&[
        ("tiny/template.toml", MANIFEST_V2),
        ("tiny/files/main.tf", MAIN_V2),
        ("tiny/files/providers.tf", PROVIDER),
        ("tiny/releases/1.0.0/files/providers.tf", PROVIDER),
        ("tiny/files/notes.md", "Notes of version 1.1.0.\n"),
        (
            "tiny/files/README.md",
            "# {{ name }}, owned by {{ owner }}\n",
        ),
        ("tiny/releases/1.0.0/template.toml", MANIFEST_V1),
        ("tiny/releases/1.0.0/files/main.tf", MAIN_V1),
        (
            "tiny/releases/1.0.0/files/legacy.tf",
            "locals {\n  legacy = true\n}\n",
        ),
        (
            "tiny/releases/1.0.0/files/notes.md",
            "Notes of version 1.0.0.\n",
        ),
        ("tiny/releases/1.0.0/files/README.md", "# {{ name }}\n"),
    ])
}

/// A module generated from tiny 1.0.0, in a fresh directory.
fn generated(source: &Path) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let module = dir.path().join("demo");
    bin()
        .args(["--templates"])
        .arg(source)
        .args([
            "new",
            "tiny@1.0.0",
            "--non-interactive",
            "--set",
            "name=demo",
            "--out",
        ])
        .arg(&module)
        .assert()
        .success();
    (dir, module)
}

fn update(source: &Path, module: &Path, args: &[&str]) -> assert_cmd::assert::Assert {
    bin()
        .args(["--templates"])
        .arg(source)
        .arg("update")
        .arg(module)
        .arg("--non-interactive")
        .args(args)
        .assert()
}

fn tree(dir: &Path) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for entry in walk(dir) {
        let rel = entry
            .strip_prefix(dir)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        out.insert(rel, std::fs::read_to_string(&entry).unwrap());
    }
    out
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(
        text.contains(from),
        "{} holds `{from}`:\n{text}",
        path.display()
    );
    std::fs::write(path, text.replace(from, to)).unwrap();
}

fn stdout(assert: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&assert.get_output().stdout).into_owned()
}

fn stderr(assert: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&assert.get_output().stderr).into_owned()
}

#[test]
fn edits_renames_deletions_and_additions_merge_cleanly() {
    let source = source();
    let (_dir, module) = generated(source.path());
    edit(
        &module.join("main.tf"),
        "kms_master_key_id = aws_kms_key.this.arn\n}",
        "kms_master_key_id = aws_kms_key.this.arn\n  display_name      = \"Demo events\"\n}",
    );
    std::fs::remove_file(module.join("notes.md")).unwrap();
    std::fs::write(
        module.join("mine.tf"),
        "output \"topic\" {\n  value = aws_sns_topic.events.arn\n}\n",
    )
    .unwrap();

    let run = update(source.path(), &module, &["--set", "owner=platform"]).success();
    let out = stdout(&run);
    assert!(out.contains("merged") && out.contains("main.tf"), "{out}");
    assert!(
        out.contains("stays deleted") && out.contains("notes.md"),
        "{out}"
    );
    assert!(
        out.contains("deleted") && out.contains("legacy.tf"),
        "{out}"
    );

    let main = std::fs::read_to_string(module.join("main.tf")).unwrap();
    for expected in [
        "resource \"aws_sns_topic\" \"notifications\"",
        "display_name      = \"Demo events\"",
        "owner = \"platform\"",
        "rotation_period_in_days = 180",
        "description             = \"demo (tiny)\"",
    ] {
        assert!(
            main.contains(expected),
            "main.tf lacks `{expected}`:\n{main}"
        );
    }
    assert!(!main.contains("aws_sqs_queue"), "{main}");
    hcl::parse(&main).expect("the merged main.tf parses");
    assert!(
        !module.join("notes.md").exists(),
        "a file the user deleted stays deleted"
    );
    assert!(
        !module.join("legacy.tf").exists(),
        "a file the template deleted goes"
    );
    assert_eq!(
        std::fs::read_to_string(module.join("mine.tf")).unwrap(),
        "output \"topic\" {\n  value = aws_sns_topic.notifications.arn\n}\n",
        "the user's own file follows the rename"
    );

    let moved = std::fs::read_to_string(module.join("moved.tf")).unwrap();
    let body: hcl::Body = hcl::from_str(&moved).expect("moved.tf parses");
    let declared = ["aws_kms_key.this", "aws_sns_topic.notifications"];
    let mut blocks = 0;
    for block in body.blocks() {
        blocks += 1;
        let from = block
            .body()
            .attributes()
            .find(|a| a.key() == "from")
            .unwrap();
        match block.identifier() {
            "moved" => {
                let to = block.body().attributes().find(|a| a.key() == "to").unwrap();
                assert_eq!(to.expr().to_string(), "aws_sns_topic.notifications");
                assert!(declared.contains(&to.expr().to_string().as_str()));
                assert_eq!(from.expr().to_string(), "aws_sns_topic.events");
            }
            "removed" => assert_eq!(from.expr().to_string(), "aws_sqs_queue.old"),
            other => panic!("unexpected block {other}"),
        }
    }
    assert_eq!(blocks, 2, "{moved}");

    let record = std::fs::read_to_string(module.join(".goldpath.yaml")).unwrap();
    assert!(record.contains("version: \"1.1.0\""), "{record}");
    assert!(
        record.contains("retention_days: 7") && record.contains("owner: \"platform\""),
        "{record}"
    );
    assert!(
        !record.contains("days: 7\n  name"),
        "the renamed answer moved: {record}"
    );

    let again = update(source.path(), &module, &[]).success();
    assert!(stderr(&again).contains("up to date"), "{}", stderr(&again));
}

#[test]
fn the_same_attribute_changed_on_both_sides_is_a_conflict_written_with_markers() {
    let source = source();
    let (_dir, module) = generated(source.path());
    edit(
        &module.join("main.tf"),
        "description             = \"demo\"",
        "description             = \"mine\"",
    );
    let run = update(source.path(), &module, &["--set", "owner=platform"]).code(1);
    let out = stdout(&run);
    let main = std::fs::read_to_string(module.join("main.tf")).unwrap();
    let line = main
        .lines()
        .position(|l| l.starts_with("<<<<<<< ours"))
        .expect("conflict markers")
        + 1;
    assert!(
        out.contains(&format!(
            "CONFLICT      {}:{line}",
            module.join("main.tf").display()
        )),
        "{out}"
    );
    let conflict = &main[main.find("<<<<<<< ours").unwrap()..main.find(">>>>>>> theirs").unwrap()];
    assert!(
        conflict.contains("\"mine\"")
            && conflict.contains("\"demo (tiny)\"")
            && conflict.contains("||||||| original"),
        "{main}"
    );
    assert!(
        main.contains("rotation_period_in_days"),
        "the rest of the block merged: {main}"
    );
    assert!(
        stderr(&run).contains("resolve the conflict markers"),
        "{}",
        stderr(&run)
    );
}

#[test]
fn a_new_required_answer_without_a_terminal_is_exit_2_and_changes_nothing() {
    let source = source();
    let (_dir, module) = generated(source.path());
    let before = tree(&module);
    let run = update(source.path(), &module, &[]).code(2);
    assert!(stderr(&run).contains("owner"), "{}", stderr(&run));
    assert_eq!(tree(&module), before);
}

#[test]
fn a_dry_run_prints_the_diff_and_writes_nothing() {
    let source = source();
    let (_dir, module) = generated(source.path());
    let before = tree(&module);
    let run = update(
        source.path(),
        &module,
        &["--set", "owner=platform", "--dry-run"],
    )
    .success();
    let out = stdout(&run);
    assert!(
        out.contains("--- a/main.tf") && out.contains("+  rotation_period_in_days = 180"),
        "{out}"
    );
    assert!(out.contains("--- a/legacy.tf"), "{out}");
    assert_eq!(tree(&module), before);
}

#[test]
fn json_lists_every_file_and_the_versions() {
    let source = source();
    let (_dir, module) = generated(source.path());
    let run = update(
        source.path(),
        &module,
        &["--set", "owner=platform", "--format", "json"],
    )
    .success();
    let doc: serde_json::Value = serde_json::from_slice(&run.get_output().stdout).unwrap();
    assert_eq!(doc["from"], "1.0.0");
    assert_eq!(doc["to"], "1.1.0");
    assert_eq!(doc["conflicts"], 0);
    let change = |path: &str| {
        doc["files"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["path"] == path)
            .map(|f| f["change"].as_str().unwrap().to_string())
    };
    assert_eq!(change("legacy.tf").as_deref(), Some("deleted"));
    assert_eq!(change("moved.tf").as_deref(), Some("created"));
    assert_eq!(change("main.tf").as_deref(), Some("updated"));
}

#[test]
fn updating_to_the_version_it_has_changes_nothing() {
    let source = source();
    let dir = tempfile::tempdir().unwrap();
    let module = dir.path().join("demo");
    bin()
        .args(["--templates"])
        .arg(source.path())
        .args([
            "new",
            "tiny",
            "--non-interactive",
            "--set",
            "name=demo",
            "--set",
            "owner=a",
            "--out",
        ])
        .arg(&module)
        .assert()
        .success();
    let before = tree(&module);
    update(source.path(), &module, &[]).success();
    assert_eq!(tree(&module), before);
}

#[test]
fn bad_input_is_exit_2_naming_what_is_missing() {
    let source = source();
    let (_dir, module) = generated(source.path());
    let run = update(source.path(), &module, &["--to", "9.9.9"]).code(2);
    assert!(
        stderr(&run).contains("no version 9.9.9") && stderr(&run).contains("1.0.0, 1.1.0"),
        "{}",
        stderr(&run)
    );

    let empty = tempfile::tempdir().unwrap();
    let run = update(source.path(), empty.path(), &[]).code(2);
    assert!(
        stderr(&run).contains("has no .goldpath.yaml"),
        "{}",
        stderr(&run)
    );

    edit(
        &module.join(".goldpath.yaml"),
        "template: \"tiny\"",
        "template: \"nope\"",
    );
    let run = update(source.path(), &module, &[]).code(2);
    assert!(
        stderr(&run).contains("no template named `nope`"),
        "{}",
        stderr(&run)
    );
}

#[test]
fn the_embedded_secure_bucket_moves_its_renamed_resources() {
    let dir = tempfile::tempdir().unwrap();
    let module = dir.path().join("bucket");
    bin()
        .args([
            "new",
            "s3-secure-bucket@1.0.0",
            "--non-interactive",
            "--answers",
        ])
        .arg(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/s3-secure-bucket/tests/dev.yaml"),
        )
        .arg("--out")
        .arg(&module)
        .assert()
        .success();
    edit(
        &module.join("bucket.tf"),
        "days_after_initiation = 7",
        "days_after_initiation = 3",
    );
    bin()
        .arg("update")
        .arg(&module)
        .arg("--non-interactive")
        .assert()
        .success();

    let files = tree(&module);
    let declared: Vec<String> = files
        .iter()
        .filter(|(p, _)| p.ends_with(".tf") && !p.contains('/'))
        .flat_map(|(_, text)| {
            let body: hcl::Body = hcl::from_str(text).expect("every root .tf parses");
            body.blocks()
                .filter(|b| b.identifier() == "resource")
                .map(|b| format!("{}.{}", b.labels()[0].as_str(), b.labels()[1].as_str()))
                .collect::<Vec<_>>()
        })
        .collect();
    let moved: hcl::Body = hcl::from_str(&files["moved.tf"]).unwrap();
    let targets: Vec<String> = moved
        .blocks()
        .filter(|b| b.identifier() == "moved")
        .map(|b| {
            b.body()
                .attributes()
                .find(|a| a.key() == "to")
                .unwrap()
                .expr()
                .to_string()
        })
        .collect();
    assert_eq!(targets.len(), 7, "{}", files["moved.tf"]);
    for to in &targets {
        assert!(
            declared.contains(to),
            "{to} is declared in the updated module"
        );
    }
    assert!(
        files["bucket.tf"].contains("days_after_initiation = 3"),
        "the user's edit survives"
    );
    assert!(
        files["bucket.tf"].contains("aws_s3_bucket_notification"),
        "the improvement arrives"
    );
    common::check(&module, &[]).success();
}

/// Every release of every embedded template, rendered from each fixture and updated to the
/// current version in memory: no conflicts, exactly the current version's files plus
/// `moved.tf`, and every `moved` block leaving an address the result no longer declares for
/// one it does.
#[test]
fn every_embedded_release_updates_cleanly_to_the_current_version() {
    use goldpath::answers::{self, Inputs};
    use goldpath::render::{self, RECORD_FILE};
    use goldpath::update::{apply, migrate};

    let catalog = common::catalog();
    let mut updated = std::collections::BTreeSet::new();
    for (template, fixture, answers_now) in common::fixtures() {
        let name = &template.manifest.name;
        let (_, text) = template
            .fixtures
            .iter()
            .find(|(n, _)| *n == fixture)
            .unwrap();
        let theirs = render::render(&template, &answers_now).unwrap();
        for version in template.versions() {
            if version == template.manifest.version {
                continue;
            }
            let old = catalog.at_version(name, &version).unwrap();
            let inputs = Inputs {
                file: answers::file::parse(text).unwrap(),
                ..Default::default()
            };
            // A fixture that sets a parameter new since the release does not fit it.
            let Ok(old_answers) = answers::resolve(&old.manifest, &inputs) else {
                continue;
            };
            let original = render::render(&old, &old_answers).unwrap();
            let ours: BTreeMap<String, String> = original
                .iter()
                .map(|(p, t)| (p.to_string(), t.to_string()))
                .collect();
            let record = render::parse_record(original.get(RECORD_FILE).unwrap()).unwrap();
            let crossed = migrate::crossed(
                &template.manifest.migrations,
                &version,
                &template.manifest.version,
            );
            let update = apply::apply(&apply::Inputs {
                original: &original,
                theirs: &theirs,
                ours: &ours,
                recorded: &record.files,
                migrations: &crossed,
            });
            let what = format!(
                "{name} {version} → {} ({fixture})",
                template.manifest.version
            );
            assert_eq!(update.merge.conflicts().count(), 0, "{what}");
            let result: BTreeMap<&str, &str> = update.result.iter().collect();
            let expected: BTreeMap<&str, &str> = theirs.iter().collect();
            let mut without_moves = result.clone();
            let moved = without_moves.remove("moved.tf");
            assert_eq!(without_moves, expected, "{what}");
            if crossed.iter().all(|m| m.moved.is_empty()) {
                continue;
            }
            let declared: std::collections::BTreeSet<String> = result
                .iter()
                .filter(|(p, _)| p.ends_with(".tf") && !p.contains('/'))
                .flat_map(|(_, text)| migrate::addresses(text))
                .collect();
            let moved: hcl::Body = hcl::from_str(moved.expect("renames write moved.tf")).unwrap();
            let ends = |b: &hcl::Block, key: &str| {
                b.body()
                    .attributes()
                    .find(|a| a.key() == key)
                    .unwrap()
                    .expr()
                    .to_string()
            };
            for block in moved.blocks().filter(|b| b.identifier() == "moved") {
                let (from, to) = (ends(block, "from"), ends(block, "to"));
                assert!(declared.contains(&to), "{what}: {to} is declared");
                assert!(!declared.contains(&from), "{what}: {from} is gone");
            }
            updated.insert(name.clone());
        }
    }
    // Every template with an earlier release was updated from it (a 1.0.0 has none yet).
    for template in common::catalog().templates() {
        let name = &template.manifest.name;
        if template.versions().len() > 1 {
            assert!(updated.contains(name), "{name} has a release with renames");
        }
    }
}
