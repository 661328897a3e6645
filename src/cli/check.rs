//! `goldpath check`: any Terraform tree against the guardrails.

use super::args::{CheckArgs, CheckFormat, FailOn};
use crate::Error;
use crate::guardrails::evaluate::{GuardrailError, ModuleInput, evaluate_all};
use crate::guardrails::finding::Severity;
use crate::guardrails::input::SourceFile;
use crate::guardrails::rego::{Namespaces, Policies};
use crate::guardrails::{files, waiver};
use crate::report::{self, CheckReport, ModuleReport};
use std::io::Write;
use std::path::Path;

pub(super) fn run(args: &CheckArgs, quiet: bool) -> Result<i32, Error> {
    let (policy_files, default_namespaces) = match &args.policies {
        Some(dir) => {
            let mut found = files::read_policies(dir)?;
            found.retain(|p| !files::is_test(&p.path));
            (found, Namespaces::default())
        }
        None => (files::embedded_policies(), Namespaces::All),
    };
    let policy_root = args.policies.clone().unwrap_or_else(|| "policies".into());
    let policies = Policies::load(&policy_files).map_err(|e| Error::Policy {
        path: policy_root.join(&e.path),
        message: e.message,
    })?;
    let namespaces = match (args.all_namespaces, args.namespaces.is_empty()) {
        (true, _) => Namespaces::All,
        (false, false) => Namespaces::Only(args.namespaces.clone()),
        (false, true) => default_namespaces,
    };

    let reports = check_modules(&args.dir, &policies, &namespaces)?;
    let report = CheckReport {
        modules: reports,
        fail_on: match args.fail_on {
            FailOn::Deny => Severity::Deny,
            FailOn::Warn => Severity::Warn,
        },
    };

    let in_actions = std::env::var("GITHUB_ACTIONS").is_ok_and(|v| v == "true");
    let format = args.format.unwrap_or(if in_actions {
        CheckFormat::Github
    } else {
        CheckFormat::Human
    });
    let text = match format {
        CheckFormat::Human => report::human(&report),
        CheckFormat::Json => report.json(),
        CheckFormat::Sarif => report::sarif(&report),
        CheckFormat::Junit => report::junit(&report),
        CheckFormat::Github => report::github(&report),
    };
    let mut out = anstream::stdout();
    write!(out, "{text}")
        .and_then(|()| {
            if text.ends_with('\n') {
                Ok(())
            } else {
                writeln!(out)
            }
        })
        .map_err(|source| Error::Write {
            path: "stdout".into(),
            source,
        })?;
    if !quiet && format != CheckFormat::Human {
        let (deny, warn, waived) = report.counts();
        let _ = writeln!(
            anstream::stderr(),
            "{} modules checked: {deny} deny, {warn} warn, {waived} waived",
            report.modules.len()
        );
    }
    Ok(if report.fails() { 1 } else { 0 })
}

/// Holds every module directory under `dir` to the guardrails, as `goldpath check` does.
pub(super) fn check_modules(
    dir: &Path,
    policies: &Policies,
    namespaces: &Namespaces,
) -> Result<Vec<ModuleReport>, Error> {
    let modules = files::read_modules(dir)?;
    if modules.is_empty() {
        return Err(Error::Check {
            path: dir.to_path_buf(),
            message: "holds no Terraform (.tf) files".into(),
        });
    }
    let today = waiver::today();
    let inputs: Vec<ModuleInput<'_>> = modules
        .iter()
        .map(|module| ModuleInput {
            files: module
                .files
                .iter()
                .map(|(path, text)| SourceFile { path, text })
                .collect(),
            goldpath: module.goldpath.clone(),
            waiver_file: module
                .waivers
                .clone()
                .map(|t| (waiver::WAIVER_FILE.to_string(), t)),
        })
        .collect();
    let mut reports = Vec::new();
    for (module, result) in modules
        .iter()
        .zip(evaluate_all(&inputs, policies, namespaces, &today))
    {
        let findings = result.map_err(|e| Error::Check {
            path: if module.dir == "." {
                dir.to_path_buf()
            } else {
                dir.join(&module.dir)
            },
            message: match e {
                GuardrailError::Input(i) => {
                    format!("{i} (fix the Terraform syntax; nothing was checked)")
                }
                other => other.to_string(),
            },
        })?;
        reports.push(ModuleReport {
            dir: module.dir.clone(),
            findings,
        });
    }
    Ok(reports)
}
