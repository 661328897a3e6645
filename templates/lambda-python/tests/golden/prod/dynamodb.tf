# The service's data table. The sample app stores orders keyed by order_id;
# rename it with the domain.
resource "aws_dynamodb_table" "orders" {
  name                        = "${local.name_prefix}-orders"
  billing_mode                = "PAY_PER_REQUEST"
  hash_key                    = "order_id"
  deletion_protection_enabled = local.deletion_protection

  attribute {
    name = "order_id"
    type = "S"
  }

  point_in_time_recovery {
    enabled = true
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = aws_kms_key.service.arn
  }

  tags = local.tags
}

# Powertools idempotency records: the key attribute is "id" and records expire
# through the "expiration" TTL attribute, the defaults of DynamoDBPersistenceLayer.
resource "aws_dynamodb_table" "idempotency" {
  name                        = "${local.name_prefix}-idempotency"
  billing_mode                = "PAY_PER_REQUEST"
  hash_key                    = "id"
  deletion_protection_enabled = local.deletion_protection

  attribute {
    name = "id"
    type = "S"
  }

  ttl {
    attribute_name = "expiration"
    enabled        = true
  }

  point_in_time_recovery {
    enabled = true
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = aws_kms_key.service.arn
  }

  tags = local.tags
}
