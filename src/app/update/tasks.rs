//! Running the step's actions and checks, and what their results mean for the step.

use super::{Update, form, go_to, locked_args, set_done, step_title_args};
use crate::app::Report;
use crate::app::action::{Effect, TaskId, TaskStatus};
use crate::app::state::{App, Notice, Overlay, Pane, StepState, Then};
use crate::workshop::Task;
use crate::workshop::task::Confirm;

pub(super) fn activate(app: &mut App) -> Update {
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

pub(super) fn run_action(app: &mut App, step: usize, index: usize) -> Update {
    start_action(app, step, index, false)
}

/// Runs an action; one that starts billable resources first says what they cost an hour
/// and waits for a yes (`confirmed`).
pub(super) fn start_action(app: &mut App, step: usize, index: usize, confirmed: bool) -> Update {
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
        return form::ask(app, var, Then::RunAction { step, index });
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

pub(super) fn run_checks(app: &mut App, step: usize) -> Update {
    if app.step_state(step) == StepState::Locked {
        app.notice = Some(Notice::warning("notice-locked", locked_args(app)));
        return Update::redraw();
    }
    let checks = app.workshop.steps[step].checks.clone();
    if let Some(var) = app.unanswered(checks.iter().map(Task::Check)) {
        return form::ask(app, var, Then::RunChecks { step });
    }
    if checks.is_empty() {
        // Nothing to look at in the account: the step's actions passing is the proof.
        let unproven = app.tasks[step]
            .actions
            .iter()
            .any(|a| !matches!(a, TaskStatus::Passed(_)));
        if unproven && !app.done[step] {
            app.notice = Some(Notice::warning("notice-actions-first", vec![]));
            return Update::redraw();
        }
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

pub(super) fn task_result(app: &mut App, step: usize, task: TaskId, status: TaskStatus) -> Update {
    if app.tasks.get(step).is_none() {
        return Update::none();
    }
    // News of a task under way never revives one that has ended (a stream stopped when
    // the learner left its step may have said one more thing on the way).
    let running = match task {
        TaskId::Action(i) => app.tasks[step].actions.get(i),
        TaskId::Check(i) => app.tasks[step].checks.get(i),
    }
    .is_some_and(TaskStatus::is_running);
    if matches!(status, TaskStatus::Working(_)) && !running {
        return Update::none();
    }
    if let TaskId::Action(index) = task {
        offer_alternative(app, step, index, &status);
    }
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
    // A query bills once, by the data it scanned: it joins what was billed so far, which
    // the meter otherwise counts by the hour.
    if let (TaskId::Action(_), TaskStatus::Passed(Some(Report::Query(q)))) = (&task, &status)
        && let Some(cost) = q.cost
    {
        app.accrued += cost;
    }
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
pub(super) fn checks_settled(app: &mut App, step: usize) -> Update {
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

/// A launch a preflight refused with a way out: remembered, and the learner told which
/// key takes it. Any other result of that action forgets it.
fn offer_alternative(app: &mut App, step: usize, index: usize, status: &TaskStatus) {
    use crate::app::Report;
    let instead = match status {
        TaskStatus::Failed(Report::LaunchQuota { instead, .. })
        | TaskStatus::Failed(Report::InstanceNotOffered { instead, .. }) => instead.as_deref(),
        _ => None,
    };
    match instead {
        Some(alt) => {
            app.alternative = Some(crate::app::state::Alternative {
                step,
                index,
                job: alt.job.clone(),
                fallback: alt.index,
            });
            app.notice = Some(Notice::info(
                "notice-alternative",
                vec![
                    ("count", alt.instance_count.to_string()),
                    ("instance_type", alt.instance_type.clone()),
                ],
            ));
        }
        None => {
            if app
                .alternative
                .as_ref()
                .is_some_and(|a| a.step == step && a.index == index)
            {
                app.alternative = None;
            }
        }
    }
}

/// `a`: the refused launch again, on the fallback offered. The choice is kept with the
/// learner's values, so the step's later runs and `labguide run` use it too.
pub(super) fn use_alternative(app: &mut App) -> Update {
    let Some(alt) = app.alternative.clone().filter(|a| a.step == app.current) else {
        app.notice = Some(Notice::info("notice-no-alternative", vec![]));
        return Update::redraw();
    };
    app.alternative = None;
    app.learner_vars
        .insert(format!("{}-fallback", alt.job), alt.fallback.to_string());
    let mut u = run_action(app, alt.step, alt.index);
    u.effects.insert(0, Effect::Save(app.progress()));
    u.redraw = true;
    u
}

/// The learner left `step`: its test traffic ends there, each stream keeping what it last
/// said. Whether any was running (the runner is then told to stop them).
pub(super) fn end_traffic(app: &mut App, step: usize) -> bool {
    let Some(s) = app.workshop.steps.get(step) else {
        return false;
    };
    let streams: Vec<usize> = s
        .actions
        .iter()
        .enumerate()
        .filter(|(_, a)| matches!(a, crate::workshop::Action::SendTraffic(_)))
        .map(|(i, _)| i)
        .collect();
    let mut any = false;
    for i in streams {
        let slot = &mut app.tasks[step].actions[i];
        if slot.is_running() {
            any = true;
            *slot = match std::mem::take(slot) {
                TaskStatus::Working(report) => TaskStatus::Passed(Some(report)),
                _ => TaskStatus::Passed(None),
            };
        }
    }
    any
}
