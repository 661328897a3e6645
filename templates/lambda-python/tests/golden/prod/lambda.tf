# The app/ directory is the deployment package. Dependencies come from the
# Powertools layer (Powertools and its extras, including pydantic) and the
# runtime (boto3), so only the service's own package is zipped.
data "archive_file" "app" {
  type             = "zip"
  source_dir       = "${path.module}/app"
  output_path      = "${path.module}/.build/${local.function_name}.zip"
  output_file_mode = "0644"
  excludes = [
    "tests",
    "docs",
    "site",
    "**/__pycache__",
    "**/*.pyc",
    ".venv",
    ".pytest_cache",
    ".mypy_cache",
    ".ruff_cache",
    ".pre-commit-config.yaml",
    "Makefile",
    "mkdocs.yml",
    "pyproject.toml",
    "README.md",
  ]
}

resource "aws_cloudwatch_log_group" "function" {
  name              = local.function_log_group_name
  retention_in_days = local.log_retention_days
  kms_key_id        = aws_kms_key.service.arn

  tags = local.tags
}

resource "aws_lambda_function" "this" {
  #checkov:skip=CKV_AWS_117:The function reaches only regional AWS APIs over TLS with IAM auth; a VPC would add NAT or endpoint cost and cold-start latency without protecting any private resource. Attach one in the consuming stack when the service needs private resources.
  #checkov:skip=CKV_AWS_116:Invoked synchronously by API Gateway: the caller receives every error, and a dead-letter queue only applies to asynchronous invocations. Add an on-failure destination with the asynchronous event source if one is wired later.
  #checkov:skip=CKV_AWS_272:Code signing needs an AWS Signer profile and signed artifacts uploaded to S3; this golden path deploys a locally built zip. Enable it once the platform's signing pipeline exists.
  function_name = local.function_name
  description   = substr(var.description, 0, 256)
  role          = aws_iam_role.function.arn

  filename         = data.archive_file.app.output_path
  source_code_hash = data.archive_file.app.output_base64sha256
  handler          = "${local.package}.handlers.api.lambda_handler"
  runtime          = "python3.13"
  architectures    = ["arm64"]
  layers           = [local.powertools_layer_arn]

  memory_size                    = var.memory_mb
  timeout                        = var.timeout_seconds
  reserved_concurrent_executions = local.reserved_concurrency
  publish                        = true
  kms_key_arn                    = aws_kms_key.service.arn

  environment {
    # POWERTOOLS_TRACER_CAPTURE_RESPONSE keeps return values (orders, quotes, whole HTTP
    # responses) out of X-Ray segment metadata, which the service key does not encrypt;
    # exceptions are still recorded.
    variables = {
      ENVIRONMENT                        = var.environment
      POWERTOOLS_SERVICE_NAME            = var.name
      POWERTOOLS_METRICS_NAMESPACE       = local.service_metric_namespace
      POWERTOOLS_LOG_LEVEL               = var.log_level
      POWERTOOLS_TRACER_CAPTURE_RESPONSE = tostring(var.trace_responses)
      ORDERS_TABLE_NAME                  = aws_dynamodb_table.orders.name
      IDEMPOTENCY_TABLE_NAME             = aws_dynamodb_table.idempotency.name
      IDEMPOTENCY_TTL_SECONDS            = tostring(var.idempotency_ttl_seconds)
    }
  }

  tracing_config {
    mode = "Active"
  }

  logging_config {
    log_format            = "JSON"
    log_group             = aws_cloudwatch_log_group.function.name
    application_log_level = var.log_level
    system_log_level      = "INFO"
  }

  tags = local.tags

  depends_on = [
    aws_cloudwatch_log_group.function,
    aws_iam_role_policy.function,
  ]
}

# Callers invoke the alias, never $LATEST: a deployment moves the alias to the
# version published by this apply.
resource "aws_lambda_alias" "live" {
  name             = "live"
  description      = "Version serving traffic"
  function_name    = aws_lambda_function.this.function_name
  function_version = aws_lambda_function.this.version
}
