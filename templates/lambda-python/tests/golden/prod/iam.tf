resource "aws_iam_role" "function" {
  name        = "${local.function_name}-lambda"
  description = "Execution role of the ${local.function_name} Lambda function"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = { Service = "lambda.amazonaws.com" }
        Action    = "sts:AssumeRole"
      },
    ]
  })

  tags = local.tags
}

locals {
  # AWS services that may use the service key on the function's behalf.
  service_key_via_services = [
    "lambda.${local.region}.amazonaws.com",
    "dynamodb.${local.region}.amazonaws.com",
  ]

  # Least privilege: each statement names the exact resources the function uses.
  # Statements are kept in a local so tests can assert on them at plan time.
  function_policy_statements = [
    {
      Sid      = "WriteOwnLogs"
      Effect   = "Allow"
      Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
      Resource = "${aws_cloudwatch_log_group.function.arn}:*"
    },
    {
      # X-Ray has no resource-level permissions for these actions.
      Sid      = "WriteTraces"
      Effect   = "Allow"
      Action   = ["xray:PutTraceSegments", "xray:PutTelemetryRecords"]
      Resource = "*"
    },
    {
      # Only through the services that hold data under the key: a leaked role
      # credential cannot call KMS directly to decrypt or mint data keys.
      Sid       = "UseServiceKey"
      Effect    = "Allow"
      Action    = ["kms:Decrypt", "kms:GenerateDataKey"]
      Resource  = aws_kms_key.service.arn
      Condition = { StringEquals = { "kms:ViaService" = local.service_key_via_services } }
    },
    {
      Sid      = "ReadWriteOrders"
      Effect   = "Allow"
      Action   = ["dynamodb:GetItem", "dynamodb:PutItem"]
      Resource = aws_dynamodb_table.orders.arn
    },
    {
      Sid      = "PowertoolsIdempotency"
      Effect   = "Allow"
      Action   = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"]
      Resource = aws_dynamodb_table.idempotency.arn
    },
  ]
}

resource "aws_iam_role_policy" "function" {
  name = "least-privilege"
  role = aws_iam_role.function.id

  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = local.function_policy_statements
  })
}
