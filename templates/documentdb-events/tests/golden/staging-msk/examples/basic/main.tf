# Minimal use of the module. A registry module never configures providers: the caller does,
# and sets the organisation-wide default_tags here. Every module input defaults to the
# answers this module was rendered with.

terraform {
  required_version = ">= 1.9, < 2.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.25"
    }
    archive = {
      source  = "hashicorp/archive"
      version = "~> 2.7"
    }
  }
}

provider "aws" {
  region = "eu-central-1"

  default_tags {
    tags = {
      cost-center = "ENG-2040"
      owner       = "catalog@acme.example"
      env         = "staging"
      team        = "catalog"
      service     = "catalog-sync"
      managed-by  = "terraform"
    }
  }
}

module "service" {
  source = "../.."
}

output "cluster_endpoint" {
  description = "Writer endpoint of the DocumentDB cluster (TLS required)."
  value       = module.service.cluster_endpoint
}

output "master_user_secret_arn" {
  description = "Secret holding the master user's credentials, rotated by DocumentDB."
  value       = module.service.master_user_secret_arn
}

output "dead_letter_queue_url" {
  description = "Queue of the changes the consumer could not process."
  value       = module.service.dead_letter_queue_url
}

output "kafka_bootstrap_brokers" {
  description = "SASL/IAM bootstrap brokers of the MSK Serverless cluster."
  value       = module.service.kafka_bootstrap_brokers
}
