{% include "_shared/partials/variables/header.tf" %}
variable "name" {
  description = "Name of the data lake. Resources are named <name>-<environment>."
  type        = string
  default     = {{ name }}

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{2,32}$", var.name))
    error_message = "name must be 3-33 characters: a lowercase letter, then lowercase letters, digits or hyphens."
  }
}

{% include "_shared/partials/variables/environment.tf" %}
{% include "_shared/partials/variables/ownership.tf" %}
variable "description" {
  description = "Free-text purpose of the data lake, used in the KMS key, bucket, database and workgroup descriptions."
  type        = string
  default     = {{ description }}

  validation {
    condition     = length(var.description) <= 900
    error_message = "description must be at most 900 characters: it becomes part of descriptions AWS limits (the Athena workgroup's to 1024)."
  }
}

variable "lake_admins" {
  description = "Lake Formation data lake administrators (IAM role or user ARNs). They replace the account's administrators; include the principal that runs Terraform."
  type        = list(string)
  default     = {{ lake_admins | hcl }}
  nullable    = false

  validation {
    condition     = length(var.lake_admins) >= 1 && length(var.lake_admins) <= 10
    error_message = "lake_admins must name 1 to 10 administrators."
  }

  validation {
    condition     = alltrue([for a in var.lake_admins : can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:(role|user)/[A-Za-z0-9+=,.@_/-]{1,512}$", a))])
    error_message = "Each lake_admins entry must be an IAM role or user ARN (arn:aws:iam::<account>:role/<name>)."
  }
}

variable "consumers" {
  description = "Lake Formation read grants, one per entry: \"ZONE.TABLE:PERMISSIONS:PRINCIPAL_ARN\" with ZONE raw or curated, TABLE a table name or * (the whole database), PERMISSIONS SELECT, DESCRIBE or SELECT+DESCRIBE."
  type        = list(string)
  default     = {{ consumers | hcl }}
  nullable    = false

  validation {
    condition     = alltrue([for c in var.consumers : can(regex("^(raw|curated)\\.(\\*|[a-z0-9_]{1,255}):(SELECT|DESCRIBE|SELECT\\+DESCRIBE):arn:aws[a-z-]*:iam::[0-9]{12}:(role|user)/[A-Za-z0-9+=,.@_/-]{1,512}$", c))])
    error_message = "Each consumers entry must look like curated.*:SELECT+DESCRIBE:arn:aws:iam::123456789012:role/analysts (zone raw or curated; a table name or *; SELECT, DESCRIBE or SELECT+DESCRIBE; an IAM role or user ARN)."
  }

  validation {
    condition     = length(var.consumers) == length(distinct(var.consumers))
    error_message = "consumers must not list the same grant twice."
  }
}

variable "crawler_schedule" {
  description = "EventBridge cron expression (UTC) on which both crawlers run, e.g. cron(0 2 * * ? *)."
  type        = string
  default     = {{ crawler_schedule }}

  validation {
    condition     = can(regex("^cron\\([0-9*?,/LW#-]+( [0-9A-Za-z*?,/LW#-]+){5}\\)$", var.crawler_schedule))
    error_message = "crawler_schedule must be a six-field cron expression such as cron(0 2 * * ? *)."
  }
}

variable "scan_limit_gb" {
  description = "Most data (GB) one Athena query of the workgroup may scan before it is cancelled. null = the environment standard: 100 in dev, 50 in staging, 20 in prod."
  type        = number
  default     = {% if scan_limit_gb == 0 %}null{% else %}{{ scan_limit_gb }}{% endif %}

  validation {
    condition     = var.scan_limit_gb == null ? true : var.scan_limit_gb >= 1 && var.scan_limit_gb <= 10240 && floor(var.scan_limit_gb) == var.scan_limit_gb
    error_message = "scan_limit_gb must be null or a whole number from 1 to 10240."
  }
}

variable "enable_sagemaker" {
  description = "Create a SageMaker execution role that queries the curated zone through the Athena workgroup, with a Lake Formation grant on the curated database."
  type        = bool
  default     = {{ enable_sagemaker }}
  nullable    = false
}

variable "log_retention_days" {
  description = "Days CloudWatch keeps the crawler logs. null = the environment standard: 30 in dev, 90 in staging, 365 in prod."
  type        = number
  default     = {% if log_retention_days == "standard" %}null{% else %}{{ log_retention_days | int }}{% endif %}

  validation {
    condition     = var.log_retention_days == null ? true : contains([30, 60, 90, 180, 365, 731, 1827, 3653], var.log_retention_days)
    error_message = "log_retention_days must be null or one of 30, 60, 90, 180, 365, 731, 1827, 3653."
  }
}

variable "force_destroy" {
  description = "Let terraform destroy delete the zone and results buckets while they still hold objects, and the workgroup with its saved queries. Allowed only in dev."
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
