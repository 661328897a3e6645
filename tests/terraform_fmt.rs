//! HashiCorp's own `terraform fmt` agrees that every rendered module is formatted.
//!
//! Runs when a `terraform` binary is on PATH (or at `GOLDPATH_TERRAFORM`); goldpath's own
//! formatter is held to `terraform fmt`'s test cases by the unit tests either way.

mod common;

use goldpath::render::{Formatting, render_with};
use std::path::PathBuf;
use std::process::Command;

fn terraform() -> Option<PathBuf> {
    let path = std::env::var_os("GOLDPATH_TERRAFORM")
        .map_or_else(|| PathBuf::from("terraform"), PathBuf::from);
    Command::new(&path)
        .arg("version")
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|_| path)
}

#[test]
fn terraform_fmt_finds_nothing_to_change() {
    let Some(terraform) = terraform() else {
        eprintln!("terraform is not installed: skipping the cross-check with terraform fmt");
        return;
    };
    for (template, fixture, answers) in common::fixtures() {
        let bundle =
            render_with(&template, &answers, Formatting::Check).expect("renders fmt-clean");
        let (_dir, target) = common::write_module(&bundle);
        let run = Command::new(&terraform)
            .args(["fmt", "-check", "-recursive", "-diff"])
            .arg(&target)
            .output()
            .expect("terraform runs");
        assert!(
            run.status.success(),
            "{} / {fixture}: terraform fmt would change:\n{}{}",
            template.manifest.name,
            String::from_utf8_lossy(&run.stdout),
            String::from_utf8_lossy(&run.stderr)
        );
    }
}
