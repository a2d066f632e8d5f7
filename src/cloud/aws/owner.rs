//! What tells whose a resource is (its role, tags, parts and outputs), classmates'
//! workshops in the account, and deleting a notebook instance: what cleanup by
//! provenance asks of AWS.

use super::errors::gone;
use super::{Clients, MAX_PAGES};
use crate::cloud::{CloudResult, Owner, ResourceKind};

/// `s3://bucket/path` joined with a folder name, ending in `/`.
fn join_s3(base: &str, name: &str) -> String {
    format!("{}/{name}/", base.trim_end_matches('/'))
}

/// The folder an object lives in: `s3://b/job/output/model.tar.gz` → `s3://b/job/output/`.
fn folder_of(uri: &str) -> Option<String> {
    let (folder, _) = uri.rsplit_once('/')?;
    Some(format!("{folder}/"))
}

impl Clients {
    pub(super) async fn delete_notebook(&self, name: &str) -> CloudResult<()> {
        match self
            .sagemaker
            .delete_notebook_instance()
            .notebook_instance_name(name)
            .send()
            .await
        {
            Ok(_) => Ok(()),
            Err(e) => {
                let e = self.error(e, "sagemaker:DeleteNotebookInstance");
                if gone(&e) { Ok(()) } else { Err(e) }
            }
        }
    }

    pub(super) async fn notebooks_named(&self, prefix: &str) -> CloudResult<Vec<String>> {
        let mut names = vec![];
        let mut pages = self
            .sagemaker
            .list_notebook_instances()
            .name_contains(prefix)
            .into_paginator()
            .send();
        for _ in 0..MAX_PAGES {
            let Some(page) = pages.next().await else {
                break;
            };
            let out = page.map_err(|e| self.error(e, "sagemaker:ListNotebookInstances"))?;
            names.extend(
                out.notebook_instances()
                    .iter()
                    .filter_map(|n| n.notebook_instance_name())
                    .filter(|n| n.starts_with(prefix))
                    .map(str::to_string),
            );
        }
        Ok(names)
    }

    pub(super) async fn stacks_named(&self, prefix: &str) -> CloudResult<Vec<String>> {
        let mut names = vec![];
        let mut pages = self.cfn.list_stacks().into_paginator().send();
        for _ in 0..MAX_PAGES {
            let Some(page) = pages.next().await else {
                break;
            };
            let out = page.map_err(|e| self.error(e, "cloudformation:ListStacks"))?;
            names.extend(
                out.stack_summaries()
                    .iter()
                    .filter(|s| s.stack_status().map(|st| st.as_str()) != Some("DELETE_COMPLETE"))
                    .filter_map(|s| s.stack_name())
                    .filter(|n| n.starts_with(prefix))
                    .map(str::to_string),
            );
        }
        names.sort();
        names.dedup();
        Ok(names)
    }

    pub(super) async fn owner(&self, kind: ResourceKind, name: &str) -> CloudResult<Option<Owner>> {
        let found = match kind {
            ResourceKind::ComprehendClassifier | ResourceKind::ComprehendEndpoint => {
                self.comprehend_owner(kind, name).await
            }
            _ => self.sagemaker_owner(kind, name).await,
        };
        match found {
            Err(e) if gone(&e) => Ok(None),
            other => other,
        }
    }

    async fn sagemaker_owner(&self, kind: ResourceKind, name: &str) -> CloudResult<Option<Owner>> {
        let sm = &self.sagemaker;
        let action = crate::cloud::counted::describe_op(kind);
        let (arn, owner) = match kind {
            ResourceKind::TrainingJob => {
                let out = sm
                    .describe_training_job()
                    .training_job_name(name)
                    .send()
                    .await
                    .map_err(|e| self.error(e, action))?;
                let outputs = out
                    .output_data_config()
                    .and_then(|o| o.s3_output_path())
                    .map(|base| join_s3(base, name))
                    .into_iter()
                    .collect();
                (
                    out.training_job_arn().map(str::to_string),
                    Owner {
                        role_arn: out.role_arn().map(str::to_string),
                        outputs,
                        ..Owner::default()
                    },
                )
            }
            ResourceKind::ProcessingJob => {
                let out = sm
                    .describe_processing_job()
                    .processing_job_name(name)
                    .send()
                    .await
                    .map_err(|e| self.error(e, action))?;
                let outputs = out
                    .processing_output_config()
                    .map(|c| c.outputs())
                    .unwrap_or_default()
                    .iter()
                    .filter_map(|o| o.s3_output().and_then(|s| s.s3_uri()))
                    .map(|uri| format!("{}/", uri.trim_end_matches('/')))
                    .collect();
                (
                    out.processing_job_arn().map(str::to_string),
                    Owner {
                        role_arn: out.role_arn().map(str::to_string),
                        outputs,
                        ..Owner::default()
                    },
                )
            }
            ResourceKind::AutoMlJob => {
                let out = sm
                    .describe_auto_ml_job_v2()
                    .auto_ml_job_name(name)
                    .send()
                    .await
                    .map_err(|e| self.error(e, action))?;
                let outputs = out
                    .output_data_config()
                    .and_then(|o| o.s3_output_path())
                    .map(|base| join_s3(base, name))
                    .into_iter()
                    .collect();
                (
                    out.auto_ml_job_arn().map(str::to_string),
                    Owner {
                        role_arn: out.role_arn().map(str::to_string),
                        outputs,
                        ..Owner::default()
                    },
                )
            }
            ResourceKind::Model => {
                let out = sm
                    .describe_model()
                    .model_name(name)
                    .send()
                    .await
                    .map_err(|e| self.error(e, action))?;
                let outputs = out
                    .primary_container()
                    .into_iter()
                    .chain(out.containers())
                    .filter_map(|c| c.model_data_url())
                    .filter_map(folder_of)
                    .collect();
                (
                    out.model_arn().map(str::to_string),
                    Owner {
                        role_arn: out.execution_role_arn().map(str::to_string),
                        outputs,
                        ..Owner::default()
                    },
                )
            }
            ResourceKind::EndpointConfig => {
                let out = sm
                    .describe_endpoint_config()
                    .endpoint_config_name(name)
                    .send()
                    .await
                    .map_err(|e| self.error(e, action))?;
                (
                    out.endpoint_config_arn().map(str::to_string),
                    Owner {
                        uses: out
                            .production_variants()
                            .iter()
                            .filter_map(|v| v.model_name())
                            .map(str::to_string)
                            .collect(),
                        ..Owner::default()
                    },
                )
            }
            ResourceKind::Endpoint => {
                let out = sm
                    .describe_endpoint()
                    .endpoint_name(name)
                    .send()
                    .await
                    .map_err(|e| self.error(e, action))?;
                (
                    out.endpoint_arn().map(str::to_string),
                    Owner {
                        uses: out
                            .endpoint_config_name()
                            .map(str::to_string)
                            .into_iter()
                            .collect(),
                        ..Owner::default()
                    },
                )
            }
            ResourceKind::ComprehendClassifier | ResourceKind::ComprehendEndpoint => {
                return Ok(None);
            }
        };
        let mut owner = owner;
        if let Some(arn) = arn {
            owner.tags = self.sagemaker_tags(&arn).await?;
        }
        Ok(Some(owner))
    }

    async fn sagemaker_tags(&self, arn: &str) -> CloudResult<Vec<(String, String)>> {
        let out = self
            .sagemaker
            .list_tags()
            .resource_arn(arn)
            .send()
            .await
            .map_err(|e| self.error(e, "sagemaker:ListTags"))?;
        Ok(out
            .tags()
            .iter()
            .map(|t| {
                (
                    t.key().unwrap_or_default().to_string(),
                    t.value().unwrap_or_default().to_string(),
                )
            })
            .collect())
    }

    async fn comprehend_owner(&self, kind: ResourceKind, name: &str) -> CloudResult<Option<Owner>> {
        let name_of = super::comprehend::comprehend_name;
        let (arn, owner) = if kind == ResourceKind::ComprehendClassifier {
            let Some(c) = self
                .classifiers()
                .await?
                .into_iter()
                .find(|c| c.document_classifier_arn().map(name_of).as_deref() == Some(name))
            else {
                return Ok(None);
            };
            (
                c.document_classifier_arn().map(str::to_string),
                Owner {
                    role_arn: c.data_access_role_arn().map(str::to_string),
                    outputs: c
                        .output_data_config()
                        .and_then(|o| o.s3_uri())
                        .map(|u| format!("{}/", u.trim_end_matches('/')))
                        .into_iter()
                        .collect(),
                    ..Owner::default()
                },
            )
        } else {
            let Some(e) = self
                .endpoints()
                .await?
                .into_iter()
                .find(|e| e.endpoint_arn().map(name_of).as_deref() == Some(name))
            else {
                return Ok(None);
            };
            (
                e.endpoint_arn().map(str::to_string),
                Owner {
                    role_arn: e.data_access_role_arn().map(str::to_string),
                    uses: e.model_arn().map(name_of).into_iter().collect(),
                    ..Owner::default()
                },
            )
        };
        let mut owner = owner;
        if let Some(arn) = arn {
            let out = self
                .comprehend
                .list_tags_for_resource()
                .resource_arn(arn)
                .send()
                .await
                .map_err(|e| self.error(e, "comprehend:ListTagsForResource"))?;
            owner.tags = out
                .tags()
                .iter()
                .map(|t| {
                    (
                        t.key().to_string(),
                        t.value().unwrap_or_default().to_string(),
                    )
                })
                .collect();
        }
        Ok(Some(owner))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_folders() {
        assert_eq!(join_s3("s3://b/", "job-1"), "s3://b/job-1/");
        assert_eq!(join_s3("s3://b/out", "job-1"), "s3://b/out/job-1/");
        assert_eq!(
            folder_of("s3://b/job/output/model.tar.gz").as_deref(),
            Some("s3://b/job/output/")
        );
    }
}
