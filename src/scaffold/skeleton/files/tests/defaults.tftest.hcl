# Golden-path properties of this module, checked with `terraform test` at plan
# time against a mocked AWS provider: no credentials, nothing is created.

mock_provider "aws" {}

run "secure_by_default" {
  command = plan

  assert {
    condition     = aws_sqs_queue.this.name == "${var.name}-${var.environment}"
    error_message = "The queue must be named <name>-<environment>."
  }

  assert {
    condition     = aws_sqs_queue.this.sqs_managed_sse_enabled
    error_message = "The queue must be encrypted at rest."
  }

  assert {
    condition     = aws_sqs_queue.this.receive_wait_time_seconds == 20
    error_message = "The queue must use long polling."
  }

  assert {
    condition = alltrue([
      aws_sqs_queue.this.tags["team"] == var.team,
      aws_sqs_queue.this.tags["env"] == var.environment,
      aws_sqs_queue.this.tags["cost-center"] == var.cost_center,
      aws_sqs_queue.this.tags["owner"] == var.owner,
      aws_sqs_queue.this.tags["managed-by"] == "terraform",
    ])
    error_message = "The queue must carry the module's standard tags."
  }
}

run "dev_keeps_messages_a_day" {
  command = plan

  variables {
    environment = "dev"
  }

  assert {
    condition     = aws_sqs_queue.this.message_retention_seconds == 86400
    error_message = "dev queues keep messages for one day."
  }
}

run "prod_keeps_messages_two_weeks" {
  command = plan

  variables {
    environment = "prod"
  }

  assert {
    condition     = aws_sqs_queue.this.message_retention_seconds == 1209600
    error_message = "prod queues keep messages for 14 days, the SQS maximum."
  }
}

run "environment_is_validated" {
  command = plan

  variables {
    environment = "qa"
  }

  expect_failures = [var.environment]
}
