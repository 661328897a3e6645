//! One module through the guardrails: input document, built-in checks, Rego policies, locations
//! and waivers, in a single pure call.

use super::finding::Finding;
use super::input::{self, InputError, SourceFile};
use super::rego::{Namespaces, Policies, PolicyError};
use super::{builtin, waiver};

/// Everything the guardrails need to know about one module directory.
#[derive(Debug, Clone, Default)]
pub struct ModuleInput<'a> {
    /// Its Terraform files (`.tf`), by path relative to the checked root.
    pub files: Vec<SourceFile<'a>>,
    /// goldpath's record of how it was generated (`template`, `version`, `answers`), if any.
    pub goldpath: Option<serde_json::Value>,
    /// The waiver file's path and text, if the directory has one.
    pub waiver_file: Option<(String, String)>,
}

/// Why a module could not be checked at all.
#[derive(Debug, Clone, thiserror::Error)]
pub enum GuardrailError {
    /// A Terraform file does not parse.
    #[error(transparent)]
    Input(#[from] InputError),
    /// A policy failed to evaluate.
    #[error(transparent)]
    Policy(#[from] PolicyError),
    /// The waiver file is malformed.
    #[error("{path}: {message}")]
    WaiverFile {
        /// The waiver file.
        path: String,
        /// What is wrong.
        message: String,
    },
}

/// Runs built-in checks and policies over a module; findings are located, waived and sorted.
pub fn evaluate(
    module: &ModuleInput<'_>,
    policies: Option<&Policies>,
    namespaces: &Namespaces,
    today: &str,
) -> Result<Vec<Finding>, GuardrailError> {
    let doc = input::document(&module.files)?;
    let mut value = doc.value;
    if let (Some(meta), Some(obj)) = (&module.goldpath, value.as_object_mut()) {
        obj.insert("goldpath".into(), meta.clone());
    }
    let mut findings = builtin::check(&value);
    if let Some(policies) = policies {
        findings.extend(policies.evaluate(&value, namespaces)?);
    }
    for f in findings.iter_mut().filter(|f| f.file.is_none()) {
        if let Some(at) = f
            .resource
            .as_deref()
            .and_then(|r| locate(r, &doc.locations))
        {
            f.file = Some(at.file.clone());
            f.line = Some(at.line);
        }
    }
    let mut waivers: Vec<waiver::Waiver> = module
        .files
        .iter()
        .flat_map(|f| waiver::inline(f.path, f.text, &doc.locations))
        .collect();
    if let Some((path, text)) = &module.waiver_file {
        waivers.extend(waiver::parse_file(path, text).map_err(|message| {
            GuardrailError::WaiverFile {
                path: path.clone(),
                message,
            }
        })?);
    }
    waiver::apply(&mut findings, &waivers, today);
    findings.sort_by(|a, b| (&a.file, a.line, &a.rule).cmp(&(&b.file, b.line, &b.rule)));
    findings.dedup();
    Ok(findings)
}

/// The block a resource address names: `aws_s3_bucket.x` is `resource.aws_s3_bucket.x`; other
/// addresses (`module.x`, `data.t.n`, `terraform.required_providers.aws`) match by prefix.
fn locate<'l>(address: &str, locations: &'l [input::Location]) -> Option<&'l input::Location> {
    let as_resource = format!("resource.{address}");
    locations
        .iter()
        .find(|l| l.address == address || l.address == as_resource)
        .or_else(|| {
            locations
                .iter()
                .filter(|l| address.starts_with(&l.address))
                .max_by_key(|l| l.address.len())
        })
}

/// Evaluates many modules, spread over the machine's cores; results keep the input order.
pub fn evaluate_all(
    modules: &[ModuleInput<'_>],
    policies: &Policies,
    namespaces: &Namespaces,
    today: &str,
) -> Vec<Result<Vec<Finding>, GuardrailError>> {
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(modules.len().max(1));
    let chunk = modules.len().div_ceil(workers).max(1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = modules
            .chunks(chunk)
            .map(|part| {
                let policies = policies.clone();
                scope.spawn(move || {
                    part.iter()
                        .map(|m| evaluate(m, Some(&policies), namespaces, today))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("a guardrail worker panicked"))
            .collect()
    })
}
