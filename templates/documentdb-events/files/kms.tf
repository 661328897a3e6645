# One customer-managed key per service and environment encrypts the cluster's storage, the
# function's environment variables, the dead-letter queue and every log group of the module.
resource "aws_kms_key" "service" {
  description             = "Service key for ${local.name_prefix}: ${var.description}"
  key_usage               = "ENCRYPT_DECRYPT"
  enable_key_rotation     = true
  deletion_window_in_days = local.kms_deletion_window_days
  is_enabled              = true

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        # Administration and use are delegated to IAM in this account: DocumentDB, Lambda and
        # SQS use the key on behalf of principals whose IAM policies allow it.
        Sid       = "EnableIAMPoliciesInThisAccount"
        Effect    = "Allow"
        Principal = { AWS = local.account_root }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        Sid       = "AllowCloudWatchLogsForThisServiceOnly"
        Effect    = "Allow"
        Principal = { Service = "logs.${local.region}.amazonaws.com" }
        Action = [
          "kms:Encrypt*",
          "kms:Decrypt*",
          "kms:ReEncrypt*",
          "kms:GenerateDataKey*",
          "kms:Describe*",
        ]
        Resource  = "*"
        Condition = { ArnLike = { "kms:EncryptionContext:aws:logs:arn" = local.encrypted_log_group_arns } }
      },
    ]
  })

  tags = local.tags
}

resource "aws_kms_alias" "service" {
  name          = "alias/docdb/${local.name_prefix}"
  target_key_id = aws_kms_key.service.key_id
}
