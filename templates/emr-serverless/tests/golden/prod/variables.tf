# Defaults are the answers given when this module was rendered by goldpath
# (emr-serverless 1.1.0); callers can override any of them.

variable "name" {
  description = "Name of the Spark application. Resources are named <name>-<environment>."
  type        = string
  default     = "payments-ledger-spark"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{2,30}$", var.name))
    error_message = "name must be 3-31 characters: a lowercase letter, then lowercase letters, digits or hyphens."
  }
}

variable "environment" {
  description = "Deployment environment: dev, staging or prod."
  type        = string
  default     = "prod"

  validation {
    condition     = contains(["dev", "staging", "prod"], var.environment)
    error_message = "environment must be one of dev, staging, prod."
  }
}

variable "team" {
  description = "Owning team slug (tag team)."
  type        = string
  default     = "payments"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,40}$", var.team))
    error_message = "team must be 2-41 characters: a lowercase letter, then lowercase letters, digits or hyphens."
  }
}

variable "cost_center" {
  description = "Cost center code such as ENG-1234 (tag cost-center)."
  type        = string
  default     = "FIN-104200"

  validation {
    condition     = can(regex("^[A-Z]{2,4}-[0-9]{3,6}$", var.cost_center))
    error_message = "cost_center must look like ENG-1234: 2-4 capital letters, a hyphen, 3-6 digits."
  }
}

variable "owner" {
  description = "Contact email of the owner (tag owner)."
  type        = string
  default     = "payments.oncall+aws@acme.example"

  validation {
    condition     = can(regex("^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}$", var.owner)) && length(var.owner) <= 254
    error_message = "owner must be an email address."
  }
}

variable "description" {
  description = "Free-text purpose of the Spark jobs, used in the KMS key and bucket descriptions."
  type        = string
  default     = "Ledger \"PCI\" reconciliation — keeps $${untouched} and %%{literal}\nsecond line \\ done"

  validation {
    condition     = length(var.description) <= 3500
    error_message = "description must be at most 3500 characters: it becomes part of the KMS key and bucket descriptions, which are limited."
  }
}

variable "release_label" {
  description = "Amazon EMR release of the application. Pinned to an exact emr-7.x label; a new release is a reviewed change."
  type        = string
  default     = "emr-7.11.0"

  validation {
    condition     = can(regex("^emr-7\\.[0-9]+\\.[0-9]+$", var.release_label))
    error_message = "release_label must be an exact emr-7.x.y label such as emr-7.12.0 (no -latest, no other major version)."
  }
}

variable "worker_vcpu" {
  description = "vCPUs of each Spark driver and executor worker: 1, 2, 4, 8 or 16."
  type        = number
  default     = 8

  validation {
    condition     = contains([1, 2, 4, 8, 16], var.worker_vcpu)
    error_message = "worker_vcpu must be 1, 2, 4, 8 or 16."
  }
}

variable "worker_memory_gb" {
  description = "Memory of each Spark driver and executor worker in GB, within the range EMR Serverless allows for worker_vcpu."
  type        = number
  default     = 32

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
  default     = 100

  validation {
    condition     = var.executor_disk_gb >= 20 && var.executor_disk_gb <= 200 && floor(var.executor_disk_gb) == var.executor_disk_gb
    error_message = "executor_disk_gb must be a whole number from 20 to 200."
  }
}

variable "max_executors" {
  description = "Most executors one job may scale out to (spark.dynamicAllocation.maxExecutors), 1-100."
  type        = number
  default     = 40

  validation {
    condition     = var.max_executors >= 1 && var.max_executors <= 100 && floor(var.max_executors) == var.max_executors
    error_message = "max_executors must be a whole number from 1 to 100."
  }
}

variable "max_vcpu" {
  description = "Maximum vCPUs all workers of the application may use together."
  type        = number
  default     = 400

  validation {
    condition     = var.max_vcpu >= 2 && var.max_vcpu <= 4000 && floor(var.max_vcpu) == var.max_vcpu
    error_message = "max_vcpu must be a whole number from 2 to 4000."
  }
}

variable "max_memory_gb" {
  description = "Maximum memory (GB) all workers of the application may use together."
  type        = number
  default     = 1600

  validation {
    condition     = var.max_memory_gb >= 4 && var.max_memory_gb <= 24000 && floor(var.max_memory_gb) == var.max_memory_gb
    error_message = "max_memory_gb must be a whole number from 4 to 24000."
  }
}

variable "max_disk_gb" {
  description = "Maximum worker disk (GB) all workers of the application may use together."
  type        = number
  default     = 5000

  validation {
    condition     = var.max_disk_gb >= 40 && var.max_disk_gb <= 200000 && floor(var.max_disk_gb) == var.max_disk_gb
    error_message = "max_disk_gb must be a whole number from 40 to 200000."
  }
}

variable "idle_timeout_minutes" {
  description = "Minutes without jobs after which the application stops and releases its capacity, 1-30."
  type        = number
  default     = 10

  validation {
    condition     = var.idle_timeout_minutes >= 1 && var.idle_timeout_minutes <= 30 && floor(var.idle_timeout_minutes) == var.idle_timeout_minutes
    error_message = "idle_timeout_minutes must be a whole number from 1 to 30: idle applications must stop quickly."
  }
}

variable "max_concurrent_runs" {
  description = "Most job runs executing at the same time; further runs wait in the queue (up to 6 hours)."
  type        = number
  default     = 5

  validation {
    condition     = var.max_concurrent_runs >= 1 && var.max_concurrent_runs <= 1000 && floor(var.max_concurrent_runs) == var.max_concurrent_runs
    error_message = "max_concurrent_runs must be a whole number from 1 to 1000."
  }
}

variable "enable_prewarm" {
  description = "Keep pre-initialised driver and executor workers ready while the application is started (billed while it runs)."
  type        = bool
  default     = true
  nullable    = false
}

variable "prewarm_driver_count" {
  description = "Pre-initialised driver workers when enable_prewarm is true."
  type        = number
  default     = 1

  validation {
    condition     = var.prewarm_driver_count >= 1 && var.prewarm_driver_count <= 10 && floor(var.prewarm_driver_count) == var.prewarm_driver_count
    error_message = "prewarm_driver_count must be a whole number from 1 to 10."
  }
}

variable "prewarm_executor_count" {
  description = "Pre-initialised executor workers when enable_prewarm is true."
  type        = number
  default     = 4

  validation {
    condition     = var.prewarm_executor_count >= 1 && var.prewarm_executor_count <= 100 && floor(var.prewarm_executor_count) == var.prewarm_executor_count
    error_message = "prewarm_executor_count must be a whole number from 1 to 100."
  }
}

variable "image_uri" {
  description = "Custom ECR image pinned by digest (<account>.dkr.ecr.<region>.amazonaws.com/<repository>@sha256:<digest>), or null for the stock EMR image."
  type        = string
  default     = "123456789012.dkr.ecr.us-east-1.amazonaws.com/spark/payments-ledger@sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"

  validation {
    condition     = var.image_uri == null ? true : can(regex("^[0-9]{12}\\.dkr\\.ecr\\.[a-z0-9-]+\\.amazonaws\\.com/[a-z0-9]+(?:[._/-][a-z0-9]+)*@sha256:[0-9a-f]{64}$", var.image_uri))
    error_message = "image_uri must be an ECR image pinned by digest: <account>.dkr.ecr.<region>.amazonaws.com/<repository>@sha256:<64 hex characters>. Tags can move and are refused."
  }
}

variable "enable_interactive" {
  description = "Let EMR Studio notebooks and the Apache Livy endpoint run interactive Spark sessions on the application. false = job runs only."
  type        = bool
  default     = false
  nullable    = false
}

variable "data_read_access" {
  description = "S3 locations the jobs may read, as \"bucket/prefix/\" (\"bucket/\" = the whole bucket)."
  type        = list(string)
  default     = ["acme-payments-raw/ledger/", "acme-reference-data/fx-rates/daily/"]
  nullable    = false

  validation {
    condition     = alltrue([for p in var.data_read_access : can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]/(?:[A-Za-z0-9_.=-]+/)*$", p))])
    error_message = "Each data_read_access entry must be bucket/prefix/ with a trailing slash, without wildcards."
  }
}

variable "data_write_access" {
  description = "S3 locations the jobs may read and write, as \"bucket/prefix/\" (\"bucket/\" = the whole bucket)."
  type        = list(string)
  default     = ["acme-payments-curated/ledger/"]
  nullable    = false

  validation {
    condition     = alltrue([for p in var.data_write_access : can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]/(?:[A-Za-z0-9_.=-]+/)*$", p))])
    error_message = "Each data_write_access entry must be bucket/prefix/ with a trailing slash, without wildcards."
  }
}

variable "data_kms_key_arns" {
  description = "KMS keys (full ARNs) that encrypt the data buckets; the jobs may use them only through Amazon S3."
  type        = list(string)
  default     = ["arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"]
  nullable    = false

  validation {
    condition     = alltrue([for k in var.data_kms_key_arns : can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[0-9a-f-]{36}$", k))])
    error_message = "Each data_kms_key_arns entry must be a full KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>)."
  }
}

variable "create_vpc" {
  description = "Create a VPC with a private subnet in every Availability Zone of the region. false = use vpc_id and subnet_ids."
  type        = bool
  default     = false
  nullable    = false
}

variable "vpc_cidr" {
  description = "Address range of the VPC created when create_vpc is true, /16 to /20."
  type        = string
  default     = "10.40.0.0/16"

  validation {
    condition     = try(cidrhost(var.vpc_cidr, 0) != "" && tonumber(split("/", var.vpc_cidr)[1]) >= 16 && tonumber(split("/", var.vpc_cidr)[1]) <= 20, false)
    error_message = "vpc_cidr must be an IPv4 CIDR block from /16 to /20."
  }
}

variable "interface_endpoints" {
  description = "Services reached through interface endpoints in the created VPC: any of glue, logs, sts, kms, monitoring."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for s in var.interface_endpoints : contains(["glue", "logs", "sts", "kms", "monitoring"], s)])
    error_message = "interface_endpoints may only hold glue, logs, sts, kms and monitoring."
  }
}

variable "vpc_id" {
  description = "Existing VPC holding subnet_ids, used when create_vpc is false."
  type        = string
  default     = "vpc-0a1b2c3d4e5f60718"

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
  default     = ["subnet-0a1b2c3d4e5f60718", "subnet-0b1c2d3e4f5a60719", "subnet-0c1d2e3f4a5b6071a"]
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
  default     = 731

  validation {
    condition     = var.log_retention_days == null ? true : contains([30, 60, 90, 180, 365, 731, 1827, 3653], var.log_retention_days)
    error_message = "log_retention_days must be null or one of 30, 60, 90, 180, 365, 731, 1827, 3653."
  }
}

variable "upload_sample_job" {
  description = "Upload jobs/wordcount.py to the code bucket under jobs/."
  type        = bool
  default     = false
  nullable    = false
}

variable "force_destroy" {
  description = "Let terraform destroy delete the code and log buckets while they still hold objects. Allowed only in dev."
  type        = bool
  default     = false
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
