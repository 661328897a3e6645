output "cluster_identifier" {
  description = "Identifier of the DocumentDB cluster."
  value       = aws_docdb_cluster.this.cluster_identifier
}

output "cluster_arn" {
  description = "ARN of the DocumentDB cluster."
  value       = aws_docdb_cluster.this.arn
}

output "cluster_endpoint" {
  description = "Writer endpoint of the cluster (TLS required; port 27017)."
  value       = aws_docdb_cluster.this.endpoint
}

output "cluster_reader_endpoint" {
  description = "Reader endpoint, balanced over the replicas."
  value       = aws_docdb_cluster.this.reader_endpoint
}

output "master_user_secret_arn" {
  description = "Secrets Manager secret DocumentDB keeps and rotates for the master user."
  value       = local.master_secret_arn
}

output "client_security_group_id" {
  description = "Security group the cluster accepts connections from on 27017 (the consumer's). Attach it to other application functions in these subnets that read and write the cluster."
  value       = aws_security_group.function.id
}

output "function_name" {
  description = "Name of the consumer function."
  value       = aws_lambda_function.consumer.function_name
}

output "alias_arn" {
  description = "ARN of the live alias the event source mapping invokes."
  value       = aws_lambda_alias.live.arn
}

output "role_name" {
  description = "Execution role of the consumer, to attach further least-privilege policies."
  value       = aws_iam_role.function.name
}

output "event_source_mapping_uuid" {
  description = "UUID of the change-stream event source mapping."
  value       = aws_lambda_event_source_mapping.changes.uuid
}

output "dead_letter_queue_url" {
  description = "SQS queue holding the changes the consumer could not process."
  value       = aws_sqs_queue.dead_letters.url
}

output "kms_key_arn" {
  description = "Service key: cluster storage, function environment, dead-letter queue and logs."
  value       = aws_kms_key.service.arn
}

output "subnet_ids" {
  description = "Private subnets of the cluster and the consumer."
  value       = local.subnet_ids
}

output "kafka_bootstrap_brokers" {
  description = "SASL/IAM bootstrap brokers of the MSK Serverless cluster."
  value       = data.aws_msk_bootstrap_brokers.events.bootstrap_brokers_sasl_iam
}

output "kafka_topic" {
  description = "Topic the consumer publishes change events to."
  value       = var.kafka_topic
}
