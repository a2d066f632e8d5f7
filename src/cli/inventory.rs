//! `labguide status` and `labguide cleanup`: the workshop's resources without the TUI.

use std::io::{BufRead, Write};
use std::process::ExitCode;
use std::sync::Arc;

use super::Start;
use super::start::is_yes;
use crate::app::inventory::{self, Item};
use crate::cloud::Cloud;
use crate::i18n::{I18n, Lang};
use crate::tr;
use crate::ui::cloud_error;
use crate::ui::costs::item_kind;
use crate::ui::plain::{items_table, total_line};
use crate::workshop::CleanupSpec;
use crate::workshop::cleanup_scope;

/// Everything the inventory needs: the cloud, the resolved scope, the region.
struct Context {
    cloud: Arc<dyn Cloud>,
    scope: CleanupSpec,
    region: String,
    runtime: tokio::runtime::Runtime,
}

fn context(start: &Start, overrides: &[(String, String)]) -> Option<Context> {
    // The app's language does not matter here: only the values the names need are asked
    // of it.
    let super::start::Connected {
        runtime,
        cloud,
        app,
    } = start.connect(Lang::En, overrides).ok()?;
    let vars = app.vars_for_tasks();
    let region = vars.get("region").cloned().unwrap_or_default();
    Some(Context {
        scope: cleanup_scope::resolve(&start.workshop.cleanup, &vars),
        cloud,
        region,
        runtime,
    })
}

fn print_items(items: &[Item], i18n: &I18n, lang: Lang) {
    print!("{}", items_table(items, i18n, lang));
}

fn print_total(items: &[Item], i18n: &I18n, lang: Lang) {
    println!("{}", total_line(items, i18n, lang));
}

pub fn status(start: &Start, json: bool, overrides: &[(String, String)]) -> ExitCode {
    let (workshop, i18n, lang) = (&start.workshop, &start.i18n, start.env_lang);
    let Some(ctx) = context(start, overrides) else {
        return ExitCode::from(1);
    };
    let items = match ctx.runtime.block_on(crate::runtime::cleanup::inventory(
        ctx.cloud.as_ref(),
        &ctx.scope,
        &workshop.prices,
        &ctx.region,
    )) {
        Ok(items) => items,
        Err(e) => {
            eprintln!("{}", cloud_error(&e, i18n, lang));
            return ExitCode::from(1);
        }
    };
    // What the TUI's meter counted while it watched (kept in the progress file).
    let accrued = start.saved().map_or(0.0, |p| p.accrued_usd);
    if json {
        let (total, unknown) = inventory::total_per_hour(&items);
        let doc = serde_json::json!({
            "resources": items,
            "total_usd_per_hour": total,
            "some_prices_unknown": unknown,
            "accrued_usd": accrued,
            "prices_checked": workshop.prices.checked,
        });
        println!("{}", serde_json::to_string_pretty(&doc).unwrap_or_default());
    } else {
        if items.is_empty() {
            println!("{}", tr!(i18n, lang, "nothing-left"));
        } else {
            print_items(&items, i18n, lang);
            print_total(&items, i18n, lang);
        }
        println!(
            "{}",
            tr!(i18n, lang, "accrued", accrued = format!("{accrued:.2}"))
        );
    }
    ExitCode::SUCCESS
}

pub fn cleanup(
    start: &Start,
    dry_run: bool,
    yes: bool,
    overrides: &[(String, String)],
) -> ExitCode {
    let (workshop, i18n, lang) = (&start.workshop, &start.i18n, start.env_lang);
    let Some(ctx) = context(start, overrides) else {
        return ExitCode::from(1);
    };
    let inventory = |ctx: &Context| {
        ctx.runtime.block_on(crate::runtime::cleanup::inventory(
            ctx.cloud.as_ref(),
            &ctx.scope,
            &workshop.prices,
            &ctx.region,
        ))
    };
    let items = match inventory(&ctx) {
        Ok(items) => items,
        Err(e) => {
            eprintln!("{}", cloud_error(&e, i18n, lang));
            return ExitCode::from(1);
        }
    };
    // Log groups are shown for what they are, but kept.
    let (kept, items): (Vec<Item>, Vec<Item>) = items
        .into_iter()
        .partition(|i| i.kind == inventory::ItemKind::LogGroup);
    if !kept.is_empty() {
        println!("{}", tr!(i18n, lang, "cleanup-kept", count = kept.len()));
        print_items(&kept, i18n, lang);
    }
    if items.is_empty() {
        println!("{}", tr!(i18n, lang, "nothing-left"));
        return ExitCode::SUCCESS;
    }
    println!(
        "{}",
        tr!(i18n, lang, "cleanup-will-delete", count = items.len())
    );
    print_items(&items, i18n, lang);
    print_total(&items, i18n, lang);
    if dry_run {
        return ExitCode::SUCCESS;
    }
    if !yes {
        print!("{} ", tr!(i18n, lang, "cleanup-confirm"));
        let _ = std::io::stdout().flush();
        let mut answer = String::new();
        if std::io::stdin().lock().read_line(&mut answer).is_err() || !is_yes(&answer) {
            println!("{}", tr!(i18n, lang, "reset-cancelled"));
            return ExitCode::from(1);
        }
    }
    for item in &items {
        let kind = item_kind(&item.kind, i18n, lang);
        match ctx
            .runtime
            .block_on(crate::runtime::cleanup::delete(ctx.cloud.as_ref(), item))
        {
            Ok(()) => println!(
                "{}",
                tr!(
                    i18n,
                    lang,
                    "cleanup-deleted",
                    what = kind,
                    name = item.name.clone()
                )
            ),
            Err(e) => println!(
                "{}",
                tr!(
                    i18n,
                    lang,
                    "cleanup-failed",
                    what = kind,
                    name = item.name.clone(),
                    reason = cloud_error(&e, i18n, lang)
                )
            ),
        }
    }
    // Proof, not hope: a fresh inventory after the deletions.
    match inventory(&ctx) {
        Ok(after) => {
            let left: Vec<Item> = after.into_iter().filter(inventory::still_there).collect();
            if left.is_empty() {
                println!("{}", tr!(i18n, lang, "nothing-left"));
                ExitCode::SUCCESS
            } else {
                println!("{}", tr!(i18n, lang, "cleanup-left", count = left.len()));
                print_items(&left, i18n, lang);
                ExitCode::from(1)
            }
        }
        Err(e) => {
            eprintln!("{}", cloud_error(&e, i18n, lang));
            ExitCode::from(1)
        }
    }
}
