//! The read-only commands: list, show, completions, man, --version.

mod common;

use common::bin;
use predicates::prelude::*;

#[test]
fn list_shows_the_embedded_templates() {
    bin()
        .arg("list")
        .assert()
        .success()
        .stdout(predicate::str::contains("s3-secure-bucket"));
    let out = bin().args(["list", "--format", "json"]).assert().success();
    let doc: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let names: Vec<&str> = doc
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"s3-secure-bucket"));
    assert!(
        doc[0]["version"]
            .as_str()
            .is_some_and(|v| semver::Version::parse(v).is_ok())
    );
}

#[test]
fn show_json_has_every_documented_field() {
    let out = bin()
        .args(["show", "s3-secure-bucket", "--format", "json"])
        .assert()
        .success();
    let doc: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    for key in ["name", "version", "title", "description", "parameters"] {
        assert!(doc.get(key).is_some(), "{key} missing");
    }
    for p in doc["parameters"].as_array().unwrap() {
        for key in [
            "name", "type", "default", "choices", "required", "help", "pattern", "min", "max",
            "when",
        ] {
            assert!(p.get(key).is_some(), "{key} missing from {p}");
        }
    }
    let env = doc["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "environment")
        .unwrap();
    assert_eq!(env["type"], "choice");
    assert_eq!(
        env["choices"],
        serde_json::json!(["dev", "staging", "prod"])
    );
    assert!(env["pattern"].is_null());
}

#[test]
fn json_schema_accepts_fixtures_and_rejects_unknown_keys() {
    let out = bin()
        .args(["show", "s3-secure-bucket", "--format", "json-schema"])
        .assert()
        .success();
    let schema: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(schema["additionalProperties"], false);
    assert_eq!(
        schema["properties"]["environment"]["enum"],
        serde_json::json!(["dev", "staging", "prod"])
    );
    assert!(
        schema["required"]
            .as_array()
            .unwrap()
            .contains(&serde_json::json!("name"))
    );
    let pattern = schema["properties"]["cost_center"]["pattern"]
        .as_str()
        .unwrap();
    let re = regex::Regex::new(pattern).unwrap();
    assert!(re.is_match("DE-1234") && !re.is_match("x DE-1234"));
}

#[test]
fn show_human_and_unknown_templates() {
    bin()
        .args(["show", "s3-secure-bucket"])
        .assert()
        .success()
        .stdout(predicate::str::contains("cost_center"));
    bin().args(["show", "nope"]).assert().code(2).stderr(
        predicate::str::contains("no template named `nope`")
            .and(predicate::str::contains("s3-secure-bucket")),
    );
}

#[test]
fn completions_man_and_version() {
    bin()
        .args(["completions", "bash"])
        .assert()
        .success()
        .stdout(predicate::str::contains("goldpath"));
    bin()
        .arg("man")
        .assert()
        .success()
        .stdout(predicate::str::contains(".TH goldpath"));
    bin()
        .arg("--version")
        .assert()
        .success()
        .stdout(predicate::str::contains(env!("CARGO_PKG_VERSION")));
}

#[test]
fn without_a_terminal_no_command_prints_help_and_new_never_prompts() {
    common::bin()
        .assert()
        .code(2)
        .stdout(predicates::str::contains("Usage: goldpath"));
    common::bin()
        .args(["new", "s3-secure-bucket", "--plain", "--dry-run"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("missing: name: expected a value"));
}

#[test]
fn bad_arguments_exit_2() {
    bin()
        .args(["new", "s3-secure-bucket", "--set", "novalue"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("KEY=VALUE"));
    bin().args(["list", "--format", "yaml"]).assert().code(2);
}

#[test]
fn colour_follows_the_flag_and_no_color() {
    let plain = bin().args(["list"]).assert().success();
    assert!(
        !plain.get_output().stdout.contains(&0x1b),
        "NO_COLOR output has no escape codes"
    );
    let coloured = bin().args(["--color", "always", "list"]).assert().success();
    assert!(
        coloured.get_output().stdout.contains(&0x1b),
        "--color always colours"
    );
}

#[test]
fn a_reader_that_stops_early_ends_the_output_quietly() {
    // The reading end is closed before goldpath starts, so its first write meets a broken pipe.
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("goldpath"))
        .args(["template", "schema"])
        .stdout(writer)
        .stderr(std::process::Stdio::piped())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(141));
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}
