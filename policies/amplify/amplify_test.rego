package goldpath.amplify_test

import rego.v1

import data.goldpath.amplify

# The web stack the amplify-web golden path renders, trimmed to what the rules read.
resources := {
	"aws_appsync_graphql_api": {"this": [{
		"name": "${local.prefix}",
		"authentication_type": "AMAZON_COGNITO_USER_POOLS",
		"introspection_config": "DISABLED",
		"user_pool_config": [{"user_pool_id": "${aws_cognito_user_pool.this.id}", "default_action": "ALLOW"}],
	}]},
	"aws_cognito_user_pool": {"this": [{
		"name": "${local.prefix}",
		"mfa_configuration": "${local.mfa_configuration}",
		"deletion_protection": "ACTIVE",
		"software_token_mfa_configuration": [{"enabled": true}],
	}]},
	"aws_cognito_user_pool_client": {"web": [{
		"name": "${local.prefix}-web",
		"user_pool_id": "${aws_cognito_user_pool.this.id}",
		"generate_secret": false,
		"explicit_auth_flows": ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
	}]},
	"aws_amplify_app": {"this": [{
		"name": "${local.prefix}",
		"enable_auto_branch_creation": true,
		"auto_branch_creation_patterns": "${var.preview_branch_patterns}",
		"enable_branch_auto_deletion": true,
		"auto_branch_creation_config": [{
			"stage": "DEVELOPMENT",
			"enable_pull_request_preview": true,
			"enable_basic_auth": true,
			"basic_auth_credentials": "${local.basic_auth_credentials}",
		}],
	}]},
	"aws_amplify_branch": {"production": [{
		"app_id": "${aws_amplify_app.this.id}",
		"branch_name": "${var.production_branch}",
		"stage": "PRODUCTION",
		"enable_basic_auth": "${var.environment != \"prod\"}",
	}]},
}

stack(environment) := {
	"resource": resources,
	"goldpath": {"template": "amplify-web", "version": "1.0.0", "answers": {"environment": environment}},
	"locals": [{"mfa_configuration": "${var.environment == \"prod\" ? \"ON\" : coalesce(var.mfa_configuration, \"OPTIONAL\")}"}],
}

changed(environment, patch) := object.union(stack(environment), {"resource": patch})

ids(findings) := {f.rule | some f in findings}

test_compliant_stack_has_no_findings if {
	inp := stack("prod")
	count(amplify.deny) == 0 with input as inp
	count(amplify.warn) == 0 with input as inp
}

# --- GP-APP-101 ----------------------------------------------------------------------------------

test_api_key_auth_denied_in_prod if {
	inp := changed("prod", {"aws_appsync_graphql_api": {"this": [{"authentication_type": "API_KEY"}]}})
	some f in amplify.deny with input as inp
	f.rule == "GP-APP-101"
	f.resource == "aws_appsync_graphql_api.this"
}

test_api_key_auth_allowed_in_dev if {
	inp := changed("dev", {"aws_appsync_graphql_api": {"this": [{"authentication_type": "API_KEY"}]}})
	not "GP-APP-101" in ids(amplify.deny) with input as inp
}

test_additional_api_key_provider_and_key_denied_in_prod if {
	inp := changed("prod", {
		"aws_appsync_graphql_api": {"this": [{"additional_authentication_provider": [{"authentication_type": "API_KEY"}]}]},
		"aws_appsync_api_key": {"this": [{"api_id": "${aws_appsync_graphql_api.this.id}"}]},
	})
	found := {[f.rule, f.resource] | some f in amplify.deny with input as inp}
	found == {["GP-APP-101", "aws_appsync_graphql_api.this"], ["GP-APP-101", "aws_appsync_api_key.this"]}
}

test_appsync_module_default_denied_in_prod if {
	bare := {"module": {"api": [{"source": "terraform-aws-modules/appsync/aws", "version": "~> 4.0"}]}, "variable": {"environment": [{"default": "prod"}]}}
	cognito := json.patch(bare, [
		{"op": "add", "path": "/module/api/0/authentication_type", "value": "AMAZON_COGNITO_USER_POOLS"},
		{"op": "add", "path": "/module/api/0/introspection_config", "value": "DISABLED"},
	])
	ids(amplify.deny) == {"GP-APP-101"} with input as bare
	ids(amplify.warn) == {"GP-APP-106"} with input as bare
	count(amplify.deny) == 0 with input as cognito
	count(amplify.warn) == 0 with input as cognito
}

# --- GP-APP-102 ----------------------------------------------------------------------------------

test_optional_mfa_denied_in_prod if {
	inp := changed("prod", {"aws_cognito_user_pool": {"this": [{"mfa_configuration": "OPTIONAL"}]}})
	"GP-APP-102" in ids(amplify.deny) with input as inp
}

test_default_mfa_denied_in_prod if {
	inp := json.remove(stack("prod"), ["resource/aws_cognito_user_pool/this/0/mfa_configuration"])
	some f in amplify.deny with input as inp
	f.rule == "GP-APP-102"
	f.msg == "aws_cognito_user_pool.this does not require MFA in prod (mfa_configuration = \"OFF\")"
}

test_optional_mfa_allowed_in_staging if {
	inp := changed("staging", {"aws_cognito_user_pool": {"this": [{"mfa_configuration": "OPTIONAL"}]}})
	not "GP-APP-102" in ids(amplify.deny) with input as inp
}

# --- GP-APP-103 ----------------------------------------------------------------------------------

test_spa_client_secret_denied if {
	inp := changed("dev", {"aws_cognito_user_pool_client": {"web": [{"generate_secret": true}]}})
	"GP-APP-103" in ids(amplify.deny) with input as inp
}

test_backend_client_may_have_a_secret if {
	inp := {"resource": {"aws_cognito_user_pool_client": {"billing_service": [{"name": "billing", "generate_secret": true, "allowed_oauth_flows": ["client_credentials"]}]}}}
	count(amplify.deny) == 0 with input as inp
}

test_implicit_flow_client_secret_denied if {
	inp := {"resource": {"aws_cognito_user_pool_client": {"portal": [{"name": "portal", "generate_secret": true, "allowed_oauth_flows": ["implicit"]}]}}}
	ids(amplify.deny) == {"GP-APP-103"} with input as inp
}

# --- GP-APP-104 / 105 ----------------------------------------------------------------------------

test_preview_branches_without_basic_auth_denied if {
	inp := json.patch(stack("dev"), [{"op": "replace", "path": "/resource/aws_amplify_app/this/0/auto_branch_creation_config/0/enable_basic_auth", "value": false}])
	"GP-APP-104" in ids(amplify.deny) with input as inp
}

test_preview_branches_without_config_denied if {
	inp := json.remove(stack("dev"), ["resource/aws_amplify_app/this/0/auto_branch_creation_config"])
	"GP-APP-104" in ids(amplify.deny) with input as inp
}

test_development_branch_without_basic_auth_denied if {
	inp := changed("dev", {"aws_amplify_branch": {"feature": [{"branch_name": "feature/x", "stage": "DEVELOPMENT"}]}})
	some f in amplify.deny with input as inp
	f.rule == "GP-APP-104"
	f.resource == "aws_amplify_branch.feature"
}

test_preview_branches_never_deleted_denied if {
	inp := json.remove(stack("dev"), ["resource/aws_amplify_app/this/0/enable_branch_auto_deletion"])
	"GP-APP-105" in ids(amplify.deny) with input as inp
}

test_no_auto_branching_needs_neither if {
	app := {"name": "site", "enable_auto_branch_creation": false}
	inp := object.union(json.remove(stack("dev"), ["resource/aws_amplify_app"]), {"resource": {"aws_amplify_app": {"this": [app]}}})
	count(amplify.deny) == 0 with input as inp
}

# --- GP-APP-106 / 107 ----------------------------------------------------------------------------

test_introspection_warns_in_prod_only if {
	inp_prod := json.remove(stack("prod"), ["resource/aws_appsync_graphql_api/this/0/introspection_config"])
	inp_dev := json.remove(stack("dev"), ["resource/aws_appsync_graphql_api/this/0/introspection_config"])
	"GP-APP-106" in ids(amplify.warn) with input as inp_prod
	count(amplify.warn) == 0 with input as inp_dev
}

test_missing_deletion_protection_warns_in_prod if {
	inp := changed("prod", {"aws_cognito_user_pool": {"this": [{"deletion_protection": "INACTIVE"}]}})
	some f in amplify.warn with input as inp
	f.rule == "GP-APP-107"
	f.severity == "warn"
}
