locals {
  flow_log_group_name = "/aws/vpc/flow-logs/${local.app_name}"
}

resource "aws_cloudwatch_log_group" "emr" {
  name              = local.log_group_name
  retention_in_days = local.log_retention_days
  kms_key_id        = aws_kms_key.logs.arn

  tags = local.tags
}

resource "aws_cloudwatch_log_group" "flow_logs" {
  count = var.create_vpc ? 1 : 0

  name              = local.flow_log_group_name
  retention_in_days = local.log_retention_days
  kms_key_id        = aws_kms_key.logs.arn

  tags = local.tags
}
