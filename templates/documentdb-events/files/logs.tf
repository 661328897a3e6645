# Every log group of the module is created here, with a retention and the service key:
# the function's, the cluster's audit and profiler exports and, in a created VPC, the flow logs.
resource "aws_cloudwatch_log_group" "function" {
{%- if log_retention_days == "standard" and environment != "prod" or log_retention_days != "standard" and (log_retention_days | int) < 365 %}
  #checkov:skip=CKV_AWS_338:Function logs are kept for log_retention_days, shorter than a year outside production to limit cost (environment standard: 30 days in dev, 90 in staging, 365 in prod).
{%- endif %}
  name              = local.function_log_group_name
  retention_in_days = local.log_retention_days
  kms_key_id        = aws_kms_key.service.arn

  tags = local.tags
}

# DocumentDB writes its exports to /aws/docdb/<cluster>/audit and /profiler and would create
# them with no retention; created first, they keep logs for log_retention_days, encrypted.
resource "aws_cloudwatch_log_group" "docdb" {
{%- if log_retention_days == "standard" and environment != "prod" or log_retention_days != "standard" and (log_retention_days | int) < 365 %}
  #checkov:skip=CKV_AWS_338:Audit and profiler logs are kept for log_retention_days, shorter than a year outside production to limit cost (environment standard: 30 days in dev, 90 in staging, 365 in prod).
{%- endif %}
  for_each = local.docdb_log_group_names

  name              = each.value
  retention_in_days = local.log_retention_days
  kms_key_id        = aws_kms_key.service.arn

  tags = local.tags
}

resource "aws_cloudwatch_log_group" "flow_logs" {
{%- if log_retention_days == "standard" and environment != "prod" or log_retention_days != "standard" and (log_retention_days | int) < 365 %}
  #checkov:skip=CKV_AWS_338:VPC flow logs are kept for log_retention_days, shorter than a year outside production to limit cost (environment standard: 30 days in dev, 90 in staging, 365 in prod).
{%- endif %}
  count = var.create_vpc ? 1 : 0

  name              = local.flow_log_group_name
  retention_in_days = local.log_retention_days
  kms_key_id        = aws_kms_key.service.arn

  tags = local.tags
}
