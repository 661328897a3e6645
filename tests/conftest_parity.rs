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

/// A policy reading its allowed users from `data.users.allowed`, as a team keeps them in a
/// data file beside the policies or passes them with `--data`.
const DATA_POLICY: &str = r#"package main

import rego.v1

deny contains msg if {
	some name, resources in input.resource.null_resource
	some r in resources
	not r.triggers.user in data.users.allowed
	msg := sprintf("%s runs as %s, not one of %v", [name, r.triggers.user, data.users.allowed])
}
"#;

fn messages(out: &[u8]) -> Vec<String> {
    json(out)["modules"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["message"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn data_documents_come_from_data_paths_and_the_policy_directory() {
    let dir = tree(&[
        ("m/main.tf", MODULE),
        ("policy/main.rego", DATA_POLICY),
        ("policy/users.yaml", "users:\n  allowed: [app]\n"),
        ("conf/users/allowed.json", r#"{"allowed": ["root"]}"#),
        ("extra.yaml", "users:\n  allowed: [root, app]\n"),
    ]);
    let module = dir.path().join("m");
    let policies = dir.path().join("policy");
    let policies = policies.to_str().unwrap();

    let out = check(&module, &["--policies", policies, "--format", "json"])
        .code(1)
        .get_output()
        .stdout
        .clone();
    assert_eq!(
        messages(&out),
        [r#"migrate runs as root, not one of ["app"]"#]
    );

    let just_rego = dir.path().join("policy/main.rego");
    let conf = dir.path().join("conf");
    check(
        &module,
        &[
            "--policies",
            just_rego.to_str().unwrap(),
            "--data",
            conf.to_str().unwrap(),
        ],
    )
    .code(0);

    let extra = dir.path().join("extra.yaml");
    check(
        &module,
        &["--policies", policies, "--data", extra.to_str().unwrap()],
    )
    .code(2)
    .stderr(predicate::str::contains("sets data.users.allowed that"))
    .stderr(predicate::str::contains("users.yaml sets too"));
}

#[test]
fn a_data_path_that_is_not_json_or_yaml_is_refused() {
    let dir = tree(&[
        ("m/main.tf", MODULE),
        ("policy/main.rego", DATA_POLICY),
        ("users.txt", "root"),
    ]);
    let policies = dir.path().join("policy");
    let users = dir.path().join("users.txt");
    check(
        &dir.path().join("m"),
        &[
            "--policies",
            policies.to_str().unwrap(),
            "--data",
            users.to_str().unwrap(),
        ],
    )
    .code(2)
    .stderr(predicate::str::contains("is not a data document"));
}

#[test]
fn a_terraform_file_is_checked_on_its_own() {
    let dir = tree(&[
        ("m/main.tf", MODULE),
        ("m/other.tf", "resource \"null_resource\" \"other\" {}\n"),
        ("policy/main.rego", POLICY),
        ("m/notes.md", "# notes\n"),
    ]);
    let policies = dir.path().join("policy");
    let policies = policies.to_str().unwrap();
    let out = check(
        &dir.path().join("m/other.tf"),
        &["--policies", policies, "--format", "json"],
    )
    .code(0)
    .get_output()
    .stdout
    .clone();
    let doc = json(&out);
    assert_eq!(doc["summary"]["modules"], 1);
    check(&dir.path().join("m/main.tf"), &["--policies", policies])
        .code(1)
        .stdout(predicate::str::contains("main.tf:1"))
        .stdout(predicate::str::contains("migrate is privileged"));
    check(&dir.path().join("m/notes.md"), &["--policies", policies])
        .code(2)
        .stderr(predicate::str::contains("is not a Terraform file"));
}

const PUBLIC_ACL: &str = r#"resource "aws_s3_bucket_acl" "shared" {
  bucket = "reports"
  acl    = "public-read"
}
"#;

fn rules_of(out: &[u8]) -> (Vec<(String, String)>, Vec<String>) {
    let doc = json(out);
    let findings = doc["modules"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["severity"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let ran = doc["summary"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_str().unwrap().to_string())
        .collect();
    (findings, ran)
}

#[test]
fn built_in_checks_are_chosen_by_flags_and_the_report_says_what_ran() {
    let dir = tree(&[("m/main.tf", PUBLIC_ACL)]);
    let module = dir.path().join("m");
    let run = |args: &[&str], code: i32| {
        let mut all = vec!["--format", "json"];
        all.extend(args);
        rules_of(&check(&module, &all).code(code).get_output().stdout)
    };
    let (findings, ran) = run(&[], 1);
    assert_eq!(findings, [("GP-S3-001".into(), "deny".into())]);
    assert_eq!(ran, ["built-in checks", "goldpath's policy library"]);

    let (findings, ran) = run(&["--warn", "GP-S3-001"], 0);
    assert_eq!(findings, [("GP-S3-001".into(), "warn".into())]);
    assert_eq!(ran[2], "as warnings GP-S3-001");

    let (findings, ran) = run(&["--skip", "GP-S3-001"], 0);
    assert!(findings.is_empty());
    assert_eq!(ran[2], "skipped GP-S3-001");

    // Without the built-in checks the shipped Rego rule for the same defect reports it.
    let (findings, ran) = run(&["--no-builtin"], 1);
    assert_eq!(findings, [("GP-S3-101".into(), "deny".into())]);
    assert_eq!(ran, ["goldpath's policy library"]);

    check(&module, &["--skip", "GP-S3-001"])
        .code(0)
        .stdout(predicate::str::contains(
            "rules: built-in checks; goldpath's policy library; skipped GP-S3-001",
        ));
}

#[test]
fn built_in_checks_are_chosen_in_goldpath_toml_and_flags_add_to_it() {
    let dir = tree(&[
        ("m/main.tf", PUBLIC_ACL),
        (
            "goldpath.toml",
            "[check]\nbuiltin = false\nskip = [\"GP-S3-101\"]\n",
        ),
        ("policy/main.rego", DATA_POLICY),
    ]);
    let config = dir.path().join("goldpath.toml");
    let out = common::bin()
        .env_remove("GITHUB_ACTIONS")
        .arg("--config")
        .arg(&config)
        .arg("check")
        .arg(dir.path().join("m"))
        .args(["--format", "json", "--skip", "GP-MOD-001"])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let (findings, ran) = rules_of(&out);
    assert!(findings.is_empty(), "{findings:?}");
    assert_eq!(
        ran,
        ["goldpath's policy library", "skipped GP-S3-101, GP-MOD-001"]
    );

    std::fs::write(&config, "[check]\nbuiltin = \"no\"\n").unwrap();
    common::bin()
        .arg("--config")
        .arg(&config)
        .arg("check")
        .arg(dir.path().join("m"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "goldpath.toml: line 2: invalid type: string \"no\", expected a boolean",
        ));
}

const ACL_POLICY: &str = r#"package main

import rego.v1

deny contains msg if {
	some name, acls in input.resource.aws_s3_bucket_acl
	some acl in acls
	acl.acl == "public-read"
	msg := sprintf("%s is public", [name])
}
"#;

/// A conftest user's unit tests, unchanged: inputs built from HCL, YAML, TOML and files with
/// conftest's parse_config builtins.
const ACL_TESTS: &str = r#"package main

import rego.v1

test_public_acl_from_hcl if {
	cfg := parse_config("hcl2", `
resource "aws_s3_bucket_acl" "shared" {
  bucket = "reports"
  acl    = "public-read"
}
`)
	deny == {"shared is public"} with input as cfg
}

test_private_acl_from_yaml if {
	cfg := parse_config("yaml", "resource:\n  aws_s3_bucket_acl:\n    b:\n      - acl: private\n")
	count(deny) == 0 with input as cfg
}

test_toml_and_json_parse if {
	parse_config("toml", "[a]\nb = 1\n") == {"a": {"b": 1}}
	parse_config("json", `{"x": [true]}`) == {"x": [true]}
}

test_from_a_file if {
	cfg := parse_config_file("fixtures/public.tf")
	count(deny) == 1 with input as cfg
}

test_combined_files if {
	files := parse_combined_config_files(["fixtures/public.tf", "fixtures/extra.json"])
	files[0].path == "fixtures/public.tf"
	files[1].contents == {"extra": 1}
}
"#;

#[test]
fn conftest_unit_tests_using_parse_config_run_unchanged() {
    let dir = tree(&[
        ("policy/main.rego", ACL_POLICY),
        ("policy/main_test.rego", ACL_TESTS),
        ("fixtures/public.tf", PUBLIC_ACL),
        ("fixtures/extra.json", r#"{"extra": 1}"#),
    ]);
    let out = common::bin()
        .current_dir(dir.path())
        .args(["policy", "test", "policy", "--format", "json"])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let doc = json(&out);
    assert_eq!(doc["passed"], 5, "{doc}");
    assert_eq!(doc["failed"], 0, "{doc}");
}

#[test]
fn a_policy_calling_an_unsupported_builtin_is_refused_when_it_loads() {
    // The call sits behind a resource type the module does not have: evaluation would never
    // reach it, and the policy would pass here and fail on the next module.
    let policy = "package main\n\nimport rego.v1\n\ndeny contains msg if {\n\tinput.resource.aws_instance\n\tmsg := yaml.marshal_all(input)\n}\n";
    let dir = tree(&[("m/main.tf", MODULE), ("policy/main.rego", policy)]);
    let policies = dir.path().join("policy");
    check(
        &dir.path().join("m"),
        &["--policies", policies.to_str().unwrap()],
    )
    .code(2)
    .stderr(predicate::str::contains(
        "main.rego: line 7: `yaml.marshal_all` is not a builtin of goldpath's Rego engine",
    ));
    common::bin()
        .args(["policy", "test"])
        .arg(&policies)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "`yaml.marshal_all` is not a builtin",
        ));
}

/// A policy written for `conftest test --combine`: the input is a list of `{path, contents}`.
const COMBINED_POLICY: &str = r#"package main

import rego.v1

deny contains msg if {
	is_array(input)
	not declares_providers
	msg := sprintf("none of %d files declares required_providers", [count(input)])
}

declares_providers if {
	some file in input
	file.contents.terraform[_].required_providers
}

warn contains msg if {
	some file in input
	file.contents.resource.null_resource
	msg := sprintf("%s holds a null_resource", [file.path])
}
"#;

#[test]
fn combine_gives_policies_conftests_combined_input() {
    let versions =
        "terraform {\n  required_providers {\n    null = { source = \"hashicorp/null\" }\n  }\n}\n";
    let dir = tree(&[
        ("a/main.tf", MODULE),
        ("a/versions.tf", versions),
        ("b/main.tf", MODULE),
        ("policy/main.rego", COMBINED_POLICY),
    ]);
    let policies = dir.path().join("policy");
    let policies = policies.to_str().unwrap();
    let combined = |module: &str| {
        let out = check(
            &dir.path().join(module),
            &[
                "--policies",
                policies,
                "--combine",
                "--format",
                "json",
                "--no-builtin",
            ],
        )
        .get_output()
        .stdout
        .clone();
        let mut m = messages(&out);
        m.sort();
        m
    };
    let a = combined("a");
    assert_eq!(a.len(), 1, "{a:?}");
    assert!(a[0].ends_with("a/main.tf holds a null_resource"), "{a:?}");
    let b = combined("b");
    assert_eq!(b.len(), 2, "{b:?}");
    assert!(
        b.contains(&"none of 1 files declares required_providers".to_string()),
        "{b:?}"
    );

    // Without --combine the input is the merged module, which this policy does not expect.
    let out = check(
        &dir.path().join("b"),
        &["--policies", policies, "--format", "json", "--no-builtin"],
    )
    .code(0)
    .get_output()
    .stdout
    .clone();
    assert!(messages(&out).is_empty());
}

#[test]
fn a_policy_error_that_needs_no_input_is_refused_at_load_naming_its_file() {
    let unsafe_var =
        "package main\n\nimport rego.v1\n\ndeny contains msg if {\n\tmsg := undefined_var\n}\n";
    let dir = tree(&[
        ("m/main.tf", MODULE),
        ("policy/bad.rego", unsafe_var),
        (
            "policy/good.rego",
            IN_PACKAGE.replace("PACKAGE", "main").as_str(),
        ),
    ]);
    let policies = dir.path().join("policy");
    check(
        &dir.path().join("m"),
        &["--policies", policies.to_str().unwrap()],
    )
    .code(2)
    .stdout(predicate::str::is_empty())
    .stderr(predicate::str::contains("bad.rego: "))
    .stderr(predicate::str::contains("var undefined_var is unsafe"));
}

#[test]
fn metadata_annotations_give_a_rule_its_id_title_severity_and_remediation() {
    let annotated = r#"package main

import rego.v1

# METADATA
# title: Jobs do not run as root
# description: Run the job as its own user.
# custom:
#   id: ACME-RUN-1
#   severity: warn
deny_root contains msg if {
	some name, resources in input.resource.null_resource
	some r in resources
	r.triggers.user == "root"
	msg := sprintf("%s runs as root", [name])
}
"#;
    let dir = tree(&[("m/main.tf", MODULE), ("policy/main.rego", annotated)]);
    let policies = dir.path().join("policy");
    let out = check(
        &dir.path().join("m"),
        &["--policies", policies.to_str().unwrap(), "--format", "json"],
    )
    .code(0)
    .get_output()
    .stdout
    .clone();
    let doc = json(&out);
    let finding = &doc["modules"][0]["findings"][0];
    assert_eq!(finding["rule"], "ACME-RUN-1");
    assert_eq!(finding["severity"], "warn");
    assert_eq!(finding["title"], "Jobs do not run as root");
    assert_eq!(finding["remediation"], "Run the job as its own user.");
    assert_eq!(finding["message"], "migrate runs as root");
}
