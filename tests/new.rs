//! `goldpath new` end to end on the real binary.

mod common;

use common::bin;
use predicates::prelude::*;
use std::path::Path;

const FIXTURE: &str = "templates/s3-secure-bucket/tests/prod.yaml";

fn tree(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("readable dir") {
        let entry = entry.expect("entry");
        let name = entry.file_name().to_string_lossy().into_owned();
        if entry.file_type().expect("type").is_dir() {
            out.extend(
                tree(&entry.path())
                    .into_iter()
                    .map(|p| format!("{name}/{p}")),
            );
        } else {
            out.push(name);
        }
    }
    out.sort();
    out
}

/// Writes a one-file template `name` under `root/tpl/`: its manifest header plus `parameters`.
fn write_template(root: &Path, name: &str, parameters: &str, main_tf: &str) {
    let dir = root.join("tpl").join(name);
    std::fs::create_dir_all(dir.join("files")).unwrap();
    std::fs::write(
        dir.join("template.toml"),
        format!("name = \"{name}\"\nversion = \"0.1.0\"\ntitle = \"T\"\ndescription = \"d\"\n{parameters}"),
    )
    .unwrap();
    std::fs::write(dir.join("files/main.tf"), main_tf).unwrap();
}

#[test]
fn writes_a_module_from_an_answers_file() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("bucket");
    bin()
        .args(["new", "s3-secure-bucket", "--answers", FIXTURE, "--out"])
        .arg(&out)
        .assert()
        .success();
    let files = tree(&out);
    for f in [
        ".goldpath.yaml",
        "main.tf",
        "variables.tf",
        "outputs.tf",
        "versions.tf",
        "README.md",
    ] {
        assert!(files.contains(&f.to_string()), "{f} missing from {files:?}");
    }
    let record = std::fs::read_to_string(out.join(".goldpath.yaml")).unwrap();
    assert!(
        record.contains("template: \"s3-secure-bucket\""),
        "{record}"
    );
    assert!(
        record.contains(&format!(
            "goldpath_version: \"{}\"",
            env!("CARGO_PKG_VERSION")
        )),
        "{record}"
    );
    for (path, _) in files.iter().filter(|f| f.ends_with(".tf")).map(|f| (f, ())) {
        let text = std::fs::read_to_string(out.join(path)).unwrap();
        hcl::parse(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
    }
    let leftovers: Vec<_> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        leftovers,
        vec![std::ffi::OsString::from("bucket")],
        "no staging directory is left behind"
    );
}

#[test]
fn json_output_lists_the_files_written() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("m");
    let assert = bin()
        .args([
            "new",
            "s3-secure-bucket",
            "--answers",
            FIXTURE,
            "--format",
            "json",
            "--out",
        ])
        .arg(&out)
        .assert()
        .success();
    let doc: serde_json::Value =
        serde_json::from_slice(&assert.get_output().stdout).expect("stdout is one JSON document");
    assert_eq!(doc["template"], "s3-secure-bucket");
    assert_eq!(doc["output"], out.display().to_string());
    assert_eq!(doc["dry_run"], false);
    let paths: Vec<&str> = doc["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths.len(), tree(&out).len());
    assert!(paths.contains(&"main.tf"));
}

#[test]
fn bad_answers_exit_2_listing_every_problem_with_its_line() {
    let tmp = tempfile::tempdir().unwrap();
    let answers = tmp.path().join("bad.yaml");
    std::fs::write(
        &answers,
        "name: Not_Valid\nteam: data\nenvironment: qa\nregion: eu-west-1\ncost_center: nope\nowner: someone\ncolour: blue\n",
    )
    .unwrap();
    let out = tmp.path().join("m");
    let assert = bin()
        .args(["new", "s3-secure-bucket", "--answers"])
        .arg(&answers)
        .arg("--out")
        .arg(&out)
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    let file = answers.display().to_string();
    for (line, param) in [
        (1, "name"),
        (3, "environment"),
        (5, "cost_center"),
        (6, "owner"),
        (7, "colour"),
    ] {
        assert!(
            stderr.contains(&format!("{file}:{line}: {param}")),
            "line {line} ({param}) not reported:\n{stderr}"
        );
    }
    assert!(
        stderr.contains("= \"Not_Valid\""),
        "the value given is shown:\n{stderr}"
    );
    assert!(
        stderr.contains("expected one of: dev, staging, prod"),
        "{stderr}"
    );
    assert!(!out.exists(), "nothing is written");
}

#[test]
fn set_overrides_the_answers_file_and_is_typed() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("m");
    bin()
        .args([
            "new",
            "s3-secure-bucket",
            "--answers",
            FIXTURE,
            "--set",
            "name=override-me",
            "--dry-run",
            "--format",
            "json",
            "--out",
        ])
        .arg(&out)
        .assert()
        .success();
    assert!(!out.exists(), "--dry-run writes nothing");
    bin()
        .args([
            "new",
            "s3-secure-bucket",
            "--answers",
            FIXTURE,
            "--set",
            "noncurrent_version_days=many",
            "--out",
        ])
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "--set: noncurrent_version_days = \"many\": expected a whole number",
        ));
}

#[test]
fn a_non_empty_target_needs_force_and_is_left_untouched() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("m");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("main.tf"), "# mine\n").unwrap();
    std::fs::write(out.join("notes.txt"), "keep me\n").unwrap();
    bin()
        .args(["new", "s3-secure-bucket", "--answers", FIXTURE, "--out"])
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is not empty").and(predicate::str::contains("--force")));
    assert_eq!(tree(&out), vec!["main.tf", "notes.txt"]);
    assert_eq!(
        std::fs::read_to_string(out.join("main.tf")).unwrap(),
        "# mine\n"
    );

    bin()
        .args([
            "new",
            "s3-secure-bucket",
            "--answers",
            FIXTURE,
            "--force",
            "--out",
        ])
        .arg(&out)
        .assert()
        .success();
    assert_eq!(
        std::fs::read_to_string(out.join("notes.txt")).unwrap(),
        "keep me\n"
    );
    assert_ne!(
        std::fs::read_to_string(out.join("main.tf")).unwrap(),
        "# mine\n"
    );
}

#[test]
fn dry_run_lists_files_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("m");
    bin()
        .args([
            "new",
            "s3-secure-bucket",
            "--answers",
            FIXTURE,
            "--dry-run",
            "--out",
        ])
        .arg(&out)
        .assert()
        .success()
        .stdout(predicate::str::contains("main.tf"))
        .stderr(predicate::str::contains("nothing was written"));
    assert!(!out.exists());
}

#[test]
fn missing_required_answers_exit_2() {
    let tmp = tempfile::tempdir().unwrap();
    bin()
        .current_dir(tmp.path())
        .args(["new", "s3-secure-bucket", "--non-interactive"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("missing: name"));
    assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 0);
}

#[test]
fn config_defaults_fill_answers_and_templates_dirs_add_templates() {
    let tmp = tempfile::tempdir().unwrap();
    write_template(
        tmp.path(),
        "hello",
        "[[parameters]]\nname = \"team\"\ntype = \"string\"\n",
        "locals {\n  team = {{ team }}\n}\n",
    );
    std::fs::write(
        tmp.path().join("goldpath.toml"),
        "templates = [\"tpl\"]\n[defaults]\nteam = \"data\"\n",
    )
    .unwrap();
    bin()
        .current_dir(tmp.path())
        .args(["new", "hello", "--out", "out"])
        .assert()
        .success();
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("out/main.tf")).unwrap(),
        "locals {\n  team = \"data\"\n}\n"
    );
}

#[test]
fn a_broken_manifest_names_the_file_and_field() {
    let tmp = tempfile::tempdir().unwrap();
    let tpl = tmp.path().join("broken");
    std::fs::create_dir_all(&tpl).unwrap();
    std::fs::write(
        tpl.join("template.toml"),
        "name = \"broken\"\nversion = \"1.0\"\ntitle = \"B\"\ndescription = \"d\"\n\
         [[parameters]]\nname = \"n\"\ntype = \"integer\"\nmin = 3\nmax = 1\n",
    )
    .unwrap();
    bin()
        .arg("--templates")
        .arg(&tpl)
        .arg("list")
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("template.toml")
                .and(predicate::str::contains("version"))
                .and(predicate::str::contains("parameters[0].min")),
        );
}

#[test]
fn guardrail_denials_stop_the_write_unless_allowed() {
    let tmp = tempfile::tempdir().unwrap();
    write_template(
        tmp.path(),
        "leaky",
        "[[parameters]]\nname = \"acl\"\ntype = \"choice\"\nchoices = [\"private\", \"public-read\"]\ndefault = \"private\"\n",
        "resource \"aws_s3_bucket_acl\" \"site\" {\n  bucket = \"site\"\n  acl    = {{ acl }}\n}\n",
    );
    let run = |extra: &[&str]| {
        let mut cmd = bin();
        cmd.current_dir(tmp.path())
            .args([
                "--templates",
                "tpl",
                "new",
                "leaky",
                "--set",
                "acl=public-read",
                "--out",
                "out",
            ])
            .args(extra);
        cmd.assert()
    };
    run(&[]).code(1).stderr(
        predicate::str::contains("GP-S3-001")
            .and(predicate::str::contains("main.tf:3"))
            .and(predicate::str::contains("nothing was written"))
            .and(predicate::str::contains("--allow-violations")),
    );
    assert!(!tmp.path().join("out").exists());

    run(&["--allow-violations"]).success();
    let record = std::fs::read_to_string(tmp.path().join("out/.goldpath.yaml")).unwrap();
    assert!(
        record.contains("allowed_violations:") && record.contains("rule: \"GP-S3-001\""),
        "{record}"
    );
}

fn new_json(dir: &Path, config: Option<&str>) -> (i32, serde_json::Value) {
    let mut cmd = bin();
    cmd.args([
        "new",
        "s3-secure-bucket",
        "--non-interactive",
        "--format",
        "json",
        "--answers",
    ])
    .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join(FIXTURE))
    .arg("--out")
    .arg(dir.join("bucket"));
    if let Some(text) = config {
        std::fs::write(dir.join("goldpath.toml"), text).unwrap();
        cmd.arg("--config").arg(dir.join("goldpath.toml"));
    }
    let out = cmd.output().unwrap();
    let doc = serde_json::from_slice(&out.stdout).unwrap_or(serde_json::Value::Null);
    (out.status.code().unwrap(), doc)
}

fn rules(doc: &serde_json::Value) -> Vec<(String, String)> {
    doc["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|f| {
            let f = &f["finding"];
            (
                f["rule"].as_str().unwrap().to_string(),
                f["severity"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn json_output_carries_the_estimate_and_its_budget() {
    let dir = tempfile::tempdir().unwrap();
    let (code, doc) = new_json(dir.path(), None);
    assert_eq!(code, 0, "{doc:#}");
    let estimate = &doc["cost"]["estimate"];
    assert_eq!(estimate["currency"], "USD");
    assert_eq!(estimate["region_from"], "given");
    assert!(estimate["monthly"].as_f64().unwrap() >= 1.0, "{estimate:#}");
    assert!(doc["cost"]["verdict"]["budget"].is_null());
    assert!(
        rules(&doc)
            .iter()
            .all(|(rule, _)| !rule.starts_with("GP-COST"))
    );
}

#[test]
fn over_budget_is_a_warning_by_default_and_blocks_when_the_config_says_deny() {
    let dir = tempfile::tempdir().unwrap();
    let (_, doc) = new_json(dir.path(), None);
    let monthly = doc["cost"]["estimate"]["monthly"].as_f64().unwrap();

    let dir = tempfile::tempdir().unwrap();
    let config = format!("[budgets.environments]\nprod = {}\n", monthly * 0.75);
    let (code, doc) = new_json(dir.path(), Some(&config));
    assert_eq!(code, 0, "{doc:#}");
    let verdict = &doc["cost"]["verdict"];
    assert_eq!(verdict["budget"]["scope"], "environment prod");
    assert!(verdict["over_by"].as_f64().unwrap() > 0.0);
    let found = rules(&doc);
    assert!(
        found.contains(&("GP-COST-001".into(), "warn".into())),
        "{found:?}"
    );
    assert!(
        !found.iter().any(|(rule, _)| rule == "GP-COST-101"),
        "{found:?}"
    );

    // More than twice the budget: the shipped example Rego rule, fed input.goldpath.cost, denies.
    let dir = tempfile::tempdir().unwrap();
    let config = format!("[budgets.environments]\nprod = {}\n", monthly * 0.4);
    let (code, _) = new_json(dir.path(), Some(&config));
    assert_eq!(code, 1);
    assert!(!dir.path().join("bucket").exists(), "nothing is written");

    let dir = tempfile::tempdir().unwrap();
    let config = format!(
        "[budgets]\nseverity = \"deny\"\n\n[budgets.environments]\nprod = 10000\n\n[[budgets.override]]\nenvironment = \"prod\"\ntemplate = \"s3-secure-bucket\"\nmonthly_usd = {}\n",
        monthly * 0.75
    );
    let (code, _) = new_json(dir.path(), Some(&config));
    assert_eq!(code, 1, "GP-COST-001 at deny blocks the write");
    assert!(
        !dir.path().join("bucket").exists(),
        "nothing is written over budget"
    );
}

#[test]
fn a_bad_budget_names_the_key_and_what_to_write() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("goldpath.toml"),
        "[budgets]\nseverity = \"block\"\n",
    )
    .unwrap();
    bin()
        .args(["new", "s3-secure-bucket", "--non-interactive", "--config"])
        .arg(dir.path().join("goldpath.toml"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("budgets.severity `block`"))
        .stderr(predicate::str::contains("`warn` (the default) or `deny`"));
}
