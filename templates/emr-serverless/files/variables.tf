{% include "_shared/partials/variables/header.tf" %}
variable "name" {
  description = "Name of the Spark application. Resources are named <name>-<environment>."
  type        = string
  default     = {{ name }}

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{2,30}$", var.name))
    error_message = "name must be 3-31 characters: a lowercase letter, then lowercase letters, digits or hyphens."
  }
}

{% include "_shared/partials/variables/environment.tf" %}
{% include "_shared/partials/variables/ownership.tf" %}
variable "description" {
  description = "Free-text purpose of the Spark jobs, used in the KMS key and bucket descriptions."
  type        = string
  default     = {{ description }}

  validation {
    condition     = length(var.description) <= 3500
    error_message = "description must be at most 3500 characters: it becomes part of the KMS key and bucket descriptions, which are limited."
  }
}

variable "release_label" {
  description = "Amazon EMR release of the application. Pinned to an exact emr-7.x label; a new release is a reviewed change."
  type        = string
  default     = {{ release_label }}

  validation {
    condition     = can(regex("^emr-7\\.[0-9]+\\.[0-9]+$", var.release_label))
    error_message = "release_label must be an exact emr-7.x.y label such as emr-7.12.0 (no -latest, no other major version)."
  }
}

variable "worker_vcpu" {
  description = "vCPUs of each Spark driver and executor worker: 1, 2, 4, 8 or 16."
  type        = number
  default     = {{ worker_vcpu | int }}

  validation {
    condition     = contains([1, 2, 4, 8, 16], var.worker_vcpu)
    error_message = "worker_vcpu must be 1, 2, 4, 8 or 16."
  }
}

variable "worker_memory_gb" {
  description = "Memory of each Spark driver and executor worker in GB, within the range EMR Serverless allows for worker_vcpu."
  type        = number
  default     = {{ worker_memory_gb }}

  validation {
    condition = (
      var.worker_vcpu == 1 ? var.worker_memory_gb >= 2 && var.worker_memory_gb <= 8 :
      var.worker_vcpu == 2 ? var.worker_memory_gb >= 4 && var.worker_memory_gb <= 16 :
      var.worker_vcpu == 4 ? var.worker_memory_gb >= 8 && var.worker_memory_gb <= 30 :
      var.worker_vcpu == 8 ? var.worker_memory_gb >= 16 && var.worker_memory_gb <= 60 && var.worker_memory_gb % 4 == 0 :
      var.worker_memory_gb >= 32 && var.worker_memory_gb <= 120 && var.worker_memory_gb % 8 == 0
    ) && floor(var.worker_memory_gb) == var.worker_memory_gb
    error_message = "worker_memory_gb must fit worker_vcpu: 1 vCPU 2-8 GB, 2 vCPU 4-16 GB, 4 vCPU 8-30 GB, 8 vCPU 16-60 GB in steps of 4, 16 vCPU 32-120 GB in steps of 8."
  }
}

variable "executor_disk_gb" {
  description = "Local disk of each driver and executor worker in GB (spark.emr-serverless.executor.disk), 20-200."
  type        = number
  default     = {{ executor_disk_gb }}

  validation {
    condition     = var.executor_disk_gb >= 20 && var.executor_disk_gb <= 200 && floor(var.executor_disk_gb) == var.executor_disk_gb
    error_message = "executor_disk_gb must be a whole number from 20 to 200."
  }
}

variable "max_executors" {
  description = "Most executors one job may scale out to (spark.dynamicAllocation.maxExecutors), 1-100."
  type        = number
  default     = {{ max_executors }}

  validation {
    condition     = var.max_executors >= 1 && var.max_executors <= 100 && floor(var.max_executors) == var.max_executors
    error_message = "max_executors must be a whole number from 1 to 100."
  }
}

variable "max_vcpu" {
  description = "Maximum vCPUs all workers of the application may use together."
  type        = number
  default     = {{ max_vcpu }}

  validation {
    condition     = var.max_vcpu >= 2 && var.max_vcpu <= 4000 && floor(var.max_vcpu) == var.max_vcpu
    error_message = "max_vcpu must be a whole number from 2 to 4000."
  }
}

variable "max_memory_gb" {
  description = "Maximum memory (GB) all workers of the application may use together."
  type        = number
  default     = {{ max_memory_gb }}

  validation {
    condition     = var.max_memory_gb >= 4 && var.max_memory_gb <= 24000 && floor(var.max_memory_gb) == var.max_memory_gb
    error_message = "max_memory_gb must be a whole number from 4 to 24000."
  }
}

variable "max_disk_gb" {
  description = "Maximum worker disk (GB) all workers of the application may use together."
  type        = number
  default     = {{ max_disk_gb }}

  validation {
    condition     = var.max_disk_gb >= 40 && var.max_disk_gb <= 200000 && floor(var.max_disk_gb) == var.max_disk_gb
    error_message = "max_disk_gb must be a whole number from 40 to 200000."
  }
}

variable "idle_timeout_minutes" {
  description = "Minutes without jobs after which the application stops and releases its capacity, 1-30."
  type        = number
  default     = {{ idle_timeout_minutes }}

  validation {
    condition     = var.idle_timeout_minutes >= 1 && var.idle_timeout_minutes <= 30 && floor(var.idle_timeout_minutes) == var.idle_timeout_minutes
    error_message = "idle_timeout_minutes must be a whole number from 1 to 30: idle applications must stop quickly."
  }
}

variable "max_concurrent_runs" {
  description = "Most job runs executing at the same time; further runs wait in the queue (up to 6 hours)."
  type        = number
  default     = {{ max_concurrent_runs }}

  validation {
    condition     = var.max_concurrent_runs >= 1 && var.max_concurrent_runs <= 1000 && floor(var.max_concurrent_runs) == var.max_concurrent_runs
    error_message = "max_concurrent_runs must be a whole number from 1 to 1000."
  }
}

variable "enable_prewarm" {
  description = "Keep pre-initialised driver and executor workers ready while the application is started (billed while it runs)."
  type        = bool
  default     = {{ enable_prewarm }}
  nullable    = false
}

variable "prewarm_driver_count" {
  description = "Pre-initialised driver workers when enable_prewarm is true."
  type        = number
  default     = {% if prewarm_driver_count is defined %}{{ prewarm_driver_count }}{% else %}1{% endif %}

  validation {
    condition     = var.prewarm_driver_count >= 1 && var.prewarm_driver_count <= 10 && floor(var.prewarm_driver_count) == var.prewarm_driver_count
    error_message = "prewarm_driver_count must be a whole number from 1 to 10."
  }
}

variable "prewarm_executor_count" {
  description = "Pre-initialised executor workers when enable_prewarm is true."
  type        = number
  default     = {% if prewarm_executor_count is defined %}{{ prewarm_executor_count }}{% else %}2{% endif %}

  validation {
    condition     = var.prewarm_executor_count >= 1 && var.prewarm_executor_count <= 100 && floor(var.prewarm_executor_count) == var.prewarm_executor_count
    error_message = "prewarm_executor_count must be a whole number from 1 to 100."
  }
}

variable "image_uri" {
  description = "Custom ECR image pinned by digest (<account>.dkr.ecr.<region>.amazonaws.com/<repository>@sha256:<digest>), or null for the stock EMR image."
  type        = string
  default     = {% if image_uri is defined %}{{ image_uri }}{% else %}null{% endif %}

  validation {
    condition     = var.image_uri == null ? true : can(regex("^[0-9]{12}\\.dkr\\.ecr\\.[a-z0-9-]+\\.amazonaws\\.com/[a-z0-9]+(?:[._/-][a-z0-9]+)*@sha256:[0-9a-f]{64}$", var.image_uri))
    error_message = "image_uri must be an ECR image pinned by digest: <account>.dkr.ecr.<region>.amazonaws.com/<repository>@sha256:<64 hex characters>. Tags can move and are refused."
  }
}

variable "enable_interactive" {
  description = "Let EMR Studio notebooks and the Apache Livy endpoint run interactive Spark sessions on the application. false = job runs only."
  type        = bool
  default     = {{ enable_interactive }}
  nullable    = false
}

variable "data_read_access" {
  description = "S3 locations the jobs may read, as \"bucket/prefix/\" (\"bucket/\" = the whole bucket)."
  type        = list(string)
  default     = {{ data_read_access | hcl }}
  nullable    = false

  validation {
    condition     = alltrue([for p in var.data_read_access : can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]/(?:[A-Za-z0-9_.=-]+/)*$", p))])
    error_message = "Each data_read_access entry must be bucket/prefix/ with a trailing slash, without wildcards."
  }
}

variable "data_write_access" {
  description = "S3 locations the jobs may read and write, as \"bucket/prefix/\" (\"bucket/\" = the whole bucket)."
  type        = list(string)
  default     = {{ data_write_access | hcl }}
  nullable    = false

  validation {
    condition     = alltrue([for p in var.data_write_access : can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]/(?:[A-Za-z0-9_.=-]+/)*$", p))])
    error_message = "Each data_write_access entry must be bucket/prefix/ with a trailing slash, without wildcards."
  }
}

variable "data_kms_key_arns" {
  description = "KMS keys (full ARNs) that encrypt the data buckets; the jobs may use them only through Amazon S3."
  type        = list(string)
  default     = {{ data_kms_key_arns | hcl }}
  nullable    = false

  validation {
    condition     = alltrue([for k in var.data_kms_key_arns : can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[0-9a-f-]{36}$", k))])
    error_message = "Each data_kms_key_arns entry must be a full KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>)."
  }
}

variable "create_vpc" {
  description = "Create a VPC with a private subnet in every Availability Zone of the region. false = use vpc_id and subnet_ids."
  type        = bool
  default     = {{ create_vpc }}
  nullable    = false
}

variable "vpc_cidr" {
  description = "Address range of the VPC created when create_vpc is true, /16 to /20."
  type        = string
  default     = {% if vpc_cidr is defined %}{{ vpc_cidr }}{% else %}"10.40.0.0/16"{% endif %}

  validation {
    condition     = try(cidrhost(var.vpc_cidr, 0) != "" && tonumber(split("/", var.vpc_cidr)[1]) >= 16 && tonumber(split("/", var.vpc_cidr)[1]) <= 20, false)
    error_message = "vpc_cidr must be an IPv4 CIDR block from /16 to /20."
  }
}

variable "interface_endpoints" {
  description = "Services reached through interface endpoints in the created VPC: any of glue, logs, sts, kms, monitoring."
  type        = list(string)
  default     = {% if interface_endpoints is defined %}{{ interface_endpoints | hcl }}{% else %}[]{% endif %}
  nullable    = false

  validation {
    condition     = alltrue([for s in var.interface_endpoints : contains(["glue", "logs", "sts", "kms", "monitoring"], s)])
    error_message = "interface_endpoints may only hold glue, logs, sts, kms and monitoring."
  }
}

variable "vpc_id" {
  description = "Existing VPC holding subnet_ids, used when create_vpc is false."
  type        = string
  default     = {% if vpc_id is defined %}{{ vpc_id }}{% else %}null{% endif %}

  validation {
    condition     = var.create_vpc || var.vpc_id != null
    error_message = "vpc_id is required when create_vpc is false."
  }

  validation {
    condition     = var.vpc_id == null ? true : can(regex("^vpc-[0-9a-f]{8,17}$", var.vpc_id))
    error_message = "vpc_id must look like vpc-0123456789abcdef0."
  }
}

variable "subnet_ids" {
  description = "Existing private subnets for the workers when create_vpc is false, in at least two Availability Zones."
  type        = list(string)
  default     = {% if subnet_ids is defined %}{{ subnet_ids | hcl }}{% else %}[]{% endif %}
  nullable    = false

  validation {
    condition     = var.create_vpc || length(var.subnet_ids) >= 2
    error_message = "At least two subnet_ids (in different Availability Zones) are required when create_vpc is false."
  }

  validation {
    condition     = alltrue([for s in var.subnet_ids : can(regex("^subnet-[0-9a-f]{8,17}$", s))])
    error_message = "subnet_ids entries must look like subnet-0123456789abcdef0."
  }
}

variable "log_retention_days" {
  description = "Days CloudWatch keeps job and flow logs. null = the environment standard: 30 in dev, 90 in staging, 365 in prod."
  type        = number
  default     = {% if log_retention_days == "standard" %}null{% else %}{{ log_retention_days | int }}{% endif %}

  validation {
    condition     = var.log_retention_days == null ? true : contains([30, 60, 90, 180, 365, 731, 1827, 3653], var.log_retention_days)
    error_message = "log_retention_days must be null or one of 30, 60, 90, 180, 365, 731, 1827, 3653."
  }
}

variable "upload_sample_job" {
  description = "Upload jobs/wordcount.py to the code bucket under jobs/."
  type        = bool
  default     = {{ upload_sample_job }}
  nullable    = false
}

variable "force_destroy" {
  description = "Let terraform destroy delete the code and log buckets while they still hold objects. Allowed only in dev."
  type        = bool
  default     = {% if force_destroy is defined %}{{ force_destroy }}{% else %}false{% endif %}
  nullable    = false

  validation {
    condition     = !var.force_destroy || var.environment == "dev"
    error_message = "force_destroy may only be true when environment is dev."
  }
}

variable "tags" {
  description = "Extra tags for every resource. The module's standard tags take precedence."
  type        = map(string)
  default     = {}
  nullable    = false
}
