//! Costs in words: what an inventory item is, what it bills, and the lines listing
//! what bills now (for the costs window and the quit question).

use ratatui::text::{Line, Span};

use super::Theme;
use crate::app::App;
use crate::app::inventory::{ItemKind, PerHour};
use crate::i18n::{I18n, Lang};
use crate::markdown::display_width;
use crate::tr;
use crate::workshop::cents;

/// The item's kind in the reader's language.
pub fn item_kind(kind: &ItemKind, i18n: &I18n, lang: Lang) -> String {
    match kind {
        ItemKind::Job { kind } | ItemKind::Resource { kind } => {
            crate::ui::kind_name(*kind, i18n, lang)
        }
        ItemKind::Objects { .. } => tr!(i18n, lang, "item-objects"),
        ItemKind::Bucket => tr!(i18n, lang, "item-bucket"),
        ItemKind::GlueDatabase => tr!(i18n, lang, "item-glue-database"),
        ItemKind::IamRole => tr!(i18n, lang, "item-iam-role"),
        ItemKind::Notebook { .. } => tr!(i18n, lang, "item-notebook"),
        ItemKind::Stack => tr!(i18n, lang, "item-stack"),
        ItemKind::LogGroup => tr!(i18n, lang, "item-log-group"),
        ItemKind::Unchecked => tr!(i18n, lang, "item-unchecked"),
    }
}

pub fn per_hour_text(p: PerHour, i18n: &I18n, lang: Lang) -> String {
    match p {
        PerHour::Known(v) => format!("${v:.3}/h"),
        PerHour::Unknown => tr!(i18n, lang, "price-unknown"),
        PerHour::NotHourly => "-".to_string(),
    }
}

/// The header's meter: what bills an hour now and what was billed so far.
pub fn meter_text(app: &App, i18n: &I18n, lang: Lang) -> Option<String> {
    if !app.meter_shown() {
        return None;
    }
    let meter = app.meter.as_ref()?;
    let (per_hour, unknown) = meter.per_hour();
    let per_hour = cents(per_hour);
    let accrued = cents(app.accrued);
    Some(if unknown {
        tr!(
            i18n,
            lang,
            "meter-unknown",
            per_hour = per_hour,
            accrued = accrued
        )
    } else {
        tr!(i18n, lang, "meter", per_hour = per_hour, accrued = accrued)
    })
}

/// One line per resource: kind, name, cost an hour.
pub fn item_lines(
    items: &[&crate::app::inventory::Item],
    i18n: &I18n,
    lang: Lang,
    theme: &Theme,
    width: usize,
) -> Vec<Line<'static>> {
    let kinds: Vec<String> = items
        .iter()
        .map(|i| item_kind(&i.kind, i18n, lang))
        .collect();
    let kind_w = kinds.iter().map(|k| display_width(k)).max().unwrap_or(0);
    items
        .iter()
        .zip(kinds)
        .map(|(item, kind)| {
            let cost = per_hour_text(item.per_hour, i18n, lang);
            let pad = kind_w.saturating_sub(display_width(&kind));
            let room = width.saturating_sub(kind_w + display_width(&cost) + 4);
            Line::from(vec![
                Span::styled(format!("{kind}{} ", " ".repeat(pad)), theme.dim),
                Span::styled(super::steps::fit(&item.name, room), theme.overlay),
                Span::raw(" "),
                Span::styled(cost, theme.warning),
            ])
        })
        .collect()
}

/// One line per billable resource.
pub fn billable_lines(
    app: &App,
    i18n: &I18n,
    lang: Lang,
    theme: &Theme,
    width: usize,
) -> Vec<Line<'static>> {
    match &app.meter {
        Some(meter) => item_lines(&meter.billable(), i18n, lang, theme, width),
        None => vec![],
    }
}
