# Module sources: only approved sources, each pinned. Approved are terraform-aws-modules registry
# modules, local paths (./, ../) and the organisation's own sources, listed as prefixes in
# data.goldpath.approved_module_prefixes (default below). Registry modules need a version
# constraint bounded from above (x.y.z, = x.y.z, ~> x.y, < x, or a range with an upper bound); git,
# HTTP and other remote sources need ?ref=<tag or commit>.
#
# GP-MOD-102 is the Rego twin of goldpath's built-in GP-MOD-001 and judges sources the same way,
# so goldpath can drop the Rego finding where the built-in one is reported on the same module:
# local paths (./, ../) and archives (s3::, gcs::, a .zip/.tar.gz/.tgz/.tar.bz2/.tar.xz/.tar
# path, or archive= in the query) are never judged; a source holding "::" or "://", or starting
# with git@, github.com/ or bitbucket.org/, is remote and needs a non-empty ref= in its query;
# any other source is a registry address and needs a version constraint with an upper bound.
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

archive_extensions := [".zip", ".tar.gz", ".tgz", ".tar.bz2", ".tar.xz", ".tar"]

# s3::, gcs:: and archive downloads: an archive's content is fixed by its URL.
archive_source(source) if regex.match(`^(s3|gcs)::`, lower(source))

archive_source(source) if {
	path := split(lower(source), "?")[0]
	some extension in archive_extensions
	endswith(path, extension)
}

archive_source(source) if contains(lower(source), "archive=")

# git::, https://, git@, github.com/... sources: pinned by a ref, not a version.
remote_source(source) if {
	not archive_source(source)
	remote_address(lower(source))
}

remote_address(source) if contains(source, "::")

remote_address(source) if contains(source, "://")

remote_address(source) if regex.match(`^(git@|github\.com/|bitbucket\.org/)`, source)

# Registry addresses (NAMESPACE/NAME/PROVIDER, HOST/NAMESPACE/NAME/PROVIDER): everything else.
registry_source(source) if {
	not local_source(source)
	not archive_source(source)
	not remote_source(source)
}

# A non-empty ref= parameter in the query.
pinned_ref(source) if regex.match(`^[^?]*\?([^&]*&)*ref=[^&]`, source)

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

# A constraint pins when one of its comma-separated parts bounds it from above: an exact version
# (1.2.3, = 1.2.3), a pessimistic one (~> 1.2) or an upper bound (< 2.0, <= 1.9). ">= 1.0" alone
# lets every future major version in.
pinning_constraint(v) if {
	is_string(v)
	some part in split(v, ",")
	regex.match(`^\s*(~>|<|=*\s*[0-9])`, part)
}

deny contains f if {
	some [address, body, source] in module_calls
	registry_source(source)
	version := object.get(body, "version", null)
	not pinning_constraint(version)
	f := finding("GP-MOD-102", address, sprintf("%s (%s) has no pinned version: %s", [address, source, describe(version)]))
}

deny contains f if {
	some [address, _, source] in module_calls
	remote_source(source)
	not pinned_ref(source)
	f := finding("GP-MOD-102", address, sprintf("%s (%s) is not pinned to a ref (?ref=<tag or commit>)", [address, source]))
}

describe(version) := "no version constraint" if version == null

describe(version) := sprintf("version %s does not pin it", [json.marshal(version)]) if version != null
