//! Moving around: steps, panes, scrolling, the mouse.

use super::{Update, locked_args, set_done};
use crate::app::ScrollPos;
use crate::app::state::{App, Notice, Pane, StepState};

pub(super) fn cycle_focus(app: &mut App, dir: i32) -> Update {
    let order: &[Pane] = if app.present {
        &[Pane::Text, Pane::Activity]
    } else {
        &[Pane::Steps, Pane::Text, Pane::Activity]
    };
    let i = order.iter().position(|p| *p == app.focus).unwrap_or(0) as i32;
    let n = order.len() as i32;
    app.focus = order[((i + dir).rem_euclid(n)) as usize];
    if app.focus == Pane::Steps {
        app.list_cursor = app.current;
    }
    Update::redraw()
}

pub(super) fn move_in_focus(app: &mut App, delta: i32) -> Update {
    match app.focus {
        Pane::Steps => {
            let n = app.workshop.steps.len() as i64;
            let next = (app.list_cursor as i64 + i64::from(delta)).clamp(0, n - 1) as usize;
            if next == app.list_cursor {
                return Update::none();
            }
            app.list_cursor = next;
            Update::redraw()
        }
        Pane::Text => scroll_text(app, delta),
        Pane::Activity => {
            let n = app.activity_len() as i64;
            if n == 0 {
                return Update::none();
            }
            let next = (app.activity_cursor as i64 + i64::from(delta)).clamp(0, n - 1) as usize;
            if next == app.activity_cursor {
                return Update::none();
            }
            app.activity_cursor = next;
            Update::redraw()
        }
    }
}

pub(super) fn page(app: &mut App, dir: i32) -> Update {
    let height = app.laid_text(app.lang).map_or(10, |(_, h)| i32::from(h));
    match app.focus {
        Pane::Text => scroll_text(app, dir * (height - 2).max(1)),
        _ => move_in_focus(app, dir * (height - 2).max(1)),
    }
}

/// Scrolls the current step's text by whole lines, keeping the position as an anchor.
pub(super) fn scroll_text(app: &mut App, delta: i32) -> Update {
    let Some((laid, height)) = app.laid_text(app.scroll_lang()) else {
        return Update::none();
    };
    let pos = app.scroll[app.current];
    let line = laid.line_of(pos.block, pos.offset) as i64;
    let max = laid.lines.len().saturating_sub(usize::from(height)) as i64;
    let top = if pos == ScrollPos::default() { 0 } else { line };
    let next = (top + i64::from(delta)).clamp(0, max.max(0)) as usize;
    let (block, offset) = if next == 0 {
        (0, 0)
    } else {
        laid.anchor_of(next)
    };
    let new = ScrollPos { block, offset };
    if new == pos {
        return Update::none();
    }
    app.scroll[app.current] = new;
    Update::save(app)
}

/// After a resize or a layout change, the text may now end above the bottom of its pane.
pub(super) fn clamp_scroll(app: &mut App) {
    let Some((laid, height)) = app.laid_text(app.scroll_lang()) else {
        return;
    };
    let pos = app.scroll[app.current];
    let line = laid.line_of(pos.block, pos.offset);
    let max = laid.lines.len().saturating_sub(usize::from(height));
    if line > max {
        let (block, offset) = if max == 0 {
            (0, 0)
        } else {
            laid.anchor_of(max)
        };
        app.scroll[app.current] = ScrollPos { block, offset };
    }
}

pub(super) fn go_to(app: &mut App, step: usize) -> Update {
    if step >= app.workshop.steps.len() {
        return Update::none();
    }
    app.current = step;
    app.list_cursor = step;
    app.activity_cursor = 0;
    if app.step_state(step) == StepState::Locked {
        app.notice = Some(Notice::warning("notice-locked", locked_args(app)));
    } else {
        app.notice = None;
    }
    clamp_scroll(app);
    Update::save(app)
}

pub(super) fn next_step(app: &mut App) -> Update {
    let here = app.current;
    let step = &app.workshop.steps[here];
    // A step with nothing to run or check is done once the learner has read it.
    if step.actions.is_empty() && step.checks.is_empty() && app.step_state(here) == StepState::Open
    {
        set_done(app, here);
    }
    if here + 1 >= app.workshop.steps.len() {
        app.notice = Some(Notice::info("notice-last-step", vec![]));
        return Update::save(app);
    }
    go_to(app, here + 1)
}

pub(super) fn scroll_at(app: &mut App, column: u16, row: u16, lines: i16) -> Update {
    let Some(g) = app.geometry() else {
        return Update::none();
    };
    let pos = ratatui::layout::Position::new(column, row);
    // On narrow screens the list covers the text: it comes first.
    if g.text.contains(pos) && g.steps != Some(g.text) {
        return scroll_text(app, i32::from(lines));
    }
    let saved = app.focus;
    app.focus = if g.steps.is_some_and(|s| s.contains(pos)) {
        Pane::Steps
    } else {
        Pane::Activity
    };
    let u = move_in_focus(app, i32::from(lines));
    app.focus = saved;
    u
}

pub(super) fn click(app: &mut App, column: u16, row: u16) -> Update {
    let Some(g) = app.geometry() else {
        return Update::none();
    };
    let pos = ratatui::layout::Position::new(column, row);
    if let Some(steps) = g.steps.filter(|s| s.contains(pos)) {
        if let Some(step) = app.step_at_row(steps, row) {
            app.focus = Pane::Steps;
            app.list_cursor = step;
            let mut u = go_to(app, step);
            u.redraw = true;
            return u;
        }
        app.focus = Pane::Steps;
        return Update::redraw();
    }
    if g.text.contains(pos) {
        app.focus = Pane::Text;
        return Update::redraw();
    }
    if g.activity.contains(pos) {
        app.focus = Pane::Activity;
        if let Some(task) = app.task_at_row(g.activity, row) {
            app.activity_cursor = task;
        }
        return Update::redraw();
    }
    Update::none()
}
