//! Git template sources end to end: real repositories with tags and branches, pushed to a bare
//! repository served over `file://` and `git daemon`, fetched by the real binary into a
//! temporary cache.

mod common;

use common::bin;
use predicates::prelude::*;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Runs git in `dir`, failing the test when it fails; returns stdout.
fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .current_dir(dir)
        .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
        .args(args)
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

/// A template repository: the starter template `orders-queue` under `golden/`, tagged `v1`,
/// pushed with its `main` branch to a bare repository.
struct Source {
    tmp: tempfile::TempDir,
    work: PathBuf,
    bare: PathBuf,
}

impl Source {
    fn new() -> Source {
        let tmp = tempfile::tempdir().unwrap();
        let work = tmp.path().join("work");
        let bare = tmp.path().join("templates.git");
        std::fs::create_dir_all(&work).unwrap();
        git(&work, &["init", "-q", "-b", "main"]);
        bin()
            .args(["template", "new"])
            .arg(work.join("golden/orders-queue"))
            .assert()
            .success();
        git(&work, &["add", "-A"]);
        git(&work, &["commit", "-q", "-m", "orders-queue 0.1.0"]);
        git(&work, &["tag", "v1"]);
        git(tmp.path(), &["init", "-q", "--bare", "templates.git"]);
        git(
            &work,
            &["push", "-q", "--tags", bare.to_str().unwrap(), "main"],
        );
        Source { tmp, work, bare }
    }

    fn url(&self) -> String {
        format!("file://{}", self.bare.display())
    }

    fn head(&self) -> String {
        git(&self.work, &["rev-parse", "HEAD"])
    }

    /// Commits a change of the template's version on `main` and pushes it.
    fn bump(&self, version: &str) {
        let manifest = self.work.join("golden/orders-queue/template.toml");
        let text = std::fs::read_to_string(&manifest).unwrap();
        std::fs::write(
            &manifest,
            text.replace("version = \"0.1.0\"", &format!("version = \"{version}\"")),
        )
        .unwrap();
        git(&self.work, &["commit", "-q", "-am", "bump"]);
        git(
            &self.work,
            &["push", "-q", self.bare.to_str().unwrap(), "main"],
        );
    }

    fn cache(&self) -> PathBuf {
        self.tmp.path().join("cache")
    }

    /// `goldpath --templates SPEC ARGS…` with this source's cache.
    fn goldpath(&self, spec: &str, args: &[&str]) -> assert_cmd::Command {
        let mut cmd = bin();
        cmd.env("XDG_CACHE_HOME", self.cache())
            .env_remove("GITHUB_TOKEN")
            .env_remove("GH_TOKEN")
            .args(["--templates", spec])
            .args(args);
        cmd
    }

    /// Renders `orders-queue` from `spec`; returns the module's `.goldpath.yaml`.
    fn render(&self, spec: &str, out: &str, extra: &[&str]) -> String {
        let out = self.tmp.path().join(out);
        let answers = self.work.join("golden/orders-queue/tests/dev.yaml");
        let mut cmd = self.goldpath(spec, extra);
        cmd.args(["new", "orders-queue", "--non-interactive", "--answers"])
            .arg(&answers)
            .arg("--out")
            .arg(&out)
            .assert()
            .success();
        std::fs::read_to_string(out.join(".goldpath.yaml")).unwrap()
    }
}

#[test]
fn a_tag_renders_and_the_module_records_url_ref_and_commit() {
    let source = Source::new();
    let spec = format!("{}//golden#v1", source.url());
    let record = source.render(&spec, "out", &[]);
    assert!(
        record.contains(&format!("url: \"{}\"", source.url())),
        "{record}"
    );
    assert!(record.contains("ref: \"v1\""), "{record}");
    assert!(
        record.contains(&format!("commit: \"{}\"", source.head())),
        "{record}"
    );
    assert!(record.contains("subdir: \"golden\""), "{record}");
}

#[test]
fn a_branch_follows_its_tip_and_works_offline_from_the_cache() {
    let source = Source::new();
    let spec = format!("{}//golden#main", source.url());
    let first = source.render(&spec, "one", &[]);
    assert!(first.contains("version: \"0.1.0\""), "{first}");
    source.bump("0.2.0");
    let second = source.render(&spec, "two", &[]);
    assert!(second.contains("version: \"0.2.0\""), "{second}");
    assert!(second.contains(&source.head()), "{second}");

    // A pinned commit in the cache needs no network at all.
    let pinned = format!("{}//golden#{}", source.url(), source.head());
    std::fs::rename(&source.bare, source.tmp.path().join("gone.git")).unwrap();
    source
        .goldpath(&pinned, &["list"])
        .assert()
        .success()
        .stderr(predicate::str::contains("could not reach").not());
    // A branch needs a fetch; without the remote the cached copy is used, and said so.
    source
        .goldpath(&spec, &["list"])
        .assert()
        .success()
        .stdout(predicate::str::contains("orders-queue"))
        .stderr(
            predicate::str::contains("could not reach")
                .and(predicate::str::contains(source.head())),
        );
}

#[test]
fn refresh_fetches_a_cached_commit_again() {
    let source = Source::new();
    let pinned = format!("{}//golden#{}", source.url(), source.head());
    source.goldpath(&pinned, &["list"]).assert().success();
    std::fs::rename(&source.bare, source.tmp.path().join("gone.git")).unwrap();
    source
        .goldpath(&pinned, &["--refresh", "list"])
        .assert()
        .success()
        .stderr(predicate::str::contains("could not reach"));
}

#[test]
fn an_unknown_ref_exits_2_and_lists_the_refs_there_are() {
    let source = Source::new();
    source
        .goldpath(&format!("{}#nope", source.url()), &["list"])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("no tag, branch or commit `nope`")
                .and(predicate::str::contains("v1")),
        );
}

#[test]
fn an_unreachable_source_without_a_cache_exits_3_naming_the_url_never_the_credential() {
    let source = Source::new();
    source
        .goldpath(
            "https://goldpath:s3cr3t-token@127.0.0.1:9/acme/templates.git#v1",
            &["list"],
        )
        .assert()
        .code(3)
        .stderr(
            predicate::str::contains("https://127.0.0.1:9/acme/templates.git")
                .and(predicate::str::contains("no cached copy"))
                .and(predicate::str::contains("s3cr3t").not()),
        );
    let cached = std::fs::read_dir(source.cache().join("goldpath/sources")).unwrap();
    for entry in cached {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        assert!(!name.contains("s3cr3t"), "{name}");
    }
}

#[test]
fn a_git_url_without_a_ref_or_over_plain_http_is_refused() {
    let source = Source::new();
    source
        .goldpath(&source.url(), &["list"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("#TAG"));
    source
        .goldpath("http://example.com/t.git#v1", &["list"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("https://"));
}

#[test]
fn a_symbolic_link_in_the_source_is_refused() {
    let source = Source::new();
    std::os::unix::fs::symlink(
        "/etc/passwd",
        source.work.join("golden/orders-queue/files/passwd.tf"),
    )
    .unwrap();
    git(&source.work, &["add", "-A"]);
    git(&source.work, &["commit", "-q", "-m", "link"]);
    git(
        &source.work,
        &["push", "-q", source.bare.to_str().unwrap(), "main"],
    );
    source
        .goldpath(&format!("{}//golden#main", source.url()), &["list"])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("passwd.tf").and(predicate::str::contains("symbolic link")),
        );
}

/// `git daemon` serving the source's directory on a free port of 127.0.0.1.
struct Daemon(std::process::Child, u16);

impl Daemon {
    fn serve(base: &Path) -> Daemon {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        // `git daemon` runs git-daemon as a child; start that directly, so killing it stops it.
        let exec_path = git(base, &["--exec-path"]);
        let child = Command::new(Path::new(&exec_path).join("git-daemon"))
            .args(["--export-all", "--reuseaddr", "--listen=127.0.0.1"])
            .arg(format!("--port={port}"))
            .arg(format!("--base-path={}", base.display()))
            .arg(base)
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("git daemon starts");
        let daemon = Daemon(child, port);
        for _ in 0..100 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return daemon;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        panic!("git daemon did not listen on {port}");
    }
}

impl Drop for Daemon {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn a_source_served_by_git_daemon_renders_and_stays_usable_when_the_daemon_stops() {
    let source = Source::new();
    let daemon = Daemon::serve(source.tmp.path());
    let spec = format!("git://127.0.0.1:{}/templates.git//golden#v1", daemon.1);
    let record = source.render(&spec, "out", &[]);
    assert!(
        record.contains(&format!("commit: \"{}\"", source.head())),
        "{record}"
    );
    drop(daemon);
    source
        .goldpath(&spec, &["list"])
        .assert()
        .success()
        .stderr(predicate::str::contains("could not reach"));
}

#[test]
fn a_config_source_names_the_repository_ref_and_directory() {
    let source = Source::new();
    let config = source.tmp.path().join("goldpath.toml");
    std::fs::write(
        &config,
        format!(
            "[[sources]]\nurl = \"{}\"\nref = \"v1\"\nsubdir = \"golden\"\n",
            source.url()
        ),
    )
    .unwrap();
    bin()
        .env("XDG_CACHE_HOME", source.cache())
        .arg("--config")
        .arg(&config)
        .arg("list")
        .assert()
        .success()
        .stdout(predicate::str::contains("orders-queue"));
}

#[test]
fn sources_and_list_show_commits_and_what_an_earlier_source_shadows() {
    let source = Source::new();
    let local = source.tmp.path().join("local");
    bin()
        .args(["template", "new"])
        .arg(local.join("orders-queue"))
        .assert()
        .success();
    let spec = format!("{}//golden#v1", source.url());
    let run = |args: &[&str]| {
        let mut cmd = bin();
        cmd.env("XDG_CACHE_HOME", source.cache())
            .arg("--templates")
            .arg(&local)
            .args(["--templates", &spec])
            .args(args);
        cmd.assert().success().get_output().stdout.clone()
    };
    let list = String::from_utf8(run(&["list"])).unwrap();
    assert!(
        list.contains(&format!(
            "from {spec}, shadowed by {}",
            local.join("orders-queue").display()
        )),
        "{list}"
    );
    let json: serde_json::Value =
        serde_json::from_slice(&run(&["template", "sources", "--format", "json"])).unwrap();
    let git = json
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["source"] == spec.as_str())
        .unwrap_or_else(|| panic!("{json:#}"));
    assert_eq!(git["commit"], source.head().as_str());
    assert_eq!(git["shadowed"], serde_json::json!(["orders-queue"]));
    let human = String::from_utf8(run(&["template", "sources"])).unwrap();
    assert!(human.contains("orders-queue (shadowed)"), "{human}");
    assert!(
        human.trim_end().ends_with("s3-secure-bucket"),
        "embedded last: {human}"
    );
}

/// Every file below `dir` that contains `needle`.
fn files_containing(dir: &Path, needle: &str) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if std::fs::read(&path)
                .unwrap()
                .windows(needle.len())
                .any(|w| w == needle.as_bytes())
            {
                found.push(path);
            }
        }
    }
    found
}

#[test]
fn an_http_remote_that_asks_for_credentials_gets_the_token_which_is_never_shown_or_stored() {
    const TOKEN: &str = "tok-3f9a0c7e";
    let source = Source::new();
    let server = common::git_http::GitHttp::start(source.tmp.path(), TOKEN);
    let spec = format!("{}/templates.git//golden#v1", server.base);

    source
        .goldpath(&spec, &["list"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("GITHUB_TOKEN"));
    source
        .goldpath(&spec, &["list"])
        .env("GITHUB_TOKEN", "wrong-7c1d")
        .assert()
        .code(3)
        .stderr(predicate::str::contains("wrong-7c1d").not());

    let out = source.tmp.path().join("out");
    let answers = source.work.join("golden/orders-queue/tests/dev.yaml");
    let run = source
        .goldpath(
            &spec,
            &["new", "orders-queue", "--non-interactive", "--answers"],
        )
        .arg(&answers)
        .arg("--out")
        .arg(&out)
        .env("GITHUB_TOKEN", TOKEN)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let shown = [run.stdout, run.stderr].concat();
    assert!(!String::from_utf8_lossy(&shown).contains(TOKEN));
    let record = std::fs::read_to_string(out.join(".goldpath.yaml")).unwrap();
    assert!(
        record.contains(&format!("url: \"{}/templates.git\"", server.base)),
        "{record}"
    );
    assert!(
        !server.seen.lock().unwrap().is_empty(),
        "the server asked for and got credentials"
    );
    assert_eq!(files_containing(&out, TOKEN), Vec::<PathBuf>::new());
    assert_eq!(
        files_containing(&source.cache(), TOKEN),
        Vec::<PathBuf>::new()
    );
}

#[test]
fn update_renders_the_original_from_the_recorded_commit() {
    let source = Source::new();
    let spec = format!("{}//golden#main", source.url());
    let record = source.render(&spec, "module", &[]);
    assert!(record.contains("version: \"0.1.0\""), "{record}");
    let module = source.tmp.path().join("module");
    let readme = module.join("README.md");
    let text = std::fs::read_to_string(&readme).unwrap();
    std::fs::write(
        &readme,
        format!("{text}\nNotes of the team that owns this module.\n"),
    )
    .unwrap();

    // 0.1.0 is kept nowhere but in the recorded commit: no releases/ directory.
    source.bump("0.2.0");
    source
        .goldpath(&spec, &["update"])
        .arg(&module)
        .arg("--non-interactive")
        .assert()
        .success();
    let record = std::fs::read_to_string(module.join(".goldpath.yaml")).unwrap();
    assert!(record.contains("version: \"0.2.0\""), "{record}");
    assert!(record.contains(&source.head()), "{record}");
    let readme = std::fs::read_to_string(&readme).unwrap();
    assert!(
        readme.contains("Notes of the team"),
        "the user's edit survives: {readme}"
    );
}
