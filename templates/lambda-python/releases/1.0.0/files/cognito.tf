# Users of the API sign in against a Cognito user pool; the API Gateway
# authorizer accepts only tokens issued by it to the app clients listed.
resource "aws_cognito_user_pool" "this" {
  count = var.create_user_pool ? 1 : 0

  name                     = local.name_prefix
  deletion_protection      = local.deletion_protection ? "ACTIVE" : "INACTIVE"
  mfa_configuration        = var.environment == "prod" ? "ON" : "OPTIONAL"
  username_attributes      = ["email"]
  auto_verified_attributes = ["email"]

  software_token_mfa_configuration {
    enabled = true
  }

  password_policy {
    minimum_length                   = 14
    require_lowercase                = true
    require_uppercase                = true
    require_numbers                  = true
    require_symbols                  = true
    temporary_password_validity_days = 3
  }

  # Accounts are provisioned by an administrator or an identity process, never by self sign-up.
  admin_create_user_config {
    allow_admin_create_user_only = true
  }

  account_recovery_setting {
    recovery_mechanism {
      name     = "verified_email"
      priority = 1
    }
  }

  tags = local.tags
}

resource "aws_cognito_user_pool_client" "this" {
  count = var.create_user_pool ? 1 : 0

  name                          = "${local.name_prefix}-app"
  user_pool_id                  = aws_cognito_user_pool.this[0].id
  generate_secret               = false
  explicit_auth_flows           = ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]
  prevent_user_existence_errors = "ENABLED"
  enable_token_revocation       = true
  access_token_validity         = 60
  id_token_validity             = 60
  refresh_token_validity        = 30

  token_validity_units {
    access_token  = "minutes"
    id_token      = "minutes"
    refresh_token = "days"
  }
}

locals {
  user_pool_arn        = var.create_user_pool ? aws_cognito_user_pool.this[0].arn : var.user_pool_arn
  user_pool_id         = var.create_user_pool ? aws_cognito_user_pool.this[0].id : try(split("/", var.user_pool_arn)[1], null)
  user_pool_client_ids = var.create_user_pool ? [aws_cognito_user_pool_client.this[0].id] : var.user_pool_client_ids
  # Tokens carry iss = https://cognito-idp.<region>.amazonaws.com/<pool id>.
  user_pool_issuer = var.create_user_pool ? "https://${aws_cognito_user_pool.this[0].endpoint}" : "https://cognito-idp.${try(split(":", var.user_pool_arn)[3], "")}.amazonaws.com/${local.user_pool_id}"
}
