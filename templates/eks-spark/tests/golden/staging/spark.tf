locals {
  spark_service_account = "spark"
  spark_operator_ns     = "spark-operator"
  yunikorn_ns           = "yunikorn-system"

  # Event logs and team data live in one bucket, one prefix pair per team.
  # ARNs are built from the name (as the bucket module does) so policies are
  # known at plan time.
  spark_bucket_name  = "${var.name}-spark-${var.environment}"
  spark_bucket_arn   = "arn:${local.partition}:s3:::${local.spark_bucket_name}"
  event_log_prefix   = "spark-event-logs"
  team_data_prefix   = "teams"
  team_s3_prefixes   = { for t in var.teams : t => ["${local.team_data_prefix}/${t}/", "${local.event_log_prefix}/${t}/"] }
  team_queue_names   = { for t in var.teams : t => "root.spark.${t}" }
  team_queue_vcores  = min(var.team_queue_max_vcores, var.karpenter_cpu_limit)
  team_queue_memory  = "${min(var.team_queue_max_memory_gb, var.karpenter_memory_limit_gb)}Gi"
  spark_queue_memory = "${var.karpenter_memory_limit_gb}Gi"

  # Each team's role may list, read and write only below its own prefixes.
  team_policy_statements = {
    for t, prefixes in local.team_s3_prefixes : t => [
      {
        Sid       = "ListOwnPrefixes"
        Effect    = "Allow"
        Action    = "s3:ListBucket"
        Resource  = local.spark_bucket_arn
        Condition = { StringLike = { "s3:prefix" = concat(prefixes, [for p in prefixes : "${p}*"]) } }
      },
      {
        Sid      = "BucketLocation"
        Effect   = "Allow"
        Action   = "s3:GetBucketLocation"
        Resource = local.spark_bucket_arn
      },
      {
        Sid    = "ReadWriteOwnObjects"
        Effect = "Allow"
        Action = [
          "s3:GetObject",
          "s3:PutObject",
          "s3:DeleteObject",
          "s3:AbortMultipartUpload",
          "s3:ListMultipartUploadParts",
        ]
        Resource = [for p in prefixes : "${local.spark_bucket_arn}/${p}*"]
      },
      {
        Sid       = "UseBucketKeyThroughS3"
        Effect    = "Allow"
        Action    = ["kms:Decrypt", "kms:GenerateDataKey"]
        Resource  = module.spark_bucket.kms_key_arn
        Condition = { StringEquals = { "kms:ViaService" = "s3.${local.region}.amazonaws.com" } }
      },
    ]
  }

  # Spark settings every team's SparkApplications must carry (sparkConf); the
  # team_spark_conf output hands them to CI pipelines and Airflow DAGs.
  team_spark_conf = {
    for t in var.teams : t => {
      "spark.dynamicAllocation.enabled"                 = "true"
      "spark.dynamicAllocation.shuffleTracking.enabled" = "true"
      "spark.dynamicAllocation.maxExecutors"            = tostring(var.max_executors)
      "spark.eventLog.enabled"                          = "true"
      "spark.eventLog.dir"                              = "s3a://${local.spark_bucket_name}/${local.event_log_prefix}/${t}/"
      "spark.eventLog.rolling.enabled"                  = "true"
      "spark.hadoop.fs.s3a.aws.credentials.provider"    = "software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider"
      "spark.hadoop.fs.s3a.endpoint.region"             = local.region
    }
  }

  # YuniKorn: root.spark is capped at the Karpenter budget and holds one
  # queue per team. Pods in a team namespace land in that team's queue unless
  # they name another existing queue.
  yunikorn_queues = {
    partitions = [
      {
        name           = "default"
        nodesortpolicy = { type = "binpacking" }
        placementrules = [
          { name = "provided", create = false },
          { name = "tag", value = "namespace", create = false, parent = { name = "fixed", value = "root.spark" } },
          { name = "fixed", value = "root.default" },
        ]
        queues = [
          {
            name      = "root"
            submitacl = "*"
            queues = [
              {
                name      = "default"
                resources = { max = { vcore = 4, memory = "16Gi" } }
              },
              {
                name      = "spark"
                resources = { max = { vcore = var.karpenter_cpu_limit, memory = local.spark_queue_memory } }
                queues = [
                  for t in var.teams : {
                    name      = t
                    resources = { max = { vcore = local.team_queue_vcores, memory = local.team_queue_memory } }
                  }
                ]
              },
            ]
          },
        ]
      },
    ]
  }

  yunikorn_values = {
    yunikornDefaults = {
      # Only the team namespaces are scheduled by YuniKorn; system pods keep
      # the default scheduler.
      "admissionController.filtering.processNamespaces" = "^(${join("|", var.teams)})$"
      "queues.yaml"                                     = yamlencode(local.yunikorn_queues)
    }
  }

  spark_operator_values = {
    controller = {
      batchScheduler = {
        enable  = true
        default = "yunikorn"
      }
      nodeSelector = local.core_node_labels
    }
    webhook = {
      enable       = true
      nodeSelector = local.core_node_labels
    }
    spark = {
      jobNamespaces  = var.teams
      serviceAccount = { create = true, name = local.spark_service_account }
      rbac           = { create = true }
    }
    prometheus = {
      metrics    = { enable = true }
      podMonitor = { create = true }
    }
  }
}

module "spark_bucket" {
  source = "./modules/spark-bucket"

  name          = "${var.name}-spark"
  environment   = var.environment
  team          = var.team
  cost_center   = var.cost_center
  owner         = var.owner
  description   = "Spark event logs and per-team data of the ${local.cluster_name} Spark platform"
  force_destroy = var.force_destroy
  tags          = var.tags
}

# --- teams -------------------------------------------------------------------

resource "kubernetes_namespace_v1" "team" {
  for_each = toset(var.teams)

  metadata {
    name = each.key
    labels = {
      "team"                               = each.key
      "pod-security.kubernetes.io/enforce" = "baseline"
      "pod-security.kubernetes.io/warn"    = "restricted"
    }
    annotations = {
      "description" = var.description
    }
  }

  depends_on = [module.eks]
}

# Spark leaves RPC authentication off by default, so a team's drivers and
# executors accept connections from anyone who can reach them. Each team
# namespace admits traffic only from its own pods and from Prometheus; egress
# (S3, the Kubernetes API, DNS) is not restricted. The VPC CNI's network policy
# agent enforces it.
resource "kubernetes_network_policy_v1" "team_isolation" {
  for_each = var.team_network_isolation ? toset(var.teams) : toset([])

  metadata {
    name      = "team-isolation"
    namespace = kubernetes_namespace_v1.team[each.key].metadata[0].name
    labels = {
      "team" = each.key
    }
  }

  spec {
    # Every pod of the namespace.
    pod_selector {}
    policy_types = ["Ingress"]

    ingress {
      # The team's own pods: driver, executors, shuffle and block transfers.
      from {
        namespace_selector {
          match_labels = {
            "kubernetes.io/metadata.name" = each.key
          }
        }
      }

      # Prometheus, scraping the metrics Spark applications expose.
      from {
        namespace_selector {
          match_labels = {
            "kubernetes.io/metadata.name" = local.monitoring_ns
          }
        }
      }
    }
  }
}

resource "aws_iam_role" "team" {
  for_each = toset(var.teams)

  name                 = "${local.cluster_name}-spark-${each.key}"
  description          = "Spark jobs of team ${each.key} on ${local.cluster_name} (EKS Pod Identity)"
  permissions_boundary = var.iam_permissions_boundary_arn
  assume_role_policy   = local.pod_identity_trust_policies["team-${each.key}"]

  tags = merge(local.tags, { spark-team = each.key })
}

resource "aws_iam_role_policy" "team" {
  for_each = toset(var.teams)

  name = "spark-bucket-prefixes"
  role = aws_iam_role.team[each.key].id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = local.team_policy_statements[each.key]
  })
}

resource "aws_eks_pod_identity_association" "team" {
  for_each = toset(var.teams)

  cluster_name    = module.eks.cluster_name
  namespace       = each.key
  service_account = local.spark_service_account
  role_arn        = aws_iam_role.team[each.key].arn

  tags = merge(local.tags, { spark-team = each.key })
}

# --- scheduler and operator ----------------------------------------------------

resource "helm_release" "yunikorn" {
  name             = "yunikorn"
  namespace        = local.yunikorn_ns
  create_namespace = true
  repository       = "https://apache.github.io/yunikorn-release"
  chart            = "yunikorn"
  version          = local.chart_versions.yunikorn
  wait             = true

  values = [yamlencode(local.yunikorn_values)]

  depends_on = [module.eks, kubernetes_namespace_v1.team]
}

resource "helm_release" "spark_operator" {
  name             = "spark-operator"
  namespace        = local.spark_operator_ns
  create_namespace = true
  repository       = "https://kubeflow.github.io/spark-operator"
  chart            = "spark-operator"
  version          = local.chart_versions.spark_operator
  wait             = true

  values = [yamlencode(local.spark_operator_values)]

  # The team namespaces must exist (the chart creates the spark service
  # account in each) and the PodMonitor CRD comes with kube-prometheus-stack.
  depends_on = [
    kubernetes_namespace_v1.team,
    helm_release.yunikorn,
    helm_release.kube_prometheus_stack,
  ]
}
