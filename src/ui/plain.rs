//! Plain text for the headless commands: one frame as the TUI would draw it, and the
//! tables `labguide steps`, `check`, `status` and `cleanup` print, in the reader's
//! language. The commands decide what to say; the layout of it is here.

use ratatui::Terminal;
use ratatui::backend::TestBackend;

use super::Ctx;
use super::costs::{item_kind, per_hour_text};
use crate::app::inventory::{self, Item};
use crate::app::{App, Report, StepState, TaskStatus};
use crate::i18n::{I18n, Lang};
use crate::markdown::display_width;
use crate::tr;
use crate::workshop::cents;

/// One frame as plain text: what the TUI would draw at the app's size.
pub fn render_text(app: &App, ctx: &Ctx) -> String {
    let backend = TestBackend::new(app.size.width, app.size.height);
    let Ok(mut terminal) = Terminal::new(backend);
    if terminal
        .draw(|f| {
            super::draw(f, app, ctx);
        })
        .is_err()
    {
        return String::new();
    }
    super::buffer_text(terminal.backend().buffer())
}

/// A step's state as `labguide steps` names it, in its table and its JSON alike.
pub fn state_name(s: StepState) -> &'static str {
    match s {
        StepState::Locked => "locked",
        StepState::Open => "open",
        StepState::Running => "running",
        StepState::Done => "done",
        StepState::Failed => "failed",
    }
}

/// `labguide steps`: every step with its id, section, state and both titles.
pub fn steps_table(app: &App, i18n: &I18n, lang: Lang) -> String {
    let workshop = &app.workshop;
    let id_w = workshop.steps.iter().map(|s| s.id.len()).max().unwrap_or(2);
    let mut out = format!(
        "{:<id_w$}  {:<8}  {:<7}  {}\n",
        tr!(i18n, lang, "steps-col-id"),
        tr!(i18n, lang, "steps-col-section"),
        tr!(i18n, lang, "steps-col-state"),
        tr!(i18n, lang, "steps-col-title")
    );
    for (i, s) in workshop.steps.iter().enumerate() {
        out.push_str(&format!(
            "{:<id_w$}  {:<8}  {:<7}  {} / {}\n",
            s.id,
            workshop.sections[s.section].id,
            state_name(app.step_state(i)),
            s.title.ko,
            s.title.en
        ));
    }
    out
}

/// A step's checks summed up for `labguide check`: `fail` with the first failure, else
/// `pending` with the first check that cannot be made here, else `pass` with what the
/// passing checks had to say.
/// A step's verdict from its checks' statuses: pass, fail or pending, what was found, and
/// which check decided it (the first failing, else the first pending) for its hint.
pub fn check_verdict(
    statuses: &[TaskStatus],
    i18n: &I18n,
    lang: Lang,
) -> (&'static str, String, Option<usize>) {
    let say = |r: &Report| r.message(i18n, lang);
    let first = |pending: bool| {
        statuses.iter().enumerate().find_map(|(i, s)| match s {
            TaskStatus::Failed(r) if !pending => Some((i, r)),
            TaskStatus::Pending(r) if pending => Some((i, r)),
            _ => None,
        })
    };
    if let Some((i, r)) = first(false) {
        ("fail", say(r), Some(i))
    } else if let Some((i, r)) = first(true) {
        ("pending", say(r), Some(i))
    } else if statuses.is_empty() {
        ("pass", tr!(i18n, lang, "check-nothing-to-check"), None)
    } else {
        let passed: Vec<String> = statuses
            .iter()
            .filter_map(|s| match s {
                TaskStatus::Passed(Some(r)) => Some(say(r)),
                _ => None,
            })
            .collect();
        ("pass", passed.join(" "), None)
    }
}

/// `labguide check`'s table: step, status, reason.
pub fn check_table<'a>(rows: impl IntoIterator<Item = (&'a str, &'a str, &'a str)>) -> String {
    let rows: Vec<_> = rows.into_iter().collect();
    let id_w = rows.iter().map(|r| r.0.len()).max().unwrap_or(4);
    rows.iter()
        .map(|(step, status, reason)| format!("{step:<id_w$}  {status:<7}  {reason}\n"))
        .collect()
}

/// The inventory as `status` and `cleanup` list it: kind, name, state, cost an hour.
pub fn items_table(items: &[Item], i18n: &I18n, lang: Lang) -> String {
    items_table_by(items, i18n, lang, &|why| why_text(why, i18n, lang))
}

/// The same for the instructor's class cleanup: the rules said of a learner, not "you".
pub fn class_items_table(items: &[Item], i18n: &I18n, lang: Lang) -> String {
    use crate::app::provenance::Why;
    items_table_by(items, i18n, lang, &|why| match why {
        Why::Recorded => tr!(i18n, lang, "why-recorded"),
        Why::Tagged => tr!(i18n, lang, "why-their-tag"),
        Why::Role => tr!(i18n, lang, "why-their-role"),
        Why::Uses => tr!(i18n, lang, "why-built-on-theirs"),
        Why::Named => tr!(i18n, lang, "why-their-name"),
        Why::Shared(_) => tr!(i18n, lang, "why-class-shared"),
        Why::NotYours => tr!(i18n, lang, "why-nobodys"),
        Why::Listed => tr!(i18n, lang, "why-listed"),
    })
}

fn items_table_by(
    items: &[Item],
    i18n: &I18n,
    lang: Lang,
    why: &dyn Fn(crate::app::provenance::Why) -> String,
) -> String {
    let kinds: Vec<String> = items
        .iter()
        .map(|i| item_kind(&i.kind, i18n, lang))
        .collect();
    let kind_w = kinds.iter().map(|k| display_width(k)).max().unwrap_or(4);
    let name_w = items.iter().map(|i| i.name.len()).max().unwrap_or(4);
    let mut out = String::new();
    for (item, kind) in items.iter().zip(&kinds) {
        let pad = kind_w.saturating_sub(display_width(kind));
        out.push_str(&format!(
            "{kind}{}  {:<name_w$}  {:<18}  {:<9}  {}\n",
            " ".repeat(pad),
            item.name,
            item.state,
            per_hour_text(item.per_hour, i18n, lang),
            why(item.why),
        ));
    }
    out
}

/// Which rule made an item the learner's, or why it is left alone, in a few words.
pub fn why_text(why: crate::app::provenance::Why, i18n: &I18n, lang: Lang) -> String {
    use crate::app::provenance::Why;
    match why {
        Why::Recorded => tr!(i18n, lang, "why-recorded"),
        Why::Tagged => tr!(i18n, lang, "why-tagged"),
        Why::Role => tr!(i18n, lang, "why-role"),
        Why::Uses => tr!(i18n, lang, "why-uses"),
        Why::Named => tr!(i18n, lang, "why-named"),
        Why::Shared(0) => tr!(i18n, lang, "why-shared-free"),
        Why::Shared(n) => tr!(i18n, lang, "why-shared-kept", classmates = n),
        Why::NotYours => tr!(i18n, lang, "why-not-yours"),
        Why::Listed => tr!(i18n, lang, "why-listed"),
    }
}

/// What the items cost an hour together, saying so when a price is unknown.
pub fn total_line(items: &[Item], i18n: &I18n, lang: Lang) -> String {
    let (total, unknown) = inventory::total_per_hour(items);
    if unknown {
        tr!(i18n, lang, "total-per-hour-unknown", total = cents(total))
    } else {
        tr!(i18n, lang, "total-per-hour", total = cents(total))
    }
}
