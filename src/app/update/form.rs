//! The value form: typing in a value a task needs (initials, a data location).

use super::{Update, tasks};
use crate::app::action::{Effect, Intent};
use crate::app::state::{App, Overlay, Then};

/// Typing into the question for a value; Enter checks it and, once it is right, runs the
/// action that needed it.
pub(super) fn update_ask(app: &mut App, intent: &Intent) -> Update {
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
    match intent {
        Intent::Type(c) if !c.is_control() && input.chars().count() < MAX_INPUT => {
            input.push(*c);
            *problem = None;
        }
        Intent::Paste(text) => {
            let room = MAX_INPUT.saturating_sub(input.chars().count());
            input.extend(text.trim().chars().filter(|c| !c.is_control()).take(room));
            *problem = None;
        }
        Intent::Erase => {
            input.pop();
            *problem = None;
        }
        Intent::Cancel | Intent::Close => {
            app.overlay = None;
        }
        Intent::Confirm => {
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
                Then::RunAction { step, index } => tasks::run_action(app, step, index),
                Then::RunChecks { step } => tasks::run_checks(app, step),
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

/// Opens the question for `var`, showing its current value if it has one.
pub(super) fn ask(app: &mut App, var: String, then: Then) -> Update {
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
pub(super) fn edit_values(app: &mut App) -> Update {
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
