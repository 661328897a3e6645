output "application_id" {
  description = "ID of the EMR Serverless application, for aws emr-serverless start-job-run --application-id."
  value       = aws_emrserverless_application.this.id
}

output "application_arn" {
  description = "ARN of the EMR Serverless application."
  value       = aws_emrserverless_application.this.arn
}

output "application_name" {
  description = "Name of the EMR Serverless application (<name>-<environment>)."
  value       = aws_emrserverless_application.this.name
}

output "release_label" {
  description = "Pinned Amazon EMR release of the application."
  value       = aws_emrserverless_application.this.release_label
}

output "job_role_arn" {
  description = "ARN of the job execution role, for start-job-run --execution-role-arn. Callers need iam:PassRole on it."
  value       = aws_iam_role.job.arn
}

output "job_role_name" {
  description = "Name of the job execution role, to attach further scoped permissions."
  value       = aws_iam_role.job.name
}

output "code_bucket_name" {
  description = "Bucket holding the job code (read-only for the jobs)."
  value       = module.code_bucket.bucket_name
}

output "code_bucket_kms_key_arn" {
  description = "KMS key of the code bucket; whoever uploads job code needs kms:GenerateDataKey on it."
  value       = module.code_bucket.kms_key_arn
}

output "logs_bucket_name" {
  description = "Bucket receiving the Spark logs."
  value       = module.logs_bucket.bucket_name
}

output "s3_log_uri" {
  description = "S3 location of the Spark logs of this application."
  value       = local.s3_log_uri
}

output "log_group_name" {
  description = "CloudWatch log group receiving the driver and executor logs."
  value       = aws_cloudwatch_log_group.emr.name
}

output "logs_kms_key_arn" {
  description = "KMS key encrypting the CloudWatch logs and the managed Spark UI logs; people reading the logs need kms:Decrypt on it."
  value       = aws_kms_key.logs.arn
}

output "sample_job_uri" {
  description = "S3 URI of the uploaded sample PySpark job, or null when upload_sample_job is false."
  value       = var.upload_sample_job ? "s3://${module.code_bucket.bucket_name}/${aws_s3_object.sample_job[0].key}" : null
}

output "vpc_id" {
  description = "VPC of the workers (created or given)."
  value       = local.vpc_id
}

output "subnet_ids" {
  description = "Private subnets of the workers."
  value       = local.subnet_ids
}

output "security_group_id" {
  description = "Security group of the workers (no inbound, outbound HTTPS only); allow it as a source on the data stores the jobs use."
  value       = aws_security_group.emr.id
}
