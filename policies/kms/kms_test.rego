package goldpath.kms_test

import rego.v1

import data.goldpath.kms

key(body) := {"resource": {"aws_kms_key": {"this": [object.union({"description": "orders", "deletion_window_in_days": 30}, body)]}}}

test_rotating_key_passes if {
	count(kms.deny) == 0 with input as key({"enable_key_rotation": true})
	count(kms.deny) == 0 with input as key({"enable_key_rotation": true, "customer_master_key_spec": "SYMMETRIC_DEFAULT"})
}

test_key_without_rotation_denied if {
	some f in kms.deny with input as key({})
	f.rule == "GP-KMS-101"
	f.resource == "aws_kms_key.this"
	f.severity == "deny"
	count(kms.deny) == 1 with input as key({"enable_key_rotation": false})
}

test_keys_that_cannot_rotate_pass if {
	count(kms.deny) == 0 with input as key({"customer_master_key_spec": "RSA_2048", "key_usage": "SIGN_VERIFY"})
	count(kms.deny) == 0 with input as key({"customer_master_key_spec": "HMAC_256", "key_usage": "GENERATE_VERIFY_MAC"})
	count(kms.deny) == 0 with input as key({"custom_key_store_id": "${aws_cloudhsm_v2_cluster.hsm.id}"})
}

test_unknown_rotation_passes_and_defaults_are_followed if {
	count(kms.deny) == 0 with input as key({"enable_key_rotation": "${var.rotate}"})
	count(kms.deny) == 1 with input as object.union(key({"enable_key_rotation": "${var.rotate}"}), {"variable": {"rotate": [{"default": false}]}})
}
