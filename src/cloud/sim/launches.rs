//! What labguide's own launches do in the simulated AWS: code packs and data land in
//! buckets, and a launched job runs as its jobs.toml profile says (found by the
//! `labguide:job` tag the launch puts on it), with the request's own instance type,
//! count and metric definitions, so a rehearsal shows the job exactly as it was asked for.

use super::state::SimBucket;
use super::{RETIRED_DATASET_BUCKET, Sim};
use crate::cloud::{CloudError, CloudResult, JobRequest, ResourceKind, split_s3_uri};
use crate::workshop::sim_plan::{JobProfile, LogFormat, MetricCurve};

/// The tag naming the jobs.toml entry a launched job came from.
pub const JOB_TAG: &str = "labguide:job";

/// Objects up to this size keep their text in the sim's state file.
const MAX_KEPT_BODY: usize = 256 * 1024;

impl Sim {
    pub(super) fn add_object(&self, bucket: &str, key: &str) -> CloudResult<()> {
        self.put_body(bucket, key, None)
    }

    /// Stores an object; a small text body is kept so it can be read back.
    pub(super) fn put_body(&self, bucket: &str, key: &str, body: Option<&[u8]>) -> CloudResult<()> {
        let kept = body
            .filter(|b| b.len() <= MAX_KEPT_BODY)
            .map(<[u8]>::to_vec);
        self.with_state(|s| {
            match s.buckets.iter_mut().find(|b| b.name == bucket) {
                Some(b) => {
                    if !b.keys.iter().any(|k| k == key) {
                        b.keys.push(key.to_string());
                    }
                    match kept {
                        Some(t) => {
                            b.bodies.insert(key.to_string(), t);
                        }
                        None => {
                            b.bodies.remove(key);
                        }
                    }
                }
                None => {
                    return Err(CloudError::NotFound {
                        what: format!("s3://{bucket}"),
                    });
                }
            }
            self.persist(s);
            Ok(())
        })
    }

    pub(super) fn make_bucket(&self, bucket: &str) -> bool {
        self.with_state(|s| {
            if s.buckets.iter().any(|b| b.name == bucket) {
                return false;
            }
            s.buckets.push(SimBucket {
                name: bucket.to_string(),
                keys: vec![],
                bodies: Default::default(),
            });
            self.persist(s);
            true
        })
    }

    /// Copies like S3 does; a bucket the sim does not hold is public data outside it,
    /// taken as readable with the one object named (or one part under a prefix).
    pub(super) fn copy(&self, from: &str, to: &str) -> CloudResult<usize> {
        let (Some((src_bucket, src_key)), Some((dst_bucket, dst_prefix))) =
            (split_s3_uri(from), split_s3_uri(to))
        else {
            return Err(CloudError::Invalid(format!(
                "not an S3 address: {from} or {to}"
            )));
        };
        if src_bucket == RETIRED_DATASET_BUCKET {
            return Err(CloudError::AccessDenied {
                action: "s3:GetObject".into(),
            });
        }
        let held = self.with_state(|s| {
            s.buckets
                .iter()
                .find(|b| b.name == src_bucket)
                .map(|b| b.keys.clone())
        });
        let keys: Vec<String> = match held {
            Some(keys) => keys
                .into_iter()
                .filter(|k| {
                    if src_key.is_empty() || src_key.ends_with('/') {
                        k.starts_with(src_key)
                    } else {
                        k == src_key
                    }
                })
                .collect(),
            None if src_key.is_empty() || src_key.ends_with('/') => {
                vec![format!("{src_key}part-0")]
            }
            None => vec![src_key.to_string()],
        };
        if keys.is_empty() {
            return Err(CloudError::NotFound {
                what: from.to_string(),
            });
        }
        for key in &keys {
            let dest = crate::cloud::copy_destination(src_key, key, dst_prefix);
            self.add_object(dst_bucket, &dest)?;
        }
        Ok(keys.len())
    }

    pub(super) fn get_body(&self, bucket: &str, key: &str) -> CloudResult<Vec<u8>> {
        self.with_state(|s| {
            let b = s
                .buckets
                .iter()
                .find(|b| b.name == bucket)
                .filter(|b| b.keys.iter().any(|k| k == key))
                .ok_or_else(|| CloudError::NotFound {
                    what: format!("s3://{bucket}/{key}"),
                })?;
            Ok(b.bodies.get(key).cloned().unwrap_or_default())
        })
    }

    /// An endpoint in service answers every instance it was sent, saying it is a
    /// rehearsal: the sim has no model to ask.
    pub(super) fn answer(
        &self,
        name: &str,
        content_type: &str,
        body: &[u8],
    ) -> CloudResult<crate::cloud::Invoked> {
        let serving = self
            .found(ResourceKind::Endpoint, name)
            .into_iter()
            .any(|e| e.name == name && e.status.as_deref() == Some("InService"));
        if !serving {
            return Err(CloudError::NotFound {
                what: format!("endpoint {name} (InService)"),
            });
        }
        let count = if content_type.starts_with("text/csv") {
            String::from_utf8_lossy(body)
                .lines()
                .filter(|l| !l.trim().is_empty())
                .count()
        } else {
            serde_json::from_slice::<serde_json::Value>(body)
                .ok()
                .and_then(|v| v.get("instances").and_then(|i| i.as_array()).map(Vec::len))
                .unwrap_or(1)
        };
        let predictions: Vec<serde_json::Value> = (0..count)
            .map(|_| serde_json::json!({ "simulated": true }))
            .collect();
        Ok(crate::cloud::Invoked {
            body: serde_json::json!({ "predictions": predictions })
                .to_string()
                .into_bytes(),
            variant: self.variant_for_request(name),
        })
    }

    pub(super) fn launch(&self, req: JobRequest) -> CloudResult<()> {
        let kind = req.kind.unwrap_or(ResourceKind::TrainingJob);
        let plans = self.plans();
        let plan = req
            .tag(JOB_TAG)
            .and_then(|id| plans.launches.get(id))
            .cloned();
        let seconds = plan.as_ref().map_or(300.0, |p| p.seconds);
        let metrics = req
            .metric_definitions
            .iter()
            .map(|(name, regex)| {
                let [from, to] = plan
                    .as_ref()
                    .and_then(|p| p.curves.get(name).copied())
                    .unwrap_or([0.0, 0.0]);
                MetricCurve {
                    name: name.clone(),
                    regex: regex.clone(),
                    from,
                    to,
                }
            })
            .collect();
        let log = match plan.as_ref().and_then(|p| p.log_line.clone()) {
            Some(line) => LogFormat::Template {
                line,
                lines: plan.as_ref().and_then(|p| p.log_lines).unwrap_or(100),
            },
            None => LogFormat::Plain,
        };
        let profile = JobProfile {
            instance_type: req.instance_type.clone(),
            instance_count: u32::try_from(req.instance_count).unwrap_or(1),
            metrics,
            rules: vec![],
            log,
            hyperparameters: crate::cloud::live::own_hyperparameters(
                req.hyperparameters
                    .iter()
                    .map(|(k, v)| (k.as_str(), v.as_str())),
            ),
        };
        // What a processing job writes is there for the next job to read: the files its
        // plan names under an output, or one part.
        for (output, uri, _) in &req.outputs {
            if let Some((bucket, prefix)) = split_s3_uri(uri) {
                self.make_bucket(bucket);
                let base = prefix.trim_end_matches('/');
                let files: Vec<(&str, &str)> = plan
                    .iter()
                    .flat_map(|p| p.file_bodies.iter())
                    .filter_map(|(path, body)| {
                        let (out, name) = path.split_once('/')?;
                        (out == output).then_some((name, body.as_str()))
                    })
                    .collect();
                if files.is_empty() {
                    self.add_object(bucket, &format!("{base}/part-0"))?;
                }
                for (name, body) in files {
                    self.put_body(bucket, &format!("{base}/{name}"), Some(body.as_bytes()))?;
                }
            }
        }
        // A training job's output archive: the plan's `output/...` files, packed as the
        // container packs SM_OUTPUT_DATA_DIR.
        let outputs: Vec<(String, Vec<u8>)> = plan
            .iter()
            .flat_map(|p| p.file_bodies.iter())
            .filter_map(|(path, body)| {
                let rel = path.strip_prefix("output/")?;
                Some((rel.to_string(), body.as_bytes().to_vec()))
            })
            .collect();
        if kind == ResourceKind::TrainingJob
            && !outputs.is_empty()
            && let Some((bucket, prefix)) = split_s3_uri(&req.output_uri)
        {
            let archive = crate::cloud::archive::pack(&outputs)
                .map_err(|e| CloudError::Other(e.to_string()))?;
            let key = format!(
                "{}/{}/output/output.tar.gz",
                prefix.trim_end_matches('/'),
                req.name
            );
            self.make_bucket(bucket);
            self.put_body(bucket, key.trim_start_matches('/'), Some(&archive))?;
        }
        let now = self.clock.now();
        let phases = vec![
            (0.0, "InProgress".to_string()),
            (seconds, "Completed".to_string()),
        ];
        self.with_state(|s| {
            if s.resources
                .iter()
                .any(|r| r.kind == kind && r.name == req.name)
            {
                return Err(CloudError::AlreadyExists {
                    name: req.name.clone(),
                });
            }
            let mut made = self.made(now, kind, &req.name, phases);
            made.instance_type = Some(req.instance_type.clone());
            made.job = Some(profile);
            made.role = Some(req.role_arn.clone());
            made.tags = req.tags.clone();
            s.resources.push(made);
            self.persist(s);
            Ok(())
        })
    }
}
