package goldpath.ecr_test

import rego.v1

import data.goldpath.ecr

ids(findings) := {f.rule | some f in findings}

secure := {
	"name": "orders",
	"image_tag_mutability": "IMMUTABLE",
	"image_scanning_configuration": [{"scan_on_push": true}],
	"encryption_configuration": [{"encryption_type": "KMS", "kms_key": "${aws_kms_key.this.arn}"}],
}

repo(body) := {"resource": {"aws_ecr_repository": {"app": [body]}}}

test_secure_repository_passes if {
	count(ecr.deny) == 0 with input as repo(secure)
	count(ecr.warn) == 0 with input as repo(secure)
}

test_defaults_fail_every_rule if {
	inp := repo({"name": "orders"})
	ids(ecr.deny) == {"GP-ECR-101", "GP-ECR-102"} with input as inp
	ids(ecr.warn) == {"GP-ECR-103"} with input as inp
	some f in ecr.deny with input as inp
	f.resource == "aws_ecr_repository.app"
}

test_scan_on_push_off_denied if {
	inp := repo(object.union(secure, {"image_scanning_configuration": [{"scan_on_push": false}]}))
	ids(ecr.deny) == {"GP-ECR-101"} with input as inp
}

test_registry_scanning_replaces_scan_on_push if {
	inp := {"resource": {
		"aws_ecr_repository": {"app": [object.remove(secure, ["image_scanning_configuration"])]},
		"aws_ecr_registry_scanning_configuration": {"this": [{"scan_type": "ENHANCED"}]},
	}}
	count(ecr.deny) == 0 with input as inp
}

test_mutable_tags_denied_and_exclusions_pass if {
	ids(ecr.deny) == {"GP-ECR-102"} with input as repo(object.union(secure, {"image_tag_mutability": "MUTABLE"}))
	count(ecr.deny) == 0 with input as repo(object.union(secure, {"image_tag_mutability": "IMMUTABLE_WITH_EXCLUSION"}))
}

test_unknown_settings_pass if {
	inp := repo({
		"image_tag_mutability": "${var.mutability}",
		"image_scanning_configuration": [{"scan_on_push": "${var.scan}"}],
		"encryption_configuration": [{"encryption_type": "${var.encryption}"}],
	})
	count(ecr.deny) == 0 with input as inp
	count(ecr.warn) == 0 with input as inp
}
