# Golden-path properties of this module, checked with `terraform test` at plan
# time against a mocked AWS provider: no credentials, nothing is created.

mock_provider "aws" {}

# The basic-auth secret is JSON; the mocked provider would return random text.
override_data {
  target = data.aws_secretsmanager_secret_version.basic_auth
  values = {
    secret_string = "{\"username\":\"preview\",\"password\":\"not-a-real-password\"}"
  }
}

run "secure_by_default" {
  command = plan

  assert {
    condition     = aws_cognito_user_pool_client.web.generate_secret == false
    error_message = "The SPA app client must not have a secret."
  }

  assert {
    condition = alltrue([
      toset(aws_cognito_user_pool_client.web.explicit_auth_flows) == toset(["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]),
      aws_cognito_user_pool_client.web.prevent_user_existence_errors == "ENABLED",
      aws_cognito_user_pool_client.web.enable_token_revocation,
    ])
    error_message = "The app client must only allow SRP and refresh tokens, hide whether users exist and revoke tokens."
  }

  assert {
    condition     = alltrue([for u in aws_cognito_user_pool_client.web.callback_urls : startswith(u, "https://")])
    error_message = "Callback URLs must use https."
  }

  assert {
    condition = alltrue([
      aws_cognito_user_pool.this.password_policy[0].minimum_length >= 12,
      aws_cognito_user_pool.this.password_policy[0].require_lowercase,
      aws_cognito_user_pool.this.password_policy[0].require_uppercase,
      aws_cognito_user_pool.this.password_policy[0].require_numbers,
      aws_cognito_user_pool.this.password_policy[0].require_symbols,
    ])
    error_message = "Passwords must be at least 12 characters and use every character class."
  }

  assert {
    condition     = toset(aws_cognito_user_pool.this.username_attributes) == toset(["email"]) && toset(aws_cognito_user_pool.this.auto_verified_attributes) == toset(["email"])
    error_message = "Users must sign in with a verified email address."
  }

  assert {
    condition     = aws_appsync_graphql_api.this.authentication_type == "AMAZON_COGNITO_USER_POOLS" && length(aws_appsync_graphql_api.this.additional_authentication_provider) == 0
    error_message = "The API must accept Cognito user pool tokens only."
  }

  assert {
    condition = alltrue([
      aws_appsync_graphql_api.this.xray_enabled,
      contains(["ERROR", "ALL"], aws_appsync_graphql_api.this.log_config[0].field_log_level),
      aws_appsync_graphql_api.this.query_depth_limit >= 1,
      aws_appsync_graphql_api.this.query_depth_limit <= 75,
    ])
    error_message = "The API must trace with X-Ray, log field errors and limit query depth."
  }

  assert {
    condition = alltrue([
      for group in ["AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet", "AWSManagedRulesAnonymousIpList", "AWSManagedRulesAmazonIpReputationList", "RateLimitPerIp"] :
      contains([for r in aws_wafv2_web_acl.api.rule : r.name], group)
    ])
    error_message = "The WAF must use the AWS managed rule groups and a per-IP rate limit."
  }

  assert {
    condition     = aws_wafv2_web_acl.api.scope == "REGIONAL" && one(aws_wafv2_web_acl.api.default_action[0].allow) != null
    error_message = "The web ACL must be regional, for AppSync."
  }

  assert {
    condition = length(aws_dynamodb_table.model) == length(local.models) && alltrue([
      for t in aws_dynamodb_table.model :
      t.billing_mode == "PAY_PER_REQUEST" && t.point_in_time_recovery[0].enabled && t.server_side_encryption[0].enabled && t.hash_key == "owner"
    ])
    error_message = "Every model needs an on-demand, point-in-time-recoverable, KMS-encrypted table partitioned by owner."
  }

  assert {
    condition = length(aws_appsync_resolver.model) == 5 * length(local.models) && alltrue([
      for r in aws_appsync_resolver.model : r.runtime[0].name == "APPSYNC_JS" && r.kind == "UNIT"
    ])
    error_message = "Every model needs create, get, update, delete and list resolvers in APPSYNC_JS."
  }

  assert {
    condition     = aws_kms_key.this.enable_key_rotation
    error_message = "The data key must rotate."
  }

  assert {
    condition     = aws_amplify_branch.production.stage == "PRODUCTION" && aws_amplify_branch.production.branch_name == var.production_branch
    error_message = "The production branch must be the PRODUCTION stage."
  }

  assert {
    condition = alltrue([
      aws_amplify_app.this.enable_auto_branch_creation,
      aws_amplify_app.this.enable_branch_auto_deletion,
      aws_amplify_app.this.auto_branch_creation_config[0].stage == "DEVELOPMENT",
      aws_amplify_app.this.auto_branch_creation_config[0].enable_pull_request_preview,
      aws_amplify_app.this.auto_branch_creation_config[0].enable_basic_auth,
    ])
    error_message = "Preview branches must be created automatically as DEVELOPMENT, behind basic auth, and deleted with their Git branch."
  }

  assert {
    condition     = aws_amplify_app.this.auto_branch_creation_config[0].basic_auth_credentials == base64encode("preview:not-a-real-password")
    error_message = "Preview basic-auth credentials must come from the Secrets Manager secret."
  }

  assert {
    condition     = aws_amplify_app.this.access_token == data.aws_secretsmanager_secret_version.repository_token.secret_string
    error_message = "The repository token must come from Secrets Manager."
  }

  assert {
    condition = alltrue([
      aws_cognito_user_pool.this.tags["managed-by"] == "terraform",
      aws_appsync_graphql_api.this.tags["cost-center"] == var.cost_center,
      aws_amplify_app.this.tags["team"] == var.team,
    ])
    error_message = "Resources must carry the module's standard tags."
  }
}

run "prod_guardrails" {
  command = plan

  variables {
    environment         = "prod"
    mfa_configuration   = null
    introspection       = null
    deletion_protection = null
    log_retention_days  = 365
  }

  assert {
    condition     = aws_appsync_graphql_api.this.authentication_type != "API_KEY" && alltrue([for p in aws_appsync_graphql_api.this.additional_authentication_provider : p.authentication_type != "API_KEY"])
    error_message = "API keys must not authenticate to the prod API."
  }

  assert {
    condition     = aws_cognito_user_pool.this.mfa_configuration == "ON" && aws_cognito_user_pool.this.software_token_mfa_configuration[0].enabled
    error_message = "MFA (authenticator app) must be required in prod."
  }

  assert {
    condition     = aws_appsync_graphql_api.this.introspection_config == "DISABLED"
    error_message = "GraphQL introspection must be disabled in prod."
  }

  assert {
    condition     = aws_cognito_user_pool.this.deletion_protection == "ACTIVE" && alltrue([for t in aws_dynamodb_table.model : t.deletion_protection_enabled])
    error_message = "The user pool and the tables must be deletion-protected in prod."
  }

  assert {
    condition     = aws_amplify_branch.production.stage == "PRODUCTION" && !aws_amplify_branch.production.enable_basic_auth
    error_message = "The prod production branch is the public PRODUCTION stage."
  }
}

run "dev_standards" {
  command = plan

  variables {
    environment         = "dev"
    mfa_configuration   = null
    introspection       = null
    deletion_protection = null
  }

  assert {
    condition     = aws_cognito_user_pool.this.mfa_configuration == "OPTIONAL" && aws_cognito_user_pool.this.deletion_protection == "INACTIVE"
    error_message = "dev offers optional MFA and no deletion protection."
  }

  assert {
    condition     = aws_appsync_graphql_api.this.introspection_config == "ENABLED"
    error_message = "dev allows introspection."
  }

  assert {
    condition     = aws_amplify_branch.production.enable_basic_auth
    error_message = "Outside prod even the production branch is behind basic auth."
  }
}

run "prod_requires_mfa" {
  command = plan

  variables {
    environment        = "prod"
    mfa_configuration  = "OPTIONAL"
    introspection      = null
    log_retention_days = 365
  }

  expect_failures = [var.mfa_configuration]
}

run "prod_forbids_introspection" {
  command = plan

  variables {
    environment        = "prod"
    mfa_configuration  = null
    introspection      = true
    log_retention_days = 365
  }

  expect_failures = [var.introspection]
}

run "prod_keeps_deletion_protection" {
  command = plan

  variables {
    environment         = "prod"
    mfa_configuration   = null
    introspection       = null
    deletion_protection = false
    log_retention_days  = 365
  }

  expect_failures = [var.deletion_protection]
}

run "prod_keeps_logs_a_year" {
  command = plan

  variables {
    environment        = "prod"
    mfa_configuration  = null
    introspection      = null
    log_retention_days = 30
  }

  expect_failures = [var.log_retention_days]
}

run "callback_urls_must_use_https" {
  command = plan

  variables {
    callback_urls = ["http://app.example.com/"]
  }

  expect_failures = [var.callback_urls]
}
