//! A gentle, steady stream of test requests to an endpoint while its canary runs: one
//! sample a request, counted by the variant that answered, so the split can be seen moving.
//! It ends when its time is up; the runner stops it sooner when the learner leaves the step.

use std::collections::BTreeMap;
use std::time::Duration;

use super::{TaskCtx, timed};
use crate::app::{Outcome, Report, TaskId, TaskStatus};
use crate::cloud::{Cloud, ResourceKind};
use crate::workshop;

const DEFAULT_EVERY_MS: u32 = 1000;
const DEFAULT_MINUTES: u32 = 20;
/// The fastest stream allowed: a class shares the account's InvokeEndpoint rate.
const MIN_EVERY_MS: u32 = 200;
/// The app hears the counts this often, not on every request.
const REPORT_EVERY: u32 = 5;

pub(super) async fn send_traffic(
    ctx: &TaskCtx,
    index: usize,
    t: &workshop::task::SendTraffic,
) -> Result<Report, Report> {
    let cloud = ctx.cloud.as_ref();
    let (requests, _) =
        super::ask::load_requests(cloud, &t.samples, None, &t.content_type, true).await?;
    let endpoint = serving(cloud, &t.endpoint_prefix).await?;
    let every = Duration::from_millis(u64::from(
        t.every_ms.unwrap_or(DEFAULT_EVERY_MS).max(MIN_EVERY_MS),
    ));
    let total = Duration::from_secs(u64::from(t.minutes.unwrap_or(DEFAULT_MINUTES)) * 60);
    let rounds = (total.as_millis() / every.as_millis().max(1)) as u32;
    let mut counts = Counts::default();
    for n in 0..rounds {
        let body = requests[n as usize % requests.len()].clone();
        match timed(
            cloud,
            cloud.invoke_endpoint(&endpoint, &t.content_type, body),
        )
        .await
        {
            Ok(answer) => counts.answered(answer.variant),
            // An endpoint being updated may refuse a request now and then; the stream
            // goes on and says how many did not get through.
            Err(e) => {
                tracing::debug!(error = %e, "a test request failed");
                counts.failed += 1;
            }
        }
        if (n + 1) % REPORT_EVERY == 0 {
            let _ = ctx.tx.send(Outcome::Task {
                step: ctx.step,
                task: TaskId::Action(index),
                status: TaskStatus::Working(counts.report(&endpoint)),
            });
        }
        tokio::time::sleep(every).await;
    }
    Ok(counts.report(&endpoint))
}

async fn serving(cloud: &dyn Cloud, prefix: &str) -> Result<String, Report> {
    timed(cloud, cloud.find(ResourceKind::Endpoint, prefix))
        .await
        .map_err(Report::Cloud)?
        .into_iter()
        .find(|e| matches!(e.status.as_deref(), Some("InService" | "Updating")))
        .map(|e| e.name)
        .ok_or_else(|| Report::ResourceMissing {
            kind: ResourceKind::Endpoint,
            prefix: prefix.to_string(),
        })
}

/// The split is counted over this many of the latest answers, so it moves with the stages.
const WINDOW: usize = 30;

#[derive(Default)]
struct Counts {
    sent: u32,
    failed: u32,
    recent: std::collections::VecDeque<String>,
}

impl Counts {
    fn answered(&mut self, variant: Option<String>) {
        self.sent += 1;
        if self.recent.len() == WINDOW {
            self.recent.pop_front();
        }
        self.recent.push_back(variant.unwrap_or_else(|| "?".into()));
    }

    fn report(&self, endpoint: &str) -> Report {
        let mut by_variant: BTreeMap<String, u32> = BTreeMap::new();
        for v in &self.recent {
            *by_variant.entry(v.clone()).or_default() += 1;
        }
        Report::Traffic {
            endpoint: endpoint.to_string(),
            sent: self.sent + self.failed,
            failed: self.failed,
            by_variant: by_variant.into_iter().collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_split_is_counted_over_the_latest_answers() {
        let mut c = Counts::default();
        for _ in 0..WINDOW {
            c.answered(Some("VariantA".into()));
        }
        for _ in 0..WINDOW / 2 {
            c.answered(Some("VariantB".into()));
        }
        c.failed = 2;
        let Report::Traffic {
            sent,
            failed,
            by_variant,
            ..
        } = c.report("e")
        else {
            panic!()
        };
        assert_eq!((sent, failed), (WINDOW as u32 * 3 / 2 + 2, 2));
        assert_eq!(
            by_variant,
            [
                ("VariantA".to_string(), WINDOW as u32 / 2),
                ("VariantB".to_string(), WINDOW as u32 / 2)
            ]
        );
    }
}
