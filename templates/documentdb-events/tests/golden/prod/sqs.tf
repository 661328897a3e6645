# DocumentDB event source mappings have no on-failure destination: Lambda retries a failed
# batch until it succeeds or the events leave the change stream. So the consumer hands every
# change it cannot process to this queue itself (integration/dead_letters.py) and lets the
# batch succeed; only a failure to reach the queue fails the batch, which Lambda then retries.
resource "aws_sqs_queue" "dead_letters" {
  name                      = "${local.name_prefix}-dead-letters"
  message_retention_seconds = var.dead_letter_retention_seconds
  kms_master_key_id         = aws_kms_key.service.arn
  # Reuse data keys for 5 minutes: fewer KMS requests for a burst of failures.
  kms_data_key_reuse_period_seconds = 300

  tags = local.tags
}

# Only TLS connections may use the queue.
resource "aws_sqs_queue_policy" "dead_letters" {
  queue_url = aws_sqs_queue.dead_letters.id

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "DenyInsecureTransport"
        Effect    = "Deny"
        Principal = "*"
        Action    = "sqs:*"
        Resource  = aws_sqs_queue.dead_letters.arn
        Condition = { Bool = { "aws:SecureTransport" = "false" } }
      },
    ]
  })
}
