# Lambda guardrails: Graviton (arm64), X-Ray active tracing, a log group with bounded retention,
# and no secrets in environment variables, for every aws_lambda_function of the module and every
# call of the terraform-aws-modules/lambda module.
package goldpath.lambda

import rego.v1

import data.goldpath.lib

meta := {
	"GP-LAM-101": {
		"severity": "deny",
		"title": "Lambda runs on arm64",
		"remediation": "set architectures = [\"arm64\"] (Graviton: about 20% cheaper per GB-second); build native dependencies for arm64 (module: build_in_docker = true)",
	},
	"GP-LAM-102": {
		"severity": "deny",
		"title": "X-Ray tracing Active",
		"remediation": "add tracing_config { mode = \"Active\" } and allow xray:PutTraceSegments (module: tracing_mode = \"Active\", attach_tracing_policy = true)",
	},
	"GP-LAM-103": {
		"severity": "deny",
		"title": "log group with bounded retention",
		"remediation": "create aws_cloudwatch_log_group \"/aws/lambda/<function_name>\" with retention_in_days set (e.g. 30 in dev, 365 in prod) and point logging_config.log_group at it (module: cloudwatch_logs_retention_in_days)",
	},
	"GP-LAM-104": {
		"severity": "deny",
		"title": "no secrets in environment variables",
		"remediation": "keep secrets in Secrets Manager or SSM Parameter Store, pass only the secret's ARN or name (e.g. DB_SECRET_ARN) and read it at run time (Powertools parameters utility)",
	},
	"GP-LAM-105": {
		"severity": "deny",
		"title": "function URLs require IAM auth",
		"remediation": "set authorization_type = \"AWS_IAM\" on aws_lambda_function_url (module: authorization_type = \"AWS_IAM\"), or put the function behind API Gateway with an authorizer; a public webhook needs a goldpath:ignore waiver naming how callers are verified",
	},
}

finding(id, resource, msg) := lib.finding(id, meta[id], resource, msg)

# --- GP-LAM-101 arm64 -------------------------------------------------------------------------

arm64_or_unknown(architectures) if lib.is_unknown(architectures)

arm64_or_unknown(architectures) if {
	is_array(architectures)
	count(architectures) > 0
	every a in architectures {
		arch_ok(lib.value(a))
	}
}

arch_ok(a) if a == "arm64"

arch_ok(a) if lib.is_unknown(a)

deny contains f if {
	some name, bodies in lib.doc.resource.aws_lambda_function
	some fn in bodies
	not arm64_or_unknown(lib.attr(fn, "architectures", null))
	f := finding("GP-LAM-101", sprintf("aws_lambda_function.%s", [name]), sprintf("aws_lambda_function.%s does not run on arm64 (architectures defaults to x86_64)", [name]))
}

# --- GP-LAM-102 tracing -----------------------------------------------------------------------

active_or_unknown(mode) if mode == "Active"

active_or_unknown(mode) if lib.is_unknown(mode)

traced(fn) if active_or_unknown(lib.value(object.get(lib.block(fn, "tracing_config"), "mode", null)))

traced(fn) if lib.is_dynamic_block(fn, "tracing_config")

deny contains f if {
	some name, bodies in lib.doc.resource.aws_lambda_function
	some fn in bodies
	not traced(fn)
	f := finding("GP-LAM-102", sprintf("aws_lambda_function.%s", [name]), sprintf("aws_lambda_function.%s does not use active X-Ray tracing (tracing_config.mode = \"Active\")", [name]))
}

# --- GP-LAM-103 log retention ----------------------------------------------------------------

# The log groups of the module that receive a function's logs: the one logging_config.log_group
# references, or the one named /aws/lambda/<function_name> (shared with goldpath.logs).
function_log_groups(fn) := lib.lambda_log_groups(fn)

# logging_config.log_group names a group this module does not define (a variable, another
# module): its retention cannot be seen here.
external_log_group(fn) if {
	target := lib.value(object.get(lib.block(fn, "logging_config"), "log_group", null))
	lib.is_unknown(target)
	not regex.match(`aws_cloudwatch_log_group\.`, target)
}

bounded(days) if lib.is_unknown(days)

bounded(days) if {
	is_number(days)
	days > 0
}

deny contains f if {
	some name, bodies in lib.doc.resource.aws_lambda_function
	some fn in bodies
	count(function_log_groups(fn)) == 0
	not external_log_group(fn)
	f := finding("GP-LAM-103", sprintf("aws_lambda_function.%s", [name]), sprintf("aws_lambda_function.%s has no log group in the module: Lambda would create /aws/lambda/<name> itself, kept forever", [name]))
}

deny contains f if {
	some name, bodies in lib.doc.resource.aws_lambda_function
	some fn in bodies
	some [group_name, group] in function_log_groups(fn)
	not bounded(lib.attr(group, "retention_in_days", 0))
	f := finding("GP-LAM-103", sprintf("aws_cloudwatch_log_group.%s", [group_name]), sprintf("aws_cloudwatch_log_group.%s (logs of aws_lambda_function.%s) keeps logs forever: set retention_in_days", [group_name, name]))
}

# --- GP-LAM-104 secrets in environment variables ----------------------------------------------

# Names that say "this is a secret", unless they end in a suffix that says "this points at one".
secret_name(key) if {
	k := upper(replace(key, "-", "_"))
	regex.match(`(^|_)(SECRET|SECRETS|PASSWORD|PASSWD|PWD|TOKEN|PASSPHRASE|CREDENTIAL|CREDENTIALS|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|SECRET_?KEY|CLIENT_?SECRET)(_|$)`, k)
	not regex.match(`_(ARN|NAME|ID|PATH|PARAM|PARAMETER|SSM|URI|URL|ENDPOINT|TTL|SECONDS|MINUTES|HOURS|EXPIRY|LENGTH|HEADER|FILE|REGION|TYPE)$`, k)
}

# Values shaped like credentials, whatever their name: AWS access keys, PEM private keys,
# GitHub and Slack tokens.
secret_value(v) if {
	is_string(v)
	regex.match(`^(AKIA|ASIA)[0-9A-Z]{16}$|-----BEGIN [A-Z ]*PRIVATE KEY-----|^gh[pousr]_[A-Za-z0-9]{30,}$|^xox[baprs]-[A-Za-z0-9-]{10,}$`, v)
}

# A reference to a secret's identity (ARN, name, id) rather than its value.
secret_reference(v) if {
	is_string(v)
	regex.match(`^\$\{(aws_secretsmanager_secret|aws_ssm_parameter|data\.aws_secretsmanager_secret|data\.aws_ssm_parameter)\.[A-Za-z0-9_-]+(\[[^\]]*\])?\.(arn|id|name)\}$`, v)
}

offending_variable(key, v) if {
	secret_name(key)
	not v in {"", null}
	not secret_reference(v)
}

offending_variable(_, v) if secret_value(v)

environment_variables(fn) := vars if {
	vars := lib.value(object.get(lib.block(fn, "environment"), "variables", {}))
	is_object(vars)
} else := {}

deny contains f if {
	some name, bodies in lib.doc.resource.aws_lambda_function
	some fn in bodies
	some key, v in environment_variables(fn)
	offending_variable(key, v)
	f := finding("GP-LAM-104", sprintf("aws_lambda_function.%s", [name]), sprintf("aws_lambda_function.%s puts a secret in environment variable %s: anyone allowed lambda:GetFunctionConfiguration can read it", [name, key]))
}

# --- GP-LAM-105 function URLs ---------------------------------------------------------------------

# authorization_type is required on aws_lambda_function_url; "NONE" makes the URL public.
deny contains f if {
	some name, bodies in object.get(object.get(lib.doc, "resource", {}), "aws_lambda_function_url", {})
	some url in bodies
	lib.attr(url, "authorization_type", null) == "NONE"
	f := finding("GP-LAM-105", sprintf("aws_lambda_function_url.%s", [name]), sprintf("aws_lambda_function_url.%s has authorization_type = \"NONE\": anyone on the internet can invoke the function", [name]))
}

# --- the terraform-aws-modules/lambda module ---------------------------------------------------

function_modules contains [name, body] if {
	some [name, body] in lib.registry_module("lambda")
	not lib.is_false(lib.attr(body, "create_function", true))
	not lib.is_false(lib.attr(body, "create", true))
}

deny contains f if {
	some [name, body] in function_modules
	not arm64_or_unknown(lib.attr(body, "architectures", null))
	f := finding("GP-LAM-101", sprintf("module.%s", [name]), sprintf("module.%s does not run on arm64 (architectures defaults to x86_64)", [name]))
}

deny contains f if {
	some [name, body] in function_modules
	not active_or_unknown(lib.attr(body, "tracing_mode", null))
	f := finding("GP-LAM-102", sprintf("module.%s", [name]), sprintf("module.%s does not use active X-Ray tracing (tracing_mode = \"Active\")", [name]))
}

deny contains f if {
	some [name, body] in function_modules
	not lib.is_true(lib.attr(body, "use_existing_cloudwatch_log_group", false))
	object.get(body, "logging_log_group", null) == null
	not bounded(lib.attr(body, "cloudwatch_logs_retention_in_days", null))
	f := finding("GP-LAM-103", sprintf("module.%s", [name]), sprintf("module.%s keeps its logs forever: set cloudwatch_logs_retention_in_days", [name]))
}

deny contains f if {
	some [name, body] in function_modules
	vars := lib.attr(body, "environment_variables", {})
	is_object(vars)
	some key, v in vars
	offending_variable(key, v)
	f := finding("GP-LAM-104", sprintf("module.%s", [name]), sprintf("module.%s puts a secret in environment variable %s: anyone allowed lambda:GetFunctionConfiguration can read it", [name, key]))
}

# The module creates a function URL with create_lambda_function_url = true; its authorization_type
# defaults to "NONE".
deny contains f if {
	some [name, body] in function_modules
	lib.is_true(lib.attr(body, "create_lambda_function_url", false))
	lib.attr(body, "authorization_type", "NONE") == "NONE"
	f := finding("GP-LAM-105", sprintf("module.%s", [name]), sprintf("module.%s creates a function URL without IAM auth (authorization_type defaults to \"NONE\")", [name]))
}
