resource "aws_kms_key" "this" {
  description             = "SSE-KMS key for s3://${local.bucket_name}: ${var.description}"
  key_usage               = "ENCRYPT_DECRYPT"
  enable_key_rotation     = true
  deletion_window_in_days = local.kms_deletion_window_days
  is_enabled              = true

  # Administration and use are delegated to IAM in this account: grant
  # kms:Decrypt / kms:GenerateDataKey to the readers and writers of the bucket.
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "EnableIAMPoliciesInThisAccount"
        Effect    = "Allow"
        Principal = { AWS = local.account_root }
        Action    = "kms:*"
        Resource  = "*"
      },
    ]
  })

  tags = local.tags
}

resource "aws_kms_alias" "this" {
  name          = "alias/s3/${local.bucket_name}"
  target_key_id = aws_kms_key.this.key_id
}
