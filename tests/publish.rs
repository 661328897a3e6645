//! `goldpath publish` end to end: the real binary, a real bare git repository as the registry,
//! and a GitHub stand-in on 127.0.0.1 that the real octocrab client talks to.

mod common;

use common::bin;
use serde_json::json;
use std::path::{Path, PathBuf};
use wiremock::matchers::{body_json, body_partial_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const FIXTURE: &str = "templates/s3-secure-bucket/tests/prod.yaml";
const TOKEN: &str = "ghp_Tok3nThatMustNeverLeak0123456789";
const BRANCH: &str = "goldpath/payments-payments-ledger";
const MODULE_PATH: &str = "modules/payments/payments-ledger";
const REPO: &str = "/repos/acme/tf-modules";

/// A temp dir holding a seeded bare registry, a rendered module and goldpath's cache.
struct World {
    tmp: tempfile::TempDir,
    runtime: tokio::runtime::Runtime,
}

impl World {
    fn new() -> World {
        let tmp = tempfile::tempdir().unwrap();
        let repo = git2::Repository::init_bare(tmp.path().join("registry.git")).unwrap();
        commit_files(&repo, "main", &[("README.md", "# modules\n")]);
        repo.set_head("refs/heads/main").unwrap();
        let world = World {
            tmp,
            runtime: tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap(),
        };
        world.render(&[]);
        world
    }

    fn registry(&self) -> PathBuf {
        self.tmp.path().join("registry.git")
    }

    fn module(&self) -> PathBuf {
        self.tmp.path().join("payments-ledger")
    }

    /// Renders the fixture (with `--set` overrides) into the module directory.
    fn render(&self, set: &[&str]) {
        let mut cmd = bin();
        cmd.args([
            "new",
            "s3-secure-bucket",
            "--answers",
            FIXTURE,
            "--force",
            "--out",
        ])
        .arg(self.module());
        for s in set {
            cmd.args(["--set", s]);
        }
        cmd.assert().success();
    }

    /// `goldpath publish MODULE --registry REGISTRY` with a clean environment and the token.
    fn publish(&self, api: Option<&str>, extra: &[&str]) -> std::process::Output {
        let mut cmd = bin();
        cmd.env("XDG_CACHE_HOME", self.tmp.path().join("cache"))
            .env_remove("GH_TOKEN")
            .env_remove("GITHUB_API_URL")
            .env("GITHUB_TOKEN", TOKEN)
            .arg("publish")
            .arg(self.module())
            .args(["--github-repo", "acme/tf-modules", "--format", "json"])
            .args(extra);
        if !extra.contains(&"--registry") {
            cmd.arg("--registry").arg(self.registry());
        }
        if let Some(api) = api {
            cmd.env("GITHUB_API_URL", api);
        }
        let output = cmd.output().unwrap();
        self.assert_no_token(&output);
        output
    }

    fn server(&self) -> MockServer {
        self.runtime.block_on(MockServer::start())
    }

    fn mount(&self, server: &MockServer, mock: Mock) {
        self.runtime.block_on(mock.mount(server));
    }

    fn tip(&self) -> Option<git2::Oid> {
        let repo = git2::Repository::open_bare(self.registry()).unwrap();
        repo.refname_to_id(&format!("refs/heads/{BRANCH}")).ok()
    }

    /// The token appears in no output and in no file goldpath wrote or cached.
    fn assert_no_token(&self, output: &std::process::Output) {
        common::assert_no_secret(self.tmp.path(), output, &[TOKEN]);
    }
}

/// Commits `files` on top of `branch` (or as its first commit).
fn commit_files(repo: &git2::Repository, branch: &str, files: &[(&str, &str)]) {
    let refname = format!("refs/heads/{branch}");
    let parent = repo
        .refname_to_id(&refname)
        .ok()
        .map(|id| repo.find_commit(id).unwrap());
    let mut index = git2::Index::new().unwrap();
    if let Some(parent) = &parent {
        index.read_tree(&parent.tree().unwrap()).unwrap();
    }
    for (path, text) in files {
        let blob = repo.blob(text.as_bytes()).unwrap();
        let mut entry = git2::IndexEntry {
            ctime: git2::IndexTime::new(0, 0),
            mtime: git2::IndexTime::new(0, 0),
            dev: 0,
            ino: 0,
            mode: 0o100644,
            uid: 0,
            gid: 0,
            file_size: text.len() as u32,
            id: blob,
            flags: 0,
            flags_extended: 0,
            path: path.as_bytes().to_vec(),
        };
        entry.flags = path.len().min(0xfff) as u16;
        index.add(&entry).unwrap();
    }
    let tree = repo.find_tree(index.write_tree_to(repo).unwrap()).unwrap();
    let who = git2::Signature::now("seed", "seed@example.com").unwrap();
    let parents: Vec<&git2::Commit<'_>> = parent.iter().collect();
    repo.commit(Some(&refname), &who, &who, "seed", &tree, &parents)
        .unwrap();
}

fn json_of(output: &std::process::Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}); stderr: {}",
            String::from_utf8_lossy(&output.stderr)
        )
    })
}

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn pr(number: u64) -> serde_json::Value {
    json!({
        "id": 1000 + number,
        "number": number,
        "html_url": format!("https://github.example/acme/tf-modules/pull/{number}"),
    })
}

/// GitHub with no open pull request for the branch.
fn no_open_pr(prefix: &str) -> Mock {
    Mock::given(method("GET"))
        .and(path(format!("{prefix}{REPO}/pulls")))
        .and(query_param("state", "open"))
        .and(query_param("head", format!("acme:{BRANCH}")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
}

fn create_pr(prefix: &str, draft: bool) -> Mock {
    Mock::given(method("POST"))
        .and(path(format!("{prefix}{REPO}/pulls")))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .and(body_partial_json(json!({
            "title": "feat(modules): add payments/payments-ledger (s3-secure-bucket 1.1.0)",
            "head": BRANCH,
            "base": "main",
            "draft": draft,
        })))
        .respond_with(ResponseTemplate::new(201).set_body_json(pr(7)))
}

fn labels(prefix: &str) -> Mock {
    Mock::given(method("POST"))
        .and(path(format!("{prefix}{REPO}/issues/7/labels")))
        .and(body_json(
            json!({"labels": ["golden-path", "template:s3-secure-bucket"]}),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
}

fn reviewers(prefix: &str, status: u16) -> Mock {
    Mock::given(method("POST"))
        .and(path(format!("{prefix}{REPO}/pulls/7/requested_reviewers")))
        .and(body_json(
            json!({"reviewers": [], "team_reviewers": ["platform"]}),
        ))
        .respond_with(ResponseTemplate::new(status).set_body_json(pr(7)))
}

#[test]
fn no_pr_pushes_the_branch_to_a_local_path_and_a_file_url() {
    let world = World::new();
    let output = world.publish(None, &["--no-pr"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let doc = json_of(&output);
    assert_eq!(doc["branch"], BRANCH);
    assert_eq!(doc["pull_request"], serde_json::Value::Null);
    let tip = world.tip().expect("the branch was pushed");
    assert_eq!(doc["commit"], tip.to_string());

    let repo = git2::Repository::open_bare(world.registry()).unwrap();
    let commit = repo.find_commit(tip).unwrap();
    let message = commit.message().unwrap();
    assert!(
        message
            .starts_with("feat(modules): add payments/payments-ledger (s3-secure-bucket 1.1.0)\n"),
        "{message}"
    );
    assert!(
        message.contains("\nGoldpath-Template: s3-secure-bucket@1.1.0\n"),
        "{message}"
    );
    assert!(message.contains("\nGoldpath-Answers-Sha256: "), "{message}");
    assert_eq!(
        commit.author().email().unwrap(),
        "goldpath@users.noreply.github.com"
    );
    let tree = commit.tree().unwrap();
    for file in ["main.tf", ".goldpath.yaml", "README.md"] {
        assert!(
            tree.get_path(&Path::new(MODULE_PATH).join(file)).is_ok(),
            "{file} missing"
        );
    }
    assert!(
        tree.get_path(Path::new("README.md")).is_ok(),
        "base content kept"
    );

    // Same module again, through a file:// URL: nothing to commit, the branch stays.
    let url = format!("file://{}", world.registry().display());
    let again = world.publish(None, &["--no-pr", "--registry", &url]);
    assert!(again.status.success(), "{}", stderr(&again));
    assert_eq!(json_of(&again)["commit"], tip.to_string());
    assert_eq!(world.tip(), Some(tip));
}

#[test]
fn opens_a_pull_request_with_labels_and_team_reviewers() {
    let world = World::new();
    let server = world.server();
    world.mount(&server, no_open_pr("").expect(1));
    world.mount(&server, create_pr("", false).expect(1));
    world.mount(&server, labels("").expect(1));
    world.mount(&server, reviewers("", 201).expect(1));

    let output = world.publish(Some(&server.uri()), &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let doc = json_of(&output);
    assert_eq!(
        doc["pull_request"],
        json!({"number": 7, "url": "https://github.example/acme/tf-modules/pull/7", "created": true})
    );
    assert_eq!(doc["warnings"], json!([]));
    let requests = world.runtime.block_on(server.received_requests()).unwrap();
    let create = requests
        .iter()
        .find(|r| r.method.as_str() == "POST" && r.url.path().ends_with("/pulls"))
        .unwrap();
    let body: serde_json::Value = serde_json::from_slice(&create.body).unwrap();
    let text = body["body"].as_str().unwrap();
    assert!(text.contains("| `team` | payments |"), "{text}");
    assert!(text.contains("### Guardrails"), "{text}");
    assert!(
        text.contains("goldpath new s3-secure-bucket --non-interactive"),
        "{text}"
    );
}

#[test]
fn a_rerun_adds_a_commit_and_edits_the_open_pull_request() {
    let world = World::new();
    let server = world.server();
    world.mount(&server, no_open_pr("").up_to_n_times(1).expect(1));
    world.mount(
        &server,
        Mock::given(method("GET"))
            .and(path(format!("{REPO}/pulls")))
            .and(query_param("head", format!("acme:{BRANCH}")))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!([pr(7)])))
            .expect(1),
    );
    world.mount(&server, create_pr("", false).expect(1));
    world.mount(
        &server,
        Mock::given(method("PATCH"))
            .and(path(format!("{REPO}/pulls/7")))
            .and(body_partial_json(json!({"title": "feat(modules): add payments/payments-ledger (s3-secure-bucket 1.1.0)"})))
            .respond_with(ResponseTemplate::new(200).set_body_json(pr(7)))
            .expect(1),
    );
    world.mount(&server, labels("").expect(2));
    world.mount(&server, reviewers("", 201).expect(2));

    let first = world.publish(Some(&server.uri()), &[]);
    assert!(first.status.success(), "{}", stderr(&first));
    let first_tip = world.tip().unwrap();

    world.render(&["environment=staging"]);
    let second = world.publish(Some(&server.uri()), &[]);
    assert!(second.status.success(), "{}", stderr(&second));
    let doc = json_of(&second);
    assert_eq!(doc["pull_request"]["created"], false);
    assert_eq!(doc["pull_request"]["number"], 7);

    let repo = git2::Repository::open_bare(world.registry()).unwrap();
    let tip = repo.find_commit(world.tip().unwrap()).unwrap();
    assert_eq!(
        tip.parent_id(0).unwrap(),
        first_tip,
        "a second commit on the branch"
    );
    assert!(
        tip.message()
            .unwrap()
            .starts_with("feat(modules): update payments/payments-ledger")
    );
    let branches: Vec<_> = repo
        .branches(None)
        .unwrap()
        .map(|b| b.unwrap().0.name().unwrap().unwrap().to_string())
        .collect();
    assert_eq!(
        branches.len(),
        2,
        "main and one goldpath branch: {branches:?}"
    );
}

#[test]
fn a_refused_token_fails_with_exit_3_naming_the_step_and_the_resume_command() {
    let world = World::new();
    let server = world.server();
    world.mount(
        &server,
        Mock::given(method("GET")).respond_with(
            ResponseTemplate::new(401).set_body_json(json!({"message": "Bad credentials"})),
        ),
    );
    let output = world.publish(Some(&server.uri()), &[]);
    assert_eq!(output.status.code(), Some(3));
    let err = stderr(&output);
    assert!(
        err.contains("step `find pull request`") && err.contains("Bad credentials"),
        "{err}"
    );
    assert!(err.contains("GITHUB_TOKEN"), "{err}");
    assert!(
        err.contains(&format!("goldpath publish {}", world.module().display())),
        "{err}"
    );
    assert!(
        world.module().join("main.tf").exists(),
        "the module stays on disk"
    );
}

#[test]
fn a_validation_error_on_create_is_exit_3_with_githubs_reason() {
    let world = World::new();
    let server = world.server();
    world.mount(&server, no_open_pr(""));
    world.mount(
        &server,
        Mock::given(method("POST"))
            .and(path(format!("{REPO}/pulls")))
            .respond_with(ResponseTemplate::new(422).set_body_json(json!({
                "message": "Validation Failed",
                "errors": [{"resource": "PullRequest", "code": "custom", "message": "No commits between main and goldpath/x"}],
            })))
            .expect(1),
    );
    let output = world.publish(Some(&server.uri()), &[]);
    assert_eq!(output.status.code(), Some(3));
    let err = stderr(&output);
    assert!(
        err.contains("step `create pull request`") && err.contains("No commits between"),
        "{err}"
    );
}

#[test]
fn a_bad_gateway_is_retried() {
    let world = World::new();
    let server = world.server();
    world.mount(&server, no_open_pr(""));
    world.mount(
        &server,
        Mock::given(method("POST"))
            .and(path(format!("{REPO}/pulls")))
            .respond_with(ResponseTemplate::new(502).set_body_string("bad gateway"))
            .up_to_n_times(1)
            .expect(1),
    );
    world.mount(&server, create_pr("", false).expect(1));
    world.mount(&server, labels(""));
    world.mount(&server, reviewers("", 201));
    let output = world.publish(Some(&server.uri()), &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(json_of(&output)["pull_request"]["number"], 7);
}

#[test]
fn a_secondary_rate_limit_waits_for_retry_after() {
    let world = World::new();
    let server = world.server();
    world.mount(&server, no_open_pr(""));
    world.mount(
        &server,
        Mock::given(method("POST"))
            .and(path(format!("{REPO}/pulls")))
            .respond_with(
                ResponseTemplate::new(403)
                    .insert_header("retry-after", "1")
                    .set_body_json(json!({"message": "You have exceeded a secondary rate limit."})),
            )
            .up_to_n_times(1)
            .expect(1),
    );
    world.mount(&server, create_pr("", false).expect(1));
    world.mount(&server, labels(""));
    world.mount(&server, reviewers("", 201));
    let started = std::time::Instant::now();
    let output = world.publish(Some(&server.uri()), &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        started.elapsed() >= std::time::Duration::from_secs(1),
        "Retry-After was honoured"
    );
}

#[test]
fn a_reviewer_failure_is_a_warning() {
    let world = World::new();
    let server = world.server();
    world.mount(&server, no_open_pr(""));
    world.mount(&server, create_pr("", false));
    world.mount(&server, labels(""));
    world.mount(&server, reviewers("", 422).expect(1));
    let output = world.publish(Some(&server.uri()), &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let warnings = json_of(&output)["warnings"].to_string();
    assert!(
        warnings.contains("could not request reviewers (platform)"),
        "{warnings}"
    );
}

#[test]
fn drafts_on_github_enterprise_keep_the_api_v3_path() {
    let world = World::new();
    let server = world.server();
    world.mount(&server, no_open_pr("/api/v3").expect(1));
    world.mount(&server, create_pr("/api/v3", true).expect(1));
    world.mount(&server, labels("/api/v3").expect(1));
    world.mount(&server, reviewers("/api/v3", 201).expect(1));
    let api = format!("{}/api/v3", server.uri());
    let output = world.publish(Some(&api), &["--draft"]);
    assert!(output.status.success(), "{}", stderr(&output));
}

#[test]
fn a_module_already_on_base_with_other_content_is_refused() {
    let world = World::new();
    let repo = git2::Repository::open_bare(world.registry()).unwrap();
    commit_files(
        &repo,
        "main",
        &[(&format!("{MODULE_PATH}/main.tf"), "# someone else's\n")],
    );
    let output = world.publish(None, &["--no-pr"]);
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(
        err.contains("already exists on `main` with different content"),
        "{err}"
    );
    assert!(err.contains("goldpath update"), "{err}");
    assert_eq!(world.tip(), None, "nothing was pushed");
}

#[test]
fn a_local_remote_without_a_forge_says_what_to_set() {
    let world = World::new();
    let output = bin()
        .env("XDG_CACHE_HOME", world.tmp.path().join("cache"))
        .env("GITHUB_TOKEN", TOKEN)
        .arg("publish")
        .arg(world.module())
        .arg("--registry")
        .arg(world.registry())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(
        err.contains("cannot tell which forge")
            && err.contains("registry.forge (github, gitlab or azure-devops)")
            && err.contains("--no-pr"),
        "{err}"
    );
    assert_eq!(world.tip(), None);
}

#[test]
fn a_pre_receive_hook_rejection_is_a_push_failure() {
    let world = World::new();
    let hook = world.registry().join("hooks/pre-receive");
    std::fs::write(
        &hook,
        "#!/bin/sh\necho 'goldpath/* is protected' >&2\nexit 1\n",
    )
    .unwrap();
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&hook, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let exec_path = std::process::Command::new("git")
        .arg("--exec-path")
        .output()
        .expect("git is installed");
    let exec_path = PathBuf::from(String::from_utf8(exec_path.stdout).unwrap().trim());
    // git-daemon itself, not the `git daemon` wrapper, so that killing it stops the server.
    let daemon = std::process::Command::new(exec_path.join("git-daemon"))
        .args([
            "--reuseaddr",
            "--export-all",
            "--enable=receive-pack",
            "--listen=127.0.0.1",
        ])
        .arg(format!("--port={port}"))
        .arg(format!("--base-path={}", world.tmp.path().display()))
        .arg(world.tmp.path())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("git daemon runs");
    let _daemon = KillOnDrop(daemon);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            std::time::Instant::now() < deadline,
            "git daemon did not start"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let url = format!("git://127.0.0.1:{port}/registry.git");
    let output = world.publish(None, &["--no-pr", "--registry", &url]);
    assert_eq!(output.status.code(), Some(3), "{}", stderr(&output));
    let err = stderr(&output);
    assert!(
        err.contains("step `push`") && err.contains("rejected"),
        "{err}"
    );
    assert_eq!(world.tip(), None);
}

#[test]
fn the_token_authenticates_https_pushes_and_never_leaks() {
    let world = World::new();
    let server = world.server();
    world.mount(
        &server,
        Mock::given(method("GET")).respond_with(
            ResponseTemplate::new(401).insert_header("www-authenticate", "Basic realm=\"GitHub\""),
        ),
    );
    let url = format!("{}/acme/tf-modules.git", server.uri());
    let output = world.publish(None, &["--no-pr", "--registry", &url]);
    assert_eq!(output.status.code(), Some(3));
    let err = stderr(&output);
    assert!(
        err.contains("step `fetch`") && err.contains("GITHUB_TOKEN"),
        "{err}"
    );
    let expected = format!(
        "Basic {}",
        common::base64(&format!("x-access-token:{TOKEN}"))
    );
    let requests = world.runtime.block_on(server.received_requests()).unwrap();
    assert!(
        requests.iter().any(|r| r
            .headers
            .get("authorization")
            .is_some_and(|v| v.as_bytes() == expected.as_bytes())),
        "libgit2 retried with the token as x-access-token"
    );
}

/// A child process that is stopped when the test ends, passing or failing.
struct KillOnDrop(std::process::Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn the_terminal_ui_publishes_with_progress_and_shows_the_link() {
    if !common::tmux::Tmux::available() {
        return;
    }
    let world = World::new();
    let server = world.server();
    world.mount(&server, no_open_pr("").expect(1));
    world.mount(&server, create_pr("", false).expect(1));
    world.mount(&server, labels("").expect(1));
    world.mount(&server, reviewers("", 201).expect(1));
    let config = world.tmp.path().join("goldpath.toml");
    std::fs::write(
        &config,
        format!(
            "[registry]\nurl = \"{}\"\ngithub_repo = \"acme/tf-modules\"\n",
            world.registry().display()
        ),
    )
    .unwrap();
    let command = format!(
        "env GITHUB_TOKEN={TOKEN} GITHUB_API_URL={} XDG_CACHE_HOME={} {} --config {} new s3-secure-bucket --answers {}",
        server.uri(),
        world.tmp.path().join("cache").display(),
        env!("CARGO_BIN_EXE_goldpath"),
        config.display(),
        std::path::absolute(FIXTURE).unwrap().display(),
    );
    let t = common::tmux::Tmux::start("publish", world.tmp.path(), &command);
    t.wait_for("✓ valid");
    t.keys(&["Tab"]);
    t.wait_for("Findings:");
    t.keys(&["Tab"]);
    let screen = t.wait_for("open a pull request in");
    assert!(screen.contains("registry.git"), "{screen}");
    t.keys(&["Down", "Enter"]);
    t.wait_for("Write anyway? (y/n)");
    t.keys(&["y"]);
    let screen = t.wait_for("✓ published");
    assert!(
        screen.contains("pushing goldpath/payments-payments-ledger"),
        "{screen}"
    );
    assert!(screen.contains("pull request #7 (opened)"), "{screen}");
    t.keys(&["Enter"]);
    assert_eq!(t.wait_exit(), 0, "{}", t.screen());
    let screen = t.wait_for("--publish");
    assert!(
        screen
            .replace('\n', "")
            .contains("https://github.example/acme/tf-modules/pull/7"),
        "{screen}"
    );
    assert!(world.tip().is_some(), "the branch was pushed");
    assert!(!screen.contains(TOKEN));
}

#[test]
fn new_with_publish_writes_then_pushes_and_reports_both() {
    let world = World::new();
    let out = world.tmp.path().join("fresh");
    let output = bin()
        .env("XDG_CACHE_HOME", world.tmp.path().join("cache"))
        .env_remove("GITHUB_TOKEN")
        .env_remove("GH_TOKEN")
        .args(["new", "s3-secure-bucket", "--answers", FIXTURE, "--out"])
        .arg(&out)
        .args(["--publish", "--no-pr", "--format", "json", "--registry"])
        .arg(world.registry())
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let doc = json_of(&output);
    assert!(
        out.join(".goldpath.yaml").is_file(),
        "the module is written first"
    );
    assert_eq!(doc["publish"]["branch"], BRANCH);
    assert_eq!(doc["publish"]["pull_request"], serde_json::Value::Null);
    assert_eq!(
        doc["publish"]["commit"],
        world.tip().expect("the branch was pushed").to_string()
    );

    let flags_alone = bin()
        .args([
            "new",
            "s3-secure-bucket",
            "--answers",
            FIXTURE,
            "--dry-run",
            "--no-pr",
        ])
        .output()
        .unwrap();
    assert_eq!(
        flags_alone.status.code(),
        Some(2),
        "registry flags need --publish"
    );
}

/// A config with a budget for prod and approvers for modules over it.
fn budget_config(world: &World, prod: f64) -> PathBuf {
    let config = world.tmp.path().join("goldpath.toml");
    std::fs::write(
        &config,
        format!("[budgets]\napprovers = [\"acme/finops\", \"carol\"]\n\n[budgets.environments]\nprod = {prod}\n"),
    )
    .unwrap();
    config
}

fn labels_of(expected: &[&str]) -> Mock {
    Mock::given(method("POST"))
        .and(path(format!("{REPO}/issues/7/labels")))
        .and(body_json(json!({ "labels": expected })))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
}

fn created_body(world: &World, server: &MockServer, verb: &str) -> String {
    let requests = world.runtime.block_on(server.received_requests()).unwrap();
    let request = requests
        .iter()
        .rev()
        .find(|r| {
            r.method.as_str() == verb
                && (r.url.path().ends_with("/pulls") || r.url.path().ends_with("/pulls/7"))
        })
        .unwrap();
    let body: serde_json::Value = serde_json::from_slice(&request.body).unwrap();
    body["body"].as_str().unwrap().to_string()
}

#[test]
fn over_budget_the_pull_request_asks_the_approvers_and_says_why() {
    let world = World::new();
    let server = world.server();
    world.mount(&server, no_open_pr("").expect(1));
    world.mount(&server, create_pr("", false).expect(1));
    world.mount(
        &server,
        labels_of(&["golden-path", "template:s3-secure-bucket", "cost-approval"]).expect(1),
    );
    world.mount(
        &server,
        Mock::given(method("POST"))
            .and(path(format!("{REPO}/pulls/7/requested_reviewers")))
            .and(body_json(
                json!({"reviewers": ["carol"], "team_reviewers": ["platform", "finops"]}),
            ))
            .respond_with(ResponseTemplate::new(201).set_body_json(pr(7)))
            .expect(1),
    );
    let config = budget_config(&world, 0.5);
    let output = world.publish(Some(&server.uri()), &["--config", config.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = created_body(&world, &server, "POST");
    assert!(text.contains("### Cost"), "{text}");
    assert!(text.contains("**Over budget**"), "{text}");
    assert!(
        text.contains("the budget of $0.50 a month (environment prod)"),
        "{text}"
    );
    assert!(
        text.contains("| `aws_kms_key.this` | Customer managed key |"),
        "{text}"
    );
    assert!(text.contains("<!-- goldpath:cost-monthly "), "{text}");
}

#[test]
fn within_budget_it_is_cost_ok_and_an_update_shows_the_previous_estimate() {
    let world = World::new();
    let server = world.server();
    let previous = "earlier body\n<!-- goldpath:cost-monthly 1.25 -->\n";
    world.mount(
        &server,
        Mock::given(method("GET"))
            .and(path(format!("{REPO}/pulls")))
            .and(query_param("head", format!("acme:{BRANCH}")))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!([{
                "id": 1007, "number": 7,
                "html_url": "https://github.example/acme/tf-modules/pull/7",
                "body": previous,
            }])))
            .expect(1),
    );
    world.mount(
        &server,
        Mock::given(method("PATCH"))
            .and(path(format!("{REPO}/pulls/7")))
            .respond_with(ResponseTemplate::new(200).set_body_json(pr(7)))
            .expect(1),
    );
    world.mount(
        &server,
        labels_of(&["golden-path", "template:s3-secure-bucket", "cost-ok"]).expect(1),
    );
    world.mount(&server, reviewers("", 201).expect(1));
    let config = budget_config(&world, 100000.0);
    let output = world.publish(Some(&server.uri()), &["--config", config.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = created_body(&world, &server, "PATCH");
    assert!(
        text.contains("Within the budget of $100,000.00 a month (environment prod)"),
        "{text}"
    );
    assert!(
        text.contains("Before this update: $1.25 a month, now $"),
        "{text}"
    );
}

#[test]
fn an_enterprise_host_is_placed_by_the_api_url_it_shares() {
    let world = World::new();
    // The registry is served over HTTP by git itself; its host says nothing of GitHub, but
    // GITHUB_API_URL (as a GitHub Enterprise Server's Actions runner sets it) names it.
    let root = world.tmp.path().join("served");
    std::fs::create_dir_all(root.join("acme")).unwrap();
    let served = root.join("acme/tf-modules.git");
    let status = std::process::Command::new("git")
        .args(["clone", "--bare", "-q"])
        .arg(world.registry())
        .arg(&served)
        .status()
        .unwrap();
    assert!(status.success());
    let git = common::git_http::GitHttp::start(&root, TOKEN);
    let (github, api) = common::github::GitHub::serve(&world.runtime);
    let output = bin()
        .env("XDG_CACHE_HOME", world.tmp.path().join("cache"))
        .env("GITHUB_TOKEN", TOKEN)
        .env("GITHUB_API_URL", api.uri())
        .env_remove("GH_TOKEN")
        .arg("publish")
        .arg(world.module())
        .arg("--registry")
        .arg(format!("{}/acme/tf-modules.git", git.base))
        .args(["--format", "json"])
        .output()
        .unwrap();
    world.assert_no_token(&output);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        github.pulls().len(),
        1,
        "the repository came from the URL's path"
    );
}
