locals {
  # Every control-plane log type; the module's default has only three.
  cluster_log_types = ["api", "audit", "authenticator", "controllerManager", "scheduler"]

  # The public endpoint exists only in dev, and only for listed ranges.
  endpoint_public_access       = var.endpoint_public_access && var.environment == "dev"
  endpoint_public_access_cidrs = local.endpoint_public_access ? var.endpoint_public_access_cidrs : []

  core_node_labels = {
    "node.kubernetes.io/pool" = "core"
  }

  # Prefix delegation packs more pods per node; the VPC CNI's network policy
  # agent enforces Kubernetes NetworkPolicies (the team isolation in spark.tf).
  vpc_cni_configuration = {
    enableNetworkPolicy = "true"
    env = {
      ENABLE_PREFIX_DELEGATION = "true"
      WARM_PREFIX_TARGET       = "1"
    }
  }

  cluster_admin_access_entries = {
    for i, arn in var.cluster_admin_role_arns : "admin-${i}" => {
      principal_arn = arn
      policy_associations = {
        admin = {
          policy_arn   = "arn:${local.partition}:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"
          access_scope = { type = "cluster" }
        }
      }
    }
  }
}

module "eks" {
  #checkov:skip=CKV_TF_1:Registry module pinned to one exact release (version below, no range); the Terraform Registry serves the commit recorded when that release was published, and upgrades are reviewed changes to this file.
  source  = "terraform-aws-modules/eks/aws"
  version = "21.19.0"

  name               = local.cluster_name
  kubernetes_version = var.kubernetes_version
  upgrade_policy     = { support_type = "STANDARD" }

  vpc_id     = module.vpc.vpc_id
  subnet_ids = module.vpc.private_subnets

  endpoint_private_access      = true
  endpoint_public_access       = local.endpoint_public_access
  endpoint_public_access_cidrs = local.endpoint_public_access ? local.endpoint_public_access_cidrs : null

  # Access entries only (no aws-auth ConfigMap); the identity running
  # Terraform administers the cluster so it can install the add-ons.
  authentication_mode                      = "API"
  enable_cluster_creator_admin_permissions = true
  access_entries                           = local.cluster_admin_access_entries

  # Kubernetes secrets are envelope-encrypted with a module-created KMS key.
  encryption_config               = { resources = ["secrets"] }
  kms_key_deletion_window_in_days = local.settings.kms_deletion_window_days
  enable_kms_key_rotation         = true

  enabled_log_types                      = local.cluster_log_types
  cloudwatch_log_group_retention_in_days = local.log_retention_days
  cloudwatch_log_group_kms_key_id        = aws_kms_key.platform.arn

  deletion_protection = local.settings.deletion_protection

  # Pods get AWS credentials from EKS Pod Identity only.
  enable_irsa = false

  iam_role_permissions_boundary = var.iam_permissions_boundary_arn

  addons = {
    coredns    = {}
    kube-proxy = {}
    eks-pod-identity-agent = {
      before_compute = true
    }
    vpc-cni = {
      before_compute       = true
      configuration_values = jsonencode(local.vpc_cni_configuration)
    }
    aws-ebs-csi-driver = {
      pod_identity_association = [{
        role_arn        = aws_iam_role.ebs_csi.arn
        service_account = "ebs-csi-controller-sa"
      }]
    }
  }

  # System add-ons run on a small on-demand Graviton node group; Spark runs on
  # Karpenter nodes only.
  eks_managed_node_groups = {
    core = {
      ami_type       = "AL2023_ARM_64_STANDARD"
      instance_types = local.settings.core_instance_types
      capacity_type  = "ON_DEMAND"
      min_size       = local.settings.core_min_size
      desired_size   = local.settings.core_desired_size
      max_size       = local.settings.core_max_size
      labels         = local.core_node_labels

      iam_role_permissions_boundary = var.iam_permissions_boundary_arn

      block_device_mappings = {
        xvda = {
          device_name = "/dev/xvda"
          ebs = {
            volume_size           = 50
            volume_type           = "gp3"
            encrypted             = true
            delete_on_termination = true
          }
        }
      }

      metadata_options = {
        http_endpoint               = "enabled"
        http_tokens                 = "required"
        http_put_response_hop_limit = 1
      }

      update_config = {
        max_unavailable_percentage = 33
      }
    }
  }

  # The YuniKorn admission webhook listens on 9089 on the host network.
  node_security_group_additional_rules = {
    ingress_cluster_9089_yunikorn_webhook = {
      description                   = "Cluster API to the YuniKorn admission webhook"
      protocol                      = "tcp"
      from_port                     = 9089
      to_port                       = 9089
      type                          = "ingress"
      source_cluster_security_group = true
    }
  }

  node_security_group_tags = {
    "karpenter.sh/discovery" = local.cluster_name
  }

  tags = local.tags
}

# EBS CSI driver: the controller's own role, handed out through Pod Identity.
resource "aws_iam_role" "ebs_csi" {
  name                 = "${local.cluster_name}-ebs-csi"
  description          = "EBS CSI driver controller of ${local.cluster_name} (EKS Pod Identity)"
  permissions_boundary = var.iam_permissions_boundary_arn
  assume_role_policy   = local.pod_identity_trust_policies["ebs-csi"]

  tags = local.tags
}

resource "aws_iam_role_policy_attachment" "ebs_csi" {
  role       = aws_iam_role.ebs_csi.name
  policy_arn = "arn:${local.partition}:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy"
}

# Encrypted gp3 is the default StorageClass (Prometheus, Kubecost); volumes
# carry the cost tags, which provider default_tags cannot reach.
resource "kubernetes_storage_class_v1" "gp3" {
  metadata {
    name = "gp3"
    annotations = {
      "storageclass.kubernetes.io/is-default-class" = "true"
    }
  }

  storage_provisioner    = "ebs.csi.aws.com"
  reclaim_policy         = "Delete"
  volume_binding_mode    = "WaitForFirstConsumer"
  allow_volume_expansion = true

  parameters = {
    type               = "gp3"
    encrypted          = "true"
    fsType             = "ext4"
    tagSpecification_1 = "cost-center=${var.cost_center}"
    tagSpecification_2 = "team=${var.team}"
    tagSpecification_3 = "env=${var.environment}"
    tagSpecification_4 = "service=${var.name}"
    tagSpecification_5 = "managed-by=terraform"
  }

  depends_on = [module.eks]
}
