# Every log group of the module is created here, with a retention and the service key:
# the function's, the cluster's audit and profiler exports and, in a created VPC, the flow logs.
resource "aws_cloudwatch_log_group" "function" {
  name              = local.function_log_group_name
  retention_in_days = local.log_retention_days
  kms_key_id        = aws_kms_key.service.arn

  tags = local.tags
}

# DocumentDB writes its exports to /aws/docdb/<cluster>/audit and /profiler and would create
# them with no retention; created first, they keep logs for log_retention_days, encrypted.
resource "aws_cloudwatch_log_group" "docdb" {
  for_each = local.docdb_log_group_names

  name              = each.value
  retention_in_days = local.log_retention_days
  kms_key_id        = aws_kms_key.service.arn

  tags = local.tags
}

resource "aws_cloudwatch_log_group" "flow_logs" {
  count = var.create_vpc ? 1 : 0

  name              = local.flow_log_group_name
  retention_in_days = local.log_retention_days
  kms_key_id        = aws_kms_key.service.arn

  tags = local.tags
}
