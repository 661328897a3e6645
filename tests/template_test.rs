//! `goldpath template test` end to end on the real binary, over a small template in a temporary
//! directory: golden copies written by `--update`, a clean second run, a diff after an edit,
//! negative fixtures, the template's own Rego tests, judges, formats and exit codes.

mod common;

use common::{bin, files_tree};
use predicates::prelude::*;
use std::path::Path;

const MANIFEST: &str = r#"
name = "tiny"
version = "1.0.0"
title = "Tiny"
description = "A template for template test's tests."

[[parameters]]
name = "name"
type = "string"
pattern = "^[a-z]+$"

[[parameters]]
name = "public"
type = "boolean"
default = false

[[files]]
path = "acl.tf"
when = "public"
"#;

const POLICY: &str = "package tiny\n\nimport rego.v1\n\ndeny contains msg if {\n\tinput.x == 1\n\tmsg := \"x is 1\"\n}\n";
const POLICY_TEST: &str = "package tiny_test\n\nimport rego.v1\n\ntest_x_is_denied if {\n\tcount(data.tiny.deny) == 1 with input as {\"x\": 1}\n}\n";

/// The template: a valid fixture, one that must be refused and one that must be denied.
fn template() -> tempfile::TempDir {
    files_tree(&[
        ("tiny/template.toml", MANIFEST),
        ("tiny/files/main.tf", "locals {\n  name = {{ name }}\n}\n"),
        (
            "tiny/files/acl.tf",
            "resource \"aws_s3_bucket_acl\" \"a\" {\n  bucket = {{ name }}\n  acl    = \"public-read\"\n}\n",
        ),
        ("tiny/files/README.md", "# {{ name }}\n"),
        ("tiny/tests/dev.yaml", "name: orders\n"),
        (
            "tiny/tests/bad-name.yaml",
            "_expect:\n  invalid: [name]\nname: Not A Name\n",
        ),
        (
            "tiny/tests/public.yaml",
            "_expect:\n  denied: [GP-S3-001]\nname: orders\npublic: true\n",
        ),
        ("tiny/policies/tiny.rego", POLICY),
        ("tiny/policies/tiny_test.rego", POLICY_TEST),
    ])
}

fn test_cmd(dir: &Path, extra: &[&str]) -> assert_cmd::Command {
    let mut cmd = bin();
    cmd.args(["template", "test"])
        .arg(dir)
        .args(["--judges", "none"])
        .args(extra);
    cmd
}

#[test]
fn update_writes_golden_copies_and_a_second_run_passes() {
    let root = template();
    let dir = root.path().join("tiny");

    test_cmd(&dir, &[])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "no golden copy at tests/golden/dev/",
        ));

    test_cmd(&dir, &["--update"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "golden copy tests/golden/dev/ updated",
        ));
    let golden = dir.join("tests/golden");
    assert_eq!(
        std::fs::read_to_string(golden.join("dev/main.tf")).unwrap(),
        "locals {\n  name = \"orders\"\n}\n"
    );
    assert!(golden.join("dev/.goldpath.yaml").is_file());
    assert!(
        golden.join("public/acl.tf").is_file(),
        "denied fixtures keep a golden copy"
    );
    assert!(
        !golden.join("bad-name").exists(),
        "refused answers render nothing"
    );

    test_cmd(&dir, &[]).assert().code(0).stdout(
        predicate::str::contains("PASS  bad-name.yaml")
            .and(predicate::str::contains("PASS  dev.yaml"))
            .and(predicate::str::contains("PASS  public.yaml"))
            .and(predicate::str::contains(
                "PASS  policy test tiny_test.test_x_is_denied",
            ))
            .and(predicate::str::contains(
                "terraform fmt, terraform validate, checkov skipped (requested with --judges none)",
            )),
    );
}

#[test]
fn an_edited_template_fails_with_a_diff_until_updated() {
    let root = template();
    let dir = root.path().join("tiny");
    test_cmd(&dir, &["--update"]).assert().code(0);

    std::fs::write(
        dir.join("files/main.tf"),
        "locals {\n  name = {{ name }}\n  team = \"data\"\n}\n",
    )
    .unwrap();
    std::fs::write(dir.join("files/extra.md"), "new\n").unwrap();
    std::fs::remove_file(dir.join("files/README.md")).unwrap();
    test_cmd(&dir, &[]).assert().code(1).stdout(
        predicate::str::contains("FAIL  dev.yaml")
            .and(predicate::str::contains("--- a/main.tf\n"))
            .and(predicate::str::contains("+  team = \"data\""))
            .and(predicate::str::contains("missing: README.md"))
            .and(predicate::str::contains("extra: extra.md")),
    );

    test_cmd(&dir, &["--update"]).assert().code(0);
    assert!(!dir.join("tests/golden/dev/README.md").exists());
    assert!(dir.join("tests/golden/dev/extra.md").is_file());
    test_cmd(&dir, &[]).assert().code(0);
}

#[test]
fn stale_golden_copies_fail_and_update_removes_them() {
    let root = template();
    let dir = root.path().join("tiny");
    test_cmd(&dir, &["--update"]).assert().code(0);
    std::fs::rename(dir.join("tests/golden/dev"), dir.join("tests/golden/gone")).unwrap();
    test_cmd(&dir, &[])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "tests/golden/gone/ is the golden copy of no rendered fixture",
        ));
    test_cmd(&dir, &["--update"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "removed stale golden copy tests/golden/gone/",
        ));
    assert!(!dir.join("tests/golden/gone").exists());
    assert!(dir.join("tests/golden/dev/main.tf").is_file());
}

#[test]
fn unmet_expectations_fail_the_fixture() {
    let root = template();
    let dir = root.path().join("tiny");
    test_cmd(&dir, &["--update"]).assert().code(0);
    std::fs::write(
        dir.join("tests/bad-name.yaml"),
        "_expect:\n  invalid: [name]\nname: fine\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("tests/public.yaml"),
        "_expect:\n  denied: [GP-S3-101]\nname: orders\npublic: true\n",
    )
    .unwrap();
    test_cmd(&dir, &[]).assert().code(1).stdout(
        predicate::str::contains("expected `name` to be refused; the answers were accepted").and(
            predicate::str::contains("does not name").and(predicate::str::contains("GP-S3-001")),
        ),
    );
}

#[test]
fn an_invalid_template_exits_2_naming_the_file() {
    let root = template();
    let dir = root.path().join("tiny");
    std::fs::write(dir.join("tests/dev.yaml"), "name: orders\n_expect: maybe\n").unwrap();
    test_cmd(&dir, &[]).assert().code(2).stderr(
        predicate::str::contains("dev.yaml:2").and(predicate::str::contains("_expect: valid")),
    );

    std::fs::write(dir.join("tests/dev.yaml"), "name: orders\n").unwrap();
    std::fs::write(dir.join("template.toml"), "name = \"tiny\"\n").unwrap();
    test_cmd(&dir, &[])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("template.toml"));

    let empty = files_tree(&[("nothing/README.md", "no template\n")]);
    test_cmd(&empty.path().join("nothing"), &[])
        .assert()
        .code(2);
}

#[test]
fn json_and_junit_formats() {
    let root = template();
    let dir = root.path().join("tiny");
    test_cmd(&dir, &["--update"]).assert().code(0);
    let out = test_cmd(&dir, &["--format", "json"]).assert().code(0);
    let doc: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(doc["passed"], true);
    let t = &doc["templates"][0];
    assert_eq!(t["template"], "tiny");
    let outcomes: Vec<&str> = t["fixtures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["expect"]["outcome"].as_str().unwrap())
        .collect();
    assert_eq!(outcomes, ["invalid", "valid", "denied"]);
    assert_eq!(t["fixtures"][1]["golden"]["status"], "matches");
    assert_eq!(t["fixtures"][1]["judges"][2]["judge"], "checkov");
    assert_eq!(t["policy_tests"][0]["passed"], true);

    let out = test_cmd(&dir, &["--format", "junit"]).assert().code(0);
    let xml = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(xml.contains("<testsuite name=\"tiny\""), "{xml}");
    assert!(xml.contains("<testcase name=\"dev.yaml\""), "{xml}");
    assert!(xml.contains("dev.yaml · checkov"), "{xml}");
    assert!(xml.contains("failures=\"0\""), "{xml}");
}

#[test]
fn missing_judges_are_reported_as_skipped_never_silently() {
    let root = template();
    let dir = root.path().join("tiny");
    test_cmd(&dir, &["--update"]).assert().code(0);
    let empty_path = tempfile::tempdir().unwrap();
    bin()
        .args(["template", "test"])
        .arg(&dir)
        .env("PATH", empty_path.path())
        .env("GOLDPATH_CHECKOV", empty_path.path().join("no-checkov"))
        .assert()
        .code(0)
        .stdout(
            predicate::str::contains(
                "terraform fmt, terraform validate skipped (terraform not found on PATH)",
            )
            .and(predicate::str::contains(
                "checkov skipped (checkov not found",
            ))
            .and(predicate::str::contains(
                "the module is expected to be denied",
            )),
        );
}

#[cfg(unix)]
#[test]
fn a_failing_judge_fails_the_fixture() {
    use std::os::unix::fs::PermissionsExt;
    let root = template();
    let dir = root.path().join("tiny");
    test_cmd(&dir, &["--update"]).assert().code(0);
    let tools = tempfile::tempdir().unwrap();
    let checkov = tools.path().join("checkov");
    std::fs::write(
        &checkov,
        "#!/bin/sh\necho '{\"results\": {\"failed_checks\": [{\"check_id\": \"CKV_X_1\", \
         \"resource\": \"locals\", \"file_path\": \"/main.tf\", \"file_line_range\": [1, 3]}]}}'\n\
         exit 1\n",
    )
    .unwrap();
    std::fs::set_permissions(&checkov, std::fs::Permissions::from_mode(0o755)).unwrap();
    bin()
        .args(["template", "test"])
        .arg(&dir)
        .env("PATH", tools.path())
        .env("GOLDPATH_CHECKOV", &checkov)
        .assert()
        .code(1)
        .stdout(
            predicate::str::contains("FAIL  dev.yaml")
                .and(predicate::str::contains("checkov FAILED"))
                .and(predicate::str::contains("CKV_X_1 locals (/main.tf:[1,3])")),
        );
}

#[test]
fn list_and_new_ignore_golden_copies() {
    let root = template();
    let dir = root.path().join("tiny");
    test_cmd(&dir, &["--update"]).assert().code(0);
    bin()
        .arg("--templates")
        .arg(&dir)
        .arg("list")
        .assert()
        .success()
        .stdout(predicate::str::contains("tiny"));
    let out = root.path().join("out");
    bin()
        .arg("--templates")
        .arg(&dir)
        .args(["new", "tiny", "--non-interactive", "--answers"])
        .arg(dir.join("tests/dev.yaml"))
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let mut written: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    written.sort();
    assert_eq!(written, [".goldpath.yaml", "README.md", "main.tf"]);
}
