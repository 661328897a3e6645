# Module sources: only approved sources, each pinned. Approved are terraform-aws-modules registry
# modules, local paths (./, ../) and the organisation's own sources, listed as prefixes in
# data.goldpath.approved_module_prefixes (default below). Registry modules need a version
# constraint that pins (x.y.z, = x.y.z, ~> x.y, or a range with an upper bound); git and HTTP
# sources need ?ref=<tag or commit>.
package goldpath.modules

import rego.v1

import data.goldpath.lib

meta := {
	"GP-MOD-101": {
		"severity": "deny",
		"title": "approved module sources only",
		"remediation": "use a terraform-aws-modules registry module, a local path, or a module published in the organisation's registry (data.goldpath.approved_module_prefixes); ask the platform team to approve a new source",
	},
	"GP-MOD-102": {
		"severity": "deny",
		"title": "module versions pinned",
		"remediation": "pin the module: version = \"~> 5.15\" (or an exact \"5.15.4\") for registry modules, ?ref=<tag or commit SHA> for git sources",
	},
}

finding(id, resource, msg) := lib.finding(id, meta[id], resource, msg)

default approved_prefixes := ["app.terraform.io/acme/"]

approved_prefixes := data.goldpath.approved_module_prefixes

builtin_prefixes := ["terraform-aws-modules/", "registry.terraform.io/terraform-aws-modules/"]

local_source(source) if startswith(source, "./")

local_source(source) if startswith(source, "../")

approved(source) if local_source(source)

approved(source) if {
	some prefix in array.concat(builtin_prefixes, approved_prefixes)
	startswith(lower(source), lower(prefix))
}

# git::, https://, git@, github.com/... and s3:: sources: pinned by a ref, not a version.
remote_source(source) if regex.match(`^([a-z0-9]+::|[a-z]+://|git@|github\.com/|bitbucket\.org/)`, source)

module_calls contains [sprintf("module.%s", [name]), body, source] if {
	some name, bodies in lib.doc.module
	some body in bodies
	source := object.get(body, "source", null)
	is_string(source)
}

deny contains f if {
	some [address, _, source] in module_calls
	not approved(source)
	f := finding("GP-MOD-101", address, sprintf("%s uses the unapproved source %s", [address, json.marshal(source)]))
}

# --- GP-MOD-102 ---------------------------------------------------------------------------------------

pinning_constraint(v) if {
	is_string(v)
	regex.match(`^\s*(=\s*)?v?[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?\s*$`, v)
}

pinning_constraint(v) if {
	is_string(v)
	regex.match(`^\s*~>\s*[0-9]+\.[0-9]+(\.[0-9]+)?\s*$`, v)
}

# A range is pinned when one of its parts bounds it from above.
pinning_constraint(v) if {
	is_string(v)
	contains(v, ",")
	some part in split(v, ",")
	regex.match(`^\s*(<|<=|~>)\s*[0-9]`, part)
}

deny contains f if {
	some [address, body, source] in module_calls
	not local_source(source)
	not remote_source(source)
	version := object.get(body, "version", null)
	not pinning_constraint(version)
	f := finding("GP-MOD-102", address, sprintf("%s (%s) has no pinned version: %s", [address, source, describe(version)]))
}

deny contains f if {
	some [address, _, source] in module_calls
	remote_source(source)
	not regex.match(`[?&]ref=[^&]+`, source)
	f := finding("GP-MOD-102", address, sprintf("%s (%s) is not pinned to a ref (?ref=<tag or commit>)", [address, source]))
}

describe(version) := "no version constraint" if version == null

describe(version) := sprintf("version %s does not pin it", [json.marshal(version)]) if version != null
