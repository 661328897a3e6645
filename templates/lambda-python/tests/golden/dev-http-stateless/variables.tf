# Defaults are the answers given when this module was rendered by goldpath
# (lambda-python 1.1.0); callers can override any of them.

variable "name" {
  description = "Service name. AWS resources are named <name>-<environment>."
  type        = string
  default     = "pricing-sandbox"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{2,40}$", var.name))
    error_message = "name must be 3-41 characters: a lowercase letter, then lowercase letters, digits or hyphens."
  }
}

variable "environment" {
  description = "Deployment environment: dev, staging or prod."
  type        = string
  default     = "dev"

  validation {
    condition     = contains(["dev", "staging", "prod"], var.environment)
    error_message = "environment must be one of dev, staging, prod."
  }

  # AWS WAF can protect REST APIs but not HTTP APIs, and prod APIs must have WAF.
  validation {
    condition     = var.environment != "prod"
    error_message = "This module was rendered with an HTTP API, which AWS WAF cannot protect; prod requires the REST API variant (render the template with api_type = rest)."
  }
}

variable "team" {
  description = "Owning team slug (tag team)."
  type        = string
  default     = "pricing"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,40}$", var.team))
    error_message = "team must be 2-41 characters: a lowercase letter, then lowercase letters, digits or hyphens."
  }
}

variable "cost_center" {
  description = "Cost center code such as ENG-1234 (tag cost-center)."
  type        = string
  default     = "ENG-3003"

  validation {
    condition     = can(regex("^[A-Z]{2,4}-[0-9]{3,6}$", var.cost_center))
    error_message = "cost_center must look like ENG-1234: 2-4 capital letters, a hyphen, 3-6 digits."
  }
}

variable "owner" {
  description = "Contact email of the owner (tag owner)."
  type        = string
  default     = "pricing@acme.example"

  validation {
    condition     = can(regex("^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}$", var.owner)) && length(var.owner) <= 254
    error_message = "owner must be an email address."
  }
}

variable "description" {
  description = "Free-text purpose of the service, used in resource descriptions."
  type        = string
  default     = "Python Lambda service on the platform golden path"
  nullable    = false
}

variable "memory_mb" {
  description = "Memory of the function in MB (128-10240); CPU grows with it."
  type        = number
  default     = 128

  validation {
    condition     = var.memory_mb >= 128 && var.memory_mb <= 10240 && floor(var.memory_mb) == var.memory_mb
    error_message = "memory_mb must be a whole number from 128 to 10240."
  }
}

variable "timeout_seconds" {
  description = "Maximum run time of one invocation in seconds; at most 29 because API Gateway stops waiting after that."
  type        = number
  default     = 5

  validation {
    condition     = var.timeout_seconds >= 1 && var.timeout_seconds <= 29 && floor(var.timeout_seconds) == var.timeout_seconds
    error_message = "timeout_seconds must be a whole number from 1 to 29 behind an API."
  }
}

variable "reserved_concurrency" {
  description = "Concurrent executions reserved for (and capping) the function. null = the environment standard: 5 in dev, 20 in staging, 100 in prod."
  type        = number
  default     = null

  validation {
    condition     = var.reserved_concurrency == null ? true : var.reserved_concurrency >= 1 && var.reserved_concurrency <= 1000 && floor(var.reserved_concurrency) == var.reserved_concurrency
    error_message = "reserved_concurrency must be null or a whole number from 1 to 1000."
  }
}

variable "log_level" {
  description = "Application log level: DEBUG, INFO, WARN or ERROR."
  type        = string
  default     = "INFO"

  validation {
    condition     = contains(["DEBUG", "INFO", "WARN", "ERROR"], var.log_level)
    error_message = "log_level must be one of DEBUG, INFO, WARN, ERROR."
  }
}

variable "trace_responses" {
  description = "Record the return values of the handler and of traced functions in X-Ray traces. Off by default: responses carry customer data, and trace data is not encrypted with the service key. Turn it on only to debug, and preferably not in prod."
  type        = bool
  default     = false
  nullable    = false
}

variable "log_retention_days" {
  description = "Days every log group of the service keeps its logs. null = the environment standard: 30 in dev, 90 in staging, 365 in prod."
  type        = number
  default     = null

  validation {
    condition     = var.log_retention_days == null ? true : contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be null or a retention CloudWatch Logs allows (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653)."
  }
}

variable "kms_deletion_window_days" {
  description = "Waiting period, in days, before the service KMS key is deleted after destroy (7-30). null = the environment standard: 7 in dev, 14 in staging, 30 in prod."
  type        = number
  default     = null

  validation {
    condition     = var.kms_deletion_window_days == null ? true : var.kms_deletion_window_days >= 7 && var.kms_deletion_window_days <= 30 && floor(var.kms_deletion_window_days) == var.kms_deletion_window_days
    error_message = "kms_deletion_window_days must be null or a whole number from 7 to 30."
  }
}

variable "powertools_layer_version" {
  description = "Version of the public layer AWSLambdaPowertoolsPythonV3-python313-arm64 (published by AWS in account 017000801446). Keep it in step with aws-lambda-powertools in app/pyproject.toml."
  type        = number
  default     = 27

  validation {
    condition     = var.powertools_layer_version >= 1 && floor(var.powertools_layer_version) == var.powertools_layer_version
    error_message = "powertools_layer_version must be a positive whole number."
  }
}

variable "throttle_rate_limit" {
  description = "Steady-state requests per second the API accepts on each route before answering 429."
  type        = number
  default     = 50

  validation {
    condition     = var.throttle_rate_limit >= 1 && var.throttle_rate_limit <= 10000
    error_message = "throttle_rate_limit must be from 1 to 10000."
  }
}

variable "throttle_burst_limit" {
  description = "Requests the API accepts in a burst above the steady rate on each route."
  type        = number
  default     = 100

  validation {
    condition     = var.throttle_burst_limit >= 1 && var.throttle_burst_limit <= 5000 && floor(var.throttle_burst_limit) == var.throttle_burst_limit
    error_message = "throttle_burst_limit must be a whole number from 1 to 5000."
  }
}

variable "create_user_pool" {
  description = "Create a Cognito user pool and app client for the API's authorizer. When false, user_pool_arn and user_pool_client_ids must name an existing pool."
  type        = bool
  default     = true
  nullable    = false
}

variable "user_pool_arn" {
  description = "ARN of an existing Cognito user pool whose tokens the API accepts (used when create_user_pool is false)."
  type        = string
  default     = null

  validation {
    condition     = var.create_user_pool || var.user_pool_arn != null
    error_message = "user_pool_arn is required when create_user_pool is false."
  }

  validation {
    condition     = var.user_pool_arn == null ? true : can(regex("^arn:aws[a-z-]*:cognito-idp:[a-z0-9-]+:[0-9]{12}:userpool/[A-Za-z0-9_-]+$", var.user_pool_arn))
    error_message = "user_pool_arn must be a Cognito user pool ARN (arn:aws:cognito-idp:<region>:<account>:userpool/<id>)."
  }
}

variable "user_pool_client_ids" {
  description = "App client IDs of the existing user pool whose tokens the API accepts (used when create_user_pool is false)."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = var.create_user_pool || length(var.user_pool_client_ids) > 0
    error_message = "user_pool_client_ids must list at least one app client when create_user_pool is false: the JWT authorizer checks the token audience."
  }
}

variable "tags" {
  description = "Extra tags for every resource. The module's standard tags take precedence."
  type        = map(string)
  default     = {}
  nullable    = false
}
