//! Shared helpers for integration tests: the embedded catalog and its fixtures.

#![allow(dead_code)]

pub mod forges;
pub mod git_http;
pub mod github;
pub mod tmux;

use goldpath::answers::{self, Answers, Inputs};
use goldpath::catalog::{Catalog, Template, embedded};

/// The embedded catalog.
pub fn catalog() -> Catalog {
    Catalog::from_raw(embedded()).expect("embedded templates are valid")
}

/// Every (template, fixture name, answers) of the embedded catalog.
pub fn fixtures() -> Vec<(Template, String, Answers)> {
    let mut out = Vec::new();
    for template in catalog().templates() {
        for (name, text) in &template.fixtures {
            let given = answers::file::parse(text).unwrap_or_else(|e| panic!("{name}: {e:?}"));
            let inputs = Inputs {
                file: given,
                ..Default::default()
            };
            let answers = answers::resolve(&template.manifest, &inputs).unwrap_or_else(|p| {
                panic!(
                    "{} fixture {name} is invalid: {p:?}",
                    template.manifest.name
                )
            });
            out.push((template.clone(), name.clone(), answers));
        }
    }
    assert!(!out.is_empty(), "the catalog has fixtures");
    out
}

/// The goldpath binary under test, with a clean environment.
pub fn bin() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("goldpath").expect("binary is built");
    cmd.env_remove("GOLDPATH_CONFIG").env("NO_COLOR", "1");
    cmd
}

/// Writes a rendered bundle into a fresh temporary directory, as `goldpath new` would.
pub fn write_module(bundle: &goldpath::render::Bundle) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let target = dir.path().join("module");
    let plan = goldpath::output::plan(bundle, &target, false).expect("plan");
    goldpath::output::write(bundle, &plan, &std::sync::atomic::AtomicBool::new(false))
        .expect("write");
    (dir, target)
}

/// A temporary directory holding `files` (path, text), parent directories created.
pub fn files_tree(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (path, text) in files {
        let p = dir.path().join(path);
        std::fs::create_dir_all(p.parent().expect("a file has a parent")).expect("mkdir");
        std::fs::write(p, text).expect("write");
    }
    dir
}

/// `goldpath check DIR ARGS…`, outside GitHub Actions.
pub fn check(dir: &std::path::Path, args: &[&str]) -> assert_cmd::assert::Assert {
    bin()
        .env_remove("GITHUB_ACTIONS")
        .arg("check")
        .arg(dir)
        .args(args)
        .assert()
}

/// Standard base64 of `text`, to build and check HTTP Basic credentials.
pub fn base64(text: &str) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in text.as_bytes().chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// None of `secrets` appears in `output` or in any file below `dir` (what goldpath wrote or
/// cached there).
pub fn assert_no_secret(dir: &std::path::Path, output: &std::process::Output, secrets: &[&str]) {
    for secret in secrets {
        for stream in [&output.stdout, &output.stderr] {
            assert!(
                !String::from_utf8_lossy(stream).contains(secret),
                "a token leaked into the output"
            );
        }
        for file in files_under(dir) {
            let Ok(bytes) = std::fs::read(&file) else {
                continue;
            };
            assert!(
                !bytes.windows(secret.len()).any(|w| w == secret.as_bytes()),
                "a token leaked into {}",
                file.display()
            );
        }
    }
}

/// Every file below `dir`.
pub fn files_under(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    // A git server may still be removing its quarantine directory: skip what vanished.
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for entry in entries.flatten() {
        match entry.file_type() {
            Ok(kind) if kind.is_dir() => out.extend(files_under(&entry.path())),
            Ok(_) => out.push(entry.path()),
            Err(_) => {}
        }
    }
    out
}
