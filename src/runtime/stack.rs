//! Creating, deleting and following a CloudFormation stack, with its live view.

use std::time::Duration;

use super::{MAX_TRANSIENT_FAILURES, TaskCtx, after_failures, timed};
use crate::app::{Outcome, Report, StackView};
use crate::cloud::{CloudError, CreateStack, StackResource, fold_events};
use crate::workshop;

pub(super) async fn create_stack(
    ctx: &TaskCtx,
    task: &workshop::task::CreateStack,
) -> Result<Report, Report> {
    let stack = task.stack.clone();
    let template_body = ctx
        .workshop
        .source
        .read_project_file(&task.template)
        .map_err(|e| Report::TemplateUnreadable {
            path: task.template.clone(),
            error: e.to_string(),
        })?;
    let req = CreateStack {
        name: stack.clone(),
        template_body,
        parameters: task
            .parameters
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
        capabilities: task.capabilities.clone(),
        tags: vec![(super::WORKSHOP_TAG.to_string(), ctx.workshop.id.clone())],
    };
    // Throttled before it even started: back off and launch again. This is the one call
    // the runtime issues again on top of the SDK's own attempts, and why: those three
    // attempts span a few seconds (the SDK's backoff starts near a second), too short for
    // the throttling a class launching its stacks together meets in its first minute; the
    // launch is the learner's one request (no poll makes it later) and the badge says
    // labguide backs off; and a throttled CreateStack created nothing, so issuing it again
    // is safe (a stack that is there after all is followed, below). At most
    // `LAUNCHES_THROTTLED` more, on the failure backoff (10 s on AWS, doubling to a minute,
    // jittered): at most 27 CreateStack requests over six to nine minutes.
    let mut throttled = 0;
    let mut backoff = after_failures(ctx.cloud.as_ref());
    let mut replaced = false;
    loop {
        match timed(ctx.cloud.as_ref(), ctx.cloud.create_stack(req.clone())).await {
            Ok(()) => {
                let region = ctx.cloud.identity().region.clone();
                ctx.record("stack", &stack, &region);
                break;
            }
            // Launched before (or by hand): follow the one that is there, unless it is a
            // failed create that was rolled back. That one holds nothing and blocks the
            // name, so launching again means deleting it first (the advice under it says so).
            Err(CloudError::AlreadyExists { .. }) => {
                let status = timed(ctx.cloud.as_ref(), ctx.cloud.describe_stack(&stack))
                    .await
                    .map_err(Report::Cloud)?
                    .map(|info| info.status);
                if replaced || status.as_deref() != Some("ROLLBACK_COMPLETE") {
                    break;
                }
                replaced = true;
                delete_and_wait(ctx, &stack).await?;
            }
            Err(CloudError::Throttled) if throttled < LAUNCHES_THROTTLED => {
                if throttled == 0 {
                    let _ = ctx.tx.send(Outcome::BackingOff(true));
                }
                throttled += 1;
                tokio::time::sleep(backoff.next_wait()).await;
            }
            Err(e) => {
                if throttled > 0 {
                    let _ = ctx.tx.send(Outcome::BackingOff(false));
                }
                return Err(Report::Cloud(e));
            }
        }
    }
    if throttled > 0 {
        let _ = ctx.tx.send(Outcome::BackingOff(false));
    }
    let view = watch_stack(ctx, &stack).await?;
    match view.status.as_str() {
        "CREATE_COMPLETE" | "UPDATE_COMPLETE" => Ok(Report::StackCreated { stack }),
        _ => Err(Report::StackFailed {
            stack,
            status: view.status,
            reason: view.reason,
        }),
    }
}

/// Deletes a stack and follows it until it is gone (or its deletion failed).
pub(super) async fn delete_and_wait(ctx: &TaskCtx, stack: &str) -> Result<(), Report> {
    timed(ctx.cloud.as_ref(), ctx.cloud.delete_stack(stack))
        .await
        .map_err(Report::Cloud)?;
    let view = watch_stack(ctx, stack).await?;
    if view.status == "DELETE_FAILED" {
        return Err(Report::StackFailed {
            stack: stack.to_string(),
            status: view.status,
            reason: view.reason,
        });
    }
    Ok(())
}

/// Follows a stack until it settles, sending the live view after every change. Events are
/// read only past the last one seen. Throttling slows the polling instead of failing.
async fn watch_stack(ctx: &TaskCtx, stack: &str) -> Result<StackView, Report> {
    let mut rows: Vec<StackResource> = vec![];
    let mut starts: Vec<f64> = vec![];
    let mut last_event: Option<String> = None;
    let mut first_event_at: Option<f64> = None;
    // Two to four poll intervals (10-20 s on AWS), drawn afresh each look: a class
    // launching its stacks in the same minute drifts apart instead of polling
    // DescribeStacks in step. The watch alone is then about 4 calls a minute per learner,
    // 4 a second for a class of 60 (at a flat 5 s, 30 learners were 6); with the checks
    // and the cost meter, one learner's busiest setup minute is 6 (BENCHMARKS.md). A stack
    // takes minutes, so its events still show within seconds of each other.
    let mut pace = {
        let every = ctx.cloud.poll_interval() * 2;
        super::backoff::Backoff::new(every, every).jitter(1.0)
    };
    let mut backoff = after_failures(ctx.cloud.as_ref());
    let mut failures = 0;
    let mut view = StackView {
        name: stack.to_string(),
        ..StackView::default()
    };
    loop {
        let info = match timed(ctx.cloud.as_ref(), ctx.cloud.describe_stack(stack)).await {
            Ok(info) => {
                if failures > 0 {
                    let _ = ctx.tx.send(Outcome::BackingOff(false));
                }
                failures = 0;
                backoff.reset();
                info
            }
            // The stack goes on building while the network or AWS has a moment: back off
            // and look again, and give up only when it lasts.
            Err(e) if e.is_transient() && failures < MAX_TRANSIENT_FAILURES => {
                if failures == 0 {
                    let _ = ctx.tx.send(Outcome::BackingOff(true));
                }
                failures += 1;
                tokio::time::sleep(backoff.next_wait()).await;
                continue;
            }
            Err(e) => return Err(Report::Cloud(e)),
        };
        let Some(info) = info else {
            // Gone: deleted, or never there.
            view.status = "DELETE_COMPLETE".into();
            let _ = ctx.tx.send(Outcome::Stack {
                step: ctx.step,
                view: view.clone(),
            });
            return Ok(view);
        };
        let mut wait = pace.delay();
        let events = ctx.cloud.stack_events(stack, last_event.as_deref());
        match timed(ctx.cloud.as_ref(), events).await {
            Ok(events) => {
                if let Some(e) = events.last() {
                    last_event = Some(e.id.clone());
                }
                if first_event_at.is_none() {
                    first_event_at = events.first().map(|e| e.at);
                }
                let now = ctx.cloud.now();
                fold_events(&mut rows, &mut starts, &events, now);
                // The stack itself has its own line; the table lists its resources.
                view.resources = rows
                    .iter()
                    .filter(|r| r.logical_id != stack)
                    .cloned()
                    .collect();
                if let Some(first) = first_event_at {
                    view.elapsed = Duration::from_secs_f64((now - first).max(0.0));
                }
            }
            // Only this look waits longer: the next DescribeStacks that answers resets it.
            Err(CloudError::Throttled) => wait = backoff.next_wait(),
            Err(e) => tracing::warn!(error = %e, "stack events unavailable"),
        }
        view.status = info.status.clone();
        view.reason = info.reason.clone();
        view.outputs = info.outputs.clone();
        let _ = ctx.tx.send(Outcome::Stack {
            step: ctx.step,
            view: view.clone(),
        });
        if info.is_settled() {
            return Ok(view);
        }
        tokio::time::sleep(wait).await;
    }
}

/// Launches issued again while CreateStack is throttled (see `create_stack`).
const LAUNCHES_THROTTLED: u32 = 8;
