//! SageMaker: the notebook instance, finding what the notebooks start, deploying and
//! rolling out endpoints, and stopping or deleting it all at cleanup.

use super::errors::not_found;
use super::{Clients, MAX_PAGES, secs};
use crate::cloud::{
    CanaryStage, CloudError, CloudResult, Deploy, EXPERIMENT_TAG, Found, LEARNER_TAG, NotebookInfo,
    ResourceKind, Start,
};

/// The image that serves a framework's model: the SageMaker SDK deploys a
/// `...-training:` image's model with the matching `...-inference:` image; built-in
/// algorithms serve from the image they train with.
fn inference_image(training_image: &str) -> String {
    training_image.replace("-training:", "-inference:")
}

impl Clients {
    pub(super) async fn notebook(&self, name: &str) -> CloudResult<Option<NotebookInfo>> {
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
                role_arn: out.role_arn().map(str::to_string),
            })),
            Err(e) => {
                let e = self.error(e, "sagemaker:DescribeNotebookInstance");
                if not_found(&e) { Ok(None) } else { Err(e) }
            }
        }
    }

    pub(super) async fn start_notebook(&self, name: &str) -> CloudResult<()> {
        self.sagemaker
            .start_notebook_instance()
            .notebook_instance_name(name)
            .send()
            .await
            .map_err(|e| self.error(e, "sagemaker:StartNotebookInstance"))?;
        Ok(())
    }

    pub(super) async fn stop_notebook(&self, name: &str) -> CloudResult<()> {
        self.sagemaker
            .stop_notebook_instance()
            .notebook_instance_name(name)
            .send()
            .await
            .map_err(|e| self.error(e, "sagemaker:StopNotebookInstance"))?;
        Ok(())
    }

    pub(super) async fn notebook_url(&self, name: &str) -> CloudResult<String> {
        let out = self
            .sagemaker
            .create_presigned_notebook_instance_url()
            // SessionExpirationDurationInSeconds is the Jupyter session's length, not the
            // link's: left at AWS's default (12 hours) so a lab is never cut off midway.
            .notebook_instance_name(name)
            .send()
            .await
            .map_err(|e| self.error(e, "sagemaker:CreatePresignedNotebookInstanceUrl"))?;
        out.authorized_url()
            .map(str::to_string)
            .ok_or_else(|| CloudError::Other("no URL in the answer".into()))
    }

    /// SageMaker resources of `kind` whose names contain `prefix`, at most `MAX_PAGES`
    /// pages of them (the newest come first).
    /// Training runs tagged with the experiment and the learner, through Search (the one
    /// SageMaker call that filters by tag). Both tags are checked again on what comes
    /// back: a run is compared only when it is surely this learner's.
    pub(super) async fn runs(&self, experiment: &str, learner: &str) -> CloudResult<Vec<Found>> {
        use aws_sdk_sagemaker::types::{
            Filter, Operator, ResourceType, SearchExpression, SearchSortOrder,
        };
        let tag_filter = |key: &str, value: &str| {
            Filter::builder()
                .name(format!("Tags.{key}"))
                .operator(Operator::Equals)
                .value(value)
                .build()
        };
        let expression = SearchExpression::builder()
            .filters(tag_filter(EXPERIMENT_TAG, experiment))
            .filters(tag_filter(LEARNER_TAG, learner))
            .build();
        let mut pages = self
            .sagemaker
            .search()
            .resource(ResourceType::TrainingJob)
            .search_expression(expression)
            .sort_by("CreationTime")
            .sort_order(SearchSortOrder::Descending)
            .into_paginator()
            .send();
        let mut found = vec![];
        for _ in 0..MAX_PAGES {
            let Some(page) = pages.next().await else {
                break;
            };
            let out = page.map_err(|e| self.error(e, "sagemaker:Search"))?;
            for job in out.results().iter().filter_map(|r| r.training_job()) {
                let tagged = |key: &str, value: &str| {
                    job.tags()
                        .iter()
                        .any(|t| t.key() == Some(key) && t.value() == Some(value))
                };
                if !(tagged(EXPERIMENT_TAG, experiment) && tagged(LEARNER_TAG, learner)) {
                    continue;
                }
                found.push(Found {
                    kind: ResourceKind::TrainingJob,
                    name: job.training_job_name().unwrap_or_default().to_string(),
                    status: job.training_job_status().map(|s| s.as_str().to_string()),
                    created: secs(job.creation_time()),
                });
            }
        }
        found.retain(|f| !f.name.is_empty());
        found.sort_by(|a, b| b.created.total_cmp(&a.created));
        Ok(found)
    }

    /// One kind's listing, of the names containing `prefix` (all without one), at most
    /// MAX_PAGES pages of 100; and whether the listing reached its end.
    async fn find_sagemaker(
        &self,
        kind: ResourceKind,
        prefix: Option<&str>,
    ) -> CloudResult<(Vec<Found>, bool)> {
        let sm = &self.sagemaker;
        let this = self;
        let mut found = vec![];
        let mut complete = false;
        let contains = prefix.map(str::to_string);
        let item = |name: Option<&str>, status: Option<String>, created: f64| Found {
            kind,
            name: name.unwrap_or_default().to_string(),
            status,
            created,
        };
        // One list call per kind, each with its own output type: the same loop for each.
        macro_rules! pages {
            ($list:ident, $action:literal, $summaries:ident, |$s:ident| $found:expr) => {{
                let mut pages = sm
                    .$list()
                    .set_name_contains(contains.clone())
                    .max_results(100)
                    .into_paginator()
                    .send();
                for _ in 0..MAX_PAGES {
                    let Some(page) = pages.next().await else {
                        complete = true;
                        break;
                    };
                    let out = page.map_err(|e| this.error(e, $action))?;
                    found.extend(out.$summaries().iter().map(|$s| $found));
                }
            }};
        }
        let status = |s: Option<&str>| s.map(str::to_string);
        match kind {
            ResourceKind::TrainingJob => pages!(
                list_training_jobs,
                "sagemaker:ListTrainingJobs",
                training_job_summaries,
                |j| item(
                    j.training_job_name(),
                    status(j.training_job_status().map(|s| s.as_str())),
                    secs(j.creation_time()),
                )
            ),
            ResourceKind::ProcessingJob => pages!(
                list_processing_jobs,
                "sagemaker:ListProcessingJobs",
                processing_job_summaries,
                |j| item(
                    j.processing_job_name(),
                    status(j.processing_job_status().map(|s| s.as_str())),
                    secs(j.creation_time()),
                )
            ),
            ResourceKind::AutoMlJob => pages!(
                list_auto_ml_jobs,
                "sagemaker:ListAutoMLJobs",
                auto_ml_job_summaries,
                |j| item(
                    j.auto_ml_job_name(),
                    status(j.auto_ml_job_status().map(|s| s.as_str())),
                    secs(j.creation_time()),
                )
            ),
            ResourceKind::Endpoint => {
                pages!(list_endpoints, "sagemaker:ListEndpoints", endpoints, |j| {
                    item(
                        j.endpoint_name(),
                        status(j.endpoint_status().map(|s| s.as_str())),
                        secs(j.creation_time()),
                    )
                })
            }
            ResourceKind::EndpointConfig => pages!(
                list_endpoint_configs,
                "sagemaker:ListEndpointConfigs",
                endpoint_configs,
                |j| item(j.endpoint_config_name(), None, secs(j.creation_time()))
            ),
            ResourceKind::Model => pages!(list_models, "sagemaker:ListModels", models, |j| item(
                j.model_name(),
                None,
                secs(j.creation_time())
            )),
            ResourceKind::ComprehendClassifier | ResourceKind::ComprehendEndpoint => {}
        }
        Ok((found, complete))
    }

    /// Resources of `kind` whose names start with `prefix`, newest first.
    pub(super) async fn find(&self, kind: ResourceKind, prefix: &str) -> CloudResult<Vec<Found>> {
        let mut found = match kind {
            ResourceKind::ComprehendClassifier | ResourceKind::ComprehendEndpoint => {
                self.find_comprehend(kind, prefix).await?
            }
            _ => self.find_sagemaker(kind, Some(prefix)).await?.0,
        };
        found.retain(|f| f.name.starts_with(prefix));
        found.sort_by(|a, b| b.created.total_cmp(&a.created));
        Ok(found)
    }

    /// Resources of `kind` whose names start with any of `prefixes`, newest first: one
    /// listing of the kind filtered here (an inventory's dozen prefixes cost one call, not
    /// a dozen), or a listing per prefix when the account holds more than one listing
    /// reaches.
    pub(super) async fn find_any(
        &self,
        kind: ResourceKind,
        prefixes: &[String],
    ) -> CloudResult<Vec<Found>> {
        let (mut found, complete) = match kind {
            ResourceKind::ComprehendClassifier | ResourceKind::ComprehendEndpoint => {
                (self.find_comprehend(kind, "").await?, true)
            }
            _ => self.find_sagemaker(kind, None).await?,
        };
        if !complete {
            found.clear();
            for prefix in prefixes {
                found.extend(self.find(kind, prefix).await?);
            }
        }
        found.retain(|f| prefixes.iter().any(|p| f.name.starts_with(p.as_str())));
        found.sort_by(|a, b| b.created.total_cmp(&a.created).then(a.name.cmp(&b.name)));
        found.dedup_by(|a, b| a.name == b.name);
        Ok(found)
    }

    /// A model from the newest completed training job with the prefix, named for the job
    /// (made once: a second deployment of the same run finds it there); returns its name.
    async fn model_from_job(
        &self,
        job_prefix: &str,
        image_uri: Option<&str>,
        tags: &[(String, String)],
    ) -> CloudResult<String> {
        use aws_sdk_sagemaker::types::ContainerDefinition;
        let job = crate::cloud::newest_completed(
            self.find(ResourceKind::TrainingJob, job_prefix).await?,
            job_prefix,
        )?;
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
        made_once(
            self.sagemaker
                .create_model()
                .model_name(&job.name)
                .primary_container(
                    ContainerDefinition::builder()
                        .image(
                            image_uri
                                .map(str::to_string)
                                .unwrap_or_else(|| inference_image(training_image)),
                        )
                        .model_data_url(model_data)
                        .build(),
                )
                .execution_role_arn(role)
                .set_tags(Some(super::jobs::tags(tags)))
                .send()
                .await
                .map_err(|e| self.error(e, "sagemaker:CreateModel")),
        )?;
        Ok(job.name)
    }

    /// A model of the best candidate of the newest completed Autopilot job with the prefix:
    /// its inference containers in order (Autopilot's feature transform, then the
    /// algorithm), named `<job>-best`; returns its name.
    async fn model_from_automl(
        &self,
        job_prefix: &str,
        tags: &[(String, String)],
    ) -> CloudResult<String> {
        use aws_sdk_sagemaker::types::ContainerDefinition;
        let job = crate::cloud::newest_completed(
            self.find(ResourceKind::AutoMlJob, job_prefix).await?,
            job_prefix,
        )?;
        let d = self
            .sagemaker
            .describe_auto_ml_job_v2()
            .auto_ml_job_name(&job.name)
            .send()
            .await
            .map_err(|e| self.error(e, "sagemaker:DescribeAutoMLJobV2"))?;
        let containers: Vec<ContainerDefinition> = d
            .best_candidate()
            .map(|c| c.inference_containers())
            .unwrap_or_default()
            .iter()
            .map(|c| {
                ContainerDefinition::builder()
                    .set_image(c.image().map(str::to_string))
                    .set_model_data_url(c.model_data_url().map(str::to_string))
                    .set_environment(c.environment().cloned())
                    .build()
            })
            .collect();
        if containers.is_empty() {
            return Err(CloudError::Invalid(format!(
                "{} has no best candidate to deploy yet",
                job.name
            )));
        }
        let name = format!("{}-best", job.name);
        made_once(
            self.sagemaker
                .create_model()
                .model_name(&name)
                .set_containers(Some(containers))
                .execution_role_arn(d.role_arn().unwrap_or_default())
                .set_tags(Some(super::jobs::tags(tags)))
                .send()
                .await
                .map_err(|e| self.error(e, "sagemaker:CreateModel")),
        )?;
        Ok(name)
    }

    pub(super) async fn deploy_endpoint(&self, req: Deploy) -> CloudResult<()> {
        use aws_sdk_sagemaker::types::{ProductionVariant, ProductionVariantInstanceType};
        let model = if req.automl {
            self.model_from_automl(&req.job_prefix, &req.tags).await?
        } else {
            self.model_from_job(&req.job_prefix, req.image_uri.as_deref(), &req.tags)
                .await?
        };
        let tags = super::jobs::tags(&req.tags);
        let variant = ProductionVariant::builder()
            .variant_name("AllTraffic")
            .model_name(&model)
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

    /// Starts an Autopilot job, a Comprehend classifier or a Comprehend endpoint.
    pub(super) async fn start(&self, req: Start, tags: Vec<(String, String)>) -> CloudResult<()> {
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
                    AutoMlJobCompletionCriteria, AutoMlMode, AutoMlOutputDataConfig,
                    AutoMlProblemTypeConfig, AutoMls3DataSource, AutoMls3DataType, ProblemType,
                    TabularJobConfig,
                };
                // The lab's limits: three candidates, ten minutes each, an hour in all.
                // AUTO on purpose: below 100 MB of data (the lab's) Autopilot ensembles,
                // above it tunes hyperparameters; the step's text says which and why.
                let tabular = TabularJobConfig::builder()
                    .mode(AutoMlMode::Auto)
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
                    .set_tags(Some(super::jobs::tags(&tags)))
                    .send()
                    .await
                    .map_err(|e| self.error(e, "sagemaker:CreateAutoMLJobV2"))?;
            }
            Start::Classifier {
                name,
                input_uri,
                role_arn,
            } => {
                self.start_classifier(name, input_uri, role_arn, &tags)
                    .await?
            }
            Start::ComprehendEndpoint {
                name,
                classifier_prefix,
                inference_units,
            } => {
                self.start_comprehend_endpoint(name, classifier_prefix, inference_units, &tags)
                    .await?
            }
        }
        Ok(())
    }

    pub(super) async fn canary(
        &self,
        endpoint_prefix: &str,
        stage: CanaryStage,
        new_model: Option<crate::cloud::NewModel>,
    ) -> CloudResult<String> {
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
        // The model each variant serves: VariantA keeps the current one; VariantB gets the
        // new run's on the split, and keeps whatever it serves when it is left alone.
        let serving = |name: &str| {
            config
                .production_variants()
                .iter()
                .find(|v| v.variant_name() == Some(name))
                .unwrap_or(first)
                .model_name()
                .unwrap_or_default()
                .to_string()
        };
        let model_b = match (stage, &new_model) {
            (CanaryStage::Split, Some(m)) => {
                self.model_from_job(&m.job_prefix, m.image_uri.as_deref(), &m.tags)
                    .await?
            }
            (CanaryStage::Split, None) => serving(first.variant_name().unwrap_or_default()),
            _ => serving("VariantB"),
        };
        let model_a = first.model_name().unwrap_or_default().to_string();
        let variant = |name: &str, weight: f32| {
            let model = if name == "VariantB" {
                &model_b
            } else {
                &model_a
            };
            ProductionVariant::builder()
                .variant_name(name)
                .model_name(model)
                .initial_instance_count(first.initial_instance_count().unwrap_or(1))
                .set_instance_type(first.instance_type().cloned())
                .initial_variant_weight(weight)
                .build()
        };
        let new_config =
            |suffix: &str| format!("{endpoint}-{suffix}-{}", crate::cloud::wall_clock() as u64);
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
                    .desired_weights_and_capacities(weight("VariantA", 0.0))
                    .desired_weights_and_capacities(weight("VariantB", 100.0))
                    .send()
                    .await
                    .map_err(|e| self.error(e, "sagemaker:UpdateEndpointWeightsAndCapacities"))?;
            }
        }
        Ok(endpoint)
    }

    pub(super) async fn endpoint_instances(&self, name: &str) -> CloudResult<Vec<(String, i32)>> {
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

    pub(super) async fn remove(&self, kind: ResourceKind, name: &str) -> CloudResult<()> {
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
}

/// A create call whose resource may be there already (deployed before): that is done too.
fn made_once<T>(result: CloudResult<T>) -> CloudResult<()> {
    match result {
        Ok(_) | Err(CloudError::AlreadyExists { .. }) => Ok(()),
        Err(CloudError::Invalid(m)) if m.contains("already exist") => Ok(()),
        Err(e) => Err(e),
    }
}
