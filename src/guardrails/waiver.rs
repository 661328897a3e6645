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
    /// What it covers.
    pub scope: Scope,
    /// Why the rule does not apply.
    pub reason: String,
    /// Last day it is valid (`YYYY-MM-DD`), when it expires.
    pub expires: Option<String>,
    /// Where it was written, for findings about the waiver itself.
    pub origin: (String, usize),
}

/// What a waiver covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// Every finding of the rule in the module (a waiver file entry without a resource).
    Module,
    /// Findings whose resource is this address, or inside it (`module.vpc` covers
    /// `module.vpc.aws_vpc.this`).
    Resource(String),
    /// Findings located in one block, by file and line span: an inline waiver covers the block
    /// it is written in, never another block of the same address. In a `module` block it also
    /// covers the findings of the module that call instantiates.
    Block {
        /// The block's address, for the report.
        address: String,
        /// Its file.
        file: String,
        /// Its first line.
        first: usize,
        /// Its last line.
        last: usize,
    },
    /// An inline waiver written outside any block: it covers nothing.
    Nowhere,
}

impl Scope {
    fn covers(&self, f: &Finding) -> bool {
        match self {
            Scope::Module => true,
            Scope::Resource(address) => f.resource.as_deref().is_some_and(|r| {
                r == address
                    || r.strip_prefix(address.as_str())
                        .is_some_and(|rest| rest.starts_with(['.', '[']))
            }),
            Scope::Block {
                address,
                file,
                first,
                last,
            } => {
                let inside = f.file.as_deref() == Some(file)
                    && f.line.is_some_and(|l| (*first..=*last).contains(&l));
                let through_call = address.starts_with("module.")
                    && f.resource.as_deref().is_some_and(|r| {
                        r.strip_prefix(address.as_str())
                            .is_some_and(|rest| rest.starts_with('.'))
                    });
                inside || through_call
            }
            Scope::Nowhere => false,
        }
    }

    fn address(&self) -> Option<String> {
        match self {
            Scope::Resource(address) | Scope::Block { address, .. } => Some(address.clone()),
            Scope::Module | Scope::Nowhere => None,
        }
    }
}

/// The waiver file looked up in each checked directory.
pub const WAIVER_FILE: &str = "goldpath-waivers.yaml";

/// Inline waivers in a file's comments. Each covers the innermost top-level block it is written
/// in, or the block it directly precedes (only comments and blank lines between).
pub fn inline(file: &str, text: &str, locations: &[Location]) -> Vec<Waiver> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
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
        let in_file = || locations.iter().filter(|l| l.file == file);
        let enclosing = in_file()
            .filter(|l| l.line <= line_no && line_no <= l.end_line)
            .max_by_key(|l| l.line);
        let following = || {
            in_file()
                .filter(|l| l.line > line_no)
                .min_by_key(|l| l.line)
                .filter(|l| {
                    lines[line_no..l.line - 1].iter().all(|between| {
                        let t = between.trim_start();
                        t.is_empty() || t.starts_with('#') || t.starts_with("//")
                    })
                })
        };
        let scope = enclosing
            .or_else(following)
            .map_or(Scope::Nowhere, |l| Scope::Block {
                address: l
                    .address
                    .strip_prefix("resource.")
                    .unwrap_or(&l.address)
                    .to_string(),
                file: l.file.clone(),
                first: l.line,
                last: l.end_line,
            });
        out.push(Waiver {
            rule,
            scope,
            reason,
            expires: None,
            origin: (file.to_string(), line_no),
        });
    }
    out
}

/// Why a waiver file cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WaiverFileError {
    /// The 1-based line of the problem (1 when it concerns the file's structure).
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// Parses a waiver file: `waivers: [{rule, resource, reason, expires}]`.
pub fn parse_file(path: &str, text: &str) -> Result<Vec<Waiver>, WaiverFileError> {
    let docs = Yaml::load_from_str(text).map_err(|e| WaiverFileError {
        line: e.marker().line().max(1),
        message: e.info().to_string(),
    })?;
    let Some(doc) = docs.first() else {
        return Ok(Vec::new());
    };
    let structure = |message: String| WaiverFileError { line: 1, message };
    let Some(items) = doc.as_mapping_get("waivers").and_then(Yaml::as_vec) else {
        return Err(structure(
            "expected `waivers:` with a list of {rule, resource, reason, expires}".into(),
        ));
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
                scope: text("resource").map_or(Scope::Module, Scope::Resource),
                reason: text("reason").unwrap_or_default(),
                expires,
                origin: (path.to_string(), 0),
            })
        })
        .collect::<Result<_, String>>()
        .map_err(structure)
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

/// Marks waived findings and adds findings for waivers that are expired, give no reason, or
/// sit outside any block.
pub fn apply(findings: &mut Vec<Finding>, waivers: &[Waiver], today: &str) {
    let mut problems = Vec::new();
    for w in waivers {
        let problem = |rule: &str, severity, message: String, remediation: &str| {
            let mut f = Finding::new(rule, severity, message);
            f.remediation = Some(remediation.into());
            f.file = Some(w.origin.0.clone());
            f.line = Some(w.origin.1.max(1));
            f.resource = w.scope.address();
            f
        };
        if w.reason.trim().is_empty() {
            problems.push(problem(
                "GP-WAIVER-001",
                Severity::Deny,
                format!("waiver of {} gives no reason", w.rule),
                "say why the rule does not apply, e.g. `# goldpath:ignore GP-TAG-001 tags come from AWS Config`",
            ));
            continue;
        }
        if let Some(expires) = &w.expires
            && expires.as_str() < today
        {
            problems.push(problem(
                "GP-WAIVER-002",
                Severity::Deny,
                format!("waiver of {} expired on {expires}", w.rule),
                "fix the finding, or renew the waiver with a new expiry date and reason",
            ));
            continue;
        }
        if w.scope == Scope::Nowhere {
            problems.push(problem(
                "GP-WAIVER-003",
                Severity::Warn,
                format!(
                    "waiver of {} is not inside or directly above a block, so it waives nothing",
                    w.rule
                ),
                "move the `goldpath:ignore` comment into the block it waives, or just above it",
            ));
            continue;
        }
        for f in findings
            .iter_mut()
            .filter(|f| f.waived.is_none() && f.rule == w.rule && w.scope.covers(f))
        {
            f.waived = Some(w.reason.clone());
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

    fn finding(rule: &str, resource: &str) -> Finding {
        let mut f = Finding::new(rule, Severity::Deny, "m");
        f.resource = Some(resource.into());
        f
    }

    fn inline_of(text: &str) -> Vec<Waiver> {
        let files = [crate::guardrails::input::SourceFile {
            path: "main.tf",
            text,
        }];
        let doc = crate::guardrails::input::document(&files).expect("parses");
        inline("main.tf", text, &doc.locations)
    }

    fn block(address: &str, first: usize, last: usize) -> Scope {
        Scope::Block {
            address: address.into(),
            file: "main.tf".into(),
            first,
            last,
        }
    }

    #[test]
    fn inline_waivers_cover_the_block_they_are_in_or_directly_above() {
        let text = "resource \"aws_s3_bucket\" \"a\" {\n  # goldpath:ignore GP-TAG-001 tags from AWS Config\n}\n\n# goldpath:ignore GP-S3-001 behind CloudFront\n\nresource \"aws_s3_bucket\" \"b\" {\n  bucket = \"b\"\n}\n\nlocals {\n  x = 1\n}\n\n# goldpath:ignore GP-NET-001 nothing follows\n";
        let w = inline_of(text);
        let got: Vec<(&str, &Scope, &str)> = w
            .iter()
            .map(|w| (w.rule.as_str(), &w.scope, w.reason.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                (
                    "GP-TAG-001",
                    &block("aws_s3_bucket.a", 1, 3),
                    "tags from AWS Config"
                ),
                (
                    "GP-S3-001",
                    &block("aws_s3_bucket.b", 7, 9),
                    "behind CloudFront"
                ),
                ("GP-NET-001", &Scope::Nowhere, "nothing follows"),
            ]
        );
    }

    #[test]
    fn an_inline_waiver_never_covers_another_block_of_the_same_address() {
        let text = "provider \"aws\" {\n  # goldpath:ignore GP-SEC-001 the default provider holds no key\n  region = \"eu-west-1\"\n}\n\nprovider \"aws\" {\n  alias      = \"west\"\n  access_key = \"AKIAABCDEFGHIJKLMNOP\"\n}\n";
        let w = inline_of(text);
        let mut secret = finding("GP-SEC-001", "provider.aws.west");
        secret.file = Some("main.tf".into());
        secret.line = Some(8);
        let mut findings = vec![secret];
        apply(&mut findings, &w, "2026-11-25");
        assert_eq!(findings[0].waived, None);
    }

    #[test]
    fn a_waiver_outside_any_block_is_reported() {
        let w = inline_of("# goldpath:ignore GP-TAG-001 stray\n");
        let mut findings = Vec::new();
        apply(&mut findings, &w, "2026-11-25");
        assert_eq!(
            (findings[0].rule.as_str(), findings[0].line),
            ("GP-WAIVER-003", Some(1))
        );
    }

    #[test]
    fn waivers_mark_findings_and_bad_waivers_are_findings() {
        let mut findings = vec![
            finding("GP-TAG-001", "aws_s3_bucket.a"),
            finding("GP-TAG-001", "aws_s3_bucket.b"),
            finding("GP-MOD-001", "module.vpc.module.subnets"),
            finding("GP-MOD-001", "module.vpcx"),
        ];
        let file = "waivers:\n  - rule: GP-MOD-001\n    resource: module.vpc\n    reason: vendored\n\n  - rule: GP-TAG-001\n    resource: aws_s3_bucket.a\n    reason: legacy, tagged by AWS Config\n    expires: 2027-01-31\n  - rule: GP-NET-001\n    reason: old\n    expires: 2020-01-01\n  - rule: GP-S3-001\n";
        let waivers = parse_file(WAIVER_FILE, file).unwrap();
        apply(&mut findings, &waivers, "2026-11-25");
        assert_eq!(
            findings[0].waived.as_deref(),
            Some("legacy, tagged by AWS Config")
        );
        assert!(findings[1].waived.is_none());
        assert_eq!(findings[2].waived.as_deref(), Some("vendored"));
        assert!(findings[3].waived.is_none());
        let rules: Vec<&str> = findings[4..].iter().map(|f| f.rule.as_str()).collect();
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
            .message
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
