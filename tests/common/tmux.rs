//! Driving the real binary in a real terminal: a private tmux server, keys in, screen out.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// A tmux server of its own (so tests never touch the user's), with one window.
pub struct Tmux {
    socket: String,
}

impl Tmux {
    /// Whether tmux is installed; scripts/test sets GOLDPATH_REQUIRE_TMUX so CI cannot skip.
    pub fn available() -> bool {
        let found = Command::new("tmux")
            .arg("-V")
            .output()
            .is_ok_and(|o| o.status.success());
        if !found && std::env::var_os("GOLDPATH_REQUIRE_TMUX").is_some() {
            panic!("tmux is required (GOLDPATH_REQUIRE_TMUX is set) but not installed");
        }
        found
    }

    /// Starts `command` (a shell command line) in an 80×24 window running in `dir`; its exit
    /// status is printed after it, as `EXIT=<status>`.
    pub fn start(name: &str, dir: &Path, command: &str) -> Tmux {
        let command = format!("{command}; echo EXIT=$?; sleep 120");
        let tmux = Tmux {
            socket: format!("goldpath-test-{name}-{}", std::process::id()),
        };
        tmux.run(&[
            "new-session",
            "-d",
            "-x",
            "80",
            "-y",
            "24",
            "-c",
            dir.to_str().expect("utf-8 temp dir"),
            "env",
            "TERM=xterm-256color",
            "NO_COLOR=1",
            "sh",
            "-c",
            &command,
        ]);
        tmux
    }

    fn run(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(["-f", "/dev/null"])
            .args(args)
            .output()
            .expect("tmux runs");
        assert!(
            out.status.success(),
            "tmux {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Sends keys in tmux's notation (`Enter`, `Escape`, `C-u`, `Space`), one at a time with a
    /// pause so that Escape is never read as Alt plus the next key.
    pub fn keys(&self, keys: &[&str]) {
        for key in keys {
            self.run(&["send-keys", "-t", "0", key]);
            std::thread::sleep(Duration::from_millis(60));
        }
    }

    /// Types text literally.
    pub fn type_text(&self, text: &str) {
        self.run(&["send-keys", "-t", "0", "-l", text]);
        std::thread::sleep(Duration::from_millis(60));
    }

    /// The visible screen.
    pub fn screen(&self) -> String {
        self.run(&["capture-pane", "-p", "-t", "0"])
    }

    /// A tmux format value of the pane, such as `#{alternate_on}`.
    pub fn pane(&self, format: &str) -> String {
        self.run(&["display-message", "-p", "-t", "0", format])
            .trim()
            .to_string()
    }

    /// Waits until the screen shows `text`; panics with the screen after 20 s.
    pub fn wait_for(&self, text: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let screen = self.screen();
            if screen.contains(text) {
                return screen;
            }
            assert!(
                Instant::now() < deadline,
                "waited 20 s for {text:?}; the screen shows:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Waits until the program has exited; returns its exit status.
    pub fn wait_exit(&self) -> i32 {
        let screen = self.wait_for("EXIT=");
        let at = screen.rfind("EXIT=").expect("just seen") + 5;
        screen[at..]
            .split_whitespace()
            .next()
            .and_then(|s| s.parse().ok())
            .expect("a status after EXIT=")
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .output();
    }
}
