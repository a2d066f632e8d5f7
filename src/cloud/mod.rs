//! The cloud seam: what labguide needs from AWS, in the workshop's own terms. `sim` and
//! `aws` implement it; nothing above this layer knows which one is behind it.

pub mod archive;
pub mod aws;
pub mod counted;
pub mod csv;
pub mod live;
pub mod query;
pub mod sim;
pub mod template;

use std::time::Duration;

use async_trait::async_trait;

pub use live::{Detail, LogPage, MetricQuery, Series};
pub use query::{QueryRequest, QueryRows, QueryState, QueryStatus};

/// The workshop's region when nothing else names one.
pub const DEFAULT_REGION: &str = "us-east-1";

/// The tag naming the learner whose resource it is.
pub const LEARNER_TAG: &str = "labguide:learner";
/// The tag naming the experiment a training run belongs to (jobs.toml's `experiment`).
pub const EXPERIMENT_TAG: &str = "labguide:experiment";

/// Who the calls go out as and where they go, as the header shows it and `${account}` and
/// `${region}` fill in. Everything above this layer asks the backend this, never which
/// backend it is.
#[derive(Clone, Debug, PartialEq)]
pub struct Identity {
    /// The account id; `None` until the backend has answered `account()`.
    pub account: Option<String>,
    /// The region the calls go to: the backend's own, resolved as its clients resolve it.
    pub region: String,
    /// `Some(speed)` when the calls go to a rehearsal (the simulated AWS) at that speed:
    /// only a rehearsal plays notebook steps.
    pub simulated: Option<f64>,
}

/// What a failed call means for the learner. Each kind has its own message and advice.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CloudError {
    #[error("no credentials")]
    NoCredentials,
    #[error("credentials expired")]
    ExpiredCredentials,
    /// The SSO sign-in behind the profile has expired: `aws sso login` renews it.
    #[error("SSO session expired")]
    SsoExpired { profile: Option<String> },
    /// AWS refused the request's signature because this machine's clock is off.
    #[error("clock skew")]
    ClockSkew,
    #[error("access denied: {action}")]
    AccessDenied { action: String },
    #[error("throttled")]
    Throttled,
    #[error("cannot reach {endpoint}")]
    Unreachable { endpoint: String },
    #[error("timed out")]
    Timeout,
    #[error("already exists: {name}")]
    AlreadyExists { name: String },
    /// Something else still uses it (a classifier with a live endpoint): wait, then retry.
    #[error("in use: {what}")]
    InUse { what: String },
    #[error("invalid: {0}")]
    Invalid(String),
    #[error("not found: {what}")]
    NotFound { what: String },
    #[error("quota exceeded: {0}")]
    QuotaExceeded(String),
    #[error("region not enabled: {region}")]
    RegionDisabled { region: String },
    /// AWS failed on its side (HTTP 5xx with a code): worth another try.
    #[error("server error: {0}")]
    ServerError(String),
    #[error("{0}")]
    Other(String),
}

impl CloudError {
    /// A moment's trouble (throttling, the network, AWS failing on its side): a watcher
    /// backs off and looks again instead of giving up.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            CloudError::Throttled
                | CloudError::Timeout
                | CloudError::Unreachable { .. }
                | CloudError::ServerError(_)
        )
    }

    /// The learner's session ran out: nothing works until they sign in again outside
    /// labguide, and then everything does.
    pub fn is_session_expired(&self) -> bool {
        matches!(
            self,
            CloudError::ExpiredCredentials | CloudError::SsoExpired { .. }
        )
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct CreateStack {
    pub name: String,
    pub template_body: String,
    pub parameters: Vec<(String, String)>,
    pub capabilities: Vec<String>,
    /// Tags every taggable resource gets, so cleanup can find them.
    pub tags: Vec<(String, String)>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct StackInfo {
    pub name: String,
    pub status: String,
    pub reason: Option<String>,
    pub outputs: Vec<(String, String)>,
}

impl StackInfo {
    /// A status after which nothing will change without a new request.
    pub fn is_settled(&self) -> bool {
        !self.status.ends_with("_IN_PROGRESS")
    }
}

/// One row of a stack's resource list, newest state.
#[derive(Clone, Debug, PartialEq)]
pub struct StackResource {
    pub logical_id: String,
    pub kind: String,
    pub status: String,
    pub reason: Option<String>,
    /// How long it has been (or was) in progress.
    pub elapsed: Duration,
}

#[derive(Clone, Debug, PartialEq)]
pub struct StackEvent {
    pub id: String,
    pub logical_id: String,
    pub kind: String,
    pub status: String,
    pub reason: Option<String>,
    /// Seconds since the Unix epoch (virtual time on the sim).
    pub at: f64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct NotebookInfo {
    pub name: String,
    pub status: String,
    pub instance_type: Option<String>,
    /// The IAM role it runs as: the learner's role, which cleanup tells theirs by.
    pub role_arn: Option<String>,
}

/// What says whose a resource is: the role it runs as, its tags, what it is built on and
/// where it writes. Cleanup decides "mine" from these (see `app::provenance`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Owner {
    /// RoleArn of a job, ExecutionRoleArn of a model, DataAccessRoleArn of a classifier.
    pub role_arn: Option<String>,
    pub tags: Vec<(String, String)>,
    /// What it is made from: an endpoint's configuration, a configuration's models, a
    /// Comprehend endpoint's classifier.
    pub uses: Vec<String>,
    /// `s3://` prefixes it wrote to: a job's own output folder, a model's data folder.
    pub outputs: Vec<String>,
}

/// What the notebooks create, which labguide finds by name prefix (the notebooks name
/// things `<prefix><timestamp>`).
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum ResourceKind {
    TrainingJob,
    ProcessingJob,
    AutoMlJob,
    Endpoint,
    EndpointConfig,
    Model,
    ComprehendClassifier,
    ComprehendEndpoint,
}

impl ResourceKind {
    pub const ALL: [ResourceKind; 8] = [
        ResourceKind::TrainingJob,
        ResourceKind::ProcessingJob,
        ResourceKind::AutoMlJob,
        ResourceKind::Endpoint,
        ResourceKind::EndpointConfig,
        ResourceKind::Model,
        ResourceKind::ComprehendClassifier,
        ResourceKind::ComprehendEndpoint,
    ];

    /// The snake_case name used in messages and JSON.
    pub fn name(self) -> &'static str {
        match self {
            ResourceKind::TrainingJob => "training_job",
            ResourceKind::ProcessingJob => "processing_job",
            ResourceKind::AutoMlJob => "automl_job",
            ResourceKind::Endpoint => "endpoint",
            ResourceKind::EndpointConfig => "endpoint_config",
            ResourceKind::Model => "model",
            ResourceKind::ComprehendClassifier => "comprehend_classifier",
            ResourceKind::ComprehendEndpoint => "comprehend_endpoint",
        }
    }

    /// Whether `status` means "done, and it worked" for a check that asks for `wanted`.
    /// A Comprehend classifier trained with warnings is trained.
    pub fn status_satisfies(self, status: &str, wanted: &str) -> bool {
        status == wanted
            || (self == ResourceKind::ComprehendClassifier
                && wanted == "TRAINED"
                && status == "TRAINED_WITH_WARNING")
    }
}

/// A resource found by prefix.
#[derive(Clone, Debug, PartialEq)]
pub struct Found {
    pub kind: ResourceKind,
    pub name: String,
    pub status: Option<String>,
    /// Creation time, seconds since the Unix epoch.
    pub created: f64,
}

/// The newest completed training job among `found` (newest first): the model a
/// deployment takes, on either backend.
pub fn newest_completed(found: Vec<Found>, prefix: &str) -> CloudResult<Found> {
    found
        .into_iter()
        .find(|j| j.status.as_deref() == Some("Completed"))
        .ok_or_else(|| CloudError::NotFound {
            what: format!("{prefix}* (Completed)"),
        })
}

/// Deploying the model of a finished training job to an endpoint of its own.
#[derive(Clone, Debug, PartialEq)]
pub struct Deploy {
    /// The newest completed training job with this prefix provides the model (with
    /// `automl`, the best candidate of the newest completed Autopilot job).
    pub job_prefix: String,
    pub automl: bool,
    pub endpoint: String,
    pub instance_type: String,
    /// The serving image; without one, the training image's inference sibling.
    pub image_uri: Option<String>,
    pub tags: Vec<(String, String)>,
}

/// Starting something the notebooks start, with the notebooks' parameters.
#[derive(Clone, Debug, PartialEq)]
pub enum Start {
    /// An Autopilot (AutoML v2) job on a CSV with a header row.
    AutoMl {
        name: String,
        input_uri: String,
        output_uri: String,
        target: String,
        role_arn: String,
    },
    /// A Comprehend custom classifier on a CSV without a header (label,text).
    Classifier {
        name: String,
        input_uri: String,
        role_arn: String,
    },
    /// A Comprehend endpoint for the newest trained classifier with this prefix.
    ComprehendEndpoint {
        name: String,
        classifier_prefix: String,
        inference_units: i32,
    },
}

/// A training or processing job as labguide launches it: everything CreateTrainingJob or
/// CreateProcessingJob needs, already resolved for the region and the learner.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct JobRequest {
    /// `TrainingJob` or `ProcessingJob`.
    pub kind: Option<ResourceKind>,
    pub name: String,
    pub image_uri: String,
    pub role_arn: String,
    pub instance_type: String,
    pub instance_count: i32,
    pub volume_gb: i32,
    pub max_seconds: i32,
    /// Training: values as the container reads them (JSON-encoded strings for script mode).
    pub hyperparameters: Vec<(String, String)>,
    /// Training: metric name -> regex over the log.
    pub metric_definitions: Vec<(String, String)>,
    /// Training: channel name -> S3 prefix.
    pub channels: Vec<(String, String)>,
    pub content_type: Option<String>,
    /// Training: where the model archive goes.
    pub output_uri: String,
    /// Processing: (name, S3 URI, local path) read before the script starts.
    pub inputs: Vec<(String, String, String)>,
    /// Processing: (name, S3 URI, local path) uploaded when it ends.
    pub outputs: Vec<(String, String, String)>,
    /// Processing: the command the container runs.
    pub entrypoint: Vec<String>,
    pub environment: Vec<(String, String)>,
    pub tags: Vec<(String, String)>,
}

impl JobRequest {
    /// The value of one of its tags.
    pub fn tag(&self, key: &str) -> Option<&str> {
        self.tags
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

/// An endpoint's answer to one request, and the production variant that gave it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Invoked {
    pub body: Vec<u8>,
    pub variant: Option<String>,
}

/// The model a canary puts beside the serving one: the newest completed training job with
/// the prefix, served by the image given (the training image's inference sibling without).
#[derive(Clone, Debug, PartialEq)]
pub struct NewModel {
    pub job_prefix: String,
    pub image_uri: Option<String>,
    pub tags: Vec<(String, String)>,
}

/// The three stages of lab 2's canary rollout on one endpoint.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CanaryStage {
    /// A new configuration with VariantA and VariantB, half the traffic each.
    Split,
    /// All traffic to VariantB (the new model), none to VariantA, without a new
    /// configuration.
    Shift,
    /// A new configuration with VariantB alone.
    Single,
}

impl CanaryStage {
    pub fn parse(s: &str) -> Option<CanaryStage> {
        match s {
            "split-50-50" => Some(CanaryStage::Split),
            "shift-100-0" => Some(CanaryStage::Shift),
            "single-variant" => Some(CanaryStage::Single),
            _ => None,
        }
    }
}

/// Whether a dataset in S3 can be read with the caller's credentials.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DatasetAccess {
    Readable {
        objects: usize,
    },
    /// The prefix exists in a readable bucket but holds nothing.
    Empty,
    /// The bucket answers 403.
    Forbidden,
    /// No such bucket.
    Missing,
}

/// `s3://bucket/prefix` split into bucket and prefix.
pub fn split_s3_uri(uri: &str) -> Option<(&str, &str)> {
    let rest = uri.strip_prefix("s3://")?;
    let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
    (!bucket.is_empty()).then_some((bucket, prefix))
}

/// Where `key`, copied from under `src_key` (an object or a prefix), lands below
/// `dst_prefix`: its path below the source's folder, as `aws s3 cp` places it.
pub fn copy_destination(src_key: &str, key: &str, dst_prefix: &str) -> String {
    let base = src_key.rsplit_once('/').map_or("", |(dir, _)| dir);
    let rel = key
        .strip_prefix(base)
        .unwrap_or(key)
        .trim_start_matches('/');
    format!("{}/{rel}", dst_prefix.trim_end_matches('/'))
        .trim_start_matches('/')
        .to_string()
}

pub type CloudResult<T> = Result<T, CloudError>;

/// Declares the `Cloud` trait and, from the same list, the `Counted` wrapper that counts
/// each call under the AWS operation it stands for (`=> op`: a `&'static str`, or
/// `counted::UNCOUNTED`). A new operation is one entry in `calls` plus its code in each
/// backend.
macro_rules! cloud_trait {
    (
        $(#[$tm:meta])*
        pub trait Cloud {
            $( $(#[$sm:meta])* fn $sync:ident(&self) -> $sret:ty; )*
            calls {
                $(
                    $(#[$m:meta])*
                    async fn $name:ident(&self $(, $arg:ident: $ty:ty)*) -> $ret:ty => $op:expr;
                )*
            }
        }
    ) => {
        $(#[$tm])*
        #[async_trait]
        pub trait Cloud: Send + Sync {
            $( $(#[$sm])* fn $sync(&self) -> $sret; )*
            $( $(#[$m])* async fn $name(&self $(, $arg: $ty)*) -> $ret; )*
        }

        #[async_trait]
        impl Cloud for counted::Counted {
            $( fn $sync(&self) -> $sret { self.inner.$sync() } )*
            $(
                async fn $name(&self $(, $arg: $ty)*) -> $ret {
                    self.log.record($op);
                    self.inner.$name($($arg),*).await
                }
            )*
        }
    };
}

cloud_trait! {
    /// The cloud operations labguide's actions and checks are built from.
    pub trait Cloud {
        /// Who the calls go out as and where, as far as known without asking: never waits.
        fn identity(&self) -> Identity;
        /// How often a watcher should look again while something is changing.
        fn poll_interval(&self) -> Duration;
        /// How often the cost meter takes an inventory on its own: rarely where a class
        /// shares one account's request limits.
        fn meter_interval(&self) -> Duration;
        /// How long the runtime waits for one call before it gives up on it (a
        /// `CloudError::Timeout`): never shorter than the backend's own bound on a request,
        /// so that bound, with the retries within it, always decides first.
        fn call_timeout(&self) -> Duration;
        /// The backend's clock in seconds since the Unix epoch, the scale event times use.
        fn now(&self) -> f64;
        // Each call names the AWS operation it is counted as.
        calls {
            /// The account id, where the backend can tell.
            async fn account(&self) -> CloudResult<Option<String>> => "sts:GetCallerIdentity";
            async fn create_stack(&self, req: CreateStack) -> CloudResult<()>
                => "cloudformation:CreateStack";
            async fn delete_stack(&self, name: &str) -> CloudResult<()>
                => "cloudformation:DeleteStack";
            /// `None` when no such stack exists (deleted stacks count as absent).
            async fn describe_stack(&self, name: &str) -> CloudResult<Option<StackInfo>>
                => "cloudformation:DescribeStacks";
            /// Events newer than `after` (an event id already seen), oldest first.
            async fn stack_events(&self, name: &str, after: Option<&str>)
                -> CloudResult<Vec<StackEvent>>
                => "cloudformation:DescribeStackEvents";
            async fn notebook(&self, name: &str) -> CloudResult<Option<NotebookInfo>>
                => "sagemaker:DescribeNotebookInstance";
            async fn start_notebook(&self, name: &str) -> CloudResult<()>
                => "sagemaker:StartNotebookInstance";
            /// Deletes a notebook instance, which must be stopped first (AWS refuses
            /// otherwise, though the emulator does not).
            async fn delete_notebook(&self, name: &str) -> CloudResult<()>
                => "sagemaker:DeleteNotebookInstance";
            /// Names of notebook instances starting with `prefix`: classmates' workshops.
            async fn notebooks_named(&self, prefix: &str) -> CloudResult<Vec<String>>
                => "sagemaker:ListNotebookInstances";
            /// Names of live (not deleted) stacks starting with `prefix`.
            async fn stacks_named(&self, prefix: &str) -> CloudResult<Vec<String>>
                => "cloudformation:ListStacks";
            /// Role, tags, parts and outputs of one resource; `None` once it is gone.
            async fn owner(&self, kind: ResourceKind, name: &str) -> CloudResult<Option<Owner>>
                => counted::describe_op(kind);
            async fn stop_notebook(&self, name: &str) -> CloudResult<()>
                => "sagemaker:StopNotebookInstance";
            /// A short-lived sign-in link to the notebook's Jupyter.
            async fn notebook_url(&self, name: &str) -> CloudResult<String>
                => "sagemaker:CreatePresignedNotebookInstanceUrl";
            async fn bucket_exists(&self, bucket: &str) -> CloudResult<bool> => "s3:HeadBucket";
            /// Keys under `prefix`, at most `limit` of them.
            async fn list_objects(&self, bucket: &str, prefix: &str, limit: usize)
                -> CloudResult<Vec<String>>
                => "s3:ListObjectsV2";
            async fn probe_dataset(&self, uri: &str) -> CloudResult<DatasetAccess>
                => "s3:ListObjectsV2";
            /// The applied value of a quota, found by its name (`ml.p3.16xlarge for training job
            /// usage`); `None` when the service lists no such quota.
            async fn service_quota(&self, service_code: &str, quota_name: &str)
                -> CloudResult<Option<f64>>
                => "servicequotas:ListServiceQuotas";
            /// Resources of `kind` whose names start with `prefix`, newest first.
            async fn find(&self, kind: ResourceKind, prefix: &str) -> CloudResult<Vec<Found>>
                => counted::find_op(kind);
            /// Resources of `kind` whose names start with any of `prefixes`, newest first.
            async fn find_any(&self, kind: ResourceKind, prefixes: &[String]) -> CloudResult<Vec<Found>>
                => counted::find_op(kind);
            /// The learner's training runs of an experiment, found by their
            /// `labguide:experiment` and `labguide:learner` tags, newest first.
            async fn runs(&self, experiment: &str, learner: &str) -> CloudResult<Vec<Found>>
                => "sagemaker:Search";
            /// Stores one object (a lab's code pack).
            async fn put_object(&self, bucket: &str, key: &str, body: Vec<u8>) -> CloudResult<()>
                => "s3:PutObject";
            /// Creates the bucket unless it is there (a fresh account has no SageMaker
            /// bucket yet); `true` when it made it.
            async fn ensure_bucket(&self, bucket: &str) -> CloudResult<bool> => "s3:CreateBucket";
            /// Copies `from` (an object, or every object under a prefix ending in `/`) to
            /// the prefix `to`; returns how many objects it copied.
            async fn copy_objects(&self, from: &str, to: &str) -> CloudResult<usize>
                => "s3:CopyObject";
            /// One object's bytes.
            async fn get_object(&self, bucket: &str, key: &str) -> CloudResult<Vec<u8>>
                => "s3:GetObject";
            /// Sends one request to an endpoint and returns its answer.
            async fn invoke_endpoint(&self, name: &str, content_type: &str, body: Vec<u8>)
                -> CloudResult<Invoked>
                => "sagemaker:InvokeEndpoint";
            /// Starts a training or processing job.
            async fn start_job(&self, req: JobRequest) -> CloudResult<()>
                => counted::job_op(&req);
            /// Creates a model, an endpoint configuration and an endpoint from a training job.
            async fn deploy_endpoint(&self, req: Deploy) -> CloudResult<()>
                => "sagemaker:CreateEndpoint";
            /// Starts an Autopilot job, a Comprehend classifier or a Comprehend endpoint,
            /// tagged with `tags` (the workshop's and the learner's).
            async fn start(&self, req: Start, tags: Vec<(String, String)>) -> CloudResult<()>
                => counted::start_op(&req);
            /// Moves the newest endpoint with this prefix to a canary stage; returns its name.
            /// On the split, VariantB serves `new_model` (the current model without one).
            /// The endpoint stays in service throughout (it shows Updating).
            async fn canary(&self, endpoint_prefix: &str, stage: CanaryStage, new_model: Option<NewModel>)
                -> CloudResult<String>
                => counted::canary_op(stage);
            /// Instance types and counts serving an endpoint, to price it.
            async fn endpoint_instances(&self, name: &str) -> CloudResult<Vec<(String, i32)>>
                => "sagemaker:DescribeEndpointConfig";
            /// Deletes a resource by name; a running job is stopped instead (jobs cannot be
            /// deleted). Something already gone counts as deleted.
            async fn remove(&self, kind: ResourceKind, name: &str) -> CloudResult<()>
                => counted::remove_op(kind);
            async fn role_exists(&self, name: &str) -> CloudResult<bool> => "iam:GetRole";
            /// Deletes a role after removing its inline and attached policies.
            async fn delete_role(&self, name: &str) -> CloudResult<()> => "iam:DeleteRole";
            async fn glue_database_exists(&self, name: &str) -> CloudResult<bool>
                => "glue:GetDatabase";
            /// Deletes a Glue (Athena) database with its tables.
            async fn delete_glue_database(&self, name: &str) -> CloudResult<()>
                => "glue:DeleteDatabase";
            /// The classes a Comprehend endpoint gives one text, most likely first, with
            /// their scores.
            async fn classify(&self, endpoint: &str, text: &str) -> CloudResult<Vec<(String, f64)>>
                => "comprehend:ClassifyDocument";
            /// Starts one Athena statement; returns its execution id.
            async fn start_query(&self, req: QueryRequest) -> CloudResult<String>
                => "athena:StartQueryExecution";
            async fn query_status(&self, id: &str) -> CloudResult<QueryStatus>
                => "athena:GetQueryExecution";
            /// Up to `max` rows of a succeeded query's results, after the header.
            async fn query_rows(&self, id: &str, max: usize) -> CloudResult<QueryRows>
                => "athena:GetQueryResults";
            /// Deletes every object and object version under `prefix`; returns how many.
            async fn delete_objects(&self, bucket: &str, prefix: &str) -> CloudResult<usize>
                => "s3:DeleteObjects";
            /// Deletes a bucket, which must be empty.
            async fn delete_bucket(&self, bucket: &str) -> CloudResult<()> => "s3:DeleteBucket";
            /// CloudWatch log groups whose names start with `prefix`, with their stored bytes.
            async fn log_groups(&self, prefix: &str) -> CloudResult<Vec<(String, u64)>>
                => "logs:DescribeLogGroups";
            /// Plays what a notebook step creates (a rehearsal only, see `Identity::simulated`);
            /// returns what it started.
            async fn simulate_notebook(&self, notebook_step: &str) -> CloudResult<Vec<Found>>
                => counted::UNCOUNTED;
            /// Everything a live view shows about one resource; `None` once it is gone.
            async fn describe(&self, kind: ResourceKind, name: &str) -> CloudResult<Option<Detail>>
                => counted::describe_op(kind);
            /// One batched read of one-minute metrics between two times (the backend's clock).
            async fn metric_data(&self, queries: &[MetricQuery], start: f64, end: f64)
                -> CloudResult<Vec<Series>>
                => "cloudwatch:GetMetricData";
            /// Log streams of `group` whose names start with `prefix`.
            async fn log_streams(&self, group: &str, prefix: &str) -> CloudResult<Vec<String>>
                => "logs:DescribeLogStreams";
            /// Lines of one log stream after `token` (from its start without one).
            async fn log_events(&self, group: &str, stream: &str, token: Option<&str>)
                -> CloudResult<LogPage>
                => "logs:GetLogEvents";
        }
    }
}

/// `2026-11-26-04-24-00-123`, the timestamp the SageMaker SDK puts in job names.
pub fn sdk_timestamp(epoch: f64) -> String {
    let millis = (epoch.max(0.0) * 1000.0) as i64;
    let (secs, ms) = (millis / 1000, millis % 1000);
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}-{:02}-{:02}-{:02}-{ms:03}",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// Seconds since the Unix epoch on this machine's clock.
pub fn wall_clock() -> f64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64())
}

/// Folds stack events into the newest row per resource, keeping first-seen order.
pub fn fold_events(
    rows: &mut Vec<StackResource>,
    starts: &mut Vec<f64>,
    events: &[StackEvent],
    now: f64,
) {
    for e in events {
        let idx = match rows.iter().position(|r| r.logical_id == e.logical_id) {
            Some(i) => i,
            None => {
                rows.push(StackResource {
                    logical_id: e.logical_id.clone(),
                    kind: e.kind.clone(),
                    status: e.status.clone(),
                    reason: None,
                    elapsed: Duration::ZERO,
                });
                starts.push(e.at);
                rows.len() - 1
            }
        };
        let row = &mut rows[idx];
        if e.status.ends_with("_IN_PROGRESS") && !row.status.ends_with("_IN_PROGRESS") {
            starts[idx] = e.at;
        }
        row.status = e.status.clone();
        row.reason = e.reason.clone().filter(|r| !r.is_empty());
        let end = if e.status.ends_with("_IN_PROGRESS") {
            now
        } else {
            e.at
        };
        row.elapsed = Duration::from_secs_f64((end - starts[idx]).max(0.0));
    }
    for (row, start) in rows.iter_mut().zip(starts.iter()) {
        if row.status.ends_with("_IN_PROGRESS") {
            row.elapsed = Duration::from_secs_f64((now - start).max(0.0));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sdk_timestamps() {
        assert_eq!(sdk_timestamp(0.0), "1970-01-01-00-00-00-000");
        assert_eq!(sdk_timestamp(1_764_131_040.123), "2025-11-26-04-24-00-123");
        assert_eq!(sdk_timestamp(951_782_400.0), "2000-02-29-00-00-00-000");
    }
}
