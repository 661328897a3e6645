data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

data "aws_region" "current" {}

locals {
  # The platform's tags, over the caller's var.tags: cost allocation (team, env, cost-center,
  # owner), the service, and the template this module was rendered from.
  platform_tags = merge(var.tags, {
    service           = var.name
    team              = var.team
    env               = var.environment
    cost-center       = var.cost_center
    owner             = var.owner
    managed-by        = "terraform"
    goldpath-template = "emr-serverless@1.1.0"
  })
}

locals {
  app_name   = "${var.name}-${var.environment}"
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition
  region     = data.aws_region.current.region

  # Production gets longer log retention and a longer KMS deletion window than dev.
  environment_defaults = {
    dev     = { log_retention_days = 30, kms_deletion_window_days = 7 }
    staging = { log_retention_days = 90, kms_deletion_window_days = 14 }
    prod    = { log_retention_days = 365, kms_deletion_window_days = 30 }
  }
  log_retention_days       = coalesce(var.log_retention_days, local.environment_defaults[var.environment].log_retention_days)
  kms_deletion_window_days = local.environment_defaults[var.environment].kms_deletion_window_days

  # Graviton workers only; the Java 17 path below is the aarch64 Corretto build of the EMR 7 images.
  architecture = "ARM64"
  java_home    = "/usr/lib/jvm/java-17-amazon-corretto.aarch64/"

  # Spark memory plus its overhead (10%, at least 384 MB) must fit the worker size, so that
  # jobs run on exactly the worker size that pre-initialised capacity provides.
  spark_memory_gb = floor(var.worker_memory_gb / 1.1)

  spark_defaults = {
    "spark.dynamicAllocation.enabled"          = "true"
    "spark.dynamicAllocation.maxExecutors"     = tostring(var.max_executors)
    "spark.driver.cores"                       = tostring(var.worker_vcpu)
    "spark.driver.memory"                      = "${local.spark_memory_gb}g"
    "spark.executor.cores"                     = tostring(var.worker_vcpu)
    "spark.executor.memory"                    = "${local.spark_memory_gb}g"
    "spark.emr-serverless.driver.disk"         = "${var.executor_disk_gb}G"
    "spark.emr-serverless.executor.disk"       = "${var.executor_disk_gb}G"
    "spark.emr-serverless.driverEnv.JAVA_HOME" = local.java_home
    "spark.executorEnv.JAVA_HOME"              = local.java_home
  }

  worker = {
    cpu    = "${var.worker_vcpu} vCPU"
    memory = "${var.worker_memory_gb} GB"
    disk   = "${var.executor_disk_gb} GB"
  }
  prewarm = var.enable_prewarm ? { Driver = var.prewarm_driver_count, Executor = var.prewarm_executor_count } : {}

  log_group_name = "/aws/emr-serverless/${local.app_name}"
  log_group_arn  = "arn:${local.partition}:logs:${local.region}:${local.account_id}:log-group:${local.log_group_name}"
  s3_log_prefix  = "emr-serverless/${local.app_name}/"
  s3_log_uri     = "s3://${module.logs_bucket.bucket_name}/${local.s3_log_prefix}"

  tags = local.platform_tags
}

resource "aws_emrserverless_application" "this" {
  name          = local.app_name
  type          = "spark"
  release_label = var.release_label
  architecture  = local.architecture

  maximum_capacity {
    cpu    = "${var.max_vcpu} vCPU"
    memory = "${var.max_memory_gb} GB"
    disk   = "${var.max_disk_gb} GB"
  }

  auto_start_configuration {
    enabled = true
  }

  auto_stop_configuration {
    enabled              = true
    idle_timeout_minutes = var.idle_timeout_minutes
  }

  scheduler_configuration {
    max_concurrent_runs   = var.max_concurrent_runs
    queue_timeout_minutes = 360
  }

  dynamic "initial_capacity" {
    for_each = local.prewarm

    content {
      initial_capacity_type = initial_capacity.key

      initial_capacity_config {
        worker_count = initial_capacity.value

        worker_configuration {
          cpu    = local.worker.cpu
          memory = local.worker.memory
          disk   = local.worker.disk
        }
      }
    }
  }

  dynamic "image_configuration" {
    for_each = var.image_uri == null ? [] : [var.image_uri]

    content {
      image_uri = image_configuration.value
    }
  }

  # Batch job runs only, unless enable_interactive: EMR Studio notebooks and the Livy endpoint
  # run arbitrary code with the job role, outside the reviewed job code in the code bucket.
  interactive_configuration {
    studio_enabled        = var.enable_interactive
    livy_endpoint_enabled = var.enable_interactive
  }

  network_configuration {
    subnet_ids         = local.subnet_ids
    security_group_ids = [aws_security_group.emr.id]
  }

  runtime_configuration {
    classification = "spark-defaults"
    properties     = local.spark_defaults
  }

  monitoring_configuration {
    cloudwatch_logging_configuration {
      enabled                = true
      log_group_name         = aws_cloudwatch_log_group.emr.name
      log_stream_name_prefix = "spark"
      encryption_key_arn     = aws_kms_key.logs.arn

      log_types {
        name   = "SPARK_DRIVER"
        values = ["STDOUT", "STDERR"]
      }

      log_types {
        name   = "SPARK_EXECUTOR"
        values = ["STDOUT", "STDERR"]
      }
    }

    s3_monitoring_configuration {
      log_uri            = local.s3_log_uri
      encryption_key_arn = module.logs_bucket.kms_key_arn
    }

    managed_persistence_monitoring_configuration {
      enabled            = true
      encryption_key_arn = aws_kms_key.logs.arn
    }
  }

  tags = local.tags

  lifecycle {
    precondition {
      condition     = var.max_vcpu >= 2 * var.worker_vcpu && var.max_memory_gb >= 2 * var.worker_memory_gb && var.max_disk_gb >= 2 * var.executor_disk_gb
      error_message = "The maximum capacity must hold at least one driver and one executor worker (2 x worker_vcpu, 2 x worker_memory_gb, 2 x executor_disk_gb)."
    }

    precondition {
      condition = !var.enable_prewarm || (
        (var.prewarm_driver_count + var.prewarm_executor_count) * var.worker_vcpu <= var.max_vcpu &&
        (var.prewarm_driver_count + var.prewarm_executor_count) * var.worker_memory_gb <= var.max_memory_gb &&
        (var.prewarm_driver_count + var.prewarm_executor_count) * var.executor_disk_gb <= var.max_disk_gb
      )
      error_message = "Pre-initialised workers count against the maximum capacity: (prewarm_driver_count + prewarm_executor_count) workers must fit max_vcpu, max_memory_gb and max_disk_gb."
    }

    precondition {
      condition     = !var.enable_prewarm || var.prewarm_executor_count <= var.max_executors
      error_message = "prewarm_executor_count must not exceed max_executors: a job could never use the extra pre-initialised executors."
    }
  }
}
