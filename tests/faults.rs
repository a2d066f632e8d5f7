//! Faults between labguide and AWS: a proxy (tests/faults/proxy.rs) sits between the real
//! binary and moto and is switched, while labguide runs, to an endpoint that is down,
//! answers held for seconds, HTTP 500s, throttling and credentials that expire
//! mid-session. For each, labguide keeps answering keys, says what happens in its own
//! words, recovers when the fault ends, and keeps the learner's progress. Everything
//! stays on loopback.

mod common;
#[path = "faults/proxy.rs"]
mod proxy;

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use common::moto::{Moto, aws_at, aws_env, labguide_at};
use common::tmux::Tmux;
use labguide::cloud::{Cloud, CloudError, CreateStack};
use labguide::i18n::{I18n, Lang};
use proxy::{Mode, Proxy};

const TEMPLATE: &str = include_str!("../assets/cloudformation/workshop.yml");
const STACK: &str = "AIMLWorkshop-kim";
const NOTEBOOK: &str = "sagemaker-hol-lab-kim";
const ACCOUNT: &str = "123456789012";
const REGION: &str = "us-east-1";

/// What moto's answers are held for in `Slow`: longer than a key may take to show.
const SLOW: Duration = Duration::from_secs(12);
/// A key's effect shows within this even while calls hang (generous: it is not a timing
/// test; where it matters the test also proves the call was still unanswered).
const KEYS: Duration = Duration::from_secs(5);
/// Recovery waits include labguide's own backoff (it doubles a 5 s poll interval).
const RECOVERY: Duration = Duration::from_secs(60);

// ---------------------------------------------------------------------------------------
// What labguide says, looked up as labguide looks it up: by message id in its own English
// bundle, and by step id in the shipped workshop. No sentence of the .ftl files is copied
// here, so rewording a message cannot break a test, and a test names what it expects.

/// Stands in for an argument whose value the screen may cut: see `en_until`.
const CUT: &str = "\u{1}";

/// Message `id` of labguide's English bundle with `args`; the id must exist.
fn en(id: &str, args: &[(&str, &str)]) -> String {
    let i18n = I18n::embedded();
    assert!(
        i18n.has(Lang::En, id),
        "no message {id} in the English bundle"
    );
    let args = labguide::i18n::args(args.iter().map(|(k, v)| (*k, v.to_string())));
    i18n.format(Lang::En, id, Some(&args))
}

/// Message `id` up to where its argument `cut` goes: the part of a message that shows
/// whole however the argument is worded or wrapped.
fn en_until(id: &str, args: &[(&str, &str)], cut: &str) -> String {
    let mut all = args.to_vec();
    all.push((cut, CUT));
    let text = en(id, &all);
    let head = text.split(CUT).next().unwrap_or_default();
    assert!(head.len() < text.len(), "{id} has no argument {cut}");
    head.trim_end().to_string()
}

/// A step's title in English, from the shipped workshop.
fn title(step: &str) -> String {
    let w = common::shipped();
    let i = w
        .step_index(step)
        .unwrap_or_else(|| panic!("no step {step}"));
    w.steps[i].title.en.clone()
}

/// The header once labguide knows who it talks to (moto's account).
fn connected() -> String {
    en("backend-aws", &[("account", ACCOUNT), ("region", REGION)])
}

/// The header's badge while a watcher backs off.
fn badge() -> String {
    en("badge-backing-off", &[])
}

/// The notice when the step's checks pass after its action, up to the next step's title
/// (the notice is cut at three lines in a narrow pane).
fn step_done() -> String {
    en_until(
        "notice-step-done-next",
        &[("title", &title("setup-stack"))],
        "next",
    )
}

fn expired() -> String {
    en("cloud-expired", &[])
}

fn throttled() -> String {
    en("cloud-throttled", &[])
}

fn timeout() -> String {
    en("cloud-timeout", &[])
}

fn unreachable(url: &str) -> String {
    en("cloud-unreachable", &[("endpoint", url)])
}

/// A server error as labguide words it; `detail` is moto's own error code and message.
fn server_error(detail: &str) -> String {
    en("cloud-server-error", &[("detail", detail)])
}

/// What CloudFormation and S3 answer in moto when they fail on their side.
const CFN_500: &str = "InternalFailure: The request processing has failed because of an unknown error, exception or failure.";
const S3_500: &str = "InternalError: We encountered an internal error. Please try again.";

/// The launch action's line in the activity pane.
fn launch_line() -> String {
    en("task-create_stack", &[("stack", STACK)])
}

/// The start of the question for the initials, from the shipped workshop.
fn ask_initial() -> String {
    let w = common::shipped();
    let prompt = &w.asks["initial"].prompt.en;
    prompt.split('.').next().unwrap_or(prompt).to_string()
}

/// A section's title in English, from the shipped workshop.
fn section_title(id: &str) -> String {
    let w = common::shipped();
    let s = w.sections.iter().find(|s| s.id == id);
    s.unwrap_or_else(|| panic!("no section {id}"))
        .title
        .en
        .clone()
}

/// The start of the unreachable message, before the endpoint it names.
fn cannot_reach() -> String {
    en_until("cloud-unreachable", &[], "endpoint")
}

/// A message up to its first parenthesis: what shows however the pane wraps it.
fn lead(message: &str) -> String {
    message
        .split('(')
        .next()
        .unwrap_or(message)
        .trim_end()
        .to_string()
}

/// A line of the help window.
fn help_line() -> String {
    en("help-panes", &[])
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime")
}

/// The notebook instance the step's second check looks for. moto names the stack's own
/// notebook itself, so the test creates the one the workshop names, straight at moto.
async fn create_notebook(url: &str) {
    // labguide's own loader: it brings the one HTTP client the SDK is built with.
    let conf = labguide::cloud::aws::Aws::defaults()
        .endpoint_url(url)
        .region(aws_config::Region::new("us-east-1"))
        .credentials_provider(aws_sdk_sagemaker::config::Credentials::new(
            "testing", "testing", None, None, "test",
        ))
        .load()
        .await;
    aws_sdk_sagemaker::Client::new(&conf)
        .create_notebook_instance()
        .notebook_instance_name(NOTEBOOK)
        .instance_type(aws_sdk_sagemaker::types::InstanceType::MlT3Medium)
        .role_arn("arn:aws:iam::123456789012:role/AIMLWorkshop-kim-NotebookExecutionRole")
        .send()
        .await
        .expect("moto creates the notebook");
}

fn workshop_stack() -> CreateStack {
    CreateStack {
        name: STACK.into(),
        template_body: TEMPLATE.into(),
        parameters: vec![("Initial".into(), "kim".into())],
        capabilities: vec!["CAPABILITY_IAM".into()],
        tags: vec![("labguide:workshop".into(), "aws-aiml-hol".into())],
    }
}

/// The activity pane (actions, checks, reports, notice) as one line: its wrapped lines
/// joined by single spaces, the step list left of it cut off.
fn activity(screen: &str) -> String {
    let title = format!(" {}", en("pane-activity", &[]));
    let lines: Vec<&str> = screen.lines().collect();
    let Some((row, col)) = lines
        .iter()
        .enumerate()
        .find_map(|(i, l)| l.find(&title).map(|c| (i, c)))
    else {
        return String::new();
    };
    let col = lines[row][..col].chars().count();
    lines[row..]
        .iter()
        .map(|l| l.chars().skip(col).collect::<String>())
        .collect::<Vec<_>>()
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn header(screen: &str) -> &str {
    screen.lines().next().unwrap_or_default()
}

/// One learner: moto, the proxy in front of it, and labguide in a tmux pane using the
/// proxy as its AWS endpoint, with its own state folder.
struct Session {
    tmux: Tmux,
    proxy: Proxy,
    moto: Moto,
}

impl Session {
    fn start(name: &str, width: u16) -> Session {
        let moto = Moto::start();
        let proxy = Proxy::start(moto.port);
        let tmux = Tmux::start_sized(name, width, 30);
        Session { tmux, proxy, moto }
    }

    /// `labguide --aws` with dummy credentials, us-east-1 and AWS_ENDPOINT_URL at the proxy.
    /// The class note is left out (`--no-publish`; it is tested on its own): under slow
    /// answers its two calls after every change would fill the quiet moments these tests
    /// wait for.
    fn launch(&self) {
        let bin = env!("CARGO_BIN_EXE_labguide");
        let state = self.tmux.state.path();
        let env: Vec<String> = aws_env(&self.proxy.url(), state)
            .into_iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        self.tmux.keys(&[
            &format!(
                "clear; {} {bin} --aws --no-publish --lang en --state-dir {}; echo EXIT-$?-END",
                env.join(" "),
                state.display()
            ),
            "Enter",
        ]);
    }

    /// Starts labguide while AWS answers, reads the first step and opens the stack step:
    /// the progress that must survive the faults.
    fn open_stack_step(&self) {
        self.launch();
        self.tmux
            .wait_until("the account in the header", RECOVERY, |s| {
                header(s).contains(&connected())
            });
        self.tmux.keys(&["n"]);
        self.tmux.wait_for(&format!(
            "{} / {}",
            section_title("setup"),
            title("setup-stack")
        ));
        self.wait_progress("the first step saved as done", |p| {
            p["steps"]["setup-welcome"] == "done" && p["current"] == "setup-stack"
        });
    }

    /// Runs the step's action (the learner's initials are asked first).
    fn run_launch(&self) {
        self.tmux.keys(&["Enter"]);
        self.tmux.wait_for(&ask_initial());
        self.tmux.keys(&["kim", "Enter"]);
        self.tmux.wait_for(&launch_line());
    }

    /// The help window opens and closes within a couple of seconds.
    fn keys_answer(&self) {
        self.tmux.keys(&["?"]);
        self.tmux.wait_for_within(&help_line(), KEYS);
        self.tmux.keys(&["Escape"]);
        self.tmux.wait_gone(&help_line(), KEYS);
    }

    fn wait_activity(&self, text: &str, limit: Duration) -> String {
        self.tmux
            .wait_until(&format!("{text:?} in the activity pane"), limit, |s| {
                activity(s).contains(text)
            })
    }

    /// The progress file, read again until `ok` holds (writes are coalesced); it must be
    /// JSON every time it is read.
    fn wait_progress(&self, what: &str, ok: impl Fn(&serde_json::Value) -> bool) {
        let path = self.tmux.state.path().join("progress.json");
        let start = std::time::Instant::now();
        loop {
            let progress = std::fs::read(&path).ok().map(|bytes| {
                serde_json::from_slice::<serde_json::Value>(&bytes)
                    .unwrap_or_else(|e| panic!("progress is not JSON ({e}): {bytes:?}"))
            });
            if progress.as_ref().is_some_and(&ok) {
                return;
            }
            assert!(
                start.elapsed() < common::tmux::WAIT,
                "waited for {what}; the progress file holds {progress:#?}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// What was done before the fault is still on disk: the first step, the initials.
    fn assert_progress_kept(&self) {
        self.wait_progress("the progress made before the fault", |p| {
            p["workshop"] == "aws-aiml-hol"
                && p["version"] == 1
                && p["current"] == "setup-stack"
                && p["steps"]["setup-welcome"] == "done"
                && p["vars"]["initial"] == "kim"
        });
    }

    fn create_notebook(&self) {
        runtime().block_on(create_notebook(&self.moto.url()));
    }

    /// The fault is over: the launch finishes, its checks pass, the step is saved as done
    /// and the header is back to normal.
    fn assert_recovered(&self) {
        self.wait_activity(&step_done(), RECOVERY);
        let screen = self.tmux.wait_gone(&badge(), RECOVERY);
        assert!(header(&screen).contains(&connected()), "{screen}");
        let text = activity(&screen);
        let heading = en_until("stack-heading", &[("stack", STACK)], "elapsed");
        assert!(text.contains(&heading), "{text}");
        assert!(text.contains("CREATE_COMPLETE"), "{text}");
        self.assert_progress_kept();
        self.wait_progress("the stack step saved as done", |p| {
            p["steps"]["setup-stack"] == "done"
        });
    }

    /// Quits (confirming when the notebook bills) and expects a clean exit.
    fn quit(&self) {
        self.tmux.keys(&["q"]);
        let screen = self
            .tmux
            .wait_until("the exit or the billing question", KEYS, |s| {
                s.contains("EXIT-") || s.contains(&en("confirm-quit-title", &[]))
            });
        if !screen.contains("EXIT-") {
            self.tmux.keys(&["y"]);
        }
        assert_eq!(self.tmux.wait_exit(), 0);
        self.tmux.assert_restored();
    }
}

// ---------------------------------------------------------------------------------------
// The interface, fault by fault.

#[test]
fn slow_answers_leave_the_keys_working_and_the_launch_completes() {
    let s = Session::start("slow", 100);
    s.open_stack_step();
    s.proxy.set(Mode::Slow(SLOW));
    s.run_launch();
    // The launch's first calls (the labs' upload, then CreateStack) are held.
    s.proxy
        .wait_until("the launch held at the proxy", KEYS, |p| p.held() > 0);
    // The help window comes and goes while the launch is still unanswered.
    s.keys_answer();
    assert!(
        s.proxy.held() > 0,
        "the keys were answered only after the held call: {:#?}",
        s.proxy.seen()
    );
    // A slow answer is no error: nothing failed, the action still runs.
    let text = activity(&s.tmux.screen());
    assert!(!text.contains('✗'), "{text}");
    s.assert_progress_kept();

    s.create_notebook();
    s.proxy.set(Mode::Pass);
    s.assert_recovered();

    // Quitting does not wait for a call that hangs, and keeps the progress. The call
    // held is the check's own, fresh (a poller's held call could be near its end).
    s.proxy.set(Mode::Slow(SLOW));
    s.proxy
        .wait_until("no call in flight", SLOW * 2, |p| p.held() == 0);
    s.tmux.keys(&["c"]);
    s.proxy
        .wait_until("a check held at the proxy", KEYS, |p| p.held() > 0);
    s.quit();
    assert!(s.proxy.held() > 0, "labguide ended before the held call");
    s.assert_progress_kept();
    assert_eq!(s.tmux.progress()["steps"]["setup-stack"], "done");
}

#[test]
fn throttling_while_a_stack_is_watched_shows_the_badge_and_is_ridden_out() {
    // Wide enough for the badge next to the account: see the 100-column test below.
    let s = Session::start("throttle", 120);
    s.open_stack_step();
    s.proxy.set_sparing(Mode::Throttle, &["CreateStack"]);
    s.run_launch();
    s.tmux
        .wait_until("the backing-off badge", RECOVERY, |screen| {
            header(screen).contains(&badge())
        });
    assert!(s.proxy.met("DescribeStacks", Mode::Throttle) > 0);
    s.keys_answer();
    // Backing off is not failing: the launch still runs and no error is shown.
    let text = activity(&s.tmux.screen());
    assert!(
        !text.contains('✗') && !text.contains(&lead(&throttled())),
        "{text}"
    );
    s.assert_progress_kept();

    s.create_notebook();
    s.proxy.set(Mode::Pass);
    s.assert_recovered();
    s.quit();
    s.assert_progress_kept();
}

#[test]
fn aws_going_down_while_a_stack_is_watched_is_ridden_out() {
    let s = Session::start("down-watch", 120);
    s.open_stack_step();
    // The launch goes through; then the endpoint stops answering, then refuses connections.
    s.proxy.set_sparing(Mode::Down, &["CreateStack"]);
    s.run_launch();
    s.proxy.wait_until("the launch", KEYS, |p| {
        p.seen().iter().any(|r| r.action == "CreateStack")
    });
    s.proxy.set(Mode::Down);
    s.tmux
        .wait_until("the backing-off badge", RECOVERY, |screen| {
            header(screen).contains(&badge())
        });
    s.keys_answer();
    let text = activity(&s.tmux.screen());
    assert!(
        !text.contains('✗') && !text.contains(&cannot_reach()),
        "{text}"
    );
    s.assert_progress_kept();

    s.create_notebook();
    s.proxy.set(Mode::Pass);
    s.assert_recovered();
    s.quit();
    s.assert_progress_kept();
}

#[test]
fn a_launch_while_aws_is_unreachable_says_so_and_a_retry_completes() {
    let s = Session::start("down-launch", 100);
    s.open_stack_step();
    s.proxy.set(Mode::Down);
    s.run_launch();
    let screen = s.wait_activity(&unreachable(&s.proxy.url()), RECOVERY);
    assert!(activity(&screen).contains(&format!("✗ {}", launch_line())));
    s.keys_answer();
    s.assert_progress_kept();

    // The network is back: the learner does what the message says, and tries again.
    s.create_notebook();
    s.proxy.set(Mode::Pass);
    s.tmux.keys(&["Enter"]);
    s.assert_recovered();
    s.quit();
}

#[test]
fn server_errors_are_reported_and_a_retry_completes_the_launch() {
    let s = Session::start("error500", 100);
    s.open_stack_step();
    // The launch itself fails on AWS's side (a watcher would ride it out instead: see
    // a_stack_watch_rides_out_server_errors).
    s.proxy.set_only(Mode::Error500, &["CreateStack"]);
    s.run_launch();
    // The pane is narrow: the message wraps, and its start says what happened.
    let said = en_until("cloud-server-error", &[], "detail") + "InternalFailure:";
    let screen = s.wait_activity(&said, RECOVERY);
    assert!(
        !screen.contains("<ErrorResponse"),
        "no raw answer on screen"
    );
    s.keys_answer();
    s.assert_progress_kept();

    s.create_notebook();
    s.proxy.set(Mode::Pass);
    // The stack was created before the errors: trying again follows it to the end.
    s.tmux.keys(&["Enter"]);
    s.assert_recovered();
    s.quit();
}

#[test]
fn credentials_expiring_mid_session_are_said_and_a_retry_after_signing_in_completes() {
    let s = Session::start("expired", 100);
    s.open_stack_step();
    s.proxy
        .set_sparing(Mode::ExpiredCredentials, &["CreateStack"]);
    s.run_launch();
    s.wait_activity(&expired(), RECOVERY);
    s.keys_answer();
    s.assert_progress_kept();

    // Signed in again: the same session goes on.
    s.create_notebook();
    s.proxy.set(Mode::Pass);
    s.tmux.keys(&["Enter"]);
    s.assert_recovered();
    s.quit();
}

// ---------------------------------------------------------------------------------------
// Defects found here: each test waits for the fix named in its reason.

#[test]
fn the_backing_off_badge_shows_on_a_100_column_terminal() {
    let s = Session::start("badge100", 100);
    s.open_stack_step();
    s.proxy.set_sparing(Mode::Throttle, &["CreateStack"]);
    s.run_launch();
    s.tmux
        .wait_until("the backing-off badge", RECOVERY, |screen| {
            header(screen).contains(&badge())
        });
}

#[test]
fn a_launch_throttled_from_its_first_call_goes_through_once_throttling_ends() {
    let s = Session::start("throttle-launch", 120);
    s.open_stack_step();
    s.proxy.set(Mode::Throttle);
    s.run_launch();
    // Longer than the SDK's own retries (three attempts): labguide's turn.
    s.proxy
        .wait_until("the launch throttled three times", RECOVERY, |p| {
            p.met("CreateStack", Mode::Throttle) >= 3
        });
    s.tmux
        .wait_until("the backing-off badge", RECOVERY, |screen| {
            header(screen).contains(&badge())
        });
    s.create_notebook();
    s.proxy.set(Mode::Pass);
    // No key pressed: labguide said it would retry, so it does.
    s.assert_recovered();
}

#[test]
fn a_stack_watch_rides_out_server_errors() {
    let s = Session::start("error500-watch", 120);
    s.open_stack_step();
    s.proxy.set_sparing(Mode::Error500, &["CreateStack"]);
    s.run_launch();
    // Longer than the SDK's own retries (three attempts): labguide's turn.
    s.proxy
        .wait_until("the watch meeting three 500s", RECOVERY, |p| {
            p.met("DescribeStacks", Mode::Error500) >= 3
        });
    std::thread::sleep(Duration::from_secs(1));
    s.create_notebook();
    s.proxy.set(Mode::Pass);
    // No key pressed: a 500 is AWS's moment, like throttling; the stack went on building.
    s.assert_recovered();
}

#[test]
fn the_header_reconnects_once_aws_is_reachable_again() {
    let s = Session::start("down-start", 100);
    s.proxy.set(Mode::Down);
    s.launch();
    s.tmux
        .wait_for_within(&en("backend-aws-failed", &[("region", REGION)]), RECOVERY);
    s.wait_activity(&unreachable(&s.proxy.url()), RECOVERY);
    s.keys_answer();
    s.proxy.set(Mode::Pass);
    let screen = s
        .tmux
        .wait_until("the account in the header", Duration::from_secs(90), |s| {
            header(s).contains(&connected())
        });
    assert!(!activity(&screen).contains(&cannot_reach()), "{screen}");
}

// ---------------------------------------------------------------------------------------
// Without the interface: the classification itself, and `labguide check`.

type Call<'a> = Pin<Box<dyn Future<Output = (&'static str, Result<(), CloudError>)> + 'a>>;

/// One call per protocol and service labguide uses, all at once.
async fn one_call_each(
    aws: &labguide::cloud::aws::Aws,
) -> Vec<(&'static str, Result<(), CloudError>)> {
    let calls: Vec<Call> = vec![
        Box::pin(async { ("sts", aws.account().await.map(drop)) }),
        Box::pin(async { ("cloudformation", aws.describe_stack(STACK).await.map(drop)) }),
        Box::pin(async {
            (
                "iam",
                aws.role_exists("aws_sm_hol_Comprehend").await.map(drop),
            )
        }),
        Box::pin(async { ("sagemaker", aws.notebook(NOTEBOOK).await.map(drop)) }),
        Box::pin(async {
            (
                "glue",
                aws.glue_database_exists("awsdb_0107").await.map(drop),
            )
        }),
        Box::pin(async { ("logs", aws.log_groups("/aws/sagemaker/").await.map(drop)) }),
        Box::pin(async {
            (
                "s3",
                aws.list_objects("my-reviews-copy", "amazon-reviews/", 10)
                    .await
                    .map(drop),
            )
        }),
    ];
    futures_util::future::join_all(calls).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_service_says_each_fault_in_labguides_terms() {
    let moto = Moto::start();
    moto.seed();
    let proxy = Proxy::start(moto.port);
    let aws = aws_at(&proxy.url(), "testing", "testing").await;

    // The proxy forwards every protocol as it is, and tells the services apart.
    for (service, result) in one_call_each(&aws).await {
        assert!(result.is_ok(), "{service} through the proxy: {result:?}");
    }
    let mut seen: Vec<String> = proxy.seen().into_iter().map(|r| r.service).collect();
    seen.sort();
    seen.dedup();
    assert_eq!(
        seen,
        [
            "cloudformation",
            "glue",
            "iam",
            "logs",
            "s3",
            "sagemaker",
            "sts"
        ]
    );

    proxy.set(Mode::ExpiredCredentials);
    for (service, result) in one_call_each(&aws).await {
        assert!(
            matches!(result, Err(CloudError::ExpiredCredentials)),
            "{service}: {result:?}"
        );
    }

    // A clock that is off is said as such (with the fix), not as access denied.
    proxy.set(Mode::ClockSkew);
    for (service, result) in one_call_each(&aws).await {
        assert!(
            matches!(result, Err(CloudError::ClockSkew)),
            "{service}: {result:?}"
        );
    }

    proxy.set(Mode::Throttle);
    for (service, result) in one_call_each(&aws).await {
        // S3 says SlowDown: see s3_throttling_is_reported_as_throttling.
        if service != "s3" {
            assert!(
                matches!(result, Err(CloudError::Throttled)),
                "{service}: {result:?}"
            );
        }
    }

    proxy.set(Mode::Error500);
    for (service, result) in one_call_each(&aws).await {
        match result {
            Err(CloudError::ServerError(message)) => {
                assert!(!message.contains('<'), "{service}: no raw XML: {message}");
                assert!(
                    message.starts_with("InternalFailure: ")
                        || message.starts_with("InternalError: "),
                    "{service}: {message}"
                );
            }
            other => panic!("{service}: a server error, not {other:?}"),
        }
    }

    proxy.set(Mode::Down);
    for (service, result) in one_call_each(&aws).await {
        match result {
            Err(CloudError::Unreachable { endpoint }) => assert_eq!(endpoint, proxy.url()),
            other => panic!("{service}: unreachable, not {other:?}"),
        }
    }

    // Over: the same client works again.
    proxy.set(Mode::Pass);
    for (service, result) in one_call_each(&aws).await {
        assert!(result.is_ok(), "{service} after the faults: {result:?}");
    }
}

/// `labguide check setup-stack lab1-dataset --json` through the proxy: CloudFormation and
/// STS (query XML), SageMaker (JSON) and S3 (REST XML).
fn check(proxy: &Proxy, state: &std::path::Path) -> (Option<i32>, Vec<(String, String, String)>) {
    let out = labguide_at(
        &proxy.url(),
        state,
        &["check", "setup-stack", "lab1-dataset", "--json"],
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !stdout.contains('<'),
        "no HTML or XML in the output:\n{stdout}"
    );
    assert!(
        !stdout.contains("testing") && !stderr.contains("testing"),
        "no credentials in the output"
    );
    let results: serde_json::Value =
        serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout}\n{stderr}"));
    let rows = results
        .as_array()
        .expect("a list of results")
        .iter()
        .map(|r| {
            let field = |k: &str| r[k].as_str().unwrap_or_default().to_string();
            (field("step"), field("status"), field("reason"))
        })
        .collect();
    (out.status.code(), rows)
}

fn seeded_with_stack_and_notebook() -> Moto {
    let moto = Moto::start();
    moto.seed();
    runtime().block_on(async {
        moto.aws()
            .await
            .create_stack(workshop_stack())
            .await
            .expect("moto creates the stack");
        create_notebook(&moto.url()).await;
        // Lab 1's copy of the reviews, in the learner's prefix.
        moto.aws()
            .await
            .put_object(
                "sagemaker-us-east-1-123456789012",
                "labguide/kim/lab1/reviews/product_category=Video_Games/part-0.parquet",
                b"PAR1".to_vec(),
            )
            .await
            .expect("moto stores the object");
    });
    moto
}

#[test]
fn the_check_command_gives_each_fault_its_reason_and_exit_code() {
    let moto = seeded_with_stack_and_notebook();
    let proxy = Proxy::start(moto.port);
    let state = tempfile::tempdir().expect("a state folder");
    let both = |code: Option<i32>, rows: &[(String, String, String)], reason: &str| {
        assert_eq!(code, Some(1), "{rows:#?}");
        for (step, status, got) in rows {
            assert_eq!(status, "fail", "{step}");
            assert_eq!(got, reason, "{step}");
        }
    };

    let (code, rows) = check(&proxy, state.path());
    assert_eq!(code, Some(0), "{rows:#?}");
    assert!(
        rows.iter().all(|(_, status, _)| status == "pass"),
        "{rows:#?}"
    );

    proxy.set(Mode::Down);
    let (code, rows) = check(&proxy, state.path());
    both(code, &rows, &unreachable(&proxy.url()));

    proxy.set(Mode::ExpiredCredentials);
    let (code, rows) = check(&proxy, state.path());
    both(code, &rows, &expired());

    proxy.set(Mode::Error500);
    let (code, rows) = check(&proxy, state.path());
    assert_eq!(code, Some(1));
    assert_eq!(
        rows[0],
        ("setup-stack".into(), "fail".into(), server_error(CFN_500))
    );
    // The bucket is named for the account, and asking STS for it failed first: that
    // failure is the reason, not "account is not set" (STS answers like CloudFormation).
    assert_eq!(
        rows[1],
        ("lab1-dataset".into(), "fail".into(), server_error(CFN_500))
    );
    // S3 alone failing is S3's own words.
    proxy.set_only(Mode::Error500, &["GET /sagemaker-us-east-1-123456789012"]);
    let (code, rows) = check(&proxy, state.path());
    assert_eq!(code, Some(1));
    assert_eq!(rows[0].1, "pass", "{rows:#?}");
    assert_eq!(
        rows[1],
        ("lab1-dataset".into(), "fail".into(), server_error(S3_500))
    );

    proxy.set(Mode::Throttle);
    let (code, rows) = check(&proxy, state.path());
    assert_eq!(code, Some(1));
    assert_eq!(rows[0].1, "fail");
    assert_eq!(rows[0].2, throttled(), "{rows:#?}");
    // S3's SlowDown is worded elsewhere: see s3_throttling_is_reported_as_throttling.
    assert_eq!(rows[1].1, "fail");

    // Over: everything passes again, and checking wrote no progress.
    proxy.set(Mode::Pass);
    let (code, rows) = check(&proxy, state.path());
    assert_eq!(code, Some(0), "{rows:#?}");
    assert!(!state.path().join("progress.json").exists());
}

#[test]
fn a_check_that_gets_no_answer_gives_up_at_the_call_timeout() {
    let moto = seeded_with_stack_and_notebook();
    let proxy = Proxy::start(moto.port);
    let state = tempfile::tempdir().expect("a state folder");
    // Only the listing of the learner's data hangs, far longer than any timeout of labguide's.
    proxy.set_only(
        Mode::Slow(Duration::from_secs(600)),
        &["GET /sagemaker-us-east-1-123456789012"],
    );
    let (code, rows) = check(&proxy, state.path());
    assert_eq!(code, Some(1), "{rows:#?}");
    assert_eq!(rows[0].1, "pass", "{rows:#?}");
    assert_eq!(rows[1], ("lab1-dataset".into(), "fail".into(), timeout()));
    assert!(
        proxy.held() > 0,
        "labguide gave up while the call was still unanswered"
    );
}

#[test]
fn s3_throttling_is_reported_as_throttling() {
    let moto = seeded_with_stack_and_notebook();
    let proxy = Proxy::start(moto.port);
    let state = tempfile::tempdir().expect("a state folder");
    proxy.set(Mode::Throttle);
    let (_, rows) = check(&proxy, state.path());
    assert_eq!(rows[1].0, "lab1-dataset");
    assert_eq!(rows[1].2, throttled(), "{rows:#?}");
    // A HEAD carries no body, so S3's bare 503 is what says it.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let head = runtime.block_on(async {
        let aws = aws_at(&proxy.url(), "testing", "testing").await;
        aws.bucket_exists("my-reviews-copy").await
    });
    assert_eq!(head, Err(CloudError::Throttled));
}

#[test]
fn a_throttled_check_does_not_promise_a_retry_that_never_comes() {
    let moto = seeded_with_stack_and_notebook();
    let proxy = Proxy::start(moto.port);
    let state = tempfile::tempdir().expect("a state folder");
    proxy.set(Mode::Throttle);
    let (code, rows) = check(&proxy, state.path());
    // The command has ended: nothing will retry.
    assert_eq!(code, Some(1));
    // Said as the interface says it when nothing retries: wait, then try again.
    assert_eq!(rows[0].2, throttled(), "{rows:#?}");
}

/// The notebook link must not end the learner's Jupyter session early: the session's
/// length (SessionExpirationDurationInSeconds) is left at AWS's default of 12 hours.
#[tokio::test]
async fn the_notebook_link_leaves_the_session_length_to_aws() {
    let moto = Moto::start();
    let proxy = Proxy::start(moto.port);
    let aws = aws_at(&proxy.url(), "testing", "testing").await;
    // moto may or may not know the notebook; the request is what is checked.
    let _ = aws.notebook_url("sagemaker-hol-lab-kim").await;
    let sent: Vec<_> = proxy
        .seen()
        .into_iter()
        .filter(|r| r.action == "CreatePresignedNotebookInstanceUrl")
        .collect();
    assert!(!sent.is_empty(), "the link was asked for");
    for r in &sent {
        assert!(r.body.contains("sagemaker-hol-lab-kim"), "{}", r.body);
        assert!(
            !r.body.contains("SessionExpirationDurationInSeconds"),
            "{}",
            r.body
        );
    }
}

/// What moto accepts and AWS refuses, answered as AWS does: a classifier an endpoint still
/// uses answers ResourceInUse to a delete (in use, wait: not "already exists"), and S3's
/// DeleteObjects refuses keys one by one inside a 200 answer, which must not read as done.
#[tokio::test]
async fn deletes_that_aws_refuses_are_reported_as_refused() {
    use labguide::cloud::ResourceKind;
    let moto = Moto::start();
    moto.run_seed_with("seed_class.py", &[("LEARNERS", "")]);
    let proxy = Proxy::start(moto.port);
    let aws = aws_at(&proxy.url(), "testing", "testing").await;
    let classifier = "Amazon-Customer-Reviews-Classifier-1620000000";
    // Training: the first request stops it; the next one asks for the delete.
    aws.remove(ResourceKind::ComprehendClassifier, classifier)
        .await
        .unwrap();
    proxy.set_only(Mode::InUse, &["DeleteDocumentClassifier"]);
    match aws
        .remove(ResourceKind::ComprehendClassifier, classifier)
        .await
    {
        Err(CloudError::InUse { what }) => assert!(what.contains("in use"), "{what}"),
        other => panic!("in use, not {other:?}"),
    }
    proxy.set(Mode::Pass);
    aws.remove(ResourceKind::ComprehendClassifier, classifier)
        .await
        .unwrap();
    assert!(
        aws.find(ResourceKind::ComprehendClassifier, classifier)
            .await
            .unwrap()
            .is_empty()
    );

    let bucket = "sagemaker-us-east-1-123456789012";
    proxy.set_only(Mode::KeysRefused, &[&format!("POST /{bucket}")]);
    match aws.delete_objects(bucket, "data/").await {
        Err(CloudError::AccessDenied { action }) => {
            assert!(action.contains("data/train.csv"), "{action}")
        }
        other => panic!("refused keys are an error, not {other:?}"),
    }
    assert_eq!(
        aws.list_objects(bucket, "data/", 10).await.unwrap(),
        ["data/train.csv"],
        "nothing was deleted"
    );
    proxy.set(Mode::Pass);
    assert_eq!(aws.delete_objects(bucket, "data/").await.unwrap(), 1);
}

/// The next report of the watchers, if one comes within `limit` seconds.
async fn next(
    rx: &mut tokio::sync::mpsc::UnboundedReceiver<labguide::app::Outcome>,
    limit: u64,
) -> Option<labguide::app::Outcome> {
    tokio::time::timeout(Duration::from_secs(limit), rx.recv())
        .await
        .ok()
        .flatten()
}

/// A session that expires while an endpoint is watched: said once, the watch pauses (one
/// look now and then, no flood of failing calls), and it resumes by itself once the
/// learner has signed in again outside labguide.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_expired_session_pauses_the_watch_which_resumes_after_signing_in() {
    use labguide::app::{LiveUpdate, Outcome, Target};
    use labguide::cloud::ResourceKind;
    use std::sync::Arc;
    let moto = Moto::start();
    moto.seed();
    let proxy = Proxy::start(moto.port);
    let aws: Arc<dyn Cloud> = Arc::new(aws_at(&proxy.url(), "testing", "testing").await);
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let watchers = labguide::runtime::watcher::Watchers::new(aws, tx);
    let endpoint = Target {
        kind: ResourceKind::Endpoint,
        prefix: "tensorflow-training-2021-05-05-02-02-03-005-".into(),
    };
    watchers.want(vec![endpoint.clone()]);
    loop {
        match next(&mut rx, 30).await {
            Some(Outcome::Live {
                update: LiveUpdate::Detail(_),
                ..
            }) => break,
            Some(_) => continue,
            None => panic!("the endpoint was never described"),
        }
    }

    proxy.set(Mode::ExpiredCredentials);
    // Something was done to it: the watcher looks again at once, and meets the expiry.
    watchers.want(vec![endpoint.clone()]);
    let mut said = 0;
    let mut failed_views = 0;
    let started = std::time::Instant::now();
    while started.elapsed() < Duration::from_secs(40) {
        match next(&mut rx, 1).await {
            Some(Outcome::BackendFailed(CloudError::ExpiredCredentials)) => said += 1,
            Some(Outcome::Live {
                update: LiveUpdate::Failed(CloudError::ExpiredCredentials),
                ..
            }) => failed_views += 1,
            Some(Outcome::SessionBack) => panic!("nothing answered yet"),
            _ => {}
        }
    }
    assert_eq!(
        (said, failed_views),
        (1, 1),
        "said once, however long it lasts"
    );
    let paused_calls = proxy
        .seen()
        .iter()
        .filter(|s| s.mode == Mode::ExpiredCredentials)
        .count();
    assert!(
        (1..=4).contains(&paused_calls),
        "a paused watch looks now and then, not every poll: {paused_calls} calls in 40 s"
    );

    // The learner signs in again outside labguide: the watch goes on by itself.
    proxy.set(Mode::Pass);
    let mut back = false;
    let mut described = false;
    let started = std::time::Instant::now();
    while !(back && described) && started.elapsed() < Duration::from_secs(60) {
        match next(&mut rx, 1).await {
            Some(Outcome::SessionBack) => back = true,
            Some(Outcome::Live {
                update: LiveUpdate::Detail(_),
                ..
            }) => described = true,
            _ => {}
        }
    }
    assert!(
        back && described,
        "resumed within a minute: back {back}, described {described}"
    );
}
