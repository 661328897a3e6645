locals {
  karpenter_namespace      = "karpenter"
  karpenter_node_role_name = "${local.cluster_name}-karpenter-node"
  spark_node_class_name    = "spark-graviton"

  # The Spark CPU and memory budget: a quarter for the on-demand driver pool,
  # the rest for the Spot executor pool.
  driver_cpu_limit       = ceil(var.karpenter_cpu_limit / 4)
  executor_cpu_limit     = var.karpenter_cpu_limit - local.driver_cpu_limit
  driver_memory_limit_gb = ceil(var.karpenter_memory_limit_gb / 4)
  executor_memory_limit  = var.karpenter_memory_limit_gb - local.driver_memory_limit_gb

  # Graviton only: arm64 and instance generation 6 or newer (c6g/m6g/r6g and
  # later), in the compute, general purpose and memory optimised families.
  graviton_requirements = [
    { key = "kubernetes.io/arch", operator = "In", values = ["arm64"] },
    { key = "karpenter.k8s.aws/instance-category", operator = "In", values = ["c", "m", "r"] },
    { key = "karpenter.k8s.aws/instance-generation", operator = "Gt", values = ["5"] },
    { key = "karpenter.k8s.aws/instance-hypervisor", operator = "In", values = ["nitro"] },
  ]

  spark_node_pool_settings = {
    spark-driver = {
      capacity_type      = "on-demand"
      cpu                = local.driver_cpu_limit
      memory_gb          = local.driver_memory_limit_gb
      consolidation      = "WhenEmpty"
      consolidate_after  = "300s"
      spark_role         = "driver"
      disruption_budgets = [{ nodes = "10%" }]
    }
    spark-executor = {
      capacity_type      = "spot"
      cpu                = local.executor_cpu_limit
      memory_gb          = local.executor_memory_limit
      consolidation      = "WhenEmptyOrUnderutilized"
      consolidate_after  = "600s"
      spark_role         = "executor"
      disruption_budgets = [{ nodes = "20%" }]
    }
  }

  karpenter_node_pools = {
    for pool, s in local.spark_node_pool_settings : pool => {
      apiVersion = "karpenter.sh/v1"
      kind       = "NodePool"
      metadata   = { name = pool }
      spec = {
        template = {
          metadata = {
            labels = { "spark-role" = s.spark_role }
          }
          spec = {
            nodeClassRef = {
              group = "karpenter.k8s.aws"
              kind  = "EC2NodeClass"
              name  = local.spark_node_class_name
            }
            requirements = concat(
              [{ key = "karpenter.sh/capacity-type", operator = "In", values = [s.capacity_type] }],
              local.graviton_requirements,
            )
            # Only Spark pods that tolerate the taint land on these nodes.
            taints      = [{ key = "spark-role", value = s.spark_role, effect = "NoSchedule" }]
            expireAfter = "720h"
          }
        }
        limits = {
          cpu    = tostring(s.cpu)
          memory = "${s.memory_gb}Gi"
        }
        disruption = {
          consolidationPolicy = s.consolidation
          consolidateAfter    = s.consolidate_after
          budgets             = s.disruption_budgets
        }
      }
    }
  }

  ec2_node_class = {
    apiVersion = "karpenter.k8s.aws/v1"
    kind       = "EC2NodeClass"
    metadata   = { name = local.spark_node_class_name }
    spec = {
      role             = local.karpenter_node_role_name
      amiSelectorTerms = [{ alias = var.node_ami_alias }]
      subnetSelectorTerms = [
        { tags = { "karpenter.sh/discovery" = local.cluster_name } },
      ]
      securityGroupSelectorTerms = [
        { tags = { "karpenter.sh/discovery" = local.cluster_name } },
      ]
      metadataOptions = {
        httpEndpoint            = "enabled"
        httpProtocolIPv6        = "disabled"
        httpPutResponseHopLimit = 1
        httpTokens              = "required"
      }
      blockDeviceMappings = [
        {
          deviceName = "/dev/xvda"
          ebs = {
            volumeSize          = "200Gi"
            volumeType          = "gp3"
            encrypted           = true
            deleteOnTermination = true
          }
        },
      ]
      # Provider default_tags do not reach instances Karpenter launches.
      tags = local.tags
    }
  }

  karpenter_values = {
    replicas = local.settings.karpenter_replicas
    settings = {
      clusterName       = module.eks.cluster_name
      interruptionQueue = module.karpenter.queue_name
    }
    serviceAccount = {
      name = module.karpenter.service_account
    }
    nodeSelector = local.core_node_labels
    controller = {
      # Pods cannot reach IMDS (hop limit 1), so the region comes from here.
      env = [{ name = "AWS_REGION", value = local.region }]
      resources = {
        requests = { cpu = "500m", memory = "1Gi" }
        limits   = { memory = "1Gi" }
      }
    }
  }
}

# Controller role (EKS Pod Identity), node role with its access entry, and the
# SQS queue with EventBridge rules for Spot interruption notices.
module "karpenter" {
  #checkov:skip=CKV_TF_1:Registry module pinned to one exact release (version below, no range); the Terraform Registry serves the commit recorded when that release was published, and upgrades are reviewed changes to this file.
  source  = "terraform-aws-modules/eks/aws//modules/karpenter"
  version = "21.19.0"

  cluster_name = module.eks.cluster_name
  namespace    = local.karpenter_namespace

  create_pod_identity_association   = true
  iam_role_name                     = "${local.cluster_name}-karpenter"
  iam_role_use_name_prefix          = false
  iam_role_permissions_boundary_arn = var.iam_permissions_boundary_arn

  # The EC2NodeClass names this role, so it must not get a random suffix.
  node_iam_role_name                 = local.karpenter_node_role_name
  node_iam_role_use_name_prefix      = false
  node_iam_role_permissions_boundary = var.iam_permissions_boundary_arn
  node_iam_role_additional_policies = {
    AmazonSSMManagedInstanceCore = "arn:${local.partition}:iam::aws:policy/AmazonSSMManagedInstanceCore"
  }

  enable_spot_termination = true

  tags = local.tags
}

resource "helm_release" "karpenter" {
  name             = "karpenter"
  namespace        = local.karpenter_namespace
  create_namespace = true
  repository       = "oci://public.ecr.aws/karpenter"
  chart            = "karpenter"
  version          = local.chart_versions.karpenter
  wait             = true

  values = [yamlencode(local.karpenter_values)]

  depends_on = [module.eks, module.karpenter]
}

# The Spark capacity: one EC2NodeClass and the two NodePools that use it. The
# system add-ons run on the core managed node group instead.
resource "kubectl_manifest" "spark_node_class" {
  yaml_body = yamlencode(local.ec2_node_class)

  depends_on = [helm_release.karpenter]
}

resource "kubectl_manifest" "spark_node_pool" {
  for_each = local.karpenter_node_pools

  yaml_body = yamlencode(each.value)

  depends_on = [kubectl_manifest.spark_node_class]
}
