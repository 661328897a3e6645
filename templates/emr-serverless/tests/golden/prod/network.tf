# Workers run in private subnets only. With create_vpc (the default) the module builds a VPC
# with one private subnet in every Availability Zone of the region, no internet gateway and no
# NAT: S3 is reached through a gateway endpoint, other AWS services through the interface
# endpoints listed in var.interface_endpoints. Otherwise the workers use existing private
# subnets, which must already route to S3 and to whatever else the jobs call.

data "aws_availability_zones" "available" {
  #checkov:skip=CKV_AWS_394:Spanning every Availability Zone of the region is the platform rule for EMR Serverless workers; a zone AWS adds later is not silent: it appears in the next plan as a new subnet and a changed application network, which is reviewed like any other change.
  state = "available"

  # Local Zones and Wavelength Zones are opt-in and do not host EMR Serverless workers.
  filter {
    name   = "opt-in-status"
    values = ["opt-in-not-required"]
  }
}

locals {
  azs = var.create_vpc ? data.aws_availability_zones.available.names : []

  vpc_id     = var.create_vpc ? one(aws_vpc.workers[*].id) : var.vpc_id
  subnet_ids = var.create_vpc ? aws_subnet.private[*].id : var.subnet_ids

  # Outbound HTTPS only: to S3 through the gateway endpoint and to the interface endpoints in a
  # created VPC, or to anywhere (through the network's own NAT or firewall) in an existing one.
  created_vpc_egress_rules = merge(
    {
      s3 = {
        description                  = "HTTPS to Amazon S3 through the gateway endpoint"
        cidr_ipv4                    = null
        prefix_list_id               = one(aws_vpc_endpoint.s3[*].prefix_list_id)
        referenced_security_group_id = null
      }
    },
    length(var.interface_endpoints) == 0 ? {} : {
      endpoints = {
        description                  = "HTTPS to the VPC interface endpoints"
        cidr_ipv4                    = null
        prefix_list_id               = null
        referenced_security_group_id = one(aws_security_group.endpoints[*].id)
      }
    },
  )
  existing_vpc_egress_rules = {
    https = {
      description                  = "HTTPS to AWS services and data stores through the network's NAT or endpoints"
      cidr_ipv4                    = "0.0.0.0/0"
      prefix_list_id               = null
      referenced_security_group_id = null
    }
  }
  emr_egress_rules = var.create_vpc ? local.created_vpc_egress_rules : local.existing_vpc_egress_rules
}

resource "aws_vpc" "workers" {
  count = var.create_vpc ? 1 : 0

  cidr_block           = var.vpc_cidr
  enable_dns_support   = true
  enable_dns_hostnames = true

  tags = merge(local.tags, { Name = local.app_name })
}

# The default security group of the VPC denies all traffic: nothing may use it by accident.
resource "aws_default_security_group" "deny_all" {
  count = var.create_vpc ? 1 : 0

  vpc_id = aws_vpc.workers[0].id

  tags = merge(local.tags, { Name = "${local.app_name}-default-deny-all" })
}

resource "aws_subnet" "private" {
  count = length(local.azs)

  vpc_id                  = aws_vpc.workers[0].id
  availability_zone       = local.azs[count.index]
  cidr_block              = cidrsubnet(var.vpc_cidr, 4, count.index)
  map_public_ip_on_launch = false

  tags = merge(local.tags, { Name = "${local.app_name}-private-${local.azs[count.index]}" })
}

# A route table without any route out of the VPC: the subnets stay private.
resource "aws_route_table" "private" {
  count = var.create_vpc ? 1 : 0

  vpc_id = aws_vpc.workers[0].id

  tags = merge(local.tags, { Name = "${local.app_name}-private" })
}

resource "aws_route_table_association" "private" {
  count = length(local.azs)

  subnet_id      = aws_subnet.private[count.index].id
  route_table_id = aws_route_table.private[0].id
}

resource "aws_vpc_endpoint" "s3" {
  count = var.create_vpc ? 1 : 0

  vpc_id            = aws_vpc.workers[0].id
  service_name      = "com.amazonaws.${local.region}.s3"
  vpc_endpoint_type = "Gateway"
  route_table_ids   = [aws_route_table.private[0].id]

  tags = merge(local.tags, { Name = "${local.app_name}-s3" })
}

resource "aws_security_group" "endpoints" {
  count = var.create_vpc && length(var.interface_endpoints) > 0 ? 1 : 0

  name_prefix = "${local.app_name}-endpoints-"
  description = "Interface endpoints of ${local.app_name}: HTTPS from the EMR Serverless workers only"
  vpc_id      = aws_vpc.workers[0].id

  tags = merge(local.tags, { Name = "${local.app_name}-endpoints" })

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_vpc_security_group_ingress_rule" "endpoints_from_emr" {
  count = var.create_vpc && length(var.interface_endpoints) > 0 ? 1 : 0

  security_group_id            = aws_security_group.endpoints[0].id
  description                  = "HTTPS from the EMR Serverless workers"
  ip_protocol                  = "tcp"
  from_port                    = 443
  to_port                      = 443
  referenced_security_group_id = aws_security_group.emr.id

  tags = local.tags
}

resource "aws_vpc_endpoint" "interface" {
  for_each = var.create_vpc ? toset(var.interface_endpoints) : toset([])

  vpc_id              = aws_vpc.workers[0].id
  service_name        = "com.amazonaws.${local.region}.${each.key}"
  vpc_endpoint_type   = "Interface"
  subnet_ids          = aws_subnet.private[*].id
  security_group_ids  = [aws_security_group.endpoints[0].id]
  private_dns_enabled = true

  tags = merge(local.tags, { Name = "${local.app_name}-${each.key}" })
}

# The workers' security group: no inbound rule at all, outbound HTTPS only.
resource "aws_security_group" "emr" {
  #checkov:skip=CKV2_AWS_5:The group is attached to the EMR Serverless application (network_configuration.security_group_ids), a resource type this graph check does not know.
  name_prefix = "${local.app_name}-emr-"
  description = "EMR Serverless workers of ${local.app_name}: no inbound traffic, outbound HTTPS only"
  vpc_id      = local.vpc_id

  tags = merge(local.tags, { Name = "${local.app_name}-emr" })

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_vpc_security_group_egress_rule" "emr" {
  for_each = local.emr_egress_rules

  security_group_id            = aws_security_group.emr.id
  description                  = each.value.description
  ip_protocol                  = "tcp"
  from_port                    = 443
  to_port                      = 443
  cidr_ipv4                    = each.value.cidr_ipv4
  prefix_list_id               = each.value.prefix_list_id
  referenced_security_group_id = each.value.referenced_security_group_id

  tags = local.tags
}

# Flow logs of the created VPC go to a KMS-encrypted log group.
resource "aws_flow_log" "vpc" {
  count = var.create_vpc ? 1 : 0

  vpc_id                   = aws_vpc.workers[0].id
  traffic_type             = "ALL"
  log_destination_type     = "cloud-watch-logs"
  log_destination          = aws_cloudwatch_log_group.flow_logs[0].arn
  iam_role_arn             = aws_iam_role.flow_logs[0].arn
  max_aggregation_interval = 600

  tags = local.tags
}
