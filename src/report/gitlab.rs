//! GitLab's code quality report: the CodeClimate-style JSON array its merge request widget and
//! pipeline view read (`artifacts: reports: codequality`).

use super::{CheckReport, SourceRoot};
use crate::guardrails::finding::Severity;
use serde::Serialize;
use sha2::{Digest, Sha256};

/// One issue, with the fields GitLab requires.
#[derive(Serialize)]
struct Issue {
    description: String,
    check_name: String,
    fingerprint: String,
    severity: &'static str,
    location: Location,
}

#[derive(Serialize)]
struct Location {
    path: String,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: usize,
}

/// The report as GitLab reads it: deny findings `critical`, warn findings `minor`, files that
/// could not be checked `blocker`; waived and excused findings are left out, since GitLab has
/// no notion of an accepted issue. Paths are relative to `root`, the repository's work tree
/// when the checked files are in one, as GitLab resolves them.
pub fn gitlab(report: &CheckReport, root: &SourceRoot) -> String {
    let path = |reported: Option<&str>, module: &str| {
        let reported = reported.unwrap_or(module);
        root.relative(reported)
            .unwrap_or_else(|| reported.to_string())
    };
    let mut issues = Vec::new();
    for (module, e) in report.errors() {
        let description = match &e.file {
            Some(_) => format!("not checked: {}", e.message),
            None => format!("module {} not checked: {}", module.dir, e.message),
        };
        issues.push(issue(
            description,
            "goldpath/not-checked".into(),
            "blocker",
            path(e.file.as_deref(), &module.dir),
            e.line,
            "",
        ));
    }
    for (module, f) in report.findings() {
        if f.excused().is_some() {
            continue;
        }
        let severity = match f.severity {
            Severity::Deny => "critical",
            Severity::Warn => "minor",
        };
        let mut description = f.message.clone();
        if let Some(fix) = &f.remediation {
            description.push_str(&format!(" Fix: {fix}"));
        }
        issues.push(issue(
            description,
            f.rule.clone(),
            severity,
            path(f.file.as_deref(), &module.dir),
            f.line,
            f.resource.as_deref().unwrap_or_default(),
        ));
    }
    // Two findings alike in everything GitLab fingerprints are told apart by their order.
    let mut seen = std::collections::HashMap::new();
    for issue in &mut issues {
        let n = seen.entry(issue.fingerprint.clone()).or_insert(0u32);
        if *n > 0 {
            issue.fingerprint = digest(&format!("{}#{n}", issue.fingerprint));
        }
        *n += 1;
    }
    let mut text = serde_json::to_string_pretty(&issues).expect("issues serialize");
    text.push('\n');
    text
}

fn issue(
    description: String,
    check_name: String,
    severity: &'static str,
    path: String,
    line: Option<usize>,
    resource: &str,
) -> Issue {
    // Stable across runs and line moves: the rule, the file, the resource and the message.
    let fingerprint = digest(&format!("{check_name}\0{path}\0{resource}\0{description}"));
    Issue {
        description,
        check_name,
        fingerprint,
        severity,
        location: Location {
            path,
            lines: Lines {
                begin: line.unwrap_or(1),
            },
        },
    }
}

fn digest(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .take(16)
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::fixture;
    use super::*;
    use std::path::Path;

    #[test]
    fn findings_become_located_issues_with_unique_fingerprints() {
        let root = SourceRoot::find(Path::new("/srv/repo"), Path::new("."));
        let doc: serde_json::Value =
            serde_json::from_str(&gitlab(&fixture::report(), &root)).unwrap();
        let issues = doc.as_array().unwrap();
        assert_eq!(issues.len(), 2, "the waived finding is left out: {doc:#}");
        assert_eq!(issues[0]["check_name"], "GP-S3-001");
        assert_eq!(issues[0]["severity"], "critical");
        assert_eq!(issues[0]["location"]["path"], "modules/web/main.tf");
        assert_eq!(issues[0]["location"]["lines"]["begin"], 12);
        assert_eq!(issues[1]["severity"], "minor");
        assert_eq!(issues[1]["location"]["lines"]["begin"], 1);
        for issue in issues {
            for key in ["description", "check_name", "fingerprint", "severity"] {
                assert!(issue[key].as_str().is_some_and(|s| !s.is_empty()), "{key}");
            }
            assert_eq!(issue["fingerprint"].as_str().unwrap().len(), 32);
        }
        assert_ne!(issues[0]["fingerprint"], issues[1]["fingerprint"]);
        let again: serde_json::Value =
            serde_json::from_str(&gitlab(&fixture::report(), &root)).unwrap();
        assert_eq!(doc, again, "fingerprints are stable across runs");
    }

    #[test]
    fn files_that_could_not_be_checked_are_blockers() {
        let root = SourceRoot::find(Path::new("/srv/repo"), Path::new("."));
        let doc: serde_json::Value =
            serde_json::from_str(&gitlab(&fixture::report_with_error(), &root)).unwrap();
        let blocker = &doc[0];
        assert_eq!(blocker["severity"], "blocker");
        assert_eq!(blocker["check_name"], "goldpath/not-checked");
        assert_eq!(blocker["location"]["path"], "modules/broken/main.tf");
        assert_eq!(blocker["location"]["lines"]["begin"], 2);
        assert!(
            blocker["description"]
                .as_str()
                .unwrap()
                .contains("expected an expression")
        );
    }
}
