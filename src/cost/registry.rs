//! The resources the widely used terraform-aws-modules modules create, from their inputs, so
//! that a module calling them is priced without downloading them. Only what is billed is
//! modelled; the rest of what they create (IAM, security groups, routes) costs nothing.

use super::modules::{ASSUMED_ZONES, Instance};
use serde_json::{Value, json};

/// The billed resources the registry module at `source` creates with the call's resolved
/// `body`, under `prefix` (`module.eks.`); `None` for a module goldpath does not know.
pub fn expand(source: &str, body: &Value, prefix: &str) -> Option<Vec<Instance>> {
    let source = source.trim_start_matches("registry.terraform.io/");
    Some(match source {
        "terraform-aws-modules/eks/aws" => eks(body, prefix),
        "terraform-aws-modules/vpc/aws" => vpc(body, prefix),
        "terraform-aws-modules/eks/aws//modules/karpenter" => karpenter(body, prefix),
        _ => return None,
    })
}

fn instance(prefix: &str, address: &str, kind: &str, body: Value) -> Instance {
    Instance {
        address: format!("{prefix}{address}"),
        kind: kind.to_string(),
        body,
        notes: Vec::new(),
        not_estimated: None,
    }
}

fn flag(body: &Value, key: &str, default: bool) -> bool {
    body.get(key).and_then(Value::as_bool).unwrap_or(default)
}

fn eks(body: &Value, prefix: &str) -> Vec<Instance> {
    let mut out = vec![instance(
        prefix,
        "aws_eks_cluster.this[0]",
        "aws_eks_cluster",
        json!({
            "version": body.get("kubernetes_version"),
            "upgrade_policy": body.get("upgrade_policy"),
        }),
    )];
    if flag(body, "create_kms_key", true) && body.get("encryption_config") != Some(&Value::Null) {
        out.push(instance(
            prefix,
            "module.kms.aws_kms_key.this[0]",
            "aws_kms_key",
            json!({}),
        ));
    }
    if flag(body, "create_cloudwatch_log_group", true) {
        out.push(instance(
            prefix,
            "aws_cloudwatch_log_group.this[0]",
            "aws_cloudwatch_log_group",
            json!({}),
        ));
    }
    for (name, group) in body
        .get("eks_managed_node_groups")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        let device = group
            .pointer("/block_device_mappings")
            .and_then(Value::as_object)
            .and_then(|m| m.values().next())
            .and_then(|d| d.get("ebs"));
        let mut created = instance(
            prefix,
            &format!("module.eks_managed_node_group[\"{name}\"].aws_eks_node_group.this[0]"),
            "aws_eks_node_group",
            json!({
                "instance_types": group.get("instance_types").cloned().unwrap_or(json!(["t3.medium"])),
                "scaling_config": {"desired_size": group.get("desired_size").cloned().unwrap_or(json!(1))},
                "disk_size": device.and_then(|d| d.get("volume_size")).or(group.get("disk_size")).cloned().unwrap_or(json!(20)),
                "disk_type": device.and_then(|d| d.get("volume_type")).cloned().unwrap_or(json!("gp3")),
            }),
        );
        if group.get("instance_types").is_none() {
            created
                .notes
                .push("instance_types not set: EKS's default t3.medium".into());
        }
        out.push(created);
    }
    out
}

fn vpc(body: &Value, prefix: &str) -> Vec<Instance> {
    let count = |key: &str| body.get(key).and_then(Value::as_array).map(Vec::len);
    let mut out = Vec::new();
    if flag(body, "enable_nat_gateway", false) {
        let zones = count("azs").unwrap_or(ASSUMED_ZONES);
        let gateways = if flag(body, "single_nat_gateway", false) {
            1
        } else if flag(body, "one_nat_gateway_per_az", false) {
            zones
        } else {
            count("private_subnets").unwrap_or(zones).max(1)
        };
        for i in 0..gateways {
            out.push(instance(
                prefix,
                &format!("aws_nat_gateway.this[{i}]"),
                "aws_nat_gateway",
                json!({}),
            ));
            if !flag(body, "reuse_nat_ips", false) {
                out.push(instance(
                    prefix,
                    &format!("aws_eip.nat[{i}]"),
                    "aws_eip",
                    json!({}),
                ));
            }
        }
    }
    if flag(body, "enable_flow_log", false)
        && flag(body, "create_flow_log_cloudwatch_log_group", false)
    {
        out.push(instance(
            prefix,
            "aws_cloudwatch_log_group.flow_log[0]",
            "aws_cloudwatch_log_group",
            json!({}),
        ));
    }
    out
}

fn karpenter(body: &Value, prefix: &str) -> Vec<Instance> {
    let mut out = Vec::new();
    if flag(body, "enable_spot_termination", true) {
        let mut queue = instance(prefix, "aws_sqs_queue.this[0]", "aws_sqs_queue", json!({}));
        queue.not_estimated =
            Some("no sourced SQS price; the interruption queue is billed per request".into());
        out.push(queue);
    }
    out
}
