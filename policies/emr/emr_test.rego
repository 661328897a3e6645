package goldpath.emr_test

import rego.v1

import data.goldpath.emr

# The application the emr-serverless golden path renders, trimmed to what the rules read.
application := {
	"name": "${local.app_name}",
	"type": "spark",
	"release_label": "${var.release_label}",
	"architecture": "${local.architecture}",
	"maximum_capacity": [{"cpu": "${var.max_vcpu} vCPU", "memory": "${var.max_memory_gb} GB", "disk": "${var.max_disk_gb} GB"}],
	"auto_start_configuration": [{"enabled": true}],
	"auto_stop_configuration": [{"enabled": true, "idle_timeout_minutes": "${var.idle_timeout_minutes}"}],
	"network_configuration": [{"subnet_ids": "${local.subnet_ids}", "security_group_ids": ["${aws_security_group.emr.id}"]}],
	"runtime_configuration": [{"classification": "spark-defaults", "properties": "${local.spark_defaults}"}],
	"tags": "${local.tags}",
}

module_with(app) := {
	"resource": {
		"aws_emrserverless_application": {"this": [app]},
		"aws_subnet": {"private": [{"vpc_id": "${aws_vpc.this[0].id}", "map_public_ip_on_launch": false}]},
	},
	"locals": [{
		"architecture": "ARM64",
		"subnet_ids": "${var.create_vpc ? aws_subnet.private[*].id : var.subnet_ids}",
		"spark_defaults": {
			"spark.dynamicAllocation.enabled": "true",
			"spark.dynamicAllocation.maxExecutors": "${tostring(var.max_executors)}",
		},
	}],
	"variable": {
		"release_label": [{"default": "emr-7.12.0"}],
		"idle_timeout_minutes": [{"default": 15}],
	},
}

compliant := module_with(application)

ids(findings) := {f.rule | some f in findings}

changed(patch) := module_with(object.union(application, patch))

test_compliant_application_has_no_findings if {
	count(emr.deny) == 0 with input as compliant
}

# --- GP-EMR-101 ---------------------------------------------------------------------------------

test_x86_denied if {
	inp := changed({"architecture": "X86_64"})
	some f in emr.deny with input as inp
	f.rule == "GP-EMR-101"
	f.resource == "aws_emrserverless_application.this"
}

test_default_architecture_denied if {
	inp := module_with(object.remove(application, ["architecture"]))
	"GP-EMR-101" in ids(emr.deny) with input as inp
}

# --- GP-EMR-102 ---------------------------------------------------------------------------------

test_emr6_denied if {
	inp := changed({"release_label": "emr-6.15.0"})
	"GP-EMR-102" in ids(emr.deny) with input as inp
}

test_release_label_from_variable_default if {
	inp := object.union(compliant, {"variable": {"release_label": [{"default": "emr-7.12"}]}})
	"GP-EMR-102" in ids(emr.deny) with input as inp
}

test_computed_release_label_passes if {
	inp := changed({"release_label": "${data.aws_emr_release_labels.this.release_labels[0]}"})
	not "GP-EMR-102" in ids(emr.deny) with input as inp
}

# --- GP-EMR-103 ---------------------------------------------------------------------------------

test_missing_maximum_capacity_denied if {
	inp := module_with(object.remove(application, ["maximum_capacity"]))
	"GP-EMR-103" in ids(emr.deny) with input as inp
}

test_capacity_without_memory_denied if {
	inp := changed({"maximum_capacity": [{"cpu": "48 vCPU"}]})
	"GP-EMR-103" in ids(emr.deny) with input as inp
}

# --- GP-EMR-104 ---------------------------------------------------------------------------------

test_missing_runtime_configuration_denied if {
	inp := module_with(object.remove(application, ["runtime_configuration"]))
	"GP-EMR-104" in ids(emr.deny) with input as inp
}

test_spark_defaults_without_cap_denied if {
	inp := changed({"runtime_configuration": [{"classification": "spark-defaults", "properties": {"spark.executor.memory": "4g"}}]})
	"GP-EMR-104" in ids(emr.deny) with input as inp
}

test_literal_cap_passes if {
	inp := changed({"runtime_configuration": [{"classification": "spark-defaults", "properties": {"spark.dynamicAllocation.maxExecutors": "20"}}]})
	not "GP-EMR-104" in ids(emr.deny) with input as inp
}

test_hive_application_needs_no_spark_cap if {
	inp := module_with(object.union(object.remove(application, ["runtime_configuration"]), {"type": "hive"}))
	not "GP-EMR-104" in ids(emr.deny) with input as inp
}

# --- GP-EMR-105 ---------------------------------------------------------------------------------

test_long_idle_timeout_denied if {
	inp := object.union(compliant, {"variable": {"idle_timeout_minutes": [{"default": 60}]}})
	some f in emr.deny with input as inp
	f.rule == "GP-EMR-105"
	contains(f.msg, "60 idle minutes")
}

test_auto_stop_disabled_denied if {
	inp := changed({"auto_stop_configuration": [{"enabled": false}]})
	"GP-EMR-105" in ids(emr.deny) with input as inp
}

test_aws_default_auto_stop_passes if {
	inp := module_with(object.remove(application, ["auto_stop_configuration"]))
	not "GP-EMR-105" in ids(emr.deny) with input as inp
}

# --- GP-EMR-106 ---------------------------------------------------------------------------------

test_missing_network_configuration_denied if {
	inp := module_with(object.remove(application, ["network_configuration"]))
	"GP-EMR-106" in ids(emr.deny) with input as inp
}

test_public_subnets_denied if {
	vpc_module := changed({"network_configuration": [{"subnet_ids": "${module.vpc.public_subnets}"}]})
	mapped := object.union(compliant, {"resource": {"aws_subnet": {"private": [{"map_public_ip_on_launch": true}]}}})
	"GP-EMR-106" in ids(emr.deny) with input as vpc_module
	"GP-EMR-106" in ids(emr.deny) with input as mapped
}

test_private_module_subnets_pass if {
	inp := changed({"network_configuration": [{"subnet_ids": "${module.vpc.private_subnets}"}]})
	not "GP-EMR-106" in ids(emr.deny) with input as inp
}

# --- terraform-aws-modules/emr//modules/serverless ----------------------------------------------

secure_module := {
	"source": "terraform-aws-modules/emr/aws//modules/serverless",
	"version": "~> 3.2",
	"architecture": "ARM64",
	"release_label": "emr-7.12.0",
	"maximum_capacity": {"cpu": "48 vCPU", "memory": "144 GB"},
	"auto_stop_configuration": {"enabled": true, "idle_timeout_minutes": 15},
	"network_configuration": {"subnet_ids": "${module.vpc.private_subnets}"},
	"runtime_configuration": [{"classification": "spark-defaults", "properties": {"spark.dynamicAllocation.maxExecutors": "20"}}],
}

test_secure_module_passes if {
	inp := {"module": {"spark": [secure_module]}}
	count(emr.deny) == 0 with input as inp
}

test_module_defaults_denied if {
	inp := {"module": {"spark": [{"source": "terraform-aws-modules/emr/aws//modules/serverless", "version": "3.2.0"}]}}
	ids(emr.deny) == {"GP-EMR-101", "GP-EMR-102", "GP-EMR-103", "GP-EMR-104", "GP-EMR-106"} with input as inp
}

test_module_long_idle_timeout_denied if {
	inp := {"module": {"spark": [object.union(secure_module, {"auto_stop_configuration": {"idle_timeout_minutes": 120}})]}}
	ids(emr.deny) == {"GP-EMR-105"} with input as inp
}
