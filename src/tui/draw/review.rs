//! The review screen: file tree, findings, and the preview of a file or of the answers.

use super::{block, window};
use crate::guardrails::finding::Severity;
use crate::render::format::highlight::highlight;
use crate::tui::app::App;
use crate::tui::layout;
use crate::tui::review::{Pane, Rendered, tree};
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

pub(super) fn draw(frame: &mut Frame<'_>, app: &App<'_>, theme: Theme) {
    let Some(form) = app.form() else { return };
    let areas = layout::review(frame.area());
    if !form.is_valid() {
        let mut text = vec![
            Line::from(Span::styled(
                format!(
                    "✗ {} answers need fixing before the module can be rendered:",
                    form.resolution().problems.len()
                ),
                theme.error(),
            )),
            Line::raw(""),
        ];
        for p in &form.resolution().problems {
            text.push(Line::from(vec![
                Span::styled(format!("{}: ", p.parameter), theme.title()),
                Span::raw(format!("expected {}", p.expected)),
            ]));
        }
        text.push(Line::raw(""));
        text.push(Line::from(Span::styled(
            "Esc goes back to the answers.",
            theme.dim(),
        )));
        frame.render_widget(
            Paragraph::new(text)
                .block(block("Review".into(), true, theme))
                .wrap(Wrap { trim: false }),
            frame.area().intersection(layout::frame(frame.area()).body),
        );
        return;
    }
    let fresh = app.fresh_render();
    let Some(rendered) = fresh.or(app.rendered.as_ref()) else {
        frame.render_widget(
            Paragraph::new("Rendering…").block(block("Review".into(), true, theme)),
            layout::frame(frame.area()).body,
        );
        return;
    };
    let stale = if fresh.is_none() {
        " (updating…)"
    } else {
        ""
    };
    if let Err(message) = &rendered.outcome {
        frame.render_widget(
            Paragraph::new(message.clone())
                .block(block(format!("Render failed{stale}"), true, theme))
                .wrap(Wrap { trim: false }),
            layout::frame(frame.area()).body,
        );
        return;
    }
    files(frame, areas.files, app, rendered, stale, theme);
    findings(frame, areas.findings, app, rendered, theme);
    preview(frame, areas.preview, app, rendered, theme);
    if let Some(save_as) = &app.review.save_as {
        let line = Line::from(vec![
            Span::styled(" save answers to: ", theme.key()),
            Span::raw(save_as.text().to_string()),
        ]);
        let footer = layout::frame(frame.area()).footer;
        frame.render_widget(Paragraph::new(line), footer);
        let x = footer.x + 18 + save_as.cursor() as u16;
        frame.set_cursor_position(Position::new(
            x.min(footer.right().saturating_sub(1)),
            footer.y,
        ));
    }
}

fn files(
    frame: &mut Frame<'_>,
    area: Rect,
    app: &App<'_>,
    rendered: &Rendered,
    stale: &str,
    theme: Theme,
) {
    let paths = rendered.paths();
    let total = rendered
        .cost
        .as_ref()
        .map(|c| {
            // Unpriced items are not in the total, so it is a lower bound.
            let at_least = if c.estimate.unpriced > 0 { "≥" } else { "" };
            let monthly = crate::cost::report::usd(c.estimate.monthly);
            format!(" · {at_least}{monthly}/mo")
        })
        .unwrap_or_default();
    let title = format!("Files ({}){total}{stale}", paths.len());
    let focused = app.review.pane == Pane::Files;
    let tree = Tree {
        paths: &paths,
        selected: app.review.file,
        active: focused && !app.review.answers,
        focused,
    };
    file_tree(frame, area, &tree, title, theme);
}

/// A file tree pane: the rendered paths, one selected.
pub(super) struct Tree<'a> {
    /// The paths, in order.
    pub paths: &'a [&'a str],
    /// The selected path's index.
    pub selected: usize,
    /// Whether the selection is what the keys move (highlighted, not only marked).
    pub active: bool,
    /// Whether the pane has the keys.
    pub focused: bool,
}

pub(super) fn file_tree(
    frame: &mut Frame<'_>,
    area: Rect,
    tree_view: &Tree<'_>,
    title: String,
    theme: Theme,
) {
    let rows = tree(tree_view.paths);
    let selected_row = rows
        .iter()
        .position(|r| r.file == Some(tree_view.selected))
        .unwrap_or(0);
    let (first, shown) = window(&rows, selected_row, area);
    let lines: Vec<Line<'_>> = shown
        .iter()
        .enumerate()
        .map(|(i, row)| {
            let text = format!("{}{}", "  ".repeat(row.depth), row.label);
            if first + i == selected_row {
                let style = if tree_view.active {
                    theme.selected()
                } else {
                    theme.title()
                };
                Line::styled(format!("›{text}"), style)
            } else if row.file.is_none() {
                Line::styled(format!(" {text}"), theme.dim())
            } else {
                Line::raw(format!(" {text}"))
            }
        })
        .collect();
    frame.render_widget(
        Paragraph::new(lines).block(block(title, tree_view.focused, theme)),
        area,
    );
}

fn findings(frame: &mut Frame<'_>, area: Rect, app: &App<'_>, rendered: &Rendered, theme: Theme) {
    let all = rendered.findings();
    let denies = all.iter().filter(|(_, f)| f.fails(Severity::Deny)).count();
    let title = format!("Findings: {denies} deny, {} warn", all.len() - denies);
    let focused = app.review.pane == Pane::Findings;
    if all.is_empty() {
        frame.render_widget(
            Paragraph::new(Line::styled(
                "✓ no findings: every guardrail holds",
                theme.ok(),
            ))
            .block(block(title, focused, theme))
            .wrap(Wrap { trim: false }),
            area,
        );
        return;
    }
    let selected = app.review.finding.min(all.len() - 1);
    let (first, shown) = window(&all, selected, area);
    let lines: Vec<Line<'_>> = shown
        .iter()
        .enumerate()
        .map(|(i, (path, f))| {
            let place = match (path, f.line) {
                (Some(p), Some(l)) => format!("{p}:{l}"),
                (Some(p), None) => p.clone(),
                _ => "module".into(),
            };
            let label = if f.waived.is_some() {
                "WAIVED".to_string()
            } else {
                f.severity.as_str().to_uppercase()
            };
            let line = Line::from(vec![
                Span::raw(if first + i == selected { "›" } else { " " }),
                Span::styled(format!("{label:<6} "), theme.severity(f.severity)),
                Span::styled(format!("{} ", f.rule), theme.title()),
                Span::styled(format!("{place} "), theme.dim()),
                Span::raw(f.message.clone()),
            ]);
            if first + i == selected && focused {
                line.style(theme.selected())
            } else {
                line
            }
        })
        .collect();
    frame.render_widget(
        Paragraph::new(lines).block(block(title, focused, theme)),
        area,
    );
}

fn preview(frame: &mut Frame<'_>, area: Rect, app: &App<'_>, rendered: &Rendered, theme: Theme) {
    let Ok((bundle, _)) = &rendered.outcome else {
        return;
    };
    if app.review.cost
        && let Some(cost) = &rendered.cost
    {
        bill(frame, area, cost, app.review.scroll, theme);
        return;
    }
    if app.review.answers {
        let text = app
            .form()
            .map(|f| crate::render::answers_yaml(&f.resolution().answers))
            .unwrap_or_default();
        let title = "answers (YAML): y copies · s saves · a shows files";
        code(
            frame,
            area,
            ("answers.yaml", &text),
            app.review.scroll,
            Some(title),
            theme,
        );
        return;
    }
    let paths = rendered.paths();
    let Some(path) = paths.get(app.review.file).copied() else {
        return;
    };
    let text = bundle.get(path).unwrap_or_default();
    code(frame, area, (path, text), app.review.scroll, None, theme);
}

/// The itemised estimate: the total and the budget, then each priced resource's lines, what
/// is unpriced, and what is not estimated.
fn bill(
    frame: &mut Frame<'_>,
    area: Rect,
    cost: &crate::pipeline::Cost,
    scroll: usize,
    theme: Theme,
) {
    use crate::cost::estimate::Status;
    use crate::cost::report::usd;
    let e = &cost.estimate;
    let mut lines = vec![Line::from(vec![
        Span::styled(format!("{} a month", usd(e.monthly)), theme.title()),
        Span::raw(format!(" in {}", e.region)),
        Span::styled(
            match e.unpriced {
                0 => String::new(),
                n => format!(" · {n} unpriced, not in the total"),
            },
            theme.dim(),
        ),
    ])];
    if let Some(b) = &cost.verdict.budget {
        let (text, style) = if cost.verdict.over() {
            (
                format!(
                    "✗ {} over the budget of {} ({})",
                    usd(cost.verdict.over_by),
                    usd(b.monthly),
                    b.scope
                ),
                theme.error(),
            )
        } else {
            (
                format!("✓ within the budget of {} ({})", usd(b.monthly), b.scope),
                theme.dim(),
            )
        };
        lines.push(Line::from(Span::styled(text, style)));
    }
    for r in e.resources.iter().filter(|r| r.status == Status::Priced) {
        lines.push(Line::raw(""));
        lines.push(Line::from(vec![
            Span::styled(r.address.clone(), theme.title()),
            Span::raw(format!("  {}", usd(r.monthly))),
        ]));
        for item in &r.items {
            let amount = item.monthly.map_or_else(|| "unpriced".to_string(), usd);
            lines.push(Line::from(vec![
                Span::raw(format!("  {amount:>11}  {}", item.component)),
                Span::styled(
                    item.unpriced
                        .as_ref()
                        .map(|why| format!(" ({why})"))
                        .unwrap_or_default(),
                    theme.dim(),
                ),
            ]));
        }
    }
    let skipped: Vec<&str> = e
        .resources
        .iter()
        .filter(|r| r.status == Status::NotEstimated)
        .map(|r| r.address.as_str())
        .collect();
    if !skipped.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::from(Span::styled(
            format!("not estimated: {}", skipped.join(", ")),
            theme.dim(),
        )));
    }
    let shown: Vec<Line<'_>> = lines.into_iter().skip(scroll).collect();
    frame.render_widget(
        Paragraph::new(shown)
            .block(block("Cost: c shows files".into(), false, theme))
            .wrap(Wrap { trim: false }),
        area,
    );
}

/// A file's text, highlighted, with line numbers, from line `scroll`; titled with its path and
/// the lines shown unless `title` is given.
pub(super) fn code(
    frame: &mut Frame<'_>,
    area: Rect,
    (path, text): (&str, &str),
    scroll: usize,
    title: Option<&str>,
    theme: Theme,
) {
    let lines = highlight(path, text);
    let total = lines.len();
    let rows = usize::from(area.height.saturating_sub(2));
    let first = scroll.min(total.saturating_sub(1));
    let gutter = total.to_string().len();
    let shown: Vec<Line<'_>> = lines
        .into_iter()
        .enumerate()
        .skip(first)
        .take(rows)
        .map(|(n, spans)| {
            let mut out = vec![Span::styled(format!("{:>gutter$} ", n + 1), theme.dim())];
            out.extend(
                spans
                    .into_iter()
                    .map(|(class, s)| Span::styled(s, theme.code(class))),
            );
            Line::from(out)
        })
        .collect();
    let title = title.map_or_else(
        || {
            format!(
                "{path}  {}–{} of {total}",
                (first + 1).min(total),
                (first + rows).min(total)
            )
        },
        String::from,
    );
    frame.render_widget(
        Paragraph::new(shown).block(block(title, false, theme)),
        area,
    );
}
