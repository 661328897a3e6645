package goldpath.msk_test

import rego.v1

import data.goldpath.msk

ids(findings) := {f.rule | some f in findings}

# The documentdb-events golden path's MSK Serverless cluster.
serverless := {
	"cluster_name": "${local.name_prefix}-events",
	"vpc_config": [{"subnet_ids": "${local.subnet_ids}", "security_group_ids": ["${aws_security_group.msk.id}"]}],
	"client_authentication": [{"sasl": [{"iam": [{"enabled": true}]}]}],
}

provisioned := {
	"cluster_name": "events",
	"kafka_version": "3.6.0",
	"client_authentication": [{"sasl": [{"iam": true}], "unauthenticated": false}],
	"encryption_info": [{"encryption_in_transit": [{"client_broker": "TLS", "in_cluster": true}]}],
}

cluster(type, body) := {"resource": {type: {"events": [body]}}}

test_golden_path_clusters_pass if {
	count(msk.deny) == 0 with input as cluster("aws_msk_serverless_cluster", serverless)
	count(msk.deny) == 0 with input as cluster("aws_msk_cluster", provisioned)
	count(msk.deny) == 0 with input as cluster("aws_msk_cluster", object.union(provisioned, {"client_authentication": [{"tls": [{"certificate_authority_arns": ["${aws_acmpca_certificate_authority.ca.arn}"]}]}]}))
}

# --- GP-MSK-101 -----------------------------------------------------------------------------------

test_no_authentication_denied if {
	some f in msk.deny with input as cluster("aws_msk_serverless_cluster", object.union(serverless, {"client_authentication": [{"sasl": [{"iam": [{"enabled": false}]}]}]}))
	f.rule == "GP-MSK-101"
	f.resource == "aws_msk_serverless_cluster.events"
	"GP-MSK-101" in ids(msk.deny) with input as cluster("aws_msk_cluster", object.remove(provisioned, ["client_authentication"]))
}

test_unauthenticated_access_denied if {
	auth := [{"sasl": [{"iam": true}], "unauthenticated": true}]
	some f in msk.deny with input as cluster("aws_msk_cluster", object.union(provisioned, {"client_authentication": auth}))
	f.rule == "GP-MSK-101"
	f.msg == "aws_msk_cluster.events allows unauthenticated clients (client_authentication.unauthenticated = true)"
}

# --- GP-MSK-102 -----------------------------------------------------------------------------------

test_plaintext_clients_denied if {
	plaintext := object.union(provisioned, {"encryption_info": [{"encryption_in_transit": [{"client_broker": "TLS_PLAINTEXT"}]}]})
	some f in msk.deny with input as cluster("aws_msk_cluster", plaintext)
	f.rule == "GP-MSK-102"
	f.msg == "aws_msk_cluster.events accepts unencrypted client connections (client_broker = TLS_PLAINTEXT)"
	count(msk.deny) == 0 with input as cluster("aws_msk_cluster", object.remove(provisioned, ["encryption_info"]))
}
