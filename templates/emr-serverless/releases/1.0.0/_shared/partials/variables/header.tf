# Defaults are the answers given when this module was rendered by goldpath
# ({{ goldpath.template | hcl_fragment }} {{ goldpath.version | hcl_fragment }}); callers can override any of them.
