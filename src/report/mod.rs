//! Reports of guardrail findings: for people, for machines, for code scanning and for CI.

mod github;
mod human;
mod junit;
mod sarif;

pub use github::github;
pub use human::human;
pub use junit::junit;
pub use sarif::sarif;

use crate::guardrails::finding::{Finding, Severity};
use serde::Serialize;

/// The findings of one checked module directory.
#[derive(Debug, Clone, Serialize)]
pub struct ModuleReport {
    /// The module directory, relative to where the check started.
    pub dir: String,
    /// Its findings, waived ones included.
    pub findings: Vec<Finding>,
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

    /// Counts of unwaived deny, unwaived warn, and waived findings.
    pub fn counts(&self) -> (usize, usize, usize) {
        self.findings().fold((0, 0, 0), |(d, w, x), (_, f)| {
            match (f.waived.is_some(), f.severity) {
                (true, _) => (d, w, x + 1),
                (false, Severity::Deny) => (d + 1, w, x),
                (false, Severity::Warn) => (d, w + 1, x),
            }
        })
    }

    /// The report as one JSON document.
    pub fn json(&self) -> String {
        let (deny, warn, waived) = self.counts();
        let doc = serde_json::json!({
            "modules": self.modules,
            "summary": {"modules": self.modules.len(), "deny": deny, "warn": warn, "waived": waived, "failed": self.fails()},
        });
        serde_json::to_string_pretty(&doc).expect("JSON values serialize")
    }
}

/// A finding's file as a path from the check root.
fn path_of(module: &ModuleReport, finding: &Finding) -> Option<String> {
    finding.file.as_ref().map(|f| {
        if module.dir.is_empty() || module.dir == "." {
            f.clone()
        } else {
            format!("{}/{f}", module.dir)
        }
    })
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
        deny.file = Some("main.tf".into());
        deny.line = Some(12);
        deny.resource = Some("aws_s3_bucket_acl.a".into());
        deny.remediation = Some("use no public ACLs".into());
        let warn = Finding::new("goldpath.tags.warn", Severity::Warn, "no owner tag");
        let mut waived = Finding::new("GP-TAG-001", Severity::Warn, "aws_s3_bucket.b has no tags");
        waived.waived = Some("tagged by AWS Config".into());
        waived.file = Some("main.tf".into());
        waived.line = Some(30);
        CheckReport {
            modules: vec![ModuleReport {
                dir: "modules/web".into(),
                findings: vec![deny, warn, waived],
            }],
            fail_on: Severity::Deny,
        }
    }
}
