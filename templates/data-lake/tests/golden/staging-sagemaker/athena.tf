# The lake's Athena workgroup. It enforces its own configuration, so no client can send results
# elsewhere, unencrypted, or without the scan cap: results are SSE-KMS encrypted with the
# results bucket's key, and a query that scans more than the cap is cancelled.
resource "aws_athena_workgroup" "this" {
  name          = local.lake_name
  description   = "Queries of data lake ${local.lake_name}: ${var.description}"
  state         = "ENABLED"
  force_destroy = var.environment == "dev" && var.force_destroy

  configuration {
    enforce_workgroup_configuration    = true
    publish_cloudwatch_metrics_enabled = true
    requester_pays_enabled             = false
    bytes_scanned_cutoff_per_query     = local.bytes_scanned_cutoff_per_query

    engine_version {
      selected_engine_version = "Athena engine version 3"
    }

    result_configuration {
      output_location       = local.results_output_location
      expected_bucket_owner = local.account_id

      encryption_configuration {
        encryption_option = "SSE_KMS"
        kms_key_arn       = module.results_bucket.kms_key_arn
      }
    }
  }

  tags = local.tags
}
