package goldpath.ec2_test

import rego.v1

import data.goldpath.ec2

ids(findings) := {f.rule | some f in findings}

instance(body) := {"resource": {"aws_instance": {"web": [object.union({"ami": "${data.aws_ami.al2023.id}", "instance_type": "t4g.micro"}, body)]}}}

template(body) := {"resource": {"aws_launch_template": {"nodes": [body]}}}

imdsv2 := {"metadata_options": [{"http_endpoint": "enabled", "http_tokens": "required", "http_put_response_hop_limit": 1}]}

test_imdsv2_instance_passes if {
	count(ec2.deny) == 0 with input as instance(imdsv2)
	count(ec2.warn) == 0 with input as instance(imdsv2)
}

test_missing_metadata_options_denied if {
	some f in ec2.deny with input as instance({})
	f.rule == "GP-EC2-101"
	f.resource == "aws_instance.web"
	f.msg == "aws_instance.web does not require IMDSv2: no metadata_options block (http_tokens defaults to \"optional\")"
	"GP-EC2-101" in ids(ec2.deny) with input as template({"image_id": "ami-123"})
}

test_optional_tokens_denied if {
	some f in ec2.deny with input as template({"metadata_options": [{"http_tokens": "optional"}]})
	f.rule == "GP-EC2-101"
	f.resource == "aws_launch_template.nodes"
	"GP-EC2-101" in ids(ec2.deny) with input as instance({"metadata_options": [{"http_endpoint": "enabled"}]})
}

test_disabled_metadata_and_unknown_tokens_pass if {
	count(ec2.deny) == 0 with input as instance({"metadata_options": [{"http_endpoint": "disabled"}]})
	count(ec2.deny) == 0 with input as instance({"metadata_options": [{"http_tokens": "${var.http_tokens}"}]})
	count(ec2.deny) == 0 with input as instance({"dynamic": {"metadata_options": [{"for_each": "${var.m}", "content": [{}]}]}})
}

test_tokens_from_variable_default if {
	inp := object.union(instance({"metadata_options": [{"http_tokens": "${var.http_tokens}"}]}), {"variable": {"http_tokens": [{"default": "optional"}]}})
	"GP-EC2-101" in ids(ec2.deny) with input as inp
}

test_hop_limit_above_one_warns if {
	some f in ec2.warn with input as template({"metadata_options": [{"http_tokens": "required", "http_put_response_hop_limit": 2}]})
	f.rule == "GP-EC2-102"
	f.severity == "warn"
	count(ec2.deny) == 0 with input as template({"metadata_options": [{"http_tokens": "required", "http_put_response_hop_limit": 2}]})
	count(ec2.warn) == 0 with input as template({"metadata_options": [{"http_tokens": "required", "http_put_response_hop_limit": "${var.hops}"}]})
	count(ec2.warn) == 0 with input as template({"metadata_options": [{"http_tokens": "required"}]})
}

default_group(body) := {"resource": {"aws_default_security_group": {"this": [object.union({"vpc_id": "${aws_vpc.this.id}"}, body)]}}}

test_default_group_without_rules_passes if {
	count(ec2.deny) == 0 with input as default_group({"tags": {"Name": "default-deny-all"}})
}

test_default_group_with_rules_denied if {
	inp := default_group({"ingress": [{"protocol": -1, "self": true, "from_port": 0, "to_port": 0}], "egress": [{"protocol": "-1", "from_port": 0, "to_port": 0, "cidr_blocks": ["0.0.0.0/0"]}]})
	fs := {[f.rule, f.resource, f.msg] | some f in ec2.deny with input as inp}
	fs == {
		["GP-EC2-103", "aws_default_security_group.this", "aws_default_security_group.this has ingress rules: the default security group must deny all traffic"],
		["GP-EC2-103", "aws_default_security_group.this", "aws_default_security_group.this has egress rules: the default security group must deny all traffic"],
	}
	"GP-EC2-103" in ids(ec2.deny) with input as default_group({"dynamic": {"egress": [{"for_each": [{"port": 443}], "content": [{}]}]}})
}

test_default_group_with_dynamic_rules_over_unknown_or_empty_values_allowed if {
	not "GP-EC2-103" in ids(ec2.deny) with input as default_group({"dynamic": {"egress": [{"for_each": "${var.rules}", "content": [{}]}]}})
	not "GP-EC2-103" in ids(ec2.deny) with input as default_group({"dynamic": {"ingress": [{"for_each": [], "content": [{}]}]}})
}

test_rule_attached_to_default_group_denied if {
	inp := {"resource": {
		"aws_default_security_group": {"this": [{"vpc_id": "${aws_vpc.this.id}"}]},
		"aws_vpc_security_group_ingress_rule": {"ssh": [{"security_group_id": "${aws_default_security_group.this.id}", "cidr_ipv4": "10.0.0.0/8"}]},
		"aws_security_group_rule": {"out": [{"type": "egress", "security_group_id": "${aws_vpc.main.default_security_group_id}"}]},
		"aws_vpc_security_group_egress_rule": {"ok": [{"security_group_id": "${aws_security_group.app.id}"}]},
	}}
	{f.resource | some f in ec2.deny with input as inp} == {"aws_vpc_security_group_ingress_rule.ssh", "aws_security_group_rule.out"}
}
