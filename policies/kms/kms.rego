# KMS guardrails: customer-managed symmetric encryption keys rotate their key material yearly.
package goldpath.kms

import rego.v1

import data.goldpath.lib

meta := {"GP-KMS-101": {
	"severity": "deny",
	"title": "KMS key rotation",
	"remediation": "set enable_key_rotation = true (rotation_period_in_days defaults to 365); only symmetric encryption keys in the AWS key store rotate automatically",
}}

finding(id, resource, msg) := lib.finding(id, meta[id], resource, msg)

# Automatic rotation exists for symmetric encryption keys in the AWS key store only: not for
# asymmetric or HMAC keys, nor keys in a custom key store.
rotatable(key) if {
	lib.attr(key, "customer_master_key_spec", "SYMMETRIC_DEFAULT") == "SYMMETRIC_DEFAULT"
	lib.attr(key, "custom_key_store_id", null) == null
}

deny contains f if {
	some name, bodies in object.get(object.get(lib.doc, "resource", {}), "aws_kms_key", {})
	some key in bodies
	rotatable(key)
	rotation := lib.attr(key, "enable_key_rotation", false)
	not lib.is_true(rotation)
	not lib.is_unknown(rotation)
	f := finding("GP-KMS-101", sprintf("aws_kms_key.%s", [name]), sprintf("aws_kms_key.%s does not rotate its key material (enable_key_rotation is not true)", [name]))
}
