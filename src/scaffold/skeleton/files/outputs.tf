output "queue_name" {
  description = "Name of the queue."
  value       = aws_sqs_queue.this.name
}

output "queue_url" {
  description = "URL of the queue, for producers and consumers."
  value       = aws_sqs_queue.this.url
}

output "queue_arn" {
  description = "ARN of the queue, for IAM policies and event source mappings."
  value       = aws_sqs_queue.this.arn
}
