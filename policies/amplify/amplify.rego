# Web app guardrails (Amplify Hosting, AppSync, Cognito): no API keys on prod APIs, MFA required
# in prod, no client secret in browser app clients, and preview branches behind basic auth and
# deleted with their Git branch. Also reads terraform-aws-modules/appsync module calls.
package goldpath.amplify

import rego.v1

import data.goldpath.lib

meta := {
	"GP-APP-101": {
		"severity": "deny",
		"title": "no API_KEY auth on prod AppSync APIs",
		"remediation": "use authentication_type = \"AMAZON_COGNITO_USER_POOLS\" (or AWS_IAM / OPENID_CONNECT) and drop API keys in prod: an API key is a shared bearer secret shipped to every browser",
	},
	"GP-APP-102": {
		"severity": "deny",
		"title": "MFA required in prod",
		"remediation": "set mfa_configuration = \"ON\" with software_token_mfa_configuration { enabled = true } on prod user pools",
	},
	"GP-APP-103": {
		"severity": "deny",
		"title": "no secret in browser app clients",
		"remediation": "set generate_secret = false on app clients used by SPAs or mobile apps (they cannot keep a secret); use SRP and the authorization code flow with PKCE",
	},
	"GP-APP-104": {
		"severity": "deny",
		"title": "preview branches behind basic auth",
		"remediation": "set auto_branch_creation_config { enable_basic_auth = true, basic_auth_credentials = <from Secrets Manager> } and enable_basic_auth = true on every non-PRODUCTION branch",
	},
	"GP-APP-105": {
		"severity": "deny",
		"title": "preview branches deleted with their Git branch",
		"remediation": "set enable_branch_auto_deletion = true on apps that create preview branches automatically",
	},
	"GP-APP-106": {
		"severity": "warn",
		"title": "GraphQL introspection disabled in prod",
		"remediation": "set introspection_config = \"DISABLED\" on prod AppSync APIs (the default is ENABLED)",
	},
	"GP-APP-107": {
		"severity": "warn",
		"title": "user pool deletion protection in prod",
		"remediation": "set deletion_protection = \"ACTIVE\" on prod user pools: deleting a pool loses every user",
	},
}

finding(id, resource, msg) := lib.finding(id, meta[id], resource, msg)

resources_of(type) := {[sprintf("%s.%s", [type, name]), name, body] |
	some name, bodies in object.get(object.get(lib.doc, "resource", {}), type, {})
	some body in bodies
}

appsync_modules contains [sprintf("module.%s", [name]), body] if {
	some [name, body] in lib.registry_module("appsync")
	not lib.is_false(lib.attr(body, "create_graphql_api", true))
}

# --- GP-APP-101 API keys in prod -----------------------------------------------------------------------

deny contains f if {
	lib.is_prod
	some [address, _, api] in resources_of("aws_appsync_graphql_api")
	lib.attr(api, "authentication_type", null) == "API_KEY"
	f := finding("GP-APP-101", address, sprintf("%s uses API_KEY as its authentication type in prod", [address]))
}

deny contains f if {
	lib.is_prod
	some [address, _, api] in resources_of("aws_appsync_graphql_api")
	some provider in object.get(api, "additional_authentication_provider", [])
	lib.attr(provider, "authentication_type", null) == "API_KEY"
	f := finding("GP-APP-101", address, sprintf("%s accepts API keys (additional authentication provider API_KEY) in prod", [address]))
}

deny contains f if {
	lib.is_prod
	some [address, _, _] in resources_of("aws_appsync_api_key")
	f := finding("GP-APP-101", address, sprintf("%s creates an AppSync API key in prod", [address]))
}

deny contains f if {
	lib.is_prod
	some [address, body] in appsync_modules
	lib.attr(body, "authentication_type", "API_KEY") == "API_KEY"
	f := finding("GP-APP-101", address, sprintf("%s uses API_KEY as its authentication type in prod (the module's default)", [address]))
}

deny contains f if {
	lib.is_prod
	some [address, body] in appsync_modules
	providers := lib.attr(body, "additional_authentication_provider", {})
	is_object(providers)
	some provider in providers
	is_object(provider)
	lib.value(object.get(provider, "authentication_type", null)) == "API_KEY"
	f := finding("GP-APP-101", address, sprintf("%s accepts API keys (additional authentication provider API_KEY) in prod", [address]))
}

deny contains f if {
	lib.is_prod
	some [address, body] in appsync_modules
	keys := lib.attr(body, "api_keys", {})
	is_object(keys)
	count(keys) > 0
	f := finding("GP-APP-101", address, sprintf("%s creates AppSync API keys (api_keys) in prod", [address]))
}

# --- GP-APP-102 MFA in prod ----------------------------------------------------------------------------

mfa_on_or_unknown(v) if v == "ON"

mfa_on_or_unknown(v) if lib.is_unknown(v)

deny contains f if {
	lib.is_prod
	some [address, _, pool] in resources_of("aws_cognito_user_pool")
	mfa := lib.attr(pool, "mfa_configuration", "OFF")
	not mfa_on_or_unknown(mfa)
	f := finding("GP-APP-102", address, sprintf("%s does not require MFA in prod (mfa_configuration = %s)", [address, json.marshal(mfa)]))
}

# --- GP-APP-103 secrets in browser clients ---------------------------------------------------------------

# A client a browser or phone uses: named like one, allowed the implicit flow, or part of a module
# that hosts a web frontend (Amplify).
public_client(name, client) if {
	some label in [name, lib.attr(client, "name", "")]
	is_string(label)
	regex.match(`(?i)(web|spa|browser|frontend|front-end|mobile|public)`, label)
}

public_client(_, client) if {
	flows := lib.attr(client, "allowed_oauth_flows", [])
	is_array(flows)
	"implicit" in flows
}

public_client(_, _) if count(resources_of("aws_amplify_app")) > 0

deny contains f if {
	some [address, name, client] in resources_of("aws_cognito_user_pool_client")
	lib.is_true(lib.attr(client, "generate_secret", false))
	public_client(name, client)
	f := finding("GP-APP-103", address, sprintf("%s is a browser/mobile app client with a client secret (generate_secret = true)", [address]))
}

# --- GP-APP-104 / 105 preview branches -----------------------------------------------------------------

# Apps that create branches automatically (a computed flag might be on).
auto_branching(app) if {
	v := lib.attr(app, "enable_auto_branch_creation", false)
	true_or_unknown(v)
}

true_or_unknown(v) if lib.is_true(v)

true_or_unknown(v) if lib.is_unknown(v)

deny contains f if {
	some [address, _, app] in resources_of("aws_amplify_app")
	auto_branching(app)
	not lib.is_dynamic_block(app, "auto_branch_creation_config")
	config := lib.block(app, "auto_branch_creation_config")
	not true_or_unknown(lib.value(object.get(config, "enable_basic_auth", false)))
	f := finding("GP-APP-104", address, sprintf("%s creates preview branches automatically without basic auth (auto_branch_creation_config.enable_basic_auth)", [address]))
}

deny contains f if {
	some [address, _, branch] in resources_of("aws_amplify_branch")
	stage := lib.attr(branch, "stage", "NONE")
	is_string(stage)
	lib.is_known(stage)
	stage != "PRODUCTION"
	not true_or_unknown(lib.attr(branch, "enable_basic_auth", false))
	f := finding("GP-APP-104", address, sprintf("%s is a %s branch without basic auth", [address, stage]))
}

deny contains f if {
	some [address, _, app] in resources_of("aws_amplify_app")
	auto_branching(app)
	not true_or_unknown(lib.attr(app, "enable_branch_auto_deletion", false))
	f := finding("GP-APP-105", address, sprintf("%s creates preview branches automatically but never deletes them (enable_branch_auto_deletion)", [address]))
}

# --- GP-APP-106 introspection in prod -------------------------------------------------------------------

disabled_or_unknown(v) if v == "DISABLED"

disabled_or_unknown(v) if lib.is_unknown(v)

warn contains f if {
	lib.is_prod
	some [address, _, api] in resources_of("aws_appsync_graphql_api")
	not disabled_or_unknown(lib.attr(api, "introspection_config", "ENABLED"))
	f := finding("GP-APP-106", address, sprintf("%s allows GraphQL introspection in prod", [address]))
}

warn contains f if {
	lib.is_prod
	some [address, body] in appsync_modules
	not disabled_or_unknown(lib.attr(body, "introspection_config", null))
	f := finding("GP-APP-106", address, sprintf("%s allows GraphQL introspection in prod", [address]))
}

# --- GP-APP-107 deletion protection in prod ------------------------------------------------------------

active_or_unknown(v) if v == "ACTIVE"

active_or_unknown(v) if lib.is_unknown(v)

warn contains f if {
	lib.is_prod
	some [address, _, pool] in resources_of("aws_cognito_user_pool")
	not active_or_unknown(lib.attr(pool, "deletion_protection", "INACTIVE"))
	f := finding("GP-APP-107", address, sprintf("%s has no deletion protection in prod", [address]))
}
