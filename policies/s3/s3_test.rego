package goldpath.s3_test

import rego.v1

import data.goldpath.s3

# The secure bucket the s3-secure-bucket golden path renders, in conftest's input shape.
tls_statements := [
	{
		"Sid": "DenyInsecureTransport",
		"Effect": "Deny",
		"Principal": "*",
		"Action": "s3:*",
		"Resource": ["${local.bucket_arn}", "${local.bucket_arn}/*"],
		"Condition": {"Bool": {"aws:SecureTransport": "false"}},
	},
	{
		"Sid": "DenyTLSBelow12",
		"Effect": "Deny",
		"Principal": "*",
		"Action": "s3:*",
		"Resource": ["${local.bucket_arn}", "${local.bucket_arn}/*"],
		"Condition": {"NumericLessThan": {"s3:TlsVersion": "1.2"}},
	},
]

policy_from_local := "${jsonencode({\n    Version   = \"2012-10-17\"\n    Statement = local.bucket_policy_statements\n  })}"

compliant := {
	"resource": {
		"aws_s3_bucket": {"this": [{"bucket": "${local.bucket_name}", "tags": "${local.tags}"}]},
		"aws_s3_bucket_ownership_controls": {"this": [{
			"bucket": "${aws_s3_bucket.this.id}",
			"rule": [{"object_ownership": "BucketOwnerEnforced"}],
		}]},
		"aws_s3_bucket_public_access_block": {"this": [{
			"bucket": "${aws_s3_bucket.this.id}",
			"block_public_acls": true,
			"block_public_policy": true,
			"ignore_public_acls": true,
			"restrict_public_buckets": true,
		}]},
		"aws_s3_bucket_versioning": {"this": [{
			"bucket": "${aws_s3_bucket.this.id}",
			"versioning_configuration": [{"status": "Enabled"}],
		}]},
		"aws_s3_bucket_server_side_encryption_configuration": {"this": [{
			"bucket": "${aws_s3_bucket.this.id}",
			"rule": [{
				"apply_server_side_encryption_by_default": [{"sse_algorithm": "aws:kms", "kms_master_key_id": "${aws_kms_key.this.arn}"}],
				"bucket_key_enabled": true,
			}],
		}]},
		"aws_s3_bucket_policy": {"this": [{"bucket": "${aws_s3_bucket.this.id}", "policy": policy_from_local}]},
	},
	"locals": [{"bucket_name": "${var.name}-${var.environment}"}, {"bucket_policy_statements": tls_statements}],
}

ids(findings) := {f.rule | some f in findings}

without(path) := json.remove(compliant, [path])

with_resources(resources) := object.union(compliant, {"resource": resources})

# --- the compliant bucket -------------------------------------------------------------------

test_compliant_bucket_has_no_findings if {
	count(s3.deny) == 0 with input as compliant
	count(s3.warn) == 0 with input as compliant
}

# conftest --combine: one {path, contents} per file, merged by the library.
test_compliant_bucket_split_over_files_under_combine if {
	files := [
		{"path": "bucket.tf", "contents": json.remove(compliant, ["resource/aws_s3_bucket_policy", "locals"])},
		{"path": "policy.tf", "contents": {"resource": {"aws_s3_bucket_policy": compliant.resource.aws_s3_bucket_policy}, "locals": compliant.locals}},
	]
	count(s3.deny) == 0 with input as files
	missing_policy := [files[0]]
	"GP-S3-105" in ids(s3.deny) with input as missing_policy
}

test_findings_carry_the_library_shape if {
	inp := without("resource/aws_s3_bucket_versioning")
	some f in s3.deny with input as inp
	f == {
		"msg": "aws_s3_bucket.this does not have versioning enabled",
		"rule": "GP-S3-107",
		"severity": "deny",
		"resource": "aws_s3_bucket.this",
		"remediation": s3.meta["GP-S3-107"].remediation,
	}
}

# --- GP-S3-101 ACLs -------------------------------------------------------------------------

test_acl_resource_denied if {
	inp := with_resources({"aws_s3_bucket_acl": {"this": [{"bucket": "${aws_s3_bucket.this.id}", "acl": "private"}]}})
	some f in s3.deny with input as inp
	f.rule == "GP-S3-101"
	f.resource == "aws_s3_bucket_acl.this"
}

test_acl_attribute_denied if {
	inp := with_resources({"aws_s3_bucket": {"this": [{"bucket": "b", "acl": "public-read"}]}})
	"GP-S3-101" in ids(s3.deny) with input as inp
}

test_no_acl_passes if {
	not "GP-S3-101" in ids(s3.deny) with input as compliant
}

# --- GP-S3-102 ownership ----------------------------------------------------------------------

test_missing_ownership_controls_denied if {
	inp := without("resource/aws_s3_bucket_ownership_controls")
	"GP-S3-102" in ids(s3.deny) with input as inp
}

test_object_writer_ownership_denied if {
	inp := with_resources({"aws_s3_bucket_ownership_controls": {"this": [{"bucket": "${aws_s3_bucket.this.id}", "rule": [{"object_ownership": "ObjectWriter"}]}]}})
	"GP-S3-102" in ids(s3.deny) with input as inp
}

test_ownership_controls_of_another_bucket_do_not_count if {
	inp := with_resources({"aws_s3_bucket_ownership_controls": {"this": [{"bucket": "${aws_s3_bucket.other.id}", "rule": [{"object_ownership": "BucketOwnerEnforced"}]}]}})
	"GP-S3-102" in ids(s3.deny) with input as inp
}

test_ownership_matched_by_literal_bucket_name if {
	inp := object.union(compliant, {"resource": {
		"aws_s3_bucket": {"this": [{"bucket": "acme-orders"}]},
		"aws_s3_bucket_ownership_controls": {"this": [{"bucket": "acme-orders", "rule": [{"object_ownership": "BucketOwnerEnforced"}]}]},
	}})
	not "GP-S3-102" in ids(s3.deny) with input as inp
}

# --- GP-S3-103 / 104 encryption -------------------------------------------------------------

sse(algorithm, bucket_key) := {"aws_s3_bucket_server_side_encryption_configuration": {"this": [{
	"bucket": "${aws_s3_bucket.this.id}",
	"rule": [{
		"apply_server_side_encryption_by_default": [{"sse_algorithm": algorithm}],
		"bucket_key_enabled": bucket_key,
	}],
}]}}

test_sse_s3_denied if {
	inp := with_resources(sse("AES256", false))
	"GP-S3-103" in ids(s3.deny) with input as inp
}

test_missing_encryption_denied if {
	inp := without("resource/aws_s3_bucket_server_side_encryption_configuration")
	"GP-S3-103" in ids(s3.deny) with input as inp
}

test_computed_algorithm_passes if {
	inp := with_resources(sse("${var.sse_algorithm}", true))
	not "GP-S3-103" in ids(s3.deny) with input as inp
}

test_access_log_target_may_use_sse_s3 if {
	inp := object.union(with_resources(sse("AES256", false)), {"resource": {"aws_s3_bucket_logging": {"source": [{
		"bucket": "${aws_s3_bucket.source.id}",
		"target_bucket": "${local.access_log_bucket}",
	}]}}, "locals": [{"access_log_bucket": "${var.create_log_bucket ? aws_s3_bucket.this[0].id : var.access_log_bucket}"}]})
	findings := ids(s3.deny) with input as inp
	not "GP-S3-103" in findings
	not "GP-S3-104" in findings
}

test_bucket_key_off_denied if {
	inp := with_resources(sse("aws:kms", false))
	"GP-S3-104" in ids(s3.deny) with input as inp
}

test_dsse_needs_no_bucket_key if {
	inp := with_resources(sse("aws:kms:dsse", false))
	findings := ids(s3.deny) with input as inp
	not "GP-S3-103" in findings
	not "GP-S3-104" in findings
}

# --- GP-S3-105 / 106 TLS-only policy ----------------------------------------------------------

test_missing_bucket_policy_denied if {
	inp := without("resource/aws_s3_bucket_policy")
	"GP-S3-105" in ids(s3.deny) with input as inp
}

test_policy_without_tls_statement_denied if {
	inp := json.patch(compliant, [{"op": "replace", "path": "/locals/1/bucket_policy_statements", "value": [tls_statements[1]]}])
	"GP-S3-105" in ids(s3.deny) with input as inp
}

test_policy_without_tls12_statement_warns if {
	inp := json.patch(compliant, [{"op": "replace", "path": "/locals/1/bucket_policy_statements", "value": [tls_statements[0]]}])
	"GP-S3-106" in ids(s3.warn) with input as inp
	not "GP-S3-105" in ids(s3.deny) with input as inp
}

document_policy(condition_value) := {
	"resource": {"aws_s3_bucket_policy": {"this": [{"bucket": "${aws_s3_bucket.this.id}", "policy": "${data.aws_iam_policy_document.tls.json}"}]}},
	"data": {"aws_iam_policy_document": {"tls": [{"statement": [
		{
			"sid": "DenyInsecureTransport",
			"effect": "Deny",
			"actions": ["s3:*"],
			"principals": [{"type": "*", "identifiers": ["*"]}],
			"condition": [{"test": "Bool", "variable": "aws:SecureTransport", "values": [condition_value]}],
		},
		{
			"effect": "Deny",
			"actions": ["s3:*"],
			"condition": [{"test": "NumericLessThan", "variable": "s3:TlsVersion", "values": ["1.2"]}],
		},
	]}]}},
}

test_policy_document_with_tls_statement_passes if {
	inp := object.union(compliant, document_policy("false"))
	not "GP-S3-105" in ids(s3.deny) with input as inp
	not "GP-S3-106" in ids(s3.warn) with input as inp
}

test_policy_document_without_tls_statement_denied if {
	inp := object.union(compliant, document_policy("true"))
	"GP-S3-105" in ids(s3.deny) with input as inp
}

test_literal_json_policy if {
	good := json.marshal({"Version": "2012-10-17", "Statement": tls_statements})
	bad := json.marshal({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Principal": "*"}]})
	good_input := with_resources({"aws_s3_bucket_policy": {"this": [{"bucket": "${aws_s3_bucket.this.id}", "policy": good}]}})
	bad_input := with_resources({"aws_s3_bucket_policy": {"this": [{"bucket": "${aws_s3_bucket.this.id}", "policy": bad}]}})
	not "GP-S3-105" in ids(s3.deny) with input as good_input
	"GP-S3-105" in ids(s3.deny) with input as bad_input
}

test_inline_jsonencode_policy if {
	good := "${jsonencode({\n Statement = [{\n Effect = \"Deny\"\n Action = \"s3:*\"\n Condition = { Bool = { \"aws:SecureTransport\" = \"false\" } }\n }]\n })}"
	bad := "${jsonencode({\n Statement = [{\n Effect = \"Allow\"\n Action = \"s3:GetObject\"\n }]\n })}"
	good_input := with_resources({"aws_s3_bucket_policy": {"this": [{"bucket": "${aws_s3_bucket.this.id}", "policy": good}]}})
	bad_input := with_resources({"aws_s3_bucket_policy": {"this": [{"bucket": "${aws_s3_bucket.this.id}", "policy": bad}]}})
	not "GP-S3-105" in ids(s3.deny) with input as good_input
	"GP-S3-105" in ids(s3.deny) with input as bad_input
}

test_opaque_policy_gets_benefit_of_the_doubt if {
	inp := with_resources({"aws_s3_bucket_policy": {"this": [{"bucket": "${aws_s3_bucket.this.id}", "policy": "${var.bucket_policy}"}]}})
	not "GP-S3-105" in ids(s3.deny) with input as inp
	count(s3.warn) == 0 with input as inp
}

# --- GP-S3-107 versioning -----------------------------------------------------------------------

test_missing_versioning_denied if {
	inp := without("resource/aws_s3_bucket_versioning")
	"GP-S3-107" in ids(s3.deny) with input as inp
}

test_suspended_versioning_denied if {
	inp := with_resources({"aws_s3_bucket_versioning": {"this": [{"bucket": "${aws_s3_bucket.this.id}", "versioning_configuration": [{"status": "Suspended"}]}]}})
	"GP-S3-107" in ids(s3.deny) with input as inp
}

test_legacy_inline_versioning_passes if {
	inp := object.union(without("resource/aws_s3_bucket_versioning"), {"resource": {"aws_s3_bucket": {"this": [{"bucket": "b", "versioning": [{"enabled": true}]}]}}})
	not "GP-S3-107" in ids(s3.deny) with input as inp
}

# --- terraform-aws-modules/s3-bucket ------------------------------------------------------------

secure_module := {
	"source": "terraform-aws-modules/s3-bucket/aws",
	"version": "~> 5.15",
	"control_object_ownership": true,
	"object_ownership": "BucketOwnerEnforced",
	"attach_deny_insecure_transport_policy": true,
	"attach_require_latest_tls_policy": true,
	"versioning": {"enabled": true},
	"server_side_encryption_configuration": {"rule": {
		"apply_server_side_encryption_by_default": {"sse_algorithm": "aws:kms", "kms_master_key_id": "${aws_kms_key.this.arn}"},
		"bucket_key_enabled": true,
	}},
}

test_secure_module_passes if {
	inp := {"module": {"events": [secure_module]}}
	count(s3.deny) == 0 with input as inp
	count(s3.warn) == 0 with input as inp
}

test_module_defaults_denied if {
	inp := {"module": {"events": [{"source": "terraform-aws-modules/s3-bucket/aws", "version": "5.15.4"}]}}
	ids(s3.deny) == {"GP-S3-102", "GP-S3-103", "GP-S3-105", "GP-S3-107"} with input as inp
	ids(s3.warn) == {"GP-S3-106"} with input as inp
}

test_module_with_acl_and_no_bucket_key_denied if {
	inp := {"module": {"events": [object.union(secure_module, {
		"acl": "log-delivery-write",
		"server_side_encryption_configuration": {"rule": {"bucket_key_enabled": false}},
	})]}}
	ids(s3.deny) == {"GP-S3-101", "GP-S3-104"} with input as inp
}

test_module_log_bucket_may_use_sse_s3 if {
	inp := {"module": {"logs": [object.union(secure_module, {
		"attach_access_log_delivery_policy": true,
		"server_side_encryption_configuration": {"rule": {"apply_server_side_encryption_by_default": {"sse_algorithm": "AES256"}}},
	})]}}
	count(s3.deny) == 0 with input as inp
}

test_module_submodule_is_not_a_bucket if {
	inp := {"module": {"obj": [{"source": "terraform-aws-modules/s3-bucket/aws//modules/object", "version": "5.15.4"}]}}
	count(s3.deny) == 0 with input as inp
}

test_module_not_created_is_skipped if {
	inp := {"module": {"events": [{"source": "terraform-aws-modules/s3-bucket/aws", "version": "5.15.4", "create_bucket": false}]}}
	count(s3.deny) == 0 with input as inp
}
