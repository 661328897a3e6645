//! The form: one field per asked parameter, edited in place and validated on every keystroke
//! by the same `answers::evaluate` the command line uses.

use super::edit::LineEdit;
use crate::answers::{Inputs, Resolution, Source, evaluate, text_to_json};
use crate::catalog::Template;
use crate::catalog::manifest::{Kind, Parameter};
use serde_json::Value as J;

/// What the focused field is doing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    /// Moving between fields.
    Browse,
    /// Typing into a text or number field; `before` is restored on Esc.
    Text { edit: LineEdit, before: Option<J> },
    /// Editing a list: the items, the selected one, and an item being typed.
    List {
        items: Vec<String>,
        selected: usize,
        item: Option<LineEdit>,
    },
}

/// A template's form: the inputs so far, what they resolve to, and the focused field.
#[derive(Debug, Clone)]
pub struct Form<'t> {
    /// The template asked about.
    pub template: &'t Template,
    inputs: Inputs,
    resolution: Resolution,
    focus: String,
    /// What the focused field is doing.
    pub mode: Mode,
    /// Bumped on every change of the answers, so stale renders can be told apart.
    pub generation: u64,
}

impl<'t> Form<'t> {
    /// A form over `inputs` (explicit answers already moved into the form layer).
    pub fn new(template: &'t Template, inputs: Inputs) -> Form<'t> {
        let resolution = evaluate(&template.manifest, &inputs);
        let focus = resolution.asked.first().cloned().unwrap_or_default();
        Form {
            template,
            inputs,
            resolution,
            focus,
            mode: Mode::Browse,
            generation: 0,
        }
    }

    /// The inputs as they stand, for rendering or for the command line.
    pub fn inputs(&self) -> &Inputs {
        &self.inputs
    }

    /// What the inputs resolve to: valid answers, asked parameters and problems.
    pub fn resolution(&self) -> &Resolution {
        &self.resolution
    }

    /// The parameters asked for the current answers, in order.
    pub fn fields(&self) -> Vec<&'t Parameter> {
        let params = &self.template.manifest.parameters;
        self.resolution
            .asked
            .iter()
            .filter_map(|name| params.iter().find(|p| &p.name == name))
            .collect()
    }

    /// Index of the focused field among [`Form::fields`].
    pub fn focus_index(&self) -> usize {
        self.resolution
            .asked
            .iter()
            .position(|n| *n == self.focus)
            .unwrap_or(0)
    }

    /// The focused parameter.
    pub fn focused(&self) -> Option<&'t Parameter> {
        self.fields().get(self.focus_index()).copied()
    }

    /// What was expected of a field, from every problem reported for it. A missing answer is
    /// said briefly: the help is shown beside the field anyway.
    pub fn problems(&self, name: &str) -> Vec<&str> {
        self.resolution
            .problems
            .iter()
            .filter(|p| p.parameter == name)
            .map(|p| match p.source {
                Source::Missing => "a value: this field is required",
                _ => p.expected.as_str(),
            })
            .collect()
    }

    /// Whether every answer is valid.
    pub fn is_valid(&self) -> bool {
        self.resolution.problems.is_empty()
    }

    /// The field's value as shown: its current effective value in words.
    pub fn shown(&self, param: &Parameter) -> String {
        match self.inputs.effective(param) {
            None => String::new(),
            Some(J::String(s)) => s,
            Some(J::Bool(b)) => if b { "yes" } else { "no" }.into(),
            Some(J::Array(items)) => items
                .iter()
                .map(|i| i.as_str().map_or_else(|| i.to_string(), str::to_string))
                .collect::<Vec<_>>()
                .join(", "),
            Some(other) => other.to_string(),
        }
    }

    /// Focuses the field at `index` (clamped), closing any editor first.
    pub fn focus_at(&mut self, index: usize) {
        self.commit();
        let asked = &self.resolution.asked;
        if let Some(name) = asked.get(index.min(asked.len().saturating_sub(1))) {
            self.focus = name.clone();
        }
    }

    /// Moves the focus by `delta` fields.
    pub fn move_focus(&mut self, delta: isize) {
        let index = self.focus_index().saturating_add_signed(delta);
        self.focus_at(index);
    }

    /// Enter on the focused field: type into text and numbers, flip a toggle, step a choice,
    /// open the list editor.
    pub fn activate(&mut self) {
        let Some(param) = self.focused() else { return };
        match param.kind {
            Kind::String | Kind::Integer => {
                let before = self.inputs.form.get(&param.name).cloned();
                self.mode = Mode::Text {
                    edit: LineEdit::new(self.shown(param)),
                    before,
                };
            }
            Kind::Boolean => self.toggle(),
            Kind::Choice => self.cycle(1),
            Kind::List => {
                let items = match self.inputs.effective(param) {
                    Some(J::Array(items)) => items
                        .iter()
                        .map(|i| i.as_str().map_or_else(|| i.to_string(), str::to_string))
                        .collect(),
                    _ => Vec::new(),
                };
                self.mode = Mode::List {
                    items,
                    selected: 0,
                    item: None,
                };
            }
        }
    }

    /// Flips a boolean field.
    pub fn toggle(&mut self) {
        let Some(param) = self.focused().filter(|p| p.kind == Kind::Boolean) else {
            return;
        };
        let on = self.inputs.effective(param) == Some(J::Bool(true));
        self.set(&param.name, J::Bool(!on));
    }

    /// Steps a choice field through its choices by `delta`, wrapping around.
    pub fn cycle(&mut self, delta: isize) {
        let Some(param) = self.focused().filter(|p| p.kind == Kind::Choice) else {
            return;
        };
        let n = param.choices.len();
        if n == 0 {
            return;
        }
        let current = self.shown(param);
        let next = match param.choices.iter().position(|c| *c == current) {
            Some(i) => (i as isize + delta).rem_euclid(n as isize) as usize,
            None => 0,
        };
        self.set(&param.name, J::String(param.choices[next].clone()));
    }

    /// Applies a change to the line being typed, validating as the user types.
    pub fn edit_text(&mut self, change: impl FnOnce(&mut LineEdit)) {
        let Some(param) = self.focused() else { return };
        match &mut self.mode {
            Mode::Text { edit, .. } => {
                change(edit);
                let value = text_to_json(param.kind, edit.text());
                self.set(&param.name, value);
            }
            Mode::List {
                item: Some(edit), ..
            } => change(edit),
            _ => {}
        }
    }

    /// Leaves text or list editing, keeping what was typed.
    pub fn commit(&mut self) {
        match std::mem::replace(&mut self.mode, Mode::Browse) {
            Mode::List {
                mut items,
                selected,
                item: Some(edit),
            } => {
                self.save_item(&mut items, selected, edit);
                self.mode = Mode::List {
                    items,
                    selected,
                    item: None,
                };
            }
            Mode::Browse | Mode::Text { .. } | Mode::List { item: None, .. } => {}
        }
    }

    /// Leaves text editing, restoring the value from before it began; closes an item editor.
    pub fn cancel(&mut self) {
        match std::mem::replace(&mut self.mode, Mode::Browse) {
            Mode::Text { before, .. } => {
                if let Some(param) = self.focused() {
                    match before {
                        Some(v) => self.set(&param.name, v),
                        None => {
                            self.inputs.form.remove(&param.name);
                            self.changed();
                        }
                    }
                }
            }
            Mode::List {
                items,
                selected,
                item: Some(_),
            } => {
                self.mode = Mode::List {
                    items,
                    selected,
                    item: None,
                }
            }
            Mode::Browse | Mode::List { item: None, .. } => {}
        }
    }

    /// In the list editor: starts typing a new item after the selected one.
    pub fn list_add(&mut self) {
        if let Mode::List {
            item,
            selected,
            items,
        } = &mut self.mode
        {
            if !items.is_empty() {
                *selected += 1;
            }
            items.insert((*selected).min(items.len()), String::new());
            *item = Some(LineEdit::new(""));
        }
    }

    /// In the list editor: edits the selected item.
    pub fn list_edit(&mut self) {
        if let Mode::List {
            item,
            selected,
            items,
        } = &mut self.mode
            && let Some(text) = items.get(*selected)
        {
            *item = Some(LineEdit::new(text.clone()));
        }
    }

    /// In the list editor: removes the selected item.
    pub fn list_remove(&mut self) {
        let Mode::List {
            items, selected, ..
        } = &mut self.mode
        else {
            return;
        };
        if *selected < items.len() {
            items.remove(*selected);
            *selected = (*selected).min(items.len().saturating_sub(1));
            let items = items.clone();
            self.set_list(items);
        }
    }

    /// In the list editor: moves the selection, or the selected item with `carry`.
    pub fn list_move(&mut self, delta: isize, carry: bool) {
        let Mode::List {
            items, selected, ..
        } = &mut self.mode
        else {
            return;
        };
        let to = selected
            .saturating_add_signed(delta)
            .min(items.len().saturating_sub(1));
        if carry && to != *selected {
            items.swap(*selected, to);
            *selected = to;
            let items = items.clone();
            self.set_list(items);
        } else {
            *selected = to;
        }
    }

    /// In the list editor of a list with fixed choices: adds or removes the choice at the
    /// selection, keeping the manifest's order.
    pub fn list_toggle_choice(&mut self) {
        let Some(param) = self.focused() else { return };
        let Mode::List {
            items, selected, ..
        } = &mut self.mode
        else {
            return;
        };
        let Some(choice) = param.choices.get(*selected) else {
            return;
        };
        if let Some(at) = items.iter().position(|i| i == choice) {
            items.remove(at);
        } else {
            items.push(choice.clone());
        }
        items.sort_by_key(|i| param.choices.iter().position(|c| c == i));
        let items = items.clone();
        self.set_list(items);
    }

    /// Closes the list editor.
    pub fn list_close(&mut self) {
        self.commit();
        self.mode = Mode::Browse;
    }

    fn save_item(&mut self, items: &mut Vec<String>, selected: usize, edit: LineEdit) {
        let text = edit.text().trim().to_string();
        if text.is_empty() {
            if selected < items.len() {
                items.remove(selected);
            }
        } else if let Some(slot) = items.get_mut(selected) {
            *slot = text;
        }
        self.set_list(items.clone());
    }

    fn set_list(&mut self, items: Vec<String>) {
        if let Some(param) = self.focused() {
            self.set(
                &param.name,
                J::Array(items.into_iter().map(J::String).collect()),
            );
        }
    }

    fn set(&mut self, name: &str, value: J) {
        self.inputs.form.insert(name.to_string(), value);
        self.changed();
    }

    fn changed(&mut self) {
        self.resolution = evaluate(&self.template.manifest, &self.inputs);
        self.generation += 1;
        if !self.resolution.asked.contains(&self.focus) {
            let params = &self.template.manifest.parameters;
            let at = params.iter().position(|p| p.name == self.focus);
            let before = params
                .iter()
                .take(at.unwrap_or(0))
                .rev()
                .find(|p| self.resolution.asked.contains(&p.name));
            if let Some(p) = before {
                self.focus = p.name.clone();
            }
        }
    }
}
