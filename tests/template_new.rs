//! `goldpath template new` end to end on the real binary: the created template renders with
//! its fixtures, passes the guardrails and its own policy tests, and `--from` copies a catalog
//! template under a new name.

mod common;

use common::bin;
use predicates::prelude::*;
use std::path::Path;

/// Every file under `dir`, by `/`-separated relative path.
fn tree(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("readable dir") {
        let entry = entry.expect("entry");
        let name = entry.file_name().to_string_lossy().into_owned();
        if entry.file_type().expect("type").is_dir() {
            out.extend(
                tree(&entry.path())
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

/// Creates the starter template `name` under `root` and returns its directory.
fn starter(root: &Path, name: &str) -> std::path::PathBuf {
    let dir = root.join(name);
    bin()
        .args(["template", "new"])
        .arg(&dir)
        .assert()
        .success()
        .stderr(predicate::str::contains(format!("template {name}")));
    dir
}

fn manifest_name(dir: &Path) -> String {
    let raw = goldpath::catalog::read_dir(dir)
        .expect("a template directory")
        .remove(0);
    goldpath::catalog::manifest::parse_with(&raw.manifest, &raw.shared)
        .expect("a valid manifest")
        .name
}

#[test]
fn the_starter_has_every_part_of_a_template() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = starter(tmp.path(), "orders-queue");
    let files = tree(&dir);
    for expected in [
        "README.md",
        "template.toml",
        "files/main.tf",
        "files/variables.tf",
        "files/outputs.tf",
        "files/versions.tf",
        "files/README.md",
        "files/examples/basic/main.tf",
        "files/tests/defaults.tftest.hcl",
        "tests/dev.yaml",
        "tests/prod.yaml",
        "policies/sqs.rego",
        "policies/sqs_test.rego",
    ] {
        assert!(
            files.contains(&expected.to_string()),
            "{expected} in {files:?}"
        );
    }
    assert_eq!(manifest_name(&dir), "orders-queue");
    let names: Vec<_> = tree(tmp.path());
    assert!(
        names.iter().all(|p| p.starts_with("orders-queue/")),
        "no staging directory is left behind: {names:?}"
    );
}

#[test]
fn every_fixture_renders_and_passes_the_guardrails() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = starter(tmp.path(), "orders-queue");
    for fixture in ["dev", "prod"] {
        let out = tmp.path().join(format!("out-{fixture}"));
        bin()
            .arg("--templates")
            .arg(&dir)
            .args(["new", "orders-queue", "--non-interactive", "--answers"])
            .arg(dir.join(format!("tests/{fixture}.yaml")))
            .arg("--out")
            .arg(&out)
            .assert()
            .success();
        bin().arg("check").arg(&out).assert().success();
        bin()
            .arg("check")
            .arg(&out)
            .arg("--policies")
            .arg(dir.join("policies"))
            .assert()
            .success();
        let main_tf = std::fs::read_to_string(out.join("main.tf")).unwrap();
        assert!(
            main_tf.contains("goldpath-template = \"orders-queue@0.1.0\""),
            "{main_tf}"
        );
    }
}

#[test]
fn the_example_policy_passes_its_unit_tests() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = starter(tmp.path(), "orders-queue");
    bin()
        .args(["policy", "test"])
        .arg(dir.join("policies"))
        .assert()
        .success()
        .stdout(predicate::str::contains("0 failed"));
}

#[test]
fn the_name_defaults_to_the_directory_and_can_be_given() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("queues/billing-events");
    bin().args(["template", "new"]).arg(&dir).assert().success();
    assert_eq!(manifest_name(&dir), "billing-events");

    let other = tmp.path().join("somewhere");
    bin()
        .args(["template", "new", "--name", "audit-queue"])
        .arg(&other)
        .assert()
        .success();
    assert_eq!(manifest_name(&other), "audit-queue");

    let empty = tmp.path().join("payments-queue");
    std::fs::create_dir(&empty).unwrap();
    bin()
        .current_dir(&empty)
        .args(["template", "new", "."])
        .assert()
        .success();
    assert_eq!(manifest_name(&empty), "payments-queue");
}

#[test]
fn a_non_empty_directory_is_refused_and_left_alone() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("orders-queue");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("notes.txt"), "mine").unwrap();
    bin()
        .args(["template", "new"])
        .arg(&dir)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("orders-queue is not empty"))
        .stderr(predicate::str::contains("nothing was written"));
    assert_eq!(tree(tmp.path()), vec!["orders-queue/notes.txt"]);
}

#[test]
fn a_name_the_catalog_refuses_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    for bad in ["Orders Queue", "Orders-Queue"] {
        bin()
            .args(["template", "new", "--name", bad])
            .arg(tmp.path().join("t"))
            .assert()
            .code(2)
            .stderr(predicate::str::contains(format!(
                "`{bad}` is not a template name"
            )))
            .stderr(predicate::str::contains("--name"));
    }
    bin()
        .args(["template", "new"])
        .arg(tmp.path().join("Bad_Dir-Name"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "`Bad_Dir-Name` is not a template name",
        ));
    assert!(tree(tmp.path()).is_empty());
}

#[test]
fn from_copies_an_embedded_template_under_the_new_name() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("team-bucket");
    bin()
        .args(["template", "new", "--from", "s3-secure-bucket"])
        .arg(&dir)
        .assert()
        .success();
    assert_eq!(manifest_name(&dir), "team-bucket");
    // The copy takes an embedded template's manifest, files and fixtures, not its golden
    // copies (`template test --update` renders those under the new name), nor its releases
    // and changelog: the new template starts its own history.
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/s3-secure-bucket");
    let expected: Vec<String> = tree(&source)
        .into_iter()
        .filter(|p| {
            !p.starts_with("tests/golden/") && !p.starts_with("releases/") && p != "CHANGELOG.md"
        })
        .collect();
    assert_eq!(tree(&dir), expected);
    for file in expected.iter().filter(|p| *p != "template.toml") {
        assert_eq!(
            std::fs::read_to_string(dir.join(file)).unwrap(),
            std::fs::read_to_string(source.join(file)).unwrap(),
            "{file} is copied unchanged"
        );
    }

    let out = tmp.path().join("out");
    bin()
        .arg("--templates")
        .arg(&dir)
        .args(["new", "team-bucket", "--non-interactive", "--answers"])
        .arg(dir.join("tests/prod.yaml"))
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    bin().arg("check").arg(&out).assert().success();
}

#[test]
fn a_copy_tests_clean_once_its_golden_copies_are_rendered() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("team-bucket");
    bin()
        .args(["template", "new", "--from", "s3-secure-bucket"])
        .arg(&dir)
        .assert()
        .success()
        .stderr(predicate::str::contains("--update"));
    bin()
        .args(["template", "test", "--update"])
        .arg(&dir)
        .assert()
        .success();
    bin()
        .args(["template", "test"])
        .arg(&dir)
        .assert()
        .success();
}

#[test]
fn from_copies_a_directory_template_with_its_golden_copies_and_policies() {
    let tmp = tempfile::tempdir().unwrap();
    let source = starter(tmp.path(), "orders-queue");
    std::fs::create_dir_all(source.join("tests/golden/dev")).unwrap();
    std::fs::write(source.join("tests/golden/dev/main.tf"), "# golden\n").unwrap();

    let dir = tmp.path().join("copy");
    bin()
        .arg("--templates")
        .arg(&source)
        .args([
            "template",
            "new",
            "--from",
            "orders-queue",
            "--name",
            "refunds-queue",
        ])
        .arg(&dir)
        .assert()
        .success();
    assert_eq!(manifest_name(&dir), "refunds-queue");
    assert_eq!(tree(&dir), tree(&source));
    assert_eq!(
        std::fs::read_to_string(dir.join("tests/golden/dev/main.tf")).unwrap(),
        "# golden\n"
    );
}

#[test]
fn from_an_unknown_template_lists_the_catalog() {
    let tmp = tempfile::tempdir().unwrap();
    bin()
        .args(["template", "new", "--from", "no-such-template"])
        .arg(tmp.path().join("t"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "no template named `no-such-template`",
        ))
        .stderr(predicate::str::contains("s3-secure-bucket"));
    assert!(tree(tmp.path()).is_empty());
}

// These two, and `a_copy_tests_clean_once_its_golden_copies_are_rendered` above, drive
// `goldpath template lint` and `goldpath template test`, written by other engineers.

#[test]
fn the_starter_lints_clean() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = starter(tmp.path(), "orders-queue");
    bin()
        .args(["template", "lint"])
        .arg(&dir)
        .assert()
        .success();
}

#[test]
fn the_starter_tests_clean_after_writing_its_golden_copies() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = starter(tmp.path(), "orders-queue");
    bin()
        .args(["template", "test", "--update"])
        .arg(&dir)
        .assert()
        .success();
    assert!(
        tree(&dir)
            .iter()
            .any(|p| p.starts_with("tests/golden/dev/")),
        "{:?}",
        tree(&dir)
    );
    bin()
        .args(["template", "test"])
        .arg(&dir)
        .assert()
        .success();
}

#[test]
fn from_brings_the_shared_partials_and_groups_beside_the_copy_once() {
    let tmp = tempfile::tempdir().unwrap();
    let copy = |name: &str| {
        bin()
            .args(["template", "new", "--from", "s3-secure-bucket"])
            .arg(tmp.path().join(name))
            .assert()
    };
    copy("team-bucket")
        .success()
        .stdout(predicate::str::contains("_shared/parameters/common.toml"));
    let group = tmp.path().join("_shared/parameters/common.toml");
    assert!(group.is_file());
    assert!(tmp.path().join("_shared/partials/tags.tf").is_file());
    copy("other-bucket")
        .success()
        .stdout(predicate::str::contains("_shared").not());
    bin()
        .args(["template", "lint"])
        .arg(tmp.path())
        .assert()
        .success();

    std::fs::write(&group, "# edited by the team\n").unwrap();
    copy("third-bucket").code(2).stderr(
        predicate::str::contains("common.toml")
            .and(predicate::str::contains("nothing was written")),
    );
    assert!(!tmp.path().join("third-bucket").exists());
}
