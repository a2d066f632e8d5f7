//! A `Cloud` that counts the calls it passes on, by service and operation, so the debug
//! overlay can show what labguide asks of AWS each minute and the polling budget can be
//! measured rather than assumed.

use std::collections::{BTreeMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use tokio::time::Instant;

use super::{
    Backend, CanaryStage, Cloud, CloudResult, CreateStack, DatasetAccess, Deploy, Detail, Found,
    LogPage, MetricQuery, NotebookInfo, ResourceKind, Series, StackEvent, StackInfo, Start,
};

/// Calls older than this are forgotten: the overlay shows the last minute.
const WINDOW: Duration = Duration::from_secs(60);

/// The calls made, newest last, and the running totals since the start.
#[derive(Default)]
struct Log {
    recent: VecDeque<(Instant, &'static str)>,
    totals: BTreeMap<&'static str, u64>,
}

/// Shared view of the counts, for the UI loop and for tests.
#[derive(Clone, Default)]
pub struct CallLog(Arc<Mutex<Log>>);

impl CallLog {
    fn record(&self, op: &'static str) {
        let now = Instant::now();
        let mut log = match self.0.lock() {
            Ok(l) => l,
            Err(p) => p.into_inner(),
        };
        log.recent.push_back((now, op));
        while log
            .recent
            .front()
            .is_some_and(|(at, _)| now.duration_since(*at) >= WINDOW)
        {
            log.recent.pop_front();
        }
        *log.totals.entry(op).or_default() += 1;
    }

    /// Calls in the last minute per operation (`service:Operation`).
    pub fn last_minute(&self) -> BTreeMap<&'static str, u32> {
        let now = Instant::now();
        let log = match self.0.lock() {
            Ok(l) => l,
            Err(p) => p.into_inner(),
        };
        let mut out = BTreeMap::new();
        for (at, op) in &log.recent {
            if now.duration_since(*at) < WINDOW {
                *out.entry(*op).or_default() += 1;
            }
        }
        out
    }

    /// Every call since the start, per operation.
    pub fn totals(&self) -> BTreeMap<&'static str, u64> {
        match self.0.lock() {
            Ok(l) => l.totals.clone(),
            Err(p) => p.into_inner().totals.clone(),
        }
    }
}

/// Wraps a backend and counts what goes through it.
pub struct Counted {
    inner: Arc<dyn Cloud>,
    log: CallLog,
}

impl Counted {
    pub fn new(inner: Arc<dyn Cloud>) -> (Counted, CallLog) {
        let log = CallLog::default();
        (
            Counted {
                inner,
                log: log.clone(),
            },
            log,
        )
    }
}

/// The operation a `describe` of `kind` is on AWS.
fn describe_op(kind: ResourceKind) -> &'static str {
    match kind {
        ResourceKind::TrainingJob => "sagemaker:DescribeTrainingJob",
        ResourceKind::ProcessingJob => "sagemaker:DescribeProcessingJob",
        ResourceKind::AutoMlJob => "sagemaker:DescribeAutoMLJobV2",
        ResourceKind::Endpoint => "sagemaker:DescribeEndpoint",
        ResourceKind::EndpointConfig => "sagemaker:DescribeEndpointConfig",
        ResourceKind::Model => "sagemaker:DescribeModel",
        ResourceKind::ComprehendClassifier => "comprehend:ListDocumentClassifiers",
        ResourceKind::ComprehendEndpoint => "comprehend:ListEndpoints",
    }
}

fn find_op(kind: ResourceKind) -> &'static str {
    match kind {
        ResourceKind::TrainingJob => "sagemaker:ListTrainingJobs",
        ResourceKind::ProcessingJob => "sagemaker:ListProcessingJobs",
        ResourceKind::AutoMlJob => "sagemaker:ListAutoMLJobs",
        ResourceKind::Endpoint => "sagemaker:ListEndpoints",
        ResourceKind::EndpointConfig => "sagemaker:ListEndpointConfigs",
        ResourceKind::Model => "sagemaker:ListModels",
        ResourceKind::ComprehendClassifier => "comprehend:ListDocumentClassifiers",
        ResourceKind::ComprehendEndpoint => "comprehend:ListEndpoints",
    }
}

fn remove_op(kind: ResourceKind) -> &'static str {
    match kind {
        ResourceKind::TrainingJob => "sagemaker:StopTrainingJob",
        ResourceKind::ProcessingJob => "sagemaker:StopProcessingJob",
        ResourceKind::AutoMlJob => "sagemaker:StopAutoMLJob",
        ResourceKind::Endpoint => "sagemaker:DeleteEndpoint",
        ResourceKind::EndpointConfig => "sagemaker:DeleteEndpointConfig",
        ResourceKind::Model => "sagemaker:DeleteModel",
        ResourceKind::ComprehendClassifier => "comprehend:DeleteDocumentClassifier",
        ResourceKind::ComprehendEndpoint => "comprehend:DeleteEndpoint",
    }
}

#[async_trait]
impl Cloud for Counted {
    fn backend(&self) -> Backend {
        self.inner.backend()
    }
    fn poll_interval(&self) -> Duration {
        self.inner.poll_interval()
    }
    fn now(&self) -> f64 {
        self.inner.now()
    }
    async fn account(&self) -> CloudResult<Option<String>> {
        self.log.record("sts:GetCallerIdentity");
        self.inner.account().await
    }
    async fn create_stack(&self, req: CreateStack) -> CloudResult<()> {
        self.log.record("cloudformation:CreateStack");
        self.inner.create_stack(req).await
    }
    async fn delete_stack(&self, name: &str) -> CloudResult<()> {
        self.log.record("cloudformation:DeleteStack");
        self.inner.delete_stack(name).await
    }
    async fn describe_stack(&self, name: &str) -> CloudResult<Option<StackInfo>> {
        self.log.record("cloudformation:DescribeStacks");
        self.inner.describe_stack(name).await
    }
    async fn stack_events(&self, name: &str, after: Option<&str>) -> CloudResult<Vec<StackEvent>> {
        self.log.record("cloudformation:DescribeStackEvents");
        self.inner.stack_events(name, after).await
    }
    async fn notebook(&self, name: &str) -> CloudResult<Option<NotebookInfo>> {
        self.log.record("sagemaker:DescribeNotebookInstance");
        self.inner.notebook(name).await
    }
    async fn start_notebook(&self, name: &str) -> CloudResult<()> {
        self.log.record("sagemaker:StartNotebookInstance");
        self.inner.start_notebook(name).await
    }
    async fn stop_notebook(&self, name: &str) -> CloudResult<()> {
        self.log.record("sagemaker:StopNotebookInstance");
        self.inner.stop_notebook(name).await
    }
    async fn notebook_url(&self, name: &str) -> CloudResult<String> {
        self.log
            .record("sagemaker:CreatePresignedNotebookInstanceUrl");
        self.inner.notebook_url(name).await
    }
    async fn bucket_exists(&self, bucket: &str) -> CloudResult<bool> {
        self.log.record("s3:HeadBucket");
        self.inner.bucket_exists(bucket).await
    }
    async fn list_objects(
        &self,
        bucket: &str,
        prefix: &str,
        limit: usize,
    ) -> CloudResult<Vec<String>> {
        self.log.record("s3:ListObjectsV2");
        self.inner.list_objects(bucket, prefix, limit).await
    }
    async fn probe_dataset(&self, uri: &str) -> CloudResult<DatasetAccess> {
        self.log.record("s3:ListObjectsV2");
        self.inner.probe_dataset(uri).await
    }
    async fn service_quota(
        &self,
        service_code: &str,
        quota_name: &str,
    ) -> CloudResult<Option<f64>> {
        self.log.record("servicequotas:ListServiceQuotas");
        self.inner.service_quota(service_code, quota_name).await
    }
    async fn find(&self, kind: ResourceKind, prefix: &str) -> CloudResult<Vec<Found>> {
        self.log.record(find_op(kind));
        self.inner.find(kind, prefix).await
    }
    async fn deploy_endpoint(&self, req: Deploy) -> CloudResult<()> {
        self.log.record("sagemaker:CreateEndpoint");
        self.inner.deploy_endpoint(req).await
    }
    async fn start(&self, req: Start) -> CloudResult<()> {
        self.log.record(match req {
            Start::AutoMl { .. } => "sagemaker:CreateAutoMLJobV2",
            Start::Classifier { .. } => "comprehend:CreateDocumentClassifier",
            Start::ComprehendEndpoint { .. } => "comprehend:CreateEndpoint",
        });
        self.inner.start(req).await
    }
    async fn canary(&self, endpoint_prefix: &str, stage: CanaryStage) -> CloudResult<String> {
        self.log.record(match stage {
            CanaryStage::Shift => "sagemaker:UpdateEndpointWeightsAndCapacities",
            _ => "sagemaker:UpdateEndpoint",
        });
        self.inner.canary(endpoint_prefix, stage).await
    }
    async fn endpoint_instances(&self, name: &str) -> CloudResult<Vec<(String, i32)>> {
        self.log.record("sagemaker:DescribeEndpointConfig");
        self.inner.endpoint_instances(name).await
    }
    async fn remove(&self, kind: ResourceKind, name: &str) -> CloudResult<()> {
        self.log.record(remove_op(kind));
        self.inner.remove(kind, name).await
    }
    async fn role_exists(&self, name: &str) -> CloudResult<bool> {
        self.log.record("iam:GetRole");
        self.inner.role_exists(name).await
    }
    async fn delete_role(&self, name: &str) -> CloudResult<()> {
        self.log.record("iam:DeleteRole");
        self.inner.delete_role(name).await
    }
    async fn glue_database_exists(&self, name: &str) -> CloudResult<bool> {
        self.log.record("glue:GetDatabase");
        self.inner.glue_database_exists(name).await
    }
    async fn delete_glue_database(&self, name: &str) -> CloudResult<()> {
        self.log.record("glue:DeleteDatabase");
        self.inner.delete_glue_database(name).await
    }
    async fn delete_objects(&self, bucket: &str, prefix: &str) -> CloudResult<usize> {
        self.log.record("s3:DeleteObjects");
        self.inner.delete_objects(bucket, prefix).await
    }
    async fn delete_bucket(&self, bucket: &str) -> CloudResult<()> {
        self.log.record("s3:DeleteBucket");
        self.inner.delete_bucket(bucket).await
    }
    async fn log_groups(&self, prefix: &str) -> CloudResult<Vec<(String, u64)>> {
        self.log.record("logs:DescribeLogGroups");
        self.inner.log_groups(prefix).await
    }
    async fn simulate_notebook(&self, notebook_step: &str) -> CloudResult<Vec<Found>> {
        self.inner.simulate_notebook(notebook_step).await
    }
    async fn describe(&self, kind: ResourceKind, name: &str) -> CloudResult<Option<Detail>> {
        self.log.record(describe_op(kind));
        self.inner.describe(kind, name).await
    }
    async fn metric_data(
        &self,
        queries: &[MetricQuery],
        start: f64,
        end: f64,
    ) -> CloudResult<Vec<Series>> {
        self.log.record("cloudwatch:GetMetricData");
        self.inner.metric_data(queries, start, end).await
    }
    async fn log_streams(&self, group: &str, prefix: &str) -> CloudResult<Vec<String>> {
        self.log.record("logs:DescribeLogStreams");
        self.inner.log_streams(group, prefix).await
    }
    async fn log_events(
        &self,
        group: &str,
        stream: &str,
        token: Option<&str>,
    ) -> CloudResult<LogPage> {
        self.log.record("logs:GetLogEvents");
        self.inner.log_events(group, stream, token).await
    }
}
