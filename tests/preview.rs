//! `goldpath template preview` end to end: the real binary in a real terminal (tmux) watching a
//! real template directory while the test edits it, and the refusals without a terminal.

mod common;

use common::bin;
use common::tmux::Tmux;
use predicates::prelude::*;
use std::path::Path;

/// Copies `from` into `to` (directories created), as an author's checkout would hold it.
fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_tree(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

/// A directory of templates holding `_shared/` and a copy of the embedded `s3-secure-bucket`.
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let templates = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
    for name in ["_shared", "s3-secure-bucket"] {
        copy_tree(&templates.join(name), &dir.path().join(name));
    }
    dir
}

/// Saves the way many editors do: write a temporary file beside it, then rename it over.
fn save(path: &Path, text: &str) {
    let scratch = path.with_extension("goldpath-test-tmp");
    std::fs::write(&scratch, text).unwrap();
    std::fs::rename(&scratch, path).unwrap();
}

fn command(args: &str) -> String {
    format!("{} template preview {args}", env!("CARGO_BIN_EXE_goldpath"))
}

#[test]
fn edits_show_up_errors_point_at_their_line_and_clear_when_fixed() {
    if !Tmux::available() {
        return;
    }
    let dir = workspace();
    let template = dir.path().join("s3-secure-bucket");
    let tmux = Tmux::start("preview", dir.path(), &command("s3-secure-bucket"));
    tmux.wait_for("✓ renders");
    tmux.wait_for("Files (28)");
    assert_eq!(tmux.pane("#{alternate_on}"), "1");

    // A new file and a new version appear without a key press.
    std::fs::write(
        template.join("files/extra.tf"),
        "locals {\n  extra = {{ name }}\n}\n",
    )
    .unwrap();
    tmux.wait_for("Files (29)");
    let manifest_path = template.join("template.toml");
    let manifest = std::fs::read_to_string(&manifest_path).unwrap();
    let bumped = manifest.replacen("version = \"1.1.0\"", "version = \"1.1.1\"", 1);
    assert_ne!(bumped, manifest, "the manifest names its version");
    save(&manifest_path, &bumped);
    tmux.wait_for("s3-secure-bucket 1.1.1");

    // A tera error names its file and line; the last good files stay on screen.
    let main_path = template.join("files/main.tf");
    let main = std::fs::read_to_string(&main_path).unwrap();
    let lines = main.lines().count();
    save(&main_path, &format!("{main}{{% if %}}\n"));
    let screen = tmux.wait_for("TL-SYNTAX-001");
    assert!(
        screen.contains(&format!("files/main.tf:{}", lines + 1)),
        "{screen}"
    );
    assert!(screen.contains("✗ does not render"), "{screen}");
    assert!(screen.contains("last good"), "{screen}");
    save(&main_path, &main);
    let screen = tmux.wait_for("✓ renders");
    assert!(!screen.contains("TL-SYNTAX-001"), "{screen}");

    // A broken manifest, then fixed.
    save(&manifest_path, &format!("{bumped}\nbroken = [\n"));
    let screen = tmux.wait_for("TL-MANIFEST-001 template.toml:");
    assert!(
        screen.contains("s3-secure-bucket 1.1.1"),
        "the name stays: {screen}"
    );
    save(&manifest_path, &bumped);
    tmux.wait_for("✓ renders");

    // Another fixture, then quit: the terminal is restored and the exit status is 0.
    tmux.keys(&["f"]);
    tmux.wait_for("tests/prod.yaml");
    tmux.keys(&["q"]);
    assert_eq!(tmux.wait_exit(), 0);
    assert_eq!(tmux.pane("#{alternate_on}"), "0");
    assert!(
        !dir.path()
            .join("s3-secure-bucket/files/.goldpath.yaml")
            .exists(),
        "a preview writes nothing"
    );
}

#[test]
fn an_answers_file_is_watched_too() {
    if !Tmux::available() {
        return;
    }
    let dir = workspace();
    let answers = dir.path().join("mine.yaml");
    let good = std::fs::read_to_string(dir.path().join("s3-secure-bucket/tests/dev.yaml")).unwrap();
    std::fs::write(&answers, &good).unwrap();
    let tmux = Tmux::start(
        "preview-answers",
        dir.path(),
        &command("s3-secure-bucket --answers mine.yaml"),
    );
    tmux.wait_for("· mine.yaml");
    tmux.wait_for("✓ renders");
    save(
        &answers,
        &good.replace("name: orders-export", "name: Orders_Export"),
    );
    let screen = tmux.wait_for("✗ answers refused");
    assert!(
        screen.contains("name = \"Orders_Export\": expected"),
        "{screen}"
    );
    save(&answers, &good);
    tmux.wait_for("✓ renders");
    tmux.keys(&["q"]);
    assert_eq!(tmux.wait_exit(), 0);
}

#[test]
fn without_a_terminal_it_exits_2_and_says_what_to_run() {
    let dir = workspace();
    bin()
        .current_dir(dir.path())
        .args(["template", "preview", "s3-secure-bucket"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("needs a terminal"))
        .stderr(predicate::str::contains("goldpath template test"));
}

#[test]
fn a_directory_that_is_not_a_template_exits_2() {
    let dir = workspace();
    bin()
        .current_dir(dir.path())
        .args(["template", "preview", "_shared"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("template.toml is missing"));
}

#[test]
fn an_unknown_fixture_exits_2_and_lists_the_fixtures() {
    let dir = workspace();
    bin()
        .current_dir(dir.path())
        .args([
            "template",
            "preview",
            "s3-secure-bucket",
            "--fixture",
            "stage",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no fixture `stage`"))
        .stderr(predicate::str::contains("dev.yaml, prod.yaml"));
}

#[test]
fn a_missing_answers_file_exits_2() {
    let dir = workspace();
    bin()
        .current_dir(dir.path())
        .args([
            "template",
            "preview",
            "s3-secure-bucket",
            "--answers",
            "nope.yaml",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("nope.yaml"));
}
