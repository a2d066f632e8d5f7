//! `labguide status` and `labguide cleanup`: the workshop's resources without the TUI.

use std::io::{BufRead, Write};
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

use crate::app::App;
use crate::cleanup::{self, Item};
use crate::cli::Global;
use crate::cloud::Cloud;
use crate::commands::cloud_for;
use crate::i18n::{I18n, Lang};
use crate::progress;
use crate::tr;
use crate::ui::costs::{item_kind, per_hour_text};
use crate::workshop::Workshop;

/// Everything the inventory needs: the cloud, the resolved scope, the region.
struct Context {
    cloud: Arc<dyn Cloud>,
    scope: cleanup::CleanupSpec,
    region: String,
    runtime: tokio::runtime::Runtime,
}

fn context(
    global: &Global,
    workshop: &Arc<Workshop>,
    state_dir: &Path,
    overrides: &[(String, String)],
) -> Option<Context> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .ok()?;
    let cloud = runtime.block_on(cloud_for(global, workshop, state_dir));
    let saved = progress::peek(state_dir, &workshop.id);
    let identity = runtime.block_on(crate::commands::identity(cloud.as_ref()));
    let mut app = App::new(workshop.clone(), Lang::En, identity, saved.as_ref());
    app.learner_vars.extend(overrides.iter().cloned());
    let vars = app.vars_for_tasks();
    let region = vars.get("region").cloned().unwrap_or_default();
    Some(Context {
        scope: cleanup::resolve(&workshop.cleanup, &vars),
        cloud,
        region,
        runtime,
    })
}

fn print_items(items: &[Item], i18n: &I18n, lang: Lang) {
    let kinds: Vec<String> = items
        .iter()
        .map(|i| item_kind(&i.kind, i18n, lang))
        .collect();
    let kind_w = kinds
        .iter()
        .map(|k| crate::markdown::display_width(k))
        .max()
        .unwrap_or(4);
    let name_w = items.iter().map(|i| i.name.len()).max().unwrap_or(4);
    for (item, kind) in items.iter().zip(&kinds) {
        let pad = kind_w.saturating_sub(crate::markdown::display_width(kind));
        println!(
            "{kind}{}  {:<name_w$}  {:<18}  {}",
            " ".repeat(pad),
            item.name,
            item.state,
            per_hour_text(item.per_hour, i18n, lang)
        );
    }
}

fn print_total(items: &[Item], i18n: &I18n, lang: Lang) {
    let (total, unknown) = cleanup::total_per_hour(items);
    let line = if unknown {
        tr!(
            i18n,
            lang,
            "total-per-hour-unknown",
            total = format!("{total:.3}")
        )
    } else {
        tr!(i18n, lang, "total-per-hour", total = format!("{total:.3}"))
    };
    println!("{line}");
}

pub fn status(
    global: &Global,
    workshop: &Arc<Workshop>,
    state_dir: &Path,
    i18n: &I18n,
    lang: Lang,
    json: bool,
    overrides: &[(String, String)],
) -> ExitCode {
    let Some(ctx) = context(global, workshop, state_dir, overrides) else {
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
            eprintln!("{}", crate::app::cloud_error(&e, i18n, lang));
            return ExitCode::from(1);
        }
    };
    // What the TUI's meter counted while it watched (kept in the progress file).
    let accrued = progress::peek(state_dir, &workshop.id).map_or(0.0, |p| p.accrued_usd);
    if json {
        let (total, unknown) = cleanup::total_per_hour(&items);
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

#[allow(clippy::too_many_arguments)]
pub fn cleanup(
    global: &Global,
    workshop: &Arc<Workshop>,
    state_dir: &Path,
    i18n: &I18n,
    lang: Lang,
    dry_run: bool,
    yes: bool,
    overrides: &[(String, String)],
) -> ExitCode {
    let Some(ctx) = context(global, workshop, state_dir, overrides) else {
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
            eprintln!("{}", crate::app::cloud_error(&e, i18n, lang));
            return ExitCode::from(1);
        }
    };
    // Log groups are shown for what they are, but kept.
    let (kept, items): (Vec<Item>, Vec<Item>) = items
        .into_iter()
        .partition(|i| i.kind == cleanup::ItemKind::LogGroup);
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
        if std::io::stdin().lock().read_line(&mut answer).is_err()
            || !matches!(answer.trim(), "y" | "Y" | "yes" | "예" | "네")
        {
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
                    reason = crate::app::cloud_error(&e, i18n, lang)
                )
            ),
        }
    }
    // Proof, not hope: a fresh inventory after the deletions.
    match inventory(&ctx) {
        Ok(after) => {
            let left: Vec<Item> = after.into_iter().filter(cleanup::still_there).collect();
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
            eprintln!("{}", crate::app::cloud_error(&e, i18n, lang));
            ExitCode::from(1)
        }
    }
}
