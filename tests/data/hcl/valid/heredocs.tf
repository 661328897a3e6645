# Heredocs: plain and flush (<<-), interpolation, directives, strip markers, blank lines, tabs.
locals {
  plain = <<EOT
line one
  indented ${var.x}
literal $${x} and \n stays
EOT

  flush = <<-EOT
    hello ${var.name}
      more indented

    after blank
    EOT

  flush_ws_line = <<-EOT
      a
   
      b
    EOT

  flush_interp_first = <<-EOT
    ${var.x} starts
    second
    EOT

  flush_tabs = <<-EOT
		tabbed
		again
	EOT

  flush_mixed = <<-EOT
  	two
    four
  EOT

  empty = <<EOT
EOT

  json = jsonencode(<<EOT
{"a": 1}
EOT
  )

  policy = <<-POLICY
    {
      "Version": "2012-10-17",
      "Resource": "${aws_s3_bucket.this.arn}/*"
    }
  POLICY

  for_list = <<-EOT
    %{ for ip in var.ips ~}
    server ${ip}
    %{ endfor ~}
  EOT

  for_list_plain = <<EOT
%{ for ip in var.ips ~}
server ${ip}
%{ endfor ~}
EOT

  strip_prev = <<EOT
a
   ${~ var.x}
b   
${~ var.y ~}
   c
EOT

  if_block = <<-EOT
    %{~ if var.enabled ~}
    enabled
    %{~ else ~}
    disabled
    %{~ endif ~}
    EOT

  delim_in_text = <<END
not END here
  END-ish
END

  dollar_lines = <<-EOT
    $x costs 5%
    %not
    $
    EOT
}
