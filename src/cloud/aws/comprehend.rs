//! Comprehend: custom classifiers and their endpoints. Comprehend names things by ARN,
//! which holds the account id; labguide lists and matches by the name in the ARN instead.

use aws_sdk_comprehend::types::{
    DocumentClassifierInputDataConfig, DocumentClassifierProperties, EndpointProperties,
    LanguageCode,
};

use super::{Clients, MAX_PAGES, opt_secs, secs};
use crate::cloud::live::Detail;
use crate::cloud::{CloudError, CloudResult, Found, ResourceKind};

/// The name in a Comprehend ARN: `arn:aws:comprehend:REGION:ACCOUNT:TYPE/NAME[/...]`.
pub(super) fn comprehend_name(arn: &str) -> String {
    let resource = arn.splitn(6, ':').nth(5).unwrap_or(arn);
    resource.split('/').nth(1).unwrap_or(resource).to_string()
}

impl Clients {
    /// The account's classifiers, at most `MAX_PAGES` pages of them.
    pub(super) async fn classifiers(&self) -> CloudResult<Vec<DocumentClassifierProperties>> {
        let mut all = vec![];
        let mut pages = self
            .comprehend
            .list_document_classifiers()
            .into_paginator()
            .send();
        for _ in 0..MAX_PAGES {
            let Some(page) = pages.next().await else {
                break;
            };
            let out = page.map_err(|e| self.error(e, "comprehend:ListDocumentClassifiers"))?;
            all.extend_from_slice(out.document_classifier_properties_list());
        }
        Ok(all)
    }

    /// The account's Comprehend endpoints, at most `MAX_PAGES` pages of them.
    pub(super) async fn endpoints(&self) -> CloudResult<Vec<EndpointProperties>> {
        let mut all = vec![];
        let mut pages = self.comprehend.list_endpoints().into_paginator().send();
        for _ in 0..MAX_PAGES {
            let Some(page) = pages.next().await else {
                break;
            };
            let out = page.map_err(|e| self.error(e, "comprehend:ListEndpoints"))?;
            all.extend_from_slice(out.endpoint_properties_list());
        }
        Ok(all)
    }

    /// Classifiers or endpoints whose names start with `prefix`.
    pub(super) async fn find_comprehend(
        &self,
        kind: ResourceKind,
        prefix: &str,
    ) -> CloudResult<Vec<Found>> {
        let found: Vec<Found> = if kind == ResourceKind::ComprehendClassifier {
            self.classifiers()
                .await?
                .iter()
                .map(|c| Found {
                    kind,
                    name: comprehend_name(c.document_classifier_arn().unwrap_or_default()),
                    status: c.status().map(|s| s.as_str().to_string()),
                    created: secs(c.submit_time()),
                })
                .collect()
        } else {
            self.endpoints()
                .await?
                .iter()
                .map(|c| Found {
                    kind,
                    name: comprehend_name(c.endpoint_arn().unwrap_or_default()),
                    status: c.status().map(|s| s.as_str().to_string()),
                    created: secs(c.creation_time()),
                })
                .collect()
        };
        Ok(found
            .into_iter()
            .filter(|f| f.name.starts_with(prefix))
            .collect())
    }

    /// One text classified by the endpoint named `endpoint` (found by name: its ARN holds
    /// the account).
    pub(super) async fn classify(
        &self,
        endpoint: &str,
        text: &str,
    ) -> CloudResult<Vec<(String, f64)>> {
        let endpoints = self.endpoints().await?;
        let arn = endpoints
            .iter()
            .filter_map(|e| e.endpoint_arn())
            .find(|arn| comprehend_name(arn) == endpoint)
            .ok_or_else(|| CloudError::NotFound {
                what: format!("Comprehend endpoint {endpoint}"),
            })?;
        let out = self
            .comprehend
            .classify_document()
            .endpoint_arn(arn)
            .text(text)
            .send()
            .await
            .map_err(|e| self.error(e, "comprehend:ClassifyDocument"))?;
        let mut classes: Vec<(String, f64)> = out
            .classes()
            .iter()
            .map(|c| {
                (
                    c.name().unwrap_or_default().to_string(),
                    f64::from(c.score().unwrap_or_default()),
                )
            })
            .collect();
        classes.sort_by(|a, b| b.1.total_cmp(&a.1));
        Ok(classes)
    }

    /// Comprehend deletes by ARN: the one whose name is `name`.
    pub(super) async fn remove_comprehend(
        &self,
        kind: ResourceKind,
        name: &str,
    ) -> CloudResult<()> {
        let cp = &self.comprehend;
        if kind == ResourceKind::ComprehendEndpoint {
            let endpoints = self.endpoints().await?;
            if let Some(arn) = endpoints
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
            let classifiers = self.classifiers().await?;
            let Some(found) = classifiers.iter().find(|c| {
                c.document_classifier_arn()
                    .is_some_and(|arn| comprehend_name(arn) == name)
            }) else {
                return Ok(());
            };
            let arn = found.document_classifier_arn().unwrap_or_default();
            let training = found
                .status()
                .is_some_and(|s| matches!(s.as_str(), "SUBMITTED" | "TRAINING"));
            // One still training cannot be deleted: it is stopped, like a job.
            if training {
                cp.stop_training_document_classifier()
                    .document_classifier_arn(arn)
                    .send()
                    .await
                    .map_err(|e| self.error(e, "comprehend:StopTrainingDocumentClassifier"))?;
            } else {
                cp.delete_document_classifier()
                    .document_classifier_arn(arn)
                    .send()
                    .await
                    .map_err(|e| self.error(e, "comprehend:DeleteDocumentClassifier"))?;
            }
        }
        Ok(())
    }

    /// A custom classifier on a CSV without a header (label,text).
    pub(super) async fn start_classifier(
        &self,
        name: String,
        input_uri: String,
        role_arn: String,
        tags: &[(String, String)],
    ) -> CloudResult<()> {
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
            .set_tags(Some(comprehend_tags(tags)?))
            .send()
            .await
            .map_err(|e| self.error(e, "comprehend:CreateDocumentClassifier"))?;
        Ok(())
    }

    /// An endpoint for the newest trained classifier whose name starts with the prefix.
    pub(super) async fn start_comprehend_endpoint(
        &self,
        name: String,
        classifier_prefix: String,
        inference_units: i32,
        tags: &[(String, String)],
    ) -> CloudResult<()> {
        let classifiers = self.classifiers().await?;
        let model = classifiers
            .iter()
            .filter(|c| {
                comprehend_name(c.document_classifier_arn().unwrap_or_default())
                    .starts_with(&classifier_prefix)
            })
            .filter(|c| {
                c.status().is_some_and(|s| {
                    ResourceKind::ComprehendClassifier.status_satisfies(s.as_str(), "TRAINED")
                })
            })
            .max_by(|a, b| secs(a.submit_time()).total_cmp(&secs(b.submit_time())))
            .and_then(|c| c.document_classifier_arn())
            .ok_or_else(|| CloudError::NotFound {
                what: format!("{classifier_prefix}* (TRAINED)"),
            })?;
        self.comprehend
            .create_endpoint()
            .endpoint_name(name)
            .model_arn(model)
            .desired_inference_units(inference_units)
            .set_tags(Some(comprehend_tags(tags)?))
            .send()
            .await
            .map_err(|e| self.error(e, "comprehend:CreateEndpoint"))?;
        Ok(())
    }

    pub(super) async fn describe_classifier(&self, name: &str) -> CloudResult<Option<Detail>> {
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

    pub(super) async fn describe_comprehend_endpoint(
        &self,
        name: &str,
    ) -> CloudResult<Option<Detail>> {
        Ok(self
            .endpoints()
            .await?
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
}

fn comprehend_tags(tags: &[(String, String)]) -> CloudResult<Vec<aws_sdk_comprehend::types::Tag>> {
    tags.iter()
        .map(|(k, v)| {
            aws_sdk_comprehend::types::Tag::builder()
                .key(k)
                .value(v)
                .build()
                .map_err(|e| CloudError::Invalid(e.to_string()))
        })
        .collect()
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
}
