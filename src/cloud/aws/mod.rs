//! The real AWS behind the `Cloud` trait, through the official SDK. Credentials and region
//! come from the standard chain (environment, profile, SSO, instance role); AWS_ENDPOINT_URL
//! is honoured, which is how the tests point it at a local emulator.

mod live;

use std::time::Duration;

use async_trait::async_trait;
use aws_config::BehaviorVersion;
use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use aws_sdk_cloudformation::config::http::HttpResponse;
use aws_sdk_cloudformation::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};
use aws_sdk_cloudformation::types::{Capability, Parameter, Tag};

use super::{
    Backend, CanaryStage, Cloud, CloudError, CloudResult, CreateStack, DatasetAccess, Deploy,
    Detail, Found, LogPage, MetricQuery, NotebookInfo, ResourceKind, Series, StackEvent, StackInfo,
    Start, split_s3_uri,
};

/// DescribeStacks is held near 5 calls a second per account, shared by a whole class.
const POLL_INTERVAL: Duration = Duration::from_secs(5);

/// The workshop's region when nothing else names one.
pub const DEFAULT_REGION: &str = "us-east-1";

pub struct Aws {
    region: String,
    endpoint: String,
    cfn: aws_sdk_cloudformation::Client,
    sagemaker: aws_sdk_sagemaker::Client,
    sts: aws_sdk_sts::Client,
    s3: aws_sdk_s3::Client,
    comprehend: aws_sdk_comprehend::Client,
    quotas: aws_sdk_servicequotas::Client,
    iam: aws_sdk_iam::Client,
    glue: aws_sdk_glue::Client,
    logs: aws_sdk_cloudwatchlogs::Client,
    cloudwatch: aws_sdk_cloudwatch::Client,
}

/// At most this many pages are read when listing by prefix: the newest come first.
const MAX_PAGES: usize = 5;

impl Aws {
    /// Loads the standard AWS configuration chain, with labguide's retries and timeouts.
    pub async fn connect(profile: Option<&str>, region: Option<&str>) -> Aws {
        let mut loader = Aws::defaults();
        if let Some(p) = profile {
            loader = loader.profile_name(p);
        }
        if let Some(r) = region {
            loader = loader.region(aws_config::Region::new(r.to_string()));
        }
        let mut conf = loader.load().await;
        if conf.region().is_none() {
            conf = conf
                .into_builder()
                .region(aws_config::Region::new(DEFAULT_REGION))
                .build();
        }
        Aws::from_config(&conf, std::env::var("AWS_ENDPOINT_URL").ok())
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
                    .operation_timeout(Duration::from_secs(45))
                    .build(),
            )
    }

    /// Clients for a loaded configuration; `custom_endpoint` is the emulator's address,
    /// when there is one.
    pub fn from_config(conf: &aws_config::SdkConfig, custom_endpoint: Option<String>) -> Aws {
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
        Aws {
            region,
            endpoint,
            cfn: aws_sdk_cloudformation::Client::new(conf),
            sagemaker: aws_sdk_sagemaker::Client::new(conf),
            sts: aws_sdk_sts::Client::new(conf),
            s3: aws_sdk_s3::Client::from_conf(s3_conf),
            comprehend: aws_sdk_comprehend::Client::new(conf),
            quotas: aws_sdk_servicequotas::Client::new(conf),
            iam: aws_sdk_iam::Client::new(conf),
            glue: aws_sdk_glue::Client::new(conf),
            logs: aws_sdk_cloudwatchlogs::Client::new(conf),
            cloudwatch: aws_sdk_cloudwatch::Client::new(conf),
        }
    }

    pub fn region(&self) -> &str {
        &self.region
    }

    fn error<E>(&self, e: SdkError<E, HttpResponse>, action: &str) -> CloudError
    where
        E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
    {
        match classify(e, action, &self.endpoint) {
            CloudError::RegionDisabled { .. } => CloudError::RegionDisabled {
                region: self.region.clone(),
            },
            other => other,
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

/// Turns an SDK error into what it means for the learner.
pub fn classify<E>(e: SdkError<E, HttpResponse>, action: &str, endpoint: &str) -> CloudError
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    let raw = e.raw_response();
    let status = raw.map(|r| r.status().as_u16());
    // Some answers (an emulator's, a proxy's) carry the code only in the body.
    let body_code = raw
        .and_then(|r| r.body().bytes())
        .and_then(|b| std::str::from_utf8(b).ok())
        .and_then(code_in_body);
    let code = e
        .code()
        .map(str::to_string)
        .or(body_code)
        .unwrap_or_default();
    let message = e.message().unwrap_or_default().to_string();
    let full = DisplayErrorContext(&e).to_string();
    tracing::debug!(action, code, error = %full, "AWS call failed");
    match &e {
        SdkError::TimeoutError(_) => return CloudError::Timeout,
        SdkError::DispatchFailure(d) if d.is_timeout() => return CloudError::Timeout,
        SdkError::DispatchFailure(d) if d.is_io() => {
            return CloudError::Unreachable {
                endpoint: endpoint.to_string(),
            };
        }
        _ => {}
    }
    let lower = full.to_ascii_lowercase();
    match code.as_str() {
        "ExpiredToken" | "ExpiredTokenException" | "RequestExpired" => {
            CloudError::ExpiredCredentials
        }
        "AccessDenied"
        | "AccessDeniedException"
        | "UnauthorizedOperation"
        | "InvalidClientTokenId"
        | "UnrecognizedClientException"
        | "SignatureDoesNotMatch" => CloudError::AccessDenied {
            action: action.to_string(),
        },
        "Throttling"
        | "ThrottlingException"
        | "SlowDown"
        | "TooManyRequestsException"
        | "RequestLimitExceeded" => CloudError::Throttled,
        // AWS failing on its side is worth another try; moto's HTML 500s for operations it
        // lacks carry no such code and stay plain errors.
        "InternalFailure"
        | "InternalError"
        | "InternalServerError"
        | "InternalServerException"
        | "ServiceUnavailable"
        | "ServiceUnavailableException" => CloudError::ServerError(format!("{code}: {message}")),
        "AlreadyExistsException" | "ResourceInUse" | "ResourceInUseException" => {
            CloudError::AlreadyExists { name: message }
        }
        "NoSuchBucket"
        | "NotFound"
        | "NoSuchKey"
        | "ResourceNotFound"
        | "ResourceNotFoundException"
        | "NoSuchResourceException"
        | "NoSuchEntity"
        | "EntityNotFoundException" => CloudError::NotFound {
            what: if message.is_empty() {
                action.to_string()
            } else {
                message
            },
        },
        "ResourceLimitExceeded" | "LimitExceededException" | "ServiceQuotaExceededException" => {
            CloudError::QuotaExceeded(message)
        }
        "OptInRequired" | "RegionDisabledException" => CloudError::RegionDisabled {
            region: String::new(),
        },
        "Forbidden" => CloudError::AccessDenied {
            action: action.to_string(),
        },
        "ValidationError" | "ValidationException" | "InvalidParameterValue" => {
            CloudError::Invalid(message)
        }
        _ if lower.contains("no credentials")
            || lower.contains("failed to load credentials")
            || lower.contains("credentials provider") && lower.contains("not") =>
        {
            CloudError::NoCredentials
        }
        _ if lower.contains("token") && lower.contains("expired") => CloudError::ExpiredCredentials,
        _ if matches!(e, SdkError::DispatchFailure(_)) => CloudError::Unreachable {
            endpoint: endpoint.to_string(),
        },
        _ if matches!(status, Some(401 | 403)) => CloudError::AccessDenied {
            action: action.to_string(),
        },
        _ if status == Some(429) => CloudError::Throttled,
        // S3 answers a HEAD it throttles with a bare 503 (its SlowDown has no body there).
        _ if status == Some(503) && action.starts_with("s3:") => CloudError::Throttled,
        _ if status == Some(404) => CloudError::NotFound {
            what: action.to_string(),
        },
        // The whole answer would be a wall of HTML: its status says enough.
        _ if message.is_empty() && status.is_some() => {
            CloudError::Other(format!("{action}: HTTP {}", status.unwrap_or_default()))
        }
        _ if !message.is_empty() => CloudError::Other(format!("{code}: {message}")),
        _ => CloudError::Other(full),
    }
}

fn secs(t: Option<&aws_sdk_sagemaker::primitives::DateTime>) -> f64 {
    t.map_or(0.0, |t| t.as_secs_f64())
}

/// The image that serves a framework's model: the SageMaker SDK deploys a
/// `...-training:` image's model with the matching `...-inference:` image; built-in
/// algorithms serve from the image they train with.
fn inference_image(training_image: &str) -> String {
    training_image.replace("-training:", "-inference:")
}

/// The name in a Comprehend ARN: `arn:aws:comprehend:REGION:ACCOUNT:TYPE/NAME[/...]`.
fn comprehend_name(arn: &str) -> String {
    let resource = arn.splitn(6, ':').nth(5).unwrap_or(arn);
    resource.split('/').nth(1).unwrap_or(resource).to_string()
}

impl Aws {
    async fn find_sagemaker(&self, kind: ResourceKind, prefix: &str) -> CloudResult<Vec<Found>> {
        let sm = &self.sagemaker;
        let mut found = vec![];
        let mut token: Option<String> = None;
        let found_item = |name: Option<&str>, status: Option<String>, created: f64| Found {
            kind,
            name: name.unwrap_or_default().to_string(),
            status,
            created,
        };
        for _ in 0..MAX_PAGES {
            let next = match kind {
                ResourceKind::TrainingJob => {
                    let out = sm
                        .list_training_jobs()
                        .name_contains(prefix)
                        .set_next_token(token.clone())
                        .send()
                        .await
                        .map_err(|e| self.error(e, "sagemaker:ListTrainingJobs"))?;
                    found.extend(out.training_job_summaries().iter().map(|j| {
                        found_item(
                            j.training_job_name(),
                            j.training_job_status().map(|s| s.as_str().to_string()),
                            secs(j.creation_time()),
                        )
                    }));
                    out.next_token().map(str::to_string)
                }
                ResourceKind::ProcessingJob => {
                    let out = sm
                        .list_processing_jobs()
                        .name_contains(prefix)
                        .set_next_token(token.clone())
                        .send()
                        .await
                        .map_err(|e| self.error(e, "sagemaker:ListProcessingJobs"))?;
                    found.extend(out.processing_job_summaries().iter().map(|j| {
                        found_item(
                            j.processing_job_name(),
                            j.processing_job_status().map(|s| s.as_str().to_string()),
                            secs(j.creation_time()),
                        )
                    }));
                    out.next_token().map(str::to_string)
                }
                ResourceKind::AutoMlJob => {
                    let out = sm
                        .list_auto_ml_jobs()
                        .name_contains(prefix)
                        .set_next_token(token.clone())
                        .send()
                        .await
                        .map_err(|e| self.error(e, "sagemaker:ListAutoMLJobs"))?;
                    found.extend(out.auto_ml_job_summaries().iter().map(|j| {
                        found_item(
                            j.auto_ml_job_name(),
                            j.auto_ml_job_status().map(|s| s.as_str().to_string()),
                            secs(j.creation_time()),
                        )
                    }));
                    out.next_token().map(str::to_string)
                }
                ResourceKind::Endpoint => {
                    let out = sm
                        .list_endpoints()
                        .name_contains(prefix)
                        .set_next_token(token.clone())
                        .send()
                        .await
                        .map_err(|e| self.error(e, "sagemaker:ListEndpoints"))?;
                    found.extend(out.endpoints().iter().map(|j| {
                        found_item(
                            j.endpoint_name(),
                            j.endpoint_status().map(|s| s.as_str().to_string()),
                            secs(j.creation_time()),
                        )
                    }));
                    out.next_token().map(str::to_string)
                }
                ResourceKind::EndpointConfig => {
                    let out = sm
                        .list_endpoint_configs()
                        .name_contains(prefix)
                        .set_next_token(token.clone())
                        .send()
                        .await
                        .map_err(|e| self.error(e, "sagemaker:ListEndpointConfigs"))?;
                    found.extend(out.endpoint_configs().iter().map(|j| {
                        found_item(j.endpoint_config_name(), None, secs(j.creation_time()))
                    }));
                    out.next_token().map(str::to_string)
                }
                ResourceKind::Model => {
                    let out = sm
                        .list_models()
                        .name_contains(prefix)
                        .set_next_token(token.clone())
                        .send()
                        .await
                        .map_err(|e| self.error(e, "sagemaker:ListModels"))?;
                    found.extend(
                        out.models()
                            .iter()
                            .map(|j| found_item(j.model_name(), None, secs(j.creation_time()))),
                    );
                    out.next_token().map(str::to_string)
                }
                ResourceKind::ComprehendClassifier | ResourceKind::ComprehendEndpoint => None,
            };
            token = next;
            if token.is_none() {
                break;
            }
        }
        Ok(found)
    }

    /// Comprehend deletes by ARN: the one whose name is `name`.
    async fn remove_comprehend(&self, kind: ResourceKind, name: &str) -> CloudResult<()> {
        let cp = &self.comprehend;
        if kind == ResourceKind::ComprehendEndpoint {
            let out = cp
                .list_endpoints()
                .send()
                .await
                .map_err(|e| self.error(e, "comprehend:ListEndpoints"))?;
            if let Some(arn) = out
                .endpoint_properties_list()
                .iter()
                .filter_map(|e| e.endpoint_arn())
                .find(|arn| comprehend_name(arn) == name)
            {
                cp.delete_endpoint()
                    .endpoint_arn(arn)
                    .send()
                    .await
                    .map_err(|e| self.error(e, "comprehend:DeleteEndpoint"))?;
            }
        } else {
            let out = cp
                .list_document_classifiers()
                .send()
                .await
                .map_err(|e| self.error(e, "comprehend:ListDocumentClassifiers"))?;
            if let Some(arn) = out
                .document_classifier_properties_list()
                .iter()
                .filter_map(|c| c.document_classifier_arn())
                .find(|arn| comprehend_name(arn) == name)
            {
                cp.delete_document_classifier()
                    .document_classifier_arn(arn)
                    .send()
                    .await
                    .map_err(|e| self.error(e, "comprehend:DeleteDocumentClassifier"))?;
            }
        }
        Ok(())
    }

    async fn find_comprehend(&self, kind: ResourceKind, prefix: &str) -> CloudResult<Vec<Found>> {
        let cp = &self.comprehend;
        let mut found = vec![];
        let mut token: Option<String> = None;
        for _ in 0..MAX_PAGES {
            token = if kind == ResourceKind::ComprehendClassifier {
                let out = cp
                    .list_document_classifiers()
                    .set_next_token(token.clone())
                    .send()
                    .await
                    .map_err(|e| self.error(e, "comprehend:ListDocumentClassifiers"))?;
                found.extend(
                    out.document_classifier_properties_list()
                        .iter()
                        .map(|c| Found {
                            kind,
                            name: comprehend_name(c.document_classifier_arn().unwrap_or_default()),
                            status: c.status().map(|s| s.as_str().to_string()),
                            created: c.submit_time().map_or(0.0, |t| t.as_secs_f64()),
                        }),
                );
                out.next_token().map(str::to_string)
            } else {
                let out = cp
                    .list_endpoints()
                    .set_next_token(token.clone())
                    .send()
                    .await
                    .map_err(|e| self.error(e, "comprehend:ListEndpoints"))?;
                found.extend(out.endpoint_properties_list().iter().map(|c| Found {
                    kind,
                    name: comprehend_name(c.endpoint_arn().unwrap_or_default()),
                    status: c.status().map(|s| s.as_str().to_string()),
                    created: c.creation_time().map_or(0.0, |t| t.as_secs_f64()),
                }));
                out.next_token().map(str::to_string)
            };
            if token.is_none() {
                break;
            }
        }
        let _ = prefix;
        Ok(found)
    }
}

/// The error code in an XML (`<Code>X</Code>`) or JSON (`"__type":"X"`) error body.
fn code_in_body(body: &str) -> Option<String> {
    if let Some(start) = body.find("<Code>") {
        let rest = &body[start + 6..];
        return rest.find("</Code>").map(|end| rest[..end].to_string());
    }
    let start = body.find("\"__type\"")?;
    let rest = &body[start + 8..];
    let open = rest.find('"')? + 1;
    let close = rest[open..].find('"')? + open;
    // JSON error types may carry a namespace: "com.amazon...#ThrottlingException".
    Some(
        rest[open..close]
            .rsplit('#')
            .next()
            .unwrap_or_default()
            .to_string(),
    )
}

fn not_found(e: &CloudError) -> bool {
    matches!(e, CloudError::Invalid(m) if m.contains("does not exist") || m.contains("RecordNotFound") || m.contains("not found"))
}

#[async_trait]
impl Cloud for Aws {
    fn backend(&self) -> Backend {
        Backend::Aws {
            account: None,
            region: self.region.clone(),
        }
    }

    fn poll_interval(&self) -> Duration {
        POLL_INTERVAL
    }

    fn now(&self) -> f64 {
        super::wall_clock()
    }

    async fn account(&self) -> CloudResult<Option<String>> {
        let out = self
            .sts
            .get_caller_identity()
            .send()
            .await
            .map_err(|e| self.error(e, "sts:GetCallerIdentity"))?;
        Ok(out.account().map(str::to_string))
    }

    async fn create_stack(&self, req: CreateStack) -> CloudResult<()> {
        let mut call = self
            .cfn
            .create_stack()
            .stack_name(&req.name)
            .template_body(&req.template_body);
        for (k, v) in &req.parameters {
            call = call.parameters(
                Parameter::builder()
                    .parameter_key(k)
                    .parameter_value(v)
                    .build(),
            );
        }
        for c in &req.capabilities {
            call = call.capabilities(Capability::from(c.as_str()));
        }
        for (k, v) in &req.tags {
            call = call.tags(Tag::builder().key(k).value(v).build());
        }
        call.send()
            .await
            .map_err(|e| self.error(e, "cloudformation:CreateStack"))
            .map_err(|e| match e {
                CloudError::AlreadyExists { .. } => CloudError::AlreadyExists {
                    name: req.name.clone(),
                },
                other => other,
            })?;
        Ok(())
    }

    async fn delete_stack(&self, name: &str) -> CloudResult<()> {
        self.cfn
            .delete_stack()
            .stack_name(name)
            .send()
            .await
            .map_err(|e| self.error(e, "cloudformation:DeleteStack"))?;
        Ok(())
    }

    async fn describe_stack(&self, name: &str) -> CloudResult<Option<StackInfo>> {
        let out = match self.cfn.describe_stacks().stack_name(name).send().await {
            Ok(out) => out,
            Err(e) => {
                let e = self.error(e, "cloudformation:DescribeStacks");
                return if not_found(&e) { Ok(None) } else { Err(e) };
            }
        };
        let Some(s) = out.stacks().first() else {
            return Ok(None);
        };
        let status = s
            .stack_status()
            .map(|s| s.as_str().to_string())
            .unwrap_or_default();
        if status == "DELETE_COMPLETE" {
            return Ok(None);
        }
        Ok(Some(StackInfo {
            name: s.stack_name().unwrap_or(name).to_string(),
            status,
            reason: s.stack_status_reason().map(str::to_string),
            outputs: s
                .outputs()
                .iter()
                .map(|o| {
                    (
                        o.output_key().unwrap_or_default().to_string(),
                        o.output_value().unwrap_or_default().to_string(),
                    )
                })
                .collect(),
        }))
    }

    async fn stack_events(&self, name: &str, after: Option<&str>) -> CloudResult<Vec<StackEvent>> {
        // Newest first from AWS; stop paging at the last event already seen.
        let mut events = vec![];
        let mut token: Option<String> = None;
        'pages: loop {
            let out = match self
                .cfn
                .describe_stack_events()
                .stack_name(name)
                .set_next_token(token.clone())
                .send()
                .await
            {
                Ok(out) => out,
                Err(e) => {
                    let e = self.error(e, "cloudformation:DescribeStackEvents");
                    return if not_found(&e) { Ok(vec![]) } else { Err(e) };
                }
            };
            for e in out.stack_events() {
                let id = e.event_id().unwrap_or_default().to_string();
                if after == Some(id.as_str()) {
                    break 'pages;
                }
                events.push(StackEvent {
                    id,
                    logical_id: e.logical_resource_id().unwrap_or_default().to_string(),
                    kind: e.resource_type().unwrap_or_default().to_string(),
                    status: e
                        .resource_status()
                        .map(|s| s.as_str().to_string())
                        .unwrap_or_default(),
                    reason: e.resource_status_reason().map(str::to_string),
                    at: e.timestamp().map_or(0.0, |t| t.as_secs_f64()),
                });
            }
            token = out.next_token().map(str::to_string);
            if token.is_none() || after.is_none() && events.len() >= 500 {
                break;
            }
        }
        events.reverse();
        Ok(events)
    }

    async fn notebook(&self, name: &str) -> CloudResult<Option<NotebookInfo>> {
        match self
            .sagemaker
            .describe_notebook_instance()
            .notebook_instance_name(name)
            .send()
            .await
        {
            Ok(out) => Ok(Some(NotebookInfo {
                name: name.to_string(),
                status: out
                    .notebook_instance_status()
                    .map(|s| s.as_str().to_string())
                    .unwrap_or_default(),
                instance_type: out.instance_type().map(|t| t.as_str().to_string()),
            })),
            Err(e) => {
                let e = self.error(e, "sagemaker:DescribeNotebookInstance");
                if not_found(&e) { Ok(None) } else { Err(e) }
            }
        }
    }

    async fn start_notebook(&self, name: &str) -> CloudResult<()> {
        self.sagemaker
            .start_notebook_instance()
            .notebook_instance_name(name)
            .send()
            .await
            .map_err(|e| self.error(e, "sagemaker:StartNotebookInstance"))?;
        Ok(())
    }

    async fn stop_notebook(&self, name: &str) -> CloudResult<()> {
        self.sagemaker
            .stop_notebook_instance()
            .notebook_instance_name(name)
            .send()
            .await
            .map_err(|e| self.error(e, "sagemaker:StopNotebookInstance"))?;
        Ok(())
    }

    async fn notebook_url(&self, name: &str) -> CloudResult<String> {
        let out = self
            .sagemaker
            .create_presigned_notebook_instance_url()
            .notebook_instance_name(name)
            .session_expiration_duration_in_seconds(1800)
            .send()
            .await
            .map_err(|e| self.error(e, "sagemaker:CreatePresignedNotebookInstanceUrl"))?;
        out.authorized_url()
            .map(str::to_string)
            .ok_or_else(|| CloudError::Other("no URL in the answer".into()))
    }

    async fn bucket_exists(&self, bucket: &str) -> CloudResult<bool> {
        match self.s3.head_bucket().bucket(bucket).send().await {
            Ok(_) => Ok(true),
            Err(e) => match self.error(e, "s3:HeadBucket") {
                CloudError::NotFound { .. } => Ok(false),
                other => Err(other),
            },
        }
    }

    async fn list_objects(
        &self,
        bucket: &str,
        prefix: &str,
        limit: usize,
    ) -> CloudResult<Vec<String>> {
        let out = self
            .s3
            .list_objects_v2()
            .bucket(bucket)
            .prefix(prefix)
            .max_keys(limit.min(1000) as i32)
            .send()
            .await
            .map_err(|e| self.error(e, "s3:ListBucket"))?;
        Ok(out
            .contents()
            .iter()
            .filter_map(|o| o.key().map(str::to_string))
            .collect())
    }

    async fn probe_dataset(&self, uri: &str) -> CloudResult<DatasetAccess> {
        let Some((bucket, prefix)) = split_s3_uri(uri) else {
            return Err(CloudError::Invalid(format!("not an S3 address: {uri}")));
        };
        match self.list_objects(bucket, prefix, 1000).await {
            Ok(keys) if keys.is_empty() => Ok(DatasetAccess::Empty),
            Ok(keys) => Ok(DatasetAccess::Readable {
                objects: keys.len(),
            }),
            Err(CloudError::AccessDenied { .. }) => Ok(DatasetAccess::Forbidden),
            Err(CloudError::NotFound { .. }) => Ok(DatasetAccess::Missing),
            Err(e) => Err(e),
        }
    }

    async fn service_quota(
        &self,
        service_code: &str,
        quota_name: &str,
    ) -> CloudResult<Option<f64>> {
        let wanted = quota_name.to_ascii_lowercase();
        let mut token: Option<String> = None;
        for _ in 0..MAX_PAGES * 4 {
            let out = match self
                .quotas
                .list_service_quotas()
                .service_code(service_code)
                .set_next_token(token.clone())
                .send()
                .await
            {
                Ok(out) => out,
                Err(e) => {
                    return match self.error(e, "servicequotas:ListServiceQuotas") {
                        CloudError::NotFound { .. } => Ok(None),
                        other => Err(other),
                    };
                }
            };
            let hit = out.quotas().iter().find(|q| {
                q.quota_name()
                    .is_some_and(|n| n.to_ascii_lowercase() == wanted)
            });
            if let Some(q) = hit {
                return Ok(q.value());
            }
            token = out.next_token().map(str::to_string);
            if token.is_none() {
                break;
            }
        }
        Ok(None)
    }

    async fn find(&self, kind: ResourceKind, prefix: &str) -> CloudResult<Vec<Found>> {
        let mut found = match kind {
            ResourceKind::ComprehendClassifier | ResourceKind::ComprehendEndpoint => {
                self.find_comprehend(kind, prefix).await?
            }
            _ => self.find_sagemaker(kind, prefix).await?,
        };
        found.retain(|f| f.name.starts_with(prefix));
        found.sort_by(|a, b| b.created.total_cmp(&a.created));
        Ok(found)
    }

    async fn deploy_endpoint(&self, req: Deploy) -> CloudResult<()> {
        use aws_sdk_sagemaker::types::{
            ContainerDefinition, ProductionVariant, ProductionVariantInstanceType, Tag as SmTag,
        };
        let job = self
            .find(ResourceKind::TrainingJob, &req.job_prefix)
            .await?
            .into_iter()
            .find(|j| j.status.as_deref() == Some("Completed"))
            .ok_or_else(|| CloudError::NotFound {
                what: format!("{}* (Completed)", req.job_prefix),
            })?;
        let d = self
            .sagemaker
            .describe_training_job()
            .training_job_name(&job.name)
            .send()
            .await
            .map_err(|e| self.error(e, "sagemaker:DescribeTrainingJob"))?;
        let model_data = d
            .model_artifacts()
            .and_then(|m| m.s3_model_artifacts())
            .ok_or_else(|| CloudError::Invalid(format!("{} has no model artifacts", job.name)))?;
        let training_image = d
            .algorithm_specification()
            .and_then(|a| a.training_image())
            .unwrap_or_default();
        let role = d.role_arn().unwrap_or_default();
        let tags: Vec<SmTag> = req
            .tags
            .iter()
            .map(|(k, v)| SmTag::builder().key(k).value(v).build())
            .collect();
        match self
            .sagemaker
            .create_model()
            .model_name(&job.name)
            .primary_container(
                ContainerDefinition::builder()
                    .image(inference_image(training_image))
                    .model_data_url(model_data)
                    .build(),
            )
            .execution_role_arn(role)
            .set_tags(Some(tags.clone()))
            .send()
            .await
            .map_err(|e| self.error(e, "sagemaker:CreateModel"))
        {
            // Deployed before: the model is there already.
            Ok(_) | Err(CloudError::AlreadyExists { .. }) => {}
            Err(CloudError::Invalid(m)) if m.contains("already exist") => {}
            Err(e) => return Err(e),
        }
        let variant = ProductionVariant::builder()
            .variant_name("AllTraffic")
            .model_name(&job.name)
            .initial_instance_count(1)
            .instance_type(ProductionVariantInstanceType::from(
                req.instance_type.as_str(),
            ))
            .build();
        self.sagemaker
            .create_endpoint_config()
            .endpoint_config_name(&req.endpoint)
            .production_variants(variant)
            .set_tags(Some(tags.clone()))
            .send()
            .await
            .map_err(|e| self.error(e, "sagemaker:CreateEndpointConfig"))?;
        self.sagemaker
            .create_endpoint()
            .endpoint_name(&req.endpoint)
            .endpoint_config_name(&req.endpoint)
            .set_tags(Some(tags))
            .send()
            .await
            .map_err(|e| self.error(e, "sagemaker:CreateEndpoint"))?;
        Ok(())
    }

    async fn start(&self, req: Start) -> CloudResult<()> {
        match req {
            Start::AutoMl {
                name,
                input_uri,
                output_uri,
                target,
                role_arn,
            } => {
                use aws_sdk_sagemaker::types::{
                    AutoMlChannelType, AutoMlDataSource, AutoMlJobChannel,
                    AutoMlJobCompletionCriteria, AutoMlOutputDataConfig, AutoMlProblemTypeConfig,
                    AutoMls3DataSource, AutoMls3DataType, ProblemType, TabularJobConfig,
                };
                // The lab's limits: three candidates, ten minutes each, an hour in all.
                let tabular = TabularJobConfig::builder()
                    .target_attribute_name(target)
                    .problem_type(ProblemType::MulticlassClassification)
                    .completion_criteria(
                        AutoMlJobCompletionCriteria::builder()
                            .max_candidates(3)
                            .max_runtime_per_training_job_in_seconds(600)
                            .max_auto_ml_job_runtime_in_seconds(3600)
                            .build(),
                    )
                    .build();
                let source = AutoMlDataSource::builder()
                    .s3_data_source(
                        AutoMls3DataSource::builder()
                            .s3_data_type(AutoMls3DataType::S3Prefix)
                            .s3_uri(input_uri)
                            .build(),
                    )
                    .build();
                self.sagemaker
                    .create_auto_ml_job_v2()
                    .auto_ml_job_name(name)
                    .auto_ml_job_input_data_config(
                        AutoMlJobChannel::builder()
                            .channel_type(AutoMlChannelType::Training)
                            .data_source(source)
                            .build(),
                    )
                    .output_data_config(
                        AutoMlOutputDataConfig::builder()
                            .s3_output_path(output_uri)
                            .build(),
                    )
                    .auto_ml_problem_type_config(AutoMlProblemTypeConfig::TabularJobConfig(tabular))
                    .role_arn(role_arn)
                    .send()
                    .await
                    .map_err(|e| self.error(e, "sagemaker:CreateAutoMLJobV2"))?;
            }
            Start::Classifier {
                name,
                input_uri,
                role_arn,
            } => {
                use aws_sdk_comprehend::types::{DocumentClassifierInputDataConfig, LanguageCode};
                self.comprehend
                    .create_document_classifier()
                    .document_classifier_name(name)
                    .data_access_role_arn(role_arn)
                    .input_data_config(
                        DocumentClassifierInputDataConfig::builder()
                            .s3_uri(input_uri)
                            .build(),
                    )
                    .language_code(LanguageCode::En)
                    .send()
                    .await
                    .map_err(|e| self.error(e, "comprehend:CreateDocumentClassifier"))?;
            }
            Start::ComprehendEndpoint {
                name,
                classifier_prefix,
                inference_units,
            } => {
                let out = self
                    .comprehend
                    .list_document_classifiers()
                    .send()
                    .await
                    .map_err(|e| self.error(e, "comprehend:ListDocumentClassifiers"))?;
                let mut trained: Vec<_> = out
                    .document_classifier_properties_list()
                    .iter()
                    .filter(|c| {
                        comprehend_name(c.document_classifier_arn().unwrap_or_default())
                            .starts_with(&classifier_prefix)
                    })
                    .filter(|c| {
                        c.status().is_some_and(|s| {
                            ResourceKind::ComprehendClassifier
                                .status_satisfies(s.as_str(), "TRAINED")
                        })
                    })
                    .collect();
                trained.sort_by(|a, b| {
                    let t = |c: &&aws_sdk_comprehend::types::DocumentClassifierProperties| {
                        c.submit_time().map_or(0.0, |t| t.as_secs_f64())
                    };
                    t(b).total_cmp(&t(a))
                });
                let model = trained
                    .first()
                    .and_then(|c| c.document_classifier_arn())
                    .ok_or_else(|| CloudError::NotFound {
                        what: format!("{classifier_prefix}* (TRAINED)"),
                    })?;
                self.comprehend
                    .create_endpoint()
                    .endpoint_name(name)
                    .model_arn(model)
                    .desired_inference_units(inference_units)
                    .send()
                    .await
                    .map_err(|e| self.error(e, "comprehend:CreateEndpoint"))?;
            }
        }
        Ok(())
    }

    async fn canary(&self, endpoint_prefix: &str, stage: CanaryStage) -> CloudResult<String> {
        use aws_sdk_sagemaker::types::{DesiredWeightAndCapacity, ProductionVariant};
        let endpoint = self
            .find(ResourceKind::Endpoint, endpoint_prefix)
            .await?
            .into_iter()
            .next()
            .ok_or_else(|| CloudError::NotFound {
                what: format!("{endpoint_prefix}*"),
            })?
            .name;
        let current = self
            .sagemaker
            .describe_endpoint()
            .endpoint_name(&endpoint)
            .send()
            .await
            .map_err(|e| self.error(e, "sagemaker:DescribeEndpoint"))?;
        let config_name = current
            .endpoint_config_name()
            .unwrap_or_default()
            .to_string();
        let config = self
            .sagemaker
            .describe_endpoint_config()
            .endpoint_config_name(&config_name)
            .send()
            .await
            .map_err(|e| self.error(e, "sagemaker:DescribeEndpointConfig"))?;
        let first = config
            .production_variants()
            .first()
            .ok_or_else(|| CloudError::Invalid(format!("{config_name} has no variant")))?;
        let variant = |name: &str, weight: f32| {
            ProductionVariant::builder()
                .variant_name(name)
                .model_name(first.model_name().unwrap_or_default())
                .initial_instance_count(first.initial_instance_count().unwrap_or(1))
                .set_instance_type(first.instance_type().cloned())
                .initial_variant_weight(weight)
                .build()
        };
        let new_config =
            |suffix: &str| format!("{endpoint}-{suffix}-{}", super::wall_clock() as u64);
        match stage {
            CanaryStage::Split | CanaryStage::Single => {
                let (name, variants) = if stage == CanaryStage::Split {
                    (
                        new_config("ab"),
                        vec![variant("VariantA", 50.0), variant("VariantB", 50.0)],
                    )
                } else {
                    (new_config("b"), vec![variant("VariantB", 100.0)])
                };
                self.sagemaker
                    .create_endpoint_config()
                    .endpoint_config_name(&name)
                    .set_production_variants(Some(variants))
                    .send()
                    .await
                    .map_err(|e| self.error(e, "sagemaker:CreateEndpointConfig"))?;
                self.sagemaker
                    .update_endpoint()
                    .endpoint_name(&endpoint)
                    .endpoint_config_name(&name)
                    .send()
                    .await
                    .map_err(|e| self.error(e, "sagemaker:UpdateEndpoint"))?;
            }
            CanaryStage::Shift => {
                let weight = |name: &str, w: f32| {
                    DesiredWeightAndCapacity::builder()
                        .variant_name(name)
                        .desired_weight(w)
                        .build()
                };
                self.sagemaker
                    .update_endpoint_weights_and_capacities()
                    .endpoint_name(&endpoint)
                    .desired_weights_and_capacities(weight("VariantA", 100.0))
                    .desired_weights_and_capacities(weight("VariantB", 0.0))
                    .send()
                    .await
                    .map_err(|e| self.error(e, "sagemaker:UpdateEndpointWeightsAndCapacities"))?;
            }
        }
        Ok(endpoint)
    }

    async fn endpoint_instances(&self, name: &str) -> CloudResult<Vec<(String, i32)>> {
        let endpoint = self
            .sagemaker
            .describe_endpoint()
            .endpoint_name(name)
            .send()
            .await
            .map_err(|e| self.error(e, "sagemaker:DescribeEndpoint"))?;
        let config = self
            .sagemaker
            .describe_endpoint_config()
            .endpoint_config_name(endpoint.endpoint_config_name().unwrap_or_default())
            .send()
            .await
            .map_err(|e| self.error(e, "sagemaker:DescribeEndpointConfig"))?;
        Ok(config
            .production_variants()
            .iter()
            .map(|v| {
                (
                    v.instance_type()
                        .map(|t| t.as_str().to_string())
                        .unwrap_or_default(),
                    v.initial_instance_count().unwrap_or(1),
                )
            })
            .collect())
    }

    async fn remove(&self, kind: ResourceKind, name: &str) -> CloudResult<()> {
        let sm = &self.sagemaker;
        let result = match kind {
            ResourceKind::TrainingJob => sm
                .stop_training_job()
                .training_job_name(name)
                .send()
                .await
                .map(|_| ())
                .map_err(|e| self.error(e, "sagemaker:StopTrainingJob")),
            ResourceKind::ProcessingJob => sm
                .stop_processing_job()
                .processing_job_name(name)
                .send()
                .await
                .map(|_| ())
                .map_err(|e| self.error(e, "sagemaker:StopProcessingJob")),
            ResourceKind::AutoMlJob => sm
                .stop_auto_ml_job()
                .auto_ml_job_name(name)
                .send()
                .await
                .map(|_| ())
                .map_err(|e| self.error(e, "sagemaker:StopAutoMLJob")),
            ResourceKind::Endpoint => sm
                .delete_endpoint()
                .endpoint_name(name)
                .send()
                .await
                .map(|_| ())
                .map_err(|e| self.error(e, "sagemaker:DeleteEndpoint")),
            ResourceKind::EndpointConfig => sm
                .delete_endpoint_config()
                .endpoint_config_name(name)
                .send()
                .await
                .map(|_| ())
                .map_err(|e| self.error(e, "sagemaker:DeleteEndpointConfig")),
            ResourceKind::Model => sm
                .delete_model()
                .model_name(name)
                .send()
                .await
                .map(|_| ())
                .map_err(|e| self.error(e, "sagemaker:DeleteModel")),
            ResourceKind::ComprehendEndpoint | ResourceKind::ComprehendClassifier => {
                self.remove_comprehend(kind, name).await
            }
        };
        match result {
            Err(CloudError::NotFound { .. }) => Ok(()),
            Err(CloudError::Invalid(m))
                if m.contains("Could not find") || m.contains("does not exist") =>
            {
                Ok(())
            }
            other => other,
        }
    }

    async fn role_exists(&self, name: &str) -> CloudResult<bool> {
        match self.iam.get_role().role_name(name).send().await {
            Ok(_) => Ok(true),
            Err(e) => match self.error(e, "iam:GetRole") {
                CloudError::NotFound { .. } => Ok(false),
                other => Err(other),
            },
        }
    }

    async fn delete_role(&self, name: &str) -> CloudResult<()> {
        let iam = &self.iam;
        let inline = iam
            .list_role_policies()
            .role_name(name)
            .send()
            .await
            .map_err(|e| self.error(e, "iam:ListRolePolicies"))?;
        for policy in inline.policy_names() {
            iam.delete_role_policy()
                .role_name(name)
                .policy_name(policy)
                .send()
                .await
                .map_err(|e| self.error(e, "iam:DeleteRolePolicy"))?;
        }
        let attached = iam
            .list_attached_role_policies()
            .role_name(name)
            .send()
            .await
            .map_err(|e| self.error(e, "iam:ListAttachedRolePolicies"))?;
        for policy in attached.attached_policies() {
            iam.detach_role_policy()
                .role_name(name)
                .set_policy_arn(policy.policy_arn().map(str::to_string))
                .send()
                .await
                .map_err(|e| self.error(e, "iam:DetachRolePolicy"))?;
        }
        match iam.delete_role().role_name(name).send().await {
            Ok(_) => Ok(()),
            Err(e) => match self.error(e, "iam:DeleteRole") {
                CloudError::NotFound { .. } => Ok(()),
                other => Err(other),
            },
        }
    }

    async fn glue_database_exists(&self, name: &str) -> CloudResult<bool> {
        match self.glue.get_database().name(name).send().await {
            Ok(_) => Ok(true),
            Err(e) => match self.error(e, "glue:GetDatabase") {
                CloudError::NotFound { .. } => Ok(false),
                other => Err(other),
            },
        }
    }

    async fn delete_glue_database(&self, name: &str) -> CloudResult<()> {
        // Glue deletes the database's tables with it.
        match self.glue.delete_database().name(name).send().await {
            Ok(_) => Ok(()),
            Err(e) => match self.error(e, "glue:DeleteDatabase") {
                CloudError::NotFound { .. } => Ok(()),
                other => Err(other),
            },
        }
    }

    async fn delete_objects(&self, bucket: &str, prefix: &str) -> CloudResult<usize> {
        use aws_sdk_s3::types::{Delete, ObjectIdentifier};
        let mut deleted = 0;
        loop {
            // Versions and delete markers too: a versioned bucket is only empty without them.
            let page = match self
                .s3
                .list_object_versions()
                .bucket(bucket)
                .prefix(prefix)
                .max_keys(1000)
                .send()
                .await
            {
                Ok(page) => page,
                Err(e) => match self.error(e, "s3:ListBucketVersions") {
                    CloudError::NotFound { .. } => return Ok(deleted),
                    other => return Err(other),
                },
            };
            let ids: Vec<ObjectIdentifier> = page
                .versions()
                .iter()
                .map(|v| (v.key(), v.version_id()))
                .chain(
                    page.delete_markers()
                        .iter()
                        .map(|m| (m.key(), m.version_id())),
                )
                .filter_map(|(key, version)| {
                    ObjectIdentifier::builder()
                        .set_key(key.map(str::to_string))
                        .set_version_id(version.filter(|v| *v != "null").map(str::to_string))
                        .build()
                        .ok()
                })
                .collect();
            if ids.is_empty() {
                return Ok(deleted);
            }
            let count = ids.len();
            let delete = Delete::builder()
                .set_objects(Some(ids))
                .quiet(true)
                .build()
                .map_err(|e| CloudError::Invalid(e.to_string()))?;
            self.s3
                .delete_objects()
                .bucket(bucket)
                .delete(delete)
                .send()
                .await
                .map_err(|e| self.error(e, "s3:DeleteObject"))?;
            deleted += count;
        }
    }

    async fn delete_bucket(&self, bucket: &str) -> CloudResult<()> {
        match self.s3.delete_bucket().bucket(bucket).send().await {
            Ok(_) => Ok(()),
            Err(e) => match self.error(e, "s3:DeleteBucket") {
                CloudError::NotFound { .. } => Ok(()),
                other => Err(other),
            },
        }
    }

    async fn log_groups(&self, prefix: &str) -> CloudResult<Vec<(String, u64)>> {
        let mut groups = vec![];
        let mut token: Option<String> = None;
        for _ in 0..MAX_PAGES {
            let out = self
                .logs
                .describe_log_groups()
                .log_group_name_prefix(prefix)
                .set_next_token(token.clone())
                .send()
                .await
                .map_err(|e| self.error(e, "logs:DescribeLogGroups"))?;
            groups.extend(out.log_groups().iter().map(|g| {
                (
                    g.log_group_name().unwrap_or_default().to_string(),
                    g.stored_bytes().unwrap_or(0).max(0) as u64,
                )
            }));
            token = out.next_token().map(str::to_string);
            if token.is_none() {
                break;
            }
        }
        Ok(groups)
    }

    async fn simulate_notebook(&self, _notebook_step: &str) -> CloudResult<Vec<Found>> {
        Err(CloudError::Invalid(
            "only the simulated AWS plays notebook steps".into(),
        ))
    }

    async fn describe(&self, kind: ResourceKind, name: &str) -> CloudResult<Option<Detail>> {
        self.describe_detail(kind, name).await
    }

    async fn metric_data(
        &self,
        queries: &[MetricQuery],
        start: f64,
        end: f64,
    ) -> CloudResult<Vec<Series>> {
        self.get_metric_data(queries, start, end).await
    }

    async fn log_streams(&self, group: &str, prefix: &str) -> CloudResult<Vec<String>> {
        self.describe_log_streams(group, prefix).await
    }

    async fn log_events(
        &self,
        group: &str,
        stream: &str,
        token: Option<&str>,
    ) -> CloudResult<LogPage> {
        self.read_log_events(group, stream, token).await
    }
}

/// Connects on first use, so the first frame never waits for credential discovery (which
/// can probe the instance metadata service for seconds).
pub struct LazyAws {
    profile: Option<String>,
    region: Option<String>,
    cell: tokio::sync::OnceCell<Aws>,
}

impl LazyAws {
    pub fn new(profile: Option<String>, region: Option<String>) -> LazyAws {
        LazyAws {
            profile,
            region,
            cell: tokio::sync::OnceCell::new(),
        }
    }

    async fn get(&self) -> &Aws {
        self.cell
            .get_or_init(|| Aws::connect(self.profile.as_deref(), self.region.as_deref()))
            .await
    }
}

#[async_trait]
impl Cloud for LazyAws {
    fn backend(&self) -> Backend {
        let region = match self.cell.get() {
            Some(aws) => aws.region.clone(),
            None => self.region.clone().unwrap_or_else(|| {
                std::env::var("AWS_REGION")
                    .or_else(|_| std::env::var("AWS_DEFAULT_REGION"))
                    .unwrap_or_else(|_| DEFAULT_REGION.to_string())
            }),
        };
        Backend::Aws {
            account: None,
            region,
        }
    }
    fn poll_interval(&self) -> Duration {
        POLL_INTERVAL
    }
    fn now(&self) -> f64 {
        super::wall_clock()
    }
    async fn account(&self) -> CloudResult<Option<String>> {
        self.get().await.account().await
    }
    async fn create_stack(&self, req: CreateStack) -> CloudResult<()> {
        self.get().await.create_stack(req).await
    }
    async fn delete_stack(&self, name: &str) -> CloudResult<()> {
        self.get().await.delete_stack(name).await
    }
    async fn describe_stack(&self, name: &str) -> CloudResult<Option<StackInfo>> {
        self.get().await.describe_stack(name).await
    }
    async fn stack_events(&self, name: &str, after: Option<&str>) -> CloudResult<Vec<StackEvent>> {
        self.get().await.stack_events(name, after).await
    }
    async fn notebook(&self, name: &str) -> CloudResult<Option<NotebookInfo>> {
        self.get().await.notebook(name).await
    }
    async fn start_notebook(&self, name: &str) -> CloudResult<()> {
        self.get().await.start_notebook(name).await
    }
    async fn stop_notebook(&self, name: &str) -> CloudResult<()> {
        self.get().await.stop_notebook(name).await
    }
    async fn notebook_url(&self, name: &str) -> CloudResult<String> {
        self.get().await.notebook_url(name).await
    }
    async fn bucket_exists(&self, bucket: &str) -> CloudResult<bool> {
        self.get().await.bucket_exists(bucket).await
    }
    async fn list_objects(
        &self,
        bucket: &str,
        prefix: &str,
        limit: usize,
    ) -> CloudResult<Vec<String>> {
        self.get().await.list_objects(bucket, prefix, limit).await
    }
    async fn probe_dataset(&self, uri: &str) -> CloudResult<DatasetAccess> {
        self.get().await.probe_dataset(uri).await
    }
    async fn service_quota(
        &self,
        service_code: &str,
        quota_name: &str,
    ) -> CloudResult<Option<f64>> {
        self.get()
            .await
            .service_quota(service_code, quota_name)
            .await
    }
    async fn find(&self, kind: ResourceKind, prefix: &str) -> CloudResult<Vec<Found>> {
        self.get().await.find(kind, prefix).await
    }
    async fn deploy_endpoint(&self, req: Deploy) -> CloudResult<()> {
        self.get().await.deploy_endpoint(req).await
    }
    async fn simulate_notebook(&self, notebook_step: &str) -> CloudResult<Vec<Found>> {
        self.get().await.simulate_notebook(notebook_step).await
    }
    async fn start(&self, req: Start) -> CloudResult<()> {
        self.get().await.start(req).await
    }
    async fn canary(&self, endpoint_prefix: &str, stage: CanaryStage) -> CloudResult<String> {
        self.get().await.canary(endpoint_prefix, stage).await
    }
    async fn endpoint_instances(&self, name: &str) -> CloudResult<Vec<(String, i32)>> {
        self.get().await.endpoint_instances(name).await
    }
    async fn remove(&self, kind: ResourceKind, name: &str) -> CloudResult<()> {
        self.get().await.remove(kind, name).await
    }
    async fn role_exists(&self, name: &str) -> CloudResult<bool> {
        self.get().await.role_exists(name).await
    }
    async fn delete_role(&self, name: &str) -> CloudResult<()> {
        self.get().await.delete_role(name).await
    }
    async fn glue_database_exists(&self, name: &str) -> CloudResult<bool> {
        self.get().await.glue_database_exists(name).await
    }
    async fn delete_glue_database(&self, name: &str) -> CloudResult<()> {
        self.get().await.delete_glue_database(name).await
    }
    async fn delete_objects(&self, bucket: &str, prefix: &str) -> CloudResult<usize> {
        self.get().await.delete_objects(bucket, prefix).await
    }
    async fn delete_bucket(&self, bucket: &str) -> CloudResult<()> {
        self.get().await.delete_bucket(bucket).await
    }
    async fn log_groups(&self, prefix: &str) -> CloudResult<Vec<(String, u64)>> {
        self.get().await.log_groups(prefix).await
    }
    async fn describe(&self, kind: ResourceKind, name: &str) -> CloudResult<Option<Detail>> {
        self.get().await.describe(kind, name).await
    }
    async fn metric_data(
        &self,
        queries: &[MetricQuery],
        start: f64,
        end: f64,
    ) -> CloudResult<Vec<Series>> {
        self.get().await.metric_data(queries, start, end).await
    }
    async fn log_streams(&self, group: &str, prefix: &str) -> CloudResult<Vec<String>> {
        self.get().await.log_streams(group, prefix).await
    }
    async fn log_events(
        &self,
        group: &str,
        stream: &str,
        token: Option<&str>,
    ) -> CloudResult<LogPage> {
        self.get().await.log_events(group, stream, token).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_from_comprehend_arns() {
        let arn =
            "arn:aws:comprehend:us-east-1:123456789012:document-classifier/Reviews-1/version/v1";
        assert_eq!(comprehend_name(arn), "Reviews-1");
        let ep = "arn:aws:comprehend:us-east-1:123456789012:document-classifier-endpoint/ep-1";
        assert_eq!(comprehend_name(ep), "ep-1");
    }

    #[test]
    fn error_codes_in_bodies() {
        let xml = "<ErrorResponse><Error><Code>InvalidClientTokenId</Code></Error></ErrorResponse>";
        assert_eq!(code_in_body(xml).as_deref(), Some("InvalidClientTokenId"));
        let json = r#"{"__type":"com.amazonaws#ThrottlingException","message":"slow down"}"#;
        assert_eq!(code_in_body(json).as_deref(), Some("ThrottlingException"));
        assert_eq!(code_in_body("<html>oops</html>"), None);
    }
}
