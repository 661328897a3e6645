//! Terminal styles for human output; anstream strips them when colour is off.

use anstyle::{AnsiColor, Style};

/// Headings and names.
pub const BOLD: Style = Style::new().bold();
/// Secondary text such as help and defaults.
pub const DIM: Style = Style::new().dimmed();
/// Success lines.
pub const OK: Style = Style::new()
    .fg_color(Some(anstyle::Color::Ansi(AnsiColor::Green)))
    .bold();
