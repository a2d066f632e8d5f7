//! The speaker notes follower's screen: the step on the projector, the clock and the
//! section's budget on top, the notes below.

use std::path::Path;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::Theme;
use crate::app::App;
use crate::app::notes::NotesView;
use crate::i18n::I18n;
use crate::markdown::{display_width, layout};
use crate::tr;

pub fn draw(
    frame: &mut Frame,
    view: &NotesView,
    app: &App,
    state_dir: &Path,
    i18n: &I18n,
    theme: &Theme,
) {
    let lang = app.lang;
    let area = frame.area();
    frame.render_widget(Paragraph::new("").style(theme.base), area);
    let width = usize::from(area.width);
    let clock = super::live::time_of_day(view.now, app.utc_offset);
    let step = view
        .presented
        .as_ref()
        .and_then(|p| app.workshop.step_index(&p.step).map(|i| (i, p)));
    let title = match (&step, view.connected) {
        (Some((i, _)), _) => app.workshop.steps[*i].title.get(lang).clone(),
        (None, _) => tr!(i18n, lang, "notes-waiting"),
    };
    let budget = step.and_then(|(i, p)| {
        let section = app.workshop.sections.get(app.workshop.steps[i].section)?;
        let spent = ((view.now - p.section_since).max(0.0) / 60.0).floor() as u64;
        Some(match section.minutes {
            Some(m) => tr!(
                i18n,
                lang,
                "notes-budget",
                section = section.title.get(lang).clone(),
                spent = spent,
                minutes = m
            ),
            None => tr!(
                i18n,
                lang,
                "notes-spent",
                section = section.title.get(lang).clone(),
                spent = spent
            ),
        })
    });
    let right = match &budget {
        Some(b) => format!("{b}  {clock} "),
        None => format!("{clock} "),
    };
    let left = super::steps::fit(
        &format!(" {title}"),
        width.saturating_sub(display_width(&right) + 1),
    );
    let gap = width.saturating_sub(display_width(&left) + display_width(&right));
    let mut lines = vec![Line::from(vec![
        Span::styled(left, theme.pane_title_focused),
        Span::raw(" ".repeat(gap)),
        Span::styled(right, theme.header),
    ])];
    let rows = usize::from(area.height.saturating_sub(2));
    match step.and_then(|(i, _)| app.notes_body(i, lang)) {
        Some(doc) => {
            let styles = super::text::md_styles(theme, i18n, lang, false);
            let laid = layout(&doc, area.width.saturating_sub(2), &styles);
            let top = view.scroll.min(laid.lines.len().saturating_sub(rows));
            lines.extend(laid.lines.into_iter().skip(top).take(rows).map(|l| {
                let mut spans = vec![Span::raw(" ")];
                spans.extend(l.spans);
                Line::from(spans)
            }));
        }
        None => {
            let why = if view.connected || step.is_some() {
                tr!(i18n, lang, "notes-none")
            } else {
                tr!(
                    i18n,
                    lang,
                    "notes-start-presenter",
                    dir = state_dir.display().to_string()
                )
            };
            lines.push(Line::default());
            lines.push(Line::from(Span::styled(format!(" {why}"), theme.dim)));
        }
    }
    frame.render_widget(Paragraph::new(lines), area);
    let footer = Rect {
        y: area.y + area.height.saturating_sub(1),
        height: 1.min(area.height),
        ..area
    };
    let keys = if view.connected {
        tr!(i18n, lang, "notes-keys")
    } else {
        tr!(i18n, lang, "notes-keys-waiting")
    };
    frame.render_widget(
        Paragraph::new(Span::styled(
            super::steps::fit(&format!(" {keys}"), width),
            theme.dim,
        )),
        footer,
    );
}
