package goldpath.tagging_test

import rego.v1

import data.goldpath.tagging

good_tags := {"team": "payments", "env": "prod", "cost-center": "FIN-1042", "owner": "payments@acme.example", "service": "ledger"}

bucket(tags) := {"resource": {"aws_s3_bucket": {"this": [{"bucket": "ledger", "tags": tags}]}}}

ids(findings) := {f.rule | some f in findings}

example_provider(tags) := {"provider": {"aws": [{"region": "eu-west-1", "default_tags": [{"tags": tags}]}]}}

test_tagged_resource_passes if {
	count(tagging.deny) == 0 with input as bucket(good_tags)
	count(tagging.warn) == 0 with input as bucket(good_tags)
}

test_missing_tags_denied if {
	some f in tagging.deny with input as bucket({"Name": "ledger", "team": "payments"})
	f.rule == "GP-TAG-101"
	f.resource == "aws_s3_bucket.this"
	f.msg == "aws_s3_bucket.this has no env, cost-center, owner tag(s)"
}

test_tags_from_local_are_resolved if {
	inp := object.union(bucket("${local.tags}"), {"locals": [{"tags": {"team": "payments"}}]})
	"GP-TAG-101" in ids(tagging.deny) with input as inp
}

test_computed_tags_pass if {
	count(tagging.deny) == 0 with input as bucket("${merge(var.tags, {team = var.team})}")
}

test_non_aws_resources_are_ignored if {
	count(tagging.deny) == 0 with input as {"resource": {"random_pet": {"x": [{"tags": {}}]}}}
}

test_default_tags_supply_missing_keys if {
	inp := object.union(bucket({"Name": "ledger"}), example_provider(good_tags))
	count(tagging.deny) == 0 with input as inp
	count(tagging.warn) == 0 with input as inp
}

test_required_tags_from_data if {
	inp := bucket({"team": "payments"})
	count(tagging.deny) == 0 with input as inp with data.goldpath.required_tags as ["team"]
}

test_provider_without_default_tags_warns if {
	some f in tagging.warn with input as {"provider": {"aws": [{"region": "eu-west-1"}]}}
	f.rule == "GP-TAG-102"
	f.resource == "provider.aws"
	f.msg == "provider.aws has no default_tags"
}

test_provider_default_tags_missing_keys_warns if {
	inp := example_provider({"team": "payments", "env": "prod"})
	some f in tagging.warn with input as inp
	f.rule == "GP-TAG-102"
	f.msg == "provider.aws default_tags lack cost-center, owner"
}

test_malformed_values_warn if {
	inp := bucket(object.union(good_tags, {"env": "production", "cost-center": "1042", "owner": "payments"}))
	found := {f.msg | some f in tagging.warn with input as inp; f.rule == "GP-TAG-103"}
	found == {
		"aws_s3_bucket.this: env = \"production\" is not one of dev, staging, prod",
		"aws_s3_bucket.this: cost-center = \"1042\" does not look like ENG-1234",
		"aws_s3_bucket.this: owner = \"payments\" is not an email address",
	}
}

test_computed_values_are_not_judged if {
	inp := bucket(object.union(good_tags, {"env": "${var.environment}", "owner": "${var.owner}"}))
	count(tagging.warn) == 0 with input as inp
}
