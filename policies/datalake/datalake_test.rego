package goldpath.datalake_test

import rego.v1

import data.goldpath.datalake

ids(findings) := {f.rule | some f in findings}

# The data-lake golden path's workgroup, crawler and security configuration, trimmed to what the rules read.
workgroup := {
	"name": "${local.lake_name}",
	"configuration": [{
		"enforce_workgroup_configuration": true,
		"bytes_scanned_cutoff_per_query": "${local.bytes_scanned_cutoff_per_query}",
		"result_configuration": [{
			"output_location": "${local.results_output_location}",
			"encryption_configuration": [{"encryption_option": "SSE_KMS", "kms_key_arn": "${module.results_bucket.kms_key_arn}"}],
		}],
	}],
}

crawler := {"name": "orders-dev-raw", "security_configuration": "${aws_glue_security_configuration.zone[each.key].name}"}

security_configuration := {"encryption_configuration": [{
	"cloudwatch_encryption": [{"cloudwatch_encryption_mode": "SSE-KMS", "kms_key_arn": "${aws_kms_key.lake.arn}"}],
	"job_bookmarks_encryption": [{"job_bookmarks_encryption_mode": "CSE-KMS", "kms_key_arn": "${aws_kms_key.lake.arn}"}],
	"s3_encryption": [{"s3_encryption_mode": "SSE-KMS", "kms_key_arn": "${each.value.kms_key_arn}"}],
}]}

settings := {"admins": "${var.lake_admins}"}

location := {"arn": "${each.value.bucket_arn}", "role_arn": "${aws_iam_role.lake_registration.arn}", "use_service_linked_role": false}

grant := {"principal": "${each.value.principal}", "permissions": ["DESCRIBE"], "database": [{"name": "orders_dev_raw"}]}

database := {"name": "orders_dev_raw", "location_uri": "s3://orders-raw-dev/"}

lake(overrides) := {"resource": object.union(
	{
		"aws_athena_workgroup": {"this": [workgroup]},
		"aws_glue_crawler": {"zone": [crawler]},
		"aws_glue_security_configuration": {"zone": [security_configuration]},
		"aws_lakeformation_data_lake_settings": {"this": [settings]},
		"aws_lakeformation_resource": {"zone": [location]},
		"aws_lakeformation_permissions": {"consumer": [grant]},
		"aws_glue_catalog_database": {"zone": [database]},
	},
	overrides,
)}

with_config(config) := {"aws_athena_workgroup": {"this": [object.union(workgroup, {"configuration": [config]})]}}

wg_config := workgroup.configuration[0]

test_golden_path_lake_passes if {
	count(datalake.deny) == 0 with input as lake({})
	count(datalake.warn) == 0 with input as lake({})
}

test_literal_secure_settings_pass if {
	literal := object.union(wg_config, {"bytes_scanned_cutoff_per_query": 21474836480})
	count(datalake.deny) == 0 with input as lake(with_config(literal))
	cse := object.union(wg_config, {"result_configuration": [{"encryption_configuration": [{"encryption_option": "CSE_KMS"}]}]})
	count(datalake.deny) == 0 with input as lake(with_config(cse))
}

# --- GP-LAKE-101 -----------------------------------------------------------------------------------

test_workgroup_not_enforcing_denied if {
	inp := lake(with_config(object.union(wg_config, {"enforce_workgroup_configuration": false})))
	some f in datalake.deny with input as inp
	f.rule == "GP-LAKE-101"
	f.resource == "aws_athena_workgroup.this"
	f.msg == "aws_athena_workgroup.this lets clients override its settings (enforce_workgroup_configuration = false)"
	count(datalake.deny) == 1 with input as inp
}

test_enforcement_defaults_to_true if {
	not "GP-LAKE-101" in ids(datalake.deny) with input as lake(with_config(object.remove(wg_config, ["enforce_workgroup_configuration"])))
}

# --- GP-LAKE-102 -----------------------------------------------------------------------------------

test_results_without_kms_denied if {
	sse_s3 := object.union(wg_config, {"result_configuration": [{"encryption_configuration": [{"encryption_option": "SSE_S3"}]}]})
	some f in datalake.deny with input as lake(with_config(sse_s3))
	f.rule == "GP-LAKE-102"
	f.msg == "aws_athena_workgroup.this does not encrypt query results with KMS (encryption_option = \"SSE_S3\")"
}

test_results_without_encryption_denied if {
	plain := object.union(wg_config, {"result_configuration": [{"output_location": "s3://results/"}]})
	some g in datalake.deny with input as lake(with_config(plain))
	g.msg == "aws_athena_workgroup.this does not encrypt query results with KMS (no result encryption)"
}

test_workgroup_without_configuration_denied if {
	inp := lake({"aws_athena_workgroup": {"bare": [{"name": "bare"}]}})
	found := {f.rule | some f in datalake.deny with input as inp; f.resource == "aws_athena_workgroup.bare"}
	found == {"GP-LAKE-102", "GP-LAKE-103"}
}

test_unknown_encryption_option_passes if {
	unknown := object.union(wg_config, {"result_configuration": [{"encryption_configuration": [{"encryption_option": "${var.option}"}]}]})
	count(datalake.deny) == 0 with input as lake(with_config(unknown))
}

# --- GP-LAKE-103 -----------------------------------------------------------------------------------

test_workgroup_without_scan_cap_denied if {
	inp := lake(with_config(object.remove(wg_config, ["bytes_scanned_cutoff_per_query"])))
	some f in datalake.deny with input as inp
	f.rule == "GP-LAKE-103"
	f.msg == "aws_athena_workgroup.this has no per-query scan cap (bytes_scanned_cutoff_per_query)"
	count(datalake.deny) == 1 with input as inp
}

# --- GP-LAKE-104 -----------------------------------------------------------------------------------

test_crawler_without_security_configuration_denied if {
	inp := lake({"aws_glue_crawler": {"zone": [object.remove(crawler, ["security_configuration"])]}})
	some f in datalake.deny with input as inp
	f.rule == "GP-LAKE-104"
	f.resource == "aws_glue_crawler.zone"
	count(datalake.deny) == 1 with input as inp
}

# --- GP-LAKE-105 -----------------------------------------------------------------------------------

test_security_configuration_without_kms_denied if {
	sc := {"encryption_configuration": [{
		"cloudwatch_encryption": [{"cloudwatch_encryption_mode": "DISABLED"}],
		"job_bookmarks_encryption": [{"job_bookmarks_encryption_mode": "CSE-KMS", "kms_key_arn": "${aws_kms_key.lake.arn}"}],
		"s3_encryption": [{"s3_encryption_mode": "SSE-S3"}],
	}]}
	inp := lake({"aws_glue_security_configuration": {"zone": [sc]}})
	msgs := {f.msg | some f in datalake.deny with input as inp; f.rule == "GP-LAKE-105"}
	msgs == {
		"aws_glue_security_configuration.zone does not encrypt with KMS: cloudwatch_encryption_mode is \"DISABLED\"",
		"aws_glue_security_configuration.zone does not encrypt with KMS: s3_encryption_mode is \"SSE-S3\"",
	}
}

test_missing_encryption_block_denied if {
	sc := {"encryption_configuration": [{
		"cloudwatch_encryption": [{"cloudwatch_encryption_mode": "SSE-KMS"}],
		"s3_encryption": [{"s3_encryption_mode": "SSE-KMS"}],
	}]}
	some f in datalake.deny with input as lake({"aws_glue_security_configuration": {"zone": [sc]}})
	f.msg == "aws_glue_security_configuration.zone does not encrypt with KMS: job_bookmarks_encryption_mode is \"DISABLED\""
}

# --- GP-LAKE-106 -----------------------------------------------------------------------------------

test_iam_allowed_principals_defaults_denied if {
	open := {"admins": ["arn:aws:iam::123456789012:role/admin"], "create_table_default_permissions": [{"principal": "IAM_ALLOWED_PRINCIPALS", "permissions": ["ALL"]}]}
	some f in datalake.deny with input as lake({"aws_lakeformation_data_lake_settings": {"this": [open]}})
	f.rule == "GP-LAKE-106"
	f.msg == "aws_lakeformation_data_lake_settings.this gives IAM_ALLOWED_PRINCIPALS default permissions (create_table_default_permissions): new databases or tables would be open to IAM alone"
	named := {"admins": [], "create_database_default_permissions": [{"principal": "arn:aws:iam::123456789012:role/etl", "permissions": ["ALL"]}]}
	count(datalake.deny) == 0 with input as lake({"aws_lakeformation_data_lake_settings": {"this": [named]}})
}

test_iam_allowed_principals_on_database_denied if {
	db := object.union(database, {"create_table_default_permission": [{"permissions": ["ALL"], "principal": [{"data_lake_principal_identifier": "IAM_ALLOWED_PRINCIPALS"}]}]})
	some f in datalake.deny with input as lake({"aws_glue_catalog_database": {"zone": [db]}})
	f.rule == "GP-LAKE-106"
	f.resource == "aws_glue_catalog_database.zone"
}

test_iam_allowed_principals_grant_denied if {
	open := object.union(grant, {"principal": "IAM_ALLOWED_PRINCIPALS"})
	some f in datalake.deny with input as lake({"aws_lakeformation_permissions": {"consumer": [open]}})
	f.rule == "GP-LAKE-106"
	f.msg == "aws_lakeformation_permissions.consumer grants IAM_ALLOWED_PRINCIPALS: access would be governed by IAM alone, not Lake Formation"
}

# --- GP-LAKE-107 -----------------------------------------------------------------------------------

test_service_linked_registration_warns if {
	some f in datalake.warn with input as lake({"aws_lakeformation_resource": {"zone": [{"arn": "${module.raw_zone.bucket_arn}", "use_service_linked_role": true}]}})
	f.rule == "GP-LAKE-107"
	f.severity == "warn"
	some g in datalake.warn with input as lake({"aws_lakeformation_resource": {"zone": [{"arn": "${module.raw_zone.bucket_arn}"}]}})
	g.resource == "aws_lakeformation_resource.zone"
	count(datalake.deny) == 0 with input as lake({"aws_lakeformation_resource": {"zone": [{"arn": "${module.raw_zone.bucket_arn}"}]}})
}

test_unknown_service_linked_choice_passes if {
	count(datalake.warn) == 0 with input as lake({"aws_lakeformation_resource": {"zone": [{"arn": "x", "use_service_linked_role": "${var.slr}"}]}})
}
