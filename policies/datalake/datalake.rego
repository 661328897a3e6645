# Data lake guardrails for the Glue Data Catalog, Lake Formation and Athena: Athena workgroups
# enforce their configuration, encrypt results with KMS and cap the bytes a query scans; Glue
# crawlers run with a security configuration that encrypts logs, job bookmarks and S3 data with
# KMS; Lake Formation never hands new databases and tables to IAM_ALLOWED_PRINCIPALS; data
# locations are registered with a dedicated role rather than the service-linked role.
package goldpath.datalake

import rego.v1

import data.goldpath.lib

meta := {
	"GP-LAKE-101": {
		"severity": "deny",
		"title": "Athena workgroup enforces its configuration",
		"remediation": "set configuration { enforce_workgroup_configuration = true } so clients cannot send results elsewhere, unencrypted or without the scan cap",
	},
	"GP-LAKE-102": {
		"severity": "deny",
		"title": "Athena query results encrypted with KMS",
		"remediation": "set configuration { result_configuration { encryption_configuration { encryption_option = \"SSE_KMS\" (or \"CSE_KMS\"), kms_key_arn = <customer-managed key> } } }",
	},
	"GP-LAKE-103": {
		"severity": "deny",
		"title": "Athena per-query scan cap",
		"remediation": "set configuration { bytes_scanned_cutoff_per_query = <bytes> } (at least 10485760); without it one query can scan, and bill, the whole lake",
	},
	"GP-LAKE-104": {
		"severity": "deny",
		"title": "Glue crawlers run with a security configuration",
		"remediation": "set security_configuration to an aws_glue_security_configuration that encrypts CloudWatch logs, job bookmarks and S3 data with KMS",
	},
	"GP-LAKE-105": {
		"severity": "deny",
		"title": "Glue security configuration encrypts everything with KMS",
		"remediation": "set cloudwatch_encryption_mode = \"SSE-KMS\", job_bookmarks_encryption_mode = \"CSE-KMS\" and s3_encryption_mode = \"SSE-KMS\", each with a kms_key_arn",
	},
	"GP-LAKE-106": {
		"severity": "deny",
		"title": "no IAM_ALLOWED_PRINCIPALS grants",
		"remediation": "leave create_database_default_permissions and create_table_default_permissions out of aws_lakeformation_data_lake_settings (or give them named principals), drop create_table_default_permission from Glue databases, and grant named principals with aws_lakeformation_permissions",
	},
	"GP-LAKE-107": {
		"severity": "warn",
		"title": "data locations registered with a dedicated role",
		"remediation": "set role_arn on aws_lakeformation_resource to a role scoped to the location and its KMS keys (trusted by lakeformation.amazonaws.com and glue.amazonaws.com) instead of the account-wide service-linked role",
	},
}

finding(id, resource, msg) := lib.finding(id, meta[id], resource, msg)

resources := object.get(lib.doc, "resource", {})

bodies_of(type) := {[sprintf("%s.%s", [type, name]), body] |
	some name, bodies in object.get(resources, type, {})
	some body in bodies
}

# --- Athena workgroups ---------------------------------------------------------------------------

workgroups := bodies_of("aws_athena_workgroup")

# A workgroup whose configuration is built by a dynamic block is not judged.
judged_configuration(wg) := lib.block(wg, "configuration") if not lib.is_dynamic_block(wg, "configuration")

deny contains f if {
	some [address, wg] in workgroups
	config := judged_configuration(wg)
	lib.is_false(lib.attr(config, "enforce_workgroup_configuration", true))
	f := finding("GP-LAKE-101", address, sprintf("%s lets clients override its settings (enforce_workgroup_configuration = false)", [address]))
}

kms_encryption_options := {"SSE_KMS", "CSE_KMS"}

result_encryption(config) := lib.block(lib.block(config, "result_configuration"), "encryption_configuration")

deny contains f if {
	some [address, wg] in workgroups
	config := judged_configuration(wg)
	not lib.is_dynamic_block(config, "result_configuration")
	not lib.is_dynamic_block(lib.block(config, "result_configuration"), "encryption_configuration")
	option := lib.attr(result_encryption(config), "encryption_option", null)
	not lib.is_unknown(option)
	not option in kms_encryption_options
	f := finding("GP-LAKE-102", address, sprintf("%s does not encrypt query results with KMS (%s)", [address, describe_option(option)]))
}

describe_option(option) := "no result encryption" if option == null

describe_option(option) := sprintf("encryption_option = %q", [option]) if option != null

deny contains f if {
	some [address, wg] in workgroups
	config := judged_configuration(wg)
	cutoff := lib.attr(config, "bytes_scanned_cutoff_per_query", null)
	cutoff == null
	f := finding("GP-LAKE-103", address, sprintf("%s has no per-query scan cap (bytes_scanned_cutoff_per_query)", [address]))
}

# --- Glue ----------------------------------------------------------------------------------------

deny contains f if {
	some [address, crawler] in bodies_of("aws_glue_crawler")
	lib.attr(crawler, "security_configuration", null) == null
	f := finding("GP-LAKE-104", address, sprintf("%s runs without a security configuration: its logs are not encrypted with KMS", [address]))
}

# [block, mode attribute, modes accepted]
glue_encryption := [
	["cloudwatch_encryption", "cloudwatch_encryption_mode", {"SSE-KMS"}],
	["job_bookmarks_encryption", "job_bookmarks_encryption_mode", {"CSE-KMS"}],
	["s3_encryption", "s3_encryption_mode", {"SSE-KMS"}],
]

deny contains f if {
	some [address, sc] in bodies_of("aws_glue_security_configuration")
	config := lib.block(sc, "encryption_configuration")
	some [block_name, mode_name, accepted] in glue_encryption
	not lib.is_dynamic_block(config, block_name)
	mode := lib.attr(lib.block(config, block_name), mode_name, "DISABLED")
	not lib.is_unknown(mode)
	not mode in accepted
	f := finding("GP-LAKE-105", address, sprintf("%s does not encrypt with KMS: %s is %q", [address, mode_name, mode]))
}

# --- Lake Formation ------------------------------------------------------------------------------

iam_allowed_principals := "IAM_ALLOWED_PRINCIPALS"

deny contains f if {
	some [address, settings] in bodies_of("aws_lakeformation_data_lake_settings")
	some key in ["create_database_default_permissions", "create_table_default_permissions"]
	some grant in object.get(settings, key, [])
	lib.attr(grant, "principal", null) == iam_allowed_principals
	f := finding("GP-LAKE-106", address, sprintf("%s gives IAM_ALLOWED_PRINCIPALS default permissions (%s): new databases or tables would be open to IAM alone", [address, key]))
}

deny contains f if {
	some [address, db] in bodies_of("aws_glue_catalog_database")
	some grant in object.get(db, "create_table_default_permission", [])
	some principal in object.get(grant, "principal", [])
	lib.attr(principal, "data_lake_principal_identifier", null) == iam_allowed_principals
	f := finding("GP-LAKE-106", address, sprintf("%s gives IAM_ALLOWED_PRINCIPALS default permissions on its new tables: they would be open to IAM alone", [address]))
}

deny contains f if {
	some [address, grant] in bodies_of("aws_lakeformation_permissions")
	lib.attr(grant, "principal", null) == iam_allowed_principals
	f := finding("GP-LAKE-106", address, sprintf("%s grants IAM_ALLOWED_PRINCIPALS: access would be governed by IAM alone, not Lake Formation", [address]))
}

warn contains f if {
	some [address, location] in bodies_of("aws_lakeformation_resource")
	service_linked(location)
	f := finding("GP-LAKE-107", address, sprintf("%s is registered with the Lake Formation service-linked role instead of a dedicated role (role_arn)", [address]))
}

service_linked(location) if lib.is_true(lib.attr(location, "use_service_linked_role", false))

service_linked(location) if {
	not lib.is_unknown(lib.attr(location, "use_service_linked_role", false))
	lib.attr(location, "role_arn", null) == null
}
