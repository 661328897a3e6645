# EMR Serverless guardrails: Graviton (ARM64), an exact emr-7.x release label, a maximum capacity,
# a cap on Spark executors, a short auto-stop idle timeout and workers in private subnets, for
# every aws_emrserverless_application of the module and every call of the
# terraform-aws-modules/emr serverless submodule.
package goldpath.emr

import rego.v1

import data.goldpath.lib

meta := {
	"GP-EMR-101": {
		"severity": "deny",
		"title": "EMR Serverless on ARM64",
		"remediation": "set architecture = \"ARM64\" (Graviton workers cost about 20% less); custom images must be built for arm64",
	},
	"GP-EMR-102": {
		"severity": "deny",
		"title": "release label pinned to emr-7.x",
		"remediation": "set release_label to an exact emr-7 release such as \"emr-7.12.0\"; a new release is a reviewed change",
	},
	"GP-EMR-103": {
		"severity": "deny",
		"title": "maximum capacity set",
		"remediation": "add maximum_capacity { cpu = \"48 vCPU\", memory = \"144 GB\" } sized as workers x worker size: it caps what the application can bill",
	},
	"GP-EMR-104": {
		"severity": "deny",
		"title": "Spark executors capped",
		"remediation": "add runtime_configuration { classification = \"spark-defaults\", properties = { \"spark.dynamicAllocation.maxExecutors\" = \"20\" } }: dynamic allocation is unbounded by default",
	},
	"GP-EMR-105": {
		"severity": "deny",
		"title": "auto-stop after at most 30 idle minutes",
		"remediation": "set auto_stop_configuration { enabled = true, idle_timeout_minutes = 15 } (at most 30)",
	},
	"GP-EMR-106": {
		"severity": "deny",
		"title": "workers in private subnets",
		"remediation": "add network_configuration { subnet_ids = <private subnets>, security_group_ids = [...] } with subnets that do not map public IPs",
	},
}

finding(id, resource, msg) := lib.finding(id, meta[id], resource, msg)

max_idle_minutes := 30

applications contains [sprintf("aws_emrserverless_application.%s", [name]), app] if {
	some name, bodies in lib.doc.resource.aws_emrserverless_application
	some app in bodies
}

# --- GP-EMR-101 ARM64 -------------------------------------------------------------------------

arm64_or_unknown(a) if a == "ARM64"

arm64_or_unknown(a) if lib.is_unknown(a)

deny contains f if {
	some [address, app] in applications
	not arm64_or_unknown(lib.attr(app, "architecture", null))
	f := finding("GP-EMR-101", address, sprintf("%s does not run on ARM64 (architecture defaults to X86_64)", [address]))
}

# --- GP-EMR-102 release label -------------------------------------------------------------------

pinned_emr7(label) if lib.is_unknown(label)

pinned_emr7(label) if {
	is_string(label)
	regex.match(`^emr-7\.[0-9]+\.[0-9]+$`, label)
}

deny contains f if {
	some [address, app] in applications
	label := lib.attr(app, "release_label", null)
	not pinned_emr7(label)
	f := finding("GP-EMR-102", address, sprintf("%s uses release label %s: it must be an exact emr-7.x.y release", [address, json.marshal(label)]))
}

# --- GP-EMR-103 maximum capacity ----------------------------------------------------------------

capacity_set(capacity) if lib.is_unknown(capacity)

capacity_set(capacity) if {
	is_object(capacity)
	object.get(capacity, "cpu", null) != null
	object.get(capacity, "memory", null) != null
}

application_capacity(app) := lib.value(lib.block(app, "maximum_capacity")) if not lib.is_dynamic_block(app, "maximum_capacity")

application_capacity(app) := "${dynamic}" if lib.is_dynamic_block(app, "maximum_capacity")

deny contains f if {
	some [address, app] in applications
	not capacity_set(application_capacity(app))
	f := finding("GP-EMR-103", address, sprintf("%s has no maximum_capacity with cpu and memory: its spend is unbounded", [address]))
}

# --- GP-EMR-104 spark.dynamicAllocation.maxExecutors ---------------------------------------------

spark_application(type) if lib.is_unknown(type)

spark_application(type) if {
	is_string(type)
	lower(type) == "spark"
}

# The executor cap from a list of runtime configurations ({classification, properties}).
executors_capped(configurations) if {
	some c in configurations
	is_object(c)
	lib.value(object.get(c, "classification", null)) == "spark-defaults"
	properties := lib.value(object.get(c, "properties", null))
	cap_set(properties)
}

# A configuration whose classification is computed might be spark-defaults.
executors_capped(configurations) if {
	some c in configurations
	is_object(c)
	lib.is_unknown(lib.value(object.get(c, "classification", null)))
}

cap_set(properties) if lib.is_unknown(properties)

cap_set(properties) if {
	is_object(properties)
	cap := lib.value(properties["spark.dynamicAllocation.maxExecutors"])
	positive_count(cap)
}

positive_count(v) if lib.is_unknown(v)

positive_count(v) if {
	is_number(v)
	v >= 1
}

positive_count(v) if {
	is_string(v)
	regex.match(`^[1-9][0-9]*$`, v)
}

deny contains f if {
	some [address, app] in applications
	spark_application(lib.attr(app, "type", "spark"))
	not lib.is_dynamic_block(app, "runtime_configuration")
	not executors_capped(object.get(app, "runtime_configuration", []))
	f := finding("GP-EMR-104", address, sprintf("%s does not cap Spark executors: set spark.dynamicAllocation.maxExecutors in a spark-defaults runtime_configuration", [address]))
}

# --- GP-EMR-105 auto-stop ------------------------------------------------------------------------

# Without the block AWS applies its default (enabled, 15 minutes), which complies.
auto_stop_violation(stop) := "auto-stop is disabled" if {
	lib.is_false(lib.value(object.get(stop, "enabled", true)))
} else := sprintf("it stops only after %v idle minutes (at most %v)", [minutes, max_idle_minutes]) if {
	minutes := lib.value(object.get(stop, "idle_timeout_minutes", 15))
	is_number(minutes)
	minutes > max_idle_minutes
}

deny contains f if {
	some [address, app] in applications
	stop := lib.block(app, "auto_stop_configuration")
	why := auto_stop_violation(stop)
	f := finding("GP-EMR-105", address, sprintf("%s does not stop when idle: %s", [address, why]))
}

# --- GP-EMR-106 private network ------------------------------------------------------------------

# A reason the subnets are not private, or undefined when they are (or cannot be known).
subnet_problem(subnets) := "it names no subnets" if {
	subnets in {null, []}
} else := "it uses public subnets" if {
	some s in lib.as_list(subnets)
	is_string(s)
	public_subnet_reference(s)
}

public_subnet_reference(text) if regex.match(`\bpublic_subnets\b`, text)

public_subnet_reference(text) if {
	some m in regex.find_all_string_submatch_n(`aws_subnet\.([A-Za-z0-9_-]+)`, text, -1)
	some subnet in lib.doc.resource.aws_subnet[m[1]]
	lib.is_true(lib.value(object.get(subnet, "map_public_ip_on_launch", false)))
}

deny contains f if {
	some [address, app] in applications
	not lib.has_block(app, "network_configuration")
	f := finding("GP-EMR-106", address, sprintf("%s has no network_configuration: workers must run in the VPC's private subnets", [address]))
}

deny contains f if {
	some [address, app] in applications
	network := lib.block(app, "network_configuration")
	network != {}
	why := subnet_problem(lib.value(object.get(network, "subnet_ids", null)))
	f := finding("GP-EMR-106", address, sprintf("%s network_configuration is not private: %s", [address, why]))
}

# --- the terraform-aws-modules/emr serverless submodule --------------------------------------------

serverless_modules contains [sprintf("module.%s", [name]), body] if {
	some [name, body] in lib.registry_submodule("emr", "serverless")
	not lib.is_false(lib.attr(body, "create", true))
}

deny contains f if {
	some [address, body] in serverless_modules
	not arm64_or_unknown(lib.attr(body, "architecture", null))
	f := finding("GP-EMR-101", address, sprintf("%s does not run on ARM64 (architecture defaults to X86_64)", [address]))
}

deny contains f if {
	some [address, body] in serverless_modules
	label := lib.attr(body, "release_label", null)
	not pinned_emr7(label)
	f := finding("GP-EMR-102", address, sprintf("%s uses release label %s: it must be an exact emr-7.x.y release (without one the module picks the latest matching release_label_filters)", [address, json.marshal(label)]))
}

deny contains f if {
	some [address, body] in serverless_modules
	not capacity_set(lib.attr(body, "maximum_capacity", null))
	f := finding("GP-EMR-103", address, sprintf("%s has no maximum_capacity with cpu and memory: its spend is unbounded", [address]))
}

deny contains f if {
	some [address, body] in serverless_modules
	spark_application(lib.attr(body, "type", "spark"))
	configurations := lib.attr(body, "runtime_configuration", [])
	not lib.is_unknown(configurations)
	not executors_capped(lib.as_list(configurations))
	f := finding("GP-EMR-104", address, sprintf("%s does not cap Spark executors: set spark.dynamicAllocation.maxExecutors in a spark-defaults runtime_configuration", [address]))
}

deny contains f if {
	some [address, body] in serverless_modules
	stop := lib.attr(body, "auto_stop_configuration", {})
	is_object(stop)
	why := auto_stop_violation(stop)
	f := finding("GP-EMR-105", address, sprintf("%s does not stop when idle: %s", [address, why]))
}

deny contains f if {
	some [address, body] in serverless_modules
	network := lib.attr(body, "network_configuration", null)
	not lib.is_unknown(network)
	why := module_network_problem(network)
	f := finding("GP-EMR-106", address, sprintf("%s network_configuration is not private: %s", [address, why]))
}

module_network_problem(network) := "it is not set" if {
	network == null
} else := why if {
	is_object(network)
	why := subnet_problem(lib.value(object.get(network, "subnet_ids", null)))
}
