# Golden-path properties of this module, checked with `terraform test` at plan time against a
# mocked AWS provider: no credentials, nothing is created. The mocked ARNs below are known at
# plan time already (override_during, Terraform 1.11 or later), so the assertions can read the
# IAM statements built from them.

mock_provider "aws" {
  override_during = plan

  mock_resource "aws_kms_key" {
    defaults = {
      arn = "arn:aws:kms:zz-test-1:123456789012:key/00000000-0000-4000-8000-000000000000"
    }
  }

  mock_resource "aws_s3_bucket" {
    defaults = {
      arn = "arn:aws:s3:::mocked-bucket"
    }
  }

  mock_resource "aws_athena_workgroup" {
    defaults = {
      arn = "arn:aws:athena:zz-test-1:123456789012:workgroup/mocked"
    }
  }

  mock_resource "aws_iam_role" {
    defaults = {
      arn = "arn:aws:iam::123456789012:role/mocked"
    }
  }
}

override_data {
  target = data.aws_caller_identity.current
  values = {
    account_id = "123456789012"
  }
}

override_data {
  target = data.aws_region.current
  values = {
    region = "us-east-1"
  }
}

run "golden_path" {
  command = plan

  assert {
    condition = alltrue([
      one(aws_athena_workgroup.this.configuration).enforce_workgroup_configuration,
      one(aws_athena_workgroup.this.configuration).bytes_scanned_cutoff_per_query == local.scan_limit_gb * 1073741824,
      one(one(one(aws_athena_workgroup.this.configuration).result_configuration).encryption_configuration).encryption_option == "SSE_KMS",
    ])
    error_message = "The workgroup must enforce its configuration, cap the bytes a query scans and encrypt results with SSE-KMS."
  }

  assert {
    condition     = one(one(aws_athena_workgroup.this.configuration).result_configuration).output_location == "s3://${var.name}-athena-${var.environment}/athena-results/"
    error_message = "Query results must go to the lake's own results bucket."
  }

  assert {
    condition     = toset(keys(aws_glue_catalog_database.zone)) == toset(["raw", "curated"]) && aws_glue_catalog_database.zone["curated"].name == "${replace(var.name, "-", "_")}_${var.environment}_curated"
    error_message = "Each zone must have its own Glue database with an Athena-compatible name."
  }

  assert {
    condition = alltrue([
      for zone, c in aws_glue_crawler.zone :
      c.schedule == var.crawler_schedule && c.security_configuration == "${var.name}-${var.environment}-${zone}-crawler" && one(c.lake_formation_configuration).use_lake_formation_credentials
    ])
    error_message = "The crawlers must run on the schedule, with their security configuration and Lake Formation credentials."
  }

  assert {
    condition = alltrue([
      for c in aws_glue_crawler.zone : one(c.schema_change_policy).delete_behavior == "LOG"
    ])
    error_message = "Crawlers must never drop tables whose data disappeared."
  }

  assert {
    condition = alltrue([
      for sc in aws_glue_security_configuration.zone : alltrue([
        one(one(sc.encryption_configuration).cloudwatch_encryption).cloudwatch_encryption_mode == "SSE-KMS",
        one(one(sc.encryption_configuration).job_bookmarks_encryption).job_bookmarks_encryption_mode == "CSE-KMS",
        one(one(sc.encryption_configuration).s3_encryption).s3_encryption_mode == "SSE-KMS",
      ])
    ])
    error_message = "The Glue security configurations must encrypt logs, job bookmarks and S3 data with KMS."
  }

  assert {
    condition = alltrue([
      for zone, g in aws_cloudwatch_log_group.crawler :
      g.name == "/aws-glue/crawlers-role/${var.name}-${var.environment}-crawler-${zone}-${var.name}-${var.environment}-${zone}-crawler" && g.retention_in_days == local.log_retention_days
    ])
    error_message = "The crawler log groups must be the ones Glue writes to, with a bounded retention."
  }

  assert {
    condition     = length(aws_lakeformation_data_lake_settings.this.create_database_default_permissions) == 0 && length(aws_lakeformation_data_lake_settings.this.create_table_default_permissions) == 0
    error_message = "The data lake settings must not give IAM_ALLOWED_PRINCIPALS default permissions."
  }

  assert {
    condition     = toset(aws_lakeformation_data_lake_settings.this.admins) == toset(var.lake_admins)
    error_message = "The data lake administrators must be lake_admins."
  }

  assert {
    condition     = alltrue([for r in aws_lakeformation_resource.zone : !r.use_service_linked_role])
    error_message = "The zones must be registered with the dedicated registration role."
  }

  assert {
    condition = alltrue(flatten([
      for zone, statements in local.crawler_statements : [
        for s in statements : !anytrue([for a in s.Action : startswith(a, "s3:")])
      ]
    ]))
    error_message = "The crawler roles must hold no S3 permission: they read through Lake Formation."
  }

  assert {
    condition = alltrue(flatten([
      for s in concat(local.consumer_statements, local.registration_statements, flatten(values(local.crawler_statements))) : [
        for r in s.Resource : r != "*" || s.Action == ["lakeformation:GetDataAccess"]
      ]
    ]))
    error_message = "Only lakeformation:GetDataAccess may use a wildcard resource."
  }

  assert {
    condition     = alltrue([for k in [aws_kms_key.lake] : k.enable_key_rotation && length(jsondecode(k.policy).Statement) == 2])
    error_message = "The lake key must rotate and have an explicit key policy."
  }

  assert {
    condition = alltrue([
      aws_athena_workgroup.this.tags["managed-by"] == "terraform",
      aws_athena_workgroup.this.tags["cost-center"] == var.cost_center,
      aws_glue_crawler.zone["raw"].tags["team"] == var.team,
    ])
    error_message = "Resources must carry the standard tags."
  }
}

run "consumers_get_lake_formation_grants" {
  command = plan

  variables {
    consumers = [
      "curated.*:SELECT+DESCRIBE:arn:aws:iam::123456789012:role/analysts",
      "raw.orders:SELECT:arn:aws:iam::123456789012:role/analysts",
    ]
  }

  assert {
    condition = alltrue([
      one(aws_lakeformation_permissions.consumer_table["curated.*:SELECT+DESCRIBE:arn:aws:iam::123456789012:role/analysts"].table).wildcard,
      toset(aws_lakeformation_permissions.consumer_table["curated.*:SELECT+DESCRIBE:arn:aws:iam::123456789012:role/analysts"].permissions) == toset(["SELECT", "DESCRIBE"]),
    ])
    error_message = "A zone.* grant must cover every table of the zone's database."
  }

  assert {
    condition     = one(aws_lakeformation_permissions.consumer_table["raw.orders:SELECT:arn:aws:iam::123456789012:role/analysts"].table).name == "orders"
    error_message = "A named-table grant must name the table."
  }

  assert {
    condition     = length(aws_lakeformation_permissions.consumer_database) == 2
    error_message = "Every consumer must be able to see each database it has grants in."
  }
}

run "consumer_grants_are_validated" {
  command = plan

  variables {
    consumers = ["curated.*:ALL:arn:aws:iam::123456789012:role/analysts"]
  }

  expect_failures = [var.consumers]
}

run "sagemaker_reads_the_curated_zone_only" {
  command = plan

  variables {
    enable_sagemaker = true
  }

  assert {
    condition     = length(aws_iam_role.sagemaker) == 1 && one(aws_lakeformation_permissions.sagemaker_tables[0].table).database_name == aws_glue_catalog_database.zone["curated"].name
    error_message = "The SageMaker role must get a Lake Formation grant on the curated database only."
  }

  assert {
    condition = alltrue(flatten([
      for s in local.sagemaker_statements : [
        for r in s.Resource : !strcontains(r, "${var.name}-raw-") && !strcontains(r, "_raw")
      ]
    ]))
    error_message = "The SageMaker role must not reach the raw zone."
  }
}

run "no_sagemaker_by_default" {
  command = plan

  variables {
    enable_sagemaker = false
  }

  assert {
    condition     = length(aws_iam_role.sagemaker) == 0 && length(aws_lakeformation_permissions.sagemaker_tables) == 0
    error_message = "The SageMaker role is created only when asked for."
  }
}

run "prod_is_stricter" {
  command = plan

  variables {
    environment        = "prod"
    force_destroy      = false
    scan_limit_gb      = null
    log_retention_days = null
  }

  assert {
    condition     = local.scan_limit_gb == 20 && aws_cloudwatch_log_group.crawler["raw"].retention_in_days == 365 && aws_kms_key.lake.deletion_window_in_days == 30
    error_message = "prod must cap queries at 20 GB, keep crawler logs a year and use the 30-day KMS deletion window."
  }
}

run "dev_standards" {
  command = plan

  variables {
    environment        = "dev"
    scan_limit_gb      = null
    log_retention_days = null
  }

  assert {
    condition     = local.scan_limit_gb == 100 && aws_cloudwatch_log_group.crawler["raw"].retention_in_days == 30 && aws_kms_key.lake.deletion_window_in_days == 7
    error_message = "dev standards: 100 GB per query, 30 days of logs and a 7-day KMS deletion window."
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
