//! GitHub Actions workflow commands: each finding becomes an annotation on the pull request.

use super::{CheckReport, SourceRoot};
use crate::guardrails::finding::Severity;

/// `::error file=…,line=…,title=…::message` lines; waived findings are notices, and files that
/// could not be checked are errors titled `goldpath: not checked`.
///
/// GitHub resolves `file=` against the workspace, so files are named relative to `root` (the
/// repository's work tree when the checked files are in one).
pub fn github(report: &CheckReport, root: &SourceRoot) -> String {
    let file = |reported: &str| {
        let path = root
            .relative(reported)
            .unwrap_or_else(|| reported.to_string());
        format!("file={}", property(&path))
    };
    let mut out = String::new();
    for (module, e) in report.errors() {
        let mut props = Vec::new();
        if let Some(reported) = &e.file {
            props.push(file(reported));
        }
        if let Some(line) = e.line {
            props.push(format!("line={line}"));
        }
        if let Some(column) = e.column {
            props.push(format!("col={column}"));
        }
        props.push(format!("title={}", property("goldpath: not checked")));
        let message = match &e.file {
            Some(_) => e.message.clone(),
            None => format!("module {}: {}", module.dir, e.message),
        };
        out.push_str(&format!(
            "::error {}::{}\n",
            props.join(","),
            data(&message)
        ));
    }
    for (_, f) in report.findings() {
        let level = match (f.excused().is_some(), f.severity) {
            (true, _) => "notice",
            (false, Severity::Deny) => "error",
            (false, Severity::Warn) => "warning",
        };
        let mut props = Vec::new();
        if let Some(reported) = &f.file {
            props.push(file(reported));
        }
        if let Some(line) = f.line {
            props.push(format!("line={line}"));
        }
        props.push(format!("title={}", property(&f.rule)));
        let mut message = f.message.clone();
        if let Some(reason) = f.excused() {
            message.push_str(&format!(" ({reason})"));
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
    use super::super::{SourceRoot, fixture};
    use std::path::Path;

    fn github(report: &super::CheckReport) -> String {
        super::github(
            report,
            &SourceRoot::find(Path::new("/srv/repo"), Path::new(".")),
        )
    }

    #[test]
    fn annotations_with_file_line_and_escaping() {
        let text = github(&fixture::report());
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

    #[test]
    fn unreadable_files_are_errors_with_line_and_column() {
        let text = github(&fixture::report_with_error());
        assert_eq!(
            text.lines().next().unwrap(),
            "::error file=modules/broken/main.tf,line=2,col=11,title=goldpath%3A not checked::expected an expression"
        );
    }
}
