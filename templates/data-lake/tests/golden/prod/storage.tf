# The zones and the Athena results live in the platform's secure bucket (nested module
# ./modules/secure-bucket): customer-managed KMS key, no public access, TLS-only policy,
# versioning, access logging and lifecycle rules. In prod the buckets can never be
# force-destroyed.

module "raw_zone" {
  source = "./modules/secure-bucket"

  name                = "${var.name}-raw"
  environment         = var.environment
  team                = var.team
  cost_center         = var.cost_center
  owner               = var.owner
  description         = "Raw zone of data lake ${local.lake_name}: ${var.description}"
  data_classification = "confidential"
  force_destroy       = var.environment == "dev" && var.force_destroy
  tags                = var.tags
}

module "curated_zone" {
  source = "./modules/secure-bucket"

  name                = "${var.name}-curated"
  environment         = var.environment
  team                = var.team
  cost_center         = var.cost_center
  owner               = var.owner
  description         = "Curated zone of data lake ${local.lake_name}: ${var.description}"
  data_classification = "confidential"
  force_destroy       = var.environment == "dev" && var.force_destroy
  tags                = var.tags
}

module "results_bucket" {
  source = "./modules/secure-bucket"

  name                = "${var.name}-athena"
  environment         = var.environment
  team                = var.team
  cost_center         = var.cost_center
  owner               = var.owner
  description         = "Athena query results of data lake ${local.lake_name}: ${var.description}"
  data_classification = "confidential"
  force_destroy       = var.environment == "dev" && var.force_destroy
  tags                = var.tags

  # Query results are read right after the query, rarely later: after 30 days they move to
  # S3 Intelligent-Tiering, with no retrieval charge when someone does read them again.
  transition_storage_class = "INTELLIGENT_TIERING"
  transition_days          = 30
}
