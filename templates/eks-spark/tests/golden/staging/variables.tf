# Defaults are the answers given when this module was rendered by goldpath
# (eks-spark 1.1.0); callers can override any of them.

variable "name" {
  description = "Short name of the platform. The cluster is named <name>-<environment>, and the name prefixes IAM roles and buckets."
  type        = string
  default     = "analytics"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{2,20}$", var.name))
    error_message = "name must be 3-21 characters: a lowercase letter, then lowercase letters, digits or hyphens."
  }
}

variable "environment" {
  description = "Deployment environment: dev, staging or prod."
  type        = string
  default     = "staging"

  validation {
    condition     = contains(["dev", "staging", "prod"], var.environment)
    error_message = "environment must be one of dev, staging, prod."
  }
}

variable "team" {
  description = "Owning team slug (tag team)."
  type        = string
  default     = "data-platform"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,40}$", var.team))
    error_message = "team must be 2-41 characters: a lowercase letter, then lowercase letters, digits or hyphens."
  }
}

variable "cost_center" {
  description = "Cost center code such as ENG-1234 (tag cost-center)."
  type        = string
  default     = "ENG-1234"

  validation {
    condition     = can(regex("^[A-Z]{2,4}-[0-9]{3,6}$", var.cost_center))
    error_message = "cost_center must look like ENG-1234: 2-4 capital letters, a hyphen, 3-6 digits."
  }
}

variable "owner" {
  description = "Contact email of the owner (tag owner)."
  type        = string
  default     = "data-platform@acme.example"

  validation {
    condition     = can(regex("^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}$", var.owner)) && length(var.owner) <= 254
    error_message = "owner must be an email address."
  }
}

variable "description" {
  description = "Free-text purpose of the platform, set as the description annotation of the team namespaces and in the KMS key description."
  type        = string
  default     = "Shared Spark platform for batch analytics"

  validation {
    condition     = length(var.description) <= 4000
    error_message = "description must be at most 4000 characters (KMS key descriptions are limited)."
  }
}

variable "kubernetes_version" {
  description = "Kubernetes minor version of the EKS cluster."
  type        = string
  default     = "1.34"

  validation {
    condition     = contains(["1.33", "1.34", "1.35"], var.kubernetes_version)
    error_message = "kubernetes_version must be 1.33, 1.34 or 1.35 (EKS standard support, Karpenter 1.9)."
  }
}

variable "vpc_cidr" {
  description = "IPv4 range of the VPC, /16 to /20. Three quarters become the private subnets, the last quarter the public NAT subnets."
  type        = string
  default     = "10.20.0.0/20"

  validation {
    condition     = can(cidrhost(var.vpc_cidr, 0)) && can(regex("/(1[6-9]|20)$", var.vpc_cidr))
    error_message = "vpc_cidr must be an IPv4 CIDR block with a prefix length from /16 to /20."
  }
}

variable "endpoint_public_access" {
  description = "Expose the Kubernetes API endpoint publicly as well, restricted to endpoint_public_access_cidrs. Allowed only in dev."
  type        = bool
  default     = false
  nullable    = false

  validation {
    condition     = !var.endpoint_public_access || var.environment == "dev"
    error_message = "The public API endpoint is allowed only in dev; staging and prod clusters are private."
  }
}

variable "endpoint_public_access_cidrs" {
  description = "Address ranges allowed to reach the public API endpoint (dev only). Each must be /16 or narrower; 0.0.0.0/0 is refused."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition = alltrue([
      for c in var.endpoint_public_access_cidrs :
      can(cidrhost(c, 0)) && can(regex("^[0-9.]+/(1[6-9]|2[0-9]|3[0-2])$", c))
    ])
    error_message = "Every public access range must be an IPv4 CIDR block of /16 or narrower; 0.0.0.0/0 is never allowed."
  }

  validation {
    condition     = !var.endpoint_public_access || length(var.endpoint_public_access_cidrs) > 0
    error_message = "A public API endpoint needs at least one allowed address range."
  }
}

variable "teams" {
  description = "Teams that run Spark jobs. Each gets a namespace of that name, a YuniKorn queue root.spark.<team> and a Pod Identity role limited to its own S3 prefixes."
  type        = list(string)
  default     = ["marketing", "sales-ops"]

  validation {
    condition     = length(var.teams) >= 1 && length(var.teams) <= 20
    error_message = "teams must list 1 to 20 teams."
  }

  validation {
    condition     = alltrue([for t in var.teams : can(regex("^[a-z][a-z0-9-]{1,20}$", t))])
    error_message = "Each team must be 2-21 characters: a lowercase letter, then lowercase letters, digits or hyphens."
  }

  validation {
    condition     = length(distinct(var.teams)) == length(var.teams)
    error_message = "teams must not repeat a team."
  }

  validation {
    condition = length(setintersection(toset(var.teams), toset([
      "default", "kube-system", "kube-public", "kube-node-lease", "karpenter", "monitoring",
      "spark-operator", "yunikorn-system", "airflow", "kubecost",
    ]))) == 0
    error_message = "A team cannot be named after a system namespace (default, kube-*, karpenter, monitoring, spark-operator, yunikorn-system, airflow, kubecost)."
  }
}

variable "team_queue_max_vcores" {
  description = "Most vCPUs one team's Spark jobs may use at once (YuniKorn queue maximum, capped at karpenter_cpu_limit)."
  type        = number
  default     = 64

  validation {
    condition     = var.team_queue_max_vcores >= 1 && var.team_queue_max_vcores <= 10000 && floor(var.team_queue_max_vcores) == var.team_queue_max_vcores
    error_message = "team_queue_max_vcores must be a whole number from 1 to 10000."
  }
}

variable "team_queue_max_memory_gb" {
  description = "Most memory in GiB one team's Spark jobs may use at once (YuniKorn queue maximum, capped at karpenter_memory_limit_gb)."
  type        = number
  default     = 256

  validation {
    condition     = var.team_queue_max_memory_gb >= 4 && var.team_queue_max_memory_gb <= 40000 && floor(var.team_queue_max_memory_gb) == var.team_queue_max_memory_gb
    error_message = "team_queue_max_memory_gb must be a whole number from 4 to 40000."
  }
}

variable "team_network_isolation" {
  description = "Give every team namespace a NetworkPolicy that admits connections only from the team's own pods and from Prometheus (enforced by the VPC CNI)."
  type        = bool
  default     = true
  nullable    = false
}

variable "karpenter_cpu_limit" {
  description = "Most vCPUs Karpenter may run for Spark in total: a quarter for the on-demand driver pool, the rest for the Spot executor pool."
  type        = number
  default     = 128

  validation {
    condition     = var.karpenter_cpu_limit >= 16 && var.karpenter_cpu_limit <= 10000 && floor(var.karpenter_cpu_limit) == var.karpenter_cpu_limit
    error_message = "karpenter_cpu_limit must be a whole number from 16 to 10000."
  }
}

variable "karpenter_memory_limit_gb" {
  description = "Most memory in GiB Karpenter may run for Spark in total, split like the CPU limit."
  type        = number
  default     = 512

  validation {
    condition     = var.karpenter_memory_limit_gb >= 64 && var.karpenter_memory_limit_gb <= 40000 && floor(var.karpenter_memory_limit_gb) == var.karpenter_memory_limit_gb
    error_message = "karpenter_memory_limit_gb must be a whole number from 64 to 40000."
  }
}

variable "max_executors" {
  description = "Default spark.dynamicAllocation.maxExecutors of every team's Spark settings (team_spark_conf output)."
  type        = number
  default     = 20

  validation {
    condition     = var.max_executors >= 1 && var.max_executors <= 500 && floor(var.max_executors) == var.max_executors
    error_message = "max_executors must be a whole number from 1 to 500."
  }
}

variable "node_ami_alias" {
  description = "EKS-optimised AMI of the Karpenter Spark nodes: al2023@latest, or a pinned release such as al2023@v20250505 (recommended in prod)."
  type        = string
  default     = "al2023@latest"

  validation {
    condition     = can(regex("^al2023@(latest|v[0-9]{8})$", var.node_ami_alias))
    error_message = "node_ami_alias must be al2023@latest or al2023@vYYYYMMDD."
  }
}

variable "enable_kubecost" {
  description = "Install Kubecost (cost per namespace and team), reading the platform's Prometheus."
  type        = bool
  default     = false
  nullable    = false
}

variable "force_destroy" {
  description = "Let terraform destroy delete the S3 buckets even when they hold objects. Allowed only in dev."
  type        = bool
  default     = false
  nullable    = false

  validation {
    condition     = !var.force_destroy || var.environment == "dev"
    error_message = "force_destroy may only be true when environment is dev."
  }
}

variable "log_retention_days" {
  description = "Days the control-plane, VPC flow and database logs are kept. null = the environment standard: 30 in dev, 90 in staging, 365 in prod."
  type        = number
  default     = null

  validation {
    condition     = var.log_retention_days == null ? true : contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be null or a CloudWatch Logs retention value (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653)."
  }
}

variable "cluster_admin_role_arns" {
  description = "IAM roles (for example the platform team's SSO role) that get cluster-admin access entries, besides the identity running Terraform."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for arn in var.cluster_admin_role_arns : can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:role/.+$", arn))])
    error_message = "cluster_admin_role_arns must hold IAM role ARNs."
  }
}

variable "iam_permissions_boundary_arn" {
  description = "Permissions boundary attached to every IAM role the module creates, or null."
  type        = string
  default     = null

  validation {
    condition     = var.iam_permissions_boundary_arn == null ? true : can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:policy/.+$", var.iam_permissions_boundary_arn))
    error_message = "iam_permissions_boundary_arn must be null or an IAM policy ARN."
  }
}

variable "tags" {
  description = "Extra tags for every resource. The module's standard tags take precedence."
  type        = map(string)
  default     = {}
  nullable    = false
}
