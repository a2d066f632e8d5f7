//! The runtime: carries out the app's effects on tokio and reports back as `Outcome`s.
//! The `Runner` dispatches each `Effect` (actions, checks, the cost meter, the watchers,
//! progress writes); a file per concern holds the rest:
//!
//! - `actions`: one action carried out, and waiting for what it started to settle
//! - `checks`: one check verified
//! - `stack`: creating, deleting and following a CloudFormation stack
//! - `cleanup`: taking an inventory of the workshop's resources and deleting them in order
//! - `meter`: the cost meter's inventories
//! - `saver`: coalesced progress writes
//! - `watcher`: one live poller per watched resource

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{mpsc, watch};

use crate::app::{Effect, Outcome, Report, TaskId};
use crate::cloud::{Cloud, CloudError};
use crate::progress::Progress;
use crate::workshop::Workshop;

mod actions;
mod checks;
pub mod cleanup;
mod meter;
mod saver;
mod stack;
pub mod watcher;

pub use checks::run_check;

/// The tag every taggable resource of a workshop carries, so cleanup can find them.
pub const WORKSHOP_TAG: &str = "labguide:workshop";
/// No single call may hang a step forever.
const CALL_TIMEOUT: Duration = Duration::from_secs(30);

pub struct Runner {
    cloud: Arc<dyn Cloud>,
    workshop: Arc<Workshop>,
    tx: mpsc::UnboundedSender<Outcome>,
    save_tx: Option<watch::Sender<Option<Progress>>>,
    meter_started: std::sync::OnceLock<watch::Sender<Option<BTreeMap<String, String>>>>,
    watchers: watcher::Watchers,
}

impl Runner {
    /// A runner reporting to `tx`. With a state folder, progress is saved there.
    pub fn new(
        cloud: Arc<dyn Cloud>,
        workshop: Arc<Workshop>,
        tx: mpsc::UnboundedSender<Outcome>,
        state_dir: Option<PathBuf>,
    ) -> Runner {
        let save_tx = state_dir.map(|dir| {
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
                let mut wait = cloud.poll_interval();
                loop {
                    match timed(cloud.account()).await {
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
                    tokio::time::sleep(wait).await;
                    wait = (wait * 2).min(Duration::from_secs(60));
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

    pub fn handle(&self, effect: Effect) {
        match effect {
            Effect::Save(p) => {
                if let Some(tx) = &self.save_tx {
                    let _ = tx.send(Some(p));
                }
            }
            Effect::Quit => {}
            Effect::Measure(vars) => self.measure(vars),
            Effect::Watch(targets) => self.watchers.want(targets),
            Effect::RunAction {
                step,
                index,
                task,
                vars,
            } => {
                let ctx = self.task_ctx(step);
                tokio::spawn(async move {
                    let status = actions::run_action(&ctx, &task, &vars).await;
                    let _ = ctx.tx.send(Outcome::Task {
                        step,
                        task: TaskId::Action(index),
                        status,
                    });
                });
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
        }
    }
}

/// What a task running on its own tokio task needs.
struct TaskCtx {
    cloud: Arc<dyn Cloud>,
    workshop: Arc<Workshop>,
    tx: mpsc::UnboundedSender<Outcome>,
    step: usize,
}

/// A call, bounded: no single call may hang a step forever.
pub async fn timed<T>(
    fut: impl std::future::Future<Output = Result<T, CloudError>>,
) -> Result<T, CloudError> {
    match tokio::time::timeout(CALL_TIMEOUT, fut).await {
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

/// Transient failures in a row a watcher rides out before it reports one.
const MAX_TRANSIENT_FAILURES: u32 = 8;
