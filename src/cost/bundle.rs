//! The estimate of a freshly rendered module, before anything is written: its root module,
//! with the usage file it carries, in the region of its answers.

use super::estimate::{Estimate, ModuleFiles, estimate};
use super::table::PriceTable;
use super::usage::{self, UsageFile};
use crate::guardrails::bundle::BundleModules;
use crate::guardrails::files;
use crate::guardrails::input::SourceFile;
use crate::render::Bundle;

/// The usage file a rendered module carries, in Infracost's format.
pub const USAGE_FILE: &str = "infracost-usage.yml";

/// Why a rendered module could not be estimated: a template bug, never the user's input.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}{}: {message}", line.map(|l| format!(":{l}")).unwrap_or_default())]
pub struct BundleCostError {
    /// The rendered file.
    pub file: String,
    /// The line, when known.
    pub line: Option<usize>,
    /// What is wrong.
    pub message: String,
}

/// The estimate of `bundle`'s root module in `region` (unless its provider names one).
///
/// # Errors
///
/// A rendered usage file or Terraform file goldpath cannot read.
pub fn estimate_bundle(
    bundle: &Bundle,
    region: Option<&str>,
    table: &PriceTable,
) -> Result<Estimate, BundleCostError> {
    let usage = match bundle.get(USAGE_FILE) {
        Some(text) => usage::parse(text).map_err(|e| BundleCostError {
            file: USAGE_FILE.into(),
            line: e.line,
            message: e.message,
        })?,
        None => UsageFile::empty(),
    };
    let sources: Vec<SourceFile<'_>> = bundle
        .iter()
        .filter(|(path, _)| !path.contains('/') && files::is_terraform(path))
        .map(|(path, text)| SourceFile { path, text })
        .collect();
    let modules = BundleModules::new(bundle);
    let root = ModuleFiles {
        files: &sources,
        dir: ".",
        local_modules: &modules,
    };
    estimate(root, region, &usage, table).map_err(|e| BundleCostError {
        file: e.file,
        line: Some(e.line),
        message: e.message,
    })
}
