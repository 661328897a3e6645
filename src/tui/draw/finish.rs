//! The finish screen: write (or publish), where, and any confirmation.

use super::block;
use crate::guardrails::finding::Severity;
use crate::tui::app::App;
use crate::tui::finish::{Choice, Confirm};
use crate::tui::layout;
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Position;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

pub(super) fn draw(frame: &mut Frame<'_>, app: &App<'_>, theme: Theme) {
    let area = layout::frame(frame.area()).body;
    let view = &app.finish;
    let option = |choice: Choice, label: &str| {
        let on = view.choice == choice;
        let line = Line::raw(format!("{} {label}", if on { "›" } else { " " }));
        if on {
            line.style(theme.selected())
        } else {
            line
        }
    };
    let publish = match &app.registry {
        Some(registry) => format!("Write it, then open a pull request in {registry}"),
        None => "Write it, then open a pull request (no registry configured)".into(),
    };
    let mut text = vec![
        Line::from(Span::styled("What now?", theme.title())),
        option(Choice::Write, "Write the module to a directory"),
        option(Choice::Publish, &publish),
        Line::raw(""),
    ];
    let dir_row = text.len();
    text.push(Line::from(vec![
        Span::styled("Directory: ", theme.dim()),
        Span::raw(view.dir.text().to_string()),
        Span::styled(if view.editing { "" } else { "   (e edits)" }, theme.dim()),
    ]));
    if let Some(rendered) = app.fresh_render() {
        let findings = rendered.findings();
        let denies = findings
            .iter()
            .filter(|(_, f)| f.fails(Severity::Deny))
            .count();
        text.push(Line::raw(format!(
            "{} files · {} findings ({denies} deny)",
            rendered.paths().len(),
            findings.len()
        )));
    }
    text.push(Line::raw(""));
    if view.probing {
        text.push(Line::raw("Looking at the directory…"));
    }
    match &view.confirm {
        Some(Confirm::NonEmpty { entries }) => text.push(Line::from(vec![
            Span::styled("? ", theme.error()),
            Span::raw(format!(
                "{} already holds {entries} entries. Rendered files replace same-named files; \
                 the others stay. Write anyway? (y/n)",
                view.dir.text()
            )),
        ])),
        Some(Confirm::Violations { count }) => text.push(Line::from(vec![
            Span::styled("? ", theme.error()),
            Span::raw(format!(
                "Guardrails deny this module ({count} findings). Write anyway and record them \
                 in .goldpath.yaml? (y/n)"
            )),
        ])),
        None => {}
    }
    if view.publishing.is_some() || !view.log.is_empty() {
        for line in &view.log {
            text.push(Line::from(vec![
                Span::styled("• ", theme.dim()),
                Span::raw(line.clone()),
            ]));
        }
        if view.publishing.is_some() {
            text.push(Line::from(Span::styled(
                "publishing… (the module is written first; it stays on disk whatever happens)",
                theme.dim(),
            )));
        }
    }
    if let Some((_, line)) = &view.published {
        text.push(Line::from(vec![
            Span::styled("✓ published: ", theme.ok()),
            Span::raw(line.clone()),
        ]));
        text.push(Line::from(Span::styled("Enter or q closes.", theme.dim())));
    }
    if let Some(message) = &view.message {
        text.push(Line::from(vec![
            Span::styled("✗ ", theme.error()),
            Span::raw(message.clone()),
        ]));
    }
    frame.render_widget(
        Paragraph::new(text)
            .block(block("Finish".into(), true, theme))
            .wrap(Wrap { trim: false }),
        area,
    );
    if view.editing {
        let x = area.x + 1 + 11 + view.dir.cursor() as u16;
        let y = area.y + 1 + dir_row as u16;
        if area.contains(Position::new(x, y)) {
            frame.set_cursor_position(Position::new(x, y));
        }
    }
}
