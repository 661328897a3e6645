locals {
  # Production keeps messages longer than dev: 1 day in dev, 4 in staging, 14 in prod.
  message_retention_seconds = {
    dev     = 86400
    staging = 345600
    prod    = 1209600
  }

  queue_name = "${var.name}-${var.environment}"

  tags = merge(var.tags, {
    service           = var.name
    team              = var.team
    env               = var.environment
    cost-center       = var.cost_center
    owner             = var.owner
    managed-by        = "terraform"
    goldpath-template = "{{ goldpath.template | hcl_fragment }}@{{ goldpath.version | hcl_fragment }}"
  })
}

resource "aws_sqs_queue" "this" {
  name = local.queue_name

  # Encrypted at rest with SQS-managed keys; set kms_master_key_id for a customer-managed key.
  sqs_managed_sse_enabled = true

  # Long polling: fewer empty receives, lower cost.
  receive_wait_time_seconds  = 20
  visibility_timeout_seconds = var.visibility_timeout_seconds
  message_retention_seconds  = local.message_retention_seconds[var.environment]

  tags = local.tags
}
