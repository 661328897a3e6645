//! `goldpath fleet` against a real registry repository: modules at two versions of
//! s3-secure-bucket, one edited by hand.

mod common;

use common::bin;
use common::github::GitHub;
use std::path::Path;

const TOKEN: &str = "ghp_Tok3nThatMustNeverLeak0123456789";

fn generate(spec: &str, out: &Path) {
    generate_with(spec, out, &[]);
}

/// `goldpath new SPEC` from the s3-secure-bucket dev fixture with `--set` overrides.
fn generate_with(spec: &str, out: &Path, set: &[&str]) {
    let mut cmd = bin();
    cmd.args(["new", spec, "--non-interactive", "--answers"])
        .arg(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/s3-secure-bucket/tests/dev.yaml"),
        )
        .arg("--out")
        .arg(out);
    for s in set {
        cmd.args(["--set", s]);
    }
    cmd.assert().success();
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

/// A bare clone of the registry work tree at `work`, which goldpath can push to.
fn bare(work: &Path) -> std::path::PathBuf {
    let path = work.with_extension("git");
    git2::build::RepoBuilder::new()
        .bare(true)
        .clone(&format!("file://{}", work.display()), &path)
        .unwrap();
    path
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

/// The text of `path` on `branch` of the repository at `repo`.
fn file_on(repo: &Path, branch: &str, path: &str) -> Option<String> {
    let repo = git2::Repository::open(repo).unwrap();
    let commit = repo
        .find_reference(&format!("refs/heads/{branch}"))
        .ok()?
        .peel_to_commit()
        .unwrap();
    let entry = commit.tree().unwrap().get_path(Path::new(path)).ok()?;
    let blob = repo.find_blob(entry.id()).unwrap();
    Some(String::from_utf8(blob.content().to_vec()).unwrap())
}

/// Runs `cmd` against the stand-in with the token, and checks the token is in no output.
fn against(cmd: &mut assert_cmd::Command, api: &str, cache: &Path) -> std::process::Output {
    let output = cmd
        .env("XDG_CACHE_HOME", cache)
        .env("GITHUB_TOKEN", TOKEN)
        .env("GITHUB_API_URL", api)
        .env_remove("GH_TOKEN")
        .output()
        .unwrap();
    common::assert_no_secret(cache, &output, &[TOKEN]);
    output
}

#[test]
fn update_publish_opens_one_pull_request_per_target_version_then_writes_the_module() {
    let tmp = tempfile::tempdir().unwrap();
    let work = tmp.path().join("registry");
    let path = "modules/checkout/orders-export";
    generate("s3-secure-bucket@1.0.0", &work.join(path));
    commit_all(&work);
    let registry = bare(&work);
    let local = tmp.path().join("orders-export");
    generate("s3-secure-bucket@1.0.0", &local);
    let edited = local.join("bucket.tf");
    let text = std::fs::read_to_string(&edited).unwrap();
    std::fs::write(
        &edited,
        text.replace("days_after_initiation = 7", "days_after_initiation = 3"),
    )
    .unwrap();

    let rt = runtime();
    let (github, server) = GitHub::serve(&rt);
    let update = || {
        let mut cmd = bin();
        cmd.arg("update")
            .arg(&local)
            .args([
                "--non-interactive",
                "--publish",
                "--github-repo",
                "acme/tf-modules",
            ])
            .arg("--registry")
            .arg(&registry);
        against(&mut cmd, &server.uri(), &tmp.path().join("cache"))
    };
    let first = update();
    let err = String::from_utf8_lossy(&first.stderr).into_owned();
    assert!(first.status.success(), "{err}");
    assert!(err.contains("pull request #1 opened"), "{err}");

    let pulls = github.pulls();
    assert_eq!(pulls.len(), 1);
    let pr = &pulls[0];
    let branch = "goldpath/update/checkout-orders-export-1.1.0";
    assert_eq!(pr.head, branch);
    assert_eq!(
        pr.title,
        "feat(modules): update checkout/orders-export (s3-secure-bucket 1.0.0 → 1.1.0)"
    );
    assert!(!pr.draft);
    assert!(
        pr.labels.contains(&"goldpath-update".to_string()),
        "{:?}",
        pr.labels
    );
    for wanted in [
        "from the `s3-secure-bucket` golden path **1.0.0** to **1.1.0**",
        "#### 1.1.0",
        "EventBridge",
        "### Conflicts\n\nNone: every file merged cleanly.",
        "### Guardrail changes",
        "goldpath update modules/checkout/orders-export --to 1.1.0 --publish",
    ] {
        assert!(
            pr.body.contains(wanted),
            "{wanted} missing from:\n{}",
            pr.body
        );
    }
    assert!(!pr.body.contains("#### 1.0.0"), "{}", pr.body);

    let moved =
        file_on(&registry, branch, &format!("{path}/moved.tf")).expect("moved.tf is on the branch");
    assert!(
        moved.contains("to   = aws_s3_bucket.access_logs"),
        "{moved}"
    );
    let bucket = file_on(&registry, branch, &format!("{path}/bucket.tf")).unwrap();
    assert!(
        bucket.contains("days_after_initiation = 3"),
        "the hand edit is kept"
    );
    let record = file_on(&registry, branch, &format!("{path}/.goldpath.yaml")).unwrap();
    assert!(record.contains("version: \"1.1.0\""), "{record}");
    assert!(
        local.join("moved.tf").exists(),
        "the module is written after the pull request"
    );
    assert_eq!(
        file_on(&registry, "main", &format!("{path}/moved.tf")),
        None,
        "the base branch is untouched"
    );

    let again = update();
    let err = String::from_utf8_lossy(&again.stderr).into_owned();
    assert!(again.status.success(), "{err}");
    assert!(err.contains("is up to date"), "{err}");
    assert_eq!(github.pulls().len(), 1, "no second pull request");
}

#[test]
fn open_prs_updates_lagging_modules_within_the_limit_and_reruns_open_nothing_twice() {
    let tmp = tempfile::tempdir().unwrap();
    let work = tmp.path().join("registry");
    for name in ["ledger-archive", "orders-export"] {
        generate_with(
            "s3-secure-bucket@1.0.0",
            &work.join(format!("modules/checkout/{name}")),
            &[&format!("name={name}")],
        );
    }
    generate_with(
        "s3-secure-bucket",
        &work.join("modules/checkout/current-bucket"),
        &["name=current-bucket"],
    );
    std::fs::write(
        work.join("modules/checkout/ledger-archive/NOTES.md"),
        "ours\n",
    )
    .unwrap();
    commit_all(&work);
    let registry = bare(&work);

    let rt = runtime();
    let (github, server) = GitHub::serve(&rt);
    let fleet = |extra: &[&str]| {
        let mut cmd = bin();
        cmd.args([
            "fleet",
            "--open-prs",
            "--github-repo",
            "acme/tf-modules",
            "--format",
            "json",
        ])
        .arg("--registry")
        .arg(&registry)
        .args(extra);
        let output = against(&mut cmd, &server.uri(), &tmp.path().join("cache"));
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let doc: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        doc["pull_requests"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| {
                (
                    a["path"].as_str().unwrap().to_string(),
                    a["action"].as_str().unwrap().to_string(),
                )
            })
            .collect::<Vec<_>>()
    };
    let pair = |path: &str, action: &str| (format!("modules/checkout/{path}"), action.to_string());

    assert_eq!(
        fleet(&["--limit", "1"]),
        [
            pair("ledger-archive", "opened"),
            pair("orders-export", "skipped")
        ]
    );
    assert_eq!(github.pulls().len(), 1);
    assert_eq!(
        fleet(&[]),
        [
            pair("ledger-archive", "skipped"),
            pair("orders-export", "opened")
        ]
    );
    assert_eq!(
        fleet(&[]),
        [
            pair("ledger-archive", "skipped"),
            pair("orders-export", "skipped")
        ]
    );
    let heads: Vec<String> = github.pulls().iter().map(|p| p.head.clone()).collect();
    assert_eq!(
        heads,
        [
            "goldpath/update/checkout-ledger-archive-1.1.0",
            "goldpath/update/checkout-orders-export-1.1.0"
        ]
    );
    let branch = "goldpath/update/checkout-ledger-archive-1.1.0";
    let prefix = "modules/checkout/ledger-archive";
    assert!(file_on(&registry, branch, &format!("{prefix}/moved.tf")).is_some());
    assert_eq!(
        file_on(&registry, branch, &format!("{prefix}/NOTES.md")).as_deref(),
        Some("ours\n"),
        "files the update does not name stay as they are"
    );
    assert_eq!(
        file_on(&registry, branch, "modules/checkout/orders-export/moved.tf"),
        None,
        "each branch changes its own module only"
    );
}

#[test]
fn open_prs_on_gitlab_opens_each_merge_request_once() {
    let tmp = tempfile::tempdir().unwrap();
    let work = tmp.path().join("registry");
    generate_with(
        "s3-secure-bucket@1.0.0",
        &work.join("modules/checkout/orders-export"),
        &["name=orders-export"],
    );
    commit_all(&work);
    let registry = bare(&work);
    let rt = runtime();
    let (gitlab, server) = common::forges::GitLab::serve(&rt, TOKEN, "unused-job-token");
    let fleet = || {
        let output = bin()
            .args([
                "fleet",
                "--open-prs",
                "--forge",
                "gitlab",
                "--project",
                "acme/tf-modules",
            ])
            .args(["--format", "json", "--registry"])
            .arg(&registry)
            .env("XDG_CACHE_HOME", tmp.path().join("cache"))
            .env("GITLAB_TOKEN", TOKEN)
            .env("CI_API_V4_URL", format!("{}/api/v4", server.uri()))
            .env_remove("GITHUB_TOKEN")
            .env_remove("CI_SERVER_HOST")
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&output.stdout).into_owned();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        common::assert_no_secret(&tmp.path().join("cache"), &output, &[TOKEN]);
        let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
        doc["pull_requests"][0]["action"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(fleet(), "opened");
    assert_eq!(
        fleet(),
        "skipped",
        "the open merge request is found by its source branch"
    );
    let pulls = gitlab.forge.pulls();
    assert_eq!(pulls.len(), 1);
    assert_eq!(
        pulls[0].head,
        "goldpath/update/checkout-orders-export-1.1.0"
    );
    assert!(
        pulls[0].labels.iter().any(|l| l == "goldpath-update"),
        "{:?}",
        pulls[0].labels
    );
}
