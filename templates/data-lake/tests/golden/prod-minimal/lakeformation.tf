# Lake Formation governs who reads what: the named administrators, the zones registered as data
# locations, and explicit grants. The settings carry no create-database or create-table default
# permissions, so new databases and tables never grant IAM_ALLOWED_PRINCIPALS: IAM alone opens
# nothing, a Lake Formation grant is always needed.

resource "aws_lakeformation_data_lake_settings" "this" {
  admins = var.lake_admins

  # Left out on purpose: create_database_default_permissions and
  # create_table_default_permissions. Without them the provider clears the defaults, which
  # otherwise give IAM_ALLOWED_PRINCIPALS ALL on every new database and table.
}

# The zones are registered with a dedicated role rather than the Lake Formation service-linked
# role: the role is scoped to these two buckets and their keys (the service-linked role
# collects every location of the account), it can use the zones' customer-managed keys through
# its IAM policy, and Amazon EMR can only read locations registered with a user-defined role.
resource "aws_lakeformation_resource" "zone" {
  for_each = local.zone_purposes

  arn                     = local.zones[each.key].bucket_arn
  role_arn                = aws_iam_role.lake_registration.arn
  use_service_linked_role = false
  hybrid_access_enabled   = false

  depends_on = [
    aws_lakeformation_data_lake_settings.this,
    aws_iam_role_policy.lake_registration,
  ]
}

# --- the crawlers -------------------------------------------------------------------------------

resource "aws_lakeformation_permissions" "crawler_location" {
  for_each = local.zone_purposes

  principal   = aws_iam_role.crawler[each.key].arn
  permissions = ["DATA_LOCATION_ACCESS"]

  data_location {
    arn = aws_lakeformation_resource.zone[each.key].arn
  }
}

resource "aws_lakeformation_permissions" "crawler_database" {
  for_each = local.zone_purposes

  principal   = aws_iam_role.crawler[each.key].arn
  permissions = ["CREATE_TABLE", "ALTER", "DESCRIBE"]

  database {
    name = aws_glue_catalog_database.zone[each.key].name
  }

  depends_on = [aws_lakeformation_data_lake_settings.this]
}

# --- the consumers ------------------------------------------------------------------------------

locals {
  # "ZONE.TABLE:PERMISSIONS:PRINCIPAL_ARN" entries, parsed. TABLE "*" means every table of the
  # zone's database, present and future.
  consumer_grants = {
    for c in var.consumers : c => {
      zone        = regex("^([a-z]+)\\.([^:]+):([A-Z+]+):(.+)$", c)[0]
      table       = regex("^([a-z]+)\\.([^:]+):([A-Z+]+):(.+)$", c)[1]
      permissions = split("+", regex("^([a-z]+)\\.([^:]+):([A-Z+]+):(.+)$", c)[2])
      principal   = regex("^([a-z]+)\\.([^:]+):([A-Z+]+):(.+)$", c)[3]
    }
  }

  # Every consumer may see the databases it has grants in.
  consumer_databases = {
    for pair in distinct([for g in local.consumer_grants : { zone = g.zone, principal = g.principal }]) :
    "${pair.zone}:${pair.principal}" => pair
  }
}

resource "aws_lakeformation_permissions" "consumer_database" {
  for_each = local.consumer_databases

  principal   = each.value.principal
  permissions = ["DESCRIBE"]

  database {
    name = aws_glue_catalog_database.zone[each.value.zone].name
  }

  depends_on = [aws_lakeformation_data_lake_settings.this]
}

resource "aws_lakeformation_permissions" "consumer_table" {
  for_each = local.consumer_grants

  principal   = each.value.principal
  permissions = each.value.permissions

  table {
    database_name = aws_glue_catalog_database.zone[each.value.zone].name
    name          = each.value.table == "*" ? null : each.value.table
    wildcard      = each.value.table == "*"
  }

  depends_on = [aws_lakeformation_data_lake_settings.this]
}

# --- SageMaker: the curated zone only -----------------------------------------------------------

resource "aws_lakeformation_permissions" "sagemaker_database" {
  count = var.enable_sagemaker ? 1 : 0

  principal   = aws_iam_role.sagemaker[0].arn
  permissions = ["DESCRIBE"]

  database {
    name = aws_glue_catalog_database.zone["curated"].name
  }

  depends_on = [aws_lakeformation_data_lake_settings.this]
}

resource "aws_lakeformation_permissions" "sagemaker_tables" {
  count = var.enable_sagemaker ? 1 : 0

  principal   = aws_iam_role.sagemaker[0].arn
  permissions = ["SELECT", "DESCRIBE"]

  table {
    database_name = aws_glue_catalog_database.zone["curated"].name
    wildcard      = true
  }

  depends_on = [aws_lakeformation_data_lake_settings.this]
}
