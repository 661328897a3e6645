# The API's golden-path properties, at plan time against a mocked AWS provider.

mock_provider "aws" {}

run "authenticated_throttled_logged_api" {
  command = plan

  variables {
    environment      = "dev"
    create_user_pool = true
  }

  assert {
    condition     = length(aws_cognito_user_pool.this) == 1 && aws_cognito_user_pool.this[0].admin_create_user_config[0].allow_admin_create_user_only
    error_message = "The module must create a user pool without self sign-up."
  }
{%- if api_type == "http" %}

  assert {
    condition     = aws_apigatewayv2_authorizer.cognito.authorizer_type == "JWT"
    error_message = "The HTTP API must validate Cognito JWTs."
  }

  assert {
    condition     = alltrue([for r in aws_apigatewayv2_route.this : r.authorization_type == "JWT"])
    error_message = "Every route must require a token."
  }

  assert {
    condition     = aws_apigatewayv2_stage.default.default_route_settings[0].throttling_rate_limit == var.throttle_rate_limit && aws_apigatewayv2_stage.default.default_route_settings[0].throttling_burst_limit == var.throttle_burst_limit
    error_message = "The stage must throttle every route."
  }

  assert {
    condition     = length(aws_apigatewayv2_stage.default.route_settings) == length(local.api_routes)
    error_message = "Every route must have its own throttling settings."
  }

  assert {
    condition     = length(aws_apigatewayv2_stage.default.access_log_settings) == 1
    error_message = "Access logs must be on."
  }
{%- else %}

  assert {
    condition = alltrue(flatten([
      for path, operations in local.openapi.paths : [
        for method, operation in operations : contains(keys(operation.security[0]), "cognito")
      ]
    ]))
    error_message = "Every operation of the REST API must require a Cognito token."
  }

  assert {
    condition     = aws_api_gateway_method_settings.all.settings[0].throttling_rate_limit == var.throttle_rate_limit && aws_api_gateway_method_settings.all.settings[0].throttling_burst_limit == var.throttle_burst_limit
    error_message = "The stage must throttle every method."
  }

  assert {
    condition     = aws_api_gateway_stage.this.xray_tracing_enabled && length(aws_api_gateway_stage.this.access_log_settings) == 1
    error_message = "The stage must trace with X-Ray and write access logs."
  }

  assert {
    condition     = length(aws_wafv2_web_acl.api) == 0
    error_message = "dev runs without WAF by default."
  }
{%- endif %}

  assert {
    condition     = aws_cloudwatch_log_group.api_access.retention_in_days == 30
    error_message = "Access logs follow the environment's retention."
  }
}
{%- if api_type == "rest" %}

run "prod_has_waf" {
  command = plan

  variables {
    environment = "prod"
    enable_waf  = null
  }

  assert {
    condition     = length(aws_wafv2_web_acl.api) == 1 && length(aws_wafv2_web_acl_association.api) == 1 && length(aws_wafv2_web_acl_logging_configuration.api) == 1
    error_message = "prod must attach a logged AWS WAF web ACL to the stage."
  }

  assert {
    condition     = contains([for r in aws_wafv2_web_acl.api[0].rule : r.name], "aws-known-bad-inputs")
    error_message = "The web ACL must include the known-bad-inputs (Log4j) rule group."
  }

  assert {
    condition     = aws_cognito_user_pool.this[0].mfa_configuration == "ON" && aws_cognito_user_pool.this[0].deletion_protection == "ACTIVE"
    error_message = "prod user pools require MFA and deletion protection."
  }
}

run "waf_cannot_be_turned_off_in_prod" {
  command = plan

  variables {
    environment = "prod"
    enable_waf  = false
  }

  expect_failures = [var.enable_waf]
}
{%- endif %}

run "existing_user_pool" {
  command = plan

  variables {
    create_user_pool     = false
    user_pool_arn        = "arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_Example1"
    user_pool_client_ids = ["exampleclientid123"]
  }

  assert {
    condition     = length(aws_cognito_user_pool.this) == 0 && local.user_pool_id == "eu-west-1_Example1"
    error_message = "An existing user pool must be used as given."
  }
{%- if api_type == "http" %}

  assert {
    condition     = aws_apigatewayv2_authorizer.cognito.jwt_configuration[0].issuer == "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Example1"
    error_message = "The JWT issuer must be the existing pool's."
  }
{%- endif %}
}

run "existing_user_pool_needs_its_arn" {
  command = plan

  variables {
    create_user_pool = false
    user_pool_arn    = null
  }

  expect_failures = [var.user_pool_arn]
}

run "timeout_fits_api_gateway" {
  command = plan

  variables {
    timeout_seconds = 60
  }

  expect_failures = [var.timeout_seconds]
}
