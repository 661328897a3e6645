# An example rule of this template, in conftest's conventions: `package main`, Rego v1, `deny`
# and `warn` rules yielding objects. It runs unchanged under goldpath (`goldpath check
# --policies policies`), conftest (`conftest test -p policies`) and OPA. The shipped library's
# packages are `goldpath.*`; keep template rules out of that namespace.
#
# The input is the module as conftest's HCL2 parser gives it: `input.resource.<type>.<name>` is a
# list of bodies, and any non-literal expression arrives as a "${...}" string (unknown, never a
# violation by itself).
package main

import rego.v1

# TPL-SQS-001: SQS queues use long polling. Short polling (the default, 0 seconds) answers with
# empty responses that are billed like any other receive.
deny contains finding if {
	some name, bodies in object.get(object.get(input, "resource", {}), "aws_sqs_queue", {})
	some queue in bodies
	wait := object.get(queue, "receive_wait_time_seconds", 0)
	is_number(wait)
	wait < 1
	finding := {
		"msg": sprintf("aws_sqs_queue.%s uses short polling (receive_wait_time_seconds = %v)", [name, wait]),
		"rule": "TPL-SQS-001",
		"severity": "deny",
		"resource": sprintf("aws_sqs_queue.%s", [name]),
		"remediation": "set receive_wait_time_seconds = 20 (long polling): fewer empty receives, lower cost",
	}
}
