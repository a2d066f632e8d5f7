//! `labguide run STEP`: the real binary on the simulated AWS, each run in its own state
//! folder, the sim sped up so a step plays in seconds.

use std::path::Path;
use std::process::{Command, Output, Stdio};

/// The sim's fastest speed: a stack or a notebook step settles in a second or two.
const FAST: &str = "10000";

fn command(args: &[&str], state: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_labguide"));
    c.args(args)
        .arg("--state-dir")
        .arg(state)
        .env("LABGUIDE_TEST", "1")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C.UTF-8")
        .env("XDG_STATE_HOME", state);
    c
}

fn labguide(args: &[&str], state: &Path) -> Output {
    command(args, state).output().expect("the binary runs")
}

/// `labguide run ...` in English on a fast sim.
fn run(args: &[&str], state: &Path) -> Output {
    let mut all = vec!["run", "--lang", "en", "--sim-speed", FAST];
    all.extend_from_slice(args);
    labguide(&all, state)
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// What `labguide status --json` finds in the sim of this state folder.
fn resources(state: &Path) -> Vec<serde_json::Value> {
    let out = labguide(&["status", "--json", "--var", "initial=kim"], state);
    assert!(out.status.success(), "{}", stderr(&out));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("status JSON");
    doc["resources"].as_array().cloned().unwrap_or_default()
}

fn workshop() -> labguide::workshop::Workshop {
    labguide::workshop::load(&labguide::workshop::Source::Embedded).expect("the shipped workshop")
}

#[test]
fn a_step_whose_actions_pass_exits_0_and_says_each_result() {
    let dir = tempfile::tempdir().unwrap();
    assert!(resources(dir.path()).is_empty(), "a fresh sim has nothing");
    let out = run(&["setup-stack", "--var", "initial=kim"], dir.path());
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}\n{}",
        stdout(&out),
        stderr(&out)
    );
    let text = stdout(&out);
    // The line as it starts, then its result in the TUI's words.
    assert!(text.contains("[1/1] launch stack"), "{text}");
    assert!(
        text.contains("✓ Stack ") && text.contains(" is ready."),
        "{text}"
    );
    assert!(
        text.contains("The action of \"setup-stack\" is done"),
        "{text}"
    );
    // It really ran: the step's own checks pass now.
    let check = labguide(
        &["check", "setup-stack", "--var", "initial=kim", "--json"],
        dir.path(),
    );
    let checks: serde_json::Value = serde_json::from_slice(&check.stdout).expect("check JSON");
    assert_eq!(checks[0]["status"], "pass", "{checks}");
}

#[test]
fn actions_run_in_order_each_to_its_end() {
    let dir = tempfile::tempdir().unwrap();
    // Lab 1's Athena step: six statements, each on the database the first one makes, so
    // any out of order would fail; each ends before the next starts.
    let out = run(&["lab1-athena", "--var", "initial=kim"], dir.path());
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}\n{}",
        stdout(&out),
        stderr(&out)
    );
    let text = stdout(&out);
    let mut at = 0;
    for (n, query) in [
        "lab1-database",
        "lab1-table",
        "lab1-partitions",
        "lab1-ratings",
        "lab1-drop",
        "lab1-ctas",
        "lab1-select",
    ]
    .iter()
    .enumerate()
    {
        let started = format!("[{}/7] run the Athena query {query}", n + 1);
        let ended = format!("✓ Query {query}: SUCCEEDED");
        let s = text[at..].find(&started).expect(&text) + at;
        let e = text[s..].find(&ended).expect(&text) + s;
        at = e;
    }
    // The rows of the count by rating are in the result, as the pane shows them.
    assert!(text.contains("star_rating │ reviews"), "{text}");
}

#[test]
fn json_is_one_document_listing_the_actions() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(
        &["lab1-athena", "--var", "initial=kim", "--json"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // The whole of stdout is the document.
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("only JSON");
    assert_eq!(doc["step"], "lab1-athena");
    assert_eq!(doc["exit_code"], 0);
    let actions = doc["actions"].as_array().expect("actions");
    let kinds: Vec<&str> = actions.iter().filter_map(|a| a["kind"].as_str()).collect();
    assert_eq!(kinds, ["run_query"; 7]);
    for a in actions {
        assert_eq!(a["status"], "passed", "{a}");
        assert!(
            a["message"].as_str().unwrap_or("").contains("SUCCEEDED"),
            "{a}"
        );
    }
}

#[test]
fn a_billing_step_without_yes_starts_nothing_and_says_the_price() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(&["lab2-endpoint", "--var", "initial=kim"], dir.path());
    assert_eq!(
        out.status.code(),
        Some(3),
        "{}\n{}",
        stdout(&out),
        stderr(&out)
    );
    let text = stdout(&out);
    // The price the TUI's question gives, from the workshop's price table.
    let w = workshop();
    let price = w
        .prices
        .per_hour("us-east-1", "ml.m5.large")
        .expect("ml.m5.large has a price");
    let said = format!("about ${price:.2} an hour");
    assert!(
        text.contains("deploy an endpoint") && text.contains(&said),
        "{text}"
    );
    assert!(text.contains(&w.prices.checked), "{text}");
    assert!(
        stderr(&out).contains("labguide run lab2-endpoint --yes"),
        "{}",
        stderr(&out)
    );
    // Nothing ran, not even the quiet question to the endpoint after it.
    assert!(resources(dir.path()).is_empty());

    let json = run(
        &["lab2-endpoint", "--var", "initial=kim", "--json"],
        dir.path(),
    );
    assert_eq!(json.status.code(), Some(3));
    let doc: serde_json::Value = serde_json::from_slice(&json.stdout).expect("only JSON");
    assert_eq!(doc["exit_code"], 3);
    let actions = doc["actions"].as_array().expect("actions");
    assert!(actions.iter().all(|a| a["status"] == "pending"), "{doc}");
    assert!(actions[0]["message"].as_str().unwrap_or("").contains(&said));
    assert!(resources(dir.path()).is_empty());
}

#[test]
fn a_step_that_asks_without_a_price_still_waits_for_yes() {
    let dir = tempfile::tempdir().unwrap();
    // Autopilot bills, but by no single figure; canary stages change a serving endpoint.
    let automl = run(&["lab1-autopilot", "--var", "initial=kim"], dir.path());
    assert_eq!(automl.status.code(), Some(3));
    assert!(
        stdout(&automl).contains("does not know their price"),
        "{}",
        stdout(&automl)
    );
    let canary = run(&["lab2-canary", "--var", "initial=kim"], dir.path());
    assert_eq!(canary.status.code(), Some(3));
    let text = stdout(&canary);
    assert_eq!(text.matches("canary stage").count(), 3, "{text}");
    assert!(text.contains("half the traffic each"), "{text}");
    assert!(resources(dir.path()).is_empty());
}

#[test]
fn a_failing_action_stops_the_run_with_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    // The classifier needs the stack's Comprehend role; no stack was launched in this
    // sim, so the endpoint after it is not even tried.
    let args = ["lab1-comprehend", "--yes", "--var", "initial=kim"];
    let out = run(&args, dir.path());
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}\n{}",
        stdout(&out),
        stderr(&out)
    );
    let err = stderr(&out);
    assert!(err.contains("\"train a Comprehend classifier"), "{err}");
    assert!(err.contains("failed: There is no stack"), "{err}");
    assert!(err.contains("labguide run lab1-comprehend\""), "{err}");
    assert!(err.contains("an earlier step"), "{err}");

    let json = run(&[&args[..], &["--json"]].concat(), dir.path());
    assert_eq!(json.status.code(), Some(1));
    let doc: serde_json::Value = serde_json::from_slice(&json.stdout).expect("only JSON");
    let statuses: Vec<&str> = doc["actions"]
        .as_array()
        .expect("actions")
        .iter()
        .filter_map(|a| a["status"].as_str())
        .collect();
    assert_eq!(statuses, ["failed", "pending", "pending"]);
    assert_eq!(doc["exit_code"], 1);
}

#[test]
fn an_unknown_step_exits_2_and_says_how_to_see_the_ids() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(&["nope"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("There is no step \"nope\""), "{err}");
    assert!(err.contains("labguide steps"), "{err}");

    // In Korean from the locale, as every command chooses its language.
    let ko = command(&["run", "nope"], dir.path())
        .env("LANG", "ko_KR.UTF-8")
        .output()
        .expect("the binary runs");
    assert_eq!(ko.status.code(), Some(2));
    let err = stderr(&ko);
    assert!(err.contains("\"nope\" 단계가 없습니다"), "{err}");
    assert!(err.contains("\"labguide steps\"로 볼 수 있습니다"), "{err}");
}

#[test]
fn a_step_without_actions_exits_2_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(&["setup-welcome"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("has no actions to run"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn an_unset_value_exits_2_naming_it_and_runs_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(&["setup-stack"], dir.path());
    assert_eq!(out.status.code(), Some(2), "{}", stdout(&out));
    let err = stderr(&out);
    assert!(
        err.contains("\"initial\"") && err.contains("--var initial=VALUE"),
        "{err}"
    );
    assert!(!stdout(&out).contains("[1/1]"), "nothing started");
    let check = labguide(
        &["check", "setup-stack", "--var", "initial=kim", "--json"],
        dir.path(),
    );
    let checks: serde_json::Value = serde_json::from_slice(&check.stdout).expect("check JSON");
    assert_eq!(
        checks[0]["status"], "fail",
        "no stack was launched: {checks}"
    );
}

#[test]
fn the_saved_progress_is_left_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = labguide::app::Progress::new("aws-aiml-hol");
    p.current = Some("lab1-athena".into());
    p.steps
        .insert("setup-welcome".into(), labguide::app::SavedState::Done);
    // A saved value is used: no --var needed.
    p.vars.insert("initial".into(), "kim".into());
    labguide::store::progress::save(dir.path(), &p).unwrap();
    let file = labguide::store::progress::path_in(dir.path());
    let before = std::fs::read(&file).unwrap();

    let out = run(&["setup-stack"], dir.path());
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}\n{}",
        stdout(&out),
        stderr(&out)
    );
    assert_eq!(std::fs::read(&file).unwrap(), before, "progress untouched");
    let saved = labguide::store::progress::peek(dir.path(), "aws-aiml-hol").expect("saved");
    assert_eq!(saved.current.as_deref(), Some("lab1-athena"));
    assert_eq!(saved.steps.len(), 1, "{:?}", saved.steps);
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_waiting_and_says_what_keeps_running() {
    use std::io::{BufRead, BufReader};
    let dir = tempfile::tempdir().unwrap();
    // Real time: the stack takes minutes, so the run is surely waiting when interrupted.
    let mut child = command(
        &[
            "run",
            "setup-stack",
            "--lang",
            "en",
            "--sim-speed",
            "1",
            "--var",
            "initial=kim",
        ],
        dir.path(),
    )
    .stdout(Stdio::piped())
    .stderr(Stdio::piped())
    .spawn()
    .expect("the binary starts");
    let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
    let first = lines.next().expect("a line").expect("text");
    assert!(first.contains("[1/1] launch stack"), "{first}");
    // A moment for the action to be on its way, then Ctrl-C.
    std::thread::sleep(std::time::Duration::from_millis(300));
    let sent = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(sent.success());
    let out = child.wait_with_output().expect("it ends");
    assert_eq!(out.status.code(), Some(130), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("Stopped waiting for \"launch stack"), "{err}");
    assert!(err.contains("keeps running in AWS"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    // It was started and goes on: the sim has the stack on its way.
    let found = resources(dir.path());
    assert!(
        found.iter().any(|r| r["type"] == "stack"
            && r["name"] == "AIMLWorkshop-kim"
            && r["state"] == "CREATE_IN_PROGRESS"),
        "{found:?}"
    );
}
