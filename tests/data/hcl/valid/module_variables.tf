variable "name" {
  description = "Name of the cluster and prefix of everything it owns"
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,38}$", var.name))
    error_message = "The name must start with a letter and hold only lowercase letters, digits and dashes."
  }
}

variable "node_groups" {
  description = <<-EOT
    Managed node groups, by name. Each may set:
      - instance_types (list of strings)
      - capacity_type  ("ON_DEMAND" or "SPOT")
  EOT
  type = map(object({
    enabled        = optional(bool, true)
    instance_types = optional(list(string), ["m6i.large"])
    capacity_type  = optional(string, "ON_DEMAND")
    min_size       = optional(number, 1)
    max_size       = optional(number, 3)
    desired_size   = optional(number)
    labels         = optional(map(string), {})
    taints = optional(list(object({
      key    = string
      value  = optional(string)
      effect = string
    })), [])
    update_config = optional(object({
      max_unavailable_percentage = optional(number, 33)
    }), {})
  }))
  default  = {}
  nullable = false

  validation {
    condition = alltrue([
      for ng in values(var.node_groups) :
      contains(["ON_DEMAND", "SPOT"], ng.capacity_type)
    ])
    error_message = "capacity_type must be ON_DEMAND or SPOT."
  }

  validation {
    condition = alltrue([for name, ng in var.node_groups :
      ng.min_size <= ng.max_size
      && (ng.desired_size == null || (ng.desired_size >= ng.min_size && ng.desired_size <= ng.max_size))
    ])
    error_message = <<-EOT
      Every node group needs min_size <= desired_size <= max_size.
    EOT
  }
}

variable "subnets" {
  type = list(object({
    cidr              = string
    availability_zone = string
    public            = optional(bool, false)
    tags              = optional(map(string))
  }))
  default = [
    { cidr = "10.0.0.0/20", availability_zone = "eu-west-1a" },
    { cidr = "10.0.16.0/20", availability_zone = "eu-west-1b", public = true },
  ]
}

variable "tags" {
  type    = map(string)
  default = {
    "managed-by"                = "terraform"
    "cost-center"               = "platform"
    "kubernetes.io/cluster/dev" = "owned"
  }
}

variable "instance_count" {
  type    = number
  default = 3
  validation {
    condition     = var.instance_count >= 1 && var.instance_count <= 100 && floor(var.instance_count) == var.instance_count
    error_message = "Between 1 and 100 whole instances."
  }
}

variable "db_password" {
  type      = string
  sensitive = true
  default   = null
}

variable "ephemeral_token" {
  type      = string
  ephemeral = true
  default   = null
}

variable "cidr_ranges" {
  type    = set(string)
  default = ["10.0.0.0/8", "172.16.0.0/12"]
}

variable "settings" {
  type    = any
  default = { retries = 3, backoff = 1.5, modes = ["fast", "safe"], nested = { deep = { deeper = true } } }
}

variable "tuple_typed" {
  type    = tuple([string, number, bool])
  default = ["a", 1, false]
}

variable "legacy_quoted_type" {
  type    = "string"
  default = ""
}

variable "ratio" {
  type    = number
  default = 0.25
}

variable "big" {
  default = 1e6
}

variable "negative" {
  default = -42
}
