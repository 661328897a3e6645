//! Running `template preview`: the terminal, an input thread, a watch on the template's files
//! and a loader thread that reads and renders the template again after each change. The loader
//! is given by the command line, so the UI knows nothing of directories or sources.

use super::preview::{Effect, Event, Preview};
use super::terminal::Screen;
use super::theme::Theme;
use super::watch::{self, Watched};
use super::{input, terminal_error};
use crate::Error;
use crate::preview::Snapshot;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::{Duration, Instant};

/// How the preview starts.
pub struct PreviewOptions {
    /// The fixture to render first (`None`: the first one, or the answers file).
    pub fixture: Option<String>,
    /// The answers come from a file rather than a fixture.
    pub answers_file: bool,
    /// The files whose changes reload the preview.
    pub watched: Watched,
    /// Whether to use colour.
    pub color: bool,
}

/// Runs the preview until the user quits; the terminal is restored before it returns.
/// `load` reads the template again and renders it with a fixture (`None`: the default answers).
pub fn run_preview(
    load: &(dyn Fn(Option<&str>) -> Snapshot + Sync),
    options: PreviewOptions,
    cancel: &AtomicBool,
) -> Result<(), Error> {
    let mut screen = Screen::enter().map_err(terminal_error)?;
    let size = screen.terminal.size().map_err(terminal_error)?;
    let (mut preview, first) = Preview::new(
        options.fixture,
        options.answers_file,
        (size.width, size.height),
    );
    let theme = Theme::new(options.color);
    let (events, inbox) = mpsc::channel::<(Instant, Event)>();
    let (jobs, job_inbox) = mpsc::channel::<(u64, Option<String>)>();
    let stop = Arc::new(AtomicBool::new(false));
    let changes = events.clone();
    let watching = watch::start(options.watched, move || {
        let _ = changes.send((Instant::now(), Event::Changed));
    });
    if let Err(e) = &watching {
        preview.notice = Some(format!("not watching the files ({e}); press r to reload"));
    }

    let result = std::thread::scope(|scope| {
        let loaded = events.clone();
        scope.spawn(move || {
            while let Ok(mut job) = job_inbox.recv() {
                while let Ok(newer) = job_inbox.try_recv() {
                    job = newer;
                }
                let (generation, fixture) = job;
                let snapshot = load(fixture.as_deref());
                let event = Event::Loaded(generation, Box::new(snapshot));
                if loaded.send((Instant::now(), event)).is_err() {
                    return;
                }
            }
        });
        let input_events = events.clone();
        let input_stop = Arc::clone(&stop);
        std::thread::spawn(move || input(&input_events, &input_stop));
        drop(events);

        let mut effects = vec![first];
        let outcome = 'ui: loop {
            for effect in effects.drain(..) {
                match effect {
                    Effect::Load {
                        generation,
                        fixture,
                    } => {
                        if jobs.send((generation, fixture)).is_err() {
                            break 'ui Err(terminal_error(std::io::Error::other(
                                "the preview's loader stopped",
                            )));
                        }
                    }
                    Effect::Exit => break 'ui Ok(()),
                }
            }
            if let Err(e) = screen
                .terminal
                .draw(|f| super::draw::draw_preview(f, &preview, theme))
            {
                break 'ui Err(terminal_error(e));
            }
            let event = loop {
                match inbox.recv_timeout(Duration::from_millis(100)) {
                    Ok((_, event)) => break event,
                    Err(RecvTimeoutError::Timeout) if !cancel.load(Ordering::SeqCst) => {}
                    Err(_) => break 'ui Ok(()),
                }
            };
            effects = preview.handle(event);
        };
        stop.store(true, Ordering::SeqCst);
        drop(jobs);
        outcome
    });
    drop(watching);
    drop(screen);
    result
}
