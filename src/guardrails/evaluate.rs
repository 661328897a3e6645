//! One module through the guardrails: input document, built-in checks, Rego policies, locations
//! and waivers, in a single pure call.

use super::calls::{self, LocalModules};
use super::choice::RuleChoice;
use super::finding::Finding;
use super::input::Location;
use super::input::{self, InputError, SourceFile};
use super::rego::{Namespaces, Policies, PolicyError};
use super::{blocks, builtin, locate, waiver};

/// Everything the guardrails need to know about one module directory.
#[derive(Debug, Clone, Default)]
pub struct ModuleInput<'a> {
    /// Its Terraform files (`.tf`), by path relative to the checked root.
    pub files: Vec<SourceFile<'a>>,
    /// goldpath's record of how it was generated (`template`, `version`, `answers`), if any.
    pub goldpath: Option<serde_json::Value>,
    /// The waiver file's path and text, if the directory has one.
    pub waiver_file: Option<(String, String)>,
    /// Where local module calls (`source = "../…"`) are read from, to evaluate the modules
    /// they call with the caller's literal inputs; `None` does not follow them.
    pub local_modules: Option<&'a dyn LocalModules>,
    /// Which rules run.
    pub rules: RuleChoice,
    /// Give policies conftest's `--combine` input (a list of `{path, contents}`, one per file)
    /// instead of the merged module.
    pub combine: bool,
}

/// Why a module could not be checked at all.
#[derive(Debug, Clone, thiserror::Error)]
pub enum GuardrailError {
    /// A policy failed to evaluate.
    #[error(transparent)]
    Policy(#[from] PolicyError),
}

/// What the guardrails found in one module, and the files they could not read.
#[derive(Debug, Clone, Default)]
pub struct Evaluation {
    /// Located, waived and sorted findings.
    pub findings: Vec<Finding>,
    /// Files left out because they do not parse (a malformed waiver file among them: its
    /// waivers are left out); the rest of the module was checked.
    pub unreadable: Vec<InputError>,
}

/// Runs built-in checks and policies over a module; findings are located, waived and sorted.
pub fn evaluate(
    module: &ModuleInput<'_>,
    policies: Option<&Policies>,
    namespaces: &Namespaces,
    today: &str,
) -> Result<Evaluation, GuardrailError> {
    let (doc, mut unreadable) = input::document_lenient(&module.files);
    let mut value = doc.value;
    if let (Some(meta), Some(obj)) = (&module.goldpath, value.as_object_mut()) {
        obj.insert("goldpath".into(), meta.clone());
    }
    let first_file = module.files.first().map(|f| f.path);
    let choice = Choice {
        policies,
        namespaces,
        builtin: module.rules.builtin,
    };
    // With `combine`, policies see conftest's combined shape; a called module, resolved as a
    // whole, is one entry of it.
    let run = |doc: &serde_json::Value, locations: &[Location], first: Option<&str>| {
        if module.combine {
            let entry = serde_json::json!([{ "path": first.unwrap_or("."), "contents": doc }]);
            guardrails(doc, &entry, locations, first, &choice)
        } else {
            guardrails(doc, doc, locations, first, &choice)
        }
    };
    let mut findings = if module.combine {
        let combined = combined_input(&module.files);
        guardrails(&value, &combined, &doc.locations, first_file, &choice)?
    } else {
        run(&value, &doc.locations, first_file)?
    };
    if let Some(modules) = module.local_modules {
        let dir = first_file
            .and_then(|f| f.rsplit_once('/'))
            .map_or(".", |(dir, _)| dir);
        findings.extend(calls::findings(
            &value,
            &doc.locations,
            dir,
            modules,
            &run,
            today,
        )?);
    }
    let mut waivers: Vec<waiver::Waiver> = module
        .files
        .iter()
        .flat_map(|f| waiver::inline(f.path, f.text, &doc.locations))
        .collect();
    if let Some((path, text)) = &module.waiver_file {
        match waiver::parse_file(path, text) {
            Ok(from_file) => waivers.extend(from_file),
            Err(problem) => unreadable.push(InputError {
                file: path.clone(),
                line: problem.line,
                column: 1,
                message: format!("{} (none of its waivers applied)", problem.message),
            }),
        }
    }
    waiver::apply(&mut findings, &waivers, today);
    module.rules.apply(&mut findings);
    findings.sort_by(|a, b| (&a.file, a.line, &a.rule).cmp(&(&b.file, b.line, &b.rule)));
    findings.dedup();
    Ok(Evaluation {
        findings,
        unreadable,
    })
}

/// What runs over a module document.
struct Choice<'c> {
    policies: Option<&'c Policies>,
    namespaces: &'c Namespaces,
    builtin: bool,
}

/// conftest's `--combine` input: each file that parses, as `{path, contents}`.
fn combined_input(files: &[SourceFile<'_>]) -> serde_json::Value {
    files
        .iter()
        .filter_map(|f| {
            let doc = input::document(std::slice::from_ref(f)).ok()?;
            Some(serde_json::json!({ "path": f.path, "contents": doc.value }))
        })
        .collect()
}

/// Built-in checks over one module document and policies over `rego_input` (the document, or
/// its combined form), every finding located.
fn guardrails(
    doc: &serde_json::Value,
    rego_input: &serde_json::Value,
    locations: &[Location],
    first_file: Option<&str>,
    choice: &Choice<'_>,
) -> Result<Vec<Finding>, PolicyError> {
    let mut findings = if choice.builtin {
        builtin::check(doc, locations)
    } else {
        Vec::new()
    };
    if let Some(policies) = choice.policies {
        let mut from_rego = policies.evaluate(rego_input, choice.namespaces)?;
        from_rego.retain(|f| !reported_by_builtin(f, &findings));
        let blocks = blocks::blocks(doc);
        for f in &mut from_rego {
            locate::rego_finding(f, &blocks, locations, first_file);
        }
        findings.extend(from_rego);
    }
    Ok(findings)
}

/// Shipped Rego rules that report the same defect as a built-in check, each with that check's
/// id: on the same resource, the built-in finding is kept and the Rego one dropped, so a
/// defect is reported once. The Rego rules stay in the library for conftest and OPA users.
const SAME_AS_BUILTIN: &[(&str, &str)] =
    &[("GP-MOD-102", "GP-MOD-001"), ("GP-S3-101", "GP-S3-001")];

fn reported_by_builtin(rego: &Finding, builtin: &[Finding]) -> bool {
    SAME_AS_BUILTIN
        .iter()
        .filter(|(id, _)| *id == rego.rule)
        .any(|(_, same)| {
            builtin
                .iter()
                .any(|b| b.rule == *same && b.resource == rego.resource)
        })
}

/// Evaluates many modules, spread over the machine's cores; results keep the input order.
pub fn evaluate_all(
    modules: &[ModuleInput<'_>],
    policies: &Policies,
    namespaces: &Namespaces,
    today: &str,
) -> Vec<Result<Evaluation, GuardrailError>> {
    crate::parallel::by_parts(modules, |part| {
        let policies = policies.clone();
        part.iter()
            .map(|m| evaluate(m, Some(&policies), namespaces, today))
            .collect()
    })
}
