# Minimal use of the module. A registry module never configures providers: the
# caller does, sets the organisation-wide default_tags, and points the
# Kubernetes providers at the new cluster. Every module input defaults to the
# answers this module was rendered with.
#
# The API endpoint is private outside dev: run this from inside the VPC (a
# self-hosted CI runner or a VPN), with the AWS CLI on PATH for the token.

terraform {
  required_version = ">= 1.9, < 2.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.25"
    }
    helm = {
      source  = "hashicorp/helm"
      version = "~> 3.1"
    }
    kubernetes = {
      source  = "hashicorp/kubernetes"
      version = "~> 3.0"
    }
    kubectl = {
      source  = "alekc/kubectl"
      version = "~> 2.1"
    }
    random = {
      source  = "hashicorp/random"
      version = "~> 3.7"
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

locals {
  region = {{ region }}

  # Short-lived tokens from the AWS CLI, refreshed on every provider call.
  eks_token_exec = {
    api_version = "client.authentication.k8s.io/v1beta1"
    command     = "aws"
    args        = ["eks", "get-token", "--cluster-name", module.spark.cluster_name, "--region", local.region]
  }
}

provider "kubernetes" {
  host                   = module.spark.cluster_endpoint
  cluster_ca_certificate = base64decode(module.spark.cluster_certificate_authority_data)

  exec {
    api_version = local.eks_token_exec.api_version
    command     = local.eks_token_exec.command
    args        = local.eks_token_exec.args
  }
}

provider "helm" {
  kubernetes = {
    host                   = module.spark.cluster_endpoint
    cluster_ca_certificate = base64decode(module.spark.cluster_certificate_authority_data)
    exec                   = local.eks_token_exec
  }
}

provider "kubectl" {
  host                   = module.spark.cluster_endpoint
  cluster_ca_certificate = base64decode(module.spark.cluster_certificate_authority_data)
  load_config_file       = false
  apply_retry_count      = 5

  exec {
    api_version = local.eks_token_exec.api_version
    command     = local.eks_token_exec.command
    args        = local.eks_token_exec.args
  }
}

module "spark" {
  source = "../.."
}

output "cluster_name" {
  description = "Name of the EKS cluster."
  value       = module.spark.cluster_name
}

output "team_queues" {
  description = "YuniKorn queue of every team."
  value       = module.spark.team_queues
}

output "team_role_arns" {
  description = "Pod Identity role of every team."
  value       = module.spark.team_role_arns
}

output "spark_bucket_name" {
  description = "Bucket for Spark event logs and team data."
  value       = module.spark.spark_bucket_name
}
