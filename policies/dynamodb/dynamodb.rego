# DynamoDB guardrails: tables keep continuous backups (point-in-time recovery). Encryption with
# KMS is goldpath's built-in GP-ENC-001.
package goldpath.dynamodb

import rego.v1

import data.goldpath.lib

meta := {"GP-DDB-101": {
	"severity": "deny",
	"title": "point-in-time recovery",
	"remediation": "add point_in_time_recovery { enabled = true } (35 days of continuous backups by default; recovery_period_in_days shortens it)",
}}

finding(id, resource, msg) := lib.finding(id, meta[id], resource, msg)

recovers(table) if lib.is_dynamic_block(table, "point_in_time_recovery")

recovers(table) if {
	enabled := lib.attr(lib.block(table, "point_in_time_recovery"), "enabled", false)
	not lib.is_false(enabled)
	enabled != null
}

deny contains f if {
	some name, bodies in object.get(object.get(lib.doc, "resource", {}), "aws_dynamodb_table", {})
	some table in bodies
	not recovers(table)
	f := finding("GP-DDB-101", sprintf("aws_dynamodb_table.%s", [name]), sprintf("aws_dynamodb_table.%s has no point-in-time recovery (point_in_time_recovery.enabled is not true)", [name]))
}
