//! The real binary's headless commands, as scripts and CI use them.

use std::path::Path;
use std::process::{Command, Output};

fn labguide(args: &[&str], state: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_labguide"))
        .args(args)
        .env("LABGUIDE_TEST", "1")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C.UTF-8")
        .env("XDG_STATE_HOME", state)
        .output()
        .expect("the binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn fixture() -> String {
    concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/mini").to_string()
}

#[test]
fn help_and_version() {
    let dir = tempfile::tempdir().unwrap();
    let help = labguide(&["--help"], dir.path());
    assert!(help.status.success());
    for word in [
        "steps",
        "render",
        "validate",
        "--lang",
        "--state-dir",
        "--aws",
        "--sim-speed",
    ] {
        assert!(stdout(&help).contains(word), "--help mentions {word}");
    }
    let version = labguide(&["--version"], dir.path());
    assert_eq!(
        stdout(&version).trim(),
        format!(
            "labguide {} (commit {})",
            env!("CARGO_PKG_VERSION"),
            head_commit()
        )
    );
}

/// The commit checked out here, as `--version` should name it.
fn head_commit() -> String {
    let out = Command::new("git")
        .args(["rev-parse", "--short=12", "HEAD"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("git runs: the tests are run from a clone");
    assert!(out.status.success(), "git rev-parse HEAD: {out:?}");
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

#[test]
fn steps_json_lists_every_step_in_both_languages() {
    let dir = tempfile::tempdir().unwrap();
    // Global options are accepted after the subcommand too.
    let out = labguide(
        &[
            "steps",
            "--json",
            "--state-dir",
            dir.path().to_str().unwrap(),
            "--lang",
            "en",
        ],
        dir.path(),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let steps: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("valid JSON");
    let steps = steps.as_array().unwrap();
    assert!(steps.len() >= 20);
    let sections: Vec<&str> = steps
        .iter()
        .map(|s| s["section"].as_str().unwrap())
        .collect();
    for s in ["setup", "lab0", "lab1", "lab2", "lab3", "cleanup"] {
        assert!(sections.contains(&s), "section {s}");
    }
    assert_eq!(steps[0]["id"], "setup-welcome");
    assert_eq!(steps[0]["state"], "open");
    assert_eq!(steps[1]["state"], "locked");
    assert!(
        steps
            .iter()
            .all(|s| !s["title"]["ko"].as_str().unwrap().is_empty()
                && !s["title"]["en"].as_str().unwrap().is_empty())
    );
}

#[test]
fn steps_show_saved_progress() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = labguide::app::Progress::new("aws-aiml-hol");
    p.steps
        .insert("setup-welcome".into(), labguide::app::SavedState::Done);
    labguide::store::progress::save(dir.path(), &p).unwrap();
    let out = labguide(
        &[
            "--state-dir",
            dir.path().to_str().unwrap(),
            "steps",
            "--json",
        ],
        dir.path(),
    );
    let steps: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(steps[0]["state"], "done");
    assert_eq!(steps[1]["state"], "open");
}

#[test]
fn render_draws_a_plain_frame_of_the_asked_size() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state");
    let out = labguide(
        &[
            "render",
            "--step",
            "setup-stack",
            "--width",
            "80",
            "--height",
            "24",
            "--lang",
            "ko",
            "--state-dir",
            state.to_str().unwrap(),
        ],
        dir.path(),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert_eq!(text.lines().count(), 24);
    assert!(!text.contains('\x1b'), "no escape codes");
    for line in text.lines() {
        assert!(labguide::markdown::display_width(line) <= 80, "{line:?}");
    }
    assert!(text.contains("CloudFormation 스택 생성"), "{text}");
    // Headless commands never change saved progress, nor create it.
    assert!(!state.join("progress.json").exists());
}

#[test]
fn render_leaves_saved_progress_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = labguide::app::Progress::new("aws-aiml-hol");
    p.current = Some("setup-notebook".into());
    p.lang = Some(labguide::i18n::Lang::En);
    labguide::store::progress::save(dir.path(), &p).unwrap();
    let before = std::fs::read(dir.path().join("progress.json")).unwrap();
    let out = labguide(
        &["render", "--state-dir", dir.path().to_str().unwrap()],
        dir.path(),
    );
    assert!(out.status.success());
    // The saved step and language are the ones drawn.
    assert!(
        stdout(&out).contains("Open the Jupyter notebook") || stdout(&out).contains("Jupyter"),
        "{}",
        stdout(&out)
    );
    assert_eq!(
        std::fs::read(dir.path().join("progress.json")).unwrap(),
        before
    );
}

#[test]
fn unknown_step_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = labguide(&["render", "--step", "nope", "--lang", "en"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("There is no step \"nope\"") && err.contains("setup-stack"),
        "{err}"
    );
    let ko = labguide(&["render", "--step", "nope", "--lang", "ko"], dir.path());
    assert!(stderr(&ko).contains("단계가 없습니다"), "{}", stderr(&ko));
}

#[test]
fn bad_sim_speed_is_refused_with_advice() {
    let dir = tempfile::tempdir().unwrap();
    let out = labguide(&["steps", "--sim-speed", "0"], dir.path());
    assert!(!out.status.success());
    assert!(stderr(&out).contains("above 0"), "{}", stderr(&out));
}

#[test]
fn validate_passes_on_the_shipped_workshop() {
    let dir = tempfile::tempdir().unwrap();
    let out = labguide(&["validate", "--lang", "en"], dir.path());
    assert!(out.status.success(), "{}", stdout(&out));
    assert!(stdout(&out).contains(" 0 errors"), "{}", stdout(&out));
}

#[test]
fn another_workshop_loads_with_content() {
    let dir = tempfile::tempdir().unwrap();
    let out = labguide(&["--content", &fixture(), "steps", "--json"], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let steps: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(steps.as_array().unwrap().len(), 2);
    let out = labguide(
        &["--content", &fixture(), "validate", "--lang", "en"],
        dir.path(),
    );
    assert!(
        out.status.success(),
        "placeholders are warnings: {}",
        stdout(&out)
    );
    assert!(
        stdout(&out).contains(
            "ko/launch.md:1: warning: the ko text of step \"launch\" is still a placeholder"
        ),
        "{}",
        stdout(&out)
    );
}

fn broken_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("content");
    for sub in ["ko", "en"] {
        std::fs::create_dir_all(root.join(sub)).unwrap();
    }
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mini");
    let toml = std::fs::read_to_string(src.join("workshop.toml"))
        .unwrap()
        .replace("kind = \"stack_status\"", "kind = \"stack_statuz\"");
    std::fs::write(root.join("workshop.toml"), toml).unwrap();
    std::fs::copy(src.join("ko/hello.md"), root.join("ko/hello.md")).unwrap();
    std::fs::copy(src.join("en/hello.md"), root.join("en/hello.md")).unwrap();
    std::fs::write(
        root.join("ko/launch.md"),
        "```\n".to_string()
            + &"가".repeat(45)
            + "\n```\n[x](#nowhere)\n\n${stack}, ${nope}, ${account}\n",
    )
    .unwrap();
    // en/launch.md is missing.
    dir
}

#[test]
fn validate_reports_each_problem_with_file_and_line() {
    let dir = broken_copy();
    let (code, report) = validate_in(&dir);
    assert_eq!(code, Some(1));
    assert!(
        report.contains("workshop.toml:20: error: unknown kind \"stack_statuz\""),
        "{report}"
    );
    assert!(
        report.contains("en/launch.md: error: step \"launch\" has no en text"),
        "{report}"
    );
    assert!(
        report.contains("ko/launch.md:2: error: a code or diagram line is 90 columns wide"),
        "{report}"
    );
    assert!(
        report.contains("the link #nowhere points to no step"),
        "{report}"
    );
    // A text may name a variable with a default (stack), not one nobody defines, nor
    // one that may be unknown when shown and has no placeholder (the account here).
    assert!(
        report.contains("ko/launch.md:6: error: \"${nope}\" is not defined"),
        "{report}"
    );
    assert!(
        report.contains("ko/launch.md:6: error: \"${account}\" may have no value yet"),
        "{report}"
    );
    assert!(!report.contains("${stack}"), "{report}");
}

fn render_step(step: &str, lang: &str, extra: &[&str]) -> Output {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state");
    let mut args = vec![
        "render",
        "--step",
        step,
        "--width",
        "100",
        "--height",
        "60",
        "--lang",
        lang,
        "--state-dir",
    ];
    args.push(state.to_str().unwrap());
    args.extend_from_slice(extra);
    labguide(&args, dir.path())
}

#[test]
fn the_text_shows_the_learners_own_names_once_known() {
    // Before the initials are typed: a placeholder in the reader's language, in prose,
    // in inline code and in code blocks alike.
    let ko = stdout(&render_step("setup-notebook", "ko", &[]));
    assert!(ko.contains("sagemaker-hol-lab-<이니셜>"), "{ko}");
    assert!(!ko.contains("${"), "{ko}");
    let en = stdout(&render_step("cleanup-stack", "en", &[]));
    assert!(en.contains("--stack-name AIMLWorkshop-<initials>"), "{en}");
    // Once known, every mention shows the learner's own, derived names included (the
    // stack name, the database's SQL form) and the region.
    let en = stdout(&render_step(
        "cleanup-data",
        "en",
        &["--var", "initial=team-3"],
    ));
    assert!(en.contains("lg_team_3_reviews"), "{en}");
    assert!(en.contains("labguide/team-3/"), "{en}");
    assert!(!en.contains("<initials>"), "{en}");
    let ko = stdout(&render_step(
        "setup-notebook",
        "ko",
        &["--var", "initial=kim"],
    ));
    assert!(
        ko.contains("--notebook-instance-name sagemaker-hol-lab-kim"),
        "{ko}"
    );
    assert!(ko.contains("AIMLWorkshop-kim"), "{ko}");
}

#[test]
fn a_value_the_question_would_refuse_is_refused_on_the_command_line_too() {
    let out = render_step("setup-stack", "en", &["--var", "initial=a b"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("--var initial: Use only English letters, digits and \"-\"."),
        "{}",
        stderr(&out)
    );
    let out = render_step(
        "setup-stack",
        "ko",
        &["--var", "initial=kim-kim-kim-kim-kim"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("최대 14자"), "{}", stderr(&out));
}

#[test]
fn unusable_content_is_explained_not_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("workshop.toml"), "format = 1\nid = \n").unwrap();
    let out = labguide(
        &[
            "--content",
            dir.path().to_str().unwrap(),
            "steps",
            "--lang",
            "ko",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("워크숍 콘텐츠를 사용할 수 없습니다"), "{err}");
    assert!(err.contains("workshop.toml:2"), "{err}");
}

#[test]
fn the_interface_without_a_terminal_says_what_to_use_instead() {
    let dir = tempfile::tempdir().unwrap();
    let out = labguide(
        &["--state-dir", dir.path().to_str().unwrap(), "--lang", "en"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("needs a terminal"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn reset_asks_first_and_keeps_progress_on_no() {
    let dir = tempfile::tempdir().unwrap();
    labguide::store::progress::save(dir.path(), &labguide::app::Progress::new("aws-aiml-hol"))
        .unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_labguide"))
        .args([
            "--reset",
            "--lang",
            "en",
            "--state-dir",
            dir.path().to_str().unwrap(),
        ])
        .stdin(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all(b"n\n").unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("Nothing was changed"),
        "{}",
        stderr(&out)
    );
    assert!(dir.path().join("progress.json").exists());

    // --yes skips the question; the progress goes even though no terminal follows.
    let out = labguide(
        &[
            "--reset",
            "--yes",
            "--lang",
            "en",
            "--state-dir",
            dir.path().to_str().unwrap(),
        ],
        dir.path(),
    );
    assert!(
        stderr(&out).contains("Progress cleared"),
        "{}",
        stderr(&out)
    );
    assert!(!dir.path().join("progress.json").exists());
}

/// CONTENT.md's complete example, written out file by file, passes validation: the
/// documentation and the loader agree.
#[test]
fn the_example_in_content_md_validates() {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/CONTENT.md")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut written = 0;
    let mut rest = doc.as_str();
    while let Some(i) = rest.find("`my-workshop/") {
        let after = &rest[i + 1..];
        let Some(end) = after.find("`:") else { break };
        let path = &after["my-workshop/".len()..end];
        let block_start = after.find("```").expect("a fenced block follows");
        let body_start = after[block_start..].find('\n').unwrap() + block_start + 1;
        let body_end = after[body_start..].find("\n```").unwrap() + body_start;
        let target = dir.path().join("my-workshop").join(path);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::write(&target, format!("{}\n", &after[body_start..body_end])).unwrap();
        written += 1;
        rest = &after[body_end..];
    }
    assert!(written >= 5, "the example's files were found ({written})");
    let content = dir.path().join("my-workshop");
    let out = labguide(
        &[
            "--content",
            content.to_str().unwrap(),
            "validate",
            "--lang",
            "en",
        ],
        dir.path(),
    );
    assert!(out.status.success(), "{}", stdout(&out));
    assert!(stdout(&out).contains(" 0 errors"), "{}", stdout(&out));
}

#[test]
fn status_on_the_sim_lists_what_bills_and_the_accrued_cost() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = labguide::app::Progress::new("aws-aiml-hol");
    p.accrued_usd = 1.25;
    p.vars.insert("initial".into(), "kim".into());
    labguide::store::progress::save(dir.path(), &p).unwrap();
    let out = labguide(
        &[
            "status",
            "--json",
            "--state-dir",
            dir.path().to_str().unwrap(),
        ],
        dir.path(),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["accrued_usd"], 1.25);
    assert_eq!(
        doc["resources"].as_array().map(Vec::len),
        Some(0),
        "a fresh sim has nothing"
    );
    let text = labguide(
        &[
            "status",
            "--lang",
            "en",
            "--state-dir",
            dir.path().to_str().unwrap(),
        ],
        dir.path(),
    );
    let text = stdout(&text);
    assert!(
        text.contains("Nothing of the workshop is left.") && text.contains("$1.25"),
        "{text}"
    );
}

#[test]
fn a_second_labguide_on_the_same_state_folder_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let held = std::fs::File::create(dir.path().join("labguide.lock")).unwrap();
    held.try_lock().expect("the test holds the lock");
    let out = labguide(
        &["--lang", "en", "--state-dir", dir.path().to_str().unwrap()],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("Another labguide is already using"),
        "{}",
        stderr(&out)
    );
    drop(held);
    // Free again: the next start goes on (here to the no-terminal message).
    let out = labguide(
        &["--lang", "en", "--state-dir", dir.path().to_str().unwrap()],
        dir.path(),
    );
    assert!(
        stderr(&out).contains("needs a terminal"),
        "{}",
        stderr(&out)
    );
}

fn render_sim(step: &str, elapsed: &str, width: &str, height: &str, live: bool) -> String {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state");
    let mut args = vec![
        "render",
        "--step",
        step,
        "--sim-elapsed",
        elapsed,
        "--width",
        width,
        "--height",
        height,
        "--lang",
        "en",
        "--state-dir",
        state.to_str().unwrap(),
    ];
    if live {
        args.push("--live");
    }
    let out = labguide(&args, dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    stdout(&out)
}

/// A step drawn as it looks after the sim ran a while: the same every time, so the live
/// view's charts, timeline and log can be kept as snapshots.
#[test]
fn render_draws_a_moment_of_the_sim_with_every_chart() {
    let big = render_sim("lab3-training", "25m", "160", "48", true);
    assert_eq!(big, render_sim("lab3-training", "25m", "160", "48", true));
    for expected in [
        // The job labguide launched for lab 3: two hosts of four GPUs each.
        "training job lg-demo-lab3-amp-",
        "ml.g5.12xlarge × 2",
        "Starting 1m30s › Downloading 1m30s › Training",
        "train:loss",
        "test:acc1",
        "algo-2 GPU",
        "(0-400,",
        "Log, following",
        "images_per_sec=",
    ] {
        assert!(big.contains(expected), "{expected:?} in\n{big}");
    }
    insta::assert_snapshot!("live_lab3_training_160x48", big);
    let small = render_sim("lab3-training", "25m", "80", "24", true);
    for line in small.lines() {
        assert!(labguide::markdown::display_width(line) <= 80, "{line:?}");
    }
    insta::assert_snapshot!("live_lab3_training_80x24", small);
    // Before the job logs, the view says so rather than showing an empty box.
    let early = render_sim("lab2-training", "2m", "100", "30", true);
    assert!(early.contains("Starting"), "{early}");
    assert!(early.contains("No log lines yet"), "{early}");
    // The step page itself carries a one-line summary.
    let page = render_sim("lab2-training", "20m", "100", "30", false);
    assert!(
        page.contains("training job InProgress · Training · train:loss"),
        "{page}"
    );
}

/// Lab 3 is about the comparison: once both runs have gone a while, the live view puts
/// them side by side with numbers, and labguide's own rules stand where Debugger's were.
#[test]
fn the_live_view_compares_both_lab3_runs_and_says_what_the_rules_found() {
    for (width, height) in [("160", "48"), ("80", "24")] {
        let text = render_sim("lab3-training", "40m", width, height, true);
        for line in text.lines() {
            assert!(labguide::markdown::display_width(line) <= 160, "{line:?}");
        }
        let row = |job: &str| {
            text.lines()
                .find(|l| l.contains(&format!(" {job}  ")) && l.contains('$'))
                .unwrap_or_else(|| panic!("a row for {job} in\n{text}"))
                .to_string()
        };
        for job in ["amp", "fp32"] {
            let row = row(job);
            // Status, wall time, mean images/s, final top-1 accuracy and cost, all numbers.
            assert!(row.contains("Completed"), "{row}");
            assert!(row.contains("m00s"), "wall time in {row}");
            assert!(row.contains('k'), "images/s in {row}");
            assert!(row.contains("0.8"), "acc1 in {row}");
            assert!(row.contains("$") && !row.contains("$0.00"), "cost in {row}");
        }
        assert!(text.contains("images_per_sec mean"), "{text}");
        assert!(text.contains("acc1 final"), "{text}");
        // amp is the faster of the two: its wall time is shorter and costs less.
        let cost = |row: &str| -> f64 {
            row.rsplit('$')
                .next()
                .unwrap()
                .trim_end_matches(['│', ' '])
                .parse()
                .unwrap()
        };
        assert!(cost(&row("amp")) < cost(&row("fp32")), "{text}");
        // The shown job is marked; each row's dash is its line's colour in the charts.
        assert!(row("amp").contains("›━ amp"), "{text}");
        assert!(row("fp32").contains(" ━ fp32"), "{text}");
        // Each metric chart overlays both runs, its title giving both runs' values where
        // it fits, the shown run's alone where it does not.
        if width == "160" {
            assert!(text.contains("test:acc1 amp 0."), "{text}");
        } else {
            assert!(text.contains("test:acc1 0."), "{text}");
        }
        // Debugger sends nothing; labguide's four rules say how the run went.
        assert!(!text.contains("Debugger"), "{text}");
        for rule in [
            "Rules:",
            "LossNotDecreasing",
            "Overfit",
            "LowGPUUtilization",
            "Stalled",
        ] {
            assert!(text.contains(rule), "{rule} in\n{text}");
        }
        assert!(!text.contains("issues found"), "a healthy run: {text}");
    }
}

#[test]
fn a_canary_endpoint_shows_its_variants_and_traffic() {
    let text = render_sim("lab2-canary", "20m", "100", "30", true);
    for expected in [
        "InService",
        "AllTraffic",
        "weight 1",
        "Invocations AllTraffic",
        "ModelLatency",
    ] {
        assert!(text.contains(expected), "{expected:?} in\n{text}");
    }
}

#[test]
fn a_bad_sim_elapsed_is_refused_with_the_form_to_use() {
    let dir = tempfile::tempdir().unwrap();
    let out = labguide(
        &["render", "--step", "lab3-training", "--sim-elapsed", "soon"],
        dir.path(),
    );
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("write it like 90s, 25m or 1h10m"),
        "{}",
        stderr(&out)
    );
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Every instance type the workshop can start (the template's, the jobs' and their
/// fallbacks', the deployments') has a price, or `validate` fails naming it: the meter
/// must never say "unknown" on a real account for want of a line in prices.toml.
#[test]
fn validate_fails_when_an_instance_type_has_no_price() {
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_tree(&root.join("content"), &dir.path().join("content"));
    copy_tree(&root.join("assets"), &dir.path().join("assets"));
    let prices = dir.path().join("assets/prices.toml");
    let text = std::fs::read_to_string(&prices).unwrap();
    assert!(text.contains("\"ml.g5.12xlarge\" = "));
    let without: String = text
        .lines()
        .filter(|l| !l.starts_with("\"ml.g5.12xlarge\""))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(&prices, without).unwrap();
    let content = dir.path().join("content");
    let args = [
        "--content",
        content.to_str().unwrap(),
        "validate",
        "--lang",
        "en",
    ];
    let out = labguide(&args, dir.path());
    let report = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{report}");
    assert!(
        report.contains("can start ml.g5.12xlarge, which has no price for us-east-1"),
        "{report}"
    );
    // The prices that are not per instance are checked too: the one lab 1's endpoint
    // action bills by, and the one labguide prices every Athena query with.
    let without: String = text
        .lines()
        .filter(|l| {
            !l.starts_with("comprehend_endpoint_per_inference_unit_hour")
                && !l.starts_with("athena_per_tb_scanned")
        })
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(&prices, without).unwrap();
    let out = labguide(&args, dir.path());
    let report = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{report}");
    assert!(
        report.contains(
            "lab1-comprehend bills by comprehend_endpoint_per_inference_unit_hour, which has no figure for us-east-1"
        ),
        "{report}"
    );
    assert!(
        report.contains("lab1-athena bills by athena_per_tb_scanned, which has no figure"),
        "{report}"
    );
    std::fs::write(&prices, text).unwrap();
    let out = labguide(&args, dir.path());
    assert!(out.status.success(), "{}", stdout(&out));
}

#[test]
fn a_translation_is_flagged_when_its_source_changes_until_it_is_marked() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    copy_tree(Path::new(&fixture()), &content);
    let c = content.to_str().unwrap();
    let validate = |extra: &[&str]| {
        let mut args = vec!["--content", c, "validate", "--lang", "en"];
        args.extend_from_slice(extra);
        labguide(&args, dir.path())
    };
    // Without a record nothing is compared; recording the two translations starts it.
    assert!(!stdout(&validate(&[])).contains("translat"));
    let out = validate(&["--mark-translated", "en/hello.md", "en/launch.md"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("2 translations recorded"),
        "{}",
        stdout(&out)
    );
    let record = std::fs::read_to_string(content.join("translations.toml")).unwrap();
    assert!(record.contains("from = \"ko/hello.md\""), "{record}");
    let report = stdout(&validate(&[]));
    assert!(!report.contains("changed since"), "{report}");

    // The Korean source gets a new paragraph and loses none: the English is flagged at
    // that block, with where it is and how it starts; the other file is not.
    let ko = content.join("ko/hello.md");
    let before = std::fs::read_to_string(&ko).unwrap();
    std::fs::write(&ko, format!("{before}\n새로 쓴 문단이 여기 있습니다.\n")).unwrap();
    let out = validate(&[]);
    assert!(out.status.success(), "a stale translation is a warning");
    let report = stdout(&out);
    assert!(
        report.contains("en/hello.md: warning: ko/hello.md:3 changed since this file was translated from it (\"새로 쓴 문단이 여기 있습니다.\")"),
        "{report}"
    );
    assert!(report.contains("--mark-translated en/hello.md"), "{report}");
    assert!(!report.contains("en/launch.md: warning"), "{report}");

    // An edited paragraph is said once, as changed, not also as one removed.
    std::fs::write(&ko, "고친 첫 문단입니다.\n").unwrap();
    let report = stdout(&validate(&[]));
    assert!(report.contains("ko/hello.md:1 changed since"), "{report}");
    assert!(!report.contains("removed since"), "{report}");

    // A paragraph removed from the source is counted too.
    std::fs::write(&ko, format!("{before}\n둘째 문단입니다.\n")).unwrap();
    assert!(
        validate(&["--mark-translated", "en/hello.md"])
            .status
            .success()
    );
    std::fs::write(&ko, &before).unwrap();
    let report = stdout(&validate(&[]));
    assert!(
        report.contains("one block of ko/hello.md was removed since this file was translated"),
        "{report}"
    );
    assert!(!report.contains("changed since"), "{report}");

    // Once the translator has caught up: marked, and quiet again.
    let out = validate(&["--mark-translated", "en/hello.md"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!stdout(&validate(&[])).contains("warning: ko/"));

    // A name that is no step text is refused, and the built-in content is not written.
    let out = validate(&["--mark-translated", "../workshop.toml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("en/setup-stack.md"),
        "{}",
        stderr(&out)
    );
    let out = labguide(
        &["validate", "--mark-translated", "--lang", "en"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--content"), "{}", stderr(&out));
}

#[test]
fn the_shipped_translations_are_up_to_date_with_their_sources() {
    // Without the record nothing would be checked, and this test could not fail.
    assert!(Path::new("content/translations.toml").is_file());
    let out = labguide(&["validate", "--lang", "en"], Path::new("."));
    let report = stdout(&out);
    for stale in [
        "changed since",
        "removed since",
        "does not say what this file",
    ] {
        assert!(!report.contains(stale), "{report}");
    }
}

#[test]
fn the_terminology_table_in_content_md_is_the_one_validation_holds() {
    let toml = std::fs::read_to_string("content/terminology.toml").unwrap();
    let terms = labguide::workshop::terminology::Terminology::parse(&toml).unwrap();
    let doc = std::fs::read_to_string("CONTENT.md").unwrap();
    let table = terms.markdown_table();
    assert!(
        doc.contains(&table),
        "CONTENT.md's terminology table differs from content/terminology.toml; put this in:\n{table}"
    );
}

#[test]
fn a_word_the_terminology_avoids_is_reported_with_the_one_to_use() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    copy_tree(Path::new(&fixture()), &content);
    std::fs::write(
        content.join("terminology.toml"),
        "[[term]]\nko = \"실행 항목\"\nen = \"action\"\nmeans = \"what labguide runs\"\n\
         avoid_ko = [\"액션\"]\n\n[[term]]\nko = \"데이터셋\"\nen = \"dataset\"\n\
         means = \"data\"\navoid_en = [\"data set\"]\n",
    )
    .unwrap();
    let ko = content.join("ko/hello.md");
    let text = std::fs::read_to_string(&ko).unwrap();
    std::fs::write(&ko, format!("{text}\n이 단계의 액션을 실행하세요.\n")).unwrap();
    let en = content.join("en/hello.md");
    let text = std::fs::read_to_string(&en).unwrap();
    std::fs::write(&en, format!("{text}\nThe Data Set is small.\n")).unwrap();
    let c = content.to_str().unwrap();
    let out = labguide(&["--content", c, "validate", "--lang", "en"], dir.path());
    assert_eq!(out.status.code(), Some(1), "an avoided word is an error");
    let report = stdout(&out);
    assert!(
        report.contains(
            "ko/hello.md:3: error: \"액션\" is a word this workshop avoids: write \"실행 항목\""
        ),
        "{report}"
    );
    assert!(
        report.contains(
            "en/hello.md:3: error: \"data set\" is a word this workshop avoids: write \"dataset\""
        ),
        "{report}"
    );
}

#[test]
fn content_md_documents_every_kind_of_action_and_check() {
    use labguide::workshop::{Action, Check};
    let doc = std::fs::read_to_string("CONTENT.md").unwrap();
    for kind in Action::KINDS.iter().chain(Check::KINDS) {
        assert!(
            doc.contains(&format!("| `{kind}` |")),
            "CONTENT.md has no row for `{kind}`"
        );
    }
}

/// A mini workshop whose one check has a hint, given `hint` as its TOML line, and a
/// by-hand text in the given languages; prices for us-east-1 beside it.
fn hinted_copy(hint: &str, by_hand: &[&str], text: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("content");
    copy_tree(
        Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/mini")),
        &root,
    );
    let toml = std::fs::read_to_string(root.join("workshop.toml")).unwrap();
    let check =
        "checks = [{ kind = \"stack_status\", stack = \"${stack}\", is = \"CREATE_COMPLETE\" }]";
    assert!(toml.contains(check));
    let table = format!(
        "\n[[sections.steps.checks]]\nkind = \"stack_status\"\nstack = \"${{stack}}\"\nis = \"CREATE_COMPLETE\"\n{hint}\n"
    );
    std::fs::write(root.join("workshop.toml"), toml.replace(check, &table)).unwrap();
    for lang in by_hand {
        std::fs::create_dir_all(root.join(lang).join("by-hand")).unwrap();
        std::fs::write(root.join(lang).join("by-hand/launch.md"), text).unwrap();
    }
    std::fs::create_dir_all(dir.path().join("assets")).unwrap();
    std::fs::write(
        dir.path().join("assets/prices.toml"),
        "[regions.us-east-1]\n\"ml.m5.large\" = 0.115\n",
    )
    .unwrap();
    dir
}

fn validate_in(dir: &tempfile::TempDir) -> (Option<i32>, String) {
    let content = dir.path().join("content");
    let out = labguide(
        &[
            "--content",
            content.to_str().unwrap(),
            "validate",
            "--lang",
            "en",
        ],
        dir.path(),
    );
    (out.status.code(), stdout(&out))
}

#[test]
fn hints_by_hand_texts_and_prices_in_texts_are_validated() {
    // All well: a hint in both languages, a by-hand text in both, a known price.
    let good = hinted_copy(
        "hint = { ko = \"${stack} 스택의 Events 탭을 보세요.\", en = \"Look at the Events tab of ${stack}.\" }",
        &["ko", "en"],
        "Run `aws cloudformation create-stack --stack-name ${stack}`; ${price:ml.m5.large} an hour.\n",
    );
    let (code, report) = validate_in(&good);
    assert_eq!(code, Some(0), "{report}");
    assert!(
        !report.contains("hint") && !report.contains("by hand"),
        "{report}"
    );

    // A hint too long for the narrowest activity pane would be cut off: a warning.
    let long = "Look at the Events tab of ${stack}: ".repeat(12);
    let (code, report) = validate_in(&hinted_copy(
        &format!("hint = {{ ko = \"${{stack}} 스택의 Events 탭을 보세요.\", en = \"{long}\" }}"),
        &["ko", "en"],
        "One line.\n",
    ));
    assert_eq!(code, Some(0), "{report}");
    assert!(
        report.contains("a hint of step \"launch\" (en) takes") && report.contains("shorten it"),
        "{report}"
    );
    assert!(!report.contains("(ko) takes"), "{report}");

    // A check without a hint, a step without a by-hand text: warnings, naming what to add.
    let (code, report) = validate_in(&hinted_copy("", &[], ""));
    assert_eq!(code, Some(0), "{report}");
    assert!(
        report.contains(
            "workshop.toml:21: warning: the check stack_status of step \"launch\" has no hint"
        ),
        "{report}"
    );
    assert!(
        report
            .contains("step \"launch\" has no text on doing it by hand: add ko/by-hand/launch.md"),
        "{report}"
    );

    // A hint with an unknown variable, a by-hand text in one language only, a price the
    // table does not have, and a malformed cost: errors, with file and line.
    let bad = hinted_copy(
        "hint = { ko = \"${nope}\", en = \"A hint.\" }",
        &["ko"],
        "One line.\n\n${price:ml.q9.huge} and ${cost:ml.m5.large:two:30}\n",
    );
    let (code, report) = validate_in(&bad);
    assert_eq!(code, Some(1), "{report}");
    assert!(
        report.contains("workshop.toml:21: error: \"${nope}\" is not defined"),
        "{report}"
    );
    assert!(
        report.contains("en/by-hand/launch.md: error: step \"launch\" has no en text"),
        "{report}"
    );
    assert!(
        report.contains(
            "ko/by-hand/launch.md:3: error: assets/prices.toml has no price \"ml.q9.huge\" for us-east-1"
        ),
        "{report}"
    );
    assert!(
        report.contains(
            "ko/by-hand/launch.md:3: error: \"${cost:ml.m5.large:two:30}\" is not defined"
        ),
        "{report}"
    );
    // A hint that is not a ko/en pair.
    let (code, report) = validate_in(&hinted_copy(
        "hint = \"one language\"",
        &["ko", "en"],
        "x\n",
    ));
    assert_eq!(code, Some(1), "{report}");
    assert!(
        report.contains("workshop.toml:21: error: not valid TOML: hint:"),
        "{report}"
    );
}

#[test]
fn check_says_the_hint_of_the_check_that_failed() {
    let dir = hinted_copy(
        "hint = { ko = \"${stack} 스택의 Events 탭을 보세요.\", en = \"Look at the Events tab of ${stack}.\" }",
        &["ko", "en"],
        "x\n",
    );
    let content = dir.path().join("content");
    let state = dir.path().join("state");
    let args = |lang: &'static str| {
        vec![
            "--content".to_string(),
            content.to_string_lossy().into_owned(),
            "check".into(),
            "launch".into(),
            "--lang".into(),
            lang.into(),
            "--state-dir".into(),
            state.to_string_lossy().into_owned(),
        ]
    };
    let run = |extra: &[&str], lang| {
        let mut a = args(lang);
        a.extend(extra.iter().map(|s| s.to_string()));
        let refs: Vec<&str> = a.iter().map(String::as_str).collect();
        labguide(&refs, dir.path())
    };
    let out = run(&[], "en");
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("Hint: Look at the Events tab of MiniStack."),
        "{}",
        stdout(&out)
    );
    let out = run(&["--json"], "ko");
    let rows: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(rows[0]["status"], "fail", "{rows}");
    assert_eq!(
        rows[0]["hint"], "MiniStack 스택의 Events 탭을 보세요.",
        "{rows}"
    );
}

/// An instructor rehearses the class board offline: a class of 30 in the simulated account,
/// the ones who need help first, kept for the next look; the rehearsal is refused on AWS.
#[test]
fn a_class_of_thirty_is_rehearsed_on_the_sim_with_who_needs_help_first() {
    let dir = tempfile::tempdir().unwrap();
    let out = labguide(&["class", "--sim-learners", "30", "--json"], dir.path());
    assert!(out.status.success(), "{}", stdout(&out));
    let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let learners = doc["learners"].as_array().unwrap();
    assert_eq!(learners.len(), 30);
    let stuck: Vec<bool> = learners.iter().map(|l| l["stuck"] == true).collect();
    let first_calm = stuck.iter().position(|s| !s).unwrap_or(30);
    assert!(first_calm > 0, "someone is stuck in a class of 30: {doc}");
    assert!(
        stuck[first_calm..].iter().all(|s| !s),
        "the stuck come first: {stuck:?}"
    );
    assert!(learners.iter().any(|l| l["failing"].is_string()));
    // The next look reads the same class back, and the table says it in Korean too.
    let again = labguide(&["class", "--json"], dir.path());
    let doc2: serde_json::Value = serde_json::from_str(&stdout(&again)).unwrap();
    let who = |d: &serde_json::Value| -> Vec<(String, String)> {
        d["learners"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| (l["initials"].to_string(), l["step"].to_string()))
            .collect()
    };
    assert_eq!(who(&doc2), who(&doc));
    let table = stdout(&labguide(&["--lang", "ko", "class"], dir.path()));
    assert!(table.starts_with("수강생"), "{table}");
    assert!(table.contains("수강생 30명"), "{table}");
    // A rehearsal writes into the simulated account only.
    let refused = labguide(&["--aws", "class", "--sim-learners", "3"], dir.path());
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("simulated AWS only"));
}

/// The rehearsed class cleaned up on the sim: refused while notes are fresh, then every
/// learner's note and the bucket that held only them go (the bucket once it is empty),
/// and a second run finds nobody.
#[test]
fn a_rehearsed_class_is_cleaned_up_to_the_empty_bucket() {
    let dir = tempfile::tempdir().unwrap();
    assert!(
        labguide(&["class", "--sim-learners", "4"], dir.path())
            .status
            .success()
    );
    let refused = labguide(&["--lang", "en", "class", "cleanup", "--yes"], dir.path());
    assert_eq!(refused.status.code(), Some(1), "{}", stdout(&refused));
    assert!(stderr(&refused).contains("--force"), "{}", stderr(&refused));
    let out = labguide(
        &["--lang", "en", "class", "cleanup", "--yes", "--force"],
        dir.path(),
    );
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}{}", stderr(&out));
    assert!(
        text.contains("deleted S3 bucket sagemaker-us-east-1-"),
        "{text}"
    );
    assert!(
        text.contains("Nothing of the class's workshop is left in this account (4 learners"),
        "{text}"
    );
    let again = labguide(&["--lang", "en", "class", "cleanup", "--yes"], dir.path());
    assert_eq!(again.status.code(), Some(0), "{}", stdout(&again));
    assert!(
        stdout(&again).contains("No learner's workshop is in this account"),
        "{}",
        stdout(&again)
    );
}
