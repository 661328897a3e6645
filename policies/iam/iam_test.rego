package goldpath.iam_test

import rego.v1

import data.goldpath.iam

ids(findings) := {f.rule | some f in findings}

role_policy(policy) := {"resource": {"aws_iam_role_policy": {"p": [{"role": "${aws_iam_role.r.id}", "policy": policy}]}}}

document(statements) := {"data": {"aws_iam_policy_document": {"d": [{"statement": statements}]}}}

# The lambda-python golden path's role, trimmed: a trust policy for Lambda and statements in a local.
lambda_role := {
	"resource": {
		"aws_iam_role": {"function": [{"assume_role_policy": "${jsonencode({\n    Version = \"2012-10-17\"\n    Statement = [\n      {\n        Effect    = \"Allow\"\n        Principal = { Service = \"lambda.amazonaws.com\" }\n        Action    = \"sts:AssumeRole\"\n      },\n    ]\n  })}"}]},
		"aws_iam_role_policy": {"function": [{"policy": "${jsonencode({\n    Version   = \"2012-10-17\"\n    Statement = local.function_policy_statements\n  })}"}]},
	},
	"locals": [{"function_policy_statements": [
		{"Effect": "Allow", "Action": ["logs:CreateLogStream", "logs:PutLogEvents"], "Resource": "${aws_cloudwatch_log_group.function.arn}:*"},
		{"Effect": "Allow", "Action": ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], "Resource": "*"},
		{"Effect": "Allow", "Action": ["kms:Decrypt"], "Resource": "${aws_kms_key.this.arn}"},
	]}],
}

test_least_privilege_role_passes if {
	count(iam.deny) == 0 with input as lambda_role
}

statements_local(statements) := json.patch(lambda_role, [{"op": "replace", "path": "/locals/0/function_policy_statements", "value": statements}])

# --- GP-IAM-101 ---------------------------------------------------------------------------------

test_admin_json_policy_denied if {
	p := json.marshal({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]})
	some f in iam.deny with input as role_policy(p)
	f.rule == "GP-IAM-101"
	f.resource == "aws_iam_role_policy.p"
	f.severity == "deny"
}

test_admin_heredoc_with_interpolation_denied if {
	p := "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [{\"Sid\": \"${var.sid}\", \"Effect\": \"Allow\", \"Action\": [\"*\"], \"Resource\": [\"*\"]}]\n}\n"
	ids(iam.deny) == {"GP-IAM-101"} with input as {"resource": {"aws_iam_policy": {"admin": [{"policy": p}]}}}
}

test_admin_inline_jsonencode_denied if {
	p := "${jsonencode({\n    Version = \"2012-10-17\"\n    Statement = [{\n      Effect   = \"Allow\"\n      Action   = \"*\"\n      Resource = \"*\"\n    }]\n  })}"
	ids(iam.deny) == {"GP-IAM-101"} with input as role_policy(p)
}

test_admin_in_statements_local_denied if {
	inp := statements_local([{"Effect": "Allow", "Action": "*", "Resource": "*"}])
	some f in iam.deny with input as inp
	f.rule == "GP-IAM-101"
	f.resource == "aws_iam_role_policy.function"
}

test_admin_policy_document_denied if {
	some f in iam.deny with input as document([{"actions": ["*"], "resources": ["*"]}])
	f.rule == "GP-IAM-101"
	f.resource == "data.aws_iam_policy_document.d"
}

test_admin_inline_policy_of_role_denied if {
	inp := {"resource": {"aws_iam_role": {"r": [{"inline_policy": [{"name": "x", "policy": json.marshal({"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]})}]}]}}}
	some f in iam.deny with input as inp
	f.rule == "GP-IAM-101"
	f.resource == "aws_iam_role.r"
}

test_star_action_on_one_resource_and_deny_pass if {
	count(iam.deny) == 0 with input as role_policy(json.marshal({"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "arn:aws:s3:::b"}]}))
	count(iam.deny) == 0 with input as role_policy(json.marshal({"Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*"}]}))
	count(iam.deny) == 0 with input as document([{"effect": "Deny", "actions": ["*"], "resources": ["*"]}])
}

# KMS key policies and bucket policies name principals: "*" is the resource itself.
test_resource_policy_document_not_judged_as_identity_policy if {
	count(iam.deny) == 0 with input as document([{
		"actions": ["kms:*"],
		"resources": ["*"],
		"principals": [{"type": "AWS", "identifiers": ["arn:aws:iam::111122223333:root"]}],
	}])
}

test_unknown_values_are_not_findings if {
	count(iam.deny) == 0 with input as role_policy(json.marshal({"Statement": [{"Effect": "Allow", "Action": "${var.actions}", "Resource": "*"}]}))
	count(iam.deny) == 0 with input as role_policy(json.marshal({"Statement": [{"Effect": "${var.effect}", "Action": "*", "Resource": "*"}]}))
	count(iam.deny) == 0 with input as document([{"actions": ["*"], "resources": "${var.arns}"}])
	count(iam.deny) == 0 with input as role_policy("${data.aws_iam_policy_document.d.json}")
	count(iam.deny) == 0 with input as role_policy("${var.policy}")
}

# --- GP-IAM-102 ---------------------------------------------------------------------------------

test_write_on_every_resource_denied if {
	inp := statements_local([{"Effect": "Allow", "Action": ["dynamodb:GetItem", "dynamodb:PutItem", "s3:DeleteObject"], "Resource": "*"}])
	some f in iam.deny with input as inp
	f.rule == "GP-IAM-102"
	f.msg == "aws_iam_role_policy.function allows write actions on every resource (\"*\") without a condition: dynamodb:PutItem, s3:DeleteObject"
}

test_service_wildcard_on_every_resource_denied if {
	"GP-IAM-102" in ids(iam.deny) with input as document([{"actions": ["s3:*"], "resources": ["*"]}])
	"GP-IAM-102" in ids(iam.deny) with input as document([{"actions": ["s3:Put*"], "resources": ["*"]}])
}

test_reads_and_unrestrictable_writes_pass if {
	count(iam.deny) == 0 with input as document([{"actions": ["s3:Get*", "ec2:DescribeInstances", "cloudwatch:PutMetricData", "xray:PutTraceSegments"], "resources": ["*"]}])
}

test_write_with_condition_passes if {
	count(iam.deny) == 0 with input as document([{
		"actions": ["ec2:TerminateInstances"],
		"resources": ["*"],
		"condition": [{"test": "StringEquals", "variable": "aws:ResourceTag/team", "values": ["data"]}],
	}])
}

test_scoped_write_passes if {
	count(iam.deny) == 0 with input as document([{"actions": ["s3:PutObject"], "resources": ["${aws_s3_bucket.b.arn}/*"]}])
}

test_write_in_inline_jsonencode_denied if {
	p := "${jsonencode({\n  Statement = [\n    {\n      Effect   = \"Allow\"\n      Action   = [\"s3:GetObject\"]\n      Resource = [\"${aws_s3_bucket.b.arn}/*\"]\n    },\n    {\n      Effect   = \"Allow\"\n      Action   = [\"sqs:SendMessage\"]\n      Resource = \"*\"\n    },\n  ]\n})}"
	ids(iam.deny) == {"GP-IAM-102"} with input as role_policy(p)
}

test_inline_jsonencode_statements_judged_one_by_one if {
	# "*" resource and a write action in different statements: no finding.
	p := "${jsonencode({\n  Statement = [\n    { Effect = \"Allow\", Action = [\"xray:PutTraceSegments\"], Resource = \"*\" },\n    { Effect = \"Allow\", Action = [\"s3:PutObject\"], Resource = \"${aws_s3_bucket.b.arn}/*\", Condition = { StringEquals = { \"aws:SourceAccount\" = \"${local.account}\" } } },\n  ]\n})}"
	count(iam.deny) == 0 with input as role_policy(p)
}

# --- GP-IAM-103 ---------------------------------------------------------------------------------

test_pass_role_on_every_resource_denied if {
	inp := document([{"actions": ["iam:PassRole"], "resources": ["*"], "condition": [{"test": "StringEquals", "variable": "iam:PassedToService", "values": ["ec2.amazonaws.com"]}]}])
	some f in iam.deny with input as inp
	f.rule == "GP-IAM-103"
	f.resource == "data.aws_iam_policy_document.d"
}

test_iam_wildcard_reported_once_as_pass_role if {
	ids(iam.deny) == {"GP-IAM-103"} with input as role_policy(json.marshal({"Statement": [{"Effect": "Allow", "Action": "iam:*", "Resource": "*"}]}))
}

test_pass_role_on_named_roles_passes if {
	count(iam.deny) == 0 with input as document([{"actions": ["iam:PassRole"], "resources": ["${aws_iam_role.job.arn}"]}])
}

# --- GP-IAM-104 ---------------------------------------------------------------------------------

trust(principal) := {"resource": {"aws_iam_role": {"r": [{"assume_role_policy": json.marshal({"Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": principal}]})}]}}}

test_trust_open_to_anyone_denied if {
	some f in iam.deny with input as trust("*")
	f.rule == "GP-IAM-104"
	f.resource == "aws_iam_role.r"
	"GP-IAM-104" in ids(iam.deny) with input as trust({"AWS": "*"})
	"GP-IAM-104" in ids(iam.deny) with input as trust({"AWS": ["arn:aws:iam::111122223333:root", "*"]})
}

test_trust_in_inline_jsonencode_denied if {
	p := "${jsonencode({\n  Statement = [{\n    Effect    = \"Allow\"\n    Action    = \"sts:AssumeRole\"\n    Principal = { AWS = \"*\" }\n  }]\n})}"
	ids(iam.deny) == {"GP-IAM-104"} with input as {"resource": {"aws_iam_role": {"r": [{"assume_role_policy": p}]}}}
}

test_trust_with_condition_or_named_principal_passes if {
	conditional := {"resource": {"aws_iam_role": {"r": [{"assume_role_policy": json.marshal({"Statement": [{
		"Effect": "Allow",
		"Action": "sts:AssumeRole",
		"Principal": {"AWS": "*"},
		"Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-abc123"}},
	}]})}]}}}
	count(iam.deny) == 0 with input as conditional
	count(iam.deny) == 0 with input as trust({"Service": "lambda.amazonaws.com"})
	count(iam.deny) == 0 with input as trust({"AWS": "${var.trusted_role_arn}"})
}

test_trust_policy_document_open_to_anyone_denied if {
	inp := document([{"actions": ["sts:AssumeRoleWithWebIdentity"], "principals": [{"type": "*", "identifiers": ["*"]}]}])
	some f in iam.deny with input as inp
	f.rule == "GP-IAM-104"
	f.resource == "data.aws_iam_policy_document.d"
	ok := document([{"actions": ["sts:AssumeRole"], "principals": [{"type": "AWS", "identifiers": ["*"]}], "condition": [{"test": "StringEquals", "variable": "sts:ExternalId", "values": ["${var.external_id}"]}]}])
	count(iam.deny) == 0 with input as ok
}
