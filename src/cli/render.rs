//! `labguide render`: one frame of the interface as plain text, exactly as the TUI draws
//! it, optionally a while into a step's notebook on a fresh simulated AWS.

use std::process::ExitCode;
use std::sync::Arc;

use super::Start;
use crate::app::App;
use crate::ui::{ColorDepth, Ctx};

pub struct Opts<'a> {
    pub step: Option<&'a str>,
    pub width: u16,
    pub height: u16,
    pub sim_elapsed: Option<f64>,
    pub live: bool,
}

/// The learner a rehearsal's names are for when none was given.
const REHEARSAL_INITIALS: &str = "demo";

/// The moment `render --sim-elapsed` starts its sim at, so names and charts come out the
/// same on every run (2026-11-26 09:00 UTC).
const RENDER_EPOCH: f64 = 1_795_683_600.0;

pub fn run(start: &Start, opts: &Opts) -> ExitCode {
    let Opts {
        step,
        width,
        height,
        sim_elapsed,
        live,
    } = *opts;
    let saved = start.saved();
    let lang = start.lang(saved.as_ref());
    let Ok(backend) = start.identity_without_calls() else {
        return ExitCode::from(1);
    };
    let mut app = start.app(lang, backend, saved.as_ref());
    if let Some(id) = step {
        match start.step_index(id, lang) {
            Ok(i) => {
                app.current = i;
                app.list_cursor = i;
            }
            Err(code) => return code,
        }
    }
    app.size = ratatui::layout::Rect::new(0, 0, width, height);
    if let Some(elapsed) = sim_elapsed
        && let Err(report) = play_on_sim(&mut app, elapsed)
    {
        eprintln!("{}", report.message(&start.i18n, lang));
        return ExitCode::from(1);
    }
    if live {
        crate::app::update(&mut app, crate::app::Intent::ToggleLive);
    }
    // Plain text: no colour, addresses visible.
    let ctx = Ctx::new(&start.i18n, ColorDepth::None, false);
    print!("{}", crate::ui::render_text(&app, &ctx));
    ExitCode::SUCCESS
}

/// Plays the current step's notebook on a fresh sim, lets `elapsed` virtual seconds pass,
/// and gives the app what its watchers would have reported by then.
pub fn play_on_sim(app: &mut App, elapsed: f64) -> Result<(), crate::app::Report> {
    use crate::app::Report;
    use crate::cloud::Cloud;
    use crate::cloud::sim::{ManualClock, SIM_ACCOUNT, Sim};
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .map_err(|e| Report::Cloud(crate::cloud::CloudError::Other(e.to_string())))?;
    // A rehearsal of a launch needs a learner and a role; a fresh sim has neither.
    app.learner_vars
        .entry("initial".into())
        .or_insert_with(|| REHEARSAL_INITIALS.into());
    app.backend
        .account
        .get_or_insert_with(|| SIM_ACCOUNT.into());
    let clock = Arc::new(ManualClock::new(RENDER_EPOCH));
    let region = app
        .vars_for_tasks()
        .get("region")
        .cloned()
        .unwrap_or_else(|| crate::cloud::DEFAULT_REGION.into());
    let sim = Sim::new(1.0, &region, clock.clone(), None).with_plans(app.workshop.sim.clone());
    let step = app.workshop.steps[app.current].clone();
    let mut vars = app.vars_for_tasks();
    vars.entry("role_arn".into())
        .or_insert_with(|| format!("arn:aws:iam::{SIM_ACCOUNT}:role/labguide-rehearsal"));
    let workshop = app.workshop.clone();
    runtime.block_on(async {
        for task in &step.actions {
            match task {
                crate::workshop::Action::SimulateNotebook(t) => {
                    let notebook_step = crate::workshop::substitute(&t.notebook_step, &vars);
                    sim.simulate_notebook(&notebook_step)
                        .await
                        .map_err(Report::Cloud)?;
                }
                crate::workshop::Action::LaunchJob(t) => {
                    let t = crate::workshop::task::Params::substituted(t, &vars);
                    crate::runtime::launch::start(
                        &sim,
                        &workshop,
                        &step.id,
                        &t,
                        &vars,
                        sim.now(),
                        &|_, _, _| {},
                    )
                    .await?;
                    // What a processing job makes, the jobs after it read: it finishes first.
                    let job = workshop.jobs.jobs.get(&t.job);
                    if let Some(job) =
                        job.filter(|j| j.kind == crate::workshop::labs::JobKind::Processing)
                    {
                        clock.advance(job.sim.as_ref().map_or(300.0, |p| p.seconds) + 1.0);
                    }
                }
                _ => {}
            }
        }
        clock.advance(elapsed);
        for target in app.watch_targets() {
            let updates = crate::runtime::watcher::snapshot(&sim, &target)
                .await
                .map_err(Report::Cloud)?;
            for update in updates {
                crate::app::update(
                    app,
                    crate::app::Outcome::Live {
                        target: target.clone(),
                        update,
                        at: sim.now(),
                    },
                );
            }
        }
        Ok(())
    })
}
