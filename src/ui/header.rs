use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{Ctx, Theme};
use crate::app::{App, Overlay, Pane, StepState};
use crate::cloud::Identity;
use crate::i18n::{I18n, Lang};
use crate::markdown::display_width;
use crate::tr;

pub fn backend_label(backend: &Identity, i18n: &I18n, lang: Lang) -> String {
    let region = backend.region.clone();
    match (backend.simulated, &backend.account) {
        (Some(speed), _) => tr!(i18n, lang, "backend-sim", speed = format!("{speed}")),
        (None, Some(account)) => tr!(
            i18n,
            lang,
            "backend-aws",
            account = account.clone(),
            region = region
        ),
        (None, None) => tr!(i18n, lang, "backend-aws-connecting", region = region),
    }
}

/// The header's backend label, saying so when the backend cannot be reached.
fn backend_status(app: &App, i18n: &I18n, lang: Lang) -> String {
    match (&app.backend, &app.backend_error) {
        (backend, Some(_)) if backend.simulated.is_none() => tr!(
            i18n,
            lang,
            "backend-aws-failed",
            region = backend.region.clone()
        ),
        (backend, _) => backend_label(backend, i18n, lang),
    }
}

pub fn language_name(i18n: &I18n, lang: Lang) -> String {
    match lang {
        Lang::Ko => tr!(i18n, lang, "language-ko"),
        Lang::En => tr!(i18n, lang, "language-en"),
    }
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App, ctx: &Ctx, theme: &Theme) {
    let i18n = ctx.i18n;
    let lang = app.lang;
    let left: Vec<Span> = if app.present {
        let step = &app.workshop.steps[app.current];
        vec![
            Span::styled(
                format!(
                    " {} ",
                    tr!(
                        i18n,
                        lang,
                        "step-of",
                        current = app.current + 1,
                        total = app.workshop.steps.len()
                    )
                ),
                theme.header_accent,
            ),
            Span::styled(format!(" {}", step.title.get(lang)), theme.header),
        ]
    } else {
        vec![
            Span::styled(" labguide ", theme.header_accent),
            Span::styled(format!(" {}", app.workshop.title.get(lang)), theme.header),
        ]
    };
    let meter = super::costs::meter_text(app, i18n, lang)
        .map(|m| format!("{m}{}", super::glyphs::SEPARATOR))
        .unwrap_or_default();
    let badge = if app.backing_off {
        format!(
            "{}{}",
            tr!(i18n, lang, "badge-backing-off"),
            super::glyphs::SEPARATOR
        )
    } else {
        String::new()
    };
    let mut backend = backend_status(app, i18n, lang);
    if app.publishing {
        backend.push_str(&tr!(i18n, lang, "header-publishing"));
    }
    let left_width: usize = left.iter().map(|s| display_width(&s.content)).sum();
    let total = usize::from(area.width);
    // A narrow header drops the language first, then the cost meter, then the backend:
    // the backing-off badge is the last thing to go.
    let sep = super::glyphs::SEPARATOR;
    let with_meter = (!meter.is_empty())
        .then(|| format!("{badge}{backend}{sep}{} ", meter.trim_end_matches(sep)));
    let right_text = [
        Some(format!(
            "{badge}{backend}{sep}{meter}{} ",
            language_name(i18n, lang)
        )),
        with_meter,
        Some(format!("{badge}{backend} ")),
        (!badge.is_empty()).then(|| format!("{} ", badge.trim_end_matches(sep))),
    ]
    .into_iter()
    .flatten()
    .find(|t| left_width + display_width(t) < total)
    .unwrap_or_default();
    let right_width = display_width(&right_text);
    let mut spans = left;
    if right_width > 0 {
        spans.push(Span::styled(
            " ".repeat(total - left_width - right_width),
            theme.header,
        ));
        spans.push(Span::styled(right_text, theme.header));
    } else {
        spans.push(Span::styled(
            " ".repeat(total.saturating_sub(left_width)),
            theme.header,
        ));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)).style(theme.header), area);
}

/// The keys that do something right now, most useful first, as many as fit.
pub fn draw_footer(frame: &mut Frame, area: Rect, app: &App, ctx: &Ctx, theme: &Theme) {
    let i18n = ctx.i18n;
    let lang = app.lang;
    let other = language_name(i18n, lang.other());
    let keys: Vec<(&str, String)> = match &app.overlay {
        Some(Overlay::Help) | Some(Overlay::Costs) | Some(Overlay::Calls) => {
            vec![("Esc/q", tr!(i18n, lang, "key-close"))]
        }
        Some(Overlay::Live {
            target, paused_at, ..
        }) => {
            let targets = app.watch_targets();
            let mut keys = vec![];
            if targets.len() > 1 {
                keys.push(("Tab", tr!(i18n, lang, "key-next-resource")));
            }
            // Pausing and scrolling are for a log; endpoints and Autopilot have none here.
            let logs = targets
                .get(*target)
                .is_some_and(|t| crate::cloud::live::log_location(t.kind, "").is_some());
            if logs {
                keys.push((
                    "f",
                    if paused_at.is_some() {
                        tr!(i18n, lang, "key-follow")
                    } else {
                        tr!(i18n, lang, "key-pause")
                    },
                ));
                keys.push(("j/k PgUp/PgDn", tr!(i18n, lang, "key-scroll")));
            }
            keys.push(("w/Esc", tr!(i18n, lang, "key-close")));
            keys
        }
        Some(Overlay::ConfirmQuit) => vec![
            ("y", tr!(i18n, lang, "key-quit")),
            ("c", tr!(i18n, lang, "key-cleanup")),
            ("n", tr!(i18n, lang, "key-stay")),
        ],
        Some(Overlay::Code { .. }) => {
            let mut keys = vec![];
            if app.code_blocks(lang).len() > 1 {
                keys.push(("y", tr!(i18n, lang, "key-next-code")));
            }
            keys.push(("Esc/q", tr!(i18n, lang, "key-close")));
            keys
        }
        Some(Overlay::ByHand { scroll }) => {
            let mut keys = vec![("j/k PgDn/PgUp", tr!(i18n, lang, "key-scroll"))];
            if app.by_hand_code(*scroll).is_some() {
                keys.push(("y", tr!(i18n, lang, "key-copy")));
            }
            keys.push(("Esc/m", tr!(i18n, lang, "key-close")));
            keys
        }
        Some(Overlay::Glossary { .. }) => vec![
            ("j/k PgDn/PgUp", tr!(i18n, lang, "key-scroll")),
            ("Esc/q", tr!(i18n, lang, "key-close")),
        ],
        Some(Overlay::Ask { .. }) => vec![
            ("Enter", tr!(i18n, lang, "key-confirm")),
            ("Esc", tr!(i18n, lang, "key-cancel")),
        ],
        Some(Overlay::ConfirmDone { .. })
        | Some(Overlay::ConfirmCost { .. })
        | Some(Overlay::ConfirmDelete { .. })
        | Some(Overlay::ConfirmChange { .. }) => vec![
            ("y", tr!(i18n, lang, "key-yes")),
            ("n", tr!(i18n, lang, "key-no")),
        ],
        None => {
            let step = &app.workshop.steps[app.current];
            let mut keys = vec![];
            if app.focus == Pane::Steps {
                keys.push(("Enter", tr!(i18n, lang, "key-open")));
            } else if !step.actions.is_empty() && app.step_state(app.current) != StepState::Locked {
                keys.push(("Enter", tr!(i18n, lang, "key-run")));
            }
            keys.push(("n", tr!(i18n, lang, "key-next")));
            keys.push(("p", tr!(i18n, lang, "key-prev")));
            if !step.checks.is_empty() {
                keys.push(("c", tr!(i18n, lang, "key-check")));
            }
            if !app.watch_targets().is_empty() {
                keys.push(("w", tr!(i18n, lang, "key-live")));
            }
            let code =
                |b: &crate::markdown::Block| matches!(b, crate::markdown::Block::Code { .. });
            if crate::workshop::contains_block(&step.body.get(lang).blocks, &code) {
                keys.push(("y", tr!(i18n, lang, "key-copy")));
            }
            if step.by_hand.is_some() {
                keys.push(("m", tr!(i18n, lang, "key-by-hand")));
            }
            keys.push(("Tab", tr!(i18n, lang, "key-panes")));
            keys.push(("L", other));
            keys.push(("?", tr!(i18n, lang, "key-help")));
            keys.push(("q", tr!(i18n, lang, "key-quit")));
            keys
        }
    };
    // Over a window, its own keys are few and all needed: dropped from the end only.
    let dropped_first = if app.overlay.is_none() {
        DROPPED_FIRST
    } else {
        &[]
    };
    let keys = fitting(
        keys,
        dropped_first,
        usize::from(area.width).saturating_sub(1),
    );
    let mut spans = vec![Span::raw(" ")];
    for (key, what) in keys {
        spans.push(Span::styled(key.to_string(), theme.key));
        spans.push(Span::styled(format!(" {what}  "), theme.dim));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// Keys a narrow step footer gives up first (the others are dropped from the end): help
/// and quit stay in an 80-column window, since they are how a learner finds the rest.
const DROPPED_FIRST: &[&str] = &["Tab", "y", "p", "L", "m"];

/// The keys that fit in `width` columns, in their order.
fn fitting(
    mut keys: Vec<(&'static str, String)>,
    dropped_first: &[&str],
    width: usize,
) -> Vec<(&'static str, String)> {
    let cost = |(key, what): &(&str, String)| display_width(key) + 1 + display_width(what) + 2;
    while keys.iter().map(cost).sum::<usize>() > width {
        let drop = dropped_first
            .iter()
            .find_map(|d| keys.iter().position(|(k, _)| k == d))
            .unwrap_or(keys.len() - 1);
        keys.remove(drop);
    }
    keys
}
