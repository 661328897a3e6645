# Cost: an example of a rule over goldpath's estimate. goldpath prices every module it renders
# and gives policies `input.goldpath.cost`: {"monthly", "currency", "region", "unpriced",
# "budget": {"monthly", "scope"} or null, "over_budget", "over_by"}. The built-in GP-COST-001
# reports any module over its budget (warn or deny, as goldpath.toml's [budgets] say); this rule
# denies a module estimated at more than twice its budget, which needs a redesign rather than
# an approval. Without a budget, or outside goldpath (conftest), it never fires.
package goldpath.cost

import rego.v1

import data.goldpath.lib

meta := {"GP-COST-101": {
	"severity": "deny",
	"title": "estimate within twice the budget",
	"remediation": "reduce what the module runs (instance sizes, node counts, zones in dev, log retention) until the estimate is within twice its budget, or have the budget raised in goldpath.toml's [budgets]",
}}

deny contains f if {
	cost := input.goldpath.cost
	is_object(cost.budget)
	cost.monthly > 2 * cost.budget.monthly
	msg := sprintf("the estimate of $%.2f a month is more than twice the budget of $%.2f (%s)", [cost.monthly, cost.budget.monthly, cost.budget.scope])
	f := lib.finding("GP-COST-101", meta["GP-COST-101"], "module", msg)
}
