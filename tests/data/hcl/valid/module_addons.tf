/*
 * Add-ons installed with Helm, the way blueprint-style modules write them.
 */

locals {
  addons = {
    metrics_server = {
      enabled    = true
      chart      = "metrics-server"
      repository = "https://kubernetes-sigs.github.io/metrics-server/"
      version    = "3.12.1"
      namespace  = "kube-system"
      values     = [] # none
    },
    karpenter = {
      enabled    = var.enable_karpenter,
      chart      = "karpenter",
      repository = "oci://public.ecr.aws/karpenter",
      version    = "1.0.6",
      namespace  = "karpenter",
      values = [
        yamlencode({
          settings = {
            clusterName       = var.name
            interruptionQueue = try(module.karpenter[0].queue_name, "")
          }
          controller = { resources = { requests = { cpu = "1", memory = "1Gi" } } }
        })
      ]
    }
  }

  enabled_addons = { for name, addon in local.addons : name => addon if addon.enabled }

  addon_sets = {
    for name, addon in local.enabled_addons : name => concat(
      try(addon.set, []),
      [{ name = "fullnameOverride", value = replace(name, "_", "-") }],
    )
  }
}

resource "helm_release" "addon" {
  for_each = local.enabled_addons

  name             = replace(each.key, "_", "-")
  chart            = each.value.chart
  repository       = each.value.repository
  version          = each.value.version
  namespace        = each.value.namespace
  create_namespace = each.value.namespace != "kube-system"
  values           = each.value.values

  dynamic "set" {
    for_each = local.addon_sets[each.key]
    content {
      name  = set.value.name
      value = set.value.value
      type  = try(set.value.type, null)
    }
  }

  dynamic "set_sensitive" {
    for_each = each.key == "karpenter" ? { token = var.karpenter_token } : {}
    iterator = secret
    content {
      name  = "settings.${secret.key}"
      value = secret.value
    }
  }

  wait    = true
  timeout = 600

  depends_on = [module.eks_managed_node_group]
}

module "karpenter" {
  source  = "terraform-aws-modules/eks/aws//modules/karpenter"
  version = "~> 20.24"
  count   = var.enable_karpenter ? 1 : 0

  cluster_name          = var.name
  enable_v1_permissions = true
  # IRSA for the controller
  enable_irsa                     = true
  irsa_oidc_provider_arn          = aws_iam_openid_connect_provider.this[0].arn
  irsa_namespace_service_accounts = ["karpenter:karpenter"]

  node_iam_role_additional_policies = {
    ssm = "arn:${local.partition}:iam::aws:policy/AmazonSSMManagedInstanceCore"
  }

  providers = {
    aws = aws.primary
  }

  tags = var.tags
}

resource "kubernetes_manifest" "node_pool" {
  count = var.enable_karpenter ? 1 : 0

  manifest = {
    apiVersion = "karpenter.sh/v1"
    kind       = "NodePool"
    metadata   = { name = "default" }
    spec = {
      template = {
        spec = {
          requirements = [
            { key = "karpenter.k8s.aws/instance-category", operator = "In", values = ["c", "m", "r"] },
            { key = "kubernetes.io/arch", operator = "In", values = ["amd64", "arm64"] },
          ]
          nodeClassRef = {
            group = "karpenter.k8s.aws"
            kind  = "EC2NodeClass"
            name  = "default"
          }
        }
      }
      limits     = { cpu = 1000 }
      disruption = { consolidationPolicy = "WhenEmptyOrUnderutilized", consolidateAfter = "30s" }
    }
  }
}

resource "kubectl_manifest" "node_class" {
  yaml_body = <<-YAML
    apiVersion: karpenter.k8s.aws/v1
    kind: EC2NodeClass
    metadata:
      name: default
    spec:
      amiSelectorTerms:
        - alias: al2023@latest
      role: ${module.karpenter[0].node_iam_role_name}
      subnetSelectorTerms:
        - tags:
            karpenter.sh/discovery: ${var.name}
      tags:
      %{ for k, v in var.tags ~}
        ${k}: "${v}"
      %{ endfor ~}
  YAML
}
