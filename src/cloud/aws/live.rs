//! Live views on AWS: one Describe per resource, one batched GetMetricData, and log pages
//! read forward with GetLogEvents' token.

use aws_sdk_cloudwatch::primitives::DateTime;
use aws_sdk_cloudwatch::types::{Dimension, Metric, MetricDataQuery, MetricStat};

use super::{Aws, comprehend_name, secs};
use crate::cloud::live::{
    Candidate, Detail, LogPage, MetricQuery, Rule, Series, Transition, Variant,
};
use crate::cloud::{CloudError, CloudResult, ResourceKind};

/// At most this many Autopilot candidates are listed, best first.
const CANDIDATES: i32 = 10;

fn opt_secs(t: Option<&DateTime>) -> Option<f64> {
    t.map(DateTime::as_secs_f64)
}

/// A missing resource answers ValidationException or ResourceNotFound: both mean "gone".
fn gone(e: &CloudError) -> bool {
    match e {
        CloudError::NotFound { .. } => true,
        CloudError::Invalid(m) | CloudError::Other(m) => {
            m.contains("not found") || m.contains("does not exist") || m.contains("Could not find")
        }
        _ => false,
    }
}

impl Aws {
    pub(super) async fn describe_detail(
        &self,
        kind: ResourceKind,
        name: &str,
    ) -> CloudResult<Option<Detail>> {
        let result = match kind {
            ResourceKind::TrainingJob => self.describe_training(name).await,
            ResourceKind::ProcessingJob => self.describe_processing(name).await,
            ResourceKind::AutoMlJob => self.describe_automl(name).await,
            ResourceKind::Endpoint => self.describe_endpoint(name).await,
            ResourceKind::ComprehendClassifier => return self.describe_classifier(name).await,
            ResourceKind::ComprehendEndpoint => {
                return self.describe_comprehend_endpoint(name).await;
            }
            ResourceKind::EndpointConfig | ResourceKind::Model => {
                return Ok(None);
            }
        };
        match result {
            Ok(d) => Ok(Some(d)),
            Err(e) if gone(&e) => Ok(None),
            Err(e) => Err(e),
        }
    }

    async fn describe_training(&self, name: &str) -> CloudResult<Detail> {
        let out = self
            .sagemaker
            .describe_training_job()
            .training_job_name(name)
            .send()
            .await
            .map_err(|e| self.error(e, "sagemaker:DescribeTrainingJob"))?;
        let resources = out.resource_config();
        let rules = out
            .debug_rule_evaluation_statuses()
            .iter()
            .map(|r| (r.rule_configuration_name(), r.rule_evaluation_status()))
            .chain(
                out.profiler_rule_evaluation_statuses()
                    .iter()
                    .map(|r| (r.rule_configuration_name(), r.rule_evaluation_status())),
            )
            .map(|(name, status)| Rule {
                name: name.unwrap_or_default().to_string(),
                status: status.map(|s| s.as_str().to_string()).unwrap_or_default(),
            })
            .collect();
        Ok(Detail {
            name: name.to_string(),
            status: out
                .training_job_status()
                .map(|s| s.as_str().to_string())
                .unwrap_or_default(),
            secondary: out.secondary_status().map(|s| s.as_str().to_string()),
            transitions: out
                .secondary_status_transitions()
                .iter()
                .map(|t| Transition {
                    status: t
                        .status()
                        .map(|s| s.as_str().to_string())
                        .unwrap_or_default(),
                    start: secs(t.start_time()),
                    end: opt_secs(t.end_time()),
                    message: t.status_message().map(str::to_string),
                })
                .collect(),
            created: secs(out.creation_time()),
            ended: opt_secs(out.training_end_time()),
            instance_type: resources
                .and_then(|r| r.instance_type())
                .map(|t| t.as_str().to_string()),
            instance_count: resources
                .and_then(|r| r.instance_count())
                .map_or(1, |c| c.max(1) as u32),
            billable_seconds: out.billable_time_in_seconds().map(f64::from),
            metric_definitions: out
                .algorithm_specification()
                .map(|a| {
                    a.metric_definitions()
                        .iter()
                        .filter_map(|m| Some((m.name()?.to_string(), m.regex()?.to_string())))
                        .collect()
                })
                .unwrap_or_default(),
            final_metrics: out
                .final_metric_data_list()
                .iter()
                .filter_map(|m| Some((m.metric_name()?.to_string(), f64::from(m.value()?))))
                .collect(),
            rules,
            failure: out.failure_reason().map(str::to_string),
            ..Detail::default()
        })
    }

    async fn describe_processing(&self, name: &str) -> CloudResult<Detail> {
        let out = self
            .sagemaker
            .describe_processing_job()
            .processing_job_name(name)
            .send()
            .await
            .map_err(|e| self.error(e, "sagemaker:DescribeProcessingJob"))?;
        let cluster = out.processing_resources().and_then(|r| r.cluster_config());
        Ok(Detail {
            name: name.to_string(),
            status: out
                .processing_job_status()
                .map(|s| s.as_str().to_string())
                .unwrap_or_default(),
            created: secs(out.creation_time()),
            ended: opt_secs(out.processing_end_time()),
            instance_type: cluster
                .and_then(|c| c.instance_type())
                .map(|t| t.as_str().to_string()),
            instance_count: cluster
                .and_then(|c| c.instance_count())
                .map_or(1, |c| c.max(1) as u32),
            failure: out.failure_reason().map(str::to_string),
            ..Detail::default()
        })
    }

    async fn describe_automl(&self, name: &str) -> CloudResult<Detail> {
        let out = self
            .sagemaker
            .describe_auto_ml_job_v2()
            .auto_ml_job_name(name)
            .send()
            .await
            .map_err(|e| self.error(e, "sagemaker:DescribeAutoMLJobV2"))?;
        // Candidates appear while models are tuned; the list is best first.
        let candidates = match self
            .sagemaker
            .list_candidates_for_auto_ml_job()
            .auto_ml_job_name(name)
            .sort_by(aws_sdk_sagemaker::types::CandidateSortBy::FinalObjectiveMetricValue)
            .sort_order(aws_sdk_sagemaker::types::AutoMlSortOrder::Descending)
            .max_results(CANDIDATES)
            .send()
            .await
        {
            Ok(list) => list
                .candidates()
                .iter()
                .map(|c| Candidate {
                    name: c.candidate_name().unwrap_or_default().to_string(),
                    objective: c
                        .final_auto_ml_job_objective_metric()
                        .and_then(|m| m.value())
                        .map(f64::from),
                    status: c
                        .candidate_status()
                        .map(|s| s.as_str().to_string())
                        .unwrap_or_default(),
                })
                .collect(),
            Err(e) => {
                tracing::debug!(error = %self.error(e, "sagemaker:ListCandidatesForAutoMLJob"), "no candidates yet");
                vec![]
            }
        };
        Ok(Detail {
            name: name.to_string(),
            status: out
                .auto_ml_job_status()
                .map(|s| s.as_str().to_string())
                .unwrap_or_default(),
            secondary: out
                .auto_ml_job_secondary_status()
                .map(|s| s.as_str().to_string()),
            created: secs(out.creation_time()),
            ended: opt_secs(out.end_time()),
            objective_metric: out
                .auto_ml_job_objective()
                .and_then(|o| o.metric_name())
                .map(|m| m.as_str().to_string()),
            candidates,
            failure: out.failure_reason().map(str::to_string),
            ..Detail::default()
        })
    }

    async fn describe_endpoint(&self, name: &str) -> CloudResult<Detail> {
        let out = self
            .sagemaker
            .describe_endpoint()
            .endpoint_name(name)
            .send()
            .await
            .map_err(|e| self.error(e, "sagemaker:DescribeEndpoint"))?;
        Ok(Detail {
            name: name.to_string(),
            status: out
                .endpoint_status()
                .map(|s| s.as_str().to_string())
                .unwrap_or_default(),
            created: secs(out.creation_time()),
            variants: out
                .production_variants()
                .iter()
                .map(|v| Variant {
                    name: v.variant_name().unwrap_or_default().to_string(),
                    instance_type: None,
                    current_weight: v.current_weight().map_or(0.0, f64::from),
                    desired_weight: v.desired_weight().map_or(0.0, f64::from),
                    current_instances: v.current_instance_count().unwrap_or(0),
                    desired_instances: v.desired_instance_count().unwrap_or(0),
                })
                .collect(),
            failure: out.failure_reason().map(str::to_string),
            ..Detail::default()
        })
    }

    async fn describe_classifier(&self, name: &str) -> CloudResult<Option<Detail>> {
        // Comprehend describes by ARN; a list filtered by name needs no account id.
        let out = self
            .comprehend
            .list_document_classifiers()
            .filter(
                aws_sdk_comprehend::types::DocumentClassifierFilter::builder()
                    .document_classifier_name(name)
                    .build(),
            )
            .send()
            .await
            .map_err(|e| self.error(e, "comprehend:ListDocumentClassifiers"))?;
        Ok(out
            .document_classifier_properties_list()
            .iter()
            .max_by(|a, b| secs(a.submit_time()).total_cmp(&secs(b.submit_time())))
            .map(|c| {
                let metrics = c.classifier_metadata().and_then(|m| m.evaluation_metrics());
                Detail {
                    name: name.to_string(),
                    status: c
                        .status()
                        .map(|s| s.as_str().to_string())
                        .unwrap_or_default(),
                    created: secs(c.submit_time()),
                    ended: opt_secs(c.end_time()),
                    final_metrics: metrics
                        .map(|m| {
                            [
                                ("Accuracy", m.accuracy()),
                                ("F1Score", m.f1_score()),
                                ("Precision", m.precision()),
                                ("Recall", m.recall()),
                            ]
                            .into_iter()
                            .filter_map(|(k, v)| Some((k.to_string(), v?)))
                            .collect()
                        })
                        .unwrap_or_default(),
                    failure: c.message().map(str::to_string),
                    ..Detail::default()
                }
            }))
    }

    async fn describe_comprehend_endpoint(&self, name: &str) -> CloudResult<Option<Detail>> {
        let out = self
            .comprehend
            .list_endpoints()
            .send()
            .await
            .map_err(|e| self.error(e, "comprehend:ListEndpoints"))?;
        Ok(out
            .endpoint_properties_list()
            .iter()
            .find(|e| comprehend_name(e.endpoint_arn().unwrap_or_default()) == name)
            .map(|e| Detail {
                name: name.to_string(),
                status: e
                    .status()
                    .map(|s| s.as_str().to_string())
                    .unwrap_or_default(),
                created: secs(e.creation_time()),
                inference_units: Some((
                    e.current_inference_units().unwrap_or(0),
                    e.desired_inference_units().unwrap_or(0),
                )),
                failure: e.message().map(str::to_string),
                ..Detail::default()
            }))
    }

    pub(super) async fn get_metric_data(
        &self,
        queries: &[MetricQuery],
        start: f64,
        end: f64,
    ) -> CloudResult<Vec<Series>> {
        if queries.is_empty() || end <= start {
            return Ok(vec![]);
        }
        // Query ids must start with a lower-case letter and hold only letters, digits
        // and underscores: labguide's own ids are mapped to q0, q1, ...
        let built: Vec<MetricDataQuery> = queries
            .iter()
            .enumerate()
            .map(|(i, q)| {
                let metric = Metric::builder()
                    .namespace(&q.namespace)
                    .metric_name(&q.metric)
                    .set_dimensions(Some(
                        q.dimensions
                            .iter()
                            .map(|(k, v)| Dimension::builder().name(k).value(v).build())
                            .collect(),
                    ))
                    .build();
                MetricDataQuery::builder()
                    .id(format!("q{i}"))
                    .metric_stat(
                        MetricStat::builder()
                            .metric(metric)
                            .period(crate::cloud::live::METRIC_PERIOD as i32)
                            .stat(q.stat)
                            .build(),
                    )
                    .return_data(true)
                    .build()
            })
            .collect();
        let out = self
            .cloudwatch
            .get_metric_data()
            .set_metric_data_queries(Some(built))
            .start_time(DateTime::from_secs(start as i64))
            .end_time(DateTime::from_secs(end.ceil() as i64))
            .send()
            .await
            .map_err(|e| self.error(e, "cloudwatch:GetMetricData"))?;
        let mut series: Vec<Series> = queries
            .iter()
            .map(|q| Series {
                id: q.id.clone(),
                points: vec![],
            })
            .collect();
        for result in out.metric_data_results() {
            let Some(index) = result
                .id()
                .and_then(|id| id.strip_prefix('q'))
                .and_then(|i| i.parse::<usize>().ok())
            else {
                continue;
            };
            if let Some(s) = series.get_mut(index) {
                s.points = result
                    .timestamps()
                    .iter()
                    .zip(result.values())
                    .map(|(t, v)| (t.as_secs_f64(), *v))
                    .collect();
                // CloudWatch answers newest first.
                s.points.sort_by(|a, b| a.0.total_cmp(&b.0));
            }
        }
        Ok(series)
    }

    pub(super) async fn describe_log_streams(
        &self,
        group: &str,
        prefix: &str,
    ) -> CloudResult<Vec<String>> {
        match self
            .logs
            .describe_log_streams()
            .log_group_name(group)
            .log_stream_name_prefix(prefix)
            .send()
            .await
        {
            Ok(out) => Ok(out
                .log_streams()
                .iter()
                .filter_map(|s| s.log_stream_name().map(str::to_string))
                .collect()),
            // The group appears with the first job that logs: until then, no streams.
            Err(e) => match self.error(e, "logs:DescribeLogStreams") {
                CloudError::NotFound { .. } => Ok(vec![]),
                CloudError::Other(m) | CloudError::Invalid(m)
                    if m.contains("ResourceNotFound") || m.contains("does not exist") =>
                {
                    Ok(vec![])
                }
                other => Err(other),
            },
        }
    }

    pub(super) async fn read_log_events(
        &self,
        group: &str,
        stream: &str,
        token: Option<&str>,
    ) -> CloudResult<LogPage> {
        let out = self
            .logs
            .get_log_events()
            .log_group_name(group)
            .log_stream_name(stream)
            .start_from_head(true)
            .set_next_token(token.map(str::to_string))
            .send()
            .await
            .map_err(|e| self.error(e, "logs:GetLogEvents"))?;
        Ok(LogPage {
            lines: out
                .events()
                .iter()
                .map(|e| {
                    (
                        e.timestamp().unwrap_or(0) as f64 / 1000.0,
                        e.message().unwrap_or_default().to_string(),
                    )
                })
                .collect(),
            next_token: out.next_forward_token().map(str::to_string),
        })
    }
}
