//! End to end in a real terminal (tmux): the terminal UI and the plain prompts write exactly
//! what `goldpath new --answers` writes for the same answers, and the terminal is restored.

mod common;

use common::tmux::Tmux;
use std::path::Path;

fn bin() -> String {
    env!("CARGO_BIN_EXE_goldpath").to_string()
}

/// Every file below `dir`, relative path and bytes, in order.
fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path.strip_prefix(dir).unwrap().display().to_string();
                out.push((rel, std::fs::read(&path).unwrap()));
            }
        }
    }
    out.sort();
    out
}

fn same_as_cli(dir: &Path, written: &str, template: &str, answers: &str) {
    std::fs::write(dir.join("answers.yaml"), answers).unwrap();
    let status = std::process::Command::new(bin())
        .current_dir(dir)
        .args([
            "new",
            template,
            "--answers",
            "answers.yaml",
            "--out",
            "from-cli",
            "-q",
        ])
        .status()
        .unwrap();
    assert!(status.success());
    let ours = tree(&dir.join(written));
    let cli = tree(&dir.join("from-cli"));
    assert!(ours.len() > 10, "{} files", ours.len());
    assert_eq!(
        ours.iter().map(|(p, _)| p).collect::<Vec<_>>(),
        cli.iter().map(|(p, _)| p).collect::<Vec<_>>()
    );
    for ((path, a), (_, b)) in ours.iter().zip(&cli) {
        assert!(
            a == b,
            "{path} differs from what `goldpath new --answers` writes"
        );
    }
}

/// How many templates the embedded catalog holds, as the catalog screen counts them.
fn template_count() -> usize {
    common::catalog().templates().len()
}

fn templates_heading() -> String {
    format!("Templates ({})", template_count())
}

const IMAGE: &str = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/spark/orders@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

#[test]
fn pick_fill_flip_a_condition_review_and_write() {
    if !Tmux::available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let t = Tmux::start("tui", dir.path(), &bin());
    t.wait_for(&templates_heading());
    t.keys(&["/"]);
    t.type_text("emr");
    t.wait_for(&format!("1 of {}", template_count()));
    t.keys(&["Enter", "Enter"]);
    t.wait_for("✗ 5 to fix");
    for (text, then) in [("orders-etl", "Enter"), ("data", "Enter")] {
        t.type_text(text);
        t.keys(&[then]);
    }
    t.keys(&["Right", "Right", "Down", "Down"]);
    t.type_text("ENG-1234");
    t.keys(&["Enter"]);
    t.type_text("dana@example.com");
    t.keys(&["Enter"]);
    let screen = t.wait_for("✓ valid");
    assert!(screen.contains("‹ staging ›"), "{screen}");
    assert!(!screen.contains("image_uri"));
    for _ in 0..30 {
        t.keys(&["j"]);
    }
    t.keys(&["g"]);
    // Down to use_custom_image and flip it: a field for the image appears.
    let fields: Vec<String> = t
        .screen()
        .lines()
        .map(|l| {
            l.trim_start_matches(['│', ' ', '✗', '›'])
                .split(' ')
                .next()
                .unwrap_or("")
                .to_string()
        })
        .collect();
    let position = fields.iter().position(|f| f == "use_custom_image").unwrap() - 2;
    for _ in 0..position {
        t.keys(&["Down"]);
    }
    t.keys(&["Space"]);
    let screen = t.wait_for("image_uri");
    assert!(screen.contains("✗ 1 to fix"), "{screen}");
    t.keys(&["Down"]);
    t.type_text(IMAGE);
    t.keys(&["Enter"]);
    t.wait_for("✓ valid");
    t.keys(&["Tab"]);
    let screen = t.wait_for("Findings: 0 deny, 0 warn");
    assert!(screen.contains("Files ("), "{screen}");
    t.keys(&["Tab"]);
    t.wait_for("Directory: ./orders-etl");
    t.keys(&["Enter"]);
    assert_eq!(t.wait_exit(), 0, "{}", t.screen());
    t.wait_for("to do the same without a terminal");
    assert_eq!(t.pane("#{alternate_on}"), "0");
    assert_eq!(t.pane("#{mouse_any_flag}"), "0");
    same_as_cli(
        dir.path(),
        "orders-etl",
        "emr-serverless",
        &format!(
            "name: orders-etl\nteam: data\nenvironment: staging\ncost_center: ENG-1234\nowner: dana@example.com\nuse_custom_image: true\nimage_uri: \"{IMAGE}\"\n"
        ),
    );
}

#[test]
fn new_on_a_terminal_opens_the_form_prefilled_and_quit_writes_nothing() {
    if !Tmux::available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let t = Tmux::start(
        "prefill",
        dir.path(),
        &format!(
            "{} new s3-secure-bucket --set name=orders-export --set team=checkout",
            bin()
        ),
    );
    let screen = t.wait_for("✗ 3 to fix");
    assert!(
        screen.contains("orders-export") && screen.contains("checkout"),
        "{screen}"
    );
    t.keys(&["q"]);
    assert_eq!(t.wait_exit(), 0);
    t.wait_for("quit: nothing was written");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn sigterm_restores_the_terminal() {
    if !Tmux::available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let t = Tmux::start("term", dir.path(), &bin());
    t.wait_for(&templates_heading());
    assert_eq!(t.pane("#{alternate_on}"), "1");
    assert_eq!(t.pane("#{mouse_any_flag}"), "1");
    let shell = t.pane("#{pane_pid}");
    let child = std::process::Command::new("pgrep")
        .args(["-P", &shell])
        .output()
        .unwrap();
    let pid = String::from_utf8(child.stdout).unwrap().trim().to_string();
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap();
    assert!(killed.success());
    assert_eq!(t.wait_exit(), 130);
    t.wait_for("error: interrupted; nothing was written");
    assert_eq!(t.pane("#{alternate_on}"), "0", "alternate screen left");
    assert_eq!(t.pane("#{mouse_any_flag}"), "0", "mouse capture off");
}

#[test]
fn plain_prompts_ask_the_same_questions() {
    if !Tmux::available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let t = Tmux::start(
        "plain",
        dir.path(),
        &format!(
            "{} new s3-secure-bucket --plain --set team=checkout --out bucket",
            bin()
        ),
    );
    t.wait_for("name:");
    t.type_text("Bad Name");
    t.keys(&["Enter"]);
    t.wait_for("expected text matching the pattern");
    for _ in 0.."Bad Name".len() {
        t.keys(&["BSpace"]);
    }
    t.type_text("orders-export");
    t.keys(&["Enter"]);
    t.wait_for("team:");
    t.keys(&["Enter"]);
    t.wait_for("environment:");
    t.keys(&["Enter"]);
    t.wait_for("region:");
    t.keys(&["Enter"]);
    t.wait_for("cost_center:");
    t.type_text("ENG-1234");
    t.keys(&["Enter"]);
    t.wait_for("owner:");
    t.type_text("checkout-team@acme.example");
    t.keys(&["Enter"]);
    // Every other question has a default: accept them all.
    while !t.screen().contains("EXIT=") {
        t.keys(&["Enter"]);
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    assert_eq!(t.wait_exit(), 0, "{}", t.screen());
    same_as_cli(
        dir.path(),
        "bucket",
        "s3-secure-bucket",
        "name: orders-export\nteam: checkout\nenvironment: dev\ncost_center: ENG-1234\nowner: checkout-team@acme.example\n",
    );
}

/// The pid of the program the pane's shell runs.
fn child_of_pane(t: &Tmux) -> String {
    let shell = t.pane("#{pane_pid}");
    let out = std::process::Command::new("pgrep")
        .args(["-P", &shell])
        .output()
        .unwrap();
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

fn alive(pid: &str) -> bool {
    std::path::Path::new(&format!("/proc/{pid}")).exists()
        && !std::fs::read_to_string(format!("/proc/{pid}/stat")).is_ok_and(|s| {
            s.split(") ")
                .nth(1)
                .is_some_and(|rest| rest.starts_with('Z'))
        })
}

#[test]
fn a_vanished_terminal_ends_the_ui() {
    if !Tmux::available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let t = Tmux::start("vanish", dir.path(), &bin());
    t.wait_for(&templates_heading());
    let pid = child_of_pane(&t);
    assert!(alive(&pid));
    drop(t);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while alive(&pid) {
        if std::time::Instant::now() > deadline {
            let _ = std::process::Command::new("kill")
                .args(["-9", &pid])
                .status();
            panic!("goldpath kept running after its terminal closed");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

#[test]
fn sigterm_ends_plain_prompts_at_once() {
    if !Tmux::available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let t = Tmux::start(
        "plainterm",
        dir.path(),
        &format!("{} new s3-secure-bucket --plain", bin()),
    );
    t.wait_for("name:");
    let pid = child_of_pane(&t);
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap();
    assert!(killed.success());
    assert_eq!(t.wait_exit(), 130);
    t.wait_for("interrupted; nothing was written");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

/// The monthly total the review's file pane shows: `Files (28) · $4.21/mo`, or
/// `· ≥$4.21/mo` when some items are unpriced.
fn total_on(screen: &str) -> Option<String> {
    let end = screen.find("/mo")?;
    let start = screen[..end].rfind(" · ")? + " · ".len();
    Some(screen[start..end].to_string())
}

#[test]
fn the_review_prices_the_module_and_the_total_moves_with_the_answers() {
    if !Tmux::available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let fixture =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/s3-secure-bucket/tests/prod.yaml");
    let t = Tmux::start(
        "cost",
        dir.path(),
        &format!(
            "{} new s3-secure-bucket --answers {}",
            bin(),
            fixture.display()
        ),
    );
    let screen = t.wait_for("✓ valid");
    assert!(screen.contains("‹ prod ›"), "{screen}");
    t.keys(&["Tab"]);
    let before = total_on(&t.wait_for("/mo")).unwrap();
    t.keys(&["c"]);
    let screen = t.wait_for("Cost: c shows files");
    assert!(
        screen.contains(&format!(
            "{} a month in us-east-1",
            before.trim_start_matches('≥')
        )),
        "{screen}"
    );
    assert!(screen.contains("aws_kms_key.this"), "{screen}");

    t.keys(&["Escape"]);
    t.wait_for("✓ valid");
    t.keys(&["Down", "Down", "Left"]);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while t.screen().contains("‹ prod ›") {
        assert!(std::time::Instant::now() < deadline, "{}", t.screen());
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    t.keys(&["Tab"]);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    let after = loop {
        let screen = t.screen();
        if let Some(total) =
            total_on(&screen).filter(|t| *t != before && !screen.contains("updating"))
        {
            break total;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the total stayed {before}:\n{screen}"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    assert_ne!(after, before);
    t.keys(&["q"]);
    assert_eq!(t.wait_exit(), 0);
}
