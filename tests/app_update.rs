//! The update logic, driven as the event loop drives it, without a terminal or a cloud.

mod common;

use common::{app, press, render, step};
use labguide::app::ScrollPos;
use labguide::app::{
    Effect, Intent, Outcome, Overlay, Pane, StepState, TaskId, TaskStatus, update,
};
use labguide::i18n::Lang;
use labguide::workshop::AskProblem;

#[test]
fn starts_on_the_first_step_with_the_rest_locked() {
    let a = app(Lang::Ko);
    assert_eq!(a.current, 0);
    assert_eq!(a.step_state(0), StepState::Open);
    assert!((1..a.workshop.steps.len()).all(|i| a.step_state(i) == StepState::Locked));
}

#[test]
fn reading_step_is_done_when_left_with_next() {
    let mut a = app(Lang::Ko);
    let effects = press(&mut a, &[Intent::NextStep]);
    assert_eq!(a.current, 1);
    assert_eq!(a.step_state(0), StepState::Done);
    assert_eq!(a.step_state(1), StepState::Open);
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::Save(p) if p.current.as_deref() == Some("setup-stack")))
    );
    press(&mut a, &[Intent::PrevStep]);
    assert_eq!(a.current, 0);
    press(&mut a, &[Intent::PrevStep]);
    assert_eq!(a.current, 0, "no step before the first");
}

#[test]
fn locked_steps_can_be_read_but_not_run() {
    let mut a = app(Lang::En);
    press(&mut a, &[Intent::NextStep, Intent::NextStep]);
    let notebook = step(&a, "setup-notebook");
    assert_eq!(a.current, notebook);
    assert_eq!(a.step_state(notebook), StepState::Locked);
    assert_eq!(a.notice.as_ref().map(|n| n.id), Some("notice-locked"));
    let effects = press(
        &mut a,
        &[Intent::Activate, Intent::RunChecks, Intent::MarkDone],
    );
    assert!(
        effects
            .iter()
            .all(|e| !matches!(e, Effect::RunAction { .. } | Effect::RunChecks { .. }))
    );
    assert!(a.overlay.is_none(), "a locked step cannot be marked done");
}

#[test]
fn an_action_then_passing_checks_opens_the_next_step() {
    let mut a = app(Lang::Ko);
    press(&mut a, &[Intent::NextStep]);
    let s = a.current;
    press(&mut a, &[Intent::Activate]);
    // The stack is named after the learner's initials, asked for first.
    assert!(matches!(&a.overlay, Some(Overlay::Ask { var, .. }) if var == "initial"));
    let typed: Vec<Intent> = "kim-".chars().map(Intent::Type).collect();
    let effects = press(&mut a, &typed);
    assert!(effects.is_empty());
    press(&mut a, &[Intent::Confirm]);
    assert!(
        matches!(
            &a.overlay,
            Some(Overlay::Ask {
                problem: Some(AskProblem::BadEnds),
                ..
            })
        ),
        "a trailing hyphen is refused: {:?}",
        a.overlay
    );
    let effects = press(&mut a, &[Intent::Erase, Intent::Confirm]);
    assert_eq!(a.overlay, None);
    assert!(
        matches!(effects.first(), Some(Effect::Save(p)) if p.vars.get("initial").map(String::as_str) == Some("kim"))
    );
    let Some(Effect::RunAction {
        index: 0,
        task,
        vars,
        ..
    }) = effects.get(1)
    else {
        panic!("the action runs once the value is in: {effects:?}");
    };
    assert_eq!(task.kind(), "create_stack");
    assert_eq!(vars.get("initial").map(String::as_str), Some("kim"));
    assert_eq!(a.step_state(s), StepState::Running);

    // The action finishing triggers the step's checks at once.
    let u = update(
        &mut a,
        Outcome::Task {
            step: s,
            task: TaskId::Action(0),
            status: TaskStatus::Passed(None),
        },
    );
    let Some(Effect::RunChecks { checks, .. }) = u.effects.first() else {
        panic!("checks follow the action: {:?}", u.effects);
    };
    assert_eq!(checks.len(), 2);
    for (i, _) in checks {
        update(
            &mut a,
            Outcome::Task {
                step: s,
                task: TaskId::Check(*i),
                status: TaskStatus::Passed(None),
            },
        );
    }
    assert_eq!(a.step_state(s), StepState::Done);
    assert_eq!(a.step_state(s + 1), StepState::Open);
    assert_eq!(
        a.notice.as_ref().map(|n| n.id),
        Some("notice-step-done-next")
    );
}

#[test]
fn a_failed_check_keeps_the_step_open_with_the_reason() {
    let mut a = app(Lang::En);
    press(&mut a, &[Intent::NextStep, Intent::RunChecks]);
    // The notebook check needs the initials: asked first, then the checks run.
    assert!(matches!(&a.overlay, Some(Overlay::Ask { var, .. }) if var == "initial"));
    let effects = press(&mut a, &[Intent::Paste("kim".into()), Intent::Confirm]);
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::RunChecks { vars, .. } if vars["initial"] == "kim"))
    );
    let s = a.current;
    let reason = labguide::app::Report::StackMissing {
        stack: "AIMLWorkshop".into(),
    };
    update(
        &mut a,
        Outcome::Task {
            step: s,
            task: TaskId::Check(0),
            status: TaskStatus::Failed(reason),
        },
    );
    update(
        &mut a,
        Outcome::Task {
            step: s,
            task: TaskId::Check(1),
            status: TaskStatus::Passed(None),
        },
    );
    assert_eq!(a.step_state(s), StepState::Failed);
    assert_eq!(a.step_state(s + 1), StepState::Locked);
    let screen = render(&a);
    assert!(
        screen.contains("There is no stack AIMLWorkshop"),
        "{screen}"
    );
    // Under the reason, the check's hint, with the learner's names in it; the check that
    // passed shows none.
    let hint = a.workshop.steps[s]
        .hint(0, Lang::En)
        .expect("the content gives one");
    let filled = hint.replace("${initial}", "kim");
    let start: String = filled
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ");
    let rows: Vec<&str> = screen.lines().collect();
    let reason_row = rows
        .iter()
        .position(|r| r.contains("There is no stack"))
        .expect("the reason is on screen");
    let hint_row = rows
        .iter()
        .position(|r| r.contains("Hint:"))
        .expect("the hint is on screen");
    assert!(hint_row > reason_row, "{screen}");
    assert!(rows[hint_row].contains(&start), "{start:?} in {screen}");
    assert_eq!(screen.matches("Hint:").count(), 1, "{screen}");
}

#[test]
fn marking_done_by_hand_asks_first() {
    let mut a = app(Lang::Ko);
    press(&mut a, &[Intent::NextStep, Intent::MarkDone]);
    let s = a.current;
    assert_eq!(a.overlay, Some(Overlay::ConfirmDone { step: s }));
    press(&mut a, &[Intent::Cancel]);
    assert_eq!(a.overlay, None);
    assert_eq!(a.step_state(s), StepState::Open);
    press(&mut a, &[Intent::MarkDone, Intent::Confirm]);
    assert_eq!(a.step_state(s), StepState::Done);
}

#[test]
fn keys_wait_while_an_overlay_is_open() {
    let mut a = app(Lang::Ko);
    press(
        &mut a,
        &[Intent::Help, Intent::NextStep, Intent::ToggleLang],
    );
    assert_eq!(a.current, 0);
    assert_eq!(a.lang, Lang::Ko);
    press(&mut a, &[Intent::Close]);
    assert_eq!(a.overlay, None);
    // q closes the help rather than quitting.
    let effects = press(&mut a, &[Intent::Help, Intent::Quit]);
    assert!(!effects.contains(&Effect::Quit));
    assert_eq!(a.overlay, None);
}

#[test]
fn quit_saves_then_quits() {
    let mut a = app(Lang::Ko);
    let effects = press(&mut a, &[Intent::Quit]);
    assert!(matches!(
        effects.as_slice(),
        [Effect::Save(_), Effect::Quit]
    ));
    let mut b = app(Lang::Ko);
    let effects = press(&mut b, &[Intent::Shutdown]);
    assert!(matches!(
        effects.as_slice(),
        [Effect::Save(_), Effect::Quit]
    ));
}

#[test]
fn language_switch_keeps_the_reader_on_the_same_block() {
    let mut a = app(Lang::Ko);
    press(&mut a, &[Intent::NextStep]);
    for _ in 0..12 {
        press(&mut a, &[Intent::Down]);
    }
    let before = a.scroll[a.current];
    assert_ne!(before, ScrollPos::default());
    press(&mut a, &[Intent::ToggleLang]);
    assert_eq!(a.lang, Lang::En);
    assert_eq!(
        a.scroll[a.current].block, before.block,
        "same block after the switch"
    );
    // The English text at that block is what the screen starts with.
    let screen = render(&a);
    assert!(
        screen.contains("Setup / Launch the CloudFormation stack"),
        "{screen}"
    );
}

#[test]
fn scrolling_stops_at_both_ends() {
    let mut a = app(Lang::En);
    press(&mut a, &[Intent::NextStep, Intent::Up]);
    assert_eq!(a.scroll[a.current], ScrollPos::default());
    press(&mut a, &[Intent::Bottom]);
    let bottom = a.scroll[a.current];
    press(&mut a, &[Intent::Down, Intent::PageDown]);
    assert_eq!(a.scroll[a.current], bottom, "nothing past the end");
    press(&mut a, &[Intent::Top]);
    assert_eq!(a.scroll[a.current], ScrollPos::default());
}

#[test]
fn focus_cycles_and_the_list_opens_steps() {
    let mut a = app(Lang::Ko);
    assert_eq!(a.focus, Pane::Text);
    press(&mut a, &[Intent::NextPane]);
    assert_eq!(a.focus, Pane::Activity);
    press(&mut a, &[Intent::NextPane]);
    assert_eq!(a.focus, Pane::Steps);
    press(&mut a, &[Intent::Down, Intent::Down, Intent::Activate]);
    assert_eq!(a.current, 2);
    assert_eq!(a.focus, Pane::Text);
    press(&mut a, &[Intent::PrevPane]);
    assert_eq!(a.focus, Pane::Steps);
}

#[test]
fn progress_round_trips_through_a_restart() {
    let mut a = app(Lang::En);
    press(
        &mut a,
        &[
            Intent::NextStep,
            Intent::MarkDone,
            Intent::Confirm,
            Intent::NextStep,
            Intent::Down,
            Intent::ToggleSideBySide,
        ],
    );
    let saved = a.progress();
    let b = labguide::app::App::new(
        a.workshop.clone(),
        Lang::Ko,
        a.backend.clone(),
        Some(&saved),
    );
    assert_eq!(b.current, a.current);
    assert_eq!(b.done, a.done);
    assert_eq!(b.scroll, a.scroll);
    assert!(b.side_by_side);
    assert_eq!(saved.lang, Some(Lang::En));
}

#[test]
fn corrupt_progress_is_kept_aside_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("progress.json"), "{ not json").unwrap();
    let (progress, notice) = labguide::cli::load_progress(dir.path(), "aws-aiml-hol");
    assert!(progress.is_none());
    let notice = notice.expect("a message");
    assert_eq!(notice.id, "notice-progress-corrupt");
    let kept: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().to_string())
        .collect();
    assert!(
        kept.iter().any(|n| n.starts_with("progress.json.corrupt-")),
        "{kept:?}"
    );
    let mut a = app(Lang::Ko);
    a.notice = Some(notice);
    assert!(
        render(&a).contains("따로 보관"),
        "the message shows on screen"
    );
}

#[test]
fn a_terminal_too_small_says_how_big_it_must_be() {
    let mut a = app(Lang::En);
    update(
        &mut a,
        Intent::Resize {
            width: 60,
            height: 20,
        },
    );
    let screen = render(&a);
    assert!(
        screen.contains("60x20") && screen.contains("80x24"),
        "{screen}"
    );
    update(
        &mut a,
        Intent::Resize {
            width: 80,
            height: 24,
        },
    );
    assert!(render(&a).contains("labguide"));
}

#[test]
fn mouse_clicks_pick_steps_and_wheel_scrolls_text() {
    let mut a = app(Lang::En);
    // In the 100-column layout the list is on the left: row 0 is the header, 1 the pane
    // title, 2 the first section, 3 its first step and 4 the second step.
    press(&mut a, &[Intent::Click { column: 5, row: 4 }]);
    assert_eq!(a.current, 1);
    let g = a.geometry().unwrap();
    press(
        &mut a,
        &[Intent::Scroll {
            column: g.text.x + 2,
            row: g.text.y + 2,
            lines: 3,
        }],
    );
    assert_ne!(a.scroll[a.current], ScrollPos::default());
}

#[test]
fn asking_can_be_cancelled_and_is_not_asked_twice() {
    let mut a = app(Lang::En);
    press(
        &mut a,
        &[
            Intent::NextStep,
            Intent::Activate,
            Intent::Paste("  jdk \n".into()),
        ],
    );
    assert!(matches!(&a.overlay, Some(Overlay::Ask { input, .. }) if input == "jdk"));
    let effects = press(&mut a, &[Intent::Cancel]);
    assert!(
        effects.is_empty() && a.overlay.is_none(),
        "cancel runs nothing"
    );
    press(&mut a, &[Intent::Activate]);
    let effects = press(&mut a, &[Intent::Paste("jdk".into()), Intent::Confirm]);
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::RunAction { .. }))
    );
    // Restarted later, the value is remembered and not asked again.
    let saved = a.progress();
    let mut b = labguide::app::App::new(
        a.workshop.clone(),
        Lang::En,
        a.backend.clone(),
        Some(&saved),
    );
    b.size = a.size;
    b.tasks[b.current].actions[0] = TaskStatus::Idle;
    let effects = press(&mut b, &[Intent::Activate]);
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::RunAction { vars, .. } if vars["initial"] == "jdk"))
    );
}

#[test]
fn links_are_clickable_where_the_terminal_allows_and_visible_elsewhere() {
    use labguide::i18n::I18n;
    use labguide::ui::{ColorDepth, Ctx};
    let mut a = app(Lang::En);
    a.current = step(&a, "lab3-overview");
    update(
        &mut a,
        Intent::Resize {
            width: 160,
            height: 48,
        },
    );
    // The links are in the last part of the text.
    update(&mut a, Intent::Bottom);
    let i18n = I18n::embedded();
    let draw = |hyperlinks: bool| {
        let ctx = Ctx::new(&i18n, ColorDepth::None, hyperlinks);
        let mut term = ratatui::Terminal::new(ratatui::backend::TestBackend::new(160, 48)).unwrap();
        let mut links = vec![];
        term.draw(|f| links = labguide::ui::draw(f, &a, &ctx))
            .unwrap();
        (labguide::ui::buffer_text(term.backend().buffer()), links)
    };
    let (plain, none) = draw(false);
    assert!(none.is_empty());
    assert!(
        plain.contains("<https://github.com/horovod/horovod>"),
        "addresses show without OSC 8:\n{plain}"
    );
    let (clickable, links) = draw(true);
    assert!(
        !clickable.contains("<https://github.com/horovod/horovod>"),
        "{clickable}"
    );
    let horovod = links
        .iter()
        .find(|l| l.url == "https://github.com/horovod/horovod")
        .expect("a link region");
    let row: String = clickable
        .lines()
        .nth(usize::from(horovod.y))
        .unwrap()
        .to_string();
    let cols: String = row
        .chars()
        .skip(usize::from(horovod.x))
        .take(usize::from(horovod.width))
        .collect();
    assert_eq!(cols, "Horovod", "the region covers the link text");
}

#[test]
fn the_glossary_opens_scrolls_and_closes() {
    let mut a = app(Lang::Ko);
    assert!(
        a.workshop.glossary.len() >= 30,
        "the shipped glossary is loaded"
    );
    update(
        &mut a,
        Intent::Resize {
            width: 80,
            height: 24,
        },
    );
    press(&mut a, &[Intent::Glossary]);
    assert_eq!(a.overlay, Some(Overlay::Glossary { scroll: 0 }));
    let first = render(&a);
    assert!(
        first.contains("용어집") && first.contains("Amazon Athena"),
        "{first}"
    );
    press(&mut a, &[Intent::PageDown, Intent::PageDown]);
    let later = render(&a);
    assert_ne!(first, later, "the list scrolls");
    press(&mut a, &[Intent::Bottom, Intent::Down]);
    assert!(render(&a).contains("UpdateEndpointWeightsAndCapacities"));
    // Step navigation waits until the glossary is closed.
    press(&mut a, &[Intent::NextStep]);
    assert_eq!(a.current, 0);
    press(&mut a, &[Intent::Quit]);
    assert_eq!(a.overlay, None);
}

#[test]
fn results_arriving_while_a_value_is_typed_are_not_lost() {
    let mut a = app(Lang::En);
    press(
        &mut a,
        &[
            Intent::NextStep,
            Intent::RunChecks,
            Intent::Paste("kim".into()),
            Intent::Confirm,
        ],
    );
    let s = a.current;
    // Checks are running; the learner opens the values box again.
    press(&mut a, &[Intent::EditValues]);
    assert!(matches!(a.overlay, Some(Overlay::Ask { .. })));
    update(
        &mut a,
        Outcome::Task {
            step: s,
            task: TaskId::Check(0),
            status: TaskStatus::Passed(None),
        },
    );
    update(
        &mut a,
        Outcome::Task {
            step: s,
            task: TaskId::Check(1),
            status: TaskStatus::Passed(None),
        },
    );
    update(
        &mut a,
        Intent::Resize {
            width: 120,
            height: 40,
        },
    );
    assert_eq!(a.step_state(s), StepState::Done, "the results landed");
    assert_eq!(a.size.width, 120);
    assert!(
        matches!(a.overlay, Some(Overlay::Ask { .. })),
        "and the box is still open"
    );
}

#[test]
fn a_step_with_several_actions_waits_for_the_learner_to_check() {
    let mut a = app(Lang::En);
    let canary = step(&a, "lab2-canary");
    for d in &mut a.done[..canary] {
        *d = true;
    }
    a.current = canary;
    a.activity_cursor = 1;
    a.learner_vars.insert("initial".into(), "kim".into());
    // A canary stage changes a serving endpoint: it says what changes and asks first.
    let effects = press(&mut a, &[Intent::Activate]);
    assert!(effects.is_empty(), "{effects:?}");
    assert!(matches!(
        a.overlay,
        Some(Overlay::ConfirmChange { index: 1, .. })
    ));
    let screen = render(&a);
    assert!(screen.contains("half the traffic each"), "{screen}");
    assert!(screen.contains("shows Updating and keeps"), "{screen}");
    let effects = press(&mut a, &[Intent::Confirm]);
    assert!(matches!(
        effects.as_slice(),
        [Effect::RunAction { index: 1, .. }]
    ));
    let u = update(
        &mut a,
        Outcome::Task {
            step: canary,
            task: TaskId::Action(1),
            status: TaskStatus::Passed(None),
        },
    );
    assert!(
        !u.effects
            .iter()
            .any(|e| matches!(e, Effect::RunChecks { .. })),
        "the first canary stage alone does not finish the step"
    );
    assert_ne!(a.step_state(canary), StepState::Done);
}

#[test]
fn the_cost_meter_counts_and_quitting_while_billing_asks_first() {
    use labguide::app::Meter;
    use labguide::app::inventory::{Item, ItemKind, PerHour};
    let mut a = app(Lang::En);
    let endpoint = Item {
        kind: ItemKind::Resource {
            kind: labguide::cloud::ResourceKind::Endpoint,
        },
        name: "tensorflow-training-1".into(),
        state: "InService".into(),
        per_hour: PerHour::Known(2.0),
        why: labguide::app::provenance::Why::Role,
    };
    update(
        &mut a,
        Outcome::Meter(Meter {
            at: 1000.0,
            items: vec![endpoint.clone()],
        }),
    );
    update(
        &mut a,
        Outcome::Meter(Meter {
            at: 1000.0 + 1800.0,
            items: vec![endpoint],
        }),
    );
    assert!(
        (a.accrued - 1.0).abs() < 1e-9,
        "half an hour at $2: {}",
        a.accrued
    );
    assert!(
        render(&a).contains("$2.00/h, $1.00 so far"),
        "{}",
        render(&a)
    );
    assert_eq!(a.progress().accrued_usd, a.accrued);

    let effects = press(&mut a, &[Intent::Quit]);
    assert!(effects.is_empty());
    assert_eq!(a.overlay, Some(Overlay::ConfirmQuit));
    assert!(render(&a).contains("tensorflow-training-1"));
    press(&mut a, &[Intent::GoToCleanup]);
    assert_eq!(a.workshop.steps[a.current].id, "cleanup-endpoints");
    let effects = press(&mut a, &[Intent::Quit, Intent::Confirm]);
    assert!(effects.contains(&Effect::Quit));

    // Nothing billing: q quits straight away.
    let mut b = app(Lang::En);
    update(
        &mut b,
        Outcome::Meter(Meter {
            at: 0.0,
            items: vec![],
        }),
    );
    assert!(press(&mut b, &[Intent::Quit]).contains(&Effect::Quit));
}

/// The header, the `$` list, the quit question and `status` say the same sum to the cent:
/// $0.115 and $0.12 an hour are $0.24 everywhere, not $0.23 in one place and $0.235 in
/// another.
#[test]
fn every_place_that_sums_the_meter_says_the_same_cents() {
    use labguide::app::Meter;
    use labguide::app::inventory::{Item, ItemKind, PerHour};
    use labguide::app::provenance::Why;
    let mut a = app(Lang::En);
    let item = |name: &str, p| Item {
        kind: ItemKind::Resource {
            kind: labguide::cloud::ResourceKind::Endpoint,
        },
        name: name.into(),
        state: "InService".into(),
        per_hour: PerHour::Known(p),
        why: Why::Role,
    };
    let items = vec![item("lg-kim-a", 0.115), item("lg-kim-b", 0.12)];
    update(
        &mut a,
        Outcome::Meter(Meter {
            at: 0.0,
            items: items.clone(),
        }),
    );
    let header = render(&a);
    assert!(header.contains("$0.24/h"), "{header}");
    press(&mut a, &[Intent::Costs]);
    let list = render(&a);
    assert!(list.contains("$0.24/h"), "{list}");
    press(&mut a, &[Intent::Close, Intent::Quit]);
    assert_eq!(a.overlay, Some(Overlay::ConfirmQuit));
    let quit = render(&a);
    assert!(quit.contains("$0.24/h"), "{quit}");
    let i18n = labguide::i18n::I18n::embedded();
    let status = labguide::ui::plain::total_line(&items, &i18n, Lang::En);
    assert!(status.contains("$0.24 an hour"), "{status}");
    for place in [&header, &list, &quit, &status] {
        assert!(
            !place.contains("0.235") && !place.contains("$0.23/h"),
            "{place}"
        );
    }
}

/// An Athena query bills once, by what it scanned: its cost joins what was billed so far
/// (header and quit question), where the hourly meter alone would never count it.
#[test]
fn a_query_adds_its_cost_to_what_was_billed_so_far() {
    use labguide::app::{QueryReport, Report, TaskId, TaskStatus};
    let mut a = app(Lang::En);
    update(
        &mut a,
        Outcome::Meter(labguide::app::Meter {
            at: 0.0,
            items: vec![],
        }),
    );
    let athena = step(&a, "lab1-athena");
    let report = |cost| {
        TaskStatus::Passed(Some(Report::Query(Box::new(QueryReport {
            query: "ctas".into(),
            state: "SUCCEEDED".into(),
            scanned_bytes: 50 * 1024 * 1024 * 1024,
            cost,
            columns: vec![],
            rows: vec![],
            output: None,
        }))))
    };
    update(
        &mut a,
        Outcome::Task {
            step: athena,
            task: TaskId::Action(0),
            status: report(Some(0.25)),
        },
    );
    assert!((a.accrued - 0.25).abs() < 1e-9, "{}", a.accrued);
    assert!(render(&a).contains("$0.25 so far"), "{}", render(&a));
    // No price for the region: nothing is added (and nothing made up).
    update(
        &mut a,
        Outcome::Task {
            step: athena,
            task: TaskId::Action(0),
            status: report(None),
        },
    );
    assert!((a.accrued - 0.25).abs() < 1e-9, "{}", a.accrued);
    assert_eq!(a.progress().accrued_usd, a.accrued, "kept across a restart");
}

#[test]
fn throttling_shows_a_badge_not_an_error() {
    let mut a = app(Lang::En);
    update(&mut a, Outcome::BackingOff(true));
    let screen = render(&a);
    assert!(screen.contains("[AWS busy: backing off]"), "{screen}");
    assert!(a.notice.is_none(), "no error message for it");
    update(&mut a, Outcome::BackingOff(false));
    assert!(!render(&a).contains("backing off"));
}

#[test]
fn the_cleanup_question_lists_what_will_go_and_what_it_costs() {
    use labguide::app::Meter;
    use labguide::app::inventory::{Item, ItemKind, PerHour};
    let mut a = app(Lang::En);
    let cleanup = step(&a, "cleanup-verify");
    for d in &mut a.done[..cleanup] {
        *d = true;
    }
    a.current = cleanup;
    use labguide::app::provenance::Why;
    let item = |kind, name: &str, per_hour, why| Item {
        kind,
        name: name.into(),
        state: String::new(),
        per_hour,
        why,
    };
    let endpoint = || ItemKind::Resource {
        kind: labguide::cloud::ResourceKind::ComprehendEndpoint,
    };
    update(
        &mut a,
        Outcome::Meter(Meter {
            at: 0.0,
            items: vec![
                item(
                    ItemKind::Stack,
                    "AIMLWorkshop-kim",
                    PerHour::NotHourly,
                    Why::Named,
                ),
                item(
                    ItemKind::Notebook { stack: None },
                    "sagemaker-hol-lab-kim",
                    PerHour::Known(0.23),
                    Why::Named,
                ),
                item(
                    endpoint(),
                    "comprehend-inference-ep-1",
                    PerHour::Known(1.8),
                    Why::Shared(2),
                ),
                item(
                    endpoint(),
                    "pytorch-inference-lee-ep",
                    PerHour::NotHourly,
                    Why::NotYours,
                ),
            ],
        }),
    );
    // The cleanup action (the first of the step) asks with the list.
    let effects = press(&mut a, &[Intent::Activate]);
    assert!(effects.is_empty());
    assert!(matches!(a.overlay, Some(Overlay::ConfirmDelete { .. })));
    let screen = render(&a);
    assert!(
        screen.contains("AIMLWorkshop-kim") && screen.contains("$0.230/h"),
        "{screen}"
    );
    // Three lists, in this order: what goes, what is kept for the class (with its cost),
    // what is not the learner's.
    let at = |text: &str| {
        screen
            .find(text)
            .unwrap_or_else(|| panic!("{text}:\n{screen}"))
    };
    assert!(at("Yours, deleted (2)") < at("AIMLWorkshop-kim"));
    assert!(at("AIMLWorkshop-kim") < at("Shared by the class, kept for classmates (1)"));
    assert!(at("kept for classmates (1)") < at("comprehend-inference-ep-1"));
    assert!(screen.contains("$1.800/h"), "{screen}");
    assert!(at("comprehend-inference-ep-1") < at("Not yours, left alone (1)"));
    assert!(at("Not yours, left alone (1)") < at("pytorch-inference-lee-ep"));
    let effects = press(&mut a, &[Intent::Confirm]);
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::RunAction { task, .. } if task.kind() == "cleanup"))
    );
}

#[test]
fn a_notebook_sign_in_link_is_shown_whole_and_copyable() {
    let mut a = app(Lang::En);
    let notebook = step(&a, "setup-notebook");
    for d in &mut a.done[..notebook] {
        *d = true;
    }
    a.current = notebook;
    update(
        &mut a,
        Intent::Resize {
            width: 160,
            height: 48,
        },
    );
    let url = format!(
        "https://sagemaker-hol-lab-kim.notebook.us-east-1.sagemaker.aws/auth?token={}",
        "x".repeat(180)
    );
    update(
        &mut a,
        Outcome::Task {
            step: notebook,
            task: TaskId::Action(0),
            status: TaskStatus::Passed(Some(labguide::app::Report::NotebookUrl {
                url: url.clone(),
            })),
        },
    );
    let g = a.geometry().unwrap();
    let screen = render(&a);
    // The activity column, read back line by line and joined, holds the whole link.
    let column: String = screen
        .lines()
        .map(|l| {
            l.chars()
                .skip(usize::from(g.activity.x) + 1)
                .collect::<String>()
        })
        .map(|l| l.trim_end().to_string())
        .collect::<Vec<_>>()
        .join("");
    assert!(column.contains(&url), "{screen}");
}

/// What a watcher reports about lab 3's training job, as the sim would have it.
fn training_detail(status: &str, secondary: &str) -> labguide::cloud::Detail {
    labguide::cloud::Detail {
        name: "sdp-dist-training-job-1".into(),
        status: status.into(),
        secondary: Some(secondary.into()),
        created: 1000.0,
        instance_type: Some("ml.p3.16xlarge".into()),
        instance_count: 2,
        billable_seconds: Some(600.0),
        metric_definitions: vec![("train:Loss".into(), "Train_Loss=(.*?):".into())],
        ..Default::default()
    }
}

#[test]
fn the_step_tells_the_watchers_what_to_follow_and_the_live_view_shows_it() {
    use labguide::app::{LiveUpdate, Target};
    use labguide::cloud::ResourceKind;
    let mut a = app(Lang::En);
    a.size = ratatui::layout::Rect::new(0, 0, 100, 30);
    a.current = step(&a, "lab3-training");
    // Until the learner has given initials, the names are not known: nothing to watch.
    assert_eq!(a.watch_targets(), vec![]);
    a.learner_vars.insert("initial".into(), "kim".into());
    let target = Target {
        kind: ResourceKind::TrainingJob,
        prefix: "lg-kim-lab3-amp-".into(),
    };
    let fp32 = Target {
        kind: ResourceKind::TrainingJob,
        prefix: "lg-kim-lab3-fp32-".into(),
    };
    assert_eq!(a.watch_targets(), vec![target.clone(), fp32.clone()]);
    // Going to another step changes what is watched: the runner is told.
    let effects = press(&mut a, &[Intent::PrevStep]);
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::Watch(t) if t.is_empty())),
        "{effects:?}"
    );
    let effects = press(&mut a, &[Intent::NextStep]);
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::Watch(t) if *t == vec![target.clone(), fp32.clone()]))
    );
    for news in [
        LiveUpdate::Detail(Box::new(training_detail("InProgress", "Training"))),
        LiveUpdate::Log {
            lines: (0..30)
                .map(|i| format!("Epoch: [0][{i}/92] Train_Loss=1.{i}:(1.5)"))
                .collect(),
            points: vec![("train:Loss".into(), 1100.0, 1.2)],
            skipped: 0,
        },
    ] {
        let u = update(
            &mut a,
            Outcome::Live {
                target: target.clone(),
                update: news,
                at: 1200.0,
            },
        );
        assert!(u.redraw, "news about the shown step is drawn");
    }
    let screen = render(&a);
    assert!(screen.contains("Training"), "{screen}");
    assert!(screen.contains("w: live view"), "{screen}");

    press(&mut a, &[Intent::ToggleLive]);
    // The first frame is the view without its charts (less than a second on a 64 kbit/s
    // link); the next tick draws them.
    assert!(a.wants_tick(), "the charts wait for a tick");
    let screen = render(&a);
    assert!(screen.contains("Log, following"), "{screen}");
    assert!(!screen.contains("algo-1 CPU"), "{screen}");
    assert!(update(&mut a, Intent::Tick).redraw);
    assert!(!a.wants_tick(), "nothing runs and the charts are drawn");
    let screen = render(&a);
    assert!(screen.contains("algo-1 CPU"), "{screen}");
    assert!(
        !update(&mut a, Intent::Tick).redraw,
        "a tick now changes nothing"
    );
    // A new size draws everything again: the charts follow once more.
    let (width, height) = (a.size.width, a.size.height);
    update(&mut a, Intent::Resize { width, height });
    assert!(!render(&a).contains("algo-1 CPU"));
    update(&mut a, Intent::Tick);
    let screen = render(&a);
    assert!(screen.contains("algo-1 CPU"), "{screen}");
    // So does another resource (Tab); moving in the log keeps them.
    press(&mut a, &[Intent::NextTarget]);
    assert!(matches!(
        a.overlay,
        Some(Overlay::Live { charts: false, .. })
    ));
    press(&mut a, &[Intent::PrevPane]);
    update(&mut a, Intent::Tick);
    press(&mut a, &[Intent::Bottom]);
    assert!(matches!(
        a.overlay,
        Some(Overlay::Live { charts: true, .. })
    ));
    assert!(screen.contains("ml.p3.16xlarge × 2"), "{screen}");
    assert!(
        screen.contains("Log, following (30 lines so far)"),
        "{screen}"
    );
    assert!(
        screen.contains("Train_Loss=1.29"),
        "the newest line shows: {screen}"
    );

    // Scrolling back pauses the tail; new lines wait until it follows again.
    press(&mut a, &[Intent::Up]);
    assert!(matches!(
        a.overlay,
        Some(Overlay::Live {
            paused_at: Some(30),
            scroll: 1,
            ..
        })
    ));
    update(
        &mut a,
        Outcome::Live {
            target: target.clone(),
            update: LiveUpdate::Log {
                lines: vec!["Epoch: [1][0/92] Train_Loss=0.9:(0.9)".into()],
                points: vec![],
                skipped: 0,
            },
            at: 1300.0,
        },
    );
    let screen = render(&a);
    assert!(screen.contains("Log paused: 1 new lines"), "{screen}");
    assert!(!screen.contains("Train_Loss=0.9"), "{screen}");
    assert!(
        !screen.contains("Train_Loss=1.29"),
        "scrolled one line back: {screen}"
    );
    press(&mut a, &[Intent::PauseLog]);
    let screen = render(&a);
    assert!(
        screen.contains("Train_Loss=0.9"),
        "following again: {screen}"
    );

    // The job goes on but its log says nothing: after two minutes the heading says since
    // when (1300 s after the epoch is 00:21 UTC; 09:21 for a learner in Seoul).
    let quiet = |a: &mut labguide::app::App, at: f64| {
        update(
            a,
            Outcome::Live {
                target: target.clone(),
                update: LiveUpdate::Detail(Box::new(training_detail("InProgress", "Training"))),
                at,
            },
        );
        render(a)
    };
    let screen = quiet(&mut a, 1300.0 + 60.0);
    assert!(screen.contains("Log, following (31 lines"), "{screen}");
    let screen = quiet(&mut a, 1300.0 + 7.0 * 60.0);
    assert!(
        screen.contains("nothing new since 00:21 (7 min; 31 lines in all)"),
        "{screen}"
    );
    a.utc_offset = 9 * 3600;
    assert!(render(&a).contains("nothing new since 09:21"));
    press(&mut a, &[Intent::Close]);
    assert!(a.overlay.is_none());
}

#[test]
fn a_step_that_starts_nothing_says_so_instead_of_an_empty_live_view() {
    let mut a = app(Lang::Ko);
    press(&mut a, &[Intent::ToggleLive]);
    assert!(a.overlay.is_none());
    assert_eq!(a.notice.as_ref().map(|n| n.id), Some("notice-nothing-live"));
}

#[test]
fn the_calls_overlay_lists_what_was_asked_in_the_last_minute() {
    let mut a = app(Lang::En);
    a.size = ratatui::layout::Rect::new(0, 0, 100, 30);
    press(&mut a, &[Intent::ToggleCalls]);
    let u = update(
        &mut a,
        Outcome::Calls(vec![
            ("sagemaker:DescribeTrainingJob".into(), 5),
            ("sagemaker:ListTrainingJobs".into(), 2),
        ]),
    );
    assert!(u.redraw);
    let screen = render(&a);
    assert!(screen.contains("DescribeTrainingJob"), "{screen}");
    assert!(screen.contains("sagemaker"), "{screen}");
    assert!(screen.contains("7 calls in all"), "{screen}");
    press(&mut a, &[Intent::Close]);
    assert!(a.overlay.is_none());
}

#[test]
fn a_refused_launch_offers_its_smaller_choice_on_a_key() {
    use labguide::app::{Alternative, Report};
    let mut a = app(Lang::En);
    a.size = ratatui::layout::Rect::new(0, 0, 100, 30);
    let s = step(&a, "lab3-training");
    for d in &mut a.done[..s] {
        *d = true;
    }
    a.current = s;
    a.learner_vars.insert("initial".into(), "kim".into());
    // Nothing was offered yet: the key says so and does nothing.
    let effects = press(&mut a, &[Intent::UseAlternative]);
    assert!(effects.is_empty(), "{effects:?}");
    update(
        &mut a,
        Outcome::Task {
            step: s,
            task: TaskId::Action(1),
            status: TaskStatus::Failed(Report::LaunchQuota {
                instance_type: "ml.g5.12xlarge".into(),
                have: 0.0,
                need: 2,
                instead: Some(Box::new(Alternative {
                    index: 2,
                    job: "lab3-amp".into(),
                    instance_type: "ml.g5.xlarge".into(),
                    instance_count: 1,
                    per_hour: Some(1.408),
                })),
            }),
        },
    );
    assert_eq!(a.notice.as_ref().map(|n| n.id), Some("notice-alternative"));
    let effects = press(&mut a, &[Intent::UseAlternative]);
    assert_eq!(
        a.learner_vars.get("lab3-amp-fallback").map(String::as_str),
        Some("2")
    );
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::Save(p) if p.vars.get("lab3-amp-fallback").map(String::as_str) == Some("2"))),
        "the choice is kept: {effects:?}"
    );
    // It asks first, at the fallback's price.
    match &a.overlay {
        Some(Overlay::ConfirmCost {
            index: 1, per_hour, ..
        }) => {
            assert_eq!(*per_hour, Some(1.408));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn y_copies_the_code_in_view_with_the_learners_names_and_again_the_next_block() {
    let mut a = app(Lang::En);
    // A step with no code says so instead of copying nothing.
    assert!(copied(&press(&mut a, &[Intent::CopyCode])).is_empty());
    assert_eq!(a.overlay, None);
    assert!(render(&a).contains("no code block to copy"));

    // Before the initials are typed, the placeholder says what goes there.
    let before = copied(&press(&mut a, &[Intent::NextStep, Intent::CopyCode]));
    assert!(
        before[0].contains("--stack-name AIMLWorkshop-<initials>"),
        "{before:?}"
    );
    press(&mut a, &[Intent::Close]);
    a.learner_vars.insert("initial".into(), "kim".into());
    let text = copied(&press(&mut a, &[Intent::CopyCode]));
    assert_eq!(
        text,
        [
            "aws cloudformation describe-stacks --stack-name AIMLWorkshop-kim \\\n  \
          --query \"Stacks[0].[StackStatus,Outputs]\" --output json"
        ]
    );
    assert_eq!(a.overlay, Some(Overlay::Code { index: 0 }));
    let screen = render(&a);
    assert!(screen.contains("--stack-name AIMLWorkshop-kim"), "{screen}");
    press(&mut a, &[Intent::Close]);
    assert_eq!(a.overlay, None);

    // Two blocks: the second `y` copies the second, a third goes round to the first.
    a.current = step(&a, "cleanup-comprehend");
    let first = copied(&press(&mut a, &[Intent::CopyCode]));
    let second = copied(&press(&mut a, &[Intent::CopyCode]));
    let third = copied(&press(&mut a, &[Intent::CopyCode]));
    assert!(
        first[0].starts_with("labguide cleanup --dry-run"),
        "{first:?}"
    );
    assert_eq!(
        second,
        ["aws comprehend delete-endpoint --endpoint-arn ENDPOINT_ARN"]
    );
    assert_eq!(third, first);
    assert_eq!(a.overlay, Some(Overlay::Code { index: 0 }));
}

#[test]
fn an_account_not_known_yet_reads_as_a_placeholder_but_no_task_uses_it() {
    let mut a = app(Lang::Ko);
    a.backend.account = None;
    assert_eq!(a.vars_for_text(Lang::Ko)["account"], "<계정-ID>");
    // A task would otherwise ask AWS about `sagemaker-us-east-1-<account>`.
    assert!(!a.vars_for_tasks().contains_key("account"));
}

#[test]
fn m_shows_the_step_done_by_hand_scrolls_it_and_copies_its_commands() {
    let mut a = app(Lang::En);
    // A step that only explains has nothing to do by hand, and says so.
    press(&mut a, &[Intent::ByHand]);
    assert_eq!(a.overlay, None);
    assert!(
        render(&a).contains("nothing to do by hand"),
        "{}",
        render(&a)
    );

    let s = step(&a, "setup-stack");
    a.current = s;
    a.learner_vars.insert("initial".into(), "kim".into());
    press(&mut a, &[Intent::Close, Intent::ByHand]);
    assert_eq!(a.overlay, Some(Overlay::ByHand { scroll: 0 }));
    let screen = render(&a);
    assert!(
        screen.contains("By hand: Launch the CloudFormation stack"),
        "{screen}"
    );
    // The learner's own names, not the variables or the placeholders.
    assert!(screen.contains("AIMLWorkshop-kim"), "{screen}");
    assert!(
        !screen.contains("${") && !screen.contains("<initials>"),
        "{screen}"
    );

    // Scrolling stops at the end; the window's keys do not reach the step behind it.
    press(&mut a, &[Intent::Bottom]);
    let Some(Overlay::ByHand { scroll: bottom }) = a.overlay else {
        panic!("{:?}", a.overlay)
    };
    assert!(bottom > 0, "the text is longer than the window");
    press(&mut a, &[Intent::Down, Intent::PageDown]);
    assert_eq!(a.overlay, Some(Overlay::ByHand { scroll: bottom }));
    press(&mut a, &[Intent::NextStep]);
    assert_eq!(a.current, s);

    // y copies the code block in view, whole, with the names filled in.
    let code = copied(&press(&mut a, &[Intent::CopyCode]));
    assert_eq!(code.len(), 1);
    assert!(
        code[0].contains("--stack-name AIMLWorkshop-kim"),
        "{code:?}"
    );
    assert!(!code[0].contains("${"), "{code:?}");
    assert!(matches!(a.overlay, Some(Overlay::ByHand { .. })));

    press(&mut a, &[Intent::Top, Intent::ByHand]);
    assert_eq!(a.overlay, None, "m again closes it");
    a.lang = Lang::Ko;
    press(&mut a, &[Intent::ByHand]);
    assert!(render(&a).contains("직접 하기:"), "{}", render(&a));
    press(&mut a, &[Intent::Close]);
    assert_eq!(a.overlay, None);
}

/// What the effects put on the clipboard.
fn copied(effects: &[Effect]) -> Vec<String> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Copy(text) => Some(text.clone()),
            _ => None,
        })
        .collect()
}

/// What the learner's labguide tells the class: nothing before the initials are known;
/// then the step, the count done, a failing check's kind and the meter's $/h; nothing
/// again on the step that proves nothing is left (the note must be gone by then).
#[test]
fn the_class_hears_where_the_learner_is_once_the_initials_are_known() {
    use labguide::app::{Meter, TaskStatus};
    let mut a = app(Lang::En);
    assert_eq!(a.class_status(), None);
    a.learner_vars.insert("initial".into(), "kim".into());
    let athena = step(&a, "lab1-athena");
    for d in &mut a.done[..athena] {
        *d = true;
    }
    a.current = athena;
    let s = a
        .class_status()
        .expect("published once the initials are known");
    assert_eq!(s.bucket, "sagemaker-us-east-1-123456789012");
    assert_eq!(
        (s.step.as_str(), s.done, s.total),
        ("lab1-athena", athena, a.done.len())
    );
    assert_eq!(s.failing, None);
    assert_eq!(s.usd_hour, None, "no meter reading yet");
    a.tasks[athena].checks[0] =
        TaskStatus::Failed(labguide::app::Report::StackMissing { stack: "x".into() });
    update(
        &mut a,
        Outcome::Meter(Meter {
            at: 0.0,
            items: vec![],
        }),
    );
    let s = a.class_status().unwrap();
    assert_eq!(s.failing.as_deref(), Some("objects_exist"));
    assert_eq!(s.usd_hour, Some(0.0));
    a.current = step(&a, "cleanup-verify");
    assert_eq!(a.class_status(), None);
}
