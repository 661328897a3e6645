# HCP Terraform / Terraform Enterprise policy (input: {"plan": <terraform show -json>, "run": …}):
# every S3 bucket the plan creates or updates has a public access block with all four settings
# on, in the same module, unless the account-level block covers every bucket.
# Also runs as `terraform show -json tfplan | conftest test --namespace terraform.policies.s3_public_access_block -`.
package terraform.policies.s3_public_access_block

import rego.v1

plan := object.get(input, "plan", input) if is_object(input)

settings := ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"]

# Managed resources that will exist after the run.
kept contains rc if {
	some rc in object.get(plan, "resource_changes", [])
	object.get(rc, "mode", "managed") == "managed"
	rc.change.actions != ["delete"]
}

# Resources the run creates or changes.
acting contains rc if {
	some rc in kept
	some action in rc.change.actions
	action in {"create", "update"}
}

after(rc) := object.get(rc.change, "after", {})

unknown(rc, key) if object.get(object.get(rc.change, "after_unknown", {}), key, false) == true

switched_off(rc) := [key |
	some key in settings
	object.get(after(rc), key, false) != true
	not unknown(rc, key)
]

deny contains msg if {
	some rc in acting
	rc.type in {"aws_s3_bucket_public_access_block", "aws_s3_account_public_access_block"}
	off := switched_off(rc)
	count(off) > 0
	msg := sprintf("GP-TFC-101: %s does not set %s to true", [rc.address, concat(", ", off)])
}

account_blocked if {
	some rc in kept
	rc.type == "aws_s3_account_public_access_block"
	count(switched_off(rc)) == 0
}

# A bucket's block: in the same module, naming the same bucket, or naming one not known until
# apply (a new bucket's id), which is given the benefit of the doubt.
blocked(bucket) if {
	some pab in kept
	pab.type == "aws_s3_bucket_public_access_block"
	object.get(pab, "module_address", "") == object.get(bucket, "module_address", "")
	names_bucket(pab, bucket)
}

names_bucket(pab, _) if unknown(pab, "bucket")

names_bucket(pab, bucket) if {
	name := object.get(after(pab), "bucket", null)
	is_string(name)
	name in {object.get(after(bucket), "bucket", null), object.get(after(bucket), "id", null)}
}

deny contains msg if {
	not account_blocked
	some rc in acting
	rc.type == "aws_s3_bucket"
	not blocked(rc)
	msg := sprintf("GP-TFC-101: %s has no aws_s3_bucket_public_access_block in this plan", [rc.address])
}
