use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::{display_width, wrap_text};

/// A two-column list of terms and their one-line definitions (the glossary), wrapped to
/// `width`. Terms share a column a third of the width at most; a longer term gets a line
/// of its own above its definition.
pub fn term_list(
    entries: &[(&str, &str)],
    width: usize,
    term: Style,
    text: Style,
) -> Vec<Line<'static>> {
    let term_w = entries
        .iter()
        .map(|(t, _)| display_width(t))
        .filter(|w| *w <= width / 3)
        .max()
        .unwrap_or(0);
    let indent = " ".repeat(term_w + 2);
    let mut lines = vec![];
    for (t, definition) in entries {
        let def = [(definition.to_string(), text)];
        let rest = vec![Span::raw(indent.clone())];
        if display_width(t) > term_w {
            lines.extend(wrap_text(&[(t.to_string(), term)], width, vec![], vec![]));
            lines.extend(wrap_text(&def, width, rest.clone(), rest));
        } else {
            let head = format!("{t:<term_w$}  ");
            lines.extend(wrap_text(&def, width, vec![Span::styled(head, term)], rest));
        }
    }
    lines
}
