output "bucket_id" {
  description = "Name (ID) of the bucket."
  value       = aws_s3_bucket.this.id
}

output "bucket_name" {
  description = "Name of the bucket."
  value       = aws_s3_bucket.this.bucket
}

output "bucket_arn" {
  description = "ARN of the bucket, for IAM policies."
  value       = aws_s3_bucket.this.arn
}

output "bucket_regional_domain_name" {
  description = "Region-specific domain name of the bucket."
  value       = aws_s3_bucket.this.bucket_regional_domain_name
}

output "kms_key_arn" {
  description = "ARN of the KMS key that encrypts the bucket. Writers need kms:GenerateDataKey and readers kms:Decrypt on it."
  value       = aws_kms_key.this.arn
}

output "kms_key_id" {
  description = "ID of the KMS key that encrypts the bucket."
  value       = aws_kms_key.this.key_id
}

output "kms_alias_name" {
  description = "Alias of the KMS key."
  value       = aws_kms_alias.this.name
}

output "log_bucket_id" {
  description = "Name of the bucket receiving the server access logs (created by the module or given in access_log_bucket)."
  value       = local.access_log_bucket
}

output "log_bucket_arn" {
  description = "ARN of the access-log bucket created by the module, or null when an existing bucket is used."
  value       = var.create_log_bucket ? aws_s3_bucket.logs[0].arn : null
}

output "access_log_prefix" {
  description = "Key prefix under which this bucket's access logs are delivered."
  value       = aws_s3_bucket_logging.this.target_prefix
}
