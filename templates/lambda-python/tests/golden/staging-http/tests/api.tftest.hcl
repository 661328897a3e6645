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

  assert {
    condition     = aws_cloudwatch_log_group.api_access.retention_in_days == 30
    error_message = "Access logs follow the environment's retention."
  }
}

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

  assert {
    condition     = aws_apigatewayv2_authorizer.cognito.jwt_configuration[0].issuer == "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Example1"
    error_message = "The JWT issuer must be the existing pool's."
  }
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
