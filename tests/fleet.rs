//! `goldpath fleet` against a real registry repository: modules at two versions of
//! s3-secure-bucket, one edited by hand.

mod common;

use common::bin;
use std::path::Path;

fn generate(spec: &str, out: &Path) {
    bin()
        .args(["new", spec, "--non-interactive", "--answers"])
        .arg(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/s3-secure-bucket/tests/dev.yaml"),
        )
        .arg("--out")
        .arg(out)
        .assert()
        .success();
}

/// A registry repository with one commit on `main` holding everything under `work`.
fn commit_all(work: &Path) {
    let repo = git2::Repository::init(work).unwrap();
    let mut index = repo.index().unwrap();
    index
        .add_all(["*"], git2::IndexAddOption::DEFAULT, None)
        .unwrap();
    let tree = repo.find_tree(index.write_tree().unwrap()).unwrap();
    let me = git2::Signature::now("platform", "platform@acme.example").unwrap();
    repo.commit(Some("refs/heads/main"), &me, &me, "modules", &tree, &[])
        .unwrap();
    repo.set_head("refs/heads/main").unwrap();
}

#[test]
fn the_fleet_shows_versions_lag_hand_edits_and_totals() {
    let tmp = tempfile::tempdir().unwrap();
    let registry = tmp.path().join("registry");
    generate(
        "s3-secure-bucket@1.0.0",
        &registry.join("modules/checkout/old-bucket"),
    );
    generate(
        "s3-secure-bucket",
        &registry.join("modules/checkout/new-bucket"),
    );
    let edited = registry.join("modules/checkout/new-bucket/bucket.tf");
    let text = std::fs::read_to_string(&edited).unwrap();
    std::fs::write(
        &edited,
        text.replace("days_after_initiation = 7", "days_after_initiation = 3"),
    )
    .unwrap();
    std::fs::write(registry.join("README.md"), "# modules\n").unwrap();
    commit_all(&registry);

    let run = |format: &str| {
        bin()
            .env("XDG_CACHE_HOME", tmp.path().join("cache"))
            .args(["fleet", "--registry"])
            .arg(&registry)
            .args(["--format", format])
            .assert()
            .success()
    };
    let json = run("json");
    let doc: serde_json::Value = serde_json::from_slice(&json.get_output().stdout).unwrap();
    assert_eq!(doc["registry"]["branch"], "main");
    let modules = doc["modules"].as_array().unwrap();
    assert_eq!(modules.len(), 2, "{doc:#}");
    let by_path = |p: &str| modules.iter().find(|m| m["path"] == p).unwrap();
    let old = by_path("modules/checkout/old-bucket");
    assert_eq!(
        (
            old["version"].as_str(),
            old["newest"].as_str(),
            old["lag"].as_str()
        ),
        (Some("1.0.0"), Some("1.1.0"), Some("minor"))
    );
    assert_eq!(old["edited"], serde_json::json!([]));
    let new = by_path("modules/checkout/new-bucket");
    assert_eq!(new["lag"], "current");
    assert_eq!(new["edited"], serde_json::json!(["bucket.tf"]));
    assert_eq!(
        (old["deny"].as_u64(), new["deny"].as_u64()),
        (Some(0), Some(0))
    );
    assert!(new["monthly"].is_number(), "{new:#}");
    let totals = &doc["templates"]["s3-secure-bucket"];
    assert_eq!(
        (
            totals["modules"].as_u64(),
            totals["behind"].as_u64(),
            totals["edited"].as_u64()
        ),
        (Some(2), Some(1), Some(1))
    );
    assert_eq!(doc["teams"]["checkout"]["modules"], 2);

    let markdown = String::from_utf8(run("markdown").get_output().stdout.clone()).unwrap();
    assert!(
        markdown.contains(
            "| modules/checkout/old-bucket | s3-secure-bucket | 1.0.0 | 1.1.0 | minor | – | 0 |"
        ),
        "{markdown}"
    );
    let human = run("human");
    let text = String::from_utf8(human.get_output().stdout.clone()).unwrap();
    assert!(
        text.contains("modules/checkout/new-bucket") && text.contains("bucket.tf"),
        "{text}"
    );
    assert!(
        String::from_utf8_lossy(&human.get_output().stderr).contains("2 generated modules on main")
    );
}

#[test]
fn without_a_registry_fleet_says_what_to_set() {
    let run = bin()
        .env("XDG_CONFIG_HOME", "/nonexistent")
        .arg("fleet")
        .assert()
        .code(2);
    let err = String::from_utf8_lossy(&run.get_output().stderr).into_owned();
    assert!(
        err.contains("--registry URL") && err.contains("registry.url"),
        "{err}"
    );
}
