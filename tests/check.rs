//! `goldpath check` end to end: any Terraform tree, every report format, waivers, exit codes.

mod common;

use common::bin;
use predicates::prelude::*;
use std::path::Path;

const VIOLATING: &str = r#"resource "aws_s3_bucket_acl" "shared" {
  bucket = "reports"
  acl    = "public-read"
}

resource "aws_vpc_security_group_ingress_rule" "ssh" {
  # goldpath:ignore GP-NET-001 bastion reachable from the partner network only through the VPN appliance
  security_group_id = "sg-123"
  cidr_ipv4         = "0.0.0.0/0"
}

module "vpc" {
  source = "terraform-aws-modules/vpc/aws"
}
"#;

fn tree(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let p = dir.path().join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    dir
}

fn check(dir: &Path, args: &[&str]) -> assert_cmd::assert::Assert {
    bin()
        .env_remove("GITHUB_ACTIONS")
        .arg("check")
        .arg(dir)
        .args(args)
        .assert()
}

#[test]
fn every_golden_path_fixture_passes_its_guardrails() {
    for (template, fixture, answers) in common::fixtures() {
        let bundle = goldpath::render::render(&template, &answers).expect("renders");
        let (_dir, module) = common::write_module(&bundle);
        let out = check(&module, &["--format", "json"]).code(predicate::in_iter([0, 1]));
        let doc: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
        assert_eq!(
            doc["summary"]["deny"],
            0,
            "{} / {fixture}: {}",
            template.manifest.name,
            serde_json::to_string_pretty(&doc).unwrap()
        );
        assert_eq!(out.get_output().status.code(), Some(0));
    }
}

#[test]
fn violations_fail_with_file_line_and_remediation() {
    let dir = tree(&[("stacks/web/main.tf", VIOLATING)]);
    check(dir.path(), &[])
        .code(1)
        .stdout(predicate::str::contains("deny   main.tf:1  GP-S3-001"))
        .stdout(predicate::str::contains("deny   main.tf:12  GP-MOD-001"))
        .stdout(predicate::str::contains("waived main.tf:6  GP-NET-001"))
        .stdout(predicate::str::contains("fix: "));
}

#[test]
fn sarif_is_valid_against_the_schema() {
    let dir = tree(&[("main.tf", VIOLATING)]);
    let out = check(dir.path(), &["--format", "sarif"]).code(1);
    let sarif: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let mut schema: serde_json::Value =
        serde_json::from_str(include_str!("data/sarif-schema-2.1.0.json")).unwrap();
    // The schema's `language` patterns have a stray `]` that only ECMA-262 regexes accept; give
    // it its intended form so the schema compiles (goldpath does not emit `language`).
    for definition in ["run", "toolComponent"] {
        schema["definitions"][definition]["properties"]["language"]["pattern"] =
            "^[a-zA-Z]{2}(-[a-zA-Z]{2})?$".into();
    }
    let validator = jsonschema::validator_for(&schema).expect("the SARIF schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(&sarif)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert!(results.iter().any(|r| r["ruleId"] == "GP-S3-001"
        && r["locations"][0]["physicalLocation"]["region"]["startLine"] == 1));
    assert!(
        results
            .iter()
            .any(|r| r["ruleId"] == "GP-NET-001" && r["suppressions"][0]["status"] == "accepted")
    );
}

#[test]
fn junit_and_github_formats() {
    let dir = tree(&[("main.tf", VIOLATING)]);
    check(dir.path(), &["--format", "junit"]).code(1).stdout(
        predicate::str::contains("<testsuites").and(predicate::str::contains(
            "<failure message=\"aws_s3_bucket_acl.shared grants",
        )),
    );
    bin()
        .env("GITHUB_ACTIONS", "true")
        .arg("check")
        .arg(dir.path())
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "::error file=main.tf,line=1,title=GP-S3-001::",
        ));
}

#[test]
fn parse_errors_fail_loudly() {
    let dir = tree(&[(
        "main.tf",
        "resource \"aws_s3_bucket\" \"x\" {\n  bucket = \n}\n",
    )]);
    check(dir.path(), &[])
        .code(2)
        .stderr(predicate::str::contains("main.tf:2"));
    let empty = tempfile::tempdir().unwrap();
    check(empty.path(), &[])
        .code(2)
        .stderr(predicate::str::contains("no Terraform"));
}

#[test]
fn waiver_files_expire_and_need_reasons() {
    let module = "resource \"aws_s3_bucket_acl\" \"shared\" {\n  acl = \"public-read\"\n}\n";
    let valid = "waivers:\n  - rule: GP-S3-001\n    resource: aws_s3_bucket_acl.shared\n    reason: public website assets, reviewed by security\n    expires: 2999-12-31\n";
    let builtin_only = tempfile::tempdir().unwrap();
    let only = ["--policies", builtin_only.path().to_str().unwrap()];
    let dir = tree(&[("main.tf", module), ("goldpath-waivers.yaml", valid)]);
    check(dir.path(), &only)
        .code(0)
        .stdout(predicate::str::contains("waived"));
    let expired = valid.replace("2999-12-31", "2020-01-01");
    let dir = tree(&[("main.tf", module), ("goldpath-waivers.yaml", &expired)]);
    check(dir.path(), &only).code(1).stdout(
        predicate::str::contains("GP-WAIVER-002")
            .and(predicate::str::contains("expired on 2020-01-01")),
    );
}

#[test]
fn fail_on_warn_and_custom_policies() {
    let module = "resource \"aws_s3_bucket\" \"untagged\" {\n  bucket = \"x\"\n}\n";
    let dir = tree(&[("main.tf", module)]);
    check(dir.path(), &["--policies", dir.path().to_str().unwrap()])
        .code(0)
        .stdout(predicate::str::contains("GP-TAG-001"));
    check(dir.path(), &["--fail-on", "warn"]).code(1);

    let policy = "package main\n\nimport rego.v1\n\ndeny contains {\"msg\": \"buckets must be named acme-*\", \"rule\": \"ACME-1\", \"resource\": sprintf(\"aws_s3_bucket.%s\", [name])} if {\n\tsome name, bodies in input.resource.aws_s3_bucket\n\tsome b in bodies\n\tnot startswith(b.bucket, \"acme-\")\n}\n";
    let policies = tree(&[("naming.rego", policy)]);
    check(
        dir.path(),
        &["--policies", policies.path().to_str().unwrap()],
    )
    .code(1)
    .stdout(predicate::str::contains(
        "deny   main.tf:1  ACME-1  buckets must be named acme-*",
    ));
}
