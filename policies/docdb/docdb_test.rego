package goldpath.docdb_test

import rego.v1

import data.goldpath.docdb

ids(findings) := {f.rule | some f in findings}

# The documentdb-events golden path's cluster, trimmed to what the rules read.
golden := {
	"storage_encrypted": true,
	"kms_key_id": "${aws_kms_key.service.arn}",
	"manage_master_user_password": true,
	"master_username": "docdbadmin",
	"enabled_cloudwatch_logs_exports": ["audit", "profiler"],
	"backup_retention_period": "${var.backup_retention_days}",
	"deletion_protection": "${local.deletion_protection}",
	"skip_final_snapshot": false,
	"final_snapshot_identifier": "${local.cluster_identifier}-final",
}

parameters := {
	"family": "docdb5.0",
	"parameter": [
		{"name": "tls", "value": "enabled"},
		{"name": "audit_logs", "value": "enabled"},
		{"name": "profiler", "value": "enabled"},
	],
}

module(cluster, group) := {"resource": {
	"aws_docdb_cluster": {"this": [cluster]},
	"aws_docdb_cluster_parameter_group": {"this": [group]},
}}

in_env(doc, env) := object.union(doc, {"variable": {"environment": [{"default": env}]}})

secure := object.union(golden, {"backup_retention_period": 14, "deletion_protection": true})

test_golden_path_cluster_passes if {
	count(docdb.deny) == 0 with input as module(golden, parameters)
	count(docdb.deny) == 0 with input as module(secure, parameters)
}

# --- GP-DOCDB-101 ---------------------------------------------------------------------------------

test_missing_deletion_protection_denied_outside_dev if {
	inp := module(object.remove(secure, ["deletion_protection"]), parameters)
	some f in docdb.deny with input as in_env(inp, "prod")
	f.rule == "GP-DOCDB-101"
	f.resource == "aws_docdb_cluster.this"
	f.msg == "aws_docdb_cluster.this has no deletion protection (deletion_protection is not true) in prod"
	"GP-DOCDB-101" in ids(docdb.deny) with input as in_env(module(object.union(secure, {"deletion_protection": false}), parameters), "staging")
	count(docdb.deny) == 0 with input as in_env(inp, "dev")
}

# --- GP-DOCDB-102 ---------------------------------------------------------------------------------

test_unencrypted_storage_denied if {
	some f in docdb.deny with input as module(object.union(secure, {"storage_encrypted": false}), parameters)
	f.rule == "GP-DOCDB-102"
	f.msg == "aws_docdb_cluster.this does not encrypt its storage (storage_encrypted is not true)"
	"GP-DOCDB-102" in ids(docdb.deny) with input as module(object.remove(secure, ["storage_encrypted"]), parameters)
}

test_aws_managed_key_denied if {
	some f in docdb.deny with input as module(object.remove(secure, ["kms_key_id"]), parameters)
	f.rule == "GP-DOCDB-102"
	contains(f.msg, "AWS-managed key")
}

test_restored_clusters_are_not_held_to_encryption if {
	restored := object.union(object.remove(secure, ["storage_encrypted", "kms_key_id"]), {"snapshot_identifier": "snap-1"})
	not "GP-DOCDB-102" in ids(docdb.deny) with input as module(restored, parameters)
}

# --- GP-DOCDB-103 ---------------------------------------------------------------------------------

test_tls_disabled_denied if {
	group := {"family": "docdb5.0", "parameter": [{"name": "tls", "value": "disabled"}]}
	some f in docdb.deny with input as module(secure, group)
	f.rule == "GP-DOCDB-103"
	f.resource == "aws_docdb_cluster_parameter_group.this"
	count(docdb.deny) == 0 with input as module(secure, {"family": "docdb5.0", "parameter": [{"name": "tls", "value": "tls1.3+"}]})
}

# --- GP-DOCDB-104 ---------------------------------------------------------------------------------

test_missing_log_exports_denied if {
	some f in docdb.deny with input as module(object.union(secure, {"enabled_cloudwatch_logs_exports": ["audit"]}), parameters)
	f.rule == "GP-DOCDB-104"
	f.msg == "aws_docdb_cluster.this does not export the profiler log(s) (enabled_cloudwatch_logs_exports)"
	some g in docdb.deny with input as module(object.remove(secure, ["enabled_cloudwatch_logs_exports"]), parameters)
	g.msg == "aws_docdb_cluster.this does not export the audit and profiler log(s) (enabled_cloudwatch_logs_exports)"
}

test_audit_logs_turned_off_denied if {
	group := {"family": "docdb5.0", "parameter": [{"name": "audit_logs", "value": "disabled"}]}
	some f in docdb.deny with input as module(secure, group)
	f.rule == "GP-DOCDB-104"
	f.msg == "aws_docdb_cluster_parameter_group.this turns the audit log off (audit_logs = disabled)"
}

# --- GP-DOCDB-105 ---------------------------------------------------------------------------------

test_short_or_default_backup_retention_denied if {
	some f in docdb.deny with input as module(object.union(secure, {"backup_retention_period": 3}), parameters)
	f.rule == "GP-DOCDB-105"
	f.msg == "aws_docdb_cluster.this keeps automated backups for 3 day(s): less than 7 days"
	"GP-DOCDB-105" in ids(docdb.deny) with input as module(object.remove(secure, ["backup_retention_period"]), parameters)
	count(docdb.deny) == 0 with input as module(object.union(secure, {"backup_retention_period": 7}), parameters)
}

# --- GP-DOCDB-106 ---------------------------------------------------------------------------------

test_skipped_final_snapshot_denied_outside_dev if {
	inp := module(object.union(secure, {"skip_final_snapshot": true}), parameters)
	some f in docdb.deny with input as in_env(inp, "prod")
	f.rule == "GP-DOCDB-106"
	"GP-DOCDB-106" in ids(docdb.deny) with input as in_env(module(object.remove(secure, ["final_snapshot_identifier"]), parameters), "staging")
	count(docdb.deny) == 0 with input as in_env(inp, "dev")
}

# --- GP-DOCDB-107 ---------------------------------------------------------------------------------

test_master_password_denied if {
	with_password := object.union(object.remove(secure, ["manage_master_user_password"]), {"master_password": "${var.master_password}"})
	some f in docdb.deny with input as module(with_password, parameters)
	f.rule == "GP-DOCDB-107"
	f.msg == "aws_docdb_cluster.this sets master_password, which Terraform keeps in its state in plain text"
}
