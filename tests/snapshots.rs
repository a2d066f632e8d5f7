//! Whole screens, as the terminal shows them, in both languages at the smallest supported
//! size and at a large one.

mod common;

use std::time::Duration;

use labguide::app::{App, Intent, Outcome, Overlay, StackView, TaskId, TaskStatus, update};
use labguide::cloud::StackResource;
use labguide::i18n::Lang;

fn at(lang: Lang, step: &str, width: u16, height: u16) -> App {
    let mut app = common::app(lang);
    // Everything before the step is done, so it is open rather than locked.
    let i = common::step(&app, step);
    for d in &mut app.done[..i] {
        *d = true;
    }
    app.current = i;
    app.list_cursor = i;
    update(&mut app, Intent::Resize { width, height });
    app
}

fn snap(name: &str, app: &App) {
    insta::assert_snapshot!(name, common::render(app));
}

#[test]
fn welcome_in_both_languages_and_sizes() {
    for (lang, code) in [(Lang::Ko, "ko"), (Lang::En, "en")] {
        for (w, h) in [(80, 24), (160, 48)] {
            snap(
                &format!("welcome_{code}_{w}x{h}"),
                &at(lang, "setup-welcome", w, h),
            );
        }
    }
}

#[test]
fn korean_step_with_table_list_and_code() {
    for (w, h) in [(80, 24), (160, 48)] {
        let mut app = at(Lang::Ko, "setup-stack", w, h);
        snap(&format!("setup_stack_ko_{w}x{h}_top"), &app);
        // Further down: the list and the code block.
        update(&mut app, Intent::Bottom);
        snap(&format!("setup_stack_ko_{w}x{h}_bottom"), &app);
    }
    let mut app = at(Lang::En, "setup-stack", 160, 48);
    update(&mut app, Intent::Bottom);
    snap("setup_stack_en_160x48_bottom", &app);
}

#[test]
fn a_stack_being_created() {
    let mut app = at(Lang::Ko, "setup-stack", 160, 48);
    let step = app.current;
    // The launch asks for the initials first; answered, the action runs.
    update(&mut app, Intent::Activate);
    for c in "kim".chars() {
        update(&mut app, Intent::Type(c));
    }
    update(&mut app, Intent::Confirm);
    assert_eq!(app.overlay, None, "the initials are answered");
    assert_eq!(app.tasks[step].actions[0], TaskStatus::Running);
    let row = |id: &str, kind: &str, status: &str, secs| StackResource {
        logical_id: id.into(),
        kind: kind.into(),
        status: status.into(),
        reason: None,
        elapsed: Duration::from_secs(secs),
    };
    update(
        &mut app,
        Outcome::Stack {
            step,
            view: StackView {
                name: "AIMLWorkshop-kim".into(),
                status: "CREATE_IN_PROGRESS".into(),
                reason: None,
                resources: vec![
                    row(
                        "NotebookExecutionRole",
                        "AWS::IAM::Role",
                        "CREATE_COMPLETE",
                        18,
                    ),
                    row(
                        "LabsLifecycleConfig",
                        "AWS::SageMaker::NotebookInstanceLifecycleConfig",
                        "CREATE_COMPLETE",
                        2,
                    ),
                    row(
                        "NotebookInstance",
                        "AWS::SageMaker::NotebookInstance",
                        "CREATE_IN_PROGRESS",
                        95,
                    ),
                ],
                outputs: vec![],
                elapsed: Duration::from_secs(117),
            },
        },
    );
    snap("stack_creating_ko_160x48", &app);
    update(
        &mut app,
        Intent::Resize {
            width: 80,
            height: 24,
        },
    );
    snap("stack_creating_ko_80x24", &app);
    update(
        &mut app,
        Outcome::Task {
            step,
            task: TaskId::Action(0),
            status: TaskStatus::Failed(labguide::app::Report::Cloud(
                labguide::cloud::CloudError::Unreachable {
                    endpoint: "http://127.0.0.1:1".into(),
                },
            )),
        },
    );
    snap("stack_unreachable_ko_80x24", &app);
}

#[test]
fn help_side_by_side_presenter_and_locked() {
    let mut app = at(Lang::En, "setup-stack", 80, 24);
    update(&mut app, Intent::Help);
    assert_eq!(app.overlay, Some(Overlay::Help));
    snap("help_en_80x24", &app);
    update(&mut app, Intent::Close);
    update(&mut app, Intent::ToggleLang);
    update(&mut app, Intent::Help);
    snap("help_ko_80x24", &app);
    update(&mut app, Intent::Close);

    let mut both = at(Lang::Ko, "lab1-overview", 160, 48);
    update(&mut both, Intent::ToggleSideBySide);
    snap("side_by_side_160x48", &both);

    let mut present = at(Lang::Ko, "lab2-canary", 80, 24);
    update(&mut present, Intent::TogglePresent);
    snap("present_ko_80x24", &present);
    update(
        &mut present,
        Intent::Resize {
            width: 160,
            height: 48,
        },
    );
    snap("present_ko_160x48", &present);

    let mut locked = common::app(Lang::En);
    update(
        &mut locked,
        Intent::Resize {
            width: 80,
            height: 24,
        },
    );
    for _ in 0..4 {
        update(&mut locked, Intent::NextStep);
    }
    snap("locked_en_80x24", &locked);

    let mut ask = at(Lang::Ko, "setup-stack", 80, 24);
    update(&mut ask, Intent::Activate);
    for c in "kim-".chars() {
        update(&mut ask, Intent::Type(c));
    }
    update(&mut ask, Intent::Confirm);
    snap("ask_initial_ko_80x24", &ask);

    let mut confirm = at(Lang::Ko, "setup-notebook", 80, 24);
    update(&mut confirm, Intent::MarkDone);
    snap("confirm_done_ko_80x24", &confirm);
}

#[test]
fn glossary_in_both_languages() {
    for (lang, code) in [(Lang::Ko, "ko"), (Lang::En, "en")] {
        let mut app = at(lang, "lab1-overview", 80, 24);
        update(&mut app, Intent::Glossary);
        snap(&format!("glossary_{code}_80x24"), &app);
    }
}

/// The step done by hand, over the whole window of a small terminal: its commands wrap as
/// little as they can.
#[test]
fn a_step_by_hand_in_both_languages() {
    for (lang, code) in [(Lang::Ko, "ko"), (Lang::En, "en")] {
        let mut app = at(lang, "lab3-quota", 80, 24);
        update(&mut app, Intent::ByHand);
        snap(&format!("by_hand_lab3_quota_{code}_80x24"), &app);
    }
}

/// A launch asks first with what it starts, the image, the data it reads and the price.
#[test]
fn a_launch_is_confirmed_with_what_it_starts_in_both_languages() {
    for (lang, code) in [(Lang::En, "en"), (Lang::Ko, "ko")] {
        let mut app = at(lang, "lab3-training", 80, 24);
        app.learner_vars.insert("initial".into(), "kim".into());
        // The second action: the amp run on 2 x ml.g5.12xlarge.
        app.activity_cursor = 1;
        update(&mut app, Intent::Activate);
        assert!(
            matches!(
                app.overlay,
                Some(labguide::app::Overlay::ConfirmCost { .. })
            ),
            "{:?}",
            app.overlay
        );
        let frame = common::render(&app);
        for expected in ["ml.g5.12xlarge", "14.18", "kim/lab3/data/"] {
            assert!(frame.contains(expected), "{expected:?} in\n{frame}");
        }
        snap(&format!("confirm_launch_{code}_80x24"), &app);
    }
}

/// On a projector: no account id (the header, bucket names, ARNs) and nothing the learner
/// typed, in either language; the same step out of presenter mode shows them.
#[test]
fn presenter_mode_masks_the_account_and_what_the_learner_typed() {
    for (lang, code) in [(Lang::Ko, "ko"), (Lang::En, "en")] {
        let mut app = at(lang, "lab1-dataset", 160, 48);
        app.learner_vars.insert("initial".into(), "kim".into());
        app.learner_vars.insert(
            "role_arn".into(),
            "arn:aws:iam::123456789012:role/classroom-admin".into(),
        );
        let plain = common::render(&app);
        assert!(plain.contains("123456789012"), "{plain}");
        assert!(plain.contains("kim"), "{plain}");
        update(&mut app, Intent::TogglePresent);
        let shown = common::render(&app);
        assert!(!shown.contains("123456789012"), "{shown}");
        assert!(!shown.contains("kim"), "{shown}");
        assert!(shown.contains("************"), "{shown}");
        snap(&format!("present_masked_{code}_160x48"), &app);
    }
}
