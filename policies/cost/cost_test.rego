package goldpath.cost_test

import rego.v1

import data.goldpath.cost

estimate(monthly, budget) := {"resource": {}, "goldpath": {"template": "t", "version": "1.0.0", "answers": {}, "cost": {"monthly": monthly, "currency": "USD", "region": "us-east-1", "unpriced": 0, "budget": budget, "over_budget": false, "over_by": 0}}}

test_twice_the_budget_is_denied if {
	some f in cost.deny with input as estimate(2500.5, {"monthly": 1000, "scope": "environment prod"})
	f.rule == "GP-COST-101"
	f.severity == "deny"
	contains(f.msg, "$2500.50")
	contains(f.msg, "environment prod")
}

test_within_twice_the_budget_or_without_one_passes if {
	count(cost.deny) == 0 with input as estimate(2000, {"monthly": 1000, "scope": "environment prod"})
	count(cost.deny) == 0 with input as estimate(99999, null)
	count(cost.deny) == 0 with input as {"resource": {}}
}
