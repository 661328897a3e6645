a = <<EOT
%{ for x in var.l }
EOT
b = "%{ endfor }"
