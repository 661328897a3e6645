locals {
  azs = slice(data.aws_availability_zones.available.names, 0, 3)

  # Three quarters of the VPC range are private subnets (nodes and pods, one
  # per zone); the last quarter holds three small public subnets for the NAT
  # gateways. Nothing else is placed in public subnets.
  private_subnet_cidrs = [for i in range(3) : cidrsubnet(var.vpc_cidr, 2, i)]
  public_subnet_cidrs  = [for i in range(3) : cidrsubnet(cidrsubnet(var.vpc_cidr, 2, 3), 6, i)]
}

module "vpc" {
  #checkov:skip=CKV_TF_1:Registry module pinned to one exact release (version below, no range); the Terraform Registry serves the commit recorded when that release was published, and upgrades are reviewed changes to this file.
  source  = "terraform-aws-modules/vpc/aws"
  version = "6.6.0"

  name = local.cluster_name
  cidr = var.vpc_cidr
  azs  = local.azs

  private_subnets = local.private_subnet_cidrs
  public_subnets  = local.public_subnet_cidrs

  enable_dns_hostnames = true
  enable_dns_support   = true

  # Nodes pull images through NAT; prod survives the loss of a zone.
  enable_nat_gateway     = true
  single_nat_gateway     = local.settings.single_nat_gateway
  one_nat_gateway_per_az = !local.settings.single_nat_gateway

  # The default security group allows nothing.
  manage_default_security_group  = true
  default_security_group_ingress = []
  default_security_group_egress  = []

  enable_flow_log                                 = true
  create_flow_log_cloudwatch_log_group            = true
  create_flow_log_cloudwatch_iam_role             = true
  flow_log_max_aggregation_interval               = 60
  flow_log_cloudwatch_log_group_retention_in_days = local.log_retention_days
  flow_log_cloudwatch_log_group_kms_key_id        = aws_kms_key.platform.arn

  public_subnet_tags = {
    "kubernetes.io/role/elb" = "1"
  }

  private_subnet_tags = {
    "kubernetes.io/role/internal-elb" = "1"
    "karpenter.sh/discovery"          = local.cluster_name
  }

  tags = local.tags
}

# S3 traffic (event logs, team data, DAGs) stays on the AWS network and skips
# the NAT gateways' per-GB charge.
resource "aws_vpc_endpoint" "s3" {
  vpc_id            = module.vpc.vpc_id
  service_name      = "com.amazonaws.${local.region}.s3"
  vpc_endpoint_type = "Gateway"
  route_table_ids   = module.vpc.private_route_table_ids

  tags = merge(local.tags, { Name = "${local.cluster_name}-s3" })
}
