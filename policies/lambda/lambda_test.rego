package goldpath.lambda_test

import rego.v1

import data.goldpath.lambda

# The function the lambda-python golden path renders, trimmed to what the rules read.
function := {
	"function_name": "${local.function_name}",
	"runtime": "python3.13",
	"architectures": ["arm64"],
	"environment": [{"variables": {
		"POWERTOOLS_SERVICE_NAME": "${var.name}",
		"ORDERS_TABLE_NAME": "${aws_dynamodb_table.orders.name}",
		"IDEMPOTENCY_TTL_SECONDS": "${tostring(var.idempotency_ttl_seconds)}",
	}}],
	"tracing_config": [{"mode": "Active"}],
	"logging_config": [{"log_format": "JSON", "log_group": "${aws_cloudwatch_log_group.function.name}"}],
	"tags": "${local.tags}",
}

log_group := {
	"name": "${local.function_log_group_name}",
	"retention_in_days": "${local.log_retention_days}",
	"kms_key_id": "${aws_kms_key.this.arn}",
}

module_with(fn, group) := {
	"resource": {
		"aws_lambda_function": {"this": [fn]},
		"aws_cloudwatch_log_group": {"function": [group]},
	},
	"locals": [{"function_name": "${var.name}-${var.environment}", "function_log_group_name": "/aws/lambda/${local.function_name}"}],
}

compliant := module_with(function, log_group)

ids(findings) := {f.rule | some f in findings}

test_compliant_function_has_no_findings if {
	count(lambda.deny) == 0 with input as compliant
}

# --- GP-LAM-101 -----------------------------------------------------------------------------

test_default_architecture_denied if {
	inp := module_with(object.remove(function, ["architectures"]), log_group)
	some f in lambda.deny with input as inp
	f.rule == "GP-LAM-101"
	f.resource == "aws_lambda_function.this"
	f.severity == "deny"
}

test_x86_denied if {
	inp := module_with(object.union(function, {"architectures": ["x86_64"]}), log_group)
	"GP-LAM-101" in ids(lambda.deny) with input as inp
}

test_architecture_from_variable_default if {
	fn := object.union(function, {"architectures": "${var.architectures}"})
	arm := object.union(module_with(fn, log_group), {"variable": {"architectures": [{"default": ["arm64"]}]}})
	x86 := object.union(module_with(fn, log_group), {"variable": {"architectures": [{"default": ["x86_64"]}]}})
	not "GP-LAM-101" in ids(lambda.deny) with input as arm
	"GP-LAM-101" in ids(lambda.deny) with input as x86
}

# --- GP-LAM-102 -----------------------------------------------------------------------------

test_missing_tracing_denied if {
	inp := module_with(object.remove(function, ["tracing_config"]), log_group)
	"GP-LAM-102" in ids(lambda.deny) with input as inp
}

test_passthrough_tracing_denied if {
	inp := module_with(object.union(function, {"tracing_config": [{"mode": "PassThrough"}]}), log_group)
	"GP-LAM-102" in ids(lambda.deny) with input as inp
}

# --- GP-LAM-103 -----------------------------------------------------------------------------

test_missing_log_group_denied if {
	inp := json.remove(compliant, ["resource/aws_cloudwatch_log_group"])
	"GP-LAM-103" in ids(lambda.deny) with input as inp
}

test_log_group_without_retention_denied if {
	inp := module_with(function, object.remove(log_group, ["retention_in_days"]))
	some f in lambda.deny with input as inp
	f.rule == "GP-LAM-103"
	f.resource == "aws_cloudwatch_log_group.function"
}

test_log_group_found_by_name if {
	fn := object.remove(function, ["logging_config"])
	kept := module_with(fn, log_group)
	forever := module_with(fn, object.union(log_group, {"retention_in_days": 0}))
	not "GP-LAM-103" in ids(lambda.deny) with input as kept
	"GP-LAM-103" in ids(lambda.deny) with input as forever
}

test_external_log_group_passes if {
	fn := object.union(function, {"logging_config": [{"log_group": "${var.shared_log_group}"}]})
	inp := json.remove(module_with(fn, log_group), ["resource/aws_cloudwatch_log_group"])
	not "GP-LAM-103" in ids(lambda.deny) with input as inp
}

# --- GP-LAM-104 -----------------------------------------------------------------------------

with_variables(vars) := module_with(object.union(function, {"environment": [{"variables": vars}]}), log_group)

test_secret_named_variable_denied if {
	inp := with_variables({"DB_PASSWORD": "hunter2hunter2"})
	some f in lambda.deny with input as inp
	f.rule == "GP-LAM-104"
	contains(f.msg, "DB_PASSWORD")
}

test_secret_from_variable_denied if {
	inp := with_variables({"stripe-api-key": "${var.stripe_api_key}"})
	"GP-LAM-104" in ids(lambda.deny) with input as inp
}

test_secret_shaped_value_denied if {
	inp := with_variables({"UPSTREAM": "AKIAIOSFODNN7EXAMPLE"})
	"GP-LAM-104" in ids(lambda.deny) with input as inp
}

test_secret_references_pass if {
	inp := with_variables({
		"DB_SECRET_ARN": "${aws_secretsmanager_secret.db.arn}",
		"API_TOKEN_PARAMETER": "/orders/api-token",
		"GITHUB_TOKEN": "${aws_secretsmanager_secret.github.arn}",
		"TOKEN_TTL_SECONDS": "3600",
		"LOG_LEVEL": "INFO",
	})
	not "GP-LAM-104" in ids(lambda.deny) with input as inp
}

# --- terraform-aws-modules/lambda ---------------------------------------------------------------

secure_module := {
	"source": "terraform-aws-modules/lambda/aws",
	"version": "~> 8.8",
	"architectures": ["arm64"],
	"tracing_mode": "Active",
	"attach_tracing_policy": true,
	"cloudwatch_logs_retention_in_days": 30,
	"environment_variables": {"POWERTOOLS_SERVICE_NAME": "orders"},
}

test_secure_module_passes if {
	inp := {"module": {"fn": [secure_module]}}
	count(lambda.deny) == 0 with input as inp
}

test_module_defaults_denied if {
	inp := {"module": {"fn": [{"source": "terraform-aws-modules/lambda/aws", "version": "8.8.1"}]}}
	ids(lambda.deny) == {"GP-LAM-101", "GP-LAM-102", "GP-LAM-103"} with input as inp
}

test_module_secret_variable_denied if {
	inp := {"module": {"fn": [object.union(secure_module, {"environment_variables": {"SLACK_TOKEN": "xoxb-1234567890-abcdef"}})]}}
	ids(lambda.deny) == {"GP-LAM-104"} with input as inp
}

test_module_existing_log_group_passes if {
	inp := {"module": {"fn": [object.union(object.remove(secure_module, ["cloudwatch_logs_retention_in_days"]), {"use_existing_cloudwatch_log_group": true})]}}
	count(lambda.deny) == 0 with input as inp
}

# --- GP-LAM-105 -----------------------------------------------------------------------------

function_url(auth) := object.union(compliant, {"resource": object.union(compliant.resource, {"aws_lambda_function_url": {"this": [{
	"function_name": "${aws_lambda_function.this.function_name}",
	"authorization_type": auth,
}]}})})

test_public_function_url_denied if {
	some f in lambda.deny with input as function_url("NONE")
	f.rule == "GP-LAM-105"
	f.resource == "aws_lambda_function_url.this"
	f.severity == "deny"
}

test_iam_function_url_passes if {
	count(lambda.deny) == 0 with input as function_url("AWS_IAM")
}

test_function_url_auth_from_variable if {
	url := function_url("${var.url_auth}")
	count(lambda.deny) == 0 with input as url
	"GP-LAM-105" in ids(lambda.deny) with input as object.union(url, {"variable": {"url_auth": [{"default": "NONE"}]}})
}

test_module_function_url_defaults_to_public if {
	inp := {"module": {"fn": [object.union(secure_module, {"create_lambda_function_url": true})]}}
	ids(lambda.deny) == {"GP-LAM-105"} with input as inp
	count(lambda.deny) == 0 with input as {"module": {"fn": [object.union(secure_module, {"create_lambda_function_url": true, "authorization_type": "AWS_IAM"})]}}
	count(lambda.deny) == 0 with input as {"module": {"fn": [secure_module]}}
}
