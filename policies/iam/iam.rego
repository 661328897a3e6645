# IAM guardrails: no administrator policies, no write actions or iam:PassRole on every resource,
# and no role that anyone may assume.
#
# Where the policies are read:
# - identity policies: `policy` of aws_iam_policy, aws_iam_role_policy, aws_iam_user_policy,
#   aws_iam_group_policy, `inline_policy { policy }` of aws_iam_role, and `inline_policy` of
#   aws_ssoadmin_permission_set_inline_policy;
# - trust policies: `assume_role_policy` of aws_iam_role;
# - `data "aws_iam_policy_document"` statements, judged where they are written (a policy that
#   references one is not judged again). Statements with `principals` are resource or trust
#   policies, never identity policies: "*" as their resource means "this resource".
#
# What can be read of a policy:
# - a literal JSON string or heredoc (also with interpolations inside its strings): parsed with
#   json.unmarshal;
# - jsonencode(local.NAME), and jsonencode({... Statement = local.NAME ...}): the local's value;
# - jsonencode({... Statement = [ {...}, ... ] ...}) written inline: only its source text is
#   known. Each statement object (up to four levels of nested braces) is read with regular
#   expressions: the literal strings of Effect, Action, Resource and Principal, and whether
#   NotAction, Principal or Condition appear. Statements built by for expressions, concat(),
#   merge() or functions are not seen, nor are strings holding quotes inside interpolations.
# Anything not seen is given the benefit of the doubt, as are "${...}" values.
package goldpath.iam

import rego.v1

import data.goldpath.lib

meta := {
	"GP-IAM-101": {
		"severity": "deny",
		"title": "no administrator policies",
		"remediation": "grant the actions the workload calls on the ARNs it uses (Action = [\"s3:GetObject\"], Resource = [\"arn:aws:s3:::bucket/*\"]); administrators get access through SSO permission sets, not Terraform-managed policies",
	},
	"GP-IAM-102": {
		"severity": "deny",
		"title": "no write actions on every resource",
		"remediation": "scope write actions to the ARNs they act on (Resource = aws_dynamodb_table.orders.arn), or constrain the statement with a Condition (aws:ResourceTag, aws:SourceArn); actions without resource-level permissions (xray:PutTraceSegments, cloudwatch:PutMetricData, ...) may use \"*\"",
	},
	"GP-IAM-103": {
		"severity": "deny",
		"title": "iam:PassRole scoped to named roles",
		"remediation": "list the role ARNs the workload may pass (Resource = [aws_iam_role.job.arn]) and add Condition { StringEquals = { \"iam:PassedToService\" = \"<service>.amazonaws.com\" } }",
	},
	"GP-IAM-104": {
		"severity": "deny",
		"title": "trust policies name who may assume the role",
		"remediation": "name the principals that may assume the role (Service = \"lambda.amazonaws.com\", AWS = \"arn:aws:iam::<account>:role/<role>\"), or, for a cross-account or federated trust, add a Condition (sts:ExternalId, aws:PrincipalOrgID, token audience and subject)",
	},
}

finding(id, resource, msg) := lib.finding(id, meta[id], resource, msg)

resources := object.get(lib.doc, "resource", {})

documents := object.get(object.get(lib.doc, "data", {}), "aws_iam_policy_document", {})

# --- the policies ------------------------------------------------------------------------------

identity_policy_attributes := {
	"aws_iam_policy": "policy",
	"aws_iam_role_policy": "policy",
	"aws_iam_user_policy": "policy",
	"aws_iam_group_policy": "policy",
	"aws_ssoadmin_permission_set_inline_policy": "inline_policy",
}

# [address, policy expression] of every identity policy written on a resource.
identity_policies contains [sprintf("%s.%s", [type, name]), policy] if {
	some type, key in identity_policy_attributes
	some name, bodies in object.get(resources, type, {})
	some body in bodies
	policy := lib.attr(body, key, null)
}

identity_policies contains [sprintf("aws_iam_role.%s", [name]), policy] if {
	some name, bodies in object.get(resources, "aws_iam_role", {})
	some body in bodies
	some inline in lib.as_list(object.get(body, "inline_policy", []))
	is_object(inline)
	policy := lib.attr(inline, "policy", null)
}

# [address, policy expression] of every trust policy written on a role.
trust_policies contains [sprintf("aws_iam_role.%s", [name]), policy] if {
	some name, bodies in object.get(resources, "aws_iam_role", {})
	some body in bodies
	policy := lib.attr(body, "assume_role_policy", null)
}

# --- statements in one normal form -------------------------------------------------------------
#
# {"effect", "actions": literal actions as written, "not_action", "resources": literal resources,
#  "has_principal", "any_principal", "conditional"}

policy_statements(p) := [json_statement(s) | some s in lib.as_list(object.get(d, "Statement", []))] if {
	is_string(p)
	json.is_valid(p)
	d := json.unmarshal(p)
	is_object(d)
} else := [json_statement(s) | some s in lib.as_list(object.get(d, "Statement", []))] if {
	is_string(p)
	m := regex.find_all_string_submatch_n(`^\$\{jsonencode\(\s*local\.([A-Za-z_][A-Za-z0-9_-]*)\s*\)\}$`, p, 1)
	count(m) == 1
	d := lib.value(sprintf("${local.%s}", [m[0][1]]))
	is_object(d)
} else := [json_statement(s) | some s in listed] if {
	is_string(p)
	m := regex.find_all_string_submatch_n(`^\$\{jsonencode\([\s\S]*"?\bStatement"?\s*[=:]\s*local\.([A-Za-z_][A-Za-z0-9_-]*)\s*[,\n}]`, p, 1)
	count(m) == 1
	listed := lib.value(sprintf("${local.%s}", [m[0][1]]))
	is_array(listed)
} else := [text_statement(t) | some t in inline_statement_texts(p)] if {
	is_string(p)
	startswith(p, "${jsonencode(")
} else := []

# Literal values of a field as a set of strings; "${...}" items are left out.
known_strings(v) := {s | some s in lib.as_list(lib.value(v)); is_string(s); lib.is_known(s)}

effect_of(e) := "Allow" if e == "Allow"

effect_of(e) := "Deny" if e == "Deny"

effect_of(e) := "unknown" if not e in {"Allow", "Deny"}

# Whether a field is set to something (these helpers are true or false, never undefined, as
# they fill in the statement object).
present(v) := true if {
	v != null
	v != {}
	v != []
} else := false

block_present(s, key) := true if lib.has_block(s, key) else := false

json_statement(s) := {
	"effect": effect_of(lib.value(object.get(s, "Effect", "Allow"))),
	"actions": known_strings(object.get(s, "Action", [])),
	"not_action": present(object.get(s, "NotAction", null)),
	"resources": known_strings(object.get(s, "Resource", [])),
	"has_principal": has_json_principal(s),
	"any_principal": json_any_principal(lib.value(object.get(s, "Principal", null))),
	"conditional": present(object.get(s, "Condition", null)),
} if is_object(s)

json_statement(s) := {"effect": "unknown"} if not is_object(s)

has_json_principal(s) := true if {
	present(object.get(s, "Principal", null))
} else := true if {
	present(object.get(s, "NotPrincipal", null))
} else := false

json_any_principal(p) := true if {
	p == "*"
} else := true if {
	is_object(p)
	"*" in known_strings(object.get(p, "AWS", []))
} else := false

document_statement(s) := {
	"effect": effect_of(lib.value(object.get(s, "effect", "Allow"))),
	"actions": known_strings(object.get(s, "actions", [])),
	"not_action": present(object.get(s, "not_actions", null)),
	"resources": known_strings(object.get(s, "resources", [])),
	"has_principal": has_document_principal(s),
	"any_principal": document_any_principal(s),
	"conditional": block_present(s, "condition"),
} if is_object(s)

document_statement(s) := {"effect": "unknown"} if not is_object(s)

has_document_principal(s) := true if {
	lib.has_block(s, "principals")
} else := true if {
	lib.has_block(s, "not_principals")
} else := false

document_any_principal(s) := true if {
	some principal in lib.as_list(object.get(s, "principals", []))
	is_object(principal)
	lib.value(object.get(principal, "type", null)) in {"*", "AWS"}
	"*" in known_strings(object.get(principal, "identifiers", []))
} else := false

# --- jsonencode({...}) source text --------------------------------------------------------------

# A brace-delimited object with up to three levels of nested braces inside it.
object_pattern := `\{(?:[^{}]|\{(?:[^{}]|\{(?:[^{}]|\{[^{}]*\})*\})*\})*\}`

# The text of each statement object of an inline `Statement = [ ... ]`.
inline_statement_texts(p) := regex.find_n(object_pattern, m[0][1], -1) if {
	m := regex.find_all_string_submatch_n(`"?\bStatement"?\s*[=:]\s*\[([\s\S]*)$`, p, 1)
	count(m) == 1
} else := []

# The literal strings of `KEY = "..."` or `KEY = ["...", ...]` in a statement's text.
text_strings(t, key) := {s |
	some m in regex.find_all_string_submatch_n(sprintf(`(?:^|[^A-Za-z0-9_"])"?%s"?\s*[=:]\s*(\[[^\]]*\]|"(?:[^"\\]|\\.)*")`, [key]), t, -1)
	some quoted in regex.find_n(`"(?:[^"\\]|\\.)*"`, m[1], -1)
	s := substring(quoted, 1, count(quoted) - 2)
	lib.is_known(s)
}

text_effect(t) := "Allow" if {
	not regex.match(`(?:^|[^A-Za-z0-9_"])"?Effect"?\s*[=:]`, t)
} else := effect if {
	some e in text_strings(t, "Effect")
	effect := effect_of(e)
} else := "unknown"

text_statement(t) := {
	"effect": text_effect(t),
	"actions": text_strings(t, "Action"),
	"not_action": regex.match(`(?:^|[^A-Za-z0-9_"])"?NotAction"?\s*[=:]`, t),
	"resources": text_strings(t, "Resource"),
	"has_principal": regex.match(`(?:^|[^A-Za-z0-9_"])"?(Not)?Principal"?\s*[=:]`, t),
	"any_principal": text_any_principal(t),
	"conditional": regex.match(`(?:^|[^A-Za-z0-9_"])"?Condition"?\s*[=:]`, t),
}

text_any_principal(t) := true if {
	"*" in text_strings(t, "Principal")
} else := true if {
	"*" in text_strings(t, "AWS")
} else := false

# --- statements of the module, with the address that reports them --------------------------------

# [address, statement] of identity-policy statements: an Allow without principals.
identity_statements contains [address, s] if {
	some [address, policy] in identity_policies
	some s in policy_statements(policy)
	s.effect == "Allow"
	not s.has_principal
}

identity_statements contains [sprintf("data.aws_iam_policy_document.%s", [name]), s] if {
	some name, bodies in documents
	some body in bodies
	some raw in lib.as_list(object.get(body, "statement", []))
	s := document_statement(raw)
	s.effect == "Allow"
	not s.has_principal
}

# [address, statement] of trust statements: every Allow of a role's assume_role_policy, and the
# Allow statements of policy documents that grant an sts:AssumeRole* action to principals.
trust_statements contains [address, s] if {
	some [address, policy] in trust_policies
	some s in policy_statements(policy)
	s.effect == "Allow"
}

trust_statements contains [sprintf("data.aws_iam_policy_document.%s", [name]), s] if {
	some name, bodies in documents
	some body in bodies
	some raw in lib.as_list(object.get(body, "statement", []))
	s := document_statement(raw)
	s.effect == "Allow"
	s.has_principal
	some action in s.actions
	some assume in {"sts:assumerole", "sts:assumerolewithsaml", "sts:assumerolewithwebidentity"}
	covers(lower(action), assume)
}

# --- actions -----------------------------------------------------------------------------------

# Whether an action pattern (IAM wildcards * and ?) matches an action; both lowercase.
covers(pattern, action) if regex.match(concat("", ["^", replace(replace(replace(pattern, ".", `\.`), "*", ".*"), "?", "."), "$"]), action)

on_every_resource(s) if "*" in s.resources

admin(s) if {
	some action in s.actions
	action in {"*", "*:*"}
}

# Actions are case-insensitive: the checks below take them lowercased.

# Verbs of actions that change something. An action is a write when its name (after the
# service prefix) starts with one of them; a wildcard is a write unless it only names reads.
write_verbs := [
	"abort", "add", "associate", "attach", "authorize", "batchdelete", "batchput", "batchupdate",
	"batchwrite", "cancel", "change", "complete", "copy", "create", "delete", "deregister", "detach",
	"disable", "disassociate", "enable", "execute", "export", "import", "invoke", "modify",
	"publish", "put", "reboot", "register", "remove", "replace", "reset", "restore", "revoke",
	"run", "send", "set", "start", "stop", "tag", "terminate", "untag", "update", "upload", "write",
]

read_verbs := ["batchget", "describe", "get", "head", "list", "lookup", "query", "scan", "search", "select", "view"]

# Actions that have no resource-level permissions: "*" is the only resource they take.
unrestrictable_actions := {
	"cloudwatch:putmetricdata",
	"ec2:assignprivateipaddresses",
	"ec2:createnetworkinterface",
	"ec2:deletenetworkinterface",
	"ec2:unassignprivateipaddresses",
	"logs:createlogdelivery",
	"logs:deletelogdelivery",
	"logs:deleteresourcepolicy",
	"logs:putresourcepolicy",
	"logs:updatelogdelivery",
	"xray:puttelemetryrecords",
	"xray:puttracesegments",
}

verb(action) := parts[1] if {
	parts := split(action, ":")
	count(parts) == 2
}

write_action(action) if {
	not action in unrestrictable_actions
	v := verb(action)
	not regex.match(`[*?]`, v)
	some w in write_verbs
	startswith(v, w)
}

write_action(action) if {
	v := verb(action)
	regex.match(`[*?]`, v)
	not only_reads(v)
}

only_reads(v) if {
	some r in read_verbs
	startswith(v, r)
}

passes_roles(action) if covers(action, "iam:passrole")

# --- GP-IAM-101 administrator ------------------------------------------------------------------

deny contains f if {
	some [address, s] in identity_statements
	admin(s)
	on_every_resource(s)
	not s.not_action
	f := finding("GP-IAM-101", address, sprintf("%s allows every action (\"*\") on every resource (\"*\"): administrator access", [address]))
}

# --- GP-IAM-102 write actions on "*" ------------------------------------------------------------

unscoped_writes(address) := {action |
	some [a, s] in identity_statements
	a == address
	on_every_resource(s)
	not admin(s)
	not s.conditional
	some action in s.actions
	write_action(lower(action))
	not passes_roles(lower(action))
}

deny contains f if {
	some [address, _] in identity_statements
	actions := unscoped_writes(address)
	count(actions) > 0
	f := finding("GP-IAM-102", address, sprintf("%s allows write actions on every resource (\"*\") without a condition: %s", [address, concat(", ", sort(actions))]))
}

# --- GP-IAM-103 iam:PassRole on "*" -------------------------------------------------------------

unscoped_pass_role(address) := {action |
	some [a, s] in identity_statements
	a == address
	on_every_resource(s)
	not admin(s)
	some action in s.actions
	passes_roles(lower(action))
}

deny contains f if {
	some [address, _] in identity_statements
	actions := unscoped_pass_role(address)
	count(actions) > 0
	f := finding("GP-IAM-103", address, sprintf("%s allows %s on every resource (\"*\"): it can hand any role, administrators' too, to a service it controls", [address, concat(", ", sort(actions))]))
}

# --- GP-IAM-104 trust policy open to anyone ------------------------------------------------------

deny contains f if {
	some [address, s] in trust_statements
	s.any_principal
	not s.conditional
	f := finding("GP-IAM-104", address, sprintf("%s lets any AWS principal (\"*\") assume the role, with no condition", [address]))
}
