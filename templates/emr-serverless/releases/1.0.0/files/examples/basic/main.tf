# Minimal use of the module. A registry module never configures providers: the caller does, and
# sets the organisation-wide default_tags here. Every module input defaults to the answers this
# module was rendered with. After apply, ../start-job-run.sh submits the sample job.

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

module "emr" {
  source = "../.."
}

output "region" {
  description = "Region of the application."
  value       = {{ region }}
}

output "application_id" {
  description = "ID of the EMR Serverless application."
  value       = module.emr.application_id
}

output "job_role_arn" {
  description = "Job execution role to pass to start-job-run."
  value       = module.emr.job_role_arn
}

output "sample_job_uri" {
  description = "S3 URI of the sample PySpark job."
  value       = module.emr.sample_job_uri
}

output "s3_log_uri" {
  description = "S3 location of the Spark logs."
  value       = module.emr.s3_log_uri
}

output "log_group_name" {
  description = "CloudWatch log group of the driver and executor logs."
  value       = module.emr.log_group_name
}
