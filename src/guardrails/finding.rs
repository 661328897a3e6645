//! Findings: what a guardrail says about a module, with where and what to do about it.

use serde::Serialize;

/// How serious a finding is; `deny` blocks, `warn` informs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Reported, never blocks unless `--fail-on warn`.
    Warn,
    /// Blocks `new` and fails `check`.
    Deny,
}

impl Severity {
    /// The name used in reports and flags.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Warn => "warn",
            Severity::Deny => "deny",
        }
    }
}

/// One guardrail result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Rule id, e.g. `GP-S3-001` or a Rego rule's `rule` metadata (else its package and name).
    pub rule: String,
    /// Deny or warn.
    pub severity: Severity,
    /// What is wrong, for a person.
    pub message: String,
    /// File, relative to the checked directory, when known.
    pub file: Option<String>,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// Resource address such as `aws_s3_bucket.this` or `module.vpc`, when known.
    pub resource: Option<String>,
    /// How to fix it.
    pub remediation: Option<String>,
    /// The rule's title, from its METADATA annotation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Why it does not count, when a waiver covers it.
    pub waived: Option<String>,
    /// The Rego `exception` rule that excuses it (conftest's exceptions), when one does.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exception: Option<String>,
}

impl Finding {
    /// A finding with no location, remediation or waiver yet.
    pub fn new(rule: impl Into<String>, severity: Severity, message: impl Into<String>) -> Finding {
        Finding {
            rule: rule.into(),
            severity,
            message: message.into(),
            file: None,
            line: None,
            resource: None,
            remediation: None,
            title: None,
            waived: None,
            exception: None,
        }
    }

    /// Why it does not count: its waiver's reason, or the exception rule that excuses it.
    pub fn excused(&self) -> Option<String> {
        match (&self.exception, &self.waived) {
            (Some(rule), _) => Some(format!("exception: excused by {rule}")),
            (None, Some(reason)) => Some(format!("waived: {reason}")),
            (None, None) => None,
        }
    }

    /// Whether it counts against the threshold: not waived, not excused by an exception, and
    /// at least `fail_on`.
    pub fn fails(&self, fail_on: Severity) -> bool {
        self.waived.is_none() && self.exception.is_none() && self.severity >= fail_on
    }
}
