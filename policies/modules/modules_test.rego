package goldpath.modules_test

import rego.v1

import data.goldpath.modules

call(body) := {"module": {"m": [body]}}

ids(findings) := {f.rule | some f in findings}

test_pinned_terraform_aws_modules_pass if {
	count(modules.deny) == 0 with input as call({"source": "terraform-aws-modules/eks/aws", "version": "~> 21.0"})
	count(modules.deny) == 0 with input as call({"source": "terraform-aws-modules/emr/aws//modules/serverless", "version": "3.2.0"})
	count(modules.deny) == 0 with input as call({"source": "registry.terraform.io/terraform-aws-modules/vpc/aws", "version": ">= 6.0, < 7.0"})
}

test_local_paths_pass if {
	count(modules.deny) == 0 with input as call({"source": "./modules/secure-bucket"})
	count(modules.deny) == 0 with input as call({"source": "../.."})
}

test_org_registry_default_prefix_passes if {
	count(modules.deny) == 0 with input as call({"source": "app.terraform.io/acme/s3-secure-bucket/aws", "version": "1.0.0"})
}

test_unapproved_source_denied if {
	some f in modules.deny with input as call({"source": "cloudposse/s3-bucket/aws", "version": "4.2.0"})
	f.rule == "GP-MOD-101"
	f.resource == "module.m"
	f.msg == "module.m uses the unapproved source \"cloudposse/s3-bucket/aws\""
}

test_prefixes_from_data if {
	source := "git::https://github.com/acme/terraform-modules.git//network?ref=v1.4.0"
	"GP-MOD-101" in ids(modules.deny) with input as call({"source": source})
	count(modules.deny) == 0 with input as call({"source": source}) with data.goldpath.approved_module_prefixes as ["git::https://github.com/acme/"]
}

test_missing_version_denied if {
	some f in modules.deny with input as call({"source": "terraform-aws-modules/vpc/aws"})
	f.rule == "GP-MOD-102"
	f.msg == "module.m (terraform-aws-modules/vpc/aws) has no pinned version: no version constraint"
}

test_open_ended_version_denied if {
	"GP-MOD-102" in ids(modules.deny) with input as call({"source": "terraform-aws-modules/vpc/aws", "version": ">= 6.0"})
}

test_git_source_without_ref_denied if {
	source := "git::https://github.com/acme/terraform-modules.git//network"
	ids(modules.deny) == {"GP-MOD-102"} with input as call({"source": source}) with data.goldpath.approved_module_prefixes as ["git::https://github.com/acme/"]
}

# GP-MOD-102 judges sources as the built-in GP-MOD-001 does (see the package comment).
test_pinned_sources_match_builtin_semantics if {
	not "GP-MOD-102" in ids(modules.deny) with input as call({"source": "terraform-aws-modules/vpc/aws", "version": "6.0.1"})
	not "GP-MOD-102" in ids(modules.deny) with input as call({"source": "terraform-aws-modules/vpc/aws", "version": "= 6.0.1"})
	not "GP-MOD-102" in ids(modules.deny) with input as call({"source": "terraform-aws-modules/vpc/aws", "version": "~> 6"})
	not "GP-MOD-102" in ids(modules.deny) with input as call({"source": "terraform-aws-modules/vpc/aws", "version": "6.0"})
	not "GP-MOD-102" in ids(modules.deny) with input as call({"source": "terraform-aws-modules/vpc/aws", "version": "< 7.0"})
	not "GP-MOD-102" in ids(modules.deny) with input as call({"source": "terraform-aws-modules/vpc/aws", "version": ">= 6.0, <= 6.9"})
	not "GP-MOD-102" in ids(modules.deny) with input as call({"source": "terraform-aws-modules/eks/aws//modules/karpenter", "version": "21.19.0"})
	not "GP-MOD-102" in ids(modules.deny) with input as call({"source": "git::https://github.com/terraform-aws-modules/terraform-aws-vpc.git?ref=v6.0.1"})
	not "GP-MOD-102" in ids(modules.deny) with input as call({"source": "github.com/terraform-aws-modules/terraform-aws-vpc?ref=v6.0.1"})
	not "GP-MOD-102" in ids(modules.deny) with input as call({"source": "https://example.com/vpc.zip?archive=zip&ref=v1"})
	not "GP-MOD-102" in ids(modules.deny) with input as call({"source": "./modules/vpc"})
	not "GP-MOD-102" in ids(modules.deny) with input as call({"source": "s3::https://s3-eu-west-1.amazonaws.com/acme-modules/vpc.zip"})
	not "GP-MOD-102" in ids(modules.deny) with input as call({"source": "https://example.com/modules/vpc.tar.gz"})
}

test_unpinned_sources_match_builtin_semantics if {
	"GP-MOD-102" in ids(modules.deny) with input as call({"source": "terraform-aws-modules/vpc/aws"})
	"GP-MOD-102" in ids(modules.deny) with input as call({"source": "terraform-aws-modules/vpc/aws", "version": ">= 6.0"})
	"GP-MOD-102" in ids(modules.deny) with input as call({"source": "terraform-aws-modules/vpc/aws", "version": "> 6.0, != 6.1.0"})
	"GP-MOD-102" in ids(modules.deny) with input as call({"source": "git::https://github.com/terraform-aws-modules/terraform-aws-vpc.git"})
	"GP-MOD-102" in ids(modules.deny) with input as call({"source": "github.com/terraform-aws-modules/terraform-aws-vpc"})
	"GP-MOD-102" in ids(modules.deny) with input as call({"source": "git@github.com:terraform-aws-modules/terraform-aws-vpc.git?ref="})
	"GP-MOD-102" in ids(modules.deny) with input as call({"source": "git::https://example.com/vpc.git?depth=1&ref="})
	"GP-MOD-102" in ids(modules.deny) with input as call({"source": "hg::https://example.com/vpc"})
	"GP-MOD-102" in ids(modules.deny) with input as call({"source": "vpc"})
}
