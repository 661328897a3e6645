# Non-literal expressions, kept as "${<source text>}", and literal collections.
locals {
  ref        = var.name
  index      = var.list[0]
  index_key  = var.map["key"]
  legacy_idx = var.list.0
  splat      = aws_instance.web[*].id
  old_splat  = aws_instance.web.*.private_ip
  full_splat = var.objs[*].tags["Name"]
  call       = lower(var.name)
  expand     = concat(var.lists...)
  ns_call    = provider::aws::arn_parse(var.arn)
  ns_spaced  = provider::aws::arn_build("aws", "s3", "", "", var.name).resource
  cond       = var.env == "prod" ? 3 : 1
  cond_nested = var.a ? (var.b ? "ab" : "a") : "none"
  binary     = var.count * 2 + 1
  logic      = !var.disabled && (var.a || var.b)
  compare    = length(var.list) >= 2
  modulo     = 10 % 3
  paren      = (1 + 2)
  paren_lit  = (5)
  not_lit    = !true
  not_false  = !false
  not_ref    = !var.enabled
  neg_int    = -1
  neg_space  = - 2
  neg_float  = -0.25
  neg_ref    = -var.offset
  neg_paren  = -(3)
  neg_neg    = - -1
  for_tuple  = [for s in var.list : upper(s)]
  for_if     = [for i, s in var.list : "${i}:${s}" if s != ""]
  for_object = { for k, v in var.map : k => v.id }
  for_group  = { for o in var.objs : o.kind => o.name... }
  for_multiline = [
    for s in var.list : # why
    trimspace(s)        // each one
  ]
  commented_call = merge(
    var.tags, # base tags
    /* extra */ { Team = "platform" },
  )
  commented_paren = (
    var.a # first
    + var.b
  )
  list_mixed = [1, "two", true, null, 2.5, var.x, [3], { four = 4 }]
  list_multi = [
    "a", # comment
    "b",
  ]
  empty_list = []
  empty_obj  = {}
  obj_keys = {
    bare         = 1
    "quoted"     = 2
    "with-dash"  = 3
    "sp ace"     = 4
    (var.dynamic) = 5
    "${var.k}"   = 6
    "pre-${var.k}" = 7
    true         = 8
    null         = 9
    10           = 10
    1.50         = 11
    a.b          = 12
    a[0]         = 13
    a["k"]       = 14
    f(x)         = 15
    colon: 16
    "esc$${x}"   = 17
  }
  obj_nested = {
    level1 = {
      level2 = {
        value = var.deep
        list  = [{ x = 1 }, { y = "${var.z}" }]
      }
    }
  }
  obj_commas = { a = 1, b = 2, }
  type_expr  = list(object({ a = string }))
  try_call   = try(var.maybe.value, null)
  heredoc_op = "x" == <<EOT
x
EOT
}
