use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{Ctx, Hyperlink, Theme};
use crate::app::ScrollPos;
use crate::app::geometry::{content, side_by_side};
use crate::app::{App, Pane, StepState};
use crate::i18n::{I18n, Lang};
use crate::markdown::{MdStyles, display_width, layout};
use crate::tr;

/// Markdown styles with the alert labels in `lang`.
pub fn md_styles(theme: &Theme, i18n: &I18n, lang: Lang, hyperlinks: bool) -> MdStyles {
    let mut st = theme.md.clone();
    st.hyperlinks = hyperlinks;
    st.alert_labels = [
        tr!(i18n, lang, "alert-note"),
        tr!(i18n, lang, "alert-tip"),
        tr!(i18n, lang, "alert-important"),
        tr!(i18n, lang, "alert-warning"),
        tr!(i18n, lang, "alert-caution"),
    ];
    st
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App, ctx: &Ctx, theme: &Theme) -> Vec<Hyperlink> {
    let lang = app.lang;
    let step = &app.workshop.steps[app.current];
    let section = &app.workshop.sections[step.section];
    let mut tags = vec![];
    match app.step_state(app.current) {
        StepState::Locked => tags.push((tr!(ctx.i18n, lang, "tag-locked"), theme.warning)),
        StepState::Done => tags.push((tr!(ctx.i18n, lang, "tag-done"), theme.done)),
        StepState::Failed => tags.push((tr!(ctx.i18n, lang, "tag-failed"), theme.failed)),
        _ => {}
    }
    if *step.draft.get(lang) {
        tags.push((tr!(ctx.i18n, lang, "tag-draft"), theme.warning));
    }
    let title_style = if app.focus == Pane::Text {
        theme.pane_title_focused
    } else {
        theme.pane_title
    };
    let mut spans = vec![
        Span::styled(format!(" {} / ", section.title.get(lang)), theme.dim),
        Span::styled(step.title.get(lang).clone(), title_style),
    ];
    for (tag, style) in tags {
        spans.push(Span::raw("  "));
        spans.push(Span::styled(format!("[{tag}]"), style));
    }
    let inner = content(area);
    let pos = app.scroll[app.current];
    let (left, right) = if app.side_by_side {
        side_by_side(inner)
    } else {
        (inner, Rect::default())
    };
    let mut links = vec![];
    let (top, total) = draw_doc(frame, left, app, ctx, theme, lang, pos, &mut links);
    if app.side_by_side {
        draw_doc(frame, right, app, ctx, theme, lang.other(), pos, &mut links);
    }
    // Where in the text the reader is, when there is more than one screen of it.
    let shown = usize::from(left.height);
    if total > shown {
        let pct = ((top + shown).min(total) * 100) / total.max(1);
        let used: usize = spans.iter().map(|s| display_width(&s.content)).sum();
        let indicator = format!("{pct:>3}% ");
        let room = usize::from(area.width).saturating_sub(used + display_width(&indicator));
        spans.push(Span::raw(" ".repeat(room)));
        spans.push(Span::styled(indicator, theme.dim));
    }
    frame.render_widget(
        Paragraph::new(Line::from(spans)),
        Rect { height: 1, ..area },
    );
    links
}

/// Draws one language's text at the anchor; returns (first line shown, total lines) and
/// adds the visible hyperlinks to `links`.
#[allow(clippy::too_many_arguments)]
fn draw_doc(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    ctx: &Ctx,
    theme: &Theme,
    lang: Lang,
    pos: ScrollPos,
    links: &mut Vec<Hyperlink>,
) -> (usize, usize) {
    let styles = md_styles(theme, ctx.i18n, lang, ctx.hyperlinks);
    let Some(body) = app.step_body(lang) else {
        return (0, 0);
    };
    let laid = layout(&body, area.width, &styles);
    let height = usize::from(area.height);
    let max = laid.lines.len().saturating_sub(height);
    let top = if pos == ScrollPos::default() {
        0
    } else {
        laid.line_of(pos.block, pos.offset).min(max)
    };
    let total = laid.lines.len();
    if ctx.hyperlinks {
        for (line, mark, url) in &laid.links {
            // Only addresses that leave the workshop; step links are not for a browser.
            if (top..top + height).contains(line) && url.contains("://") {
                links.push(Hyperlink {
                    x: area.x + mark.col,
                    y: area.y + (line - top) as u16,
                    width: mark.width,
                    url: url.clone(),
                });
            }
        }
    }
    let lines: Vec<Line> = laid.lines.into_iter().skip(top).take(height).collect();
    frame.render_widget(Paragraph::new(lines).style(theme.base), area);
    (top, total)
}
