//! `goldpath template lint` with the real binary: the embedded templates lint clean, a broken
//! template is reported with file, line and rule, and a directory that is no template exits 2.

mod common;

use common::{bin, files_tree};
use predicates::prelude::*;

fn data(name: &str) -> String {
    format!("{}/tests/data/lint/{name}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn every_embedded_template_lints_with_zero_errors() {
    let dir = format!("{}/templates", env!("CARGO_MANIFEST_DIR"));
    let mut dirs: Vec<_> = std::fs::read_dir(&dir)
        .expect("templates/")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.join("template.toml").is_file())
        .collect();
    dirs.sort();
    assert!(dirs.len() >= 5);
    let out = bin()
        .args(["template", "lint", "--format", "json"])
        .args(&dirs)
        .output()
        .expect("runs");
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(doc["errors"], 0, "{doc:#}");
    assert_eq!(out.status.code(), Some(0));
    for t in doc["templates"].as_array().unwrap() {
        assert!(t["coverage"]["total"].as_u64().unwrap() > 0, "{t:#}");
    }
}

#[test]
fn inside_a_template_directory_the_shared_parts_beside_it_are_found() {
    let dir = format!("{}/templates/s3-secure-bucket", env!("CARGO_MANIFEST_DIR"));
    bin()
        .current_dir(&dir)
        .args(["template", "lint"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(": 0 errors"));
}

#[test]
fn a_broken_template_reports_every_problem_and_exits_1() {
    bin()
        .args(["template", "lint", &data("broken")])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "files/main.tf:3: error[TL-PLACEHOLDER-001]",
        ))
        .stdout(predicate::str::contains("did you mean `name`"))
        .stdout(predicate::str::contains(
            "files/main.tf:4: error[TL-FILTER-001]",
        ))
        .stdout(predicate::str::contains(
            "template.toml:13: warning[TL-PARAM-001]",
        ))
        .stdout(predicate::str::contains(
            "no branches for fixtures to cover",
        ));
}

#[test]
fn json_and_sarif_documents() {
    let out = bin()
        .args(["template", "lint", "--format", "json", &data("broken")])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let problems = doc["templates"][0]["problems"].as_array().unwrap();
    let placeholder = problems
        .iter()
        .find(|p| p["rule"] == "TL-PLACEHOLDER-001")
        .expect("placeholder problem");
    assert_eq!(placeholder["line"], 3);
    assert_eq!(placeholder["severity"], "error");
    assert!(
        placeholder["file"]
            .as_str()
            .unwrap()
            .ends_with("broken/files/main.tf")
    );
    assert!(placeholder["fix"].as_str().unwrap().contains("declare"));

    let out = bin()
        .args(["template", "lint", "--format", "sarif", &data("broken")])
        .output()
        .unwrap();
    let log: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(log["version"], "2.1.0");
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert!(
        results
            .iter()
            .any(|r| r["ruleId"] == "TL-FILTER-001" && r["level"] == "error")
    );
    assert!(
        results
            .iter()
            .any(|r| r["ruleId"] == "TL-PARAM-001" && r["level"] == "warning")
    );
}

#[test]
fn warnings_only_exit_0() {
    let dir = files_tree(&[
        (
            "t/template.toml",
            "name = \"t\"\nversion = \"1.0.0\"\ntitle = \"T\"\ndescription = \"d\"\n\
             [[parameters]]\nname = \"spare\"\ntype = \"boolean\"\ndefault = true\n",
        ),
        ("t/files/main.tf", "locals {}\n"),
    ]);
    bin()
        .args(["template", "lint"])
        .arg(dir.path().join("t"))
        .assert()
        .code(0)
        .stdout(predicate::str::contains("TL-PARAM-001"));
}

#[test]
fn a_directory_that_is_not_a_template_exits_2_and_says_what_is_missing() {
    bin()
        .args(["template", "lint", &data("not-a-template")])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("template.toml is missing"));
}
