//! Built-in checks, in Rust: the rules that must hold whatever policy files a team ships.
//!
//! They read the conftest-shaped input document, so they see exactly what Rego policies see.

use super::finding::{Finding, Severity};
use regex::Regex;
use serde_json::Value;
use std::sync::LazyLock;

/// A built-in check's identity and advice.
struct Rule {
    id: &'static str,
    severity: Severity,
    remediation: &'static str,
}

const UNPINNED_MODULE: Rule = Rule {
    id: "GP-MOD-001",
    severity: Severity::Deny,
    remediation: "pin the module: a registry module needs `version = \"x.y.z\"` (or `~> x.y`), a git source needs `?ref=<tag or commit>`",
};
const UNPINNED_PROVIDER: Rule = Rule {
    id: "GP-PROV-001",
    severity: Severity::Deny,
    remediation: "declare the provider in terraform { required_providers { NAME = { source = \"…\", version = \"~> x.y\" } } }",
};
const HARDCODED_SECRET: Rule = Rule {
    id: "GP-SEC-001",
    severity: Severity::Deny,
    remediation: "never write secrets into Terraform: read them from AWS Secrets Manager or SSM Parameter Store (data sources or ephemeral resources), or pass them as sensitive variables from the pipeline",
};
const MISSING_TAGS: Rule = Rule {
    id: "GP-TAG-001",
    severity: Severity::Warn,
    remediation: "set tags (team, env, cost-center, owner) on the resource, e.g. `tags = local.tags`, so FinOps can attribute its cost",
};
const OPEN_INGRESS: Rule = Rule {
    id: "GP-NET-001",
    severity: Severity::Deny,
    remediation: "allow ingress only from known CIDRs or security groups; put public endpoints behind a load balancer or CloudFront with WAF",
};
const PUBLIC_S3: Rule = Rule {
    id: "GP-S3-001",
    severity: Severity::Deny,
    remediation: "keep all four public access block settings true and use no public ACLs; share data through CloudFront or presigned URLs",
};
const UNENCRYPTED: Rule = Rule {
    id: "GP-ENC-001",
    severity: Severity::Deny,
    remediation: "enable encryption at rest, with a customer-managed KMS key where the service supports one",
};

/// Runs every built-in check over the input document. Locations are added by the caller.
pub fn check(doc: &Value) -> Vec<Finding> {
    let mut out = Vec::new();
    modules(doc, &mut out);
    providers(doc, &mut out);
    secrets(doc, &mut out);
    for (kind, name, body) in resources(doc) {
        let address = format!("{kind}.{name}");
        tags(kind, &address, body, &mut out);
        ingress(kind, &address, body, &mut out);
        public_s3(kind, &address, body, &mut out);
        encryption(kind, &address, body, &mut out);
    }
    out
}

fn finding(rule: &Rule, address: &str, message: String) -> Finding {
    let mut f = Finding::new(rule.id, rule.severity, message);
    f.resource = Some(address.to_string());
    f.remediation = Some(rule.remediation.to_string());
    f
}

/// Every `resource.<type>.<name>` body.
fn resources(doc: &Value) -> Vec<(&str, &str, &Value)> {
    labelled(doc, "resource")
}

fn labelled<'a>(doc: &'a Value, block: &str) -> Vec<(&'a str, &'a str, &'a Value)> {
    let mut out = Vec::new();
    for (kind, named) in doc
        .get(block)
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        for (name, bodies) in named.as_object().into_iter().flatten() {
            for body in bodies.as_array().into_iter().flatten() {
                out.push((kind.as_str(), name.as_str(), body));
            }
        }
    }
    out
}

fn is_expression(v: &Value) -> bool {
    v.as_str().is_some_and(|s| s.contains("${"))
}

fn modules(doc: &Value, out: &mut Vec<Finding>) {
    for (name, bodies) in doc
        .get("module")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        for body in bodies.as_array().into_iter().flatten() {
            let address = format!("module.{name}");
            let Some(source) = body.get("source").and_then(Value::as_str) else {
                continue;
            };
            let local = source.starts_with("./") || source.starts_with("../");
            let remote =
                source.contains("://") || source.starts_with("git@") || source.starts_with("git::");
            let registry = !local && !remote && source.split('/').count() >= 3;
            let unpinned = if remote {
                !source.contains("?ref=") && !source.contains("&ref=")
            } else {
                registry && body.get("version").is_none_or(|v| !is_pinned_constraint(v))
            };
            if unpinned {
                out.push(finding(
                    &UNPINNED_MODULE,
                    &address,
                    format!("{address} uses `{source}` without a pinned version"),
                ));
            }
        }
    }
}

/// `= 1.2.3`, `1.2.3` and `~> 1.2` pin; `>= 1.0` alone does not.
fn is_pinned_constraint(v: &Value) -> bool {
    let Some(c) = v.as_str() else { return false };
    c.split(',').any(|part| {
        let part = part.trim();
        part.starts_with("~>")
            || part.starts_with('<')
            || part
                .trim_start_matches('=')
                .trim()
                .chars()
                .next()
                .is_some_and(|ch| ch.is_ascii_digit())
    })
}

fn providers(doc: &Value, out: &mut Vec<Finding>) {
    for terraform in doc
        .get("terraform")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        for required in terraform
            .get("required_providers")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            for (name, spec) in required.as_object().into_iter().flatten() {
                let version = match spec {
                    Value::Object(o) => o.get("version"),
                    Value::String(_) => Some(spec),
                    _ => None,
                };
                if version.is_none_or(|v| !is_pinned_constraint(v)) {
                    let address = format!("terraform.required_providers.{name}");
                    out.push(finding(
                        &UNPINNED_PROVIDER,
                        &address,
                        format!("provider `{name}` has no bounded version constraint"),
                    ));
                }
            }
        }
    }
}

static SECRET_KEY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(^|_)(password|passwd|secret|secret_key|token|api_key|access_key|private_key|client_secret)$").expect("valid regex")
});
static SECRET_VALUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(AKIA|ASIA)[0-9A-Z]{16}|-----BEGIN [A-Z ]*PRIVATE KEY-----|gh[pousr]_[A-Za-z0-9]{36}|xox[abprs]-[A-Za-z0-9-]{10,}")
        .expect("valid regex")
});

fn secrets(doc: &Value, out: &mut Vec<Finding>) {
    for block in [
        "resource", "data", "module", "provider", "locals", "variable",
    ] {
        let Some(v) = doc.get(block) else { continue };
        walk_strings(v, &mut Vec::new(), &mut |path, key, value| {
            let literal = !value.contains("${") && !value.trim().is_empty();
            let by_name = literal
                && key.is_some_and(|k| SECRET_KEY.is_match(k))
                && looks_like_credential(value)
                && !looks_like_reference(value);
            if by_name || SECRET_VALUE.is_match(value) {
                let address = address_of(block, path);
                out.push(finding(
                    &HARDCODED_SECRET,
                    &address,
                    format!(
                        "{address} holds what looks like a hard-coded secret in `{}`",
                        key.unwrap_or("a value")
                    ),
                ));
            }
        });
    }
}

/// Settings such as `access_token = "minutes"` (token validity units) are words, not secrets: a
/// credential has at least eight characters and something besides lowercase letters.
fn looks_like_credential(value: &str) -> bool {
    value.chars().count() >= 8
        && value
            .chars()
            .any(|c| !(c.is_ascii_lowercase() || c == '-' || c == '_' || c == ' '))
}

/// ARNs, paths and names of secrets are references to secrets, not secrets.
fn looks_like_reference(value: &str) -> bool {
    value.starts_with("arn:") || value.starts_with('/') || value.starts_with("{{resolve:")
}

/// Called with the path to a string, its key (or its list's key) and the string.
type StringVisitor<'v, 'a> = dyn FnMut(&[&'a str], Option<&'a str>, &'a str) + 'v;

fn walk_strings<'a>(v: &'a Value, path: &mut Vec<&'a str>, visit: &mut StringVisitor<'_, 'a>) {
    match v {
        Value::Object(map) => {
            for (k, child) in map {
                path.push(k);
                if let Value::String(s) = child {
                    visit(path, Some(k), s);
                } else {
                    walk_strings(child, path, visit);
                }
                path.pop();
            }
        }
        Value::Array(items) => {
            for item in items {
                if let Value::String(s) = item {
                    visit(path, path.last().copied(), s);
                } else {
                    walk_strings(item, path, visit);
                }
            }
        }
        _ => {}
    }
}

fn address_of(block: &str, path: &[&str]) -> String {
    match block {
        "resource" => path.iter().take(2).copied().collect::<Vec<_>>().join("."),
        "locals" => "locals".into(),
        _ => std::iter::once(block)
            .chain(
                path.iter()
                    .take(if block == "data" { 2 } else { 1 })
                    .copied(),
            )
            .collect::<Vec<_>>()
            .join("."),
    }
}

/// AWS resource types that carry tags and are worth attributing.
const TAGGABLE: &[&str] = &[
    "aws_s3_bucket",
    "aws_kms_key",
    "aws_lambda_function",
    "aws_dynamodb_table",
    "aws_cloudwatch_log_group",
    "aws_eks_cluster",
    "aws_emrserverless_application",
    "aws_cognito_user_pool",
    "aws_appsync_graphql_api",
    "aws_amplify_app",
    "aws_sqs_queue",
    "aws_sns_topic",
    "aws_security_group",
    "aws_vpc",
    "aws_subnet",
    "aws_instance",
    "aws_db_instance",
    "aws_rds_cluster",
    "aws_ecr_repository",
    "aws_iam_role",
    "aws_wafv2_web_acl",
    "aws_apigatewayv2_api",
    "aws_efs_file_system",
    "aws_ebs_volume",
];

fn tags(kind: &str, address: &str, body: &Value, out: &mut Vec<Finding>) {
    if TAGGABLE.contains(&kind) && body.get("tags").is_none() {
        out.push(finding(
            &MISSING_TAGS,
            address,
            format!("{address} has no tags"),
        ));
    }
}

fn is_open(v: Option<&Value>) -> bool {
    let open = |s: &str| s == "0.0.0.0/0" || s == "::/0";
    match v {
        Some(Value::String(s)) => open(s),
        Some(Value::Array(items)) => items.iter().any(|i| i.as_str().is_some_and(open)),
        _ => false,
    }
}

fn ingress(kind: &str, address: &str, body: &Value, out: &mut Vec<Finding>) {
    let open = match kind {
        "aws_vpc_security_group_ingress_rule" => {
            is_open(body.get("cidr_ipv4")) || is_open(body.get("cidr_ipv6"))
        }
        "aws_security_group_rule" => {
            body.get("type").and_then(Value::as_str) == Some("ingress")
                && (is_open(body.get("cidr_blocks")) || is_open(body.get("ipv6_cidr_blocks")))
        }
        "aws_security_group" => body
            .get("ingress")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .any(|rule| is_open(rule.get("cidr_blocks")) || is_open(rule.get("ipv6_cidr_blocks"))),
        _ => false,
    };
    if open {
        out.push(finding(
            &OPEN_INGRESS,
            address,
            format!("{address} allows ingress from anywhere (0.0.0.0/0 or ::/0)"),
        ));
    }
}

fn public_s3(kind: &str, address: &str, body: &Value, out: &mut Vec<Finding>) {
    const PUBLIC_ACLS: [&str; 3] = ["public-read", "public-read-write", "authenticated-read"];
    let problem = match kind {
        "aws_s3_bucket_public_access_block" | "aws_s3_account_public_access_block" => {
            let off: Vec<&str> = [
                "block_public_acls",
                "block_public_policy",
                "ignore_public_acls",
                "restrict_public_buckets",
            ]
            .into_iter()
            .filter(|k| {
                body.get(*k) != Some(&Value::Bool(true)) && !body.get(*k).is_some_and(is_expression)
            })
            .collect();
            (!off.is_empty()).then(|| format!("{address} does not set {} to true", off.join(", ")))
        }
        "aws_s3_bucket_acl" | "aws_s3_bucket" => body
            .get("acl")
            .and_then(Value::as_str)
            .filter(|acl| PUBLIC_ACLS.contains(acl))
            .map(|acl| format!("{address} grants the public ACL `{acl}`")),
        _ => None,
    };
    if let Some(message) = problem {
        out.push(finding(&PUBLIC_S3, address, message));
    }
}

fn encryption(kind: &str, address: &str, body: &Value, out: &mut Vec<Finding>) {
    let flag_off = |key: &str| {
        body.get(key) != Some(&Value::Bool(true)) && !body.get(key).is_some_and(is_expression)
    };
    let problem = match kind {
        "aws_ebs_volume" | "aws_efs_file_system" if flag_off("encrypted") => {
            Some("`encrypted` is not true")
        }
        "aws_db_instance" | "aws_rds_cluster" if flag_off("storage_encrypted") => {
            Some("`storage_encrypted` is not true")
        }
        "aws_dynamodb_table" => body
            .get("server_side_encryption")
            .and_then(Value::as_array)
            .and_then(|b| b.first())
            .filter(|sse| sse.get("enabled") == Some(&Value::Bool(false)))
            .map(|_| "server-side encryption with a KMS key is disabled"),
        "aws_sqs_queue"
            if body.get("kms_master_key_id").is_none()
                && body.get("sqs_managed_sse_enabled") == Some(&Value::Bool(false)) =>
        {
            Some("neither KMS nor SQS-managed encryption is on")
        }
        _ => None,
    };
    if let Some(what) = problem {
        out.push(finding(
            &UNENCRYPTED,
            address,
            format!("{address} is not encrypted at rest: {what}"),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn rules(doc: Value) -> Vec<String> {
        let mut ids: Vec<String> = check(&doc)
            .into_iter()
            .map(|f| format!("{} {}", f.rule, f.resource.unwrap_or_default()))
            .collect();
        ids.sort();
        ids
    }

    #[test]
    fn module_and_provider_pins() {
        let doc = json!({
            "module": {
                "vpc": [{"source": "terraform-aws-modules/vpc/aws"}],
                "eks": [{"source": "terraform-aws-modules/eks/aws", "version": "21.19.0"}],
                "git": [{"source": "git::https://example.com/m.git"}],
                "pinned_git": [{"source": "git::https://example.com/m.git?ref=v1.2.0"}],
                "local": [{"source": "./modules/x"}],
                "loose": [{"source": "a/b/c", "version": ">= 1.0"}]
            },
            "terraform": [{"required_providers": [{"aws": {"source": "hashicorp/aws", "version": "~> 6.25"}, "helm": {"source": "hashicorp/helm"}}]}]
        });
        assert_eq!(
            rules(doc),
            vec![
                "GP-MOD-001 module.git",
                "GP-MOD-001 module.loose",
                "GP-MOD-001 module.vpc",
                "GP-PROV-001 terraform.required_providers.helm"
            ]
        );
    }

    #[test]
    fn secrets_by_name_and_by_shape() {
        let doc = json!({
            "resource": {"aws_db_instance": {"db": [{"password": "hunter22", "storage_encrypted": true, "tags": {}}]}},
            "provider": {"aws": [{"access_key": "AKIAABCDEFGHIJKLMNOP"}]},
            "locals": [{"api_token": "${var.token}", "secret_arn": "arn:aws:secretsmanager:eu-west-1:1:secret:x"}],
            "data": {"x": {"y": [{"token_validity_units": [{"access_token": "minutes", "refresh_token": "days"}]}]}}
        });
        assert_eq!(
            rules(doc),
            vec!["GP-SEC-001 aws_db_instance.db", "GP-SEC-001 provider.aws"]
        );
    }

    #[test]
    fn network_s3_encryption_and_tags() {
        let doc = json!({"resource": {
            "aws_vpc_security_group_ingress_rule": {"ssh": [{"cidr_ipv4": "0.0.0.0/0"}], "ok": [{"cidr_ipv4": "10.0.0.0/8"}]},
            "aws_security_group": {"web": [{"ingress": [{"cidr_blocks": ["::/0"]}], "tags": {}}]},
            "aws_s3_bucket_public_access_block": {"b": [{"block_public_acls": true, "block_public_policy": false, "ignore_public_acls": true, "restrict_public_buckets": "${var.x}"}]},
            "aws_s3_bucket_acl": {"a": [{"acl": "public-read"}]},
            "aws_ebs_volume": {"v": [{"size": 10, "tags": {}}]},
            "aws_s3_bucket": {"untagged": [{"bucket": "x"}]}
        }});
        assert_eq!(
            rules(doc),
            vec![
                "GP-ENC-001 aws_ebs_volume.v",
                "GP-NET-001 aws_security_group.web",
                "GP-NET-001 aws_vpc_security_group_ingress_rule.ssh",
                "GP-S3-001 aws_s3_bucket_acl.a",
                "GP-S3-001 aws_s3_bucket_public_access_block.b",
                "GP-TAG-001 aws_s3_bucket.untagged",
            ]
        );
    }
}
