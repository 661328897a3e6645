//! The keys: the footer's short list and the `?` overlay's full one.

use crate::tui::app::{App, Screen};
use crate::tui::form::Mode;
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

/// The few keys that matter now, for the footer.
pub(super) fn footer(app: &App<'_>) -> &'static [(&'static str, &'static str)] {
    match app.screen {
        Screen::Catalog if app.catalog.filtering => &[("Enter", "done"), ("Esc", "clear")],
        Screen::Catalog => &[
            ("↑↓", "move"),
            ("/", "filter"),
            ("Enter", "choose"),
            ("?", "help"),
            ("q", "quit"),
        ],
        Screen::Form => match app.form().map(|f| &f.mode) {
            Some(Mode::Text { .. }) => &[("Enter", "keep"), ("Esc", "undo"), ("↑↓", "move")],
            Some(Mode::List { item: Some(_), .. }) => &[("Enter", "keep"), ("Esc", "undo")],
            Some(Mode::List { .. }) => &[
                ("a", "add"),
                ("Enter", "edit/toggle"),
                ("d", "delete"),
                ("Esc", "close"),
            ],
            _ => &[
                ("↑↓", "move"),
                ("Enter", "edit"),
                ("Tab", "review"),
                ("Esc", "catalog"),
                ("?", "help"),
            ],
        },
        Screen::Review => &[
            ("↑↓", "select"),
            ("f", "files/findings"),
            ("a", "answers"),
            ("c", "cost"),
            ("Tab", "finish"),
            ("Esc", "answers"),
            ("?", "help"),
        ],
        Screen::Finish => &[
            ("↑↓", "choose"),
            ("e", "edit dir"),
            ("Enter", "go"),
            ("Esc", "review"),
            ("?", "help"),
        ],
    }
}

const EVERYWHERE: &[(&str, &str)] = &[
    ("?", "show or hide this help"),
    ("Ctrl-C", "quit now, writing nothing"),
    ("q", "quit (when not typing)"),
    ("Tab / Shift-Tab", "next / previous screen"),
    ("Esc", "back (or undo the edit in progress)"),
    ("↑↓ or j k", "move; mouse wheel scrolls, click selects"),
];

fn keys(screen: Screen) -> &'static [(&'static str, &'static str)] {
    match screen {
        Screen::Catalog => &[
            ("/", "filter by name, title, tag or description"),
            ("Enter or →", "answer the chosen template's questions"),
            ("g / G", "first / last template"),
        ],
        Screen::Form => &[
            (
                "Enter or e",
                "edit the field (list fields open the list editor)",
            ),
            ("typing", "starts editing a text or number field"),
            ("Space, ← →", "flip a toggle, step through choices"),
            ("Ctrl-U / Ctrl-W", "clear the line / delete a word"),
            (
                "list editor",
                "a add · Enter edit · d delete · J K move · Esc close",
            ),
            ("r", "review the module"),
        ],
        Screen::Review => &[
            ("f", "switch between files and findings"),
            ("Enter", "on a finding: show its file and line"),
            ("PgDn PgUp, J K", "scroll the preview"),
            ("a", "show the answers as YAML"),
            ("c", "show the itemised monthly estimate"),
            ("y", "copy the answers (OSC 52 clipboard)"),
            ("s", "save the answers as a file for CI"),
        ],
        Screen::Finish => &[
            ("↑↓", "write or publish"),
            ("e", "edit the directory"),
            ("Enter or w", "go on"),
            ("y / n", "answer a question"),
        ],
    }
}

pub(super) fn draw(frame: &mut Frame<'_>, app: &App<'_>, theme: Theme) {
    let area = frame.area();
    let [_, middle, _] = Layout::vertical([
        Constraint::Fill(1),
        Constraint::Max(22),
        Constraint::Fill(1),
    ])
    .areas(area);
    let [_, popup, _] = Layout::horizontal([
        Constraint::Fill(1),
        Constraint::Max(72),
        Constraint::Fill(1),
    ])
    .areas(middle);
    let mut text = Vec::new();
    for (key, action) in keys(app.screen).iter().chain(EVERYWHERE) {
        text.push(Line::from(vec![
            Span::styled(format!("{key:>16}  "), theme.key()),
            Span::raw(*action),
        ]));
    }
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(text)
            .block(Block::bordered().title(Span::styled(" Keys — any key closes ", theme.title())))
            .wrap(Wrap { trim: false }),
        popup,
    );
}
