package terraform.policies.s3_public_access_block_test

import rego.v1

import data.terraform.policies.s3_public_access_block as policy

bucket := {
	"address": "module.orders.aws_s3_bucket.this",
	"module_address": "module.orders",
	"mode": "managed",
	"type": "aws_s3_bucket",
	"name": "this",
	"change": {"actions": ["create"], "after": {"bucket": "orders-prod"}, "after_unknown": {"id": true}},
}

block(after, after_unknown) := {
	"address": "module.orders.aws_s3_bucket_public_access_block.this",
	"module_address": "module.orders",
	"mode": "managed",
	"type": "aws_s3_bucket_public_access_block",
	"name": "this",
	"change": {"actions": ["create"], "after": after, "after_unknown": after_unknown},
}

all_on := {"block_public_acls": true, "block_public_policy": true, "ignore_public_acls": true, "restrict_public_buckets": true}

run(changes) := {"plan": {"format_version": "1.2", "resource_changes": changes}, "run": {"organization": {"name": "acme"}}}

test_blocked_bucket_passes if {
	inp := run([bucket, block(all_on, {"bucket": true})])
	count(policy.deny) == 0 with input as inp
}

test_bucket_without_block_denied if {
	inp := run([bucket])
	policy.deny == {"GP-TFC-101: module.orders.aws_s3_bucket.this has no aws_s3_bucket_public_access_block in this plan"} with input as inp
}

test_block_with_a_setting_off_denied if {
	inp := run([bucket, block(object.union(all_on, {"restrict_public_buckets": false}), {"bucket": true})])
	policy.deny == {"GP-TFC-101: module.orders.aws_s3_bucket_public_access_block.this does not set restrict_public_buckets to true"} with input as inp
}

test_block_in_another_module_does_not_count if {
	other := object.union(block(all_on, {"bucket": true}), {"module_address": "module.other"})
	inp := run([bucket, other])
	count(policy.deny) == 1 with input as inp
}

test_block_naming_the_bucket_passes if {
	inp := run([bucket, block(object.union(all_on, {"bucket": "orders-prod"}), {})])
	count(policy.deny) == 0 with input as inp
}

test_account_level_block_covers_buckets if {
	account := {"address": "aws_s3_account_public_access_block.this", "mode": "managed", "type": "aws_s3_account_public_access_block", "name": "this", "change": {"actions": ["no-op"], "after": all_on}}
	inp := run([bucket, account])
	count(policy.deny) == 0 with input as inp
}

test_plan_json_without_wrapper if {
	inp := {"resource_changes": [bucket]}
	count(policy.deny) == 1 with input as inp
}
