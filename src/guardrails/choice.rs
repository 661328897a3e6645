//! Which rules run: the built-in checks on or off, and rules skipped or downgraded to warnings
//! by id, from `check`'s flags and `goldpath.toml`'s `[check]` table.

use super::finding::{Finding, Severity};

/// The rules chosen for a run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleChoice {
    /// Whether the built-in checks run.
    pub builtin: bool,
    /// Rule ids whose findings are dropped (built-in or Rego).
    pub skip: Vec<String>,
    /// Rule ids whose deny findings are reported as warnings.
    pub warn: Vec<String>,
}

impl Default for RuleChoice {
    fn default() -> Self {
        RuleChoice {
            builtin: true,
            skip: Vec::new(),
            warn: Vec::new(),
        }
    }
}

impl RuleChoice {
    /// Drops the skipped rules' findings and downgrades the chosen ones.
    pub fn apply(&self, findings: &mut Vec<Finding>) {
        findings.retain(|f| !self.skip.contains(&f.rule));
        for f in findings.iter_mut() {
            if self.warn.contains(&f.rule) {
                f.severity = Severity::Warn;
            }
        }
    }

    /// What ran, for the report: the rule sets, then what was skipped and downgraded.
    pub fn describe(&self, policies: &str) -> Vec<String> {
        let mut out = Vec::new();
        if self.builtin {
            out.push("built-in checks".to_string());
        }
        out.push(policies.to_string());
        if !self.skip.is_empty() {
            out.push(format!("skipped {}", self.skip.join(", ")));
        }
        if !self.warn.is_empty() {
            out.push(format!("as warnings {}", self.warn.join(", ")));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skipped_rules_go_and_downgraded_ones_warn() {
        let mut findings = vec![
            Finding::new("GP-NET-001", Severity::Deny, "open ingress"),
            Finding::new("GP-TAG-001", Severity::Deny, "no tags"),
            Finding::new("main.deny", Severity::Deny, "custom"),
        ];
        let choice = RuleChoice {
            builtin: true,
            skip: vec!["GP-NET-001".into()],
            warn: vec!["GP-TAG-001".into()],
        };
        choice.apply(&mut findings);
        let left: Vec<_> = findings
            .iter()
            .map(|f| (f.rule.as_str(), f.severity))
            .collect();
        assert_eq!(
            left,
            [
                ("GP-TAG-001", Severity::Warn),
                ("main.deny", Severity::Deny)
            ]
        );
        assert_eq!(
            choice.describe("policies: policy (main)"),
            [
                "built-in checks",
                "policies: policy (main)",
                "skipped GP-NET-001",
                "as warnings GP-TAG-001"
            ]
        );
        let off = RuleChoice {
            builtin: false,
            ..RuleChoice::default()
        };
        assert_eq!(off.describe("p"), ["p"]);
    }
}
