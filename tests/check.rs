//! `goldpath check` end to end: any Terraform tree, every report format, waivers, exit codes.

mod common;

use common::{bin, check, files_tree as tree};
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

/// `goldpath check ARGS…` run from `cwd`.
fn check_in(cwd: &Path, args: &[&str]) -> assert_cmd::assert::Assert {
    bin()
        .env_remove("GITHUB_ACTIONS")
        .current_dir(cwd)
        .arg("check")
        .args(args)
        .timeout(std::time::Duration::from_secs(120))
        .assert()
}

/// A policy directory whose only package is not `main`: with `--policies`, built-in checks only.
fn builtin_only() -> tempfile::TempDir {
    tree(&[("noop.rego", "package builtin_only\n")])
}

fn stdout_json(out: &assert_cmd::assert::Assert) -> serde_json::Value {
    serde_json::from_slice(&out.get_output().stdout).expect("stdout is JSON")
}

/// Validates a SARIF log against the SARIF 2.1.0 schema.
fn assert_valid_sarif(sarif: &serde_json::Value) {
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
        .iter_errors(sarif)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
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
    check_in(dir.path(), &["stacks"])
        .code(1)
        .stdout(predicate::str::contains(
            "deny   stacks/web/main.tf:3  GP-S3-001",
        ))
        .stdout(predicate::str::contains(
            "deny   stacks/web/main.tf:13  GP-MOD-001",
        ))
        .stdout(predicate::str::contains(
            "waived stacks/web/main.tf:9  GP-NET-001",
        ))
        .stdout(predicate::str::contains("fix: "));
}

#[test]
fn sarif_is_valid_against_the_schema() {
    let dir = tree(&[("main.tf", VIOLATING)]);
    let out = check(dir.path(), &["--format", "sarif"]).code(1);
    let sarif = stdout_json(&out);
    assert_valid_sarif(&sarif);
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert!(results.iter().any(|r| r["ruleId"] == "GP-S3-001"
        && r["locations"][0]["physicalLocation"]["region"]["startLine"] == 3));
    assert!(
        results
            .iter()
            .any(|r| r["ruleId"] == "GP-NET-001" && r["suppressions"][0]["status"] == "accepted")
    );
    assert_eq!(
        sarif["runs"][0]["invocations"][0]["executionSuccessful"],
        true
    );
}

#[test]
fn junit_and_github_formats() {
    let dir = tree(&[("main.tf", VIOLATING)]);
    check_in(dir.path(), &["--format", "junit"]).code(1).stdout(
        predicate::str::contains("<testsuites").and(predicate::str::contains(
            "<failure message=\"aws_s3_bucket_acl.shared grants",
        )),
    );
    bin()
        .env("GITHUB_ACTIONS", "true")
        .current_dir(dir.path())
        .arg("check")
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "::error file=main.tf,line=3,title=GP-S3-001::",
        ));
}

#[test]
fn waiver_files_expire_and_need_reasons() {
    let module = "resource \"aws_s3_bucket_acl\" \"shared\" {\n  acl = \"public-read\"\n}\n";
    let valid = "waivers:\n  - rule: GP-S3-001\n    resource: aws_s3_bucket_acl.shared\n    reason: public website assets, reviewed by security\n    expires: 2999-12-31\n";
    let builtin_only = builtin_only();
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
    let module = "resource \"aws_s3_bucket\" \"reports\" {\n  bucket = \"reports\"\n  tags   = { team = \"data\" }\n}\n";
    let dir = tree(&[("main.tf", module)]);
    let rule = |kind: &str, id: &str| {
        format!(
            "package main\n\nimport rego.v1\n\n{kind} contains {{\"msg\": \"buckets must be named acme-*\", \"rule\": \"{id}\", \"resource\": sprintf(\"aws_s3_bucket.%s\", [name])}} if {{\n\tsome name, bodies in input.resource.aws_s3_bucket\n\tsome b in bodies\n\tnot startswith(b.bucket, \"acme-\")\n}}\n"
        )
    };
    let warn = tree(&[("naming.rego", &rule("warn", "ACME-W"))]);
    let warn = ["--policies", warn.path().to_str().unwrap()];
    check_in(dir.path(), &warn)
        .code(0)
        .stdout(predicate::str::contains("warn   main.tf:1  ACME-W"));
    check_in(dir.path(), &[&warn[..], &["--fail-on", "warn"]].concat()).code(1);

    let deny = tree(&[("naming.rego", &rule("deny", "ACME-1"))]);
    check_in(dir.path(), &["--policies", deny.path().to_str().unwrap()])
        .code(1)
        .stdout(predicate::str::contains(
            "deny   main.tf:1  ACME-1  buckets must be named acme-*",
        ));
}

const BROKEN: &str = "resource \"aws_s3_bucket\" \"x\" {\n  bucket = \n}\n";

/// One module that does not parse, one with violations.
fn broken_and_violating() -> tempfile::TempDir {
    tree(&[
        ("envs/broken/main.tf", BROKEN),
        ("envs/prod/main.tf", VIOLATING),
    ])
}

#[test]
fn a_file_that_does_not_parse_is_reported_and_every_other_module_still_checked() {
    let dir = broken_and_violating();
    let base = dir.path();

    check_in(base, &["envs"])
        .code(2)
        .stdout(predicate::str::contains(
            "deny   envs/prod/main.tf:3  GP-S3-001",
        ))
        .stdout(predicate::str::contains("not checked"))
        .stdout(predicate::str::contains("error  envs/broken/main.tf:2:"))
        .stdout(
            predicate::str::contains("2 modules checked: ")
                .and(predicate::str::contains(", 1 error")),
        );

    let out = check_in(base, &["envs", "--format", "json"]).code(2);
    let doc = stdout_json(&out);
    assert_eq!(doc["summary"]["errors"], 1, "{doc:#}");
    assert_eq!(doc["summary"]["modules"], 2, "{doc:#}");
    let broken = &doc["modules"][0];
    assert_eq!(broken["dir"], "envs/broken");
    assert_eq!(broken["errors"][0]["file"], "envs/broken/main.tf");
    assert_eq!(broken["errors"][0]["line"], 2);
    assert!(broken["errors"][0]["column"].as_u64().is_some(), "{doc:#}");
    let prod = &doc["modules"][1];
    assert_eq!(prod["errors"].as_array().unwrap().len(), 0);
    assert!(
        prod["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule"] == "GP-S3-001" && f["file"] == "envs/prod/main.tf"),
        "{doc:#}"
    );

    let out = check_in(base, &["envs", "--format", "sarif"]).code(2);
    let sarif = stdout_json(&out);
    assert_valid_sarif(&sarif);
    let run = &sarif["runs"][0];
    assert_eq!(run["invocations"][0]["executionSuccessful"], false);
    let notification = &run["invocations"][0]["toolExecutionNotifications"][0];
    assert_eq!(notification["level"], "error");
    let physical = &notification["locations"][0]["physicalLocation"];
    assert_eq!(physical["artifactLocation"]["uri"], "envs/broken/main.tf");
    assert_eq!(physical["artifactLocation"]["uriBaseId"], "%SRCROOT%");
    assert_eq!(physical["region"]["startLine"], 2);
    assert!(
        run["results"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["ruleId"] == "GP-S3-001")
    );

    check_in(base, &["envs", "--format", "junit"])
        .code(2)
        .stdout(predicate::str::contains(
            "<testcase name=\"read envs/broken/main.tf\"",
        ))
        .stdout(predicate::str::contains("<error message="))
        .stdout(predicate::str::contains(
            "<failure message=\"aws_s3_bucket_acl.shared grants",
        ));

    check_in(base, &["envs", "--format", "github"])
        .code(2)
        .stdout(predicate::str::contains(
            "::error file=envs/broken/main.tf,line=2,col=",
        ))
        .stdout(predicate::str::contains(
            "::error file=envs/prod/main.tf,line=3,title=GP-S3-001::",
        ))
        .stderr(predicate::str::contains("1 error (exit 2)"));

    let gitlab = check_in(base, &["envs", "--format", "gitlab"]).code(2);
    let issues = stdout_json(&gitlab);
    let issues = issues
        .as_array()
        .expect("a code quality report is a JSON array");
    let at = |path: &str| {
        issues
            .iter()
            .find(|i| i["location"]["path"] == path)
            .unwrap_or_else(|| panic!("no issue at {path}: {issues:#?}"))
    };
    assert_eq!(at("envs/broken/main.tf")["severity"], "blocker");
    assert_eq!(at("envs/broken/main.tf")["location"]["lines"]["begin"], 2);
    let acl = at("envs/prod/main.tf");
    assert_eq!(
        (acl["check_name"].as_str(), acl["severity"].as_str()),
        (Some("GP-S3-001"), Some("critical"))
    );
    assert_eq!(acl["location"]["lines"]["begin"], 3);
    let fingerprints: std::collections::BTreeSet<&str> = issues
        .iter()
        .filter_map(|i| i["fingerprint"].as_str())
        .collect();
    assert_eq!(
        fingerprints.len(),
        issues.len(),
        "every fingerprint is unique"
    );

    let empty = tempfile::tempdir().unwrap();
    check(empty.path(), &[])
        .code(2)
        .stderr(predicate::str::contains("no Terraform"));
}

#[test]
fn the_other_files_of_a_module_with_a_broken_file_are_still_checked() {
    let dir = tree(&[("web/broken.tf", BROKEN), ("web/main.tf", VIOLATING)]);
    check_in(dir.path(), &["."])
        .code(2)
        .stdout(predicate::str::contains("error  web/broken.tf:2:"))
        .stdout(predicate::str::contains("deny   web/main.tf:3  GP-S3-001"));
}

#[test]
fn a_file_that_is_not_utf8_is_reported_and_the_rest_checked() {
    let dir = tree(&[("web/main.tf", VIOLATING)]);
    std::fs::write(dir.path().join("web/latin1.tf"), b"# caf\xe9\n").unwrap();
    check_in(dir.path(), &["."])
        .code(2)
        .stdout(predicate::str::contains(
            "error  web/latin1.tf  cannot read",
        ))
        .stdout(predicate::str::contains("deny   web/main.tf:3  GP-S3-001"));
}

#[cfg(unix)]
#[test]
fn symlinked_files_and_directories_are_read_and_loops_end() {
    use std::os::unix::fs::symlink;
    let dir = tree(&[("stacks/web/main.tf", VIOLATING), ("other/versions.tf", "")]);
    let base = dir.path();
    symlink(base.join("stacks/web"), base.join("stacks/alias")).unwrap();
    symlink(base.join("stacks/web/main.tf"), base.join("other/acl.tf")).unwrap();
    symlink(base.join("stacks"), base.join("stacks/web/loop")).unwrap();
    symlink(base, base.join("other/up")).unwrap();
    check_in(base, &["."])
        .code(1)
        .stdout(predicate::str::contains(
            "deny   stacks/web/main.tf:3  GP-S3-001",
        ))
        .stdout(predicate::str::contains(
            "deny   stacks/alias/main.tf:3  GP-S3-001",
        ))
        .stdout(predicate::str::contains("deny   other/acl.tf:3  GP-S3-001"))
        .stdout(predicate::str::contains("3 modules checked"));
}

#[test]
fn terraform_json_modules_are_checked() {
    let json = r#"{
  "resource": {
    "aws_s3_bucket_acl": {
      "shared": {
        "bucket": "reports",
        "acl": "public-read"
      }
    }
  }
}
"#;
    let dir = tree(&[("json/main.tf.json", json)]);
    let out = check_in(dir.path(), &[".", "--format", "json"]).code(1);
    let doc = stdout_json(&out);
    assert_eq!(doc["modules"][0]["dir"], "json", "{doc:#}");
    assert!(
        doc["modules"][0]["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule"] == "GP-S3-001" && f["file"] == "json/main.tf.json"),
        "{doc:#}"
    );
}

#[test]
fn policies_are_directories_or_files_repeatable_and_never_empty() {
    let module = "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"x\"\n  tags   = {}\n}\n";
    let dir = tree(&[("main.tf", module)]);
    let rule = |id: &str| {
        format!(
            "package main\n\nimport rego.v1\n\ndeny contains {{\"msg\": \"{id} says no\", \"rule\": \"{id}\"}} if {{\n\tinput.resource.aws_s3_bucket\n}}\n"
        )
    };
    let policies = tree(&[
        ("team/a.rego", &rule("TEAM-A")),
        ("team/a_test.rego", "package main\n"),
        ("extra.rego", &rule("EXTRA-B")),
        ("empty/README.md", "no policies here\n"),
    ]);
    let p = policies.path();
    check_in(
        dir.path(),
        &[
            "--policies",
            p.join("team").to_str().unwrap(),
            "--policies",
            p.join("extra.rego").to_str().unwrap(),
        ],
    )
    .code(1)
    .stdout(predicate::str::contains("TEAM-A says no"))
    .stdout(predicate::str::contains("EXTRA-B says no"));

    let empty = p.join("empty");
    check(dir.path(), &["--policies", empty.to_str().unwrap()])
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains(empty.to_str().unwrap()))
        .stderr(predicate::str::contains("holds no Rego policy"))
        .stderr(predicate::str::contains("leave --policies out"));
    check(
        dir.path(),
        &["--policies", p.join("team/a_test.rego").to_str().unwrap()],
    )
    .code(2)
    .stderr(predicate::str::contains("unit test file"));
}

/// A git work tree holding `infra/envs/{prod,broken}`.
fn repository() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tree(&[
        ("infra/envs/prod/main.tf", VIOLATING),
        ("infra/envs/broken/main.tf", BROKEN),
    ]);
    git2::Repository::init(dir.path()).expect("git init");
    let root = std::fs::canonicalize(dir.path()).unwrap();
    (dir, root)
}

fn sarif_uris(out: &assert_cmd::assert::Assert) -> (serde_json::Value, Vec<String>) {
    let sarif = stdout_json(out);
    assert_valid_sarif(&sarif);
    let run = &sarif["runs"][0];
    let mut uris: Vec<String> = run["results"]
        .as_array()
        .unwrap()
        .iter()
        .chain(
            run["invocations"][0]["toolExecutionNotifications"]
                .as_array()
                .unwrap(),
        )
        .filter_map(|r| {
            let artifact = &r["locations"][0]["physicalLocation"]["artifactLocation"];
            assert_eq!(artifact["uriBaseId"], "%SRCROOT%", "{r:#}");
            artifact["uri"].as_str().map(str::to_string)
        })
        .collect();
    uris.sort();
    uris.dedup();
    (run["originalUriBaseIds"]["%SRCROOT%"]["uri"].clone(), uris)
}

#[test]
fn paths_from_the_repository_root() {
    let (_dir, root) = repository();
    let srcroot = format!("file://{}/", root.display());

    check_in(&root, &["infra/envs"])
        .code(2)
        .stdout(predicate::str::contains(
            "deny   infra/envs/prod/main.tf:3  GP-S3-001",
        ))
        .stdout(predicate::str::contains(
            "error  infra/envs/broken/main.tf:2:",
        ));
    let doc = stdout_json(&check_in(&root, &["infra/envs", "--format", "json"]).code(2));
    assert_eq!(doc["modules"][1]["dir"], "infra/envs/prod");
    assert_eq!(
        doc["modules"][1]["findings"][0]["file"],
        "infra/envs/prod/main.tf"
    );
    let (base, uris) = sarif_uris(&check_in(&root, &["infra/envs", "--format", "sarif"]).code(2));
    assert_eq!(base, srcroot.as_str());
    assert_eq!(
        uris,
        ["infra/envs/broken/main.tf", "infra/envs/prod/main.tf"]
    );
    check_in(&root, &["./infra/envs/", "--format", "github"])
        .code(2)
        .stdout(predicate::str::contains(
            "::error file=infra/envs/broken/main.tf,line=2,",
        ))
        .stdout(predicate::str::contains(
            "::error file=infra/envs/prod/main.tf,line=3,title=GP-S3-001::",
        ));

    // An absolute directory is reported as typed, and still maps into the repository.
    let absolute = root.join("infra/envs");
    check_in(&root, &[absolute.to_str().unwrap()])
        .code(2)
        .stdout(predicate::str::contains(format!(
            "deny   {}/prod/main.tf:3  GP-S3-001",
            absolute.display()
        )));
    let (_, uris) =
        sarif_uris(&check_in(&root, &[absolute.to_str().unwrap(), "--format", "sarif"]).code(2));
    assert_eq!(
        uris,
        ["infra/envs/broken/main.tf", "infra/envs/prod/main.tf"]
    );
}

#[test]
fn paths_from_a_subdirectory_of_the_repository() {
    let (_dir, root) = repository();
    let srcroot = format!("file://{}/", root.display());
    let infra = root.join("infra");

    check_in(&infra, &["envs"])
        .code(2)
        .stdout(predicate::str::contains(
            "deny   envs/prod/main.tf:3  GP-S3-001",
        ))
        .stdout(predicate::str::contains("error  envs/broken/main.tf:2:"));
    check_in(&infra.join("envs"), &["."])
        .code(2)
        .stdout(predicate::str::contains("deny   prod/main.tf:3  GP-S3-001"));
    let doc = stdout_json(&check_in(&infra, &["envs", "--format", "json"]).code(2));
    assert_eq!(
        doc["modules"][0]["errors"][0]["file"],
        "envs/broken/main.tf"
    );
    assert_eq!(
        doc["modules"][1]["findings"][0]["file"],
        "envs/prod/main.tf"
    );
    let (base, uris) = sarif_uris(&check_in(&infra, &["envs", "--format", "sarif"]).code(2));
    assert_eq!(base, srcroot.as_str());
    assert_eq!(
        uris,
        ["infra/envs/broken/main.tf", "infra/envs/prod/main.tf"]
    );
    bin()
        .env("GITHUB_ACTIONS", "true")
        .current_dir(infra.join("envs"))
        .args(["check", "prod"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "::error file=infra/envs/prod/main.tf,line=3,title=GP-S3-001::",
        ));
}

#[test]
fn json_carries_the_estimate_of_every_module() {
    let dir = tree(&[
        (
            "app/main.tf",
            "resource \"aws_nat_gateway\" \"this\" {\n  allocation_id = \"eipalloc-1\"\n}\n",
        ),
        (
            "app/infracost-usage.yml",
            "version: 0.1\nresource_usage:\n  aws_nat_gateway.this:\n    monthly_data_processed_gb: 100\n",
        ),
        (
            "web/main.tf",
            "resource \"aws_kms_key\" \"this\" {\n  enable_key_rotation = true\n}\n",
        ),
    ]);
    let out = check(dir.path(), &["--format", "json"])
        .get_output()
        .stdout
        .clone();
    let doc: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let cost = &doc["cost"];
    let monthly = |dir: &str| {
        cost["modules"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["dir"].as_str().unwrap().ends_with(dir))
            .map(|m| m["monthly"].as_f64().unwrap())
    };
    // Each module with its own usage file: 730 h × $0.045 + 100 GB × $0.045; a KMS key.
    assert_eq!(monthly("app"), Some(37.35));
    assert_eq!(monthly("web"), Some(1.0));
    assert_eq!(cost["monthly"], 38.35);
}
