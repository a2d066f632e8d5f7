//! Carries out the app's effects: runs actions and checks against the cloud on tokio tasks
//! and reports back as `Outcome`s, and writes progress to disk without blocking the UI.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{mpsc, watch};

use crate::app::{Effect, Outcome, Progress, Report, StackView, TaskId, TaskStatus};
use crate::cleanup;
use crate::cloud::{
    CanaryStage, Cloud, CloudError, CreateStack, DatasetAccess, Deploy, ResourceKind,
    StackResource, Start, fold_events,
};
use crate::store::progress;
use crate::workshop::{self, Check, Workshop, cleanup_scope};

/// The tag every taggable resource of a workshop carries, so cleanup can find them.
pub const WORKSHOP_TAG: &str = "labguide:workshop";
/// No single call may hang a step forever.
const CALL_TIMEOUT: Duration = Duration::from_secs(30);
/// Progress writes are coalesced: a burst of scrolling is one write.
const SAVE_DELAY: Duration = Duration::from_millis(300);

pub struct Runner {
    cloud: Arc<dyn Cloud>,
    workshop: Arc<Workshop>,
    tx: mpsc::UnboundedSender<Outcome>,
    save_tx: Option<watch::Sender<Option<Progress>>>,
    meter_started: std::sync::OnceLock<watch::Sender<Option<BTreeMap<String, String>>>>,
    watchers: crate::watcher::Watchers,
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
            tokio::spawn(saver(dir, save_rx));
            save_tx
        });
        Runner {
            watchers: crate::watcher::Watchers::new(cloud.clone(), tx.clone()),
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
        tokio::spawn(meter(
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
                    let status = run_action(&ctx, &task, &vars).await;
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

async fn saver(dir: PathBuf, mut rx: watch::Receiver<Option<Progress>>) {
    while rx.changed().await.is_ok() {
        tokio::time::sleep(SAVE_DELAY).await;
        let latest = rx.borrow_and_update().clone();
        if let Some(p) = latest {
            let dir = dir.clone();
            let result = tokio::task::spawn_blocking(move || progress::save(&dir, &p)).await;
            match result {
                Ok(Err(e)) => tracing::error!(error = %e, "could not save progress"),
                Err(e) => tracing::error!(error = %e, "progress writer stopped"),
                Ok(Ok(())) => {}
            }
        }
    }
}

struct TaskCtx {
    cloud: Arc<dyn Cloud>,
    workshop: Arc<Workshop>,
    tx: mpsc::UnboundedSender<Outcome>,
    step: usize,
}

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

async fn run_action(
    ctx: &TaskCtx,
    task: &workshop::Action,
    vars: &BTreeMap<String, String>,
) -> TaskStatus {
    let result = match resolved(
        task,
        vars,
        workshop::Action::substituted,
        workshop::Action::variables,
    ) {
        Ok(task) => action(ctx, &task, vars).await,
        Err(report) => Err(report),
    };
    match result {
        Ok(report) => TaskStatus::Passed(Some(report)),
        Err(report @ Report::SimOnly) => TaskStatus::Pending(report),
        Err(report) => TaskStatus::Failed(report),
    }
}

/// Carries out one action, its parameters resolved. `vars` holds what the workshop and
/// the backend provide beyond the task's own parameters (region, account, stack).
async fn action(
    ctx: &TaskCtx,
    task: &workshop::Action,
    vars: &BTreeMap<String, String>,
) -> Result<Report, Report> {
    use workshop::Action as A;
    match task {
        A::CreateStack(t) => create_stack(ctx, t).await,
        A::DeleteStack(t) => {
            delete_and_wait(ctx, &t.stack).await?;
            Ok(Report::StackDeleted {
                stack: t.stack.clone(),
            })
        }
        A::OpenNotebook(t) => {
            let url = timed(ctx.cloud.notebook_url(&t.notebook))
                .await
                .map_err(Report::Cloud)?;
            Ok(Report::NotebookUrl { url })
        }
        A::StartNotebook(t) => {
            timed(ctx.cloud.start_notebook(&t.notebook))
                .await
                .map_err(Report::Cloud)?;
            Ok(Report::NotebookStarting {
                notebook: t.notebook.clone(),
            })
        }
        A::StopNotebook(t) => {
            timed(ctx.cloud.stop_notebook(&t.notebook))
                .await
                .map_err(Report::Cloud)?;
            Ok(Report::NotebookStopping {
                notebook: t.notebook.clone(),
            })
        }
        A::DeployEndpoint(t) => {
            let endpoint = format!("{}{}", t.name_prefix, crate::cloud::wall_clock() as u64);
            let req = Deploy {
                job_prefix: t.job_prefix.clone(),
                endpoint: endpoint.clone(),
                instance_type: t.instance_type.clone(),
                tags: vec![(WORKSHOP_TAG.to_string(), ctx.workshop.id.clone())],
            };
            timed(ctx.cloud.deploy_endpoint(req))
                .await
                .map_err(Report::Cloud)?;
            in_service(ctx.cloud.as_ref(), &endpoint).await?;
            Ok(Report::Matches {
                what: endpoint,
                status: "InService".into(),
            })
        }
        A::SimulateNotebook(t) => {
            if ctx.cloud.identity().simulated.is_none() {
                return Err(Report::SimOnly);
            }
            let started = timed(ctx.cloud.simulate_notebook(&t.notebook_step))
                .await
                .map_err(Report::Cloud)?;
            // The step is played when everything it started has finished starting.
            for f in &started {
                if f.status.is_some() {
                    settle(ctx.cloud.as_ref(), f.kind, &f.name, "").await?;
                }
            }
            Ok(Report::Simulated {
                count: started.len(),
            })
        }
        A::StartAutomlJob(t) => {
            // AutoML job names hold 32 characters: the notebook's day-hour-minute-second.
            let name = format!("{}{}", t.name_prefix, short_stamp());
            let stack = param_default(vars, "stack")?;
            let role_arn = stack_output(ctx.cloud.as_ref(), &stack, "RoleArn").await?;
            let bucket = format!(
                "sagemaker-{}-{}",
                param_default(vars, "region")?,
                param_default(vars, "account")?
            );
            let req = Start::AutoMl {
                name: name.clone(),
                input_uri: t.input_uri.clone(),
                output_uri: format!("s3://{bucket}/automl/output"),
                target: t.target.clone(),
                role_arn,
            };
            timed(ctx.cloud.start(req)).await.map_err(Report::Cloud)?;
            Ok(Report::Started {
                kind: ResourceKind::AutoMlJob,
                name,
            })
        }
        A::StartComprehendClassifier(t) => {
            let name = format!("{}{}", t.name_prefix, crate::cloud::wall_clock() as u64);
            let role_arn = if t.role.starts_with("arn:") {
                t.role.clone()
            } else {
                format!(
                    "arn:aws:iam::{}:role/{}",
                    param_default(vars, "account")?,
                    t.role
                )
            };
            let req = Start::Classifier {
                name: name.clone(),
                input_uri: t.input_uri.clone(),
                role_arn,
            };
            timed(ctx.cloud.start(req)).await.map_err(Report::Cloud)?;
            Ok(Report::Started {
                kind: ResourceKind::ComprehendClassifier,
                name,
            })
        }
        A::CreateComprehendEndpoint(t) => {
            let name = format!("{}{}", t.name_prefix, short_stamp());
            let req = Start::ComprehendEndpoint {
                name: name.clone(),
                classifier_prefix: t.classifier_prefix.clone(),
                inference_units: i32::try_from(t.inference_units.unwrap_or(1)).unwrap_or(i32::MAX),
            };
            timed(ctx.cloud.start(req)).await.map_err(Report::Cloud)?;
            Ok(Report::Started {
                kind: ResourceKind::ComprehendEndpoint,
                name,
            })
        }
        A::CanaryStage(t) => {
            let stage = match t.stage {
                workshop::task::Stage::Split => CanaryStage::Split,
                workshop::task::Stage::Shift => CanaryStage::Shift,
                workshop::task::Stage::Single => CanaryStage::Single,
            };
            let endpoint = timed(ctx.cloud.canary(&t.endpoint_prefix, stage))
                .await
                .map_err(Report::Cloud)?;
            in_service(ctx.cloud.as_ref(), &endpoint).await?;
            Ok(Report::CanaryStage {
                endpoint,
                stage: t.stage.as_str().to_string(),
            })
        }
        A::Cleanup(_) => {
            let scope = cleanup_scope::resolve(&ctx.workshop.cleanup, vars);
            clean(ctx.cloud.as_ref(), &ctx.workshop, &scope, vars).await
        }
        A::DeleteWorkshopEndpoints(t) => {
            // Only endpoints, their configurations and models, with the given prefixes.
            let scope = cleanup_scope::CleanupSpec {
                prefixes: ["endpoint", "endpoint_config", "model"]
                    .iter()
                    .map(|k| (k.to_string(), t.prefixes.clone()))
                    .collect(),
                ..Default::default()
            };
            clean(ctx.cloud.as_ref(), &ctx.workshop, &scope, vars).await
        }
    }
}

async fn create_stack(ctx: &TaskCtx, task: &workshop::task::CreateStack) -> Result<Report, Report> {
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
        tags: vec![(WORKSHOP_TAG.to_string(), ctx.workshop.id.clone())],
    };
    // Throttled before it even started: back off and launch again, as the watcher does.
    let mut throttled = 0;
    let mut interval = ctx.cloud.poll_interval();
    let mut replaced = false;
    loop {
        match timed(ctx.cloud.create_stack(req.clone())).await {
            Ok(()) => break,
            // Launched before (or by hand): follow the one that is there, unless it is a
            // failed create that was rolled back. That one holds nothing and blocks the
            // name, so launching again means deleting it first (the advice under it says so).
            Err(CloudError::AlreadyExists { .. }) => {
                let status = timed(ctx.cloud.describe_stack(&stack))
                    .await
                    .map_err(Report::Cloud)?
                    .map(|info| info.status);
                if replaced || status.as_deref() != Some("ROLLBACK_COMPLETE") {
                    break;
                }
                replaced = true;
                delete_and_wait(ctx, &stack).await?;
            }
            Err(CloudError::Throttled) if throttled < MAX_TRANSIENT_FAILURES => {
                if throttled == 0 {
                    let _ = ctx.tx.send(Outcome::BackingOff(true));
                }
                throttled += 1;
                interval = (interval * 2).min(Duration::from_secs(60));
                tokio::time::sleep(interval).await;
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
async fn delete_and_wait(ctx: &TaskCtx, stack: &str) -> Result<(), Report> {
    timed(ctx.cloud.delete_stack(stack))
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
    let mut interval = ctx.cloud.poll_interval();
    let mut failures = 0;
    let mut view = StackView {
        name: stack.to_string(),
        ..StackView::default()
    };
    loop {
        let info = match timed(ctx.cloud.describe_stack(stack)).await {
            Ok(info) => {
                if failures > 0 {
                    let _ = ctx.tx.send(Outcome::BackingOff(false));
                }
                failures = 0;
                interval = ctx.cloud.poll_interval();
                info
            }
            // The stack goes on building while the network or AWS has a moment: back off
            // and look again, and give up only when it lasts.
            Err(e) if e.is_transient() && failures < MAX_TRANSIENT_FAILURES => {
                if failures == 0 {
                    let _ = ctx.tx.send(Outcome::BackingOff(true));
                }
                failures += 1;
                interval = (interval * 2).min(Duration::from_secs(60));
                tokio::time::sleep(interval).await;
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
        match timed(ctx.cloud.stack_events(stack, last_event.as_deref())).await {
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
            Err(CloudError::Throttled) => {
                interval = (interval * 2).min(Duration::from_secs(60));
            }
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
        tokio::time::sleep(interval).await;
    }
}

pub async fn run_check(
    cloud: &dyn Cloud,
    workshop: &Workshop,
    task: &Check,
    vars: &BTreeMap<String, String>,
) -> TaskStatus {
    let result = match resolved(task, vars, Check::substituted, Check::variables) {
        Ok(task) => check(cloud, workshop, &task, vars).await,
        Err(report) => Err(report),
    };
    match result {
        Ok(report) => TaskStatus::Passed(Some(report)),
        Err(report) => TaskStatus::Failed(report),
    }
}

/// Verifies one check, its parameters resolved.
async fn check(
    cloud: &dyn Cloud,
    workshop: &Workshop,
    task: &Check,
    vars: &BTreeMap<String, String>,
) -> Result<Report, Report> {
    use Check as C;
    use ResourceKind as K;
    match task {
        C::StackStatus(t) => {
            let stack = t.stack.clone();
            match timed(cloud.describe_stack(&stack))
                .await
                .map_err(Report::Cloud)?
            {
                None => Err(Report::StackMissing { stack }),
                Some(info) if info.status == t.is => Ok(Report::Matches {
                    what: stack,
                    status: info.status,
                }),
                Some(info) => Err(Report::StackStatus {
                    stack,
                    actual: info.status,
                    expected: t.is.clone(),
                }),
            }
        }
        C::StackAbsent(t) => {
            let stack = t.stack.clone();
            match timed(cloud.describe_stack(&stack))
                .await
                .map_err(Report::Cloud)?
            {
                None => Ok(Report::StackDeleted { stack }),
                Some(info) => Err(Report::StackStillThere {
                    stack,
                    status: info.status,
                }),
            }
        }
        C::NotebookStatus(t) => {
            let notebook = t.notebook.clone();
            match timed(cloud.notebook(&notebook))
                .await
                .map_err(Report::Cloud)?
            {
                None => Err(Report::NotebookMissing { notebook }),
                Some(nb) if nb.status == t.is => Ok(Report::Matches {
                    what: notebook,
                    status: nb.status,
                }),
                Some(nb) => Err(Report::NotebookStatus {
                    notebook,
                    actual: nb.status,
                    expected: t.is.clone(),
                }),
            }
        }
        C::DatasetReachable(t) => {
            let uri = t.uri.clone();
            match timed(cloud.probe_dataset(&uri))
                .await
                .map_err(Report::Cloud)?
            {
                DatasetAccess::Readable { objects } => Ok(Report::DatasetReadable { uri, objects }),
                DatasetAccess::Forbidden => Err(Report::DatasetForbidden { uri }),
                DatasetAccess::Missing => Err(Report::DatasetMissing { uri }),
                DatasetAccess::Empty => Err(Report::DatasetEmpty { uri }),
            }
        }
        C::ServiceQuota(t) => {
            let service = t.service_code.as_deref().unwrap_or("sagemaker");
            let quota = t.quota_name.clone();
            let min = f64::from(t.min);
            match timed(cloud.service_quota(service, &quota))
                .await
                .map_err(Report::Cloud)?
            {
                Some(value) if value >= min => Ok(Report::QuotaEnough { quota, value }),
                Some(value) => Err(Report::QuotaTooLow { quota, value, min }),
                None => Err(Report::QuotaUnknown { quota }),
            }
        }
        C::TrainingJobStatus(t) => {
            newest_status(cloud, K::TrainingJob, &t.name_prefix, &t.is).await
        }
        C::ProcessingJobStatus(t) => {
            newest_status(cloud, K::ProcessingJob, &t.name_prefix, &t.is).await
        }
        C::AutomlJobStatus(t) => newest_status(cloud, K::AutoMlJob, &t.name_prefix, &t.is).await,
        C::ComprehendClassifierStatus(t) => {
            newest_status(cloud, K::ComprehendClassifier, &t.name_prefix, &t.is).await
        }
        C::EndpointStatus(t) => newest_status(cloud, K::Endpoint, &t.name_prefix, &t.is).await,
        C::BucketExists(t) => {
            let bucket = t.bucket.clone();
            if timed(cloud.bucket_exists(&bucket))
                .await
                .map_err(Report::Cloud)?
            {
                Ok(Report::BucketExists { bucket })
            } else {
                Err(Report::BucketMissing { bucket })
            }
        }
        C::ObjectsExist(t) => {
            let (bucket, prefix) = (t.bucket.clone(), t.prefix.clone());
            match timed(cloud.list_objects(&bucket, &prefix, 1000)).await {
                Ok(keys) if !keys.is_empty() => Ok(Report::ObjectsFound { count: keys.len() }),
                Ok(_) => Err(Report::ObjectsMissing { bucket, prefix }),
                Err(CloudError::NotFound { .. }) => Err(Report::BucketMissing { bucket }),
                Err(e) => Err(Report::Cloud(e)),
            }
        }
        C::NothingLeft(_) => nothing_left(cloud, workshop, vars).await,
    }
}

/// Checks the newest resource of `kind` whose name starts with the task's `name_prefix`.
async fn newest_status(
    cloud: &dyn Cloud,
    kind: ResourceKind,
    prefix: &str,
    expected: &str,
) -> Result<Report, Report> {
    let (prefix, expected) = (prefix.to_string(), expected.to_string());
    let found = timed(cloud.find(kind, &prefix))
        .await
        .map_err(Report::Cloud)?;
    let Some(newest) = found.into_iter().next() else {
        return Err(Report::ResourceMissing { kind, prefix });
    };
    let status = newest.status.unwrap_or_default();
    if kind.status_satisfies(&status, &expected) {
        Ok(Report::Matches {
            what: newest.name,
            status,
        })
    } else {
        Err(Report::ResourceStatus {
            kind,
            name: newest.name,
            status,
            expected,
        })
    }
}

/// Waits until the resource named `name` leaves its transitional states (or reaches
/// `wanted`), and returns the status it settled in.
async fn settle(
    cloud: &dyn Cloud,
    kind: ResourceKind,
    name: &str,
    wanted: &str,
) -> Result<String, Report> {
    let transitional = [
        "Creating",
        "Updating",
        "SystemUpdating",
        "RollingBack",
        "InProgress",
        "Pending",
        "SUBMITTED",
        "TRAINING",
        "CREATING",
        "UPDATING",
        "Stopping",
        "Deleting",
    ];
    // Nothing the workshop starts takes longer than this to settle; past it the learner
    // checks by hand (c) rather than watching a spinner forever.
    let deadline = tokio::time::Instant::now() + SETTLE_LIMIT;
    let mut interval = cloud.poll_interval();
    let mut failures = 0;
    loop {
        let found = match timed(cloud.find(kind, name)).await {
            Ok(found) => {
                failures = 0;
                interval = cloud.poll_interval();
                found
            }
            Err(e) if e.is_transient() && failures < MAX_TRANSIENT_FAILURES => {
                failures += 1;
                interval = (interval * 2).min(Duration::from_secs(60));
                tokio::time::sleep(interval).await;
                continue;
            }
            Err(e) => return Err(Report::Cloud(e)),
        };
        let Some(this) = found.into_iter().find(|f| f.name == name) else {
            return Err(Report::ResourceMissing {
                kind,
                prefix: name.to_string(),
            });
        };
        let status = this.status.unwrap_or_default();
        if status == wanted || (!status.is_empty() && !transitional.contains(&status.as_str())) {
            return Ok(status);
        }
        if tokio::time::Instant::now() >= deadline {
            return Err(Report::ResourceStatus {
                kind,
                name: name.to_string(),
                status,
                expected: wanted.to_string(),
            });
        }
        tokio::time::sleep(interval).await;
    }
}

/// How long an action waits for what it started to settle.
const SETTLE_LIMIT: Duration = Duration::from_secs(3 * 3600);
/// Transient failures in a row a watcher rides out before it reports one.
const MAX_TRANSIENT_FAILURES: u32 = 8;

/// `DD-HH-MM-SS`, as the notebooks name Autopilot jobs and Comprehend endpoints.
fn short_stamp() -> String {
    let full = crate::cloud::sdk_timestamp(crate::cloud::wall_clock());
    full.get(8..19).unwrap_or(&full).to_string()
}

/// A variable the workshop or the backend provides (not a task parameter), with the
/// variables its own value uses resolved (the stack's name holds the initials).
fn param_default(vars: &BTreeMap<String, String>, name: &str) -> Result<String, Report> {
    let value = vars
        .get(name)
        .map(|v| workshop::substitute(v, vars))
        .ok_or_else(|| Report::UnsetVariable {
            name: name.to_string(),
        })?;
    // Not answered yet (`<initial>`), or naming a value nobody gave.
    if value.contains('<') {
        return Err(Report::UnsetVariable {
            name: name.to_string(),
        });
    }
    match workshop::variables_in(&value).first() {
        Some(unset) => Err(Report::UnsetVariable {
            name: unset.to_string(),
        }),
        None => Ok(value),
    }
}

/// One output of the workshop's stack, such as the role the notebook's jobs run under.
async fn stack_output(cloud: &dyn Cloud, stack: &str, key: &str) -> Result<String, Report> {
    let info = timed(cloud.describe_stack(stack))
        .await
        .map_err(Report::Cloud)?
        .ok_or_else(|| Report::StackMissing {
            stack: stack.to_string(),
        })?;
    info.outputs
        .into_iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v)
        .ok_or_else(|| Report::StackStatus {
            stack: stack.to_string(),
            actual: info.status,
            expected: "CREATE_COMPLETE".into(),
        })
}

/// Deletes everything in `scope`, in order, then proves it with a fresh inventory.
async fn clean(
    cloud: &dyn Cloud,
    workshop: &Workshop,
    scope: &cleanup_scope::CleanupSpec,
    vars: &BTreeMap<String, String>,
) -> Result<Report, Report> {
    let region = vars.get("region").cloned().unwrap_or_default();
    let items = cleanup::inventory(cloud, scope, &workshop.prices, &region)
        .await
        .map_err(Report::Cloud)?;
    let mut failed = None;
    for item in &items {
        if let Err(e) = timed(cleanup::delete(cloud, item)).await {
            tracing::warn!(name = item.name, error = %e, "could not delete");
            failed.get_or_insert(e);
        }
    }
    let left: Vec<String> = cleanup::inventory(cloud, scope, &workshop.prices, &region)
        .await
        .map_err(Report::Cloud)?
        .into_iter()
        .filter(cleanup::still_there)
        .map(|i| i.name)
        .collect();
    match (left.is_empty(), failed) {
        (true, _) => Ok(Report::CleanedUp { count: items.len() }),
        (false, Some(e)) => Err(Report::Cloud(e)),
        (false, None) => Err(Report::StillLeft {
            count: left.len(),
            names: left.into_iter().take(3).collect::<Vec<_>>().join(", "),
        }),
    }
}

async fn nothing_left(
    cloud: &dyn Cloud,
    workshop: &Workshop,
    vars: &BTreeMap<String, String>,
) -> Result<Report, Report> {
    let scope = cleanup_scope::resolve(&workshop.cleanup, vars);
    let region = vars.get("region").cloned().unwrap_or_default();
    let left: Vec<String> = cleanup::inventory(cloud, &scope, &workshop.prices, &region)
        .await
        .map_err(Report::Cloud)?
        .into_iter()
        .filter(cleanup::still_there)
        .map(|i| i.name)
        .collect();
    if left.is_empty() {
        Ok(Report::NothingLeft)
    } else {
        Err(Report::StillLeft {
            count: left.len(),
            names: left.into_iter().take(3).collect::<Vec<_>>().join(", "),
        })
    }
}

async fn meter(
    cloud: Arc<dyn Cloud>,
    workshop: Arc<Workshop>,
    tx: mpsc::UnboundedSender<Outcome>,
    mut rx: watch::Receiver<Option<BTreeMap<String, String>>>,
) {
    loop {
        let vars = rx.borrow_and_update().clone().unwrap_or_default();
        let scope = cleanup_scope::resolve(&workshop.cleanup, &vars);
        let region = vars.get("region").cloned().unwrap_or_default();
        match timed(cleanup::inventory(
            cloud.as_ref(),
            &scope,
            &workshop.prices,
            &region,
        ))
        .await
        {
            Ok(items) => {
                let reading = crate::app::Meter {
                    at: crate::cloud::wall_clock(),
                    items,
                };
                if tx.send(Outcome::Meter(reading)).is_err() {
                    return;
                }
            }
            Err(e) => tracing::warn!(error = %e, "the cost meter could not take an inventory"),
        }
        tokio::select! {
            changed = rx.changed() => if changed.is_err() { return },
            _ = tokio::time::sleep(cloud.meter_interval()) => {}
        }
    }
}

/// Waits for an endpoint to be back in service after a change.
async fn in_service(cloud: &dyn Cloud, endpoint: &str) -> Result<(), Report> {
    let status = settle(cloud, ResourceKind::Endpoint, endpoint, "InService").await?;
    if status == "InService" {
        Ok(())
    } else {
        Err(Report::ResourceStatus {
            kind: ResourceKind::Endpoint,
            name: endpoint.to_string(),
            status,
            expected: "InService".into(),
        })
    }
}
