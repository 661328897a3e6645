# Dedicated target bucket for S3 server access logs. Server access logging can
# only deliver to SSE-S3 encrypted targets, so this bucket uses AES256 rather
# than the module's KMS key; ACLs are disabled, so delivery is granted to the
# logging service principal in the bucket policy.

resource "aws_s3_bucket" "logs" {
  #checkov:skip=CKV_AWS_18:This is the access-log target bucket; logging it to itself would loop, and a chain of log buckets never ends.
  #checkov:skip=CKV_AWS_145:S3 server access logging only delivers to SSE-S3 (AES256) targets; SSE-KMS is unsupported for the log bucket.
  #checkov:skip=CKV_AWS_144:Access logs are operational data kept for a fixed retention; replicating them to another region is not required.
  #checkov:skip=CKV2_AWS_62:Nothing consumes events from the access-log bucket; notifications would only add cost.
  count = var.create_log_bucket ? 1 : 0

  bucket        = local.log_bucket_name
  force_destroy = var.force_destroy

  tags = merge(local.tags, { purpose = "s3-access-logs" })
}

resource "aws_s3_bucket_ownership_controls" "logs" {
  count = var.create_log_bucket ? 1 : 0

  bucket = aws_s3_bucket.logs[0].id

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_public_access_block" "logs" {
  count = var.create_log_bucket ? 1 : 0

  bucket = aws_s3_bucket.logs[0].id

  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_versioning" "logs" {
  count = var.create_log_bucket ? 1 : 0

  bucket = aws_s3_bucket.logs[0].id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "logs" {
  count = var.create_log_bucket ? 1 : 0

  bucket = aws_s3_bucket.logs[0].id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "logs" {
  count = var.create_log_bucket ? 1 : 0

  bucket = aws_s3_bucket.logs[0].id

  rule {
    id     = "expire-access-logs"
    status = "Enabled"

    filter {}

    expiration {
      days = local.access_log_retention_days
    }

    noncurrent_version_expiration {
      noncurrent_days = 1
    }

    abort_incomplete_multipart_upload {
      days_after_initiation = 7
    }
  }

  depends_on = [aws_s3_bucket_versioning.logs]
}

locals {
  log_bucket_policy_statements = [
    {
      Sid       = "AllowS3ServerAccessLogDelivery"
      Effect    = "Allow"
      Principal = { Service = "logging.s3.amazonaws.com" }
      Action    = "s3:PutObject"
      Resource  = "${local.log_bucket_arn}/${local.bucket_name}/*"
      Condition = {
        ArnLike      = { "aws:SourceArn" = local.bucket_arn }
        StringEquals = { "aws:SourceAccount" = data.aws_caller_identity.current.account_id }
      }
    },
    {
      Sid       = "DenyInsecureTransport"
      Effect    = "Deny"
      Principal = "*"
      Action    = "s3:*"
      Resource  = [local.log_bucket_arn, "${local.log_bucket_arn}/*"]
      Condition = { Bool = { "aws:SecureTransport" = "false" } }
    },
    {
      Sid       = "DenyTLSBelow12"
      Effect    = "Deny"
      Principal = "*"
      Action    = "s3:*"
      Resource  = [local.log_bucket_arn, "${local.log_bucket_arn}/*"]
      Condition = { NumericLessThan = { "s3:TlsVersion" = "1.2" } }
    },
  ]
}

resource "aws_s3_bucket_policy" "logs" {
  count = var.create_log_bucket ? 1 : 0

  bucket = aws_s3_bucket.logs[0].id

  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = local.log_bucket_policy_statements
  })

  depends_on = [
    aws_s3_bucket_public_access_block.logs,
    aws_s3_bucket_ownership_controls.logs,
  ]
}
