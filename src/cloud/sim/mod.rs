//! The simulated AWS: the same `Cloud` trait over state machines with realistic timing.
//! Every status is a pure function of "virtual seconds since the request", so the sim needs
//! no background tasks, replays identically under tokio's paused clock, and picks up where
//! it was after a restart (its requests are kept in the state directory).
//! `impl Cloud for Sim` below says what each call means; the work is in the area files.

mod athena;
mod clock;
mod instances;
mod launches;
mod live;
mod logs;
mod notebooks;
mod resources;
mod stack;
mod state;

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;

use super::{
    CanaryStage, Cloud, CloudError, CloudResult, CreateStack, DatasetAccess, Deploy, Detail, Found,
    Identity, Invoked, JobRequest, LogPage, MetricQuery, NewModel, NotebookInfo, Owner,
    QueryRequest, QueryRows, QueryStatus, ResourceKind, Series, StackEvent, StackInfo, Start,
    split_s3_uri,
};
pub use clock::{Clock, ManualClock, SystemClock, TokioClock};
pub use launches::JOB_TAG;
pub use stack::{Timeline, valid_notebook_name};
use state::SimState;
pub use state::{SimBucket, SimResource, SimStack};

use crate::workshop::sim_plan::SimPlans;

pub const SIM_ACCOUNT: &str = "123456789012";

/// The role a simulated stack's notebook runs as; everything the sim plays runs as it,
/// since the sim holds one learner's workshop only.
pub fn sim_role(stack: &str) -> String {
    format!("arn:aws:iam::{SIM_ACCOUNT}:role/{stack}-NotebookExecutionRole-SIM0001")
}
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

/// The public bucket the original labs read, closed since 2023.
const RETIRED_DATASET_BUCKET: &str = "amazon-reviews-pds";

pub struct Sim {
    speed: f64,
    region: String,
    clock: Arc<dyn Clock>,
    state: Mutex<SimState>,
    path: Option<PathBuf>,
    poll: Duration,
    meter: Duration,
    /// What each notebook step creates: the content's sim.toml.
    /// What notebook steps and launches play; the shipped workshop's unless given (loaded
    /// only when first needed, so a sim made with its workshop's plans never parses them twice).
    plans: Option<Arc<SimPlans>>,
    /// Quotas set for a rehearsal (a new account with no GPUs, say), by name.
    quotas: std::collections::BTreeMap<String, f64>,
}

impl Sim {
    /// A sim whose requests are kept in `path` (if given) across runs.
    pub fn new(speed: f64, region: &str, clock: Arc<dyn Clock>, path: Option<PathBuf>) -> Sim {
        let state = state::load(path.as_deref());
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
            meter: Duration::from_secs(15),
            plans: None,
            quotas: Default::default(),
        }
    }

    /// Answers `quota_name` with `value`, as an account with that quota would.
    pub fn with_quota(mut self, quota_name: &str, value: f64) -> Sim {
        self.quotas.insert(quota_name.to_ascii_lowercase(), value);
        self
    }

    /// Plays the notebook steps of these plans (a workshop's sim.toml) instead of the
    /// shipped workshop's.
    fn plans(&self) -> Arc<SimPlans> {
        self.plans.clone().unwrap_or_else(SimPlans::shipped)
    }

    pub fn with_plans(mut self, plans: Arc<SimPlans>) -> Sim {
        self.plans = Some(plans);
        self
    }

    /// Watchers look again this often: AWS's 5 s, to measure what they would ask of AWS.
    pub fn with_poll_interval(mut self, poll: Duration) -> Sim {
        self.poll = poll;
        self
    }

    /// Polls and the cost meter at AWS's intervals, for measuring a learner's calls.
    pub fn at_aws_pace(mut self, poll: Duration, meter: Duration) -> Sim {
        self.poll = poll;
        self.meter = meter;
        self
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
        self.meter
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
        if let Some(refused) = stack::refusal(&req) {
            return Err(refused);
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
        Ok(self.notebook_now(name))
    }

    async fn start_notebook(&self, name: &str) -> CloudResult<()> {
        self.notebook_request(name, true)
    }

    async fn stop_notebook(&self, name: &str) -> CloudResult<()> {
        self.notebook_request(name, false)
    }

    async fn delete_notebook(&self, name: &str) -> CloudResult<()> {
        self.delete_notebook_now(name)
    }

    async fn notebooks_named(&self, prefix: &str) -> CloudResult<Vec<String>> {
        Ok(self.notebooks_now(prefix))
    }

    async fn stacks_named(&self, prefix: &str) -> CloudResult<Vec<String>> {
        Ok(self.stacks_now(prefix))
    }

    async fn owner(&self, kind: ResourceKind, name: &str) -> CloudResult<Option<Owner>> {
        Ok(self.owner_now(kind, name))
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
        if let Some(v) = self.quotas.get(&quota_name.to_ascii_lowercase()) {
            return Ok(Some(*v));
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
        Ok(self.found(kind, prefix))
    }

    async fn find_any(&self, kind: ResourceKind, prefixes: &[String]) -> CloudResult<Vec<Found>> {
        Ok(self.found_any(kind, prefixes))
    }

    async fn runs(&self, experiment: &str, learner: &str) -> CloudResult<Vec<Found>> {
        Ok(self.tagged_runs(experiment, learner))
    }

    async fn put_object(&self, bucket: &str, key: &str, body: Vec<u8>) -> CloudResult<()> {
        self.put_body(bucket, key, Some(&body))
    }

    async fn get_object(&self, bucket: &str, key: &str) -> CloudResult<Vec<u8>> {
        self.get_body(bucket, key)
    }

    async fn invoke_endpoint(
        &self,
        name: &str,
        content_type: &str,
        body: Vec<u8>,
    ) -> CloudResult<Invoked> {
        self.answer(name, content_type, &body)
    }

    async fn ensure_bucket(&self, bucket: &str) -> CloudResult<bool> {
        Ok(self.make_bucket(bucket))
    }

    async fn copy_objects(&self, from: &str, to: &str) -> CloudResult<usize> {
        self.copy(from, to)
    }

    async fn start_job(&self, req: JobRequest) -> CloudResult<()> {
        self.launch(req)
    }

    async fn deploy_endpoint(&self, req: Deploy) -> CloudResult<()> {
        let kind = if req.automl {
            ResourceKind::AutoMlJob
        } else {
            ResourceKind::TrainingJob
        };
        let job = crate::cloud::newest_completed(
            self.find(kind, &req.job_prefix).await?,
            &req.job_prefix,
        )?;
        let model = if req.automl {
            format!("{}-best", job.name)
        } else {
            job.name
        };
        self.add_endpoint(&req, &model)
    }

    async fn start(&self, req: Start, _tags: Vec<(String, String)>) -> CloudResult<()> {
        let (kind, name, phases, role) = match req {
            Start::AutoMl { name, role_arn, .. } => (
                ResourceKind::AutoMlJob,
                name,
                notebooks::AUTOML,
                Some(role_arn),
            ),
            Start::Classifier { name, role_arn, .. } => (
                ResourceKind::ComprehendClassifier,
                name,
                notebooks::CLASSIFIER,
                Some(role_arn),
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
                    None,
                )
            }
        };
        self.add_started(kind, name, phases, role)
    }

    async fn canary(
        &self,
        endpoint_prefix: &str,
        stage: CanaryStage,
        new_model: Option<NewModel>,
    ) -> CloudResult<String> {
        // The new model is made from a job that must have completed, as on AWS.
        if let (CanaryStage::Split, Some(m)) = (stage, &new_model) {
            crate::cloud::newest_completed(
                self.find(ResourceKind::TrainingJob, &m.job_prefix).await?,
                &m.job_prefix,
            )?;
        }
        self.shift_traffic(endpoint_prefix, stage)
    }

    async fn endpoint_instances(&self, name: &str) -> CloudResult<Vec<(String, i32)>> {
        self.instances_of(name)
    }

    async fn remove(&self, kind: ResourceKind, name: &str) -> CloudResult<()> {
        if kind == ResourceKind::ComprehendClassifier {
            self.classifier_deletable(name)?;
        }
        self.stop_or_delete(kind, name);
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

    async fn classify(&self, endpoint: &str, text: &str) -> CloudResult<Vec<(String, f64)>> {
        self.classify_text(endpoint, text)
    }

    async fn start_query(&self, req: QueryRequest) -> CloudResult<String> {
        self.start_query_execution(req)
    }

    async fn query_status(&self, id: &str) -> CloudResult<QueryStatus> {
        self.query_execution(id)
    }

    async fn query_rows(&self, id: &str, max: usize) -> CloudResult<QueryRows> {
        self.query_results(id, max)
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
        Ok(self.with_state(|s| logs::groups(&s.resources, prefix)))
    }

    async fn simulate_notebook(&self, notebook_step: &str) -> CloudResult<Vec<Found>> {
        self.play(notebook_step)
    }

    async fn describe(&self, kind: ResourceKind, name: &str) -> CloudResult<Option<Detail>> {
        Ok(self.detail(kind, name))
    }

    async fn metric_data(
        &self,
        queries: &[MetricQuery],
        start: f64,
        end: f64,
    ) -> CloudResult<Vec<Series>> {
        let now = self.now();
        Ok(self.with_state(|s| {
            queries
                .iter()
                .map(|q| live::series(&s.resources, q, start, end, now))
                .collect()
        }))
    }

    async fn log_streams(&self, group: &str, prefix: &str) -> CloudResult<Vec<String>> {
        let now = self.clock.now();
        Ok(self.with_state(|s| logs::streams(&s.resources, group, prefix, now)))
    }

    async fn log_events(
        &self,
        group: &str,
        stream: &str,
        token: Option<&str>,
    ) -> CloudResult<LogPage> {
        let now = self.clock.now();
        self.with_state(|s| logs::page(&s.resources, group, stream, token, now))
    }
}
