//! `labguide check`: each named step's checks, run as the app would run them.

use std::process::ExitCode;

use super::Start;
use crate::app::{Report, TaskStatus};
use crate::tr;
use crate::ui::plain::{check_table, check_verdict};

#[derive(serde::Serialize)]
struct StepCheck {
    step: String,
    status: &'static str,
    reason: String,
    /// What to look at, for a step that did not pass.
    #[serde(skip_serializing_if = "Option::is_none")]
    hint: Option<String>,
}

pub fn run(start: &Start, ids: &[String], json: bool, overrides: &[(String, String)]) -> ExitCode {
    let (workshop, i18n, lang) = (&start.workshop, &start.i18n, start.env_lang);
    let mut indices = vec![];
    for id in ids {
        match start.step_index(id, lang) {
            Ok(i) => indices.push(i),
            Err(code) => return code,
        }
    }
    if indices.is_empty() {
        indices = (0..workshop.steps.len()).collect();
    }
    let super::start::Connected {
        runtime,
        cloud,
        app,
        account_error,
    } = match start.connect(lang, overrides) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(1);
        }
    };
    let results: Vec<StepCheck> = runtime.block_on(async {
        let vars = app.vars_for_tasks();
        let text_vars = app.vars_for_text(lang);
        let mut out = vec![];
        for &i in &indices {
            let step = &workshop.steps[i];
            if let Some(var) = app.unanswered(step.checks.iter().map(crate::workshop::Task::Check))
            {
                out.push(StepCheck {
                    step: step.id.clone(),
                    status: "pending",
                    reason: tr!(i18n, lang, "check-needs-value", name = var),
                    hint: None,
                });
                continue;
            }
            let mut statuses = vec![];
            for task in &step.checks {
                let status = crate::runtime::run_check(cloud.as_ref(), workshop, task, &vars).await;
                // A bucket named for the account cannot be looked at when the account could
                // not be asked: that failure is the reason.
                let status = match (status, &account_error) {
                    (TaskStatus::Failed(Report::UnsetVariable { name }), Some(e))
                        if name == "account" =>
                    {
                        TaskStatus::Failed(Report::Cloud(e.clone()))
                    }
                    (status, _) => status,
                };
                statuses.push(status);
            }
            let (status, reason, decided_by) = check_verdict(&statuses, i18n, lang);
            let hint = decided_by
                .and_then(|c| step.hint(c, lang))
                .map(|h| app.fill_text(h, &text_vars));
            out.push(StepCheck {
                step: step.id.clone(),
                status,
                reason,
                hint,
            });
        }
        out
    });
    let all_pass = results.iter().all(|r| r.status == "pass");
    if json {
        match serde_json::to_string_pretty(&results) {
            Ok(s) => println!("{s}"),
            Err(e) => eprintln!("{e}"),
        }
    } else {
        let label = tr!(i18n, lang, "hint-label");
        let reasons: Vec<String> = results
            .iter()
            .map(|r| match &r.hint {
                Some(h) => format!("{} {label} {h}", r.reason),
                None => r.reason.clone(),
            })
            .collect();
        let rows = results
            .iter()
            .zip(&reasons)
            .map(|(r, reason)| (r.step.as_str(), r.status, reason.as_str()));
        print!("{}", check_table(rows));
    }
    if all_pass {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
