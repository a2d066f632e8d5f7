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
