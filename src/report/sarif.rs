//! SARIF 2.1.0 for GitHub code scanning and other static-analysis dashboards.

use super::root::encode;
use super::{CheckReport, SourceRoot};
use crate::guardrails::finding::Severity;
use serde_sarif::sarif;
use std::collections::BTreeMap;

/// The `uriBaseId` every artifact location is relative to.
const SRCROOT: &str = "%SRCROOT%";

/// A SARIF log with one run; waived and excepted findings carry an accepted suppression with
/// the reason.
///
/// Artifact URIs are relative to `root` (`uriBaseId` `%SRCROOT%`, which
/// `originalUriBaseIds` maps to `root`), so code scanning finds the files in the repository.
/// Files that could not be checked are error notifications of the run's invocation, which
/// then did not execute successfully.
pub fn sarif(report: &CheckReport, root: &SourceRoot) -> String {
    let location = |file: &str, line: Option<usize>, column: Option<usize>| {
        let artifact = match root.relative(file) {
            Some(relative) => sarif::ArtifactLocation::builder()
                .uri(encode(&relative))
                .uri_base_id(SRCROOT)
                .build(),
            None => sarif::ArtifactLocation::builder()
                .uri(root.absolute_uri(file))
                .build(),
        };
        let mut physical = sarif::PhysicalLocation::builder()
            .artifact_location(artifact)
            .build();
        physical.region = line.map(|l| {
            let mut region = sarif::Region::builder().start_line(l as i64).build();
            region.start_column = column.map(|c| c as i64);
            region
        });
        sarif::Location::builder()
            .physical_location(physical)
            .build()
    };

    let mut rules: BTreeMap<&str, sarif::ReportingDescriptor> = BTreeMap::new();
    let mut results = Vec::new();
    for (_, f) in report.findings() {
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
        if let Some(file) = &f.file {
            result.locations = Some(vec![location(file, f.line, None)]);
        }
        if let Some(reason) = f.waived.clone().or_else(|| f.excused()) {
            result.suppressions = Some(vec![
                sarif::Suppression::builder()
                    .kind(serde_json::json!("inSource"))
                    .status(serde_json::json!("accepted"))
                    .justification(reason)
                    .build(),
            ]);
        }
        results.push(result);
    }

    let notifications: Vec<sarif::Notification> = report
        .errors()
        .map(|(module, e)| {
            let mut notification = sarif::Notification::builder()
                .message(
                    sarif::Message::builder()
                        .text(match &e.file {
                            Some(_) => e.message.clone(),
                            None => format!("module {}: {}", module.dir, e.message),
                        })
                        .build(),
                )
                .build();
            notification.level = Some(serde_json::json!("error"));
            notification.locations = e
                .file
                .as_deref()
                .map(|file| vec![location(file, e.line, e.column)]);
            notification
        })
        .collect();
    let mut invocation = sarif::Invocation::builder()
        .execution_successful(notifications.is_empty())
        .build();
    if !notifications.is_empty() {
        invocation.tool_execution_notifications = Some(notifications);
    }

    let driver = sarif::ToolComponent::builder()
        .name("goldpath")
        .version(crate::VERSION)
        .information_uri("https://github.com/goldpath-dev/goldpath")
        .rules(rules.into_values().collect::<Vec<_>>())
        .build();
    let mut run = sarif::Run::builder()
        .tool(sarif::Tool::builder().driver(driver).build())
        .results(results)
        .invocations(vec![invocation])
        .build();
    run.original_uri_base_ids = Some(BTreeMap::from([(
        SRCROOT.to_string(),
        sarif::ArtifactLocation::builder().uri(root.uri()).build(),
    )]));
    let log = sarif::Sarif::builder()
        .schema(sarif::SCHEMA_URL)
        .version(serde_json::json!("2.1.0"))
        .runs(vec![run])
        .build();
    serde_json::to_string_pretty(&log).expect("SARIF serializes")
}

#[cfg(test)]
mod tests {
    use super::super::{SourceRoot, fixture};
    use std::path::Path;

    fn sarif(report: &super::CheckReport) -> serde_json::Value {
        let root = SourceRoot::find(Path::new("/srv/repo"), Path::new("."));
        serde_json::from_str(&super::sarif(report, &root)).unwrap()
    }

    #[test]
    fn results_have_rules_locations_and_suppressions() {
        let doc = sarif(&fixture::report());
        assert_eq!(doc["version"], "2.1.0");
        let run = &doc["runs"][0];
        assert_eq!(run["tool"]["driver"]["name"], "goldpath");
        assert_eq!(
            run["originalUriBaseIds"]["%SRCROOT%"]["uri"],
            "file:///srv/repo/"
        );
        assert_eq!(run["invocations"][0]["executionSuccessful"], true);
        let results = run["results"].as_array().unwrap();
        assert_eq!(results[0]["ruleId"], "GP-S3-001");
        assert_eq!(results[0]["level"], "error");
        let artifact = &results[0]["locations"][0]["physicalLocation"]["artifactLocation"];
        assert_eq!(artifact["uri"], "modules/web/main.tf");
        assert_eq!(artifact["uriBaseId"], "%SRCROOT%");
        assert_eq!(
            results[0]["locations"][0]["physicalLocation"]["region"]["startLine"],
            12
        );
        assert_eq!(
            results[2]["suppressions"][0]["justification"],
            "tagged by AWS Config"
        );
    }

    #[test]
    fn unreadable_files_are_error_notifications_of_a_failed_invocation() {
        let doc = sarif(&fixture::report_with_error());
        let invocation = &doc["runs"][0]["invocations"][0];
        assert_eq!(invocation["executionSuccessful"], false);
        let notification = &invocation["toolExecutionNotifications"][0];
        assert_eq!(notification["level"], "error");
        assert_eq!(notification["message"]["text"], "expected an expression");
        let physical = &notification["locations"][0]["physicalLocation"];
        assert_eq!(
            physical["artifactLocation"]["uri"],
            "modules/broken/main.tf"
        );
        assert_eq!(physical["region"]["startLine"], 2);
        assert_eq!(physical["region"]["startColumn"], 11);
    }
}
