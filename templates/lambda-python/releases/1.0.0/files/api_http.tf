# HTTP API (API Gateway v2) with a Cognito JWT authorizer. AWS WAF cannot be
# associated with HTTP APIs, so this variant is refused in prod (see
# var.environment); render the module with api_type = rest for production.
locals {
  api_routes = toset([
    "POST /quotes",
{%- if enable_table %}
    "POST /orders",
    "GET /orders/{order_id}",
{%- endif %}
  ])
}

resource "aws_apigatewayv2_api" "this" {
  name          = local.name_prefix
  description   = substr(var.description, 0, 1024)
  protocol_type = "HTTP"

  tags = local.tags
}

resource "aws_apigatewayv2_authorizer" "cognito" {
  api_id           = aws_apigatewayv2_api.this.id
  name             = "cognito"
  authorizer_type  = "JWT"
  identity_sources = ["$request.header.Authorization"]

  jwt_configuration {
    issuer   = local.user_pool_issuer
    audience = local.user_pool_client_ids
  }
}

resource "aws_apigatewayv2_integration" "lambda" {
  api_id                 = aws_apigatewayv2_api.this.id
  integration_type       = "AWS_PROXY"
  integration_method     = "POST"
  integration_uri        = aws_lambda_alias.live.invoke_arn
  payload_format_version = "2.0"
  timeout_milliseconds   = 29000
}

# One route per operation of the app, each behind the JWT authorizer.
resource "aws_apigatewayv2_route" "this" {
  for_each = local.api_routes

  api_id             = aws_apigatewayv2_api.this.id
  route_key          = each.value
  target             = "integrations/${aws_apigatewayv2_integration.lambda.id}"
  authorization_type = "JWT"
  authorizer_id      = aws_apigatewayv2_authorizer.cognito.id
}

resource "aws_cloudwatch_log_group" "api_access" {
  name              = local.api_access_log_group_name
  retention_in_days = local.log_retention_days
  kms_key_id        = aws_kms_key.this.arn

  tags = local.tags
}

resource "aws_apigatewayv2_stage" "default" {
  api_id      = aws_apigatewayv2_api.this.id
  name        = "$default"
  auto_deploy = true

  access_log_settings {
    destination_arn = aws_cloudwatch_log_group.api_access.arn
    format = jsonencode({
      requestId        = "$context.requestId"
      ip               = "$context.identity.sourceIp"
      caller           = "$context.authorizer.claims.sub"
      requestTime      = "$context.requestTime"
      routeKey         = "$context.routeKey"
      status           = "$context.status"
      protocol         = "$context.protocol"
      responseLength   = "$context.responseLength"
      latency          = "$context.responseLatency"
      integrationError = "$context.integrationErrorMessage"
      authorizerError  = "$context.authorizer.error"
    })
  }

  default_route_settings {
    detailed_metrics_enabled = true
    throttling_rate_limit    = var.throttle_rate_limit
    throttling_burst_limit   = var.throttle_burst_limit
  }

  # Per-route throttling: start from the service-wide limits and tune routes here.
  dynamic "route_settings" {
    for_each = local.api_routes

    content {
      route_key                = route_settings.value
      detailed_metrics_enabled = true
      throttling_rate_limit    = var.throttle_rate_limit
      throttling_burst_limit   = var.throttle_burst_limit
    }
  }

  tags = local.tags

  depends_on = [aws_apigatewayv2_route.this]
}

resource "aws_lambda_permission" "api" {
  statement_id  = "AllowInvokeFromApiGateway"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.this.function_name
  qualifier     = aws_lambda_alias.live.name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_apigatewayv2_api.this.execution_arn}/*/*"
}

locals {
  api_url = aws_apigatewayv2_stage.default.invoke_url
}
