# Golden-path properties of this module, checked with `terraform test` at plan
# time against a mocked AWS provider: no credentials, nothing is created.

mock_provider "aws" {}

run "golden_path_function" {
  command = plan

  variables {
    environment          = "dev"
    reserved_concurrency = null
    log_retention_days   = null
  }

  assert {
    condition     = aws_lambda_function.this.runtime == "python3.13" && aws_lambda_function.this.architectures == tolist(["arm64"])
    error_message = "The function must run Python 3.13 on arm64 (Graviton)."
  }

  assert {
    condition     = strcontains(one(aws_lambda_function.this.layers), ":layer:AWSLambdaPowertoolsPythonV3-python313-arm64:${var.powertools_layer_version}")
    error_message = "The function must use the pinned Powertools layer for python3.13 on arm64."
  }

  assert {
    condition     = aws_lambda_function.this.tracing_config[0].mode == "Active"
    error_message = "X-Ray active tracing must be on."
  }

  assert {
    condition     = aws_lambda_function.this.logging_config[0].log_format == "JSON" && aws_lambda_function.this.logging_config[0].application_log_level == var.log_level
    error_message = "The function must log JSON at the configured level."
  }

  assert {
    condition     = aws_lambda_function.this.publish && aws_lambda_alias.live.name == "live"
    error_message = "Every deployment must publish a version behind the live alias."
  }

  assert {
    condition     = aws_lambda_function.this.reserved_concurrent_executions == 5
    error_message = "dev must reserve (and cap) 5 concurrent executions by default."
  }

  assert {
    condition     = aws_lambda_function.this.environment[0].variables["POWERTOOLS_SERVICE_NAME"] == var.name && aws_lambda_function.this.environment[0].variables["POWERTOOLS_LOG_LEVEL"] == var.log_level
    error_message = "Powertools must be configured through the environment."
  }

  assert {
    condition     = aws_lambda_function.this.environment[0].variables["POWERTOOLS_TRACER_CAPTURE_RESPONSE"] == "false"
    error_message = "Traces must not record return values (customer data) unless trace_responses is set."
  }

  assert {
    condition     = aws_cloudwatch_log_group.function.retention_in_days == 30 && aws_cloudwatch_log_group.function.name == "/aws/lambda/${var.name}-dev"
    error_message = "dev keeps function logs for 30 days in the function's own log group."
  }

  assert {
    condition     = aws_kms_key.service.enable_key_rotation && length(jsondecode(aws_kms_key.service.policy).Statement) == 2
    error_message = "The service key must rotate and have an explicit key policy."
  }

  assert {
    condition = alltrue([
      for s in local.function_policy_statements : alltrue([for a in s.Action : !strcontains(a, "*")])
    ])
    error_message = "The execution role must not use wildcard actions."
  }

  assert {
    condition = length([
      for s in local.function_policy_statements : s
      if s.Sid == "UseServiceKey" && try(s.Condition.StringEquals["kms:ViaService"], null) == local.service_key_via_services
    ]) == 1
    error_message = "The function may use the service key only through the AWS services that hold its data."
  }

  assert {
    condition     = !contains(flatten([for s in local.function_policy_statements : s.Action]), "logs:CreateLogGroup")
    error_message = "The module creates the log group; the function must not be able to create others."
  }

  assert {
    condition = alltrue([
      for t in [aws_dynamodb_table.orders, aws_dynamodb_table.idempotency] :
      t.billing_mode == "PAY_PER_REQUEST" && t.point_in_time_recovery[0].enabled && t.server_side_encryption[0].enabled
    ])
    error_message = "Tables must be on-demand, with point-in-time recovery and encryption with the service key."
  }

  assert {
    condition     = aws_dynamodb_table.idempotency.ttl[0].enabled && aws_dynamodb_table.idempotency.ttl[0].attribute_name == "expiration" && aws_dynamodb_table.idempotency.hash_key == "id"
    error_message = "The idempotency table must match Powertools' DynamoDBPersistenceLayer defaults and expire records."
  }

  assert {
    condition     = !aws_dynamodb_table.orders.deletion_protection_enabled
    error_message = "dev tables can be deleted."
  }
}

run "prod_is_stricter" {
  command = plan

  variables {
    environment              = "prod"
    reserved_concurrency     = null
    log_retention_days       = null
    kms_deletion_window_days = null
  }

  assert {
    condition     = aws_cloudwatch_log_group.function.retention_in_days == 365
    error_message = "prod keeps logs for a year."
  }

  assert {
    condition     = aws_kms_key.service.deletion_window_in_days == 30 && aws_lambda_function.this.reserved_concurrent_executions == 100
    error_message = "prod uses the 30-day KMS deletion window and reserves 100 concurrent executions."
  }

  assert {
    condition     = aws_dynamodb_table.orders.deletion_protection_enabled && aws_dynamodb_table.idempotency.deletion_protection_enabled
    error_message = "prod tables must have deletion protection."
  }
}

run "log_retention_must_be_a_cloudwatch_value" {
  command = plan

  variables {
    log_retention_days = 45
  }

  expect_failures = [var.log_retention_days]
}
