//! Keys while a window is open: the questions, help, glossary, costs and calls.

use super::{Update, form, go_to, live, set_done, step_title_args, tasks};
use crate::app::action::Intent;
use crate::app::state::{App, Notice, Overlay};

/// Keys while an overlay is open; `None` lets the key through to the normal handling.
pub(super) fn update_overlay(app: &mut App, overlay: &Overlay, intent: &Intent) -> Option<Update> {
    // The live view's own keys; timers and signals go on underneath it.
    if let Overlay::Live {
        target,
        paused_at,
        scroll,
        charts,
    } = overlay
        && !matches!(intent, Intent::Shutdown | Intent::Tick)
        && let Some(u) = live::update_live(app, *target, *paused_at, *scroll, *charts, intent)
    {
        return Some(u);
    }
    match (overlay, intent) {
        (_, Intent::Quit)
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
        (_, Intent::Shutdown) => None,
        (Overlay::ConfirmQuit, Intent::Confirm | Intent::Activate) => {
            app.overlay = None;
            Some(super::quit(app))
        }
        (Overlay::ConfirmQuit, Intent::Cancel | Intent::Close | Intent::Quit) => {
            app.overlay = None;
            Some(Update::redraw())
        }
        (Overlay::ConfirmQuit, Intent::GoToCleanup) => {
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
        (
            Overlay::ByHand { .. },
            Intent::Close | Intent::ByHand | Intent::Quit | Intent::Cancel,
        ) => {
            app.overlay = None;
            Some(Update::redraw())
        }
        (Overlay::ByHand { scroll }, Intent::CopyCode) => {
            let Some(code) = app.by_hand_code(*scroll) else {
                app.notice = Some(Notice::info("notice-no-code", vec![]));
                return Some(Update::redraw());
            };
            app.notice = Some(Notice::success("notice-by-hand-copied", vec![]));
            Some(Update {
                redraw: true,
                effects: vec![crate::app::action::Effect::Copy(code.join("\n"))],
            })
        }
        (Overlay::ByHand { scroll }, _) if scrolls(intent) => {
            let (lines, rows) = app
                .by_hand_layout(&crate::markdown::MdStyles::default())
                .map_or((0, 1), |(laid, rows)| (laid.lines.len(), rows));
            let next = scrolled(*scroll, intent, lines, rows);
            app.overlay = Some(Overlay::ByHand { scroll: next });
            Some(Update::redraw())
        }
        (Overlay::Code { index }, Intent::CopyCode) => Some(super::code::copy(app, Some(*index))),
        (Overlay::Code { .. }, Intent::Close | Intent::Quit | Intent::Cancel) => {
            app.overlay = None;
            Some(Update::redraw())
        }
        (Overlay::Calls, Intent::Close | Intent::ToggleCalls | Intent::Quit | Intent::Cancel) => {
            app.overlay = None;
            Some(Update::redraw())
        }
        (Overlay::Costs, Intent::Close | Intent::Costs | Intent::Quit | Intent::Cancel) => {
            app.overlay = None;
            Some(Update::redraw())
        }
        (Overlay::Help, Intent::Close | Intent::Help | Intent::Quit | Intent::Cancel)
        | (
            Overlay::Glossary { .. },
            Intent::Close | Intent::Glossary | Intent::Quit | Intent::Cancel,
        ) => {
            app.overlay = None;
            Some(Update::redraw())
        }
        (Overlay::Glossary { scroll }, _) if scrolls(intent) => {
            let (lines, rows) = app.glossary_layout(Default::default(), Default::default());
            let next = scrolled(*scroll, intent, lines.len(), rows);
            app.overlay = Some(Overlay::Glossary { scroll: next });
            Some(Update::redraw())
        }
        (Overlay::ConfirmDone { step }, Intent::Confirm | Intent::Activate) => {
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
            Intent::Cancel | Intent::Close,
        ) => {
            app.overlay = None;
            Some(Update::redraw())
        }
        (
            Overlay::ConfirmCost { step, index, .. }
            | Overlay::ConfirmDelete { step, index }
            | Overlay::ConfirmChange { step, index },
            Intent::Confirm | Intent::Activate,
        ) => {
            let (step, index) = (*step, *index);
            app.overlay = None;
            Some(tasks::start_action(app, step, index, true))
        }
        // The terminal's size and the timer go on underneath any window, the typing one
        // included (results never come here: they are not input).
        (_, Intent::Resize { .. } | Intent::Tick) => None,
        (Overlay::Ask { .. }, Intent::Quit) => None,
        (Overlay::Ask { .. }, _) => Some(form::update_ask(app, intent)),
        // Everything else waits until the overlay is closed.
        _ => Some(Update::none()),
    }
}

/// Whether a key moves a scrolled window's text.
fn scrolls(intent: &Intent) -> bool {
    matches!(
        intent,
        Intent::Up
            | Intent::Down
            | Intent::PageUp
            | Intent::PageDown
            | Intent::Top
            | Intent::Bottom
            | Intent::Scroll { .. }
    )
}

/// Where a window of `rows` rows over `lines` lines is after a scrolling key.
fn scrolled(scroll: usize, intent: &Intent, lines: usize, rows: usize) -> usize {
    let page = rows.saturating_sub(1).max(1);
    let max = lines.saturating_sub(rows);
    match intent {
        Intent::Up => scroll.saturating_sub(1),
        Intent::Down => scroll + 1,
        Intent::PageUp => scroll.saturating_sub(page),
        Intent::PageDown => scroll + page,
        Intent::Top => 0,
        Intent::Bottom => max,
        Intent::Scroll { lines, .. } => scroll.saturating_add_signed(isize::from(*lines)),
        _ => scroll,
    }
    .min(max)
}
