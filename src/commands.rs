//! Everything `main` does: shared start-up (content, language, state folder) and the
//! headless commands. The TUI itself lives in `tui`.

use std::io::{BufRead, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::Parser;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use crate::app::{App, StepState};
use crate::cli::{Cli, Command, Global};
use crate::cloud::Identity;
use crate::i18n::{I18n, Lang};
use crate::progress::{self, Loaded, Progress};
use crate::tr;
use crate::ui::{self, ColorDepth, Ctx};
use crate::workshop::{self, Severity, Source, Workshop};

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let i18n = I18n::embedded();
    let env_lang = cli
        .global
        .lang
        .unwrap_or_else(|| Lang::from_locale_env(|k| std::env::var(k).ok()));
    let source = match &cli.global.content {
        Some(dir) => Source::Dir(dir.clone()),
        None => Source::Embedded,
    };
    if let Some(Command::Validate) = cli.command {
        return validate(&source, &i18n, env_lang);
    }
    let workshop = match workshop::load(&source) {
        Ok(w) => Arc::new(w),
        Err(diags) => {
            eprintln!("{}", tr!(i18n, env_lang, "content-unusable"));
            for d in diags {
                eprintln!("{}", d.render(&i18n, env_lang));
            }
            return ExitCode::from(2);
        }
    };
    let state_dir = state_dir(&cli.global, &workshop);
    match cli.command {
        Some(Command::Steps { json }) => steps(&workshop, &state_dir, &i18n, env_lang, json),
        Some(Command::Render {
            step,
            width,
            height,
            sim_elapsed,
            live,
        }) => render(
            &cli.global,
            &workshop,
            &state_dir,
            &i18n,
            &RenderOpts {
                step: step.as_deref(),
                width,
                height,
                sim_elapsed,
                live,
            },
        ),
        Some(Command::Validate) => ExitCode::SUCCESS,
        Some(Command::Status { json, vars }) => crate::commands_cleanup::status(
            &cli.global,
            &workshop,
            &state_dir,
            &i18n,
            env_lang,
            json,
            &vars,
        ),
        Some(Command::Cleanup { dry_run, yes, vars }) => crate::commands_cleanup::cleanup(
            &cli.global,
            &workshop,
            &state_dir,
            &i18n,
            env_lang,
            dry_run,
            yes || cli.global.yes,
            &vars,
        ),
        Some(Command::Check { steps, json, vars }) => check(
            &cli.global,
            &workshop,
            &state_dir,
            &i18n,
            env_lang,
            &steps,
            json,
            &vars,
        ),
        None => {
            if cli.global.reset && !confirm_reset(&cli.global, &state_dir, &i18n, env_lang) {
                return ExitCode::from(1);
            }
            crate::tui::run(&cli.global, workshop, &state_dir, i18n)
        }
    }
}

/// The cloud the options ask for: the simulated AWS (keeping its state in the state
/// folder) or the real one, whose clients are made by its first call.
pub async fn cloud_for(
    global: &Global,
    workshop: &Workshop,
    state_dir: &std::path::Path,
) -> Arc<dyn crate::cloud::Cloud> {
    use crate::cloud::aws::Aws;
    use crate::cloud::sim::{Sim, SystemClock};
    if global.uses_aws() {
        Arc::new(Aws::new(global.profile.clone(), global.region.clone()).await)
    } else {
        Arc::new(Sim::new(
            global.sim_speed,
            &sim_region(global, workshop),
            Arc::new(SystemClock),
            Some(state_dir.join(crate::tui::SIM_STATE_FILE)),
        ))
    }
}

/// The simulated AWS's region: `--region`, else the workshop's own, else the default.
fn sim_region(global: &Global, workshop: &Workshop) -> String {
    global
        .region
        .clone()
        .or_else(|| workshop.vars.get("region").cloned())
        .unwrap_or_else(|| crate::cloud::DEFAULT_REGION.into())
}

/// Who the calls go out as, the account asked once and bounded like every call: what
/// the headless commands fill `${account}` and `${region}` with.
pub async fn identity(cloud: &dyn crate::cloud::Cloud) -> Identity {
    if cloud.identity().account.is_some() {
        return cloud.identity();
    }
    let account = crate::runtime::timed(cloud, cloud.account()).await;
    // Asked after the call: the region is the one the call went to.
    let mut identity = cloud.identity();
    match account {
        Ok(account) => identity.account = account,
        Err(e) => tracing::warn!(error = %e, "could not read the account id"),
    }
    identity
}

#[derive(serde::Serialize)]
struct StepCheck {
    step: String,
    status: &'static str,
    reason: String,
}

/// `labguide check`: each named step's checks, run as the app would run them.
#[allow(clippy::too_many_arguments)]
fn check(
    global: &Global,
    workshop: &Arc<Workshop>,
    state_dir: &std::path::Path,
    i18n: &I18n,
    lang: Lang,
    ids: &[String],
    json: bool,
    overrides: &[(String, String)],
) -> ExitCode {
    use crate::app::{Report, TaskStatus};
    let mut indices = vec![];
    for id in ids {
        match workshop.step_index(id) {
            Some(i) => indices.push(i),
            None => {
                let known: Vec<&str> = workshop.steps.iter().map(|s| s.id.as_str()).collect();
                eprintln!(
                    "{}",
                    tr!(
                        i18n,
                        lang,
                        "unknown-step",
                        id = id.as_str(),
                        known = known.join(", ")
                    )
                );
                return ExitCode::from(2);
            }
        }
    }
    if indices.is_empty() {
        indices = (0..workshop.steps.len()).collect();
    }
    let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    else {
        return ExitCode::from(1);
    };
    let cloud = runtime.block_on(cloud_for(global, workshop, state_dir));
    let saved = progress::peek(state_dir, &workshop.id);
    let mut app = App::new(workshop.clone(), lang, cloud.identity(), saved.as_ref());
    app.learner_vars.extend(overrides.iter().cloned());
    let results: Vec<StepCheck> = runtime.block_on(async {
        app.backend = identity(cloud.as_ref()).await;
        let vars = app.vars_for_tasks();
        let mut out = vec![];
        for &i in &indices {
            let step = &workshop.steps[i];
            if let Some(var) = app.unanswered(step.checks.iter().map(crate::workshop::Task::Check))
            {
                out.push(StepCheck {
                    step: step.id.clone(),
                    status: "pending",
                    reason: tr!(i18n, lang, "check-needs-value", name = var),
                });
                continue;
            }
            let mut statuses = vec![];
            for task in &step.checks {
                statuses
                    .push(crate::runtime::run_check(cloud.as_ref(), workshop, task, &vars).await);
            }
            let say = |r: &Report| r.message(i18n, lang);
            let (status, reason) = if let Some(TaskStatus::Failed(r)) =
                statuses.iter().find(|s| matches!(s, TaskStatus::Failed(_)))
            {
                ("fail", say(r))
            } else if let Some(TaskStatus::Pending(r)) = statuses
                .iter()
                .find(|s| matches!(s, TaskStatus::Pending(_)))
            {
                ("pending", say(r))
            } else if statuses.is_empty() {
                ("pass", tr!(i18n, lang, "check-nothing-to-check"))
            } else {
                let passed: Vec<String> = statuses
                    .iter()
                    .filter_map(|s| match s {
                        TaskStatus::Passed(Some(r)) => Some(say(r)),
                        _ => None,
                    })
                    .collect();
                ("pass", passed.join(" "))
            };
            out.push(StepCheck {
                step: step.id.clone(),
                status,
                reason,
            });
        }
        out
    });
    let all_pass = results.iter().all(|r| r.status == "pass");
    if json {
        match serde_json::to_string_pretty(&results) {
            Ok(s) => println!("{s}"),
            Err(e) => eprintln!("{e}"),
        }
    } else {
        let id_w = results.iter().map(|r| r.step.len()).max().unwrap_or(4);
        for r in &results {
            println!("{:<id_w$}  {:<7}  {}", r.step, r.status, r.reason);
        }
    }
    if all_pass {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// The state folder: `--state-dir` as given, else one per workshop in the platform's
/// state directory (XDG_STATE_HOME on Linux).
pub fn state_dir(global: &Global, workshop: &Workshop) -> PathBuf {
    if let Some(dir) = &global.state_dir {
        return dir.clone();
    }
    dirs::state_dir()
        .or_else(dirs::data_local_dir)
        .unwrap_or_else(|| PathBuf::from(".labguide"))
        .join("labguide")
        .join(&workshop.id)
}

/// The language: `--lang`, then the saved choice, then the locale environment.
pub fn choose_lang(flag: Option<Lang>, saved: Option<&Progress>, env: Lang) -> Lang {
    flag.or_else(|| saved.and_then(|p| p.lang)).unwrap_or(env)
}

fn confirm_reset(global: &Global, state_dir: &std::path::Path, i18n: &I18n, lang: Lang) -> bool {
    if !global.yes {
        eprint!(
            "{} ",
            tr!(
                i18n,
                lang,
                "reset-confirm",
                dir = state_dir.display().to_string()
            )
        );
        let _ = std::io::stderr().flush();
        let mut answer = String::new();
        let stdin = std::io::stdin();
        if stdin.lock().read_line(&mut answer).is_err()
            || !matches!(answer.trim(), "y" | "Y" | "yes" | "예" | "네")
        {
            eprintln!("{}", tr!(i18n, lang, "reset-cancelled"));
            return false;
        }
    }
    let sim_state = state_dir.join(crate::tui::SIM_STATE_FILE);
    for result in [progress::reset(state_dir), remove_if_there(&sim_state)] {
        if let Err(e) = result {
            eprintln!("{}", tr!(i18n, lang, "reset-failed", error = e.to_string()));
            return false;
        }
    }
    eprintln!("{}", tr!(i18n, lang, "reset-done"));
    true
}

fn remove_if_there(path: &std::path::Path) -> std::io::Result<()> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

fn validate(source: &Source, i18n: &I18n, lang: Lang) -> ExitCode {
    let (workshop, mut diags) = workshop::load_with_diagnostics(source);
    diags.extend(locale_diagnostics());
    for d in &diags {
        println!("{}", d.render(i18n, lang));
    }
    let errors = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = diags.len() - errors;
    let steps = workshop.as_ref().map_or(0, |w| w.steps.len());
    println!(
        "{}",
        tr!(
            i18n,
            lang,
            "validate-summary",
            steps = steps,
            errors = errors,
            warnings = warnings
        )
    );
    if errors > 0 || workshop.is_none() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// The interface's own strings are checked too: both locales must have every message,
/// with the same variables.
fn locale_diagnostics() -> Vec<workshop::Diagnostic> {
    use crate::i18n::{EN_FTL, KO_FTL, LocaleProblem, check_locales};
    use workshop::{Diagnostic, Problem};
    let file = |lang: Lang| PathBuf::from(format!("locales/{}/labguide.ftl", lang.code()));
    check_locales(KO_FTL, EN_FTL)
        .into_iter()
        .map(|p| match p {
            LocaleProblem::Missing {
                id,
                missing_in,
                line_in_other,
            } => Diagnostic {
                severity: Severity::Error,
                file: file(missing_in.other()),
                line: Some(line_in_other),
                problem: Problem::LocaleMissing {
                    id,
                    lang: missing_in,
                },
            },
            LocaleProblem::Variables { id, line_ko, .. } => Diagnostic {
                severity: Severity::Error,
                file: file(Lang::Ko),
                line: Some(line_ko),
                problem: Problem::LocaleVariables { id },
            },
            LocaleProblem::Syntax { lang, line, error } => Diagnostic {
                severity: Severity::Error,
                file: file(lang),
                line: Some(line),
                problem: Problem::Syntax(error),
            },
        })
        .collect()
}

fn state_name(s: StepState) -> &'static str {
    match s {
        StepState::Locked => "locked",
        StepState::Open => "open",
        StepState::Running => "running",
        StepState::Done => "done",
        StepState::Failed => "failed",
    }
}

fn steps(
    workshop: &Arc<Workshop>,
    state_dir: &std::path::Path,
    i18n: &I18n,
    lang: Lang,
    json: bool,
) -> ExitCode {
    let saved = progress::peek(state_dir, &workshop.id);
    let backend = crate::cloud::sim::identity(1.0, crate::cloud::DEFAULT_REGION);
    let app = App::new(workshop.clone(), lang, backend, saved.as_ref());
    let mut out = std::io::stdout().lock();
    let result = if json {
        let list: Vec<serde_json::Value> = workshop
            .steps
            .iter()
            .enumerate()
            .map(|(i, s)| {
                serde_json::json!({
                    "id": s.id,
                    "section": workshop.sections[s.section].id,
                    "title": { "ko": s.title.ko, "en": s.title.en },
                    "state": state_name(app.step_state(i)),
                    "current": i == app.current,
                })
            })
            .collect();
        serde_json::to_string_pretty(&list)
            .map_err(std::io::Error::other)
            .and_then(|s| writeln!(out, "{s}"))
    } else {
        let id_w = workshop.steps.iter().map(|s| s.id.len()).max().unwrap_or(2);
        let mut r = writeln!(
            out,
            "{:<id_w$}  {:<8}  {:<7}  {}",
            tr!(i18n, lang, "steps-col-id"),
            tr!(i18n, lang, "steps-col-section"),
            tr!(i18n, lang, "steps-col-state"),
            tr!(i18n, lang, "steps-col-title")
        );
        for (i, s) in workshop.steps.iter().enumerate() {
            r = r.and_then(|_| {
                writeln!(
                    out,
                    "{:<id_w$}  {:<8}  {:<7}  {} / {}",
                    s.id,
                    workshop.sections[s.section].id,
                    state_name(app.step_state(i)),
                    s.title.ko,
                    s.title.en
                )
            });
        }
        r
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // A closed pipe (`| head`) is not an error worth a message.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(1)
        }
    }
}

struct RenderOpts<'a> {
    step: Option<&'a str>,
    width: u16,
    height: u16,
    sim_elapsed: Option<f64>,
    live: bool,
}

/// The moment `render --sim-elapsed` starts its sim at, so names and charts come out the
/// same on every run (2026-11-26 09:00 UTC).
const RENDER_EPOCH: f64 = 1_795_683_600.0;

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
    let sim = Sim::new(1.0, &region, clock.clone(), None);
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

fn render(
    global: &Global,
    workshop: &Arc<Workshop>,
    state_dir: &std::path::Path,
    i18n: &I18n,
    opts: &RenderOpts,
) -> ExitCode {
    let RenderOpts {
        step,
        width,
        height,
        sim_elapsed,
        live,
    } = *opts;
    let saved = progress::peek(state_dir, &workshop.id);
    let env_lang = Lang::from_locale_env(|k| std::env::var(k).ok());
    let lang = choose_lang(global.lang, saved.as_ref(), env_lang);
    // Who the calls would go out as, without a call: the real AWS's region comes from the
    // environment and the profile files as the TUI's does.
    let backend = if global.uses_aws() {
        let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
        else {
            return ExitCode::from(1);
        };
        let aws = runtime.block_on(crate::cloud::aws::Aws::new(
            global.profile.clone(),
            global.region.clone(),
        ));
        crate::cloud::Cloud::identity(&aws)
    } else {
        crate::cloud::sim::identity(global.sim_speed, &sim_region(global, workshop))
    };
    let mut app = App::new(workshop.clone(), lang, backend, saved.as_ref());
    app.present = global.present;
    if let Some(id) = step {
        match workshop.step_index(id) {
            Some(i) => {
                app.current = i;
                app.list_cursor = i;
            }
            None => {
                let known: Vec<&str> = workshop.steps.iter().map(|s| s.id.as_str()).collect();
                eprintln!(
                    "{}",
                    tr!(
                        i18n,
                        lang,
                        "unknown-step",
                        id = id,
                        known = known.join(", ")
                    )
                );
                return ExitCode::from(2);
            }
        }
    }
    app.size = ratatui::layout::Rect::new(0, 0, width, height);
    if let Some(elapsed) = sim_elapsed
        && let Err(e) = play_on_sim(&mut app, elapsed)
    {
        eprintln!("{}", crate::app::cloud_error(&e, i18n, lang));
        return ExitCode::from(1);
    }
    if live {
        crate::app::update(&mut app, crate::app::Intent::ToggleLive);
    }
    // Plain text: no colour, addresses visible.
    let ctx = Ctx::new(i18n, ColorDepth::None, false);
    print!("{}", render_text(&app, &ctx));
    ExitCode::SUCCESS
}

/// One frame as plain text: what the TUI would draw at the app's size.
pub fn render_text(app: &App, ctx: &Ctx) -> String {
    let backend = TestBackend::new(app.size.width, app.size.height);
    let Ok(mut terminal) = Terminal::new(backend);
    if terminal
        .draw(|f| {
            ui::draw(f, app, ctx);
        })
        .is_err()
    {
        return String::new();
    }
    ui::buffer_text(terminal.backend().buffer())
}

/// Loads progress for the TUI, keeping a damaged file aside, and says what happened.
pub fn load_progress(
    state_dir: &std::path::Path,
    workshop: &str,
) -> (Option<Progress>, Option<crate::app::Notice>) {
    match progress::load(state_dir, workshop) {
        Loaded::Fresh => (None, None),
        Loaded::Restored(p) => (Some(p), None),
        Loaded::Corrupt { kept_as, error } => {
            tracing::warn!(kept_as = %kept_as.display(), error, "progress file was damaged");
            (
                None,
                Some(crate::app::Notice::warning(
                    "notice-progress-corrupt",
                    vec![("path", kept_as.display().to_string())],
                )),
            )
        }
    }
}
