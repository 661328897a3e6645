# Converter and scanner quirks found by cross-checking generated templates against hcl2json.
# The trailing spaces after `x% `, `x$ ` and `x%x ` in dollar_lines are part of the test.
locals {
  null_in_if_body   = "a%{ if var.c }${null}%{ endif }b"
  null_in_else_body = "%{ if var.c }x%{ else }${null}%{ endif }"
  null_in_ternary   = "x${var.c ? "%{ for v in var.l }${null}%{ endfor }" : "y"}z"
  escapes_in_if     = "%{ if var.c }\n\t\"q\"\u00e9%{ endif }"
  escapes_strip     = "\n%{~ for x in var.l }${ var.x ~}\n%{ endfor ~}."
  dollar_lines = <<EOT
x% 
${~ 1}
x%  
${~ 2}
x%%
${~ 3}
x$ 
${~ 4}
x%x 
${~ 5}
x$${ 
${~ 6}
EOT
  heredoc_text_mentions_heredoc = <<DOC
<<EOT
EOT
DOC
  empty_then_call = <<EOT
EOT
  call_with_heredoc = jsonencode(<<EOT
{"a": 1}
EOT
  )
}
