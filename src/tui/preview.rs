//! `template preview`'s screen: the module a fixture renders, its guardrail findings and the
//! template's lint, reloaded whenever a file of the template changes. Events in, state changes
//! and effects out; no I/O here.

use super::app;
use crate::guardrails::finding::Severity as Guardrail;
use crate::lint::Severity as Lint;
use crate::preview::{Outcome, Snapshot};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

/// Something that happened to the preview.
#[derive(Debug)]
pub enum Event {
    /// A key press.
    Key(KeyEvent),
    /// The terminal's new size.
    Resize(u16, u16),
    /// A file of the template changed.
    Changed,
    /// A load finished: its generation and what it found.
    Loaded(u64, Box<Snapshot>),
    /// A termination signal arrived, or the terminal went away.
    Terminate,
    /// A terminal event the preview does not use.
    Ignored,
}

impl From<app::Event> for Event {
    fn from(event: app::Event) -> Event {
        match event {
            app::Event::Key(key) => Event::Key(key),
            app::Event::Resize(w, h) => Event::Resize(w, h),
            app::Event::Terminate => Event::Terminate,
            _ => Event::Ignored,
        }
    }
}

/// Work for the loop.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Read the template again and render it with this fixture (`None`: the first, or the
    /// answers file).
    Load {
        /// Tags the result, so only the newest load is shown.
        generation: u64,
        /// The fixture to render.
        fixture: Option<String>,
    },
    /// Leave the preview.
    Exit,
}

/// The pane with the keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Pane {
    /// The rendered files.
    #[default]
    Files,
    /// Lint problems and guardrail findings.
    Problems,
}

/// How serious a row of the problems pane is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// A lint error, or the module does not render.
    Error,
    /// A guardrail finding at this severity.
    Finding(Guardrail),
    /// A lint warning (coverage, unused parameters).
    Warning,
}

/// One row of the problems pane.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// How serious it is.
    pub level: Level,
    /// The rule id, or `render` / `answers` for the outcome itself.
    pub rule: String,
    /// Where: `files/main.tf.tera:12`, a rendered file, or empty.
    pub place: String,
    /// What is wrong (and, for lint problems, what to do).
    pub message: String,
}

/// The whole state of the preview.
#[derive(Debug, Default)]
pub struct Preview {
    /// The newest snapshot.
    pub snapshot: Option<Snapshot>,
    /// The newest snapshot that rendered, shown while the newest does not.
    pub last_good: Option<Snapshot>,
    /// The fixture chosen with `f` or `--fixture`; `None` is the first (or the answers file).
    pub fixture: Option<String>,
    /// The answers come from a file, so there are no fixtures to cycle through.
    pub answers_file: bool,
    /// The pane with the keys.
    pub pane: Pane,
    /// The selected rendered file's path, kept across reloads.
    pub path: Option<String>,
    /// The selected row of the problems pane.
    pub problem: usize,
    /// First line of the selected file shown.
    pub scroll: usize,
    /// How many loads have arrived.
    pub loads: u64,
    /// The terminal size.
    pub size: (u16, u16),
    /// A message for the footer, in place of the key hints.
    pub notice: Option<String>,
    generation: u64,
    arrived: u64,
}

impl Preview {
    /// A preview that is about to load for the first time.
    pub fn new(fixture: Option<String>, answers_file: bool, size: (u16, u16)) -> (Preview, Effect) {
        let mut preview = Preview {
            fixture,
            answers_file,
            size,
            ..Preview::default()
        };
        let load = preview.load();
        (preview, load)
    }

    fn load(&mut self) -> Effect {
        self.generation += 1;
        Effect::Load {
            generation: self.generation,
            fixture: self.fixture.clone(),
        }
    }

    /// Whether a load is under way whose result has not arrived.
    pub fn loading(&self) -> bool {
        self.generation > self.arrived
    }

    /// The snapshot whose files are shown, and whether it is older than the newest snapshot.
    pub fn shown(&self) -> Option<(&Snapshot, bool)> {
        match &self.snapshot {
            Some(s) if matches!(s.outcome, Outcome::Rendered(..)) => Some((s, false)),
            _ => self.last_good.as_ref().map(|s| (s, true)),
        }
    }

    /// Paths of the shown module's files, in order.
    pub fn paths(&self) -> Vec<&str> {
        match self.shown() {
            Some((
                Snapshot {
                    outcome: Outcome::Rendered(bundle, _),
                    ..
                },
                _,
            )) => bundle.paths().collect(),
            _ => Vec::new(),
        }
    }

    /// Index of the selected file among [`Preview::paths`].
    pub fn file(&self) -> usize {
        let paths = self.paths();
        self.path
            .as_deref()
            .and_then(|p| paths.iter().position(|q| *q == p))
            .unwrap_or(0)
    }

    /// The problems pane's rows: what stops the render first, then findings, then warnings.
    pub fn items(&self) -> Vec<Item> {
        let Some(snapshot) = &self.snapshot else {
            return Vec::new();
        };
        let lint = |severity: Lint, level: Level| {
            snapshot
                .lint
                .problems
                .iter()
                .filter(move |p| p.severity == severity)
                .map(move |p| Item {
                    level,
                    rule: p.rule.id().to_string(),
                    place: match p.line {
                        Some(line) => format!("{}:{line}", p.file),
                        None => p.file.clone(),
                    },
                    message: format!("{}; {}", p.message, p.fix),
                })
        };
        let mut items: Vec<Item> = lint(Lint::Error, Level::Error).collect();
        let answers = snapshot.answers.clone().unwrap_or_default();
        let outcome = |rule: &str, place: &str, message: &str| Item {
            level: Level::Error,
            rule: rule.into(),
            place: place.into(),
            message: message.into(),
        };
        match &snapshot.outcome {
            // The lint errors say why better than the first error the render met.
            Outcome::Failed(message) if items.is_empty() => {
                items.push(outcome("render", "", message))
            }
            Outcome::Failed(_) => {}
            // A refused fixture is a lint error already; an answers file is not linted.
            Outcome::Refused(_) if items.iter().any(|i| i.place.starts_with(&answers)) => {}
            Outcome::Refused(lines) => {
                items.extend(lines.iter().map(|l| outcome("answers", &answers, l)))
            }
            Outcome::Rendered(_, report) => {
                let mut findings: Vec<_> = report.findings().map(|(_, f)| f).collect();
                findings.sort_by_key(|f| (f.waived.is_some(), std::cmp::Reverse(f.severity)));
                items.extend(findings.into_iter().map(|f| Item {
                    level: Level::Finding(f.severity),
                    rule: f.rule.clone(),
                    place: match (&f.file, f.line) {
                        (Some(file), Some(line)) => format!("{file}:{line}"),
                        (Some(file), None) => file.clone(),
                        _ => String::new(),
                    },
                    message: match &f.waived {
                        Some(reason) => format!("waived: {reason}; {}", f.message),
                        None => f.message.clone(),
                    },
                }));
            }
        }
        items.extend(lint(Lint::Warning, Level::Warning));
        items
    }

    /// Handles one event; returns the effects to carry out.
    pub fn handle(&mut self, event: Event) -> Vec<Effect> {
        match event {
            Event::Key(key) if key.kind != KeyEventKind::Release => self.key(key),
            Event::Key(_) | Event::Ignored => Vec::new(),
            Event::Resize(w, h) => {
                self.size = (w, h);
                Vec::new()
            }
            Event::Changed => vec![self.load()],
            Event::Loaded(generation, snapshot) => {
                if generation == self.generation {
                    self.loads += 1;
                    self.arrived = generation;
                    self.arrived(*snapshot);
                }
                Vec::new()
            }
            Event::Terminate => vec![Effect::Exit],
        }
    }

    fn arrived(&mut self, snapshot: Snapshot) {
        if matches!(snapshot.outcome, Outcome::Rendered(..)) {
            self.last_good = Some(snapshot.clone());
        }
        self.snapshot = Some(snapshot);
        let paths = self.paths();
        if self.path.as_deref().is_none_or(|p| !paths.contains(&p)) {
            self.path = paths.first().map(|p| (*p).to_string());
            self.scroll = 0;
        }
        self.problem = self.problem.min(self.items().len().saturating_sub(1));
    }

    fn key(&mut self, key: KeyEvent) -> Vec<Effect> {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let page = usize::from(self.size.1.saturating_sub(12)).max(1);
        match key.code {
            KeyCode::Char('c') if ctrl => return vec![Effect::Exit],
            KeyCode::Char('q') | KeyCode::Esc => return vec![Effect::Exit],
            KeyCode::Char('r') => return vec![self.load()],
            KeyCode::Char('f') => return self.next_fixture(),
            KeyCode::Tab | KeyCode::BackTab => {
                self.pane = match self.pane {
                    Pane::Files => Pane::Problems,
                    Pane::Problems => Pane::Files,
                };
            }
            KeyCode::Up | KeyCode::Char('k') => self.step(-1),
            KeyCode::Down | KeyCode::Char('j') => self.step(1),
            KeyCode::PageDown | KeyCode::Char(' ') => self.scroll += page,
            KeyCode::PageUp => self.scroll = self.scroll.saturating_sub(page),
            KeyCode::Home => self.scroll = 0,
            _ => {}
        }
        Vec::new()
    }

    fn step(&mut self, by: isize) {
        match self.pane {
            Pane::Files => {
                let paths = self.paths();
                if paths.is_empty() {
                    return;
                }
                let next = self.file().saturating_add_signed(by).min(paths.len() - 1);
                self.path = Some(paths[next].to_string());
                self.scroll = 0;
            }
            Pane::Problems => {
                let last = self.items().len().saturating_sub(1);
                self.problem = self.problem.saturating_add_signed(by).min(last);
            }
        }
    }

    fn next_fixture(&mut self) -> Vec<Effect> {
        let Some(snapshot) = &self.snapshot else {
            return Vec::new();
        };
        if self.answers_file || snapshot.fixtures.len() < 2 {
            return Vec::new();
        }
        let current = snapshot
            .answers
            .as_deref()
            .and_then(|a| a.strip_prefix("tests/"))
            .and_then(|a| snapshot.fixtures.iter().position(|f| f == a))
            .unwrap_or(0);
        self.fixture = Some(snapshot.fixtures[(current + 1) % snapshot.fixtures.len()].clone());
        vec![self.load()]
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::catalog::{RawTemplate, embedded};
    use crate::guardrails::bundle::shipped_policies;
    use crate::preview::{Choice, snapshot};
    use ratatui::crossterm::event::KeyModifiers;

    /// A snapshot of an embedded template, edited first, with the given fixture.
    pub fn shot(
        name: &str,
        fixture: Option<&str>,
        edit: impl FnOnce(&mut RawTemplate),
    ) -> Snapshot {
        let origin = format!("embedded:{name}");
        let (mut raw, others): (Vec<_>, Vec<_>) =
            embedded().into_iter().partition(|r| r.origin == origin);
        let mut raw = raw.pop().expect("embedded template");
        edit(&mut raw);
        let policies = shipped_policies().expect("policies load");
        let areas = crate::lint::policy_areas(&crate::guardrails::files::library_files());
        snapshot(
            raw,
            others,
            &Choice::Fixture(fixture.map(String::from)),
            &policies,
            &areas,
        )
    }

    /// The preview after its first load has arrived.
    pub fn loaded(name: &str, fixture: Option<&str>) -> Preview {
        let (mut preview, _) = Preview::new(fixture.map(String::from), false, (80, 24));
        preview.handle(Event::Loaded(1, Box::new(shot(name, fixture, |_| {}))));
        preview
    }

    fn key(code: KeyCode) -> Event {
        Event::Key(KeyEvent::new(code, KeyModifiers::NONE))
    }

    /// Delivers a change and its load, as the loop would.
    pub fn reload(preview: &mut Preview, shot: Snapshot) {
        let effects = preview.handle(Event::Changed);
        let [Effect::Load { generation, .. }] = effects.as_slice() else {
            panic!("a change loads: {effects:?}");
        };
        preview.handle(Event::Loaded(*generation, Box::new(shot)));
    }

    #[test]
    fn the_first_load_selects_the_first_file() {
        let preview = loaded("s3-secure-bucket", None);
        assert_eq!(preview.loads, 1);
        assert!(!preview.loading());
        assert_eq!(preview.path.as_deref(), Some(preview.paths()[0]));
        assert!(preview.items().iter().all(|i| i.level == Level::Warning));
    }

    #[test]
    fn the_selected_file_survives_a_reload() {
        let mut preview = loaded("s3-secure-bucket", None);
        preview.handle(key(KeyCode::Down));
        preview.handle(key(KeyCode::Down));
        let chosen = preview.path.clone();
        assert_ne!(chosen.as_deref(), Some(preview.paths()[0]));
        reload(&mut preview, shot("s3-secure-bucket", None, |_| {}));
        assert_eq!(preview.path, chosen);
        assert_eq!(preview.loads, 2);
    }

    #[test]
    fn a_stale_load_is_dropped() {
        let mut preview = loaded("s3-secure-bucket", None);
        preview.handle(Event::Changed);
        preview.handle(Event::Changed);
        assert!(preview.loading());
        let broken = shot("s3-secure-bucket", None, |t| t.manifest.push_str("\n[[x\n"));
        preview.handle(Event::Loaded(2, Box::new(broken)));
        assert_eq!(preview.loads, 1, "generation 2 was overtaken by 3");
        assert!(preview.loading());
    }

    #[test]
    fn a_broken_template_keeps_the_last_good_files_and_lists_what_is_wrong() {
        let mut preview = loaded("s3-secure-bucket", None);
        let paths: Vec<String> = preview.paths().iter().map(|p| p.to_string()).collect();
        reload(
            &mut preview,
            shot("s3-secure-bucket", None, |t| t.manifest.push_str("\n[[x\n")),
        );
        let (_, stale) = preview.shown().expect("the last good module");
        assert!(stale);
        assert_eq!(preview.paths(), paths);
        let first = &preview.items()[0];
        assert_eq!(first.level, Level::Error);
        assert_eq!(first.rule, crate::lint::Rule::Manifest.id());
        assert!(first.place.starts_with("template.toml"), "{first:?}");
        reload(&mut preview, shot("s3-secure-bucket", None, |_| {}));
        assert!(!preview.shown().expect("a module").1);
        assert!(preview.items().iter().all(|i| i.level != Level::Error));
    }

    #[test]
    fn f_cycles_through_the_fixtures() {
        let mut preview = loaded("s3-secure-bucket", None);
        let effects = preview.handle(key(KeyCode::Char('f')));
        assert_eq!(
            effects,
            [Effect::Load {
                generation: 2,
                fixture: Some("prod.yaml".into())
            }]
        );
        preview.handle(Event::Loaded(
            2,
            Box::new(shot("s3-secure-bucket", Some("prod.yaml"), |_| {})),
        ));
        let effects = preview.handle(key(KeyCode::Char('f')));
        assert_eq!(
            effects,
            [Effect::Load {
                generation: 3,
                fixture: Some("dev.yaml".into())
            }]
        );
    }

    #[test]
    fn an_answers_file_has_no_fixtures_to_cycle() {
        let (mut preview, _) = Preview::new(None, true, (80, 24));
        preview.handle(Event::Loaded(
            1,
            Box::new(shot("s3-secure-bucket", None, |_| {})),
        ));
        assert!(preview.handle(key(KeyCode::Char('f'))).is_empty());
    }

    #[test]
    fn q_escape_ctrl_c_and_termination_leave() {
        for event in [
            key(KeyCode::Char('q')),
            key(KeyCode::Esc),
            Event::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL)),
            Event::Terminate,
        ] {
            let mut preview = loaded("s3-secure-bucket", None);
            assert_eq!(preview.handle(event), [Effect::Exit]);
        }
    }

    #[test]
    fn tab_moves_the_keys_to_the_problems() {
        let mut preview = loaded("eks-spark", None);
        preview.handle(key(KeyCode::Tab));
        assert_eq!(preview.pane, Pane::Problems);
        let file = preview.path.clone();
        preview.handle(key(KeyCode::Down));
        assert_eq!(preview.problem, 1.min(preview.items().len() - 1));
        assert_eq!(preview.path, file, "the file stays");
    }

    #[test]
    fn paging_scrolls_the_file_and_a_new_file_starts_at_the_top() {
        let mut preview = loaded("s3-secure-bucket", None);
        preview.handle(key(KeyCode::PageDown));
        assert_eq!(preview.scroll, 12);
        preview.handle(key(KeyCode::PageUp));
        assert_eq!(preview.scroll, 0);
        preview.handle(key(KeyCode::PageDown));
        preview.handle(key(KeyCode::Down));
        assert_eq!(preview.scroll, 0);
    }
}
