# EC2 and VPC guardrails: instances and launch templates require IMDSv2 (session tokens) with a hop
# limit of 1, and the VPC's default security group carries no rules.
package goldpath.ec2

import rego.v1

import data.goldpath.lib

meta := {
	"GP-EC2-101": {
		"severity": "deny",
		"title": "IMDSv2 required",
		"remediation": "add metadata_options { http_endpoint = \"enabled\", http_tokens = \"required\", http_put_response_hop_limit = 1 } (IMDSv1 answers any request that reaches it, SSRF included)",
	},
	"GP-EC2-102": {
		"severity": "warn",
		"title": "metadata hop limit 1",
		"remediation": "set http_put_response_hop_limit = 1 so containers and forwarded traffic cannot reach the instance's credentials; use 2 only for container hosts that need the instance role, with a waiver saying so",
	},
	"GP-EC2-103": {
		"severity": "deny",
		"title": "the default security group denies all traffic",
		"remediation": "declare aws_default_security_group with no ingress or egress blocks (and no rules attached to it) and give each workload its own security group",
	},
}

finding(id, resource, msg) := lib.finding(id, meta[id], resource, msg)

resources := object.get(lib.doc, "resource", {})

# --- GP-EC2-101 / 102 instance metadata ---------------------------------------------------------

metadata_types := ["aws_instance", "aws_launch_template"]

hosts contains [sprintf("%s.%s", [type, name]), body] if {
	some type in metadata_types
	some name, bodies in object.get(resources, type, {})
	some body in bodies
}

# The metadata service is off: nothing to protect.
metadata_disabled(options) if lib.value(object.get(options, "http_endpoint", null)) == "disabled"

tokens_required(options) if lib.value(object.get(options, "http_tokens", null)) == "required"

tokens_required(options) if lib.is_unknown(lib.value(object.get(options, "http_tokens", null)))

deny contains f if {
	some [address, body] in hosts
	not lib.is_dynamic_block(body, "metadata_options")
	options := lib.block(body, "metadata_options")
	not metadata_disabled(options)
	not tokens_required(options)
	f := finding("GP-EC2-101", address, sprintf("%s does not require IMDSv2: %s", [address, why_imdsv1(body, options)]))
}

why_imdsv1(body, _) := "no metadata_options block (http_tokens defaults to \"optional\")" if {
	not lib.has_block(body, "metadata_options")
} else := sprintf("http_tokens = %s", [json.marshal(lib.value(options.http_tokens))]) if {
	options := lib.block(body, "metadata_options")
	options.http_tokens != null
} else := "metadata_options sets no http_tokens (defaults to \"optional\")"

warn contains f if {
	some [address, body] in hosts
	options := lib.block(body, "metadata_options")
	not metadata_disabled(options)
	hops := lib.value(object.get(options, "http_put_response_hop_limit", null))
	is_number(hops)
	hops > 1
	f := finding("GP-EC2-102", address, sprintf("%s lets metadata responses travel %d hops (http_put_response_hop_limit > 1): containers on the host can reach its credentials", [address, hops]))
}

# --- GP-EC2-103 default security group -----------------------------------------------------------

deny contains f if {
	some name, bodies in object.get(resources, "aws_default_security_group", {})
	some body in bodies
	some direction in ["ingress", "egress"]
	has_rules(body, direction)
	address := sprintf("aws_default_security_group.%s", [name])
	f := finding("GP-EC2-103", address, sprintf("%s has %s rules: the default security group must deny all traffic", [address, direction]))
}

has_rules(body, direction) if {
	rules := object.get(body, direction, [])
	is_array(rules)
	count(rules) > 0
}

# A dynamic block adds rules only when what it iterates over is known and not empty: a module
# whose dynamic rules iterate over a variable (often defaulting to []) is judged where it is
# called, with the caller's values. An unknown value is never a finding.
has_rules(body, direction) if {
	some dynamic in object.get(object.get(body, "dynamic", {}), direction, [])
	rules := object.get(dynamic, "for_each", null)
	not is_string(rules)
	count(rules) > 0
}

rule_types := ["aws_security_group_rule", "aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule"]

# A separate rule attached to the default group (of this module, or of a VPC through
# aws_vpc.NAME.default_security_group_id).
deny contains f if {
	some type in rule_types
	some name, bodies in object.get(resources, type, {})
	some body in bodies
	group := object.get(body, "security_group_id", null)
	targets_default_group(group)
	address := sprintf("%s.%s", [type, name])
	f := finding("GP-EC2-103", address, sprintf("%s adds a rule to the VPC's default security group, which must deny all traffic", [address]))
}

targets_default_group(group) if {
	is_string(group)
	regex.match(`(^|[^A-Za-z0-9_.-])aws_default_security_group\.[A-Za-z_][A-Za-z0-9_-]*`, group)
}

targets_default_group(group) if {
	is_string(group)
	regex.match(`(^|[^A-Za-z0-9_.-])aws_vpc\.[A-Za-z_][A-Za-z0-9_-]*(\[[^\]]*\])?\.default_security_group_id`, group)
}
