# Object literals that repeat a key: HCL keeps the last value.

locals {
  common_tags = {
    Team        = "platform"
    Environment = "dev"
    Environment = var.environment
  }

  quoted = {
    "kubernetes.io/role/elb" = 0
    "kubernetes.io/role/elb" = 1
    "karpenter.sh/discovery" = var.cluster_name
  }

  one_line = { a = 1, b = 2, a = 3, a = 4 }

  nested = {
    inner = { x = 1, x = 2 }
    inner = { y = 3 }
  }

  mixed = {
    Name   = "a"
    "Name" = "b"
  }

  colon = { "k": 1, "k": 2 }

  unicode = { é = 1, é = 2 }

  many = {
    A = 1
    B = 2
    Q = 3
    Z = 4
    A = 5
    A = 6
    B = 7
  }

  templated = { "${var.prefix}-a" = 1, "${var.prefix}-a" = 2 }
}

resource "aws_instance" "web" {
  ami           = var.ami
  instance_type = "t3.micro"

  tags = merge(var.tags, {
    Name = "web"
    Name = "web-${var.environment}"
  })
}

data "aws_iam_policy_document" "this" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["*"]
    condition {
      test     = "StringEquals"
      variable = "aws:PrincipalTag/team"
      values   = [{ team = "a", team = "b" }.team]
    }
  }
}

output "labels" {
  value = {
    app = "web"
    app = "api"
  }
}
