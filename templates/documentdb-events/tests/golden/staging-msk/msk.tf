# MSK Serverless: the consumer publishes every change it processes to var.kafka_topic. Clients
# authenticate with IAM (the only method MSK Serverless offers) and reach the brokers on
# 9098 (SASL/IAM over TLS) from the consumer's security group only. Data is encrypted at rest
# and in transit by the service.
#
# Terraform would need a Kafka provider to create the topic; the platform adds none, so the
# consumer creates the topic on first use if it is missing (create_topic_from_app).
locals {
  msk_iam_port = 9098
}

resource "aws_security_group" "msk" {
  #checkov:skip=CKV2_AWS_5:The group is attached to the MSK Serverless cluster (vpc_config.security_group_ids), a resource type this graph check does not know.
  name_prefix = "${local.name_prefix}-msk-"
  description = "MSK Serverless cluster ${local.name_prefix}: SASL/IAM over TLS from the consumer only"
  vpc_id      = local.vpc_id

  tags = merge(local.tags, { Name = "${local.name_prefix}-msk" })

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_vpc_security_group_ingress_rule" "msk_from_function" {
  security_group_id            = aws_security_group.msk.id
  description                  = "Kafka (SASL/IAM over TLS) from the consumer function"
  ip_protocol                  = "tcp"
  from_port                    = local.msk_iam_port
  to_port                      = local.msk_iam_port
  referenced_security_group_id = aws_security_group.function.id

  tags = local.tags
}

resource "aws_vpc_security_group_egress_rule" "function_msk" {
  security_group_id            = aws_security_group.function.id
  description                  = "Kafka (SASL/IAM over TLS) to the MSK Serverless brokers"
  ip_protocol                  = "tcp"
  from_port                    = local.msk_iam_port
  to_port                      = local.msk_iam_port
  referenced_security_group_id = aws_security_group.msk.id

  tags = local.tags
}

resource "aws_msk_serverless_cluster" "events" {
  cluster_name = "${local.name_prefix}-events"

  vpc_config {
    subnet_ids         = local.subnet_ids
    security_group_ids = [aws_security_group.msk.id]
  }

  client_authentication {
    sasl {
      iam {
        enabled = true
      }
    }
  }

  tags = local.tags
}

# The resource does not export its bootstrap brokers; the data source reads them once the
# cluster exists.
data "aws_msk_bootstrap_brokers" "events" {
  cluster_arn = aws_msk_serverless_cluster.events.arn
}
