output "cluster_endpoint" {
  description = "The API server endpoint"
  value       = try(aws_eks_cluster.main[0].endpoint, null)
}

output "node_group_arns" {
  value = { for k, v in aws_eks_node_group.this : k => v.arn }
}

output "private_subnet_ids" {
  value = aws_subnet.private[*].id
}

output "legacy_splat" {
  value = aws_subnet.private.*.id
}

output "first_az" {
  value = aws_subnet.private.0.availability_zone
}

output "kubeconfig" {
  sensitive = true
  value = (
    local.enabled
    ? templatefile("${path.module}/templates/kubeconfig.tftpl", {
      name     = var.name
      endpoint = aws_eks_cluster.main[0].endpoint
      ca       = aws_eks_cluster.main[0].certificate_authority[0].data
    })
    : ""
  )
}

output "account" {
  value = provider::aws::arn_parse(aws_eks_cluster.main[0].arn).account_id
}

output "arn_built" {
  value = provider::aws::arn_build("aws", "iam", "", data.aws_caller_identity.this.account_id, "role/${var.name}")
}

output "security_group_rules" {
  value = [
    for r in aws_security_group_rule.control_plane : {
      id   = r.id
      port = r.from_port == r.to_port ? tostring(r.from_port) : "${r.from_port}-${r.to_port}"
    }
  ]
}

output "oidc" {
  value = one(aws_iam_openid_connect_provider.this[*].arn)
}

output "complex_conditional" {
  value = var.mode == "a" ? "alpha" : var.mode == "b" ? "beta" : var.mode == "c" ? "gamma" : null
}

output "math" {
  value = (var.max_size - var.min_size) * 2 / 3 % 5 + -1
}

output "logic" {
  value = !var.disabled && (var.a || var.b) && var.c != "x" && var.d >= 1 && var.e < 10
}

output "ellipsis" {
  value = concat(var.lists...)
}

output "splat_index" {
  value = aws_instance.web[*].network_interface[0].id
}

output "nested_index" {
  value = var.matrix[0][1]["key"].attr
}

output "strings" {
  value = "${var.a}-${upper(var.b)}-%{if var.c}c%{endif}"
}

output "escaped" {
  value = "quote \" backslash \\ tab \t unicode \u00e9 dollar $${x}"
}

output "depends" {
  value      = "done"
  depends_on = [aws_eks_cluster.main, module.vpc]
}
