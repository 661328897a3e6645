# Customer-managed key for the platform's operational data: the EKS
# control-plane and VPC flow log groups (and the Airflow metadata database when
# Airflow is on). Kubernetes secrets use the key the EKS module creates.
resource "aws_kms_key" "platform" {
  description             = "Logs and metadata of the ${local.cluster_name} Spark platform: ${var.description}"
  key_usage               = "ENCRYPT_DECRYPT"
  enable_key_rotation     = true
  deletion_window_in_days = local.settings.kms_deletion_window_days
  is_enabled              = true

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "EnableIAMPoliciesInThisAccount"
        Effect    = "Allow"
        Principal = { AWS = "arn:${local.partition}:iam::${local.account_id}:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        Sid       = "AllowCloudWatchLogsOfThisAccount"
        Effect    = "Allow"
        Principal = { Service = "logs.${local.region}.amazonaws.com" }
        Action = [
          "kms:Encrypt*",
          "kms:Decrypt*",
          "kms:ReEncrypt*",
          "kms:GenerateDataKey*",
          "kms:Describe*",
        ]
        Resource = "*"
        Condition = {
          ArnLike = {
            "kms:EncryptionContext:aws:logs:arn" = "arn:${local.partition}:logs:${local.region}:${local.account_id}:log-group:*"
          }
        }
      },
    ]
  })

  tags = local.tags
}

resource "aws_kms_alias" "platform" {
  name          = "alias/${local.cluster_name}-platform"
  target_key_id = aws_kms_key.platform.key_id
}
