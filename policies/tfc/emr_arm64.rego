# HCP Terraform / Terraform Enterprise policy: every EMR Serverless application the plan creates
# or updates runs on ARM64 (Graviton). An architecture left unset is X86_64.
package terraform.policies.emr_arm64

import rego.v1

plan := object.get(input, "plan", input) if is_object(input)

acting contains rc if {
	some rc in object.get(plan, "resource_changes", [])
	object.get(rc, "mode", "managed") == "managed"
	some action in rc.change.actions
	action in {"create", "update"}
}

configured(rc, key) if {
	walk(object.get(plan, "configuration", {}), [_, node])
	is_object(node)
	object.get(node, "address", null) == sprintf("%s.%s", [rc.type, rc.name])
	key in object.keys(object.get(node, "expressions", {}))
}

arm64(rc) if object.get(object.get(rc.change, "after", {}), "architecture", null) == "ARM64"

arm64(rc) if {
	object.get(object.get(rc.change, "after_unknown", {}), "architecture", false) == true
	configured(rc, "architecture")
}

deny contains msg if {
	some rc in acting
	rc.type == "aws_emrserverless_application"
	not arm64(rc)
	msg := sprintf("GP-TFC-103: %s does not run on ARM64 (set architecture = \"ARM64\")", [rc.address])
}
