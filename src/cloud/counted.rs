//! A `Cloud` that counts the calls it passes on, by service and operation, so the debug
//! overlay can show what labguide asks of AWS each minute and the polling budget can be
//! measured rather than assumed. Its `Cloud` impl is written by the `cloud_trait!` macro
//! in `cloud/mod.rs`, from the operation each trait method names there.

use std::collections::{BTreeMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::time::Instant;

use super::{CanaryStage, Cloud, JobRequest, ResourceKind, Start};

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
    /// Counts one call of `op`; `UNCOUNTED` is no call to AWS.
    pub(super) fn record(&self, op: impl Into<Option<&'static str>>) {
        let Some(op) = op.into() else { return };
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
    pub(super) inner: Arc<dyn Cloud>,
    pub(super) log: CallLog,
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

/// What a trait method that makes no call to AWS counts as.
pub(super) const UNCOUNTED: Option<&str> = None;

/// The operation a `describe` of `kind` is on AWS.
pub(super) fn describe_op(kind: ResourceKind) -> &'static str {
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

pub(super) fn find_op(kind: ResourceKind) -> &'static str {
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

pub(super) fn remove_op(kind: ResourceKind) -> &'static str {
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

pub(super) fn start_op(req: &Start) -> &'static str {
    match req {
        Start::AutoMl { .. } => "sagemaker:CreateAutoMLJobV2",
        Start::Classifier { .. } => "comprehend:CreateDocumentClassifier",
        Start::ComprehendEndpoint { .. } => "comprehend:CreateEndpoint",
    }
}

pub(super) fn job_op(req: &JobRequest) -> &'static str {
    match req.kind {
        Some(ResourceKind::ProcessingJob) => "sagemaker:CreateProcessingJob",
        _ => "sagemaker:CreateTrainingJob",
    }
}

pub(super) fn canary_op(stage: CanaryStage) -> &'static str {
    match stage {
        CanaryStage::Shift => "sagemaker:UpdateEndpointWeightsAndCapacities",
        _ => "sagemaker:UpdateEndpoint",
    }
}
