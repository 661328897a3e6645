a = "%{ for x in var.l }${null}%{ endfor }"
