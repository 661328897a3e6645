//! GitHub Actions workflow commands: each finding becomes an annotation on the pull request.

use super::{CheckReport, path_of};
use crate::guardrails::finding::Severity;

/// `::error file=…,line=…,title=…::message` lines; waived findings are notices.
pub fn github(report: &CheckReport) -> String {
    let mut out = String::new();
    for (module, f) in report.findings() {
        let level = match (f.waived.is_some(), f.severity) {
            (true, _) => "notice",
            (false, Severity::Deny) => "error",
            (false, Severity::Warn) => "warning",
        };
        let mut props = Vec::new();
        if let Some(file) = path_of(module, f) {
            props.push(format!("file={}", property(&file)));
        }
        if let Some(line) = f.line {
            props.push(format!("line={line}"));
        }
        props.push(format!("title={}", property(&f.rule)));
        let mut message = f.message.clone();
        if let Some(reason) = &f.waived {
            message.push_str(&format!(" (waived: {reason})"));
        } else if let Some(fix) = &f.remediation {
            message.push_str(&format!("\nfix: {fix}"));
        }
        out.push_str(&format!(
            "::{level} {}::{}\n",
            props.join(","),
            data(&message)
        ));
    }
    out
}

/// Escapes a workflow command's message.
fn data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow command's property value.
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    #[test]
    fn annotations_with_file_line_and_escaping() {
        let text = super::github(&super::super::fixture::report());
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines[0],
            "::error file=modules/web/main.tf,line=12,title=GP-S3-001::aws_s3_bucket_acl.a grants the public ACL `public-read`%0Afix: use no public ACLs"
        );
        assert_eq!(lines[1], "::warning title=goldpath.tags.warn::no owner tag");
        assert!(
            lines[2].starts_with("::notice file=modules/web/main.tf,line=30,title=GP-TAG-001::")
        );
    }
}
