# Users sign in with their email address. The SPA talks to Cognito directly (SRP), so its
# app client has no secret; the OAuth code flow (with PKCE) is allowed for the hosted UI.

resource "aws_cognito_user_pool" "this" {
  name                     = local.prefix
  deletion_protection      = local.deletion_protection ? "ACTIVE" : "INACTIVE"
  mfa_configuration        = local.mfa_configuration
  username_attributes      = ["email"]
  auto_verified_attributes = ["email"]
  user_pool_tier           = var.threat_protection ? "PLUS" : "ESSENTIALS"

  username_configuration {
    case_sensitive = false
  }

  password_policy {
    minimum_length                   = var.password_min_length
    require_lowercase                = true
    require_uppercase                = true
    require_numbers                  = true
    require_symbols                  = true
    temporary_password_validity_days = 3

    # A new password may not repeat the user's last N (0 = off); the ESSENTIALS and PLUS plans
    # include it.
    password_history_size = var.password_history_size
  }

  software_token_mfa_configuration {
    enabled = true
  }

  account_recovery_setting {
    recovery_mechanism {
      name     = "verified_email"
      priority = 1
    }
  }

  admin_create_user_config {
    allow_admin_create_user_only = !var.self_sign_up
  }

  # A changed email address only replaces the old one once the user has verified it.
  user_attribute_update_settings {
    attributes_require_verification_before_update = ["email"]
  }

  verification_message_template {
    default_email_option = "CONFIRM_WITH_CODE"
  }

  dynamic "user_pool_add_ons" {
    for_each = var.threat_protection ? ["ENFORCED"] : []

    content {
      advanced_security_mode = user_pool_add_ons.value
    }
  }

  tags = local.tags
}

resource "aws_cognito_user_pool_client" "web" {
  name         = "${local.prefix}-web"
  user_pool_id = aws_cognito_user_pool.this.id

  # A browser cannot keep a secret: public client, SRP sign-in and refresh tokens only.
  generate_secret               = false
  explicit_auth_flows           = ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]
  prevent_user_existence_errors = "ENABLED"
  enable_token_revocation       = true

  allowed_oauth_flows_user_pool_client = true
  allowed_oauth_flows                  = ["code"]
  allowed_oauth_scopes                 = ["openid", "email", "profile", "aws.cognito.signin.user.admin"]
  supported_identity_providers         = ["COGNITO"]
  callback_urls                        = var.callback_urls
  logout_urls                          = var.callback_urls

  access_token_validity  = 60
  id_token_validity      = 60
  refresh_token_validity = 30

  token_validity_units {
    access_token  = "minutes"
    id_token      = "minutes"
    refresh_token = "days"
  }
}
