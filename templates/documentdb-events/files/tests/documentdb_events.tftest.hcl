# Golden-path properties of this module, checked with `terraform test` at plan time against a
# mocked AWS provider: no credentials, nothing is created.

mock_provider "aws" {
  mock_data "aws_availability_zones" {
    defaults = {
      names = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]
    }
  }

  mock_resource "aws_docdb_cluster" {
    defaults = {
      arn                = "arn:aws:rds:eu-west-1:123456789012:cluster:mock"
      master_user_secret = [{ secret_arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!cluster-mock", kms_key_id = "", secret_status = "active" }]
    }
  }
{%- if enable_msk %}

  mock_resource "aws_msk_serverless_cluster" {
    defaults = {
      arn = "arn:aws:kafka:eu-west-1:123456789012:cluster/mock-events/11111111-2222-3333-4444-555555555555-s1"
    }
  }
{%- endif %}
}

run "production_cluster" {
  command = plan

  variables {
    environment           = "prod"
    backup_retention_days = 35
    instance_class        = null
    instance_count        = null
    create_vpc            = true
  }

  assert {
    condition     = aws_docdb_cluster.this.deletion_protection && !aws_docdb_cluster.this.skip_final_snapshot
    error_message = "prod must protect the cluster and keep a final snapshot."
  }

  assert {
    condition     = aws_docdb_cluster.this.storage_encrypted && aws_docdb_cluster.this.manage_master_user_password
    error_message = "Storage must be encrypted and the master password managed by DocumentDB."
  }

  assert {
    condition     = toset(aws_docdb_cluster.this.enabled_cloudwatch_logs_exports) == toset(["audit", "profiler"])
    error_message = "Audit and profiler logs must be exported."
  }

  assert {
    condition     = length(aws_docdb_cluster_instance.this) == 3 && alltrue([for i in aws_docdb_cluster_instance.this : i.instance_class == "db.r6g.large"])
    error_message = "prod runs three db.r6g.large instances by default."
  }

  assert {
    condition     = aws_lambda_function.consumer.architectures == tolist(["arm64"]) && aws_lambda_function.consumer.runtime == "python3.13"
    error_message = "The consumer must run Python 3.13 on arm64."
  }

  assert {
    condition     = aws_lambda_function.consumer.tracing_config[0].mode == "Active" && aws_lambda_function.consumer.reserved_concurrent_executions == 5
    error_message = "The consumer must trace with X-Ray and reserve 5 executions in prod."
  }

  assert {
    condition     = aws_lambda_event_source_mapping.changes.document_db_event_source_config[0].collection_name == var.collection_name
    error_message = "The event source mapping must read the configured collection."
  }

  assert {
    condition     = length(aws_vpc_endpoint.interface) == 4
    error_message = "A created VPC needs the Lambda, STS, Secrets Manager and SQS endpoints."
  }
}

run "development_cluster" {
  command = plan

  variables {
    environment           = "dev"
    backup_retention_days = 7
    instance_class        = null
    instance_count        = null
  }

  assert {
    condition     = !aws_docdb_cluster.this.deletion_protection && length(aws_docdb_cluster_instance.this) == 1
    error_message = "dev runs one instance without deletion protection by default."
  }

  assert {
    condition     = aws_cloudwatch_log_group.function.retention_in_days == 30
    error_message = "dev keeps logs for 30 days."
  }
}
