data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

data "aws_region" "current" {}

data "aws_availability_zones" "available" {
  #checkov:skip=CKV_AWS_394:The VPC takes the first three zones of the sorted zone list (slice 0-3), so a zone AWS adds later sorts after them and never changes the selection; zone letters differ per region (ap-northeast-1 has no 1b), so a fixed allowlist would break regions.
  state = "available"

  filter {
    name   = "opt-in-status"
    values = ["opt-in-not-required"]
  }
}

locals {
  # The platform's tags, over the caller's var.tags: cost allocation (team, env, cost-center,
  # owner), the service, and the template this module was rendered from.
  platform_tags = merge(var.tags, {
    service           = var.name
    team              = var.team
    env               = var.environment
    cost-center       = var.cost_center
    owner             = var.owner
    managed-by        = "terraform"
    goldpath-template = "eks-spark@1.1.0"
  })
}

locals {
  cluster_name = "${var.name}-${var.environment}"
  partition    = data.aws_partition.current.partition
  region       = data.aws_region.current.region
  account_id   = data.aws_caller_identity.current.account_id

  # Production gets longer retention, a NAT gateway per zone, more system
  # capacity and deletion protection than dev.
  environment_defaults = {
    dev = {
      log_retention_days       = 30
      kms_deletion_window_days = 7
      single_nat_gateway       = true
      core_instance_types      = ["m7g.large", "m6g.large"]
      core_min_size            = 2
      core_desired_size        = 2
      core_max_size            = 4
      karpenter_replicas       = 1
      prometheus_retention     = "7d"
      prometheus_storage_gb    = 20
      deletion_protection      = false
    }
    staging = {
      log_retention_days       = 90
      kms_deletion_window_days = 14
      single_nat_gateway       = false
      core_instance_types      = ["m7g.xlarge", "m6g.xlarge"]
      core_min_size            = 2
      core_desired_size        = 3
      core_max_size            = 6
      karpenter_replicas       = 2
      prometheus_retention     = "15d"
      prometheus_storage_gb    = 50
      deletion_protection      = false
    }
    prod = {
      log_retention_days       = 365
      kms_deletion_window_days = 30
      single_nat_gateway       = false
      core_instance_types      = ["m7g.xlarge", "m6g.xlarge"]
      core_min_size            = 3
      core_desired_size        = 3
      core_max_size            = 6
      karpenter_replicas       = 2
      prometheus_retention     = "30d"
      prometheus_storage_gb    = 100
      deletion_protection      = true
    }
  }
  settings           = local.environment_defaults[var.environment]
  log_retention_days = coalesce(var.log_retention_days, local.settings.log_retention_days)

  # Pinned chart versions (Data on EKS, infra/terraform/argocd-applications).
  chart_versions = {
    karpenter             = "1.9.0"
    spark_operator        = "2.4.0"
    yunikorn              = "1.7.0"
    kube_prometheus_stack = "82.13.3"
    kubecost              = "2.7.0"
    airflow               = "1.20.0"
  }

  # Roles handed to pods through EKS Pod Identity trust only the session tags
  # EKS sets for the one cluster, namespace and service account they serve.
  pod_identity_subjects = merge(
    { ebs-csi = { namespace = "kube-system", service_account = "ebs-csi-controller-sa" } },
    { for t in var.teams : "team-${t}" => { namespace = t, service_account = local.spark_service_account } },
  )
  pod_identity_trust_policies = {
    for key, subject in local.pod_identity_subjects : key => jsonencode({
      Version = "2012-10-17"
      Statement = [
        {
          Sid       = "AllowEksPodIdentity"
          Effect    = "Allow"
          Principal = { Service = "pods.eks.amazonaws.com" }
          Action    = ["sts:AssumeRole", "sts:TagSession"]
          Condition = {
            StringEquals = {
              "aws:RequestTag/eks-cluster-name"           = local.cluster_name
              "aws:RequestTag/kubernetes-namespace"       = subject.namespace
              "aws:RequestTag/kubernetes-service-account" = subject.service_account
            }
          }
        },
      ]
    })
  }

  tags = local.platform_tags
}
