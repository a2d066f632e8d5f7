//! The learner's place in the workshop, written for the class board (`app::class`): only
//! when it changed, never more than one write per `MIN_GAP`, and nothing while nothing
//! changes. A write is two calls (the learner's old key deleted, the new one put).

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::watch;

use super::timed;
use crate::app::class::{ClassStatus, Learner};
use crate::cloud::{Cloud, CloudResult};

/// At most one write this often: a learner racing through reading steps is a write every
/// 20 s at most (six calls a minute), a class of 60 three writes a second.
pub const MIN_GAP: Duration = Duration::from_secs(20);

/// Writes the newest status sent, as it changes, until the sender is gone; `None` takes
/// the learner's note away (at once: the step that follows proves nothing is left).
pub(super) async fn publisher(cloud: Arc<dyn Cloud>, mut rx: watch::Receiver<Option<ClassStatus>>) {
    let mut seen = Seen::default();
    let mut written: Option<(String, Learner)> = None;
    let mut last_write: Option<tokio::time::Instant> = None;
    let mut bucket_ready = false;
    while rx.changed().await.is_ok() {
        let latest = rx.borrow_and_update().clone();
        if let Some(status) = &latest {
            seen.note(status, cloud.now());
            // Batched: what changes within the gap goes out as one write, the newest.
            if let Some(at) = last_write {
                tokio::time::sleep_until(at + MIN_GAP).await;
            }
        }
        // What was sent last wins: a withdrawal during the wait is not written over.
        let Some(status) = rx.borrow_and_update().clone() else {
            if let Some((bucket, learner)) = written.take() {
                let folder = Learner::folder(&learner.initials);
                if let Err(e) = timed(cloud.as_ref(), cloud.delete_objects(&bucket, &folder)).await
                {
                    tracing::warn!(error = %e, "could not take the class note away");
                }
            }
            continue;
        };
        seen.note(&status, cloud.now());
        let Some((bucket, learner)) = seen.learner() else {
            continue;
        };
        if written.as_ref().map(|(_, l)| l) == Some(&learner) {
            continue;
        }
        if !bucket_ready {
            // A learner before the setup step has no SageMaker bucket yet.
            bucket_ready = timed(cloud.as_ref(), cloud.ensure_bucket(&bucket))
                .await
                .is_ok();
        }
        last_write = Some(tokio::time::Instant::now());
        // Stamped with the time of writing, which is no change of its own.
        let stamped = Learner {
            at: Some(cloud.now().floor()),
            ..learner.clone()
        };
        match write(cloud.as_ref(), &bucket, &stamped).await {
            Ok(()) => written = Some((bucket, learner)),
            // The board misses one change; the next change writes again.
            Err(e) => tracing::warn!(error = %e, "could not publish progress for the class"),
        }
    }
}

/// More learners than any class: the listing stops there.
const MAX_LEARNERS: usize = 5_000;

/// Every learner's note, from one paginated listing (a thousand a page), for the board.
pub async fn read_class(cloud: &dyn Cloud, bucket: &str) -> CloudResult<Vec<Learner>> {
    let listed = timed(
        cloud,
        cloud.list_objects(bucket, crate::app::class::CLASS_PREFIX, MAX_LEARNERS),
    )
    .await;
    let keys = match listed {
        // No SageMaker bucket yet: nobody has published.
        Err(crate::cloud::CloudError::NotFound { .. }) => vec![],
        other => other?,
    };
    Ok(keys.iter().filter_map(|k| Learner::parse(k)).collect())
}

/// Replaces the learner's key with this one.
pub async fn write(cloud: &dyn Cloud, bucket: &str, learner: &Learner) -> CloudResult<()> {
    timed(
        cloud,
        cloud.delete_objects(bucket, &Learner::folder(&learner.initials)),
    )
    .await?;
    timed(cloud, cloud.put_object(bucket, &learner.key(), vec![])).await
}

/// Since when the learner has been on the step and the check has been failing, from the
/// statuses as they came.
#[derive(Default)]
struct Seen {
    status: Option<ClassStatus>,
    since: f64,
    failing_since: Option<f64>,
}

impl Seen {
    fn note(&mut self, status: &ClassStatus, now: f64) {
        let before = self.status.as_ref();
        if before.map(|b| &b.step) != Some(&status.step) {
            self.since = now;
            self.failing_since = None;
        }
        match (&status.failing, before.and_then(|b| b.failing.as_ref())) {
            (None, _) => self.failing_since = None,
            (Some(_), None) => self.failing_since = Some(now),
            (Some(_), Some(_)) => {}
        }
        self.status = Some(status.clone());
    }

    fn learner(&self) -> Option<(String, Learner)> {
        let s = self.status.as_ref()?;
        Some((
            s.bucket.clone(),
            Learner {
                initials: s.initials.clone(),
                step: s.step.clone(),
                done: s.done,
                total: s.total,
                failing: s.failing.clone(),
                // To the cent: a meter moving by fractions of a cent is no news.
                usd_hour: s.usd_hour.map(|u| (u * 100.0).round() / 100.0),
                since: self.since.floor(),
                failing_since: self.failing_since.map(f64::floor),
                at: None,
            },
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cloud::counted::Counted;
    use crate::cloud::sim::{Sim, TokioClock};

    fn status(step: &str, failing: Option<&str>) -> ClassStatus {
        ClassStatus {
            bucket: "sagemaker-us-east-1-123456789012".into(),
            initials: "kim".into(),
            step: step.into(),
            done: 3,
            total: 26,
            failing: failing.map(str::to_string),
            usd_hour: Some(0.2301),
        }
    }

    /// The board's refresh is one listing whether the class has 3 learners or 30.
    #[tokio::test(start_paused = true)]
    async fn a_refresh_costs_the_same_for_three_learners_and_thirty() {
        let sim: Arc<dyn Cloud> = Arc::new(Sim::new(
            1.0,
            "us-east-1",
            Arc::new(TokioClock::new(1_000.0)),
            None,
        ));
        let bucket = "sagemaker-us-east-1-123456789012";
        sim.ensure_bucket(bucket).await.unwrap();
        let (counted, calls) = Counted::new(sim.clone());
        let mut per_refresh = vec![];
        for (from, to) in [(0, 3), (3, 30)] {
            for i in from..to {
                let mut l = Learner::parse(&format!(
                    "labguide/_class/l{i}/step=lab1-athena/done={i}/total=26/failing=-/usd=-/since=900/failing_since=-"
                ))
                .unwrap();
                l.done = i;
                write(sim.as_ref(), bucket, &l).await.unwrap();
            }
            let before: u64 = calls.totals().values().sum();
            let learners = read_class(&counted, bucket).await.unwrap();
            assert_eq!(learners.len(), to);
            per_refresh.push(calls.totals().values().sum::<u64>() - before);
        }
        assert_eq!(
            per_refresh,
            [1, 1],
            "calls per refresh for 3 and 30 learners"
        );
    }

    /// Changes go out batched, at most one write per gap, the newest one; the learner has
    /// one key at a time; nothing is written while nothing changes.
    #[tokio::test(start_paused = true)]
    async fn changes_are_written_batched_and_only_when_they_change() {
        let sim: Arc<dyn Cloud> = Arc::new(Sim::new(
            1.0,
            "us-east-1",
            Arc::new(TokioClock::new(1_000.0)),
            None,
        ));
        let (counted, calls) = Counted::new(sim.clone());
        let (tx, rx) = watch::channel(None);
        tokio::spawn(publisher(Arc::new(counted), rx));
        let keys = || async {
            sim.list_objects("sagemaker-us-east-1-123456789012", "labguide/_class/", 100)
                .await
                .unwrap()
        };
        tx.send_replace(Some(status("lab1-athena", None)));
        tokio::time::sleep(Duration::from_secs(1)).await;
        let first = keys().await;
        assert_eq!(first.len(), 1, "{first:?}");
        assert!(first[0].contains("step=lab1-athena/") && first[0].contains("usd=0.23/"));
        // Three changes inside the gap: one write, of the newest.
        for step in ["lab1-split", "lab1-autopilot"] {
            tx.send_replace(Some(status(step, None)));
            tokio::time::sleep(Duration::from_secs(2)).await;
        }
        tx.send_replace(Some(status("lab1-autopilot", Some("automl_job_status"))));
        let puts = || calls.totals().get("s3:PutObject").copied().unwrap_or(0);
        assert_eq!(puts(), 1, "nothing more within the gap");
        tokio::time::sleep(MIN_GAP).await;
        assert_eq!(puts(), 2);
        let now = keys().await;
        assert_eq!(now.len(), 1, "one key per learner: {now:?}");
        let learner = Learner::parse(&now[0]).expect("a class key");
        assert_eq!(learner.step, "lab1-autopilot");
        assert_eq!(learner.failing.as_deref(), Some("automl_job_status"));
        assert!(learner.failing_since.is_some());
        let written_at = learner.at.expect("a note says when it was written");
        assert!((sim.now() - written_at).abs() <= MIN_GAP.as_secs_f64() + 1.0);
        // The same status again, and an hour of nothing: no write.
        tx.send_replace(Some(status("lab1-autopilot", Some("automl_job_status"))));
        tokio::time::sleep(Duration::from_secs(3600)).await;
        assert_eq!(puts(), 2);
        // The step that proves nothing is left: the note goes at once, and stays gone.
        tx.send_replace(Some(status("cleanup-stack", None)));
        tokio::time::sleep(Duration::from_secs(1)).await;
        tx.send_replace(None);
        tokio::time::sleep(Duration::from_secs(1)).await;
        assert_eq!(keys().await, Vec::<String>::new());
        tokio::time::sleep(MIN_GAP * 3).await;
        assert_eq!(keys().await, Vec::<String>::new(), "no late write after it");
    }
}
