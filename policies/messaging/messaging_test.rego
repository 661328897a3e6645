package goldpath.messaging_test

import rego.v1

import data.goldpath.messaging

ids(findings) := {f.rule | some f in findings}

test_encrypted_topic_and_stream_pass if {
	inp := {"resource": {
		"aws_sns_topic": {"events": [{"name": "events", "kms_master_key_id": "${aws_kms_key.this.arn}"}]},
		"aws_kinesis_stream": {"clicks": [{"name": "clicks", "encryption_type": "KMS", "kms_key_id": "alias/aws/kinesis"}]},
	}}
	count(messaging.deny) == 0 with input as inp
}

test_unencrypted_topic_denied if {
	some f in messaging.deny with input as {"resource": {"aws_sns_topic": {"events": [{"name": "events"}]}}}
	f.rule == "GP-MSG-101"
	f.resource == "aws_sns_topic.events"
	f.severity == "deny"
	"GP-MSG-101" in ids(messaging.deny) with input as {"resource": {"aws_sns_topic": {"events": [{"kms_master_key_id": ""}]}}}
}

test_unencrypted_stream_denied if {
	some f in messaging.deny with input as {"resource": {"aws_kinesis_stream": {"clicks": [{"name": "clicks", "shard_count": 1}]}}}
	f.rule == "GP-MSG-102"
	f.resource == "aws_kinesis_stream.clicks"
	"GP-MSG-102" in ids(messaging.deny) with input as {"resource": {"aws_kinesis_stream": {"clicks": [{"encryption_type": "NONE"}]}}}
}

test_unknown_settings_pass if {
	count(messaging.deny) == 0 with input as {"resource": {"aws_sns_topic": {"t": [{"kms_master_key_id": "${var.kms_key_arn}"}]}}}
	count(messaging.deny) == 0 with input as {"resource": {"aws_kinesis_stream": {"s": [{"encryption_type": "${var.encryption}"}]}}}
}

# Plain queues are GP-ENC-001's (built in); this package does not report them twice.
test_plain_sqs_queue_left_to_builtin if {
	count(messaging.deny) == 0 with input as {"resource": {"aws_sqs_queue": {"q": [{"sqs_managed_sse_enabled": false}]}}}
}

test_sqs_module_without_encryption_denied if {
	off := {"module": {"queue": [{"source": "terraform-aws-modules/sqs/aws", "version": "~> 4.2", "sqs_managed_sse_enabled": false}]}}
	some f in messaging.deny with input as off
	f.rule == "GP-MSG-103"
	f.resource == "module.queue"
	count(messaging.deny) == 0 with input as {"module": {"queue": [{"source": "terraform-aws-modules/sqs/aws", "version": "~> 4.2"}]}}
	count(messaging.deny) == 0 with input as {"module": {"queue": [{"source": "terraform-aws-modules/sqs/aws", "version": "~> 4.2", "sqs_managed_sse_enabled": false, "kms_master_key_id": "${aws_kms_key.q.id}"}]}}
}
