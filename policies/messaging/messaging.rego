# Messaging guardrails: SNS topics and Kinesis streams are encrypted at rest with KMS (neither is
# by default), and the terraform-aws-modules/sqs module does not turn encryption off. Plain
# aws_sqs_queue resources are held to goldpath's built-in GP-ENC-001, which flags a queue with
# sqs_managed_sse_enabled = false and no kms_master_key_id (SQS-managed SSE is on by default).
package goldpath.messaging

import rego.v1

import data.goldpath.lib

meta := {
	"GP-MSG-101": {
		"severity": "deny",
		"title": "SNS topics encrypted",
		"remediation": "set kms_master_key_id to a customer-managed key (its policy must let the publishing services use it), or \"alias/aws/sns\" at the least; SNS does not encrypt topics by default",
	},
	"GP-MSG-102": {
		"severity": "deny",
		"title": "Kinesis streams encrypted",
		"remediation": "set encryption_type = \"KMS\" and kms_key_id to a customer-managed key (or \"alias/aws/kinesis\"); streams are unencrypted by default",
	},
	"GP-MSG-103": {
		"severity": "deny",
		"title": "SQS module queues encrypted",
		"remediation": "keep the module's sqs_managed_sse_enabled = true (its default) or set kms_master_key_id to a customer-managed key",
	},
}

finding(id, resource, msg) := lib.finding(id, meta[id], resource, msg)

resources := object.get(lib.doc, "resource", {})

unset(v) if v in {null, ""}

deny contains f if {
	some name, bodies in object.get(resources, "aws_sns_topic", {})
	some topic in bodies
	unset(lib.attr(topic, "kms_master_key_id", null))
	f := finding("GP-MSG-101", sprintf("aws_sns_topic.%s", [name]), sprintf("aws_sns_topic.%s is not encrypted at rest (no kms_master_key_id)", [name]))
}

deny contains f if {
	some name, bodies in object.get(resources, "aws_kinesis_stream", {})
	some stream in bodies
	encryption := lib.attr(stream, "encryption_type", "NONE")
	encryption == "NONE"
	f := finding("GP-MSG-102", sprintf("aws_kinesis_stream.%s", [name]), sprintf("aws_kinesis_stream.%s is not encrypted at rest (encryption_type is \"NONE\", its default)", [name]))
}

deny contains f if {
	some [name, body] in lib.registry_module("sqs")
	lib.is_false(lib.attr(body, "sqs_managed_sse_enabled", true))
	unset(lib.attr(body, "kms_master_key_id", null))
	f := finding("GP-MSG-103", sprintf("module.%s", [name]), sprintf("module.%s turns SQS-managed encryption off without a KMS key: its queue is not encrypted at rest", [name]))
}
