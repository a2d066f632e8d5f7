//! What each notebook step of the workshop creates, for the sim to play: the resources
//! with the names the notebooks give them and their status over time (virtual seconds
//! after the step starts), from the workshop's own notebooks and AWS's usual timings.

use super::{SimBucket, SimResource};
use crate::cloud::{ResourceKind, sdk_timestamp};

/// A resource a notebook step creates: kind, name prefix, naming style, status phases.
struct Planned {
    kind: ResourceKind,
    prefix: &'static str,
    /// `true`: `<prefix><SDK timestamp>`; `false`: `<prefix><epoch seconds>`.
    timestamped: bool,
    phases: &'static [(f64, &'static str)],
}

const TRAINING_SHORT: &[(f64, &str)] = &[(0.0, "InProgress"), (300.0, "Completed")];
const TRAINING_TF: &[(f64, &str)] = &[(0.0, "InProgress"), (1800.0, "Completed")];
const TRAINING_SDP: &[(f64, &str)] = &[(0.0, "InProgress"), (2400.0, "Completed")];
const PROCESSING: &[(f64, &str)] = &[(0.0, "InProgress"), (600.0, "Completed")];
pub(super) const AUTOML: &[(f64, &str)] = &[(0.0, "InProgress"), (3600.0, "Completed")];
pub(super) const ENDPOINT: &[(f64, &str)] = &[(0.0, "Creating"), (420.0, "InService")];
pub(super) const CLASSIFIER: &[(f64, &str)] =
    &[(0.0, "SUBMITTED"), (60.0, "TRAINING"), (2400.0, "TRAINED")];
pub(super) const COMPREHEND_ENDPOINT: &[(f64, &str)] = &[(0.0, "CREATING"), (600.0, "IN_SERVICE")];
const NONE: &[(f64, &str)] = &[];

const fn planned(
    kind: ResourceKind,
    prefix: &'static str,
    timestamped: bool,
    phases: &'static [(f64, &'static str)],
) -> Planned {
    Planned {
        kind,
        prefix,
        timestamped,
        phases,
    }
}

use ResourceKind::*;

fn plan(step: &str) -> Option<Vec<Planned>> {
    Some(match step {
        "lab0-mnist" => vec![
            planned(TrainingJob, "linear-learner-", true, TRAINING_SHORT),
            planned(TrainingJob, "pytorch-training-", true, TRAINING_SHORT),
        ],
        "lab1-athena" => vec![],
        "lab1-autopilot" => vec![
            planned(AutoMlJob, "automl-dm-", false, AUTOML),
            planned(Endpoint, "automl-dm-ep-", false, ENDPOINT),
        ],
        "lab1-comprehend" => vec![
            planned(
                ComprehendClassifier,
                "Amazon-Customer-Reviews-Classifier-",
                false,
                CLASSIFIER,
            ),
            planned(
                ComprehendEndpoint,
                "comprehend-inference-ep-",
                false,
                COMPREHEND_ENDPOINT,
            ),
        ],
        "lab2-processing" => vec![planned(
            ProcessingJob,
            "sagemaker-scikit-learn-",
            true,
            PROCESSING,
        )],
        "lab2-training" => vec![planned(
            TrainingJob,
            "tensorflow-training-",
            true,
            TRAINING_TF,
        )],
        "lab2-endpoint" | "lab2-canary" => vec![
            planned(Model, "tensorflow-training-", true, NONE),
            planned(EndpointConfig, "tensorflow-training-", true, NONE),
            planned(Endpoint, "tensorflow-training-", true, ENDPOINT),
        ],
        "lab3-training" => vec![planned(
            TrainingJob,
            "sdp-dist-training-job-",
            false,
            TRAINING_SDP,
        )],
        "lab3-endpoint" => vec![
            planned(Model, "sdp-dist-training-job-", false, NONE),
            planned(EndpointConfig, "endpoint-pet-classifier-", false, NONE),
            planned(Endpoint, "endpoint-pet-classifier-", false, ENDPOINT),
        ],
        _ => return None,
    })
}

/// The resources a notebook step creates, started at `now` (wall clock), or `None` for a
/// step the sim does not know.
pub fn resources(step: &str, now: f64, speed: f64) -> Option<Vec<SimResource>> {
    let planned = plan(step)?;
    Some(
        planned
            .into_iter()
            .map(|p| SimResource {
                kind: p.kind,
                name: if p.timestamped {
                    format!("{}{}", p.prefix, sdk_timestamp(now))
                } else {
                    format!("{}{}", p.prefix, now as u64)
                },
                created_at: now,
                speed,
                phases: p
                    .phases
                    .iter()
                    .map(|(at, s)| (*at, s.to_string()))
                    .collect(),
                variants: if p.kind == Endpoint {
                    vec![("AllTraffic".into(), 1.0)]
                } else {
                    vec![]
                },
                previous_variants: vec![],
                instance_type: (p.kind == Endpoint).then(|| {
                    if p.prefix.starts_with("endpoint-pet") {
                        "ml.c5.large"
                    } else {
                        "ml.m5.large"
                    }
                    .to_string()
                }),
            })
            .collect(),
    )
}

/// IAM roles and Glue databases a notebook step creates.
pub fn other(step: &str) -> (&'static [&'static str], &'static [&'static str]) {
    match step {
        "lab1-athena" => (&[], &["awsdb_0107"]),
        "lab1-comprehend" => (&["aws_sm_hol_Comprehend"], &[]),
        _ => (&[], &[]),
    }
}

/// The S3 data a notebook step leaves behind, in the SageMaker SDK's default bucket and
/// the experiments bucket.
pub fn buckets(step: &str, region: &str, account: &str) -> Vec<SimBucket> {
    let default = format!("sagemaker-{region}-{account}");
    let experiments = format!("sagemaker-experiments-{region}-{account}");
    let keys = |list: &[&str]| list.iter().map(|k| k.to_string()).collect();
    match step {
        "lab0-mnist" => vec![SimBucket {
            name: default,
            keys: keys(&["mnist/train/data.rec", "mnist/test/data.rec"]),
        }],
        "lab1-athena" => vec![
            SimBucket {
                name: default,
                keys: keys(&["athena/query-results/result.csv"]),
            },
            SimBucket {
                name: experiments,
                keys: keys(&[
                    "amazon-reviews-pds/parquet/product_category=Digital_Software/part-0.parquet",
                ]),
            },
        ],
        _ => vec![],
    }
}
