//! What DocumentDB, AWS Glue, Athena and MSK Serverless cost: their usage keys and price
//! components. DocumentDB and Glue take Infracost's usage keys (so a team's
//! `infracost-usage.yml` works); Athena and MSK Serverless, which Infracost does not price,
//! take goldpath's own.

use super::resources::{Component, HOURS_PER_MONTH, Quantity, Rule};
use super::usage::{KeyKind, KeySpec, Usage};
use serde_json::Value;

const fn quantity(name: &'static str) -> KeySpec {
    KeySpec {
        name,
        kind: KeyKind::Quantity,
    }
}

/// The usage keys of the types this module prices; `None` for any other type.
pub fn usage_keys(kind: &str) -> Option<&'static [KeySpec]> {
    const DOCDB_INSTANCE: &[KeySpec] = &[
        quantity("data_storage_gb"),
        quantity("monthly_io_requests"),
        quantity("monthly_cpu_credit_hrs"),
    ];
    const DOCDB_CLUSTER: &[KeySpec] = &[quantity("backup_storage_gb")];
    const GLUE_CRAWLER: &[KeySpec] = &[quantity("monthly_hours")];
    const GLUE_DATABASE: &[KeySpec] = &[quantity("monthly_objects"), quantity("monthly_requests")];
    const ATHENA: &[KeySpec] = &[quantity("monthly_tb_scanned")];
    const MSK_SERVERLESS: &[KeySpec] = &[
        quantity("partitions"),
        quantity("storage_gb"),
        quantity("monthly_data_in_gb"),
        quantity("monthly_data_out_gb"),
    ];
    Some(match kind {
        "aws_docdb_cluster_instance" => DOCDB_INSTANCE,
        "aws_docdb_cluster" => DOCDB_CLUSTER,
        "aws_glue_crawler" => GLUE_CRAWLER,
        "aws_glue_catalog_database" => GLUE_DATABASE,
        "aws_athena_workgroup" => ATHENA,
        "aws_msk_serverless_cluster" => MSK_SERVERLESS,
        _ => return None,
    })
}

/// How `kind` is priced, for the types this module knows; `None` for any other type.
pub fn rule(kind: &str, body: &Value, usage: &Usage) -> Option<Rule> {
    let value = |key: &str| usage.get(key).and_then(|v| v.as_number());
    let u = |key: &'static str| Quantity::Usage {
        key,
        value: value(key),
    };
    let scaled = |key: &'static str, factor: f64| Quantity::Usage {
        key,
        value: value(key).map(|n| n * factor),
    };
    let c = |name: &str, price_id: &str, quantity: Quantity| Component {
        name: name.to_string(),
        price_id: price_id.to_string(),
        quantity,
    };
    let components = match kind {
        "aws_docdb_cluster_instance" => {
            let Some(class) = body.get("instance_class").and_then(Value::as_str) else {
                return Some(Rule::Unpriced(
                    "instance_class is not known before apply".into(),
                ));
            };
            let mut out = vec![
                c(
                    &format!("Instance hours ({class})"),
                    &format!("docdb.instance.{class}"),
                    Quantity::Fixed(HOURS_PER_MONTH),
                ),
                // As Infracost models it: the cluster's storage and I/O on its instances, so a
                // usage file gives them for one instance of the cluster.
                c("Storage", "docdb.storage", u("data_storage_gb")),
                c(
                    "I/O requests",
                    "docdb.io_requests",
                    scaled("monthly_io_requests", 1e-6),
                ),
            ];
            if class.starts_with("db.t3.") || class.starts_with("db.t4g.") {
                out.push(c(
                    "CPU credits",
                    "docdb.cpu_credits",
                    u("monthly_cpu_credit_hrs"),
                ));
            }
            out
        }
        "aws_docdb_cluster" => {
            // AWS keeps one day by default, and one day of backups is included in the
            // cluster's storage; a retention not known before apply may be longer.
            let retention = body
                .get("backup_retention_period")
                .map_or(Some(1.0), Value::as_f64);
            if retention.is_some_and(|days| days <= 1.0) {
                return Some(Rule::Free);
            }
            vec![c(
                "Backup storage beyond the cluster's size",
                "docdb.backup_storage",
                u("backup_storage_gb"),
            )]
        }
        "aws_glue_crawler" => vec![c("Crawler DPU-hours", "glue.crawler", u("monthly_hours"))],
        "aws_glue_catalog_database" => vec![
            c(
                "Objects stored above the free million",
                "glue.catalog_storage",
                scaled("monthly_objects", 1e-5),
            ),
            c(
                "Requests above the free million",
                "glue.catalog_requests",
                scaled("monthly_requests", 1e-6),
            ),
        ],
        "aws_athena_workgroup" => vec![c(
            "Data scanned by queries",
            "athena.data_scanned",
            u("monthly_tb_scanned"),
        )],
        "aws_msk_serverless_cluster" => vec![
            c(
                "Cluster hours",
                "msk_serverless.cluster",
                Quantity::Fixed(HOURS_PER_MONTH),
            ),
            c(
                "Partition hours",
                "msk_serverless.partition",
                scaled("partitions", HOURS_PER_MONTH),
            ),
            c("Storage", "msk_serverless.storage", u("storage_gb")),
            c("Data in", "msk_serverless.data_in", u("monthly_data_in_gb")),
            c(
                "Data out",
                "msk_serverless.data_out",
                u("monthly_data_out_gb"),
            ),
        ],
        _ => return None,
    };
    Some(Rule::Priced(components))
}
