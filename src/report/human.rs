//! The report for people: one line per finding, grouped by module, and a summary.

use super::CheckReport;
use crate::guardrails::finding::Severity;
use anstyle::{AnsiColor, Style};
use std::fmt::Write;

const DENY: Style = Style::new()
    .fg_color(Some(anstyle::Color::Ansi(AnsiColor::Red)))
    .bold();
const WARN: Style = Style::new()
    .fg_color(Some(anstyle::Color::Ansi(AnsiColor::Yellow)))
    .bold();
const DIM: Style = Style::new().dimmed();

/// Text for a terminal; severity is always spelled out, never carried by colour alone. Files
/// that could not be checked follow the findings, each with its `file:line:column`.
pub fn human(report: &CheckReport) -> String {
    let mut out = String::new();
    for module in report.modules.iter().filter(|m| !m.findings.is_empty()) {
        let _ = writeln!(
            out,
            "{}",
            if module.dir.is_empty() {
                "."
            } else {
                &module.dir
            }
        );
        for f in &module.findings {
            let (style, label) = match (f.exception.is_some(), f.waived.is_some(), f.severity) {
                (true, _, _) => (DIM, "except"),
                (false, true, _) => (DIM, "waived"),
                (false, false, Severity::Deny) => (DENY, "deny"),
                (false, false, Severity::Warn) => (WARN, "warn"),
            };
            let place = match (&f.file, f.line) {
                (Some(file), Some(line)) => format!("{file}:{line}"),
                (Some(file), None) => file.clone(),
                _ => f.resource.clone().unwrap_or_else(|| "module".into()),
            };
            let _ = writeln!(
                out,
                "  {style}{label:<6}{style:#} {place}  {}  {}",
                f.rule, f.message
            );
            if let Some(rule) = &f.exception {
                let _ = writeln!(out, "         {DIM}exception: excused by {rule}{DIM:#}");
            } else if let Some(reason) = &f.waived {
                let _ = writeln!(out, "         {DIM}waived: {reason}{DIM:#}");
            } else if let Some(fix) = &f.remediation {
                let _ = writeln!(out, "         {DIM}fix: {fix}{DIM:#}");
            }
        }
    }
    let errors: Vec<_> = report.errors().collect();
    if !errors.is_empty() {
        let _ = writeln!(
            out,
            "{DENY}not checked{DENY:#} (fix these and run again; the rest was checked)"
        );
        for (module, e) in &errors {
            let place = e.place().unwrap_or_else(|| module.dir.clone());
            let _ = writeln!(out, "  {DENY}error{DENY:#}  {place}  {}", e.message);
        }
    }
    let _ = writeln!(out, "{}", report.summary());
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn lines_carry_severity_place_rule_and_advice() {
        let text = super::human(&super::super::fixture::report());
        let plain: String = anstream::adapter::strip_str(&text).to_string();
        assert!(
            plain.contains("deny   modules/web/main.tf:12  GP-S3-001"),
            "{plain}"
        );
        assert!(plain.contains("fix: use no public ACLs"), "{plain}");
        assert!(
            plain.contains("warn   module  goldpath.tags.warn"),
            "{plain}"
        );
        assert!(
            plain.contains("waived modules/web/main.tf:30  GP-TAG-001"),
            "{plain}"
        );
        assert!(
            plain.contains("1 module checked: 1 deny, 1 warn, 1 waived"),
            "{plain}"
        );
    }

    #[test]
    fn unreadable_files_have_their_own_section() {
        let text = super::human(&super::super::fixture::report_with_error());
        let plain: String = anstream::adapter::strip_str(&text).to_string();
        assert!(plain.contains("not checked"), "{plain}");
        assert!(
            plain.contains("  error  modules/broken/main.tf:2:11  expected an expression"),
            "{plain}"
        );
        assert!(
            plain.contains("2 modules checked: 1 deny, 1 warn, 1 waived, 1 error"),
            "{plain}"
        );
    }
}
