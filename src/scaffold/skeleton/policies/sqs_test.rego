package main_test

import rego.v1

import data.main

queue(body) := {"resource": {"aws_sqs_queue": {"this": [object.union({"name": "orders-dev", "sqs_managed_sse_enabled": true}, body)]}}}

test_long_polling_passes if {
	count(main.deny) == 0 with input as queue({"receive_wait_time_seconds": 20})
}

test_short_polling_denied if {
	some f in main.deny with input as queue({})
	f.rule == "TPL-SQS-001"
	f.resource == "aws_sqs_queue.this"
	f.severity == "deny"
	count(main.deny) == 1 with input as queue({"receive_wait_time_seconds": 0})
}

test_unknown_wait_passes if {
	count(main.deny) == 0 with input as queue({"receive_wait_time_seconds": "${var.wait_seconds}"})
}

test_other_resources_are_ignored if {
	count(main.deny) == 0 with input as {"resource": {"aws_sns_topic": {"events": [{"name": "events"}]}}}
}
