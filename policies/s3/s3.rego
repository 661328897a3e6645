# S3 guardrails: ACLs disabled (BucketOwnerEnforced), SSE-KMS with an S3 Bucket Key, a bucket
# policy that denies requests without TLS, and versioning, for every aws_s3_bucket of the module
# and every call of the terraform-aws-modules/s3-bucket module.
#
# A bucket's settings live in separate resources (aws_s3_bucket_ownership_controls, …); one
# belongs to bucket NAME when its `bucket` references aws_s3_bucket.NAME (directly or through a
# local) or names the same literal bucket. Access-log target buckets are exempt from the KMS
# rules: S3 server access logging only delivers to SSE-S3 (AES256) buckets.
package goldpath.s3

import rego.v1

import data.goldpath.lib

meta := {
	"GP-S3-101": {
		"severity": "deny",
		"title": "no S3 ACLs",
		"remediation": "remove the ACL (aws_s3_bucket_acl, `acl`, `grant`) and set object ownership to BucketOwnerEnforced; grant access with IAM and bucket policies instead",
	},
	"GP-S3-102": {
		"severity": "deny",
		"title": "ownership controls BucketOwnerEnforced",
		"remediation": "add aws_s3_bucket_ownership_controls for the bucket with rule { object_ownership = \"BucketOwnerEnforced\" } (module: control_object_ownership = true, object_ownership = \"BucketOwnerEnforced\")",
	},
	"GP-S3-103": {
		"severity": "deny",
		"title": "default encryption SSE-KMS",
		"remediation": "add aws_s3_bucket_server_side_encryption_configuration with sse_algorithm = \"aws:kms\" and kms_master_key_id set to a customer-managed key",
	},
	"GP-S3-104": {
		"severity": "deny",
		"title": "S3 Bucket Key on for SSE-KMS",
		"remediation": "set bucket_key_enabled = true in the encryption rule: it cuts KMS request costs by up to 99%",
	},
	"GP-S3-105": {
		"severity": "deny",
		"title": "bucket policy denies non-TLS requests",
		"remediation": "attach a bucket policy with a Deny statement for s3:* on the bucket and its objects under the condition Bool aws:SecureTransport = false (module: attach_deny_insecure_transport_policy = true)",
	},
	"GP-S3-106": {
		"severity": "warn",
		"title": "bucket policy denies TLS below 1.2",
		"remediation": "add a Deny statement for s3:* under the condition NumericLessThan s3:TlsVersion = 1.2 (module: attach_require_latest_tls_policy = true)",
	},
	"GP-S3-107": {
		"severity": "deny",
		"title": "versioning enabled",
		"remediation": "add aws_s3_bucket_versioning for the bucket with versioning_configuration { status = \"Enabled\" } (module: versioning = { enabled = true })",
	},
}

finding(id, resource, msg) := lib.finding(id, meta[id], resource, msg)

# --- buckets and the resources that configure them -----------------------------------------

# The bodies of resource type `type` that configure bucket `name` (whose body is `bucket`).
settings(type, name, bucket) := [s |
	some bodies in object.get(object.get(lib.doc, "resource", {}), type, {})
	some s in bodies
	configures(s, name, bucket)
]

configures(s, name, _) if lib.references(lib.value(object.get(s, "bucket", null)), "aws_s3_bucket", name)

configures(s, _, bucket) if {
	b := lib.value(object.get(s, "bucket", null))
	is_string(b)
	lib.is_known(b)
	b == lib.value(object.get(bucket, "bucket", null))
}

# Buckets that receive S3 server access logs: SSE-S3 is the only encryption logging supports.
log_target(name, bucket) if {
	some logging in all_of("aws_s3_bucket_logging")
	receives_logs(lib.value(object.get(logging, "target_bucket", null)), name, bucket)
}

log_target(name, bucket) if {
	some other in all_of("aws_s3_bucket")
	receives_logs(lib.value(object.get(lib.block(other, "logging"), "target_bucket", null)), name, bucket)
}

log_target(name, bucket) if {
	some p in bucket_policies(name, bucket)
	some s in statements(p)
	"logging.s3.amazonaws.com" in s.services
}

receives_logs(target, name, _) if lib.references(target, "aws_s3_bucket", name)

receives_logs(target, _, bucket) if {
	is_string(target)
	lib.is_known(target)
	target == lib.value(object.get(bucket, "bucket", null))
}

all_of(type) := [body |
	some bodies in object.get(object.get(lib.doc, "resource", {}), type, {})
	some body in bodies
]

# --- GP-S3-101 / 102: ACLs and object ownership ---------------------------------------------

deny contains f if {
	some name, bodies in lib.doc.resource.aws_s3_bucket_acl
	some _ in bodies
	f := finding("GP-S3-101", sprintf("aws_s3_bucket_acl.%s", [name]), sprintf("aws_s3_bucket_acl.%s manages an ACL: buckets must keep ACLs disabled", [name]))
}

deny contains f if {
	some name, bodies in lib.doc.resource.aws_s3_bucket
	some bucket in bodies
	some key in ["acl", "grant"]
	object.get(bucket, key, null) != null
	f := finding("GP-S3-101", sprintf("aws_s3_bucket.%s", [name]), sprintf("aws_s3_bucket.%s sets `%s`: buckets must keep ACLs disabled", [name, key]))
}

deny contains f if {
	some name, bodies in lib.doc.resource.aws_s3_bucket
	some bucket in bodies
	not enforces_bucket_owner(name, bucket)
	f := finding("GP-S3-102", sprintf("aws_s3_bucket.%s", [name]), sprintf("aws_s3_bucket.%s has no ownership controls with object_ownership = \"BucketOwnerEnforced\" (ACLs stay enabled)", [name]))
}

enforces_bucket_owner(name, bucket) if {
	some controls in settings("aws_s3_bucket_ownership_controls", name, bucket)
	ownership := lib.value(object.get(lib.block(controls, "rule"), "object_ownership", null))
	owner_enforced_or_unknown(ownership)
}

owner_enforced_or_unknown(v) if v == "BucketOwnerEnforced"

owner_enforced_or_unknown(v) if lib.is_unknown(v)

# --- GP-S3-103 / 104: SSE-KMS with a bucket key ----------------------------------------------

# The encryption rules that apply to a bucket: separate resources, or the legacy inline block.
sse_rules(name, bucket) := array.concat(
	[r |
		some config in settings("aws_s3_bucket_server_side_encryption_configuration", name, bucket)
		some r in object.get(config, "rule", [])
	],
	[r |
		some r in object.get(lib.block(bucket, "server_side_encryption_configuration"), "rule", [])
	],
)

sse_algorithm(rule) := lib.value(object.get(lib.block(rule, "apply_server_side_encryption_by_default"), "sse_algorithm", null))

kms_algorithms := {"aws:kms", "aws:kms:dsse"}

encrypts_with_kms(name, bucket) if {
	some rule in sse_rules(name, bucket)
	alg := sse_algorithm(rule)
	kms_or_unknown(alg)
}

# Encryption configured through a dynamic block is not statically known.
encrypts_with_kms(name, bucket) if {
	some config in settings("aws_s3_bucket_server_side_encryption_configuration", name, bucket)
	lib.is_dynamic_block(config, "rule")
}

kms_or_unknown(alg) if alg in kms_algorithms

kms_or_unknown(alg) if lib.is_unknown(alg)

deny contains f if {
	some name, bodies in lib.doc.resource.aws_s3_bucket
	some bucket in bodies
	not log_target(name, bucket)
	not encrypts_with_kms(name, bucket)
	f := finding("GP-S3-103", sprintf("aws_s3_bucket.%s", [name]), sprintf("aws_s3_bucket.%s is not encrypted with SSE-KMS by default", [name]))
}

# Bucket keys exist for aws:kms only (DSSE-KMS does not support them).
deny contains f if {
	some name, bodies in lib.doc.resource.aws_s3_bucket
	some bucket in bodies
	some rule in sse_rules(name, bucket)
	sse_algorithm(rule) == "aws:kms"
	key := lib.value(object.get(rule, "bucket_key_enabled", false))
	not lib.is_true(key)
	not lib.is_unknown(key)
	f := finding("GP-S3-104", sprintf("aws_s3_bucket.%s", [name]), sprintf("aws_s3_bucket.%s uses SSE-KMS without an S3 Bucket Key (bucket_key_enabled is not true)", [name]))
}

# --- GP-S3-105 / 106: TLS-only bucket policy -------------------------------------------------

# The policy documents attached to a bucket, as expressions (resolved through locals).
bucket_policies(name, bucket) := array.concat(
	[lib.value(object.get(p, "policy", null)) | some p in settings("aws_s3_bucket_policy", name, bucket)],
	[lib.value(bucket.policy) | object.get(bucket, "policy", null) != null],
)

# A policy's statements in one normal form {effect, conditions: {[test, key, value]}, services},
# from a literal JSON document, an aws_iam_policy_document data source, or jsonencode({...})
# whose Statement is a local list.
statements(p) := [json_statement(s) | some s in lib.as_list(object.get(document, "Statement", []))] if {
	is_string(p)
	lib.is_known(p)
	json.is_valid(p)
	document := json.unmarshal(p)
	is_object(document)
} else := [document_statement(s) | some s in object.get(document, "statement", [])] if {
	document := policy_document(p)
} else := [json_statement(s) | some s in listed] if {
	is_string(p)
	m := regex.find_all_string_submatch_n(`jsonencode\([\s\S]*\bStatement\s*=\s*local\.([A-Za-z_][A-Za-z0-9_-]*)([^A-Za-z0-9_-]|$)`, p, 1)
	count(m) == 1
	listed := lib.value(sprintf("${local.%s}", [m[0][1]]))
	is_array(listed)
}

policy_document(p) := document if {
	is_string(p)
	m := regex.find_all_string_submatch_n(`^\$\{data\.aws_iam_policy_document\.([A-Za-z_][A-Za-z0-9_-]*)(\[[^\]]*\])?\.(minified_)?json\}$`, p, 1)
	count(m) == 1
	some document in lib.doc.data.aws_iam_policy_document[m[0][1]]
}

json_statement(s) := {
	"effect": object.get(s, "Effect", "Allow"),
	"conditions": {[test, key, lower(sprintf("%v", [v]))] |
		conditions := object.get(s, "Condition", {})
		is_object(conditions)
		some test, keys in conditions
		is_object(keys)
		some key, values in keys
		some v in lib.as_list(values)
	},
	"services": {svc |
		principal := object.get(s, "Principal", {})
		is_object(principal)
		some svc in lib.as_list(object.get(principal, "Service", []))
	},
} if is_object(s)

json_statement(s) := {"effect": "unknown", "conditions": set(), "services": set()} if not is_object(s)

document_statement(s) := {
	"effect": object.get(s, "effect", "Allow"),
	"conditions": {[c.test, c.variable, lower(sprintf("%v", [v]))] |
		some c in object.get(s, "condition", [])
		some v in lib.as_list(object.get(c, "values", []))
	},
	"services": {svc |
		some principal in object.get(s, "principals", [])
		principal.type == "Service"
		some svc in lib.as_list(object.get(principal, "identifiers", []))
	},
}

denies_insecure_transport(s) if {
	s.effect == "Deny"
	["Bool", "aws:SecureTransport", "false"] in s.conditions
}

denies_old_tls(s) if {
	s.effect == "Deny"
	some [test, key, version] in s.conditions
	test == "NumericLessThan"
	key == "s3:TlsVersion"
	regex.match(`^[0-9]+(\.[0-9]+)?$`, version)
	to_number(version) >= 1.2
}

# Statements written inline in jsonencode({... Statement = [ ... ] ...}): only their text is known.
inline_policy(p) if {
	is_string(p)
	regex.match(`jsonencode\([\s\S]*\bStatement\s*=\s*\[`, p)
}

tls_only(p) if {
	some s in statements(p)
	denies_insecure_transport(s)
}

tls_only(p) if {
	inline_policy(p)
	contains(p, `"Deny"`)
	regex.match(`"aws:SecureTransport"\s*=\s*\[?\s*"?false"?`, p)
}

old_tls_denied(p) if {
	some s in statements(p)
	denies_old_tls(s)
}

old_tls_denied(p) if {
	inline_policy(p)
	regex.match(`"s3:TlsVersion"\s*=\s*\[?\s*"?1\.[2-9]`, p)
}

# Whether the policy's statements can be seen at all; an opaque policy is given the benefit of
# the doubt.
visible(p) if _ := statements(p)

visible(p) if inline_policy(p)

deny contains f if {
	some name, bodies in lib.doc.resource.aws_s3_bucket
	some bucket in bodies
	count(bucket_policies(name, bucket)) == 0
	f := finding("GP-S3-105", sprintf("aws_s3_bucket.%s", [name]), sprintf("aws_s3_bucket.%s has no bucket policy denying requests without TLS (aws:SecureTransport = false)", [name]))
}

deny contains f if {
	some name, bodies in lib.doc.resource.aws_s3_bucket
	some bucket in bodies
	policies := bucket_policies(name, bucket)
	count(policies) > 0
	every p in policies {
		visible(p)
		not tls_only(p)
	}
	f := finding("GP-S3-105", sprintf("aws_s3_bucket.%s", [name]), sprintf("the bucket policy of aws_s3_bucket.%s has no Deny statement for aws:SecureTransport = false", [name]))
}

warn contains f if {
	some name, bodies in lib.doc.resource.aws_s3_bucket
	some bucket in bodies
	policies := bucket_policies(name, bucket)
	count(policies) > 0
	every p in policies {
		visible(p)
		not old_tls_denied(p)
	}
	f := finding("GP-S3-106", sprintf("aws_s3_bucket.%s", [name]), sprintf("the bucket policy of aws_s3_bucket.%s does not deny TLS versions below 1.2 (s3:TlsVersion)", [name]))
}

# --- GP-S3-107: versioning -------------------------------------------------------------------

versioned(name, bucket) if {
	some v in settings("aws_s3_bucket_versioning", name, bucket)
	status := lib.value(object.get(lib.block(v, "versioning_configuration"), "status", null))
	enabled_or_unknown(status)
}

versioned(_, bucket) if {
	enabled := lib.value(object.get(lib.block(bucket, "versioning"), "enabled", false))
	true_or_unknown(enabled)
}

enabled_or_unknown(status) if status == "Enabled"

enabled_or_unknown(status) if lib.is_unknown(status)

true_or_unknown(v) if lib.is_true(v)

true_or_unknown(v) if lib.is_unknown(v)

deny contains f if {
	some name, bodies in lib.doc.resource.aws_s3_bucket
	some bucket in bodies
	not versioned(name, bucket)
	f := finding("GP-S3-107", sprintf("aws_s3_bucket.%s", [name]), sprintf("aws_s3_bucket.%s does not have versioning enabled", [name]))
}

# --- the terraform-aws-modules/s3-bucket module ----------------------------------------------

bucket_modules contains [name, body] if {
	some [name, body] in lib.registry_module("s3-bucket")
	not lib.is_false(lib.attr(body, "create_bucket", true))
}

module_input_unknown(v) if lib.is_unknown(v)

# Log delivery buckets (access logs, ELB/ALB logs) cannot use SSE-KMS.
module_log_bucket(body) if {
	some key in ["attach_access_log_delivery_policy", "attach_elb_log_delivery_policy", "attach_lb_log_delivery_policy"]
	lib.is_true(lib.attr(body, key, false))
}

deny contains f if {
	some [name, body] in bucket_modules
	some key in ["acl", "grant"]
	v := lib.attr(body, key, null)
	not v in {null, []}
	f := finding("GP-S3-101", sprintf("module.%s", [name]), sprintf("module.%s sets `%s`: buckets must keep ACLs disabled", [name, key]))
}

deny contains f if {
	some [name, body] in bucket_modules
	control := lib.attr(body, "control_object_ownership", false)
	ownership := lib.attr(body, "object_ownership", "BucketOwnerEnforced")
	not module_owner_enforced(control, ownership)
	f := finding("GP-S3-102", sprintf("module.%s", [name]), sprintf("module.%s does not enforce BucketOwnerEnforced object ownership (control_object_ownership = true, object_ownership = \"BucketOwnerEnforced\")", [name]))
}

module_owner_enforced(control, ownership) if {
	true_or_unknown(control)
	owner_enforced_or_unknown(ownership)
}

module_sse_rule(body) := rule if {
	sse := lib.attr(body, "server_side_encryption_configuration", {})
	is_object(sse)
	rule := lib.value(object.get(sse, "rule", {}))
}

deny contains f if {
	some [name, body] in bucket_modules
	not module_log_bucket(body)
	not module_kms(body)
	f := finding("GP-S3-103", sprintf("module.%s", [name]), sprintf("module.%s does not configure SSE-KMS default encryption (server_side_encryption_configuration)", [name]))
}

module_kms(body) if module_input_unknown(lib.attr(body, "server_side_encryption_configuration", {}))

module_kms(body) if {
	rule := module_sse_rule(body)
	module_input_unknown(rule)
}

module_kms(body) if {
	rule := module_sse_rule(body)
	is_object(rule)
	default_encryption := lib.value(object.get(rule, "apply_server_side_encryption_by_default", {}))
	kms_or_unknown(module_algorithm(default_encryption))
}

module_algorithm(default_encryption) := lib.value(object.get(default_encryption, "sse_algorithm", null)) if is_object(default_encryption)

module_algorithm(default_encryption) := default_encryption if not is_object(default_encryption)

deny contains f if {
	some [name, body] in bucket_modules
	rule := module_sse_rule(body)
	is_object(rule)
	default_encryption := lib.value(object.get(rule, "apply_server_side_encryption_by_default", {}))
	module_algorithm(default_encryption) == "aws:kms"
	key := lib.value(object.get(rule, "bucket_key_enabled", false))
	not true_or_unknown(key)
	f := finding("GP-S3-104", sprintf("module.%s", [name]), sprintf("module.%s uses SSE-KMS without an S3 Bucket Key (bucket_key_enabled is not true)", [name]))
}

deny contains f if {
	some [name, body] in bucket_modules
	not true_or_unknown(lib.attr(body, "attach_deny_insecure_transport_policy", false))
	f := finding("GP-S3-105", sprintf("module.%s", [name]), sprintf("module.%s does not attach the deny-insecure-transport policy (attach_deny_insecure_transport_policy = true)", [name]))
}

warn contains f if {
	some [name, body] in bucket_modules
	not true_or_unknown(lib.attr(body, "attach_require_latest_tls_policy", false))
	f := finding("GP-S3-106", sprintf("module.%s", [name]), sprintf("module.%s does not attach the require-latest-TLS policy (attach_require_latest_tls_policy = true)", [name]))
}

deny contains f if {
	some [name, body] in bucket_modules
	not module_versioned(lib.attr(body, "versioning", {}))
	f := finding("GP-S3-107", sprintf("module.%s", [name]), sprintf("module.%s does not enable versioning (versioning = { enabled = true })", [name]))
}

module_versioned(v) if module_input_unknown(v)

module_versioned(v) if {
	is_object(v)
	true_or_unknown(lib.value(v.enabled))
}

module_versioned(v) if {
	is_object(v)
	not "enabled" in object.keys(v)
	status := lib.value(v.status)
	module_status_on(status)
}

module_status_on(status) if true_or_unknown(status)

module_status_on(status) if {
	is_string(status)
	lower(status) == "enabled"
}
