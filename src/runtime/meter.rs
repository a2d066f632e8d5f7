//! The cost meter: an inventory now, then another now and then, since what bills can
//! change without labguide doing anything (a job ends, a notebook starts).

use std::collections::BTreeMap;
use std::sync::Arc;

use tokio::sync::{mpsc, watch};

use super::{Backoff, cleanup};
use crate::app::Outcome;
use crate::cloud::Cloud;
use crate::workshop::Workshop;

/// Takes an inventory whenever the values change (at most one per tenth of the interval)
/// and about every `meter_interval` otherwise, until the app is gone. After a transient
/// failure (the inventory is the heaviest thing labguide asks of a shared account) the next
/// one waits longer, up to four intervals.
pub(super) async fn meter(
    cloud: Arc<dyn Cloud>,
    workshop: Arc<Workshop>,
    tx: mpsc::UnboundedSender<Outcome>,
    mut rx: watch::Receiver<Option<BTreeMap<String, String>>>,
) {
    let every = cloud.meter_interval();
    // The least time between two inventories: a burst of changes (lab 1's seven queries
    // ending one after another, lab 0's nine actions) makes one inventory, not seven; a
    // class of sixty shares the account's rate limits. A minute on AWS: at 30 s, lab 0's
    // busiest minute was 62 SageMaker calls, two inventories in it.
    let gap = every / 5;
    // Jittered like every poller, so that meters started together drift apart.
    let mut backoff = Backoff::new(every, every * 4).jitter(super::PACE_JITTER);
    let owners = cleanup::OwnerCache::default();
    loop {
        let taken_at = tokio::time::Instant::now();
        let vars = rx.borrow_and_update().clone().unwrap_or_default();
        let region = vars.get("region").cloned().unwrap_or_default();
        // Each call of the inventory is bounded on its own (`timed`), not the whole.
        let taken = match cleanup::learner_for(cloud.as_ref(), &workshop, &vars, None).await {
            Ok((scope, learner)) => {
                let (prices, cache) = (&workshop.prices, Some(&owners));
                cleanup::inventory_with(cloud.as_ref(), &scope, &learner, prices, &region, cache)
                    .await
            }
            Err(e) => Err(e),
        };
        match taken {
            Ok(items) => {
                backoff.reset();
                let reading = crate::app::Meter {
                    at: crate::cloud::wall_clock(),
                    items,
                };
                if tx.send(Outcome::Meter(reading)).is_err() {
                    return;
                }
            }
            Err(e) => {
                tracing::warn!(error = %e, "the cost meter could not take an inventory");
                if !e.is_transient() {
                    backoff.reset();
                }
            }
        }
        tokio::select! {
            changed = rx.changed() => {
                if changed.is_err() {
                    return;
                }
                tokio::time::sleep_until(taken_at + gap).await;
            }
            _ = tokio::time::sleep(backoff.next_wait()) => {}
        }
    }
}
