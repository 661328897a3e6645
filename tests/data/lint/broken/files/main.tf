locals {
  name  = {{ name }}
  other = {{ nmae }}
  raw   = {{ name | json }}
}
