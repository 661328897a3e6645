# Shared helpers for the goldpath policy library. No rules here are findings: the package
# holds no deny/warn rules, so `conftest --all-namespaces` reports nothing from it.
#
# Input: the module directory as conftest's HCL2 parser gives it (all .tf files merged), plus
# `input.goldpath` = {"template", "version", "answers"} when goldpath rendered the module.
# Every non-literal HCL expression arrives as a "${...}" string holding its source text: such
# values are "unknown" and never count as a violation on their own.
package goldpath.lib

import rego.v1

# --- the module document ---------------------------------------------------------------------

# The module: the input itself, or, under `conftest --combine` (a list of {path, contents}), the
# contents of every file merged the way conftest's parser merges one file's blocks.
doc := input if is_object(input)

doc := merged if is_array(input)

combined_files := [f.contents | some f in input; is_object(f.contents)]

merged := {
	"resource": merge_labelled2("resource"),
	"data": merge_labelled2("data"),
	"module": merge_labelled1("module"),
	"variable": merge_labelled1("variable"),
	"output": merge_labelled1("output"),
	"provider": merge_labelled1("provider"),
	"locals": [b | some c in combined_files; some b in object.get(c, "locals", [])],
	"terraform": [b | some c in combined_files; some b in object.get(c, "terraform", [])],
}

# Blocks with one label (module "x"): {label: [bodies from every file]}.
merge_labelled1(kind) := {name: bodies |
	some c in combined_files
	some name, _ in object.get(c, kind, {})
	bodies := [b | some c2 in combined_files; some b in object.get(object.get(c2, kind, {}), name, [])]
}

# Blocks with two labels (resource "t" "n"): {type: {name: [bodies from every file]}}.
merge_labelled2(kind) := {type: named |
	some c in combined_files
	some type, _ in object.get(c, kind, {})
	named := {name: bodies |
		some c2 in combined_files
		some name, _ in object.get(object.get(c2, kind, {}), type, {})
		bodies := [b |
			some c3 in combined_files
			some b in object.get(object.get(object.get(c3, kind, {}), type, {}), name, [])
		]
	}
}

# --- environment --------------------------------------------------------------------------

# The module's environment: goldpath's answer, else the default of variable "environment"
# (or "env"), else prod, the strictest. Unrecognised names are treated as prod too.
environment := normalise_environment(raw_environment)

raw_environment := e if {
	e := input.goldpath.answers.environment
	is_string(e)
} else := e if {
	e := doc.variable.environment[0].default
	is_string(e)
} else := e if {
	e := doc.variable.env[0].default
	is_string(e)
} else := "prod"

# How findings name the environment: "in prod", or, when neither goldpath's answers nor an
# `environment`/`env` variable tell it, that it was judged as prod.
environment_phrase := sprintf("in %s", [environment]) if {
	raw_environment != "prod"
} else := "in prod" if {
	known_environment
} else := "(no environment answer or variable: judged as prod, the strictest)"

known_environment if is_string(input.goldpath.answers.environment)

known_environment if is_string(doc.variable.environment[0].default)

known_environment if is_string(doc.variable.env[0].default)

normalise_environment(e) := "dev" if {
	lower(e) in {"dev", "development", "sandbox"}
} else := "staging" if {
	lower(e) in {"staging", "stg", "stage"}
} else := "prod"

is_dev if environment == "dev"

is_prod if environment == "prod"

# staging or prod: everything that is not dev.
is_protected_environment if environment != "dev"

# --- values -------------------------------------------------------------------------------

# A "${...}" string: an expression whose value is not known statically.
is_unknown(v) if {
	is_string(v)
	contains(v, "${")
}

# A literal: anything but a "${...}" string.
is_known(v) if not is_unknown(v)

# Follows one `local.NAME` or `var.NAME` reference: a whole-value "${local.x}" becomes the
# local's expression, "${var.x}" the variable's default. Anything else comes back unchanged.
deref(v) := out if {
	is_string(v)
	startswith(v, "${local.")
	m := regex.find_all_string_submatch_n(`^\$\{local\.([A-Za-z_][A-Za-z0-9_-]*)\}$`, v, 1)
	count(m) == 1
	some locals_block in doc.locals
	out := locals_block[m[0][1]]
} else := out if {
	is_string(v)
	startswith(v, "${var.")
	m := regex.find_all_string_submatch_n(`^\$\{var\.([A-Za-z_][A-Za-z0-9_-]*)\}$`, v, 1)
	count(m) == 1
	out := doc.variable[m[0][1]][0].default
} else := v

# Up to three levels of local/var indirection (local.a = local.b = var.c).
value(v) := deref(deref(deref(v))) if {
	is_string(v)
	startswith(v, "${")
} else := v

# The value of `key` in `obj`, resolved; `default_value` when the key is absent.
attr(obj, key, default_value) := value(object.get(obj, key, default_value))

# A value as a list: lists as they are, anything else as a one-element list.
as_list(x) := x if is_array(x)

as_list(x) := [x] if not is_array(x)

# A nested block (conftest gives every block as a list): its first body, or {} if absent.
block(obj, key) := b if {
	blocks := object.get(obj, key, [])
	is_array(blocks)
	some b in blocks
	is_object(b)
} else := {}

# Whether a block is declared, directly or through a `dynamic "<key>"` block.
has_block(obj, key) if {
	blocks := object.get(obj, key, [])
	is_array(blocks)
	count(blocks) > 0
}

has_block(obj, key) if is_dynamic_block(obj, key)

# Whether a block is only known through a `dynamic` block (its content is not statically known).
is_dynamic_block(obj, key) if obj.dynamic[key]

# True for literal true and "true"; false otherwise.
is_true(v) if v == true

is_true(v) if v == "true"

# True for literal false and "false".
is_false(v) if v == false

is_false(v) if v == "false"

# Whether `text` (an expression's source) references resource `type.name`, e.g.
# "${aws_s3_bucket.logs[0].id}" references aws_s3_bucket.logs.
references(text, type, name) if {
	is_string(text)
	regex.match(sprintf(`(^|[^A-Za-z0-9_.-])%s\.%s([^A-Za-z0-9_-]|$)`, [type, name]), text)
}

# --- Lambda log groups ----------------------------------------------------------------------

# The log groups of the module that receive a Lambda function's logs, as [name, body] pairs: the
# one logging_config.log_group references, or the one named /aws/lambda/<function_name>. Shared
# by goldpath.lambda (GP-LAM-103) and goldpath.logs, which leaves these groups to GP-LAM-103.
lambda_log_groups(fn) := {[name, group] |
	some name, bodies in object.get(object.get(doc, "resource", {}), "aws_cloudwatch_log_group", {})
	some group in bodies
	receives_lambda_logs(name, group, fn)
}

receives_lambda_logs(name, _, fn) if {
	target := value(object.get(block(fn, "logging_config"), "log_group", null))
	references(target, "aws_cloudwatch_log_group", name)
}

receives_lambda_logs(_, group, fn) if {
	group_name := value(object.get(group, "name", null))
	is_string(group_name)
	some function_name in {object.get(fn, "function_name", null), attr(fn, "function_name", null)}
	is_string(function_name)
	group_name == concat("", ["/aws/lambda/", function_name])
}

# Names of the aws_cloudwatch_log_group resources that receive some aws_lambda_function's logs.
lambda_log_group_names contains name if {
	some _, bodies in object.get(object.get(doc, "resource", {}), "aws_lambda_function", {})
	some fn in bodies
	some [name, _] in lambda_log_groups(fn)
}

# --- module calls -------------------------------------------------------------------------

# Module calls whose source is the given terraform-aws-modules module (registry or GitHub
# address), excluding its submodules (`//modules/...`). Yields [name, body] pairs.
registry_module(module_name) := {[name, body] |
	some name, bodies in doc.module
	some body in bodies
	is_string(body.source)
	regex.match(sprintf(`(^|/)terraform-aws-modules/(%s/aws|terraform-aws-%s(\.git)?)([?/].*)?$`, [module_name, module_name]), body.source)
	not contains(body.source, "//modules/")
}

# Module calls of a terraform-aws-modules submodule, e.g. submodule("emr", "serverless").
registry_submodule(module_name, submodule) := {[name, body] |
	some name, bodies in doc.module
	some body in bodies
	is_string(body.source)
	regex.match(sprintf(`(^|/)terraform-aws-modules/(%s/aws|terraform-aws-%s)(\.git)?//modules/%s([?/].*)?$`, [module_name, module_name, submodule]), body.source)
}

# --- findings -----------------------------------------------------------------------------

# A finding in the library's result shape. `meta` is {"severity", "remediation"}.
finding(id, meta, resource, msg) := {
	"msg": msg,
	"rule": id,
	"severity": meta.severity,
	"resource": resource,
	"remediation": meta.remediation,
}
