# The Glue Data Catalog side: a database per zone, filled by a crawler per zone on a schedule.
# The crawlers read the zones with Lake Formation credentials (the registration role in
# lakeformation.tf), so their own roles hold no S3 permission at all.

resource "aws_glue_catalog_database" "zone" {
  for_each = local.zone_purposes

  name         = local.zones[each.key].database
  description  = "Data lake ${local.lake_name}, ${each.value}"
  location_uri = "s3://${local.zones[each.key].bucket_name}/"

  tags = local.tags

  # Created after the data lake settings, so the database never gets the
  # IAM_ALLOWED_PRINCIPALS default and access stays governed by Lake Formation grants.
  depends_on = [aws_lakeformation_data_lake_settings.this]
}

# One security configuration per zone: crawler logs and job bookmarks encrypted with the lake
# key, and S3 data written by Glue with the zone bucket's own key (the bucket refuses any other).
resource "aws_glue_security_configuration" "zone" {
  for_each = local.zone_purposes

  name = local.security_configuration[each.key]

  encryption_configuration {
    cloudwatch_encryption {
      cloudwatch_encryption_mode = "SSE-KMS"
      kms_key_arn                = aws_kms_key.lake.arn
    }

    job_bookmarks_encryption {
      job_bookmarks_encryption_mode = "CSE-KMS"
      kms_key_arn                   = aws_kms_key.lake.arn
    }

    s3_encryption {
      s3_encryption_mode = "SSE-KMS"
      kms_key_arn        = local.zones[each.key].kms_key_arn
    }
  }
}

# Glue writes the logs of a crawler with a security configuration to this group; creating it
# here gives it a retention and the lake key instead of a group that keeps logs forever.
resource "aws_cloudwatch_log_group" "crawler" {
  for_each = local.zone_purposes

  name              = local.crawler_log_groups[each.key]
  retention_in_days = local.log_retention_days
  kms_key_id        = aws_kms_key.lake.arn

  tags = local.tags
}

resource "aws_glue_crawler" "zone" {
  for_each = local.zone_purposes

  name                   = "${local.lake_name}-${each.key}"
  description            = "Catalogs the ${each.key} zone of data lake ${local.lake_name} into ${local.zones[each.key].database}"
  database_name          = aws_glue_catalog_database.zone[each.key].name
  role                   = aws_iam_role.crawler[each.key].arn
  schedule               = var.crawler_schedule
  security_configuration = aws_glue_security_configuration.zone[each.key].name

  s3_target {
    path       = "s3://${local.zones[each.key].bucket_name}/"
    exclusions = ["**/_SUCCESS", "**/_temporary/**", "**/*.crc"]
  }

  # Read the zone with credentials Lake Formation vends for the registered location.
  lake_formation_configuration {
    use_lake_formation_credentials = true
  }

  # New and changed schemas are written to the catalog; a table whose data disappeared is only
  # logged, never dropped, so grants on it survive a bad load.
  schema_change_policy {
    update_behavior = "UPDATE_IN_DATABASE"
    delete_behavior = "LOG"
  }

  recrawl_policy {
    recrawl_behavior = "CRAWL_EVERYTHING"
  }

  configuration = jsonencode({
    Version = 1.0
    CrawlerOutput = {
      Partitions = { AddOrUpdateBehavior = "InheritFromTable" }
    }
    Grouping = { TableGroupingPolicy = "CombineCompatibleSchemas" }
  })

  tags = local.tags

  depends_on = [
    aws_cloudwatch_log_group.crawler,
    aws_iam_role_policy.crawler,
    aws_lakeformation_permissions.crawler_location,
    aws_lakeformation_permissions.crawler_database,
  ]
}
