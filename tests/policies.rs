//! The shipped policy library: its Rego unit tests pass under goldpath's own runner.

mod common;

use common::bin;
use predicates::prelude::*;

#[test]
fn the_policy_library_passes_its_own_tests() {
    let out = bin()
        .args(["policy", "test", "policies", "--format", "json"])
        .assert()
        .success();
    let doc: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(doc["failed"], 0, "{doc:#}");
    assert!(
        doc["passed"].as_u64().unwrap_or(0) >= 20,
        "the library is tested: {doc:#}"
    );
}

#[test]
fn failing_policy_tests_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("p.rego"),
        "package main\n\nimport rego.v1\n\ndeny contains \"x\" if input.x\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("p_test.rego"),
        "package main\n\nimport rego.v1\n\ntest_denies if {\n\tdeny[\"x\"] with input as {\"x\": true}\n}\n\ntest_wrong if {\n\tcount(deny) == 2 with input as {\"x\": true}\n}\n",
    )
    .unwrap();
    bin()
        .args(["policy", "test"])
        .arg(dir.path())
        .assert()
        .code(1)
        .stdout(
            predicate::str::contains("PASS  main.test_denies")
                .and(predicate::str::contains("FAIL  main.test_wrong")),
        );
}

#[test]
fn rendered_modules_carry_the_policies_they_are_held_to() {
    for (template, fixture, answers) in common::fixtures() {
        if template.manifest.policies.is_empty() {
            continue;
        }
        let bundle = goldpath::render::render(&template, &answers).expect("renders");
        let label = format!("{} / {fixture}", template.manifest.name);
        for area in &template.manifest.policies {
            assert!(
                bundle
                    .paths()
                    .any(|p| p.starts_with(&format!("policies/{area}/")) && p.ends_with(".rego")),
                "{label}: no policies/{area}"
            );
        }
        assert!(
            bundle.get("policies/tfc/policies.hcl").is_some(),
            "{label}: no Terraform Cloud policy set"
        );
    }
}
