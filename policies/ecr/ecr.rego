# ECR guardrails: repositories scan images on push, keep tags immutable, and encrypt with KMS.
package goldpath.ecr

import rego.v1

import data.goldpath.lib

meta := {
	"GP-ECR-101": {
		"severity": "deny",
		"title": "images scanned on push",
		"remediation": "add image_scanning_configuration { scan_on_push = true }, or configure registry-wide scanning with aws_ecr_registry_scanning_configuration (Inspector enhanced scanning)",
	},
	"GP-ECR-102": {
		"severity": "deny",
		"title": "immutable image tags",
		"remediation": "set image_tag_mutability = \"IMMUTABLE\" (or \"IMMUTABLE_WITH_EXCLUSION\" for a named moving tag) so a deployed tag always means the same image; deploy by digest or by a unique tag",
	},
	"GP-ECR-103": {
		"severity": "warn",
		"title": "repositories encrypted with KMS",
		"remediation": "add encryption_configuration { encryption_type = \"KMS\", kms_key = aws_kms_key.this.arn } (the default is AES256 with an AWS-owned key); it can only be set when the repository is created",
	},
}

finding(id, resource, msg) := lib.finding(id, meta[id], resource, msg)

resources := object.get(lib.doc, "resource", {})

repositories contains [sprintf("aws_ecr_repository.%s", [name]), body] if {
	some name, bodies in object.get(resources, "aws_ecr_repository", {})
	some body in bodies
}

# Registry-level scanning (basic or enhanced) replaces the per-repository setting.
registry_scanning if count(object.get(resources, "aws_ecr_registry_scanning_configuration", {})) > 0

scans_on_push(repo) if lib.is_dynamic_block(repo, "image_scanning_configuration")

scans_on_push(repo) if {
	scan := lib.attr(lib.block(repo, "image_scanning_configuration"), "scan_on_push", false)
	not lib.is_false(scan)
	scan != null
}

deny contains f if {
	not registry_scanning
	some [address, repo] in repositories
	not scans_on_push(repo)
	f := finding("GP-ECR-101", address, sprintf("%s does not scan images on push (image_scanning_configuration.scan_on_push is not true)", [address]))
}

deny contains f if {
	some [address, repo] in repositories
	mutability := lib.attr(repo, "image_tag_mutability", "MUTABLE")
	mutability == "MUTABLE"
	f := finding("GP-ECR-102", address, sprintf("%s has mutable image tags (image_tag_mutability = \"MUTABLE\", the default): a pushed tag can be replaced", [address]))
}

warn contains f if {
	some [address, repo] in repositories
	not lib.is_dynamic_block(repo, "encryption_configuration")
	encryption := lib.attr(lib.block(repo, "encryption_configuration"), "encryption_type", "AES256")
	encryption == "AES256"
	f := finding("GP-ECR-103", address, sprintf("%s is encrypted with an AWS-owned key (encryption_type AES256, the default), not KMS", [address]))
}
