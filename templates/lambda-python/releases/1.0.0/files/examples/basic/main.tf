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
    archive = {
      source  = "hashicorp/archive"
      version = "~> 2.7"
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

module "service" {
  source = "../.."
}

output "function_name" {
  description = "Name of the Lambda function."
  value       = module.service.function_name
}

output "alias_arn" {
  description = "ARN of the live alias to invoke."
  value       = module.service.alias_arn
}
{%- if enable_api %}

output "api_url" {
  description = "Base URL of the API."
  value       = module.service.api_url
}

output "user_pool_id" {
  description = "Cognito user pool whose tokens the API accepts."
  value       = module.service.user_pool_id
}
{%- endif %}
