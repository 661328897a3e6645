//! Every embedded template renders every fixture cleanly: parsed, fmt-clean, snapshotted.

mod common;

use goldpath::render::{Formatting, RECORD_FILE, render_with};

#[test]
fn every_fixture_renders_fmt_clean() {
    for (template, fixture, answers) in common::fixtures() {
        let bundle = render_with(&template, &answers, Formatting::Check)
            .unwrap_or_else(|e| panic!("{} / {fixture}: {e}", template.manifest.name));
        assert!(bundle.get(RECORD_FILE).is_some());
        for required in [
            "main.tf",
            "variables.tf",
            "outputs.tf",
            "versions.tf",
            "README.md",
        ] {
            assert!(
                bundle.get(required).is_some(),
                "{} / {fixture} lacks {required}",
                template.manifest.name
            );
        }
    }
}

#[test]
fn rendered_modules_match_snapshots() {
    for (template, fixture, answers) in common::fixtures() {
        let bundle = render_with(&template, &answers, Formatting::Check).expect("renders");
        let mut text = String::new();
        for (path, body) in bundle.iter() {
            if path.starts_with("policies/") {
                // Copies of the shipped policy library, which its own tests cover.
                text.push_str(&format!("=== {path} === (policy library)\n"));
            } else {
                text.push_str(&format!("=== {path} ===\n{body}\n"));
            }
        }
        let name = format!(
            "{}__{}",
            template.manifest.name,
            fixture.trim_end_matches(".yaml")
        );
        insta::assert_snapshot!(name, text);
    }
}

#[test]
fn hcl_files_parse_with_hcl_rs() {
    for (template, fixture, answers) in common::fixtures() {
        let bundle = render_with(&template, &answers, Formatting::Apply).expect("renders");
        let hcl_files: Vec<_> = bundle
            .iter()
            .filter(|(p, _)| p.ends_with(".tf") || p.ends_with(".hcl"))
            .collect();
        assert!(
            hcl_files.len() >= 4,
            "{} / {fixture}",
            template.manifest.name
        );
        for (path, body) in hcl_files {
            hcl::parse(body)
                .unwrap_or_else(|e| panic!("{} / {fixture} / {path}: {e}", template.manifest.name));
        }
    }
}
