//! `labguide run STEP`: a step's actions carried out without the interface, one after
//! the other, through the runner the TUI uses, and worded as the TUI words them.
//!
//! Exit codes: 0 every action passed (or, on real AWS, was left to the notebook), 1 one
//! failed, 2 a usage problem (unknown step, no actions, a value not set), 3 an action
//! that asks first in the TUI and no `--yes`, 130 interrupted (Ctrl-C).

use std::collections::BTreeMap;
use std::process::ExitCode;
use std::sync::Arc;

use tokio::sync::mpsc;

use super::Start;
use super::start::Connected;
use crate::app::{App, Effect, Outcome, TaskId, TaskStatus};
use crate::i18n::{I18n, Lang};
use crate::runtime::Runner;
use crate::tr;
use crate::ui::task_label;
use crate::workshop::task::Confirm;
use crate::workshop::{Action, Task};

/// What `labguide run` was asked.
pub struct Opts<'a> {
    pub step: &'a str,
    pub yes: bool,
    pub json: bool,
    pub vars: &'a [(String, String)],
}

const USAGE: u8 = 2;
const FAILED: u8 = 1;
const NEEDS_YES: u8 = 3;
const INTERRUPTED: u8 = 130;

/// One action in the JSON document.
#[derive(serde::Serialize)]
struct ActionDoc {
    kind: &'static str,
    label: String,
    status: &'static str,
    message: String,
}

/// The JSON document `--json` prints, and nothing else.
#[derive(serde::Serialize)]
struct Doc {
    step: String,
    actions: Vec<ActionDoc>,
    exit_code: u8,
    /// What the run as a whole has to say when it did not simply pass.
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<String>,
}

/// Where the run's words go: lines as they happen, or one document at the end.
struct Out<'a> {
    json: bool,
    i18n: &'a I18n,
    lang: Lang,
    doc: Doc,
}

impl Out<'_> {
    /// A line of the run as it goes (not in JSON).
    fn line(&self, text: &str) {
        if !self.json {
            println!("{text}");
        }
    }

    /// The end of the run: the document in JSON, else `message` on stderr.
    fn finish(mut self, code: u8, message: Option<String>) -> ExitCode {
        if let Some(m) = &message {
            eprintln!("{m}");
        }
        if self.json {
            self.doc.exit_code = code;
            self.doc.message = message;
            match serde_json::to_string_pretty(&self.doc) {
                Ok(s) => println!("{s}"),
                Err(e) => eprintln!("{e}"),
            }
        }
        ExitCode::from(code)
    }
}

pub fn run(start: &Start, opts: &Opts<'_>) -> ExitCode {
    let (workshop, i18n, lang) = (&start.workshop, &start.i18n, start.env_lang);
    let mut out = Out {
        json: opts.json,
        i18n,
        lang,
        doc: Doc {
            step: opts.step.to_string(),
            actions: vec![],
            exit_code: 0,
            message: None,
        },
    };
    let Some(index) = workshop.step_index(opts.step) else {
        let known: Vec<&str> = workshop.steps.iter().map(|s| s.id.as_str()).collect();
        let message = format!(
            "{}\n{}",
            tr!(
                i18n,
                lang,
                "unknown-step",
                id = opts.step,
                known = known.join(", ")
            ),
            tr!(i18n, lang, "run-see-steps")
        );
        return out.finish(USAGE, Some(message));
    };
    let step = &workshop.steps[index];
    if step.actions.is_empty() {
        let message = tr!(i18n, lang, "run-no-actions", step = step.id.clone());
        return out.finish(USAGE, Some(message));
    }
    let Connected {
        runtime,
        cloud,
        app,
        ..
    } = match start.connect(lang, opts.vars) {
        Ok(c) => c,
        Err(e) => return out.finish(FAILED, Some(e.to_string())),
    };
    let vars = app.vars_for_tasks();
    let label = |task: &Action| task_label(Task::Action(task), &vars, i18n, lang);
    out.doc.actions = step
        .actions
        .iter()
        .map(|task| ActionDoc {
            kind: Task::Action(task).kind(),
            label: label(task),
            status: "pending",
            message: String::new(),
        })
        .collect();

    // A value nobody gave: nothing runs, the message says how to give it.
    if let Some(name) = app.unanswered(step.actions.iter().map(Task::Action)) {
        let message = tr!(
            i18n,
            lang,
            "run-needs-value",
            step = step.id.clone(),
            name = name
        );
        for a in &mut out.doc.actions {
            a.message = message.clone();
        }
        return out.finish(USAGE, Some(message));
    }

    // What asks first in the TUI runs only with --yes; without it nothing runs at all.
    if !opts.yes {
        let asking: Vec<(usize, String)> = step
            .actions
            .iter()
            .enumerate()
            .filter_map(|(i, task)| {
                would_ask(&app, task, &label(task), i18n, lang).map(|say| (i, say))
            })
            .collect();
        if !asking.is_empty() {
            out.line(&tr!(i18n, lang, "run-asks-first", step = step.id.clone()));
            let not_run = tr!(i18n, lang, "run-not-run-needs-yes");
            for a in &mut out.doc.actions {
                a.message = not_run.clone();
            }
            for (i, say) in asking {
                out.line(&format!("  - {say}"));
                out.doc.actions[i].message = say;
            }
            let message = tr!(i18n, lang, "run-add-yes", step = step.id.clone());
            return out.finish(NEEDS_YES, Some(message));
        }
    }

    let code = runtime.block_on(carry_out(
        &mut out,
        cloud,
        start.workshop.clone(),
        index,
        &vars,
    ));
    if code == INTERRUPTED {
        // What was started goes on in AWS; nothing here waits for it any longer.
        runtime.shutdown_background();
    }
    let message = match code {
        0 => None,
        _ => out.doc.message.take(),
    };
    if code == 0 {
        out.line(&tr!(
            i18n,
            lang,
            "run-all-passed",
            step = step.id.clone(),
            count = step.actions.len()
        ));
    }
    out.finish(code, message)
}

/// What an action that asks first in the TUI would start, said as a line of the list
/// `run` prints without `--yes`; `None` when it does not ask. The price is the one the
/// TUI's question gives (`App::cost_of`).
fn would_ask(app: &App, task: &Action, label: &str, i18n: &I18n, lang: Lang) -> Option<String> {
    let facts = task.facts();
    if facts.bills.is_some() {
        let vars = app.vars_for_tasks();
        let region = vars.get("region").cloned().unwrap_or_default();
        return Some(match app.cost_of(task).flatten() {
            Some(p) => tr!(
                i18n,
                lang,
                "run-would-bill",
                action = label,
                per_hour = crate::workshop::cents(p),
                region = region,
                checked = app.price_checked(task)
            ),
            None => tr!(
                i18n,
                lang,
                "run-would-bill-unknown",
                action = label,
                region = region
            ),
        });
    }
    match facts.confirm {
        Confirm::No => None,
        Confirm::Delete => Some(tr!(i18n, lang, "run-would-delete", action = label)),
        Confirm::Change => {
            let change = match task {
                Action::CanaryStage(t) => {
                    i18n.format(lang, &format!("canary-{}", t.stage.as_str()), None)
                }
                _ => String::new(),
            };
            Some(tr!(
                i18n,
                lang,
                "run-would-change",
                action = label,
                change = change
            ))
        }
    }
}

/// How one action ended, as `run` waits for it.
enum Ended {
    Status(TaskStatus),
    Interrupted,
}

/// Runs the step's actions in order through the TUI's runner, each to its end, and
/// returns the exit code; what the run has to say at the end is left in `out.doc.message`.
async fn carry_out(
    out: &mut Out<'_>,
    cloud: Arc<dyn crate::cloud::Cloud>,
    workshop: Arc<crate::workshop::Workshop>,
    step: usize,
    vars: &BTreeMap<String, String>,
) -> u8 {
    let (i18n, lang) = (out.i18n, out.lang);
    let (tx, mut rx) = mpsc::unbounded_channel();
    // No state folder: a headless command never writes the saved progress.
    let runner = Runner::new(cloud, workshop.clone(), tx, None);
    let (int_tx, mut int_rx) = mpsc::unbounded_channel();
    tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            let _ = int_tx.send(());
        }
    });
    // Lets the signal task register its handler before anything starts.
    tokio::task::yield_now().await;

    let actions = &workshop.steps[step].actions;
    let total = actions.len();
    for (index, task) in actions.iter().enumerate() {
        let label = out.doc.actions[index].label.clone();
        out.line(&tr!(
            i18n,
            lang,
            "run-starting",
            n = index + 1,
            total = total,
            action = label.clone()
        ));
        runner.handle(Effect::RunAction {
            step,
            index,
            task: task.clone(),
            vars: vars.clone(),
        });
        // Test traffic goes on beside the actions after it, and ends with the command.
        if matches!(task, crate::workshop::Action::SendTraffic(_)) {
            let doc = &mut out.doc.actions[index];
            doc.status = "passed";
            doc.message = tr!(i18n, lang, "run-traffic-beside");
            out.line(&format!("  ✓ {}", out.doc.actions[index].message));
            continue;
        }
        let ended = loop {
            tokio::select! {
                outcome = rx.recv() => match outcome {
                    Some(Outcome::Task { step: s, task: TaskId::Action(i), status })
                        if s == step && i == index && !matches!(status, TaskStatus::Idle) && !status.is_running() =>
                    {
                        break Ended::Status(status);
                    }
                    // The stack's events, the account, the meter: the TUI's to show.
                    Some(_) => {}
                    // The runner holds the sender; it cannot go while we wait.
                    None => break Ended::Interrupted,
                },
                _ = int_rx.recv() => break Ended::Interrupted,
            }
        };
        let doc = &mut out.doc.actions[index];
        match ended {
            Ended::Status(TaskStatus::Passed(report)) => {
                doc.status = "passed";
                doc.message = report
                    .map(|r| r.message(i18n, lang))
                    .unwrap_or_else(|| tr!(i18n, lang, "run-passed"));
                out.line(&format!("  ✓ {}", out.doc.actions[index].message));
            }
            // Left to the notebook on real AWS: the learner's part, not a failure.
            Ended::Status(TaskStatus::Pending(report)) => {
                doc.status = "pending";
                doc.message = report.message(i18n, lang);
                out.line(&format!("  … {}", out.doc.actions[index].message));
            }
            Ended::Status(TaskStatus::Failed(report)) => {
                let reason = report.message(i18n, lang);
                doc.status = "failed";
                doc.message = reason.clone();
                out.line(&format!("  ✗ {reason}"));
                let not_run = tr!(i18n, lang, "run-not-run-after-failure");
                for later in &mut out.doc.actions[index + 1..] {
                    later.message = not_run.clone();
                }
                let step_id = workshop.steps[step].id.clone();
                out.doc.message = Some(format!(
                    "{}\n{}",
                    tr!(i18n, lang, "run-failed", action = label, reason = reason),
                    tr!(i18n, lang, "run-failed-hint", step = step_id)
                ));
                return FAILED;
            }
            // Not an end: the loop above waits past these.
            Ended::Status(TaskStatus::Idle | TaskStatus::Running | TaskStatus::Working(_)) => {}
            Ended::Interrupted => {
                doc.message = tr!(i18n, lang, "run-interrupted-running");
                let done: Vec<String> = out.doc.actions[..index]
                    .iter()
                    .filter(|a| a.status == "passed")
                    .map(|a| a.label.clone())
                    .collect();
                let mut message = tr!(i18n, lang, "run-interrupted", action = label);
                if !done.is_empty() {
                    message.push('\n');
                    message.push_str(&tr!(
                        i18n,
                        lang,
                        "run-interrupted-done",
                        done = done.join(", ")
                    ));
                }
                message.push('\n');
                message.push_str(&tr!(i18n, lang, "run-interrupted-hint"));
                out.doc.message = Some(message);
                return INTERRUPTED;
            }
        }
    }
    0
}
