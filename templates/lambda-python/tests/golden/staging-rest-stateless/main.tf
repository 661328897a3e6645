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
    goldpath-template = "lambda-python@1.1.0"
  })
}

locals {
  # Production gets longer retention, a longer KMS deletion window, more reserved
  # concurrency and deletion protection than dev.
  environment_defaults = {
    dev     = { log_retention_days = 30, kms_deletion_window_days = 7, reserved_concurrency = 5, deletion_protection = false }
    staging = { log_retention_days = 90, kms_deletion_window_days = 14, reserved_concurrency = 20, deletion_protection = false }
    prod    = { log_retention_days = 365, kms_deletion_window_days = 30, reserved_concurrency = 100, deletion_protection = true }
  }
  log_retention_days       = coalesce(var.log_retention_days, local.environment_defaults[var.environment].log_retention_days)
  kms_deletion_window_days = coalesce(var.kms_deletion_window_days, local.environment_defaults[var.environment].kms_deletion_window_days)
  reserved_concurrency     = coalesce(var.reserved_concurrency, local.environment_defaults[var.environment].reserved_concurrency)
  deletion_protection      = local.environment_defaults[var.environment].deletion_protection

  name_prefix   = "${var.name}-${var.environment}"
  function_name = local.name_prefix
  package       = "pricing_api_service"

  partition  = data.aws_partition.current.partition
  region     = data.aws_region.current.region
  account_id = data.aws_caller_identity.current.account_id

  # ARNs are built from names so that policies are known at plan time.
  account_root             = "arn:${local.partition}:iam::${local.account_id}:root"
  function_log_group_name  = "/aws/lambda/${local.function_name}"
  function_log_group_arn   = "arn:${local.partition}:logs:${local.region}:${local.account_id}:log-group:${local.function_log_group_name}"
  log_group_arn_prefix     = "arn:${local.partition}:logs:${local.region}:${local.account_id}:log-group:"
  powertools_layer_arn     = "arn:${local.partition}:lambda:${local.region}:017000801446:layer:AWSLambdaPowertoolsPythonV3-python313-arm64:${var.powertools_layer_version}"
  service_metric_namespace = "${var.team}/${var.name}"

  api_access_log_group_name = "/aws/apigateway/${local.name_prefix}/access"
  waf_log_group_name        = "aws-waf-logs-${local.name_prefix}"

  # Log groups the service key may encrypt: CloudWatch Logs may use it only for these.
  encrypted_log_group_arns = [
    local.function_log_group_arn,
    "${local.log_group_arn_prefix}${local.api_access_log_group_name}",
    "${local.log_group_arn_prefix}${local.waf_log_group_name}",
    # API Gateway names execution log groups after the REST API id, which is not known
    # before the key exists.
    "${local.log_group_arn_prefix}API-Gateway-Execution-Logs_*/${local.api_stage_name}",
  ]

  tags = local.platform_tags
}
