output "user_pool_id" {
  description = "ID of the Cognito user pool."
  value       = aws_cognito_user_pool.this.id
}

output "user_pool_arn" {
  description = "ARN of the Cognito user pool."
  value       = aws_cognito_user_pool.this.arn
}

output "user_pool_client_id" {
  description = "ID of the SPA app client (public: it has no secret)."
  value       = aws_cognito_user_pool_client.web.id
}

output "graphql_api_id" {
  description = "ID of the AppSync GraphQL API."
  value       = aws_appsync_graphql_api.this.id
}

output "graphql_api_arn" {
  description = "ARN of the AppSync GraphQL API."
  value       = aws_appsync_graphql_api.this.arn
}

output "graphql_url" {
  description = "HTTPS endpoint of the GraphQL API."
  value       = aws_appsync_graphql_api.this.uris["GRAPHQL"]
}

output "web_acl_arn" {
  description = "ARN of the WAF web ACL protecting the API."
  value       = aws_wafv2_web_acl.api.arn
}

output "table_names" {
  description = "DynamoDB table name of each model."
  value       = { for model, table in aws_dynamodb_table.model : model => table.name }
}

output "kms_key_arn" {
  description = "ARN of the KMS key encrypting the tables and log groups."
  value       = aws_kms_key.data_at_rest.arn
}

output "amplify_app_id" {
  description = "ID of the Amplify app."
  value       = aws_amplify_app.this.id
}

output "production_url" {
  description = "URL of the production branch on the Amplify default domain."
  value       = "https://${replace(aws_amplify_branch.production.branch_name, "/", "-")}.${aws_amplify_app.this.default_domain}"
}

output "amplify_outputs" {
  description = "Client configuration in the Amplify Gen2 amplify_outputs.json format, for local development: terraform output -json amplify_outputs > amplify_outputs.json."
  value       = local.amplify_outputs
}
