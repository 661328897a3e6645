# FinOps tagging: AWS resources whose tags are known must carry the cost-allocation tags (unless
# the provider's default_tags in the same configuration supply them), AWS provider blocks must set
# default_tags, and literal tag values must be well-formed.
#
# Required tag keys come from data.goldpath.required_tags (a list of strings) when present.
package goldpath.tagging

import rego.v1

import data.goldpath.lib

meta := {
	"GP-TAG-101": {
		"severity": "deny",
		"title": "cost-allocation tags on AWS resources",
		"remediation": "tag the resource with team, env, cost-center and owner, e.g. tags = local.tags built from the module's inputs, or set them once in the provider's default_tags",
	},
	"GP-TAG-102": {
		"severity": "warn",
		"title": "provider default_tags",
		"remediation": "configure provider \"aws\" { default_tags { tags = { team, env, cost-center, owner, service, managed-by } } } in every root module, so resources created inside registry modules are tagged too",
	},
	"GP-TAG-103": {
		"severity": "warn",
		"title": "well-formed tag values",
		"remediation": "use env = dev|staging|prod, cost-center like ENG-1234 (2-4 capital letters, a hyphen, 3-6 digits) and owner = a contact email",
	},
}

finding(id, resource, msg) := lib.finding(id, meta[id], resource, msg)

default required_tags := ["team", "env", "cost-center", "owner"]

required_tags := data.goldpath.required_tags

# Keys supplied by default_tags of AWS provider blocks in this configuration.
default_tag_keys contains key if {
	some provider in object.get(object.get(lib.doc, "provider", {}), "aws", [])
	tags := provider_tags(provider)
	is_object(tags)
	some key, _ in tags
}

# Known tags of the default_tags block; a computed value makes all keys count as supplied.
provider_tags(provider) := lib.value(object.get(lib.block(provider, "default_tags"), "tags", null))

default_tags_unknown if {
	some provider in object.get(object.get(lib.doc, "provider", {}), "aws", [])
	lib.is_unknown(provider_tags(provider))
}

missing(tags) := [key |
	some key in required_tags
	not key in object.keys(tags)
	not key in default_tag_keys
]

deny contains f if {
	not default_tags_unknown
	some type, named in lib.doc.resource
	startswith(type, "aws_")
	some name, bodies in named
	some body in bodies
	tags := lib.attr(body, "tags", null)
	is_object(tags)
	m := missing(tags)
	count(m) > 0
	address := sprintf("%s.%s", [type, name])
	f := finding("GP-TAG-101", address, sprintf("%s has no %s tag(s)", [address, concat(", ", m)]))
}

warn contains f if {
	some i, provider in object.get(object.get(lib.doc, "provider", {}), "aws", [])
	why := provider_problem(provider)
	address := provider_address(provider, i)
	f := finding("GP-TAG-102", address, sprintf("%s %s", [address, why]))
}

# provider.aws.ALIAS for an aliased block, provider.aws for the first default one.
provider_address(provider, i) := address if {
	alias := object.get(provider, "alias", null)
	address := provider_address_of(alias, i)
}

provider_address_of(alias, _) := sprintf("provider.aws.%s", [alias]) if is_string(alias)

provider_address_of(alias, 0) := "provider.aws" if not is_string(alias)

provider_address_of(alias, i) := sprintf("provider.aws[%d]", [i]) if {
	not is_string(alias)
	i > 0
}

provider_problem(provider) := "has no default_tags" if {
	not lib.has_block(provider, "default_tags")
} else := sprintf("default_tags lack %s", [concat(", ", m)]) if {
	tags := provider_tags(provider)
	is_object(tags)
	m := [key | some key in required_tags; not key in object.keys(tags)]
	count(m) > 0
}

# --- GP-TAG-103 values -------------------------------------------------------------------------------

environments := {"dev", "stg", "staging", "prod"}

bad_value("env", v) := sprintf("env = %s is not one of dev, staging, prod", [json.marshal(v)]) if {
	not v in environments
}

bad_value("cost-center", v) := sprintf("cost-center = %s does not look like ENG-1234", [json.marshal(v)]) if {
	not regex.match(`^[A-Z]{2,4}-[0-9]{3,6}$`, v)
}

bad_value("owner", v) := sprintf("owner = %s is not an email address", [json.marshal(v)]) if {
	not regex.match(`^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$`, v)
}

bad_value("team", v) := "team is empty" if v == ""

literal_tags contains [address, tags] if {
	some type, named in lib.doc.resource
	startswith(type, "aws_")
	some name, bodies in named
	some body in bodies
	tags := lib.attr(body, "tags", null)
	is_object(tags)
	address := sprintf("%s.%s", [type, name])
}

literal_tags contains [provider_address(provider, i), tags] if {
	some i, provider in object.get(object.get(lib.doc, "provider", {}), "aws", [])
	tags := provider_tags(provider)
	is_object(tags)
}

warn contains f if {
	some [address, tags] in literal_tags
	some key, raw in tags
	v := lib.value(raw)
	is_string(v)
	lib.is_known(v)
	why := bad_value(key, v)
	f := finding("GP-TAG-103", address, sprintf("%s: %s", [address, why]))
}
