# CloudWatch Logs guardrails: every log group is encrypted with a customer-managed KMS key and
# expires its events. The log groups of Lambda functions are left to GP-LAM-103 (goldpath.lambda),
# which reports their retention with the function they belong to.
package goldpath.logs

import rego.v1

import data.goldpath.lib

meta := {
	"GP-LOG-101": {
		"severity": "warn",
		"title": "log groups encrypted with a customer-managed key",
		"remediation": "set kms_key_id to a customer-managed key whose policy allows logs.<region>.amazonaws.com (CloudWatch encrypts with an AWS-owned key otherwise, which no key policy or audit trail of yours controls)",
	},
	"GP-LOG-102": {
		"severity": "deny",
		"title": "log groups expire their events",
		"remediation": "set retention_in_days (e.g. 30 in dev, 90 in staging, 365 in prod); 0 or no value keeps every event forever",
	},
}

finding(id, resource, msg) := lib.finding(id, meta[id], resource, msg)

log_groups contains [name, body] if {
	some name, bodies in object.get(object.get(lib.doc, "resource", {}), "aws_cloudwatch_log_group", {})
	some body in bodies
}

warn contains f if {
	some [name, body] in log_groups
	lib.attr(body, "kms_key_id", null) in {null, ""}
	f := finding("GP-LOG-101", sprintf("aws_cloudwatch_log_group.%s", [name]), sprintf("aws_cloudwatch_log_group.%s is not encrypted with a customer-managed KMS key (no kms_key_id)", [name]))
}

deny contains f if {
	some [name, body] in log_groups
	not name in lib.lambda_log_group_names
	days := lib.attr(body, "retention_in_days", null)
	days in {null, 0}
	f := finding("GP-LOG-102", sprintf("aws_cloudwatch_log_group.%s", [name]), sprintf("aws_cloudwatch_log_group.%s keeps its events forever (%s)", [name, describe(days)]))
}

describe(days) := "no retention_in_days" if days == null

describe(days) := "retention_in_days = 0" if days == 0
