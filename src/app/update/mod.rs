//! The update logic: one `Action` in, the state changed and the `Effect`s for the runner
//! out. Input (`Intent`) goes to the open window first, then to the concern it belongs to;
//! results (`Outcome`) change the state underneath whatever window is open.

mod code;
mod form;
mod live;
mod navigation;
mod overlays;
mod tasks;

use super::action::{Action, Effect, Intent, Outcome};
use super::state::{App, Notice, Overlay, Pane, StepState};
use navigation::{clamp_scroll, cycle_focus, go_to, move_in_focus, next_step, page};

/// What an update asks of its caller.
#[derive(Debug, Default, PartialEq)]
pub struct Update {
    pub redraw: bool,
    pub effects: Vec<Effect>,
}

impl Update {
    pub(super) fn redraw() -> Update {
        Update {
            redraw: true,
            effects: vec![],
        }
    }
    pub(super) fn none() -> Update {
        Update::default()
    }
    pub(super) fn save(app: &App) -> Update {
        Update {
            redraw: true,
            effects: vec![Effect::Save(app.progress())],
        }
    }
}

/// Applies one action. When what the current step watches changes (another step, a
/// value typed in), or one of its tasks reports, the watchers are told.
pub fn update(app: &mut App, action: impl Into<Action>) -> Update {
    let action = action.into();
    let watched = app.watch_targets();
    let was = app.current;
    let reported = matches!(
        &action,
        Action::Result(Outcome::Task { step, .. }) if *step == app.current
    );
    // A task of the step that finished may have started a run; look for runs then, and
    // on a step change, not on every progress report.
    let finished = matches!(
        &action,
        Action::Result(Outcome::Task { step, status, .. })
            if *step == app.current && !status.is_running()
    );
    let mut u = match action {
        Action::Input(intent) => input(app, intent),
        Action::Result(outcome) => result(app, outcome),
    };
    let now_watched = app.watch_targets();
    if reported || now_watched != watched {
        u.effects.push(Effect::Watch(now_watched));
    }
    if (finished || app.current != was)
        && let Some(find) = app.find_runs()
    {
        u.effects.push(find);
    }
    if app.current != was && tasks::end_traffic(app, was) {
        u.effects.push(Effect::StopTraffic { step: was });
    }
    u
}

/// Keys, mouse, the terminal and signals: the open window has them first.
fn input(app: &mut App, intent: Intent) -> Update {
    if let Some(overlay) = app.overlay.clone()
        && let Some(u) = overlays::update_overlay(app, &overlay, &intent)
    {
        return u;
    }
    match intent {
        Intent::Up => move_in_focus(app, -1),
        Intent::Down => move_in_focus(app, 1),
        Intent::PageUp => page(app, -1),
        Intent::PageDown => page(app, 1),
        Intent::Top => move_in_focus(app, i32::MIN / 2),
        Intent::Bottom => move_in_focus(app, i32::MAX / 2),
        Intent::NextPane => cycle_focus(app, 1),
        Intent::PrevPane => cycle_focus(app, -1),
        Intent::NextStep => next_step(app),
        Intent::PrevStep => {
            if app.current == 0 {
                return Update::none();
            }
            go_to(app, app.current - 1)
        }
        Intent::Activate => tasks::activate(app),
        Intent::RunChecks => tasks::run_checks(app, app.current),
        Intent::EditValues => form::edit_values(app),
        Intent::UseAlternative => tasks::use_alternative(app),
        Intent::MarkDone => match app.step_state(app.current) {
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
        Intent::ToggleLang => {
            // Scroll positions are block anchors, so the reader stays on the same block.
            app.lang = app.lang.other();
            Update::save(app)
        }
        Intent::ToggleSideBySide => {
            app.side_by_side = !app.side_by_side;
            clamp_scroll(app);
            Update::save(app)
        }
        Intent::TogglePresent => {
            app.present = !app.present;
            if app.present && app.focus == Pane::Steps {
                app.focus = Pane::Text;
            }
            clamp_scroll(app);
            Update::redraw()
        }
        Intent::Help => open(app, Overlay::Help),
        Intent::CopyCode => code::copy(app, None),
        Intent::Glossary => open(app, Overlay::Glossary { scroll: 0 }),
        Intent::ByHand if app.by_hand_body(app.lang).is_some() => {
            open(app, Overlay::ByHand { scroll: 0 })
        }
        Intent::ByHand => {
            app.notice = Some(Notice::info("notice-no-by-hand", vec![]));
            Update::redraw()
        }
        Intent::Costs => open(app, Overlay::Costs),
        Intent::ToggleCalls => open(app, Overlay::Calls),
        Intent::ToggleLive => live::open(app),
        Intent::Close => {
            if app.notice.take().is_some() {
                Update::redraw()
            } else {
                Update::none()
            }
        }
        // Leaving while something bills: say what, and offer the cleanup first.
        Intent::Quit if app.meter.as_ref().is_some_and(|m| !m.billable().is_empty()) => {
            open(app, Overlay::ConfirmQuit)
        }
        Intent::Quit | Intent::Shutdown => quit(app),
        Intent::Scroll { column, row, lines } => navigation::scroll_at(app, column, row, lines),
        Intent::Click { column, row } => navigation::click(app, column, row),
        Intent::Resize { width, height } => {
            app.size = ratatui::layout::Rect::new(0, 0, width, height);
            clamp_scroll(app);
            // The whole screen is drawn again: the charts follow.
            if let Some(Overlay::Live { charts, .. }) = &mut app.overlay {
                *charts = false;
            }
            Update::redraw()
        }
        Intent::Tick => {
            let charts_due = live::draw_charts(app);
            if app.any_running() {
                app.spinner = app.spinner.wrapping_add(1);
            }
            if charts_due || app.any_running() {
                Update::redraw()
            } else {
                Update::none()
            }
        }
        // Keys that mean something only in a window, when none is open.
        Intent::GoToCleanup
        | Intent::NextTarget
        | Intent::PauseLog
        | Intent::Confirm
        | Intent::Cancel
        | Intent::Type(_)
        | Intent::Erase
        | Intent::Paste(_) => Update::none(),
    }
}

/// What the runtime reports: applied whatever window is open, the typing one included.
fn result(app: &mut App, outcome: Outcome) -> Update {
    match outcome {
        Outcome::Task { step, task, status } => tasks::task_result(app, step, task, status),
        Outcome::Stack { step, view } => {
            if let Some(slot) = app.stacks.get_mut(step) {
                *slot = Some(view);
            }
            Update {
                redraw: step == app.current,
                effects: vec![],
            }
        }
        Outcome::Live { target, update, at } => live::news(app, target, update, at),
        Outcome::Runs { experiment, names } => {
            let changed = app.runs.get(&experiment) != Some(&names);
            app.runs.insert(experiment, names);
            if changed {
                Update::redraw()
            } else {
                Update::none()
            }
        }
        Outcome::Backend(b) => {
            app.backend = b;
            app.backend_error = None;
            // The account is known now: bucket names can be filled in.
            Update {
                redraw: true,
                effects: vec![Effect::Measure(app.vars_for_tasks())],
            }
        }
        Outcome::BackendFailed(e) => {
            app.backend_error = Some(e);
            Update::redraw()
        }
        Outcome::SessionBack => {
            if app
                .backend_error
                .as_ref()
                .is_some_and(|e| e.is_session_expired())
            {
                app.backend_error = None;
                Update::redraw()
            } else {
                Update::none()
            }
        }
        Outcome::BackingOff(on) => {
            let changed = app.backing_off != on;
            app.backing_off = on;
            Update {
                redraw: changed,
                effects: vec![],
            }
        }
        Outcome::Meter(m) => meter(app, m),
        Outcome::Calls(calls) => {
            app.calls = calls;
            Update {
                redraw: app.overlay == Some(Overlay::Calls),
                effects: vec![],
            }
        }
    }
}

fn open(app: &mut App, overlay: Overlay) -> Update {
    app.overlay = Some(overlay);
    Update::redraw()
}

fn quit(app: &mut App) -> Update {
    app.quitting = true;
    Update {
        redraw: false,
        effects: vec![Effect::Save(app.progress()), Effect::Quit],
    }
}

/// A new cost reading: what billed since the last one is added up.
fn meter(app: &mut App, m: super::Meter) -> Update {
    let cents_before = (app.accrued * 100.0).floor();
    let shown_before = app.meter_shown();
    if let Some(prev) = &app.meter {
        let hours = ((m.at - prev.at) / 3600.0).max(0.0);
        app.accrued += prev.per_hour().0 * hours;
    }
    let items_changed = app.meter.as_ref().is_none_or(|p| p.items != m.items);
    app.meter = Some(m);
    // Only what the screen shows counts: an idle screen with nothing billing writes
    // nothing.
    let redraw = app.meter_shown() != shown_before
        || (app.meter_shown() && (items_changed || (app.accrued * 100.0).floor() != cents_before));
    Update {
        redraw,
        effects: if redraw {
            vec![Effect::Save(app.progress())]
        } else {
            vec![]
        },
    }
}

pub(super) fn step_title_args(app: &App, step: usize) -> Vec<(&'static str, String)> {
    let title = app
        .workshop
        .steps
        .get(step)
        .map(|s| s.title.get(app.lang).clone())
        .unwrap_or_default();
    vec![("title", title)]
}

pub(super) fn locked_args(app: &App) -> Vec<(&'static str, String)> {
    let first_open = app.done.iter().position(|d| !d).unwrap_or(0);
    step_title_args(app, first_open)
}

pub(super) fn set_done(app: &mut App, step: usize) {
    if let Some(d) = app.done.get_mut(step) {
        *d = true;
    }
    if let Some(f) = app.failed.get_mut(step) {
        *f = false;
    }
}
