# Top-level blocks of every kind, repeated types and labels, nested and dynamic blocks.
terraform {
  required_version = ">= 1.9"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }

  backend "s3" {}
}

provider "aws" {
  region = var.region
}

provider "aws" {
  alias  = "us_east_1"
  region = "us-east-1"

  default_tags {
    tags = local.tags
  }
}

variable "region" {
  type        = string
  description = "Region to deploy into."
  default     = "eu-west-1"

  validation {
    condition     = can(regex("^[a-z]{2}-", var.region))
    error_message = "Must be a region name."
  }

  validation {
    condition     = length(var.region) > 3
    error_message = "Too short."
  }
}

variable "rules" {
  type = list(object({
    id      = string
    enabled = optional(bool, true)
  }))
  default   = []
  nullable  = false
  sensitive = false
}

locals {
  name = "acme"
}

locals {
  tags = {
    Name = local.name
  }
}

data "aws_iam_policy_document" "this" {
  statement {
    sid     = "AllowRead"
    actions = ["s3:GetObject"]

    principals {
      type        = "AWS"
      identifiers = ["*"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:PrincipalOrgID"
      values   = [var.org_id]
    }
  }

  statement {
    sid       = "DenyInsecure"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = ["*"]
  }
}

resource "aws_s3_bucket" "this" {
  bucket = local.name // trailing comment
  /* a block comment
     across lines */
  force_destroy = false

  tags = merge(local.tags, {
    Extra = "yes" # comment inside an expression
  })

  lifecycle {
    prevent_destroy = true
    ignore_changes  = [tags["Owner"], tags]
  }
}

resource "aws_s3_bucket" "this" {
  bucket = "second-block-same-labels"
}

resource "aws_s3_bucket" "logs" {
  bucket = "${local.name}-logs"
}

resource "aws_s3_bucket_lifecycle_configuration" "this" {
  bucket = aws_s3_bucket.this.id

  dynamic "rule" {
    for_each = var.rules
    iterator = r
    content {
      id     = r.value.id
      status = r.value.enabled ? "Enabled" : "Disabled"

      dynamic "transition" {
        for_each = r.value.transitions
        content {
          days          = transition.value.days
          storage_class = transition.value.class
        }
      }

      expiration {
        days = 90
      }
    }
  }

  rule {
    id     = "static"
    status = "Enabled"
  }
}

resource "aws_instance" "web" {
  count         = var.enabled ? 1 : 0
  ami           = data.aws_ami.ubuntu.id
  instance_type = "t3.micro"

  provisioner "local-exec" {
    command = "echo ${self.private_ip}"
  }

  provisioner "local-exec" {
    when    = destroy
    command = "echo bye"
  }

  connection {
    type = "ssh"
    host = self.public_ip
  }
}

module "vpc" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "5.8.1"

  providers = {
    aws = aws.us_east_1
  }

  depends_on = [aws_s3_bucket.this]
}

module "vpc2" {
  source = "git::https://example.com/vpc.git?ref=v1.2.0"
  for_each = toset(["a", "b"])
  name     = each.key
}

output "bucket_arn" {
  value       = aws_s3_bucket.this.arn
  description = "The ARN."
  sensitive   = true
  depends_on  = [module.vpc]

  precondition {
    condition     = aws_s3_bucket.this.arn != ""
    error_message = "No ARN."
  }
}

check "site_up" {
  data "http" "site" {
    url = "https://example.com"
  }

  assert {
    condition     = data.http.site.status_code == 200
    error_message = "site unhealthy"
  }
}

moved {
  from = aws_s3_bucket.old
  to   = aws_s3_bucket.this
}

moved {
  from = module.a["x"]
  to   = module.b
}

import {
  to = aws_s3_bucket.this
  id = "acme"
}

import {
  for_each = var.imports
  to       = aws_s3_bucket.many[each.key]
  id       = each.value
}

removed {
  from = aws_instance.legacy

  lifecycle {
    destroy = false
  }
}

ephemeral "random_password" "db" {
  length = 16
}

resource "null_resource" "empty" {}

resource "null_resource" "oneline" { triggers = { a = 1 } }

resource "terraform_data" "bare" {
  input = null
}

resource aws_sns_topic bare_labels {
  name = "bare"
}
