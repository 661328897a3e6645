//! The application state machine: events in, state changes and effects out. No I/O here; the
//! loop in `mod.rs` carries effects out (render in the worker, probe a directory, copy).

use super::Delivery;
use super::catalog::CatalogView;
use super::finish::{Choice, Confirm, DirState, FinishView};
use super::form::{Form, Mode};
use super::layout;
use super::review::{Pane, Rendered, ReviewView};
use crate::answers::{Answers, Inputs};
use crate::catalog::Template;
use crate::catalog::manifest::Kind;
use crate::guardrails::finding::Severity;
use ratatui::crossterm::event::{
    KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use ratatui::layout::{Position, Rect};
use std::path::{Path, PathBuf};

/// The screens, in the order a run goes through them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    /// Pick a template.
    Catalog,
    /// Answer its questions.
    Form,
    /// Look at the rendered module, its findings and the answers.
    Review,
    /// Write (or publish) it.
    Finish,
}

/// Something that happened: a key, the mouse, a paste, a resize, or a worker's answer.
#[derive(Debug)]
pub enum Event {
    /// A key press.
    Key(KeyEvent),
    /// A mouse action.
    Mouse(MouseEvent),
    /// Pasted text.
    Paste(String),
    /// The terminal's new size.
    Resize(u16, u16),
    /// The worker rendered some answers.
    Rendered(Rendered),
    /// The worker looked at the output directory.
    Probed(PathBuf, DirState),
    /// The worker saved the answers file (or could not).
    Saved(Result<PathBuf, String>),
    /// A step of the publish in progress.
    Progress(String),
    /// The publish ended: the line to show, or what went wrong.
    Published(Result<String, String>),
    /// A termination signal arrived.
    Terminate,
}

/// Work for the loop to carry out.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Render these answers of the template at this catalog index, in the worker.
    Render {
        /// Catalog index of the template.
        template: usize,
        /// The form generation of the answers.
        generation: u64,
        /// The answers.
        answers: Answers,
    },
    /// Look at a directory, in the worker.
    Probe(PathBuf),
    /// Save the answers file, in the worker.
    Save(PathBuf, String),
    /// Put text on the clipboard (OSC 52).
    Copy(String),
    /// Write the module and publish it, in the worker.
    Publish(Delivery),
    /// Leave the terminal UI.
    Exit(Exit),
}

/// How the terminal UI ended.
#[derive(Debug, Clone, PartialEq)]
pub enum Exit {
    /// The user quit; nothing is written.
    Quit,
    /// A termination signal ended it.
    Terminated,
    /// Write the module: the CLI renders these inputs and writes them, exactly as `new` does.
    Write(Delivery),
    /// The module was written and published from the finish screen; the line says where.
    Published(Delivery, String),
}

/// The whole state of the terminal UI.
pub struct App<'t> {
    /// The catalog's templates.
    pub templates: &'t [Template],
    /// The screen shown.
    pub screen: Screen,
    /// Catalog screen state.
    pub catalog: CatalogView,
    /// Forms of the templates opened so far, kept so going back loses nothing.
    pub forms: Vec<(usize, Form<'t>)>,
    /// Catalog index of the template being worked on.
    pub current: Option<usize>,
    /// The latest render.
    pub rendered: Option<Rendered>,
    /// Review screen state.
    pub review: ReviewView,
    /// Finish screen state.
    pub finish: FinishView,
    /// Whether the help overlay is shown.
    pub help: bool,
    /// A one-line message for the footer.
    pub status: Option<String>,
    /// The terminal size.
    pub size: (u16, u16),
    /// The registry repository, when publishing is configured.
    pub registry: Option<String>,
    /// The output directory given on the command line.
    pub out: Option<PathBuf>,
    requested: Option<(usize, u64)>,
}

impl<'t> App<'t> {
    /// A new UI on the catalog screen.
    pub fn new(templates: &'t [Template], size: (u16, u16)) -> App<'t> {
        App {
            templates,
            screen: Screen::Catalog,
            catalog: CatalogView::default(),
            forms: Vec::new(),
            current: None,
            rendered: None,
            review: ReviewView::default(),
            finish: FinishView::default(),
            help: false,
            status: None,
            size,
            registry: None,
            out: None,
            requested: None,
        }
    }

    /// Opens the form of the template at `index`, with `inputs` when it is opened the first time.
    pub fn open(&mut self, index: usize, inputs: Inputs) -> Vec<Effect> {
        if !self.forms.iter().any(|(i, _)| *i == index) {
            let template = &self.templates[index];
            let inputs = inputs.into_form(&template.manifest);
            self.forms.push((index, Form::new(template, inputs)));
        }
        if self.current != Some(index) {
            self.rendered = None;
            self.review = ReviewView::default();
            self.finish = FinishView::default();
        }
        self.current = Some(index);
        self.screen = Screen::Form;
        if !self.catalog.matches(self.templates).contains(&index) {
            self.catalog = CatalogView::default();
        }
        self.catalog.selected = self
            .catalog
            .matches(self.templates)
            .iter()
            .position(|i| *i == index)
            .unwrap_or(0);
        self.after_change()
    }

    /// The form being worked on.
    pub fn form(&self) -> Option<&Form<'t>> {
        let current = self.current?;
        self.forms
            .iter()
            .find(|(i, _)| *i == current)
            .map(|(_, f)| f)
    }

    fn form_mut(&mut self) -> Option<&mut Form<'t>> {
        let current = self.current?;
        self.forms
            .iter_mut()
            .find(|(i, _)| *i == current)
            .map(|(_, f)| f)
    }

    /// The render of the form's current answers, when it has arrived.
    pub fn fresh_render(&self) -> Option<&Rendered> {
        let form = self.form()?;
        self.rendered.as_ref().filter(|r| {
            r.generation == form.generation && r.template == form.template.manifest.name
        })
    }

    /// Handles one event; returns the effects to carry out.
    pub fn handle(&mut self, event: Event) -> Vec<Effect> {
        let mut effects = match event {
            Event::Key(key) if key.kind != KeyEventKind::Release => self.key(key),
            Event::Key(_) => Vec::new(),
            Event::Mouse(mouse) => {
                self.mouse(mouse);
                Vec::new()
            }
            Event::Paste(text) => {
                self.paste(&text);
                Vec::new()
            }
            Event::Resize(w, h) => {
                self.size = (w, h);
                Vec::new()
            }
            Event::Rendered(rendered) => {
                self.rendered = Some(rendered);
                self.clamp_review();
                if self.finish.queued && self.fresh_render().is_some() {
                    self.finish.queued = false;
                    self.start_write()
                } else {
                    Vec::new()
                }
            }
            Event::Probed(dir, state) => self.probed(dir, state),
            Event::Saved(result) => {
                self.status = Some(match result {
                    Ok(path) => format!("answers saved to {}", path.display()),
                    Err(message) => format!("could not save the answers: {message}"),
                });
                Vec::new()
            }
            Event::Progress(line) => {
                self.finish.log.push(line);
                Vec::new()
            }
            Event::Published(result) => {
                let delivery = self.finish.publishing.take();
                match (result, delivery) {
                    (Ok(line), Some(delivery)) => self.finish.published = Some((delivery, line)),
                    (Err(message), _) => self.finish.message = Some(message),
                    (Ok(_), None) => {}
                }
                Vec::new()
            }
            Event::Terminate => vec![Effect::Exit(Exit::Terminated)],
        };
        effects.extend(self.after_change());
        effects
    }

    /// Asks for a render when the answers changed and are valid.
    fn after_change(&mut self) -> Vec<Effect> {
        let (Some(index), Some(form)) = (self.current, self.form()) else {
            return Vec::new();
        };
        let key = (index, form.generation);
        if !form.is_valid() || self.requested == Some(key) {
            return Vec::new();
        }
        let answers = form.resolution().answers.clone();
        self.requested = Some(key);
        vec![Effect::Render {
            template: index,
            generation: key.1,
            answers,
        }]
    }

    fn typing(&self) -> bool {
        match self.screen {
            Screen::Catalog => self.catalog.filtering,
            Screen::Form => self.form().is_some_and(|f| match &f.mode {
                Mode::Text { .. } => true,
                Mode::List { item, .. } => item.is_some(),
                Mode::Browse => false,
            }),
            Screen::Review => self.review.save_as.is_some(),
            Screen::Finish => self.finish.editing,
        }
    }

    fn key(&mut self, key: KeyEvent) -> Vec<Effect> {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        if ctrl && key.code == KeyCode::Char('c') {
            return vec![Effect::Exit(Exit::Quit)];
        }
        if self.help {
            self.help = false;
            return Vec::new();
        }
        self.status = None;
        if !self.typing() && key.code == KeyCode::Char('?') {
            self.help = true;
            return Vec::new();
        }
        match self.screen {
            Screen::Catalog => self.catalog_key(key),
            Screen::Form => self.form_key(key),
            Screen::Review => self.review_key(key),
            Screen::Finish => self.finish_key(key),
        }
    }

    fn catalog_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        let templates = self.templates;
        if self.catalog.filtering {
            match key.code {
                KeyCode::Esc => {
                    self.catalog.edit_filter(|f| f.clear());
                    self.catalog.filtering = false;
                }
                KeyCode::Enter | KeyCode::Down | KeyCode::Tab => self.catalog.filtering = false,
                _ => edit_line(key, |change| self.catalog.edit_filter(change)),
            }
            return Vec::new();
        }
        match key.code {
            KeyCode::Char('q') | KeyCode::Esc => return vec![Effect::Exit(Exit::Quit)],
            KeyCode::Char('/') => self.catalog.filtering = true,
            KeyCode::Down | KeyCode::Char('j') => self.catalog.move_by(1, templates),
            KeyCode::Up | KeyCode::Char('k') => self.catalog.move_by(-1, templates),
            KeyCode::Home | KeyCode::Char('g') => self.catalog.selected = 0,
            KeyCode::End | KeyCode::Char('G') => self.catalog.move_by(isize::MAX, templates),
            KeyCode::Enter | KeyCode::Right | KeyCode::Char('l') | KeyCode::Tab => {
                if let Some(index) = self.catalog.current(templates) {
                    return self.open(index, Inputs::default());
                }
            }
            _ => {}
        }
        Vec::new()
    }

    fn form_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        let Some(form) = self.form_mut() else {
            self.screen = Screen::Catalog;
            return Vec::new();
        };
        match &form.mode {
            Mode::Text { .. } => match key.code {
                KeyCode::Esc => form.cancel(),
                KeyCode::Enter | KeyCode::Down | KeyCode::Tab => form.move_focus(1),
                KeyCode::Up | KeyCode::BackTab => form.move_focus(-1),
                _ => {
                    edit_line(key, |change| form.edit_text(change));
                }
            },
            Mode::List { item: Some(_), .. } => match key.code {
                KeyCode::Esc => form.cancel(),
                KeyCode::Enter => form.commit(),
                _ => {
                    edit_line(key, |change| form.edit_text(change));
                }
            },
            Mode::List { item: None, .. } => {
                let choices = form.focused().is_some_and(|p| !p.choices.is_empty());
                match key.code {
                    KeyCode::Esc | KeyCode::Char('q') => form.list_close(),
                    KeyCode::Down | KeyCode::Char('j') => form.list_move(1, false),
                    KeyCode::Up | KeyCode::Char('k') => form.list_move(-1, false),
                    KeyCode::Char('J') if !choices => form.list_move(1, true),
                    KeyCode::Char('K') if !choices => form.list_move(-1, true),
                    KeyCode::Char(' ') | KeyCode::Enter if choices => form.list_toggle_choice(),
                    KeyCode::Char('a' | 'o') | KeyCode::Insert if !choices => form.list_add(),
                    KeyCode::Enter | KeyCode::Char('e') if !choices => form.list_edit(),
                    KeyCode::Char('d') | KeyCode::Delete if !choices => form.list_remove(),
                    _ => {}
                }
            }
            Mode::Browse => match key.code {
                KeyCode::Esc | KeyCode::BackTab => self.screen = Screen::Catalog,
                KeyCode::Tab | KeyCode::Char('r') => self.screen = Screen::Review,
                KeyCode::Char('q') => return vec![Effect::Exit(Exit::Quit)],
                KeyCode::Down | KeyCode::Char('j') => form.move_focus(1),
                KeyCode::Up | KeyCode::Char('k') => form.move_focus(-1),
                KeyCode::Home | KeyCode::Char('g') => form.focus_at(0),
                KeyCode::End | KeyCode::Char('G') => form.focus_at(usize::MAX),
                KeyCode::Enter | KeyCode::Char('e') => form.activate(),
                KeyCode::Char(' ') => match form.focused().map(|p| p.kind) {
                    Some(Kind::Boolean) => form.toggle(),
                    Some(Kind::Choice) => form.cycle(1),
                    _ => form.activate(),
                },
                KeyCode::Right | KeyCode::Char('l') => step(form, 1),
                KeyCode::Left | KeyCode::Char('h') => step(form, -1),
                // Typing on a text field starts editing it, replacing nothing: forgiving.
                KeyCode::Char(c)
                    if !key.modifiers.contains(KeyModifiers::CONTROL)
                        && form
                            .focused()
                            .is_some_and(|p| matches!(p.kind, Kind::String | Kind::Integer)) =>
                {
                    form.activate();
                    form.edit_text(|e| e.insert(c));
                }
                _ => {}
            },
        }
        Vec::new()
    }

    fn review_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        if let Some(save_as) = &mut self.review.save_as {
            match key.code {
                KeyCode::Esc => self.review.save_as = None,
                KeyCode::Enter => {
                    let path = PathBuf::from(save_as.text());
                    self.review.save_as = None;
                    if let Some(form) = self.form() {
                        let yaml = crate::render::answers_yaml(&form.resolution().answers);
                        return vec![Effect::Save(path, yaml)];
                    }
                }
                _ => {
                    edit_line(key, |change| change(save_as));
                }
            }
            return Vec::new();
        }
        let page = usize::from(layout::review(self.area()).preview.height.saturating_sub(2)).max(1);
        match key.code {
            KeyCode::Esc | KeyCode::BackTab => self.screen = Screen::Form,
            KeyCode::Tab => {
                self.screen = Screen::Finish;
                if self.finish.dir.text().is_empty() {
                    self.finish.dir = super::edit::LineEdit::new(self.default_dir());
                }
            }
            KeyCode::Char('q') => return vec![Effect::Exit(Exit::Quit)],
            KeyCode::Char('f') => {
                self.review.pane = match self.review.pane {
                    Pane::Files => Pane::Findings,
                    Pane::Findings => Pane::Files,
                }
            }
            KeyCode::Char('a') => {
                self.review.answers = !self.review.answers;
                self.review.cost = false;
                self.review.scroll = 0;
            }
            KeyCode::Char('c') => {
                self.review.cost = !self.review.cost;
                self.review.answers = false;
                self.review.scroll = 0;
            }
            KeyCode::Char('y') => {
                if let Some(form) = self.form() {
                    let yaml = crate::render::answers_yaml(&form.resolution().answers);
                    self.status = Some("answers copied to the clipboard (OSC 52)".into());
                    return vec![Effect::Copy(yaml)];
                }
            }
            KeyCode::Char('s') => {
                let name = self.default_dir();
                self.review.save_as = Some(super::edit::LineEdit::new(format!(
                    "{}.answers.yaml",
                    name.trim_start_matches("./")
                )));
            }
            KeyCode::Down | KeyCode::Char('j') => self.select(1),
            KeyCode::Up | KeyCode::Char('k') => self.select(-1),
            KeyCode::Enter if self.review.pane == Pane::Findings => self.jump_to_finding(),
            KeyCode::PageDown | KeyCode::Char(' ') | KeyCode::Char('J') => {
                self.scroll(page as isize)
            }
            KeyCode::PageUp | KeyCode::Char('K') => self.scroll(-(page as isize)),
            KeyCode::Char('d') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                self.scroll(page as isize / 2)
            }
            KeyCode::Char('u') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                self.scroll(-(page as isize) / 2)
            }
            KeyCode::Home | KeyCode::Char('g') => self.review.scroll = 0,
            _ => {}
        }
        Vec::new()
    }

    fn finish_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        if self.finish.publishing.is_some() {
            return Vec::new();
        }
        if let Some((delivery, line)) = &self.finish.published {
            return match key.code {
                KeyCode::Enter | KeyCode::Char('q') | KeyCode::Esc => vec![Effect::Exit(
                    Exit::Published(delivery.clone(), line.clone()),
                )],
                _ => Vec::new(),
            };
        }
        if let Some(confirm) = self.finish.confirm.clone() {
            match key.code {
                KeyCode::Char('y' | 'Y') => {
                    self.finish.confirm = None;
                    return match confirm {
                        Confirm::NonEmpty { .. } => {
                            self.finish.force = true;
                            self.proceed(false)
                        }
                        Confirm::Violations { .. } => self.proceed(true),
                    };
                }
                KeyCode::Char('n' | 'N') | KeyCode::Esc => {
                    self.finish.confirm = None;
                    self.finish.force = false;
                }
                _ => {}
            }
            return Vec::new();
        }
        if self.finish.editing {
            match key.code {
                KeyCode::Esc => self.finish.editing = false,
                KeyCode::Enter => {
                    self.finish.editing = false;
                    return self.start_write();
                }
                _ => {
                    edit_line(key, |change| {
                        change(&mut self.finish.dir);
                        self.finish.force = false;
                    });
                }
            }
            return Vec::new();
        }
        match key.code {
            KeyCode::Esc | KeyCode::BackTab => self.screen = Screen::Review,
            KeyCode::Char('q') => return vec![Effect::Exit(Exit::Quit)],
            KeyCode::Down | KeyCode::Char('j') => self.finish.choice = Choice::Publish,
            KeyCode::Up | KeyCode::Char('k') => self.finish.choice = Choice::Write,
            KeyCode::Char('e') => self.finish.editing = true,
            KeyCode::Enter | KeyCode::Char('w') => match self.finish.choice {
                Choice::Publish if self.registry.is_none() => {
                    self.finish.message = Some(
                        "publishing needs a registry repository: set [registry] url in \
                         goldpath.toml (see the README's Publishing section), or write the module"
                            .into(),
                    )
                }
                Choice::Write | Choice::Publish => return self.start_write(),
            },
            _ => {}
        }
        Vec::new()
    }

    fn start_write(&mut self) -> Vec<Effect> {
        self.finish.message = None;
        let Some(form) = self.form() else {
            return Vec::new();
        };
        if !form.is_valid() {
            self.finish.message = Some(format!(
                "{} answers need fixing first (Esc twice goes back to the form)",
                form.resolution().problems.len()
            ));
            return Vec::new();
        }
        if self.fresh_render().is_none() {
            self.finish.queued = true;
            self.finish.message = Some("waiting for the render to finish…".into());
            return Vec::new();
        }
        let dir = self.finish.dir.text().trim();
        if dir.is_empty() {
            self.finish.message = Some("type the directory to write to (e edits it)".into());
            self.finish.editing = true;
            return Vec::new();
        }
        self.finish.probing = true;
        vec![Effect::Probe(PathBuf::from(dir))]
    }

    fn probed(&mut self, dir: PathBuf, state: DirState) -> Vec<Effect> {
        self.finish.probing = false;
        if dir.as_path() != Path::new(self.finish.dir.text().trim()) {
            return Vec::new();
        }
        match state {
            DirState::Missing | DirState::Empty => self.proceed(false),
            DirState::NonEmpty(_) if self.finish.force => self.proceed(false),
            DirState::NonEmpty(entries) => {
                self.finish.confirm = Some(Confirm::NonEmpty { entries });
                Vec::new()
            }
            DirState::Unusable(why) => {
                self.finish.message = Some(format!("cannot write to {}: {why}", dir.display()));
                Vec::new()
            }
        }
    }

    fn proceed(&mut self, allow_violations: bool) -> Vec<Effect> {
        let denies = self.fresh_render().map_or(0, |r| {
            r.findings()
                .iter()
                .filter(|(_, f)| f.fails(Severity::Deny))
                .count()
        });
        if denies > 0 && !allow_violations {
            self.finish.confirm = Some(Confirm::Violations { count: denies });
            return Vec::new();
        }
        let Some(form) = self.form() else {
            return Vec::new();
        };
        let delivery = Delivery {
            template: form.template.manifest.name.clone(),
            inputs: form.inputs().clone(),
            out: PathBuf::from(self.finish.dir.text().trim()),
            force: self.finish.force,
            allow_violations,
        };
        if self.finish.choice == Choice::Publish {
            self.finish.log.clear();
            self.finish.message = None;
            self.finish.publishing = Some(delivery.clone());
            return vec![Effect::Publish(delivery)];
        }
        vec![Effect::Exit(Exit::Write(delivery))]
    }

    /// The directory to offer: `--out` when given, else where `new` would write:
    /// ./<name answer>, else ./<template>.
    fn default_dir(&self) -> String {
        if let Some(out) = &self.out {
            return out.display().to_string();
        }
        self.form().map_or_else(String::new, |f| {
            let dir =
                crate::output::default_dir(&f.resolution().answers, &f.template.manifest.name);
            format!("./{}", dir.display())
        })
    }

    fn select(&mut self, delta: isize) {
        let Some(rendered) = self.fresh_render().or(self.rendered.as_ref()) else {
            return;
        };
        match self.review.pane {
            Pane::Files => {
                let n = rendered.paths().len();
                self.review.file = clamp_add(self.review.file, delta, n);
                self.review.scroll = 0;
                self.review.answers = false;
                self.review.cost = false;
            }
            Pane::Findings => {
                let n = rendered.findings().len();
                self.review.finding = clamp_add(self.review.finding, delta, n);
            }
        }
    }

    fn scroll(&mut self, delta: isize) {
        self.review.scroll = self.review.scroll.saturating_add_signed(delta);
        self.clamp_review();
    }

    fn jump_to_finding(&mut self) {
        let Some(rendered) = self.rendered.as_ref() else {
            return;
        };
        let findings = rendered.findings();
        let Some((Some(path), finding)) = findings.get(self.review.finding) else {
            return;
        };
        if let Some(index) = rendered.paths().iter().position(|p| p == path) {
            self.review.file = index;
            self.review.answers = false;
            self.review.pane = Pane::Files;
            self.review.scroll = finding.line.unwrap_or(1).saturating_sub(3);
            self.clamp_review();
        }
    }

    fn clamp_review(&mut self) {
        let Some(rendered) = self.rendered.as_ref() else {
            return;
        };
        let paths = rendered.paths();
        self.review.file = self.review.file.min(paths.len().saturating_sub(1));
        self.review.finding = self
            .review
            .finding
            .min(rendered.findings().len().saturating_sub(1));
        let lines = match &rendered.outcome {
            Ok((bundle, _)) => paths
                .get(self.review.file)
                .and_then(|p| bundle.get(p))
                .map_or(0, |t| t.lines().count()),
            Err(_) => 0,
        };
        self.review.scroll = self.review.scroll.min(lines.saturating_sub(1));
    }

    fn paste(&mut self, text: &str) {
        match self.screen {
            Screen::Catalog if self.catalog.filtering => {
                self.catalog.edit_filter(|f| f.insert_str(text))
            }
            Screen::Form => {
                if let Some(form) = self.form_mut() {
                    if form.mode == Mode::Browse
                        && form
                            .focused()
                            .is_some_and(|p| matches!(p.kind, Kind::String | Kind::Integer))
                    {
                        form.activate();
                    }
                    form.edit_text(|e| e.insert_str(text));
                }
            }
            Screen::Review => {
                if let Some(save_as) = &mut self.review.save_as {
                    save_as.insert_str(text);
                }
            }
            Screen::Finish if self.finish.editing => self.finish.dir.insert_str(text),
            _ => {}
        }
    }

    /// The frame's area.
    pub fn area(&self) -> Rect {
        Rect::new(0, 0, self.size.0, self.size.1)
    }

    fn mouse(&mut self, mouse: MouseEvent) {
        let at = Position::new(mouse.column, mouse.row);
        let delta = match mouse.kind {
            MouseEventKind::ScrollDown => 1,
            MouseEventKind::ScrollUp => -1,
            MouseEventKind::Down(MouseButton::Left) => 0,
            _ => return,
        };
        let area = self.area();
        let templates = self.templates;
        match self.screen {
            Screen::Catalog => {
                let list = layout::catalog(area).list;
                if delta != 0 {
                    self.catalog.move_by(delta, templates);
                } else if let Some(i) = layout::row_at(list, at, self.catalog.selected) {
                    self.catalog.selected =
                        i.min(self.catalog.matches(templates).len().saturating_sub(1));
                }
            }
            Screen::Form => {
                let fields = layout::form(area).fields;
                if let Some(form) = self.form_mut() {
                    if delta != 0 {
                        if form.mode == Mode::Browse {
                            form.move_focus(delta);
                        }
                    } else if let Some(i) = layout::row_at(fields, at, form.focus_index()) {
                        form.focus_at(i);
                    }
                }
            }
            Screen::Review => {
                let areas = layout::review(area);
                if delta != 0 {
                    if areas.preview.contains(at) {
                        self.scroll(delta * 3);
                    } else {
                        self.review.pane = if areas.findings.contains(at) {
                            Pane::Findings
                        } else {
                            Pane::Files
                        };
                        self.select(delta);
                    }
                } else if let Some(i) = layout::row_at(areas.files, at, self.review.file) {
                    self.review.pane = Pane::Files;
                    let delta = i as isize - self.review.file as isize;
                    self.select(delta);
                } else if let Some(i) = layout::row_at(areas.findings, at, self.review.finding) {
                    self.review.pane = Pane::Findings;
                    let delta = i as isize - self.review.finding as isize;
                    self.select(delta);
                }
            }
            Screen::Finish => {}
        }
    }
}

fn clamp_add(at: usize, delta: isize, len: usize) -> usize {
    at.saturating_add_signed(delta).min(len.saturating_sub(1))
}

/// Steps a choice or flips a toggle with the arrow keys.
fn step(form: &mut Form<'_>, delta: isize) {
    match form.focused().map(|p| p.kind) {
        Some(Kind::Choice) => form.cycle(delta),
        Some(Kind::Boolean) => form.toggle(),
        _ => {}
    }
}

/// Applies a line-editing key; other keys are ignored.
fn edit_line(key: KeyEvent, apply: impl FnOnce(&dyn Fn(&mut super::edit::LineEdit))) {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let change: Box<dyn Fn(&mut super::edit::LineEdit)> = match key.code {
        KeyCode::Char('u') if ctrl => Box::new(|e| e.clear()),
        KeyCode::Char('w') if ctrl => Box::new(|e| e.delete_word()),
        KeyCode::Char('a') if ctrl => Box::new(|e| e.home()),
        KeyCode::Char('e') if ctrl => Box::new(|e| e.end()),
        KeyCode::Char(c) if !ctrl => Box::new(move |e| e.insert(c)),
        KeyCode::Backspace => Box::new(|e| e.backspace()),
        KeyCode::Delete => Box::new(|e| e.delete()),
        KeyCode::Left => Box::new(|e| e.move_by(-1)),
        KeyCode::Right => Box::new(|e| e.move_by(1)),
        KeyCode::Home => Box::new(|e| e.home()),
        KeyCode::End => Box::new(|e| e.end()),
        _ => return,
    };
    apply(&*change);
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::tui::testing::{app_on, catalog, ctrl, finish_renders, index, key, typing};
    use ratatui::crossterm::event::{KeyCode as K, MouseEvent};

    fn field_names(app: &App<'_>) -> Vec<String> {
        app.form()
            .unwrap()
            .fields()
            .iter()
            .map(|p| p.name.clone())
            .collect()
    }

    fn focus_on(app: &mut App<'_>, name: &str) {
        let i = field_names(app).iter().position(|n| n == name).unwrap();
        app.forms[0].1.focus_at(i);
    }

    #[test]
    fn filter_then_enter_opens_the_form() {
        let mut app = App::new(catalog().templates(), (80, 24));
        app.handle(key(K::Char('/')));
        typing(&mut app, "emr");
        assert_eq!(
            app.catalog.matches(app.templates),
            [index("emr-serverless")]
        );
        app.handle(key(K::Enter));
        let effects = app.handle(key(K::Enter));
        assert_eq!(app.screen, Screen::Form);
        assert!(
            effects.is_empty(),
            "an empty form is not valid, so nothing renders"
        );
        assert_eq!(app.form().unwrap().template.manifest.name, "emr-serverless");
    }

    #[test]
    fn an_empty_filter_result_selects_nothing() {
        let mut app = App::new(catalog().templates(), (80, 24));
        app.handle(key(K::Char('/')));
        typing(&mut app, "no such thing");
        assert_eq!(app.catalog.current(app.templates), None);
        app.handle(key(K::Enter));
        app.handle(key(K::Enter));
        assert_eq!(app.screen, Screen::Catalog);
        app.handle(key(K::Char('/')));
        app.handle(key(K::Esc));
        assert_eq!(
            app.catalog.matches(app.templates).len(),
            catalog().templates().len()
        );
    }

    #[test]
    fn conditional_fields_appear_and_disappear_keeping_their_answers() {
        let mut app = app_on("emr-serverless", Some("dev"));
        assert!(!field_names(&app).contains(&"image_uri".to_string()));
        focus_on(&mut app, "use_custom_image");
        app.handle(key(K::Char(' ')));
        assert!(field_names(&app).contains(&"image_uri".to_string()));
        let form = app.form().unwrap();
        assert_eq!(
            form.problems("image_uri"),
            ["a value: this field is required"]
        );
        focus_on(&mut app, "image_uri");
        typing(&mut app, "x");
        app.handle(key(K::Enter));
        assert!(!app.form().unwrap().problems("image_uri").is_empty());
        focus_on(&mut app, "use_custom_image");
        app.handle(key(K::Char(' ')));
        assert!(!field_names(&app).contains(&"image_uri".to_string()));
        assert!(
            app.form().unwrap().is_valid(),
            "a hidden answer is not judged"
        );
        app.handle(key(K::Char(' ')));
        let form = app.form().unwrap();
        let image = form.fields().into_iter().find(|p| p.name == "image_uri");
        assert_eq!(form.shown(image.unwrap()), "x");
    }

    #[test]
    fn validation_runs_as_you_type_and_esc_undoes_the_edit() {
        let mut app = app_on("emr-serverless", Some("dev"));
        focus_on(&mut app, "name");
        app.handle(key(K::Enter));
        app.handle(ctrl('u'));
        typing(&mut app, "Bad Name");
        let problems = app.form().unwrap().problems("name").join("; ");
        assert!(problems.contains("pattern"), "{problems}");
        app.handle(key(K::Esc));
        let form = app.form().unwrap();
        assert!(form.is_valid());
        assert_eq!(form.shown(form.focused().unwrap()), "orders-etl");
    }

    #[test]
    fn going_back_to_the_catalog_loses_no_answers() {
        let mut app = app_on("emr-serverless", Some("dev"));
        focus_on(&mut app, "team");
        app.handle(key(K::Enter));
        app.handle(ctrl('u'));
        typing(&mut app, "analytics");
        app.handle(key(K::Enter));
        app.handle(key(K::Esc));
        assert_eq!(app.screen, Screen::Catalog);
        app.handle(key(K::Enter));
        let form = app.form().unwrap();
        assert_eq!(form.shown(form.fields()[1]), "analytics");
    }

    #[test]
    fn the_list_editor_adds_edits_and_removes_items() {
        let mut app = app_on("eks-spark", Some("dev"));
        focus_on(&mut app, "teams");
        let before = app
            .form()
            .unwrap()
            .shown(app.form().unwrap().focused().unwrap());
        app.handle(key(K::Enter));
        app.handle(key(K::Char('a')));
        typing(&mut app, "ml-team");
        app.handle(key(K::Enter));
        let form = app.form().unwrap();
        assert_eq!(
            form.shown(form.focused().unwrap()),
            format!("{before}, ml-team")
        );
        app.handle(key(K::Char('d')));
        app.handle(key(K::Esc));
        let form = app.form().unwrap();
        assert_eq!(form.shown(form.focused().unwrap()), before);
        assert_eq!(form.mode, Mode::Browse);
    }

    #[test]
    fn renders_only_valid_answers_and_ignores_stale_renders() {
        let mut app = app_on("s3-secure-bucket", Some("dev"));
        let generation = app.form().unwrap().generation;
        assert!(app.fresh_render().is_some());
        focus_on(&mut app, "name");
        app.handle(key(K::Enter));
        let effects = typing(&mut app, "!");
        assert!(effects.is_empty(), "invalid answers are not rendered");
        assert!(app.fresh_render().is_none(), "the old render is stale");
        let effects = app.handle(key(K::Backspace));
        assert!(matches!(effects[..], [Effect::Render { generation: g, .. }] if g > generation));
        finish_renders(&mut app, effects);
        assert!(app.fresh_render().is_some());
    }

    #[test]
    fn finishing_asks_before_writing_into_a_non_empty_directory() {
        let mut app = app_on("s3-secure-bucket", Some("dev"));
        app.handle(key(K::Tab));
        app.handle(key(K::Tab));
        assert_eq!(app.screen, Screen::Finish);
        let dir = app.finish.dir.text().to_string();
        assert!(dir.starts_with("./"), "{dir}");
        let effects = app.handle(key(K::Enter));
        assert_eq!(effects, [Effect::Probe(PathBuf::from(&dir))]);
        app.handle(Event::Probed(PathBuf::from(&dir), DirState::NonEmpty(3)));
        assert_eq!(app.finish.confirm, Some(Confirm::NonEmpty { entries: 3 }));
        let effects = app.handle(key(K::Char('y')));
        let [Effect::Exit(Exit::Write(delivery))] = &effects[..] else {
            panic!("{effects:?}")
        };
        assert_eq!(
            (&delivery.out, delivery.force, delivery.allow_violations),
            (&PathBuf::from(&dir), true, false)
        );
        assert_eq!(delivery.template, "s3-secure-bucket");
    }

    #[test]
    fn the_out_flag_is_the_offered_directory() {
        let mut app = app_on("s3-secure-bucket", Some("dev"));
        app.out = Some(PathBuf::from("infra/bucket"));
        app.handle(key(K::Tab));
        app.handle(key(K::Tab));
        assert_eq!(app.finish.dir.text(), "infra/bucket");
    }

    #[test]
    fn declining_keeps_the_user_on_the_finish_screen() {
        let mut app = app_on("s3-secure-bucket", Some("dev"));
        app.handle(key(K::Tab));
        app.handle(key(K::Tab));
        app.handle(key(K::Enter));
        let dir = PathBuf::from(app.finish.dir.text());
        app.handle(Event::Probed(dir, DirState::NonEmpty(1)));
        let effects = app.handle(key(K::Char('n')));
        assert!(effects.is_empty());
        assert_eq!((app.screen, &app.finish.confirm), (Screen::Finish, &None));
    }

    #[test]
    fn findings_jump_to_their_file_and_line() {
        let mut app = app_on("s3-secure-bucket", Some("dev"));
        app.screen = Screen::Review;
        inject_finding(&mut app, "main.tf", 12);
        app.handle(key(K::Char('f')));
        app.handle(key(K::Enter));
        let rendered = app.fresh_render().unwrap();
        assert_eq!(rendered.paths()[app.review.file], "main.tf");
        assert_eq!(app.review.scroll, 9);
        assert_eq!(app.review.pane, Pane::Files);
    }

    /// Adds a deny finding to the current render, as a policy would report it.
    pub(crate) fn inject_finding(app: &mut App<'_>, file: &str, line: usize) {
        let rendered = app.rendered.as_mut().unwrap();
        let (_, report) = rendered.outcome.as_mut().unwrap();
        let mut finding = crate::guardrails::finding::Finding::new(
            "GP-S3-001",
            Severity::Deny,
            "bucket allows public ACLs",
        );
        finding.file = Some(file.into());
        finding.line = Some(line);
        report.modules[0].findings.push(finding);
    }

    #[test]
    fn deny_findings_need_a_second_yes() {
        let mut app = app_on("s3-secure-bucket", Some("dev"));
        inject_finding(&mut app, "main.tf", 1);
        app.handle(key(K::Tab));
        app.handle(key(K::Tab));
        app.handle(key(K::Enter));
        let dir = PathBuf::from(app.finish.dir.text());
        let effects = app.handle(Event::Probed(dir, DirState::Missing));
        assert!(effects.is_empty());
        assert_eq!(app.finish.confirm, Some(Confirm::Violations { count: 1 }));
        let effects = app.handle(key(K::Char('y')));
        assert!(matches!(
            &effects[..],
            [Effect::Exit(Exit::Write(Delivery {
                allow_violations: true,
                force: false,
                ..
            }))]
        ));
    }

    #[test]
    fn publishing_needs_a_registry_and_then_writes_and_publishes() {
        let mut app = app_on("s3-secure-bucket", Some("dev"));
        app.handle(key(K::Tab));
        app.handle(key(K::Tab));
        app.handle(key(K::Down));
        assert!(app.handle(key(K::Enter)).is_empty());
        assert!(
            app.finish
                .message
                .as_ref()
                .unwrap()
                .contains("[registry] url")
        );
        app.registry = Some("git@github.com:acme/terraform-modules.git".into());
        let effects = app.handle(key(K::Enter));
        let [Effect::Probe(dir)] = &effects[..] else {
            panic!("{effects:?}")
        };
        let effects = app.handle(Event::Probed(dir.clone(), DirState::Missing));
        let [Effect::Publish(delivery)] = &effects[..] else {
            panic!("{effects:?}")
        };
        assert!(
            app.handle(key(K::Char('q'))).is_empty(),
            "keys wait while publishing"
        );
        app.handle(Event::Progress(
            "pushing goldpath/checkout-orders-export".into(),
        ));
        app.handle(Event::Published(Ok(
            "pull request #7: https://example.test/pull/7".into(),
        )));
        assert_eq!(app.finish.log.len(), 1);
        let effects = app.handle(key(K::Enter));
        assert_eq!(
            effects,
            [Effect::Exit(Exit::Published(
                delivery.clone(),
                "pull request #7: https://example.test/pull/7".into()
            ))]
        );
    }

    #[test]
    fn a_failed_publish_says_why_and_can_be_retried() {
        let mut app = app_on("s3-secure-bucket", Some("dev"));
        app.registry = Some("https://github.com/acme/terraform-modules".into());
        app.finish.choice = Choice::Publish;
        app.screen = Screen::Finish;
        app.finish.dir = crate::tui::edit::LineEdit::new("./bucket");
        app.handle(key(K::Enter));
        app.handle(Event::Probed(PathBuf::from("./bucket"), DirState::Empty));
        app.handle(Event::Published(Err(
            "publish failed at step `push`: rejected".into(),
        )));
        assert!(app.finish.publishing.is_none());
        assert!(app.finish.message.as_ref().unwrap().contains("rejected"));
        let effects = app.handle(key(K::Enter));
        assert_eq!(effects, [Effect::Probe(PathBuf::from("./bucket"))]);
    }

    #[test]
    fn quit_keys_and_signals() {
        let mut app = App::new(catalog().templates(), (80, 24));
        assert_eq!(app.handle(ctrl('c')), [Effect::Exit(Exit::Quit)]);
        assert_eq!(
            app.handle(Event::Terminate),
            [Effect::Exit(Exit::Terminated)]
        );
        assert_eq!(app.handle(key(K::Char('q'))), [Effect::Exit(Exit::Quit)]);
        let mut app = app_on("emr-serverless", None);
        app.handle(key(K::Enter));
        assert!(
            app.handle(key(K::Char('q'))).is_empty(),
            "q is typed into a field"
        );
    }

    #[test]
    fn help_opens_and_any_key_closes_it() {
        let mut app = App::new(catalog().templates(), (80, 24));
        app.handle(key(K::Char('?')));
        assert!(app.help);
        assert!(app.handle(key(K::Char('q'))).is_empty());
        assert!(!app.help);
    }

    #[test]
    fn mouse_clicks_select_and_the_wheel_moves() {
        let mut app = App::new(catalog().templates(), (80, 24));
        let list = layout::catalog(app.area()).list;
        let click = |row| {
            Event::Mouse(MouseEvent {
                kind: MouseEventKind::Down(MouseButton::Left),
                column: list.x + 3,
                row,
                modifiers: KeyModifiers::NONE,
            })
        };
        app.handle(click(list.y + 3));
        assert_eq!(app.catalog.selected, 2);
        app.handle(Event::Mouse(MouseEvent {
            kind: MouseEventKind::ScrollDown,
            column: list.x + 3,
            row: list.y + 3,
            modifiers: KeyModifiers::NONE,
        }));
        assert_eq!(app.catalog.selected, 3);
        app.handle(click(list.y + list.height + 5));
        assert_eq!(
            app.catalog.selected, 3,
            "a click outside the list changes nothing"
        );
    }

    #[test]
    fn saving_the_answers_goes_to_the_worker() {
        let mut app = app_on("s3-secure-bucket", Some("dev"));
        app.handle(key(K::Tab));
        app.handle(key(K::Char('s')));
        let name = app.review.save_as.as_ref().unwrap().text().to_string();
        assert!(name.ends_with(".answers.yaml"), "{name}");
        let effects = app.handle(key(K::Enter));
        let [Effect::Save(path, yaml)] = &effects[..] else {
            panic!("{effects:?}")
        };
        assert_eq!(path, &PathBuf::from(name));
        let parsed = crate::answers::file::parse(yaml).unwrap();
        assert!(parsed.iter().any(|g| g.key == "name"));
    }
}
