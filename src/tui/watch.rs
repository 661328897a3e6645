//! Watching a template directory: file system events in, one "changed" call out per burst of
//! edits, once the files have been quiet for a moment, so a save that writes several files (or
//! an editor's write-then-rename) reloads once.

use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher};
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Duration;

/// How long the files must be quiet before a change is reported.
pub const QUIET: Duration = Duration::from_millis(150);

/// What to watch: directories (with everything below them) and single files.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Watched {
    /// Directories watched recursively.
    pub dirs: Vec<PathBuf>,
    /// Files watched on their own (through their directory, so a save by rename is seen).
    pub files: Vec<PathBuf>,
}

impl Watched {
    /// Whether a change to `path` matters: it is under a watched directory or is a watched file,
    /// and is not an editor's scratch file or inside a `.git` directory.
    pub fn matters(&self, path: &Path) -> bool {
        if scratch(path)
            || path
                .components()
                .any(|c| c == Component::Normal(".git".as_ref()))
        {
            return false;
        }
        self.files.iter().any(|f| f == path) || self.dirs.iter().any(|d| path.starts_with(d))
    }
}

/// Whether `path` is an editor's scratch file: vim's swap files and its `4913` probe, emacs's
/// lock and backup files, and `~` backups.
fn scratch(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    name == "4913"
        || name.ends_with('~')
        || name.starts_with(".#")
        || (name.starts_with('#') && name.ends_with('#'))
        || [".swp", ".swx", ".swo"]
            .iter()
            .any(|ext| name.ends_with(ext))
}

/// A running watch; dropping it stops watching.
pub struct Watch {
    _watcher: RecommendedWatcher,
}

/// Starts watching; `changed` is called on a thread of the watch's own after each burst.
///
/// # Errors
///
/// The platform's watcher cannot start or cannot watch one of the paths.
pub fn start(
    watched: Watched,
    changed: impl Fn() + Send + 'static,
) -> Result<Watch, notify::Error> {
    let (raw, events) = mpsc::channel::<notify::Result<Event>>();
    let mut watcher = notify::recommended_watcher(raw)?;
    for dir in &watched.dirs {
        watcher.watch(dir, RecursiveMode::Recursive)?;
    }
    for file in &watched.files {
        let parent = file.parent().unwrap_or(Path::new("."));
        watcher.watch(parent, RecursiveMode::NonRecursive)?;
    }
    std::thread::spawn(move || {
        let relevant = |event: &notify::Result<Event>| match event {
            Ok(event) => {
                !matches!(event.kind, EventKind::Access(_))
                    && event.paths.iter().any(|p| watched.matters(p))
            }
            // A lost event (a full queue) may hide a change: reload to be sure.
            Err(_) => true,
        };
        while let Ok(event) = events.recv() {
            if !relevant(&event) {
                continue;
            }
            loop {
                match events.recv_timeout(QUIET) {
                    Ok(_) => {}
                    Err(RecvTimeoutError::Timeout) => break,
                    Err(RecvTimeoutError::Disconnected) => return,
                }
            }
            changed();
        }
    });
    Ok(Watch { _watcher: watcher })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc::channel;

    fn watched() -> Watched {
        Watched {
            dirs: vec![PathBuf::from("/t/app"), PathBuf::from("/t/_shared")],
            files: vec![PathBuf::from("/a/answers.yaml")],
        }
    }

    #[test]
    fn files_under_the_template_and_the_answers_file_matter() {
        let w = watched();
        assert!(w.matters(Path::new("/t/app/files/main.tf.tera")));
        assert!(w.matters(Path::new("/t/app/template.toml")));
        assert!(w.matters(Path::new("/t/_shared/partials/tags.tera")));
        assert!(w.matters(Path::new("/a/answers.yaml")));
    }

    #[test]
    fn neighbours_scratch_files_and_git_do_not() {
        let w = watched();
        for path in [
            "/a/other.yaml",
            "/t/other/template.toml",
            "/t/app/files/.main.tf.tera.swp",
            "/t/app/files/main.tf.tera~",
            "/t/app/files/4913",
            "/t/app/files/.#main.tf.tera",
            "/t/app/files/#main.tf.tera#",
            "/t/app/.git/index",
        ] {
            assert!(!w.matters(Path::new(path)), "{path}");
        }
    }

    #[test]
    fn a_burst_of_writes_is_reported_once_after_it_ends() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        let (tx, rx) = channel();
        let _watch = start(
            Watched {
                dirs: vec![root.clone()],
                files: Vec::new(),
            },
            move || tx.send(()).unwrap(),
        )
        .unwrap();
        for i in 0..5 {
            std::fs::write(root.join(format!("f{i}.tf")), "x").unwrap();
        }
        rx.recv_timeout(Duration::from_secs(10))
            .expect("the burst is reported");
        assert!(
            rx.recv_timeout(QUIET * 4).is_err(),
            "one report for one burst"
        );
        std::fs::write(root.join(".f0.tf.swp"), "x").unwrap();
        assert!(
            rx.recv_timeout(QUIET * 4).is_err(),
            "a scratch file is not a change"
        );
        std::fs::write(root.join("f0.tf"), "y").unwrap();
        rx.recv_timeout(Duration::from_secs(10))
            .expect("a later edit is reported");
    }
}
