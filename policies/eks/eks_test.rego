package goldpath.eks_test

import rego.v1

import data.goldpath.eks

all_log_types := ["api", "audit", "authenticator", "controllerManager", "scheduler"]

# A terraform-aws-modules/eks v21 call as a Spark-on-EKS golden path would write it.
secure_module := {
	"source": "terraform-aws-modules/eks/aws",
	"version": "~> 21.0",
	"name": "${local.name}",
	"kubernetes_version": "1.34",
	"endpoint_public_access": "${var.endpoint_public_access}",
	"endpoint_private_access": true,
	"encryption_config": {},
	"enabled_log_types": all_log_types,
}

node_pool_yaml := "apiVersion: karpenter.sh/v1\nkind: NodePool\nmetadata:\n  name: spark-executors\nspec:\n  template:\n    spec:\n      requirements:\n        - key: karpenter.k8s.aws/instance-family\n          operator: In\n          values: [\"r7g\", \"r8g\"]\n  limits:\n    cpu: ${var.karpenter_cpu_limit}\n    memory: ${var.karpenter_memory_limit}Gi\n  disruption:\n    consolidationPolicy: WhenEmptyOrUnderutilized\n    consolidateAfter: 600s\n"

stack(environment, module_body) := {
	"module": {"eks": [module_body]},
	"variable": {
		"environment": [{"default": environment}],
		"endpoint_public_access": [{"default": false}],
	},
	"resource": {"kubectl_manifest": {"executors": [{"yaml_body": node_pool_yaml}]}},
}

ids(findings) := {f.rule | some f in findings}

test_compliant_stack_has_no_findings if {
	inp := stack("prod", secure_module)
	count(eks.deny) == 0 with input as inp
	count(eks.warn) == 0 with input as inp
}

# --- GP-EKS-101 / 105 ---------------------------------------------------------------------------

test_public_endpoint_denied_in_prod if {
	inp := stack("prod", object.union(secure_module, {"endpoint_public_access": true}))
	some f in eks.deny with input as inp
	f.rule == "GP-EKS-101"
	f.resource == "module.eks"
}

test_public_endpoint_from_variable_denied_in_staging if {
	inp := object.union(stack("staging", secure_module), {"variable": {"endpoint_public_access": [{"default": true}]}})
	"GP-EKS-101" in ids(eks.deny) with input as inp
}

test_public_endpoint_allowed_in_dev_with_warning if {
	inp := stack("dev", object.union(secure_module, {"endpoint_public_access": true}))
	not "GP-EKS-101" in ids(eks.deny) with input as inp
	"GP-EKS-105" in ids(eks.warn) with input as inp
}

test_public_endpoint_restricted_in_dev_passes if {
	inp := stack("dev", object.union(secure_module, {"endpoint_public_access": true, "endpoint_public_access_cidrs": ["203.0.113.0/24"]}))
	count(eks.warn) == 0 with input as inp
}

test_goldpath_answer_overrides_variable_default if {
	public := object.union(secure_module, {"endpoint_public_access": true})
	inp := object.union(stack("dev", public), {"goldpath": {"template": "eks-spark", "version": "1.0.0", "answers": {"environment": "prod"}}})
	"GP-EKS-101" in ids(eks.deny) with input as inp
}

test_unknown_environment_is_treated_as_prod if {
	inp := json.remove(stack("dev", object.union(secure_module, {"endpoint_public_access": true})), ["variable/environment"])
	"GP-EKS-101" in ids(eks.deny) with input as inp
}

test_v20_input_name_is_read if {
	v20 := {
		"source": "terraform-aws-modules/eks/aws",
		"version": "~> 20.0",
		"cluster_endpoint_public_access": true,
		"cluster_enabled_log_types": all_log_types,
	}
	inp := stack("prod", v20)
	ids(eks.deny) == {"GP-EKS-101"} with input as inp
}

# --- GP-EKS-102 ---------------------------------------------------------------------------------

test_encryption_disabled_denied if {
	inp := stack("prod", object.union(secure_module, {"encryption_config": null}))
	"GP-EKS-102" in ids(eks.deny) with input as inp
}

test_v20_empty_encryption_config_denied if {
	body := object.union(object.remove(secure_module, ["encryption_config"]), {"cluster_encryption_config": {}})
	inp := stack("prod", body)
	"GP-EKS-102" in ids(eks.deny) with input as inp
}

test_module_default_encryption_passes if {
	inp := stack("prod", object.remove(secure_module, ["encryption_config"]))
	not "GP-EKS-102" in ids(eks.deny) with input as inp
}

test_own_key_without_arn_denied if {
	inp := stack("prod", object.union(secure_module, {"create_kms_key": false}))
	"GP-EKS-102" in ids(eks.deny) with input as inp
}

# --- GP-EKS-103 ---------------------------------------------------------------------------------

test_module_default_log_types_denied if {
	inp := stack("prod", object.remove(secure_module, ["enabled_log_types"]))
	some f in eks.deny with input as inp
	f.rule == "GP-EKS-103"
	f.msg == "module.eks does not enable control-plane log types controllerManager, scheduler"
}

# --- aws_eks_cluster ----------------------------------------------------------------------------

cluster := {
	"name": "spark",
	"role_arn": "${aws_iam_role.cluster.arn}",
	"vpc_config": [{"subnet_ids": "${module.vpc.private_subnets}", "endpoint_public_access": false, "endpoint_private_access": true}],
	"encryption_config": [{"resources": ["secrets"], "provider": [{"key_arn": "${aws_kms_key.eks.arn}"}]}],
	"enabled_cluster_log_types": all_log_types,
}

test_secure_cluster_resource_passes if {
	inp := {"resource": {"aws_eks_cluster": {"this": [cluster]}}}
	count(eks.deny) == 0 with input as inp
}

test_bare_cluster_resource_denied if {
	inp := {"resource": {"aws_eks_cluster": {"this": [{"name": "spark", "vpc_config": [{"subnet_ids": ["subnet-1"]}]}]}}}
	ids(eks.deny) == {"GP-EKS-101", "GP-EKS-102", "GP-EKS-103"} with input as inp
}

# --- GP-EKS-104 ---------------------------------------------------------------------------------

test_node_pool_without_limits_denied if {
	unlimited := replace(node_pool_yaml, "  limits:\n    cpu: ${var.karpenter_cpu_limit}\n    memory: ${var.karpenter_memory_limit}Gi\n", "")
	inp := object.union(stack("prod", secure_module), {"resource": {"kubectl_manifest": {"executors": [{"yaml_body": unlimited}]}}})
	some f in eks.deny with input as inp
	f.rule == "GP-EKS-104"
	f.resource == "kubectl_manifest.executors"
}

test_node_pool_in_multi_document_yaml if {
	class := "apiVersion: karpenter.k8s.aws/v1\nkind: EC2NodeClass\nmetadata:\n  name: default\n"
	pool := "apiVersion: karpenter.sh/v1\nkind: NodePool\nmetadata:\n  name: x\nspec:\n  limits:\n    cpu: 100\n"
	inp := {"resource": {"kubectl_manifest": {"karpenter": [{"yaml_body": concat("\n---\n", [class, pool])}]}}}
	"GP-EKS-104" in ids(eks.deny) with input as inp
}

test_kubernetes_manifest_object if {
	limited := {"apiVersion": "karpenter.sh/v1", "kind": "NodePool", "spec": {"limits": {"cpu": 1000, "memory": "1000Gi"}}}
	unlimited := {"apiVersion": "karpenter.sh/v1", "kind": "NodePool", "spec": {"template": {}}}
	good := {"resource": {"kubernetes_manifest": {"pool": [{"manifest": limited}]}}}
	bad := {"resource": {"kubernetes_manifest": {"pool": [{"manifest": unlimited}]}}}
	count(eks.deny) == 0 with input as good
	"GP-EKS-104" in ids(eks.deny) with input as bad
}

test_yamlencode_text if {
	good := "${yamlencode({\n apiVersion = \"karpenter.sh/v1\"\n kind = \"NodePool\"\n spec = { limits = { cpu = var.cpu, memory = var.memory } }\n })}"
	bad := "${yamlencode({\n apiVersion = \"karpenter.sh/v1\"\n kind = \"NodePool\"\n spec = { template = local.template }\n })}"
	count(eks.deny) == 0 with input as {"resource": {"kubernetes_manifest": {"pool": [{"manifest": good}]}}}
	"GP-EKS-104" in ids(eks.deny) with input as {"resource": {"kubernetes_manifest": {"pool": [{"manifest": bad}]}}}
}

test_other_manifests_are_ignored if {
	inp := {"resource": {"kubectl_manifest": {"ns": [{"yaml_body": "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: spark\n"}]}}}
	count(eks.deny) == 0 with input as inp
}

test_node_pools_built_in_locals if {
	pools := "${{\n for pool, s in local.settings : pool => {\n apiVersion = \"karpenter.sh/v1\"\n kind = \"NodePool\"\n spec = {\n limits = {\n cpu = tostring(s.cpu)\n memory = \"${s.memory_gb}Gi\"\n }\n }\n }\n }}"
	unlimited := "${{\n for pool, s in local.settings : pool => {\n apiVersion = \"karpenter.sh/v1\"\n kind = \"NodePool\"\n spec = { template = {} }\n }\n }}"
	count(eks.deny) == 0 with input as {"locals": [{"karpenter_node_pools": pools}]}
	some f in eks.deny with input as {"locals": [{"karpenter_node_pools": unlimited}]}
	f.rule == "GP-EKS-104"
	f.resource == "locals.karpenter_node_pools"
}
