# REST API (API Gateway v1), defined by an OpenAPI document. It is the API type
# AWS WAF can protect, so it is the one allowed in prod.
locals {
  api_stage_name = "v1"

  # Every operation requires a Cognito token and proxies to the live alias; the
  # function routes requests itself (Powertools APIGatewayRestResolver).
  api_operation = {
    security = [{ cognito = [] }]
    "x-amazon-apigateway-integration" = {
      type                 = "aws_proxy"
      httpMethod           = "POST"
      uri                  = aws_lambda_alias.live.invoke_arn
      payloadFormatVersion = "1.0"
      timeoutInMillis      = 29000
    }
  }

  openapi = {
    openapi = "3.0.1"
    info = {
      title       = local.name_prefix
      description = var.description
      version     = "1.0"
    }
    "x-amazon-apigateway-request-validators" = {
      params = { validateRequestBody = false, validateRequestParameters = true }
    }
    "x-amazon-apigateway-request-validator" = "params"
    components = {
      securitySchemes = {
        cognito = {
          type                           = "apiKey"
          name                           = "Authorization"
          in                             = "header"
          "x-amazon-apigateway-authtype" = "cognito_user_pools"
          "x-amazon-apigateway-authorizer" = {
            type         = "cognito_user_pools"
            providerARNs = [local.user_pool_arn]
          }
        }
      }
    }
    paths = {
      "/quotes" = { post = local.api_operation }
{%- if enable_table %}
      "/orders" = { post = local.api_operation }
      "/orders/{order_id}" = {
        get = merge(local.api_operation, {
          parameters = [{ name = "order_id", in = "path", required = true, schema = { type = "string" } }]
        })
      }
{%- endif %}
    }
  }
}

resource "aws_api_gateway_rest_api" "this" {
  name        = local.name_prefix
  description = var.description
  body        = jsonencode(local.openapi)

  endpoint_configuration {
    types = ["REGIONAL"]
  }

  tags = local.tags

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_api_gateway_deployment" "this" {
  rest_api_id = aws_api_gateway_rest_api.this.id

  triggers = {
    redeployment = sha1(aws_api_gateway_rest_api.this.body)
  }

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_cloudwatch_log_group" "api_access" {
  name              = local.api_access_log_group_name
  retention_in_days = local.log_retention_days
  kms_key_id        = aws_kms_key.service.arn

  tags = local.tags
}

# API Gateway writes execution logs to this group; creating it here gives it
# retention and encryption instead of the never-expiring default.
resource "aws_cloudwatch_log_group" "api_execution" {
  name              = "API-Gateway-Execution-Logs_${aws_api_gateway_rest_api.this.id}/${local.api_stage_name}"
  retention_in_days = local.log_retention_days
  kms_key_id        = aws_kms_key.service.arn

  tags = local.tags
}

resource "aws_api_gateway_stage" "this" {
  #checkov:skip=CKV_AWS_120:Responses are per caller and authenticated; a stage cache would need per-user keys and an always-on cache cluster. Cache in the client or the service when a route needs it.
  #checkov:skip=CKV2_AWS_51:Callers authenticate with Cognito tokens; client certificates authenticate API Gateway to an HTTP backend, and this API's only backend is Lambda invoked through IAM.
{%- if environment != "prod" %}
  #checkov:skip=CKV2_AWS_29:AWS WAF is attached in prod (enable_waf defaults to true there); non-production stages rely on the authorizer and throttling to keep WAF cost out of dev.
{%- endif %}
  rest_api_id          = aws_api_gateway_rest_api.this.id
  deployment_id        = aws_api_gateway_deployment.this.id
  stage_name           = local.api_stage_name
  description          = var.description
  xray_tracing_enabled = true

  access_log_settings {
    destination_arn = aws_cloudwatch_log_group.api_access.arn
    format = jsonencode({
      requestId        = "$context.requestId"
      extendedId       = "$context.extendedRequestId"
      ip               = "$context.identity.sourceIp"
      caller           = "$context.authorizer.claims.sub"
      requestTime      = "$context.requestTime"
      httpMethod       = "$context.httpMethod"
      resourcePath     = "$context.resourcePath"
      status           = "$context.status"
      protocol         = "$context.protocol"
      responseLength   = "$context.responseLength"
      latency          = "$context.responseLatency"
      integrationError = "$context.integration.error"
      wafResponse      = "$context.wafResponseCode"
    })
  }

  tags = local.tags

  depends_on = [aws_cloudwatch_log_group.api_execution]
}

# Throttling, metrics and error-level execution logs for every method of the stage.
resource "aws_api_gateway_method_settings" "all" {
  #checkov:skip=CKV_AWS_225:Responses are per caller and authenticated; a stage cache would need per-user keys and an always-on cache cluster. cache_data_encrypted stays on should caching be enabled later.
  rest_api_id = aws_api_gateway_rest_api.this.id
  stage_name  = aws_api_gateway_stage.this.stage_name
  method_path = "*/*"

  settings {
    metrics_enabled        = true
    logging_level          = "ERROR"
    data_trace_enabled     = false
    throttling_rate_limit  = var.throttle_rate_limit
    throttling_burst_limit = var.throttle_burst_limit
    caching_enabled        = false
    cache_data_encrypted   = true
  }
}

resource "aws_lambda_permission" "api" {
  statement_id  = "AllowInvokeFromApiGateway"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.this.function_name
  qualifier     = aws_lambda_alias.live.name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_api_gateway_rest_api.this.execution_arn}/${local.api_stage_name}/*/*"
}

locals {
  api_url = aws_api_gateway_stage.this.invoke_url
}
