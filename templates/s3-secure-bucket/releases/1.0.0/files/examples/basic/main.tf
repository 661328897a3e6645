# Minimal use of the module. A registry module never configures providers: the
# caller does, and sets the organisation-wide default_tags here. Every module
# input defaults to the answers this module was rendered with.

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
  region = {{ region }}

  default_tags {
    tags = {
      cost-center = {{ cost_center }}
      owner       = {{ owner }}
      env         = {{ environment }}
      team        = {{ team }}
      service     = {{ name }}
      managed-by  = "terraform"
    }
  }
}

module "bucket" {
  source = "../.."
}

output "bucket_name" {
  description = "Name of the bucket."
  value       = module.bucket.bucket_name
}

output "bucket_arn" {
  description = "ARN of the bucket."
  value       = module.bucket.bucket_arn
}

output "kms_key_arn" {
  description = "ARN of the KMS key readers and writers need access to."
  value       = module.bucket.kms_key_arn
}

output "log_bucket_id" {
  description = "Bucket receiving the server access logs."
  value       = module.bucket.log_bucket_id
}
