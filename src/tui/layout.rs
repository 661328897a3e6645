//! Where each screen's parts go. Drawing and mouse handling both use these, so a click lands on
//! what was drawn there.

use ratatui::layout::{Constraint, Layout, Position, Rect};

/// The frame cut into header, body and footer.
pub struct Frame {
    /// The step line at the top.
    pub header: Rect,
    /// The screen's own area.
    pub body: Rect,
    /// Key hints and messages at the bottom.
    pub footer: Rect,
}

/// Header, body and footer of any screen.
pub fn frame(area: Rect) -> Frame {
    let [header, body, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(1),
    ])
    .areas(area);
    Frame {
        header,
        body,
        footer,
    }
}

/// Whether the screen is wide enough for two columns side by side.
fn wide(area: Rect) -> bool {
    area.width >= 70
}

/// Two panes: side by side when wide (left takes `percent`), else stacked (top keeps at least
/// `rows`, or all of it when the area is tiny).
fn split(area: Rect, percent: u16, rows: u16) -> (Rect, Rect) {
    if wide(area) {
        let [a, b] =
            Layout::horizontal([Constraint::Percentage(percent), Constraint::Fill(1)]).areas(area);
        (a, b)
    } else {
        let [a, b] =
            Layout::vertical([Constraint::Min(rows), Constraint::Percentage(40)]).areas(area);
        (a, b)
    }
}

/// The catalog screen: the template list and the detail pane.
pub struct Catalog {
    /// The filter line.
    pub filter: Rect,
    /// The list of templates.
    pub list: Rect,
    /// The selected template's description.
    pub detail: Rect,
}

/// Lays out the catalog screen.
pub fn catalog(area: Rect) -> Catalog {
    let body = frame(area).body;
    let [filter, rest] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(body);
    let (list, detail) = split(rest, 38, 5);
    Catalog {
        filter,
        list,
        detail,
    }
}

/// The form screen: the field list and the focused field's detail.
pub struct Form {
    /// One row per asked parameter.
    pub fields: Rect,
    /// Help, constraints and problems of the focused field.
    pub detail: Rect,
}

/// Lays out the form screen.
pub fn form(area: Rect) -> Form {
    let (fields, detail) = split(frame(area).body, 50, 6);
    Form { fields, detail }
}

/// The review screen: file tree and findings on the left, the preview on the right.
pub struct Review {
    /// The rendered files.
    pub files: Rect,
    /// The guardrail findings.
    pub findings: Rect,
    /// The selected file (or the answers).
    pub preview: Rect,
}

/// Lays out the review screen.
pub fn review(area: Rect) -> Review {
    let body = frame(area).body;
    if wide(body) {
        let [left, preview] =
            Layout::horizontal([Constraint::Length(34), Constraint::Fill(1)]).areas(body);
        let [files, findings] =
            Layout::vertical([Constraint::Percentage(60), Constraint::Fill(1)]).areas(left);
        Review {
            files,
            findings,
            preview,
        }
    } else {
        let [files, findings, preview] = Layout::vertical([
            Constraint::Percentage(30),
            Constraint::Percentage(20),
            Constraint::Fill(1),
        ])
        .areas(body);
        Review {
            files,
            findings,
            preview,
        }
    }
}

/// The preview screen's parts.
pub struct Preview {
    /// The file tree.
    pub files: Rect,
    /// The selected file.
    pub code: Rect,
    /// Lint problems and guardrail findings, the width of the screen.
    pub problems: Rect,
}

/// The preview screen: files and code above, problems across the bottom.
pub fn preview(area: Rect) -> Preview {
    let body = frame(area).body;
    let problems_rows = (body.height / 3).clamp(3, 10);
    let [top, problems] =
        Layout::vertical([Constraint::Fill(1), Constraint::Length(problems_rows)]).areas(body);
    let [files, code] = if wide(top) {
        Layout::horizontal([Constraint::Length(30), Constraint::Fill(1)]).areas(top)
    } else {
        Layout::vertical([Constraint::Percentage(35), Constraint::Fill(1)]).areas(top)
    };
    Preview {
        files,
        code,
        problems,
    }
}

/// First row shown of a bordered list of `height` rows with `selected` kept in view.
pub fn offset(selected: usize, area: Rect) -> usize {
    let rows = usize::from(area.height.saturating_sub(2)).max(1);
    selected.saturating_sub(rows - 1)
}

/// The list index under `at` in a bordered list at `area` whose selection is `selected`.
pub fn row_at(area: Rect, at: Position, selected: usize) -> Option<usize> {
    let inner = Rect::new(
        area.x + 1,
        area.y + 1,
        area.width.saturating_sub(2),
        area.height.saturating_sub(2),
    );
    inner
        .contains(at)
        .then(|| offset(selected, area) + usize::from(at.y - inner.y))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clicks_map_to_the_rows_drawn() {
        let area = Rect::new(0, 1, 30, 7);
        assert_eq!(row_at(area, Position::new(2, 2), 0), Some(0));
        assert_eq!(row_at(area, Position::new(2, 6), 0), Some(4));
        assert_eq!(row_at(area, Position::new(0, 2), 0), None, "border");
        assert_eq!(row_at(area, Position::new(2, 6), 9), Some(9), "scrolled");
    }

    #[test]
    fn tiny_areas_do_not_panic() {
        for w in 0..12 {
            for h in 0..6 {
                let area = Rect::new(0, 0, w, h);
                let _ = (catalog(area), form(area), review(area));
                let _ = row_at(area, Position::new(0, 0), 3);
            }
        }
    }
}
