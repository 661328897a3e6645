//! `goldpath check`: any Terraform tree against the guardrails.

use super::args::{CheckArgs, CheckFormat, FailOn};
use crate::Error;
use crate::config::Config;
use crate::guardrails::choice::RuleChoice;
use crate::guardrails::evaluate::{ModuleInput, evaluate_all};
use crate::guardrails::files::{self, ModuleDir};
use crate::guardrails::finding::Severity;
use crate::guardrails::input::SourceFile;
use crate::guardrails::local_disk::DiskModules;
use crate::guardrails::rego::{Namespaces, Policies};
use crate::guardrails::waiver;
use crate::report::{self, CheckError, CheckReport, ModuleReport, SourceRoot};
use std::io::Write;
use std::path::Path;

pub(super) fn run(args: &CheckArgs, config: &Config, quiet: bool) -> Result<i32, Error> {
    let (policy_files, default_namespaces) = if args.policies.is_empty() {
        (files::embedded_policies(), Namespaces::All)
    } else {
        (
            files::read_policy_paths(&args.policies)?,
            Namespaces::default(),
        )
    };
    let policy_dirs: Vec<_> = args
        .policies
        .iter()
        .filter(|p| p.is_dir())
        .cloned()
        .collect();
    let mut data_files = files::read_data_files(&policy_dirs)?;
    data_files.extend(files::read_data_files(&args.data)?);
    let data = crate::guardrails::data::document(&data_files).map_err(|e| Error::Data {
        path: e.path.into(),
        message: e.message,
    })?;
    // The shipped library is proven by its tests; a team's policies are checked as they load.
    let loaded = if args.policies.is_empty() {
        Policies::load_with_data(&policy_files, data)
    } else {
        Policies::load_checked(&policy_files, data)
    };
    let policies = loaded.map_err(|e| Error::Policy {
        path: e.path.into(),
        message: e.message,
    })?;
    let namespaces = match (args.all_namespaces, args.namespaces.is_empty()) {
        (true, _) => Namespaces::All,
        (false, false) => Namespaces::Only(args.namespaces.clone()),
        (false, true) => default_namespaces,
    };
    if let Some(pattern) = args.namespaces.iter().find(|p| {
        let one = Namespaces::Only(vec![p.to_string()]);
        !policies
            .packages()
            .iter()
            .any(|package| one.selects(package))
    }) {
        return Err(Error::Namespace {
            pattern: pattern.clone(),
            packages: policies.packages().to_vec(),
        });
    }

    let mut rules = config.check.clone();
    rules.builtin &= !args.no_builtin;
    rules.skip.extend(args.skip.iter().cloned());
    rules.warn.extend(args.downgrade.iter().cloned());
    let ran = rules.describe(&match (args.policies.is_empty(), &namespaces) {
        (true, _) => "goldpath's policy library".to_string(),
        (false, Namespaces::All) => "policies (every package)".to_string(),
        (false, Namespaces::Only(names)) => format!("policies ({})", names.join(", ")),
    });
    let shown = files::display_root(&args.dir);
    let report = CheckReport {
        modules: check_tree(
            &args.dir,
            &shown,
            &policies,
            &namespaces,
            &rules,
            args.combine,
        )?,
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
    let root = || {
        std::env::current_dir()
            .map(|cwd| SourceRoot::find(&cwd, &args.dir))
            .map_err(|source| Error::Read {
                path: ".".into(),
                source,
            })
    };
    let text = match format {
        CheckFormat::Human => format!("{}rules: {}\n", report::human(&report), ran.join("; ")),
        CheckFormat::Json => with_cost(&report.json(), &args.dir, config, &ran),
        CheckFormat::Sarif => report::sarif(&report, &root()?),
        CheckFormat::Junit => report::junit(&report),
        CheckFormat::Github => report::github(&report, &root()?),
        CheckFormat::Gitlab => report::gitlab(&report, &root()?),
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
        let exit = if report.errors().next().is_some() {
            " (exit 2)"
        } else {
            ""
        };
        let _ = writeln!(anstream::stderr(), "{}{exit}", report.summary());
    }
    Ok(report.exit_code())
}

/// The JSON report with the estimate of every module (`cost`), or why there is none
/// (`cost: {"error": …}`): pricing never fails a check.
fn with_cost(json: &str, dir: &Path, config: &Config, ran: &[String]) -> String {
    let mut doc: serde_json::Value = serde_json::from_str(json).expect("the report is JSON");
    doc["summary"]["rules"] = serde_json::json!(ran);
    doc["cost"] = match super::cost::tree_cost(dir, config) {
        Ok(cost) => serde_json::to_value(cost).expect("a cost report serializes"),
        Err(e) => serde_json::json!({ "error": e.to_string() }),
    };
    serde_json::to_string_pretty(&doc).expect("JSON values serialize")
}

/// Holds every module below `dir` to the guardrails for `publish`: paths are relative to `dir`,
/// and anything that could not be checked is an error, since a module that was not wholly
/// checked is never published.
pub(super) fn check_modules(
    dir: &Path,
    policies: &Policies,
    namespaces: &Namespaces,
) -> Result<Vec<ModuleReport>, Error> {
    let reports = check_tree(dir, "", policies, namespaces, &RuleChoice::default(), false)?;
    if let Some(e) = reports.iter().flat_map(|m| &m.errors).next() {
        let path = e
            .file
            .as_ref()
            .map_or_else(|| dir.to_path_buf(), |f| dir.join(f));
        let at = match (e.line, e.column) {
            (Some(line), Some(column)) => format!("line {line}, column {column}: "),
            (Some(line), None) => format!("line {line}: "),
            _ => String::new(),
        };
        return Err(Error::Check {
            path,
            message: format!("{at}{} (nothing was published)", e.message),
        });
    }
    Ok(reports)
}

/// Holds every module directory under `dir` to the guardrails, with paths shown below `shown`
/// (see [`files::display_root`]). A file that cannot be read or does not parse, a bad waiver
/// file or a failing policy is recorded in its module's errors; every other module, and the
/// module's other files, are still checked.
fn check_tree(
    dir: &Path,
    shown: &str,
    policies: &Policies,
    namespaces: &Namespaces,
    rules: &RuleChoice,
    combine: bool,
) -> Result<Vec<ModuleReport>, Error> {
    let modules = files::read_modules(dir, shown)?;
    if modules.is_empty() {
        return Err(Error::Check {
            path: dir.to_path_buf(),
            message: "holds no Terraform files (.tf or .tf.json)".into(),
        });
    }
    // A directory whose every Terraform file is unreadable has nothing to evaluate.
    let readable: Vec<&ModuleDir> = modules.iter().filter(|m| !m.files.is_empty()).collect();
    // Display paths start with what the user typed (relative to the current directory), or
    // are relative to `dir` when nothing is shown before them.
    let base = if shown.is_empty() {
        dir.to_path_buf()
    } else {
        std::path::PathBuf::new()
    };
    let local_modules = DiskModules::new(&base, modules.iter().map(|m| m.dir.clone()));
    let inputs: Vec<ModuleInput<'_>> = readable
        .iter()
        .map(|module| ModuleInput {
            files: module
                .files
                .iter()
                .map(|(path, text)| SourceFile { path, text })
                .collect(),
            goldpath: module.goldpath.clone(),
            waiver_file: module.waivers.clone(),
            local_modules: Some(&local_modules),
            rules: rules.clone(),
            combine,
        })
        .collect();
    let mut results = evaluate_all(&inputs, policies, namespaces, &waiver::today()).into_iter();
    let mut reports = Vec::new();
    for module in &modules {
        let mut errors: Vec<CheckError> =
            module.unreadable.iter().cloned().map(Into::into).collect();
        let mut findings = Vec::new();
        if !module.files.is_empty() {
            match results.next() {
                Some(Ok(evaluation)) => {
                    errors.extend(evaluation.unreadable.into_iter().map(Into::into));
                    findings = evaluation.findings;
                }
                Some(Err(e)) => errors.push(e.into()),
                None => {}
            }
        }
        errors.sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
        reports.push(ModuleReport {
            dir: module.dir.clone(),
            findings,
            errors,
        });
    }
    Ok(reports)
}
