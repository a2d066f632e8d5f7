//! A workshop that is not ours (tests/fixtures/rehearsal) rehearsed end to end on the
//! simulated AWS: the sim plays its notebook steps from its own sim.toml, with the names,
//! instance type, duration, metrics and log lines written there, and knows nothing of the
//! shipped labs. On tokio's paused clock: deterministic and instant.

mod common;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use labguide::app::{App, Intent, StepState};
use labguide::cloud::sim::{Sim, TokioClock};
use labguide::cloud::{Cloud, CloudError, ResourceKind};
use labguide::i18n::Lang;
use labguide::runtime::Runner;
use labguide::workshop::{Problem, Severity, Source, Workshop, load_with_diagnostics};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rehearsal")
}

fn workshop() -> Arc<Workshop> {
    let (w, diags) = load_with_diagnostics(&Source::Dir(fixture()));
    assert_eq!(diags, vec![], "the fixture is clean");
    Arc::new(w.expect("the fixture loads"))
}

fn sim_for(w: &Workshop) -> Sim {
    Sim::new(
        60.0,
        "eu-west-1",
        Arc::new(TokioClock::new(1_800_000_000.0)),
        None,
    )
    .with_plans(w.sim.clone())
}

#[tokio::test(start_paused = true)]
async fn another_workshop_is_rehearsed_from_its_own_plans() {
    let w = workshop();
    let sim = Arc::new(sim_for(&w));
    let cloud: Arc<dyn Cloud> = sim.clone();
    let mut app = App::new(w.clone(), Lang::En, sim.identity(), None);
    app.size = ratatui::layout::Rect::new(0, 0, 100, 30);
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let runner = Runner::new(cloud, w.clone(), tx, None);

    // Step 1: the notebook's training job, then both checks (the job and its data).
    let train = common::step(&app, "train");
    app.current = train;
    let first = common::press(&mut app, &[Intent::Activate]);
    common::drive(&mut app, &runner, &mut rx, first, |a| {
        a.step_state(train) == StepState::Done
    })
    .await;

    let jobs = sim
        .find(ResourceKind::TrainingJob, "deepar-forecast-")
        .await
        .expect("the sim lists jobs");
    assert_eq!(jobs.len(), 1, "{jobs:?}");
    let job = &jobs[0].name;
    let suffix = job.trim_start_matches("deepar-forecast-");
    assert!(
        suffix.parse::<u64>().is_ok(),
        "named with epoch seconds: {job}"
    );
    let d = sim
        .describe(ResourceKind::TrainingJob, job)
        .await
        .expect("described")
        .expect("the job exists");
    assert_eq!(d.status, "Completed");
    assert_eq!(d.instance_type.as_deref(), Some("ml.g5.xlarge"));
    assert_eq!(d.instance_count, 1);
    let names: Vec<&str> = d
        .metric_definitions
        .iter()
        .map(|(n, _)| n.as_str())
        .collect();
    assert_eq!(names, ["train:loss", "test:RMSE"]);
    let rules: Vec<(&str, &str)> = d
        .rules
        .iter()
        .map(|r| (r.name.as_str(), r.status.as_str()))
        .collect();
    assert_eq!(rules, [("LossNotDecreasing", "NoIssuesFound")]);
    // Twenty minutes of training, as the plan says: billed from the download on.
    let billed = d.billable_seconds.unwrap_or_default();
    assert!((1100.0..=1200.0).contains(&billed), "{billed}");
    // The loss fell from 2.4 towards 0.35.
    let loss = d
        .final_metrics
        .iter()
        .find(|(n, _)| n == "train:loss")
        .map_or(9.9, |(_, v)| *v);
    assert!(loss < 0.6, "{loss}");

    // Its log is the plan's template, and the job's own definitions read it back.
    let (group, prefix) =
        labguide::cloud::live::log_location(ResourceKind::TrainingJob, job).expect("a job logs");
    let streams = sim.log_streams(&group, &prefix).await.expect("streams");
    assert_eq!(streams.len(), 1, "{streams:?}");
    let page = sim
        .log_events(&group, &streams[0], None)
        .await
        .expect("log lines");
    let parser = labguide::cloud::live::MetricParser::new(&d.metric_definitions);
    let lines: Vec<&str> = page
        .lines
        .iter()
        .map(|(_, l)| l.as_str())
        .filter(|l| l.starts_with('#'))
        .collect();
    // The plan's log_lines, give or take the rounding of the last one.
    assert!((119..=121).contains(&lines.len()), "{}", lines.len());
    assert!(
        lines[0].starts_with("#0 [algo-1] epoch loss="),
        "{}",
        lines[0]
    );
    assert!(
        lines.iter().all(|l| parser.parse(l).len() == 2),
        "{lines:?}"
    );

    // What the notebook left: the data and the database, in this workshop's names.
    assert!(
        sim.bucket_exists("forecast-data-123456789012")
            .await
            .unwrap_or(false)
    );
    assert!(
        sim.glue_database_exists("forecast_db")
            .await
            .unwrap_or(false)
    );

    // Step 2: an endpoint named exactly as written, on the plan's instance type.
    common::press(&mut app, &[Intent::NextStep]);
    let serve = common::step(&app, "serve");
    assert_eq!(app.current, serve);
    let first = common::press(&mut app, &[Intent::Activate]);
    common::drive(&mut app, &runner, &mut rx, first, |a| {
        a.step_state(serve) == StepState::Done
    })
    .await;
    assert_eq!(
        sim.endpoint_instances("forecast-ep").await,
        Ok(vec![("ml.m5.xlarge".to_string(), 1)])
    );
    // Nothing of the shipped labs was played.
    for kind in ResourceKind::ALL {
        for f in sim.find(kind, "").await.unwrap_or_default() {
            assert!(
                f.name.starts_with("deepar-forecast-") || f.name.starts_with("forecast-"),
                "{f:?}"
            );
        }
    }
}

#[tokio::test(start_paused = true)]
async fn a_sim_without_the_workshops_plans_knows_none_of_its_steps() {
    // The shipped workshop's plans: this workshop's notebook steps are not among them.
    let sim = Sim::new(60.0, "eu-west-1", Arc::new(TokioClock::new(0.0)), None);
    assert!(matches!(
        sim.simulate_notebook("forecast-train").await,
        Err(CloudError::Invalid(_))
    ));
    // And the fixture's plans know nothing of the shipped labs.
    let sim = sim_for(&workshop());
    assert!(matches!(
        sim.simulate_notebook("lab3-training").await,
        Err(CloudError::Invalid(_))
    ));
}

/// The fixture copied to a temporary folder, with `edit` applied to its sim.toml (`None`:
/// removed).
fn copy_with_sim(edit: Option<&dyn Fn(&str) -> String>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    for rel in [
        "workshop.toml",
        "en/train.md",
        "ko/train.md",
        "en/serve.md",
        "ko/serve.md",
    ] {
        let to = dir.path().join(rel);
        std::fs::create_dir_all(to.parent().expect("a parent")).expect("a folder");
        std::fs::copy(fixture().join(rel), to).expect("a copy");
    }
    if let Some(edit) = edit {
        let text = std::fs::read_to_string(fixture().join("sim.toml")).expect("sim.toml");
        std::fs::write(dir.path().join("sim.toml"), edit(&text)).expect("written");
    }
    dir
}

fn sim_of(dir: &tempfile::TempDir) -> PathBuf {
    dir.path().join("sim.toml")
}

fn errors(dir: &Path) -> Vec<(PathBuf, Option<usize>, Problem)> {
    let (_, diags) = load_with_diagnostics(&Source::Dir(dir.to_path_buf()));
    diags
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| (d.file, d.line, d.problem))
        .collect()
}

#[test]
fn validate_names_a_missing_or_wrong_plan_with_its_file_and_line() {
    // No sim.toml: each step that plays a notebook says so, at its action's line.
    let dir = copy_with_sim(None);
    let got = errors(dir.path());
    let toml = dir.path().join("workshop.toml");
    assert_eq!(
        got,
        [
            (
                toml.clone(),
                Some(18),
                Problem::NoSimPlan("forecast-train".into())
            ),
            (toml, Some(37), Problem::NoSimPlan("forecast-serve".into())),
        ]
    );

    // A template naming a metric the job does not have, and an instance count of zero.
    let dir = copy_with_sim(Some(&|t: &str| {
        t.replace("rmse={test:RMSE}", "mae={test:MAE}")
            .replace("instance_count = 1", "instance_count = 0")
    }));
    let got = errors(dir.path());
    let sim = dir.path().join("sim.toml");
    assert!(
        got.contains(&(
            sim.clone(),
            Some(7),
            Problem::UnknownMetric("test:MAE".into())
        )),
        "{got:#?}"
    );
    assert!(
        got.iter().any(|(f, l, p)| f == &sim
            && *l == Some(7)
            && matches!(p, Problem::BadParamType { param, .. } if param == "instance_count")),
        "{got:#?}"
    );

    // An unknown kind of resource, and a field no resource has.
    let dir = copy_with_sim(Some(&|t: &str| t.replace("\"endpoint\"", "\"rocket\"")));
    let got = errors(dir.path());
    assert!(
        matches!(&got[..], [(f, Some(28), Problem::UnknownKind(k))] if f == &sim_of(&dir) && k == "rocket"),
        "{got:#?}"
    );
    let dir = copy_with_sim(Some(&|t: &str| t.replace("seconds = 300", "secs = 300")));
    let got = errors(dir.path());
    assert!(
        matches!(&got[..], [(f, Some(_), Problem::Syntax(_))] if f == &sim_of(&dir)),
        "{got:#?}"
    );
}

/// The real binary on the fixture, with a state folder of its own.
fn labguide(args: &[&str]) -> std::process::Output {
    let state = tempfile::tempdir().expect("a state folder");
    std::process::Command::new(env!("CARGO_BIN_EXE_labguide"))
        .arg("--content")
        .arg(fixture())
        .args(args)
        .arg("--state-dir")
        .arg(state.path())
        .env("LABGUIDE_TEST", "1")
        .env("NO_COLOR", "1")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C.UTF-8")
        .env("XDG_STATE_HOME", state.path())
        .output()
        .expect("labguide runs")
}

#[test]
fn validate_passes_the_fixture_through_the_binary() {
    let out = labguide(&["validate", "--lang", "en"]);
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn the_live_view_of_the_fixtures_job_draws_its_own_metrics() {
    let out = labguide(&[
        "render",
        "--step",
        "train",
        "--sim-elapsed",
        "12m",
        "--live",
        "--width",
        "80",
        "--height",
        "24",
        "--lang",
        "en",
    ]);
    let screen = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        out.status.success(),
        "{screen}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    insta::assert_snapshot!("rehearsal_live_train_80x24", screen);
}
