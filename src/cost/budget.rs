//! Budgets: the monthly limit a module's estimate is held to, per environment and optionally
//! per team or template, and the guardrail finding `GP-COST-001` when it is over.

use super::estimate::Estimate;
use super::report::usd;
use crate::guardrails::finding::{Finding, Severity};
use serde::Serialize;
use std::collections::BTreeMap;

/// The rule id of the budget finding.
pub const RULE: &str = "GP-COST-001";

/// The `[budgets]` of `goldpath.toml`.
#[derive(Debug, Clone, PartialEq)]
pub struct Budgets {
    /// How an estimate over budget is reported: warn (the default) or deny.
    pub severity: Severity,
    /// Reviewers asked on a pull request over budget.
    pub approvers: Vec<String>,
    /// USD a month by environment.
    pub environments: BTreeMap<String, f64>,
    /// Narrower budgets: the most specific one that matches wins.
    pub overrides: Vec<Override>,
}

/// A budget for modules of one environment, team or template (any combination).
#[derive(Debug, Clone, PartialEq)]
pub struct Override {
    /// The environment it applies to; `None`: every one.
    pub environment: Option<String>,
    /// The team it applies to; `None`: every one.
    pub team: Option<String>,
    /// The template it applies to; `None`: every one.
    pub template: Option<String>,
    /// USD a month.
    pub monthly_usd: f64,
}

/// What one module is identified by when its budget is looked up.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Subject<'s> {
    /// Its `environment` answer.
    pub environment: Option<&'s str>,
    /// Its `team` answer.
    pub team: Option<&'s str>,
    /// Its template.
    pub template: Option<&'s str>,
}

/// The budget that applies to a module.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Budget {
    /// USD a month.
    pub monthly: f64,
    /// What it is the budget of: `environment prod, team payments`.
    pub scope: String,
}

/// An estimate held to its budget.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Verdict {
    /// The budget, when one applies.
    pub budget: Option<Budget>,
    /// How much the estimate is over it (0 within budget or without one).
    pub over_by: f64,
}

impl Verdict {
    /// Whether the estimate is over its budget.
    pub fn over(&self) -> bool {
        self.over_by > 0.0
    }
}

/// No budgets: nothing is ever over.
pub const NONE: Budgets = Budgets {
    severity: Severity::Warn,
    approvers: Vec::new(),
    environments: BTreeMap::new(),
    overrides: Vec::new(),
};

/// No budgets, for borrowing.
pub static NO_BUDGETS: Budgets = NONE;

impl Default for Budgets {
    fn default() -> Budgets {
        NONE
    }
}

impl Budgets {
    /// The budget of `subject`: the override matching the most of its fields (the first on a
    /// tie), else its environment's.
    pub fn budget_for(&self, subject: Subject<'_>) -> Option<Budget> {
        let matches = |want: &Option<String>, have: Option<&str>| match want {
            None => Some(0),
            Some(w) => (have == Some(w.as_str())).then_some(1),
        };
        let best = self
            .overrides
            .iter()
            .filter_map(|o| {
                let score = matches(&o.environment, subject.environment)?
                    + matches(&o.team, subject.team)?
                    + matches(&o.template, subject.template)?;
                Some((score, o))
            })
            .fold(
                None,
                |best: Option<(usize, &Override)>, (score, o)| match best {
                    Some((s, _)) if s >= score => best,
                    _ => Some((score, o)),
                },
            );
        if let Some((_, o)) = best {
            let scope = [
                o.environment.as_ref().map(|e| format!("environment {e}")),
                o.team.as_ref().map(|t| format!("team {t}")),
                o.template.as_ref().map(|t| format!("template {t}")),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(", ");
            return Some(Budget {
                monthly: o.monthly_usd,
                scope: if scope.is_empty() {
                    "every module".into()
                } else {
                    scope
                },
            });
        }
        let environment = subject.environment?;
        self.environments.get(environment).map(|monthly| Budget {
            monthly: *monthly,
            scope: format!("environment {environment}"),
        })
    }

    /// `estimate` held to the budget of `subject`.
    pub fn verdict(&self, estimate: &Estimate, subject: Subject<'_>) -> Verdict {
        let budget = self.budget_for(subject);
        let over_by = budget.as_ref().map_or(0.0, |b| {
            super::estimate::round_cents((estimate.monthly - b.monthly).max(0.0))
        });
        Verdict { budget, over_by }
    }

    /// The finding of an estimate over budget, at the configured severity.
    pub fn finding(&self, estimate: &Estimate, verdict: &Verdict) -> Option<Finding> {
        let budget = verdict.budget.as_ref().filter(|_| verdict.over())?;
        let mut finding = Finding::new(
            RULE,
            self.severity,
            format!(
                "the estimate of {} a month is {} over the budget of {} ({})",
                usd(estimate.monthly),
                usd(verdict.over_by),
                usd(budget.monthly),
                budget.scope
            ),
        );
        finding.remediation = Some(
            "bring the module within budget (smaller instances, fewer zones in dev, less retention), or ask the budget's approvers to accept it; `goldpath cost DIR` itemises the bill".into(),
        );
        Some(finding)
    }
}

/// What Rego policies see as `input.goldpath.cost`.
pub fn rego_input(estimate: &Estimate, verdict: &Verdict) -> serde_json::Value {
    serde_json::json!({
        "monthly": estimate.monthly,
        "currency": estimate.currency,
        "region": estimate.region,
        "unpriced": estimate.unpriced,
        "budget": verdict.budget,
        "over_budget": verdict.over(),
        "over_by": verdict.over_by,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn budgets() -> Budgets {
        Budgets {
            environments: [("dev".to_string(), 100.0), ("prod".to_string(), 1000.0)].into(),
            overrides: vec![
                Override {
                    environment: Some("prod".into()),
                    team: Some("data".into()),
                    template: None,
                    monthly_usd: 5000.0,
                },
                Override {
                    environment: Some("prod".into()),
                    team: Some("data".into()),
                    template: Some("eks-spark".into()),
                    monthly_usd: 8000.0,
                },
            ],
            ..NONE
        }
    }

    fn subject<'s>(environment: &'s str, team: &'s str, template: &'s str) -> Subject<'s> {
        Subject {
            environment: Some(environment),
            team: Some(team),
            template: Some(template),
        }
    }

    #[test]
    fn the_most_specific_budget_wins_then_the_environments() {
        let b = budgets();
        let limit = |s| b.budget_for(s).map(|b| (b.monthly, b.scope));
        assert_eq!(
            limit(subject("prod", "data", "eks-spark")),
            Some((
                8000.0,
                "environment prod, team data, template eks-spark".into()
            ))
        );
        assert_eq!(
            limit(subject("prod", "data", "lambda-python")).unwrap().0,
            5000.0
        );
        assert_eq!(
            limit(subject("prod", "web", "lambda-python")),
            Some((1000.0, "environment prod".into()))
        );
        assert_eq!(limit(subject("staging", "web", "x")), None);
        assert_eq!(NONE.budget_for(subject("prod", "data", "x")), None);
    }
}
