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
  description = "ARN of the service's customer-managed KMS key (environment variables, logs{% if enable_table %}, tables{% endif %})."
  value       = aws_kms_key.this.arn
}
{%- if enable_api %}

output "api_url" {
  description = "Base URL of the API. Send a Cognito token in the Authorization header."
  value       = local.api_url
}

output "api_access_log_group_name" {
  description = "CloudWatch log group of the API's access logs."
  value       = aws_cloudwatch_log_group.api_access.name
}

output "user_pool_id" {
  description = "ID of the Cognito user pool whose tokens the API accepts."
  value       = local.user_pool_id
}

output "user_pool_client_ids" {
  description = "App client IDs whose tokens the API accepts."
  value       = local.user_pool_client_ids
}
{%- endif %}
{%- if enable_api and api_type == "rest" %}

output "web_acl_arn" {
  description = "ARN of the AWS WAF web ACL protecting the API, or null when WAF is off."
  value       = local.enable_waf ? aws_wafv2_web_acl.api[0].arn : null
}
{%- endif %}
{%- if enable_table %}

output "orders_table_name" {
  description = "Name of the DynamoDB data table."
  value       = aws_dynamodb_table.orders.name
}

output "orders_table_arn" {
  description = "ARN of the DynamoDB data table."
  value       = aws_dynamodb_table.orders.arn
}

output "idempotency_table_name" {
  description = "Name of the DynamoDB table holding Powertools idempotency records."
  value       = aws_dynamodb_table.idempotency.name
}
{%- endif %}
