//! SARIF 2.1.0 for GitHub code scanning and other static-analysis dashboards.

use super::{CheckReport, path_of};
use crate::guardrails::finding::Severity;
use serde_sarif::sarif;
use std::collections::BTreeMap;

/// A SARIF log with one run; waived findings carry an accepted suppression with the reason.
pub fn sarif(report: &CheckReport) -> String {
    let mut rules: BTreeMap<&str, sarif::ReportingDescriptor> = BTreeMap::new();
    let mut results = Vec::new();
    for (module, f) in report.findings() {
        rules.entry(f.rule.as_str()).or_insert_with(|| {
            let mut rule = sarif::ReportingDescriptor::builder()
                .id(f.rule.clone())
                .build();
            if let Some(fix) = &f.remediation {
                rule.help = Some(
                    sarif::MultiformatMessageString::builder()
                        .text(fix.clone())
                        .build(),
                );
            }
            rule
        });
        let level = match f.severity {
            Severity::Deny => sarif::ResultLevel::Error,
            Severity::Warn => sarif::ResultLevel::Warning,
        };
        let mut result = sarif::Result::builder()
            .rule_id(f.rule.clone())
            .level(level)
            .message(sarif::Message::builder().text(f.message.clone()).build())
            .build();
        if let Some(file) = path_of(module, f) {
            let mut physical = sarif::PhysicalLocation::builder()
                .artifact_location(sarif::ArtifactLocation::builder().uri(file).build())
                .build();
            physical.region = f
                .line
                .map(|l| sarif::Region::builder().start_line(l as i64).build());
            result.locations = Some(vec![
                sarif::Location::builder()
                    .physical_location(physical)
                    .build(),
            ]);
        }
        if let Some(reason) = &f.waived {
            result.suppressions = Some(vec![
                sarif::Suppression::builder()
                    .kind(serde_json::json!("inSource"))
                    .status(serde_json::json!("accepted"))
                    .justification(reason.clone())
                    .build(),
            ]);
        }
        results.push(result);
    }
    let driver = sarif::ToolComponent::builder()
        .name("goldpath")
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

#[cfg(test)]
mod tests {
    #[test]
    fn results_have_rules_locations_and_suppressions() {
        let doc: serde_json::Value =
            serde_json::from_str(&super::sarif(&super::super::fixture::report())).unwrap();
        assert_eq!(doc["version"], "2.1.0");
        let run = &doc["runs"][0];
        assert_eq!(run["tool"]["driver"]["name"], "goldpath");
        let results = run["results"].as_array().unwrap();
        assert_eq!(results[0]["ruleId"], "GP-S3-001");
        assert_eq!(results[0]["level"], "error");
        assert_eq!(
            results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "modules/web/main.tf"
        );
        assert_eq!(
            results[0]["locations"][0]["physicalLocation"]["region"]["startLine"],
            12
        );
        assert_eq!(
            results[2]["suppressions"][0]["justification"],
            "tagged by AWS Config"
        );
    }
}
