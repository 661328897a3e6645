//! `goldpath policy test`.

use super::args::Format;
use super::style::{BOLD, OK};
use crate::Error;
use crate::guardrails::{files, rego};
use std::io::Write;
use std::path::Path;

pub(super) fn test(dir: &Path, format: Format) -> Result<i32, Error> {
    let policies = files::read_policies(dir)?;
    let outcomes = rego::run_tests(&policies).map_err(|e| Error::Policy {
        path: dir.join(&e.path),
        message: e.message,
    })?;
    let failed = outcomes.iter().filter(|o| !o.passed).count();
    let mut out = anstream::stdout();
    let written = match format {
        Format::Json => writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({"tests": outcomes, "passed": outcomes.len() - failed, "failed": failed}))
                .expect("JSON values serialize")
        ),
        Format::Human => outcomes
            .iter()
            .try_for_each(|o| {
                let status = if o.passed { format!("{OK}PASS{OK:#}") } else { format!("{BOLD}FAIL{BOLD:#}") };
                let error = o.error.as_deref().map(|e| format!(" ({e})")).unwrap_or_default();
                writeln!(out, "{status}  {}{error}", o.name)
            })
            .and_then(|()| writeln!(out, "{} passed, {failed} failed", outcomes.len() - failed)),
    };
    written.map_err(|source| Error::Write {
        path: "stdout".into(),
        source,
    })?;
    if outcomes.is_empty() {
        return Err(Error::Policy {
            path: dir.to_path_buf(),
            message: "holds no Rego unit tests (test_* rules in *_test.rego files)".into(),
        });
    }
    Ok(if failed > 0 { 1 } else { 0 })
}
