//! labguide's rules and the comparison of lab 3's runs, through the app as the watchers
//! feed it: what the rows hold, when a rule's change alone redraws, and Debugger's verdicts
//! kept for a job that has them.

mod common;

use common::{app, press, render, step};
use labguide::app::rules::STALL_SECONDS;
use labguide::app::{App, Cost, Intent, LiveUpdate, Outcome, Target, update};
use labguide::cloud::live::Rule;
use labguide::cloud::{Detail, ResourceKind};
use labguide::i18n::Lang;

fn lab3() -> (App, Target, Target) {
    let mut a = app(Lang::En);
    a.current = step(&a, "lab3-training");
    a.learner_vars.insert("initial".into(), "kim".into());
    let target = |job: &str| Target {
        kind: ResourceKind::TrainingJob,
        prefix: format!("lg-kim-lab3-{job}-"),
    };
    (a, target("amp"), target("fp32"))
}

fn detail(name: &str, billable: f64) -> Detail {
    Detail {
        name: name.into(),
        status: "InProgress".into(),
        secondary: Some("Training".into()),
        created: 1000.0,
        instance_type: Some("ml.g5.12xlarge".into()),
        instance_count: 2,
        billable_seconds: Some(billable),
        metric_definitions: vec![
            ("train:loss".into(), "train_loss=([0-9.]+)".into()),
            (
                "train:images_per_sec".into(),
                "images_per_sec=([0-9.]+)".into(),
            ),
            ("test:acc1".into(), "test_acc1=([0-9.]+)".into()),
        ],
        ..Detail::default()
    }
}

fn news(a: &mut App, target: &Target, update_: LiveUpdate, at: f64) -> bool {
    update(
        a,
        Outcome::Live {
            target: target.clone(),
            update: update_,
            at,
        },
    )
    .redraw
}

#[test]
fn the_comparison_has_a_row_per_training_job_with_its_numbers() {
    let (mut a, amp, fp32) = lab3();
    let rows = a.comparison();
    assert_eq!(
        rows.iter().map(|r| r.label.as_str()).collect::<Vec<_>>(),
        ["amp", "fp32"],
        "the processing job of the step is not compared"
    );
    assert!(
        rows.iter()
            .all(|r| r.name.is_none() && r.cost == Cost::Nothing)
    );
    news(
        &mut a,
        &amp,
        LiveUpdate::Detail(Box::new(detail("lg-kim-lab3-amp-1", 600.0))),
        1700.0,
    );
    news(
        &mut a,
        &amp,
        LiveUpdate::Log {
            lines: vec!["step=1 train_loss=1.0 images_per_sec=2000".into()],
            points: vec![
                ("train:images_per_sec".into(), 1600.0, 2000.0),
                ("train:images_per_sec".into(), 1650.0, 2600.0),
                ("test:acc1".into(), 1690.0, 0.71),
            ],
            skipped: 0,
        },
        1700.0,
    );
    let rows = a.comparison();
    let row = &rows[0];
    assert_eq!(row.name.as_deref(), Some("lg-kim-lab3-amp-1"));
    assert_eq!(row.status.as_deref(), Some("Training"));
    assert_eq!(row.wall_seconds, Some(700.0));
    assert_eq!(
        row.throughput,
        Some(("train:images_per_sec".into(), 2300.0))
    );
    assert_eq!(row.accuracy, Some(("test:acc1".into(), 0.71)));
    // 600 billable seconds on 2 hosts at the shipped price of ml.g5.12xlarge.
    let price = a
        .workshop
        .prices
        .per_hour(&a.backend.region, "ml.g5.12xlarge")
        .expect("the shipped prices know g5.12xlarge");
    match row.cost {
        Cost::Dollars { amount, estimated } => {
            assert!((amount - 600.0 * 2.0 * price / 3600.0).abs() < 1e-9);
            assert!(!estimated);
        }
        ref other => panic!("{other:?}"),
    }
    assert_eq!(rows[1].name, None, "fp32 not found yet");
    // An instance type the prices do not know: said so, never $0.
    let mut odd = detail("lg-kim-lab3-fp32-1", 600.0);
    odd.instance_type = Some("ml.zz9.huge".into());
    news(&mut a, &fp32, LiveUpdate::Detail(Box::new(odd)), 1700.0);
    assert_eq!(a.comparison()[1].cost, Cost::UnknownPrice);

    press(&mut a, &[Intent::ToggleLive]);
    let screen = render(&a);
    for expected in [
        "›━ amp",
        "Training",
        "11m40s",
        "2.3k",
        "0.710",
        "price unknown",
    ] {
        assert!(screen.contains(expected), "{expected:?} in\n{screen}");
    }
}

#[test]
fn a_training_job_that_goes_quiet_is_redrawn_as_stalled() {
    let (mut a, amp, _) = lab3();
    let d = detail("lg-kim-lab3-amp-1", 600.0);
    assert!(news(
        &mut a,
        &amp,
        LiveUpdate::Detail(Box::new(d.clone())),
        1000.0
    ));
    assert!(news(
        &mut a,
        &amp,
        LiveUpdate::Log {
            lines: vec!["step=1 train_loss=1.0 images_per_sec=2000".into()],
            points: vec![("train:loss".into(), 1100.0, 1.0)],
            skipped: 0,
        },
        1100.0
    ));
    // The same description a minute later changes nothing.
    assert!(!news(
        &mut a,
        &amp,
        LiveUpdate::Detail(Box::new(d.clone())),
        1160.0
    ));
    // The same description after ten quiet minutes: the Stalled rule turns, so it redraws.
    let late = 1100.0 + STALL_SECONDS + 1.0;
    assert!(news(
        &mut a,
        &amp,
        LiveUpdate::Detail(Box::new(d.clone())),
        late
    ));
    assert!(!news(
        &mut a,
        &amp,
        LiveUpdate::Detail(Box::new(d)),
        late + 30.0
    ));
    // The step page's one-line summary names it.
    let page = render(&a);
    assert!(page.contains("issues: Stal"), "{page}");
    a.size = ratatui::layout::Rect::new(0, 0, 80, 24);
    press(&mut a, &[Intent::ToggleLive]);
    let screen = render(&a);
    assert!(screen.contains("Stalled issues found"), "{screen}");
    assert!(
        screen.contains("! Stalled: No metric point or log line for 10 minutes"),
        "{screen}"
    );
    for line in screen.lines() {
        assert!(labguide::markdown::display_width(line) <= 80, "{line:?}");
    }
    // In Korean too.
    a.lang = Lang::Ko;
    let screen = render(&a);
    assert!(screen.contains("규칙:"), "{screen}");
    assert!(screen.contains("Stalled 문제 발견"), "{screen}");
}

#[test]
fn a_job_with_debugger_rules_keeps_their_verdicts() {
    let (mut a, amp, _) = lab3();
    let mut d = detail("lg-kim-lab3-amp-1", 600.0);
    d.rules = vec![Rule {
        name: "LossNotDecreasing".into(),
        status: "IssuesFound".into(),
    }];
    news(&mut a, &amp, LiveUpdate::Detail(Box::new(d)), 1000.0);
    press(&mut a, &[Intent::ToggleLive]);
    let screen = render(&a);
    assert!(
        screen.contains("Debugger: LossNotDecreasing IssuesFound"),
        "{screen}"
    );
    assert!(!screen.contains("Rules:"), "{screen}");
}

/// Lab 2 with the learner's initials, as the training step shows it.
fn lab2() -> (App, Target, Target) {
    let mut a = app(Lang::En);
    a.learner_vars.insert("initial".into(), "kim".into());
    a.current = step(&a, "lab2-training");
    let target = |job: &str| Target {
        kind: ResourceKind::TrainingJob,
        prefix: format!("lg-kim-lab2-bert-{job}-"),
    };
    (a, target("a"), target("b"))
}

fn bert(name: &str, created: f64, lr: &str) -> Detail {
    Detail {
        name: name.into(),
        status: "Completed".into(),
        created,
        ended: Some(created + 1500.0),
        instance_type: Some("ml.g5.xlarge".into()),
        instance_count: 1,
        billable_seconds: Some(1400.0),
        hyperparameters: vec![
            ("epochs".into(), "2".into()),
            ("learning-rate".into(), lr.into()),
        ],
        metric_definitions: vec![("validation:accuracy".into(), "val_acc=([0-9.]+)".into())],
        ..Detail::default()
    }
}

#[test]
fn earlier_runs_found_by_tag_join_the_comparison_and_the_charts() {
    let (mut a, bert_a, bert_b) = lab2();
    // Entering the step looks for the learner's runs of its experiment.
    let here = a.current;
    a.current = here - 1;
    let effects = press(&mut a, &[Intent::NextStep]);
    assert_eq!(a.current, here);
    assert!(
        effects.contains(&labguide::app::Effect::FindRuns {
            experiments: vec!["lab2-bert".into()],
            learner: "kim".into(),
        }),
        "{effects:?}"
    );
    assert_eq!(a.comparison().len(), 2, "the step's own two runs");

    // The tags found three runs: the newest of each prefix is the step's own, the older
    // run of a (another learning rate, tried earlier) joins as a watched run.
    let older = "lg-kim-lab2-bert-a-20261202-090500";
    let newer_a = "lg-kim-lab2-bert-a-20261202-101000";
    let newer_b = "lg-kim-lab2-bert-b-20261202-101100";
    let found = update(
        &mut a,
        Outcome::Runs {
            experiment: "lab2-bert".into(),
            names: vec![newer_b.into(), newer_a.into(), older.into()],
        },
    );
    assert!(found.redraw);
    let older_target = Target {
        kind: ResourceKind::TrainingJob,
        prefix: older.into(),
    };
    assert!(
        found.effects.contains(&labguide::app::Effect::Watch(vec![
            bert_a.clone(),
            bert_b.clone(),
            older_target.clone()
        ])),
        "the older run is watched by its exact name: {:?}",
        found.effects
    );

    for (target, d) in [
        (&bert_a, bert(newer_a, 36_600.0, "5e-5")),
        (&bert_b, bert(newer_b, 36_660.0, "2e-5")),
        (&older_target, bert(older, 32_700.0, "1e-4")),
    ] {
        let start = d.created;
        news(&mut a, target, LiveUpdate::Detail(Box::new(d)), 40_000.0);
        news(
            &mut a,
            target,
            LiveUpdate::Log {
                lines: vec!["val_acc=0.5".into()],
                points: vec![
                    ("validation:accuracy".into(), start + 100.0, 0.4),
                    ("validation:accuracy".into(), start + 900.0, 0.5),
                ],
                skipped: 0,
            },
            40_000.0,
        );
    }
    let rows = a.comparison();
    assert_eq!(
        rows.iter().map(|r| r.label.as_str()).collect::<Vec<_>>(),
        ["a 10:10", "b 10:11", "a 09:05"],
        "runs of one job are told apart by when they started"
    );
    assert_eq!(
        rows[2].settings,
        [("learning-rate".to_string(), "1e-4".to_string())],
        "only what differs between the runs"
    );

    // Each metric chart overlays the runs from their own start, the viewed run on top.
    let theme = labguide::ui::Theme::new(labguide::ui::ColorDepth::TrueColor, false);
    let view = &a.live[&bert_a];
    let specs = labguide::ui::live::charts(view, &a.compared_runs(), &theme);
    let accuracy = &specs[0];
    assert!(
        accuracy
            .title
            .starts_with("validation:accuracy a 10:10 0.500"),
        "{}",
        accuracy.title
    );
    assert_eq!(accuracy.series.len(), 3);
    assert_eq!(
        accuracy.series[2].0, "a 10:10",
        "the viewed run is drawn last"
    );
    for (_, points, _) in &accuracy.series {
        let times: Vec<f64> = points.iter().map(|p| p.0).collect();
        assert_eq!(times, [100.0, 900.0], "every run from its own start");
    }

    // On screen: the table's rows and the Tab count include the older run.
    press(&mut a, &[Intent::ToggleLive]);
    let screen = render(&a);
    assert!(screen.contains("(1/3, Tab)"), "{screen}");
    assert!(screen.contains("a 09:05"), "{screen}");
    assert!(screen.contains("learning-rate=1e-4"), "{screen}");
}

#[test]
fn an_expired_session_is_said_once_with_the_watch_waiting_and_cleared_when_it_is_back() {
    let (mut a, _, _) = lab2();
    update(
        &mut a,
        Outcome::BackendFailed(labguide::cloud::CloudError::ExpiredCredentials),
    );
    let screen = render(&a);
    assert!(screen.contains("credentials have expired"), "{screen}");
    assert!(screen.contains("go on by themselves"), "{screen}");
    assert!(update(&mut a, Outcome::SessionBack).redraw);
    let screen = render(&a);
    assert!(!screen.contains("credentials have expired"), "{screen}");
    // Another trouble is not cleared by a watcher's answer.
    update(
        &mut a,
        Outcome::BackendFailed(labguide::cloud::CloudError::NoCredentials),
    );
    assert!(!update(&mut a, Outcome::SessionBack).redraw);
    assert!(a.backend_error.is_some());
}
