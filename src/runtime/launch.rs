//! Launching a lab's job as the workshop's own: checks that it can start (region, instance
//! type, quota, data) before anything bills, packs and uploads its code under the
//! learner's prefix, starts it through the API with the container contract filled in,
//! writes it to the journal at once, and waits for it to end.

use std::collections::BTreeMap;

use super::actions::{param_default, settle, stack_output};
use super::{TaskCtx, WORKSHOP_TAG, timed};
use crate::app::{Alternative, Report};
use crate::cloud::{Cloud, DatasetAccess, JobRequest, ResourceKind};
use crate::workshop::labs::{ImageError, Job, JobKind, name_stamp, resource_name};
use crate::workshop::{self, Workshop};

/// The tag naming the learner whose resource it is.
pub use crate::app::provenance::LEARNER_TAG;
/// The tag naming the step that created it.
pub const STEP_TAG: &str = "labguide:step";
/// The tag naming the jobs.toml entry a job came from.
pub const JOB_TAG: &str = crate::cloud::sim::JOB_TAG;
/// The tag naming the experiment a run belongs to, by which its comparison finds it.
pub use crate::cloud::EXPERIMENT_TAG;

/// Where processing jobs find their inputs and leave their outputs.
const PROCESSING_INPUT: &str = "/opt/ml/processing/input";
const PROCESSING_OUTPUT: &str = "/opt/ml/processing/output";
/// Disk per instance: the pets images and a PyTorch image's layers fit with room to spare.
const VOLUME_GB: i32 = 50;

pub(super) async fn launch_job(
    ctx: &TaskCtx,
    t: &workshop::task::LaunchJob,
    vars: &BTreeMap<String, String>,
) -> Result<Report, Report> {
    let record = |kind: &str, name: &str, region: &str| ctx.record(kind, name, region);
    let (kind, name) = start(
        ctx.cloud.as_ref(),
        &ctx.workshop,
        &ctx.step_id(),
        t,
        vars,
        crate::cloud::wall_clock(),
        &record,
    )
    .await?;
    let status = settle(ctx.cloud.as_ref(), kind, &name, "Completed").await?;
    if status == "Completed" {
        Ok(Report::Matches { what: name, status })
    } else {
        Err(Report::ResourceStatus {
            kind,
            name,
            status,
            expected: "Completed".into(),
        })
    }
}

/// Everything of a launch up to the job's start: what it started, by kind and name.
/// `now` (seconds since the epoch) stamps the names; `record` writes each created
/// resource to the journal as it is made.
pub async fn start(
    cloud: &dyn Cloud,
    w: &Workshop,
    step_id: &str,
    t: &workshop::task::LaunchJob,
    vars: &BTreeMap<String, String>,
    now: f64,
    record: &(dyn Fn(&str, &str, &str) + Sync),
) -> Result<(ResourceKind, String), Report> {
    let Some(first) = w.jobs.jobs.get(&t.job) else {
        return Err(Report::Cloud(crate::cloud::CloudError::Invalid(format!(
            "jobs.toml has no job {}",
            t.job
        ))));
    };
    // The fallback the step or the learner chose (`--var lab3-amp-fallback=2`).
    let job = w
        .jobs
        .resolve(&t.job, t.fallback, vars)
        .unwrap_or_else(|| first.clone());
    let region = param_default(vars, "region")?;
    let account = param_default(vars, "account")?;
    let initials = param_default(vars, "initial")?;

    preflight(cloud, w, &t.job, first, &job, &region, vars).await?;

    let image_uri = image_uri(w, &job.image, &region)?;
    // The stack's role, unless one is given (an instructor preparing an account).
    let role_arn = match vars.get("role_arn").filter(|r| r.starts_with("arn:")) {
        Some(arn) => arn.clone(),
        None => stack_output(cloud, &param_default(vars, "stack")?, "RoleArn").await?,
    };
    let bucket = format!("sagemaker-{region}-{account}");
    let learner = format!("labguide/{initials}");
    if timed(cloud, cloud.ensure_bucket(&bucket))
        .await
        .map_err(Report::Cloud)?
    {
        record("bucket", &bucket, &region);
    }

    let stamp = name_stamp(now);
    let name = resource_name(&initials, &job.lab, &job.name, &stamp);
    let code_prefix = format!("{learner}/{}/code/{}", job.lab, job.name);
    let kind = match job.kind {
        JobKind::Training => ResourceKind::TrainingJob,
        JobKind::Processing => ResourceKind::ProcessingJob,
    };
    let mut req = JobRequest {
        kind: Some(kind),
        name: name.clone(),
        image_uri,
        role_arn,
        instance_type: job.instance_type.clone(),
        instance_count: i32::try_from(job.instance_count).unwrap_or(1),
        volume_gb: VOLUME_GB,
        max_seconds: i32::try_from(job.max_minutes.saturating_mul(60)).unwrap_or(i32::MAX),
        tags: vec![
            (WORKSHOP_TAG.to_string(), w.id.clone()),
            (LEARNER_TAG.to_string(), initials.clone()),
            (STEP_TAG.to_string(), step_id.to_string()),
            (JOB_TAG.to_string(), t.job.clone()),
        ],
        environment: vec![("AWS_DEFAULT_REGION".into(), region.clone())],
        ..JobRequest::default()
    };
    if let Some(experiment) = &job.experiment {
        req.tags
            .push((EXPERIMENT_TAG.to_string(), experiment.clone()));
    }
    let place = |uri: &String| workshop::substitute(uri, vars);
    match job.kind {
        JobKind::Training => {
            req.channels = job
                .channels
                .iter()
                .map(|(n, uri)| (n.clone(), place(uri)))
                .collect();
            req.content_type = job.content_type.clone();
            req.output_uri = format!("s3://{bucket}/{learner}/{}/output/", job.lab);
            req.metric_definitions = job
                .metrics
                .as_ref()
                .and_then(|m| w.jobs.metrics.get(m))
                .map(|d| d.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
                .unwrap_or_default();
            // The learner's own value for a rerun wins (`--var lab2-bert-a.learning-rate=1e-4`):
            // one setting changed, the run compared with the others.
            req.hyperparameters = job
                .hyperparameters
                .iter()
                .map(|(k, v)| {
                    let own = vars.get(&format!("{}.{k}", t.job));
                    (k.clone(), own.unwrap_or(v).clone())
                })
                .collect();
            if let (Some(code), Some(entry)) = (&job.code, &job.entry) {
                let key = format!("{code_prefix}/sourcedir.tar.gz");
                let files = w
                    .source
                    .project_files(code)
                    .map_err(|e| Report::CodeUnreadable {
                        path: code.clone(),
                        error: e.to_string(),
                    })?;
                let bytes =
                    crate::cloud::archive::pack(&files).map_err(|e| Report::CodeUnreadable {
                        path: code.clone(),
                        error: e.to_string(),
                    })?;
                timed(cloud, cloud.put_object(&bucket, &key, bytes))
                    .await
                    .map_err(Report::Cloud)?;
                record("object", &format!("s3://{bucket}/{key}"), &region);
                req.hyperparameters.extend(contract(
                    entry,
                    &format!("s3://{bucket}/{key}"),
                    &region,
                    &job,
                ));
            }
        }
        JobKind::Processing => {
            let (Some(code), Some(entry)) = (&job.code, &job.entry) else {
                return Err(Report::CodeUnreadable {
                    path: t.job.clone(),
                    error: "no entry script".into(),
                });
            };
            let path = format!("{code}/{entry}");
            let files = w.source.project_files(code).unwrap_or_default();
            let file = |name: &str| {
                files
                    .iter()
                    .find(|(p, _)| p == name)
                    .map(|(_, bytes)| bytes.clone())
            };
            let script = file(entry).ok_or_else(|| Report::CodeUnreadable {
                path: path.clone(),
                error: "not found".into(),
            })?;
            // A processing container installs nothing itself: the script's requirements
            // (transformers for lab 2's tokenizer) go up beside it and are installed first.
            let requirements = file(REQUIREMENTS).filter(|r| has_requirements(r));
            let mut uploads = vec![(entry.clone(), script)];
            if let Some(r) = &requirements {
                uploads.push((REQUIREMENTS.to_string(), r.clone()));
            }
            for (name, bytes) in uploads {
                let key = format!("{code_prefix}/{name}");
                timed(cloud, cloud.put_object(&bucket, &key, bytes))
                    .await
                    .map_err(Report::Cloud)?;
                record("object", &format!("s3://{bucket}/{key}"), &region);
            }
            req.inputs.push((
                "code".into(),
                format!("s3://{bucket}/{code_prefix}/"),
                format!("{PROCESSING_INPUT}/code"),
            ));
            for (n, uri) in &job.inputs {
                req.inputs
                    .push((n.clone(), place(uri), format!("{PROCESSING_INPUT}/{n}")));
            }
            for (n, uri) in &job.outputs {
                req.outputs
                    .push((n.clone(), place(uri), format!("{PROCESSING_OUTPUT}/{n}")));
            }
            let run = format!("{PROCESSING_INPUT}/code/{entry}");
            req.entrypoint = match requirements {
                Some(_) => vec![
                    "/bin/sh".into(),
                    "-c".into(),
                    format!(
                        "python3 -m pip install --quiet --no-cache-dir -r {PROCESSING_INPUT}/code/{REQUIREMENTS} && exec python3 {run}"
                    ),
                ],
                None => vec!["python3".into(), run],
            };
        }
    }
    timed(cloud, cloud.start_job(req))
        .await
        .map_err(Report::Cloud)?;
    record(kind.name(), &name, &region);
    Ok((kind, name))
}

/// The file a lab's code folder lists its Python packages in, as the training toolkit reads it.
const REQUIREMENTS: &str = "requirements.txt";

/// Whether a requirements file asks for anything (ours may hold only comments).
fn has_requirements(text: &[u8]) -> bool {
    String::from_utf8_lossy(text)
        .lines()
        .map(str::trim)
        .any(|l| !l.is_empty() && !l.starts_with('#'))
}

/// The hyperparameters the framework container reads to find and run our script: JSON
/// strings, as the container decodes every value.
fn contract(entry: &str, submit: &str, region: &str, job: &Job) -> Vec<(String, String)> {
    let quoted = |s: &str| serde_json::Value::String(s.to_string()).to_string();
    let mut out = vec![
        ("sagemaker_program".to_string(), quoted(entry)),
        ("sagemaker_submit_directory".to_string(), quoted(submit)),
        ("sagemaker_region".to_string(), quoted(region)),
        (
            "sagemaker_container_log_level".to_string(),
            "20".to_string(),
        ),
    ];
    if job.distributed {
        out.push((
            "sagemaker_torch_distributed_enabled".to_string(),
            "true".to_string(),
        ));
    }
    out
}

pub fn image_uri(w: &Workshop, image: &str, region: &str) -> Result<String, Report> {
    w.images.uri(image, region).map_err(|e| match e {
        ImageError::UnknownRegion { region, known } => Report::RegionUnknown {
            region,
            known: known.join(", "),
        },
        ImageError::UnknownImage(image) => Report::Cloud(crate::cloud::CloudError::Invalid(
            format!("assets/images.toml has no image {image}"),
        )),
    })
}

/// What must hold before a launch bills anything: the image has a registry in the
/// region, the instance type is offered there, the quota allows the count, and what
/// the job reads is in S3. A refusal names the next-best choice that passes.
async fn preflight(
    cloud: &dyn Cloud,
    w: &Workshop,
    job_id: &str,
    first: &Job,
    job: &Job,
    region: &str,
    vars: &BTreeMap<String, String>,
) -> Result<(), Report> {
    image_uri(w, &job.image, region)?;
    let offered = |instance_type: &str| {
        w.images
            .instances
            .get(instance_type)
            .is_some_and(|i| i.regions.iter().any(|r| r == region))
    };
    if !offered(&job.instance_type) {
        return Err(Report::InstanceNotOffered {
            instance_type: job.instance_type.clone(),
            region: region.to_string(),
            instead: alternative(cloud, w, job_id, first, job, region)
                .await
                .map(Box::new),
        });
    }
    if let Some(have) = quota(cloud, w, &job.instance_type).await?
        && have < f64::from(job.instance_count)
    {
        return Err(Report::LaunchQuota {
            instance_type: job.instance_type.clone(),
            have,
            need: job.instance_count,
            instead: alternative(cloud, w, job_id, first, job, region)
                .await
                .map(Box::new),
        });
    }
    for uri in job.channels.values().chain(job.inputs.values()) {
        let uri = workshop::substitute(uri, vars);
        match timed(cloud, cloud.probe_dataset(&uri))
            .await
            .map_err(Report::Cloud)?
        {
            DatasetAccess::Readable { .. } => {}
            _ => return Err(Report::DataNotReady { uri }),
        }
    }
    Ok(())
}

/// The training quota for an instance type: `None` when Service Quotas does not say.
async fn quota(
    cloud: &dyn Cloud,
    w: &Workshop,
    instance_type: &str,
) -> Result<Option<f64>, Report> {
    let Some(name) = w
        .images
        .instances
        .get(instance_type)
        .map(|i| i.quota.clone())
    else {
        return Ok(None);
    };
    match timed(cloud, cloud.service_quota("sagemaker", &name)).await {
        Ok(v) => Ok(v),
        // The quota cannot be read (no permission, the service failing): the check is
        // advice, and CreateTrainingJob itself refuses a launch past the quota, with a
        // message of its own.
        Err(e) => {
            tracing::warn!(error = %e, quota = name, "could not read the quota; launching anyway");
            Ok(None)
        }
    }
}

/// The first fallback after the one running that is offered in the region and within
/// its quota.
async fn alternative(
    cloud: &dyn Cloud,
    w: &Workshop,
    job_id: &str,
    first: &Job,
    job: &Job,
    region: &str,
) -> Option<Alternative> {
    let start = first
        .fallbacks
        .iter()
        .position(|f| {
            f.instance_type == job.instance_type && f.instance_count == job.instance_count
        })
        .map_or(0, |i| i + 1);
    for (i, f) in first.fallbacks.iter().enumerate().skip(start) {
        let offered = w
            .images
            .instances
            .get(&f.instance_type)
            .is_some_and(|t| t.regions.iter().any(|r| r == region));
        if !offered {
            continue;
        }
        let within = match quota(cloud, w, &f.instance_type).await {
            Ok(Some(have)) => have >= f64::from(f.instance_count),
            Ok(None) => true,
            Err(_) => false,
        };
        if within {
            return Some(Alternative {
                index: i + 1,
                job: job_id.to_string(),
                instance_type: f.instance_type.clone(),
                instance_count: f.instance_count,
                per_hour: w
                    .prices
                    .per_hour(region, &f.instance_type)
                    .map(|p| p * f64::from(f.instance_count)),
            });
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cloud::sim::{ManualClock, SIM_ACCOUNT, Sim};
    use crate::runtime::ask::{ask_endpoint, compact};
    use std::sync::Arc;

    fn setup() -> (Workshop, BTreeMap<String, String>) {
        let w = crate::workshop::load(&crate::workshop::Source::Embedded).expect("shipped");
        let mut vars = w.vars.clone();
        vars.insert("initial".into(), "kim".into());
        vars.insert("account".into(), SIM_ACCOUNT.into());
        vars.insert("region".into(), "us-east-1".into());
        vars.insert("role_arn".into(), "arn:aws:iam::123456789012:role/x".into());
        (w, vars)
    }

    fn sim() -> Sim {
        Sim::new(1.0, "us-east-1", Arc::new(ManualClock::new(0.0)), None)
    }

    fn t(job: &str) -> workshop::task::LaunchJob {
        workshop::task::LaunchJob {
            job: job.into(),
            fallback: None,
        }
    }

    #[tokio::test]
    async fn quota_zero_refuses_and_offers_the_next_choice_that_fits() {
        let (w, vars) = setup();
        let sim = sim()
            .with_quota("ml.g5.12xlarge for training job usage", 0.0)
            .with_quota("ml.g5.xlarge for training job usage", 1.0);
        let made = std::sync::Mutex::new(vec![]);
        let record =
            |k: &str, n: &str, _: &str| made.lock().unwrap().push((k.to_string(), n.to_string()));
        match start(
            &sim,
            &w,
            "lab3-training",
            &t("lab3-amp"),
            &vars,
            0.0,
            &record,
        )
        .await
        {
            Err(Report::LaunchQuota {
                instance_type,
                have,
                need,
                instead: Some(alt),
            }) => {
                assert_eq!(
                    (instance_type.as_str(), have, need),
                    ("ml.g5.12xlarge", 0.0, 2)
                );
                // One g5.12xlarge does not fit a quota of 0 either: the single GPU does.
                assert_eq!(
                    (alt.index, alt.instance_type.as_str(), alt.instance_count),
                    (2, "ml.g5.xlarge", 1)
                );
                assert_eq!(alt.per_hour, Some(1.408));
            }
            other => panic!("{other:?}"),
        }
        assert!(made.lock().unwrap().is_empty(), "nothing created");
        assert!(
            sim.find(ResourceKind::TrainingJob, "lg-")
                .await
                .unwrap()
                .is_empty()
        );
    }

    #[tokio::test]
    async fn the_chosen_fallback_runs_after_the_data_is_fetched() {
        let (w, mut vars) = setup();
        let dir = tempfile::tempdir().unwrap();
        let sim = Sim::new(
            1.0,
            "us-east-1",
            Arc::new(ManualClock::new(0.0)),
            Some(dir.path().join("sim.json")),
        )
        .with_quota("ml.g5.12xlarge for training job usage", 0.0);
        let none = |_: &str, _: &str, _: &str| {};
        let (kind, fetch) = start(
            &sim,
            &w,
            "lab3-training",
            &t("lab3-fetch"),
            &vars,
            0.0,
            &none,
        )
        .await
        .unwrap();
        assert_eq!(kind, ResourceKind::ProcessingJob);
        assert!(fetch.starts_with("lg-kim-lab3-fetch-"));
        vars.insert("lab3-amp-fallback".into(), "2".into());
        let (_, name) = start(&sim, &w, "lab3-training", &t("lab3-amp"), &vars, 0.0, &none)
            .await
            .unwrap();
        let detail = sim
            .describe(ResourceKind::TrainingJob, &name)
            .await
            .unwrap()
            .unwrap();
        let shown = format!("{detail:?}");
        assert!(shown.contains("ml.g5.xlarge"), "{shown}");
        // The metric definitions of jobs.toml went with the request (the sim keeps it).
        let kept = std::fs::read_to_string(dir.path().join("sim.json")).unwrap();
        assert!(kept.contains(r#"test_acc1=([0-9.eE+-]+)"#), "{kept}");
    }

    #[tokio::test]
    async fn an_instance_type_not_offered_in_the_region_is_refused() {
        let (w, mut vars) = setup();
        // g6 is not listed for Seoul in assets/images.toml.
        vars.insert("region".into(), "ap-northeast-2".into());
        let mut w = w;
        if let Some(job) = w.jobs.jobs.get_mut("lab3-amp") {
            job.instance_type = "ml.g6.12xlarge".into();
        }
        let none = |_: &str, _: &str, _: &str| {};
        match start(
            &sim(),
            &w,
            "lab3-training",
            &t("lab3-amp"),
            &vars,
            0.0,
            &none,
        )
        .await
        {
            Err(Report::InstanceNotOffered {
                instance_type,
                region,
                instead,
            }) => {
                assert_eq!(
                    (instance_type.as_str(), region.as_str()),
                    ("ml.g6.12xlarge", "ap-northeast-2")
                );
                assert_eq!(
                    instead.map(|a| a.instance_type),
                    Some("ml.g5.12xlarge".into())
                );
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn answers_read_as_one_short_line_each() {
        let v = |t: &str| serde_json::from_str::<serde_json::Value>(t).unwrap();
        assert_eq!(
            compact(&v(r#"{"digit": 7, "probability": 0.98123}"#)),
            "digit=7 probability=0.981"
        );
        assert_eq!(
            compact(&v(r#"{"predicted_label": 1, "score": 0.9}"#)),
            "predicted_label=1 score=0.900"
        );
        assert_eq!(
            compact(&v(
                r#"{"top5": [{"class": "beagle", "probability": 0.9}, {"class": "pug", "probability": 0.05},
                   {"class": "boxer", "probability": 0.02}, {"class": "havanese", "probability": 0.01}]}"#
            )),
            "beagle 0.900, pug 0.050, boxer 0.020, ..."
        );
    }

    #[tokio::test]
    async fn the_endpoint_is_asked_about_the_samples_the_prepare_job_left() {
        let (w, vars) = setup();
        let clock = Arc::new(ManualClock::new(0.0));
        let sim = Sim::new(1.0, "us-east-1", clock.clone(), None);
        let none = |_: &str, _: &str, _: &str| {};
        start(
            &sim,
            &w,
            "lab0-fundamentals",
            &t("lab0-prep"),
            &vars,
            0.0,
            &none,
        )
        .await
        .unwrap();
        clock.advance(300.0);
        let (_, job) = start(
            &sim,
            &w,
            "lab0-fundamentals",
            &t("lab0-linear"),
            &vars,
            300.0,
            &none,
        )
        .await
        .unwrap();
        clock.advance(600.0);
        let ask = workshop::task::AskEndpoint {
            endpoint_prefix: "lg-kim-lab0-ep-".into(),
            samples: format!(
                "s3://sagemaker-us-east-1-{SIM_ACCOUNT}/labguide/kim/lab0/samples/samples.json"
            ),
            content_type: "application/json".into(),
            samples_job: None,
        };
        // No endpoint yet: said, not guessed.
        assert!(matches!(
            ask_endpoint(&sim, &ask).await,
            Err(Report::ResourceMissing { .. })
        ));
        sim.deploy_endpoint(crate::cloud::Deploy {
            job_prefix: job.clone(),
            automl: false,
            endpoint: "lg-kim-lab0-ep-1".into(),
            instance_type: "ml.m5.large".into(),
            image_uri: None,
            tags: vec![],
        })
        .await
        .unwrap();
        clock.advance(600.0);
        match ask_endpoint(&sim, &ask).await {
            Ok(Report::Answers { endpoint, answers }) => {
                assert_eq!(endpoint, "lg-kim-lab0-ep-1");
                let labels: Vec<&str> = answers.iter().map(|(l, _)| l.as_str()).collect();
                assert_eq!(labels, ["7", "1", "0", "4", "0"]);
                assert!(
                    answers.iter().all(|(_, a)| a == "simulated=true"),
                    "{answers:?}"
                );
            }
            other => panic!("{other:?}"),
        }
        // Samples that are not labguide's JSON are refused with the address.
        sim.put_object(
            &format!("sagemaker-us-east-1-{SIM_ACCOUNT}"),
            "labguide/kim/lab0/samples/samples.json",
            b"[1, 2]".to_vec(),
        )
        .await
        .unwrap();
        assert!(matches!(
            ask_endpoint(&sim, &ask).await,
            Err(Report::SamplesUnreadable { .. })
        ));
    }

    #[tokio::test]
    async fn a_running_job_is_priced_by_its_instances_in_the_inventory() {
        let (w, mut vars) = setup();
        let sim = sim();
        let none = |_: &str, _: &str, _: &str| {};
        // The data is there (a fetch ran), so the amp run starts on 2 x ml.g5.12xlarge.
        start(
            &sim,
            &w,
            "lab3-training",
            &t("lab3-fetch"),
            &vars,
            0.0,
            &none,
        )
        .await
        .unwrap();
        vars.insert("lab3-fp32-fallback".into(), "2".into());
        start(&sim, &w, "lab3-training", &t("lab3-amp"), &vars, 0.0, &none)
            .await
            .unwrap();
        start(
            &sim,
            &w,
            "lab3-training",
            &t("lab3-fp32"),
            &vars,
            1.0,
            &none,
        )
        .await
        .unwrap();
        let scope = crate::workshop::cleanup_scope::CleanupSpec {
            prefixes: [("training_job".to_string(), vec!["lg-kim-".to_string()])]
                .into_iter()
                .collect(),
            ..Default::default()
        };
        let learner = crate::app::provenance::Learner {
            own_prefixes: vec!["lg-kim-".into()],
            ..Default::default()
        };
        let items =
            crate::runtime::cleanup::inventory(&sim, &scope, &learner, &w.prices, "us-east-1")
                .await
                .unwrap();
        let price = |job: &str| {
            items
                .iter()
                .find(|i| i.name.starts_with(job))
                .map(|i| i.per_hour)
        };
        use crate::app::inventory::PerHour;
        // 2 x 7.09 and, on its fallback, 1 x 1.408: never "unknown" for a known type.
        assert!(
            matches!(price("lg-kim-lab3-amp-"), Some(PerHour::Known(p)) if (p - 14.18).abs() < 1e-9),
            "{items:?}"
        );
        assert!(
            matches!(price("lg-kim-lab3-fp32-"), Some(PerHour::Known(p)) if (p - 1.408).abs() < 1e-9),
            "{items:?}"
        );
    }
}
