# Code and logs live in the platform's secure bucket (nested module ./modules/secure-bucket):
# customer-managed KMS key, no public access, TLS-only policy, versioning, access logging and
# lifecycle rules. In prod the buckets can never be force-destroyed.

module "code_bucket" {
  source = "./modules/secure-bucket"

  name          = "${var.name}-code"
  environment   = var.environment
  team          = var.team
  cost_center   = var.cost_center
  owner         = var.owner
  description   = "PySpark job code of EMR Serverless application ${local.app_name}: ${var.description}"
  force_destroy = var.environment == "dev" && var.force_destroy
  tags          = var.tags
}

module "logs_bucket" {
  source = "./modules/secure-bucket"

  name          = "${var.name}-joblogs"
  environment   = var.environment
  team          = var.team
  cost_center   = var.cost_center
  owner         = var.owner
  description   = "Spark logs of EMR Serverless application ${local.app_name}: ${var.description}"
  force_destroy = var.environment == "dev" && var.force_destroy
  tags          = var.tags

  # Spark logs are read in the days after a run, rarely later: after 30 days they move to
  # S3 Intelligent-Tiering, which moves the ones nobody reads to its cheaper access tiers, with
  # no retrieval charge when someone does. Objects under 128 KB are not transitioned.
  transition_storage_class = "INTELLIGENT_TIERING"
  transition_days          = 30
}

# The sample job, so that examples/start-job-run.sh works right after apply. Objects are not
# tagged (S3 allows ten object tags); the bucket carries the cost tags.
resource "aws_s3_object" "sample_job" {
  count = var.upload_sample_job ? 1 : 0

  bucket                 = module.code_bucket.bucket_id
  key                    = "jobs/wordcount.py"
  source                 = "${path.module}/jobs/wordcount.py"
  source_hash            = filemd5("${path.module}/jobs/wordcount.py")
  content_type           = "text/x-python"
  server_side_encryption = "aws:kms"
  kms_key_id             = module.code_bucket.kms_key_arn
}
