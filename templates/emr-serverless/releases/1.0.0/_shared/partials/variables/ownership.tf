variable "team" {
  description = "Owning team slug (tag team)."
  type        = string
  default     = {{ team }}

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,40}$", var.team))
    error_message = "team must be 2-41 characters: a lowercase letter, then lowercase letters, digits or hyphens."
  }
}

variable "cost_center" {
  description = "Cost center code such as ENG-1234 (tag cost-center)."
  type        = string
  default     = {{ cost_center }}

  validation {
    condition     = can(regex("^[A-Z]{2,4}-[0-9]{3,6}$", var.cost_center))
    error_message = "cost_center must look like ENG-1234: 2-4 capital letters, a hyphen, 3-6 digits."
  }
}

variable "owner" {
  description = "Contact email of the owner (tag owner)."
  type        = string
  default     = {{ owner }}

  validation {
    condition     = can(regex("^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}$", var.owner)) && length(var.owner) <= 254
    error_message = "owner must be an email address."
  }
}
