# Defaults are the answers given when this module was rendered by goldpath
# (documentdb-events 1.0.0); callers can override any of them.

variable "name" {
  description = "Service name. Resources are named <name>-<environment>."
  type        = string
  default     = "payments-ledger"

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
  description = "Free-text purpose of the service, used in the KMS key and function descriptions."
  type        = string
  default     = "Ledger \"PCI\" events — keep $${untouched} and %%{literal}\nsecond line \\ done"

  validation {
    condition     = length(var.description) <= 3500
    error_message = "description must be at most 3500 characters: it becomes part of the KMS key description, which is limited."
  }
}

# --- the database -------------------------------------------------------------------------

variable "engine_version" {
  description = "DocumentDB engine version. Lambda event source mappings support 4.0 and 5.0; the parameter group family follows the major version."
  type        = string
  default     = "5.0.0"

  validation {
    condition     = contains(["5.0.0"], var.engine_version)
    error_message = "engine_version must be 5.0.0 (the cluster parameter group is docdb5.0)."
  }
}

variable "instance_class" {
  description = "Instance class of every cluster instance (Graviton). null = environment standard: db.t4g.medium in dev and staging, db.r6g.large in prod."
  type        = string
  default     = "db.r6g.xlarge"

  validation {
    condition     = var.instance_class == null ? true : can(regex("^db\\.(t4g|r6g|r7g|r8g)\\.[0-9]*x?(medium|large)$", var.instance_class))
    error_message = "instance_class must be a Graviton DocumentDB class such as db.t4g.medium or db.r6g.large."
  }
}

variable "instance_count" {
  description = "Cluster instances (one primary, the rest replicas). null = environment standard: 1 in dev, 2 in staging, 3 in prod."
  type        = number
  default     = 4

  validation {
    condition     = var.instance_count == null ? true : var.instance_count >= 1 && var.instance_count <= 16 && floor(var.instance_count) == var.instance_count
    error_message = "instance_count must be null or a whole number from 1 to 16."
  }
}

variable "backup_retention_days" {
  description = "Days DocumentDB keeps automated backups (point-in-time restore window), 7-35. Rendered for prod: 7 in dev, 14 in staging, 35 in prod."
  type        = number
  default     = 35

  validation {
    condition     = var.backup_retention_days >= 7 && var.backup_retention_days <= 35 && floor(var.backup_retention_days) == var.backup_retention_days
    error_message = "backup_retention_days must be a whole number from 7 to 35."
  }
}

variable "change_stream_retention_seconds" {
  description = "How long the cluster keeps change-stream events (change_stream_log_retention_duration), 3600-604800. null = environment standard: 3 hours in dev, 12 in staging, 24 in prod. The consumer must catch up within it, or the event source mapping is disabled."
  type        = number
  default     = null

  validation {
    condition     = var.change_stream_retention_seconds == null ? true : var.change_stream_retention_seconds >= 3600 && var.change_stream_retention_seconds <= 604800
    error_message = "change_stream_retention_seconds must be null or from 3600 (1 hour) to 604800 (7 days)."
  }
}

variable "database_name" {
  description = "Database holding the collection whose changes trigger the function."
  type        = string
  default     = "ledger"

  validation {
    condition     = can(regex("^[A-Za-z][A-Za-z0-9_-]{0,62}$", var.database_name))
    error_message = "database_name must be 1-63 characters: a letter, then letters, digits, _ or -."
  }
}

variable "collection_name" {
  description = "Collection whose change stream the function consumes."
  type        = string
  default     = "entries"

  validation {
    condition     = can(regex("^[A-Za-z][A-Za-z0-9_-]{0,62}$", var.collection_name))
    error_message = "collection_name must be 1-63 characters: a letter, then letters, digits, _ or -."
  }
}

variable "full_document" {
  description = "UpdateLookup: update events carry the whole current document. Default: only the changed fields."
  type        = string
  default     = "UpdateLookup"

  validation {
    condition     = contains(["UpdateLookup", "Default"], var.full_document)
    error_message = "full_document must be UpdateLookup or Default."
  }
}

# --- the consumer -------------------------------------------------------------------------

variable "trigger_enabled" {
  description = "Whether the event source mapping polls the change stream. Set false to pause the consumer (changes wait in the stream for its retention)."
  type        = bool
  default     = true
  nullable    = false
}

variable "batch_size" {
  description = "Most change events one invocation receives, 1-10000."
  type        = number
  default     = 500

  validation {
    condition     = var.batch_size >= 1 && var.batch_size <= 10000 && floor(var.batch_size) == var.batch_size
    error_message = "batch_size must be a whole number from 1 to 10000."
  }
}

variable "maximum_batching_window_seconds" {
  description = "Seconds the event source mapping waits to fill a batch, 0-300."
  type        = number
  default     = 2

  validation {
    condition     = var.maximum_batching_window_seconds >= 0 && var.maximum_batching_window_seconds <= 300 && floor(var.maximum_batching_window_seconds) == var.maximum_batching_window_seconds
    error_message = "maximum_batching_window_seconds must be a whole number from 0 to 300."
  }
}

variable "memory_mb" {
  description = "Memory of the function in MB, 128-10240."
  type        = number
  default     = 512

  validation {
    condition     = var.memory_mb >= 128 && var.memory_mb <= 10240
    error_message = "memory_mb must be from 128 to 10240."
  }
}

variable "timeout_seconds" {
  description = "Maximum run time of one invocation in seconds, 1-840: DocumentDB event source mappings only support functions with a timeout of at most 14 minutes."
  type        = number
  default     = 120

  validation {
    condition     = var.timeout_seconds >= 1 && var.timeout_seconds <= 840
    error_message = "timeout_seconds must be from 1 to 840 (DocumentDB event source mappings allow at most 14 minutes)."
  }
}

variable "reserved_concurrency" {
  description = "Reserved (and maximum) concurrent executions. null = environment standard: 2 in dev and staging, 5 in prod."
  type        = number
  default     = 10

  validation {
    condition     = var.reserved_concurrency == null ? true : var.reserved_concurrency >= 1
    error_message = "reserved_concurrency must be null or at least 1."
  }
}

variable "log_level" {
  description = "Application log level: DEBUG, INFO, WARN or ERROR."
  type        = string
  default     = "WARN"

  validation {
    condition     = contains(["DEBUG", "INFO", "WARN", "ERROR"], var.log_level)
    error_message = "log_level must be DEBUG, INFO, WARN or ERROR."
  }
}

variable "trace_responses" {
  description = "Record return values of traced functions in X-Ray (debugging only: they may hold document contents)."
  type        = bool
  default     = false
  nullable    = false
}

variable "powertools_layer_version" {
  description = "Version of the public Powertools for AWS Lambda (Python) V3 layer for python3.13 on arm64."
  type        = number
  default     = 27

  validation {
    condition     = var.powertools_layer_version >= 1 && floor(var.powertools_layer_version) == var.powertools_layer_version
    error_message = "powertools_layer_version must be a positive whole number."
  }
}

variable "dead_letter_retention_seconds" {
  description = "How long the dead-letter queue keeps changes the consumer could not process (at most 14 days)."
  type        = number
  default     = 1209600

  validation {
    condition     = var.dead_letter_retention_seconds >= 60 && var.dead_letter_retention_seconds <= 1209600
    error_message = "dead_letter_retention_seconds must be from 60 to 1209600 (14 days)."
  }
}

# --- network ------------------------------------------------------------------------------

variable "create_vpc" {
  description = "Create a VPC with a private subnet in three Availability Zones and the interface endpoints the consumer and the event source mapping need. false = use vpc_id and subnet_ids."
  type        = bool
  default     = true
  nullable    = false
}

variable "vpc_cidr" {
  description = "Address range of the VPC created when create_vpc is true, /16 to /20."
  type        = string
  default     = "10.60.0.0/16"

  validation {
    condition     = try(cidrhost(var.vpc_cidr, 0) != "" && tonumber(split("/", var.vpc_cidr)[1]) >= 16 && tonumber(split("/", var.vpc_cidr)[1]) <= 20, false)
    error_message = "vpc_cidr must be an IPv4 CIDR block from /16 to /20."
  }
}

variable "vpc_id" {
  description = "Existing VPC holding subnet_ids, used when create_vpc is false."
  type        = string
  default     = null

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
  description = "Existing private subnets when create_vpc is false, in at least two Availability Zones, with a route to Lambda, STS, Secrets Manager and SQS (NAT or interface endpoints)."
  type        = list(string)
  default     = []
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

# --- operations ---------------------------------------------------------------------------

variable "log_retention_days" {
  description = "Days CloudWatch keeps the function, audit, profiler and flow logs. null = the environment standard: 30 in dev, 90 in staging, 365 in prod."
  type        = number
  default     = 731

  validation {
    condition     = var.log_retention_days == null ? true : contains([30, 60, 90, 180, 365, 731, 1827, 3653], var.log_retention_days)
    error_message = "log_retention_days must be null or one of 30, 60, 90, 180, 365, 731, 1827, 3653."
  }
}

variable "tags" {
  description = "Extra tags for every resource. The module's standard tags take precedence."
  type        = map(string)
  default     = {}
  nullable    = false
}
