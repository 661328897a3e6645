//! Waivers: explicit, reasoned and dated exceptions to a guardrail.
//!
//! Inline, inside the block they waive: `# goldpath:ignore GP-S3-001 shared with the CDN account`.
//! Or in a waiver file (`goldpath-waivers.yaml`) with rule, resource, reason and expiry date.
//! A waiver without a reason, or past its expiry, is itself a deny finding.

use super::finding::{Finding, Severity};
use super::input::Location;
use saphyr::{LoadableYamlNode, Yaml};

/// One waiver.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Waiver {
    /// The rule id it waives.
    pub rule: String,
    /// The resource address it covers; `None` covers every resource of the module.
    pub resource: Option<String>,
    /// Why the rule does not apply.
    pub reason: String,
    /// Last day it is valid (`YYYY-MM-DD`), when it expires.
    pub expires: Option<String>,
    /// Where it was written, for findings about the waiver itself.
    pub origin: (String, usize),
}

/// The waiver file looked up in each checked directory.
pub const WAIVER_FILE: &str = "goldpath-waivers.yaml";

/// Inline waivers in a file's comments, each tied to the block it sits in.
pub fn inline(file: &str, text: &str, locations: &[Location]) -> Vec<Waiver> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line_no = i + 1;
        let Some(at) = line.find("goldpath:ignore") else {
            continue;
        };
        let before = line[..at].trim_end();
        if !(before.ends_with('#') || before.ends_with("//")) {
            continue;
        }
        let mut words = line[at + "goldpath:ignore".len()..].split_whitespace();
        let rule = words.next().unwrap_or_default().to_string();
        let reason = words.collect::<Vec<_>>().join(" ");
        let resource = locations
            .iter()
            .filter(|l| l.file == file && l.line <= line_no)
            .max_by_key(|l| l.line)
            .map(|l| l.address.trim_start_matches("resource.").to_string());
        out.push(Waiver {
            rule,
            resource,
            reason,
            expires: None,
            origin: (file.to_string(), line_no),
        });
    }
    out
}

/// Parses a waiver file: `waivers: [{rule, resource, reason, expires}]`.
pub fn parse_file(path: &str, text: &str) -> Result<Vec<Waiver>, String> {
    let docs = Yaml::load_from_str(text)
        .map_err(|e| format!("line {}: {}", e.marker().line(), e.info()))?;
    let Some(doc) = docs.first() else {
        return Ok(Vec::new());
    };
    let Some(items) = doc.as_mapping_get("waivers").and_then(Yaml::as_vec) else {
        return Err("expected `waivers:` with a list of {rule, resource, reason, expires}".into());
    };
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let text = |k: &str| {
                item.as_mapping_get(k)
                    .and_then(Yaml::as_str)
                    .map(str::to_string)
            };
            let rule = text("rule").ok_or_else(|| format!("waivers[{i}].rule is missing"))?;
            let expires = match item.as_mapping_get("expires") {
                None => None,
                Some(y) if y.is_null() => None,
                Some(y) => Some(y.as_str().map(str::to_string).ok_or_else(|| {
                    format!("waivers[{i}].expires must be a date like 2027-01-31")
                })?),
            };
            if let Some(date) = &expires
                && !is_date(date)
            {
                return Err(format!(
                    "waivers[{i}].expires `{date}` is not a date like 2027-01-31"
                ));
            }
            Ok(Waiver {
                rule,
                resource: text("resource"),
                reason: text("reason").unwrap_or_default(),
                expires,
                origin: (path.to_string(), 0),
            })
        })
        .collect()
}

fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && s.chars()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

/// Marks waived findings and adds findings for waivers that are expired or give no reason.
pub fn apply(findings: &mut Vec<Finding>, waivers: &[Waiver], today: &str) {
    let mut problems = Vec::new();
    for w in waivers {
        let at = |f: &mut Finding| {
            f.file = Some(w.origin.0.clone());
            f.line = (w.origin.1 > 0).then_some(w.origin.1);
            f.resource = w.resource.clone();
        };
        if w.reason.trim().is_empty() {
            let mut f = Finding::new(
                "GP-WAIVER-001",
                Severity::Deny,
                format!("waiver of {} gives no reason", w.rule),
            );
            f.remediation = Some("say why the rule does not apply, e.g. `# goldpath:ignore GP-TAG-001 tags come from AWS Config`".into());
            at(&mut f);
            problems.push(f);
            continue;
        }
        if let Some(expires) = &w.expires
            && expires.as_str() < today
        {
            let mut f = Finding::new(
                "GP-WAIVER-002",
                Severity::Deny,
                format!("waiver of {} expired on {expires}", w.rule),
            );
            f.remediation = Some(
                "fix the finding, or renew the waiver with a new expiry date and reason".into(),
            );
            at(&mut f);
            problems.push(f);
            continue;
        }
        for f in findings
            .iter_mut()
            .filter(|f| f.waived.is_none() && f.rule == w.rule)
        {
            if w.resource.is_none() || w.resource == f.resource {
                f.waived = Some(w.reason.clone());
            }
        }
    }
    findings.extend(problems);
}

/// Today's date in UTC as `YYYY-MM-DD`.
pub fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let days = (secs / 86_400) as i64;
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Days since 1970-01-01 to a proleptic Gregorian date.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn loc(address: &str, line: usize) -> Location {
        Location {
            address: address.into(),
            file: "main.tf".into(),
            line,
        }
    }

    fn finding(rule: &str, resource: &str) -> Finding {
        let mut f = Finding::new(rule, Severity::Deny, "m");
        f.resource = Some(resource.into());
        f
    }

    #[test]
    fn inline_waivers_attach_to_their_block() {
        let text = "resource \"aws_s3_bucket\" \"a\" {\n  # goldpath:ignore GP-TAG-001 tags from AWS Config\n}\nresource \"aws_s3_bucket\" \"b\" {\n  // goldpath:ignore GP-S3-001\n}\n";
        let w = inline(
            "main.tf",
            text,
            &[
                loc("resource.aws_s3_bucket.a", 1),
                loc("resource.aws_s3_bucket.b", 4),
            ],
        );
        assert_eq!(w.len(), 2);
        assert_eq!(
            (
                w[0].rule.as_str(),
                w[0].resource.as_deref(),
                w[0].reason.as_str()
            ),
            (
                "GP-TAG-001",
                Some("aws_s3_bucket.a"),
                "tags from AWS Config"
            )
        );
        assert_eq!(
            (w[1].resource.as_deref(), w[1].reason.as_str()),
            (Some("aws_s3_bucket.b"), "")
        );
    }

    #[test]
    fn waivers_mark_findings_and_bad_waivers_are_findings() {
        let mut findings = vec![
            finding("GP-TAG-001", "aws_s3_bucket.a"),
            finding("GP-TAG-001", "aws_s3_bucket.b"),
        ];
        let file = "waivers:\n  - rule: GP-TAG-001\n    resource: aws_s3_bucket.a\n    reason: legacy, tagged by AWS Config\n    expires: 2027-01-31\n  - rule: GP-NET-001\n    reason: old\n    expires: 2020-01-01\n  - rule: GP-S3-001\n";
        let waivers = parse_file(WAIVER_FILE, file).unwrap();
        apply(&mut findings, &waivers, "2026-11-25");
        assert_eq!(
            findings[0].waived.as_deref(),
            Some("legacy, tagged by AWS Config")
        );
        assert!(findings[1].waived.is_none());
        let rules: Vec<&str> = findings[2..].iter().map(|f| f.rule.as_str()).collect();
        assert_eq!(rules, vec!["GP-WAIVER-002", "GP-WAIVER-001"]);
    }

    #[test]
    fn waiver_files_reject_bad_dates() {
        assert!(
            parse_file(
                "w",
                "waivers:\n  - rule: X\n    reason: r\n    expires: soon\n"
            )
            .unwrap_err()
            .contains("soon")
        );
        assert!(parse_file("w", "nothing: here\n").is_err());
    }

    #[test]
    fn dates_from_days() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(20_417), (2025, 11, 25));
        assert_eq!(civil_from_days(19_782), (2024, 2, 29));
    }
}
