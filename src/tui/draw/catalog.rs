//! The catalog screen: filter, template list, detail.

use super::{block, window};
use crate::tui::app::App;
use crate::tui::layout;
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Position;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

pub(super) fn draw(frame: &mut Frame<'_>, app: &App<'_>, theme: Theme) {
    let areas = layout::catalog(frame.area());
    let view = &app.catalog;
    let matches = view.matches(app.templates);

    let filter = if view.filtering || !view.filter.text().is_empty() {
        Line::from(vec![
            Span::styled(" / ", theme.key()),
            Span::raw(view.filter.text().to_string()),
            Span::styled(
                format!("   {} of {}", matches.len(), app.templates.len()),
                theme.dim(),
            ),
        ])
    } else {
        Line::from(vec![
            Span::styled(" / ", theme.key()),
            Span::styled("type to filter", theme.dim()),
        ])
    };
    frame.render_widget(Paragraph::new(filter), areas.filter);
    if view.filtering {
        let x = areas.filter.x + 3 + view.filter.cursor() as u16;
        frame.set_cursor_position(Position::new(
            x.min(areas.filter.right().saturating_sub(1)),
            areas.filter.y,
        ));
    }

    let selected = view.selected.min(matches.len().saturating_sub(1));
    let list_block = block(
        format!("Templates ({})", matches.len()),
        !view.filtering,
        theme,
    );
    if matches.is_empty() {
        let text = vec![
            Line::from(format!("No template matches “{}”.", view.filter.text())),
            Line::from(Span::styled("Esc clears the filter.", theme.dim())),
        ];
        frame.render_widget(
            Paragraph::new(text)
                .block(list_block)
                .wrap(Wrap { trim: true }),
            areas.list,
        );
    } else {
        let (first, shown) = window(&matches, selected, areas.list);
        let rows: Vec<Line<'_>> = shown
            .iter()
            .enumerate()
            .map(|(i, &index)| {
                let m = &app.templates[index].manifest;
                let is_selected = first + i == selected;
                let marker = if is_selected { "› " } else { "  " };
                let line = Line::from(vec![
                    Span::raw(marker),
                    Span::styled(m.name.clone(), theme.title()),
                    Span::styled(format!(" {}", m.version), theme.dim()),
                    Span::raw(format!("  {}", m.title)),
                ]);
                if is_selected {
                    line.style(theme.selected())
                } else {
                    line
                }
            })
            .collect();
        frame.render_widget(Paragraph::new(rows).block(list_block), areas.list);
    }

    let detail_block = block("Details".into(), false, theme);
    let Some(index) = view.current(app.templates) else {
        frame.render_widget(detail_block, areas.detail);
        return;
    };
    let template = &app.templates[index];
    let m = &template.manifest;
    let mut text = vec![
        Line::from(Span::styled(m.title.clone(), theme.title())),
        Line::from(vec![
            Span::styled("name ", theme.dim()),
            Span::raw(m.name.clone()),
            Span::styled("  version ", theme.dim()),
            Span::raw(m.version.to_string()),
        ]),
        Line::from(vec![
            Span::styled("tags ", theme.dim()),
            Span::raw(m.tags.join(", ")),
        ]),
        Line::from(vec![
            Span::styled("owners ", theme.dim()),
            Span::raw(m.owners.join(", ")),
        ]),
        Line::raw(""),
        Line::raw(m.description.clone()),
        Line::raw(""),
        Line::from(Span::styled("Creates", theme.title())),
    ];
    let files = template
        .files
        .iter()
        .filter(|(p, _)| p.ends_with(".tf") && !p.contains('/'))
        .count();
    text.push(Line::raw(format!(
        "• a registry module: {files} Terraform files, README, examples, tests, CI workflow"
    )));
    for module in &template.modules {
        text.push(Line::raw(format!(
            "• nested module {} ({})",
            module.manifest.name, module.manifest.title
        )));
    }
    if !m.policies.is_empty() {
        text.push(Line::raw(format!(
            "• guardrails: {} policies",
            m.policies.join(", ")
        )));
    }
    text.push(Line::raw(format!(
        "• {} questions to answer",
        m.parameters.len()
    )));
    frame.render_widget(
        Paragraph::new(text)
            .block(detail_block)
            .wrap(Wrap { trim: false }),
        areas.detail,
    );
}
