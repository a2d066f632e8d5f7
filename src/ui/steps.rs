use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{Ctx, Theme, glyphs};
use crate::app::geometry::content;
use crate::app::{App, ListRow, Pane, StepState};
use crate::markdown::display_width;
use crate::tr;

pub fn state_glyph(app: &App, state: StepState, theme: &Theme) -> (&'static str, Style) {
    match state {
        StepState::Done => (glyphs::DONE, theme.done),
        StepState::Failed => (glyphs::FAILED, theme.failed),
        StepState::Running => (
            glyphs::SPINNER[app.spinner % glyphs::SPINNER.len()],
            theme.running,
        ),
        StepState::Locked => (glyphs::LOCKED, theme.step_locked),
        StepState::Open => (glyphs::OPEN, theme.step),
    }
}

/// Cuts `text` to at most `width` columns, marking the cut.
pub fn fit(text: &str, width: usize) -> String {
    if display_width(text) <= width {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = display_width(c.encode_utf8(&mut [0; 4]));
        if used + w + 1 > width {
            break;
        }
        used += w;
        out.push(c);
    }
    out.push('~');
    out
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App, ctx: &Ctx, theme: &Theme) {
    let lang = app.lang;
    let done = app.done.iter().filter(|d| **d).count();
    let title_style = if app.focus == Pane::Steps {
        theme.pane_title_focused
    } else {
        theme.pane_title
    };
    let title = tr!(
        ctx.i18n,
        lang,
        "pane-steps",
        done = done,
        total = app.workshop.steps.len()
    );
    frame.render_widget(
        Paragraph::new(Line::from(Span::styled(format!(" {title}"), title_style))),
        Rect { height: 1, ..area },
    );
    let inner = content(area);
    let rows = app.list_rows();
    let offset = app.list_offset(&rows, usize::from(inner.height));
    let width = usize::from(inner.width);
    let mut lines = vec![];
    for row in rows.iter().skip(offset).take(usize::from(inner.height)) {
        match *row {
            ListRow::Section(s) => {
                let t = app.workshop.sections[s].title.get(lang);
                lines.push(Line::from(Span::styled(fit(t, width), theme.section)));
            }
            ListRow::Step(i) => {
                let state = app.step_state(i);
                let (glyph, glyph_style) = state_glyph(app, state, theme);
                let title = app.workshop.steps[i].title.get(lang);
                let mut style = if state == StepState::Locked {
                    theme.step_locked
                } else {
                    theme.step
                };
                if i == app.current {
                    style = style.patch(theme.current);
                }
                let marker = if i == app.current {
                    glyphs::SELECTED
                } else {
                    " "
                };
                let text = fit(title, width.saturating_sub(4));
                let pad = width.saturating_sub(4 + display_width(&text));
                let mut line = Line::from(vec![
                    Span::styled(marker, theme.current),
                    Span::styled(glyph, glyph_style),
                    Span::raw("  "),
                    Span::styled(text, style),
                    Span::raw(" ".repeat(pad)),
                ]);
                if app.focus == Pane::Steps && i == app.list_cursor {
                    line = line.style(theme.cursor);
                }
                lines.push(line);
            }
        }
    }
    frame.render_widget(Paragraph::new(lines), inner);
}
