# Golden-path properties of this module, checked with `terraform test` at plan
# time against mocked providers: no credentials, nothing is created. The
# registry modules (VPC, EKS, Karpenter) only expose their inputs at plan
# time, so the assertions read this module's own resources and the locals fed
# into those modules.

mock_provider "aws" {
  mock_data "aws_availability_zones" {
    defaults = {
      names    = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]
      zone_ids = ["euw1-az1", "euw1-az2", "euw1-az3"]
    }
  }

  mock_data "aws_caller_identity" {
    defaults = {
      account_id = "123456789012"
      arn        = "arn:aws:iam::123456789012:role/terraform"
      user_id    = "AROAEXAMPLE:terraform"
    }
  }

  mock_data "aws_partition" {
    defaults = {
      partition  = "aws"
      dns_suffix = "amazonaws.com"
    }
  }

  mock_data "aws_region" {
    defaults = {
      region = "eu-west-1"
    }
  }

  mock_data "aws_iam_session_context" {
    defaults = {
      issuer_arn = "arn:aws:iam::123456789012:role/terraform"
    }
  }

  mock_data "aws_iam_policy_document" {
    defaults = {
      json = "{\"Version\":\"2012-10-17\",\"Statement\":[]}"
    }
  }
}

mock_provider "helm" {}

mock_provider "kubernetes" {}

mock_provider "kubectl" {}

mock_provider "random" {}

mock_provider "tls" {}

mock_provider "time" {}

run "network" {
  command = plan

  assert {
    condition     = length(local.azs) == 3 && length(local.private_subnet_cidrs) == 3 && length(distinct(local.private_subnet_cidrs)) == 3
    error_message = "The VPC must span three Availability Zones with one private subnet each."
  }

  assert {
    condition     = alltrue([for c in local.public_subnet_cidrs : !contains(local.private_subnet_cidrs, c)])
    error_message = "Public (NAT) subnets must not overlap the private subnets."
  }

  assert {
    condition     = aws_vpc_endpoint.s3.vpc_endpoint_type == "Gateway" && aws_vpc_endpoint.s3.service_name == "com.amazonaws.eu-west-1.s3"
    error_message = "S3 must be reached through a gateway endpoint."
  }
}

run "cluster_control_plane" {
  command = plan

  assert {
    condition = alltrue([
      for t in ["api", "audit", "authenticator", "controllerManager", "scheduler"] : contains(local.cluster_log_types, t)
    ])
    error_message = "All five control-plane log types must be enabled."
  }

  assert {
    condition     = !local.endpoint_public_access || var.environment == "dev"
    error_message = "Only dev may have a public API endpoint."
  }

  assert {
    condition     = !contains(local.endpoint_public_access_cidrs, "0.0.0.0/0")
    error_message = "The public API endpoint must never be open to 0.0.0.0/0."
  }

  assert {
    condition     = aws_kms_key.platform.enable_key_rotation && length(jsondecode(aws_kms_key.platform.policy).Statement) == 2
    error_message = "The log key must rotate and have an explicit key policy."
  }

  assert {
    condition     = jsondecode(local.pod_identity_trust_policies["ebs-csi"]).Statement[0].Condition.StringEquals["aws:RequestTag/kubernetes-service-account"] == "ebs-csi-controller-sa"
    error_message = "The EBS CSI role must trust only its own service account."
  }

  assert {
    condition     = kubernetes_storage_class_v1.gp3.parameters["encrypted"] == "true" && kubernetes_storage_class_v1.gp3.parameters["type"] == "gp3"
    error_message = "The default StorageClass must be encrypted gp3."
  }

  assert {
    condition     = local.vpc_cni_configuration.enableNetworkPolicy == "true"
    error_message = "The VPC CNI must enforce Kubernetes NetworkPolicies."
  }
}

run "karpenter_node_pools" {
  command = plan

  assert {
    condition     = toset(keys(local.karpenter_node_pools)) == toset(["spark-driver", "spark-executor"])
    error_message = "There must be a driver pool and an executor pool."
  }

  assert {
    condition = alltrue([
      for p in local.karpenter_node_pools : p.spec.limits.cpu != "" && endswith(p.spec.limits.memory, "Gi")
    ])
    error_message = "Every NodePool must set CPU and memory limits."
  }

  assert {
    condition = alltrue([
      for p in local.karpenter_node_pools : contains(["WhenEmpty", "WhenEmptyOrUnderutilized"], p.spec.disruption.consolidationPolicy)
    ])
    error_message = "Every NodePool must have a consolidation policy."
  }

  assert {
    condition = alltrue([
      for p in local.karpenter_node_pools : anytrue([
        for r in p.spec.template.spec.requirements : r.key == "kubernetes.io/arch" && r.values == ["arm64"]
        ]) && anytrue([
        for r in p.spec.template.spec.requirements : r.key == "karpenter.k8s.aws/instance-generation" && r.operator == "Gt" && r.values == ["5"]
      ])
    ])
    error_message = "Spark nodes must be Graviton (arm64) of generation 6 or newer."
  }

  assert {
    condition     = local.karpenter_node_pools["spark-executor"].spec.template.spec.requirements[0].values == ["spot"]
    error_message = "Executors must run on Spot."
  }

  assert {
    condition     = local.karpenter_node_pools["spark-driver"].spec.template.spec.requirements[0].values == ["on-demand"]
    error_message = "Drivers must run on on-demand capacity."
  }

  assert {
    condition     = local.driver_cpu_limit + local.executor_cpu_limit == var.karpenter_cpu_limit && local.driver_memory_limit_gb + local.executor_memory_limit == var.karpenter_memory_limit_gb
    error_message = "The two pools must share exactly the Spark CPU and memory budget."
  }

  assert {
    condition = alltrue([
      for m in local.ec2_node_class.spec.blockDeviceMappings : m.ebs.encrypted && m.ebs.volumeType == "gp3"
    ]) && local.ec2_node_class.spec.metadataOptions.httpTokens == "required"
    error_message = "Karpenter nodes must have encrypted gp3 volumes and IMDSv2."
  }

  assert {
    condition     = local.ec2_node_class.spec.tags["cost-center"] == var.cost_center && local.ec2_node_class.spec.tags["env"] == var.environment
    error_message = "Karpenter nodes must carry the cost tags."
  }

  assert {
    condition     = helm_release.karpenter.version == "1.9.0" && helm_release.karpenter.repository == "oci://public.ecr.aws/karpenter"
    error_message = "The Karpenter chart must be pinned."
  }
}

run "teams" {
  command = plan

  assert {
    condition     = alltrue([for t in var.teams : kubernetes_namespace_v1.team[t].metadata[0].name == t])
    error_message = "Every team must get a namespace of its name."
  }

  assert {
    condition = length(kubernetes_network_policy_v1.team_isolation) == (var.team_network_isolation ? length(var.teams) : 0) && alltrue([
      for t, p in kubernetes_network_policy_v1.team_isolation :
      p.metadata[0].namespace == t &&
      p.spec[0].policy_types == tolist(["Ingress"]) &&
      toset([
        for f in p.spec[0].ingress[0].from :
        f.namespace_selector[0].match_labels["kubernetes.io/metadata.name"]
      ]) == toset([t, "monitoring"])
    ])
    error_message = "A team namespace must admit connections only from its own pods and from Prometheus."
  }

  assert {
    condition     = alltrue([for t in var.teams : local.team_queue_names[t] == "root.spark.${t}"])
    error_message = "Every team must get the YuniKorn queue root.spark.<team>."
  }

  assert {
    condition = toset([
      for q in local.yunikorn_queues.partitions[0].queues[0].queues[1].queues : q.name
    ]) == toset(var.teams)
    error_message = "queues.yaml must hold exactly one queue per team under root.spark."
  }

  assert {
    condition = alltrue([
      for q in local.yunikorn_queues.partitions[0].queues[0].queues[1].queues :
      q.resources.max.vcore <= var.karpenter_cpu_limit && endswith(q.resources.max.memory, "Gi")
    ])
    error_message = "Every team queue must have a maximum within the Spark budget."
  }

  assert {
    condition = alltrue([
      for t in var.teams :
      aws_eks_pod_identity_association.team[t].namespace == t && aws_eks_pod_identity_association.team[t].service_account == "spark"
    ])
    error_message = "Every team's spark service account must get its role through EKS Pod Identity."
  }

  assert {
    condition = alltrue([
      for t in var.teams :
      jsondecode(aws_iam_role.team[t].assume_role_policy).Statement[0].Principal.Service == "pods.eks.amazonaws.com" &&
      jsondecode(aws_iam_role.team[t].assume_role_policy).Statement[0].Condition.StringEquals["aws:RequestTag/kubernetes-namespace"] == t
    ])
    error_message = "A team role must be assumable only by Pod Identity in the team's namespace."
  }

  assert {
    condition = alltrue(flatten([
      for t, statements in local.team_policy_statements : [
        for s in statements : [
          for r in flatten([s.Resource]) :
          r == local.spark_bucket_arn || startswith(r, "${local.spark_bucket_arn}/teams/${t}/") || startswith(r, "${local.spark_bucket_arn}/spark-event-logs/${t}/")
        ] if s.Sid != "UseBucketKeyThroughS3"
      ]
    ]))
    error_message = "A team role may only reach the bucket itself and its own prefixes."
  }

  assert {
    condition = alltrue([
      for t in var.teams :
      local.team_spark_conf[t]["spark.dynamicAllocation.maxExecutors"] == tostring(var.max_executors) &&
      local.team_spark_conf[t]["spark.eventLog.dir"] == "s3a://${local.spark_bucket_name}/spark-event-logs/${t}/"
    ])
    error_message = "Every team's Spark settings must cap executors and log events to its own prefix."
  }
}

run "spark_stack" {
  command = plan

  assert {
    condition     = local.spark_operator_values.controller.batchScheduler.enable && local.spark_operator_values.controller.batchScheduler.default == "yunikorn"
    error_message = "The Spark operator must schedule through YuniKorn."
  }

  assert {
    condition     = local.spark_operator_values.spark.jobNamespaces == var.teams
    error_message = "The Spark operator must watch exactly the team namespaces."
  }

  assert {
    condition = alltrue([
      helm_release.spark_operator.version == "2.4.0",
      helm_release.yunikorn.version == "1.7.0",
      helm_release.kube_prometheus_stack.version == "82.13.3",
    ])
    error_message = "Every chart must be pinned."
  }

  assert {
    condition     = length(helm_release.kubecost) == (var.enable_kubecost ? 1 : 0)
    error_message = "Kubecost is installed only when enable_kubecost is true."
  }

  assert {
    condition     = kubernetes_secret_v1.grafana_admin.metadata[0].namespace == "monitoring"
    error_message = "Grafana must read its admin password from a generated secret."
  }
}

run "team_network_isolation_optional" {
  command = plan

  variables {
    team_network_isolation = false
  }

  assert {
    condition     = length(kubernetes_network_policy_v1.team_isolation) == 0
    error_message = "team_network_isolation = false must create no team NetworkPolicies."
  }
}

run "kubecost_optional" {
  command = plan

  variables {
    enable_kubecost = true
  }

  assert {
    condition     = length(helm_release.kubecost) == 1 && helm_release.kubecost[0].version == "2.7.0"
    error_message = "enable_kubecost must install the pinned Kubecost chart."
  }
}

run "prod_is_stricter" {
  command = plan

  variables {
    environment                  = "prod"
    endpoint_public_access       = false
    endpoint_public_access_cidrs = []
    force_destroy                = false
    log_retention_days           = null
  }

  assert {
    condition     = local.log_retention_days == 365 && !local.settings.single_nat_gateway && local.settings.deletion_protection
    error_message = "prod must keep logs a year, run a NAT gateway per zone and protect the cluster from deletion."
  }

  assert {
    condition     = !local.endpoint_public_access && length(local.endpoint_public_access_cidrs) == 0
    error_message = "prod must have a private-only API endpoint."
  }
}

run "dev_public_endpoint_is_allowlisted" {
  command = plan

  variables {
    environment                  = "dev"
    endpoint_public_access       = true
    endpoint_public_access_cidrs = ["203.0.113.0/24"]
  }

  assert {
    condition     = local.endpoint_public_access && local.endpoint_public_access_cidrs == tolist(["203.0.113.0/24"])
    error_message = "A dev public endpoint must be limited to the listed ranges."
  }
}

run "public_endpoint_refused_outside_dev" {
  command = plan

  variables {
    environment                  = "staging"
    endpoint_public_access       = true
    endpoint_public_access_cidrs = ["203.0.113.0/24"]
    force_destroy                = false
  }

  expect_failures = [var.endpoint_public_access]
}

run "open_endpoint_refused" {
  command = plan

  variables {
    environment                  = "dev"
    endpoint_public_access       = true
    endpoint_public_access_cidrs = ["0.0.0.0/0"]
  }

  expect_failures = [var.endpoint_public_access_cidrs]
}

run "system_namespace_is_not_a_team" {
  command = plan

  variables {
    teams = ["kube-system"]
  }

  expect_failures = [var.teams]
}

run "force_destroy_only_in_dev" {
  command = plan

  variables {
    environment            = "prod"
    endpoint_public_access = false
    force_destroy          = true
  }

  expect_failures = [var.force_destroy]
}
