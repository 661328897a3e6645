# RDS guardrails for aws_db_instance and aws_rds_cluster: deletion protection outside dev,
# automated backups on and kept at least a week, IAM database authentication, and no public endpoint.
# Storage encryption is goldpath's built-in GP-ENC-001.
package goldpath.rds

import rego.v1

import data.goldpath.lib

meta := {
	"GP-RDS-101": {
		"severity": "deny",
		"title": "deletion protection (staging, prod)",
		"remediation": "set deletion_protection = true (e.g. deletion_protection = var.environment != \"dev\"); turning it off is then a reviewed change",
	},
	"GP-RDS-102": {
		"severity": "deny",
		"title": "automated backups on",
		"remediation": "set backup_retention_period to at least 7 days (up to 35); 0 turns automated backups and point-in-time restore off",
	},
	"GP-RDS-103": {
		"severity": "warn",
		"title": "IAM database authentication",
		"remediation": "set iam_database_authentication_enabled = true and let applications connect with rds-db:connect tokens instead of long-lived passwords",
	},
	"GP-RDS-104": {
		"severity": "deny",
		"title": "databases not publicly accessible",
		"remediation": "set publicly_accessible = false and reach the database from inside the VPC (private subnets, a bastion or SSM port forwarding, RDS Proxy)",
	},
	"GP-RDS-105": {
		"severity": "warn",
		"title": "backups kept a week",
		"remediation": "set backup_retention_period to at least 7 days (up to 35), so a problem found after a weekend can still be restored from",
	},
}

finding(id, resource, msg) := lib.finding(id, meta[id], resource, msg)

resources := object.get(lib.doc, "resource", {})

databases contains [sprintf("%s.%s", [type, name]), body] if {
	some type in ["aws_db_instance", "aws_rds_cluster"]
	some name, bodies in object.get(resources, type, {})
	some body in bodies
}

# --- GP-RDS-101 deletion protection ---------------------------------------------------------------

deny contains f if {
	lib.is_protected_environment
	some [address, db] in databases
	protection := lib.attr(db, "deletion_protection", false)
	not lib.is_true(protection)
	not lib.is_unknown(protection)
	f := finding("GP-RDS-101", address, sprintf("%s has no deletion protection (deletion_protection is not true) %s", [address, lib.environment_phrase]))
}

# --- GP-RDS-102 / 105 backups -----------------------------------------------------------------------------

# Read replicas take no automated backups of their own in most engines: they are left out.
replica(db) if lib.attr(db, "replicate_source_db", null) != null

deny contains f if {
	some [address, db] in databases
	not replica(db)
	lib.attr(db, "backup_retention_period", null) == 0
	f := finding("GP-RDS-102", address, sprintf("%s has automated backups off (backup_retention_period = 0)", [address]))
}

warn contains f if {
	some [address, db] in databases
	not replica(db)
	days := lib.attr(db, "backup_retention_period", null)
	short_retention(days)
	f := finding("GP-RDS-105", address, sprintf("%s keeps automated backups %s: less than 7 days", [address, describe_retention(days)]))
}

short_retention(days) if days == null

short_retention(days) if {
	is_number(days)
	days > 0
	days < 7
}

describe_retention(days) := "for 1 day (no backup_retention_period; the API default)" if days == null

describe_retention(days) := sprintf("for %d day(s)", [days]) if is_number(days)

# --- GP-RDS-103 IAM authentication -----------------------------------------------------------------

# Engines that support IAM database authentication (aws_rds_cluster defaults to "aurora").
iam_auth_engines := {"aurora", "aurora-mysql", "aurora-postgresql", "mariadb", "mysql", "postgres"}

supports_iam_auth(type, db) if {
	engine := lib.attr(db, "engine", default_engine[type])
	engine in iam_auth_engines
}

default_engine := {"aws_db_instance": null, "aws_rds_cluster": "aurora"}

warn contains f if {
	some [address, db] in databases
	type := split(address, ".")[0]
	supports_iam_auth(type, db)
	enabled := lib.attr(db, "iam_database_authentication_enabled", false)
	not lib.is_true(enabled)
	not lib.is_unknown(enabled)
	f := finding("GP-RDS-103", address, sprintf("%s does not enable IAM database authentication (iam_database_authentication_enabled is not true)", [address]))
}

# --- GP-RDS-104 public access ---------------------------------------------------------------------

deny contains f if {
	some type in ["aws_db_instance", "aws_rds_cluster_instance"]
	some name, bodies in object.get(resources, type, {})
	some db in bodies
	lib.is_true(lib.attr(db, "publicly_accessible", false))
	address := sprintf("%s.%s", [type, name])
	f := finding("GP-RDS-104", address, sprintf("%s is publicly accessible (publicly_accessible = true)", [address]))
}
