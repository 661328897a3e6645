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
    goldpath-template = "documentdb-events@1.0.0"
  })
}

locals {
  name_prefix = "${var.name}-${var.environment}"
  package     = "payments_ledger_consumer"

  partition  = data.aws_partition.current.partition
  region     = data.aws_region.current.region
  account_id = data.aws_caller_identity.current.account_id

  # Production gets larger and more instances, longer log and change-stream retention, more
  # reserved concurrency and a longer KMS deletion window than dev; staging and prod get
  # deletion protection. Backup retention is var.backup_retention_days (7 / 14 / 35 days by
  # default), a literal so that scanners read it.
  environment_defaults = {
    dev     = { log_retention_days = 30, kms_deletion_window_days = 7, reserved_concurrency = 2, deletion_protection = false, instance_class = "db.t4g.medium", instance_count = 1, change_stream_retention_seconds = 10800 }
    staging = { log_retention_days = 90, kms_deletion_window_days = 14, reserved_concurrency = 2, deletion_protection = true, instance_class = "db.t4g.medium", instance_count = 2, change_stream_retention_seconds = 43200 }
    prod    = { log_retention_days = 365, kms_deletion_window_days = 30, reserved_concurrency = 5, deletion_protection = true, instance_class = "db.r6g.large", instance_count = 3, change_stream_retention_seconds = 86400 }
  }
  log_retention_days       = coalesce(var.log_retention_days, local.environment_defaults[var.environment].log_retention_days)
  kms_deletion_window_days = local.environment_defaults[var.environment].kms_deletion_window_days
  reserved_concurrency     = coalesce(var.reserved_concurrency, local.environment_defaults[var.environment].reserved_concurrency)
  deletion_protection      = local.environment_defaults[var.environment].deletion_protection
  instance_class           = coalesce(var.instance_class, local.environment_defaults[var.environment].instance_class)
  instance_count           = coalesce(var.instance_count, local.environment_defaults[var.environment].instance_count)
  change_stream_retention  = coalesce(var.change_stream_retention_seconds, local.environment_defaults[var.environment].change_stream_retention_seconds)

  cluster_identifier = local.name_prefix
  function_name      = "${local.name_prefix}-consumer"

  # ARNs are built from names so that policies are known at plan time.
  account_root            = "arn:${local.partition}:iam::${local.account_id}:root"
  log_group_arn_prefix    = "arn:${local.partition}:logs:${local.region}:${local.account_id}:log-group:"
  function_log_group_name = "/aws/lambda/${local.function_name}"
  # DocumentDB exports each log type to /aws/docdb/<cluster>/<type>; the module creates both
  # groups first, so they get a retention and the service key instead of "never expire".
  docdb_log_group_names = { for t in ["audit", "profiler"] : t => "/aws/docdb/${local.cluster_identifier}/${t}" }
  flow_log_group_name   = "/aws/vpc/flow-logs/${local.name_prefix}"
  encrypted_log_group_arns = concat(
    ["${local.log_group_arn_prefix}${local.function_log_group_name}"],
    [for n in values(local.docdb_log_group_names) : "${local.log_group_arn_prefix}${n}"],
    ["${local.log_group_arn_prefix}${local.flow_log_group_name}"],
  )

  powertools_layer_arn     = "arn:${local.partition}:lambda:${local.region}:017000801446:layer:AWSLambdaPowertoolsPythonV3-python313-arm64:${var.powertools_layer_version}"
  service_metric_namespace = "${var.team}/${var.name}"

  # The secret DocumentDB creates and rotates for the master user.
  master_secret_arn = aws_docdb_cluster.this.master_user_secret[0].secret_arn

  tags = local.platform_tags
}
