# The cluster, the consumer and the event source mapping's pollers all live in private
# subnets. With create_vpc (the default) the module builds a VPC with one private subnet in
# each of three Availability Zones, no internet gateway and no NAT: Lambda, STS, Secrets
# Manager and SQS are reached through interface endpoints. Otherwise everything uses existing
# private subnets, which must already reach those services (NAT or endpoints).
#
# Lambda polls the change stream from the cluster's own VPC, subnets and security groups, so
# the cluster's security group also lets itself in on 27017 and out on 443.

data "aws_availability_zones" "available" {
  #checkov:skip=CKV_AWS_394:The module uses only the first three zones of the list (local.azs takes a slice of three), so a zone AWS adds later cannot widen the subnet set; pinning zone names would tie the module to one region.
  state = "available"

  # Local Zones and Wavelength Zones are opt-in and host no DocumentDB instances.
  filter {
    name   = "opt-in-status"
    values = ["opt-in-not-required"]
  }
}

locals {
  docdb_port = 27017

  # Three zones: one instance each in prod, and the two a subnet group needs at least.
  azs = var.create_vpc ? slice(data.aws_availability_zones.available.names, 0, 3) : []

  vpc_id     = var.create_vpc ? one(aws_vpc.this[*].id) : var.vpc_id
  subnet_ids = var.create_vpc ? aws_subnet.private[*].id : var.subnet_ids

  # What the function and the pollers call over HTTPS: the interface endpoints of a created
  # VPC, or anywhere (through the network's own NAT, firewall or endpoints) in an existing one.
  interface_endpoint_services = ["lambda", "sts", "secretsmanager", "sqs"]
  https_egress = var.create_vpc ? {
    endpoints = {
      description                  = "HTTPS to the VPC interface endpoints (Lambda, STS, Secrets Manager, SQS)"
      cidr_ipv4                    = null
      referenced_security_group_id = one(aws_security_group.endpoints[*].id)
    }
    } : {
    aws = {
      description                  = "HTTPS to AWS APIs through the network's NAT or endpoints"
      cidr_ipv4                    = "0.0.0.0/0"
      referenced_security_group_id = null
    }
  }
}

resource "aws_vpc" "this" {
  count = var.create_vpc ? 1 : 0

  cidr_block           = var.vpc_cidr
  enable_dns_support   = true
  enable_dns_hostnames = true

  tags = merge(local.tags, { Name = local.name_prefix })
}

# The default security group of the VPC denies all traffic: nothing may use it by accident.
resource "aws_default_security_group" "deny_all" {
  count = var.create_vpc ? 1 : 0

  vpc_id = aws_vpc.this[0].id

  tags = merge(local.tags, { Name = "${local.name_prefix}-default-deny-all" })
}

resource "aws_subnet" "private" {
  count = length(local.azs)

  vpc_id                  = aws_vpc.this[0].id
  availability_zone       = local.azs[count.index]
  cidr_block              = cidrsubnet(var.vpc_cidr, 4, count.index)
  map_public_ip_on_launch = false

  tags = merge(local.tags, { Name = "${local.name_prefix}-private-${local.azs[count.index]}" })
}

# A route table without any route out of the VPC: the subnets stay private.
resource "aws_route_table" "private" {
  count = var.create_vpc ? 1 : 0

  vpc_id = aws_vpc.this[0].id

  tags = merge(local.tags, { Name = "${local.name_prefix}-private" })
}

resource "aws_route_table_association" "private" {
  count = length(local.azs)

  subnet_id      = aws_subnet.private[count.index].id
  route_table_id = aws_route_table.private[0].id
}

resource "aws_flow_log" "vpc" {
  count = var.create_vpc ? 1 : 0

  vpc_id                   = aws_vpc.this[0].id
  traffic_type             = "ALL"
  log_destination_type     = "cloud-watch-logs"
  log_destination          = aws_cloudwatch_log_group.flow_logs[0].arn
  iam_role_arn             = aws_iam_role.flow_logs[0].arn
  max_aggregation_interval = 600

  tags = local.tags
}

# --- interface endpoints (created VPC only) ---------------------------------------------------

resource "aws_security_group" "endpoints" {
  count = var.create_vpc ? 1 : 0

  name_prefix = "${local.name_prefix}-endpoints-"
  description = "Interface endpoints of ${local.name_prefix}: HTTPS from the consumer and the change-stream pollers only"
  vpc_id      = aws_vpc.this[0].id

  tags = merge(local.tags, { Name = "${local.name_prefix}-endpoints" })

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_vpc_security_group_ingress_rule" "endpoints" {
  for_each = var.create_vpc ? {
    function = aws_security_group.function.id
    pollers  = aws_security_group.cluster.id
  } : {}

  security_group_id            = aws_security_group.endpoints[0].id
  description                  = "HTTPS from the ${each.key == "function" ? "consumer function" : "event source mapping's pollers (cluster security group)"}"
  ip_protocol                  = "tcp"
  from_port                    = 443
  to_port                      = 443
  referenced_security_group_id = each.value

  tags = local.tags
}

resource "aws_vpc_endpoint" "interface" {
  for_each = var.create_vpc ? toset(local.interface_endpoint_services) : toset([])

  vpc_id              = aws_vpc.this[0].id
  service_name        = "com.amazonaws.${local.region}.${each.key}"
  vpc_endpoint_type   = "Interface"
  subnet_ids          = aws_subnet.private[*].id
  security_group_ids  = [aws_security_group.endpoints[0].id]
  private_dns_enabled = true

  tags = merge(local.tags, { Name = "${local.name_prefix}-${each.key}" })
}

# --- the cluster's security group ---------------------------------------------------------------

resource "aws_security_group" "cluster" {
  name_prefix = "${local.name_prefix}-docdb-"
  description = "DocumentDB cluster ${local.cluster_identifier}: port 27017 from the consumer and the change-stream pollers only"
  vpc_id      = local.vpc_id

  tags = merge(local.tags, { Name = "${local.name_prefix}-docdb" })

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_vpc_security_group_ingress_rule" "cluster" {
  for_each = {
    function = aws_security_group.function.id
    pollers  = aws_security_group.cluster.id
  }

  security_group_id            = aws_security_group.cluster.id
  description                  = "DocumentDB from the ${each.key == "function" ? "consumer function" : "event source mapping's pollers, which run with this security group"}"
  ip_protocol                  = "tcp"
  from_port                    = local.docdb_port
  to_port                      = local.docdb_port
  referenced_security_group_id = each.value

  tags = local.tags
}

resource "aws_vpc_security_group_egress_rule" "cluster_pollers" {
  security_group_id            = aws_security_group.cluster.id
  description                  = "The event source mapping's pollers read the change stream from the cluster"
  ip_protocol                  = "tcp"
  from_port                    = local.docdb_port
  to_port                      = local.docdb_port
  referenced_security_group_id = aws_security_group.cluster.id

  tags = local.tags
}

resource "aws_vpc_security_group_egress_rule" "cluster_https" {
  for_each = local.https_egress

  security_group_id            = aws_security_group.cluster.id
  description                  = "The event source mapping's pollers call Lambda, STS and Secrets Manager: ${each.value.description}"
  ip_protocol                  = "tcp"
  from_port                    = 443
  to_port                      = 443
  cidr_ipv4                    = each.value.cidr_ipv4
  referenced_security_group_id = each.value.referenced_security_group_id

  tags = local.tags
}

# --- the consumer's security group ----------------------------------------------------------------

# No inbound rule: nothing connects to the function. Outbound: the cluster, HTTPS to AWS APIs
# and the MSK Serverless brokers.
resource "aws_security_group" "function" {
  name_prefix = "${local.name_prefix}-consumer-"
  description = "Consumer function ${local.function_name}: no inbound traffic; outbound to the cluster and AWS APIs only"
  vpc_id      = local.vpc_id

  tags = merge(local.tags, { Name = "${local.name_prefix}-consumer" })

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_vpc_security_group_egress_rule" "function_docdb" {
  security_group_id            = aws_security_group.function.id
  description                  = "DocumentDB cluster ${local.cluster_identifier}"
  ip_protocol                  = "tcp"
  from_port                    = local.docdb_port
  to_port                      = local.docdb_port
  referenced_security_group_id = aws_security_group.cluster.id

  tags = local.tags
}

resource "aws_vpc_security_group_egress_rule" "function_https" {
  for_each = local.https_egress

  security_group_id            = aws_security_group.function.id
  description                  = each.value.description
  ip_protocol                  = "tcp"
  from_port                    = 443
  to_port                      = 443
  cidr_ipv4                    = each.value.cidr_ipv4
  referenced_security_group_id = each.value.referenced_security_group_id

  tags = local.tags
}
