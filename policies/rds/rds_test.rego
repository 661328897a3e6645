package goldpath.rds_test

import rego.v1

import data.goldpath.rds

ids(findings) := {f.rule | some f in findings}

# The eks-spark golden path's Airflow database, trimmed to what the rules read.
airflow := {
	"engine": "postgres",
	"storage_encrypted": true,
	"publicly_accessible": false,
	"iam_database_authentication_enabled": true,
	"backup_retention_period": "${var.environment == \"prod\" ? 35 : 7}",
	"deletion_protection": "${var.environment != \"dev\"}",
}

instance(body) := {"resource": {"aws_db_instance": {"db": [body]}}}

cluster(body) := {"resource": {"aws_rds_cluster": {"db": [body]}}}

test_golden_path_database_passes if {
	count(rds.deny) == 0 with input as instance(airflow)
	count(rds.warn) == 0 with input as instance(airflow)
}

secure := object.union(airflow, {"backup_retention_period": 14, "deletion_protection": true})

test_literal_secure_settings_pass if {
	count(rds.deny) == 0 with input as instance(secure)
	count(rds.warn) == 0 with input as instance(secure)
	count(rds.deny) == 0 with input as cluster(object.union(object.remove(secure, ["engine", "publicly_accessible"]), {"engine": "aurora-postgresql"}))
}

# --- GP-RDS-101 -----------------------------------------------------------------------------------

test_missing_deletion_protection_denied_outside_dev if {
	inp := instance(object.remove(secure, ["deletion_protection"]))
	some f in rds.deny with input as inp
	f.rule == "GP-RDS-101"
	f.resource == "aws_db_instance.db"
	f.msg == "aws_db_instance.db has no deletion protection (deletion_protection is not true) (no environment answer or variable: judged as prod, the strictest)"
	some g in rds.deny with input as object.union(inp, {"variable": {"environment": [{"default": "prod"}]}})
	g.msg == "aws_db_instance.db has no deletion protection (deletion_protection is not true) in prod"
	"GP-RDS-101" in ids(rds.deny) with input as cluster(object.union(secure, {"deletion_protection": false}))
	count(rds.deny) == 0 with input as object.union(inp, {"variable": {"environment": [{"default": "dev"}]}})
}

# --- GP-RDS-102 / 105 -----------------------------------------------------------------------------------

test_backups_off_denied if {
	some f in rds.deny with input as instance(object.union(secure, {"backup_retention_period": 0}))
	f.rule == "GP-RDS-102"
	f.msg == "aws_db_instance.db has automated backups off (backup_retention_period = 0)"
}

test_short_or_default_retention_warns if {
	some f in rds.warn with input as instance(object.union(secure, {"backup_retention_period": 3}))
	f.rule == "GP-RDS-105"
	f.severity == "warn"
	f.msg == "aws_db_instance.db keeps automated backups for 3 day(s): less than 7 days"
	"GP-RDS-105" in ids(rds.warn) with input as cluster(object.remove(secure, ["backup_retention_period"]))
	count(rds.deny) == 0 with input as cluster(object.remove(secure, ["backup_retention_period"]))
}

test_replicas_are_not_held_to_backups if {
	count(rds.deny) == 0 with input as instance(object.union(secure, {"backup_retention_period": 0, "replicate_source_db": "${aws_db_instance.primary.identifier}"}))
}

# --- GP-RDS-103 -----------------------------------------------------------------------------------

test_password_only_auth_warns if {
	some f in rds.warn with input as instance(object.remove(secure, ["iam_database_authentication_enabled"]))
	f.rule == "GP-RDS-103"
	"GP-RDS-103" in ids(rds.warn) with input as cluster(object.remove(secure, ["engine", "iam_database_authentication_enabled"]))
}

test_engines_without_iam_auth_pass if {
	count(rds.warn) == 0 with input as instance(object.union(object.remove(secure, ["iam_database_authentication_enabled"]), {"engine": "sqlserver-se"}))
	count(rds.warn) == 0 with input as instance(object.union(object.remove(secure, ["iam_database_authentication_enabled"]), {"engine": "${var.engine}"}))
}

# --- GP-RDS-104 -----------------------------------------------------------------------------------

test_public_database_denied if {
	some f in rds.deny with input as instance(object.union(secure, {"publicly_accessible": true}))
	f.rule == "GP-RDS-104"
	inp := {"resource": {"aws_rds_cluster_instance": {"writer": [{"publicly_accessible": true}]}}}
	{f2.resource | some f2 in rds.deny with input as inp} == {"aws_rds_cluster_instance.writer"}
	count(rds.deny) == 0 with input as instance(object.union(secure, {"publicly_accessible": "${var.public}"}))
}
