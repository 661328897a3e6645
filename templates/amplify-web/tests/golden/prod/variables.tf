# Defaults are the answers given when this module was rendered by goldpath
# (amplify-web 1.1.0); callers can override any of them.

# The data model (the `models` answer) is not a variable: it is generated into
# schema.graphql, data.tf and resolvers/update.js, so change it by rendering the
# template again.

variable "name" {
  description = "Application name. Resources are named <name>-<environment>[-suffix]."
  type        = string
  default     = "payments-portal"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{2,30}$", var.name))
    error_message = "name must be 3-31 characters: a lowercase letter, then lowercase letters, digits or hyphens."
  }
}

variable "environment" {
  description = "Deployment environment: dev, staging or prod. prod requires MFA, enables deletion protection, disables GraphQL introspection and keeps logs for a year."
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
  description = "Free-text description of the application (Amplify app and KMS key descriptions)."
  type        = string
  default     = "Customer portal for \"PCI\" refunds — keep $${untouched} and %%{literal}\nsecond line \\ done"

  validation {
    condition     = length(var.description) <= 1000
    error_message = "description must be at most 1000 characters (the Amplify app description limit)."
  }
}

variable "repository_url" {
  description = "HTTPS URL of the GitHub repository holding the frontend."
  type        = string
  default     = "https://github.com/acme/payments-portal"

  validation {
    condition     = can(regex("^https://github\\.com/[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$", var.repository_url))
    error_message = "repository_url must look like https://github.com/<owner>/<repository>."
  }
}

variable "production_branch" {
  description = "Git branch deployed as the PRODUCTION stage."
  type        = string
  default     = "release/main"

  validation {
    condition     = can(regex("^[A-Za-z0-9][A-Za-z0-9._/-]{0,99}$", var.production_branch))
    error_message = "production_branch must be a Git branch name of up to 100 characters."
  }
}

variable "preview_branch_patterns" {
  description = "Branch glob patterns for which Amplify creates preview deployments (stage DEVELOPMENT, basic auth, deleted with the branch)."
  type        = list(string)
  default     = ["feature/*", "hotfix/*", "renovate/**"]

  validation {
    condition     = length(var.preview_branch_patterns) >= 1 && alltrue([for p in var.preview_branch_patterns : can(regex("^[A-Za-z0-9*][A-Za-z0-9._/*-]{0,99}$", p))])
    error_message = "preview_branch_patterns needs at least one branch glob pattern such as feature/*."
  }
}

variable "platform" {
  description = "Amplify platform: WEB for a static single-page app, WEB_COMPUTE for server-side rendering."
  type        = string
  default     = "WEB_COMPUTE"

  validation {
    condition     = contains(["WEB", "WEB_COMPUTE"], var.platform)
    error_message = "platform must be WEB or WEB_COMPUTE."
  }
}

variable "build_output_dir" {
  description = "Directory the frontend build writes to, relative to the repository root (dist, build, .next)."
  type        = string
  default     = ".next"

  validation {
    condition     = can(regex("^[A-Za-z0-9_.][A-Za-z0-9_./-]{0,99}$", var.build_output_dir))
    error_message = "build_output_dir must be a relative path of letters, digits, '.', '_', '-' and '/'."
  }
}

variable "build_compute_type" {
  description = "Amplify build instance size: STANDARD_8GB, LARGE_16GB or XLARGE_72GB."
  type        = string
  default     = "LARGE_16GB"

  validation {
    condition     = contains(["STANDARD_8GB", "LARGE_16GB", "XLARGE_72GB"], var.build_compute_type)
    error_message = "build_compute_type must be STANDARD_8GB, LARGE_16GB or XLARGE_72GB."
  }
}

variable "repository_token_secret" {
  description = "Name or ARN of the Secrets Manager secret whose value is the GitHub token Amplify uses to read the repository."
  type        = string
  default     = "arn:aws:secretsmanager:us-east-1:123456789012:secret:amplify/payments-portal/github-token-AbCdEf"

  validation {
    condition     = can(regex("^[A-Za-z0-9/_+=.@:-]{1,512}$", var.repository_token_secret))
    error_message = "repository_token_secret must be a Secrets Manager secret name or ARN."
  }
}

variable "basic_auth_secret" {
  description = "Name or ARN of the Secrets Manager secret holding the basic-auth login of preview sites as JSON {\"username\": \"...\", \"password\": \"...\"}."
  type        = string
  default     = "amplify/payments-portal/preview-login"

  validation {
    condition     = can(regex("^[A-Za-z0-9/_+=.@:-]{1,512}$", var.basic_auth_secret))
    error_message = "basic_auth_secret must be a Secrets Manager secret name or ARN."
  }
}

variable "callback_urls" {
  description = "HTTPS URLs Cognito may redirect to after sign-in and sign-out."
  type        = list(string)
  default     = ["https://portal.acme.example/", "https://portal.acme.example/auth/callback", "https://localhost:3000/"]

  validation {
    condition     = length(var.callback_urls) >= 1 && alltrue([for u in var.callback_urls : can(regex("^https://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[A-Za-z0-9._~%/-]*)?$", u))])
    error_message = "callback_urls needs at least one URL, and every URL must use https."
  }
}

variable "mfa_configuration" {
  description = "Cognito MFA (authenticator app): OPTIONAL or ON; null = OPTIONAL outside prod. prod always uses ON."
  type        = string
  default     = null

  validation {
    condition     = var.mfa_configuration == null ? true : contains(["OPTIONAL", "ON"], var.mfa_configuration)
    error_message = "mfa_configuration must be null, OPTIONAL or ON."
  }

  validation {
    condition     = var.environment != "prod" || var.mfa_configuration == null || var.mfa_configuration == "ON"
    error_message = "MFA is required in prod: mfa_configuration must be ON (or null)."
  }
}

variable "password_min_length" {
  description = "Minimum password length (12-99). Passwords also need lowercase and uppercase letters, digits and symbols."
  type        = number
  default     = 16

  validation {
    condition     = var.password_min_length >= 12 && var.password_min_length <= 99 && floor(var.password_min_length) == var.password_min_length
    error_message = "password_min_length must be a whole number from 12 to 99."
  }
}

variable "password_history_size" {
  description = "Number of a user's previous passwords Cognito refuses as a new password (0-24); 0 turns password reuse prevention off."
  type        = number
  default     = 5
  nullable    = false

  validation {
    condition     = var.password_history_size >= 0 && var.password_history_size <= 24 && floor(var.password_history_size) == var.password_history_size
    error_message = "password_history_size must be a whole number from 0 to 24."
  }
}

variable "self_sign_up" {
  description = "Let visitors create their own account; false = only administrators create users."
  type        = bool
  default     = false
  nullable    = false
}

variable "threat_protection" {
  description = "Cognito threat protection in ENFORCED mode (switches the user pool to the PLUS feature plan)."
  type        = bool
  default     = true
  nullable    = false
}

variable "query_depth_limit" {
  description = "Maximum nesting depth of a GraphQL query (1-75)."
  type        = number
  default     = 8

  validation {
    condition     = var.query_depth_limit >= 1 && var.query_depth_limit <= 75 && floor(var.query_depth_limit) == var.query_depth_limit
    error_message = "query_depth_limit must be a whole number from 1 to 75."
  }
}

variable "introspection" {
  description = "Allow GraphQL introspection queries; null = allowed outside prod. Never allowed in prod."
  type        = bool
  default     = null

  validation {
    condition     = !(var.environment == "prod" && var.introspection == true)
    error_message = "GraphQL introspection must stay disabled in prod."
  }
}

variable "api_log_level" {
  description = "AppSync field-level log level: ERROR or ALL."
  type        = string
  default     = "ALL"

  validation {
    condition     = contains(["ERROR", "ALL"], var.api_log_level)
    error_message = "api_log_level must be ERROR or ALL: field-level logging cannot be turned off."
  }
}

variable "waf_rate_limit" {
  description = "Requests per 5 minutes one IP address may send to the API before the WAF blocks it."
  type        = number
  default     = 500

  validation {
    condition     = var.waf_rate_limit >= 100 && var.waf_rate_limit <= 2000000 && floor(var.waf_rate_limit) == var.waf_rate_limit
    error_message = "waf_rate_limit must be a whole number from 100 to 2000000."
  }
}

variable "block_anonymous_ips" {
  description = "Block API requests from anonymizing services (Tor, anonymizing proxies, VPNs) with the AWS managed anonymous IP list; false only counts them."
  type        = bool
  default     = true
  nullable    = false
}

variable "deletion_protection" {
  description = "Deletion protection of the user pool and the tables; null = the environment standard (off in dev, on in staging and prod). Cannot be turned off in prod."
  type        = bool
  default     = null

  validation {
    condition     = var.environment != "prod" || var.deletion_protection != false
    error_message = "Deletion protection cannot be turned off in prod."
  }
}

variable "log_retention_days" {
  description = "Days the API and WAF logs are kept. The rendered default is the environment standard (30 in dev, 90 in staging, 365 in prod); prod keeps logs for at least a year."
  type        = number
  default     = 365
  nullable    = false

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be a CloudWatch Logs retention period: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653."
  }

  validation {
    condition     = var.environment != "prod" || var.log_retention_days >= 365
    error_message = "prod keeps API and WAF logs for at least 365 days."
  }
}

variable "tags" {
  description = "Extra tags for every resource. The module's standard tags take precedence."
  type        = map(string)
  default     = {}
  nullable    = false
}
