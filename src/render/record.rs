//! `.goldpath.yaml`: how a module was generated, for `update` and for audit.

use super::{Bundle, escape};
use crate::answers::Answers;
use crate::catalog::Template;
use std::fmt::Write;

/// The record's file name in every generated module.
pub const RECORD_FILE: &str = ".goldpath.yaml";

/// The record's text: template name and version, goldpath's version, the template's source,
/// the answers, and the SHA-256 of every file of `files` (what goldpath wrote), so `update`
/// can tell a file edited by hand from one it may replace.
pub fn record(template: &Template, answers: &Answers, files: &Bundle) -> String {
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
    if let Some(git) = &template.git {
        out.push_str("source:\n");
        let _ = writeln!(out, "  url: {}", escape::yaml(&git.url.clone().into()));
        let _ = writeln!(
            out,
            "  ref: {}",
            escape::yaml(&git.reference.clone().into())
        );
        let _ = writeln!(
            out,
            "  commit: {}",
            escape::yaml(&git.commit.clone().into())
        );
        if let Some(subdir) = &git.subdir {
            let _ = writeln!(out, "  subdir: {}", escape::yaml(&subdir.clone().into()));
        }
    }
    if answers.iter().next().is_none() {
        out.push_str("answers: {}\n");
    } else {
        out.push_str("answers:\n");
        for line in answers_yaml(answers).lines() {
            let _ = writeln!(out, "  {line}");
        }
    }
    out.push_str(if files.is_empty() {
        "files: {}\n"
    } else {
        "files:\n"
    });
    for (path, text) in files.iter() {
        let _ = writeln!(
            out,
            "  {}: {}",
            escape::yaml(&path.to_string().into()),
            escape::yaml(&crate::update::digest(text).into())
        );
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

/// A `.goldpath.yaml` read back: what `publish` and `update` need to know about a module.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// The template's name.
    pub template: String,
    /// The template's version.
    pub version: String,
    /// The answers the module was rendered with, by parameter name.
    pub answers: serde_json::Map<String, serde_json::Value>,
    /// How many deny findings were shipped with `--allow-violations`.
    pub allowed_violations: usize,
    /// The repository and commit of a template from a git source.
    pub source: Option<crate::catalog::spec::GitOrigin>,
    /// The SHA-256 of every file goldpath wrote, by path (empty in records that predate it).
    pub files: std::collections::BTreeMap<String, String>,
}

/// Parses a record; the message names the first problem.
pub fn parse_record(text: &str) -> Result<Record, String> {
    let given = crate::answers::file::parse(text).map_err(|p| match p.line {
        Some(line) => format!("line {line}: {}", p.message),
        None => p.message,
    })?;
    let mut fields: serde_json::Map<String, serde_json::Value> =
        given.into_iter().map(|g| (g.key, g.value)).collect();
    let mut text_field = |key: &str| match fields.remove(key) {
        Some(serde_json::Value::String(s)) => Ok(s),
        _ => Err(format!("`{key}` is missing or not a string")),
    };
    let template = text_field("template")?;
    let version = text_field("version")?;
    let answers = match fields.remove("answers") {
        Some(serde_json::Value::Object(map)) => map,
        _ => return Err("`answers` is missing or not a mapping".into()),
    };
    let allowed_violations = match fields.remove("allowed_violations") {
        None => 0,
        Some(serde_json::Value::Array(items)) => items.len(),
        Some(_) => return Err("`allowed_violations` is not a list".into()),
    };
    let source = match fields.remove("source") {
        None => None,
        Some(serde_json::Value::Object(map)) => {
            let text = |key: &str| match map.get(key) {
                Some(serde_json::Value::String(s)) => Ok(s.clone()),
                _ => Err(format!("`source.{key}` is missing or not a string")),
            };
            Some(crate::catalog::spec::GitOrigin {
                url: text("url")?,
                reference: text("ref")?,
                commit: text("commit")?,
                subdir: text("subdir").ok(),
            })
        }
        Some(_) => return Err("`source` is not a mapping".into()),
    };
    let files = match fields.remove("files") {
        None => Default::default(),
        Some(serde_json::Value::Object(map)) => map
            .into_iter()
            .map(|(path, hash)| match hash {
                serde_json::Value::String(hash) => Ok((path, hash)),
                _ => Err(format!("`files.{path}` is not a SHA-256 string")),
            })
            .collect::<Result<_, _>>()?,
        Some(_) => return Err("`files` is not a mapping".into()),
    };
    Ok(Record {
        template,
        version,
        answers,
        allowed_violations,
        source,
        files,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answers::{Inputs, resolve};
    use crate::catalog::{Catalog, embedded};
    use crate::guardrails::finding::{Finding, Severity};

    #[test]
    fn a_git_source_is_recorded_and_read_back() {
        let catalog = Catalog::from_raw(embedded()).unwrap();
        let mut template = catalog.get("s3-secure-bucket").unwrap().clone();
        let origin = crate::catalog::spec::GitOrigin {
            url: "https://github.com/acme/templates.git".into(),
            reference: "v1".into(),
            commit: "0123456789abcdef0123456789abcdef01234567".into(),
            subdir: None,
        };
        template.git = Some(origin.clone());
        let answers = resolve(
            &template.manifest,
            &Inputs {
                file: crate::answers::file::parse(&template.fixtures[0].1).unwrap(),
                ..Default::default()
            },
        )
        .unwrap();
        let parsed = parse_record(&record(&template, &answers, &Bundle::default())).unwrap();
        assert_eq!(parsed.source, Some(origin));
    }

    #[test]
    fn a_written_record_reads_back() {
        let catalog = Catalog::from_raw(embedded()).unwrap();
        let template = catalog.get("s3-secure-bucket").unwrap();
        let (_, fixture) = &template.fixtures[0];
        let inputs = Inputs {
            file: crate::answers::file::parse(fixture).unwrap(),
            ..Default::default()
        };
        let answers = resolve(&template.manifest, &inputs).unwrap();
        let mut finding = Finding::new("GP-S3-001", Severity::Deny, "public \"acl\"");
        finding.resource = Some("aws_s3_bucket_acl.a".into());
        let mut files = Bundle::default();
        files.insert("main.tf".into(), "a = 1\n".into());
        files.insert("dir/it's \"odd\".md".into(), "x\n".into());
        let text = record(template, &answers, &files) + &allowed_violations(&[&finding]);

        let read = parse_record(&text).unwrap();
        assert_eq!(read.template, "s3-secure-bucket");
        assert_eq!(read.version, template.manifest.version.to_string());
        assert_eq!(read.answers, answers.to_json());
        assert_eq!(read.allowed_violations, 1);
        assert_eq!(read.files.len(), 2);
        assert_eq!(read.files["main.tf"], crate::update::digest("a = 1\n"));
        assert!(read.files.contains_key("dir/it's \"odd\".md"));
    }

    #[test]
    fn a_record_without_answers_is_refused() {
        let err = parse_record("template: t\nversion: \"1.0.0\"\n").unwrap_err();
        assert!(err.contains("answers"), "{err}");
    }
}
