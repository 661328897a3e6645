//! `goldpath cost --compare-to`: the monthly difference from another directory or from a git
//! revision of the module, line by line.

mod common;

use common::{bin, files_tree as tree};
use predicates::prelude::*;
use std::path::Path;

const PROVIDER: &str = "provider \"aws\" {\n  region = \"us-east-1\"\n}\n";

const NAT: &str = "resource \"aws_nat_gateway\" \"this\" {\n  allocation_id = \"eipalloc-1\"\n}\n";

/// An arm64 Lambda of `memory` MB.
fn lambda(memory: u32) -> String {
    format!(
        "{PROVIDER}\nresource \"aws_lambda_function\" \"api\" {{\n  function_name = \"orders\"\n  memory_size   = {memory}\n  architectures = [\"arm64\"]\n}}\n"
    )
}

/// The Lambda's usage: `requests` a month of 120 ms.
fn usage(requests: u64) -> String {
    format!(
        "version: 0.1\nresource_usage:\n  aws_lambda_function.api:\n    monthly_requests: {requests}\n    request_duration_ms: 120\n"
    )
}

fn compare_json(dir: &Path, other: &str, cwd: Option<&Path>) -> serde_json::Value {
    let mut cmd = bin();
    if let Some(cwd) = cwd {
        cmd.current_dir(cwd);
    }
    let out = cmd
        .arg("cost")
        .arg(dir)
        .args(["--compare-to", other, "--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("one JSON document")
}

/// The (component, change, difference) of each line of the first module.
fn lines(comparison: &serde_json::Value) -> Vec<(String, String, f64)> {
    comparison["modules"][0]["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["component"].as_str().unwrap().to_string(),
                i["change"].as_str().unwrap().to_string(),
                i["difference"].as_f64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn a_nat_gateway_added_between_two_directories_is_its_hours() {
    let before = tree(&[
        ("main.tf", &lambda(1024)),
        ("infracost-usage.yml", &usage(5_000_000)),
    ]);
    let after = tree(&[
        ("main.tf", &lambda(1024)),
        ("nat.tf", NAT),
        ("infracost-usage.yml", &usage(5_000_000)),
    ]);
    let other = before.path().to_str().unwrap();
    // Lambda: $1.00 of requests + $8.00004 of duration on both sides; NAT: 730 h × $0.045.
    bin()
        .arg("cost")
        .arg(after.path())
        .args(["--compare-to", other])
        .assert()
        .success()
        .stdout(predicate::str::contains("aws_nat_gateway.this"))
        .stdout(predicate::str::contains("+ NAT gateway hours"))
        .stdout(predicate::str::contains("+$32.85"))
        .stdout(predicate::str::contains(
            "resources added (1): aws_nat_gateway.this",
        ))
        .stdout(predicate::str::contains(
            "monthly: $9.00 → $41.85 (+$32.85) (0 → 1 item unpriced, not in the totals)",
        ))
        .stdout(predicate::str::contains("Requests").not());
    let comparison = compare_json(after.path(), other, None);
    assert_eq!(comparison["difference"], 32.85);
    assert_eq!(
        lines(&comparison),
        [
            ("NAT gateway hours".to_string(), "added".to_string(), 32.85),
            ("Data processed".to_string(), "added".to_string(), 0.0),
        ]
    );
    // The before tree's modules are matched to the after tree's by their place in it.
    assert_eq!(
        comparison["modules"].as_array().unwrap().len(),
        1,
        "{comparison:#}"
    );
    bin()
        .arg("cost")
        .arg(after.path())
        .args(["--compare-to", other, "--format", "markdown"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with(
            "**Monthly cost: $9.00 → $41.85 (+$32.85)**",
        ))
        .stdout(predicate::str::contains(
            "| added | `aws_nat_gateway.this` | NAT gateway hours | – | $32.85 | +$32.85 |",
        ));
}

/// A repository in a temporary directory holding `infra/orders` (a Lambda of 1024 MB with its
/// usage) at a commit tagged `v1`.
fn repository() -> (tempfile::TempDir, git2::Repository) {
    let dir = tree(&[
        ("README.md", "# infra\n"),
        ("infra/orders/main.tf", &lambda(1024)),
        ("infra/orders/infracost-usage.yml", &usage(5_000_000)),
    ]);
    let repo = git2::Repository::init(dir.path()).unwrap();
    let v1 = commit(&repo, "v1");
    repo.tag_lightweight("v1", &repo.find_object(v1, None).unwrap(), false)
        .unwrap();
    (dir, repo)
}

/// Commits every file of the work tree.
fn commit(repo: &git2::Repository, message: &str) -> git2::Oid {
    let mut index = repo.index().unwrap();
    index
        .add_all(["*"], git2::IndexAddOption::DEFAULT, None)
        .unwrap();
    index.write().unwrap();
    let tree = repo.find_tree(index.write_tree().unwrap()).unwrap();
    let signature = git2::Signature::now("goldpath test", "test@example.com").unwrap();
    let parent = repo.head().ok().and_then(|h| h.peel_to_commit().ok());
    let parents: Vec<&git2::Commit<'_>> = parent.iter().collect();
    repo.commit(
        Some("HEAD"),
        &signature,
        &signature,
        message,
        &tree,
        &parents,
    )
    .unwrap()
}

#[test]
fn a_git_revision_is_read_from_the_repository_without_touching_the_work_tree() {
    let (dir, repo) = repository();
    let orders = dir.path().join("infra/orders");
    // 2048 MB and twice the requests: $2.00 + 10M × 0.12 s × 2 GB × $0.0000133334 = $34.00,
    // against $9.00 with the usage file the revision holds.
    std::fs::write(orders.join("main.tf"), lambda(2048)).unwrap();
    std::fs::write(orders.join("infracost-usage.yml"), usage(10_000_000)).unwrap();
    let head = compare_json(Path::new("infra/orders"), "HEAD", Some(dir.path()));
    assert_eq!(
        (&head["before"], &head["after"], &head["difference"]),
        (&9.0.into(), &34.0.into(), &25.0.into()),
        "{head:#}"
    );
    assert_eq!(head["modules"][0]["dir"], "infra/orders");
    assert_eq!(head["modules"][0]["change"], "changed");
    assert_eq!(
        lines(&head),
        [
            ("Requests".to_string(), "changed".to_string(), 1.0),
            (
                "Duration (arm64, 2048 MB)".to_string(),
                "added".to_string(),
                32.00016
            ),
            (
                "Duration (arm64, 1024 MB)".to_string(),
                "removed".to_string(),
                -8.00004
            ),
        ]
    );
    // The work tree and the index are as they were: modified, not staged.
    assert_eq!(
        std::fs::read_to_string(orders.join("main.tf")).unwrap(),
        lambda(2048)
    );
    let status = repo.status_file(Path::new("infra/orders/main.tf")).unwrap();
    assert_eq!(status, git2::Status::WT_MODIFIED);
    commit(&repo, "v2");
    for revision in ["v1", "HEAD~1"] {
        let comparison = compare_json(&orders, revision, None);
        assert_eq!(comparison["difference"], 25.0, "{revision}: {comparison:#}");
    }
    let same = compare_json(&orders, "HEAD", None);
    assert_eq!(same["difference"], 0.0);
    assert_eq!(same["modules"][0]["change"], "unchanged");
    assert!(same["modules"][0]["items"].as_array().unwrap().is_empty());
    bin()
        .arg("cost")
        .arg(&orders)
        .args(["--compare-to", "v1"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "monthly: $9.00 → $34.00 (+$25.00)",
        ))
        .stdout(predicate::str::contains("+$32.00"))
        .stdout(predicate::str::contains("-$8.00"));
}

#[test]
fn a_module_new_since_the_revision_is_all_added() {
    let (dir, _repo) = repository();
    let payments = dir.path().join("infra/payments");
    std::fs::create_dir_all(&payments).unwrap();
    std::fs::write(payments.join("main.tf"), format!("{PROVIDER}{NAT}")).unwrap();
    let comparison = compare_json(&payments, "HEAD", None);
    assert_eq!(comparison["before"], 0.0);
    assert_eq!(comparison["difference"], 32.85);
    assert_eq!(comparison["modules"][0]["change"], "added");
    assert_eq!(
        comparison["modules"][0]["resources_added"][0],
        "aws_nat_gateway.this"
    );
}

#[test]
fn a_revision_that_does_not_exist_or_no_repository_exits_2_naming_what_was_looked_for() {
    let (dir, _repo) = repository();
    bin()
        .arg("cost")
        .arg(dir.path().join("infra/orders"))
        .args(["--compare-to", "no-such-tag"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "no directory `no-such-tag`, and no branch, tag or commit `no-such-tag` in the git repository at",
        ));
    let plain = tree(&[("main.tf", &lambda(1024))]);
    bin()
        .arg("cost")
        .arg(plain.path())
        .args(["--compare-to", "HEAD~1"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--compare-to HEAD~1"))
        .stderr(predicate::str::contains("is in no git repository"));
    bin()
        .arg("cost")
        .arg(plain.path())
        .args(["--compare-to", "HEAD", "--prices"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("`--prices` without a file"));
}

#[test]
fn the_json_document_has_the_totals_and_each_module_s_lines() {
    let before = tree(&[("main.tf", &lambda(1024))]);
    let after = tree(&[("main.tf", &format!("{}{NAT}", lambda(1024)))]);
    let comparison = compare_json(after.path(), before.path().to_str().unwrap(), None);
    let keys =
        |v: &serde_json::Value| -> Vec<String> { v.as_object().unwrap().keys().cloned().collect() };
    let mut top = keys(&comparison);
    top.sort();
    assert_eq!(
        top,
        ["after", "before", "difference", "modules", "unpriced"]
    );
    assert_eq!(
        comparison["unpriced"],
        serde_json::json!({"before": 2, "after": 3})
    );
    let module = &comparison["modules"][0];
    let mut fields = keys(module);
    fields.sort();
    assert_eq!(
        fields,
        [
            "after",
            "before",
            "change",
            "difference",
            "dir",
            "items",
            "resources_added",
            "resources_removed",
            "unpriced"
        ]
    );
    assert_eq!(module["dir"], after.path().to_str().unwrap());
    assert_eq!(
        module["items"][0],
        serde_json::json!({
            "address": "aws_nat_gateway.this",
            "component": "NAT gateway hours",
            "change": "added",
            "before": null,
            "after": 32.85,
            "difference": 32.85
        })
    );
}
