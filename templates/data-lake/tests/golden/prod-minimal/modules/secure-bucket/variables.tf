# Defaults are the answers given when this module was rendered by goldpath
# (s3-secure-bucket 1.0.0); callers can override any of them.

variable "name" {
  description = "Service or dataset name. The bucket is named <name>-<environment>."
  type        = string
  default     = "clickstream-raw"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{2,40}$", var.name))
    error_message = "name must be 3-41 characters: a lowercase letter, then lowercase letters, digits or hyphens."
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
  default     = "web-analytics"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,40}$", var.team))
    error_message = "team must be 2-41 characters: a lowercase letter, then lowercase letters, digits or hyphens."
  }
}

variable "cost_center" {
  description = "Cost center code such as ENG-1234 (tag cost-center)."
  type        = string
  default     = "MKT-2001"

  validation {
    condition     = can(regex("^[A-Z]{2,4}-[0-9]{3,6}$", var.cost_center))
    error_message = "cost_center must look like ENG-1234: 2-4 capital letters, a hyphen, 3-6 digits."
  }
}

variable "owner" {
  description = "Contact email of the owner (tag owner)."
  type        = string
  default     = "web-analytics@acme.example"

  validation {
    condition     = can(regex("^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}$", var.owner)) && length(var.owner) <= 254
    error_message = "owner must be an email address."
  }
}

variable "description" {
  description = "Free-text purpose of the bucket, used in the KMS key description."
  type        = string
  default     = "Technical data lake catalog"

  validation {
    condition     = length(var.description) <= 4096
    error_message = "description must be at most 4096 characters (KMS key descriptions are limited)."
  }
}

variable "data_classification" {
  description = "Highest classification of data stored in the bucket (tag data-classification)."
  type        = string
  default     = "confidential"

  validation {
    condition     = contains(["internal", "confidential", "restricted"], var.data_classification)
    error_message = "data_classification must be one of internal, confidential, restricted."
  }
}

variable "noncurrent_version_days" {
  description = "Days a noncurrent (overwritten or deleted) object version is kept before it expires. null = the environment standard: 30 in dev, 90 in staging, 365 in prod."
  type        = number
  default     = null

  validation {
    condition     = var.noncurrent_version_days == null ? true : var.noncurrent_version_days >= 1 && var.noncurrent_version_days <= 3650 && floor(var.noncurrent_version_days) == var.noncurrent_version_days
    error_message = "noncurrent_version_days must be null or a whole number from 1 to 3650."
  }
}

variable "transition_storage_class" {
  description = "Storage class current objects move to after transition_days (INTELLIGENT_TIERING, STANDARD_IA or GLACIER_IR), or null for no transition."
  type        = string
  default     = null

  validation {
    condition     = var.transition_storage_class == null ? true : contains(["INTELLIGENT_TIERING", "STANDARD_IA", "GLACIER_IR"], var.transition_storage_class)
    error_message = "transition_storage_class must be null, INTELLIGENT_TIERING, STANDARD_IA or GLACIER_IR."
  }
}

variable "transition_days" {
  description = "Days after creation before current objects move to transition_storage_class."
  type        = number
  default     = 30

  validation {
    condition     = var.transition_days >= 30 && var.transition_days <= 3650 && floor(var.transition_days) == var.transition_days
    error_message = "transition_days must be a whole number from 30 (the STANDARD_IA minimum) to 3650."
  }
}

variable "object_lock_mode" {
  description = "S3 Object Lock default retention mode for new object versions (GOVERNANCE or COMPLIANCE), or null to leave Object Lock off."
  type        = string
  default     = null

  validation {
    condition     = var.object_lock_mode == null ? true : contains(["GOVERNANCE", "COMPLIANCE"], var.object_lock_mode)
    error_message = "object_lock_mode must be null, GOVERNANCE or COMPLIANCE."
  }
}

variable "object_lock_days" {
  description = "Default Object Lock retention period in days (used when object_lock_mode is set)."
  type        = number
  default     = 30

  validation {
    condition     = var.object_lock_days >= 1 && var.object_lock_days <= 3650 && floor(var.object_lock_days) == var.object_lock_days
    error_message = "object_lock_days must be a whole number from 1 to 3650."
  }
}

variable "create_log_bucket" {
  description = "Create a dedicated server access log bucket named <bucket>-logs. When false, access_log_bucket must name an existing bucket."
  type        = bool
  default     = true
  nullable    = false
}

variable "access_log_bucket" {
  description = "Existing bucket that receives server access logs when create_log_bucket is false. Its policy must allow logging.s3.amazonaws.com to write under the <bucket>/ prefix."
  type        = string
  default     = null

  validation {
    condition     = var.create_log_bucket || var.access_log_bucket != null
    error_message = "access_log_bucket is required when create_log_bucket is false."
  }

  validation {
    condition     = var.access_log_bucket == null ? true : can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.access_log_bucket))
    error_message = "access_log_bucket must be a valid S3 bucket name."
  }
}

variable "access_log_retention_days" {
  description = "Days server access logs are kept in the log bucket created by this module. null = the environment standard: 30 in dev, 90 in staging, 365 in prod."
  type        = number
  default     = null

  validation {
    condition     = var.access_log_retention_days == null ? true : var.access_log_retention_days >= 1 && var.access_log_retention_days <= 3650 && floor(var.access_log_retention_days) == var.access_log_retention_days
    error_message = "access_log_retention_days must be null or a whole number from 1 to 3650."
  }
}

variable "kms_deletion_window_days" {
  description = "Waiting period, in days, before the KMS key is deleted after destroy (7-30). null = the environment standard: 7 in dev, 14 in staging, 30 in prod."
  type        = number
  default     = null

  validation {
    condition     = var.kms_deletion_window_days == null ? true : var.kms_deletion_window_days >= 7 && var.kms_deletion_window_days <= 30 && floor(var.kms_deletion_window_days) == var.kms_deletion_window_days
    error_message = "kms_deletion_window_days must be null or a whole number from 7 to 30."
  }
}

variable "force_destroy" {
  description = "Let terraform destroy delete the buckets even when they still hold objects. Allowed only in dev."
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
