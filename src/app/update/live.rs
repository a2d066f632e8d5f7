//! The live view of what the step started (`w`), and the watchers' news.

use super::Update;
use crate::app::action::Intent;
use crate::app::live::{LiveUpdate, LiveView, Target};
use crate::app::rules::{RuleKind, RuleStatus};
use crate::app::state::{App, Notice, Overlay};

/// `w`: opens the live view, or says there is nothing to watch on this step.
pub(super) fn open(app: &mut App) -> Update {
    if app.watch_targets().is_empty() {
        app.notice = Some(Notice::info("notice-nothing-live", vec![]));
    } else {
        app.overlay = Some(Overlay::Live {
            target: 0,
            paused_at: None,
            scroll: 0,
            charts: false,
        });
    }
    Update::redraw()
}

/// A tick: the live view opened (or changed) a frame ago draws its charts now; says
/// whether it did.
pub(super) fn draw_charts(app: &mut App) -> bool {
    match &mut app.overlay {
        Some(Overlay::Live { charts, .. }) if !*charts => {
            *charts = true;
            true
        }
        _ => false,
    }
}

/// A watcher's news; drawn only when the current step shows that resource.
pub(super) fn news(app: &mut App, target: Target, update: LiveUpdate, at: f64) -> Update {
    let shown = app.watch_targets().contains(&target);
    let kind = target.kind;
    let before_now = app.live_now;
    app.live_now = app.live_now.max(at);
    let now = app.live_now;
    let view = app.live.entry(target).or_default();
    let before = statuses(view, before_now);
    let changed = view.apply(kind, update, at);
    // A rule can change with time alone (Stalled), when the news itself brings nothing.
    let changed = changed || statuses(view, now) != before;
    Update {
        redraw: shown && changed,
        effects: vec![],
    }
}

/// The rules' statuses of a view, to tell whether a report changed what they say.
fn statuses(view: &LiveView, now: f64) -> Vec<(RuleKind, RuleStatus)> {
    view.rules(now)
        .into_iter()
        .map(|r| (r.kind, r.status))
        .collect()
}

/// Keys in the live view: Tab goes to the next resource, `f` pauses or follows the log,
/// the usual keys scroll it back (which pauses it), End follows again.
pub(super) fn update_live(
    app: &mut App,
    target: usize,
    paused_at: Option<u64>,
    scroll: usize,
    charts: bool,
    intent: &Intent,
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
        charts,
    };
    // Another resource is a whole new view: its charts follow a tick later.
    let other = |target| Overlay::Live {
        target,
        paused_at: None,
        scroll: 0,
        charts: false,
    };
    let next = match intent {
        Intent::Close | Intent::ToggleLive | Intent::Quit | Intent::Cancel => None,
        Intent::NextPane | Intent::NextTarget => Some(other((target + 1) % targets.len().max(1))),
        Intent::PrevPane => Some(other(
            (target + targets.len().max(1) - 1) % targets.len().max(1),
        )),
        Intent::PauseLog => Some(match paused_at {
            Some(_) => live(target, None, 0),
            None => live(target, Some(total), scroll),
        }),
        Intent::Up | Intent::PageUp | Intent::Scroll { lines: ..0, .. } => {
            let by = match intent {
                Intent::PageUp => page,
                Intent::Scroll { lines, .. } => usize::from(lines.unsigned_abs()),
                _ => 1,
            };
            Some(live(target, paused_at.or(Some(total)), scroll + by))
        }
        Intent::Down | Intent::PageDown | Intent::Scroll { .. } => {
            let by = match intent {
                Intent::PageDown => page,
                Intent::Scroll { lines, .. } => usize::from(lines.unsigned_abs()),
                _ => 1,
            };
            Some(live(target, paused_at, scroll.saturating_sub(by)))
        }
        Intent::Top => Some(live(target, paused_at.or(Some(total)), kept)),
        Intent::Bottom => Some(live(target, None, 0)),
        _ => return None,
    };
    app.overlay = next;
    Some(Update::redraw())
}
