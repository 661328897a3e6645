package goldpath.lib_test

import rego.v1

import data.goldpath.lib

test_environment_from_goldpath_answers if {
	inp := {"goldpath": {"answers": {"environment": "dev"}}, "variable": {"environment": [{"default": "prod"}]}}
	lib.environment == "dev" with input as inp
}

test_environment_from_variable_default if {
	lib.environment == "staging" with input as {"variable": {"environment": [{"default": "staging"}]}}
	lib.environment == "staging" with input as {"variable": {"env": [{"default": "stg"}]}}
}

test_environment_defaults_to_prod if {
	lib.environment == "prod" with input as {}
	lib.environment == "prod" with input as {"variable": {"environment": [{"type": "${string}"}]}}
	lib.environment == "prod" with input as {"variable": {"environment": [{"default": "qa"}]}}
}

test_environment_predicates if {
	lib.is_dev with input as {"variable": {"environment": [{"default": "dev"}]}}
	not lib.is_protected_environment with input as {"variable": {"environment": [{"default": "dev"}]}}
	lib.is_protected_environment with input as {"variable": {"environment": [{"default": "staging"}]}}
	not lib.is_prod with input as {"variable": {"environment": [{"default": "staging"}]}}
	lib.is_prod with input as {}
}

test_unknown_values if {
	lib.is_unknown("${var.x}")
	lib.is_unknown("arn:${local.partition}:s3:::b")
	lib.is_known("eu-west-1")
	lib.is_known(true)
	lib.is_known(null)
}

test_value_follows_locals_and_variables if {
	inp := {
		"locals": [{"a": "${local.b}"}, {"b": "${var.c}"}],
		"variable": {"c": [{"default": "ARM64"}], "d": [{"type": "${string}"}]},
	}
	lib.value("${local.a}") == "ARM64" with input as inp
	lib.value("${var.d}") == "${var.d}" with input as inp
	lib.value("${local.missing}") == "${local.missing}" with input as inp
	lib.value("${var.c} vCPU") == "${var.c} vCPU" with input as inp
	lib.value(42) == 42 with input as inp
}

test_blocks if {
	body := {"rule": [{"x": 1}], "dynamic": {"transition": [{"for_each": "${var.t}", "content": [{}]}]}}
	lib.block(body, "rule") == {"x": 1}
	lib.block(body, "missing") == {}
	lib.has_block(body, "rule")
	lib.has_block(body, "transition")
	lib.is_dynamic_block(body, "transition")
	not lib.has_block(body, "missing")
	lib.block({"rule": "${var.rules}"}, "rule") == {}
}

test_references if {
	lib.references("${aws_s3_bucket.logs[0].id}", "aws_s3_bucket", "logs")
	lib.references("${var.create ? aws_s3_bucket.this[0].id : var.bucket}", "aws_s3_bucket", "this")
	not lib.references("${aws_s3_bucket.logs_archive.id}", "aws_s3_bucket", "logs")
	not lib.references("${data.aws_s3_bucket.logs.id}", "aws_s3_bucket", "logs")
	not lib.references(null, "aws_s3_bucket", "logs")
}

test_registry_modules if {
	inp := {"module": {
		"eks": [{"source": "terraform-aws-modules/eks/aws", "version": "21.19.0"}],
		"karpenter": [{"source": "terraform-aws-modules/eks/aws//modules/karpenter", "version": "21.19.0"}],
		"git": [{"source": "git::https://github.com/terraform-aws-modules/terraform-aws-eks.git?ref=v21.19.0"}],
		"other": [{"source": "acme/eks/aws"}],
	}}
	{name | some [name, _] in lib.registry_module("eks")} == {"eks", "git"} with input as inp
	{name | some [name, _] in lib.registry_submodule("eks", "karpenter")} == {"karpenter"} with input as inp
}

test_finding_shape if {
	lib.finding("GP-X-101", {"severity": "warn", "remediation": "fix it"}, "aws_s3_bucket.b", "broken") == {
		"msg": "broken",
		"rule": "GP-X-101",
		"severity": "warn",
		"resource": "aws_s3_bucket.b",
		"remediation": "fix it",
	}
}

test_doc_is_the_input if {
	lib.doc == {"resource": {}} with input as {"resource": {}}
}

test_doc_merges_conftest_combine_files if {
	inp := [
		{"path": "main.tf", "contents": {
			"resource": {"aws_s3_bucket": {"this": [{"bucket": "b"}]}},
			"locals": [{"a": 1}],
			"module": {"vpc": [{"source": "terraform-aws-modules/vpc/aws"}]},
		}},
		{"path": "policy.tf", "contents": {
			"resource": {
				"aws_s3_bucket": {"logs": [{"bucket": "l"}]},
				"aws_s3_bucket_policy": {"this": [{"bucket": "${aws_s3_bucket.this.id}"}]},
			},
			"locals": [{"b": 2}],
			"variable": {"environment": [{"default": "dev"}]},
		}},
	]
	lib.doc.resource == {
		"aws_s3_bucket": {"this": [{"bucket": "b"}], "logs": [{"bucket": "l"}]},
		"aws_s3_bucket_policy": {"this": [{"bucket": "${aws_s3_bucket.this.id}"}]},
	} with input as inp
	lib.doc.locals == [{"a": 1}, {"b": 2}] with input as inp
	lib.doc.module.vpc == [{"source": "terraform-aws-modules/vpc/aws"}] with input as inp
	lib.environment == "dev" with input as inp
}

test_environment_phrase_says_when_prod_is_assumed if {
	lib.environment_phrase == "(no environment answer or variable: judged as prod, the strictest)" with input as {}
	lib.environment_phrase == "in prod" with input as {"variable": {"environment": [{"default": "prod"}]}}
	lib.environment_phrase == "in staging" with input as {"goldpath": {"answers": {"environment": "stg"}}}
}
