# Edge cases around what hcl-edit needs masked: line breaks inside for
# expressions next to strings, comments and heredocs that look like brackets,
# and repeated keys of every kind.

locals {
  brackets_in_strings = { for k, v in var.x : k => "}${"{"}" == v
    ? "[" : "]"
  }

  comment_first = { # about the for
    for k, v in var.x : k => v.a
    ? 1 : 2
  }

  key_over_lines = { for k, v in var.x : (k == "a"
    ? "x" : k) => v
  }

  directive_in_value = { for k, v in var.x : k => "%{ for s in v }${s}%{ endfor }" != ""
    ? 1 : 2
  }

  hash_in_string = { for k, v in var.x : k => "a # not a comment"
    if v != "//"
  }

  heredoc_marker_in_string = { for k, v in var.x :
    k => v if v != "<<EOT"
  }

  heredoc_value = [for x in var.l : <<EOT
${x}
EOT
  ]

  block_comment = [for x in var.l : x /* a comment
    over lines */ if x != null]

  list_in_value = [for x in [1,
  2] : x *
  2]

  indexed = { for k, v in var.x : k => v if v != null }[var.key]

  compact = {for k,v in var.x:k=>v if v}

  object_items_still_split = { for k, v in var.x : k => {
    # first
    a = v # trailing
    b = 2
  } }

  repeated_parenthesised = { (var.k) = 1, (var.k) = 2 }
  repeated_number        = { 1 = "x", 1 = "y" }
  repeated_empty         = { "" = 1, "" = 2 }
  repeated_escape        = { "\n" = 1, "\n" = 2 }
  repeated_keyword       = { null = 1, null = 2, true = 3, true = 4 }
  repeated_traversal     = { a.b = 1, a.b = 2 }
  repeated_in_list       = [for x in var.l : { a = x, a = 2 }]
  repeated_nested        = { x = { k = 1, k = 2 }, y = [{ k = 1, k = 2 }] }
}
