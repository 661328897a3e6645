output "lake_name" {
  description = "Name of the data lake (<name>-<environment>)."
  value       = local.lake_name
}

output "raw_bucket_name" {
  description = "Bucket of the raw zone. Producers write here with a Lake Formation DATA_LOCATION_ACCESS grant or their own scoped IAM policy, SSE-KMS with raw_kms_key_arn."
  value       = module.raw_zone.bucket_name
}

output "raw_bucket_arn" {
  description = "ARN of the raw zone bucket."
  value       = module.raw_zone.bucket_arn
}

output "raw_kms_key_arn" {
  description = "KMS key of the raw zone bucket."
  value       = module.raw_zone.kms_key_arn
}

output "curated_bucket_name" {
  description = "Bucket of the curated zone."
  value       = module.curated_zone.bucket_name
}

output "curated_bucket_arn" {
  description = "ARN of the curated zone bucket."
  value       = module.curated_zone.bucket_arn
}

output "curated_kms_key_arn" {
  description = "KMS key of the curated zone bucket."
  value       = module.curated_zone.kms_key_arn
}

output "results_bucket_name" {
  description = "Bucket holding the Athena query results of the workgroup."
  value       = module.results_bucket.bucket_name
}

output "results_bucket_arn" {
  description = "ARN of the Athena results bucket."
  value       = module.results_bucket.bucket_arn
}

output "results_output_location" {
  description = "S3 location the workgroup writes query results to (enforced)."
  value       = local.results_output_location
}

output "raw_database_name" {
  description = "Glue Data Catalog database of the raw zone."
  value       = aws_glue_catalog_database.zone["raw"].name
}

output "curated_database_name" {
  description = "Glue Data Catalog database of the curated zone."
  value       = aws_glue_catalog_database.zone["curated"].name
}

output "crawler_names" {
  description = "Glue crawlers by zone, for aws glue start-crawler --name."
  value       = { for zone, c in aws_glue_crawler.zone : zone => c.name }
}

output "crawler_role_arns" {
  description = "Crawler roles by zone."
  value       = { for zone, r in aws_iam_role.crawler : zone => r.arn }
}

output "lake_registration_role_arn" {
  description = "Role Lake Formation uses to read and write the registered zones."
  value       = aws_iam_role.lake_registration.arn
}

output "workgroup_name" {
  description = "Athena workgroup of the lake (PyAthena work_group, aws athena start-query-execution --work-group)."
  value       = aws_athena_workgroup.this.name
}

output "workgroup_arn" {
  description = "ARN of the Athena workgroup."
  value       = aws_athena_workgroup.this.arn
}

output "bytes_scanned_cutoff_per_query" {
  description = "Bytes one query of the workgroup may scan before Athena cancels it."
  value       = local.bytes_scanned_cutoff_per_query
}

output "athena_query_policy_arn" {
  description = "Managed policy to attach to consumers: querying through the workgroup and reading the results. What they can read is decided by their Lake Formation grants (consumers)."
  value       = aws_iam_policy.athena_query.arn
}

output "sagemaker_role_arn" {
  description = "SageMaker execution role that queries the curated zone through Athena, or null when enable_sagemaker is false."
  value       = var.enable_sagemaker ? aws_iam_role.sagemaker[0].arn : null
}

output "lake_kms_key_arn" {
  description = "KMS key of the crawler logs and job bookmarks; people reading the crawler logs need kms:Decrypt on it."
  value       = aws_kms_key.lake.arn
}
