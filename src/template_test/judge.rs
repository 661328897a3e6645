//! Outside judges of a rendered module (the edge): `terraform fmt -check`, `terraform validate`
//! and checkov, each run when installed and reported as skipped, with the reason, when not.

use crate::Error;
use crate::render::Bundle;
use serde::Serialize;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The judges, in the order they run.
pub const JUDGES: [&str; 3] = ["terraform fmt", "terraform validate", "checkov"];

/// Whether outside judges run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JudgeMode {
    /// Run each judge that is installed; report the others as skipped.
    Auto,
    /// Run none; report each as skipped by request.
    None,
}

/// What a judge said.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "lowercase")]
pub enum JudgeStatus {
    /// It ran and passed.
    Passed,
    /// It ran and failed.
    Failed {
        /// What it printed, trimmed.
        output: String,
    },
    /// It did not run.
    Skipped {
        /// Why not.
        reason: String,
    },
}

/// One judge's verdict on one fixture's module.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct JudgeOutcome {
    /// The judge (`terraform fmt`).
    pub judge: String,
    /// Its verdict.
    #[serde(flatten)]
    pub status: JudgeStatus,
}

impl JudgeOutcome {
    /// Whether the judge ran and failed.
    pub fn failed(&self) -> bool {
        matches!(self.status, JudgeStatus::Failed { .. })
    }
}

/// Every judge reported as skipped for `reason`.
pub fn skipped(reason: &str) -> Vec<JudgeOutcome> {
    JUDGES
        .iter()
        .map(|judge| JudgeOutcome {
            judge: judge.to_string(),
            status: JudgeStatus::Skipped {
                reason: reason.to_string(),
            },
        })
        .collect()
}

/// Writes `bundle` into a temporary directory and runs the judges on it.
///
/// # Errors
///
/// The temporary module could not be written.
pub fn run(bundle: &Bundle, mode: JudgeMode) -> Result<Vec<JudgeOutcome>, Error> {
    if mode == JudgeMode::None {
        return Ok(skipped("requested with --judges none"));
    }
    let scratch = tempfile::tempdir().map_err(|source| Error::Write {
        path: std::env::temp_dir(),
        source,
    })?;
    let module = scratch.path().join("module");
    let plan = crate::output::plan(bundle, &module, false)?;
    crate::output::write(bundle, &plan, &std::sync::atomic::AtomicBool::new(false))?;

    let outcome = |judge: &str, status| JudgeOutcome {
        judge: judge.to_string(),
        status,
    };
    let terraform = Path::new("terraform");
    let fmt = verdict(
        Command::new(terraform)
            .args(["fmt", "-check", "-recursive", "-diff", "-no-color"])
            .current_dir(&module)
            .output(),
        "terraform not found on PATH",
    );
    // checkov before `terraform init`, so it never reads the downloaded providers and modules.
    let checkov_path = std::env::var_os("GOLDPATH_CHECKOV")
        .map(PathBuf::from)
        .unwrap_or_else(|| "checkov".into());
    let checkov = checkov_verdict(
        Command::new(&checkov_path)
            .args([
                "--compact",
                "--quiet",
                "--framework",
                "terraform",
                "--output",
                "json",
                "--skip-download",
                "-d",
            ])
            .arg(&module)
            .output(),
    );
    let validate = match Command::new(terraform)
        .args(["init", "-backend=false", "-input=false", "-no-color"])
        .env("TF_IN_AUTOMATION", "1")
        .current_dir(&module)
        .output()
    {
        Err(e) if e.kind() == ErrorKind::NotFound => JudgeStatus::Skipped {
            reason: "terraform not found on PATH".into(),
        },
        Err(e) => JudgeStatus::Failed {
            output: format!("terraform init could not run: {e}"),
        },
        Ok(init) if !init.status.success() => JudgeStatus::Skipped {
            reason: format!(
                "providers not available; terraform init -backend=false: {}",
                last_line(&init).trim_start_matches("Error: ")
            ),
        },
        Ok(_) => verdict(
            Command::new(terraform)
                .args(["validate", "-no-color"])
                .current_dir(&module)
                .output(),
            "terraform not found on PATH",
        ),
    };
    Ok(vec![
        outcome(JUDGES[0], fmt),
        outcome(JUDGES[1], validate),
        outcome(JUDGES[2], checkov),
    ])
}

/// Passed on exit 0, failed with the output otherwise, skipped when the tool is not installed.
fn verdict(run: std::io::Result<Output>, missing: &str) -> JudgeStatus {
    match run {
        Err(e) if e.kind() == ErrorKind::NotFound => JudgeStatus::Skipped {
            reason: missing.into(),
        },
        Err(e) => JudgeStatus::Failed {
            output: format!("could not run: {e}"),
        },
        Ok(out) if out.status.success() => JudgeStatus::Passed,
        Ok(out) => JudgeStatus::Failed { output: text(&out) },
    }
}

fn checkov_verdict(run: std::io::Result<Output>) -> JudgeStatus {
    let out = match run {
        Err(e) if e.kind() == ErrorKind::NotFound => {
            return JudgeStatus::Skipped {
                reason: "checkov not found (set GOLDPATH_CHECKOV or put checkov on PATH)".into(),
            };
        }
        Err(e) => {
            return JudgeStatus::Failed {
                output: format!("checkov could not run: {e}"),
            };
        }
        Ok(out) => out,
    };
    match serde_json::from_slice::<serde_json::Value>(&out.stdout) {
        Ok(report) => {
            let failed = failed_checks(&report);
            if failed.is_empty() && (out.status.success() || out.status.code() == Some(1)) {
                JudgeStatus::Passed
            } else if failed.is_empty() {
                JudgeStatus::Failed { output: text(&out) }
            } else {
                JudgeStatus::Failed {
                    output: format!("failed checks:\n{}", failed.join("\n")),
                }
            }
        }
        Err(e) => JudgeStatus::Failed {
            output: format!("checkov printed no JSON ({e}): {}", text(&out)),
        },
    }
}

/// `CHECK_ID resource (file:lines)` of every failed check in checkov's JSON (one report, or a
/// list of them when several frameworks ran).
fn failed_checks(report: &serde_json::Value) -> Vec<String> {
    let reports = match report {
        serde_json::Value::Array(items) => items.iter().collect(),
        single => vec![single],
    };
    reports
        .into_iter()
        .flat_map(|r| {
            r["results"]["failed_checks"]
                .as_array()
                .cloned()
                .unwrap_or_default()
        })
        .map(|c| {
            format!(
                "{} {} ({}:{})",
                c["check_id"].as_str().unwrap_or("?"),
                c["resource"].as_str().unwrap_or("?"),
                c["file_path"].as_str().unwrap_or("?"),
                c["file_line_range"]
            )
        })
        .collect()
}

fn text(out: &Output) -> String {
    let mut s = String::from_utf8_lossy(&out.stdout).trim().to_string();
    let err = String::from_utf8_lossy(&out.stderr);
    if !err.trim().is_empty() {
        if !s.is_empty() {
            s.push('\n');
        }
        s.push_str(err.trim());
    }
    s
}

/// The first `Error:` line terraform printed (its boxes stripped), else its last line.
fn last_line(out: &Output) -> String {
    let all = text(out);
    let lines: Vec<&str> = all
        .lines()
        .map(|l| l.trim_start_matches(['│', '╷', '╵', ' ']).trim())
        .filter(|l| !l.is_empty())
        .collect();
    lines
        .iter()
        .find(|l| l.starts_with("Error:"))
        .or(lines.last())
        .map_or_else(|| "no output".into(), |l| l.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn none_skips_every_judge_by_request() {
        let outcomes = run(&Bundle::default(), JudgeMode::None).unwrap();
        assert_eq!(outcomes.len(), JUDGES.len());
        assert!(outcomes.iter().all(|o| matches!(
            &o.status,
            JudgeStatus::Skipped { reason } if reason.contains("--judges none")
        )));
    }

    #[test]
    fn checkov_failed_checks_are_named() {
        let report = json!({"results": {"failed_checks": [
            {"check_id": "CKV_AWS_18", "resource": "aws_s3_bucket.b", "file_path": "/main.tf",
             "file_line_range": [1, 3]}
        ]}});
        assert_eq!(
            failed_checks(&report),
            ["CKV_AWS_18 aws_s3_bucket.b (/main.tf:[1,3])"]
        );
        assert!(failed_checks(&json!([{"results": {"failed_checks": []}}])).is_empty());
    }
}
