package terraform.policies.emr_arm64_test

import rego.v1

import data.terraform.policies.emr_arm64 as policy

application(after, after_unknown) := {
	"address": "module.spark.aws_emrserverless_application.this",
	"module_address": "module.spark",
	"mode": "managed",
	"type": "aws_emrserverless_application",
	"name": "this",
	"change": {"actions": ["update"], "after": after, "after_unknown": after_unknown},
}

run(changes) := {"plan": {
	"resource_changes": changes,
	"configuration": {"root_module": {"module_calls": {"spark": {"module": {"resources": [{
		"address": "aws_emrserverless_application.this",
		"expressions": {"name": {"constant_value": "spark"}},
	}]}}}}},
}}

test_arm64_passes if {
	count(policy.deny) == 0 with input as run([application({"name": "spark", "architecture": "ARM64"}, {})])
}

test_x86_denied if {
	inp := run([application({"name": "spark", "architecture": "X86_64"}, {})])
	policy.deny == {"GP-TFC-103: module.spark.aws_emrserverless_application.this does not run on ARM64 (set architecture = \"ARM64\")"} with input as inp
}

test_unset_architecture_denied if {
	inp := run([application({"name": "spark"}, {"architecture": true})])
	count(policy.deny) == 1 with input as inp
}
