//! Lint reports: text for people, one JSON document, SARIF 2.1.0 for code scanning.

use super::{Rule, Severity, TemplateLint};
use serde_sarif::sarif;
use std::collections::BTreeMap;
use std::fmt::Write;

/// Output format of `goldpath template lint`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Text for people.
    Human,
    /// One JSON document.
    Json,
    /// SARIF 2.1.0 for code scanning.
    Sarif,
}

/// The lint of one template directory as reported: the directory as typed and its lint.
#[derive(Debug, Clone)]
pub struct Linted {
    /// The template directory, as the user typed it (problem files are below it).
    pub dir: String,
    /// Its lint.
    pub lint: TemplateLint,
}

impl Linted {
    fn path(&self, file: &str) -> String {
        if self.dir.is_empty() || self.dir == "." {
            file.to_string()
        } else {
            format!("{}/{file}", self.dir.trim_end_matches('/'))
        }
    }
}

fn coverage_text(lint: &TemplateLint) -> String {
    match &lint.coverage {
        Some(c) if c.total == 0 => "no branches for fixtures to cover".into(),
        Some(c) => format!(
            "coverage {}% ({} of {} branches)",
            c.percent(),
            c.covered,
            c.total
        ),
        None => "coverage not measured (fix the manifest first)".into(),
    }
}

/// `path:line: severity[RULE] message` lines with their fix, then one summary per template.
pub fn human(linted: &[Linted]) -> String {
    let mut out = String::new();
    for l in linted {
        for p in &l.lint.problems {
            let at = match p.line {
                Some(line) => format!("{}:{line}", l.path(&p.file)),
                None => l.path(&p.file),
            };
            let severity = match p.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            let _ = writeln!(
                out,
                "{at}: {severity}[{}] {}\n  fix: {}",
                p.rule.id(),
                p.message,
                p.fix
            );
        }
        let (errors, warnings) = (
            l.lint.count(Severity::Error),
            l.lint.count(Severity::Warning),
        );
        let _ = writeln!(
            out,
            "{} ({}): {errors} error{}, {warnings} warning{}; {}",
            l.lint.template,
            l.dir,
            if errors == 1 { "" } else { "s" },
            if warnings == 1 { "" } else { "s" },
            coverage_text(&l.lint)
        );
    }
    out
}

/// One JSON document: per template its problems and coverage, and the totals.
pub fn json(linted: &[Linted]) -> String {
    let templates: Vec<serde_json::Value> = linted
        .iter()
        .map(|l| {
            let problems: Vec<serde_json::Value> = l
                .lint
                .problems
                .iter()
                .map(|p| {
                    serde_json::json!({
                        "rule": p.rule,
                        "severity": p.severity,
                        "file": l.path(&p.file),
                        "line": p.line,
                        "message": p.message,
                        "fix": p.fix,
                    })
                })
                .collect();
            let coverage = l.lint.coverage.as_ref().map(|c| {
                serde_json::json!({
                    "percent": c.percent(),
                    "covered": c.covered,
                    "total": c.total,
                    "uncovered": c.branches.iter().filter(|b| !b.covered).map(|b| &b.label).collect::<Vec<_>>(),
                })
            });
            serde_json::json!({
                "template": l.lint.template,
                "dir": l.dir,
                "errors": l.lint.count(Severity::Error),
                "warnings": l.lint.count(Severity::Warning),
                "coverage": coverage,
                "problems": problems,
            })
        })
        .collect();
    let total = |s: Severity| linted.iter().map(|l| l.lint.count(s)).sum::<usize>();
    let doc = serde_json::json!({
        "templates": templates,
        "errors": total(Severity::Error),
        "warnings": total(Severity::Warning),
    });
    serde_json::to_string_pretty(&doc).expect("lint JSON serializes")
}

/// A SARIF 2.1.0 log with one run; artifact URIs are the paths as reported, relative.
pub fn sarif(linted: &[Linted]) -> String {
    let mut rules: BTreeMap<&str, sarif::ReportingDescriptor> = BTreeMap::new();
    let mut results = Vec::new();
    for l in linted {
        for p in &l.lint.problems {
            rules
                .entry(p.rule.id())
                .or_insert_with(|| descriptor(p.rule));
            let level = match p.severity {
                Severity::Error => sarif::ResultLevel::Error,
                Severity::Warning => sarif::ResultLevel::Warning,
            };
            let artifact = sarif::ArtifactLocation::builder()
                .uri(encode(&l.path(&p.file)))
                .build();
            let mut physical = sarif::PhysicalLocation::builder()
                .artifact_location(artifact)
                .build();
            physical.region = p
                .line
                .map(|line| sarif::Region::builder().start_line(line as i64).build());
            let location = sarif::Location::builder()
                .physical_location(physical)
                .build();
            results.push(
                sarif::Result::builder()
                    .rule_id(p.rule.id())
                    .level(level)
                    .message(
                        sarif::Message::builder()
                            .text(format!("{} Fix: {}", p.message, p.fix))
                            .build(),
                    )
                    .locations(vec![location])
                    .build(),
            );
        }
    }
    let driver = sarif::ToolComponent::builder()
        .name("goldpath template lint")
        .version(crate::VERSION)
        .information_uri("https://github.com/goldpath-dev/goldpath")
        .rules(rules.into_values().collect::<Vec<_>>())
        .build();
    let run = sarif::Run::builder()
        .tool(sarif::Tool::builder().driver(driver).build())
        .results(results)
        .build();
    let log = sarif::Sarif::builder()
        .schema(sarif::SCHEMA_URL)
        .version(serde_json::json!("2.1.0"))
        .runs(vec![run])
        .build();
    serde_json::to_string_pretty(&log).expect("SARIF serializes")
}

fn descriptor(rule: Rule) -> sarif::ReportingDescriptor {
    let mut d = sarif::ReportingDescriptor::builder().id(rule.id()).build();
    d.short_description = Some(
        sarif::MultiformatMessageString::builder()
            .text(rule.title())
            .build(),
    );
    d
}

/// Percent-encodes what may not stand in a URI path (spaces and braces of placeholder file
/// names, say); `/` stays.
fn encode(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=:@".contains(&byte) {
            out.push(byte as char);
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::{Coverage, Problem};

    fn linted() -> Vec<Linted> {
        vec![Linted {
            dir: "tpl".into(),
            lint: TemplateLint {
                template: "t".into(),
                problems: vec![Problem {
                    rule: Rule::PlaceholderFile,
                    severity: Severity::Error,
                    file: "files/{{ name }}/main.tf".into(),
                    line: Some(3),
                    message: "`nmae` names nothing".into(),
                    fix: "declare it".into(),
                }],
                coverage: Some(Coverage {
                    covered: 13,
                    total: 15,
                    branches: vec![],
                }),
            },
        }]
    }

    #[test]
    fn human_names_file_line_rule_fix_and_coverage() {
        let text = human(&linted());
        assert!(
            text.contains("tpl/files/{{ name }}/main.tf:3: error[TL-PLACEHOLDER-001]"),
            "{text}"
        );
        assert!(text.contains("fix: declare it"), "{text}");
        assert!(text.contains("coverage 86% (13 of 15 branches)"), "{text}");
    }

    #[test]
    fn a_template_without_branches_says_so() {
        let mut linted = linted();
        linted[0].lint.coverage = Some(Coverage {
            covered: 0,
            total: 0,
            branches: vec![],
        });
        let text = human(&linted);
        assert!(text.contains("no branches for fixtures to cover"), "{text}");
    }

    #[test]
    fn json_and_sarif_carry_rule_and_location() {
        let doc: serde_json::Value = serde_json::from_str(&json(&linted())).unwrap();
        let p = &doc["templates"][0]["problems"][0];
        assert_eq!(p["rule"], "TL-PLACEHOLDER-001");
        assert_eq!(p["severity"], "error");
        assert_eq!(p["line"], 3);
        assert_eq!(doc["templates"][0]["coverage"]["total"], 15);
        let log: serde_json::Value = serde_json::from_str(&sarif(&linted())).unwrap();
        assert_eq!(log["version"], "2.1.0");
        let r = &log["runs"][0]["results"][0];
        assert_eq!(r["ruleId"], "TL-PLACEHOLDER-001");
        let loc = &r["locations"][0]["physicalLocation"];
        assert_eq!(
            loc["artifactLocation"]["uri"],
            "tpl/files/%7B%7B%20name%20%7D%7D/main.tf"
        );
        assert_eq!(loc["region"]["startLine"], 3);
    }
}
