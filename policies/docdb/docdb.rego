# DocumentDB guardrails for aws_docdb_cluster and its cluster parameter group: deletion
# protection outside dev, encryption with a customer-managed key, TLS, audit and profiler logs,
# a week of backups, a final snapshot outside dev, and no master password in the configuration.
package goldpath.docdb

import rego.v1

import data.goldpath.lib

meta := {
	"GP-DOCDB-101": {
		"severity": "deny",
		"title": "deletion protection (staging, prod)",
		"remediation": "set deletion_protection = true (e.g. deletion_protection = var.environment != \"dev\"); turning it off is then a reviewed change",
	},
	"GP-DOCDB-102": {
		"severity": "deny",
		"title": "storage encrypted with a customer-managed key",
		"remediation": "set storage_encrypted = true and kms_key_id to a customer-managed KMS key with rotation (the default aws/rds key cannot be scoped or audited per service)",
	},
	"GP-DOCDB-103": {
		"severity": "deny",
		"title": "TLS required",
		"remediation": "set the cluster parameter group's tls parameter to enabled (or tls1.2+, tls1.3+, fips-140-3); clients then must connect with TLS",
	},
	"GP-DOCDB-104": {
		"severity": "deny",
		"title": "audit and profiler logs exported",
		"remediation": "set enabled_cloudwatch_logs_exports = [\"audit\", \"profiler\"] and the audit_logs and profiler parameters in the cluster parameter group, with log groups that have a retention",
	},
	"GP-DOCDB-105": {
		"severity": "deny",
		"title": "backups kept a week",
		"remediation": "set backup_retention_period to at least 7 days (up to 35); unset, the API keeps 1 day",
	},
	"GP-DOCDB-106": {
		"severity": "deny",
		"title": "final snapshot (staging, prod)",
		"remediation": "set skip_final_snapshot = false and a final_snapshot_identifier, so deleting the cluster keeps its data",
	},
	"GP-DOCDB-107": {
		"severity": "deny",
		"title": "no master password in the configuration",
		"remediation": "remove master_password and set manage_master_user_password = true: DocumentDB then keeps the password in Secrets Manager and rotates it, and it never reaches the Terraform state",
	},
}

finding(id, resource, msg) := lib.finding(id, meta[id], resource, msg)

resources := object.get(lib.doc, "resource", {})

clusters contains [sprintf("aws_docdb_cluster.%s", [name]), body] if {
	some name, bodies in object.get(resources, "aws_docdb_cluster", {})
	some body in bodies
}

parameter_groups contains [sprintf("aws_docdb_cluster_parameter_group.%s", [name]), body] if {
	some name, bodies in object.get(resources, "aws_docdb_cluster_parameter_group", {})
	some body in bodies
}

# A secondary cluster of a global cluster or one restored from a snapshot takes some settings
# from its source; the rules that need an explicit value leave them out.
derived(cluster) if lib.attr(cluster, "snapshot_identifier", null) != null

derived(cluster) if lib.attr(cluster, "global_cluster_identifier", null) != null

# Known false: a literal false, or absent when the default is false.
known_not_true(v) if {
	not lib.is_true(v)
	not lib.is_unknown(v)
}

# --- GP-DOCDB-101 deletion protection ---------------------------------------------------------

deny contains f if {
	lib.is_protected_environment
	some [address, cluster] in clusters
	known_not_true(lib.attr(cluster, "deletion_protection", false))
	f := finding("GP-DOCDB-101", address, sprintf("%s has no deletion protection (deletion_protection is not true) %s", [address, lib.environment_phrase]))
}

# --- GP-DOCDB-102 encryption ----------------------------------------------------------------------

deny contains f if {
	some [address, cluster] in clusters
	not derived(cluster)
	known_not_true(lib.attr(cluster, "storage_encrypted", false))
	f := finding("GP-DOCDB-102", address, sprintf("%s does not encrypt its storage (storage_encrypted is not true)", [address]))
}

deny contains f if {
	some [address, cluster] in clusters
	not derived(cluster)
	lib.is_true(lib.attr(cluster, "storage_encrypted", false))
	lib.attr(cluster, "kms_key_id", null) == null
	f := finding("GP-DOCDB-102", address, sprintf("%s encrypts with the AWS-managed key (no kms_key_id): use a customer-managed key", [address]))
}

# --- GP-DOCDB-103 TLS -----------------------------------------------------------------------------

deny contains f if {
	some [address, group] in parameter_groups
	some parameter in object.get(group, "parameter", [])
	lib.attr(parameter, "name", null) == "tls"
	lib.attr(parameter, "value", null) == "disabled"
	f := finding("GP-DOCDB-103", address, sprintf("%s turns TLS off (tls = disabled)", [address]))
}

# --- GP-DOCDB-104 logs ------------------------------------------------------------------------------

required_exports := {"audit", "profiler"}

deny contains f if {
	some [address, cluster] in clusters
	exports := lib.attr(cluster, "enabled_cloudwatch_logs_exports", [])
	is_array(exports)
	missing := required_exports - {e | some e in exports}
	count(missing) > 0
	f := finding("GP-DOCDB-104", address, sprintf("%s does not export the %s log(s) (enabled_cloudwatch_logs_exports)", [address, concat(" and ", sort(missing))]))
}

# A parameter group that sets audit_logs or profiler turns them off explicitly.
deny contains f if {
	some [address, group] in parameter_groups
	some parameter in object.get(group, "parameter", [])
	name := lib.attr(parameter, "name", null)
	name in {"audit_logs", "profiler"}
	lib.attr(parameter, "value", null) == "disabled"
	f := finding("GP-DOCDB-104", address, sprintf("%s turns the %s off (%s = disabled)", [address, describe_log[name], name]))
}

describe_log := {"audit_logs": "audit log", "profiler": "profiler"}

# --- GP-DOCDB-105 backups ------------------------------------------------------------------------

deny contains f if {
	some [address, cluster] in clusters
	days := lib.attr(cluster, "backup_retention_period", null)
	short_retention(days)
	f := finding("GP-DOCDB-105", address, sprintf("%s keeps automated backups %s: less than 7 days", [address, describe_retention(days)]))
}

short_retention(days) if days == null

short_retention(days) if {
	is_number(days)
	days < 7
}

describe_retention(days) := "for 1 day (no backup_retention_period; the API default)" if days == null

describe_retention(days) := sprintf("for %d day(s)", [days]) if is_number(days)

# --- GP-DOCDB-106 final snapshot -----------------------------------------------------------------

deny contains f if {
	lib.is_protected_environment
	some [address, cluster] in clusters
	lib.is_true(lib.attr(cluster, "skip_final_snapshot", false))
	f := finding("GP-DOCDB-106", address, sprintf("%s is deleted without a final snapshot (skip_final_snapshot = true) %s", [address, lib.environment_phrase]))
}

deny contains f if {
	lib.is_protected_environment
	some [address, cluster] in clusters
	not lib.is_true(lib.attr(cluster, "skip_final_snapshot", false))
	not lib.is_unknown(lib.attr(cluster, "skip_final_snapshot", false))
	lib.attr(cluster, "final_snapshot_identifier", null) == null
	f := finding("GP-DOCDB-106", address, sprintf("%s has no final_snapshot_identifier, so deleting it fails or keeps no snapshot %s", [address, lib.environment_phrase]))
}

# --- GP-DOCDB-107 master password -------------------------------------------------------------

deny contains f if {
	some [address, cluster] in clusters
	object.get(cluster, "master_password", null) != null
	f := finding("GP-DOCDB-107", address, sprintf("%s sets master_password, which Terraform keeps in its state in plain text", [address]))
}
