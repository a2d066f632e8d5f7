//! The real binary in a real terminal (tmux): it starts, shows Korean, switches language,
//! moves on, and gives the terminal back however it ends: `q`, SIGTERM, SIGHUP.

mod common;

use common::tmux::Tmux;

/// Starts labguide in the pane, in Korean from the locale, on the simulated AWS.
fn launch(t: &Tmux) {
    let bin = env!("CARGO_BIN_EXE_labguide");
    let state = t.state.path().display();
    t.keys(&[
        &format!(
            "clear; LANG=ko_KR.UTF-8 {bin} --state-dir {state} --sim-speed 60; echo EXIT-$?-END"
        ),
        "Enter",
    ]);
}

#[test]
fn start_read_switch_language_move_on_and_quit() {
    let t = Tmux::start("quit");
    launch(&t);
    t.wait_for("워크숍 소개");
    t.wait_for("시뮬레이션 AWS");
    t.keys(&["L"]);
    let english = t.wait_for("Simulated AWS");
    assert!(
        english.contains("Welcome") || english.contains("Steps"),
        "{english}"
    );
    t.keys(&["n"]);
    t.wait_for("Setup / Launch the CloudFormation stack");
    t.keys(&["q"]);
    assert_eq!(t.wait_exit(), 0);
    t.assert_restored();
    let p = t.progress();
    assert_eq!(p["current"], "setup-stack");
    assert_eq!(p["lang"], "en");
    assert_eq!(p["steps"]["setup-welcome"], "done");

    // The next start comes back to the same place, in the saved language.
    t.keys(&["clear", "Enter"]);
    launch(&t);
    t.wait_for("Setup / Launch the CloudFormation stack");
    t.keys(&["C-c"]);
    assert_eq!(t.wait_exit(), 0);
    t.assert_restored();
}

#[test]
fn sigterm_restores_the_terminal_and_keeps_progress() {
    let t = Tmux::start("term");
    launch(&t);
    t.wait_for("워크숍 소개");
    t.keys(&["n"]);
    t.wait_for("CloudFormation 스택 생성");
    t.kill("TERM");
    assert_eq!(t.wait_exit(), 0);
    t.assert_restored();
    assert_eq!(t.progress()["current"], "setup-stack");
}

#[test]
fn sighup_restores_the_terminal_and_keeps_progress() {
    let t = Tmux::start("hup");
    launch(&t);
    t.wait_for("워크숍 소개");
    t.keys(&["n"]);
    t.wait_for("CloudFormation 스택 생성");
    t.kill("HUP");
    assert_eq!(t.wait_exit(), 0);
    t.assert_restored();
    assert_eq!(t.progress()["current"], "setup-stack");
}

#[test]
fn launching_the_stack_in_the_terminal_shows_it_being_built() {
    let t = Tmux::start("stack");
    launch(&t);
    t.wait_for("워크숍 소개");
    t.keys(&["n"]);
    t.wait_for("CloudFormation 스택 생성");
    t.keys(&["Enter"]);
    // The notebook is named after the learner's initials, asked for first.
    t.wait_for("이니셜을 입력하세요");
    t.keys(&["kim", "Enter"]);
    t.wait_for("NotebookExecutionRole");
    // At 60x, the nine-minute stack takes about ten seconds.
    let done = t.wait_for("Jupyter 노트북 열기.");
    assert!(done.contains("CREATE_COMPLETE"), "{done}");
    t.keys(&["q"]);
    // The notebook bills while it runs: quitting says so first.
    t.wait_for("요금이 나가는");
    t.wait_for("y 종료");
    t.keys(&["y"]);
    assert_eq!(t.wait_exit(), 0);
    assert_eq!(t.progress()["steps"]["setup-stack"], "done");
}

#[test]
fn a_panic_restores_the_terminal_then_reports_and_logs() {
    let t = Tmux::start("panic");
    let bin = env!("CARGO_BIN_EXE_labguide");
    let state = t.state.path().display().to_string();
    t.keys(&[
        &format!("clear; LABGUIDE_PANIC_FOR_TEST=1 {bin} --state-dir {state}; echo EXIT-$?-END"),
        "Enter",
    ]);
    assert_eq!(t.wait_exit(), 101, "a panic is a failure");
    let screen = t.screen();
    assert!(
        screen.contains("panic requested by LABGUIDE_PANIC_FOR_TEST"),
        "{screen}"
    );
    t.assert_restored();
    let log = std::fs::read_to_string(t.state.path().join("labguide.log")).unwrap();
    assert!(log.contains("labguide panicked"), "{log}");
}

#[test]
fn real_aws_that_cannot_be_reached_is_said_plainly() {
    let t = Tmux::start("aws");
    // A loopback port nobody listens on: nothing leaves the machine.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let bin = env!("CARGO_BIN_EXE_labguide");
    let state = t.state.path().display().to_string();
    t.keys(&[
        &format!(
            "clear; HOME={state} AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null \
             AWS_EC2_METADATA_DISABLED=true AWS_ACCESS_KEY_ID=AKIDEXAMPLE AWS_SECRET_ACCESS_KEY=secret \
             AWS_ENDPOINT_URL=http://127.0.0.1:{port} {bin} --aws --lang en --state-dir {state}; echo EXIT-$?-END"
        ),
        "Enter",
    ]);
    t.wait_for("(not connected)");
    let screen = t.wait_for(&format!("Cannot reach http://127.0.0.1:{port}"));
    assert!(!screen.contains("secret"), "no secret on screen");
    t.keys(&["q"]);
    assert_eq!(t.wait_exit(), 0);
    t.assert_restored();
    let log = std::fs::read_to_string(t.state.path().join("labguide.log")).unwrap();
    assert!(
        !log.contains("AKIDEXAMPLE") && !log.contains("secret"),
        "no key in the log:\n{log}"
    );
}

/// The live view in the real terminal: playing lab 3's notebook part starts the training
/// job, `w` shows it (charts, rules, log), `f` pauses and follows the log, Esc goes back,
/// and `D` lists the calls made.
#[test]
fn the_live_view_follows_a_training_job_in_the_terminal() {
    let t = Tmux::start_sized("live", 160, 48);
    // Everything before lab 3's training is done.
    let workshop = labguide::workshop::load(&labguide::workshop::Source::Embedded)
        .expect("shipped content loads");
    let mut progress = labguide::app::Progress::new(&workshop.id);
    progress.lang = Some(labguide::i18n::Lang::En);
    progress.current = Some("lab3-training".into());
    progress.vars.insert("initial".into(), "kim".into());
    // The stack step was not played on this sim: the jobs run under a role given here.
    progress.vars.insert(
        "role_arn".into(),
        "arn:aws:iam::123456789012:role/labguide-test".into(),
    );
    for s in workshop
        .steps
        .iter()
        .take_while(|s| s.id != "lab3-training")
    {
        progress
            .steps
            .insert(s.id.clone(), labguide::app::SavedState::Done);
    }
    labguide::store::progress::save(t.state.path(), &progress).expect("progress written");
    let bin = env!("CARGO_BIN_EXE_labguide");
    let state = t.state.path().display();
    // At 600x, the 25-minute job takes under three seconds.
    t.keys(&[
        &format!("clear; {bin} --state-dir {state} --sim-speed 600; echo EXIT-$?-END"),
        "Enter",
    ]);
    t.wait_for("Distributed training");
    t.wait_for("waiting for lg-kim-lab3-amp-*");
    // The first action fetches the images; it asks first with what it starts and costs.
    t.keys(&["Tab", "Enter"]);
    let ask = t.wait_for("This costs money");
    assert!(ask.contains("1 x ml.m5.large"), "{ask}");
    t.keys(&["y"]);
    t.wait_for("✓ start the job lab3-fetch");
    // Then the amp run on 2 x ml.g5.12xlarge, followed live.
    t.keys(&["Down", "Enter"]);
    let ask = t.wait_for("This costs money");
    assert!(ask.contains("2 x ml.g5.12xlarge"), "{ask}");
    t.keys(&["y"]);
    t.wait_for("training job InProgress");
    t.keys(&["w"]);
    let screen = t.wait_for("algo-2 GPU");
    assert!(screen.contains("ml.g5.12xlarge × 2"), "{screen}");
    let screen = t.wait_for("Rules:");
    assert!(screen.contains("train:loss"), "{screen}");
    let screen = t.wait_for("Log, following");
    assert!(screen.contains("images_per_sec="), "{screen}");
    t.keys(&["f"]);
    t.wait_for("Log paused:");
    t.keys(&["f"]);
    t.wait_for("Log, following");
    // The job finishes: the view says so and the watcher lets go.
    t.wait_for_within("Completed", std::time::Duration::from_secs(60));
    t.keys(&["Escape"]);
    t.wait_gone("Log, following", std::time::Duration::from_secs(10));
    t.keys(&["D"]);
    let calls = t.wait_for("API calls, last minute");
    assert!(calls.contains("DescribeTrainingJob"), "{calls}");
    t.keys(&["q"]);
    t.keys(&["C-c"]);
    assert_eq!(t.wait_exit(), 0);
    t.assert_restored();
}

#[test]
fn y_puts_the_code_block_in_view_on_the_clipboard_and_shows_it_alone() {
    let t = Tmux::start("copy");
    // Lets the program set tmux's paste buffer with OSC 52, as a terminal's clipboard would.
    t.tmux(&["set", "-g", "set-clipboard", "on"]);
    launch(&t);
    t.wait_for("워크숍 소개");
    t.keys(&["n"]);
    t.wait_for("CloudFormation 스택 생성");
    t.keys(&["y"]);
    let screen = t.wait_for("클립보드로 보냈습니다");
    let command = "aws cloudformation describe-stacks --stack-name AIMLWorkshop-<이니셜> \\";
    // Alone and from the first column: the terminal's own selection copies it exactly.
    assert!(screen.lines().any(|l| l.trim_end() == command), "{screen}");
    let buffer = t.tmux(&["show-buffer"]);
    assert_eq!(
        buffer,
        format!("{command}\n  --query \"Stacks[0].[StackStatus,Outputs]\" --output json")
    );
    t.keys(&["Escape"]);
    t.wait_gone("클립보드로 보냈습니다", common::tmux::WAIT);
    t.keys(&["q"]);
    assert_eq!(t.wait_exit(), 0);
    t.assert_restored();
}

/// The instructor's board in a real terminal: a rehearsed class of 40 at 80x24, the ones
/// who need help on top, scrolling, and the terminal given back on q.
#[test]
fn the_class_board_shows_who_needs_help_scrolls_and_quits_cleanly() {
    let t = Tmux::start("board");
    let bin = env!("CARGO_BIN_EXE_labguide");
    let state = t.state.path().display();
    t.keys(&[
        &format!(
            "clear; LANG=en_US.UTF-8 {bin} --state-dir {state} class --sim-learners 40; echo EXIT-$?-END"
        ),
        "Enter",
    ]);
    let screen = t.wait_for("40 learners");
    let rows: Vec<&str> = screen.lines().collect();
    let first = rows
        .iter()
        .position(|l| l.trim_start().starts_with("Learner"))
        .expect("the table's heading");
    assert!(rows[first + 1].contains("stuck"), "{screen}");
    assert!(screen.contains("q quit"), "{screen}");
    t.keys(&["j"]);
    let scrolled = t.wait_until(
        "the board scrolled",
        std::time::Duration::from_secs(5),
        |s| s.lines().nth(first + 1) != Some(rows[first + 1]),
    );
    assert!(scrolled.contains("40 learners"));
    t.keys(&["q"]);
    assert_eq!(t.wait_exit(), 0);
    t.assert_restored();
}

/// The speaker notes in a second terminal follow the presenting labguide: its step shows
/// within a second of each change; when the presenter quits, the notes wait for it, and
/// both give their terminals back.
#[test]
fn the_notes_follow_the_presenter_within_a_second() {
    let presenter = Tmux::start("presenter");
    let notes = Tmux::start("notes");
    let bin = env!("CARGO_BIN_EXE_labguide");
    let state = presenter.state.path().display();
    presenter.keys(&[
        &format!("clear; LANG=en_US.UTF-8 {bin} --state-dir {state} --present; echo EXIT-$?-END"),
        "Enter",
    ]);
    presenter.wait_for("About this workshop");
    notes.keys(&[
        &format!("clear; LANG=en_US.UTF-8 {bin} --state-dir {state} notes; echo EXIT-$?-END"),
        "Enter",
    ]);
    let first = notes.wait_for("About this workshop");
    assert!(first.contains("Setup: 0 of 20 min"), "{first}");
    presenter.keys(&["n"]);
    presenter.wait_for("Launch the CloudFormation stack");
    notes.wait_for_within(
        "Launch the CloudFormation stack",
        std::time::Duration::from_secs(1),
    );
    presenter.keys(&["q"]);
    assert_eq!(presenter.wait_exit(), 0);
    presenter.assert_restored();
    notes.wait_for("looking for the presenter");
    notes.keys(&["q"]);
    assert_eq!(notes.wait_exit(), 0);
    notes.assert_restored();
}
