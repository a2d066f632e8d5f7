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
    pub vars: &'a [(String, String)],
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
        vars,
    } = *opts;
    let saved = start.saved();
    let lang = start.lang(saved.as_ref());
    let Ok(backend) = start.identity_without_calls() else {
        return ExitCode::from(1);
    };
    if let Err(message) = start.check_overrides(vars) {
        eprintln!("{message}");
        return ExitCode::from(2);
    }
    let mut app = start.app(lang, backend, saved.as_ref());
    app.learner_vars.extend(vars.iter().cloned());
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
        // The view as it stands once open: its charts come with the first tick.
        crate::app::update(&mut app, crate::app::Intent::Tick);
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
    // A step that only works on what earlier steps of its lab made (a canary on the
    // endpoint they deployed) is drawn after them: their launches and deployments first.
    let prior: Vec<crate::workshop::Action> = if step.actions.iter().any(starts_something) {
        vec![]
    } else {
        let section = &app.workshop.sections[step.section];
        app.workshop.steps[section.steps.start..app.current]
            .iter()
            .flat_map(|s| s.actions.iter().cloned())
            .collect()
    };
    runtime.block_on(async {
        for task in &prior {
            play(&sim, &clock, &workshop, &step.id, task, &vars, true).await?;
        }
        for task in &step.actions {
            play(&sim, &clock, &workshop, &step.id, task, &vars, false).await?;
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

/// Whether an action starts what a live view follows (a job, a notebook's work).
fn starts_something(task: &crate::workshop::Action) -> bool {
    matches!(
        task,
        crate::workshop::Action::LaunchJob(_) | crate::workshop::Action::SimulateNotebook(_)
    )
}

/// Plays one action on the render's sim. A processing job, and every job of an earlier
/// step (`to_end`), is let finish before the next action: what it makes, the next reads.
async fn play(
    sim: &crate::cloud::sim::Sim,
    clock: &crate::cloud::sim::ManualClock,
    workshop: &crate::workshop::Workshop,
    step_id: &str,
    task: &crate::workshop::Action,
    vars: &std::collections::BTreeMap<String, String>,
    to_end: bool,
) -> Result<(), crate::app::Report> {
    use crate::app::Report;
    use crate::cloud::Cloud;
    use crate::workshop::Action;
    match task {
        Action::SimulateNotebook(t) => {
            let notebook_step = crate::workshop::substitute(&t.notebook_step, vars);
            sim.simulate_notebook(&notebook_step)
                .await
                .map_err(Report::Cloud)?;
        }
        Action::LaunchJob(t) => {
            let t = crate::workshop::task::Params::substituted(t, vars);
            // The moment drawn comes after the earlier steps: what they leave for this
            // job to read is there.
            let job = workshop.jobs.resolve(&t.job, t.fallback, vars);
            for uri in job
                .iter()
                .flat_map(|j| j.channels.values().chain(j.inputs.values()))
            {
                let uri = crate::workshop::substitute(uri, vars);
                if let Some((bucket, prefix)) = crate::cloud::split_s3_uri(&uri) {
                    let key = if prefix.is_empty() || prefix.ends_with('/') {
                        format!("{prefix}part-0")
                    } else {
                        prefix.to_string()
                    };
                    sim.ensure_bucket(bucket).await.map_err(Report::Cloud)?;
                    sim.put_object(bucket, &key, vec![])
                        .await
                        .map_err(Report::Cloud)?;
                }
            }
            crate::runtime::launch::start(
                sim,
                workshop,
                step_id,
                &t,
                vars,
                sim.now(),
                &|_, _, _| {},
            )
            .await?;
            if let Some(job) =
                job.filter(|j| to_end || j.kind == crate::workshop::labs::JobKind::Processing)
            {
                clock.advance(job.sim.as_ref().map_or(300.0, |p| p.seconds) + 1.0);
            }
        }
        Action::DeployEndpoint(t) if to_end => {
            let t = crate::workshop::task::Params::substituted(t, vars);
            let image_uri = match &t.image {
                Some(image) => Some(crate::runtime::launch::image_uri(
                    workshop,
                    image,
                    &sim.identity().region,
                )?),
                None => None,
            };
            sim.deploy_endpoint(crate::cloud::Deploy {
                job_prefix: t.job_prefix.clone(),
                automl: false,
                endpoint: format!("{}{}", t.name_prefix, sim.now() as u64),
                instance_type: t.instance_type.clone(),
                image_uri,
                tags: vec![],
            })
            .await
            .map_err(Report::Cloud)?;
            // An endpoint takes minutes to come into service.
            clock.advance(600.0);
        }
        _ => {}
    }
    Ok(())
}
