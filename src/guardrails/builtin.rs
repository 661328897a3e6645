//! Built-in checks, in Rust: the rules that must hold whatever policy files a team ships.
//!
//! They read the conftest-shaped input document, so they see exactly what Rego policies see.

use super::blocks::{self, Block};
use super::finding::{Finding, Severity};
use super::input::Location;
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
    severity: Severity::Deny,
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

/// Runs every built-in check over the input document; each finding is located at the
/// offending attribute of the block it names (the block's first line when no attribute is at
/// fault, e.g. a missing one).
pub fn check(doc: &Value, locations: &[Location]) -> Vec<Finding> {
    let blocks = blocks::blocks(doc);
    let checker = Checker {
        locations,
        default_tags: aws_default_tags(&blocks),
        root: blocks.iter().any(|b| b.kind == "provider"),
    };
    let mut out = Vec::new();
    for block in &blocks {
        checker.secrets(block, &mut out);
        match block.kind {
            "module" => checker.module(block, &mut out),
            "terraform" => checker.required_providers(block, &mut out),
            "resource" => {
                let kind = block.labels[0].unwrap_or_default();
                checker.tags(kind, block, &mut out);
                checker.ingress(kind, block, &mut out);
                checker.public_s3(kind, block, &mut out);
                checker.encryption(kind, block, &mut out);
            }
            _ => {}
        }
    }
    out
}

/// Whether a provider "aws" block of the configuration sets `default_tags`.
fn aws_default_tags(blocks: &[Block]) -> bool {
    blocks.iter().any(|b| {
        b.kind == "provider" && b.labels[0] == Some("aws") && b.body.get("default_tags").is_some()
    })
}

/// The built-in checks over one document, with what they need to locate findings.
struct Checker<'l> {
    locations: &'l [Location],
    default_tags: bool,
    /// Whether the module configures providers, as only a root module should: a reusable
    /// module states the lowest provider versions it works with and leaves the upper bound to
    /// its callers, as Terraform recommends.
    root: bool,
}

/// A path inside a block body, as the document spells it.
fn path(parts: &[&str]) -> Vec<String> {
    parts.iter().map(|p| (*p).to_string()).collect()
}

impl Checker<'_> {
    fn finding(
        &self,
        rule: &Rule,
        block: &Block,
        at: &[String],
        message: String,
        out: &mut Vec<Finding>,
    ) {
        let mut f = Finding::new(rule.id, rule.severity, message);
        f.resource = Some(block.address_at(at));
        f.remediation = Some(rule.remediation.to_string());
        if let Some((file, line)) = block.line_of(self.locations, at) {
            f.file = Some(file);
            f.line = Some(line);
        }
        out.push(f);
    }

    fn module(&self, block: &Block, out: &mut Vec<Finding>) {
        let Some(source) = block.body.get("source").and_then(Value::as_str) else {
            return;
        };
        let address = block.address();
        let pinned = match module_source(source) {
            ModuleSource::Local | ModuleSource::Archive => true,
            ModuleSource::Remote => has_ref(source),
            ModuleSource::Registry => block.body.get("version").is_some_and(is_pinned_constraint),
        };
        if !pinned {
            let at = if block.body.get("version").is_some() {
                "version"
            } else {
                "source"
            };
            self.finding(
                &UNPINNED_MODULE,
                block,
                &path(&[at]),
                format!("{address} uses `{source}` without a pinned version"),
                out,
            );
        }
    }

    fn required_providers(&self, block: &Block, out: &mut Vec<Finding>) {
        for (i, required) in block
            .body
            .get("required_providers")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            for (name, spec) in required.as_object().into_iter().flatten() {
                let version = match spec {
                    Value::Object(o) => o.get("version"),
                    Value::String(_) => Some(spec),
                    _ => None,
                };
                let acceptable =
                    |v: &Value| is_pinned_constraint(v) || (!self.root && has_lower_bound(v));
                if version.is_none_or(|v| !acceptable(v)) {
                    let mut f = Finding::new(
                        UNPINNED_PROVIDER.id,
                        UNPINNED_PROVIDER.severity,
                        format!("provider `{name}` has no bounded version constraint"),
                    );
                    f.resource = Some(format!("terraform.required_providers.{name}"));
                    f.remediation = Some(UNPINNED_PROVIDER.remediation.to_string());
                    let at = path(&["required_providers", &i.to_string(), name]);
                    if let Some((file, line)) = block.line_of(self.locations, &at) {
                        f.file = Some(file);
                        f.line = Some(line);
                    }
                    out.push(f);
                }
            }
        }
    }

    fn secrets(&self, block: &Block, out: &mut Vec<Finding>) {
        if !SECRET_BLOCKS.contains(&block.kind) {
            return;
        }
        walk_strings(block.body, None, &mut Vec::new(), &mut |at, key, value| {
            if is_placeholder(value) {
                return;
            }
            let key = match (block.kind, at.first().map(String::as_str)) {
                ("variable", Some("default")) => block.labels[0].or(key),
                _ => key,
            };
            let literal = !value.contains("${") && !value.trim().is_empty();
            let by_name = literal
                && key.is_some_and(|k| SECRET_KEY.is_match(k))
                && looks_like_credential(value)
                && !looks_like_reference(value);
            if by_name || SECRET_VALUE.is_match(value) {
                let address = block.address_at(at);
                self.finding(
                    &HARDCODED_SECRET,
                    block,
                    at,
                    format!(
                        "{address} holds what looks like a hard-coded secret in `{}`",
                        key.unwrap_or("a value")
                    ),
                    out,
                );
            }
        });
    }

    fn tags(&self, kind: &str, block: &Block, out: &mut Vec<Finding>) {
        if TAGGABLE.contains(&kind) && block.body.get("tags").is_none() && !self.default_tags {
            let address = block.address();
            self.finding(
                &MISSING_TAGS,
                block,
                &[],
                format!("{address} has no tags, and no provider \"aws\" block sets default_tags"),
                out,
            );
        }
    }

    fn ingress(&self, kind: &str, block: &Block, out: &mut Vec<Finding>) {
        let body = block.body;
        let open_in = |keys: &[&'static str]| keys.iter().copied().find(|k| is_open(body.get(*k)));
        let at = match kind {
            "aws_vpc_security_group_ingress_rule" => {
                open_in(&["cidr_ipv4", "cidr_ipv6"]).map(|k| path(&[k]))
            }
            "aws_security_group_rule" => (body.get("type").and_then(Value::as_str)
                == Some("ingress"))
            .then(|| open_in(&["cidr_blocks", "ipv6_cidr_blocks"]))
            .flatten()
            .map(|k| path(&[k])),
            "aws_security_group" => body
                .get("ingress")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .enumerate()
                .find_map(|(i, rule)| {
                    ["cidr_blocks", "ipv6_cidr_blocks"]
                        .into_iter()
                        .find(|k| is_open(rule.get(*k)))
                        .map(|k| path(&["ingress", &i.to_string(), k]))
                }),
            _ => None,
        };
        if let Some(at) = at {
            let address = block.address();
            self.finding(
                &OPEN_INGRESS,
                block,
                &at,
                format!("{address} allows ingress from anywhere (0.0.0.0/0 or ::/0)"),
                out,
            );
        }
    }

    fn public_s3(&self, kind: &str, block: &Block, out: &mut Vec<Finding>) {
        const PUBLIC_ACLS: [&str; 3] = ["public-read", "public-read-write", "authenticated-read"];
        let body = block.body;
        let address = block.address();
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
                    body.get(*k) != Some(&Value::Bool(true))
                        && !body.get(*k).is_some_and(is_expression)
                })
                .collect();
                let at = off
                    .iter()
                    .find(|k| body.get(**k).is_some())
                    .map_or_else(Vec::new, |k| path(&[k]));
                (!off.is_empty()).then(|| {
                    (
                        at,
                        format!("{address} does not set {} to true", off.join(", ")),
                    )
                })
            }
            "aws_s3_bucket_acl" | "aws_s3_bucket" => body
                .get("acl")
                .and_then(Value::as_str)
                .filter(|acl| PUBLIC_ACLS.contains(acl))
                .map(|acl| {
                    (
                        path(&["acl"]),
                        format!("{address} grants the public ACL `{acl}`"),
                    )
                }),
            _ => None,
        };
        if let Some((at, message)) = problem {
            self.finding(&PUBLIC_S3, block, &at, message, out);
        }
    }

    fn encryption(&self, kind: &str, block: &Block, out: &mut Vec<Finding>) {
        let body = block.body;
        let flag_off = |key: &str| {
            body.get(key) != Some(&Value::Bool(true)) && !body.get(key).is_some_and(is_expression)
        };
        let flag = |key: &'static str| (path(&[key]), format!("`{key}` is not true"));
        let problem = match kind {
            "aws_ebs_volume" | "aws_efs_file_system" if flag_off("encrypted") => {
                Some(flag("encrypted"))
            }
            "aws_db_instance" | "aws_rds_cluster" if flag_off("storage_encrypted") => {
                Some(flag("storage_encrypted"))
            }
            "aws_dynamodb_table" => body
                .get("server_side_encryption")
                .and_then(Value::as_array)
                .and_then(|b| b.first())
                .filter(|sse| sse.get("enabled") == Some(&Value::Bool(false)))
                .map(|_| {
                    (
                        path(&["server_side_encryption", "0", "enabled"]),
                        "server-side encryption with a KMS key is disabled".to_string(),
                    )
                }),
            "aws_sqs_queue"
                if body.get("kms_master_key_id").is_none()
                    && body.get("sqs_managed_sse_enabled") == Some(&Value::Bool(false)) =>
            {
                Some((
                    path(&["sqs_managed_sse_enabled"]),
                    "neither KMS nor SQS-managed encryption is on".to_string(),
                ))
            }
            _ => None,
        };
        if let Some((at, what)) = problem {
            let at = if body.get(at[0].as_str()).is_some() {
                at
            } else {
                Vec::new()
            };
            let address = block.address();
            self.finding(
                &UNENCRYPTED,
                block,
                &at,
                format!("{address} is not encrypted at rest: {what}"),
                out,
            );
        }
    }
}

fn is_expression(v: &Value) -> bool {
    v.as_str().is_some_and(|s| s.contains("${"))
}

/// Where a module comes from, as far as pinning goes.
#[derive(Debug, PartialEq, Eq)]
enum ModuleSource {
    /// `./` or `../`: part of the same repository.
    Local,
    /// A registry address (`NAMESPACE/NAME/PROVIDER`, optionally with a hostname): pinned by
    /// `version`.
    Registry,
    /// git, Mercurial, GitHub/Bitbucket shorthands, and other VCS sources: pinned by `ref`.
    Remote,
    /// An archive fetched by URL or from a bucket: pinned by the object it names.
    Archive,
}

fn module_source(source: &str) -> ModuleSource {
    const ARCHIVES: [&str; 6] = [".zip", ".tar.gz", ".tgz", ".tar.bz2", ".tar.xz", ".tar"];
    let lower = source.to_ascii_lowercase();
    let without_query = lower.split('?').next().unwrap_or_default();
    if lower.starts_with("./") || lower.starts_with("../") {
        ModuleSource::Local
    } else if lower.starts_with("s3::")
        || lower.starts_with("gcs::")
        || ARCHIVES.iter().any(|ext| without_query.ends_with(ext))
        || lower.contains("archive=")
    {
        ModuleSource::Archive
    } else if lower.contains("::")
        || lower.contains("://")
        || lower.starts_with("git@")
        || lower.starts_with("github.com/")
        || lower.starts_with("bitbucket.org/")
    {
        ModuleSource::Remote
    } else {
        ModuleSource::Registry
    }
}

fn has_ref(source: &str) -> bool {
    source.split_once('?').is_some_and(|(_, query)| {
        query
            .split('&')
            .any(|kv| kv.starts_with("ref=") && kv.len() > 4)
    })
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

/// `>= 5.0` (or any bounded constraint): the least a reusable module needs to state.
fn has_lower_bound(v: &Value) -> bool {
    v.as_str().is_some_and(|c| {
        c.split(',')
            .any(|part| part.trim().starts_with(">=") || part.trim().starts_with('>'))
    })
}

/// Blocks whose literal strings are searched for secrets.
const SECRET_BLOCKS: [&str; 7] = [
    "resource", "data", "module", "provider", "locals", "variable", "output",
];

static SECRET_KEY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(^|_)(password|passwd|secret|secret_key|token|api_key|access_key|private_key|client_secret)$").expect("valid regex")
});
static SECRET_VALUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(AKIA|ASIA)[0-9A-Z]{16}|-----BEGIN [A-Z ]*PRIVATE KEY-----|gh[pousr]_[A-Za-z0-9]{36}|xox[abprs]-[A-Za-z0-9-]{10,}")
        .expect("valid regex")
});
static PLACEHOLDER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(<[^<>]*>|\$\{[^}]*\}|\{\{[^}]*\}\}|change[_-]?me|change[_-]?it|replace[_-]?me|todo|tbd|fixme|placeholder|x{3,}|\*{3,})$")
        .expect("valid regex")
});

/// `"<password>"`, `"CHANGE_ME"`, `"${var.x}"` and the like stand for a value someone fills in.
fn is_placeholder(value: &str) -> bool {
    PLACEHOLDER.is_match(value.trim())
}

/// Settings such as `access_token = "minutes"` (token validity units) are words, not secrets: a
/// credential has at least eight characters and something besides lowercase letters.
fn looks_like_credential(value: &str) -> bool {
    value.chars().count() >= 8
        && value
            .chars()
            .any(|c| !(c.is_ascii_lowercase() || c == '-' || c == '_' || c == ' '))
}

/// ARNs, paths and names of secrets (`prod/orders/github-token`) are references to secrets,
/// not secrets.
fn looks_like_reference(value: &str) -> bool {
    let secret_name = value.contains('/')
        && value.chars().all(|c| {
            c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '/' | '-' | '_' | '.')
        });
    value.starts_with("arn:")
        || value.starts_with('/')
        || value.starts_with("{{resolve:")
        || secret_name
}

/// Called with the path to a string inside a block body, its key (or its list's key) and the
/// string.
type StringVisitor<'v, 'a> = dyn FnMut(&[String], Option<&'a str>, &'a str) + 'v;

fn walk_strings<'a>(
    v: &'a Value,
    key: Option<&'a str>,
    at: &mut Vec<String>,
    visit: &mut StringVisitor<'_, 'a>,
) {
    match v {
        Value::String(s) => visit(at, key, s),
        Value::Object(map) => {
            for (k, child) in map {
                at.push(k.clone());
                walk_strings(child, Some(k), at, visit);
                at.pop();
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                at.push(i.to_string());
                walk_strings(item, key, at, visit);
                at.pop();
            }
        }
        _ => {}
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

fn is_open(v: Option<&Value>) -> bool {
    let open = |s: &str| s == "0.0.0.0/0" || s == "::/0";
    match v {
        Some(Value::String(s)) => open(s),
        Some(Value::Array(items)) => items.iter().any(|i| i.as_str().is_some_and(open)),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn rules(doc: Value) -> Vec<String> {
        let mut ids: Vec<String> = check(&doc, &[])
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
                "loose": [{"source": "a/b/c", "version": ">= 1.0"}],
                "github": [{"source": "github.com/acme/terraform-modules//vpc?ref=v2.1.0"}],
                "github_head": [{"source": "github.com/acme/terraform-modules//vpc"}],
                "ssh": [{"source": "git@github.com:acme/modules.git?depth=1&ref=4f1c2d3"}],
                "archive": [{"source": "https://example.com/vpc-module.zip"}],
                "bucket": [{"source": "s3::https://s3-eu-west-1.amazonaws.com/acme-modules/vpc.zip"}],
                "private_registry": [{"source": "app.terraform.io/acme/vpc/aws", "version": "1.4.0"}]
            },
            "terraform": [{"required_providers": [{"aws": {"source": "hashicorp/aws", "version": "~> 6.25"}, "helm": {"source": "hashicorp/helm"}, "kubernetes": {"source": "hashicorp/kubernetes", "version": ">= 2.20"}}]}]
        });
        assert_eq!(
            rules(doc),
            vec![
                "GP-MOD-001 module.git",
                "GP-MOD-001 module.github_head",
                "GP-MOD-001 module.loose",
                "GP-MOD-001 module.vpc",
                "GP-PROV-001 terraform.required_providers.helm"
            ]
        );
    }

    #[test]
    fn a_root_module_bounds_provider_versions_a_reusable_one_states_its_minimum() {
        let terraform = json!([{"required_providers": [{"aws": {"source": "hashicorp/aws", "version": ">= 6.0"}}]}]);
        assert_eq!(
            rules(json!({"terraform": terraform.clone()})),
            Vec::<String>::new()
        );
        assert_eq!(
            rules(json!({"terraform": terraform, "provider": {"aws": [{"region": "eu-west-1"}]}})),
            vec!["GP-PROV-001 terraform.required_providers.aws"]
        );
    }

    #[test]
    fn secrets_by_name_and_by_shape() {
        let doc = json!({
            "resource": {"aws_db_instance": {"db": [{"password": "hunter22", "storage_encrypted": true, "tags": {}}]}},
            "provider": {"aws": [{"access_key": "AKIAABCDEFGHIJKLMNOP"}]},
            "locals": [{"api_token": "${var.token}", "secret_arn": "arn:aws:secretsmanager:eu-west-1:1:secret:x", "github_token": "prod/orders-web/github-token"}],
            "data": {"x": {"y": [{"token_validity_units": [{"access_token": "minutes", "refresh_token": "days"}]}]}},
            "variable": {"db_password": [{"default": "S3cr3t-Passw0rd!"}]}
        });
        assert_eq!(
            rules(doc),
            vec![
                "GP-SEC-001 aws_db_instance.db",
                "GP-SEC-001 provider.aws",
                "GP-SEC-001 var.db_password"
            ]
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

    fn located(text: &str) -> Vec<String> {
        let files = [crate::guardrails::input::SourceFile {
            path: "main.tf",
            text,
        }];
        let doc = crate::guardrails::input::document(&files).expect("parses");
        let mut found: Vec<String> = check(&doc.value, &doc.locations)
            .into_iter()
            .map(|f| {
                format!(
                    "{} {} {}:{}",
                    f.rule,
                    f.resource.unwrap_or_default(),
                    f.file.unwrap_or_default(),
                    f.line.unwrap_or_default()
                )
            })
            .collect();
        found.sort();
        found
    }

    #[test]
    fn findings_point_at_the_offending_attribute_of_their_own_block() {
        let text = r#"provider "aws" {
  region = "eu-west-1"
}

provider "aws" {
  alias      = "west"
  region     = "us-west-2"
  access_key = "AKIAABCDEFGHIJKLMNOP"
}

resource "aws_security_group" "web" {
  name = "web"
  tags = {}

  ingress {
    cidr_blocks = ["10.0.0.0/8"]
  }

  ingress {
    from_port   = 443
    cidr_blocks = ["0.0.0.0/0"]
  }
}

locals {
  region = "eu-west-1"
}

locals {
  name          = "x"
  slack_webhook = "xoxb-1234567890-abcdefghij"
}

resource "aws_s3_bucket" "logs" {
  bucket = "logs"
}
"#;
        assert_eq!(
            located(text),
            vec![
                "GP-NET-001 aws_security_group.web main.tf:21",
                "GP-SEC-001 local.slack_webhook main.tf:31",
                "GP-SEC-001 provider.aws.west main.tf:8",
                "GP-TAG-001 aws_s3_bucket.logs main.tf:34",
            ]
        );
    }

    #[test]
    fn default_tags_tag_every_resource() {
        let text = "provider \"aws\" {\n  default_tags {\n    tags = { team = \"data\" }\n  }\n}\n\nresource \"aws_s3_bucket\" \"logs\" {\n  bucket = \"logs\"\n}\n";
        assert_eq!(located(text), Vec::<String>::new());
    }

    #[test]
    fn placeholders_are_not_secrets() {
        for value in [
            "<db-password>",
            "CHANGE_ME",
            "change-me",
            "REPLACE_ME",
            "${var.password}",
            "{{ password }}",
            "********",
        ] {
            let doc = json!({"resource": {"aws_db_instance": {"db": [{"password": value, "storage_encrypted": true, "tags": {}}]}}});
            assert_eq!(rules(doc), Vec::<String>::new(), "{value}");
        }
    }
}
