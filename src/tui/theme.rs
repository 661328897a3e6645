//! Styles. Meaning never rests on colour alone: every coloured thing also has a word or a mark,
//! and without colour (NO_COLOR, `--color never`) only bold, italic and reverse remain.

use crate::guardrails::finding::Severity;
use crate::render::format::highlight::Class;
use ratatui::style::{Color, Modifier, Style};

/// The styles in use.
#[derive(Debug, Clone, Copy)]
pub struct Theme {
    color: bool,
}

impl Theme {
    /// A theme with or without colour.
    pub fn new(color: bool) -> Theme {
        Theme { color }
    }

    fn fg(self, color: Color) -> Style {
        if self.color {
            Style::new().fg(color)
        } else {
            Style::new()
        }
    }

    /// The selected row.
    pub fn selected(self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
    }

    /// Titles and names.
    pub fn title(self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    /// Secondary text.
    pub fn dim(self) -> Style {
        if self.color {
            Style::new().fg(Color::DarkGray)
        } else {
            Style::new()
        }
    }

    /// Problems and deny findings.
    pub fn error(self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }

    /// Good news.
    pub fn ok(self) -> Style {
        self.fg(Color::Green)
    }

    /// A key in the footer and the help.
    pub fn key(self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    /// A finding's severity label.
    pub fn severity(self, severity: Severity) -> Style {
        match severity {
            Severity::Deny => self.error(),
            Severity::Warn => self.fg(Color::Yellow).add_modifier(Modifier::BOLD),
        }
    }

    /// A highlighted span of a file.
    pub fn code(self, class: Class) -> Style {
        match class {
            Class::Plain => Style::new(),
            Class::Keyword => self.fg(Color::Magenta).add_modifier(Modifier::BOLD),
            Class::Key => self.fg(Color::Cyan),
            Class::String => self.fg(Color::Green),
            Class::Interp => self.fg(Color::Yellow),
            Class::Literal => self.fg(Color::Blue),
            Class::Comment => self.fg(Color::DarkGray).add_modifier(Modifier::ITALIC),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_colour_only_modifiers_remain() {
        let plain = Theme::new(false);
        let styles = [
            plain.error(),
            plain.ok(),
            plain.key(),
            plain.dim(),
            plain.severity(Severity::Warn),
            plain.code(Class::Keyword),
            plain.code(Class::Comment),
        ];
        assert!(styles.iter().all(|s| s.fg.is_none() && s.bg.is_none()));
        assert!(Theme::new(true).error().fg.is_some());
        assert!(plain.selected().add_modifier.contains(Modifier::REVERSED));
    }
}
