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

module "queue" {
  source = "../.."
}

output "queue_url" {
  description = "URL of the queue."
  value       = module.queue.queue_url
}

output "queue_arn" {
  description = "ARN of the queue."
  value       = module.queue.queue_arn
}
