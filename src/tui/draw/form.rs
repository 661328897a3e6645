//! The form screen: one row per asked parameter, and the focused field's detail.

use super::{block, window};
use crate::catalog::manifest::{Kind, Parameter};
use crate::tui::app::App;
use crate::tui::form::{Form, Mode};
use crate::tui::layout;
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

pub(super) fn draw(frame: &mut Frame<'_>, app: &App<'_>, theme: Theme) {
    let Some(form) = app.form() else { return };
    let areas = layout::form(frame.area());
    fields(frame, areas.fields, form, theme);
    match &form.mode {
        Mode::List {
            items,
            selected,
            item,
        } => list_editor(
            frame,
            areas.detail,
            form,
            items,
            *selected,
            item.as_ref(),
            theme,
        ),
        _ => detail(frame, areas.detail, form, theme),
    }
}

fn fields(frame: &mut Frame<'_>, area: Rect, form: &Form<'_>, theme: Theme) {
    let params = form.fields();
    let focus = form.focus_index();
    let problems = form.resolution().problems.len();
    let title = if problems == 0 {
        format!("✓ valid · {}", form.template.manifest.title)
    } else {
        format!("✗ {problems} to fix · {}", form.template.manifest.title)
    };
    let width = params
        .iter()
        .map(|p| p.name.len())
        .max()
        .unwrap_or(0)
        .min(28);
    let (first, shown) = window(&params, focus, area);
    let mut cursor = None;
    let rows: Vec<Line<'_>> = shown
        .iter()
        .enumerate()
        .map(|(i, param)| {
            let index = first + i;
            let focused = index == focus;
            let bad = !form.problems(&param.name).is_empty();
            let mark = if bad {
                Span::styled("✗ ", theme.error())
            } else {
                Span::raw("  ")
            };
            let label = format!("{}{:width$} ", if focused { "›" } else { " " }, param.name);
            let value = match (&form.mode, focused) {
                (Mode::Text { edit, .. }, true) => {
                    let x = area.x + 1 + 2 + label.chars().count() as u16 + edit.cursor() as u16;
                    cursor = Some((x, area.y + 1 + i as u16));
                    Span::raw(edit.text().to_string())
                }
                _ => value(form, param, theme),
            };
            let line = Line::from(vec![mark, Span::raw(label), value]);
            if focused && form.mode == Mode::Browse {
                line.style(theme.selected())
            } else {
                line
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(rows).block(block(title, true, theme)), area);
    if let Some((x, y)) = cursor {
        frame.set_cursor_position(Position::new(x.min(area.right().saturating_sub(2)), y));
    }
}

fn value<'a>(form: &Form<'_>, param: &Parameter, theme: Theme) -> Span<'a> {
    let shown = form.shown(param);
    match param.kind {
        Kind::Boolean if shown == "yes" => Span::raw("[x] yes"),
        Kind::Boolean => Span::raw("[ ] no"),
        Kind::Choice if shown.is_empty() => Span::styled("‹ (required) ›", theme.dim()),
        Kind::Choice => Span::raw(format!("‹ {shown} ›")),
        Kind::List => Span::raw(format!("[{shown}]")),
        _ if shown.is_empty() && param.required() => Span::styled("(required)", theme.dim()),
        _ => Span::raw(shown),
    }
}

fn detail(frame: &mut Frame<'_>, area: Rect, form: &Form<'_>, theme: Theme) {
    let Some(param) = form.focused() else {
        frame.render_widget(block("Field".into(), false, theme), area);
        return;
    };
    let mut text = vec![
        Line::from(vec![
            Span::styled(param.name.clone(), theme.title()),
            Span::styled(format!("  ({})", param.kind.as_str()), theme.dim()),
            Span::styled(
                if param.required() { "  required" } else { "" },
                theme.dim(),
            ),
        ]),
        Line::raw(param.help.clone()),
    ];
    let problems = form.problems(&param.name);
    if !problems.is_empty() {
        text.push(Line::raw(""));
        for expected in problems {
            text.push(Line::from(vec![
                Span::styled("✗ expected ", theme.error()),
                Span::raw(expected.to_string()),
            ]));
        }
    }
    text.push(Line::raw(""));
    let current = match &form.mode {
        Mode::Text { edit, .. } => edit.text().to_string(),
        _ => form.shown(param),
    };
    if !current.is_empty() {
        text.push(fact("value", current, theme));
    }
    if let Some(default) = &param.default {
        text.push(fact("default", default.display(), theme));
    }
    if let Some(p) = &param.pattern {
        text.push(fact("pattern", p.source.clone(), theme));
    }
    if param.min_length.is_some() || param.max_length.is_some() {
        text.push(fact(
            "length",
            bounds(
                param.min_length.map(|v| v as i64),
                param.max_length.map(|v| v as i64),
            ),
            theme,
        ));
    }
    if param.min.is_some() || param.max.is_some() {
        let what = if param.kind == Kind::List {
            "items"
        } else {
            "range"
        };
        text.push(fact(what, bounds(param.min, param.max), theme));
    }
    if !param.choices.is_empty() {
        let current = form.shown(param);
        let marked: Vec<String> = param
            .choices
            .iter()
            .map(|c| {
                let chosen = current == *c || current.split(", ").any(|x| x == c);
                if chosen { format!("[{c}]") } else { c.clone() }
            })
            .collect();
        text.push(fact("choices", marked.join(" "), theme));
    }
    if let Some(when) = &param.when {
        text.push(fact("asked when", when.source().to_string(), theme));
    }
    let keys = match param.kind {
        Kind::String | Kind::Integer => "Enter or type to edit · Esc undoes the edit",
        Kind::Boolean => "Space or ←/→ flips it",
        Kind::Choice => "Space or ←/→ picks the next choice",
        Kind::List => "Enter opens the list editor",
    };
    text.push(Line::raw(""));
    text.push(Line::from(Span::styled(keys, theme.dim())));
    frame.render_widget(
        Paragraph::new(text)
            .block(block("Field".into(), false, theme))
            .wrap(Wrap { trim: false }),
        area,
    );
}

fn fact(label: &str, value: String, theme: Theme) -> Line<'static> {
    Line::from(vec![
        Span::styled(format!("{label}: "), theme.dim()),
        Span::raw(value),
    ])
}

fn bounds(lo: Option<i64>, hi: Option<i64>) -> String {
    match (lo, hi) {
        (Some(lo), Some(hi)) => format!("{lo} to {hi}"),
        (Some(lo), None) => format!("at least {lo}"),
        (None, Some(hi)) => format!("at most {hi}"),
        (None, None) => String::new(),
    }
}

fn list_editor(
    frame: &mut Frame<'_>,
    area: Rect,
    form: &Form<'_>,
    items: &[String],
    selected: usize,
    item: Option<&crate::tui::edit::LineEdit>,
    theme: Theme,
) {
    let Some(param) = form.focused() else { return };
    let title = format!("{} — list editor", param.name);
    let mut rows: Vec<Line<'_>> = Vec::new();
    let mut cursor = None;
    if param.choices.is_empty() {
        if items.is_empty() {
            rows.push(Line::from(Span::styled(
                "(empty) a adds an item",
                theme.dim(),
            )));
        }
        for (i, text) in items.iter().enumerate() {
            let mark = if i == selected { "› " } else { "  " };
            match item {
                Some(edit) if i == selected => {
                    cursor = Some((area.x + 1 + 2 + edit.cursor() as u16, area.y + 1 + i as u16));
                    rows.push(Line::raw(format!("{mark}{}", edit.text())));
                }
                _ => {
                    let line = Line::raw(format!("{mark}{text}"));
                    rows.push(if i == selected {
                        line.style(theme.selected())
                    } else {
                        line
                    });
                }
            }
        }
    } else {
        for (i, choice) in param.choices.iter().enumerate() {
            let on = if items.contains(choice) { "[x]" } else { "[ ]" };
            let line = Line::raw(format!(
                "{}{on} {choice}",
                if i == selected { "› " } else { "  " }
            ));
            rows.push(if i == selected {
                line.style(theme.selected())
            } else {
                line
            });
        }
    }
    for expected in form.problems(&param.name) {
        rows.push(Line::from(vec![
            Span::styled("✗ expected ", theme.error()),
            Span::raw(expected.to_string()),
        ]));
    }
    frame.render_widget(
        Paragraph::new(rows)
            .block(block(title, true, theme))
            .wrap(Wrap { trim: false }),
        area,
    );
    if let Some((x, y)) = cursor
        && area.contains(Position::new(x, y))
    {
        frame.set_cursor_position(Position::new(x, y));
    }
}
