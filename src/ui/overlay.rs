use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::symbols::border;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::{Ctx, Theme};
use crate::app::{App, HELP_KEYS, Overlay};
use crate::markdown::{display_width, wrap_text};
use crate::tr;
use crate::workshop::{AskProblem, cents};

/// Borders in plain ASCII: box-drawing glyphs are double width in some CJK terminals.
const ASCII_BORDER: border::Set = border::Set {
    top_left: "+",
    top_right: "+",
    bottom_left: "+",
    bottom_right: "+",
    vertical_left: "|",
    vertical_right: "|",
    horizontal_top: "-",
    horizontal_bottom: "-",
};

/// The end of `text` that fits in `width` columns.
fn tail_fitting(text: &str, width: usize) -> String {
    let mut out: Vec<char> = vec![];
    let mut used = 0;
    for c in text.chars().rev() {
        let w = display_width(c.encode_utf8(&mut [0; 4]));
        if used + w > width {
            break;
        }
        used += w;
        out.push(c);
    }
    out.iter().rev().collect()
}

/// A code block alone on the screen, from the first column and unwrapped, so that the
/// terminal's own selection copies it exactly: no border, no indent, no wrapped lines.
fn draw_code(frame: &mut Frame, area: Rect, app: &App, ctx: &Ctx, theme: &Theme, index: usize) {
    let lang = app.lang;
    let blocks = app.code_blocks(lang);
    let Some((_, code)) = blocks.get(index) else {
        return;
    };
    let i18n = ctx.i18n;
    let mut lines = vec![
        Line::from(Span::styled(
            tr!(
                i18n,
                lang,
                "code-title",
                index = index + 1,
                total = blocks.len()
            ),
            theme.pane_title_focused,
        )),
        Line::from(Span::styled(tr!(i18n, lang, "code-sent"), theme.dim)),
        Line::default(),
    ];
    let room = usize::from(area.height).saturating_sub(lines.len());
    let cut = code.len() > room;
    let shown = if cut {
        room.saturating_sub(1)
    } else {
        code.len()
    };
    lines.extend(
        code.iter()
            .take(shown)
            .map(|l| Line::from(Span::styled(l.clone(), theme.overlay))),
    );
    if cut {
        lines.push(Line::from(Span::styled(
            tr!(i18n, lang, "code-more", count = code.len() - shown),
            theme.warning,
        )));
    }
    frame.render_widget(Clear, area);
    frame.render_widget(Paragraph::new(lines).style(theme.base), area);
}

/// The step done by hand, over the whole screen between header and footer: a title row,
/// then the text, scrolled; where it is in the text when it is longer than the window.
fn draw_by_hand(frame: &mut Frame, area: Rect, app: &App, ctx: &Ctx, theme: &Theme, scroll: usize) {
    let lang = app.lang;
    let styles = super::text::md_styles(theme, ctx.i18n, lang, false);
    let Some((laid, rows)) = app.by_hand_layout(&styles) else {
        return;
    };
    let body = crate::app::geometry::by_hand_box(area);
    let step = &app.workshop.steps[app.current];
    let title = tr!(
        ctx.i18n,
        lang,
        "by-hand-title",
        step = step.title.get(lang).clone()
    );
    let total = laid.lines.len();
    let top = scroll.min(total.saturating_sub(rows));
    let mut head = vec![Span::styled(format!(" {title}"), theme.pane_title_focused)];
    if total > rows {
        let pct = ((top + rows).min(total) * 100) / total.max(1);
        let indicator = format!("{pct:>3}% ");
        let used = display_width(&head[0].content) + display_width(&indicator);
        head.push(Span::raw(
            " ".repeat(usize::from(area.width).saturating_sub(used)),
        ));
        head.push(Span::styled(indicator, theme.dim));
    }
    let screen = Rect {
        y: area.y + 1,
        height: area.height.saturating_sub(2),
        ..area
    };
    frame.render_widget(Clear, screen);
    frame.render_widget(Paragraph::new("").style(theme.base), screen);
    frame.render_widget(
        Paragraph::new(Line::from(head)).style(theme.base),
        Rect {
            height: 1,
            ..screen
        },
    );
    let lines: Vec<Line> = laid.lines.into_iter().skip(top).take(rows).collect();
    frame.render_widget(Paragraph::new(lines).style(theme.base), body);
}

/// Why a typed value was refused, in `lang`.
pub fn ask_problem(
    p: AskProblem,
    max: usize,
    i18n: &crate::i18n::I18n,
    lang: crate::i18n::Lang,
) -> String {
    match p {
        AskProblem::Empty => tr!(i18n, lang, "ask-empty"),
        AskProblem::TooLong => tr!(i18n, lang, "ask-too-long", max = max),
        AskProblem::BadCharacters => tr!(i18n, lang, "ask-bad-characters"),
        AskProblem::BadEnds => tr!(i18n, lang, "ask-bad-ends"),
        AskProblem::NotS3 => tr!(i18n, lang, "ask-not-s3"),
    }
}

/// A question with a yes and a no under it: (title, lines, width).
fn yes_no(
    question: String,
    title: String,
    theme: &Theme,
    i18n: &crate::i18n::I18n,
    lang: crate::i18n::Lang,
) -> (String, Vec<Line<'static>>, u16) {
    let width: u16 = 60;
    // Each line of the question is a paragraph of its own.
    let mut lines = vec![];
    for paragraph in question.split('\n') {
        lines.extend(wrap_text(
            &[(paragraph.to_string(), theme.overlay)],
            usize::from(width - 4),
            vec![],
            vec![],
        ));
    }
    lines.push(Line::default());
    lines.push(Line::from(vec![
        Span::styled(" y ", theme.key),
        Span::styled(tr!(i18n, lang, "key-yes"), theme.overlay),
        Span::raw("    "),
        Span::styled(" n ", theme.key),
        Span::styled(tr!(i18n, lang, "key-no"), theme.overlay),
    ]));
    (title, lines, width)
}

/// A service, its calls in all, and its calls per operation.
type ServiceCalls<'a> = (&'a str, u32, Vec<(&'a str, u32)>);

fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App, ctx: &Ctx, theme: &Theme) {
    let Some(overlay) = &app.overlay else { return };
    let i18n = ctx.i18n;
    let lang = app.lang;
    if let Overlay::Live {
        target,
        paused_at,
        scroll,
        charts,
    } = overlay
    {
        // Between the header and the footer, so the cost meter and keys stay in sight.
        let body = Rect {
            y: area.y + 1,
            height: area.height.saturating_sub(2),
            ..area
        };
        super::live::draw(
            frame, body, app, ctx, theme, *target, *paused_at, *scroll, *charts,
        );
        return;
    }
    if let Overlay::Code { index } = overlay {
        let body = Rect {
            y: area.y + 1,
            height: area.height.saturating_sub(2),
            ..area
        };
        draw_code(frame, body, app, ctx, theme, *index);
        return;
    }
    if let Overlay::ByHand { scroll } = overlay {
        draw_by_hand(frame, area, app, ctx, theme, *scroll);
        return;
    }
    let (title, lines, width) = match overlay {
        Overlay::Code { .. } | Overlay::ByHand { .. } => return,
        Overlay::Calls => {
            // Per service first (what AWS throttles by), then its operations.
            let mut services: Vec<ServiceCalls> = vec![];
            for (op, n) in &app.calls {
                let (service, name) = op.split_once(':').unwrap_or((op.as_str(), ""));
                match services.iter_mut().find(|(s, _, _)| *s == service) {
                    Some(entry) => {
                        entry.1 += n;
                        entry.2.push((name, *n));
                    }
                    None => services.push((service, *n, vec![(name, *n)])),
                }
            }
            let mut lines: Vec<Line> = vec![];
            for (service, total, ops) in services {
                lines.push(Line::from(vec![
                    Span::styled(format!(" {total:>4}  "), theme.key),
                    Span::styled(service.to_string(), theme.section),
                ]));
                for (name, n) in ops {
                    lines.push(Line::from(vec![
                        Span::styled(format!("   {n:>4}  "), theme.dim),
                        Span::styled(name.to_string(), theme.overlay),
                    ]));
                }
            }
            if lines.is_empty() {
                lines.push(Line::from(Span::styled(
                    tr!(i18n, lang, "calls-none"),
                    theme.dim,
                )));
            }
            let total: u32 = app.calls.iter().map(|(_, n)| n).sum();
            lines.push(Line::from(Span::styled(
                tr!(i18n, lang, "calls-total", count = total),
                theme.dim,
            )));
            let width = lines.iter().map(|l| l.width()).max().unwrap_or(20).max(30) as u16 + 4;
            (tr!(i18n, lang, "calls-title"), lines, width)
        }
        Overlay::Live { .. } => return,
        Overlay::Help => {
            let key_w = HELP_KEYS
                .iter()
                .map(|(k, _)| display_width(k))
                .max()
                .unwrap_or(0);
            let lines: Vec<Line> = HELP_KEYS
                .iter()
                .map(|(keys, id)| {
                    Line::from(vec![
                        Span::styled(format!(" {keys:<key_w$}  "), theme.key),
                        Span::styled(i18n.format(lang, id, None), theme.overlay),
                    ])
                })
                .collect();
            let width = lines.iter().map(|l| l.width()).max().unwrap_or(20) as u16 + 4;
            (tr!(i18n, lang, "help-title"), lines, width)
        }
        Overlay::Glossary { scroll } => {
            let (mut all, rows) = app.glossary_layout(theme.key, theme.overlay);
            if all.is_empty() {
                all.push(Line::from(Span::styled(
                    tr!(i18n, lang, "glossary-empty"),
                    theme.dim,
                )));
            }
            let top = (*scroll).min(all.len().saturating_sub(rows));
            let mut lines: Vec<Line> = all.into_iter().skip(top).take(rows).collect();
            lines.resize(rows, Line::default());
            let b = crate::app::geometry::glossary_box(area);
            (tr!(i18n, lang, "glossary-title"), lines, b.width)
        }
        Overlay::ConfirmCost {
            step,
            index,
            per_hour,
        } => {
            let task = &app.workshop.steps[*step].actions[*index];
            let vars = app.vars_for_tasks();
            let action =
                super::activity::task_label(crate::workshop::Task::Action(task), &vars, i18n, lang);
            let region = vars.get("region").cloned().unwrap_or_default();
            // A launch says first what it starts: instances, image and the data it reads.
            let starts = app.launch_plan(task).map(|plan| {
                let mut text = tr!(
                    i18n,
                    lang,
                    "confirm-launch",
                    count = plan.count,
                    instance_type = plan.instance_type.clone(),
                    gpus = plan.gpus,
                    image = plan.image.clone()
                );
                for place in &plan.reads {
                    text.push('\n');
                    text.push_str(&tr!(
                        i18n,
                        lang,
                        "confirm-launch-reads",
                        place = place.clone()
                    ));
                }
                text
            });
            let max_minutes = app.launch_plan(task).map(|p| p.max_minutes);
            let question = match (per_hour, max_minutes) {
                // A job ends by itself: what it can cost at most is known.
                (Some(p), Some(minutes)) => tr!(
                    i18n,
                    lang,
                    "confirm-cost-job",
                    action = action.clone(),
                    per_hour = cents(*p),
                    minutes = minutes,
                    most = cents(p * f64::from(minutes) / 60.0),
                    region = region.clone(),
                    checked = app.price_checked(task)
                ),
                (Some(p), None) => tr!(
                    i18n,
                    lang,
                    "confirm-cost",
                    action = action,
                    per_hour = cents(*p),
                    region = region,
                    checked = app.price_checked(task)
                ),
                (None, _) => tr!(
                    i18n,
                    lang,
                    "confirm-cost-unknown",
                    action = action,
                    region = region
                ),
            };
            let question = match starts {
                Some(starts) => format!("{starts}\n{question}"),
                None => question,
            };
            yes_no(
                question,
                tr!(i18n, lang, "confirm-cost-title"),
                theme,
                i18n,
                lang,
            )
        }
        Overlay::ConfirmChange { step, index } => {
            let task = &app.workshop.steps[*step].actions[*index];
            let vars = app.vars_for_tasks();
            let (stage, endpoint) = match task {
                crate::workshop::Action::CanaryStage(t) => (
                    t.stage.as_str(),
                    crate::workshop::substitute(&t.endpoint_prefix, &vars),
                ),
                _ => ("", String::new()),
            };
            // What serves now, when the watcher knows.
            let now = app
                .live
                .iter()
                .find(|(t, _)| {
                    t.kind == crate::cloud::ResourceKind::Endpoint && t.prefix == endpoint
                })
                .and_then(|(_, v)| v.detail.as_ref())
                .map(|d| {
                    d.variants
                        .iter()
                        .map(|v| format!("{} {}", v.name, v.current_weight))
                        .collect::<Vec<_>>()
                        .join(", ")
                })
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| "?".into());
            let question = tr!(
                i18n,
                lang,
                "confirm-canary",
                endpoint = format!("{endpoint}*"),
                change = i18n.format(lang, &format!("canary-{stage}"), None),
                now = now
            );
            yes_no(
                question,
                tr!(i18n, lang, "confirm-canary-title"),
                theme,
                i18n,
                lang,
            )
        }
        Overlay::ConfirmDelete { step, index } => {
            let task = &app.workshop.steps[*step].actions[*index];
            let action = super::activity::task_label(
                crate::workshop::Task::Action(task),
                &app.vars_for_tasks(),
                i18n,
                lang,
            );
            let question = tr!(i18n, lang, "confirm-delete", action = action);
            let (title, mut lines, width) = yes_no(
                question,
                tr!(i18n, lang, "confirm-delete-title"),
                theme,
                i18n,
                lang,
            );
            // What the last inventory found, and what it costs: the list the deletion works on.
            if let Some(meter) = &app.meter {
                // The whole cleanup lists everything; the endpoints' one what it matches.
                let prefixes = match task {
                    crate::workshop::Action::DeleteWorkshopEndpoints(t) => Some(
                        t.prefixes
                            .iter()
                            .map(|p| crate::workshop::substitute(p, &app.vars_for_tasks()))
                            .collect::<Vec<_>>(),
                    ),
                    _ => None,
                };
                let matching: Vec<&crate::app::inventory::Item> = meter
                    .items
                    .iter()
                    .filter(|i| {
                        prefixes
                            .as_ref()
                            .is_none_or(|ps| ps.iter().any(|p| i.name.starts_with(p.as_str())))
                    })
                    .collect();
                // Three lists, as cleanup decides: what goes, what is kept for the
                // class, what is someone else's (never touched, shown so nobody wonders).
                use crate::app::provenance::Why;
                let part = |keep: &dyn Fn(Why) -> bool| -> Vec<&crate::app::inventory::Item> {
                    matching.iter().copied().filter(|i| keep(i.why)).collect()
                };
                let going = part(&|w| w.deletes());
                let shared = part(&|w| matches!(w, Why::Shared(n) if n > 0));
                let foreign = part(&|w| w == Why::NotYours);
                let inner = usize::from(width - 4);
                let mut list = vec![];
                for (items, heading) in [
                    (
                        &going,
                        tr!(i18n, lang, "confirm-delete-yours", count = going.len()),
                    ),
                    (
                        &shared,
                        tr!(i18n, lang, "confirm-delete-shared", count = shared.len()),
                    ),
                    (
                        &foreign,
                        tr!(
                            i18n,
                            lang,
                            "confirm-delete-not-yours",
                            count = foreign.len()
                        ),
                    ),
                ] {
                    if items.is_empty() {
                        continue;
                    }
                    list.push(Line::from(Span::styled(heading, theme.dim)));
                    list.extend(super::costs::item_lines(items, i18n, lang, theme, inner));
                }
                let room = usize::from(area.height.saturating_sub(12)).max(3);
                if list.len() > room {
                    list.truncate(room);
                    list.push(Line::from(Span::styled("...", theme.dim)));
                }
                list.push(Line::default());
                lines.splice(0..0, list);
            }
            (title, lines, width)
        }
        Overlay::Costs | Overlay::ConfirmQuit => {
            let width: u16 = 76.min(area.width);
            let inner = usize::from(width - 4);
            let mut lines = super::costs::billable_lines(app, i18n, lang, theme, inner);
            if lines.is_empty() {
                lines.push(Line::from(Span::styled(
                    tr!(i18n, lang, "nothing-bills"),
                    theme.dim,
                )));
            }
            if let Some(m) = super::costs::meter_text(app, i18n, lang) {
                lines.push(Line::default());
                lines.push(Line::from(Span::styled(m, theme.key)));
            }
            let title = if matches!(overlay, Overlay::ConfirmQuit) {
                lines.push(Line::default());
                lines.extend(wrap_text(
                    &[(tr!(i18n, lang, "confirm-quit"), theme.overlay)],
                    inner,
                    vec![],
                    vec![],
                ));
                lines.push(Line::from(vec![
                    Span::styled(" y ", theme.key),
                    Span::styled(tr!(i18n, lang, "key-quit"), theme.overlay),
                    Span::raw("   "),
                    Span::styled(" c ", theme.key),
                    Span::styled(tr!(i18n, lang, "key-cleanup"), theme.overlay),
                    Span::raw("   "),
                    Span::styled(" n ", theme.key),
                    Span::styled(tr!(i18n, lang, "key-stay"), theme.overlay),
                ]));
                tr!(i18n, lang, "confirm-quit-title")
            } else {
                tr!(i18n, lang, "costs-title")
            };
            // At most what fits; the total line says the rest.
            lines.truncate(usize::from(area.height.saturating_sub(4)));
            (title, lines, width)
        }
        Overlay::ConfirmDone { step } => {
            let title = app
                .workshop
                .steps
                .get(*step)
                .map(|s| s.title.get(lang).clone())
                .unwrap_or_default();
            let question = tr!(i18n, lang, "confirm-mark-done", title = title);
            yes_no(
                question,
                tr!(i18n, lang, "confirm-title"),
                theme,
                i18n,
                lang,
            )
        }
        Overlay::Ask {
            var,
            input,
            problem,
            ..
        } => {
            let width: u16 = 64.min(area.width);
            let inner = usize::from(width - 4);
            let prompt = app
                .workshop
                .asks
                .get(var)
                .map(|a| a.prompt.get(lang).clone())
                .unwrap_or_else(|| var.clone());
            let mut lines = wrap_text(&[(prompt, theme.overlay)], inner, vec![], vec![]);
            lines.push(Line::default());
            // The field shows the end of what was typed when it is longer than the box.
            let shown = tail_fitting(input, inner.saturating_sub(3));
            lines.push(Line::from(vec![
                Span::styled("> ", theme.key),
                Span::styled(
                    shown.clone(),
                    theme.overlay.add_modifier(ratatui::style::Modifier::BOLD),
                ),
            ]));
            let cursor_line = lines.len() - 1;
            if let Some(p) = problem {
                let max = app.workshop.asks.get(var).map_or(0, |a| a.max);
                let text = ask_problem(*p, max, i18n, lang);
                lines.extend(wrap_text(&[(text, theme.error)], inner, vec![], vec![]));
            }
            lines.push(Line::default());
            lines.push(Line::from(vec![
                Span::styled(" Enter ", theme.key),
                Span::styled(tr!(i18n, lang, "key-confirm"), theme.overlay),
                Span::raw("    "),
                Span::styled(" Esc ", theme.key),
                Span::styled(tr!(i18n, lang, "key-cancel"), theme.overlay),
            ]));
            let rect = centered(area, width, lines.len() as u16 + 2);
            // The terminal's cursor sits where the next character goes, so an input method
            // (Korean IME) composes in place.
            frame.set_cursor_position((
                rect.x + 1 + 2 + display_width(&shown) as u16,
                rect.y + 1 + cursor_line as u16,
            ));
            (tr!(i18n, lang, "ask-title"), lines, width)
        }
    };
    let rect = centered(area, width, lines.len() as u16 + 2);
    frame.render_widget(Clear, rect);
    // A wide character just left of the box would still cover the box's first column.
    if rect.x > area.x {
        let buf = frame.buffer_mut();
        for y in rect.top()..rect.bottom() {
            let cell = &mut buf[(rect.x - 1, y)];
            if display_width(cell.symbol()) > 1 {
                cell.set_symbol(" ");
            }
        }
    }
    let block = Block::bordered()
        .border_set(ASCII_BORDER)
        .title(Span::styled(format!(" {title} "), theme.pane_title_focused))
        .style(theme.overlay);
    frame.render_widget(Paragraph::new(lines).block(block), rect);
}
