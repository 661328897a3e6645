# Amplify Hosting builds the frontend from Git. The production branch is the PRODUCTION stage;
# branches matching the preview patterns get their own DEVELOPMENT deployment behind basic
# auth, with pull request previews, and are removed when the branch is deleted.
#
# Credentials are read from Secrets Manager at plan time and never appear in answers, tfvars
# or the repository (they do end up in the Terraform state: keep it encrypted).

data "aws_secretsmanager_secret_version" "repository_token" {
  secret_id = var.repository_token_secret
}

data "aws_secretsmanager_secret_version" "basic_auth" {
  secret_id = var.basic_auth_secret
}

locals {
  basic_auth             = jsondecode(data.aws_secretsmanager_secret_version.basic_auth.secret_string)
  basic_auth_credentials = base64encode("${local.basic_auth.username}:${local.basic_auth.password}")

  # The Gen2 client configuration (amplify_outputs.json) for the Amplify JavaScript libraries;
  # the build writes it from the AMPLIFY_OUTPUTS_JSON environment variable.
  amplify_outputs = {
    version = "1"
    auth = {
      aws_region          = local.region
      user_pool_id        = aws_cognito_user_pool.this.id
      user_pool_client_id = aws_cognito_user_pool_client.web.id
      username_attributes = ["email"]
      mfa_configuration   = local.mfa_configuration == "ON" ? "REQUIRED" : local.mfa_configuration
      mfa_methods         = ["TOTP"]
      password_policy = {
        min_length        = var.password_min_length
        require_lowercase = true
        require_uppercase = true
        require_numbers   = true
        require_symbols   = true
      }
    }
    data = {
      aws_region                 = local.region
      url                        = aws_appsync_graphql_api.this.uris["GRAPHQL"]
      default_authorization_type = "AMAZON_COGNITO_USER_POOLS"
      authorization_types        = []
    }
  }

  build_spec = <<-EOT
    version: 1
    frontend:
      phases:
        preBuild:
          commands:
            - npm ci --cache .npm --prefer-offline
        build:
          commands:
            - printf '%s' "$AMPLIFY_OUTPUTS_JSON" > amplify_outputs.json
            - npm run build
      artifacts:
        baseDirectory: ${var.build_output_dir}
        files:
          - '**/*'
      cache:
        paths:
          - .npm/**/*
  EOT

  custom_headers = <<-EOT
    customHeaders:
      - pattern: '**'
        headers:
          - key: 'Strict-Transport-Security'
            value: 'max-age=31536000; includeSubDomains'
          - key: 'X-Content-Type-Options'
            value: 'nosniff'
          - key: 'X-Frame-Options'
            value: 'DENY'
          - key: 'Referrer-Policy'
            value: 'strict-origin-when-cross-origin'
  EOT
}

resource "aws_amplify_app" "this" {
  name         = local.prefix
  description  = var.description
  repository   = var.repository_url
  access_token = data.aws_secretsmanager_secret_version.repository_token.secret_string
  platform     = var.platform

  build_spec     = local.build_spec
  custom_headers = local.custom_headers

  environment_variables = {
    AMPLIFY_OUTPUTS_JSON = jsonencode(local.amplify_outputs)
  }

  enable_branch_auto_build      = true
  enable_auto_branch_creation   = true
  auto_branch_creation_patterns = var.preview_branch_patterns
  enable_branch_auto_deletion   = true

  auto_branch_creation_config {
    stage                       = "DEVELOPMENT"
    enable_auto_build           = true
    enable_pull_request_preview = true
    enable_basic_auth           = true
    basic_auth_credentials      = local.basic_auth_credentials
  }

  job_config {
    build_compute_type = var.build_compute_type
  }

  # Single-page apps: serve index.html for every path that is not a file.
  dynamic "custom_rule" {
    for_each = var.platform == "WEB" ? ["/index.html"] : []

    content {
      source = "</^[^.]+$|\\.(?!(css|gif|ico|jpg|jpeg|js|json|map|png|svg|txt|webp|woff|woff2|ttf)$)([^.]+$)/>"
      status = "200"
      target = custom_rule.value
    }
  }

  tags = local.tags
}

resource "aws_amplify_branch" "production" {
  app_id      = aws_amplify_app.this.id
  branch_name = var.production_branch
  description = "Production deployment of ${local.prefix}."
  stage       = "PRODUCTION"

  enable_auto_build           = true
  enable_pull_request_preview = false

  # Outside prod even the production branch is a test site: keep it behind basic auth.
  enable_basic_auth      = var.environment != "prod"
  basic_auth_credentials = var.environment != "prod" ? local.basic_auth_credentials : null

  tags = local.tags
}
