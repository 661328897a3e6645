resource "aws_docdb_subnet_group" "this" {
  name        = local.cluster_identifier
  description = "Private subnets of DocumentDB cluster ${local.cluster_identifier}"
  subnet_ids  = local.subnet_ids

  tags = local.tags
}

# TLS is required, audit and profiler logs are written (and exported below), and the change
# stream keeps events for change_stream_log_retention_duration seconds. Change streams are
# still enabled per collection by the application (modifyChangeStreams, see the README).
resource "aws_docdb_cluster_parameter_group" "this" {
  name        = local.cluster_identifier
  family      = "docdb${join(".", slice(split(".", var.engine_version), 0, 2))}"
  description = "Parameters of DocumentDB cluster ${local.cluster_identifier}: TLS, audit and profiler logs, change-stream retention"

  parameter {
    name  = "tls"
    value = "enabled"
  }

  parameter {
    name  = "audit_logs"
    value = "enabled"
  }

  parameter {
    name  = "profiler"
    value = "enabled"
  }

  parameter {
    # Operations slower than this (milliseconds) are written to the profiler log.
    name  = "profiler_threshold_ms"
    value = "100"
  }

  parameter {
    name  = "change_stream_log_retention_duration"
    value = tostring(local.change_stream_retention)
  }

  tags = local.tags
}

resource "aws_docdb_cluster" "this" {
  cluster_identifier              = local.cluster_identifier
  engine                          = "docdb"
  engine_version                  = var.engine_version
  db_subnet_group_name            = aws_docdb_subnet_group.this.name
  db_cluster_parameter_group_name = aws_docdb_cluster_parameter_group.this.name
  vpc_security_group_ids          = [aws_security_group.cluster.id]
  port                            = local.docdb_port

  # DocumentDB creates the master user's secret in Secrets Manager and rotates it; the
  # password never appears in the Terraform configuration or state.
  master_username             = "docdbadmin"
  manage_master_user_password = true

  storage_encrypted = true
  kms_key_id        = aws_kms_key.service.arn

  enabled_cloudwatch_logs_exports = ["audit", "profiler"]

  backup_retention_period      = var.backup_retention_days
  preferred_backup_window      = "02:00-03:00"
  preferred_maintenance_window = "sun:04:00-sun:05:00"
  deletion_protection          = local.deletion_protection
  skip_final_snapshot          = false
  final_snapshot_identifier    = "${local.cluster_identifier}-final"

  tags = local.tags

  # The exports write into the log groups created with a retention and the service key.
  depends_on = [aws_cloudwatch_log_group.docdb]
}

resource "aws_docdb_cluster_instance" "this" {
  count = local.instance_count

  identifier                 = "${local.cluster_identifier}-${count.index + 1}"
  cluster_identifier         = aws_docdb_cluster.this.id
  instance_class             = local.instance_class
  engine                     = "docdb"
  auto_minor_version_upgrade = true
  # The first instance is the preferred primary on failover.
  promotion_tier = count.index == 0 ? 0 : 1

  tags = local.tags
}
