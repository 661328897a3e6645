//! `goldpath check` as a conftest user drives it: `exception` rules and `--namespace` patterns.

mod common;

use common::{check, files_tree as tree};
use predicates::prelude::*;

const MODULE: &str = r#"resource "null_resource" "migrate" {
  triggers = {
    user = "root"
    mode = "privileged"
  }
}
"#;

/// conftest's documented exception example, on Terraform: the rule `deny_run_as_root` is
/// excused by `exception` naming `run_as_root`; `deny_privileged` still denies.
const POLICY: &str = r#"package main

import rego.v1

deny_run_as_root contains msg if {
	some name, resources in input.resource.null_resource
	some r in resources
	r.triggers.user == "root"
	msg := sprintf("%s runs as root", [name])
}

deny_privileged contains msg if {
	some name, resources in input.resource.null_resource
	some r in resources
	r.triggers.mode == "privileged"
	msg := sprintf("%s is privileged", [name])
}

exception contains rules if {
	input.resource.null_resource.migrate
	rules := ["run_as_root"]
}
"#;

fn json(out: &[u8]) -> serde_json::Value {
    serde_json::from_slice(out).expect("check --format json prints JSON")
}

#[test]
fn an_exception_excuses_the_rules_it_names_and_is_counted_apart() {
    let dir = tree(&[("m/main.tf", MODULE), ("policy/main.rego", POLICY)]);
    let policies = dir.path().join("policy");
    let policies = policies.to_str().unwrap();
    let module = dir.path().join("m");

    check(&module, &["--policies", policies])
        .code(1)
        .stdout(predicate::str::contains("except"))
        .stdout(predicate::str::contains("excused by data.main.exception"))
        .stdout(predicate::str::contains("migrate is privileged"))
        .stdout(predicate::str::contains(
            "1 module checked: 1 deny, 0 warn, 0 waived, 1 exception",
        ));

    let out = check(&module, &["--policies", policies, "--format", "json"])
        .code(1)
        .get_output()
        .stdout
        .clone();
    let doc = json(&out);
    assert_eq!(doc["summary"]["deny"], 1);
    assert_eq!(doc["summary"]["exceptions"], 1);
    let findings = doc["modules"][0]["findings"].as_array().unwrap();
    let excused: Vec<_> = findings
        .iter()
        .filter(|f| f["exception"] == "data.main.exception")
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert_eq!(excused, ["migrate runs as root"]);

    let out = check(&module, &["--policies", policies, "--format", "sarif"])
        .code(1)
        .get_output()
        .stdout
        .clone();
    let results = json(&out)["runs"][0]["results"].clone();
    let suppressed: Vec<_> = results
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["suppressions"].is_array())
        .map(|r| r["suppressions"][0]["justification"].as_str().unwrap())
        .collect();
    assert_eq!(suppressed, ["exception: excused by data.main.exception"]);

    check(&module, &["--policies", policies, "--format", "junit"])
        .code(1)
        .stdout(predicate::str::contains(
            "exception: excused by data.main.exception",
        ));
    check(&module, &["--policies", policies, "--format", "github"])
        .code(1)
        .stdout(predicate::str::contains(
            "title=main.deny_run_as_root::migrate runs as root (exception: excused by data.main.exception)",
        ));
}

#[test]
fn an_exception_that_excuses_every_deny_passes_the_check() {
    let all = POLICY.replace(r#"["run_as_root"]"#, r#"["run_as_root", "privileged"]"#);
    let dir = tree(&[("m/main.tf", MODULE), ("policy/main.rego", &all)]);
    let policies = dir.path().join("policy");
    check(
        &dir.path().join("m"),
        &["--policies", policies.to_str().unwrap()],
    )
    .code(0)
    .stdout(predicate::str::contains(
        "0 deny, 0 warn, 0 waived, 2 exceptions",
    ));
}

const IN_PACKAGE: &str = r#"package PACKAGE

import rego.v1

deny contains "denied by PACKAGE" if input.resource.null_resource
"#;

#[test]
fn namespace_patterns_select_packages_as_conftest_does() {
    let dir = tree(&[
        ("m/main.tf", MODULE),
        (
            "policy/a.rego",
            &IN_PACKAGE.replace("PACKAGE", "main.storage"),
        ),
        (
            "policy/b.rego",
            &IN_PACKAGE.replace("PACKAGE", "main.network"),
        ),
        ("policy/c.rego", &IN_PACKAGE.replace("PACKAGE", "other")),
    ]);
    let policies = dir.path().join("policy");
    let policies = policies.to_str().unwrap();
    let module = dir.path().join("m");
    let denied = |namespaces: &[&str]| {
        let mut args = vec!["--policies", policies, "--format", "json"];
        for n in namespaces {
            args.extend(["--namespace", n]);
        }
        let out = check(&module, &args).get_output().stdout.clone();
        let mut messages: Vec<String> = json(&out)["modules"][0]["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["message"].as_str().unwrap().to_string())
            .collect();
        messages.sort();
        messages
    };
    assert_eq!(
        denied(&["main.*"]),
        ["denied by main.network", "denied by main.storage"]
    );
    assert_eq!(denied(&["*"]).len(), 3);
    assert_eq!(
        denied(&["*.storage", "other"]),
        ["denied by main.storage", "denied by other"]
    );
    assert_eq!(denied(&["main.network"]), ["denied by main.network"]);
}

#[test]
fn a_namespace_matching_no_package_is_refused_naming_the_packages() {
    let dir = tree(&[
        ("m/main.tf", MODULE),
        (
            "policy/a.rego",
            &IN_PACKAGE.replace("PACKAGE", "main.storage"),
        ),
    ]);
    let policies = dir.path().join("policy");
    check(
        &dir.path().join("m"),
        &[
            "--policies",
            policies.to_str().unwrap(),
            "--namespace",
            "mian.*",
        ],
    )
    .code(2)
    .stderr(predicate::str::contains(
        "--namespace `mian.*` matches no package of the policies (packages: main.storage)",
    ));
}
