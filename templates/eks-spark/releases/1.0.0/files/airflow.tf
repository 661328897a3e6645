# One Apache Airflow shared by every team: KubernetesExecutor, metadata in
# Amazon RDS for PostgreSQL, DAGs synced from the secure DAG bucket with one
# S3 DAG bundle per team (s3://<bucket>/dags/<team>/), task logs in the same
# bucket under logs/.

locals {
  airflow_ns          = "airflow"
  airflow_keys_secret = "airflow-keys"

  airflow_service_accounts = {
    scheduler     = "airflow-scheduler"
    dag-processor = "airflow-dag-processor"
    triggerer     = "airflow-triggerer"
    api-server    = "airflow-api-server"
    worker        = "airflow-worker"
  }

  dags_bucket_name     = "${var.name}-airflow-dags-${var.environment}"
  dags_bucket_arn      = "arn:${local.partition}:s3:::${local.dags_bucket_name}"
  airflow_dag_prefixes = { for t in var.teams : t => "dags/${t}/" }
  airflow_log_prefix   = "logs/"

  airflow_dag_bundles = [
    for t in var.teams : {
      name      = "team-${t}"
      classpath = "airflow.providers.amazon.aws.bundles.s3.S3DagBundle"
      kwargs = {
        bucket_name      = local.dags_bucket_name
        prefix           = local.airflow_dag_prefixes[t]
        aws_conn_id      = "aws_default"
        refresh_interval = 60
      }
    }
  ]

  airflow_db_instance_class = {
    dev     = "db.t4g.medium"
    staging = "db.t4g.large"
    prod    = "db.m7g.large"
  }
  airflow_db_identifier = "${local.cluster_name}-airflow"

  airflow_trust_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "AllowEksPodIdentity"
        Effect    = "Allow"
        Principal = { Service = "pods.eks.amazonaws.com" }
        Action    = ["sts:AssumeRole", "sts:TagSession"]
        Condition = {
          StringEquals = {
            "aws:RequestTag/eks-cluster-name"           = local.cluster_name
            "aws:RequestTag/kubernetes-namespace"       = local.airflow_ns
            "aws:RequestTag/kubernetes-service-account" = values(local.airflow_service_accounts)
          }
        }
      },
    ]
  })

  # Airflow reads every team's DAG prefix and writes task logs; it cannot
  # touch the Spark bucket.
  airflow_policy_statements = [
    {
      Sid       = "ListDagsAndLogs"
      Effect    = "Allow"
      Action    = "s3:ListBucket"
      Resource  = local.dags_bucket_arn
      Condition = { StringLike = { "s3:prefix" = ["dags/*", "${local.airflow_log_prefix}*"] } }
    },
    {
      Sid      = "ReadDags"
      Effect   = "Allow"
      Action   = "s3:GetObject"
      Resource = "${local.dags_bucket_arn}/dags/*"
    },
    {
      Sid      = "ReadWriteTaskLogs"
      Effect   = "Allow"
      Action   = ["s3:GetObject", "s3:PutObject"]
      Resource = "${local.dags_bucket_arn}/${local.airflow_log_prefix}*"
    },
    {
      Sid       = "UseBucketKeyThroughS3"
      Effect    = "Allow"
      Action    = ["kms:Decrypt", "kms:GenerateDataKey"]
      Resource  = module.dags_bucket.kms_key_arn
      Condition = { StringEquals = { "kms:ViaService" = "s3.${local.region}.amazonaws.com" } }
    },
  ]

  airflow_values = {
    executor     = "KubernetesExecutor"
    nodeSelector = local.core_node_labels
    postgresql   = { enabled = false }
    redis        = { enabled = false }
    data = {
      metadataSecretName = local.airflow_keys_secret
    }
    fernetKeySecretName    = local.airflow_keys_secret
    apiSecretKeySecretName = local.airflow_keys_secret
    jwtSecretName          = local.airflow_keys_secret
    # The chart's admin user gets a generated password instead of a default.
    createUserJob = {
      useHelmHooks   = false
      applyCustomEnv = false
      defaultUser    = { username = "admin", password = random_password.airflow_admin.result }
    }
    migrateDatabaseJob = { useHelmHooks = false, applyCustomEnv = false }
    # An AWS connection without keys: boto3 uses the Pod Identity credentials.
    env = [
      { name = "AIRFLOW_CONN_AWS_DEFAULT", value = "aws://" },
    ]
    config = {
      core = { load_examples = "False" }
      dag_processor = {
        dag_bundle_config_list = jsonencode(local.airflow_dag_bundles)
      }
      logging = {
        remote_logging         = "True"
        remote_base_log_folder = "s3://${local.dags_bucket_name}/${trimsuffix(local.airflow_log_prefix, "/")}"
        remote_log_conn_id     = "aws_default"
      }
    }
    scheduler    = { serviceAccount = { name = local.airflow_service_accounts["scheduler"] } }
    dagProcessor = { serviceAccount = { name = local.airflow_service_accounts["dag-processor"] } }
    triggerer    = { serviceAccount = { name = local.airflow_service_accounts["triggerer"] } }
    apiServer    = { serviceAccount = { name = local.airflow_service_accounts["api-server"] } }
    workers      = { serviceAccount = { name = local.airflow_service_accounts["worker"] } }
  }
}

module "dags_bucket" {
  source = "./modules/dags-bucket"

  name          = "${var.name}-airflow-dags"
  environment   = var.environment
  team          = var.team
  cost_center   = var.cost_center
  owner         = var.owner
  description   = "Airflow DAGs (one dags/<team>/ prefix per team) and task logs of the ${local.cluster_name} Spark platform"
  force_destroy = var.force_destroy
  tags          = var.tags
}

# The S3 DAG bundle refuses a prefix that does not exist yet.
resource "aws_s3_object" "team_dag_prefix" {
  for_each = local.airflow_dag_prefixes

  bucket                 = module.dags_bucket.bucket_id
  key                    = each.value
  content                = ""
  content_type           = "application/x-directory"
  server_side_encryption = "aws:kms"
  kms_key_id             = module.dags_bucket.kms_key_arn

  tags = merge(local.tags, { spark-team = each.key })
}

# --- AWS access ----------------------------------------------------------------

resource "aws_iam_role" "airflow" {
  name                 = "${local.cluster_name}-airflow"
  description          = "Shared Airflow of ${local.cluster_name}: DAG bundles and task logs (EKS Pod Identity)"
  permissions_boundary = var.iam_permissions_boundary_arn
  assume_role_policy   = local.airflow_trust_policy

  tags = local.tags
}

resource "aws_iam_role_policy" "airflow" {
  name = "dag-bucket"
  role = aws_iam_role.airflow.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = local.airflow_policy_statements
  })
}

resource "aws_eks_pod_identity_association" "airflow" {
  for_each = local.airflow_service_accounts

  cluster_name    = module.eks.cluster_name
  namespace       = local.airflow_ns
  service_account = each.value
  role_arn        = aws_iam_role.airflow.arn

  tags = local.tags
}

# --- metadata database -----------------------------------------------------------

resource "random_password" "airflow_db" {
  length  = 32
  special = false
}

resource "aws_db_subnet_group" "airflow" {
  name        = local.airflow_db_identifier
  description = "Private subnets of ${local.cluster_name} for the Airflow metadata database"
  subnet_ids  = module.vpc.private_subnets

  tags = local.tags
}

resource "aws_security_group" "airflow_db" {
  name        = "${local.airflow_db_identifier}-db"
  description = "Airflow metadata database: PostgreSQL from the cluster nodes only"
  vpc_id      = module.vpc.vpc_id

  tags = local.tags
}

resource "aws_vpc_security_group_ingress_rule" "airflow_db_from_nodes" {
  security_group_id            = aws_security_group.airflow_db.id
  description                  = "PostgreSQL from the EKS nodes"
  ip_protocol                  = "tcp"
  from_port                    = 5432
  to_port                      = 5432
  referenced_security_group_id = module.eks.node_security_group_id

  tags = local.tags
}

resource "aws_db_parameter_group" "airflow" {
  name        = "${local.airflow_db_identifier}-pg16"
  family      = "postgres16"
  description = "Airflow metadata database: TLS only, DDL and slow statements logged"

  parameter {
    name  = "rds.force_ssl"
    value = "1"
  }

  parameter {
    name  = "log_statement"
    value = "ddl"
  }

  parameter {
    name  = "log_min_duration_statement"
    value = "1000"
  }

  tags = local.tags
}

resource "aws_iam_role" "rds_monitoring" {
  name                 = "${local.airflow_db_identifier}-monitoring"
  description          = "RDS enhanced monitoring of ${local.airflow_db_identifier}"
  permissions_boundary = var.iam_permissions_boundary_arn
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = { Service = "monitoring.rds.amazonaws.com" }
        Action    = "sts:AssumeRole"
      },
    ]
  })

  tags = local.tags
}

resource "aws_iam_role_policy_attachment" "rds_monitoring" {
  role       = aws_iam_role.rds_monitoring.name
  policy_arn = "arn:${local.partition}:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole"
}

# Created before the instance so the exported logs get retention and KMS.
resource "aws_cloudwatch_log_group" "airflow_db" {
{%- if environment != "prod" %}
  #checkov:skip=CKV_AWS_338:Retention follows the environment (30 days in dev, 90 in staging, 365 in prod) and log_retention_days can raise it; a year of non-production database logs has no audit value.
{%- endif %}
  for_each = toset(["postgresql", "upgrade"])

  name              = "/aws/rds/instance/${local.airflow_db_identifier}/${each.key}"
  retention_in_days = local.log_retention_days
  kms_key_id        = aws_kms_key.platform.arn

  tags = local.tags
}

resource "aws_db_instance" "airflow" {
{%- if environment != "prod" %}
  #checkov:skip=CKV_AWS_157:Multi-AZ doubles the instance cost and is the prod standard (multi_az follows var.environment); a {{ environment | hcl_fragment }} metadata database is restored from its backups instead.
{%- endif %}
{%- if environment == "dev" %}
  #checkov:skip=CKV_AWS_293:Deletion protection is on in staging and prod (it follows var.environment); dev sandboxes must be destroyable in one terraform destroy, and backups are still kept.
{%- endif %}
  identifier     = local.airflow_db_identifier
  engine         = "postgres"
  engine_version = "16"
  instance_class = local.airflow_db_instance_class[var.environment]

  allocated_storage     = 20
  max_allocated_storage = 100
  storage_type          = "gp3"
  storage_encrypted     = true
  kms_key_id            = aws_kms_key.platform.arn

  db_name  = "airflow"
  username = "airflow"
  password = random_password.airflow_db.result
  port     = 5432

  db_subnet_group_name   = aws_db_subnet_group.airflow.name
  vpc_security_group_ids = [aws_security_group.airflow_db.id]
  parameter_group_name   = aws_db_parameter_group.airflow.name
  publicly_accessible    = false
  multi_az               = var.environment == "prod"

  iam_database_authentication_enabled = true
  auto_minor_version_upgrade          = true
  backup_retention_period             = var.environment == "prod" ? 35 : 7
  copy_tags_to_snapshot               = true
  deletion_protection                 = var.environment != "dev"
  skip_final_snapshot                 = var.environment == "dev"
  final_snapshot_identifier           = "${local.airflow_db_identifier}-final"

  enabled_cloudwatch_logs_exports       = ["postgresql", "upgrade"]
  monitoring_interval                   = 60
  monitoring_role_arn                   = aws_iam_role.rds_monitoring.arn
  performance_insights_enabled          = true
  performance_insights_kms_key_id       = aws_kms_key.platform.arn
  performance_insights_retention_period = 7

  tags = local.tags

  depends_on = [aws_cloudwatch_log_group.airflow_db]
}

# --- Kubernetes ----------------------------------------------------------------

resource "kubernetes_namespace_v1" "airflow" {
  metadata {
    name = local.airflow_ns
    labels = {
      "pod-security.kubernetes.io/enforce" = "baseline"
    }
  }

  depends_on = [module.eks]
}

resource "random_bytes" "airflow_fernet_key" {
  length = 32
}

resource "random_password" "airflow_api_secret_key" {
  length  = 48
  special = false
}

resource "random_password" "airflow_admin" {
  length  = 32
  special = false
}

resource "random_password" "airflow_jwt_secret" {
  length  = 48
  special = false
}

resource "kubernetes_secret_v1" "airflow_keys" {
  metadata {
    name      = local.airflow_keys_secret
    namespace = kubernetes_namespace_v1.airflow.metadata[0].name
  }

  data = {
    connection     = "postgresql://airflow:${random_password.airflow_db.result}@${aws_db_instance.airflow.address}:5432/airflow?sslmode=require"
    fernet-key     = random_bytes.airflow_fernet_key.base64
    api-secret-key = random_password.airflow_api_secret_key.result
    jwt-secret     = random_password.airflow_jwt_secret.result
  }
}

# Read it with: kubectl -n airflow get secret airflow-admin -o jsonpath='{.data.password}' | base64 -d
resource "kubernetes_secret_v1" "airflow_admin" {
  metadata {
    name      = "airflow-admin"
    namespace = kubernetes_namespace_v1.airflow.metadata[0].name
  }

  data = {
    username = "admin"
    password = random_password.airflow_admin.result
  }
}

# Task pods (airflow-worker) may submit and watch SparkApplications in the
# team namespaces.
resource "kubernetes_role_v1" "airflow_spark_submit" {
  for_each = toset(var.teams)

  metadata {
    name      = "airflow-spark-submit"
    namespace = kubernetes_namespace_v1.team[each.key].metadata[0].name
  }

  rule {
    api_groups = ["sparkoperator.k8s.io"]
    resources  = ["sparkapplications", "sparkapplications/status"]
    verbs      = ["create", "get", "list", "watch", "patch", "delete"]
  }

  rule {
    api_groups = [""]
    resources  = ["pods", "pods/log"]
    verbs      = ["get", "list", "watch"]
  }
}

resource "kubernetes_role_binding_v1" "airflow_spark_submit" {
  for_each = toset(var.teams)

  metadata {
    name      = "airflow-spark-submit"
    namespace = kubernetes_namespace_v1.team[each.key].metadata[0].name
  }

  role_ref {
    api_group = "rbac.authorization.k8s.io"
    kind      = "Role"
    name      = kubernetes_role_v1.airflow_spark_submit[each.key].metadata[0].name
  }

  subject {
    kind      = "ServiceAccount"
    name      = local.airflow_service_accounts["worker"]
    namespace = local.airflow_ns
  }
}

resource "helm_release" "airflow" {
  name       = "airflow"
  namespace  = kubernetes_namespace_v1.airflow.metadata[0].name
  repository = "https://airflow.apache.org"
  chart      = "airflow"
  version    = local.chart_versions.airflow
  wait       = true
  timeout    = 1200

  values = [yamlencode(local.airflow_values)]

  depends_on = [
    kubernetes_secret_v1.airflow_keys,
    aws_eks_pod_identity_association.airflow,
    aws_s3_object.team_dag_prefix,
    helm_release.kube_prometheus_stack,
  ]
}

output "airflow_dags_bucket" {
  description = "Bucket the shared Airflow syncs DAGs from; each team uploads to its own dags/<team>/ prefix."
  value       = module.dags_bucket.bucket_name
}

output "airflow_dag_prefixes" {
  description = "DAG prefix of every team in the DAG bucket (S3 DAG bundle team-<team>)."
  value       = { for t, p in local.airflow_dag_prefixes : t => "s3://${local.dags_bucket_name}/${p}" }
}

output "airflow_db_endpoint" {
  description = "Endpoint of the Airflow metadata database (RDS for PostgreSQL)."
  value       = aws_db_instance.airflow.endpoint
}

output "airflow_role_arn" {
  description = "IAM role the Airflow components assume through EKS Pod Identity."
  value       = aws_iam_role.airflow.arn
}
