# The GraphQL API accepts Cognito user pool tokens from this app's client only: no API keys,
# no IAM or anonymous access.

resource "aws_appsync_graphql_api" "this" {
  name                 = local.prefix
  authentication_type  = "AMAZON_COGNITO_USER_POOLS"
  schema               = file("${path.module}/schema.graphql")
  xray_enabled         = true
  introspection_config = local.introspection ? "ENABLED" : "DISABLED"
  query_depth_limit    = var.query_depth_limit

  user_pool_config {
    user_pool_id        = aws_cognito_user_pool.this.id
    aws_region          = local.region
    default_action      = "ALLOW"
    app_id_client_regex = "^${aws_cognito_user_pool_client.web.id}$"
  }

  log_config {
    cloudwatch_logs_role_arn = aws_iam_role.appsync_logs.arn
    field_log_level          = var.api_log_level
    exclude_verbose_content  = true
  }

  tags = local.tags
}

# AppSync writes to /aws/appsync/apis/<api id>; creating the group here sets its retention and
# encryption instead of letting AppSync create an unencrypted group that never expires. The
# logging role cannot create log groups, so AppSync never re-creates one of its own either.
resource "aws_cloudwatch_log_group" "api" {
  #checkov:skip=CKV_AWS_338:Non-prod rendering: API logs of test traffic are kept 30 days in dev and 90 in staging. prod renders 365 days, a variable validation keeps it there, and carries no waiver.
  name              = local.api_log_group_name
  retention_in_days = var.log_retention_days
  kms_key_id        = aws_kms_key.data_at_rest.arn

  tags = local.tags
}

locals {
  appsync_assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = { Service = "appsync.amazonaws.com" }
        Action    = "sts:AssumeRole"
        Condition = {
          StringEquals = { "aws:SourceAccount" = local.account_id }
          ArnLike      = { "aws:SourceArn" = "arn:${local.partition}:appsync:${local.region}:${local.account_id}:apis/*" }
        }
      },
    ]
  })
}

resource "aws_iam_role" "appsync_logs" {
  name               = "${local.prefix}-appsync-logs"
  description        = "Lets AppSync write the logs of the ${local.prefix} GraphQL API."
  assume_role_policy = local.appsync_assume_role_policy

  tags = local.tags
}

resource "aws_iam_role_policy" "appsync_logs" {
  name = "write-api-logs"
  role = aws_iam_role.appsync_logs.id

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid    = "WriteToTheApiLogGroup"
        Effect = "Allow"
        Action = [
          "logs:CreateLogStream",
          "logs:PutLogEvents",
        ]
        Resource = [
          aws_cloudwatch_log_group.api.arn,
          "${aws_cloudwatch_log_group.api.arn}:*",
        ]
      },
    ]
  })
}

resource "aws_iam_role" "appsync_data" {
  name               = "${local.prefix}-appsync-data"
  description        = "Lets the ${local.prefix} GraphQL API read and write its DynamoDB tables."
  assume_role_policy = local.appsync_assume_role_policy

  tags = local.tags
}

resource "aws_iam_role_policy" "appsync_data" {
  name = "model-tables"
  role = aws_iam_role.appsync_data.id

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid    = "ItemAccessOnModelTables"
        Effect = "Allow"
        Action = [
          "dynamodb:GetItem",
          "dynamodb:PutItem",
          "dynamodb:UpdateItem",
          "dynamodb:DeleteItem",
          "dynamodb:Query",
        ]
        Resource = [for table in aws_dynamodb_table.model : table.arn]
      },
      {
        Sid    = "UseTheTableKeyThroughDynamoDB"
        Effect = "Allow"
        Action = [
          "kms:Decrypt",
          "kms:Encrypt",
          "kms:GenerateDataKey*",
          "kms:ReEncrypt*",
          "kms:DescribeKey",
        ]
        Resource  = aws_kms_key.data_at_rest.arn
        Condition = { StringEquals = { "kms:ViaService" = "dynamodb.${local.region}.amazonaws.com" } }
      },
    ]
  })
}

resource "aws_appsync_datasource" "model" {
  for_each = local.model_map

  api_id           = aws_appsync_graphql_api.this.id
  name             = "${each.key}Table"
  description      = "DynamoDB table of the ${each.key} model."
  type             = "AMAZON_DYNAMODB"
  service_role_arn = aws_iam_role.appsync_data.arn

  dynamodb_config {
    table_name = aws_dynamodb_table.model[each.key].name
  }
}

# Unit resolvers in the APPSYNC_JS runtime; the code is in resolvers/<operation>.js.
resource "aws_appsync_resolver" "model" {
  for_each = local.resolvers

  api_id      = aws_appsync_graphql_api.this.id
  type        = each.value.type
  field       = each.value.field
  kind        = "UNIT"
  data_source = aws_appsync_datasource.model[each.value.model].name
  code        = file("${path.module}/resolvers/${each.value.operation}.js")

  runtime {
    name            = "APPSYNC_JS"
    runtime_version = "1.0.0"
  }
}
