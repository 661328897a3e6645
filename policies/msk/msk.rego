# Amazon MSK guardrails for aws_msk_cluster and aws_msk_serverless_cluster: clients must
# authenticate, and provisioned clusters must use TLS between clients and brokers.
package goldpath.msk

import rego.v1

import data.goldpath.lib

meta := {
	"GP-MSK-101": {
		"severity": "deny",
		"title": "client authentication required",
		"remediation": "turn on IAM authentication (client_authentication { sasl { iam { enabled = true } } }) and set unauthenticated = false; grant kafka-cluster:* actions per topic in the clients' IAM policies",
	},
	"GP-MSK-102": {
		"severity": "deny",
		"title": "TLS between clients and brokers",
		"remediation": "set encryption_info { encryption_in_transit { client_broker = \"TLS\" } } (the default); TLS_PLAINTEXT and PLAINTEXT let clients send data unencrypted",
	},
}

finding(id, resource, msg) := lib.finding(id, meta[id], resource, msg)

resources := object.get(lib.doc, "resource", {})

clusters contains [sprintf("%s.%s", [type, name]), body] if {
	some type in ["aws_msk_cluster", "aws_msk_serverless_cluster"]
	some name, bodies in object.get(resources, type, {})
	some body in bodies
}

# --- GP-MSK-101 authentication ---------------------------------------------------------------

# An authentication method that is switched on (or set through an expression).
authenticated(auth) if {
	sasl := lib.block(auth, "sasl")
	some method in ["iam", "scram"]
	method_on(sasl, method)
}

authenticated(auth) if lib.has_block(auth, "tls")

authenticated(auth) if lib.is_dynamic_block(auth, "sasl")

method_on(sasl, method) if {
	value := object.get(sasl, method, null)
	is_boolean(value)
	value == true
}

method_on(sasl, method) if {
	value := lib.attr(sasl, method, null)
	lib.is_unknown(value)
}

method_on(sasl, method) if {
	block := lib.block(sasl, method)
	enabled := lib.attr(block, "enabled", false)
	not lib.is_false(enabled)
}

deny contains f if {
	some [address, cluster] in clusters
	not lib.is_dynamic_block(cluster, "client_authentication")
	auth := lib.block(cluster, "client_authentication")
	not authenticated(auth)
	f := finding("GP-MSK-101", address, sprintf("%s lets clients connect without IAM, SASL/SCRAM or mutual TLS authentication", [address]))
}

deny contains f if {
	some [address, cluster] in clusters
	auth := lib.block(cluster, "client_authentication")
	lib.is_true(lib.attr(auth, "unauthenticated", false))
	f := finding("GP-MSK-101", address, sprintf("%s allows unauthenticated clients (client_authentication.unauthenticated = true)", [address]))
}

# --- GP-MSK-102 TLS -------------------------------------------------------------------------------

deny contains f if {
	some name, bodies in object.get(resources, "aws_msk_cluster", {})
	some cluster in bodies
	transit := lib.block(lib.block(cluster, "encryption_info"), "encryption_in_transit")
	setting := lib.attr(transit, "client_broker", "TLS")
	setting in {"TLS_PLAINTEXT", "PLAINTEXT"}
	address := sprintf("aws_msk_cluster.%s", [name])
	f := finding("GP-MSK-102", address, sprintf("%s accepts unencrypted client connections (client_broker = %s)", [address, setting]))
}
