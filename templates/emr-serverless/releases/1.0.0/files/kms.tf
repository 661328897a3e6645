# Customer-managed key for the CloudWatch log groups (job logs and VPC flow logs) and for the
# logs EMR Serverless keeps in its managed storage for the Spark UI.
resource "aws_kms_key" "logs" {
  description             = "Logs of EMR Serverless application ${local.app_name}: ${var.description}"
  key_usage               = "ENCRYPT_DECRYPT"
  enable_key_rotation     = true
  deletion_window_in_days = local.kms_deletion_window_days
  is_enabled              = true

  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = local.logs_key_policy_statements
  })

  tags = local.tags
}

resource "aws_kms_alias" "logs" {
  name          = "alias/emr-serverless/${local.app_name}-logs"
  target_key_id = aws_kms_key.logs.key_id
}

locals {
  account_root = "arn:${local.partition}:iam::${local.account_id}:root"

  logs_key_policy_statements = [
    {
      # Administration and use by principals of this account are delegated to IAM policies.
      Sid       = "EnableIAMPoliciesInThisAccount"
      Effect    = "Allow"
      Principal = { AWS = local.account_root }
      Action    = "kms:*"
      Resource  = "*"
    },
    {
      Sid       = "AllowCloudWatchLogsForThisApplicationOnly"
      Effect    = "Allow"
      Principal = { Service = "logs.${local.region}.amazonaws.com" }
      Action    = ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"]
      Resource  = "*"
      Condition = {
        ArnLike = {
          "kms:EncryptionContext:aws:logs:arn" = [
            local.log_group_arn,
            "arn:${local.partition}:logs:${local.region}:${local.account_id}:log-group:${local.flow_log_group_name}",
          ]
        }
      }
    },
    {
      # Managed log persistence (Spark UI after the job ends) encrypts with this key on behalf
      # of EMR Serverless applications of this account and region.
      Sid       = "AllowEMRServerlessManagedPersistence"
      Effect    = "Allow"
      Principal = { Service = "emr-serverless.amazonaws.com" }
      Action    = ["kms:Decrypt", "kms:GenerateDataKey"]
      Resource  = "*"
      Condition = {
        StringEquals = { "aws:SourceAccount" = local.account_id }
        ArnLike      = { "aws:SourceArn" = "arn:${local.partition}:emr-serverless:${local.region}:${local.account_id}:/applications/*" }
      }
    },
  ]
}
