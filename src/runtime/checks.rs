//! Verifying one check against the cloud.

use std::collections::BTreeMap;

use super::{cleanup, resolved, timed};
use crate::app::{Report, TaskStatus};
use crate::cloud::{Cloud, CloudError, DatasetAccess, ResourceKind};
use crate::workshop::{Check, Workshop};

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
            match timed(cloud, cloud.describe_stack(&stack))
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
            match timed(cloud, cloud.describe_stack(&stack))
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
            match timed(cloud, cloud.notebook(&notebook))
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
            match timed(cloud, cloud.probe_dataset(&uri))
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
            match timed(cloud, cloud.service_quota(service, &quota))
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
            if timed(cloud, cloud.bucket_exists(&bucket))
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
            match timed(cloud, cloud.list_objects(&bucket, &prefix, 1000)).await {
                Ok(keys) if !keys.is_empty() => Ok(Report::ObjectsFound { count: keys.len() }),
                Ok(_) => Err(Report::ObjectsMissing { bucket, prefix }),
                Err(CloudError::NotFound { .. }) => Err(Report::BucketMissing { bucket }),
                Err(e) => Err(Report::Cloud(e)),
            }
        }
        // Without the journal: what labguide made carries the learner's names and tags.
        C::NothingLeft(_) => nothing_left(cloud, workshop, vars, None).await,
        C::EndpointServesOnly(t) => serves_only(cloud, &t.name_prefix, &t.only).await,
        C::EndpointsGone(t) => endpoints_gone(cloud, &t.name_prefix).await,
    }
}

/// Every endpoint with the prefix, of both services, gone. One still `Deleting` counts as
/// left: it is gone when AWS no longer lists it.
async fn endpoints_gone(cloud: &dyn Cloud, prefix: &str) -> Result<Report, Report> {
    let mut left = vec![];
    for kind in [ResourceKind::Endpoint, ResourceKind::ComprehendEndpoint] {
        let found = timed(cloud, cloud.find(kind, prefix))
            .await
            .map_err(Report::Cloud)?;
        left.extend(found.into_iter().map(|r| match r.status {
            Some(status) => format!("{} ({status})", r.name),
            None => r.name,
        }));
    }
    if left.is_empty() {
        Ok(Report::EndpointsGone {
            prefix: prefix.to_string(),
        })
    } else {
        Err(Report::EndpointsLeft { names: left })
    }
}

/// The canary's end: in service, `only` the one variant left, and it has answered.
async fn serves_only(cloud: &dyn Cloud, prefix: &str, only: &str) -> Result<Report, Report> {
    let found = timed(cloud, cloud.find(ResourceKind::Endpoint, prefix))
        .await
        .map_err(Report::Cloud)?;
    let Some(newest) = found.into_iter().next() else {
        return Err(Report::ResourceMissing {
            kind: ResourceKind::Endpoint,
            prefix: prefix.to_string(),
        });
    };
    let detail = timed(cloud, cloud.describe(ResourceKind::Endpoint, &newest.name))
        .await
        .map_err(Report::Cloud)?
        .ok_or_else(|| Report::ResourceMissing {
            kind: ResourceKind::Endpoint,
            prefix: prefix.to_string(),
        })?;
    if detail.status != "InService" {
        return Err(Report::ResourceStatus {
            kind: ResourceKind::Endpoint,
            name: detail.name,
            status: detail.status,
            expected: "InService".into(),
        });
    }
    let variants: Vec<String> = detail.variants.iter().map(|v| v.name.clone()).collect();
    if variants != [only] {
        return Err(Report::VariantsLeft {
            endpoint: detail.name,
            only: only.to_string(),
            variants,
        });
    }
    // CloudWatch counts a variant's requests by endpoint and variant name, whatever
    // configuration served them: since the endpoint was made.
    let query = crate::cloud::MetricQuery {
        id: "served".into(),
        namespace: crate::cloud::live::ENDPOINT_NAMESPACE.into(),
        metric: "Invocations".into(),
        dimensions: vec![
            ("EndpointName".into(), detail.name.clone()),
            ("VariantName".into(), only.to_string()),
        ],
        stat: "Sum",
    };
    let series = timed(
        cloud,
        cloud.metric_data(&[query], detail.created, cloud.now()),
    )
    .await
    .map_err(Report::Cloud)?;
    let served: f64 = series
        .iter()
        .flat_map(|s| s.points.iter().map(|(_, v)| v))
        .sum();
    if served > 0.0 {
        Ok(Report::Matches {
            what: format!("{} {only}", detail.name),
            status: "InService".into(),
        })
    } else {
        Err(Report::VariantServedNothing {
            endpoint: detail.name,
            variant: only.to_string(),
        })
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
    let found = timed(cloud, cloud.find(kind, &prefix))
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

async fn nothing_left(
    cloud: &dyn Cloud,
    workshop: &Workshop,
    vars: &BTreeMap<String, String>,
    state_dir: Option<&std::path::Path>,
) -> Result<Report, Report> {
    let (scope, learner) = cleanup::learner_for(cloud, workshop, vars, state_dir)
        .await
        .map_err(Report::Cloud)?;
    let region = vars.get("region").cloned().unwrap_or_default();
    let left = cleanup::left_over(cloud, &scope, &learner, &workshop.prices, &region)
        .await
        .map_err(Report::Cloud)?;
    if left.is_empty() {
        Ok(Report::NothingLeft)
    } else {
        Err(Report::StillLeft {
            count: left.len(),
            names: left.into_iter().take(3).collect::<Vec<_>>().join(", "),
        })
    }
}
