locals {
  # Generated from the `models` answer, like schema.graphql and resolvers/update.js: re-render
  # the template to change the data model so that the three stay in step.
  models = [
{%- for item in models %}
{%- set model = (item | split(pat=":"))[0] %}
{%- if model is ending_with(pat="s") or model is ending_with(pat="x") or model is ending_with(pat="z") or model is ending_with(pat="ch") or model is ending_with(pat="sh") %}
{%- set plural = model ~ "es" %}
{%- elif model is ending_with(pat="y") and not model[-2:-1] in ["a", "e", "i", "o", "u"] %}
{%- set plural = model[:-1] ~ "ies" %}
{%- else %}
{%- set plural = model ~ "s" %}
{%- endif %}
    { name = {{ model }}, list_field = "list{{ plural | hcl_fragment }}" },
{%- endfor %}
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
    kms_key_arn = aws_kms_key.this.arn
  }

  tags = merge(local.tags, { model = each.key })
}
