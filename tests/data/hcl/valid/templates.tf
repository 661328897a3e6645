# More template cases: strip markers next to escapes, lone interpolations, nested directives.
locals {
  strip_only     = "${~ var.x ~}"
  strip_lit      = " ${~ 1}"
  strip_escape   = "a\n ${~ var.x ~} \tb"
  strip_dollar   = "$ ${~ var.x ~} %"
  lone_bool      = "${true}"
  lone_null      = "${null}"
  lone_neg       = "${-1}"
  lone_not       = "${!false}"
  lone_object    = "${ { a = [1, var.b] } }"
  lone_heredoc   = "${<<EOT
inner ${var.x}
EOT
}"
  lone_cond      = "${var.a ? 1 : 2}"
  cond_literals  = "x${var.a ? true : null}y"
  cond_nested    = "x${var.a ? (var.b ? 1 : 2) : var.b ? 3 : "4"}y"
  cond_template  = "x${var.a ? "p${var.q}" : "${var.r}"}y"
  for_in_if      = "%{ if var.a }%{ for x in var.l }${x}%{ endfor }%{ endif }"
  if_in_for      = "%{ for i, x in var.l }%{ if i > 0 },%{ endif }${x}%{ endfor }"
  directive_coll = "%{ for x in [for y in var.l : y if y != ""] }${x}%{ endfor }"
  escaped_both   = "$${a} %%{b} $${~c} %%{~d}"
  dollar_dollar  = "$$$${x} %%%%{y} $$ %%"
  backslash      = "\\${var.x}"
  unicode_esc    = "\u00e9\u20ac"
  interp_call_nl = "${join(",", [
    "a",
    "b",
  ])}"
  heredoc_in_call = templatefile("x.tpl", {
    body = <<-EOT
      ${var.x}
    EOT
  })
}

locals {
  flush_directive_col0 = <<-EOT
%{ if var.a ~}
    indented
%{ endif ~}
    EOT

  flush_strip_first = <<-EOT
      ${~ var.x}
    tail
    EOT

  flush_for_kv = <<-EOT
    %{~ for k, v in var.m ~}
      ${k} = ${v}
    %{~ endfor ~}
    EOT

  plain_strip_lines = <<EOT
keep   
  ${~ var.x ~}  
   next
EOT

  flush_nbsp = <<-EOT
      a
     b
    EOT

  heredoc_escapes = <<EOT
$${x} %%{y} \n \t "quotes"
EOT

  empty_flush = <<-EOT
    EOT

  empty_then_more = <<EOT
EOT
  after_empty = <<EOT
must stay separate
EOT
}
