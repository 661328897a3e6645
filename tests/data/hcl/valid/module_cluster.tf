terraform {
  required_version = ">= 1.5.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.40, < 7.0"
    }
    helm = { source = "hashicorp/helm", version = "~> 2.12" }
    kubernetes = {
      source = "hashicorp/kubernetes"
      version = ">= 2.20"
    }
  }
}

data "aws_partition" "this" {}
data "aws_region" "this" {}

locals {
  enabled   = var.enabled && length(var.subnet_ids) > 0
  partition = data.aws_partition.this.partition
  role_arn  = try(aws_iam_role.control_plane[0].arn, var.existing_role_arn)

  encrypt = var.kms_key_arn != null || var.create_kms_key

  log_types = toset(compact([
    var.audit_logs ? "audit" : "",
    var.api_logs ? "api" : "",
    "authenticator",
  ]))
}

resource "aws_eks_cluster" "main" {
  count = local.enabled ? 1 : 0

  name     = var.name
  role_arn = local.role_arn
  version  = var.kubernetes_version

  enabled_cluster_log_types = local.log_types

  access_config {
    authentication_mode                         = "API_AND_CONFIG_MAP"
    bootstrap_cluster_creator_admin_permissions = false # managed below
  }

  vpc_config {
    subnet_ids              = var.subnet_ids
    security_group_ids      = compact(concat(var.extra_security_group_ids, [try(aws_security_group.control_plane[0].id, "")]))
    endpoint_private_access = true
    endpoint_public_access  = var.public_endpoint
    public_access_cidrs     = var.public_endpoint ? var.public_cidrs : null
  }

  dynamic "encryption_config" {
    for_each = local.encrypt ? [1] : []
    content {
      resources = ["secrets"]
      provider {
        key_arn = coalesce(var.kms_key_arn, try(aws_kms_key.secrets[0].arn, null))
      }
    }
  }

  dynamic "kubernetes_network_config" {
    for_each = var.service_cidr == null ? [] : [var.service_cidr]
    iterator = cidr
    content {
      service_ipv4_cidr = cidr.value
      ip_family         = "ipv4"
    }
  }

  tags = merge(var.tags, { "platform/component" = "eks" })

  timeouts {
    create = "45m"
    delete = lookup(var.timeouts, "delete", "30m")
  }

  depends_on = [
    aws_iam_role_policy_attachment.control_plane,
    aws_cloudwatch_log_group.control_plane,
  ]

  lifecycle {
    prevent_destroy = false
    ignore_changes  = [access_config[0].bootstrap_cluster_creator_admin_permissions, tags["CreatedBy"]]
    precondition {
      condition     = !(var.public_endpoint && length(var.public_cidrs) == 0)
      error_message = "A public endpoint needs at least one allowed CIDR."
    }
  }
}

resource "aws_cloudwatch_log_group" "control_plane" {
  count = local.enabled && length(local.log_types) > 0 ? 1 : 0

  name              = "/aws/eks/${var.name}/cluster"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.log_kms_key_arn

  tags = var.tags
}

locals {
  admin_entries = {
    for role in var.admin_role_arns : role => {
      principal_arn = role
      policies = {
        admin = {
          policy_arn = "arn:${local.partition}:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"
          scope      = { type = "cluster" }
        }
      }
    }
  }

  entries = merge(local.admin_entries, var.access_entries)

  entry_policies = flatten([
    for entry_name, entry in local.entries : [
      for policy_name, policy in try(entry.policies, {}) :
      {
        key           = "${entry_name}/${policy_name}"
        principal_arn = entry.principal_arn
        policy_arn    = policy.policy_arn
        scope_type    = policy.scope.type
        namespaces    = try(policy.scope.namespaces, null)
      }
    ]
  ])
}

resource "aws_eks_access_entry" "this" {
  for_each = { for name, entry in local.entries : name => entry if local.enabled }

  cluster_name  = aws_eks_cluster.main[0].name
  principal_arn = each.value.principal_arn
  type          = try(each.value.type, "STANDARD")
}

resource "aws_eks_access_policy_association" "this" {
  for_each = {
    for p in local.entry_policies : p.key => p
    if local.enabled
  }

  cluster_name  = aws_eks_cluster.main[0].name
  principal_arn = each.value.principal_arn
  policy_arn    = each.value.policy_arn

  access_scope {
    type       = each.value.scope_type
    namespaces = each.value.namespaces
  }

  depends_on = [aws_eks_access_entry.this]
}

resource "aws_security_group" "control_plane" {
  count = local.enabled && var.create_security_group ? 1 : 0

  name_prefix = "${var.name}-control-plane-"
  description = "EKS control plane for ${var.name}"
  vpc_id      = var.vpc_id

  tags = merge(var.tags, { Name = "${var.name}-control-plane" })

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_security_group_rule" "control_plane" {
  for_each = { for name, rule in merge({
    nodes_https = {
      description = "Nodes to the API server"
      type        = "ingress"
      from_port   = 443
      to_port     = 443
      protocol    = "tcp"
      from_nodes  = true
    }
  }, var.extra_rules) : name => rule if local.enabled && var.create_security_group }

  security_group_id        = aws_security_group.control_plane[0].id
  type                     = each.value.type
  from_port                = each.value.from_port
  to_port                  = each.value.to_port
  protocol                 = each.value.protocol
  description              = try(each.value.description, null)
  cidr_blocks              = try(each.value.cidr_blocks, null)
  source_security_group_id = try(each.value.from_nodes, false) ? var.node_security_group_id : try(each.value.source_security_group_id, null)
}

data "tls_certificate" "issuer" {
  count = local.enabled && var.create_oidc_provider ? 1 : 0
  url   = aws_eks_cluster.main[0].identity[0].oidc[0].issuer
}

resource "aws_iam_openid_connect_provider" "this" {
  count = length(data.tls_certificate.issuer)

  url             = data.tls_certificate.issuer[0].url
  client_id_list  = ["sts.amazonaws.com"]
  thumbprint_list = [data.tls_certificate.issuer[0].certificates[0].sha1_fingerprint]
  tags            = merge(var.tags, { Name = "${var.name}-oidc" })
}
