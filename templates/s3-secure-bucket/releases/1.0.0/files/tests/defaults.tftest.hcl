# Golden-path properties of this module, checked with `terraform test` at plan
# time against a mocked AWS provider: no credentials, nothing is created.

mock_provider "aws" {}

run "secure_by_default" {
  command = plan

  assert {
    condition     = aws_s3_bucket.this.bucket == "${var.name}-${var.environment}"
    error_message = "The bucket must be named <name>-<environment>."
  }

  assert {
    condition = alltrue([
      aws_s3_bucket_public_access_block.this.block_public_acls,
      aws_s3_bucket_public_access_block.this.block_public_policy,
      aws_s3_bucket_public_access_block.this.ignore_public_acls,
      aws_s3_bucket_public_access_block.this.restrict_public_buckets,
    ])
    error_message = "All four public access block settings must be on."
  }

  assert {
    condition     = aws_s3_bucket_ownership_controls.this.rule[0].object_ownership == "BucketOwnerEnforced"
    error_message = "ACLs must be disabled (BucketOwnerEnforced)."
  }

  assert {
    condition     = aws_s3_bucket_versioning.this.versioning_configuration[0].status == "Enabled"
    error_message = "Versioning must be enabled."
  }

  assert {
    condition = length(aws_s3_bucket_server_side_encryption_configuration.this.rule) == 1 && alltrue([
      for r in aws_s3_bucket_server_side_encryption_configuration.this.rule :
      r.bucket_key_enabled && r.apply_server_side_encryption_by_default[0].sse_algorithm == "aws:kms"
    ])
    error_message = "Default encryption must be SSE-KMS with S3 Bucket Keys."
  }

  assert {
    condition     = aws_kms_key.this.enable_key_rotation && length(jsondecode(aws_kms_key.this.policy).Statement) > 0
    error_message = "The customer-managed KMS key must rotate and have a key policy."
  }

  assert {
    condition     = !aws_s3_bucket.this.force_destroy || var.environment == "dev"
    error_message = "force_destroy is only allowed in dev."
  }

  assert {
    condition = alltrue([
      for s in local.bucket_policy_statements : s.Effect == "Deny" && s.Principal == "*"
    ])
    error_message = "The bucket policy must only deny; access is granted through IAM."
  }

  assert {
    condition     = { for s in local.bucket_policy_statements : s.Sid => s.Condition }["DenyInsecureTransport"].Bool["aws:SecureTransport"] == "false"
    error_message = "The bucket policy must deny requests without TLS."
  }

  assert {
    condition     = { for s in local.bucket_policy_statements : s.Sid => s.Condition }["DenyTLSBelow12"].NumericLessThan["s3:TlsVersion"] == "1.2"
    error_message = "The bucket policy must deny TLS versions below 1.2."
  }

  assert {
    condition     = { for s in local.bucket_policy_statements : s.Sid => s.Condition }["DenyNonKMSEncryptionHeader"].StringNotEqualsIfExists["s3:x-amz-server-side-encryption"] == "aws:kms"
    error_message = "The bucket policy must deny uploads that request another encryption algorithm."
  }

  assert {
    condition = alltrue([
      for sid in ["DenyOtherKMSKeys", "DenyKMSHeaderWithoutKeyId", "DenyCustomerProvidedKeys"] :
      contains([for s in local.bucket_policy_statements : s.Sid], sid)
    ])
    error_message = "The bucket policy must deny uploads with another KMS key or customer-provided keys."
  }

  assert {
    condition = anytrue([
      for r in aws_s3_bucket_lifecycle_configuration.this.rule :
      r.status == "Enabled" && try(r.abort_incomplete_multipart_upload[0].days_after_initiation, 0) == 7
    ])
    error_message = "Incomplete multipart uploads must be aborted after 7 days."
  }

  assert {
    condition = anytrue([
      for r in aws_s3_bucket_lifecycle_configuration.this.rule :
      r.status == "Enabled" && try(r.noncurrent_version_expiration[0].noncurrent_days, 0) == local.noncurrent_version_days
    ])
    error_message = "Noncurrent versions must expire."
  }

  assert {
    condition     = aws_s3_bucket_logging.this.target_prefix == "${aws_s3_bucket.this.bucket}/"
    error_message = "Server access logging must be on, under a prefix named after the bucket."
  }

  assert {
    condition = alltrue([
      aws_s3_bucket.this.tags["managed-by"] == "terraform",
      aws_s3_bucket.this.tags["data-classification"] == var.data_classification,
      aws_s3_bucket.this.tags["cost-center"] == var.cost_center,
      aws_kms_key.this.tags["team"] == var.team,
    ])
    error_message = "Resources must carry the module's standard tags."
  }
}

run "dedicated_log_bucket" {
  command = plan

  variables {
    create_log_bucket = true
  }

  assert {
    condition     = length(aws_s3_bucket.logs) == 1 && aws_s3_bucket.logs[0].bucket == "${var.name}-${var.environment}-logs"
    error_message = "The module must create the <bucket>-logs bucket."
  }

  assert {
    condition = alltrue([
      aws_s3_bucket_public_access_block.logs[0].block_public_acls,
      aws_s3_bucket_public_access_block.logs[0].block_public_policy,
      aws_s3_bucket_public_access_block.logs[0].ignore_public_acls,
      aws_s3_bucket_public_access_block.logs[0].restrict_public_buckets,
      aws_s3_bucket_ownership_controls.logs[0].rule[0].object_ownership == "BucketOwnerEnforced",
      aws_s3_bucket_versioning.logs[0].versioning_configuration[0].status == "Enabled",
    ])
    error_message = "The log bucket must be private, ACL-free and versioned."
  }

  assert {
    condition = alltrue([
      for r in aws_s3_bucket_server_side_encryption_configuration.logs[0].rule :
      r.apply_server_side_encryption_by_default[0].sse_algorithm == "AES256"
    ])
    error_message = "The log bucket must use SSE-S3, the only encryption server access logging supports."
  }

  assert {
    condition = anytrue([
      for r in aws_s3_bucket_lifecycle_configuration.logs[0].rule :
      r.status == "Enabled" && try(r.expiration[0].days, 0) == local.access_log_retention_days
    ])
    error_message = "Access logs must expire after the retention period."
  }

  assert {
    condition     = local.log_bucket_policy_statements[0].Principal.Service == "logging.s3.amazonaws.com" && local.log_bucket_policy_statements[0].Condition.ArnLike["aws:SourceArn"] == local.bucket_arn
    error_message = "Only the S3 logging service, on behalf of this bucket, may write access logs."
  }
}

run "existing_log_bucket" {
  command = plan

  variables {
    create_log_bucket = false
    access_log_bucket = "acme-central-s3-access-logs"
  }

  assert {
    condition     = length(aws_s3_bucket.logs) == 0 && aws_s3_bucket_logging.this.target_bucket == "acme-central-s3-access-logs"
    error_message = "Access logs must go to the given bucket, and no log bucket may be created."
  }
}

run "log_bucket_required" {
  command = plan

  variables {
    create_log_bucket = false
    access_log_bucket = null
  }

  expect_failures = [var.access_log_bucket]
}

run "dev_standards" {
  command = plan

  variables {
    environment               = "dev"
    create_log_bucket         = true
    noncurrent_version_days   = null
    access_log_retention_days = null
    kms_deletion_window_days  = null
  }

  assert {
    condition     = aws_kms_key.this.deletion_window_in_days == 7 && local.noncurrent_version_days == 30 && local.access_log_retention_days == 30
    error_message = "dev standards: 7-day KMS deletion window, 30 days of noncurrent versions and access logs."
  }
}

run "prod_is_stricter" {
  command = plan

  variables {
    environment               = "prod"
    force_destroy             = false
    create_log_bucket         = true
    noncurrent_version_days   = null
    access_log_retention_days = null
    kms_deletion_window_days  = null
  }

  assert {
    condition     = aws_kms_key.this.deletion_window_in_days == 30
    error_message = "prod must use the maximum 30-day KMS deletion window."
  }

  assert {
    condition     = local.noncurrent_version_days == 365 && local.access_log_retention_days == 365
    error_message = "prod must keep noncurrent versions and access logs for a year."
  }
}

run "force_destroy_only_in_dev" {
  command = plan

  variables {
    environment   = "prod"
    force_destroy = true
  }

  expect_failures = [var.force_destroy]
}

run "object_lock" {
  command = plan

  variables {
    object_lock_mode = "GOVERNANCE"
    object_lock_days = 30
  }

  assert {
    condition     = aws_s3_bucket.this.object_lock_enabled && aws_s3_bucket_object_lock_configuration.this[0].rule[0].default_retention[0].mode == "GOVERNANCE"
    error_message = "Object Lock must be enabled with the requested default retention."
  }
}

run "storage_class_transition" {
  command = plan

  variables {
    transition_storage_class = "INTELLIGENT_TIERING"
    transition_days          = 30
  }

  assert {
    condition = anytrue([
      for r in aws_s3_bucket_lifecycle_configuration.this.rule :
      try(one(r.transition).storage_class, "") == "INTELLIGENT_TIERING"
    ])
    error_message = "Current objects must transition to the requested storage class."
  }
}
