# HCP Terraform / Terraform Enterprise policy: every Lambda function the plan creates or updates
# runs on arm64 (Graviton). An architectures value left unset is x86_64.
package terraform.policies.lambda_arm64

import rego.v1

plan := object.get(input, "plan", input) if is_object(input)

acting contains rc if {
	some rc in object.get(plan, "resource_changes", [])
	object.get(rc, "mode", "managed") == "managed"
	some action in rc.change.actions
	action in {"create", "update"}
}

# Whether the configuration sets `key` on the resource (its value may be unknown until apply).
configured(rc, key) if {
	walk(object.get(plan, "configuration", {}), [_, node])
	is_object(node)
	object.get(node, "address", null) == sprintf("%s.%s", [rc.type, rc.name])
	key in object.keys(object.get(node, "expressions", {}))
}

arm64(rc) if {
	architectures := object.get(object.get(rc.change, "after", {}), "architectures", null)
	is_array(architectures)
	count(architectures) > 0
	every a in architectures {
		a == "arm64"
	}
}

arm64(rc) if {
	object.get(object.get(rc.change, "after_unknown", {}), "architectures", false) == true
	configured(rc, "architectures")
}

deny contains msg if {
	some rc in acting
	rc.type == "aws_lambda_function"
	not arm64(rc)
	msg := sprintf("GP-TFC-102: %s does not run on arm64 (set architectures = [\"arm64\"])", [rc.address])
}
