//! Live watchers: one poller per watched resource, however many views show it, each
//! keeping to a budget so a classroom sharing one account is not throttled.
//!
//! Per resource and minute on AWS (5 s base interval): at most 10 Describe calls (one
//! every 6-10 s while it changes, slower while it does not, none once finished), one
//! batched GetMetricData, and at most 12 log reads (one page of one stream per poll,
//! round robin, plus looking for the streams every sixth poll until every host has one).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tokio::sync::{Notify, mpsc};
use tokio::task::JoinHandle;
use tokio::time::Instant;

use super::{Backoff, timed};
use crate::app::{LiveUpdate, Outcome, Target};
use crate::cloud::live::{
    Detail, MetricParser, endpoint_queries, log_location, processing_queries, training_queries,
};
use crate::cloud::{Cloud, CloudError, ResourceKind};

/// Polls between looks for a newer resource with the same prefix.
const REDISCOVER_POLLS: u32 = 24;
/// Base intervals between one-minute metric reads (12 x 5 s = a minute on AWS).
const METRIC_POLLS: u32 = 12;
/// Polls without a change before the interval starts to stretch.
const STABLE_POLLS: u32 = 3;
/// The longest interval, as a multiple of the base.
const MAX_STRETCH: u32 = 12;
/// The longest interval while nothing with the prefix exists yet.
const WAITING_STRETCH: u32 = 3;
/// The interval of the one look a paused watcher takes while the learner's session has
/// expired: rare enough to cost nothing, often enough to resume within a minute of signing
/// in again.
const PAUSED_STRETCH: u32 = 4;
/// Log pages `snapshot` reads at most, to take in a job's log so far.
const DRAIN_READS: usize = 20;
/// Lines a single read may bring that are kept; the rest were already off the tail.
const KEEP_LINES: usize = crate::app::LOG_CAP;

/// A running poller and the bell that makes it look again at once.
type Poller = (JoinHandle<()>, Arc<Notify>);

/// The pollers running now, by target.
pub struct Watchers {
    cloud: Arc<dyn Cloud>,
    tx: mpsc::UnboundedSender<Outcome>,
    active: Mutex<HashMap<Target, Poller>>,
}

impl Watchers {
    pub fn new(cloud: Arc<dyn Cloud>, tx: mpsc::UnboundedSender<Outcome>) -> Watchers {
        Watchers {
            cloud,
            tx,
            active: Mutex::new(HashMap::new()),
        }
    }

    /// Watches exactly `targets` from now on: new ones start, ones no longer wanted stop,
    /// and the ones kept look again at once (something was just done to them).
    pub fn want(&self, targets: Vec<Target>) {
        let mut active = match self.active.lock() {
            Ok(a) => a,
            Err(p) => p.into_inner(),
        };
        active.retain(|t, (handle, _)| {
            let keep = targets.contains(t) && !handle.is_finished();
            if !keep {
                handle.abort();
            }
            keep
        });
        for target in targets {
            if let Some((_, nudge)) = active.get(&target) {
                nudge.notify_one();
                continue;
            }
            let nudge = Arc::new(Notify::new());
            let handle = tokio::spawn(follow(
                self.cloud.clone(),
                target.clone(),
                self.tx.clone(),
                nudge.clone(),
            ));
            active.insert(target, (handle, nudge));
        }
    }

    /// How many pollers run (for tests).
    pub fn running(&self) -> usize {
        match self.active.lock() {
            Ok(a) => a.values().filter(|(h, _)| !h.is_finished()).count(),
            Err(p) => p.into_inner().len(),
        }
    }
}

impl Drop for Watchers {
    fn drop(&mut self) {
        if let Ok(active) = self.active.lock() {
            for (handle, _) in active.values() {
                handle.abort();
            }
        }
    }
}

async fn follow(
    cloud: Arc<dyn Cloud>,
    target: Target,
    tx: mpsc::UnboundedSender<Outcome>,
    nudge: Arc<Notify>,
) {
    // 1.2 to 2 times the interval (stretched up to 12 times while nothing changes): never
    // sooner than the call budget allows, and pollers started together drift apart.
    let base = cloud.poll_interval().mul_f64(1.2);
    let mut schedule = Backoff::new(base, base * MAX_STRETCH).jitter(2.0 / 3.0);
    let mut follower = Follower::new(target.clone());
    let mut backing_off = false;
    // The session expired: the watcher only looks now and then, until a look succeeds.
    let mut paused = false;
    loop {
        let outcome = follower.poll(cloud.as_ref()).await;
        let at = cloud.now();
        let send = |update| {
            tx.send(Outcome::Live {
                target: target.clone(),
                update,
                at,
            })
            .is_ok()
        };
        match outcome {
            Ok(poll) => {
                if backing_off {
                    backing_off = false;
                    let _ = tx.send(Outcome::BackingOff(false));
                }
                if paused {
                    paused = false;
                    schedule.reset();
                    let _ = tx.send(Outcome::SessionBack);
                }
                let finished = poll.finished;
                if !poll.updates.into_iter().all(send) || finished {
                    return;
                }
                let waiting = follower.name.is_none();
                if poll.changed {
                    schedule.reset();
                } else if waiting {
                    // Looking for a job the notebook has yet to start stays brisk, so it
                    // shows within half a minute of starting.
                    schedule.grow_up_to(base * WAITING_STRETCH);
                } else if follower.unchanged >= STABLE_POLLS {
                    schedule.grow();
                }
            }
            Err(e) if e.is_transient() => {
                if !backing_off {
                    backing_off = true;
                    let _ = tx.send(Outcome::BackingOff(true));
                }
                schedule.grow();
            }
            // Said once, to the app and the view; the learner signs in again outside
            // labguide, and the next look that succeeds resumes the watch.
            Err(e) if e.is_session_expired() => {
                if !paused {
                    paused = true;
                    if tx.send(Outcome::BackendFailed(e.clone())).is_err()
                        || !send(LiveUpdate::Failed(e))
                    {
                        return;
                    }
                }
                schedule.hold_at(base * PAUSED_STRETCH);
            }
            Err(e) => {
                if !send(LiveUpdate::Failed(e)) {
                    return;
                }
                schedule.saturate();
            }
        }
        tokio::select! {
            _ = tokio::time::sleep(schedule.delay()) => {}
            _ = nudge.notified() => schedule.reset(),
        }
    }
}

/// What one poll found.
pub struct Poll {
    pub updates: Vec<LiveUpdate>,
    /// Something the learner would notice changed (a status, a variant, a rule).
    pub changed: bool,
    /// Nothing more will change: the watcher stops.
    pub finished: bool,
}

impl Poll {
    /// Nothing with the prefix (any more): the view says it waits.
    fn waiting(changed: bool) -> Poll {
        Poll {
            updates: vec![LiveUpdate::Waiting],
            changed,
            finished: false,
        }
    }
}

/// One log stream being read forward.
struct Stream {
    name: String,
    token: Option<String>,
    last_read: Option<Instant>,
    /// The last read brought a full page: there is more waiting.
    behind: bool,
    /// The last read brought nothing: read to its end for now.
    caught_up: bool,
}

/// A watcher's memory between polls: which resource, where its logs are read up to.
pub struct Follower {
    target: Target,
    name: Option<String>,
    polls: u32,
    found_at_poll: u32,
    metrics_at: Option<Instant>,
    metrics_denied: bool,
    logs_denied: bool,
    streams: Vec<Stream>,
    parser: Option<MetricParser>,
    last: Option<Detail>,
    pub unchanged: u32,
    /// The job finished; its log is still being read to the end.
    draining: bool,
}

/// The parts of a description whose change the learner sees (billable seconds tick on
/// every call and do not count).
fn signature(d: &Detail) -> impl PartialEq + use<> {
    (
        d.status.clone(),
        d.secondary.clone(),
        d.transitions.len(),
        d.variants.clone(),
        d.rules.clone(),
        d.candidates.len(),
        d.inference_units,
    )
}

impl Follower {
    pub fn new(target: Target) -> Follower {
        Follower {
            target,
            name: None,
            polls: 0,
            found_at_poll: 0,
            metrics_at: None,
            metrics_denied: false,
            logs_denied: false,
            streams: vec![],
            parser: None,
            last: None,
            unchanged: 0,
            draining: false,
        }
    }

    /// One round: find the resource (now and then), describe it, and read its metrics
    /// and logs when they are due. Errors of the Describe call are returned; metrics and
    /// logs failing only say so in an update.
    pub async fn poll(&mut self, cloud: &dyn Cloud) -> Result<Poll, CloudError> {
        self.polls += 1;
        let mut updates = vec![];
        let rediscover = self.polls.saturating_sub(self.found_at_poll) >= REDISCOVER_POLLS;
        if self.name.is_none() || rediscover {
            let found = timed(cloud, cloud.find(self.target.kind, &self.target.prefix)).await?;
            self.found_at_poll = self.polls;
            match found.into_iter().next() {
                Some(newest) if self.name.as_deref() != Some(newest.name.as_str()) => {
                    *self = Follower {
                        name: Some(newest.name),
                        found_at_poll: self.polls,
                        polls: self.polls,
                        ..Follower::new(self.target.clone())
                    };
                }
                Some(_) => {}
                None => {
                    return Ok(Poll::waiting(false));
                }
            }
        }
        let Some(name) = self.name.clone() else {
            return Ok(Poll::waiting(false));
        };
        if self.draining {
            return Ok(self.drain(cloud, &name).await);
        }
        let Some(detail) = timed(cloud, cloud.describe(self.target.kind, &name)).await? else {
            // Gone (deleted): look for another next time.
            self.name = None;
            return Ok(Poll::waiting(true));
        };
        let described_anew = self.last.as_ref().map(signature) != Some(signature(&detail));
        let mut logged = false;
        let finished = detail.is_finished(self.target.kind);
        if self.parser.is_none() && !detail.metric_definitions.is_empty() {
            self.parser = Some(MetricParser::new(&detail.metric_definitions));
        }
        updates.push(LiveUpdate::Detail(Box::new(detail.clone())));

        let metric_every = cloud.poll_interval() * METRIC_POLLS;
        // The look that finds a job ended (completed, stopped or failed) reads its metrics
        // whatever the schedule, so the charts end where the job did: there is no later look.
        let metrics_due = finished
            || self
                .metrics_at
                .is_none_or(|at| at.elapsed() >= metric_every);
        if metrics_due && !self.metrics_denied {
            let queries = match self.target.kind {
                ResourceKind::TrainingJob if publishes_metrics(&detail) => {
                    training_queries(&detail)
                }
                ResourceKind::ProcessingJob if detail.status != "Starting" => {
                    processing_queries(&detail)
                }
                ResourceKind::Endpoint => endpoint_queries(&detail),
                _ => vec![],
            };
            if !queries.is_empty() {
                self.metrics_at = Some(Instant::now());
                // Every point of these series is this resource's (its name is a dimension),
                // so a margin around its life costs nothing and forgives clock skew.
                let margin = 10.0 * crate::cloud::live::METRIC_PERIOD;
                let start = detail.created - margin;
                let end = detail.ended.map_or_else(|| cloud.now(), |e| e + margin);
                match timed(cloud, cloud.metric_data(&queries, start, end)).await {
                    Ok(series) => updates.push(LiveUpdate::Metrics(series)),
                    Err(e) => {
                        self.metrics_denied = matches!(e, CloudError::AccessDenied { .. });
                        updates.push(LiveUpdate::Failed(e));
                    }
                }
            }
        }

        if !self.logs_denied
            && let Some((group, prefix)) = log_location(self.target.kind, &name)
            && logs_started(&detail)
        {
            let before = updates.len();
            if let Err(e) = self
                .read_logs(cloud, &group, &prefix, &detail, 1, &mut updates)
                .await
            {
                self.logs_denied = matches!(e, CloudError::AccessDenied { .. });
                updates.push(LiveUpdate::Failed(e));
            }
            // New lines are news too: a job that logs is followed closely.
            logged = updates[before..]
                .iter()
                .any(|u| matches!(u, LiveUpdate::Log { lines, .. } if !lines.is_empty()));
        }
        // A finished job's last lines are still read, one page a poll like before, but
        // nothing is described any more.
        let logs_left = !self.logs_denied
            && log_location(self.target.kind, &name).is_some()
            && !self.streams.is_empty()
            && !self.streams.iter().all(|s| s.caught_up);
        self.draining = finished && logs_left;
        self.last = Some(detail);
        let changed = described_anew || logged;
        self.unchanged = if changed { 0 } else { self.unchanged + 1 };
        Ok(Poll {
            updates,
            changed,
            finished: finished && !logs_left,
        })
    }

    /// One log page of a finished job; finished once every stream is read to its end.
    async fn drain(&mut self, cloud: &dyn Cloud, name: &str) -> Poll {
        let mut updates = vec![];
        if let (Some((group, prefix)), Some(detail)) =
            (log_location(self.target.kind, name), self.last.clone())
            && let Err(e) = self
                .read_logs(cloud, &group, &prefix, &detail, 1, &mut updates)
                .await
        {
            self.logs_denied = true;
            updates.push(LiveUpdate::Failed(e));
        }
        let done = self.logs_denied || self.streams.iter().all(|s| s.caught_up);
        Poll {
            updates,
            changed: false,
            finished: done,
        }
    }

    /// Reads up to `reads` pages: the stream read longest ago (or one that is behind)
    /// first. Finds the streams until every host has one.
    async fn read_logs(
        &mut self,
        cloud: &dyn Cloud,
        group: &str,
        prefix: &str,
        detail: &Detail,
        reads: usize,
        updates: &mut Vec<LiveUpdate>,
    ) -> Result<(), CloudError> {
        let hosts = detail.instance_count.max(1) as usize;
        if self.streams.len() < hosts
            && (self.streams.is_empty() || self.polls.is_multiple_of(6) || reads > 1)
        {
            for name in timed(cloud, cloud.log_streams(group, prefix)).await? {
                if !self.streams.iter().any(|s| s.name == name) {
                    self.streams.push(Stream {
                        name,
                        token: None,
                        last_read: None,
                        behind: false,
                        caught_up: false,
                    });
                }
            }
            self.streams.sort_by(|a, b| a.name.cmp(&b.name));
        }
        for _ in 0..reads {
            let Some(stream) = self
                .streams
                .iter_mut()
                .min_by_key(|s| (!s.behind, s.last_read))
            else {
                return Ok(());
            };
            let events = cloud.log_events(group, &stream.name, stream.token.as_deref());
            let page = timed(cloud, events).await?;
            stream.last_read = Some(Instant::now());
            stream.behind = page.lines.len() >= 10_000;
            stream.caught_up = stream_ends(stream.token.as_deref(), page.next_token.as_deref());
            let ended = stream.caught_up;
            if page.next_token.is_some() {
                stream.token = page.next_token;
            }
            let host = stream.name.rsplit('/').next().unwrap_or_default();
            let host = host.split('-').take(2).collect::<Vec<_>>().join("-");
            let mut points = vec![];
            if let Some(parser) = &self.parser {
                for (at, line) in &page.lines {
                    for (metric, value) in parser.parse(line) {
                        points.push((metric, *at, value));
                    }
                }
            }
            let total = page.lines.len();
            let skipped = total.saturating_sub(KEEP_LINES);
            let lines = page
                .lines
                .into_iter()
                .skip(skipped)
                .map(|(_, line)| {
                    if hosts > 1 {
                        format!("[{host}] {line}")
                    } else {
                        line
                    }
                })
                .collect();
            updates.push(LiveUpdate::Log {
                lines,
                points,
                skipped: skipped as u64,
            });
            let all_read = self
                .streams
                .iter()
                .all(|s| s.last_read.is_some() && !s.behind);
            if reads > 1 && ended && all_read {
                break;
            }
        }
        Ok(())
    }
}

/// Training hosts publish metrics from the Downloading phase on.
fn publishes_metrics(d: &Detail) -> bool {
    !matches!(d.secondary.as_deref(), Some("Starting" | "Pending") | None)
}

/// Logs appear once the job's script runs.
fn logs_started(d: &Detail) -> bool {
    match d.secondary.as_deref() {
        Some("Starting" | "Pending" | "Downloading") => false,
        _ => d.status != "Starting",
    }
}

/// One full look at a target, as a watcher would have it after following it from the
/// start: for drawing a moment (`render --sim-elapsed`) without a running watcher.
pub async fn snapshot(cloud: &dyn Cloud, target: &Target) -> Result<Vec<LiveUpdate>, CloudError> {
    let mut follower = Follower::new(target.clone());
    let mut updates = follower.poll(cloud).await?.updates;
    // Read the logs to the end, as a watcher that had been there all along would have.
    if let (Some(name), Some(detail)) = (follower.name.clone(), follower.last.clone())
        && let Some((group, prefix)) = log_location(target.kind, &name)
        && logs_started(&detail)
    {
        follower
            .read_logs(cloud, &group, &prefix, &detail, DRAIN_READS, &mut updates)
            .await?;
    }
    Ok(updates)
}

/// Whether a log stream has been read to its end. GetLogEvents may answer an empty page
/// while more events exist; the end is a forward token equal to the one sent (or none).
fn stream_ends(sent: Option<&str>, returned: Option<&str>) -> bool {
    returned.is_none() || returned == sent
}

#[cfg(test)]
mod stream_end_tests {
    use super::stream_ends;

    #[test]
    fn an_empty_page_with_a_new_token_is_not_the_end() {
        // AWS: an empty page while more events exist carries a token that moved on.
        assert!(!stream_ends(Some("f/1"), Some("f/2")));
        assert!(
            !stream_ends(None, Some("f/0")),
            "the first page names where to go on"
        );
        // The end: the same token back, or none at all.
        assert!(stream_ends(Some("f/2"), Some("f/2")));
        assert!(stream_ends(Some("f/2"), None));
    }
}
