//! The simulated AWS: the same `Cloud` trait over state machines with realistic timing.
//! Every status is a pure function of "virtual seconds since the request", so the sim needs
//! no background tasks, replays identically under tokio's paused clock, and picks up where
//! it was after a restart (its requests are kept in the state directory).

mod live;
mod notebooks;
mod stack;

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

use super::{
    CanaryStage, Cloud, CloudError, CloudResult, CreateStack, DatasetAccess, Deploy, Detail, Found,
    Identity, LogPage, MetricQuery, NotebookInfo, ResourceKind, Series, StackEvent, StackInfo,
    Start, split_s3_uri,
};
pub use stack::{Timeline, valid_notebook_name};

use crate::workshop::sim_plan::{JobProfile, SimPlans};

pub const SIM_ACCOUNT: &str = "123456789012";
/// At this speed the workshop stack (about nine and a half minutes on AWS) takes about a
/// minute, which keeps a live demo moving without hiding what happens.
pub const DEFAULT_SPEED: f64 = 10.0;

/// Who a rehearsal at `speed` in `region` calls as: the sim's own account.
pub fn identity(speed: f64, region: &str) -> Identity {
    Identity {
        account: Some(SIM_ACCOUNT.to_string()),
        region: region.to_string(),
        simulated: Some(speed),
    }
}

/// Wall-clock seconds since the Unix epoch. Tests swap in tokio's clock.
pub trait Clock: Send + Sync {
    fn now(&self) -> f64;
}

pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> f64 {
        super::wall_clock()
    }
}

/// A clock that stands still until told otherwise: for drawing a chosen moment.
pub struct ManualClock(Mutex<f64>);

impl ManualClock {
    pub fn new(at: f64) -> ManualClock {
        ManualClock(Mutex::new(at))
    }

    pub fn advance(&self, secs: f64) {
        let mut t = match self.0.lock() {
            Ok(t) => t,
            Err(p) => p.into_inner(),
        };
        *t += secs;
    }
}

impl Clock for ManualClock {
    fn now(&self) -> f64 {
        match self.0.lock() {
            Ok(t) => *t,
            Err(p) => *p.into_inner(),
        }
    }
}

/// tokio's clock, which `tokio::time::pause` controls in tests.
pub struct TokioClock {
    start: tokio::time::Instant,
    base: f64,
}

impl TokioClock {
    pub fn new(base: f64) -> TokioClock {
        TokioClock {
            start: tokio::time::Instant::now(),
            base,
        }
    }
}

impl Clock for TokioClock {
    fn now(&self) -> f64 {
        self.base + self.start.elapsed().as_secs_f64()
    }
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
struct SimState {
    stacks: Vec<SimStack>,
    /// Start and stop requests for notebooks, newest last: (notebook, wall time, start?).
    #[serde(default)]
    notebook_requests: Vec<(String, f64, bool)>,
    /// Resources the notebooks (or labguide's own actions) created.
    #[serde(default)]
    resources: Vec<SimResource>,
    #[serde(default)]
    buckets: Vec<SimBucket>,
    #[serde(default)]
    roles: Vec<String>,
    #[serde(default)]
    glue_databases: Vec<String>,
}

/// Something a notebook creates: its status follows `phases`, (virtual seconds after
/// creation, status) in order.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct SimResource {
    pub kind: ResourceKind,
    pub name: String,
    pub created_at: f64,
    pub speed: f64,
    pub phases: Vec<(f64, String)>,
    /// An endpoint's production variants and their traffic weights.
    #[serde(default)]
    pub variants: Vec<(String, f64)>,
    /// The instance type serving an endpoint (one instance per variant).
    #[serde(default)]
    pub instance_type: Option<String>,
    /// The variants before the latest change, which serve until the update is done.
    #[serde(default)]
    pub previous_variants: Vec<(String, f64)>,
    /// How a job runs and logs, from the plan that started it (none: a plain job).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub job: Option<JobProfile>,
}

impl SimResource {
    /// Its status `v` virtual seconds after it was created (`None` before its first phase).
    pub fn status_at(&self, v: f64) -> Option<&str> {
        self.phases
            .iter()
            .rev()
            .find(|(at, _)| *at <= v)
            .map(|(_, s)| s.as_str())
    }
}

/// The status a deleted resource ends in; `find` no longer reports it.
const DELETED: &str = "Deleted";

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct SimBucket {
    pub name: String,
    pub keys: Vec<String>,
}

/// The public bucket the original labs read, closed since 2023.
const RETIRED_DATASET_BUCKET: &str = "amazon-reviews-pds";

/// A stack request as the sim remembers it.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct SimStack {
    pub name: String,
    pub template: String,
    pub parameters: Vec<(String, String)>,
    pub created_at: f64,
    pub delete_requested_at: Option<f64>,
    pub speed: f64,
}

pub struct Sim {
    speed: f64,
    region: String,
    clock: Arc<dyn Clock>,
    state: Mutex<SimState>,
    path: Option<PathBuf>,
    poll: Duration,
    /// What each notebook step creates: the content's sim.toml.
    plans: Arc<SimPlans>,
}

impl Sim {
    /// A sim whose requests are kept in `path` (if given) across runs.
    pub fn new(speed: f64, region: &str, clock: Arc<dyn Clock>, path: Option<PathBuf>) -> Sim {
        let state = path
            .as_ref()
            .and_then(|p| std::fs::read(p).ok())
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default();
        Sim {
            speed: if speed.is_finite() && speed > 0.0 {
                speed
            } else {
                DEFAULT_SPEED
            },
            region: region.to_string(),
            clock,
            state: Mutex::new(state),
            path,
            poll: Duration::from_millis(500),
            plans: SimPlans::shipped(),
        }
    }

    /// Plays the notebook steps of these plans (a workshop's sim.toml) instead of the
    /// shipped workshop's.
    pub fn with_plans(mut self, plans: Arc<SimPlans>) -> Sim {
        self.plans = plans;
        self
    }

    /// Watchers look again this often: AWS's 5 s, to measure what they would ask of AWS.
    pub fn with_poll_interval(mut self, poll: Duration) -> Sim {
        self.poll = poll;
        self
    }

    fn persist(&self, state: &SimState) {
        let Some(path) = &self.path else { return };
        let Ok(bytes) = serde_json::to_vec_pretty(state) else {
            return;
        };
        if let Err(e) = crate::store::write_atomic(path, &bytes) {
            tracing::warn!(error = %e, "could not save the sim's state");
        }
    }

    fn with_state<T>(&self, f: impl FnOnce(&mut SimState) -> T) -> T {
        let mut guard = match self.state.lock() {
            Ok(g) => g,
            Err(poisoned) => poisoned.into_inner(),
        };
        f(&mut guard)
    }

    /// The timeline of the newest stack with this name that still exists, the virtual
    /// seconds since its request, and the request.
    fn timeline(&self, name: &str) -> Option<(Timeline, f64, SimStack)> {
        let now = self.clock.now();
        self.with_state(|s| s.stacks.iter().rev().find(|st| st.name == name).cloned())
            .map(|st| {
                let t = Timeline::build(&st, &self.region, SIM_ACCOUNT);
                let v = (now - st.created_at) * st.speed;
                (t, v, st)
            })
            .filter(|(t, v, _)| !t.is_gone(*v))
    }
}

#[async_trait]
impl Cloud for Sim {
    fn identity(&self) -> Identity {
        identity(self.speed, &self.region)
    }

    fn poll_interval(&self) -> Duration {
        self.poll
    }

    /// Often: time runs faster here.
    fn meter_interval(&self) -> Duration {
        Duration::from_secs(15)
    }

    /// The sim answers at once: a call this slow is a bug, said as a timeout.
    fn call_timeout(&self) -> Duration {
        Duration::from_secs(10)
    }

    /// The wall clock scaled by the speed: differences are virtual seconds, so a resource
    /// that takes nine minutes on AWS shows nine minutes here too, however fast it played.
    fn now(&self) -> f64 {
        self.clock.now() * self.speed
    }

    async fn account(&self) -> CloudResult<Option<String>> {
        Ok(Some(SIM_ACCOUNT.to_string()))
    }

    async fn create_stack(&self, req: CreateStack) -> CloudResult<()> {
        if self.timeline(&req.name).is_some() {
            return Err(CloudError::AlreadyExists { name: req.name });
        }
        let template = super::template::parse(&req.template_body);
        if template.resources.is_empty() {
            return Err(CloudError::Invalid("template has no resources".into()));
        }
        for (param, default) in &template.parameters {
            if default.is_none()
                && !req
                    .parameters
                    .iter()
                    .any(|(k, v)| k == param && !v.is_empty())
            {
                return Err(CloudError::Invalid(format!(
                    "Parameters: [{param}] must have values"
                )));
            }
        }
        if req
            .capabilities
            .iter()
            .all(|c| c != "CAPABILITY_IAM" && c != "CAPABILITY_NAMED_IAM")
            && template
                .resources
                .iter()
                .any(|r| r.kind.starts_with("AWS::IAM::"))
        {
            return Err(CloudError::Invalid(
                "Requires capabilities : [CAPABILITY_IAM]".into(),
            ));
        }
        let stack = SimStack {
            name: req.name,
            template: req.template_body,
            parameters: req.parameters,
            created_at: self.clock.now(),
            delete_requested_at: None,
            speed: self.speed,
        };
        self.with_state(|s| {
            s.stacks.retain(|st| st.name != stack.name);
            s.stacks.push(stack);
            self.persist(s);
        });
        Ok(())
    }

    async fn delete_stack(&self, name: &str) -> CloudResult<()> {
        // As on AWS, deleting a stack that does not exist succeeds quietly.
        if self.timeline(name).is_none() {
            return Ok(());
        }
        let now = self.clock.now();
        self.with_state(|s| {
            if let Some(st) = s.stacks.iter_mut().rev().find(|st| st.name == name)
                && st.delete_requested_at.is_none()
            {
                st.delete_requested_at = Some(now);
            }
            self.persist(s);
        });
        Ok(())
    }

    async fn describe_stack(&self, name: &str) -> CloudResult<Option<StackInfo>> {
        Ok(self.timeline(name).map(|(t, v, _)| t.info_at(v)))
    }

    async fn stack_events(&self, name: &str, after: Option<&str>) -> CloudResult<Vec<StackEvent>> {
        let Some((t, v, stack)) = self.timeline(name) else {
            return Ok(vec![]);
        };
        Ok(t.events_after(v, after)
            .into_iter()
            .map(|mut e| {
                // On the sim's scaled clock (see `now`), so durations read as on AWS.
                e.at += stack.created_at * stack.speed;
                e
            })
            .collect())
    }

    async fn notebook(&self, name: &str) -> CloudResult<Option<NotebookInfo>> {
        let now = self.clock.now();
        let (found, request) = self.with_state(|s| {
            let found = s.stacks.iter().rev().find_map(|st| {
                let t = Timeline::build(st, &self.region, SIM_ACCOUNT);
                let v = (now - st.created_at) * st.speed;
                t.notebook_at(name, v)
            });
            // Requests made before the newest stack was created belong to an older notebook.
            let created = s.stacks.last().map_or(0.0, |st| st.created_at);
            let request = s
                .notebook_requests
                .iter()
                .rev()
                .find(|(n, at, _)| n == name && *at >= created)
                .cloned();
            (found, request)
        });
        Ok(found.map(|mut nb| {
            // A start or stop after it came up changes what it shows, as on AWS.
            if let (Some((_, at, start)), "InService") = (request, nb.status.as_str()) {
                let v = (now - at) * self.speed;
                nb.status = match (start, v) {
                    (false, v) if v < NOTEBOOK_STOP_SECS => "Stopping",
                    (false, _) => "Stopped",
                    (true, v) if v < NOTEBOOK_START_SECS => "Pending",
                    (true, _) => "InService",
                }
                .to_string();
            }
            nb
        }))
    }

    async fn start_notebook(&self, name: &str) -> CloudResult<()> {
        self.notebook_request(name, true).await
    }

    async fn stop_notebook(&self, name: &str) -> CloudResult<()> {
        self.notebook_request(name, false).await
    }

    async fn notebook_url(&self, name: &str) -> CloudResult<String> {
        match self.notebook(name).await? {
            Some(nb) if nb.status == "InService" => Ok(format!(
                "https://{name}.notebook.{}.sagemaker.aws/tree?authToken=simulated",
                self.region
            )),
            Some(nb) => Err(CloudError::Invalid(format!(
                "Notebook Instance {name} is {}, not InService",
                nb.status
            ))),
            None => Err(CloudError::NotFound {
                what: name.to_string(),
            }),
        }
    }

    async fn bucket_exists(&self, bucket: &str) -> CloudResult<bool> {
        Ok(self.with_state(|s| s.buckets.iter().any(|b| b.name == bucket)))
    }

    async fn list_objects(
        &self,
        bucket: &str,
        prefix: &str,
        limit: usize,
    ) -> CloudResult<Vec<String>> {
        self.with_state(|s| match s.buckets.iter().find(|b| b.name == bucket) {
            Some(b) => Ok(b
                .keys
                .iter()
                .filter(|k| k.starts_with(prefix))
                .take(limit)
                .cloned()
                .collect()),
            None => Err(CloudError::NotFound {
                what: format!("s3://{bucket}"),
            }),
        })
    }

    async fn probe_dataset(&self, uri: &str) -> CloudResult<DatasetAccess> {
        let Some((bucket, prefix)) = split_s3_uri(uri) else {
            return Err(CloudError::Invalid(format!("not an S3 address: {uri}")));
        };
        if bucket == RETIRED_DATASET_BUCKET {
            return Ok(DatasetAccess::Forbidden);
        }
        match self.list_objects(bucket, prefix, 1000).await {
            Ok(keys) if keys.is_empty() => Ok(DatasetAccess::Empty),
            Ok(keys) => Ok(DatasetAccess::Readable {
                objects: keys.len(),
            }),
            // A learner's own copy is outside what the sim can see: taken as readable,
            // with the two files the labs use.
            Err(CloudError::NotFound { .. }) => Ok(DatasetAccess::Readable { objects: 2 }),
            Err(e) => Err(e),
        }
    }

    async fn service_quota(
        &self,
        service_code: &str,
        quota_name: &str,
    ) -> CloudResult<Option<f64>> {
        if service_code != "sagemaker" {
            return Ok(None);
        }
        // New accounts start with no multi-GPU training instances, as on AWS.
        let big = ["ml.p3.16xlarge", "ml.p3dn.24xlarge", "ml.p4d.24xlarge"];
        Ok(Some(if big.iter().any(|t| quota_name.contains(t)) {
            0.0
        } else {
            2.0
        }))
    }

    async fn find(&self, kind: ResourceKind, prefix: &str) -> CloudResult<Vec<Found>> {
        let now = self.clock.now();
        let mut found: Vec<Found> = self.with_state(|s| {
            s.resources
                .iter()
                .filter(|r| r.kind == kind && r.name.starts_with(prefix))
                .map(|r| {
                    let v = (now - r.created_at) * r.speed;
                    let status = r.status_at(v).map(str::to_string);
                    Found {
                        kind,
                        name: r.name.clone(),
                        status,
                        created: r.created_at,
                    }
                })
                .filter(|f| f.status.as_deref() != Some(DELETED))
                .collect()
        });
        found.sort_by(|a, b| b.created.total_cmp(&a.created));
        Ok(found)
    }

    async fn deploy_endpoint(&self, req: Deploy) -> CloudResult<()> {
        let job = crate::cloud::newest_completed(
            self.find(ResourceKind::TrainingJob, &req.job_prefix)
                .await?,
            &req.job_prefix,
        )?;
        let now = self.clock.now();
        let made = |kind, name: &str, phases: Vec<(f64, String)>| SimResource {
            kind,
            name: name.to_string(),
            created_at: now,
            speed: self.speed,
            phases,
            variants: vec![],
            instance_type: None,
            previous_variants: vec![],
            job: None,
        };
        let endpoint_phases = vec![
            (0.0, "Creating".to_string()),
            (420.0, "InService".to_string()),
        ];
        self.with_state(|s| {
            if s.resources
                .iter()
                .any(|r| r.kind == ResourceKind::Endpoint && r.name == req.endpoint)
            {
                return Err(CloudError::AlreadyExists {
                    name: req.endpoint.clone(),
                });
            }
            s.resources
                .push(made(ResourceKind::Model, &job.name, vec![]));
            s.resources
                .push(made(ResourceKind::EndpointConfig, &req.endpoint, vec![]));
            s.resources
                .push(made(ResourceKind::Endpoint, &req.endpoint, endpoint_phases));
            if let Some(endpoint) = s.resources.last_mut() {
                endpoint.variants = vec![("AllTraffic".into(), 1.0)];
                endpoint.instance_type = Some(req.instance_type.clone());
            }
            self.persist(s);
            Ok(())
        })
    }

    async fn start(&self, req: Start) -> CloudResult<()> {
        let (kind, name, phases) = match req {
            Start::AutoMl { name, .. } => (ResourceKind::AutoMlJob, name, notebooks::AUTOML),
            Start::Classifier { name, .. } => (
                ResourceKind::ComprehendClassifier,
                name,
                notebooks::CLASSIFIER,
            ),
            Start::ComprehendEndpoint {
                name,
                classifier_prefix,
                ..
            } => {
                let trained = self
                    .find(ResourceKind::ComprehendClassifier, &classifier_prefix)
                    .await?
                    .into_iter()
                    .any(|c| {
                        c.status.as_deref().is_some_and(|s| {
                            ResourceKind::ComprehendClassifier.status_satisfies(s, "TRAINED")
                        })
                    });
                if !trained {
                    return Err(CloudError::NotFound {
                        what: format!("{classifier_prefix}* (TRAINED)"),
                    });
                }
                (
                    ResourceKind::ComprehendEndpoint,
                    name,
                    notebooks::COMPREHEND_ENDPOINT,
                )
            }
        };
        let now = self.clock.now();
        self.with_state(|s| {
            if s.resources.iter().any(|r| r.kind == kind && r.name == name) {
                return Err(CloudError::AlreadyExists { name: name.clone() });
            }
            s.resources.push(SimResource {
                kind,
                name,
                created_at: now,
                speed: self.speed,
                phases: phases
                    .iter()
                    .map(|(at, st)| (*at, st.to_string()))
                    .collect(),
                variants: vec![],
                instance_type: None,
                previous_variants: vec![],
                job: None,
            });
            self.persist(s);
            Ok(())
        })
    }

    async fn canary(&self, endpoint_prefix: &str, stage: CanaryStage) -> CloudResult<String> {
        let now = self.clock.now();
        self.with_state(|s| {
            let endpoint = s
                .resources
                .iter_mut()
                .filter(|r| r.kind == ResourceKind::Endpoint && r.name.starts_with(endpoint_prefix))
                .max_by(|a, b| a.created_at.total_cmp(&b.created_at))
                .ok_or_else(|| CloudError::NotFound {
                    what: format!("{endpoint_prefix}*"),
                })?;
            let v = (now - endpoint.created_at) * endpoint.speed;
            let status = endpoint.status_at(v).unwrap_or_default();
            if status != "InService" {
                return Err(CloudError::Invalid(format!(
                    "Cannot update in-progress endpoint {} ({status})",
                    endpoint.name
                )));
            }
            let has = |name: &str| endpoint.variants.iter().any(|(n, _)| n == name);
            let before = endpoint.variants.clone();
            endpoint.variants = match stage {
                CanaryStage::Split => vec![("VariantA".into(), 50.0), ("VariantB".into(), 50.0)],
                CanaryStage::Shift if has("VariantA") && has("VariantB") => {
                    vec![("VariantA".into(), 100.0), ("VariantB".into(), 0.0)]
                }
                CanaryStage::Shift => {
                    return Err(CloudError::Invalid(
                        "The endpoint has no VariantA and VariantB to shift between".into(),
                    ));
                }
                CanaryStage::Single => vec![("VariantB".into(), 100.0)],
            };
            // A weight change is quick; a new configuration replaces instances.
            let takes = if stage == CanaryStage::Shift {
                60.0
            } else {
                300.0
            };
            endpoint.previous_variants = before;
            endpoint.phases.push((v, "Updating".into()));
            endpoint.phases.push((v + takes, "InService".into()));
            let name = endpoint.name.clone();
            self.persist(s);
            Ok(name)
        })
    }

    async fn endpoint_instances(&self, name: &str) -> CloudResult<Vec<(String, i32)>> {
        self.with_state(|s| {
            let e = s
                .resources
                .iter()
                .find(|r| r.kind == ResourceKind::Endpoint && r.name == name)
                .ok_or_else(|| CloudError::NotFound {
                    what: name.to_string(),
                })?;
            let instance = e.instance_type.clone().unwrap_or_default();
            Ok(e.variants.iter().map(|_| (instance.clone(), 1)).collect())
        })
    }

    async fn remove(&self, kind: ResourceKind, name: &str) -> CloudResult<()> {
        let now = self.clock.now();
        self.with_state(|s| {
            let Some(pos) = s
                .resources
                .iter()
                .position(|r| r.kind == kind && r.name == name)
            else {
                return;
            };
            let r = &mut s.resources[pos];
            let v = (now - r.created_at) * r.speed;
            match kind {
                // Jobs are stopped, and stay listed as Stopped.
                ResourceKind::TrainingJob
                | ResourceKind::ProcessingJob
                | ResourceKind::AutoMlJob => {
                    r.phases.retain(|(at, _)| *at <= v);
                    r.phases.push((v, "Stopping".into()));
                    r.phases.push((v + 30.0, "Stopped".into()));
                }
                ResourceKind::Endpoint | ResourceKind::ComprehendEndpoint => {
                    r.phases.retain(|(at, _)| *at <= v);
                    r.phases.push((v, "Deleting".into()));
                    r.phases.push((v + 30.0, DELETED.into()));
                }
                _ => {
                    s.resources.remove(pos);
                }
            }
            self.persist(s);
        });
        Ok(())
    }

    async fn role_exists(&self, name: &str) -> CloudResult<bool> {
        Ok(self.with_state(|s| s.roles.iter().any(|r| r == name)))
    }

    async fn delete_role(&self, name: &str) -> CloudResult<()> {
        self.with_state(|s| {
            s.roles.retain(|r| r != name);
            self.persist(s);
        });
        Ok(())
    }

    async fn glue_database_exists(&self, name: &str) -> CloudResult<bool> {
        Ok(self.with_state(|s| s.glue_databases.iter().any(|d| d == name)))
    }

    async fn delete_glue_database(&self, name: &str) -> CloudResult<()> {
        self.with_state(|s| {
            s.glue_databases.retain(|d| d != name);
            self.persist(s);
        });
        Ok(())
    }

    async fn delete_objects(&self, bucket: &str, prefix: &str) -> CloudResult<usize> {
        Ok(self.with_state(|s| {
            let Some(b) = s.buckets.iter_mut().find(|b| b.name == bucket) else {
                return 0;
            };
            let before = b.keys.len();
            b.keys.retain(|k| !k.starts_with(prefix));
            let deleted = before - b.keys.len();
            self.persist(s);
            deleted
        }))
    }

    async fn delete_bucket(&self, bucket: &str) -> CloudResult<()> {
        self.with_state(|s| {
            if s.buckets
                .iter()
                .any(|b| b.name == bucket && !b.keys.is_empty())
            {
                return Err(CloudError::Invalid(format!(
                    "BucketNotEmpty: {bucket} still holds objects"
                )));
            }
            s.buckets.retain(|b| b.name != bucket);
            self.persist(s);
            Ok(())
        })
    }

    async fn log_groups(&self, prefix: &str) -> CloudResult<Vec<(String, u64)>> {
        // SageMaker writes one group per kind of job, and one per endpoint.
        let mut groups: Vec<(String, u64)> = self.with_state(|s| {
            let mut g = vec![];
            let has = |k: ResourceKind| s.resources.iter().any(|r| r.kind == k);
            if has(ResourceKind::TrainingJob) {
                g.push(("/aws/sagemaker/TrainingJobs".to_string(), 48_000));
            }
            if has(ResourceKind::ProcessingJob) {
                g.push(("/aws/sagemaker/ProcessingJobs".to_string(), 12_000));
            }
            g.extend(
                s.resources
                    .iter()
                    .filter(|r| r.kind == ResourceKind::Endpoint)
                    .map(|r| (format!("/aws/sagemaker/Endpoints/{}", r.name), 6_000)),
            );
            g
        });
        groups.retain(|(name, _)| name.starts_with(prefix));
        Ok(groups)
    }

    async fn simulate_notebook(&self, notebook_step: &str) -> CloudResult<Vec<Found>> {
        let now = self.clock.now();
        let Some(plan) = self.plans.get(notebook_step) else {
            return Err(CloudError::Invalid(format!(
                "no simulation for {notebook_step}"
            )));
        };
        let notebooks::Played {
            resources: created,
            buckets,
            roles,
            databases,
        } = notebooks::play(plan, now, self.speed, &self.region, SIM_ACCOUNT);
        let found = created
            .iter()
            .map(|r| Found {
                kind: r.kind,
                name: r.name.clone(),
                status: r.phases.first().map(|(_, s)| s.clone()),
                created: r.created_at,
            })
            .collect();
        self.with_state(|s| {
            s.resources.extend(created);
            for b in buckets {
                match s.buckets.iter_mut().find(|x| x.name == b.name) {
                    Some(existing) => existing.keys.extend(b.keys),
                    None => s.buckets.push(b),
                }
            }
            for role in roles {
                if !s.roles.contains(&role) {
                    s.roles.push(role);
                }
            }
            for db in databases {
                if !s.glue_databases.contains(&db) {
                    s.glue_databases.push(db);
                }
            }
            self.persist(s);
        });
        Ok(found)
    }

    async fn describe(&self, kind: ResourceKind, name: &str) -> CloudResult<Option<Detail>> {
        let now = self.clock.now();
        Ok(self.with_state(|s| {
            s.resources
                .iter()
                .rev()
                .find(|r| r.kind == kind && r.name == name)
                .map(|r| {
                    let v = (now - r.created_at) * r.speed;
                    live::describe(r, v, r.created_at * r.speed)
                })
                .filter(|d| d.status != DELETED)
        }))
    }

    async fn metric_data(
        &self,
        queries: &[MetricQuery],
        start: f64,
        end: f64,
    ) -> CloudResult<Vec<Series>> {
        let now = self.now();
        let period = super::live::METRIC_PERIOD;
        Ok(self.with_state(|s| {
            queries
                .iter()
                .map(|q| {
                    let dim = |k: &str| {
                        q.dimensions
                            .iter()
                            .find(|(d, _)| d == k)
                            .map(|(_, v)| v.as_str())
                    };
                    let (owner, host) = match dim("Host") {
                        Some(h) => match h.rsplit_once('/') {
                            Some((job, host)) => (Some(job), Some(host)),
                            None => (None, None),
                        },
                        None => (dim("TrainingJobName").or(dim("EndpointName")), None),
                    };
                    let resource =
                        owner.and_then(|o| s.resources.iter().rev().find(|r| r.name == o));
                    let mut points = vec![];
                    if let Some(r) = resource {
                        let base = r.created_at * r.speed;
                        let mut t = (start.max(base) / period).ceil() * period;
                        while t <= end.min(now) {
                            if let Some(value) =
                                live::metric_point(r, &q.metric, host, dim("VariantName"), t - base)
                            {
                                points.push((t, value));
                            }
                            t += period;
                        }
                    }
                    Series {
                        id: q.id.clone(),
                        points,
                    }
                })
                .collect()
        }))
    }

    async fn log_streams(&self, group: &str, prefix: &str) -> CloudResult<Vec<String>> {
        let now = self.clock.now();
        Ok(self.with_state(|s| {
            s.resources
                .iter()
                .filter(|r| {
                    super::live::log_location(r.kind, &r.name).is_some_and(|(g, _)| g == group)
                })
                .flat_map(|r| {
                    let v = (now - r.created_at) * r.speed;
                    live::log_streams(r, v, r.created_at as u64)
                })
                .filter(|stream| stream.starts_with(prefix))
                .collect()
        }))
    }

    async fn log_events(
        &self,
        group: &str,
        stream: &str,
        token: Option<&str>,
    ) -> CloudResult<LogPage> {
        let now = self.clock.now();
        self.with_state(|s| {
            let r = s
                .resources
                .iter()
                .rev()
                .find(|r| {
                    super::live::log_location(r.kind, &r.name)
                        .is_some_and(|(g, p)| g == group && stream.starts_with(&p))
                })
                .ok_or_else(|| CloudError::NotFound {
                    what: format!("{group} {stream}"),
                })?;
            let v = (now - r.created_at) * r.speed;
            // As GetLogEvents: at most 10,000 lines a page.
            Ok(live::log_page(
                r,
                stream,
                token,
                v,
                r.created_at * r.speed,
                10_000,
            ))
        })
    }
}

/// How long a simulated notebook takes to stop, and to start again (virtual seconds).
const NOTEBOOK_STOP_SECS: f64 = 60.0;
const NOTEBOOK_START_SECS: f64 = 150.0;

impl Sim {
    async fn notebook_request(&self, name: &str, start: bool) -> CloudResult<()> {
        if self.notebook(name).await?.is_none() {
            return Err(CloudError::NotFound {
                what: name.to_string(),
            });
        }
        let now = self.clock.now();
        self.with_state(|s| {
            s.notebook_requests.push((name.to_string(), now, start));
            self.persist(s);
        });
        Ok(())
    }
}
