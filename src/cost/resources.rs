//! What each AWS resource type costs: its price components, the quantities they take from the
//! resource's attributes and from usage, and the types that cost nothing themselves.

use super::usage::{KeyKind, KeySpec, Usage};
use serde_json::Value;

/// Hours in a month, as AWS and Infracost bill them.
pub const HOURS_PER_MONTH: f64 = 730.0;

/// How a resource is priced.
#[derive(Debug, Clone, PartialEq)]
pub enum Rule {
    /// It has price components.
    Priced(Vec<Component>),
    /// It costs nothing itself (IAM, security groups, configuration of another resource).
    Free,
    /// AWS charges for it, but goldpath has no sourced price for any of it.
    Unpriced(String),
}

/// One thing a resource is billed for.
#[derive(Debug, Clone, PartialEq)]
pub struct Component {
    /// What is billed: `Cluster hours`, `Requests`.
    pub name: String,
    /// The price id in the table.
    pub price_id: String,
    /// How many units a month.
    pub quantity: Quantity,
}

/// A component's monthly quantity, in its price's unit.
#[derive(Debug, Clone, PartialEq)]
pub enum Quantity {
    /// Known from the resource.
    Fixed(f64),
    /// From usage; `None` when the usage file does not give the key.
    Usage {
        /// The usage key that gives it.
        key: &'static str,
        /// The quantity, when given.
        value: Option<f64>,
    },
}

const Q: KeyKind = KeyKind::Quantity;
const T: KeyKind = KeyKind::Text;

const S3_CLASS: &[KeySpec] = &[
    KeySpec {
        name: "storage_gb",
        kind: Q,
    },
    KeySpec {
        name: "monthly_tier_1_requests",
        kind: Q,
    },
    KeySpec {
        name: "monthly_tier_2_requests",
        kind: Q,
    },
    KeySpec {
        name: "monthly_retrieval_gb",
        kind: Q,
    },
    KeySpec {
        name: "monthly_monitoring_and_automation_objects",
        kind: Q,
    },
    KeySpec {
        name: "monthly_select_data_scanned_gb",
        kind: Q,
    },
    KeySpec {
        name: "monthly_select_data_returned_gb",
        kind: Q,
    },
];

/// The usage keys goldpath reads for `kind`; `None` for a type it does not price.
pub fn usage_keys(kind: &str) -> Option<&'static [KeySpec]> {
    Some(match kind {
        "aws_lambda_function" => &[
            KeySpec {
                name: "monthly_requests",
                kind: Q,
            },
            KeySpec {
                name: "request_duration_ms",
                kind: Q,
            },
        ],
        "aws_nat_gateway" => &[KeySpec {
            name: "monthly_data_processed_gb",
            kind: Q,
        }],
        "aws_vpc_endpoint" => &[KeySpec {
            name: "monthly_data_processed_gb",
            kind: Q,
        }],
        "aws_eks_node_group" => &[
            KeySpec {
                name: "instances",
                kind: Q,
            },
            KeySpec {
                name: "operating_system",
                kind: T,
            },
        ],
        "aws_kms_key" => &[KeySpec {
            name: "monthly_requests",
            kind: Q,
        }],
        "aws_wafv2_web_acl" => &[
            KeySpec {
                name: "rule_group_rules",
                kind: Q,
            },
            KeySpec {
                name: "managed_rule_group_rules",
                kind: Q,
            },
            KeySpec {
                name: "monthly_requests",
                kind: Q,
            },
        ],
        "aws_secretsmanager_secret" => &[KeySpec {
            name: "monthly_requests",
            kind: Q,
        }],
        "aws_api_gateway_rest_api" => &[KeySpec {
            name: "monthly_requests",
            kind: Q,
        }],
        "aws_apigatewayv2_api" => &[
            KeySpec {
                name: "monthly_requests",
                kind: Q,
            },
            KeySpec {
                name: "request_size_kb",
                kind: Q,
            },
            KeySpec {
                name: "monthly_messages",
                kind: Q,
            },
            KeySpec {
                name: "message_size_kb",
                kind: Q,
            },
            KeySpec {
                name: "monthly_connection_mins",
                kind: Q,
            },
        ],
        "aws_dynamodb_table" => &[
            KeySpec {
                name: "monthly_write_request_units",
                kind: Q,
            },
            KeySpec {
                name: "monthly_read_request_units",
                kind: Q,
            },
            KeySpec {
                name: "storage_gb",
                kind: Q,
            },
            KeySpec {
                name: "pitr_backup_storage_gb",
                kind: Q,
            },
            KeySpec {
                name: "on_demand_backup_storage_gb",
                kind: Q,
            },
            KeySpec {
                name: "monthly_data_restored_gb",
                kind: Q,
            },
            KeySpec {
                name: "monthly_streams_read_request_units",
                kind: Q,
            },
        ],
        "aws_s3_bucket" => &[
            KeySpec {
                name: "object_tags",
                kind: Q,
            },
            KeySpec {
                name: "standard",
                kind: KeyKind::Block(S3_CLASS),
            },
            KeySpec {
                name: "intelligent_tiering",
                kind: KeyKind::Block(S3_CLASS),
            },
            KeySpec {
                name: "standard_infrequent_access",
                kind: KeyKind::Block(S3_CLASS),
            },
            KeySpec {
                name: "one_zone_infrequent_access",
                kind: KeyKind::Block(S3_CLASS),
            },
            KeySpec {
                name: "glacier_flexible_retrieval",
                kind: KeyKind::Block(S3_CLASS),
            },
            KeySpec {
                name: "glacier_deep_archive",
                kind: KeyKind::Block(S3_CLASS),
            },
        ],
        "aws_cloudwatch_log_group" => &[
            KeySpec {
                name: "storage_gb",
                kind: Q,
            },
            KeySpec {
                name: "monthly_data_ingested_gb",
                kind: Q,
            },
            KeySpec {
                name: "monthly_data_scanned_gb",
                kind: Q,
            },
        ],
        "aws_emrserverless_application" => &[
            KeySpec {
                name: "monthly_vcpu_hours",
                kind: Q,
            },
            KeySpec {
                name: "monthly_memory_gb_hours",
                kind: Q,
            },
            KeySpec {
                name: "monthly_storage_gb_hours",
                kind: Q,
            },
        ],
        "aws_cognito_user_pool" => &[
            KeySpec {
                name: "monthly_active_users",
                kind: Q,
            },
            KeySpec {
                name: "monthly_federated_active_users",
                kind: Q,
            },
        ],
        "aws_appsync_graphql_api" => &[
            KeySpec {
                name: "monthly_requests",
                kind: Q,
            },
            KeySpec {
                name: "monthly_realtime_updates",
                kind: Q,
            },
            KeySpec {
                name: "monthly_connection_minutes",
                kind: Q,
            },
        ],
        "aws_amplify_app" => &[
            KeySpec {
                name: "monthly_build_minutes",
                kind: Q,
            },
            KeySpec {
                name: "storage_gb",
                kind: Q,
            },
            KeySpec {
                name: "monthly_data_served_gb",
                kind: Q,
            },
            KeySpec {
                name: "monthly_ssr_requests",
                kind: Q,
            },
        ],
        "aws_ecr_repository" => &[KeySpec {
            name: "storage_gb",
            kind: Q,
        }],
        "kubectl_manifest" => &[
            KeySpec {
                name: "instance_type",
                kind: T,
            },
            KeySpec {
                name: "monthly_instance_hours",
                kind: Q,
            },
        ],
        "aws_eks_cluster" | "aws_eip" | "aws_instance" | "aws_db_instance" => &[],
        _ => return super::analytics::usage_keys(kind),
    })
}

/// Resource types that cost nothing themselves: what they configure is billed elsewhere, or
/// not at all.
const FREE: &[&str] = &[
    "aws_api_gateway_deployment",
    "aws_api_gateway_method_settings",
    "aws_api_gateway_stage",
    "aws_apigatewayv2_authorizer",
    "aws_apigatewayv2_integration",
    "aws_apigatewayv2_route",
    "aws_apigatewayv2_stage",
    "aws_amplify_branch",
    "aws_appsync_datasource",
    "aws_appsync_resolver",
    "aws_cognito_user_pool_client",
    "aws_db_parameter_group",
    "aws_db_subnet_group",
    "aws_default_security_group",
    "aws_docdb_cluster_parameter_group",
    "aws_docdb_subnet_group",
    "aws_eks_addon",
    "aws_eks_access_entry",
    "aws_eks_access_policy_association",
    "aws_eks_pod_identity_association",
    "aws_flow_log",
    "aws_glue_security_configuration",
    "aws_kms_alias",
    "aws_lambda_alias",
    "aws_lambda_event_source_mapping",
    "aws_lambda_permission",
    "aws_route_table",
    "aws_route_table_association",
    "aws_s3_object",
    "aws_secretsmanager_secret_rotation",
    "aws_sqs_queue_policy",
    "aws_security_group",
    "aws_subnet",
    "aws_vpc",
    "aws_wafv2_web_acl_association",
    "aws_wafv2_web_acl_logging_configuration",
    "helm_release",
    "random_bytes",
    "random_password",
];

/// Whether `kind` costs nothing itself.
pub fn is_free(kind: &str) -> bool {
    FREE.contains(&kind)
        || [
            "aws_iam_",
            // AWS: "no additional charge for using features in Lake Formation".
            "aws_lakeformation_",
            "aws_s3_bucket_",
            "aws_vpc_security_group_",
            "kubernetes_",
        ]
        .iter()
        .any(|prefix| kind.starts_with(prefix))
}

/// How `kind` is priced, given its resolved `body` and its `usage`; `None` for a type goldpath
/// does not know.
pub fn rule(kind: &str, body: &Value, usage: &Usage) -> Option<Rule> {
    let u = |key: &'static str| Quantity::Usage {
        key,
        value: usage.get(key).and_then(|v| v.as_number()),
    };
    let scaled = |key: &'static str, factor: f64| Quantity::Usage {
        key,
        value: usage
            .get(key)
            .and_then(|v| v.as_number())
            .map(|n| n * factor),
    };
    let c = |name: &str, price_id: &str, quantity: Quantity| Component {
        name: name.to_string(),
        price_id: price_id.to_string(),
        quantity,
    };
    let hours = Quantity::Fixed(HOURS_PER_MONTH);
    let components = match kind {
        "aws_lambda_function" => lambda(body, usage),
        "aws_nat_gateway" => vec![
            c("NAT gateway hours", "vpc.nat_gateway", hours),
            c(
                "Data processed",
                "vpc.nat_gateway_data",
                u("monthly_data_processed_gb"),
            ),
        ],
        "aws_eip" => vec![c("Public IPv4 address hours", "vpc.public_ipv4", hours)],
        "aws_vpc_endpoint" => {
            let kind = text(body, &["vpc_endpoint_type"]).unwrap_or("Gateway");
            if kind != "Interface" {
                return Some(Rule::Free);
            }
            let enis = body
                .get("subnet_ids")
                .and_then(Value::as_array)
                .map_or(1, |s| s.len().max(1));
            vec![
                c(
                    &format!("Endpoint hours ({enis} AZ)"),
                    "vpc.interface_endpoint",
                    Quantity::Fixed(HOURS_PER_MONTH * enis as f64),
                ),
                c(
                    "Data processed",
                    "vpc.interface_endpoint_data",
                    u("monthly_data_processed_gb"),
                ),
            ]
        }
        "aws_eks_cluster" => {
            let extended = text(body, &["upgrade_policy", "support_type"]) == Some("EXTENDED");
            let id = if extended {
                "eks.cluster_extended"
            } else {
                "eks.cluster"
            };
            vec![c("EKS cluster hours", id, hours)]
        }
        "aws_eks_node_group" => node_group(body, usage),
        "aws_instance" => {
            let Some(kind) = text(body, &["instance_type"]) else {
                return Some(Rule::Unpriced(
                    "instance_type is not known before apply".into(),
                ));
            };
            let mut out = vec![c(
                &format!("Instance hours ({kind})"),
                &format!("{}{kind}", super::table::INSTANCE),
                hours,
            )];
            out.extend(volume(body, &["root_block_device"], 1.0));
            out
        }
        "aws_kms_key" => vec![
            c("Customer managed key", "kms.key", Quantity::Fixed(1.0)),
            c("Requests", "kms.requests", scaled("monthly_requests", 1e-4)),
        ],
        "aws_wafv2_web_acl" => {
            let rules = body
                .get("rule")
                .and_then(Value::as_array)
                .map_or(0, Vec::len);
            vec![
                c("Web ACL", "waf.web_acl", Quantity::Fixed(1.0)),
                c(
                    &format!("Rules ({rules})"),
                    "waf.rule",
                    Quantity::Fixed(rules as f64),
                ),
                c("Requests", "waf.requests", scaled("monthly_requests", 1e-6)),
            ]
        }
        "aws_secretsmanager_secret" => vec![
            c("Secret", "secretsmanager.secret", Quantity::Fixed(1.0)),
            c(
                "API requests",
                "secretsmanager.requests",
                scaled("monthly_requests", 1e-4),
            ),
        ],
        "aws_api_gateway_rest_api" => {
            vec![c(
                "Requests",
                "apigateway.rest_requests",
                scaled("monthly_requests", 1e-6),
            )]
        }
        "aws_apigatewayv2_api" => {
            if text(body, &["protocol_type"]) == Some("WEBSOCKET") {
                vec![
                    c(
                        "Messages",
                        "apigateway.websocket_messages",
                        scaled("monthly_messages", 1e-6),
                    ),
                    c(
                        "Connection minutes",
                        "apigateway.websocket_minutes",
                        scaled("monthly_connection_mins", 1e-6),
                    ),
                ]
            } else {
                let size = usage.get("request_size_kb").and_then(|v| v.as_number());
                let metered = size.map_or(1.0, |kb| (kb / 512.0).ceil().max(1.0));
                vec![c(
                    "Requests",
                    "apigateway.http_requests",
                    scaled("monthly_requests", 1e-6 * metered),
                )]
            }
        }
        "aws_dynamodb_table" => dynamodb(body, usage),
        "aws_s3_bucket" => s3(usage),
        "aws_cloudwatch_log_group" => vec![
            c(
                "Data ingested",
                "logs.ingestion",
                u("monthly_data_ingested_gb"),
            ),
            c("Archival storage", "logs.storage", u("storage_gb")),
            c(
                "Insights queries data scanned",
                "logs.insights_scanned",
                u("monthly_data_scanned_gb"),
            ),
        ],
        "aws_emrserverless_application" => {
            let arch = if text(body, &["architecture"]) == Some("ARM64") {
                "arm64"
            } else {
                "x86_64"
            };
            vec![
                c(
                    &format!("vCPU hours ({arch})"),
                    &format!("emr_serverless.vcpu_{arch}"),
                    u("monthly_vcpu_hours"),
                ),
                c(
                    &format!("Memory GB-hours ({arch})"),
                    &format!("emr_serverless.memory_{arch}"),
                    u("monthly_memory_gb_hours"),
                ),
                c(
                    "Storage GB-hours",
                    "emr_serverless.storage",
                    u("monthly_storage_gb_hours"),
                ),
            ]
        }
        "aws_cognito_user_pool" => {
            let plan = text(body, &["user_pool_tier"]).unwrap_or("ESSENTIALS");
            let id = match plan {
                "LITE" => "cognito.mau_lite",
                "PLUS" => "cognito.mau_plus",
                _ => "cognito.mau_essentials",
            };
            vec![
                c(
                    &format!("Monthly active users ({} plan)", plan.to_lowercase()),
                    id,
                    u("monthly_active_users"),
                ),
                c(
                    "Federated monthly active users",
                    "cognito.mau_federated",
                    u("monthly_federated_active_users"),
                ),
            ]
        }
        "aws_appsync_graphql_api" => vec![
            c(
                "Query and mutation operations",
                "appsync.operations",
                scaled("monthly_requests", 1e-6),
            ),
            c(
                "Real-time updates",
                "appsync.realtime_updates",
                scaled("monthly_realtime_updates", 1e-6),
            ),
            c(
                "Real-time connection minutes",
                "appsync.connection_minutes",
                scaled("monthly_connection_minutes", 1e-6),
            ),
        ],
        "aws_amplify_app" => vec![
            c(
                "Build minutes",
                "amplify.build_minutes",
                u("monthly_build_minutes"),
            ),
            c("Hosting storage", "amplify.storage", u("storage_gb")),
            c(
                "Data served",
                "amplify.data_served",
                u("monthly_data_served_gb"),
            ),
            c(
                "SSR requests",
                "amplify.ssr_requests",
                scaled("monthly_ssr_requests", 1e-6),
            ),
        ],
        "aws_ecr_repository" => vec![c("Storage", "ecr.storage", u("storage_gb"))],
        "aws_db_instance" => {
            let class = text(body, &["instance_class"]).unwrap_or("the instance class");
            vec![
                c(
                    &format!("Database instance hours ({class})"),
                    &format!("rds.instance.{class}"),
                    hours,
                ),
                c(
                    "Storage",
                    "rds.storage",
                    Quantity::Fixed(number(body, &["allocated_storage"]).unwrap_or(20.0)),
                ),
            ]
        }
        "kubectl_manifest" => {
            let manifest = body
                .get("yaml_body")
                .map(Value::to_string)
                .unwrap_or_default();
            let kind = usage
                .get("instance_type")
                .and_then(|v| v.as_text())
                .map(|t| t.into_owned());
            let hours = usage
                .get("monthly_instance_hours")
                .and_then(|v| v.as_number());
            match kind {
                Some(kind) => vec![c(
                    &format!("Karpenter node hours ({kind})"),
                    &format!("{}{kind}", super::table::INSTANCE),
                    u("monthly_instance_hours"),
                )],
                None if hours.is_some() || manifest.contains("NodePool") => {
                    return Some(Rule::Unpriced(
                        "the nodes a Karpenter NodePool launches are priced from usage: set `instance_type` and `monthly_instance_hours`".into(),
                    ));
                }
                None => return Some(Rule::Free),
            }
        }
        "aws_sqs_queue" => {
            return Some(Rule::Unpriced(
                "SQS bills requests, and the shipped table has no sourced SQS price yet".into(),
            ));
        }
        _ if is_free(kind) => return Some(Rule::Free),
        _ => return super::analytics::rule(kind, body, usage),
    };
    Some(Rule::Priced(components))
}

fn lambda(body: &Value, usage: &Usage) -> Vec<Component> {
    let memory_gb = number(body, &["memory_size"]).unwrap_or(128.0) / 1024.0;
    let arm = body
        .get("architectures")
        .and_then(Value::as_array)
        .is_some_and(|a| a.iter().any(|v| v.as_str() == Some("arm64")));
    let arch = if arm { "arm64" } else { "x86_64" };
    let requests = usage.get("monthly_requests").and_then(|v| v.as_number());
    let duration = usage.get("request_duration_ms").and_then(|v| v.as_number());
    let gb_seconds = requests
        .zip(duration)
        .map(|(r, d)| r * memory_gb * d.ceil() / 1000.0);
    let storage_gb = number(body, &["ephemeral_storage", "size"]).unwrap_or(512.0) / 1024.0;
    let mut out = vec![
        Component {
            name: "Requests".into(),
            price_id: "lambda.requests".into(),
            quantity: Quantity::Usage {
                key: "monthly_requests",
                value: requests.map(|r| r / 1e6),
            },
        },
        Component {
            name: format!("Duration ({arch}, {} MB)", (memory_gb * 1024.0).round()),
            price_id: format!("lambda.duration_{arch}"),
            quantity: Quantity::Usage {
                key: "request_duration_ms",
                value: gb_seconds,
            },
        },
    ];
    if storage_gb > 0.5 {
        out.push(Component {
            name: "Ephemeral storage above 512 MB".into(),
            price_id: "lambda.ephemeral_storage".into(),
            quantity: Quantity::Usage {
                key: "request_duration_ms",
                value: gb_seconds.map(|s| s / memory_gb * (storage_gb - 0.5)),
            },
        });
    }
    out
}

fn node_group(body: &Value, usage: &Usage) -> Vec<Component> {
    let kind = body
        .get("instance_types")
        .and_then(Value::as_array)
        .and_then(|t| t.first())
        .and_then(Value::as_str)
        .unwrap_or("t3.medium");
    let desired = number(body, &["scaling_config", "desired_size"]).unwrap_or(1.0);
    let instances = usage
        .get("instances")
        .and_then(|v| v.as_number())
        .unwrap_or(desired);
    let mut out = vec![Component {
        name: format!("Instance hours ({} × {kind})", instances),
        price_id: format!("{}{kind}", super::table::INSTANCE),
        quantity: Quantity::Fixed(HOURS_PER_MONTH * instances),
    }];
    let disk = number(body, &["disk_size"]).unwrap_or(20.0);
    let class = text(body, &["disk_type"]).unwrap_or("gp3");
    out.push(Component {
        name: format!("Storage ({class}, {disk} GB × {instances})"),
        price_id: format!("ebs.{class}_storage"),
        quantity: Quantity::Fixed(disk * instances),
    });
    out
}

fn volume(body: &Value, path: &[&str], count: f64) -> Vec<Component> {
    let mut at: Vec<&str> = path.to_vec();
    at.push("volume_size");
    let size = number(body, &at).unwrap_or(8.0);
    at.pop();
    at.push("volume_type");
    let class = text(body, &at).unwrap_or("gp3");
    vec![Component {
        name: format!("Storage ({class}, {size} GB)"),
        price_id: format!("ebs.{class}_storage"),
        quantity: Quantity::Fixed(size * count),
    }]
}

fn dynamodb(body: &Value, usage: &Usage) -> Vec<Component> {
    let u = |key: &'static str, factor: f64| Quantity::Usage {
        key,
        value: usage
            .get(key)
            .and_then(|v| v.as_number())
            .map(|n| n * factor),
    };
    let c = |name: &str, price_id: &str, quantity| Component {
        name: name.into(),
        price_id: price_id.into(),
        quantity,
    };
    let mut out = if text(body, &["billing_mode"]) == Some("PROVISIONED") {
        vec![
            c(
                "Write capacity units",
                "dynamodb.provisioned_wcu",
                Quantity::Fixed(number(body, &["write_capacity"]).unwrap_or(0.0)),
            ),
            c(
                "Read capacity units",
                "dynamodb.provisioned_rcu",
                Quantity::Fixed(number(body, &["read_capacity"]).unwrap_or(0.0)),
            ),
        ]
    } else {
        vec![
            c(
                "Write request units",
                "dynamodb.write_request_units",
                u("monthly_write_request_units", 1e-6),
            ),
            c(
                "Read request units",
                "dynamodb.read_request_units",
                u("monthly_read_request_units", 1e-6),
            ),
        ]
    };
    out.push(c("Data storage", "dynamodb.storage", u("storage_gb", 1.0)));
    if body
        .get("point_in_time_recovery")
        .and_then(Value::as_array)
        .and_then(|b| b.first())
        .and_then(|b| b.get("enabled"))
        == Some(&Value::Bool(true))
    {
        out.push(c(
            "Point-in-time recovery storage",
            "dynamodb.pitr_storage",
            u("pitr_backup_storage_gb", 1.0),
        ));
    }
    if body.get("stream_enabled") == Some(&Value::Bool(true)) {
        out.push(c(
            "Streams read request units",
            "dynamodb.streams_read_request_units",
            u("monthly_streams_read_request_units", 1.0),
        ));
    }
    out
}

fn s3(usage: &Usage) -> Vec<Component> {
    let classes: [(&'static str, &str, &str, &str); 4] = [
        (
            "standard",
            "Standard",
            "s3.standard_storage",
            "s3.standard_tier1_requests",
        ),
        (
            "standard_infrequent_access",
            "Standard-IA",
            "s3.standard_ia_storage",
            "s3.standard_ia_tier1_requests",
        ),
        (
            "intelligent_tiering",
            "Intelligent-Tiering",
            "s3.intelligent_tiering_frequent_storage",
            "s3.standard_tier1_requests",
        ),
        (
            "glacier_deep_archive",
            "Glacier Deep Archive",
            "s3.glacier_deep_archive_storage",
            "",
        ),
    ];
    let mut out = Vec::new();
    for (class, label, storage, writes) in classes {
        let block = usage.get(class).and_then(|v| v.as_block());
        if block.is_none() && class != "standard" {
            continue;
        }
        let get = |key| block.and_then(|b| b.get(key)).and_then(|v| v.as_number());
        out.push(Component {
            name: format!("{label} storage"),
            price_id: storage.into(),
            quantity: Quantity::Usage {
                key: "storage_gb",
                value: get("storage_gb"),
            },
        });
        if !writes.is_empty() {
            out.push(Component {
                name: format!("{label} PUT, COPY, POST, LIST requests"),
                price_id: writes.into(),
                quantity: Quantity::Usage {
                    key: "monthly_tier_1_requests",
                    value: get("monthly_tier_1_requests").map(|n| n / 1000.0),
                },
            });
        }
        if class == "standard" {
            out.push(Component {
                name: "Standard GET, SELECT and other requests".into(),
                price_id: "s3.standard_tier2_requests".into(),
                quantity: Quantity::Usage {
                    key: "monthly_tier_2_requests",
                    value: get("monthly_tier_2_requests").map(|n| n / 1000.0),
                },
            });
        }
    }
    out
}

/// The value at `path`, looking through nested blocks (lists of one body) on the way.
fn at<'v>(body: &'v Value, path: &[&str]) -> Option<&'v Value> {
    let mut v = body;
    for key in path {
        if let Value::Array(items) = v {
            v = items.first()?;
        }
        v = v.get(key)?;
    }
    match v {
        Value::Array(items) if items.len() == 1 && items[0].is_object() => items.first(),
        other => Some(other),
    }
}

fn number(body: &Value, path: &[&str]) -> Option<f64> {
    at(body, path)?.as_f64()
}

fn text<'v>(body: &'v Value, path: &[&str]) -> Option<&'v str> {
    at(body, path)?.as_str().filter(|s| !s.contains("${"))
}
