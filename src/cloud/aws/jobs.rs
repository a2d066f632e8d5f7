//! The jobs labguide launches itself: CreateTrainingJob and CreateProcessingJob with the
//! container contract filled in, and the S3 calls that put the labs' code and data in place.

use aws_sdk_sagemaker::types::{
    AlgorithmSpecification, AppSpecification, Channel, DataSource, MetricDefinition,
    OutputDataConfig, ProcessingClusterConfig, ProcessingInput, ProcessingOutput,
    ProcessingOutputConfig, ProcessingResources, ProcessingS3Input, ProcessingS3InputMode,
    ProcessingS3UploadMode, ResourceConfig, S3DataDistribution, S3DataSource, S3DataType,
    StoppingCondition, Tag, TrainingInputMode,
};

use super::Clients;
use crate::cloud::{CloudError, CloudResult, JobRequest, ResourceKind, split_s3_uri};

impl Clients {
    pub(super) async fn start_job(&self, req: JobRequest) -> CloudResult<()> {
        match req.kind {
            Some(ResourceKind::ProcessingJob) => self.start_processing(req).await,
            _ => self.start_training(req).await,
        }
    }

    async fn start_training(&self, req: JobRequest) -> CloudResult<()> {
        let mut algorithm = AlgorithmSpecification::builder()
            .training_image(&req.image_uri)
            .training_input_mode(TrainingInputMode::File);
        for (name, regex) in &req.metric_definitions {
            algorithm = algorithm
                .metric_definitions(MetricDefinition::builder().name(name).regex(regex).build());
        }
        let mut call = self
            .sagemaker
            .create_training_job()
            .training_job_name(&req.name)
            .role_arn(&req.role_arn)
            .algorithm_specification(algorithm.build())
            .output_data_config(
                OutputDataConfig::builder()
                    .s3_output_path(&req.output_uri)
                    .build(),
            )
            .resource_config(
                ResourceConfig::builder()
                    .instance_type(req.instance_type.as_str().into())
                    .instance_count(req.instance_count)
                    .volume_size_in_gb(req.volume_gb)
                    .build(),
            )
            .stopping_condition(
                StoppingCondition::builder()
                    .max_runtime_in_seconds(req.max_seconds)
                    .build(),
            )
            .set_hyper_parameters(Some(req.hyperparameters.iter().cloned().collect()))
            .set_environment(
                (!req.environment.is_empty()).then(|| req.environment.iter().cloned().collect()),
            )
            .set_tags(Some(tags(&req.tags)));
        for (name, uri) in &req.channels {
            let source = S3DataSource::builder()
                .s3_data_type(S3DataType::S3Prefix)
                .s3_uri(uri)
                .s3_data_distribution_type(S3DataDistribution::FullyReplicated)
                .build();
            let channel = Channel::builder()
                .channel_name(name)
                .data_source(DataSource::builder().s3_data_source(source).build())
                .set_content_type(req.content_type.clone())
                .build();
            call = call.input_data_config(channel);
        }
        call.send()
            .await
            .map_err(|e| self.error(e, "sagemaker:CreateTrainingJob"))?;
        Ok(())
    }

    async fn start_processing(&self, req: JobRequest) -> CloudResult<()> {
        let mut call = self
            .sagemaker
            .create_processing_job()
            .processing_job_name(&req.name)
            .role_arn(&req.role_arn)
            .app_specification(
                AppSpecification::builder()
                    .image_uri(&req.image_uri)
                    .set_container_entrypoint(Some(req.entrypoint.clone()))
                    .build(),
            )
            .processing_resources(
                ProcessingResources::builder()
                    .cluster_config(
                        ProcessingClusterConfig::builder()
                            .instance_type(req.instance_type.as_str().into())
                            .instance_count(req.instance_count)
                            .volume_size_in_gb(req.volume_gb)
                            .build(),
                    )
                    .build(),
            )
            .stopping_condition(
                aws_sdk_sagemaker::types::ProcessingStoppingCondition::builder()
                    .max_runtime_in_seconds(req.max_seconds)
                    .build(),
            )
            .set_environment(
                (!req.environment.is_empty()).then(|| req.environment.iter().cloned().collect()),
            )
            .set_tags(Some(tags(&req.tags)));
        for (name, uri, local) in &req.inputs {
            let s3 = ProcessingS3Input::builder()
                .s3_uri(uri)
                .local_path(local)
                .s3_data_type(aws_sdk_sagemaker::types::ProcessingS3DataType::S3Prefix)
                .s3_input_mode(ProcessingS3InputMode::File)
                .build();
            call = call.processing_inputs(
                ProcessingInput::builder()
                    .input_name(name)
                    .s3_input(s3)
                    .build(),
            );
        }
        let mut outputs = ProcessingOutputConfig::builder();
        for (name, uri, local) in &req.outputs {
            let s3 = aws_sdk_sagemaker::types::ProcessingS3Output::builder()
                .s3_uri(uri)
                .local_path(local)
                .s3_upload_mode(ProcessingS3UploadMode::EndOfJob)
                .build();
            outputs = outputs.outputs(
                ProcessingOutput::builder()
                    .output_name(name)
                    .s3_output(s3)
                    .build(),
            );
        }
        if !req.outputs.is_empty() {
            call = call.processing_output_config(outputs.build());
        }
        call.send()
            .await
            .map_err(|e| self.error(e, "sagemaker:CreateProcessingJob"))?;
        Ok(())
    }

    pub(super) async fn put_object(
        &self,
        bucket: &str,
        key: &str,
        body: Vec<u8>,
    ) -> CloudResult<()> {
        self.s3
            .put_object()
            .bucket(bucket)
            .key(key)
            .body(body.into())
            .send()
            .await
            .map_err(|e| self.error(e, "s3:PutObject"))?;
        Ok(())
    }

    pub(super) async fn ensure_bucket(&self, bucket: &str) -> CloudResult<bool> {
        if self.bucket_exists(bucket).await? {
            return Ok(false);
        }
        let mut call = self.s3.create_bucket().bucket(bucket);
        // us-east-1 is the one region that refuses a location constraint naming itself.
        if self.region != "us-east-1" {
            call = call.create_bucket_configuration(
                aws_sdk_s3::types::CreateBucketConfiguration::builder()
                    .location_constraint(self.region.as_str().into())
                    .build(),
            );
        }
        match call.send().await {
            Ok(_) => Ok(true),
            Err(e) => match self.error(e, "s3:CreateBucket") {
                // Made by someone else a moment ago (a classmate's labguide): it is there.
                CloudError::AlreadyExists { .. } => Ok(false),
                other => Err(other),
            },
        }
    }

    pub(super) async fn copy_objects(&self, from: &str, to: &str) -> CloudResult<usize> {
        let (Some((src_bucket, src_key)), Some((dst_bucket, dst_prefix))) =
            (split_s3_uri(from), split_s3_uri(to))
        else {
            return Err(CloudError::Invalid(format!(
                "not an S3 address: {from} or {to}"
            )));
        };
        // A prefix copies everything under it; an object copies itself.
        let keys = if src_key.is_empty() || src_key.ends_with('/') {
            self.list_objects(src_bucket, src_key, 1000).await?
        } else {
            vec![src_key.to_string()]
        };
        if keys.is_empty() {
            return Err(CloudError::NotFound {
                what: from.to_string(),
            });
        }
        for key in &keys {
            let dest = crate::cloud::copy_destination(src_key, key, dst_prefix);
            self.s3
                .copy_object()
                .copy_source(format!("{src_bucket}/{key}"))
                .bucket(dst_bucket)
                .key(&dest)
                .send()
                .await
                .map_err(|e| self.error(e, "s3:CopyObject"))?;
        }
        Ok(keys.len())
    }
}

pub(super) fn tags(pairs: &[(String, String)]) -> Vec<Tag> {
    pairs
        .iter()
        .map(|(k, v)| Tag::builder().key(k).value(v).build())
        .collect()
}

impl Clients {
    pub(super) async fn get_object(&self, bucket: &str, key: &str) -> CloudResult<Vec<u8>> {
        let out = self
            .s3
            .get_object()
            .bucket(bucket)
            .key(key)
            .send()
            .await
            .map_err(|e| self.error(e, "s3:GetObject"))?;
        let bytes = out
            .body
            .collect()
            .await
            .map_err(|e| CloudError::Unreachable {
                endpoint: format!("s3://{bucket}/{key} ({e})"),
            })?;
        Ok(bytes.into_bytes().to_vec())
    }

    pub(super) async fn invoke_endpoint(
        &self,
        name: &str,
        content_type: &str,
        body: Vec<u8>,
    ) -> CloudResult<crate::cloud::Invoked> {
        let out = self
            .runtime
            .invoke_endpoint()
            .endpoint_name(name)
            .content_type(content_type)
            .accept("application/json")
            .body(body.into())
            .send()
            .await
            .map_err(|e| self.error(e, "sagemaker:InvokeEndpoint"))?;
        Ok(crate::cloud::Invoked {
            body: out.body().map(|b| b.as_ref().to_vec()).unwrap_or_default(),
            variant: out.invoked_production_variant().map(str::to_string),
        })
    }
}
