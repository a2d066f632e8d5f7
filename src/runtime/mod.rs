//! The runtime: carries out the app's effects on tokio and reports back as `Outcome`s.
//! The `Runner` dispatches each `Effect` (actions, checks, the cost meter, the watchers,
//! progress writes); a file per concern holds the rest:
//!
//! - `actions`: one action carried out, and waiting for what it started to settle
//! - `checks`: one check verified
//! - `query`: one Athena statement followed to its end
//! - `traffic`: test requests to an endpoint while its canary runs
//! - `stack`: creating, deleting and following a CloudFormation stack
//! - `cleanup`: taking an inventory of the workshop's resources and deleting them in order
//! - `meter`: the cost meter's inventories
//! - `saver`: coalesced progress writes
//! - `publish`: the learner's place written for the class board, batched
//! - `watcher`: one live poller per watched resource
//! - `backoff`: the one schedule every loop that looks again waits on
//!
//! Timeouts and retries, layer by layer (a class of 30 shares one account's limits):
//!
//! - The backend bounds and retries each request itself: on AWS the SDK makes at most 3
//!   attempts (standard mode) within its operation timeout (45 s).
//! - The runtime bounds every call it awaits by `Cloud::call_timeout()`, which is never
//!   shorter than the backend's own bound (on AWS the SDK's operation timeout plus 5 s):
//!   a slow call that the SDK would still see through is never cut short above it.
//! - The runtime does not issue a one-shot call again on top of the SDK's attempts; the
//!   one exception is a launch throttled before it started (see `stack::create_stack`).
//! - Pollers (the account lookup, the stack watch, settling, the watchers, the cost
//!   meter) keep looking on their schedule; after a transient failure they wait on a
//!   `Backoff` (twice the poll interval, doubling up to a minute, up to half again as
//!   jitter) and the ones a task waits on give up after `MAX_TRANSIENT_FAILURES` in a row.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{mpsc, watch};

use crate::app::Progress;
use crate::app::{Effect, Outcome, Report, TaskId};
use crate::cloud::{Cloud, CloudError};
use crate::workshop::Workshop;

mod actions;
pub mod ask;
pub mod backoff;
mod checks;
pub mod class_cleanup;
pub mod cleanup;
mod data;
pub mod launch;
mod meter;
pub mod publish;
mod query;
mod saver;
mod stack;
mod traffic;
pub mod watcher;

pub use backoff::Backoff;
pub use checks::run_check;

/// The tag every taggable resource of a workshop carries, so cleanup can find them.
pub use crate::app::provenance::WORKSHOP_TAG;
/// The longest wait between two looks after failures.
const MAX_WAIT: Duration = Duration::from_secs(60);
/// Waits after failures are stretched by up to this share of themselves, so a class whose
/// calls failed together does not call again together.
const FAILURE_JITTER: f64 = 0.5;

pub struct Runner {
    cloud: Arc<dyn Cloud>,
    workshop: Arc<Workshop>,
    tx: mpsc::UnboundedSender<Outcome>,
    save_tx: Option<watch::Sender<Option<Progress>>>,
    meter_started: std::sync::OnceLock<watch::Sender<Option<BTreeMap<String, String>>>>,
    class_tx: std::sync::OnceLock<watch::Sender<Option<crate::app::class::ClassStatus>>>,
    watchers: watcher::Watchers,
    /// The test traffic streams running, by step, to stop when the learner leaves it.
    streams: std::sync::Mutex<Vec<(usize, tokio::task::AbortHandle)>>,
    /// Where the journal of created resources goes (the state folder).
    state_dir: Option<PathBuf>,
}

impl Runner {
    /// A runner reporting to `tx`. With a state folder, progress is saved there.
    pub fn new(
        cloud: Arc<dyn Cloud>,
        workshop: Arc<Workshop>,
        tx: mpsc::UnboundedSender<Outcome>,
        state_dir: Option<PathBuf>,
    ) -> Runner {
        let save_tx = state_dir.clone().map(|dir| {
            let (save_tx, save_rx) = watch::channel(None);
            tokio::spawn(saver::saver(dir, save_rx));
            save_tx
        });
        Runner {
            watchers: watcher::Watchers::new(cloud.clone(), tx.clone()),
            cloud,
            workshop,
            tx,
            save_tx,
            meter_started: std::sync::OnceLock::new(),
            class_tx: std::sync::OnceLock::new(),
            streams: Default::default(),
            state_dir,
        }
    }

    /// Asks the backend who we are, for the header; off the first frame's path.
    pub fn identify(&self) {
        let cloud = self.cloud.clone();
        let tx = self.tx.clone();
        tokio::spawn(async move {
            if cloud.identity().account.is_none() {
                // Asked again until it answers: a network that was down at the start, or
                // credentials renewed since, must not leave the header "not connected".
                let mut backoff =
                    Backoff::new(cloud.poll_interval(), MAX_WAIT).jitter(FAILURE_JITTER);
                loop {
                    match timed(cloud.as_ref(), cloud.account()).await {
                        Ok(account) => {
                            // The region too, as the clients that answered resolved it.
                            let mut identity = cloud.identity();
                            identity.account = account;
                            let _ = tx.send(Outcome::Backend(identity));
                            return;
                        }
                        Err(e) => {
                            tracing::warn!(error = %e, "could not read the account id");
                            if tx.send(Outcome::BackendFailed(e)).is_err() {
                                return;
                            }
                        }
                    }
                    tokio::time::sleep(backoff.next_wait()).await;
                }
            }
        });
    }

    /// Takes an inventory for the cost meter, then keeps taking one now and then: what
    /// bills can change without labguide doing anything (a job ends, a notebook starts).
    /// A newer request replaces the values of an older one.
    pub fn measure(&self, vars: BTreeMap<String, String>) {
        if let Some(tx) = self.meter_started.get() {
            let _ = tx.send(Some(vars));
            return;
        }
        let (tx, rx) = watch::channel(Some(vars));
        tokio::spawn(meter::meter(
            self.cloud.clone(),
            self.workshop.clone(),
            self.tx.clone(),
            rx,
        ));
        // Only this runner's first measure starts the task; later ones update it.
        let _ = self.meter_started.set(tx);
    }

    /// Tells the class where the learner is; written only when it changed, batched
    /// (`publish`); `None` takes the learner's note away. The first call starts the writer.
    pub fn publish(&self, status: Option<crate::app::class::ClassStatus>) {
        if status.is_none() && self.class_tx.get().is_none() {
            return;
        }
        let tx = self.class_tx.get_or_init(|| {
            let (tx, rx) = watch::channel(None);
            tokio::spawn(publish::publisher(self.cloud.clone(), rx));
            tx
        });
        tx.send_if_modified(|old| {
            let changed = *old != status;
            if changed {
                *old = status;
            }
            changed
        });
    }

    /// Looks once for the learner's runs of each experiment. A failed search (a role
    /// without sagemaker:Search) leaves the comparison to the step's own runs.
    fn find_runs(&self, experiments: Vec<String>, learner: String) {
        for experiment in experiments {
            let cloud = self.cloud.clone();
            let tx = self.tx.clone();
            let learner = learner.clone();
            tokio::spawn(async move {
                match timed(cloud.as_ref(), cloud.runs(&experiment, &learner)).await {
                    Ok(found) => {
                        let names = found.into_iter().map(|f| f.name).collect();
                        let _ = tx.send(Outcome::Runs { experiment, names });
                    }
                    Err(e) => {
                        tracing::warn!(error = %e, experiment = %experiment, "could not look for runs");
                    }
                }
            });
        }
    }

    pub fn handle(&self, effect: Effect) {
        match effect {
            Effect::Save(p) => {
                if let Some(tx) = &self.save_tx {
                    let _ = tx.send(Some(p));
                }
            }
            // The terminal's, done by the event loop.
            Effect::Quit | Effect::Copy(_) => {}
            Effect::StopTraffic { step } => {
                let mut streams = self.streams.lock().unwrap_or_else(|p| p.into_inner());
                streams.retain(|(s, handle)| {
                    if *s == step {
                        handle.abort();
                    }
                    *s != step
                });
            }
            Effect::Measure(vars) => self.measure(vars),
            Effect::FindRuns {
                experiments,
                learner,
            } => self.find_runs(experiments, learner),
            Effect::Watch(targets) => self.watchers.want(targets),
            Effect::RunAction {
                step,
                index,
                task,
                vars,
            } => {
                let ctx = self.task_ctx(step);
                let stream = matches!(task, crate::workshop::Action::SendTraffic(_));
                let handle = tokio::spawn(async move {
                    let status = actions::run_action(&ctx, index, &task, &vars).await;
                    let _ = ctx.tx.send(Outcome::Task {
                        step,
                        task: TaskId::Action(index),
                        status,
                    });
                });
                // Test traffic runs until the learner leaves its step: kept to be stopped.
                if stream {
                    let mut streams = self.streams.lock().unwrap_or_else(|p| p.into_inner());
                    streams.retain(|(_, h)| !h.is_finished());
                    streams.push((step, handle.abort_handle()));
                }
            }
            Effect::RunChecks { step, checks, vars } => {
                for (index, task) in checks {
                    let ctx = self.task_ctx(step);
                    let vars = vars.clone();
                    tokio::spawn(async move {
                        let status =
                            run_check(ctx.cloud.as_ref(), &ctx.workshop, &task, &vars).await;
                        let _ = ctx.tx.send(Outcome::Task {
                            step,
                            task: TaskId::Check(index),
                            status,
                        });
                    });
                }
            }
        }
    }

    fn task_ctx(&self, step: usize) -> TaskCtx {
        TaskCtx {
            cloud: self.cloud.clone(),
            workshop: self.workshop.clone(),
            tx: self.tx.clone(),
            step,
            state_dir: self.state_dir.clone(),
        }
    }
}

/// What a task running on its own tokio task needs.
struct TaskCtx {
    cloud: Arc<dyn Cloud>,
    workshop: Arc<Workshop>,
    tx: mpsc::UnboundedSender<Outcome>,
    step: usize,
    state_dir: Option<PathBuf>,
}

impl TaskCtx {
    /// The id of the step this task belongs to.
    fn step_id(&self) -> String {
        self.workshop
            .steps
            .get(self.step)
            .map_or_else(String::new, |s| s.id.clone())
    }

    /// Writes a created resource to the journal at once. A journal that cannot be
    /// written does not undo the launch: it is logged, and cleanup still finds the
    /// resource by its tags and name.
    fn record(&self, kind: &str, name: &str, region: &str) {
        let Some(dir) = &self.state_dir else {
            return;
        };
        let entry = crate::store::created::Created {
            kind: kind.to_string(),
            name: name.to_string(),
            step: self.step_id(),
            region: region.to_string(),
            at: crate::cloud::wall_clock(),
        };
        if let Err(e) = crate::store::created::record(dir, &entry) {
            tracing::error!(error = %e, name, "could not write the journal of created resources");
        }
    }
}

/// A call to `cloud`, bounded by its `call_timeout`: no single call may hang a step
/// forever, and none is cut short while the backend's own timeout has yet to decide.
pub async fn timed<T>(
    cloud: &dyn Cloud,
    fut: impl std::future::Future<Output = Result<T, CloudError>>,
) -> Result<T, CloudError> {
    match tokio::time::timeout(cloud.call_timeout(), fut).await {
        Ok(r) => r,
        Err(_) => Err(CloudError::Timeout),
    }
}

/// The task as it runs: every `${var}` resolved, or the report that names the one unset.
fn resolved<T>(
    task: &T,
    vars: &BTreeMap<String, String>,
    substituted: fn(&T, &BTreeMap<String, String>) -> T,
    variables: fn(&T) -> Vec<&str>,
) -> Result<T, Report> {
    let task = substituted(task, vars);
    match variables(&task).first() {
        Some(unset) => Err(Report::UnsetVariable {
            name: unset.to_string(),
        }),
        None => Ok(task),
    }
}

/// The backoff after failures of a poller a task waits on: the first look again after
/// twice the poll interval, doubling up to a minute.
fn after_failures(cloud: &dyn Cloud) -> Backoff {
    Backoff::new(cloud.poll_interval() * 2, MAX_WAIT).jitter(FAILURE_JITTER)
}

/// The pace of a loop that waits for something to change (a query to end): the poll
/// interval stretched by up to `PACE_JITTER` of itself, drawn afresh each look, so that a
/// class whose learners started the same step in the same minute drifts apart instead of
/// calling in step.
fn look_again(cloud: &dyn Cloud) -> Backoff {
    let every = cloud.poll_interval();
    Backoff::new(every, every).jitter(PACE_JITTER)
}

/// The pace of a loop that waits minutes for AWS (a job or an endpoint to settle, a
/// deletion to finish): twice the poll interval, jittered. Each look is a List call, and
/// the live view beside it already describes the resource every poll; one learner's lab 0
/// was 66 SageMaker calls a minute with these loops at the poll interval.
fn look_again_slowly(cloud: &dyn Cloud) -> Backoff {
    let every = cloud.poll_interval() * 2;
    Backoff::new(every, every).jitter(PACE_JITTER)
}

/// Up to this share of the interval is added to each look of a waiting loop.
const PACE_JITTER: f64 = 0.5;

/// Transient failures in a row a watcher rides out before it reports one.
const MAX_TRANSIENT_FAILURES: u32 = 8;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cloud::sim::{Sim, TokioClock};

    fn sim() -> Sim {
        Sim::new(1.0, "us-east-1", Arc::new(TokioClock::new(0.0)), None)
    }

    #[tokio::test(start_paused = true)]
    async fn a_call_that_never_answers_times_out_at_the_clouds_call_timeout() {
        let sim = sim();
        let start = tokio::time::Instant::now();
        let never = std::future::pending::<Result<(), CloudError>>();
        assert_eq!(timed(&sim, never).await, Err(CloudError::Timeout));
        assert_eq!(start.elapsed(), sim.call_timeout());
        // One that answers in time is its answer.
        assert_eq!(timed(&sim, async { Ok(7) }).await, Ok(7));
    }

    /// Thirty learners start the same step in the same second: after a few looks their
    /// calls are spread over more than the poll interval (a flat interval kept them in
    /// step), and no look comes sooner than the interval or later than half again.
    #[test]
    fn waiting_loops_started_together_drift_apart() {
        let sim = sim();
        let every = sim.poll_interval();
        let looks = 6;
        let sixth: Vec<Duration> = (0..30u64)
            .map(|learner| {
                let mut pace = look_again(&sim).seeded(learner);
                (0..looks).map(|_| pace.delay()).sum()
            })
            .collect();
        for at in &sixth {
            assert!(*at >= every * looks, "{at:?}");
            assert!(*at <= (every * looks).mul_f64(1.0 + PACE_JITTER), "{at:?}");
        }
        let (first, last) = (sixth.iter().min(), sixth.iter().max());
        let spread = last.zip(first).map(|(l, f)| *l - *f).unwrap_or_default();
        assert!(spread > every, "the sixth looks are only {spread:?} apart");
        let mut distinct: Vec<u128> = sixth.iter().map(|d| d.as_millis()).collect();
        distinct.dedup();
        distinct.sort_unstable();
        distinct.dedup();
        assert!(distinct.len() >= 25, "{distinct:?}");
    }

    #[tokio::test]
    async fn the_aws_bound_is_past_the_sdks_operation_timeout() {
        let conf = crate::cloud::aws::Aws::defaults()
            .region(aws_config::Region::new("us-east-1"))
            .load()
            .await;
        let sdk = conf
            .timeout_config()
            .and_then(|t| t.operation_timeout())
            .expect("labguide's loader sets an operation timeout");
        let aws = crate::cloud::aws::Aws::from_config(&conf, None);
        assert!(
            aws.call_timeout() > sdk,
            "{:?} <= {sdk:?}",
            aws.call_timeout()
        );
    }
}
