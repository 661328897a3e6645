# Minimal use of the module. A registry module never configures providers: the
# caller does, and sets the organisation-wide default_tags here. Every module
# input defaults to the answers this module was rendered with.
#
# Before the first apply, create the two Secrets Manager secrets the module
# reads (names are the module's repository_token_secret and basic_auth_secret):
# the GitHub token as a plain string, and the preview sites' basic-auth login as
# JSON {"username": "...", "password": "..."}.

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

module "web" {
  source = "../.."
}

output "production_url" {
  description = "URL of the production branch."
  value       = module.web.production_url
}

output "graphql_url" {
  description = "GraphQL endpoint of the API."
  value       = module.web.graphql_url
}

output "user_pool_client_id" {
  description = "Cognito app client ID for the frontend."
  value       = module.web.user_pool_client_id
}

output "amplify_outputs" {
  description = "Client configuration for local development (amplify_outputs.json)."
  value       = module.web.amplify_outputs
}
