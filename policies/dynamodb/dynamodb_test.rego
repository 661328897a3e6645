package goldpath.dynamodb_test

import rego.v1

import data.goldpath.dynamodb

table(body) := {"resource": {"aws_dynamodb_table": {"orders": [object.union({"name": "orders", "hash_key": "pk", "billing_mode": "PAY_PER_REQUEST"}, body)]}}}

test_table_with_recovery_passes if {
	count(dynamodb.deny) == 0 with input as table({"point_in_time_recovery": [{"enabled": true}]})
}

test_table_without_recovery_denied if {
	some f in dynamodb.deny with input as table({})
	f.rule == "GP-DDB-101"
	f.resource == "aws_dynamodb_table.orders"
	f.severity == "deny"
	count(dynamodb.deny) == 1 with input as table({"point_in_time_recovery": [{"enabled": false}]})
}

test_unknown_or_dynamic_recovery_passes if {
	count(dynamodb.deny) == 0 with input as table({"point_in_time_recovery": [{"enabled": "${var.pitr}"}]})
	count(dynamodb.deny) == 0 with input as table({"dynamic": {"point_in_time_recovery": [{"for_each": "${var.p}", "content": [{}]}]}})
	count(dynamodb.deny) == 1 with input as object.union(table({"point_in_time_recovery": [{"enabled": "${var.pitr}"}]}), {"variable": {"pitr": [{"default": false}]}})
}
