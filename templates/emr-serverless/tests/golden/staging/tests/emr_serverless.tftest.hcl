# Golden-path properties of this module, checked with `terraform test` at plan time against a
# mocked AWS provider: no credentials, nothing is created.

mock_provider "aws" {}

override_data {
  target = data.aws_availability_zones.available
  values = {
    names = ["zz-test-1a", "zz-test-1b", "zz-test-1c"]
  }
}

override_data {
  target = data.aws_region.current
  values = {
    region = "eu-central-1"
  }
}

run "golden_path" {
  command = plan

  assert {
    condition     = aws_emrserverless_application.this.architecture == "ARM64"
    error_message = "The application must run on Graviton (ARM64) workers."
  }

  assert {
    condition     = aws_emrserverless_application.this.release_label == var.release_label && can(regex("^emr-7\\.[0-9]+\\.[0-9]+$", aws_emrserverless_application.this.release_label))
    error_message = "The release label must be pinned to an exact emr-7.x.y release."
  }

  assert {
    condition = alltrue([
      one(aws_emrserverless_application.this.maximum_capacity).cpu == "${var.max_vcpu} vCPU",
      one(aws_emrserverless_application.this.maximum_capacity).memory == "${var.max_memory_gb} GB",
      one(aws_emrserverless_application.this.maximum_capacity).disk == "${var.max_disk_gb} GB",
    ])
    error_message = "The application must have a maximum capacity for CPU, memory and disk."
  }

  assert {
    condition     = local.spark_defaults["spark.dynamicAllocation.maxExecutors"] == tostring(var.max_executors) && var.max_executors <= 100
    error_message = "spark.dynamicAllocation.maxExecutors must be set and at most 100."
  }

  assert {
    condition = anytrue([
      for c in aws_emrserverless_application.this.runtime_configuration :
      c.classification == "spark-defaults" && c.properties["spark.dynamicAllocation.maxExecutors"] == tostring(var.max_executors)
    ])
    error_message = "The application's spark-defaults must carry spark.dynamicAllocation.maxExecutors."
  }

  assert {
    condition     = local.spark_defaults["spark.emr-serverless.executor.disk"] == "${var.executor_disk_gb}G"
    error_message = "The executor disk must be set in spark-defaults."
  }

  assert {
    condition = alltrue([
      strcontains(local.spark_defaults["spark.emr-serverless.driverEnv.JAVA_HOME"], "java-17-amazon-corretto.aarch64"),
      strcontains(local.spark_defaults["spark.executorEnv.JAVA_HOME"], "java-17-amazon-corretto.aarch64"),
    ])
    error_message = "Driver and executors must run on the ARM64 Java 17 runtime."
  }

  assert {
    condition     = one(aws_emrserverless_application.this.auto_start_configuration).enabled
    error_message = "The application must start automatically on job submission."
  }

  assert {
    condition = alltrue([
      one(aws_emrserverless_application.this.auto_stop_configuration).enabled,
      one(aws_emrserverless_application.this.auto_stop_configuration).idle_timeout_minutes <= 30,
    ])
    error_message = "The application must stop by itself after at most 30 idle minutes."
  }

  assert {
    condition = length(aws_vpc_security_group_egress_rule.emr) > 0 && alltrue([
      for r in aws_vpc_security_group_egress_rule.emr :
      r.ip_protocol == "tcp" && r.from_port == 443 && r.to_port == 443
    ])
    error_message = "The workers' security group may only allow outbound HTTPS (TCP 443)."
  }

  assert {
    condition     = alltrue([for r in aws_vpc_security_group_ingress_rule.endpoints_from_emr : r.from_port == 443 && r.to_port == 443])
    error_message = "The only inbound rule of the module is HTTPS to the interface endpoints."
  }

  assert {
    condition     = aws_cloudwatch_log_group.emr.name == "/aws/emr-serverless/${var.name}-${var.environment}" && aws_cloudwatch_log_group.emr.retention_in_days == local.log_retention_days
    error_message = "Job logs must go to the application's log group with a bounded retention."
  }

  assert {
    condition = alltrue([
      one(one(aws_emrserverless_application.this.monitoring_configuration).cloudwatch_logging_configuration).enabled,
      one(one(aws_emrserverless_application.this.monitoring_configuration).cloudwatch_logging_configuration).log_group_name == aws_cloudwatch_log_group.emr.name,
      one(one(aws_emrserverless_application.this.monitoring_configuration).s3_monitoring_configuration).log_uri == local.s3_log_uri,
    ])
    error_message = "Spark logs must go to CloudWatch Logs and to the log bucket."
  }

  assert {
    condition     = aws_kms_key.logs.enable_key_rotation && length(jsondecode(aws_kms_key.logs.policy).Statement) == 3
    error_message = "The logs KMS key must rotate and have an explicit key policy."
  }

  assert {
    condition = alltrue([
      local.job_role_trust_statement.Principal.Service == "emr-serverless.amazonaws.com",
      local.job_role_trust_statement.Action == "sts:AssumeRole",
      local.job_role_trust_statement.Condition.StringEquals["aws:SourceAccount"] == data.aws_caller_identity.current.account_id,
    ])
    error_message = "Only EMR Serverless, for this account's application, may assume the job role."
  }

  assert {
    condition = alltrue(flatten([
      for s in local.job_s3_and_logs_statements : [
        for r in s.Resource : s.Effect == "Allow" && r != "*" && !endswith(r, ":::*")
      ]
    ]))
    error_message = "Every job role permission must name its bucket, prefix or log group: no wildcard resources."
  }

  assert {
    condition = alltrue(flatten([
      for s in local.job_s3_and_logs_statements : [
        for a in s.Action : contains(["s3:GetObject", "s3:ListBucket"], a)
      ] if contains(s.Resource, local.code_bucket_arn) || contains(s.Resource, "${local.code_bucket_arn}/*")
    ]))
    error_message = "The job code must be read-only for the jobs."
  }

  assert {
    condition = anytrue([
      for s in local.job_s3_and_logs_statements :
      contains(s.Action, "s3:PutObject") && s.Resource == ["${local.logs_bucket_arn}/emr-serverless/${var.name}-${var.environment}/*"]
    ])
    error_message = "The jobs may write logs under the application's prefix of the log bucket."
  }

  assert {
    condition = alltrue([
      aws_emrserverless_application.this.tags["managed-by"] == "terraform",
      aws_emrserverless_application.this.tags["cost-center"] == var.cost_center,
      aws_emrserverless_application.this.tags["team"] == var.team,
    ])
    error_message = "The application must carry the standard tags."
  }
}

run "new_vpc_spans_every_availability_zone" {
  command = plan

  variables {
    create_vpc          = true
    vpc_cidr            = "10.40.0.0/16"
    interface_endpoints = ["glue", "logs"]
  }

  assert {
    condition     = length(aws_subnet.private) == 3 && toset(aws_subnet.private[*].availability_zone) == toset(["zz-test-1a", "zz-test-1b", "zz-test-1c"])
    error_message = "The VPC must have one private subnet in every Availability Zone of the region."
  }

  assert {
    condition     = alltrue([for s in aws_subnet.private : !s.map_public_ip_on_launch])
    error_message = "Worker subnets must be private."
  }

  assert {
    condition     = aws_vpc_endpoint.s3[0].vpc_endpoint_type == "Gateway" && endswith(aws_vpc_endpoint.s3[0].service_name, ".s3")
    error_message = "S3 must be reached through a gateway endpoint."
  }

  assert {
    condition     = toset(keys(aws_vpc_endpoint.interface)) == toset(["glue", "logs"]) && alltrue([for e in aws_vpc_endpoint.interface : e.private_dns_enabled])
    error_message = "The requested interface endpoints must exist with private DNS."
  }

  assert {
    condition     = toset(keys(aws_vpc_security_group_egress_rule.emr)) == toset(["s3", "endpoints"])
    error_message = "In the created VPC the workers may only reach S3 and the interface endpoints."
  }

  assert {
    condition     = length(local.subnet_ids) == 3
    error_message = "The application must use the private subnet of every Availability Zone."
  }

  assert {
    condition     = aws_flow_log.vpc[0].traffic_type == "ALL" && aws_flow_log.vpc[0].log_destination_type == "cloud-watch-logs" && length(aws_cloudwatch_log_group.flow_logs) == 1
    error_message = "VPC flow logs must capture all traffic into the module's log group."
  }
}

run "existing_private_subnets" {
  command = plan

  variables {
    create_vpc = false
    vpc_id     = "vpc-0123456789abcdef0"
    subnet_ids = ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"]
  }

  assert {
    condition     = length(aws_vpc.workers) == 0 && length(aws_subnet.private) == 0 && length(aws_flow_log.vpc) == 0
    error_message = "No network may be created when existing subnets are given."
  }

  assert {
    condition     = toset(one(aws_emrserverless_application.this.network_configuration).subnet_ids) == toset(var.subnet_ids)
    error_message = "The application must use the given subnets."
  }

  assert {
    condition     = aws_security_group.emr.vpc_id == "vpc-0123456789abcdef0"
    error_message = "The workers' security group must live in the given VPC."
  }

  assert {
    condition     = keys(aws_vpc_security_group_egress_rule.emr) == ["https"] && aws_vpc_security_group_egress_rule.emr["https"].from_port == 443
    error_message = "Through an existing network the workers may only open HTTPS connections."
  }
}

run "existing_network_needs_two_subnets" {
  command = plan

  variables {
    enable_prewarm = false
    create_vpc     = false
    vpc_id         = "vpc-0123456789abcdef0"
    subnet_ids     = ["subnet-0123456789abcdef0"]
  }

  expect_failures = [var.subnet_ids]
}

run "batch_job_runs_only_by_default" {
  command = plan

  variables {
    enable_interactive = false
  }

  assert {
    condition = alltrue([
      !one(aws_emrserverless_application.this.interactive_configuration).studio_enabled,
      !one(aws_emrserverless_application.this.interactive_configuration).livy_endpoint_enabled,
    ])
    error_message = "EMR Studio and the Livy endpoint run code outside the reviewed jobs: they must be off unless asked for."
  }
}

run "interactive_sessions_on_request" {
  command = plan

  variables {
    enable_interactive = true
  }

  assert {
    condition = alltrue([
      one(aws_emrserverless_application.this.interactive_configuration).studio_enabled,
      one(aws_emrserverless_application.this.interactive_configuration).livy_endpoint_enabled,
    ])
    error_message = "enable_interactive must turn on EMR Studio and the Livy endpoint."
  }
}

run "no_pre_initialised_capacity_by_default" {
  command = plan

  variables {
    enable_prewarm = false
  }

  assert {
    condition     = length(aws_emrserverless_application.this.initial_capacity) == 0
    error_message = "Pre-initialised capacity bills while the application runs: it must be off unless asked for."
  }
}

run "pre_initialised_capacity" {
  command = plan

  variables {
    enable_prewarm         = true
    prewarm_driver_count   = 1
    prewarm_executor_count = 2
    worker_vcpu            = 4
    worker_memory_gb       = 16
    executor_disk_gb       = 20
    max_executors          = 20
    max_vcpu               = 48
    max_memory_gb          = 192
    max_disk_gb            = 1000
  }

  assert {
    condition     = length(aws_emrserverless_application.this.initial_capacity) == 2
    error_message = "Pre-initialised driver and executor capacity must be configured."
  }

  assert {
    condition = alltrue([
      for c in aws_emrserverless_application.this.initial_capacity :
      one(one(c.initial_capacity_config).worker_configuration).cpu == "4 vCPU" && one(one(c.initial_capacity_config).worker_configuration).memory == "16 GB"
    ])
    error_message = "Pre-initialised workers must match the workers the jobs ask for."
  }
}

run "pre_initialised_capacity_must_fit" {
  command = plan

  variables {
    enable_prewarm         = true
    prewarm_driver_count   = 2
    prewarm_executor_count = 20
    worker_vcpu            = 4
    worker_memory_gb       = 16
    max_executors          = 20
    max_vcpu               = 48
    max_memory_gb          = 192
  }

  expect_failures = [aws_emrserverless_application.this]
}

run "custom_image_pinned_by_digest" {
  command = plan

  variables {
    image_uri = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/spark/orders@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
  }

  assert {
    condition     = one(aws_emrserverless_application.this.image_configuration).image_uri == var.image_uri
    error_message = "The custom image must be used as given."
  }
}

run "image_tags_are_refused" {
  command = plan

  variables {
    enable_prewarm = false
    image_uri      = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/spark/orders:latest"
  }

  expect_failures = [var.image_uri]
}

run "idle_timeout_is_capped" {
  command = plan

  variables {
    enable_prewarm       = false
    idle_timeout_minutes = 60
  }

  expect_failures = [var.idle_timeout_minutes]
}

run "max_executors_is_required_and_bounded" {
  command = plan

  variables {
    enable_prewarm = false
    max_executors  = 0
  }

  expect_failures = [var.max_executors]
}

run "release_label_stays_on_emr_7" {
  command = plan

  variables {
    enable_prewarm = false
    release_label  = "emr-6.15.0"
  }

  expect_failures = [var.release_label]
}

run "worker_size_must_exist" {
  command = plan

  variables {
    enable_prewarm   = false
    worker_vcpu      = 2
    worker_memory_gb = 30
  }

  expect_failures = [var.worker_memory_gb]
}

run "data_access_is_scoped_to_prefixes" {
  command = plan

  variables {
    data_read_access  = ["acme-raw-data/orders/2026/"]
    data_write_access = ["acme-curated-data/"]
    data_kms_key_arns = ["arn:aws:kms:eu-west-1:123456789012:key/0123abcd-4567-89ab-cdef-0123456789ab"]
  }

  assert {
    condition = anytrue([
      for s in local.job_s3_and_logs_statements :
      s.Action == ["s3:GetObject"] && endswith(s.Resource[0], ":s3:::acme-raw-data/orders/2026/*")
    ])
    error_message = "Read access must be limited to the given prefix."
  }

  assert {
    condition = anytrue([
      for s in local.job_s3_and_logs_statements :
      contains(s.Action, "s3:ListBucket") && try(s.Condition.StringLike["s3:prefix"], []) == ["orders/2026/*"]
    ])
    error_message = "Listing must be limited to the given prefix."
  }

  assert {
    condition = anytrue([
      for s in local.job_s3_and_logs_statements :
      contains(s.Action, "s3:PutObject") && endswith(s.Resource[0], ":s3:::acme-curated-data/*")
    ])
    error_message = "Write access must be limited to the given bucket or prefix."
  }

  assert {
    condition = anytrue([
      for s in local.job_kms_statements :
      s.Sid == "UseDataKeysThroughS3" && try(s.Condition.StringEquals["kms:ViaService"], "") == "s3.${local.region}.amazonaws.com"
    ])
    error_message = "Data keys may only be used through S3."
  }
}

run "prod_is_stricter" {
  command = plan

  variables {
    environment        = "prod"
    force_destroy      = false
    log_retention_days = null
  }

  assert {
    condition     = aws_cloudwatch_log_group.emr.retention_in_days == 365 && aws_kms_key.logs.deletion_window_in_days == 30
    error_message = "prod must keep logs for a year and use the maximum 30-day KMS deletion window."
  }
}

run "dev_standards" {
  command = plan

  variables {
    environment        = "dev"
    log_retention_days = null
  }

  assert {
    condition     = aws_cloudwatch_log_group.emr.retention_in_days == 30 && aws_kms_key.logs.deletion_window_in_days == 7
    error_message = "dev standards: 30 days of logs and a 7-day KMS deletion window."
  }
}

run "force_destroy_only_in_dev" {
  command = plan

  variables {
    enable_prewarm = false
    environment    = "prod"
    force_destroy  = true
  }

  expect_failures = [var.force_destroy]
}
