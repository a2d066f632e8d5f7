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
        && let Err(e) = play_on_sim(&mut app, elapsed)
    {
        eprintln!("{}", crate::ui::cloud_error(&e, &start.i18n, lang));
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
pub fn play_on_sim(app: &mut App, elapsed: f64) -> Result<(), crate::cloud::CloudError> {
    use crate::cloud::Cloud;
    use crate::cloud::sim::{ManualClock, Sim};
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .map_err(|e| crate::cloud::CloudError::Other(e.to_string()))?;
    let clock = Arc::new(ManualClock::new(RENDER_EPOCH));
    let region = app
        .vars_for_tasks()
        .get("region")
        .cloned()
        .unwrap_or_else(|| crate::cloud::DEFAULT_REGION.into());
    let sim = Sim::new(1.0, &region, clock.clone(), None).with_plans(app.workshop.sim.clone());
    let step = app.workshop.steps[app.current].clone();
    let vars = app.vars_for_tasks();
    runtime.block_on(async {
        for task in &step.actions {
            if let crate::workshop::Action::SimulateNotebook(t) = task {
                let notebook_step = crate::workshop::substitute(&t.notebook_step, &vars);
                sim.simulate_notebook(&notebook_step).await?;
            }
        }
        clock.advance(elapsed);
        for target in app.watch_targets() {
            for update in crate::runtime::watcher::snapshot(&sim, &target).await? {
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
