# The app/ directory is the deployment package. Powertools and pydantic come from the
# Powertools layer and boto3 from the runtime, so only the service's own package is zipped.
data "archive_file" "app" {
  type             = "zip"
  source_dir       = "${path.module}/app"
  output_path      = "${path.module}/.build/${local.function_name}.zip"
  output_file_mode = "0644"
  excludes = [
    "tests",
    "**/__pycache__",
    "**/*.pyc",
    ".venv",
    ".pytest_cache",
    ".mypy_cache",
    ".ruff_cache",
    "Makefile",
    "pyproject.toml",
  ]
}

resource "aws_lambda_function" "consumer" {
  #checkov:skip=CKV_AWS_116:The function is invoked synchronously by its DocumentDB event source mapping, and Lambda's dead-letter queue applies to asynchronous invocations only. Changes the function cannot process go to the encrypted SQS dead-letter queue of this module from the handler itself.
  #checkov:skip=CKV_AWS_272:Code signing needs an AWS Signer profile and signed artifacts uploaded to S3; this golden path deploys a locally built zip. Enable it once the platform's signing pipeline exists.
  function_name = local.function_name
  description   = substr("Consumes changes of ${var.database_name}.${var.collection_name}: ${var.description}", 0, 256)
  role          = aws_iam_role.function.arn

  filename         = data.archive_file.app.output_path
  source_code_hash = data.archive_file.app.output_base64sha256
  handler          = "${local.package}.handlers.change_stream.lambda_handler"
  runtime          = "python3.13"
  architectures    = ["arm64"]
  layers           = [local.powertools_layer_arn]

  memory_size                    = var.memory_mb
  timeout                        = var.timeout_seconds
  reserved_concurrent_executions = local.reserved_concurrency
  publish                        = true
  kms_key_arn                    = aws_kms_key.service.arn

  # In the cluster's private subnets: the function reaches the cluster and,
  # through the interface endpoints, SQS.
  vpc_config {
    subnet_ids         = local.subnet_ids
    security_group_ids = [aws_security_group.function.id]
  }

  environment {
    # POWERTOOLS_TRACER_CAPTURE_RESPONSE keeps return values out of X-Ray segment metadata,
    # which the service key does not encrypt; exceptions are still recorded.
    variables = {
      ENVIRONMENT                        = var.environment
      POWERTOOLS_SERVICE_NAME            = var.name
      POWERTOOLS_METRICS_NAMESPACE       = local.service_metric_namespace
      POWERTOOLS_LOG_LEVEL               = var.log_level
      POWERTOOLS_TRACER_CAPTURE_RESPONSE = tostring(var.trace_responses)
      DEAD_LETTER_QUEUE_URL              = aws_sqs_queue.dead_letters.url
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

# The event source mapping invokes the alias, never $LATEST: a deployment moves the alias to
# the version published by this apply.
resource "aws_lambda_alias" "live" {
  name             = "live"
  description      = "Version consuming the change stream"
  function_name    = aws_lambda_function.consumer.function_name
  function_version = aws_lambda_function.consumer.version
}

# Reads the collection's change stream with the master user's secret and invokes the
# function with batches of change events, in order, one batch at a time. Polling starts
# eventually after a create or update, so LATEST could miss changes made meanwhile:
# TRIM_HORIZON starts at the oldest change the stream still keeps.
resource "aws_lambda_event_source_mapping" "changes" {
  event_source_arn                   = aws_docdb_cluster.this.arn
  function_name                      = aws_lambda_alias.live.arn
  enabled                            = var.trigger_enabled
  starting_position                  = "TRIM_HORIZON"
  batch_size                         = var.batch_size
  maximum_batching_window_in_seconds = var.maximum_batching_window_seconds

  document_db_event_source_config {
    database_name   = var.database_name
    collection_name = var.collection_name
    full_document   = var.full_document
  }

  source_access_configuration {
    type = "BASIC_AUTH"
    uri  = local.master_secret_arn
  }

  tags = local.tags

  # The pollers need a running instance, the role's permissions and, in a created VPC, the
  # endpoints before the mapping can start.
  depends_on = [
    aws_docdb_cluster_instance.this,
    aws_iam_role_policy.function,
    aws_vpc_endpoint.interface,
  ]
}
