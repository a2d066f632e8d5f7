//! Live views on AWS: one Describe per resource (SageMaker's here, Comprehend's in
//! comprehend.rs).

use super::errors::gone;
use super::{Clients, opt_secs, secs};
use crate::cloud::live::{Candidate, Detail, Rule, Transition, Variant};
use crate::cloud::{CloudResult, ResourceKind};

/// At most this many Autopilot candidates are listed, best first.
const CANDIDATES: i32 = 10;

impl Clients {
    pub(super) async fn describe(
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
            hyperparameters: crate::cloud::live::own_hyperparameters(
                out.hyper_parameters()
                    .into_iter()
                    .flatten()
                    .map(|(k, v)| (k.as_str(), v.as_str())),
            ),
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
}
