//! `labguide class`: the whole class at a glance, for the instructor, from what each
//! learner's labguide published (`app::class`): one listing of the account's SageMaker
//! bucket per look, however many learners there are. `--sim-learners N` fills the
//! simulated account with a class of N at varied paces, to try the board offline.

use std::process::ExitCode;

use crate::app::class::{self, Learner};
use crate::app::class_cleanup::ClassPlan;
use crate::cloud::Cloud;
use crate::i18n::Lang;
use crate::tr;
use crate::ui::cloud_error;

use super::start::{Connected, Start};

pub fn run(start: &Start, json: bool, sim_learners: Option<usize>) -> ExitCode {
    let (i18n, lang) = (&start.i18n, start.env_lang);
    if sim_learners.is_some() && start.global.uses_aws() {
        eprintln!("{}", tr!(i18n, lang, "class-sim-only"));
        return ExitCode::from(2);
    }
    let Some(ClassAccount {
        runtime,
        cloud,
        app,
        bucket,
        ..
    }) = class_account(start)
    else {
        return ExitCode::from(1);
    };
    if let Some(n) = sim_learners
        && let Err(e) = runtime.block_on(rehearse(cloud.as_ref(), &app.workshop, &bucket, n))
    {
        eprintln!("{}", cloud_error(&e, i18n, lang));
        return ExitCode::from(1);
    }
    // On a terminal, the board that looks again by itself; into a pipe, one table.
    use std::io::IsTerminal;
    if !json && std::io::stdout().is_terminal() && std::io::stdin().is_terminal() {
        let result = runtime.block_on(crate::tui::run_board(crate::tui::BoardSession {
            cloud: cloud.clone(),
            bucket: bucket.clone(),
            workshop: app.workshop.clone(),
            i18n,
            lang,
        }));
        crate::tui::restore();
        return match result {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!(
                    "{}",
                    tr!(i18n, lang, "terminal-failed", error = e.to_string())
                );
                ExitCode::from(1)
            }
        };
    }
    let learners =
        match runtime.block_on(crate::runtime::publish::read_class(cloud.as_ref(), &bucket)) {
            Ok(l) => l,
            Err(e) => {
                eprintln!("{}", cloud_error(&e, i18n, lang));
                return ExitCode::from(1);
            }
        };
    let now = cloud.now();
    let pace = class::Pace::of(&app.workshop);
    let board = class::board(learners, now, &pace);
    if json {
        let rows: Vec<serde_json::Value> = board
            .iter()
            .map(|l| {
                serde_json::json!({
                    "initials": l.initials,
                    "step": l.step,
                    "section": section_of(&app.workshop, &l.step),
                    "done": l.done,
                    "total": l.total,
                    "on_step_seconds": (now - l.since).max(0.0).round(),
                    "failing": l.failing,
                    "failing_seconds": l.failing_since.map(|t| (now - t).max(0.0).round()),
                    "stuck": l.stuck(now, &pace),
                    "usd_per_hour": l.usd_hour,
                })
            })
            .collect();
        let doc = serde_json::json!({
            "bucket": bucket,
            "learners": rows,
            "class_usd_per_hour": (class::class_per_hour(&board) * 100.0).round() / 100.0,
        });
        println!("{}", serde_json::to_string_pretty(&doc).unwrap_or_default());
    } else {
        print_board(&board, &app.workshop, now, &pace, i18n, lang);
    }
    ExitCode::SUCCESS
}

/// The account the class shares, connected, and the SageMaker bucket the notes are in.
struct ClassAccount {
    runtime: tokio::runtime::Runtime,
    cloud: std::sync::Arc<dyn Cloud>,
    app: crate::app::App,
    vars: std::collections::BTreeMap<String, String>,
    region: String,
    bucket: String,
}

/// Connects and names the class's bucket; `None` after saying why it cannot.
fn class_account(start: &Start) -> Option<ClassAccount> {
    let (i18n, lang) = (&start.i18n, start.env_lang);
    let Connected {
        runtime,
        cloud,
        app,
        account_error,
    } = start
        .connect(lang, &[])
        .map_err(|e| eprintln!("{e}"))
        .ok()?;
    let vars = app.vars_for_tasks();
    let (Some(region), Some(account)) = (vars.get("region"), vars.get("account")) else {
        let why = account_error.map_or_else(
            || tr!(i18n, lang, "class-no-account"),
            |e| cloud_error(&e, i18n, lang),
        );
        eprintln!("{why}");
        return None;
    };
    let (region, bucket) = (region.clone(), format!("sagemaker-{region}-{account}"));
    Some(ClassAccount {
        runtime,
        cloud,
        app,
        vars,
        region,
        bucket,
    })
}

fn section_of(workshop: &crate::workshop::Workshop, step: &str) -> Option<String> {
    let i = workshop.step_index(step)?;
    let section = workshop.steps.get(i)?.section;
    workshop.sections.get(section).map(|s| s.id.clone())
}

fn print_board(
    board: &[Learner],
    workshop: &crate::workshop::Workshop,
    now: f64,
    pace: &class::Pace,
    i18n: &crate::i18n::I18n,
    lang: Lang,
) {
    use crate::ui::board;
    if board.is_empty() {
        println!("{}", tr!(i18n, lang, "class-empty"));
        return;
    }
    let mut rows = vec![board::heading(i18n, lang)];
    rows.extend(
        board
            .iter()
            .map(|l| board::row(l, workshop, now, pace, i18n, lang).0),
    );
    for line in board::columns(&rows) {
        println!("{line}");
    }
    println!("{}", board::summary(board, now, pace, i18n, lang));
}

/// A class of `n` at varied paces in the simulated account: most along the way, some
/// ahead, a few stuck on a failing check or long on one step. The same class every time.
async fn rehearse(
    cloud: &dyn Cloud,
    workshop: &crate::workshop::Workshop,
    bucket: &str,
    n: usize,
) -> crate::cloud::CloudResult<()> {
    crate::runtime::timed(cloud, cloud.ensure_bucket(bucket)).await?;
    let now = cloud.now();
    let steps = &workshop.steps;
    let mut seed: u64 = 0x1abc_6d1e;
    let mut next = move |below: u64| {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (seed >> 33) % below.max(1)
    };
    for i in 0..n {
        let at = next(steps.len() as u64) as usize;
        let step = &steps[at];
        // One in five has a check failing, one in eight has been long on the step.
        let failing = (next(5) == 0)
            .then(|| step.checks.first().map(|c| c.kind().to_string()))
            .flatten();
        let minutes_on_step = if next(8) == 0 {
            45 + next(60)
        } else {
            next(20)
        };
        let since = now - (minutes_on_step * 60) as f64;
        let learner = Learner {
            initials: format!("learner-{:02}", i + 1),
            step: step.id.clone(),
            done: at,
            total: steps.len(),
            failing_since: failing
                .as_ref()
                .map(|_| (since + (next(10) * 60) as f64).min(now)),
            failing,
            usd_hour: Some([0.05, 0.23, 0.345, 2.03, 14.41][next(5) as usize]),
            since,
            at: Some(since.max(now - (next(30) * 60) as f64)),
        };
        crate::runtime::publish::write(cloud, bucket, &learner).await?;
    }
    Ok(())
}

/// Exit codes of `labguide class cleanup` (also in `--help`).
const EXIT_LEFT: u8 = 1;
const EXIT_INTERRUPTED: u8 = 130;

/// `labguide class cleanup`: every learner's part of the workshop and then what the class
/// shares, with one plan and one question, each part proven gone. Refused while a
/// learner's labguide still notes changes, unless `force`.
pub fn cleanup(start: &Start, dry_run: bool, yes: bool, force: bool) -> ExitCode {
    use crate::runtime::class_cleanup::{ClassProgress, carry_out_class, class_in, judge_class};
    let (workshop, i18n, lang) = (&start.workshop, &start.i18n, start.env_lang);
    let Some(ClassAccount {
        runtime,
        cloud,
        vars: base,
        region,
        bucket,
        ..
    }) = class_account(start)
    else {
        return ExitCode::from(EXIT_LEFT);
    };
    let region = region.as_str();
    let class = match runtime.block_on(class_in(cloud.as_ref(), &workshop.cleanup.class, &bucket)) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("{}", cloud_error(&e, i18n, lang));
            return ExitCode::from(EXIT_LEFT);
        }
    };
    let now = cloud.now();
    let mut active: Vec<&Learner> = class.notes.iter().filter(|n| n.active(now)).collect();
    active.sort_by(|a, b| b.last_change().total_cmp(&a.last_change()));
    if !active.is_empty() {
        let who = active
            .iter()
            .map(|n| {
                tr!(
                    i18n,
                    lang,
                    "class-cleanup-active-one",
                    initials = n.initials.clone(),
                    minutes = ((now - n.last_change()).max(0.0) / 60.0).floor()
                )
            })
            .collect::<Vec<_>>()
            .join(", ");
        let text = tr!(
            i18n,
            lang,
            "class-cleanup-active",
            count = active.len(),
            minutes = (class::ACTIVE_SECONDS / 60.0).round(),
            who = who
        );
        if !force && !dry_run {
            eprintln!("{text}");
            return ExitCode::from(EXIT_LEFT);
        }
        println!("{text}");
    }
    // Each learner's names; initials their own question would refuse are left out, said.
    let mut vars = vec![];
    for initials in &class.initials {
        if let Err(why) = start.check_overrides(&[("initial".into(), initials.clone())]) {
            println!(
                "{}",
                tr!(
                    i18n,
                    lang,
                    "class-cleanup-skipped",
                    initials = initials.clone(),
                    why = why
                )
            );
            continue;
        }
        let mut v = base.clone();
        v.insert("initial".into(), initials.clone());
        vars.push((initials.clone(), v));
    }
    // With nobody left, what the class shared may still be there (a run that stopped
    // half-way): judged with no learner's names at all, only the shared ones.
    let nobody = vars.is_empty();
    if nobody {
        let mut v = base.clone();
        v.insert("initial".into(), String::new());
        vars.push((String::new(), v));
    }
    let (judged, mut plan) =
        match runtime.block_on(judge_class(cloud.as_ref(), workshop, &vars, region)) {
            Ok(found) => found,
            Err(e) => {
                eprintln!("{}", cloud_error(&e, i18n, lang));
                return ExitCode::from(EXIT_LEFT);
            }
        };
    if nobody {
        plan.learners.clear();
    }
    print_plan(&plan, i18n, lang);
    if plan.to_delete() == 0 {
        println!(
            "{}",
            tr!(
                i18n,
                lang,
                "class-cleanup-nothing",
                learners = plan.learners.len()
            )
        );
        return if plan.unchecked.is_empty() {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(EXIT_LEFT)
        };
    }
    if dry_run {
        return ExitCode::SUCCESS;
    }
    if !yes {
        use std::io::{BufRead, Write};
        print!("{} ", tr!(i18n, lang, "class-cleanup-confirm"));
        let _ = std::io::stdout().flush();
        let mut answer = String::new();
        if std::io::stdin().lock().read_line(&mut answer).is_err() || !super::start::is_yes(&answer)
        {
            println!("{}", tr!(i18n, lang, "reset-cancelled"));
            return ExitCode::from(EXIT_LEFT);
        }
    }
    let mut show = |p: ClassProgress| match p {
        ClassProgress::Part(Some(initials)) => println!(
            "{}",
            tr!(
                i18n,
                lang,
                "class-cleanup-part",
                initials = initials.to_string()
            )
        ),
        ClassProgress::Part(None) => println!("{}", tr!(i18n, lang, "class-cleanup-part-shared")),
        ClassProgress::Item(p) => println!("  {}", super::inventory::progress_line(&p, i18n, lang)),
        ClassProgress::Done(result) => print_result(result, i18n, lang),
    };
    let outcome = runtime.block_on(async {
        tokio::select! {
            r = carry_out_class(cloud.as_ref(), workshop, &judged, &plan, region, &mut show) => Some(r),
            _ = tokio::signal::ctrl_c() => None,
        }
    });
    let results = match outcome {
        None => {
            println!("{}", tr!(i18n, lang, "class-cleanup-interrupted"));
            return ExitCode::from(EXIT_INTERRUPTED);
        }
        Some(Err(e)) => {
            eprintln!("{}", cloud_error(&e, i18n, lang));
            return ExitCode::from(EXIT_LEFT);
        }
        Some(Ok(results)) => results,
    };
    let left: usize = results.iter().map(|r| r.left.len()).sum();
    if left == 0 && plan.unchecked.is_empty() {
        println!(
            "{}",
            tr!(
                i18n,
                lang,
                "class-cleanup-all-gone",
                learners = plan.learners.len(),
                deleted = results.iter().map(|r| r.deleted).sum::<usize>()
            )
        );
        ExitCode::SUCCESS
    } else {
        println!(
            "{}",
            tr!(i18n, lang, "class-cleanup-some-left", count = left)
        );
        ExitCode::from(EXIT_LEFT)
    }
}

/// The one plan: each learner's part, what the class shares, what stays.
fn print_plan(plan: &ClassPlan, i18n: &crate::i18n::I18n, lang: Lang) {
    use super::inventory::print_total;
    let print_items = |items: &[crate::app::inventory::Item], i18n, lang| {
        print!("{}", crate::ui::plain::class_items_table(items, i18n, lang));
    };
    for part in plan.learners.iter().filter(|p| !p.items.is_empty()) {
        println!(
            "{}",
            tr!(
                i18n,
                lang,
                "class-cleanup-learner",
                initials = part.initials.clone(),
                count = part.items.len()
            )
        );
        print_items(&part.items, i18n, lang);
        print_total(&part.items, i18n, lang);
    }
    // What the class shares (with its cost and the buckets' rule), what stays, what
    // could not be looked at.
    for (items, heading, shared) in [
        (
            &plan.shared,
            tr!(
                i18n,
                lang,
                "class-cleanup-shared",
                count = plan.shared.len()
            ),
            true,
        ),
        (
            &plan.foreign,
            tr!(
                i18n,
                lang,
                "class-cleanup-foreign",
                count = plan.foreign.len()
            ),
            false,
        ),
        (
            &plan.unchecked,
            tr!(
                i18n,
                lang,
                "class-cleanup-unchecked",
                count = plan.unchecked.len()
            ),
            false,
        ),
    ] {
        if items.is_empty() {
            continue;
        }
        println!("{heading}");
        print_items(items, i18n, lang);
        if shared {
            print_total(items, i18n, lang);
            println!("{}", tr!(i18n, lang, "class-cleanup-buckets"));
        }
    }
}

/// A part's figure once it is proven: how much went, what it cost an hour, what is left.
fn print_result(
    result: &crate::runtime::class_cleanup::PartResult,
    i18n: &crate::i18n::I18n,
    lang: Lang,
) {
    let (usd, unknown) = result.per_hour;
    let args_usd = crate::workshop::cents(usd);
    let line = match (result.initials.is_empty(), result.left.is_empty()) {
        (false, true) if result.deleted == 0 && result.failed.is_empty() => tr!(
            i18n,
            lang,
            "class-cleanup-learner-none",
            initials = result.initials.clone()
        ),
        (false, true) => tr!(
            i18n,
            lang,
            "class-cleanup-learner-done",
            initials = result.initials.clone(),
            deleted = result.deleted,
            usd = args_usd,
            unknown = if unknown { "yes" } else { "no" }
        ),
        (true, true) => tr!(
            i18n,
            lang,
            "class-cleanup-shared-done",
            deleted = result.deleted
        ),
        (false, false) => tr!(
            i18n,
            lang,
            "class-cleanup-learner-left",
            initials = result.initials.clone(),
            count = result.left.len()
        ),
        (true, false) => tr!(
            i18n,
            lang,
            "class-cleanup-shared-left",
            count = result.left.len()
        ),
    };
    println!("{line}");
    if !result.left.is_empty() {
        print!(
            "{}",
            crate::ui::plain::class_items_table(&result.left, i18n, lang)
        );
    }
}
