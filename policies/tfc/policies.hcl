# HCP Terraform / Terraform Enterprise OPA policy set: point the policy set's "policies path" at
# this directory. Each query returns an array of messages; an empty array passes.

policy "s3_public_access_block" {
  query             = "data.terraform.policies.s3_public_access_block.deny"
  enforcement_level = "mandatory"
}

policy "lambda_arm64" {
  query             = "data.terraform.policies.lambda_arm64.deny"
  enforcement_level = "mandatory"
}

policy "emr_arm64" {
  query             = "data.terraform.policies.emr_arm64.deny"
  enforcement_level = "mandatory"
}
