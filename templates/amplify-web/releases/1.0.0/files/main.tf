data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

data "aws_region" "current" {}

{% include "_shared/partials/tags.tf" %}
locals {
  # Production gets stricter standards than dev; inputs left null follow these.
  environment_defaults = {
    dev     = { deletion_protection = false, kms_deletion_window_days = 7 }
    staging = { deletion_protection = true, kms_deletion_window_days = 14 }
    prod    = { deletion_protection = true, kms_deletion_window_days = 30 }
  }
  deletion_protection      = coalesce(var.deletion_protection, local.environment_defaults[var.environment].deletion_protection)
  kms_deletion_window_days = local.environment_defaults[var.environment].kms_deletion_window_days

  # prod always requires MFA and never allows introspection (the variables reject the opposite).
  mfa_configuration = var.environment == "prod" ? "ON" : coalesce(var.mfa_configuration, "OPTIONAL")
  introspection     = var.environment == "prod" ? false : coalesce(var.introspection, true)

  prefix = "${var.name}-${var.environment}"

  partition  = data.aws_partition.current.partition
  region     = data.aws_region.current.region
  account_id = data.aws_caller_identity.current.account_id

  tags = local.platform_tags
}

# One customer-managed key encrypts the app's data at rest: the DynamoDB tables and the
# CloudWatch log groups of the API and the WAF.
resource "aws_kms_key" "this" {
  description             = "Data and logs of ${local.prefix}: ${var.description}"
  key_usage               = "ENCRYPT_DECRYPT"
  enable_key_rotation     = true
  deletion_window_in_days = local.kms_deletion_window_days
  is_enabled              = true

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        # Administration and use are delegated to IAM in this account.
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
      {
        Sid       = "AllowDynamoDBToDescribeTheKey"
        Effect    = "Allow"
        Principal = { Service = "dynamodb.amazonaws.com" }
        Action = [
          "kms:Describe*",
          "kms:Get*",
          "kms:List*",
        ]
        Resource = "*"
      },
    ]
  })

  tags = local.tags
}

resource "aws_kms_alias" "this" {
  name          = "alias/${local.prefix}"
  target_key_id = aws_kms_key.this.key_id
}
