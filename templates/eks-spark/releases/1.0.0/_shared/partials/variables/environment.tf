variable "environment" {
  description = "Deployment environment: dev, staging or prod."
  type        = string
  default     = {{ environment }}

  validation {
    condition     = contains(["dev", "staging", "prod"], var.environment)
    error_message = "environment must be one of dev, staging, prod."
  }
}
