# Job execution role: EMR Serverless assumes it for job runs of this application only. It may
# read the job code, write the job logs and reach the data prefixes it is given, nothing else.
# Attach further permissions (Glue Data Catalog, DynamoDB, ...) to job_role_name outside the
# module, scoped the same way.

locals {
  code_bucket_arn = "arn:${local.partition}:s3:::${module.code_bucket.bucket_name}"
  logs_bucket_arn = "arn:${local.partition}:s3:::${module.logs_bucket.bucket_name}"

  # "bucket/prefix/" entries split into their bucket and key prefix ("" = the whole bucket).
  data_read  = [for p in var.data_read_access : { bucket = regex("^([^/]+)/(.*)$", p)[0], prefix = regex("^([^/]+)/(.*)$", p)[1] }]
  data_write = [for p in var.data_write_access : { bucket = regex("^([^/]+)/(.*)$", p)[0], prefix = regex("^([^/]+)/(.*)$", p)[1] }]

  job_role_trust_statement = {
    Sid       = "EMRServerlessJobRunsOfThisApplication"
    Effect    = "Allow"
    Principal = { Service = "emr-serverless.amazonaws.com" }
    Action    = "sts:AssumeRole"
    Condition = {
      StringEquals = { "aws:SourceAccount" = local.account_id }
      ArnLike      = { "aws:SourceArn" = [aws_emrserverless_application.this.arn, "${aws_emrserverless_application.this.arn}/*"] }
    }
  }

  # S3 and CloudWatch permissions, every one scoped to a named bucket, prefix or log group.
  job_s3_and_logs_statements = concat(
    [
      {
        Sid      = "ReadJobCode"
        Effect   = "Allow"
        Action   = ["s3:GetObject"]
        Resource = ["${local.code_bucket_arn}/*"]
      },
      {
        Sid      = "ListJobCode"
        Effect   = "Allow"
        Action   = ["s3:ListBucket"]
        Resource = [local.code_bucket_arn]
      },
      {
        Sid      = "WriteJobLogsToS3"
        Effect   = "Allow"
        Action   = ["s3:PutObject", "s3:AbortMultipartUpload"]
        Resource = ["${local.logs_bucket_arn}/${local.s3_log_prefix}*"]
      },
      {
        Sid      = "WriteJobLogsToCloudWatch"
        Effect   = "Allow"
        Action   = ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"]
        Resource = [local.log_group_arn, "${local.log_group_arn}:*"]
      },
      {
        Sid      = "FindLogGroupsOfThisAccount"
        Effect   = "Allow"
        Action   = ["logs:DescribeLogGroups"]
        Resource = ["arn:${local.partition}:logs:${local.region}:${local.account_id}:log-group:*"]
      },
    ],
    [
      for i, d in local.data_read : {
        Sid      = "ReadData${i}"
        Effect   = "Allow"
        Action   = ["s3:GetObject"]
        Resource = ["arn:${local.partition}:s3:::${d.bucket}/${d.prefix}*"]
      }
    ],
    [
      for i, d in local.data_read : {
        Sid       = "ListReadData${i}"
        Effect    = "Allow"
        Action    = ["s3:ListBucket"]
        Resource  = ["arn:${local.partition}:s3:::${d.bucket}"]
        Condition = { StringLike = { "s3:prefix" = ["${d.prefix}*"] } }
      }
    ],
    [
      for i, d in local.data_write : {
        Sid      = "ReadWriteData${i}"
        Effect   = "Allow"
        Action   = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"]
        Resource = ["arn:${local.partition}:s3:::${d.bucket}/${d.prefix}*"]
      }
    ],
    [
      for i, d in local.data_write : {
        Sid       = "ListWriteData${i}"
        Effect    = "Allow"
        Action    = ["s3:ListBucket"]
        Resource  = ["arn:${local.partition}:s3:::${d.bucket}"]
        Condition = { StringLike = { "s3:prefix" = ["${d.prefix}*"] } }
      }
    ],
  )

  # KMS permissions on the keys of the code bucket, the log bucket and the log group, and on
  # the data keys only when S3 uses them on the job's behalf.
  job_kms_statements = concat(
    [
      {
        Sid      = "DecryptJobCode"
        Effect   = "Allow"
        Action   = ["kms:Decrypt"]
        Resource = [module.code_bucket.kms_key_arn]
      },
      {
        Sid      = "EncryptJobLogs"
        Effect   = "Allow"
        Action   = ["kms:Decrypt", "kms:GenerateDataKey"]
        Resource = [module.logs_bucket.kms_key_arn, aws_kms_key.logs.arn]
      },
    ],
    length(var.data_kms_key_arns) == 0 ? [] : [
      {
        Sid       = "UseDataKeysThroughS3"
        Effect    = "Allow"
        Action    = ["kms:Decrypt", "kms:GenerateDataKey"]
        Resource  = var.data_kms_key_arns
        Condition = { StringEquals = { "kms:ViaService" = "s3.${local.region}.amazonaws.com" } }
      },
    ],
  )
}

resource "aws_iam_role" "job" {
  name        = "${local.app_name}-emr-job"
  description = "Job execution role of EMR Serverless application ${local.app_name}"

  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [local.job_role_trust_statement]
  })

  tags = local.tags
}

resource "aws_iam_role_policy" "job" {
  name = "job-least-privilege"
  role = aws_iam_role.job.id

  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = concat(local.job_s3_and_logs_statements, local.job_kms_statements)
  })
}

# Role the VPC flow log service uses to write into its log group.
resource "aws_iam_role" "flow_logs" {
  count = var.create_vpc ? 1 : 0

  name        = "${local.app_name}-vpc-flow-logs"
  description = "Lets VPC Flow Logs write the flow logs of ${local.app_name} to CloudWatch Logs"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = { Service = "vpc-flow-logs.amazonaws.com" }
        Action    = "sts:AssumeRole"
        Condition = {
          StringEquals = { "aws:SourceAccount" = local.account_id }
          ArnLike      = { "aws:SourceArn" = "arn:${local.partition}:ec2:${local.region}:${local.account_id}:vpc-flow-log/*" }
        }
      },
    ]
  })

  tags = local.tags
}

resource "aws_iam_role_policy" "flow_logs" {
  count = var.create_vpc ? 1 : 0

  name = "write-flow-logs"
  role = aws_iam_role.flow_logs[0].id

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "WriteFlowLogs"
        Effect   = "Allow"
        Action   = ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"]
        Resource = [aws_cloudwatch_log_group.flow_logs[0].arn, "${aws_cloudwatch_log_group.flow_logs[0].arn}:*"]
      },
      {
        Sid      = "FindLogGroupsOfThisAccount"
        Effect   = "Allow"
        Action   = ["logs:DescribeLogGroups"]
        Resource = ["arn:${local.partition}:logs:${local.region}:${local.account_id}:log-group:*"]
      },
    ]
  })
}
