//! Guardrails over a rendered Bundle, before anything is written: each directory holding `.tf`
//! files is checked as its own module, exactly as `goldpath check` would check the written tree.

use super::calls::{LocalModule, LocalModules};
use super::evaluate::{ModuleInput, evaluate};
use super::finding::Severity;
use super::input::SourceFile;
use super::rego::{Namespaces, Policies};
use super::{files, waiver};
use crate::Error;
use crate::answers::Answers;
use crate::catalog::Template;
use crate::render::Bundle;
use crate::report::{CheckError, CheckReport, ModuleReport};
use std::collections::BTreeMap;

/// The shipped policy library, prepared once for many checks.
pub fn shipped_policies() -> Result<Policies, Error> {
    Policies::load(&files::embedded_policies()).map_err(|e| Error::Policy {
        path: e.path.into(),
        message: e.message,
    })
}

/// Holds a freshly rendered module to the built-in checks and `policies`, with the run's
/// template, version and answers (and, when given, its cost estimate) as `input.goldpath`.
/// Paths are relative to the module's root (`examples/complete/main.tf`).
///
/// # Errors
///
/// A rendered file that does not parse, or a policy that fails to evaluate: a bug in the
/// template or the policy library, never a finding.
pub fn check_rendered(
    template: &Template,
    answers: &Answers,
    bundle: &Bundle,
    policies: &Policies,
    cost: Option<serde_json::Value>,
) -> Result<CheckReport, Error> {
    let mut meta = serde_json::json!({
        "template": template.manifest.name,
        "version": template.manifest.version.to_string(),
        "answers": answers.to_json(),
    });
    if let Some(cost) = cost {
        meta["cost"] = cost;
    }
    let modules = check_bundle(bundle, Some(meta), policies, &waiver::today()).map_err(|e| {
        Error::Render {
            template: template.manifest.name.clone(),
            file: e.file.unwrap_or_else(|| "(rendered module)".into()),
            line: e.line,
            message: format!(
                "guardrails could not check the rendered module: {}",
                e.message
            ),
        }
    })?;
    Ok(CheckReport {
        modules,
        fail_on: Severity::Deny,
    })
}

/// Holds a module read from elsewhere (a registry's tree) to the built-in checks and
/// `policies`, with `goldpath` as `input.goldpath` of its root; the message names the file
/// that does not parse or the policy that fails.
pub fn check_module(
    bundle: &Bundle,
    goldpath: serde_json::Value,
    policies: &Policies,
) -> Result<CheckReport, String> {
    let modules =
        check_bundle(bundle, Some(goldpath), policies, &waiver::today()).map_err(|e| {
            match (e.file, e.line) {
                (Some(file), Some(line)) => format!("{file}:{line}: {}", e.message),
                (Some(file), None) => format!("{file}: {}", e.message),
                _ => e.message,
            }
        })?;
    Ok(CheckReport {
        modules,
        fail_on: Severity::Deny,
    })
}

/// Checks every module directory of `bundle`; `goldpath` metadata applies to the root module.
/// The first file that does not parse, or policy that fails, is the error.
fn check_bundle(
    bundle: &Bundle,
    goldpath: Option<serde_json::Value>,
    policies: &Policies,
    today: &str,
) -> Result<Vec<ModuleReport>, CheckError> {
    let mut dirs: BTreeMap<&str, Vec<SourceFile<'_>>> = BTreeMap::new();
    for (path, text) in bundle.iter().filter(|(p, _)| files::is_terraform(p)) {
        let dir = path.rsplit_once('/').map_or(".", |(dir, _)| dir);
        dirs.entry(dir).or_default().push(SourceFile { path, text });
    }
    let local_modules = BundleModules(bundle);
    dirs.into_iter()
        .map(|(dir, sources)| {
            let input = ModuleInput {
                files: sources,
                goldpath: if dir == "." { goldpath.clone() } else { None },
                waiver_file: None,
                local_modules: Some(&local_modules),
                rules: Default::default(),
                combine: false,
            };
            let evaluation = evaluate(&input, Some(policies), &Namespaces::All, today)?;
            if let Some(unreadable) = evaluation.unreadable.into_iter().next() {
                return Err(unreadable.into());
            }
            Ok(ModuleReport {
                dir: dir.to_string(),
                findings: evaluation.findings,
                errors: Vec::new(),
            })
        })
        .collect()
}

/// The modules of a rendered bundle, for the local calls its examples make (`../..`): every
/// directory of the bundle is checked on its own as well.
#[derive(Debug)]
pub struct BundleModules<'b>(&'b Bundle);

impl<'b> BundleModules<'b> {
    /// The modules of `bundle`.
    pub fn new(bundle: &'b Bundle) -> BundleModules<'b> {
        BundleModules(bundle)
    }
}

impl LocalModules for BundleModules<'_> {
    fn read(&self, dir: &str) -> Option<LocalModule> {
        let files: Vec<(String, String)> = self
            .0
            .iter()
            .filter(|(path, _)| {
                files::is_terraform(path)
                    && path.rsplit_once('/').map_or(".", |(parent, _)| parent) == dir
            })
            .map(|(path, text)| (path.to_string(), text.to_string()))
            .collect();
        (!files.is_empty()).then_some(LocalModule {
            files,
            checked_on_its_own: true,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bundle(files: &[(&str, &str)]) -> Bundle {
        let mut bundle = Bundle::default();
        for (path, text) in files {
            bundle.insert(path.to_string(), text.to_string());
        }
        bundle
    }

    #[test]
    fn paths_are_relative_to_the_module_root() {
        let bundle = bundle(&[
            (
                "main.tf",
                "resource \"aws_s3_bucket_acl\" \"a\" {\n  acl = \"public-read\"\n}\n",
            ),
            (
                "examples/complete/main.tf",
                "resource \"aws_s3_bucket_acl\" \"b\" {\n  acl = \"public-read\"\n}\n",
            ),
        ]);
        let modules = check_bundle(&bundle, None, &shipped_policies().unwrap(), "2026-01-01")
            .expect("the bundle parses");
        let dirs: Vec<&str> = modules.iter().map(|m| m.dir.as_str()).collect();
        assert_eq!(dirs, [".", "examples/complete"]);
        let file = |m: &ModuleReport| {
            m.findings
                .iter()
                .find(|f| f.rule == "GP-S3-001")
                .and_then(|f| f.file.clone())
        };
        assert_eq!(file(&modules[0]).as_deref(), Some("main.tf"));
        assert_eq!(
            file(&modules[1]).as_deref(),
            Some("examples/complete/main.tf")
        );
    }

    #[test]
    fn a_rendered_file_that_does_not_parse_is_an_error() {
        let bundle = bundle(&[("examples/x/main.tf", "resource \"a\" \"b\" {\n  x = \n}\n")]);
        let e = check_bundle(&bundle, None, &shipped_policies().unwrap(), "2026-01-01")
            .expect_err("a syntax error is not a finding");
        assert_eq!(e.file.as_deref(), Some("examples/x/main.tf"));
        assert_eq!(e.line, Some(2));
    }
}
