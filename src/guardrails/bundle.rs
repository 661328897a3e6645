//! Guardrails over a rendered Bundle, before anything is written: each directory holding `.tf`
//! files is checked as its own module, exactly as `goldpath check` would check the written tree.

use super::evaluate::{GuardrailError, ModuleInput, evaluate};
use super::finding::Severity;
use super::input::SourceFile;
use super::rego::{Namespaces, Policies};
use super::{files, waiver};
use crate::Error;
use crate::answers::Answers;
use crate::catalog::Template;
use crate::render::Bundle;
use crate::report::{CheckReport, ModuleReport};
use std::collections::BTreeMap;

/// The shipped policy library, prepared once for many checks.
pub fn shipped_policies() -> Result<Policies, Error> {
    Policies::load(&files::embedded_policies()).map_err(|e| Error::Policy {
        path: e.path.into(),
        message: e.message,
    })
}

/// Holds a freshly rendered module to the built-in checks and `policies`, with the run's
/// template, version and answers as `input.goldpath`.
pub fn check_rendered(
    template: &Template,
    answers: &Answers,
    bundle: &Bundle,
    policies: &Policies,
) -> Result<CheckReport, Error> {
    let meta = serde_json::json!({
        "template": template.manifest.name,
        "version": template.manifest.version.to_string(),
        "answers": answers.to_json(),
    });
    let modules = check_bundle(bundle, Some(meta), policies, &waiver::today()).map_err(|e| {
        Error::Render {
            template: template.manifest.name.clone(),
            file: "(rendered module)".into(),
            line: None,
            message: format!("guardrails could not read the rendered module: {e}"),
        }
    })?;
    Ok(CheckReport {
        modules,
        fail_on: Severity::Deny,
    })
}

/// Checks every module directory of `bundle`; `goldpath` metadata applies to the root module.
pub fn check_bundle(
    bundle: &Bundle,
    goldpath: Option<serde_json::Value>,
    policies: &Policies,
    today: &str,
) -> Result<Vec<ModuleReport>, GuardrailError> {
    let mut dirs: BTreeMap<&str, Vec<SourceFile<'_>>> = BTreeMap::new();
    for (path, text) in bundle.iter().filter(|(p, _)| p.ends_with(".tf")) {
        let (dir, file) = path.rsplit_once('/').unwrap_or((".", path));
        dirs.entry(dir)
            .or_default()
            .push(SourceFile { path: file, text });
    }
    dirs.into_iter()
        .map(|(dir, files)| {
            let input = ModuleInput {
                files,
                goldpath: if dir == "." { goldpath.clone() } else { None },
                waiver_file: None,
            };
            let findings = evaluate(&input, Some(policies), &Namespaces::All, today)?;
            Ok(ModuleReport {
                dir: dir.to_string(),
                findings,
            })
        })
        .collect()
}
