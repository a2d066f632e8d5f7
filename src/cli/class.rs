//! `labguide class`: the whole class at a glance, for the instructor, from what each
//! learner's labguide published (`app::class`): one listing of the account's SageMaker
//! bucket per look, however many learners there are. `--sim-learners N` fills the
//! simulated account with a class of N at varied paces, to try the board offline.

use std::process::ExitCode;

use crate::app::class::{self, Learner};
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
    let Connected {
        runtime,
        cloud,
        app,
        account_error,
    } = match start.connect(lang, &[]) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(1);
        }
    };
    let vars = app.vars_for_tasks();
    let (Some(region), Some(account)) = (vars.get("region"), vars.get("account")) else {
        let why = account_error.map_or_else(
            || tr!(i18n, lang, "class-no-account"),
            |e| cloud_error(&e, i18n, lang),
        );
        eprintln!("{why}");
        return ExitCode::from(1);
    };
    let bucket = format!("sagemaker-{region}-{account}");
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
    let board = class::board(learners, now);
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
                    "stuck": l.stuck(now),
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
        print_board(&board, &app.workshop, now, i18n, lang);
    }
    ExitCode::SUCCESS
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
            .map(|l| board::row(l, workshop, now, i18n, lang).0),
    );
    for line in board::columns(&rows) {
        println!("{line}");
    }
    println!("{}", board::summary(board, now, i18n, lang));
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
        };
        crate::runtime::publish::write(cloud, bucket, &learner).await?;
    }
    Ok(())
}
