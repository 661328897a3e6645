//! Reports of guardrail findings: for people, for machines, for code scanning and for CI.

mod github;
mod gitlab;
mod human;
mod junit;
mod root;
mod sarif;

pub use github::github;
pub use gitlab::gitlab;
pub use human::human;
pub use junit::junit;
pub use root::SourceRoot;
pub use sarif::sarif;

use crate::guardrails::evaluate::GuardrailError;
use crate::guardrails::files::Unreadable;
use crate::guardrails::finding::{Finding, Severity};
use crate::guardrails::input::InputError;
use serde::Serialize;

/// The findings of one checked module directory.
#[derive(Debug, Clone, Serialize)]
pub struct ModuleReport {
    /// The module directory as reported (`check`: below the directory as typed; a rendered or
    /// published module: below its root, `.` for the root).
    pub dir: String,
    /// Its findings, waived ones included; their files are paths as reported, like `dir`.
    pub findings: Vec<Finding>,
    /// Files or steps that kept part of the module from being checked.
    pub errors: Vec<CheckError>,
}

/// Something that kept part of a module from being checked: a file that cannot be read or does
/// not parse (the rest of the module is still checked), a malformed waiver file, or a policy
/// that failed to evaluate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckError {
    /// The file at fault, as reported, when there is one.
    pub file: Option<String>,
    /// Its 1-based line, when known.
    pub line: Option<usize>,
    /// Its 1-based column, when known.
    pub column: Option<usize>,
    /// What went wrong.
    pub message: String,
}

impl CheckError {
    /// `file:line:column` as far as known, for people.
    pub fn place(&self) -> Option<String> {
        let file = self.file.as_ref()?;
        Some(match (self.line, self.column) {
            (Some(line), Some(column)) => format!("{file}:{line}:{column}"),
            (Some(line), None) => format!("{file}:{line}"),
            _ => file.clone(),
        })
    }
}

impl std::fmt::Display for CheckError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.place() {
            Some(place) => write!(f, "{place}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl From<InputError> for CheckError {
    fn from(e: InputError) -> Self {
        CheckError {
            file: (!e.file.is_empty()).then_some(e.file),
            line: Some(e.line),
            column: Some(e.column),
            message: e.message,
        }
    }
}

impl From<Unreadable> for CheckError {
    fn from(u: Unreadable) -> Self {
        CheckError {
            file: Some(u.path),
            line: None,
            column: None,
            message: u.message,
        }
    }
}

impl From<GuardrailError> for CheckError {
    fn from(e: GuardrailError) -> Self {
        match e {
            GuardrailError::Policy(p) => CheckError {
                file: None,
                line: None,
                column: None,
                message: format!(
                    "policy {}: {} (fix the policy; no finding of this module is reported)",
                    p.path, p.message
                ),
            },
        }
    }
}

/// A whole `check` run.
#[derive(Debug, Clone, Serialize)]
pub struct CheckReport {
    /// Every module checked.
    pub modules: Vec<ModuleReport>,
    /// The threshold that fails the run.
    pub fail_on: Severity,
}

impl CheckReport {
    /// Findings with their module, in report order.
    pub fn findings(&self) -> impl Iterator<Item = (&ModuleReport, &Finding)> {
        self.modules
            .iter()
            .flat_map(|m| m.findings.iter().map(move |f| (m, f)))
    }

    /// Whether any unwaived finding reaches the threshold.
    pub fn fails(&self) -> bool {
        self.findings().any(|(_, f)| f.fails(self.fail_on))
    }

    /// Errors with their module, in report order.
    pub fn errors(&self) -> impl Iterator<Item = (&ModuleReport, &CheckError)> {
        self.modules
            .iter()
            .flat_map(|m| m.errors.iter().map(move |e| (m, e)))
    }

    /// The exit code of `check`: 2 when anything could not be checked, else 1 when findings
    /// fail, else 0.
    pub fn exit_code(&self) -> i32 {
        if self.errors().next().is_some() {
            2
        } else if self.fails() {
            1
        } else {
            0
        }
    }

    /// Counts of unwaived deny, unwaived warn, and waived findings.
    pub fn counts(&self) -> (usize, usize, usize) {
        self.findings().filter(|(_, f)| f.exception.is_none()).fold(
            (0, 0, 0),
            |(d, w, x), (_, f)| match (f.waived.is_some(), f.severity) {
                (true, _) => (d, w, x + 1),
                (false, Severity::Deny) => (d + 1, w, x),
                (false, Severity::Warn) => (d, w + 1, x),
            },
        )
    }

    /// How many findings an `exception` rule excuses, counted apart from the others.
    pub fn exceptions(&self) -> usize {
        self.findings()
            .filter(|(_, f)| f.exception.is_some())
            .count()
    }

    /// One line for people: modules checked, the counts, exceptions and errors when there are
    /// any.
    pub fn summary(&self) -> String {
        let (deny, warn, waived) = self.counts();
        let count = |n: usize, one: &str| match n {
            1 => format!("1 {one}"),
            n => format!("{n} {one}s"),
        };
        let mut line = format!(
            "{} checked: {deny} deny, {warn} warn, {waived} waived",
            count(self.modules.len(), "module")
        );
        for (n, what) in [
            (self.exceptions(), "exception"),
            (self.errors().count(), "error"),
        ] {
            if n > 0 {
                line.push_str(", ");
                line.push_str(&count(n, what));
            }
        }
        line
    }

    /// The report as one JSON document.
    pub fn json(&self) -> String {
        let (deny, warn, waived) = self.counts();
        let doc = serde_json::json!({
            "modules": self.modules,
            "summary": {"modules": self.modules.len(), "deny": deny, "warn": warn, "waived": waived, "exceptions": self.exceptions(), "errors": self.errors().count(), "failed": self.fails()},
        });
        serde_json::to_string_pretty(&doc).expect("JSON values serialize")
    }
}

#[cfg(test)]
pub(crate) mod fixture {
    use super::*;

    /// A report with a located deny, a warn without location and a waived finding.
    pub fn report() -> CheckReport {
        let mut deny = Finding::new(
            "GP-S3-001",
            Severity::Deny,
            "aws_s3_bucket_acl.a grants the public ACL `public-read`",
        );
        deny.file = Some("modules/web/main.tf".into());
        deny.line = Some(12);
        deny.resource = Some("aws_s3_bucket_acl.a".into());
        deny.remediation = Some("use no public ACLs".into());
        let warn = Finding::new("goldpath.tags.warn", Severity::Warn, "no owner tag");
        let mut waived = Finding::new("GP-TAG-001", Severity::Warn, "aws_s3_bucket.b has no tags");
        waived.waived = Some("tagged by AWS Config".into());
        waived.file = Some("modules/web/main.tf".into());
        waived.line = Some(30);
        CheckReport {
            modules: vec![ModuleReport {
                dir: "modules/web".into(),
                findings: vec![deny, warn, waived],
                errors: Vec::new(),
            }],
            fail_on: Severity::Deny,
        }
    }

    /// [`report`] plus a module whose `main.tf` does not parse.
    pub fn report_with_error() -> CheckReport {
        let mut report = report();
        report.modules.push(ModuleReport {
            dir: "modules/broken".into(),
            findings: Vec::new(),
            errors: vec![CheckError {
                file: Some("modules/broken/main.tf".into()),
                line: Some(2),
                column: Some(11),
                message: "expected an expression".into(),
            }],
        });
        report
    }
}
