data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

data "aws_region" "current" {}

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
    goldpath-template = "data-lake@1.0.0"
  })
}

locals {
  lake_name  = "${var.name}-${var.environment}"
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition
  region     = data.aws_region.current.region

  # Production gets a lower per-query scan cap, longer log retention and a longer KMS deletion
  # window than dev.
  environment_defaults = {
    dev     = { scan_limit_gb = 100, log_retention_days = 30, kms_deletion_window_days = 7 }
    staging = { scan_limit_gb = 50, log_retention_days = 90, kms_deletion_window_days = 14 }
    prod    = { scan_limit_gb = 20, log_retention_days = 365, kms_deletion_window_days = 30 }
  }
  scan_limit_gb            = coalesce(var.scan_limit_gb, local.environment_defaults[var.environment].scan_limit_gb)
  log_retention_days       = coalesce(var.log_retention_days, local.environment_defaults[var.environment].log_retention_days)
  kms_deletion_window_days = local.environment_defaults[var.environment].kms_deletion_window_days

  # Athena cancels a query of the workgroup once it has scanned this many bytes.
  bytes_scanned_cutoff_per_query = local.scan_limit_gb * 1024 * 1024 * 1024

  # The two zones of the lake: raw (data as it lands) and curated (cleaned, modelled data).
  # Resources per zone iterate over zone_purposes, whose keys are known before apply; the
  # zone's buckets and keys come from local.zones. Athena and Glue database names allow only
  # lowercase letters, digits and underscores.
  zone_purposes = {
    raw     = "raw zone: data as it lands, before any cleaning"
    curated = "curated zone: cleaned, modelled data for analytics and ML"
  }
  database_prefix = replace("${var.name}_${var.environment}", "-", "_")
  zones = {
    raw = {
      bucket_name = module.raw_zone.bucket_name
      bucket_arn  = module.raw_zone.bucket_arn
      kms_key_arn = module.raw_zone.kms_key_arn
      database    = "${local.database_prefix}_raw"
    }
    curated = {
      bucket_name = module.curated_zone.bucket_name
      bucket_arn  = module.curated_zone.bucket_arn
      kms_key_arn = module.curated_zone.kms_key_arn
      database    = "${local.database_prefix}_curated"
    }
  }

  # Names the Glue crawlers, their roles and their security configurations get, known before
  # apply: Glue writes a crawler's logs to /aws-glue/crawlers-role/<role>-<security configuration>.
  crawler_role_names     = { for zone, _ in local.zone_purposes : zone => "${local.lake_name}-crawler-${zone}" }
  security_configuration = { for zone, _ in local.zone_purposes : zone => "${local.lake_name}-${zone}-crawler" }
  crawler_log_groups     = { for zone, _ in local.zone_purposes : zone => "/aws-glue/crawlers-role/${local.crawler_role_names[zone]}-${local.security_configuration[zone]}" }
  crawler_log_group_arns = { for zone, name in local.crawler_log_groups : zone => "arn:${local.partition}:logs:${local.region}:${local.account_id}:log-group:${name}" }

  # Athena writes query results under this prefix of the results bucket.
  results_prefix          = "athena-results/"
  results_output_location = "s3://${module.results_bucket.bucket_name}/${local.results_prefix}"

  glue_catalog_arn = "arn:${local.partition}:glue:${local.region}:${local.account_id}:catalog"

  tags = local.platform_tags
}
