output "cluster_name" {
  description = "Name of the EKS cluster."
  value       = module.eks.cluster_name
}

output "cluster_arn" {
  description = "ARN of the EKS cluster."
  value       = module.eks.cluster_arn
}

output "cluster_endpoint" {
  description = "Endpoint of the Kubernetes API (private unless the dev public endpoint is on)."
  value       = module.eks.cluster_endpoint
}

output "cluster_certificate_authority_data" {
  description = "Base64-encoded certificate authority of the cluster, for kubeconfig and the Kubernetes providers."
  value       = module.eks.cluster_certificate_authority_data
}

output "vpc_id" {
  description = "ID of the VPC."
  value       = module.vpc.vpc_id
}

output "private_subnet_ids" {
  description = "Private subnets of the nodes, one per Availability Zone."
  value       = module.vpc.private_subnets
}

output "spark_bucket_name" {
  description = "Bucket holding Spark event logs (spark-event-logs/<team>/) and team data (teams/<team>/)."
  value       = module.spark_bucket.bucket_name
}

output "spark_bucket_kms_key_arn" {
  description = "KMS key encrypting the Spark bucket."
  value       = module.spark_bucket.kms_key_arn
}

output "team_namespaces" {
  description = "Kubernetes namespace of every team."
  value       = { for t in var.teams : t => kubernetes_namespace_v1.team[t].metadata[0].name }
}

output "team_queues" {
  description = "YuniKorn queue of every team; set it as batchSchedulerOptions.queue in SparkApplications."
  value       = local.team_queue_names
}

output "team_role_arns" {
  description = "IAM role of every team, used by pods running as the spark service account in the team namespace (EKS Pod Identity)."
  value       = { for t in var.teams : t => aws_iam_role.team[t].arn }
}

output "team_s3_prefixes" {
  description = "S3 prefixes every team may read and write."
  value       = { for t, prefixes in local.team_s3_prefixes : t => [for p in prefixes : "s3://${local.spark_bucket_name}/${p}"] }
}

output "team_spark_conf" {
  description = "Spark settings for every team's SparkApplications: dynamic allocation capped at max_executors, event logs to the team's prefix, Pod Identity credentials for S3A."
  value       = local.team_spark_conf
}

output "karpenter_node_pools" {
  description = "Karpenter NodePools for Spark: the on-demand driver pool and the Spot executor pool."
  value       = keys(local.karpenter_node_pools)
}

output "grafana_admin_secret" {
  description = "Namespace/name of the Kubernetes secret holding the Grafana admin credentials."
  value       = "${local.monitoring_ns}/${local.grafana_secret_name}"
}

output "platform_kms_key_arn" {
  description = "KMS key encrypting the control-plane and flow log groups."
  value       = aws_kms_key.platform.arn
}
