# Minimal use of the module. A registry module never configures providers: the caller does, and
# sets the organisation-wide default_tags here. Every module input defaults to the answers this
# module was rendered with. Run it as one of the lake administrators (lake_admins).

terraform {
  required_version = ">= 1.9, < 2.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.25"
    }
  }
}

provider "aws" {
  region = "eu-central-1"

  default_tags {
    tags = {
      cost-center = "ENG-1234"
      owner       = "data-platform@acme.example"
      env         = "staging"
      team        = "data-platform"
      service     = "orders"
      managed-by  = "terraform"
    }
  }
}

module "lake" {
  source = "../.."
}

output "region" {
  description = "Region of the data lake."
  value       = "eu-central-1"
}

output "raw_bucket_name" {
  description = "Bucket of the raw zone: land data here."
  value       = module.lake.raw_bucket_name
}

output "crawler_names" {
  description = "Glue crawlers by zone, for aws glue start-crawler --name."
  value       = module.lake.crawler_names
}

output "workgroup_name" {
  description = "Athena workgroup to query the lake in."
  value       = module.lake.workgroup_name
}

output "athena_query_policy_arn" {
  description = "Managed policy to attach to the consumers' roles."
  value       = module.lake.athena_query_policy_arn
}
