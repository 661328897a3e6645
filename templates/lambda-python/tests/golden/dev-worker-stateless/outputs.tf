output "function_name" {
  description = "Name of the Lambda function."
  value       = aws_lambda_function.this.function_name
}

output "function_arn" {
  description = "Unqualified ARN of the Lambda function."
  value       = aws_lambda_function.this.arn
}

output "alias_arn" {
  description = "ARN of the live alias; invoke this, never $LATEST."
  value       = aws_lambda_alias.live.arn
}

output "published_version" {
  description = "Function version the live alias points to."
  value       = aws_lambda_function.this.version
}

output "role_arn" {
  description = "ARN of the function's execution role."
  value       = aws_iam_role.function.arn
}

output "role_name" {
  description = "Name of the function's execution role, to attach further least-privilege policies."
  value       = aws_iam_role.function.name
}

output "log_group_name" {
  description = "CloudWatch log group of the function."
  value       = aws_cloudwatch_log_group.function.name
}

output "kms_key_arn" {
  description = "ARN of the service's customer-managed KMS key (environment variables, logs)."
  value       = aws_kms_key.service.arn
}
