a = "%{ if var.c }"x"%{ endif }"
