use std::time::Duration;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::steps::fit;
use super::{Ctx, Theme, glyphs};
use crate::app::geometry::content;
use crate::app::{
    ActivityRow, App, DETAIL_ROWS, HINT_LABEL_WIDTH, Level, Notice, Pane, Report, StackView,
    TaskStatus,
};
use crate::i18n::{I18n, Lang};
use crate::markdown::wrap_text;
use crate::tr;
use crate::workshop::Task;

/// A task's label, e.g. "Launch stack AIMLWorkshop", from its kind and parameters.
pub fn task_label(
    task: Task<'_>,
    vars: &std::collections::BTreeMap<String, String>,
    i18n: &I18n,
    lang: Lang,
) -> String {
    let mut args = fluent_bundle::FluentArgs::new();
    for (key, value) in task.label_args(vars) {
        args.set(key, value);
    }
    i18n.format(lang, &format!("task-{}", task.kind()), Some(&args))
}

pub fn duration_text(d: Duration) -> String {
    let s = d.as_secs();
    if s >= 60 {
        format!("{}m{:02}s", s / 60, s % 60)
    } else {
        format!("{s}s")
    }
}

pub fn notice_text(n: &Notice, i18n: &I18n, lang: Lang) -> String {
    let mut args = fluent_bundle::FluentArgs::new();
    for (k, v) in &n.args {
        args.set(*k, v.clone());
    }
    i18n.format(lang, n.id, Some(&args))
}

pub fn notice_style(level: Level, theme: &Theme) -> Style {
    match level {
        Level::Info => theme.info,
        Level::Success => theme.success,
        Level::Warning => theme.warning,
        Level::Error => theme.error,
    }
}

fn status_glyph(app: &App, status: &TaskStatus, theme: &Theme) -> (&'static str, Style) {
    match status {
        TaskStatus::Running | TaskStatus::Working(_) => (
            glyphs::SPINNER[app.spinner % glyphs::SPINNER.len()],
            theme.running,
        ),
        TaskStatus::Passed(_) => (glyphs::DONE, theme.done),
        TaskStatus::Failed(_) => (glyphs::FAILED, theme.failed),
        TaskStatus::Pending(_) => (glyphs::PENDING, theme.pending),
        TaskStatus::Idle => (glyphs::OPEN, theme.step),
    }
}

#[allow(clippy::too_many_arguments)]
fn task_line(
    app: &App,
    ctx: &Ctx,
    theme: &Theme,
    width: usize,
    index: usize,
    task: Task<'_>,
    status: &TaskStatus,
    vars: &std::collections::BTreeMap<String, String>,
) -> Line<'static> {
    let (glyph, glyph_style) = status_glyph(app, status, theme);
    let selected = index == app.activity_cursor;
    let marker = if selected { glyphs::SELECTED } else { " " };
    let label = task_label(task, vars, ctx.i18n, app.lang);
    let text = fit(&label, width.saturating_sub(4));
    let mut line = Line::from(vec![
        Span::raw(" "),
        Span::styled(marker, theme.current),
        Span::styled(glyph, glyph_style),
        Span::raw(" "),
        Span::styled(text, theme.step),
    ]);
    if selected && app.focus == Pane::Activity {
        line = line.style(theme.cursor);
    }
    line
}

/// "Hint: " in the reader's language, as wide as the rows kept for hints assume.
fn hint_label(i18n: &I18n, lang: Lang, theme: &Theme) -> Span<'static> {
    let label = tr!(i18n, lang, "hint-label");
    let pad = HINT_LABEL_WIDTH.saturating_sub(crate::markdown::display_width(&label));
    Span::styled(
        format!("{}{}", fit(&label, HINT_LABEL_WIDTH), " ".repeat(pad)),
        theme.info.add_modifier(ratatui::style::Modifier::BOLD),
    )
}

fn task_of(row: ActivityRow) -> usize {
    match row {
        ActivityRow::Task(i) | ActivityRow::Detail(i, _) => i,
        _ => usize::MAX,
    }
}

/// The pane's lines: each action and check with its status and what it found, then the
/// live stack, if the step started one.
pub fn lines(app: &App, ctx: &Ctx, theme: &Theme, width: usize) -> Vec<Line<'static>> {
    let i18n = ctx.i18n;
    let lang = app.lang;
    let step = &app.workshop.steps[app.current];
    let tasks = &app.tasks[app.current];
    // Labels read like the text beside them: a name not known yet is the placeholder.
    let vars = app.vars_for_text(lang);
    let mut out = vec![];
    if step.actions.is_empty() && step.checks.is_empty() {
        out.push(Line::from(Span::styled(
            tr!(i18n, lang, "activity-read-only"),
            theme.dim,
        )));
    }
    let statuses = tasks.actions.iter().chain(&tasks.checks);
    let all: Vec<(Task, &TaskStatus)> = step.tasks().zip(statuses).collect();
    let mut details: Vec<Line<'static>> = vec![];
    let mut hint: Vec<Line<'static>> = vec![];
    let rows = app.activity_rows();
    for &row in &rows {
        match row {
            ActivityRow::ActionsHeading => {
                out.push(Line::from(Span::styled(
                    tr!(i18n, lang, "role-action"),
                    theme.section,
                )));
            }
            ActivityRow::ChecksHeading => {
                out.push(Line::from(Span::styled(
                    tr!(i18n, lang, "role-check"),
                    theme.section,
                )));
            }
            ActivityRow::Task(i) => {
                let (task, status) = all[i];
                out.push(task_line(app, ctx, theme, width, i, task, status, &vars));
                let detail = match status {
                    TaskStatus::Failed(r) => Some((r.message(i18n, lang), theme.failed)),
                    TaskStatus::Pending(r) => Some((r.message(i18n, lang), theme.pending)),
                    TaskStatus::Working(r) => Some((r.message(i18n, lang), theme.running)),
                    TaskStatus::Passed(Some(r)) if r.is_informative() => {
                        Some((r.message(i18n, lang), theme.success))
                    }
                    _ => None,
                };
                // A sign-in link is copied from the screen: no indent inside it.
                let indent =
                    if matches!(status, TaskStatus::Passed(Some(Report::NotebookUrl { .. }))) {
                        ""
                    } else {
                        "    "
                    };
                details = detail
                    .map(|(text, style)| {
                        wrap_text(
                            &[(text, style)],
                            width,
                            vec![Span::raw(indent)],
                            vec![Span::raw(indent)],
                        )
                    })
                    .unwrap_or_default();
                hint = if matches!(status, TaskStatus::Failed(_) | TaskStatus::Pending(_)) {
                    app.hint_lines(i, width, hint_label(i18n, lang, theme), theme.info)
                } else {
                    vec![]
                };
            }
            ActivityRow::Detail(_, n) => {
                let rows_kept = rows
                    .iter()
                    .filter(|r| matches!(r, ActivityRow::Detail(t, _) if *t == task_of(row)))
                    .count();
                // A failing check's reason has its rows, then its hint the rest.
                let reason_rows = if hint.is_empty() {
                    rows_kept
                } else {
                    usize::from(DETAIL_ROWS)
                };
                let n = usize::from(n);
                let (block, at, block_rows) = if n < reason_rows {
                    (&details, n, reason_rows)
                } else {
                    (&hint, n - reason_rows, rows_kept - reason_rows)
                };
                let mut line = block.get(at).cloned().unwrap_or_default();
                // The last row of each says when its text goes on beyond it.
                if at + 1 == block_rows && block.len() > block_rows {
                    line.spans.push(Span::styled("~", theme.dim));
                }
                out.push(line);
            }
        }
    }
    let live = super::live::activity_lines(app, ctx, theme, width);
    if !live.is_empty() {
        out.push(Line::default());
        out.extend(live);
    }
    if let Some(view) = &app.stacks[app.current] {
        out.push(Line::default());
        stack_lines(&mut out, view, i18n, lang, theme, width);
    }
    out
}

fn stack_lines(
    out: &mut Vec<Line<'static>>,
    view: &StackView,
    i18n: &I18n,
    lang: Lang,
    theme: &Theme,
    width: usize,
) {
    let status_style = |s: &str| {
        if s.ends_with("_FAILED") || s.starts_with("ROLLBACK") {
            theme.failed
        } else if s.ends_with("_COMPLETE") {
            theme.done
        } else {
            theme.running
        }
    };
    let head = tr!(
        i18n,
        lang,
        "stack-heading",
        stack = view.name.clone(),
        elapsed = duration_text(view.elapsed)
    );
    out.push(Line::from(vec![
        Span::styled(
            fit(&head, width.saturating_sub(view.status.len() + 1)),
            theme.current,
        ),
        Span::raw(" "),
        Span::styled(view.status.clone(), status_style(&view.status)),
    ]));
    // Once there are outputs they are what the learner needs next, so they come first.
    if !view.outputs.is_empty() {
        out.push(Line::from(Span::styled(
            tr!(i18n, lang, "stack-outputs"),
            theme.current,
        )));
        // Links first: they are what the learner opens next.
        let mut outputs: Vec<&(String, String)> = view.outputs.iter().collect();
        outputs.sort_by_key(|(_, v)| !v.starts_with("https://"));
        for (k, v) in outputs {
            out.extend(wrap_text(
                &[(format!("{k} = "), theme.dim), (v.clone(), theme.md.link)],
                width,
                vec![Span::raw("  ")],
                vec![Span::raw("    ")],
            ));
        }
    }
    let id_width = view
        .resources
        .iter()
        .map(|r| r.logical_id.len())
        .max()
        .unwrap_or(0)
        .min(width / 2);
    for r in &view.resources {
        let elapsed = duration_text(r.elapsed);
        let line = vec![
            Span::raw("  "),
            Span::styled(
                format!("{:<id_width$}", fit(&r.logical_id, id_width)),
                theme.step,
            ),
            Span::raw(" "),
            Span::styled(
                fit(
                    &r.status,
                    width.saturating_sub(id_width + elapsed.len() + 4),
                ),
                status_style(&r.status),
            ),
            Span::raw(" "),
            Span::styled(elapsed, theme.dim),
        ];
        out.push(Line::from(line));
        if let Some(reason) = &r.reason
            && (r.status.ends_with("_FAILED"))
        {
            out.extend(wrap_text(
                &[(reason.clone(), theme.failed)],
                width,
                vec![Span::raw("    ")],
                vec![Span::raw("    ")],
            ));
        }
    }
    if let Some(reason) = &view.reason {
        out.extend(wrap_text(
            &[(reason.clone(), theme.failed)],
            width,
            vec![Span::raw("  ")],
            vec![Span::raw("  ")],
        ));
    }
    if view.status == "ROLLBACK_COMPLETE" {
        out.extend(wrap_text(
            &[(
                tr!(
                    i18n,
                    lang,
                    "stack-rollback-advice",
                    stack = view.name.clone()
                ),
                theme.warning,
            )],
            width,
            vec![],
            vec![],
        ));
    }
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App, ctx: &Ctx, theme: &Theme) {
    let title_style = if app.focus == Pane::Activity {
        theme.pane_title_focused
    } else {
        theme.pane_title
    };
    let title = tr!(ctx.i18n, app.lang, "pane-activity");
    frame.render_widget(
        Paragraph::new(Line::from(Span::styled(format!(" {title}"), title_style))),
        Rect { height: 1, ..area },
    );
    let inner = content(area);
    let width = usize::from(inner.width);
    let height = usize::from(inner.height);
    // A message about the last thing done; otherwise, why the backend is unreachable.
    let message = match (&app.notice, &app.backend_error) {
        (Some(n), _) => Some((
            notice_text(n, ctx.i18n, app.lang),
            notice_style(n.level, theme),
        )),
        (None, Some(e)) => {
            let mut text = crate::ui::cloud_error(e, ctx.i18n, app.lang);
            // A watcher found the session expired: it says so once, here, and waits.
            if e.is_session_expired() && !app.watch_targets().is_empty() {
                text.push(' ');
                text.push_str(&tr!(ctx.i18n, app.lang, "watch-paused"));
            }
            Some((text, theme.error))
        }
        (None, None) => None,
    };
    let notice: Vec<Line> = message
        .map(|(text, style)| {
            let mut l = wrap_text(&[(text, style)], width, vec![], vec![]);
            l.truncate(3.min(height / 2).max(1));
            l
        })
        .unwrap_or_default();
    let mut body = lines(app, ctx, theme, width);
    body.truncate(height.saturating_sub(notice.len()));
    let pad = height.saturating_sub(body.len() + notice.len());
    body.extend(std::iter::repeat_n(Line::default(), pad));
    body.extend(notice);
    frame.render_widget(Paragraph::new(body), inner);
}
