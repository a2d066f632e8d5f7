//! The real AWS behind the `Cloud` trait, through the official SDK. Credentials and region
//! come from the standard chain (environment, profile, SSO, instance role); AWS_ENDPOINT_URL
//! is honoured, which is how the tests point it at a local emulator.
//!
//! The clients are made on the first call, so the first frame never waits for credential
//! discovery (which can probe the instance metadata service for seconds). One file per
//! service holds that service's calls as methods of `Clients`; errors.rs says what their
//! errors mean for the learner.

mod account;
mod athena;
mod cloudformation;
mod comprehend;
mod errors;
mod jobs;
mod live;
mod logs;
mod owner;
mod s3;
mod sagemaker;

use std::time::Duration;

use async_trait::async_trait;
use aws_config::BehaviorVersion;
use aws_config::Region;
use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use aws_sdk_cloudwatch::primitives::DateTime;
use tokio::sync::OnceCell;

pub use errors::classify;

use super::{
    CanaryStage, Cloud, CloudError, CloudResult, CreateStack, DEFAULT_REGION, DatasetAccess,
    Deploy, Detail, Found, Identity, Invoked, JobRequest, LogPage, MetricQuery, NewModel,
    NotebookInfo, Owner, QueryRequest, QueryRows, QueryStatus, ResourceKind, Series, StackEvent,
    StackInfo, Start,
};

/// DescribeStacks is held near 5 calls a second per account, shared by a whole class.
const POLL_INTERVAL: Duration = Duration::from_secs(5);

/// The cost meter's own inventories: rare, since a class shares the account's limits.
const METER_INTERVAL: Duration = Duration::from_secs(300);

/// The SDK gives up on an operation, its attempts and their backoff included, after this.
const OPERATION_TIMEOUT: Duration = Duration::from_secs(45);

/// The runtime's bound on a call goes past the SDK's by this much, so the SDK decides.
const CALL_MARGIN: Duration = Duration::from_secs(5);

/// At most this many pages are read when listing by prefix: the newest come first.
const MAX_PAGES: usize = 5;

/// The AWS backend: where its calls go, and its clients once the first call made them.
pub struct Aws {
    profile: Option<String>,
    /// The region asked for, or the one the environment or the profile names; `None`
    /// leaves it to the SDK's whole chain (the instance metadata service too).
    region: Option<String>,
    /// The operation timeout of the clients' configuration (`OPERATION_TIMEOUT` unless a
    /// configuration loaded elsewhere says otherwise).
    operation_timeout: Duration,
    clients: OnceCell<Clients>,
}

/// The SDK clients of one loaded configuration, and what their errors name.
struct Clients {
    /// The region the clients resolved: the one every call goes to.
    region: String,
    /// The profile the credentials come from, for the advice on an expired SSO sign-in.
    profile: Option<String>,
    endpoint: String,
    cfn: aws_sdk_cloudformation::Client,
    sagemaker: aws_sdk_sagemaker::Client,
    runtime: aws_sdk_sagemakerruntime::Client,
    sts: aws_sdk_sts::Client,
    s3: aws_sdk_s3::Client,
    comprehend: aws_sdk_comprehend::Client,
    quotas: aws_sdk_servicequotas::Client,
    iam: aws_sdk_iam::Client,
    glue: aws_sdk_glue::Client,
    athena: aws_sdk_athena::Client,
    logs: aws_sdk_cloudwatchlogs::Client,
    cloudwatch: aws_sdk_cloudwatch::Client,
}

impl Aws {
    /// The backend for a profile (else AWS_PROFILE, else the default) and a region (else
    /// AWS_REGION, AWS_DEFAULT_REGION, or the profile's). Reads only the environment and
    /// the profile files, so the header names the right region from the first frame; the
    /// clients, and with them the credentials, come with the first call.
    pub async fn new(profile: Option<String>, region: Option<String>) -> Aws {
        let region = match region {
            Some(r) => Some(r),
            None => local_region(profile.as_deref()).await,
        };
        Aws {
            profile,
            region,
            operation_timeout: OPERATION_TIMEOUT,
            clients: OnceCell::new(),
        }
    }

    /// The loader with labguide's retries (standard mode) and timeouts: no call can hang
    /// a step, and a throttled call backs off before it gives up.
    pub fn defaults() -> aws_config::ConfigLoader {
        aws_config::defaults(BehaviorVersion::latest())
            .http_client(https_client())
            .retry_config(RetryConfig::standard().with_max_attempts(3))
            .timeout_config(
                TimeoutConfig::builder()
                    .connect_timeout(Duration::from_secs(5))
                    .operation_attempt_timeout(Duration::from_secs(20))
                    .operation_timeout(OPERATION_TIMEOUT)
                    .build(),
            )
    }

    /// The backend for a configuration loaded already; `custom_endpoint` is the
    /// emulator's address, when there is one.
    pub fn from_config(conf: &aws_config::SdkConfig, custom_endpoint: Option<String>) -> Aws {
        let clients = Clients::new(conf, custom_endpoint);
        let operation_timeout = conf
            .timeout_config()
            .and_then(|t| t.operation_timeout())
            .unwrap_or(OPERATION_TIMEOUT);
        Aws {
            profile: None,
            region: Some(clients.region.clone()),
            operation_timeout,
            clients: OnceCell::new_with(Some(clients)),
        }
    }

    /// The clients, made by the first call that needs them.
    async fn clients(&self) -> &Clients {
        self.clients
            .get_or_init(|| async {
                let mut loader = Aws::defaults();
                if let Some(p) = &self.profile {
                    loader = loader.profile_name(p);
                }
                if let Some(r) = &self.region {
                    loader = loader.region(Region::new(r.clone()));
                }
                let mut conf = loader.load().await;
                if conf.region().is_none() {
                    conf = conf
                        .into_builder()
                        .region(Region::new(DEFAULT_REGION))
                        .build();
                }
                let mut clients = Clients::new(&conf, std::env::var("AWS_ENDPOINT_URL").ok());
                clients.profile = self
                    .profile
                    .clone()
                    .or_else(|| std::env::var("AWS_PROFILE").ok());
                clients
            })
            .await
    }

    /// The clients' region once they are made; until then the one they will resolve,
    /// unless only the instance metadata service can tell.
    fn region(&self) -> String {
        match (self.clients.get(), &self.region) {
            (Some(c), _) => c.region.clone(),
            (None, Some(r)) => r.clone(),
            (None, None) => DEFAULT_REGION.to_string(),
        }
    }
}

/// The one HTTP client every SDK client and credential provider shares: hyper 1 with
/// rustls on ring, trusting the platform's certificates.
fn https_client() -> aws_sdk_sts::config::SharedHttpClient {
    use aws_smithy_http_client::tls::{Provider, rustls_provider::CryptoMode};
    aws_smithy_http_client::Builder::new()
        .tls_provider(Provider::Rustls(CryptoMode::Ring))
        .build_https()
}

/// The region the environment (AWS_REGION, AWS_DEFAULT_REGION) or the profile files
/// name, the first two links of the SDK's own chain: no network.
async fn local_region(profile: Option<&str>) -> Option<String> {
    use aws_config::environment::EnvironmentVariableRegionProvider;
    use aws_config::meta::region::RegionProviderChain;
    use aws_config::profile::ProfileFileRegionProvider;
    let mut file = ProfileFileRegionProvider::builder();
    if let Some(p) = profile {
        file = file.profile_name(p);
    }
    RegionProviderChain::first_try(EnvironmentVariableRegionProvider::new())
        .or_else(file.build())
        .region()
        .await
        .map(|r| r.to_string())
}

impl Clients {
    fn new(conf: &aws_config::SdkConfig, custom_endpoint: Option<String>) -> Clients {
        let region = conf
            .region()
            .map_or(DEFAULT_REGION.to_string(), |r| r.to_string());
        let endpoint = custom_endpoint
            .clone()
            .unwrap_or_else(|| format!("AWS ({region})"));
        // An emulator on a loopback address cannot serve bucket.host-style addresses.
        let s3_conf = aws_sdk_s3::config::Builder::from(conf)
            .force_path_style(custom_endpoint.is_some())
            .build();
        Clients {
            region,
            profile: None,
            endpoint,
            cfn: aws_sdk_cloudformation::Client::new(conf),
            sagemaker: aws_sdk_sagemaker::Client::new(conf),
            runtime: aws_sdk_sagemakerruntime::Client::new(conf),
            sts: aws_sdk_sts::Client::new(conf),
            s3: aws_sdk_s3::Client::from_conf(s3_conf),
            comprehend: aws_sdk_comprehend::Client::new(conf),
            quotas: aws_sdk_servicequotas::Client::new(conf),
            iam: aws_sdk_iam::Client::new(conf),
            glue: aws_sdk_glue::Client::new(conf),
            athena: aws_sdk_athena::Client::new(conf),
            logs: aws_sdk_cloudwatchlogs::Client::new(conf),
            cloudwatch: aws_sdk_cloudwatch::Client::new(conf),
        }
    }
}

fn secs(t: Option<&DateTime>) -> f64 {
    t.map_or(0.0, |t| t.as_secs_f64())
}

fn opt_secs(t: Option<&DateTime>) -> Option<f64> {
    t.map(DateTime::as_secs_f64)
}

/// Each operation is the service file's method of the same name, on the clients.
#[async_trait]
impl Cloud for Aws {
    fn identity(&self) -> Identity {
        Identity {
            account: None,
            region: self.region(),
            simulated: None,
        }
    }
    fn poll_interval(&self) -> Duration {
        POLL_INTERVAL
    }
    fn meter_interval(&self) -> Duration {
        METER_INTERVAL
    }
    /// Past the SDK's operation timeout: a slow call the SDK still sees through (three
    /// attempts of up to 20 s each, within 45 s) is not cut short by the runtime.
    fn call_timeout(&self) -> Duration {
        self.operation_timeout + CALL_MARGIN
    }
    fn now(&self) -> f64 {
        super::wall_clock()
    }
    async fn account(&self) -> CloudResult<Option<String>> {
        self.clients().await.account().await
    }
    async fn create_stack(&self, req: CreateStack) -> CloudResult<()> {
        self.clients().await.create_stack(req).await
    }
    async fn delete_stack(&self, name: &str) -> CloudResult<()> {
        self.clients().await.delete_stack(name).await
    }
    async fn describe_stack(&self, name: &str) -> CloudResult<Option<StackInfo>> {
        self.clients().await.describe_stack(name).await
    }
    async fn stack_events(&self, name: &str, after: Option<&str>) -> CloudResult<Vec<StackEvent>> {
        self.clients().await.stack_events(name, after).await
    }
    async fn notebook(&self, name: &str) -> CloudResult<Option<NotebookInfo>> {
        self.clients().await.notebook(name).await
    }
    async fn start_notebook(&self, name: &str) -> CloudResult<()> {
        self.clients().await.start_notebook(name).await
    }
    async fn delete_notebook(&self, name: &str) -> CloudResult<()> {
        self.clients().await.delete_notebook(name).await
    }
    async fn notebooks_named(&self, prefix: &str) -> CloudResult<Vec<String>> {
        self.clients().await.notebooks_named(prefix).await
    }
    async fn stacks_named(&self, prefix: &str) -> CloudResult<Vec<String>> {
        self.clients().await.stacks_named(prefix).await
    }
    async fn owner(&self, kind: ResourceKind, name: &str) -> CloudResult<Option<Owner>> {
        self.clients().await.owner(kind, name).await
    }
    async fn stop_notebook(&self, name: &str) -> CloudResult<()> {
        self.clients().await.stop_notebook(name).await
    }
    async fn notebook_url(&self, name: &str) -> CloudResult<String> {
        self.clients().await.notebook_url(name).await
    }
    async fn bucket_exists(&self, bucket: &str) -> CloudResult<bool> {
        self.clients().await.bucket_exists(bucket).await
    }
    async fn list_objects(
        &self,
        bucket: &str,
        prefix: &str,
        limit: usize,
    ) -> CloudResult<Vec<String>> {
        self.clients()
            .await
            .list_objects(bucket, prefix, limit)
            .await
    }
    async fn probe_dataset(&self, uri: &str) -> CloudResult<DatasetAccess> {
        self.clients().await.probe_dataset(uri).await
    }
    async fn service_quota(
        &self,
        service_code: &str,
        quota_name: &str,
    ) -> CloudResult<Option<f64>> {
        let clients = self.clients().await;
        clients.service_quota(service_code, quota_name).await
    }
    async fn find(&self, kind: ResourceKind, prefix: &str) -> CloudResult<Vec<Found>> {
        self.clients().await.find(kind, prefix).await
    }
    async fn find_any(&self, kind: ResourceKind, prefixes: &[String]) -> CloudResult<Vec<Found>> {
        self.clients().await.find_any(kind, prefixes).await
    }
    async fn runs(&self, experiment: &str, learner: &str) -> CloudResult<Vec<Found>> {
        self.clients().await.runs(experiment, learner).await
    }
    async fn put_object(&self, bucket: &str, key: &str, body: Vec<u8>) -> CloudResult<()> {
        self.clients().await.put_object(bucket, key, body).await
    }
    async fn ensure_bucket(&self, bucket: &str) -> CloudResult<bool> {
        self.clients().await.ensure_bucket(bucket).await
    }
    async fn copy_objects(&self, from: &str, to: &str) -> CloudResult<usize> {
        self.clients().await.copy_objects(from, to).await
    }
    async fn get_object(&self, bucket: &str, key: &str) -> CloudResult<Vec<u8>> {
        self.clients().await.get_object(bucket, key).await
    }
    async fn invoke_endpoint(
        &self,
        name: &str,
        content_type: &str,
        body: Vec<u8>,
    ) -> CloudResult<Invoked> {
        self.clients()
            .await
            .invoke_endpoint(name, content_type, body)
            .await
    }
    async fn start_job(&self, req: JobRequest) -> CloudResult<()> {
        self.clients().await.start_job(req).await
    }
    async fn deploy_endpoint(&self, req: Deploy) -> CloudResult<()> {
        self.clients().await.deploy_endpoint(req).await
    }
    async fn start(&self, req: Start, tags: Vec<(String, String)>) -> CloudResult<()> {
        self.clients().await.start(req, tags).await
    }
    async fn canary(
        &self,
        endpoint_prefix: &str,
        stage: CanaryStage,
        new_model: Option<NewModel>,
    ) -> CloudResult<String> {
        self.clients()
            .await
            .canary(endpoint_prefix, stage, new_model)
            .await
    }
    async fn endpoint_instances(&self, name: &str) -> CloudResult<Vec<(String, i32)>> {
        self.clients().await.endpoint_instances(name).await
    }
    async fn remove(&self, kind: ResourceKind, name: &str) -> CloudResult<()> {
        self.clients().await.remove(kind, name).await
    }
    async fn role_exists(&self, name: &str) -> CloudResult<bool> {
        self.clients().await.role_exists(name).await
    }
    async fn delete_role(&self, name: &str) -> CloudResult<()> {
        self.clients().await.delete_role(name).await
    }
    async fn glue_database_exists(&self, name: &str) -> CloudResult<bool> {
        self.clients().await.glue_database_exists(name).await
    }
    async fn delete_glue_database(&self, name: &str) -> CloudResult<()> {
        self.clients().await.delete_glue_database(name).await
    }
    async fn delete_objects(&self, bucket: &str, prefix: &str) -> CloudResult<usize> {
        self.clients().await.delete_objects(bucket, prefix).await
    }
    async fn classify(&self, endpoint: &str, text: &str) -> CloudResult<Vec<(String, f64)>> {
        self.clients().await.classify(endpoint, text).await
    }
    async fn start_query(&self, req: QueryRequest) -> CloudResult<String> {
        self.clients().await.start_query(req).await
    }
    async fn query_status(&self, id: &str) -> CloudResult<QueryStatus> {
        self.clients().await.query_status(id).await
    }
    async fn query_rows(&self, id: &str, max: usize) -> CloudResult<QueryRows> {
        self.clients().await.query_rows(id, max).await
    }
    async fn delete_bucket(&self, bucket: &str) -> CloudResult<()> {
        self.clients().await.delete_bucket(bucket).await
    }
    async fn log_groups(&self, prefix: &str) -> CloudResult<Vec<(String, u64)>> {
        self.clients().await.log_groups(prefix).await
    }
    async fn simulate_notebook(&self, _notebook_step: &str) -> CloudResult<Vec<Found>> {
        Err(CloudError::Invalid(
            "only the simulated AWS plays notebook steps".into(),
        ))
    }
    async fn describe(&self, kind: ResourceKind, name: &str) -> CloudResult<Option<Detail>> {
        self.clients().await.describe(kind, name).await
    }
    async fn metric_data(
        &self,
        queries: &[MetricQuery],
        start: f64,
        end: f64,
    ) -> CloudResult<Vec<Series>> {
        self.clients().await.metric_data(queries, start, end).await
    }
    async fn log_streams(&self, group: &str, prefix: &str) -> CloudResult<Vec<String>> {
        self.clients().await.log_streams(group, prefix).await
    }
    async fn log_events(
        &self,
        group: &str,
        stream: &str,
        token: Option<&str>,
    ) -> CloudResult<LogPage> {
        self.clients().await.log_events(group, stream, token).await
    }
}
