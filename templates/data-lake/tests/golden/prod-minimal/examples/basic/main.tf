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
  region = "us-east-1"

  default_tags {
    tags = {
      cost-center = "MKT-2001"
      owner       = "web-analytics@acme.example"
      env         = "prod"
      team        = "web-analytics"
      service     = "clickstream"
      managed-by  = "terraform"
    }
  }
}

module "lake" {
  source = "../.."
}

output "region" {
  description = "Region of the data lake."
  value       = "us-east-1"
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
