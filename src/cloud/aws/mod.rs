//! The real AWS behind the `Cloud` trait, through the official SDK. Credentials and region
//! come from the standard chain (environment, profile, SSO, instance role); AWS_ENDPOINT_URL
//! is honoured, which is how the tests point it at a local emulator.

use std::time::Duration;

use async_trait::async_trait;
use aws_config::BehaviorVersion;
use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use aws_sdk_cloudformation::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};
use aws_sdk_cloudformation::types::{Capability, Parameter, Tag};

use super::{
    Backend, Cloud, CloudError, CloudResult, CreateStack, NotebookInfo, StackEvent, StackInfo,
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
}

impl Aws {
    pub async fn connect(profile: Option<&str>, region: Option<&str>) -> Aws {
        let mut loader = aws_config::defaults(BehaviorVersion::latest())
            .retry_config(RetryConfig::standard().with_max_attempts(3))
            .timeout_config(
                TimeoutConfig::builder()
                    .connect_timeout(Duration::from_secs(5))
                    .operation_attempt_timeout(Duration::from_secs(20))
                    .operation_timeout(Duration::from_secs(45))
                    .build(),
            );
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
        let region = conf
            .region()
            .map_or(DEFAULT_REGION.to_string(), |r| r.to_string());
        let endpoint =
            std::env::var("AWS_ENDPOINT_URL").unwrap_or_else(|_| format!("AWS ({region})"));
        Aws {
            region,
            endpoint,
            cfn: aws_sdk_cloudformation::Client::new(&conf),
            sagemaker: aws_sdk_sagemaker::Client::new(&conf),
            sts: aws_sdk_sts::Client::new(&conf),
        }
    }

    pub fn region(&self) -> &str {
        &self.region
    }

    fn error<E, R>(&self, e: SdkError<E, R>, action: &str) -> CloudError
    where
        E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
        R: std::fmt::Debug + Send + Sync + 'static,
    {
        classify(e, action, &self.endpoint)
    }
}

/// Turns an SDK error into what it means for the learner.
pub fn classify<E, R>(e: SdkError<E, R>, action: &str, endpoint: &str) -> CloudError
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
    R: std::fmt::Debug + Send + Sync + 'static,
{
    let code = e.code().unwrap_or_default().to_string();
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
        | "TooManyRequestsException"
        | "RequestLimitExceeded" => CloudError::Throttled,
        "AlreadyExistsException" => CloudError::AlreadyExists { name: message },
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
        _ if !message.is_empty() => CloudError::Other(format!("{code}: {message}")),
        _ => CloudError::Other(full),
    }
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
}
