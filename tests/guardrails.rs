//! Guardrails on real-world shapes, through the real binary: findings located at the attribute
//! at fault, waivers scoped to their block, one report per defect, local module calls followed.

mod common;

use common::{bin, files_tree as tree};
use serde_json::Value;
use std::path::Path;

/// `goldpath check . --format json` run in `dir`, with extra arguments: the report and the
/// exit code.
fn report(dir: &Path, args: &[&str]) -> (Value, i32) {
    let out = bin()
        .env_remove("GITHUB_ACTIONS")
        .current_dir(dir)
        .args(["check", ".", "--format", "json"])
        .args(args)
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (doc, out.status.code().unwrap())
}

/// Every finding of a report.
fn all_findings(doc: &Value) -> Vec<Value> {
    doc["modules"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|m| m["findings"].as_array().unwrap().clone())
        .collect()
}

/// The findings as `RULE RESOURCE FILE:LINE` (`waived` appended when waived), and the exit code.
fn findings(dir: &Path, args: &[&str]) -> (Vec<String>, i32) {
    let (doc, code) = report(dir, args);
    let mut found: Vec<String> = all_findings(&doc)
        .iter()
        .map(|f| {
            format!(
                "{} {} {}:{}{}",
                f["rule"].as_str().unwrap(),
                f["resource"].as_str().unwrap_or("-"),
                f["file"].as_str().unwrap_or("?"),
                f["line"].as_u64().map_or("?".into(), |l| l.to_string()),
                if f["waived"].is_null() { "" } else { " waived" }
            )
        })
        .collect();
    found.sort();
    (found, code)
}

/// A policy directory whose one rule never fires, so that only the built-in checks report.
const NO_POLICY: (&str, &str) = (
    ".policies/none.rego",
    "package main\n\nimport rego.v1\n\ndeny contains \"never\" if {\n\tfalse\n}\n",
);

fn only(found: &[String], rule: &str) -> Vec<String> {
    found
        .iter()
        .filter(|f| f.starts_with(&format!("{rule} ")))
        .cloned()
        .collect()
}

const PROVIDERS: &str = r#"terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.25"
    }
  }
}

provider "aws" {
  # goldpath:ignore GP-SEC-001 the default provider reads credentials from the environment
  region = "eu-west-1"
  default_tags {
    tags = { team = "data", env = "prod", cost-center = "ENG-1234", owner = "data@example.com" }
  }
}

provider "aws" {
  alias      = "west"
  region     = "us-west-2"
  access_key = "AKIAABCDEFGHIJKLMNOP"
  default_tags {
    tags = { team = "data", env = "prod", cost-center = "ENG-1234", owner = "data@example.com" }
  }
}
"#;

#[test]
fn a_waiver_in_one_provider_block_does_not_cover_the_aliased_one() {
    let dir = tree(&[("main.tf", PROVIDERS)]);
    let (found, code) = findings(dir.path(), &[]);
    assert_eq!(
        only(&found, "GP-SEC-001"),
        vec!["GP-SEC-001 provider.aws.west main.tf:21"]
    );
    assert_eq!(code, 1);
}

#[test]
fn built_in_findings_point_at_the_offending_attribute() {
    let main = r#"resource "aws_security_group" "web" {
  name = "web"
  tags = { team = "web" }

  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/8"]
  }

  ingress {
    from_port   = 80
    to_port     = 80
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_s3_bucket_acl" "site" {
  bucket = "site"
  acl    = "public-read"
}

locals {
  region        = "eu-west-1"
  slack_webhook = "xoxb-1234567890-abcdefghij"
}
"#;
    let dir = tree(&[("main.tf", main), NO_POLICY]);
    let (found, _) = findings(dir.path(), &["--policies", ".policies"]);
    assert_eq!(
        found,
        vec![
            "GP-NET-001 aws_security_group.web main.tf:16",
            "GP-S3-001 aws_s3_bucket_acl.site main.tf:22",
            "GP-SEC-001 local.slack_webhook main.tf:27",
        ]
    );
}

#[test]
fn rego_findings_always_have_a_file_and_a_line() {
    let policy = r#"package main

import rego.v1

deny contains {"msg": "bucket without versioning", "resource": "aws_s3_bucket.logs"} if {
	input.resource.aws_s3_bucket.logs
}

deny contains msg if {
	input.resource.aws_s3_bucket.logs
	msg := "aws_s3_bucket.logs must have object lock"
}

deny contains "the module has no README" if {
	true
}
"#;
    let main = "locals {\n  tags = { team = \"data\" }\n}\n\nresource \"aws_s3_bucket\" \"logs\" {\n  bucket = \"logs\"\n  tags   = local.tags\n}\n";
    let dir = tree(&[
        ("policies/main.rego", policy),
        ("stack/a.tf", "variable \"x\" {\n  type = string\n}\n"),
        ("stack/main.tf", main),
    ]);
    let (found, code) = findings(&dir.path().join("stack"), &["--policies", "../policies"]);
    assert_eq!(
        found,
        vec![
            "main.deny - a.tf:1",
            "main.deny - main.tf:5",
            "main.deny aws_s3_bucket.logs main.tf:5",
        ]
    );
    assert_eq!(code, 1);
}

#[test]
fn pins_tags_and_placeholders_report_real_defects_once() {
    let main = r#"module "vpc" {
  source = "terraform-aws-modules/vpc/aws"
}

module "shared" {
  source = "github.com/acme/terraform-modules//network?ref=v2.1.0"
}

resource "aws_sqs_queue" "jobs" {
  name = "jobs"
}

resource "aws_db_instance" "db" {
  identifier        = "orders"
  password          = "<set-in-secrets-manager>"
  storage_encrypted = true
  tags              = { team = "orders" }
}

resource "aws_ssm_parameter" "token" {
  name  = "/orders/token"
  type  = "SecureString"
  value = "CHANGE_ME"
}
"#;
    let dir = tree(&[("main.tf", main)]);
    let (found, _) = findings(dir.path(), &[]);
    let unpinned: Vec<&String> = found
        .iter()
        .filter(|f| f.starts_with("GP-MOD-001 ") || f.starts_with("GP-MOD-102 "))
        .collect();
    assert_eq!(unpinned, vec!["GP-MOD-001 module.vpc main.tf:2"]);
    assert_eq!(
        only(&found, "GP-TAG-001"),
        vec!["GP-TAG-001 aws_sqs_queue.jobs main.tf:9"]
    );
    assert_eq!(
        only(&found, "GP-TAG-101"),
        vec!["GP-TAG-101 aws_db_instance.db main.tf:13"],
        "the untagged queue is reported once, by GP-TAG-001"
    );
    assert!(only(&found, "GP-SEC-001").is_empty(), "{found:#?}");
    let (doc, _) = report(dir.path(), &[]);
    let tag = all_findings(&doc)
        .into_iter()
        .find(|f| f["rule"] == "GP-TAG-001")
        .unwrap();
    assert_eq!(tag["severity"], "deny");
}

const VOLUME: &str = r#"variable "encrypted" {
  type    = bool
  default = true
}

variable "name" {
  type = string
}

resource "aws_ebs_volume" "this" {
  availability_zone = "eu-west-1a"
  size              = 10
  encrypted         = var.encrypted
  tags              = { Name = var.name }
}
"#;

#[test]
fn a_local_module_call_is_evaluated_with_the_callers_literal_inputs() {
    let example = r#"module "scratch" {
  source    = "../.."
  name      = "scratch"
  encrypted = false
}

module "safe" {
  source = "../.."
  name   = "safe"
}
"#;
    let dir = tree(&[
        ("main.tf", VOLUME),
        ("examples/complete/main.tf", example),
        NO_POLICY,
    ]);
    let (found, code) = findings(dir.path(), &["--policies", ".policies"]);
    assert_eq!(
        found,
        vec!["GP-ENC-001 module.scratch.aws_ebs_volume.this main.tf:13"]
    );
    assert_eq!(code, 1);
    let (doc, _) = report(dir.path(), &["--policies", ".policies"]);
    let message = all_findings(&doc)[0]["message"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        message.contains("called by module.scratch at examples/complete/main.tf:1"),
        "{message}"
    );
}

#[test]
fn a_waiver_in_the_module_call_covers_what_the_call_causes() {
    let example = r#"module "scratch" {
  # goldpath:ignore GP-ENC-001 scratch space for a build cache, wiped on every run
  source    = "../.."
  name      = "scratch"
  encrypted = false
}
"#;
    let dir = tree(&[
        ("main.tf", VOLUME),
        ("examples/complete/main.tf", example),
        NO_POLICY,
    ]);
    let (found, code) = findings(dir.path(), &["--policies", ".policies"]);
    assert_eq!(
        found,
        vec!["GP-ENC-001 module.scratch.aws_ebs_volume.this main.tf:13 waived"]
    );
    assert_eq!(code, 0);
}

#[test]
fn a_malformed_waiver_file_is_an_error_and_the_findings_are_still_reported() {
    let main = "resource \"aws_s3_bucket_acl\" \"site\" {\n  bucket = \"site\"\n  acl    = \"public-read\"\n}\n";
    let dir = tree(&[
        ("main.tf", main),
        (
            "goldpath-waivers.yaml",
            "waivers:\n  - reason: no rule named\n",
        ),
        NO_POLICY,
    ]);
    let (found, code) = findings(dir.path(), &["--policies", ".policies"]);
    assert_eq!(found, vec!["GP-S3-001 aws_s3_bucket_acl.site main.tf:3"]);
    assert_eq!(code, 2);
    let (doc, _) = report(dir.path(), &["--policies", ".policies"]);
    let error = &doc["modules"][0]["errors"][0];
    assert_eq!(error["file"], "goldpath-waivers.yaml");
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("waivers[0].rule is missing"),
        "{error}"
    );
}

#[test]
fn a_waiver_covers_one_declaration_of_an_address_declared_twice() {
    let acl = |waiver: &str| {
        format!(
            "resource \"aws_s3_bucket_acl\" \"site\" {{\n{waiver}  bucket = \"site\"\n  acl    = \"public-read\"\n}}\n"
        )
    };
    let waived = acl("  # goldpath:ignore GP-S3-001 public website assets, reviewed by security\n");
    let dir = tree(&[("a.tf", &waived), ("b.tf", &acl("")), NO_POLICY]);
    let (found, code) = findings(dir.path(), &["--policies", ".policies"]);
    assert_eq!(
        found,
        vec![
            "GP-S3-001 aws_s3_bucket_acl.site a.tf:4 waived",
            "GP-S3-001 aws_s3_bucket_acl.site b.tf:3",
        ]
    );
    assert_eq!(code, 1);
}
