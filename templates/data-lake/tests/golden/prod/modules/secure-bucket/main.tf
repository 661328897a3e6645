data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

locals {
  # The platform's tags, over the caller's var.tags: cost allocation (team, env, cost-center,
  # owner), the service, and the template this module was rendered from.
  platform_tags = merge(var.tags, {
    service           = var.name
    team              = var.team
    env               = var.environment
    cost-center       = var.cost_center
    owner             = var.owner
    managed-by        = "terraform"
    goldpath-template = "s3-secure-bucket@1.0.0"
  })
}

locals {
  # Production gets longer retention and a longer KMS deletion window than dev.
  environment_defaults = {
    dev     = { noncurrent_version_days = 30, access_log_retention_days = 30, kms_deletion_window_days = 7 }
    staging = { noncurrent_version_days = 90, access_log_retention_days = 90, kms_deletion_window_days = 14 }
    prod    = { noncurrent_version_days = 365, access_log_retention_days = 365, kms_deletion_window_days = 30 }
  }
  noncurrent_version_days   = coalesce(var.noncurrent_version_days, local.environment_defaults[var.environment].noncurrent_version_days)
  access_log_retention_days = coalesce(var.access_log_retention_days, local.environment_defaults[var.environment].access_log_retention_days)
  kms_deletion_window_days  = coalesce(var.kms_deletion_window_days, local.environment_defaults[var.environment].kms_deletion_window_days)

  bucket_name     = "${var.name}-${var.environment}"
  log_bucket_name = "${local.bucket_name}-logs"

  # ARNs are built from names so policies are known at plan time.
  bucket_arn     = "arn:${data.aws_partition.current.partition}:s3:::${local.bucket_name}"
  log_bucket_arn = "arn:${data.aws_partition.current.partition}:s3:::${local.log_bucket_name}"
  account_root   = "arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:root"

  access_log_bucket = var.create_log_bucket ? aws_s3_bucket.logs[0].id : var.access_log_bucket
  object_lock       = var.object_lock_mode != null

  tags = merge(local.platform_tags, {
    data-classification = var.data_classification
  })
}
