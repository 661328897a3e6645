# Policies as jsonencode objects, heredocs inside jsonencode, templatefile and
# policy documents.

resource "aws_iam_role" "node" {
  name = "${var.name}-node"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid    = "EKSNodeAssumeRole"
        Effect = "Allow"
        Action = "sts:AssumeRole"
        Principal = {
          Service = "ec2.${data.aws_partition.this.dns_suffix}"
        }
      },
    ]
  })

  tags = var.tags
}

resource "aws_iam_role_policy" "inline" {
  name = "inline"
  role = aws_iam_role.node.id
  policy = jsonencode({
    Version = "2012-10-17",
    Statement = [{
      Effect   = "Allow",
      Action   = ["s3:GetObject", "s3:ListBucket"],
      Resource = [
        "arn:aws:s3:::${var.bucket}",
        "arn:aws:s3:::${var.bucket}/*",
      ],
      Condition = {
        StringEquals = { "aws:RequestedRegion" : var.region }
        "ForAnyValue:StringLike" = {
          "s3:prefix" = ["home/", "home/$${aws:username}/*"]
        }
      }
    }]
  })
}

resource "aws_iam_policy" "heredoc" {
  name        = "${var.name}-heredoc"
  description = <<-EOT
    Lets the nodes read their bootstrap configuration.
    Managed by Terraform; do not edit in the console.
  EOT

  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["ssm:GetParameter"],
      "Resource": "arn:aws:ssm:${var.region}:${data.aws_caller_identity.this.account_id}:parameter/${var.name}/*"
    }%{ if var.allow_kms },
    {
      "Effect": "Allow",
      "Action": "kms:Decrypt",
      "Resource": "${var.kms_key_arn}"
    }%{ endif }
  ]
}
EOF
}

resource "aws_iam_policy" "rendered" {
  name   = "${var.name}-rendered"
  policy = templatefile("${path.module}/policies/nodes.json.tftpl", {
    account_id = data.aws_caller_identity.this.account_id
    partition  = data.aws_partition.this.partition
    buckets    = [for b in var.buckets : "arn:aws:s3:::${b}"]
  })
}

resource "kubernetes_config_map_v1" "aws_auth" {
  metadata {
    name      = "aws-auth"
    namespace = "kube-system"
  }

  data = {
    mapRoles = yamlencode(concat(
      [for arn in var.node_role_arns : {
        rolearn  = arn
        username = "system:node:{{EC2PrivateDNSName}}"
        groups   = ["system:bootstrappers", "system:nodes"]
      }],
      var.extra_role_mappings,
    ))
    mapUsers = <<-YAML
      %{~ for user in var.users ~}
      - userarn: ${user.arn}
        username: ${user.name}
        groups:
        %{~ for g in user.groups ~}
          - ${g}
        %{~ endfor ~}
      %{~ endfor ~}
    YAML
  }
}

data "aws_iam_policy_document" "irsa" {
  statement {
    sid     = "AssumeWithWebIdentity"
    effect  = "Allow"
    actions = ["sts:AssumeRoleWithWebIdentity"]

    principals {
      type        = "Federated"
      identifiers = [var.oidc_provider_arn]
    }

    condition {
      test     = "StringEquals"
      variable = "${replace(var.oidc_issuer_url, "https://", "")}:sub"
      values   = [for sa in var.service_accounts : "system:serviceaccount:${sa}"]
    }

    condition {
      test     = "StringEquals"
      variable = "${replace(var.oidc_issuer_url, "https://", "")}:aud"
      values   = ["sts.amazonaws.com"]
    }
  }

  dynamic "statement" {
    for_each = var.extra_statements
    content {
      sid       = try(statement.value.sid, null)
      actions   = statement.value.actions
      resources = lookup(statement.value, "resources", ["*"])

      dynamic "condition" {
        for_each = try(statement.value.conditions, [])
        content {
          test     = condition.value.test
          variable = condition.value.variable
          values   = condition.value.values
        }
      }
    }
  }
}

locals {
  user_data = base64encode(templatefile("${path.module}/templates/user-data.sh.tftpl", {
    cluster_name        = var.name
    cluster_endpoint    = try(aws_eks_cluster.main[0].endpoint, "")
    cluster_ca          = try(aws_eks_cluster.main[0].certificate_authority[0].data, "")
    bootstrap_extra     = join(" ", [for k, v in var.kubelet_args : "--${k}=${v}"])
    pre_bootstrap       = var.pre_bootstrap_user_data
  }))

  nested_heredoc = jsonencode({
    script = <<-SCRIPT
      set -euo pipefail
      echo "${var.name}"
    SCRIPT
    notes  = [<<EOT
first
EOT
      , <<EOT
second
EOT
    ]
  })
}
