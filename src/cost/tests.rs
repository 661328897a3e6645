//! Estimates checked against bills computed by hand from the shipped prices.

use super::estimate::{Estimate, ModuleFiles, Status, estimate};
use super::table::PriceTable;
use super::usage::{self, UsageFile};
use crate::guardrails::calls::{LocalModule, LocalModules};
use crate::guardrails::input::SourceFile;

#[derive(Debug)]
struct Modules(Vec<(&'static str, &'static str)>);

impl LocalModules for Modules {
    fn read(&self, dir: &str) -> Option<LocalModule> {
        let files: Vec<(String, String)> = self
            .0
            .iter()
            .filter(|(path, _)| path.rsplit_once('/').map(|(d, _)| d) == Some(dir))
            .map(|(p, t)| (p.to_string(), t.to_string()))
            .collect();
        (!files.is_empty()).then_some(LocalModule {
            files,
            checked_on_its_own: false,
        })
    }
}

fn estimated(main: &str, usage_text: &str, modules: Vec<(&'static str, &'static str)>) -> Estimate {
    let usage = if usage_text.is_empty() {
        UsageFile::empty()
    } else {
        usage::parse(usage_text).expect("usage parses")
    };
    let files = [SourceFile {
        path: "main.tf",
        text: main,
    }];
    let module = ModuleFiles {
        files: &files,
        dir: ".",
        local_modules: &Modules(modules),
    };
    estimate(module, None, &usage, PriceTable::shipped()).expect("estimates")
}

fn near(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-6
}

#[test]
fn a_lambda_on_arm64_is_billed_for_requests_and_gb_seconds() {
    let main = r#"
resource "aws_lambda_function" "api" {
  function_name = "orders"
  memory_size   = 1024
  architectures = ["arm64"]
}
"#;
    let usage = "version: 0.1\nresource_usage:\n  aws_lambda_function.api:\n    monthly_requests: 5000000\n    request_duration_ms: 120\n";
    let e = estimated(main, usage, Vec::new());
    let items = &e.resources[0].items;
    // 5M requests at $0.20 per 1M.
    assert_eq!(items[0].quantity, Some(5.0));
    assert!(near(items[0].monthly.unwrap(), 1.00));
    // 5M × 1 GB × 0.120 s = 600,000 GB-s at $0.0000133334 (arm64, first tier).
    assert!(near(items[1].quantity.unwrap(), 600_000.0));
    assert!(near(items[1].monthly.unwrap(), 8.00004));
    assert_eq!(e.monthly, 9.00);
    assert_eq!((e.region.as_str(), e.region_from), ("us-east-1", "default"));
}

#[test]
fn a_nat_gateway_is_billed_by_the_hour_and_by_the_gigabyte() {
    let main = r#"
provider "aws" {
  region = "us-east-1"
}
resource "aws_eip" "nat" {
  domain = "vpc"
}
resource "aws_nat_gateway" "this" {
  allocation_id = aws_eip.nat.id
}
"#;
    let usage = "version: 0.1\nresource_type_default_usage:\n  aws_nat_gateway:\n    monthly_data_processed_gb: 100\n";
    let e = estimated(main, usage, Vec::new());
    assert_eq!(e.region_from, "provider");
    // The public IPv4 address: 730 h × $0.005.
    assert!(near(e.resources[0].monthly, 3.65));
    // 730 h × $0.045 + 100 GB × $0.045.
    assert!(near(e.resources[1].items[0].monthly.unwrap(), 32.85));
    assert!(near(e.resources[1].items[1].monthly.unwrap(), 4.50));
    assert_eq!(e.monthly, 41.00);
}

#[test]
fn an_eks_cluster_from_the_registry_module_is_billed_with_its_node_pools() {
    let main = r#"
locals {
  settings = { prod = { types = ["m7g.xlarge"], desired = 3 } }["prod"]
}
module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "21.19.0"
  kubernetes_version = "1.35"
  upgrade_policy     = { support_type = "STANDARD" }
  eks_managed_node_groups = {
    core = {
      instance_types = local.settings.types
      desired_size   = local.settings.desired
      block_device_mappings = {
        xvda = { device_name = "/dev/xvda", ebs = { volume_size = 50, volume_type = "gp3" } }
      }
    }
  }
}
"#;
    let e = estimated(main, "", Vec::new());
    let by = |address: &str| {
        e.resources
            .iter()
            .find(|r| r.address == address)
            .unwrap_or_else(|| panic!("{address} in {:#?}", e.resources))
    };
    // 730 h × $0.10, standard support.
    assert!(near(by("module.eks.aws_eks_cluster.this[0]").monthly, 73.0));
    let nodes = by("module.eks.module.eks_managed_node_group[\"core\"].aws_eks_node_group.this[0]");
    // 3 × 730 h × $0.1632 (m7g.xlarge) + 3 × 50 GB gp3 × $0.08.
    assert!(near(nodes.items[0].monthly.unwrap(), 357.408), "{nodes:#?}");
    assert!(near(nodes.items[1].monthly.unwrap(), 12.0));
    // The module's KMS key for secrets: $1 a month.
    assert!(near(
        by("module.eks.module.kms.aws_kms_key.this[0]").monthly,
        1.0
    ));
    // Its log group is billed by usage, which is not given: listed, not counted.
    let logs = by("module.eks.aws_cloudwatch_log_group.this[0]");
    assert!(
        logs.items
            .iter()
            .all(|i| i.monthly.is_none() && i.unpriced.is_some())
    );
    assert_eq!(e.monthly, 443.41);
}

#[test]
fn counts_built_on_zones_and_splats_are_planned_and_local_modules_followed() {
    let main = r#"
data "aws_availability_zones" "available" {}
locals {
  azs = slice(data.aws_availability_zones.available.names, 0, 2)
}
resource "aws_subnet" "private" {
  count = length(local.azs)
}
resource "aws_vpc_endpoint" "interface" {
  for_each          = toset(["logs", "sts"])
  vpc_endpoint_type = "Interface"
  subnet_ids        = aws_subnet.private[*].id
}
module "keys" {
  source = "./modules/keys"
  keys   = 2
}
"#;
    let keys = "variable \"keys\" {\n  default = 1\n}\nresource \"aws_kms_key\" \"this\" {\n  count = var.keys\n}\n";
    let e = estimated(main, "", vec![("modules/keys/main.tf", keys)]);
    let addresses: Vec<&str> = e.resources.iter().map(|r| r.address.as_str()).collect();
    assert_eq!(
        addresses,
        [
            "aws_subnet.private[0]",
            "aws_subnet.private[1]",
            "aws_vpc_endpoint.interface[\"logs\"]",
            "aws_vpc_endpoint.interface[\"sts\"]",
            "module.keys.aws_kms_key.this[0]",
            "module.keys.aws_kms_key.this[1]",
        ]
    );
    // Two ENIs per endpoint: 2 × 730 h × $0.01.
    assert!(near(e.resources[2].items[0].monthly.unwrap(), 14.60));
    assert_eq!(e.resources[0].status, Status::Free);
}

#[test]
fn what_goldpath_cannot_price_is_listed_never_dropped_and_never_zero() {
    let main = r#"
resource "aws_mq_broker" "queue" {
  broker_name = "q"
}
resource "aws_lambda_function" "f" {
  function_name = "f"
}
module "opaque" {
  source  = "acme/thing/aws"
  version = "1.0.0"
}
"#;
    let e = estimated(main, "", Vec::new());
    assert_eq!(e.resources.len(), 3);
    assert_eq!(e.resources[1].status, Status::NotEstimated);
    assert!(e.resources[1].notes[0].contains("does not estimate `aws_mq_broker`"));
    let lambda = &e.resources[0].items[0];
    assert_eq!((lambda.quantity, lambda.monthly), (None, None));
    assert!(
        lambda
            .unpriced
            .as_deref()
            .unwrap()
            .contains("monthly_requests")
    );
    assert_eq!(e.resources[2].address, "module.opaque");
    assert!(e.resources[2].notes[0].contains("acme/thing/aws"));
    assert_eq!(e.monthly, 0.0);
    assert_eq!(e.unpriced, 4);
}

#[test]
fn usage_past_a_tier_is_billed_at_each_tiers_rate() {
    let main = "resource \"aws_api_gateway_rest_api\" \"api\" {\n  name = \"a\"\n}\n";
    let usage = "version: 0.1\nresource_usage:\n  aws_api_gateway_rest_api.api:\n    monthly_requests: 400000000\n";
    let e = estimated(main, usage, Vec::new());
    let items = &e.resources[0].items;
    // 333M at $3.50 and 67M at $2.80.
    assert_eq!(items.len(), 2);
    assert!(near(items[0].monthly.unwrap(), 333.0 * 3.5));
    assert!(near(items[1].monthly.unwrap(), 67.0 * 2.8));
    assert!(
        items[1].component.contains("333 to 1k × 1M requests"),
        "{}",
        items[1].component
    );
}

#[test]
fn a_region_without_prices_or_in_another_currency_prices_nothing_and_says_why() {
    let main = "provider \"aws\" {\n  region = \"cn-north-1\"\n}\nresource \"aws_instance\" \"a\" {\n  instance_type = \"m5.large\"\n}\n";
    let e = estimated(main, "", Vec::new());
    let reason = e.resources[0].items[0].unpriced.as_deref().unwrap();
    assert!(reason.contains("CNY"), "{reason}");
    assert_eq!(e.monthly, 0.0);
}

#[test]
fn an_sqs_queue_says_why_it_is_not_estimated() {
    let e = estimated("resource \"aws_sqs_queue\" \"dlq\" {}\n", "", Vec::new());
    let notes = e.resources[0].notes.join(" ");
    assert!(notes.contains("no sourced SQS price"), "{notes}");
}

#[test]
fn a_documentdb_cluster_is_billed_per_instance_hour_with_storage_io_and_backups() {
    let main = r#"
resource "aws_docdb_cluster" "c" {
  backup_retention_period = 7
}
resource "aws_docdb_cluster_instance" "i" {
  count          = 2
  instance_class = "db.t3.medium"
}
resource "aws_docdb_cluster_parameter_group" "p" {}
"#;
    let usage = "version: 0.1\nresource_usage:\n  aws_docdb_cluster.c:\n    backup_storage_gb: 50\n  aws_docdb_cluster_instance.i[0]:\n    data_storage_gb: 200\n    monthly_io_requests: 30000000\n    monthly_cpu_credit_hrs: 10\n  aws_docdb_cluster_instance.i[1]:\n    data_storage_gb: 0\n    monthly_io_requests: 0\n    monthly_cpu_credit_hrs: 0\n";
    let e = estimated(main, usage, Vec::new());
    // By hand: two db.t3.medium at $0.078 for 730 h; 200 GB at $0.10; 30M I/Os at $0.20 per
    // million; 10 vCPU-hours of credits at $0.09; 50 GB of backups at $0.021.
    let hand = 2.0 * 730.0 * 0.078 + 200.0 * 0.10 + 30.0 * 0.20 + 10.0 * 0.09 + 50.0 * 0.021;
    assert!(near(e.monthly, hand), "{} != {hand}", e.monthly);
    assert_eq!(e.unpriced, 0);
    let parameter_group = e
        .resources
        .iter()
        .find(|r| r.address == "aws_docdb_cluster_parameter_group.p");
    assert_eq!(parameter_group.unwrap().status, Status::Free);
}

#[test]
fn an_unsourced_documentdb_class_and_one_day_of_backups_are_said_so_not_priced_at_zero() {
    let main = "resource \"aws_docdb_cluster\" \"c\" {}\nresource \"aws_docdb_cluster_instance\" \"i\" {\n  instance_class = \"db.r6g.large\"\n}\n";
    let e = estimated(main, "", Vec::new());
    let cluster = e
        .resources
        .iter()
        .find(|r| r.address == "aws_docdb_cluster.c")
        .unwrap();
    assert_eq!(
        cluster.status,
        Status::Free,
        "AWS's one-day default is included"
    );
    let instance = e
        .resources
        .iter()
        .find(|r| r.address == "aws_docdb_cluster_instance.i")
        .unwrap();
    let hours = &instance.items[0];
    assert_eq!(hours.monthly, None);
    assert!(
        hours
            .unpriced
            .as_deref()
            .unwrap()
            .contains("docdb.instance.db.r6g.large"),
        "{hours:?}"
    );
    assert_eq!(
        instance.items.len(),
        3,
        "no CPU credits on a non-burstable class"
    );
}

#[test]
fn glue_athena_and_msk_serverless_are_billed_from_their_usage() {
    let main = r#"
resource "aws_glue_crawler" "c" {}
resource "aws_glue_catalog_database" "d" {}
resource "aws_glue_security_configuration" "s" {}
resource "aws_athena_workgroup" "w" {}
resource "aws_msk_serverless_cluster" "m" {}
resource "aws_lakeformation_permissions" "p" {}
"#;
    let usage = "version: 0.1\nresource_usage:\n  aws_glue_crawler.c:\n    monthly_hours: 60\n  aws_glue_catalog_database.d:\n    monthly_objects: 300000\n    monthly_requests: 2000000\n  aws_athena_workgroup.w:\n    monthly_tb_scanned: 3\n  aws_msk_serverless_cluster.m:\n    partitions: 10\n    storage_gb: 20\n    monthly_data_in_gb: 100\n    monthly_data_out_gb: 200\n";
    let e = estimated(main, usage, Vec::new());
    let crawler = 60.0 * 0.44;
    let catalog = 3.0 * 1.0 + 2.0 * 1.0;
    let athena = 3.0 * 5.0;
    let msk = 730.0 * 0.75 + 10.0 * 730.0 * 0.0015 + 20.0 * 0.10 + 100.0 * 0.10 + 200.0 * 0.05;
    assert!(
        near(e.monthly, crawler + catalog + athena + msk),
        "{}",
        e.monthly
    );
    for free in [
        "aws_glue_security_configuration.s",
        "aws_lakeformation_permissions.p",
    ] {
        let r = e.resources.iter().find(|r| r.address == free).unwrap();
        assert_eq!(r.status, Status::Free, "{free}");
    }
}
