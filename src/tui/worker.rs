//! The worker thread: renders, checks, and touches the disk, so the UI thread never blocks.

use super::app::Event;
use super::finish::DirState;
use super::review::Rendered;
use crate::answers::Answers;
use crate::catalog::Template;
use crate::guardrails::bundle::shipped_policies;
use crate::guardrails::rego::Policies;
use crate::pipeline;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender};
use std::time::Instant;

/// Work for the worker.
#[derive(Debug)]
pub enum Job {
    /// Render and check answers of the template at a catalog index.
    Render {
        /// Catalog index.
        template: usize,
        /// Form generation.
        generation: u64,
        /// The answers.
        answers: Answers,
    },
    /// Look at an output directory.
    Probe(PathBuf),
    /// Write an answers file.
    Save(PathBuf, String),
    /// Write the module and publish it.
    Publish(super::Delivery),
}

/// Runs jobs until the job channel closes; only the newest of queued renders is done.
pub fn run(
    templates: &[Template],
    publisher: Option<&dyn super::Publisher>,
    jobs: &Receiver<Job>,
    events: &Sender<(Instant, Event)>,
) {
    let policies = shipped_policies().map_err(|e| e.to_string());
    while let Ok(mut job) = jobs.recv() {
        let mut later = Vec::new();
        while let Ok(next) = jobs.try_recv() {
            match (&job, next) {
                (Job::Render { .. }, newer @ Job::Render { .. }) => job = newer,
                (_, other) => later.push(other),
            }
        }
        for job in std::iter::once(job).chain(later) {
            let event = match job {
                Job::Render {
                    template,
                    generation,
                    answers,
                } => Event::Rendered(render_now(
                    &templates[template],
                    generation,
                    &answers,
                    &policies,
                )),
                Job::Probe(dir) => {
                    let state = probe(&dir);
                    Event::Probed(dir, state)
                }
                Job::Save(path, text) => Event::Saved(save(&path, &text)),
                Job::Publish(delivery) => {
                    let progress = |line: String| {
                        let _ = events.send((Instant::now(), Event::Progress(line)));
                    };
                    Event::Published(match publisher {
                        Some(publisher) => publisher.deliver(&delivery, &progress),
                        None => Err("no registry is configured".into()),
                    })
                }
            };
            if events.send((Instant::now(), event)).is_err() {
                return;
            }
        }
    }
}

/// Renders and checks answers on the calling thread.
pub(super) fn render_now(
    template: &Template,
    generation: u64,
    answers: &Answers,
    policies: &Result<Policies, String>,
) -> Rendered {
    let outcome = policies
        .as_ref()
        .map_err(Clone::clone)
        .and_then(|policies| {
            pipeline::preview(template, answers, &pipeline::Guards::new(policies))
                .map_err(|e| e.to_string())
        });
    let (outcome, cost) = match outcome {
        Ok(review) => (
            Ok((review.bundle, review.report)),
            Some(Box::new(review.cost)),
        ),
        Err(e) => (Err(e), None),
    };
    Rendered {
        template: template.manifest.name.clone(),
        generation,
        outcome,
        cost,
    }
}

fn probe(dir: &Path) -> DirState {
    match std::fs::symlink_metadata(dir) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => DirState::Missing,
        Err(e) => DirState::Unusable(e.to_string()),
        Ok(meta) if !meta.is_dir() => DirState::Unusable("it is not a directory".into()),
        Ok(_) => match std::fs::read_dir(dir) {
            Ok(entries) => match entries.count() {
                0 => DirState::Empty,
                n => DirState::NonEmpty(n),
            },
            Err(e) => DirState::Unusable(e.to_string()),
        },
    }
}

/// Writes the answers file, refusing to replace an existing file.
fn save(path: &Path, text: &str) -> Result<PathBuf, String> {
    use std::io::Write;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => {
                format!("{} exists; choose another name", path.display())
            }
            _ => format!("{}: {e}", path.display()),
        })?;
    file.write_all(text.as_bytes())
        .map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(path.to_path_buf())
}
