//! `.goldpath.yaml`: how a module was generated, for `update` and for audit.

use super::escape;
use crate::answers::Answers;
use crate::catalog::Template;
use std::fmt::Write;

/// The record's file name in every generated module.
pub const RECORD_FILE: &str = ".goldpath.yaml";

/// The record's text: template name and version, goldpath's version and the answers.
pub fn record(template: &Template, answers: &Answers) -> String {
    let m = &template.manifest;
    let mut out =
        String::from("# Written by goldpath: how this module was generated. Do not edit.\n");
    let _ = writeln!(out, "template: {}", escape::yaml(&m.name.clone().into()));
    let _ = writeln!(
        out,
        "version: {}",
        escape::yaml(&m.version.to_string().into())
    );
    let _ = writeln!(
        out,
        "goldpath_version: {}",
        escape::yaml(&crate::VERSION.into())
    );
    if answers.iter().next().is_none() {
        out.push_str("answers: {}\n");
        return out;
    }
    out.push_str("answers:\n");
    for line in answers_yaml(answers).lines() {
        let _ = writeln!(out, "  {line}");
    }
    out
}

/// The answers as an answers file (`--answers`): one `name: value` line per answer.
pub fn answers_yaml(answers: &Answers) -> String {
    let mut out = String::new();
    for (name, value) in answers.iter() {
        let _ = writeln!(out, "{name}: {}", escape::yaml(&value.to_json()));
    }
    out
}

/// The record's section listing guardrail findings a user chose to ship anyway.
pub fn allowed_violations(findings: &[&crate::guardrails::finding::Finding]) -> String {
    let mut out = String::from("allowed_violations:\n");
    for f in findings {
        let _ = writeln!(out, "  - rule: {}", escape::yaml(&f.rule.clone().into()));
        if let Some(resource) = &f.resource {
            let _ = writeln!(
                out,
                "    resource: {}",
                escape::yaml(&resource.clone().into())
            );
        }
        let _ = writeln!(
            out,
            "    message: {}",
            escape::yaml(&f.message.clone().into())
        );
    }
    out
}
