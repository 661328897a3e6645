//! The terminal UI: catalog, form, live review, finish. It only collects answers and shows
//! results; rendering, checking and writing are the same library calls the CLI makes.
//!
//! Three threads: the UI thread (state and drawing), an input thread (terminal events and the
//! termination flag), and a worker (render, check, disk). The UI thread never blocks on work.

pub mod app;
mod catalog;
pub mod draw;
mod edit;
pub mod finish;
pub mod form;
mod layout;
mod live;
pub mod preview;
pub mod review;
mod terminal;
pub mod theme;
mod watch;
mod worker;

use crate::Error;
use crate::answers::Inputs;
use crate::catalog::Template;
use app::{App, Effect, Event, Exit};
use ratatui::crossterm::clipboard::CopyToClipboard;
use ratatui::crossterm::event::{self, Event as TermEvent};
use ratatui::crossterm::execute;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};
use theme::Theme;

pub use live::{PreviewOptions, run_preview};
pub use watch::Watched;

/// How the UI starts and how it looks.
pub struct Options<'p> {
    /// Open this template's form (a catalog index) with these inputs, instead of the catalog.
    pub start: Option<(usize, Inputs)>,
    /// Whether to use colour.
    pub color: bool,
    /// When the process started, for the first-frame figure.
    pub started: Instant,
    /// Where to append timing figures (`GOLDPATH_TUI_TRACE`), for the benchmarks.
    pub trace: Option<PathBuf>,
    /// Writes and publishes from the finish screen, when a registry is configured.
    pub publisher: Option<&'p dyn Publisher>,
    /// The directory to offer on the finish screen (`--out`).
    pub out: Option<PathBuf>,
}

/// A module the finish screen asked for: the answers and where to write them.
#[derive(Debug, Clone, PartialEq)]
pub struct Delivery {
    /// Template name.
    pub template: String,
    /// The answers, as form inputs.
    pub inputs: Inputs,
    /// The output directory.
    pub out: PathBuf,
    /// The user agreed to write into a non-empty directory.
    pub force: bool,
    /// The user agreed to write despite deny findings.
    pub allow_violations: bool,
}

/// Writes a module and publishes it for the finish screen. The command line provides it, so
/// the UI knows nothing of git, GitHub or the config; it runs on the worker thread.
pub trait Publisher: Sync {
    /// Where modules go, for the finish screen.
    fn registry(&self) -> String;
    /// Writes the module, then publishes it, reporting each step to `progress`; returns the
    /// line to show when done (the pull request's link) or what went wrong.
    fn deliver(&self, delivery: &Delivery, progress: &dyn Fn(String)) -> Result<String, String>;
}

/// Runs the UI until the user finishes or quits; the terminal is restored before it returns.
pub fn run(
    templates: &[Template],
    options: Options<'_>,
    cancel: &AtomicBool,
) -> Result<Exit, Error> {
    let Options {
        start,
        color,
        started,
        trace: trace_path,
        publisher,
        out,
    } = options;
    let mut screen = terminal::Screen::enter().map_err(terminal_error)?;
    let size = screen.terminal.size().map_err(terminal_error)?;
    let mut app = App::new(templates, (size.width, size.height));
    app.registry = publisher.map(|p| p.registry());
    app.out = out;
    let theme = Theme::new(color);
    let (events, inbox) = mpsc::channel::<(Instant, Event)>();
    let (jobs, job_inbox) = mpsc::channel::<worker::Job>();
    let stop = Arc::new(AtomicBool::new(false));
    let mut trace = Trace {
        started,
        enabled: trace_path.is_some(),
        first_frame: None,
        keys: Vec::new(),
        pending: None,
    };

    let result = std::thread::scope(|scope| {
        let worker_events = events.clone();
        scope.spawn(move || worker::run(templates, publisher, &job_inbox, &worker_events));
        // Not scoped: if the terminal vanishes, crossterm can stay inside its poll for good, and
        // leaving must not wait for it.
        let input_events = events.clone();
        let input_stop = Arc::clone(&stop);
        std::thread::spawn(move || input(&input_events, &input_stop));
        drop(events);

        let mut effects = match start {
            Some((index, inputs)) => app.open(index, inputs),
            None => Vec::new(),
        };
        let exit = 'ui: loop {
            for effect in effects.drain(..) {
                let job = match effect {
                    Effect::Render {
                        template,
                        generation,
                        answers,
                    } => worker::Job::Render {
                        template,
                        generation,
                        answers,
                    },
                    Effect::Probe(dir) => worker::Job::Probe(dir),
                    Effect::Save(path, text) => worker::Job::Save(path, text),
                    Effect::Publish(delivery) => worker::Job::Publish(delivery),
                    Effect::Copy(text) => {
                        let _ =
                            execute!(std::io::stdout(), CopyToClipboard::to_clipboard_from(text));
                        continue;
                    }
                    Effect::Exit(exit) => break 'ui Ok(exit),
                };
                if jobs.send(job).is_err() {
                    break 'ui Err(terminal_error(std::io::Error::other(
                        "the render worker stopped",
                    )));
                }
            }
            if let Err(e) = screen.terminal.draw(|f| draw::draw(f, &app, theme)) {
                break 'ui Err(terminal_error(e));
            }
            trace.frame();
            // The termination flag (SIGTERM, SIGHUP) is watched here, so a dead terminal that
            // sends no more events still ends the UI.
            let (at, event) = loop {
                match inbox.recv_timeout(Duration::from_millis(100)) {
                    Ok(pair) => break pair,
                    Err(RecvTimeoutError::Timeout) if !cancel.load(Ordering::SeqCst) => {}
                    Err(_) => break 'ui Ok(Exit::Terminated),
                }
            };
            trace.pending = matches!(event, Event::Key(_)).then_some(at);
            effects = app.handle(event);
        };
        stop.store(true, Ordering::SeqCst);
        drop(jobs);
        exit
    });
    drop(screen);
    if let Some(path) = &trace_path {
        trace.write(path);
    }
    result
}

/// Whether this terminal can host the full-screen UI: TERM must be set and not `dumb`.
pub fn can_host() -> bool {
    std::env::var("TERM").is_ok_and(|t| !t.is_empty() && t != "dumb")
}

/// Reads terminal events until told to stop or the UI has gone.
fn input<E: From<Event>>(events: &Sender<(Instant, E)>, stop: &AtomicBool) {
    while !stop.load(Ordering::SeqCst) {
        match event::poll(Duration::from_millis(50)) {
            Ok(false) => continue,
            Ok(true) => {}
            Err(_) => {
                let _ = events.send((Instant::now(), Event::Terminate.into()));
                return;
            }
        }
        let event = match event::read() {
            Ok(TermEvent::Key(key)) => Event::Key(key),
            Ok(TermEvent::Mouse(mouse)) => Event::Mouse(mouse),
            Ok(TermEvent::Paste(text)) => Event::Paste(text),
            Ok(TermEvent::Resize(w, h)) => Event::Resize(w, h),
            Ok(_) => continue,
            Err(_) => Event::Terminate,
        };
        if events.send((Instant::now(), event.into())).is_err() {
            return;
        }
    }
}

pub(crate) fn terminal_error(source: std::io::Error) -> Error {
    Error::Terminal { source }
}

/// Timing figures: process start to first frame, and key press to frame drawn.
struct Trace {
    started: Instant,
    enabled: bool,
    first_frame: Option<Duration>,
    keys: Vec<Duration>,
    pending: Option<Instant>,
}

impl Trace {
    fn frame(&mut self) {
        if !self.enabled {
            return;
        }
        if self.first_frame.is_none() {
            self.first_frame = Some(self.started.elapsed());
        }
        if let Some(at) = self.pending.take() {
            self.keys.push(at.elapsed());
        }
    }

    fn write(&self, path: &std::path::Path) {
        use std::fmt::Write as _;
        let mut out = String::new();
        if let Some(first) = self.first_frame {
            let _ = writeln!(out, "first_frame_us {}", first.as_micros());
        }
        for key in &self.keys {
            let _ = writeln!(out, "key_to_frame_us {}", key.as_micros());
        }
        let appended = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .and_then(|mut f| std::io::Write::write_all(&mut f, out.as_bytes()));
        if let Err(e) = appended {
            eprintln!("warning: cannot write the trace to {}: {e}", path.display());
        }
    }
}

#[cfg(test)]
pub(crate) mod testing {
    //! Helpers for the UI's tests: the embedded catalog, keys, and synchronous renders.

    use super::app::{App, Effect, Event};
    use crate::answers::{Inputs, file};
    use crate::catalog::{Catalog, embedded};
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    use std::sync::OnceLock;

    /// The embedded catalog, built once.
    pub fn catalog() -> &'static Catalog {
        static CATALOG: OnceLock<Catalog> = OnceLock::new();
        CATALOG.get_or_init(|| Catalog::from_raw(embedded()).expect("embedded catalog is valid"))
    }

    /// A key press without modifiers.
    pub fn key(code: KeyCode) -> Event {
        Event::Key(KeyEvent::new(code, KeyModifiers::NONE))
    }

    /// A key press with Ctrl.
    pub fn ctrl(c: char) -> Event {
        Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
    }

    /// Types each character of `text`.
    pub fn typing(app: &mut App<'_>, text: &str) -> Vec<Effect> {
        text.chars()
            .flat_map(|c| app.handle(key(KeyCode::Char(c))))
            .collect()
    }

    /// Catalog index of a template.
    pub fn index(name: &str) -> usize {
        catalog()
            .templates()
            .iter()
            .position(|t| t.manifest.name == name)
            .expect("template exists")
    }

    /// The app on a template's form, filled from one of its fixtures (`None`: empty form).
    pub fn app_on(name: &str, fixture: Option<&str>) -> App<'static> {
        let templates = catalog().templates();
        let mut app = App::new(templates, (80, 24));
        let inputs = match fixture {
            Some(fixture) => {
                let template = &templates[index(name)];
                let (_, text) = template
                    .fixtures
                    .iter()
                    .find(|(n, _)| n.starts_with(fixture))
                    .expect("fixture exists");
                Inputs {
                    file: file::parse(text).expect("fixture parses"),
                    ..Default::default()
                }
            }
            None => Inputs::default(),
        };
        let effects = app.open(index(name), inputs);
        finish_renders(&mut app, effects);
        app
    }

    /// Carries out render effects synchronously, as the worker would.
    pub fn finish_renders(app: &mut App<'static>, effects: Vec<Effect>) -> Vec<Effect> {
        let policies = crate::guardrails::bundle::shipped_policies().map_err(|e| e.to_string());
        let mut rest = Vec::new();
        let mut queue = effects;
        while let Some(effect) = queue.pop() {
            match effect {
                Effect::Render {
                    template,
                    generation,
                    answers,
                } => {
                    let rendered = super::worker::render_now(
                        &catalog().templates()[template],
                        generation,
                        &answers,
                        &policies,
                    );
                    queue.extend(app.handle(Event::Rendered(rendered)));
                }
                other => rest.push(other),
            }
        }
        rest
    }
}
