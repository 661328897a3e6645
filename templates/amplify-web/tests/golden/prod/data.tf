locals {
  # Generated from the `models` answer, like schema.graphql and resolvers/update.js: re-render
  # the template to change the data model so that the three stay in step.
  models = [
    { name = "Refund", list_field = "listRefunds" },
    { name = "Address", list_field = "listAddresses" },
    { name = "Category", list_field = "listCategories" },
    { name = "Session", list_field = "listSessions" },
  ]
  model_map = { for m in local.models : m.name => m }

  # Every model gets get/list queries and create/update/delete mutations.
  operations = {
    create = "Mutation"
    get    = "Query"
    update = "Mutation"
    delete = "Mutation"
    list   = "Query"
  }
  resolvers = merge([
    for m in local.models : {
      for operation, type in local.operations : "${m.name}.${operation}" => {
        model     = m.name
        operation = operation
        type      = type
        field     = operation == "list" ? m.list_field : "${operation}${m.name}"
      }
    }
  ]...)
}

# One table per model. Items are partitioned by owner (the creator's Cognito sub) and sorted
# by id, so every resolver addresses the caller's own partition: another user's items cannot be
# read, changed or listed, even by a faulty resolver.
resource "aws_dynamodb_table" "model" {
  for_each = local.model_map

  name                        = "${local.prefix}-${lower(each.key)}"
  billing_mode                = "PAY_PER_REQUEST"
  hash_key                    = "owner"
  range_key                   = "id"
  deletion_protection_enabled = local.deletion_protection

  attribute {
    name = "owner"
    type = "S"
  }

  attribute {
    name = "id"
    type = "S"
  }

  point_in_time_recovery {
    enabled = true
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = aws_kms_key.data_at_rest.arn
  }

  tags = merge(local.tags, { model = each.key })
}
