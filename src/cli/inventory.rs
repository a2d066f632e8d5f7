//! `labguide status` and `labguide cleanup`: the workshop's resources without the TUI.

use std::io::{BufRead, Write};
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

use super::Start;
use super::start::is_yes;
use crate::app::cleanup_plan::{self, Mismatch, Plan};
use crate::app::inventory::{self, Item};
use crate::app::provenance::{Learner, Why};
use crate::cloud::{Cloud, CloudResult};
use crate::i18n::{I18n, Lang};
use crate::runtime::cleanup::Progress;
use crate::tr;
use crate::ui::cloud_error;
use crate::ui::costs::item_kind;
use crate::ui::plain::{items_table, total_line};
use crate::workshop::CleanupSpec;

/// Everything the inventory needs: the cloud, the resolved scope, the learner, the region.
struct Context {
    cloud: Arc<dyn Cloud>,
    scope: CleanupSpec,
    learner: Learner,
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
        ..
    } = start
        .connect(Lang::En, overrides)
        .map_err(|e| eprintln!("{e}"))
        .ok()?;
    let vars = app.vars_for_tasks();
    let region = vars.get("region").cloned().unwrap_or_default();
    let found = runtime.block_on(crate::runtime::cleanup::learner_for(
        cloud.as_ref(),
        &start.workshop,
        &vars,
        Some(&start.state_dir),
    ));
    let (scope, learner) = match found {
        Ok(found) => found,
        Err(e) => {
            eprintln!("{}", cloud_error(&e, &start.i18n, start.env_lang));
            return None;
        }
    };
    Some(Context {
        scope,
        learner,
        cloud,
        region,
        runtime,
    })
}

impl Context {
    fn inventory(&self, workshop: &crate::workshop::Workshop) -> CloudResult<Vec<Item>> {
        self.runtime.block_on(crate::runtime::cleanup::inventory(
            self.cloud.as_ref(),
            &self.scope,
            &self.learner,
            &workshop.prices,
            &self.region,
        ))
    }
}

pub(super) fn print_items(items: &[Item], i18n: &I18n, lang: Lang) {
    print!("{}", items_table(items, i18n, lang));
}

pub(super) fn print_total(items: &[Item], i18n: &I18n, lang: Lang) {
    println!("{}", total_line(items, i18n, lang));
}

pub fn status(start: &Start, json: bool, overrides: &[(String, String)]) -> ExitCode {
    let (workshop, i18n, lang) = (&start.workshop, &start.i18n, start.env_lang);
    let Some(ctx) = context(start, overrides) else {
        return ExitCode::from(1);
    };
    let items = match ctx.inventory(workshop) {
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
            tr!(
                i18n,
                lang,
                "accrued",
                accrued = crate::workshop::cents(accrued)
            )
        );
    }
    ExitCode::SUCCESS
}

/// Exit codes of `labguide cleanup` (also in `--help` and the README).
const EXIT_LEFT: u8 = 1;
const EXIT_SHARED_KEPT: u8 = 3;
const EXIT_INTERRUPTED: u8 = 130;

pub fn cleanup(
    start: &Start,
    dry_run: bool,
    plan_file: Option<&Path>,
    yes: bool,
    overrides: &[(String, String)],
) -> ExitCode {
    let (workshop, i18n, lang) = (&start.workshop, &start.i18n, start.env_lang);
    let Some(ctx) = context(start, overrides) else {
        return ExitCode::from(EXIT_LEFT);
    };
    let account = ctx.runtime.block_on(ctx.cloud.account()).ok().flatten();
    // A plan to carry out is read before anything is looked at or deleted.
    let planned = match (dry_run, plan_file) {
        (false, Some(path)) => match read_plan(path) {
            Ok(plan) => Some(plan),
            Err(reason) => {
                eprintln!(
                    "{}",
                    tr!(
                        i18n,
                        lang,
                        "plan-unreadable",
                        file = path.display().to_string(),
                        reason = reason
                    )
                );
                return ExitCode::from(EXIT_LEFT);
            }
        },
        _ => None,
    };
    let items = match ctx.inventory(workshop) {
        Ok(items) => items,
        Err(e) => {
            eprintln!("{}", cloud_error(&e, i18n, lang));
            return ExitCode::from(EXIT_LEFT);
        }
    };
    print_sorted(&items, i18n, lang);
    if dry_run {
        if let Some(path) = plan_file {
            let plan = Plan {
                labguide_cleanup_plan: cleanup_plan::PLAN_VERSION,
                account: account.clone(),
                region: ctx.region.clone(),
                learner: ctx.learner.initials.clone(),
                items: items.clone(),
            };
            let written = serde_json::to_vec_pretty(&plan)
                .map_err(std::io::Error::other)
                .and_then(|bytes| crate::store::write_atomic(path, &bytes));
            match written {
                Ok(()) => println!(
                    "{}",
                    tr!(
                        i18n,
                        lang,
                        "plan-written",
                        file = path.display().to_string()
                    )
                ),
                Err(e) => {
                    eprintln!(
                        "{}",
                        tr!(
                            i18n,
                            lang,
                            "plan-not-written",
                            file = path.display().to_string(),
                            reason = e.to_string()
                        )
                    );
                    return ExitCode::from(EXIT_LEFT);
                }
            }
        }
        return ExitCode::SUCCESS;
    }
    let to_delete: Vec<Item> = match &planned {
        Some(plan) => match cleanup_plan::still_holds(
            plan,
            account.as_deref(),
            &ctx.region,
            &ctx.learner.initials,
            &items,
        ) {
            Ok(now) => now,
            Err(m) => {
                eprintln!("{}", mismatch_text(&m, i18n, lang));
                return ExitCode::from(EXIT_LEFT);
            }
        },
        None => items.iter().filter(|i| i.why.deletes()).cloned().collect(),
    };
    if to_delete.is_empty() {
        return verdict(&ctx, workshop, i18n, lang);
    }
    if !yes {
        print!("{} ", tr!(i18n, lang, "cleanup-confirm"));
        let _ = std::io::stdout().flush();
        let mut answer = String::new();
        if std::io::stdin().lock().read_line(&mut answer).is_err() || !is_yes(&answer) {
            println!("{}", tr!(i18n, lang, "reset-cancelled"));
            return ExitCode::from(EXIT_LEFT);
        }
    }
    let mut gone: Vec<String> = vec![];
    let mut show = |p: Progress| {
        println!("{}", progress_line(&p, i18n, lang));
        if let Progress::Deleted(item) = p {
            gone.push(item.name);
        }
    };
    let interrupted = ctx.runtime.block_on(async {
        tokio::select! {
            _ = crate::runtime::cleanup::carry_out(ctx.cloud.as_ref(), &to_delete, &mut show) => false,
            _ = tokio::signal::ctrl_c() => true,
        }
    });
    if interrupted {
        let left: Vec<Item> = to_delete
            .into_iter()
            .filter(|i| !gone.contains(&i.name))
            .collect();
        println!(
            "{}",
            tr!(i18n, lang, "cleanup-interrupted", count = left.len())
        );
        print_items(&left, i18n, lang);
        return ExitCode::from(EXIT_INTERRUPTED);
    }
    verdict(&ctx, workshop, i18n, lang)
}

/// One line of what a cleanup is doing, as it goes.
pub(super) fn progress_line(p: &Progress, i18n: &I18n, lang: Lang) -> String {
    match p {
        Progress::Deleted(item) => match &item.kind {
            inventory::ItemKind::Notebook { stack: Some(stack) } => tr!(
                i18n,
                lang,
                "cleanup-goes-with-stack",
                name = item.name.clone(),
                stack = stack.clone()
            ),
            _ => tr!(
                i18n,
                lang,
                "cleanup-deleted",
                what = item_kind(&item.kind, i18n, lang),
                name = item.name.clone()
            ),
        },
        Progress::Failed(item, e) => tr!(
            i18n,
            lang,
            "cleanup-failed",
            what = item_kind(&item.kind, i18n, lang),
            name = item.name.clone(),
            reason = cloud_error(e, i18n, lang)
        ),
        Progress::Waiting {
            item,
            until,
            seconds,
        } => tr!(
            i18n,
            lang,
            "cleanup-waiting",
            name = item.name.clone(),
            until = *until,
            seconds = *seconds
        ),
    }
}

/// The proof: a fresh inventory by the same rules, after a bounded wait for what is on
/// its way out; the exit code says what it found.
fn verdict(
    ctx: &Context,
    workshop: &crate::workshop::Workshop,
    i18n: &I18n,
    lang: Lang,
) -> ExitCode {
    let after = match ctx.runtime.block_on(crate::runtime::cleanup::proof(
        ctx.cloud.as_ref(),
        &ctx.scope,
        &ctx.learner,
        &workshop.prices,
        &ctx.region,
    )) {
        Ok(left) => left,
        Err(e) => {
            eprintln!("{}", cloud_error(&e, i18n, lang));
            return ExitCode::from(EXIT_LEFT);
        }
    };
    if !after.is_empty() {
        println!("{}", tr!(i18n, lang, "cleanup-left", count = after.len()));
        print_items(&after, i18n, lang);
        return ExitCode::from(EXIT_LEFT);
    }
    let kept = match ctx.inventory(workshop) {
        Ok(items) => items
            .into_iter()
            .filter(|i| matches!(i.why, Why::Shared(n) if n > 0))
            .count(),
        Err(_) => 0,
    };
    if kept > 0 {
        println!(
            "{}",
            tr!(
                i18n,
                lang,
                "nothing-of-yours-left-shared-kept",
                count = kept,
                classmates = ctx.learner.classmates
            )
        );
        ExitCode::from(EXIT_SHARED_KEPT)
    } else {
        println!("{}", tr!(i18n, lang, "nothing-left"));
        ExitCode::SUCCESS
    }
}

/// The dry run's list in three parts: what goes, what is kept, what is left alone.
fn print_sorted(items: &[Item], i18n: &I18n, lang: Lang) {
    let part = |f: &dyn Fn(&Item) -> bool| -> Vec<Item> {
        items.iter().filter(|i| f(i)).cloned().collect()
    };
    let going = part(&|i| i.why.deletes() || i.kind == inventory::ItemKind::Unchecked);
    let shared = part(&|i| matches!(i.why, Why::Shared(n) if n > 0));
    let foreign = part(&|i| i.why == Why::NotYours);
    let logs = part(&|i| i.kind == inventory::ItemKind::LogGroup);
    if !logs.is_empty() {
        println!("{}", tr!(i18n, lang, "cleanup-kept", count = logs.len()));
        print_items(&logs, i18n, lang);
    }
    if !foreign.is_empty() {
        println!(
            "{}",
            tr!(i18n, lang, "cleanup-not-yours", count = foreign.len())
        );
        print_items(&foreign, i18n, lang);
    }
    if !shared.is_empty() {
        println!(
            "{}",
            tr!(i18n, lang, "cleanup-shared-kept", count = shared.len())
        );
        print_items(&shared, i18n, lang);
    }
    if !going.is_empty() {
        println!(
            "{}",
            tr!(i18n, lang, "cleanup-will-delete", count = going.len())
        );
        print_items(&going, i18n, lang);
        print_total(&going, i18n, lang);
    }
}

fn read_plan(path: &Path) -> Result<Plan, String> {
    let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
    serde_json::from_slice(&bytes).map_err(|e| e.to_string())
}

fn mismatch_text(m: &Mismatch, i18n: &I18n, lang: Lang) -> String {
    match m {
        Mismatch::Version(v) => tr!(i18n, lang, "plan-version", version = *v),
        Mismatch::Target(what, planned, now) => tr!(
            i18n,
            lang,
            "plan-other-target",
            what = *what,
            planned = planned.clone(),
            now = now.clone()
        ),
        Mismatch::NoLongerYours(name) => {
            tr!(i18n, lang, "plan-no-longer-yours", name = name.clone())
        }
        Mismatch::New(name) => tr!(i18n, lang, "plan-new", name = name.clone()),
    }
}
