//! The `template preview` screen: the template and its answers in the header, the rendered files
//! and the selected one above, lint problems and guardrail findings below.

use super::review::{Tree, code, file_tree};
use super::{MIN_SIZE, block, hints, window};
use crate::guardrails::finding::Severity;
use crate::lint::Severity as Lint;
use crate::preview::Outcome;
use crate::tui::layout;
use crate::tui::preview::{Item, Level, Pane, Preview};
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

const KEYS: &[(&str, &str)] = &[
    ("↑↓", "select"),
    ("Tab", "files/problems"),
    ("PgUp/PgDn", "scroll"),
    ("f", "fixture"),
    ("r", "reload"),
    ("q", "quit"),
];

/// Draws the preview.
pub fn draw(frame: &mut Frame<'_>, preview: &Preview, theme: Theme) {
    let area = frame.area();
    if area.width < MIN_SIZE.0 || area.height < MIN_SIZE.1 {
        frame.render_widget(
            Paragraph::new(format!(
                "goldpath needs {}×{}; this terminal is {}×{}. q quits.",
                MIN_SIZE.0, MIN_SIZE.1, area.width, area.height
            ))
            .wrap(Wrap { trim: true }),
            area,
        );
        return;
    }
    let parts = layout::frame(area);
    header(frame, parts.header, preview, theme);
    let footer = match &preview.notice {
        Some(notice) => Line::styled(format!(" {notice}"), theme.title()),
        None => hints(KEYS, theme),
    };
    frame.render_widget(Paragraph::new(footer), parts.footer);
    let areas = layout::preview(area);
    if preview.loads == 0 {
        frame.render_widget(
            Paragraph::new("Loading…").block(block("Preview".into(), true, theme)),
            parts.body,
        );
        return;
    }
    files(frame, areas.files, preview, theme);
    match preview.items().get(preview.problem) {
        Some(item) if preview.pane == Pane::Problems => detail(frame, areas.code, item, theme),
        _ => selected(frame, areas.code, preview, theme),
    }
    problems(frame, areas.problems, preview, theme);
}

fn header(frame: &mut Frame<'_>, area: Rect, preview: &Preview, theme: Theme) {
    let mut spans = vec![Span::styled(" goldpath preview ", theme.title())];
    if let Some(s) = &preview.snapshot {
        // A manifest that does not parse cannot name the template; the last good one can.
        let named = match (&s.version, &preview.last_good) {
            (None, Some(good)) => good,
            _ => s,
        };
        let version = named
            .version
            .as_deref()
            .map(|v| format!(" {v}"))
            .unwrap_or_default();
        spans.push(Span::raw(format!(" {}{version}", named.template)));
        if let Some(answers) = &s.answers {
            spans.push(Span::styled(format!(" · {answers}"), theme.dim()));
        }
        let errors = s.lint.count(Lint::Error);
        let (text, style) = match &s.outcome {
            Outcome::Rendered(_, report) => {
                let denies = report
                    .findings()
                    .filter(|(_, f)| f.fails(Severity::Deny))
                    .count();
                match (errors, denies) {
                    (0, 0) => ("✓ renders".to_string(), theme.ok()),
                    (0, d) => (format!("✗ {d} denied"), theme.error()),
                    (e, _) => (format!("✗ {e} lint error{}", plural(e)), theme.error()),
                }
            }
            Outcome::Refused(_) => ("✗ answers refused".into(), theme.error()),
            Outcome::Failed(_) => ("✗ does not render".into(), theme.error()),
        };
        spans.push(Span::raw("  "));
        spans.push(Span::styled(text, style));
    }
    if preview.loading() && preview.loads > 0 {
        spans.push(Span::styled("  reloading…", theme.dim()));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn files(frame: &mut Frame<'_>, area: Rect, preview: &Preview, theme: Theme) {
    let paths = preview.paths();
    let stale = preview.shown().is_some_and(|(_, stale)| stale);
    let title = if paths.is_empty() {
        "Files".to_string()
    } else if stale {
        format!("Files ({}, last good)", paths.len())
    } else {
        format!("Files ({})", paths.len())
    };
    let focused = preview.pane == Pane::Files;
    let tree = Tree {
        paths: &paths,
        selected: preview.file(),
        active: focused,
        focused,
    };
    file_tree(frame, area, &tree, title, theme);
}

fn selected(frame: &mut Frame<'_>, area: Rect, preview: &Preview, theme: Theme) {
    let Some((
        crate::preview::Snapshot {
            outcome: Outcome::Rendered(bundle, _),
            ..
        },
        stale,
    )) = preview.shown()
    else {
        let message = "Nothing has rendered yet: fix the problems below and save.";
        frame.render_widget(
            Paragraph::new(Line::styled(message, theme.dim()))
                .block(block("Module".into(), false, theme))
                .wrap(Wrap { trim: false }),
            area,
        );
        return;
    };
    let paths = preview.paths();
    let Some(path) = paths.get(preview.file()).copied() else {
        return;
    };
    let text = bundle.get(path).unwrap_or_default();
    let title = stale.then(|| format!("{path}  (last good render; it does not render now)"));
    code(
        frame,
        area,
        (path, text),
        preview.scroll,
        title.as_deref(),
        theme,
    );
}

/// The selected problem in full, wrapped: the problems pane shows one line of each.
fn detail(frame: &mut Frame<'_>, area: Rect, item: &Item, theme: Theme) {
    let (label, style) = level(item.level, theme);
    let title = format!("{label} {} {}", item.rule, item.place);
    let text = vec![
        Line::styled(item.message.clone(), style),
        Line::raw(""),
        Line::styled("Tab goes back to the files.", theme.dim()),
    ];
    frame.render_widget(
        Paragraph::new(text)
            .block(block(title.trim_end().to_string(), false, theme))
            .wrap(Wrap { trim: false }),
        area,
    );
}

fn level(level: Level, theme: Theme) -> (&'static str, ratatui::style::Style) {
    match level {
        Level::Error => ("ERROR", theme.error()),
        Level::Finding(Severity::Deny) => ("DENY", theme.error()),
        Level::Finding(severity) => ("WARN", theme.severity(severity)),
        Level::Warning => ("WARN", theme.severity(Severity::Warn)),
    }
}

fn problems(frame: &mut Frame<'_>, area: Rect, preview: &Preview, theme: Theme) {
    let items = preview.items();
    let focused = preview.pane == Pane::Problems;
    let count = |level: fn(&Level) -> bool| items.iter().filter(|i| level(&i.level)).count();
    let errors = count(|l| *l == Level::Error);
    let denies = count(|l| *l == Level::Finding(Severity::Deny));
    let warnings = items.len() - errors - denies;
    let coverage = preview
        .snapshot
        .as_ref()
        .and_then(|s| s.lint.coverage.as_ref())
        .map(|c| format!(" · coverage {}%", c.percent()))
        .unwrap_or_default();
    let title = format!(
        "Problems: {errors} error{}, {denies} denied, {warnings} warning{}{coverage}",
        plural(errors),
        plural(warnings)
    );
    if items.is_empty() {
        frame.render_widget(
            Paragraph::new(Line::styled(
                "✓ no problems: the template lints clean and every guardrail holds",
                theme.ok(),
            ))
            .block(block(title, focused, theme)),
            area,
        );
        return;
    }
    let selected = preview.problem.min(items.len() - 1);
    let (first, shown) = window(&items, selected, area);
    let lines: Vec<Line<'_>> = shown
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let (label, style) = level(item.level, theme);
            let mut spans = vec![
                Span::raw(if first + i == selected { "›" } else { " " }),
                Span::styled(format!("{label:<5} "), style),
                Span::styled(format!("{} ", item.rule), theme.title()),
            ];
            if !item.place.is_empty() {
                spans.push(Span::styled(format!("{} ", item.place), theme.dim()));
            }
            spans.push(Span::raw(item.message.clone()));
            let line = Line::from(spans);
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

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
