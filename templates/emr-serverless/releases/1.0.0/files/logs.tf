locals {
  flow_log_group_name = "/aws/vpc/flow-logs/${local.app_name}"
}

resource "aws_cloudwatch_log_group" "emr" {
{%- if log_retention_days == "standard" and environment != "prod" or log_retention_days != "standard" and (log_retention_days | int) < 365 %}
  #checkov:skip=CKV_AWS_338:Spark driver and executor logs are kept for log_retention_days, shorter than a year outside production to limit cost (environment standard: 30 days in dev, 90 in staging, 365 in prod).
{%- endif %}
  name              = local.log_group_name
  retention_in_days = local.log_retention_days
  kms_key_id        = aws_kms_key.logs.arn

  tags = local.tags
}

resource "aws_cloudwatch_log_group" "flow_logs" {
{%- if log_retention_days == "standard" and environment != "prod" or log_retention_days != "standard" and (log_retention_days | int) < 365 %}
  #checkov:skip=CKV_AWS_338:VPC flow logs are kept for log_retention_days, shorter than a year outside production to limit cost (environment standard: 30 days in dev, 90 in staging, 365 in prod).
{%- endif %}
  count = var.create_vpc ? 1 : 0

  name              = local.flow_log_group_name
  retention_in_days = local.log_retention_days
  kms_key_id        = aws_kms_key.logs.arn

  tags = local.tags
}
