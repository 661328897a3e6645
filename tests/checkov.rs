//! checkov (an outside judge) passes every rendered template: any failed check must be fixed
//! in the template or waived in the file with a reason.
//!
//! checkov is found through `GOLDPATH_CHECKOV` or on PATH; the README's test command installs it.

mod common;

use goldpath::render::render;
use std::path::PathBuf;
use std::process::Command;

const CHECKOV_VERSION: &str = "3.3.30";

fn checkov() -> PathBuf {
    let path = std::env::var_os("GOLDPATH_CHECKOV")
        .map(PathBuf::from)
        .unwrap_or_else(|| "checkov".into());
    let version = Command::new(&path)
        .arg("--version")
        .output()
        .unwrap_or_else(|e| panic!("checkov not found ({e}); run the README's test command, which installs checkov {CHECKOV_VERSION}"));
    let version = String::from_utf8_lossy(&version.stdout);
    assert_eq!(
        version.trim(),
        CHECKOV_VERSION,
        "checkov {CHECKOV_VERSION} is the pinned judge"
    );
    path
}

#[test]
fn checkov_passes_every_template_and_fixture() {
    let checkov = checkov();
    for (template, fixture, answers) in common::fixtures() {
        let label = format!("{} / {fixture}", template.manifest.name);
        let bundle = render(&template, &answers).expect("renders");
        let (_dir, target) = common::write_module(&bundle);

        let run = Command::new(&checkov)
            .args([
                "--compact",
                "--framework",
                "terraform",
                "--output",
                "json",
                "--skip-download",
                "-d",
            ])
            .arg(&target)
            .output()
            .expect("checkov runs");
        let report: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap_or_else(|e| {
            panic!(
                "{label}: checkov printed no JSON ({e}): {}",
                String::from_utf8_lossy(&run.stderr)
            )
        });
        let results = &report["results"];
        let failed = results["failed_checks"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let passed = results["passed_checks"].as_array().map_or(0, Vec::len);
        let names: Vec<String> = failed
            .iter()
            .map(|c| {
                format!(
                    "{} {} ({}:{})",
                    c["check_id"], c["resource"], c["file_path"], c["file_line_range"]
                )
            })
            .collect();
        assert!(
            failed.is_empty(),
            "{label}: checkov failed checks:\n{}",
            names.join("\n")
        );
        assert!(
            passed >= 20,
            "{label}: checkov evaluated too little ({passed} passed checks)"
        );
        for skipped in results["skipped_checks"].as_array().into_iter().flatten() {
            let reason = skipped["check_result"]["suppress_comment"]
                .as_str()
                .unwrap_or_default();
            assert!(
                reason.len() >= 15 && reason != "No comment provided",
                "{label}: waiver of {} on {} needs a reason a reviewer would accept, got {reason:?}",
                skipped["check_id"],
                skipped["resource"]
            );
        }
    }
}
