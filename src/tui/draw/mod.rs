//! Pure drawing: the state in, a frame out. Nothing here changes state or does I/O.

mod catalog;
mod finish;
mod form;
mod help;
mod preview;
mod review;
#[cfg(test)]
mod tests;

use super::app::{App, Screen};
use super::layout;
use super::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

pub use preview::draw as draw_preview;

/// The smallest frame the screens are drawn in; below it a one-line notice is shown instead.
pub const MIN_SIZE: (u16, u16) = (24, 8);

/// Draws the whole UI.
pub fn draw(frame: &mut Frame<'_>, app: &App<'_>, theme: Theme) {
    let area = frame.area();
    if area.width < MIN_SIZE.0 || area.height < MIN_SIZE.1 {
        let notice = Paragraph::new(format!(
            "goldpath needs {}×{}; this terminal is {}×{}. q quits.",
            MIN_SIZE.0, MIN_SIZE.1, area.width, area.height
        ))
        .wrap(Wrap { trim: true });
        frame.render_widget(notice, area);
        return;
    }
    let parts = layout::frame(area);
    header(frame, parts.header, app, theme);
    match app.screen {
        Screen::Catalog => catalog::draw(frame, app, theme),
        Screen::Form => form::draw(frame, app, theme),
        Screen::Review => review::draw(frame, app, theme),
        Screen::Finish => finish::draw(frame, app, theme),
    }
    footer(frame, parts.footer, app, theme);
    if app.help {
        help::draw(frame, app, theme);
    }
}

fn header(frame: &mut Frame<'_>, area: Rect, app: &App<'_>, theme: Theme) {
    let steps = [
        (Screen::Catalog, "1 Catalog"),
        (Screen::Form, "2 Answers"),
        (Screen::Review, "3 Review"),
        (Screen::Finish, "4 Finish"),
    ];
    let mut spans = vec![Span::styled(" goldpath ", theme.title()), Span::raw(" ")];
    for (i, (screen, label)) in steps.iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled(" › ", theme.dim()));
        }
        if *screen == app.screen {
            spans.push(Span::styled(format!("[{label}]"), theme.selected()));
        } else {
            spans.push(Span::styled(*label, theme.dim()));
        }
    }
    if let Some(form) = app.form() {
        let m = &form.template.manifest;
        spans.push(Span::styled(
            format!("   {} {}", m.name, m.version),
            theme.dim(),
        ));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn footer(frame: &mut Frame<'_>, area: Rect, app: &App<'_>, theme: Theme) {
    let line = match &app.status {
        Some(status) => Line::from(Span::styled(format!(" {status}"), theme.title())),
        None => hints(help::footer(app), theme),
    };
    frame.render_widget(Paragraph::new(line), area);
}

/// Key hints as `key action` pairs.
fn hints(pairs: &[(&str, &str)], theme: Theme) -> Line<'static> {
    let mut spans = vec![Span::raw(" ")];
    for (key, action) in pairs {
        spans.push(Span::styled(key.to_string(), theme.key()));
        spans.push(Span::raw(format!(" {action}  ")));
    }
    Line::from(spans)
}

/// A bordered block with a title; the focused one is bold and marked.
fn block(title: String, focused: bool, theme: Theme) -> Block<'static> {
    let title = if focused {
        Span::styled(format!("▶ {title} "), theme.title())
    } else {
        Span::raw(format!(" {title} "))
    };
    Block::bordered().title(title)
}

/// The rows of a list shown in `area`, from the offset that keeps `selected` in view.
fn window<T>(items: &[T], selected: usize, area: Rect) -> (usize, &[T]) {
    let first = layout::offset(selected, area).min(items.len());
    let rows = usize::from(area.height.saturating_sub(2));
    let last = (first + rows).min(items.len());
    (first, &items[first..last])
}
