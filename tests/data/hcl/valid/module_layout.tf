provider "aws" {
  region = var.region

  default_tags {
    tags = var.tags
  }
}

provider "aws" {
  alias  = "primary"
  region = "us-east-1"

  assume_role {
    role_arn     = "arn:aws:iam::${var.account_id}:role/terraform"
    session_name = "terraform-${terraform.workspace}"
  }
}

provider "kubernetes" {
  host                   = aws_eks_cluster.main[0].endpoint
  cluster_ca_certificate = base64decode(aws_eks_cluster.main[0].certificate_authority[0].data)

  exec {
    api_version = "client.authentication.k8s.io/v1beta1"
    command     = "aws"
    # This requires the awscli to be installed locally where Terraform is executed
    args = ["eks", "get-token", "--cluster-name", aws_eks_cluster.main[0].name]
  }
}

moved {
  from = aws_iam_role.this
  to   = aws_iam_role.control_plane
}

moved {
  from = module.addons.helm_release.metrics_server
  to   = helm_release.addon["metrics_server"]
}

import {
  to = aws_s3_bucket.state
  id = "acme-terraform-state"
}

import {
  for_each = var.existing_buckets
  to       = aws_s3_bucket.imported[each.key]
  id       = each.value
}

removed {
  from = aws_instance.legacy

  lifecycle {
    destroy = false
  }
}

check "api_health" {
  data "http" "api" {
    url = "https://${aws_eks_cluster.main[0].endpoint}/healthz"
  }

  assert {
    condition     = data.http.api.status_code == 200
    error_message = "${var.name} API returned ${data.http.api.status_code}"
  }
}

resource "aws_s3_bucket" "state" { bucket = "acme-terraform-state" }

resource "null_resource" "single_line" { triggers = { always = timestamp() } }

resource aws_sns_topic unquoted {
	name = "tabs-and-bare-labels"	# tab before the comment
}

locals { single = "one line block" }

locals {
  dashed-name  = 1
  with_unicode = "naïve café ✓"
  ünïcödé      = true
  empty_list   = []
  empty_object = {}
  nulls        = [null, null]
  trailing     = [1, 2, 3,]
  colon_object = { "a": 1, b: 2 }
  mixed_sep    = {
    a = 1,
    b = 2
    c = 3,
  }
  commented = {
    # about a
    a = 1 # trailing
    // about b
    b = 2 // trailing
    /* about c */ c = 3 /* trailing */
  }
  list_comments = [
    "a", # first
    # between
    "b", // second
    /* third */ "c",
  ]
  call_comments = merge(
    var.a, # base
    /* extra */ var.b,
    // last
    var.c,
  )
  parens = (((1 + 2)))
  template_nested = "${var.a}${"-${var.b}"}"
  percent = "100%"
  dollar  = "$5"
  number_key = { 1 = "one", 2.5 = "two and a half" }
  index_by_template = var.map["${var.key}-x"]
}

/* a block comment
   over several lines */
# a hash comment
// a slash comment
