package goldpath.logs_test

import rego.v1

import data.goldpath.logs

ids(findings) := {f.rule | some f in findings}

group(body) := {"resource": {"aws_cloudwatch_log_group": {"app": [object.union({"name": "/acme/app"}, body)]}}}

test_encrypted_group_with_retention_passes if {
	inp := group({"retention_in_days": 30, "kms_key_id": "${aws_kms_key.logs.arn}"})
	count(logs.deny) == 0 with input as inp
	count(logs.warn) == 0 with input as inp
}

test_group_without_kms_key_warns if {
	some f in logs.warn with input as group({"retention_in_days": 30})
	f.rule == "GP-LOG-101"
	f.resource == "aws_cloudwatch_log_group.app"
	f.severity == "warn"
	count(logs.deny) == 0 with input as group({"retention_in_days": 30})
}

test_group_without_retention_denied if {
	some f in logs.deny with input as group({"kms_key_id": "${var.kms_key_arn}"})
	f.rule == "GP-LOG-102"
	f.msg == "aws_cloudwatch_log_group.app keeps its events forever (no retention_in_days)"
	"GP-LOG-102" in ids(logs.deny) with input as group({"retention_in_days": 0, "kms_key_id": "${var.kms_key_arn}"})
}

test_retention_from_locals_and_unknowns if {
	inp := object.union(group({"retention_in_days": "${local.days}", "kms_key_id": "${var.k}"}), {"locals": [{"days": 0}]})
	"GP-LOG-102" in ids(logs.deny) with input as inp
	count(logs.deny) == 0 with input as group({"retention_in_days": "${var.days}", "kms_key_id": "${var.k}"})
	count(logs.deny) == 0 with input as group({"retention_in_days": "${var.environment == \"prod\" ? 365 : 30}", "kms_key_id": "${var.k}"})
}

# A Lambda function's own log group is reported by GP-LAM-103, not twice.
test_lambda_log_group_left_to_lambda_policy if {
	inp := {"resource": {
		"aws_lambda_function": {"fn": [{"function_name": "orders", "logging_config": [{"log_group": "${aws_cloudwatch_log_group.fn.name}"}]}]},
		"aws_cloudwatch_log_group": {"fn": [{"name": "/aws/lambda/orders", "kms_key_id": "${var.k}"}], "other": [{"name": "/acme/other", "kms_key_id": "${var.k}"}]},
	}}
	{f.resource | some f in logs.deny with input as inp} == {"aws_cloudwatch_log_group.other"}
}
