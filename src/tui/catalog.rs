//! The catalog screen's state: a type-to-filter list of templates.

use super::edit::LineEdit;
use crate::catalog::Template;

/// The filter and the selection of the catalog screen.
#[derive(Debug, Clone, Default)]
pub struct CatalogView {
    /// The filter text; every word must appear in a template's name, title, tags or description.
    pub filter: LineEdit,
    /// Whether keys go to the filter.
    pub filtering: bool,
    /// Index of the selection among the matching templates.
    pub selected: usize,
}

impl CatalogView {
    /// Indexes of the templates that match the filter, in catalog order.
    pub fn matches(&self, templates: &[Template]) -> Vec<usize> {
        let words: Vec<String> = self
            .filter
            .text()
            .split_whitespace()
            .map(str::to_lowercase)
            .collect();
        templates
            .iter()
            .enumerate()
            .filter(|(_, t)| {
                let m = &t.manifest;
                let hay = format!(
                    "{} {} {} {}",
                    m.name,
                    m.title,
                    m.tags.join(" "),
                    m.description
                )
                .to_lowercase();
                words.iter().all(|w| hay.contains(w.as_str()))
            })
            .map(|(i, _)| i)
            .collect()
    }

    /// The selected template's index in the catalog, if any matches.
    pub fn current(&self, templates: &[Template]) -> Option<usize> {
        let matches = self.matches(templates);
        matches
            .get(self.selected.min(matches.len().saturating_sub(1)))
            .copied()
    }

    /// Moves the selection by `delta`, staying inside the matches.
    pub fn move_by(&mut self, delta: isize, templates: &[Template]) {
        let n = self.matches(templates).len();
        self.selected = self
            .selected
            .saturating_add_signed(delta)
            .min(n.saturating_sub(1));
    }

    /// Applies an edit to the filter and goes back to the first match.
    pub fn edit_filter(&mut self, change: impl FnOnce(&mut LineEdit)) {
        change(&mut self.filter);
        self.selected = 0;
    }
}
