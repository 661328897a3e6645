package terraform.policies.lambda_arm64_test

import rego.v1

import data.terraform.policies.lambda_arm64 as policy

function(after, after_unknown) := {
	"address": "aws_lambda_function.this",
	"mode": "managed",
	"type": "aws_lambda_function",
	"name": "this",
	"change": {"actions": ["create"], "after": after, "after_unknown": after_unknown},
}

run(changes, expressions) := {"plan": {
	"resource_changes": changes,
	"configuration": {"root_module": {"resources": [{"address": "aws_lambda_function.this", "type": "aws_lambda_function", "name": "this", "expressions": expressions}]}},
}}

test_arm64_passes if {
	inp := run([function({"function_name": "orders", "architectures": ["arm64"]}, {})], {"architectures": {"constant_value": ["arm64"]}})
	count(policy.deny) == 0 with input as inp
}

test_x86_denied if {
	inp := run([function({"function_name": "orders", "architectures": ["x86_64"]}, {})], {"architectures": {"constant_value": ["x86_64"]}})
	policy.deny == {"GP-TFC-102: aws_lambda_function.this does not run on arm64 (set architectures = [\"arm64\"])"} with input as inp
}

test_unset_architecture_denied if {
	inp := run([function({"function_name": "orders"}, {"architectures": true})], {"function_name": {"constant_value": "orders"}})
	count(policy.deny) == 1 with input as inp
}

test_configured_but_unknown_passes if {
	inp := run([function({"function_name": "orders"}, {"architectures": true})], {"architectures": {"references": ["var.architectures"]}})
	count(policy.deny) == 0 with input as inp
}

test_deleted_function_is_ignored if {
	gone := {"address": "aws_lambda_function.old", "mode": "managed", "type": "aws_lambda_function", "name": "old", "change": {"actions": ["delete"], "after": null}}
	count(policy.deny) == 0 with input as run([gone], {})
}
