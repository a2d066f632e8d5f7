use super::action::{Action, Effect, TaskId, TaskStatus};
use super::state::{App, Notice, Overlay, Pane, StepState, Then};
use crate::progress::ScrollPos;
use crate::workshop::Task;
use crate::workshop::task::Confirm;

/// What an update asks of its caller.
#[derive(Debug, Default, PartialEq)]
pub struct Update {
    pub redraw: bool,
    pub effects: Vec<Effect>,
}

impl Update {
    fn redraw() -> Update {
        Update {
            redraw: true,
            effects: vec![],
        }
    }
    fn none() -> Update {
        Update::default()
    }
    fn save(app: &App) -> Update {
        Update {
            redraw: true,
            effects: vec![Effect::Save(app.progress())],
        }
    }
}

/// Applies one action. When what the current step watches changes (another step, a
/// value typed in), or one of its tasks reports, the watchers are told.
pub fn update(app: &mut App, action: Action) -> Update {
    let watched = app.watch_targets();
    let reported = matches!(&action, Action::Task { step, .. } if *step == app.current);
    let mut u = update_inner(app, action);
    let now_watched = app.watch_targets();
    if reported || now_watched != watched {
        u.effects.push(Effect::Watch(now_watched));
    }
    u
}

fn update_inner(app: &mut App, action: Action) -> Update {
    if let Some(overlay) = app.overlay.clone()
        && let Some(u) = update_overlay(app, &overlay, &action)
    {
        return u;
    }
    match action {
        Action::Up => move_in_focus(app, -1),
        Action::Down => move_in_focus(app, 1),
        Action::PageUp => page(app, -1),
        Action::PageDown => page(app, 1),
        Action::Top => move_in_focus(app, i32::MIN / 2),
        Action::Bottom => move_in_focus(app, i32::MAX / 2),
        Action::NextPane => cycle_focus(app, 1),
        Action::PrevPane => cycle_focus(app, -1),
        Action::NextStep => next_step(app),
        Action::PrevStep => {
            if app.current == 0 {
                return Update::none();
            }
            go_to(app, app.current - 1)
        }
        Action::Activate => activate(app),
        Action::RunChecks => run_checks(app, app.current),
        Action::EditValues => edit_values(app),
        Action::MarkDone => match app.step_state(app.current) {
            StepState::Done => Update::none(),
            StepState::Locked => {
                app.notice = Some(Notice::warning("notice-locked", locked_args(app)));
                Update::redraw()
            }
            _ => {
                app.overlay = Some(Overlay::ConfirmDone { step: app.current });
                Update::redraw()
            }
        },
        Action::ToggleLang => {
            // Scroll positions are block anchors, so the reader stays on the same block.
            app.lang = app.lang.other();
            Update::save(app)
        }
        Action::ToggleSideBySide => {
            app.side_by_side = !app.side_by_side;
            clamp_scroll(app);
            Update::save(app)
        }
        Action::TogglePresent => {
            app.present = !app.present;
            if app.present && app.focus == Pane::Steps {
                app.focus = Pane::Text;
            }
            clamp_scroll(app);
            Update::redraw()
        }
        Action::Help => {
            app.overlay = Some(Overlay::Help);
            Update::redraw()
        }
        Action::Glossary => {
            app.overlay = Some(Overlay::Glossary { scroll: 0 });
            Update::redraw()
        }
        Action::Close => {
            if app.notice.take().is_some() {
                Update::redraw()
            } else {
                Update::none()
            }
        }
        // Leaving while something bills: say what, and offer the cleanup first.
        Action::Quit if app.meter.as_ref().is_some_and(|m| !m.billable().is_empty()) => {
            app.overlay = Some(Overlay::ConfirmQuit);
            Update::redraw()
        }
        Action::Costs => {
            app.overlay = Some(Overlay::Costs);
            Update::redraw()
        }
        Action::GoToCleanup => Update::none(),
        Action::BackingOff(on) => {
            let changed = app.backing_off != on;
            app.backing_off = on;
            Update {
                redraw: changed,
                effects: vec![],
            }
        }
        Action::Meter(m) => {
            let cents_before = (app.accrued * 100.0).floor();
            let shown_before = app.meter_shown();
            if let Some(prev) = &app.meter {
                let hours = ((m.at - prev.at) / 3600.0).max(0.0);
                app.accrued += prev.per_hour().0 * hours;
            }
            let items_changed = app.meter.as_ref().is_none_or(|p| p.items != m.items);
            app.meter = Some(m);
            // Only what the screen shows counts: an idle screen with nothing billing
            // writes nothing.
            let redraw = app.meter_shown() != shown_before
                || (app.meter_shown()
                    && (items_changed || (app.accrued * 100.0).floor() != cents_before));
            Update {
                redraw,
                effects: if redraw {
                    vec![Effect::Save(app.progress())]
                } else {
                    vec![]
                },
            }
        }
        Action::Quit | Action::Shutdown => {
            app.quitting = true;
            Update {
                redraw: false,
                effects: vec![Effect::Save(app.progress()), Effect::Quit],
            }
        }
        Action::Confirm | Action::Cancel | Action::Type(_) | Action::Erase | Action::Paste(_) => {
            Update::none()
        }
        Action::Scroll { column, row, lines } => scroll_at(app, column, row, lines),
        Action::Click { column, row } => click(app, column, row),
        Action::Resize { width, height } => {
            app.size = ratatui::layout::Rect::new(0, 0, width, height);
            clamp_scroll(app);
            Update::redraw()
        }
        Action::Tick => {
            if app.any_running() {
                app.spinner = app.spinner.wrapping_add(1);
                Update::redraw()
            } else {
                Update::none()
            }
        }
        Action::Task { step, task, status } => task_result(app, step, task, status),
        Action::Stack { step, view } => {
            if let Some(slot) = app.stacks.get_mut(step) {
                *slot = Some(view);
            }
            Update {
                redraw: step == app.current,
                effects: vec![],
            }
        }
        Action::Backend(b) => {
            app.backend = b;
            app.backend_error = None;
            // The account is known now: bucket names can be filled in.
            Update {
                redraw: true,
                effects: vec![Effect::Measure(app.vars_for_tasks())],
            }
        }
        Action::BackendFailed(e) => {
            app.backend_error = Some(e);
            Update::redraw()
        }
        Action::Live { target, update, at } => {
            let shown = app.watch_targets().contains(&target);
            let kind = target.kind;
            app.live_now = app.live_now.max(at);
            let changed = app.live.entry(target).or_default().apply(kind, update, at);
            Update {
                redraw: shown && changed,
                effects: vec![],
            }
        }
        Action::ToggleLive => {
            if app.watch_targets().is_empty() {
                app.notice = Some(Notice::info("notice-nothing-live", vec![]));
            } else {
                app.overlay = Some(Overlay::Live {
                    target: 0,
                    paused_at: None,
                    scroll: 0,
                });
            }
            Update::redraw()
        }
        Action::ToggleCalls => {
            app.overlay = Some(Overlay::Calls);
            Update::redraw()
        }
        Action::Calls(calls) => {
            app.calls = calls;
            Update {
                redraw: app.overlay == Some(Overlay::Calls),
                effects: vec![],
            }
        }
        Action::NextTarget | Action::PauseLog => Update::none(),
    }
}

/// Keys in the live view: Tab goes to the next resource, `f` pauses or follows the log,
/// the usual keys scroll it back (which pauses it), End follows again.
fn update_live(
    app: &mut App,
    target: usize,
    paused_at: Option<u64>,
    scroll: usize,
    action: &Action,
) -> Option<Update> {
    let targets = app.watch_targets();
    let view = targets.get(target).and_then(|t| app.live.get(t));
    let total = view.map_or(0, |v| v.log_total);
    let kept = view.map_or(0, |v| v.log.len());
    let page = usize::from(app.size.height / 3).max(1);
    let live = |target, paused_at, scroll: usize| Overlay::Live {
        target,
        paused_at,
        scroll: scroll.min(kept),
    };
    let next = match action {
        Action::Close | Action::ToggleLive | Action::Quit | Action::Cancel => None,
        Action::NextPane | Action::NextTarget => {
            Some(live((target + 1) % targets.len().max(1), None, 0))
        }
        Action::PrevPane => Some(live(
            (target + targets.len().max(1) - 1) % targets.len().max(1),
            None,
            0,
        )),
        Action::PauseLog => Some(match paused_at {
            Some(_) => live(target, None, 0),
            None => live(target, Some(total), scroll),
        }),
        Action::Up | Action::PageUp | Action::Scroll { lines: ..0, .. } => {
            let by = match action {
                Action::PageUp => page,
                Action::Scroll { lines, .. } => usize::from(lines.unsigned_abs()),
                _ => 1,
            };
            Some(live(target, paused_at.or(Some(total)), scroll + by))
        }
        Action::Down | Action::PageDown | Action::Scroll { .. } => {
            let by = match action {
                Action::PageDown => page,
                Action::Scroll { lines, .. } => usize::from(lines.unsigned_abs()),
                _ => 1,
            };
            Some(live(target, paused_at, scroll.saturating_sub(by)))
        }
        Action::Top => Some(live(target, paused_at.or(Some(total)), kept)),
        Action::Bottom => Some(live(target, None, 0)),
        _ => return None,
    };
    app.overlay = next;
    Some(Update::redraw())
}

/// Keys while an overlay is open; `None` lets the key through to the normal handling.
fn update_overlay(app: &mut App, overlay: &Overlay, action: &Action) -> Option<Update> {
    // The live view's own keys; news, timers and signals go on underneath it.
    if let Overlay::Live {
        target,
        paused_at,
        scroll,
    } = overlay
        && !matches!(
            action,
            Action::Shutdown | Action::Live { .. } | Action::Calls(_) | Action::Tick
        )
        && let Some(u) = update_live(app, *target, *paused_at, *scroll, action)
    {
        return Some(u);
    }
    match (overlay, action) {
        (_, Action::Quit)
            if matches!(
                overlay,
                Overlay::ConfirmDone { .. }
                    | Overlay::ConfirmCost { .. }
                    | Overlay::ConfirmDelete { .. }
                    | Overlay::ConfirmChange { .. }
            ) =>
        {
            app.overlay = None;
            Some(Update::redraw())
        }
        (_, Action::Shutdown) => None,
        (Overlay::ConfirmQuit, Action::Confirm | Action::Activate) => {
            app.overlay = None;
            app.quitting = true;
            Some(Update {
                redraw: false,
                effects: vec![Effect::Save(app.progress()), Effect::Quit],
            })
        }
        (Overlay::ConfirmQuit, Action::Cancel | Action::Close | Action::Quit) => {
            app.overlay = None;
            Some(Update::redraw())
        }
        (Overlay::ConfirmQuit, Action::GoToCleanup) => {
            app.overlay = None;
            let cleanup = app
                .workshop
                .sections
                .iter()
                .find(|s| s.id == "cleanup")
                .map(|s| s.steps.start);
            let target = cleanup.unwrap_or(app.workshop.steps.len().saturating_sub(1));
            let mut u = go_to(app, target);
            u.redraw = true;
            Some(u)
        }
        (Overlay::Calls, Action::Close | Action::ToggleCalls | Action::Quit | Action::Cancel) => {
            app.overlay = None;
            Some(Update::redraw())
        }
        (Overlay::Costs, Action::Close | Action::Costs | Action::Quit | Action::Cancel) => {
            app.overlay = None;
            Some(Update::redraw())
        }
        (Overlay::Help, Action::Close | Action::Help | Action::Quit | Action::Cancel)
        | (
            Overlay::Glossary { .. },
            Action::Close | Action::Glossary | Action::Quit | Action::Cancel,
        ) => {
            app.overlay = None;
            Some(Update::redraw())
        }
        (
            Overlay::Glossary { scroll },
            Action::Up
            | Action::Down
            | Action::PageUp
            | Action::PageDown
            | Action::Top
            | Action::Bottom
            | Action::Scroll { .. },
        ) => {
            let (lines, rows) = app.glossary_layout(Default::default(), Default::default());
            let page = rows.saturating_sub(1).max(1);
            let max = lines.len().saturating_sub(rows);
            let next = match action {
                Action::Up => scroll.saturating_sub(1),
                Action::Down => scroll + 1,
                Action::PageUp => scroll.saturating_sub(page),
                Action::PageDown => scroll + page,
                Action::Top => 0,
                Action::Bottom => max,
                Action::Scroll { lines, .. } => scroll.saturating_add_signed(isize::from(*lines)),
                _ => *scroll,
            }
            .min(max);
            app.overlay = Some(Overlay::Glossary { scroll: next });
            Some(Update::redraw())
        }
        (Overlay::ConfirmDone { step }, Action::Confirm | Action::Activate) => {
            let step = *step;
            app.overlay = None;
            set_done(app, step);
            app.notice = Some(Notice::success(
                "notice-marked-done",
                step_title_args(app, step),
            ));
            Some(Update::save(app))
        }
        (
            Overlay::ConfirmDone { .. }
            | Overlay::ConfirmCost { .. }
            | Overlay::ConfirmDelete { .. }
            | Overlay::ConfirmChange { .. },
            Action::Cancel | Action::Close,
        ) => {
            app.overlay = None;
            Some(Update::redraw())
        }
        (
            Overlay::ConfirmCost { step, index, .. }
            | Overlay::ConfirmDelete { step, index }
            | Overlay::ConfirmChange { step, index },
            Action::Confirm | Action::Activate,
        ) => {
            let (step, index) = (*step, *index);
            app.overlay = None;
            Some(start_action(app, step, index, true))
        }
        // Results and timers go on underneath any window, the typing one included.
        (
            _,
            Action::Resize { .. }
            | Action::Tick
            | Action::Task { .. }
            | Action::Stack { .. }
            | Action::Backend(_)
            | Action::BackendFailed(_)
            | Action::BackingOff(_)
            | Action::Meter(_)
            | Action::Live { .. }
            | Action::Calls(_),
        ) => None,
        (Overlay::Ask { .. }, Action::Quit) => None,
        (Overlay::Ask { .. }, _) => Some(update_ask(app, action)),
        // Everything else waits until the overlay is closed.
        _ => Some(Update::none()),
    }
}

/// Typing into the question for a value; Enter checks it and, once it is right, runs the
/// action that needed it.
fn update_ask(app: &mut App, action: &Action) -> Update {
    let Some(Overlay::Ask {
        var,
        input,
        problem,
        then,
    }) = app.overlay.as_mut()
    else {
        return Update::none();
    };
    // Long enough for any name or address; a stuck key cannot grow it without bound.
    const MAX_INPUT: usize = 256;
    match action {
        Action::Type(c) if !c.is_control() && input.chars().count() < MAX_INPUT => {
            input.push(*c);
            *problem = None;
        }
        Action::Paste(text) => {
            let room = MAX_INPUT.saturating_sub(input.chars().count());
            input.extend(text.trim().chars().filter(|c| !c.is_control()).take(room));
            *problem = None;
        }
        Action::Erase => {
            input.pop();
            *problem = None;
        }
        Action::Cancel | Action::Close => {
            app.overlay = None;
        }
        Action::Confirm => {
            let value = input.trim().to_string();
            let check = app
                .workshop
                .asks
                .get(var.as_str())
                .map_or(Ok(()), |a| a.check(&value));
            if let Err(p) = check {
                *problem = Some(p);
                return Update::redraw();
            }
            let then = *then;
            app.learner_vars.insert(var.clone(), value);
            app.overlay = None;
            let mut u = match then {
                Then::RunAction { step, index } => run_action(app, step, index),
                Then::RunChecks { step } => run_checks(app, step),
                Then::Nothing => Update::redraw(),
            };
            u.effects.insert(0, Effect::Save(app.progress()));
            u.redraw = true;
            return u;
        }
        _ => return Update::none(),
    }
    Update::redraw()
}

fn step_title_args(app: &App, step: usize) -> Vec<(&'static str, String)> {
    let title = app
        .workshop
        .steps
        .get(step)
        .map(|s| s.title.get(app.lang).clone())
        .unwrap_or_default();
    vec![("title", title)]
}

fn locked_args(app: &App) -> Vec<(&'static str, String)> {
    let first_open = app.done.iter().position(|d| !d).unwrap_or(0);
    step_title_args(app, first_open)
}

fn set_done(app: &mut App, step: usize) {
    if let Some(d) = app.done.get_mut(step) {
        *d = true;
    }
    if let Some(f) = app.failed.get_mut(step) {
        *f = false;
    }
}

fn cycle_focus(app: &mut App, dir: i32) -> Update {
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

fn move_in_focus(app: &mut App, delta: i32) -> Update {
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

fn page(app: &mut App, dir: i32) -> Update {
    let height = app.laid_text(app.lang).map_or(10, |(_, h)| i32::from(h));
    match app.focus {
        Pane::Text => scroll_text(app, dir * (height - 2).max(1)),
        _ => move_in_focus(app, dir * (height - 2).max(1)),
    }
}

/// Scrolls the current step's text by whole lines, keeping the position as an anchor.
fn scroll_text(app: &mut App, delta: i32) -> Update {
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
fn clamp_scroll(app: &mut App) {
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

fn go_to(app: &mut App, step: usize) -> Update {
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

fn next_step(app: &mut App) -> Update {
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

fn activate(app: &mut App) -> Update {
    match app.focus {
        Pane::Steps => {
            let target = app.list_cursor;
            let mut u = go_to(app, target);
            app.focus = Pane::Text;
            u.redraw = true;
            u
        }
        Pane::Text | Pane::Activity => {
            let step = &app.workshop.steps[app.current];
            let n_actions = step.actions.len();
            if app.activity_cursor < n_actions {
                run_action(app, app.current, app.activity_cursor)
            } else if step.checks.is_empty() && n_actions == 0 {
                Update::none()
            } else {
                run_checks(app, app.current)
            }
        }
    }
}

fn run_action(app: &mut App, step: usize, index: usize) -> Update {
    start_action(app, step, index, false)
}

/// Runs an action; one that starts billable resources first says what they cost an hour
/// and waits for a yes (`confirmed`).
fn start_action(app: &mut App, step: usize, index: usize, confirmed: bool) -> Update {
    match app.step_state(step) {
        StepState::Locked => {
            app.notice = Some(Notice::warning("notice-locked", locked_args(app)));
            return Update::redraw();
        }
        _ if app.tasks[step].actions[index].is_running() => {
            app.notice = Some(Notice::info("notice-already-running", vec![]));
            return Update::redraw();
        }
        _ => {}
    }
    let task = app.workshop.steps[step].actions[index].clone();
    // A value the learner has not given yet is asked for first.
    if let Some(var) = app.unanswered([Task::Action(&task)]) {
        return ask(app, var, Then::RunAction { step, index });
    }
    let question = match task.facts().confirm {
        _ if confirmed => None,
        Confirm::No => None,
        // Deleting is said out loud too, even though it only touches the workshop's own.
        Confirm::Delete => Some(Overlay::ConfirmDelete { step, index }),
        // Changing a serving endpoint is said out loud: which variants get what traffic.
        Confirm::Change => Some(Overlay::ConfirmChange { step, index }),
    };
    if let Some(question) = question {
        app.overlay = Some(question);
        return Update::redraw();
    }
    if let (Some(per_hour), false) = (app.cost_of(&task), confirmed) {
        app.overlay = Some(Overlay::ConfirmCost {
            step,
            index,
            per_hour,
        });
        return Update::redraw();
    }
    app.tasks[step].actions[index] = TaskStatus::Running;
    app.notice = None;
    Update {
        redraw: true,
        effects: vec![Effect::RunAction {
            step,
            index,
            task,
            vars: app.vars_for_tasks(),
        }],
    }
}

/// Opens the question for `var`, showing its current value if it has one.
fn ask(app: &mut App, var: String, then: Then) -> Update {
    let input = app.learner_vars.get(&var).cloned().unwrap_or_default();
    app.overlay = Some(Overlay::Ask {
        var,
        input,
        problem: None,
        then,
    });
    Update::redraw()
}

/// `v`: change the values this step uses (or, on a step that uses none, the first one the
/// workshop asks for).
fn edit_values(app: &mut App) -> Update {
    let step = &app.workshop.steps[app.current];
    let used = step.tasks().flat_map(|t| t.variables()).map(str::to_string);
    let var = used
        .chain(app.workshop.asks.keys().cloned())
        .find(|v| app.workshop.asks.contains_key(v));
    match var {
        Some(var) => ask(app, var, Then::Nothing),
        None => Update::none(),
    }
}

fn run_checks(app: &mut App, step: usize) -> Update {
    if app.step_state(step) == StepState::Locked {
        app.notice = Some(Notice::warning("notice-locked", locked_args(app)));
        return Update::redraw();
    }
    let checks = app.workshop.steps[step].checks.clone();
    if let Some(var) = app.unanswered(checks.iter().map(Task::Check)) {
        return ask(app, var, Then::RunChecks { step });
    }
    if checks.is_empty() {
        if !app.done[step] {
            set_done(app, step);
            app.notice = Some(Notice::success(
                "notice-step-done",
                step_title_args(app, step),
            ));
            return Update::save(app);
        }
        return Update::none();
    }
    if app.tasks[step].checks.iter().any(TaskStatus::is_running) {
        return Update::none();
    }
    for status in &mut app.tasks[step].checks {
        *status = TaskStatus::Running;
    }
    app.notice = None;
    Update {
        redraw: true,
        effects: vec![Effect::RunChecks {
            step,
            checks: checks.into_iter().enumerate().collect(),
            vars: app.vars_for_tasks(),
        }],
    }
}

fn task_result(app: &mut App, step: usize, task: TaskId, status: TaskStatus) -> Update {
    let Some(tasks) = app.tasks.get_mut(step) else {
        return Update::none();
    };
    let slot = match task {
        TaskId::Action(i) => tasks.actions.get_mut(i),
        TaskId::Check(i) => tasks.checks.get_mut(i),
    };
    let Some(slot) = slot else {
        return Update::none();
    };
    let finished_action =
        matches!(task, TaskId::Action(_)) && matches!(status, TaskStatus::Passed(_));
    let action_ended = matches!(task, TaskId::Action(_)) && !status.is_running();
    *slot = status;
    let all_actions_passed = app.tasks[step]
        .actions
        .iter()
        .all(|a| matches!(a, TaskStatus::Passed(_)));
    let mut u = if finished_action && all_actions_passed {
        // What the step's actions set up is verified straight away; a step with several
        // actions (alternatives, or stages) waits for the learner's c.
        run_checks(app, step)
    } else if let TaskId::Check(_) = task {
        checks_settled(app, step)
    } else {
        Update::default()
    };
    if action_ended {
        // An action may have started or removed something that bills.
        u.effects.push(Effect::Measure(app.vars_for_tasks()));
    }
    u.redraw = true;
    u
}

/// Once every check of a step has an answer, the step is done, failed or still open.
fn checks_settled(app: &mut App, step: usize) -> Update {
    let checks = &app.tasks[step].checks;
    if checks
        .iter()
        .any(|c| c.is_running() || *c == TaskStatus::Idle)
    {
        return Update::redraw();
    }
    let failed = checks.iter().any(|c| matches!(c, TaskStatus::Failed(_)));
    let pending = checks.iter().any(|c| matches!(c, TaskStatus::Pending(_)));
    if failed {
        app.failed[step] = true;
        app.notice = Some(Notice::error(
            "notice-checks-failed",
            step_title_args(app, step),
        ));
    } else if pending {
        app.notice = Some(Notice::warning("notice-checks-pending", vec![]));
    } else {
        set_done(app, step);
        let next = app
            .workshop
            .steps
            .get(step + 1)
            .map(|s| s.title.get(app.lang).clone())
            .unwrap_or_default();
        let mut args = step_title_args(app, step);
        args.push(("next", next));
        app.notice = Some(Notice::success("notice-step-done-next", args));
    }
    Update::save(app)
}

fn scroll_at(app: &mut App, column: u16, row: u16, lines: i16) -> Update {
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

fn click(app: &mut App, column: u16, row: u16) -> Update {
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
