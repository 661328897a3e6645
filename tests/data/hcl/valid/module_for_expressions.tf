# for expressions written the way large modules write them: values, keys and
# conditions on lines of their own, grouping, nested for, comments in between.

locals {
  # value on the next line
  node_groups = { for k, v in var.node_groups : k =>
    v.enabled ? merge(local.node_group_defaults, v) : null
  }

  # conditional split over lines inside the value
  subnet_ids = { for k, v in var.subnets : k => v.public
    ? aws_subnet.public[k].id
    : aws_subnet.private[k].id
  }

  # operator at the end of the line
  ready = { for name, addon in var.addons : name => addon.enabled &&
    addon.version != null
  }

  # colon and arrow on lines of their own
  by_az = {
    for s in var.subnets
    : s.availability_zone => s.id...
    if s.tier == "private"
  }

  grouped = {
    for rule in var.rules :
    rule.direction => rule...
  }

  # the key on its own line, a comment before the arrow
  renamed = { for k, v in var.tags :
    lower(k) # keys are case-insensitive
    => v
  }

  # list form, collection over lines
  private_cidrs = [
    for i, az in var.azs != null
    ? var.azs
    : data.aws_availability_zones.available.names :
    cidrsubnet(var.vpc_cidr, 4, i + 4)
  ]

  names = [for s in var.services : s.name
  if s.enabled]

  # nested for, object values built over lines
  rules = flatten([
    for sg_name, sg in var.security_groups : [
      for rule in sg.ingress : {
        sg_name   = sg_name
        from_port = rule.from_port
        to_port   = try(rule.to_port, rule.from_port)
        cidrs     = rule.cidr_blocks
      }
    ]
  ])

  rule_map = { for r in local.rules :
    "${r.sg_name}-${r.from_port}-${r.to_port}" => r
  }

  # heredoc inside a for value
  scripts = { for name, ng in var.node_groups : name => <<-EOT
    #!/bin/bash
    /etc/eks/bootstrap.sh ${var.cluster_name} --kubelet-extra-args '--node-labels=group=${name}'
  EOT
  }

  # block comment and line comment inside
  selected = { for k, v in var.accounts : /* id */ k => v # account
    if contains(var.enabled_accounts, k) // only these
  }

  # a for whose value is an object literal over lines, inside a function call
  tags_by_resource = merge(var.extra, { for k, v in var.resources : k => {
    Name        = "${var.name}-${k}"
    Environment = var.environment
  } })

  # conditional around a for
  maybe = var.enabled ? { for k, v in var.items :
    k => v
  } : {}

  # for over a splat and a function, with an index
  instance_ips = [for i in aws_instance.web[*] : i.private_ip
    if i.private_ip != ""
  ]
}

resource "aws_security_group_rule" "ingress" {
  for_each = { for k, v in local.rule_map : k => v
  if length(v.cidrs) > 0 }

  type              = "ingress"
  security_group_id = aws_security_group.this[each.value.sg_name].id
  from_port         = each.value.from_port
  to_port           = each.value.to_port
  protocol          = "tcp"
  cidr_blocks       = each.value.cidrs
}

resource "aws_route53_record" "validation" {
  for_each = {
    for dvo in aws_acm_certificate.this.domain_validation_options : dvo.domain_name => {
      name   = dvo.resource_record_name
      record = dvo.resource_record_value
      type   = dvo.resource_record_type
    }
  }

  zone_id = var.zone_id
  name    = each.value.name
  type    = each.value.type
  records = [each.value.record]
  ttl     = 60
}
