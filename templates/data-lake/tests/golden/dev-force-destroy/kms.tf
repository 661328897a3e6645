# Customer-managed key of the catalog side of the lake: the crawlers' CloudWatch logs and the
# job bookmarks of the Glue security configurations. The zone and results buckets have their
# own keys (modules/secure-bucket).
resource "aws_kms_key" "lake" {
  description             = "Glue crawler logs and job bookmarks of data lake ${local.lake_name}: ${var.description}"
  key_usage               = "ENCRYPT_DECRYPT"
  enable_key_rotation     = true
  deletion_window_in_days = local.kms_deletion_window_days
  is_enabled              = true

  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = local.lake_key_policy_statements
  })

  tags = local.tags
}

resource "aws_kms_alias" "lake" {
  name          = "alias/data-lake/${local.lake_name}"
  target_key_id = aws_kms_key.lake.key_id
}

locals {
  account_root = "arn:${local.partition}:iam::${local.account_id}:root"

  lake_key_policy_statements = [
    {
      # Administration and use by principals of this account are delegated to IAM policies:
      # the crawler roles get kms:Encrypt/Decrypt/GenerateDataKey on this key in iam.tf.
      Sid       = "EnableIAMPoliciesInThisAccount"
      Effect    = "Allow"
      Principal = { AWS = local.account_root }
      Action    = "kms:*"
      Resource  = "*"
    },
    {
      Sid       = "AllowCloudWatchLogsForTheCrawlerLogGroupsOnly"
      Effect    = "Allow"
      Principal = { Service = "logs.${local.region}.amazonaws.com" }
      Action    = ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"]
      Resource  = "*"
      Condition = {
        ArnLike = {
          "kms:EncryptionContext:aws:logs:arn" = values(local.crawler_log_group_arns)
        }
      }
    },
  ]
}
