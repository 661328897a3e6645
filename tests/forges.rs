//! `goldpath publish` to GitLab and Azure DevOps end to end: the real binary, a real bare git
//! repository (or a git server over HTTP) as the registry, and a stand-in for each forge's API
//! on 127.0.0.1 that goldpath's own client talks to. The failure matrix is GitHub's.

mod common;

use common::bin;
use common::forges::{Azure, Forge, GitLab};
use std::path::PathBuf;
use wiremock::MockServer;

const FIXTURE: &str = "templates/s3-secure-bucket/tests/prod.yaml";
const TOKEN: &str = "glpat-Tok3nThatMustNeverLeak0123456789";
const CI_TOKEN: &str = "ci-job-Tok3nThatMustNeverLeak98765";
const BRANCH: &str = "goldpath/payments-payments-ledger";
const MODULE_PATH: &str = "modules/payments/payments-ledger";

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    GitLab,
    Azure,
}

impl Kind {
    fn key(self) -> &'static str {
        match self {
            Kind::GitLab => "gitlab",
            Kind::Azure => "azure-devops",
        }
    }

    fn project(self) -> &'static str {
        match self {
            Kind::GitLab => "acme/tf-modules",
            Kind::Azure => "acme/Platform/tf-modules",
        }
    }

    /// The personal token's variable, and the CI job token's.
    fn vars(self) -> (&'static str, &'static str) {
        match self {
            Kind::GitLab => ("GITLAB_TOKEN", "CI_JOB_TOKEN"),
            Kind::Azure => ("AZURE_DEVOPS_EXT_PAT", "SYSTEM_ACCESSTOKEN"),
        }
    }
}

/// A temp dir holding a seeded bare registry, a rendered module, goldpath's cache and config,
/// and the forge's stand-in.
struct World {
    kind: Kind,
    tmp: tempfile::TempDir,
    /// Drives the stand-in; it stops when the world is dropped.
    _runtime: tokio::runtime::Runtime,
    forge: Forge,
    server: MockServer,
}

impl World {
    fn new(kind: Kind) -> World {
        let tmp = tempfile::tempdir().unwrap();
        let repo = git2::Repository::init_bare(tmp.path().join("registry.git")).unwrap();
        commit_readme(&repo);
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let (forge, server) = match kind {
            Kind::GitLab => {
                let (gitlab, server) = GitLab::serve(&runtime, TOKEN, CI_TOKEN);
                (gitlab.forge, server)
            }
            Kind::Azure => {
                let (azure, server) = Azure::serve(&runtime, TOKEN, CI_TOKEN);
                (azure.forge, server)
            }
        };
        forge.know(&["alice", "platform"]);
        let world = World {
            kind,
            tmp,
            _runtime: runtime,
            forge,
            server,
        };
        world.config(&[]);
        world.render(&[]);
        world
    }

    fn registry(&self) -> PathBuf {
        self.tmp.path().join("registry.git")
    }

    fn module(&self) -> PathBuf {
        self.tmp.path().join("payments-ledger")
    }

    fn api(&self) -> String {
        match self.kind {
            Kind::GitLab => format!("{}/api/v4", self.server.uri()),
            Kind::Azure => format!("{}/acme", self.server.uri()),
        }
    }

    /// goldpath.toml: the forge, its project, the API base, assignees, and `extra` lines.
    fn config(&self, extra: &[&str]) {
        let mut text = format!(
            "[registry]\nforge = \"{}\"\nproject = \"{}\"\napi_url = \"{}\"\nassignees = [\"alice\"]\n",
            self.kind.key(),
            self.kind.project(),
            self.api()
        );
        for line in extra {
            text.push_str(line);
            text.push('\n');
        }
        std::fs::write(self.tmp.path().join("goldpath.toml"), text).unwrap();
    }

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

    /// `goldpath publish` with a clean environment and `env` set.
    fn publish_with(&self, env: &[(&str, &str)], extra: &[&str]) -> std::process::Output {
        let mut cmd = bin();
        cmd.env("XDG_CACHE_HOME", self.tmp.path().join("cache"));
        for var in [
            "GITHUB_TOKEN",
            "GH_TOKEN",
            "GITHUB_API_URL",
            "GITLAB_TOKEN",
            "CI_JOB_TOKEN",
            "CI_API_V4_URL",
            "CI_SERVER_HOST",
            "AZURE_DEVOPS_EXT_PAT",
            "SYSTEM_ACCESSTOKEN",
            "SYSTEM_COLLECTIONURI",
            "GITHUB_SERVER_URL",
        ] {
            cmd.env_remove(var);
        }
        for (k, v) in env {
            cmd.env(k, v);
        }
        cmd.arg("--config")
            .arg(self.tmp.path().join("goldpath.toml"))
            .arg("publish")
            .arg(self.module())
            .args(["--format", "json"])
            .args(extra);
        if !extra.contains(&"--registry") {
            cmd.arg("--registry").arg(self.registry());
        }
        let output = cmd.output().unwrap();
        self.assert_no_token(&output);
        output
    }

    fn publish(&self, extra: &[&str]) -> std::process::Output {
        self.publish_with(&[(self.kind.vars().0, TOKEN)], extra)
    }

    fn tip(&self) -> Option<git2::Oid> {
        let repo = git2::Repository::open_bare(self.registry()).unwrap();
        repo.refname_to_id(&format!("refs/heads/{BRANCH}")).ok()
    }

    /// Neither token appears in any output or in any file goldpath wrote or cached.
    fn assert_no_token(&self, output: &std::process::Output) {
        common::assert_no_secret(self.tmp.path(), output, &[TOKEN, CI_TOKEN]);
    }
}

fn commit_readme(repo: &git2::Repository) {
    let blob = repo.blob(b"# modules\n").unwrap();
    let mut tree = repo.treebuilder(None).unwrap();
    tree.insert("README.md", blob, 0o100644).unwrap();
    let tree = repo.find_tree(tree.write().unwrap()).unwrap();
    let sig = git2::Signature::now("seed", "seed@example.com").unwrap();
    repo.commit(Some("refs/heads/main"), &sig, &sig, "seed", &tree, &[])
        .unwrap();
    repo.set_head("refs/heads/main").unwrap();
}

fn json_of(output: &std::process::Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}): {}\nstderr: {}",
            String::from_utf8_lossy(&output.stdout),
            stderr(output)
        )
    })
}

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn both(test: impl Fn(Kind)) {
    for kind in [Kind::GitLab, Kind::Azure] {
        test(kind);
    }
}

#[test]
fn opens_one_request_with_labels_reviewers_and_assignees() {
    both(|kind| {
        let world = World::new(kind);
        let output = world.publish(&[]);
        assert!(output.status.success(), "{kind:?}: {}", stderr(&output));
        let json = json_of(&output);
        assert_eq!(json["branch"], BRANCH);
        assert_eq!(json["pull_request"]["created"], true);
        let url = json["pull_request"]["url"].as_str().unwrap();
        match kind {
            Kind::GitLab => assert_eq!(
                url,
                "https://gitlab.example/acme/tf-modules/-/merge_requests/1"
            ),
            Kind::Azure => assert_eq!(
                url,
                "https://dev.azure.com/acme/Platform/_git/tf-modules/pullrequest/41"
            ),
        }
        assert!(world.tip().is_some(), "{kind:?}: the branch was pushed");

        let pulls = world.forge.pulls();
        assert_eq!(pulls.len(), 1);
        let pr = &pulls[0];
        assert_eq!((pr.head.as_str(), pr.base.as_str()), (BRANCH, "main"));
        assert!(
            pr.title
                .starts_with("feat(modules): add payments/payments-ledger"),
            "{}",
            pr.title
        );
        assert!(pr.body.contains(MODULE_PATH), "{kind:?}: {}", pr.body);
        assert!(
            pr.labels.iter().any(|l| l == "golden-path"),
            "{kind:?}: {:?}",
            pr.labels
        );
        assert_eq!(pr.assignees, ["alice"], "{kind:?}");
        let warnings = json["warnings"].as_array().unwrap();
        match kind {
            // The template's owner `acme/platform` is a group: GitLab takes only users.
            Kind::GitLab => {
                assert!(pr.reviewers.is_empty());
                assert!(
                    warnings.iter().any(|w| w
                        .as_str()
                        .unwrap()
                        .contains("GitLab takes users, not groups")),
                    "{warnings:?}"
                );
            }
            Kind::Azure => {
                assert_eq!(pr.reviewers, ["platform"]);
                assert!(warnings.is_empty(), "{warnings:?}");
            }
        }
        let auth = &world.forge.calls()[0].auth;
        match kind {
            Kind::GitLab => assert_eq!(auth, &format!("PRIVATE-TOKEN {TOKEN}")),
            Kind::Azure => assert_eq!(
                auth,
                &format!("Basic {}", common::base64(&format!(":{TOKEN}")))
            ),
        }
    });
}

#[test]
fn a_rerun_adds_a_commit_and_edits_the_open_request() {
    both(|kind| {
        let world = World::new(kind);
        assert!(world.publish(&[]).status.success());
        let first = world.tip().unwrap();
        world.render(&["environment=staging"]);
        let output = world.publish(&[]);
        assert!(output.status.success(), "{kind:?}: {}", stderr(&output));
        let json = json_of(&output);
        assert_eq!(json["pull_request"]["created"], false, "{kind:?}");
        let pulls = world.forge.pulls();
        assert_eq!(pulls.len(), 1, "{kind:?}: never a second request");
        assert!(
            pulls[0].body.contains("staging"),
            "{kind:?}: the body was edited"
        );
        let repo = git2::Repository::open_bare(world.registry()).unwrap();
        let tip = repo.find_commit(world.tip().unwrap()).unwrap();
        assert_eq!(
            tip.parent_id(0).unwrap(),
            first,
            "{kind:?}: a commit on top"
        );
    });
}

#[test]
fn a_request_opened_meanwhile_is_edited_not_duplicated() {
    both(|kind| {
        let world = World::new(kind);
        assert!(world.publish(&[]).status.success());
        // The first lookup misses the open request; the forge then refuses a second one.
        let (list, empty) = match kind {
            Kind::GitLab => ("merge_requests", serde_json::json!([])),
            Kind::Azure => ("pullrequests", serde_json::json!({"count": 0, "value": []})),
        };
        world.forge.answer("GET", list, empty, 1);
        world.render(&["environment=staging"]);
        let output = world.publish(&[]);
        assert!(output.status.success(), "{kind:?}: {}", stderr(&output));
        assert_eq!(json_of(&output)["pull_request"]["created"], false);
        let pulls = world.forge.pulls();
        assert_eq!(pulls.len(), 1, "{kind:?}: never a second request");
        assert!(
            pulls[0].body.contains("staging"),
            "{kind:?}: the open one was edited"
        );
    });
}

#[test]
fn drafts_are_drafts_and_stay_drafts_when_edited() {
    both(|kind| {
        let world = World::new(kind);
        assert!(world.publish(&["--draft"]).status.success());
        world.render(&["environment=staging"]);
        assert!(world.publish(&[]).status.success());
        let pr = &world.forge.pulls()[0];
        match kind {
            Kind::GitLab => assert!(pr.title.starts_with("Draft: feat(modules)"), "{}", pr.title),
            Kind::Azure => {
                assert!(pr.draft);
                assert!(pr.title.starts_with("feat(modules)"), "{}", pr.title);
            }
        }
    });
}

#[test]
fn a_ci_job_token_authenticates_as_the_forge_expects() {
    both(|kind| {
        let world = World::new(kind);
        let output = world.publish_with(&[(kind.vars().1, CI_TOKEN)], &[]);
        assert!(output.status.success(), "{kind:?}: {}", stderr(&output));
        let auth = &world.forge.calls()[0].auth;
        match kind {
            Kind::GitLab => assert_eq!(auth, &format!("JOB-TOKEN {CI_TOKEN}")),
            Kind::Azure => assert_eq!(auth, &format!("Bearer {CI_TOKEN}")),
        }
    });
}

#[test]
fn a_refused_token_is_exit_3_naming_the_step_the_variable_and_the_resume_command() {
    both(|kind| {
        let world = World::new(kind);
        let output = world.publish_with(&[(kind.vars().0, "wrong-token")], &[]);
        assert_eq!(
            output.status.code(),
            Some(3),
            "{kind:?}: {}",
            stderr(&output)
        );
        let err = stderr(&output);
        assert!(
            err.contains("step `find pull request`") && err.contains("HTTP 401"),
            "{err}"
        );
        assert!(
            err.contains(kind.vars().0) && err.contains(kind.vars().1),
            "{err}"
        );
        assert!(
            err.contains("goldpath --config") && err.contains("publish"),
            "{err}"
        );
        assert!(
            world.tip().is_some(),
            "the push happened before the API refused"
        );
    });
}

#[test]
fn missing_tokens_are_exit_2_before_anything_is_pushed() {
    both(|kind| {
        let world = World::new(kind);
        let output = world.publish_with(&[], &[]);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{kind:?}: {}",
            stderr(&output)
        );
        let err = stderr(&output);
        assert!(
            err.contains(kind.vars().0) && err.contains("--no-pr"),
            "{err}"
        );
        assert_eq!(world.tip(), None);
        assert!(world.forge.calls().is_empty());
    });
}

#[test]
fn server_errors_are_retried_until_the_forge_recovers() {
    both(|kind| {
        let world = World::new(kind);
        let create = match kind {
            Kind::GitLab => "merge_requests",
            Kind::Azure => "pullrequests",
        };
        world.forge.fail("POST", create, 502, None, 2);
        let output = world.publish(&[]);
        assert!(output.status.success(), "{kind:?}: {}", stderr(&output));
        assert_eq!(world.forge.pulls().len(), 1);
        let posts = world
            .forge
            .calls()
            .iter()
            .filter(|c| {
                let route = c.route.split('?').next().unwrap_or_default();
                route.starts_with("POST") && route.ends_with(create)
            })
            .count();
        assert_eq!(posts, 3, "{kind:?}: two failures, then the create");
    });
}

#[test]
fn a_rate_limit_waits_for_retry_after() {
    both(|kind| {
        let world = World::new(kind);
        let list = match kind {
            Kind::GitLab => "merge_requests",
            Kind::Azure => "pullrequests",
        };
        world.forge.fail("GET", list, 429, Some(1), 1);
        let started = std::time::Instant::now();
        let output = world.publish(&[]);
        assert!(output.status.success(), "{kind:?}: {}", stderr(&output));
        assert!(
            started.elapsed() >= std::time::Duration::from_secs(1),
            "waited for Retry-After"
        );
        assert_eq!(world.forge.pulls().len(), 1);
    });
}

#[test]
fn a_rate_limit_that_holds_is_exit_3_saying_so() {
    both(|kind| {
        let world = World::new(kind);
        world.forge.fail("GET", "", 429, Some(0), 10);
        let output = world.publish(&[]);
        assert_eq!(output.status.code(), Some(3));
        assert!(
            stderr(&output).contains("rate limit held"),
            "{}",
            stderr(&output)
        );
    });
}

#[test]
fn reviewer_and_assignee_failures_are_warnings() {
    both(|kind| {
        let world = World::new(kind);
        let people = match kind {
            Kind::GitLab => "/users",
            Kind::Azure => "identities",
        };
        world.forge.fail("GET", people, 403, None, 10);
        let output = world.publish(&[]);
        assert!(output.status.success(), "{kind:?}: {}", stderr(&output));
        let json = json_of(&output);
        let warnings: Vec<&str> = json["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|w| w.as_str())
            .collect();
        assert!(
            warnings
                .iter()
                .any(|w| w.contains("could not assign alice")),
            "{kind:?}: {warnings:?}"
        );
        assert_eq!(json["pull_request"]["created"], true);
    });
}

#[test]
fn the_forge_is_placed_from_the_url_and_pushes_over_https_with_the_forge_user() {
    let cases = [
        (Kind::GitLab, "oauth2", TOKEN),
        (Kind::GitLab, "gitlab-ci-token", CI_TOKEN),
        (Kind::Azure, "goldpath", TOKEN),
    ];
    for (kind, user, token) in cases {
        let world = World::new(kind);
        // No forge or project in the config: the URL tells both.
        let (git_root, url) = match kind {
            Kind::GitLab => ("acme", "acme/tf-modules.git"),
            Kind::Azure => ("acme/Platform/_git", "acme/Platform/_git/tf-modules"),
        };
        let root = world.tmp.path().join("served");
        std::fs::create_dir_all(root.join(git_root)).unwrap();
        let served = root.join(url);
        let status = std::process::Command::new("git")
            .args(["clone", "--bare", "-q"])
            .arg(world.registry())
            .arg(&served)
            .status()
            .unwrap();
        assert!(status.success());
        let server = common::git_http::GitHttp::start(&root, token);
        let remote = format!("{}/{url}", server.base);
        let api_line = match kind {
            Kind::GitLab => format!(
                "[registry]\napi_url = \"{}\"\nassignees = [\"alice\"]\n",
                world.api()
            ),
            Kind::Azure => format!(
                "[registry]\napi_url = \"{}\"\nforge = \"azure-devops\"\nassignees = [\"alice\"]\n",
                world.api()
            ),
        };
        std::fs::write(world.tmp.path().join("goldpath.toml"), api_line).unwrap();
        let var = if token == CI_TOKEN {
            kind.vars().1
        } else {
            kind.vars().0
        };
        // GitLab's host is 127.0.0.1, which says nothing: the CI job's host does.
        let env: Vec<(&str, &str)> = match kind {
            Kind::GitLab => vec![(var, token), ("CI_SERVER_HOST", "127.0.0.1")],
            Kind::Azure => vec![(var, token)],
        };
        let output = world.publish_with(&env, &["--registry", &remote]);
        assert!(
            output.status.success(),
            "{kind:?} {user}: {}",
            stderr(&output)
        );
        let expected = format!("Basic {}", common::base64(&format!("{user}:{token}")));
        assert!(
            server.seen.lock().unwrap().contains(&expected),
            "{kind:?}: git sent the token as {user}"
        );
        let repo = git2::Repository::open_bare(&served).unwrap();
        assert!(repo.refname_to_id(&format!("refs/heads/{BRANCH}")).is_ok());
        assert_eq!(world.forge.pulls().len(), 1, "{kind:?} {user}");
    }
}

#[test]
fn a_long_body_fits_azure_devops_and_keeps_its_estimate_marker() {
    // The largest template's module: its body is longer than Azure DevOps keeps.
    let render = |world: &World| {
        bin()
            .args([
                "new",
                "eks-spark",
                "--answers",
                "templates/eks-spark/tests/prod.yaml",
                "--force",
                "--out",
            ])
            .arg(world.module())
            .assert()
            .success();
    };
    let gitlab = World::new(Kind::GitLab);
    render(&gitlab);
    let output = gitlab.publish(&[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let whole = &gitlab.forge.pulls()[0].body;
    assert!(whole.chars().count() > 4000, "{}", whole.chars().count());

    let world = World::new(Kind::Azure);
    render(&world);
    let output = world.publish(&[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let body = &world.forge.pulls()[0].body;
    assert!(body.chars().count() <= 4000, "{}", body.chars().count());
    assert!(body.contains("Cut to the 4,000 characters"), "{body}");
    assert!(body.contains("<!-- goldpath:cost-monthly"), "{body}");
    let kept = body.split("\n\n*Cut to").next().unwrap();
    assert!(
        whole.starts_with(kept),
        "whole lines of the body are kept, from its start"
    );
}
