//! Guardrails over a rendered Bundle, before anything is written: each directory holding `.tf`
//! files is checked as its own module, exactly as `goldpath check` would check the written tree.

use super::evaluate::{GuardrailError, ModuleInput, evaluate};
use super::input::SourceFile;
use super::rego::{Namespaces, Policies};
use crate::render::Bundle;
use crate::report::ModuleReport;
use std::collections::BTreeMap;

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
