# EKS guardrails: a private API endpoint outside dev, KMS encryption of Kubernetes secrets, all
# five control-plane log types, and CPU/memory limits on every Karpenter NodePool. They read
# terraform-aws-modules/eks module calls (inputs of v21, and the cluster_* names of v20), plain
# aws_eks_cluster resources, and NodePools declared with kubernetes_manifest or kubectl_manifest.
package goldpath.eks

import rego.v1

import data.goldpath.lib

meta := {
	"GP-EKS-101": {
		"severity": "deny",
		"title": "private API endpoint in staging and prod",
		"remediation": "set endpoint_public_access = false (module default) and endpoint_private_access = true; reach the API through the VPC (VPN, bastion, CI runners in the VPC)",
	},
	"GP-EKS-102": {
		"severity": "deny",
		"title": "Kubernetes secrets encrypted with KMS",
		"remediation": "keep the module's encryption_config (default {} encrypts secrets with a module-created KMS key); on aws_eks_cluster add encryption_config { resources = [\"secrets\"] provider { key_arn = ... } }",
	},
	"GP-EKS-103": {
		"severity": "deny",
		"title": "all five control-plane log types",
		"remediation": "set enabled_log_types = [\"api\", \"audit\", \"authenticator\", \"controllerManager\", \"scheduler\"] (the module default lists only three)",
	},
	"GP-EKS-104": {
		"severity": "deny",
		"title": "Karpenter NodePools have CPU and memory limits",
		"remediation": "set spec.limits.cpu and spec.limits.memory on every NodePool: without limits Karpenter can scale the cluster's spend without bound",
	},
	"GP-EKS-105": {
		"severity": "warn",
		"title": "public endpoint restricted to known CIDRs",
		"remediation": "when the endpoint is public (dev only), set endpoint_public_access_cidrs to the office/VPN ranges instead of the default 0.0.0.0/0",
	},
}

finding(id, resource, msg) := lib.finding(id, meta[id], resource, msg)

log_types := {"api", "audit", "authenticator", "controllerManager", "scheduler"}

cluster_modules contains [sprintf("module.%s", [name]), body] if {
	some [name, body] in lib.registry_module("eks")
	not lib.is_false(lib.attr(body, "create", true))
}

clusters contains [sprintf("aws_eks_cluster.%s", [name]), cluster] if {
	some name, bodies in lib.doc.resource.aws_eks_cluster
	some cluster in bodies
}

# An input of the module under its v21 name, else its v20 name (cluster_*), else the default.
module_input(body, name, default_value) := lib.value(body[name]) if {
	name in object.keys(body)
} else := lib.value(body[concat("_", ["cluster", name])]) if {
	concat("_", ["cluster", name]) in object.keys(body)
} else := default_value

# --- GP-EKS-101 / 105 endpoint ---------------------------------------------------------------------

public_endpoint(v) if lib.is_true(v)

open_to_world(cidrs) if {
	not lib.is_unknown(cidrs)
	some c in lib.as_list(cidrs)
	c in {"0.0.0.0/0", "::/0"}
}

deny contains f if {
	lib.is_protected_environment
	some [address, body] in cluster_modules
	public_endpoint(module_input(body, "endpoint_public_access", false))
	f := finding("GP-EKS-101", address, sprintf("%s exposes the Kubernetes API publicly (endpoint_public_access = true) %s", [address, lib.environment_phrase]))
}

deny contains f if {
	lib.is_protected_environment
	some [address, cluster] in clusters
	public_endpoint(lib.value(object.get(lib.block(cluster, "vpc_config"), "endpoint_public_access", true)))
	f := finding("GP-EKS-101", address, sprintf("%s exposes the Kubernetes API publicly (vpc_config.endpoint_public_access defaults to true) %s", [address, lib.environment_phrase]))
}

warn contains f if {
	lib.is_dev
	some [address, body] in cluster_modules
	public_endpoint(module_input(body, "endpoint_public_access", false))
	open_to_world(module_input(body, "endpoint_public_access_cidrs", ["0.0.0.0/0"]))
	f := finding("GP-EKS-105", address, sprintf("%s has a public API endpoint open to 0.0.0.0/0", [address]))
}

warn contains f if {
	lib.is_dev
	some [address, cluster] in clusters
	vpc := lib.block(cluster, "vpc_config")
	public_endpoint(lib.value(object.get(vpc, "endpoint_public_access", true)))
	open_to_world(lib.value(object.get(vpc, "public_access_cidrs", ["0.0.0.0/0"])))
	f := finding("GP-EKS-105", address, sprintf("%s has a public API endpoint open to 0.0.0.0/0", [address]))
}

# --- GP-EKS-102 secrets encryption ------------------------------------------------------------------

# Why a module call does not encrypt secrets, if it does not. v21: encryption_config = {} is on
# (null turns it off); v20: cluster_encryption_config = {} turns it off.
module_encryption_problem(body) := "encryption_config is null" if {
	"encryption_config" in object.keys(body)
	body.encryption_config == null
} else := "cluster_encryption_config is empty or null" if {
	"cluster_encryption_config" in object.keys(body)
	body.cluster_encryption_config in {null, {}}
} else := "its encryption_config does not list \"secrets\"" if {
	config := module_input(body, "encryption_config", {})
	is_object(config)
	resources := lib.value(object.get(config, "resources", ["secrets"]))
	is_array(resources)
	not "secrets" in resources
} else := "create_kms_key = false and no provider_key_arn" if {
	lib.is_false(lib.attr(body, "create_kms_key", true))
	config := module_input(body, "encryption_config", {})
	is_object(config)
	object.get(config, "provider_key_arn", null) == null
}

deny contains f if {
	some [address, body] in cluster_modules
	why := module_encryption_problem(body)
	f := finding("GP-EKS-102", address, sprintf("%s does not encrypt Kubernetes secrets with KMS: %s", [address, why]))
}

encrypts_secrets(cluster) if lib.is_dynamic_block(cluster, "encryption_config")

encrypts_secrets(cluster) if {
	config := lib.block(cluster, "encryption_config")
	config != {}
	resources := lib.value(object.get(config, "resources", []))
	secrets_or_unknown(resources)
}

secrets_or_unknown(resources) if lib.is_unknown(resources)

secrets_or_unknown(resources) if {
	is_array(resources)
	some r in resources
	r == "secrets"
}

deny contains f if {
	some [address, cluster] in clusters
	not encrypts_secrets(cluster)
	f := finding("GP-EKS-102", address, sprintf("%s does not encrypt Kubernetes secrets with KMS (encryption_config with resources = [\"secrets\"])", [address]))
}

# --- GP-EKS-103 control-plane logs ------------------------------------------------------------------

missing_log_types(enabled) := missing if {
	is_array(enabled)
	missing := log_types - {t | some t in enabled}
	count(missing) > 0
}

deny contains f if {
	some [address, body] in cluster_modules
	missing := missing_log_types(module_input(body, "enabled_log_types", ["audit", "api", "authenticator"]))
	f := finding("GP-EKS-103", address, sprintf("%s does not enable control-plane log types %s", [address, concat(", ", sort(missing))]))
}

deny contains f if {
	some [address, cluster] in clusters
	missing := missing_log_types(lib.attr(cluster, "enabled_cluster_log_types", []))
	f := finding("GP-EKS-103", address, sprintf("%s does not enable control-plane log types %s", [address, concat(", ", sort(missing))]))
}

# --- GP-EKS-104 Karpenter NodePool limits ------------------------------------------------------------

# Manifests as [address, manifest], where a manifest is an object or, when only its source text
# is known (a heredoc, yamlencode(...)), a string.
manifests contains [sprintf("kubernetes_manifest.%s", [name]), lib.value(body.manifest)] if {
	some name, bodies in lib.doc.resource.kubernetes_manifest
	some body in bodies
}

manifests contains [sprintf("kubectl_manifest.%s", [name]), lib.value(body.yaml_body)] if {
	some name, bodies in lib.doc.resource.kubectl_manifest
	some body in bodies
}

# NodePools written as locals (a literal object, or a `for` expression building several) that a
# kubectl_manifest then renders with yamlencode(each.value).
manifests contains [sprintf("locals.%s", [name]), value] if {
	some block in lib.doc.locals
	some name, value in block
	some d in documents(value)
	node_pool(d)
}

# A manifest's documents: objects as they are; text split on YAML document markers and parsed
# where possible.
documents(m) := [m] if is_object(m)

documents(m) := [document(part) | some part in regex.split(`\n---[^\n]*\n`, m)] if is_string(m)

document(text) := parsed if {
	not startswith(trim_space(text), "${")
	yaml.is_valid(text)
	parsed := yaml.unmarshal(text)
	is_object(parsed)
} else := text

node_pool(d) if {
	is_object(d)
	object.get(d, "kind", null) == "NodePool"
}

node_pool(d) if {
	is_string(d)
	regex.match(`\bkind"?\s*[:=]\s*["']?NodePool\b`, d)
}

limited(d) if lib.is_unknown(node_pool_limits(d))

limited(d) if {
	limits := node_pool_limits(d)
	is_object(limits)
	object.get(limits, "cpu", null) != null
	object.get(limits, "memory", null) != null
}

# spec.limits of a NodePool object; a computed spec counts as computed limits.
node_pool_limits(d) := limits if {
	is_object(d)
	spec := object.get(d, "spec", {})
	is_object(spec)
	limits := object.get(spec, "limits", {})
} else := spec if {
	is_object(d)
	spec := object.get(d, "spec", {})
	lib.is_unknown(spec)
}

limited(d) if {
	is_string(d)
	regex.match(`\blimits"?\s*[:=]`, d)
	regex.match(`\bcpu"?\s*[:=]`, d)
	regex.match(`\bmemory"?\s*[:=]`, d)
}

deny contains f if {
	some [address, m] in manifests
	some d in documents(m)
	node_pool(d)
	not limited(d)
	f := finding("GP-EKS-104", address, sprintf("%s declares a Karpenter NodePool without spec.limits for cpu and memory", [address]))
}
