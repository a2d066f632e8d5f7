//! What the sim shows a live view: descriptions and one-minute metrics of its resources
//! (their log lines are in logs.rs, which shares the curves here), each a pure function of the resource and the virtual seconds since it was
//! created, so any moment can be drawn again identically (`render --sim-elapsed`).
//! The numbers follow what training jobs really do: hosts idle while the container starts
//! and data downloads, GPUs busy while training, loss falling with noise; what each job
//! runs on, reports and prints comes from its plan (sim.toml).

use std::sync::OnceLock;

use super::SimResource;
use crate::cloud::ResourceKind;
use crate::cloud::live::{Candidate, Detail, Rule, Transition, Variant, gpus, vcpus};
use crate::cloud::{MetricQuery, Series};
use crate::workshop::sim_plan::{JobProfile, MetricCurve};

/// How a job runs, from the plan that started it (sim.toml); a job no plan describes runs
/// plain: one small CPU instance, no metrics, plain log lines.
pub(super) fn profile(r: &SimResource) -> &JobProfile {
    static PLAIN: OnceLock<JobProfile> = OnceLock::new();
    r.job
        .as_ref()
        .unwrap_or_else(|| PLAIN.get_or_init(JobProfile::plain))
}

/// A repeatable number in [0, 1) for a resource, a series and a moment.
pub(super) fn noise(name: &str, series: &str, at: i64) -> f64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in name.bytes().chain(series.bytes()).chain(at.to_le_bytes()) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    // splitmix64's finaliser spreads neighbouring inputs apart.
    h = (h ^ (h >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h = (h ^ (h >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^= h >> 31;
    (h >> 11) as f64 / (1u64 << 53) as f64
}

/// The virtual second a resource reached `status`, if it has a phase by that name.
fn phase_at(r: &SimResource, status: &str) -> Option<f64> {
    r.phases
        .iter()
        .find(|(_, s)| s == status)
        .map(|(at, _)| *at)
}

/// When a job stops for good (virtual seconds after creation): completed, or stopped.
/// Endpoints never end on their own.
pub(super) fn end_of(r: &SimResource) -> f64 {
    ["Stopped", "Completed", "Failed", "TRAINED", "Deleted"]
        .iter()
        .filter_map(|s| phase_at(r, s))
        .fold(f64::INFINITY, f64::min)
}

/// The planned length of a job: when it would complete if nobody stopped it.
fn planned(r: &SimResource) -> f64 {
    phase_at(r, "Completed")
        .or_else(|| r.phases.last().map(|(at, _)| *at))
        .unwrap_or(600.0)
        .max(60.0)
}

/// The training window (virtual seconds after creation) of a training job.
pub(super) fn training_window(r: &SimResource) -> (f64, f64) {
    let total = planned(r);
    (total * 0.12, total * 0.95)
}

/// When a job works, and so logs (virtual seconds after creation).
pub(super) fn logging_window(r: &SimResource) -> (f64, f64) {
    match r.kind {
        ResourceKind::ProcessingJob => (planned(r) * 0.1, planned(r) * 0.9),
        _ => training_window(r),
    }
}

/// Secondary statuses of a training job as AWS lists them, up to `v`.
fn secondary(r: &SimResource, v: f64, base: f64) -> Vec<Transition> {
    let total = planned(r);
    let stop = phase_at(r, "Stopping");
    let mut plan = vec![
        ("Starting", 0.0, "Preparing the instances for training"),
        ("Downloading", total * 0.06, "Downloading input data"),
        (
            "Training",
            total * 0.12,
            "Training image download completed. Training in progress.",
        ),
        (
            "Uploading",
            total * 0.95,
            "Uploading generated training model",
        ),
        ("Completed", total, "Training job completed"),
    ];
    if let Some(stop) = stop {
        plan.retain(|(_, at, _)| *at < stop);
        plan.push(("Stopping", stop, "Stopping the training job"));
        plan.push(("Stopped", stop + 30.0, "The job was stopped"));
    }
    let mut out: Vec<Transition> = vec![];
    for (status, at, message) in plan {
        if at > v {
            break;
        }
        if let Some(prev) = out.last_mut() {
            prev.end = Some(base + at);
        }
        out.push(Transition {
            status: status.into(),
            start: base + at,
            end: None,
            message: Some(message.into()),
        });
    }
    if let Some(last) = out.last_mut()
        && matches!(last.status.as_str(), "Completed" | "Stopped")
    {
        last.end = Some(last.start);
    }
    out
}

/// Training progress in [0, 1] at `v`.
fn progress(r: &SimResource, v: f64) -> f64 {
    let (start, end) = training_window(r);
    ((v - start) / (end - start)).clamp(0.0, 1.0)
}

/// A metric definition's value at `v`: an exponential approach with noise that fades.
pub(super) fn metric_value(r: &SimResource, m: &MetricCurve, v: f64) -> f64 {
    let p = progress(r, v);
    let clean = m.to + (m.from - m.to) * (-3.5 * p).exp();
    let spread = (m.from - m.to).abs() * 0.06 * (1.0 - 0.6 * p);
    clean + (noise(&r.name, &m.name, v as i64) - 0.5) * 2.0 * spread
}

/// A host metric (percent, summed over cores or GPUs as CloudWatch reports it) at `v`.
fn host_value(r: &SimResource, profile: &JobProfile, host: &str, metric: &str, v: f64) -> f64 {
    let (start, end) = logging_window(r);
    let training = v >= start && v < end.min(end_of(r));
    let n = |scale: f64| (noise(&r.name, &format!("{host}{metric}"), v as i64) - 0.5) * scale;
    match metric {
        "GPUUtilization" => {
            let g = f64::from(gpus(&profile.instance_type));
            if !training || g == 0.0 {
                return 0.0;
            }
            // The first minutes load and cache images: the GPUs wait on the loader.
            let warming = (v - start) < (end - start) * 0.08;
            let per_gpu = if warming { 34.0 } else { 91.0 };
            ((per_gpu + n(10.0)) * g).clamp(0.0, 100.0 * g)
        }
        // Memory is taken once the model and batches are on the GPUs, and stays.
        "GPUMemoryUtilization" => {
            let g = f64::from(gpus(&profile.instance_type));
            if !training || g == 0.0 {
                return 0.0;
            }
            ((62.0 + n(4.0)) * g).clamp(0.0, 100.0 * g)
        }
        "CPUUtilization" => {
            let c = f64::from(vcpus(&profile.instance_type));
            let per_core = if training {
                38.0
            } else if v >= end_of(r) {
                0.0
            } else {
                6.0
            };
            ((per_core + n(8.0)) * c).clamp(0.0, 100.0 * c)
        }
        "MemoryUtilization" => {
            if v >= end_of(r) {
                return 0.0;
            }
            let base = if training {
                24.0 + 14.0 * progress(r, v)
            } else {
                9.0
            };
            (base + n(3.0)).clamp(0.0, 100.0)
        }
        _ => 0.0,
    }
}

/// The description of a resource at `v` virtual seconds; `base` is its creation time on
/// the sim's scaled clock.
pub(super) fn describe(r: &SimResource, v: f64, base: f64) -> Detail {
    let status = r.status_at(v).unwrap_or_default().to_string();
    let prof = profile(r);
    let mut d = Detail {
        name: r.name.clone(),
        status: status.clone(),
        created: base,
        ..Detail::default()
    };
    let end = end_of(r);
    if v >= end {
        d.ended = Some(base + end);
    }
    match r.kind {
        ResourceKind::TrainingJob => {
            d.transitions = secondary(r, v, base);
            d.secondary = d.transitions.last().map(|t| t.status.clone());
            d.instance_type = Some(prof.instance_type.clone());
            d.instance_count = prof.instance_count;
            let billed_from = planned(r) * 0.06;
            d.billable_seconds = Some((v.min(end) - billed_from).max(0.0).round());
            d.hyperparameters = prof.hyperparameters.clone();
            d.metric_definitions = prof
                .metrics
                .iter()
                .map(|m| (m.name.clone(), m.regex.clone()))
                .collect();
            if v >= end {
                d.final_metrics = prof
                    .metrics
                    .iter()
                    .map(|m| (m.name.clone(), metric_value(r, m, end)))
                    .collect();
            }
            let (start, train_end) = training_window(r);
            d.rules = prof
                .rules
                .iter()
                .map(|rule| Rule {
                    name: rule.name.clone(),
                    status: if v < start {
                        "InProgress"
                    } else if rule.finds_issues && v >= start + (train_end - start) * 0.08 {
                        "IssuesFound"
                    } else if v >= end {
                        "NoIssuesFound"
                    } else {
                        "InProgress"
                    }
                    .into(),
                })
                .collect();
        }
        ResourceKind::ProcessingJob => {
            d.instance_type = Some(prof.instance_type.clone());
            d.instance_count = prof.instance_count;
        }
        ResourceKind::AutoMlJob => {
            let total = planned(r);
            let stages = [
                (0.0, "Starting"),
                (0.02, "AnalyzingData"),
                (0.12, "FeatureEngineering"),
                (0.3, "ModelTuning"),
                (0.9, "GeneratingExplainabilityReport"),
                (0.97, "GeneratingModelInsightsReport"),
                (1.0, "Completed"),
            ];
            d.secondary = stages
                .iter()
                .rev()
                .find(|(at, _)| at * total <= v)
                .map(|(_, s)| s.to_string());
            d.objective_metric = Some("Accuracy".into());
            // Candidates finish one after another while the models are tuned.
            let tuned = ((v / total - 0.3) / 0.6).clamp(0.0, 1.0);
            let count = (tuned * 12.0).floor() as usize;
            let mut candidates: Vec<Candidate> = (0..count)
                .map(|i| Candidate {
                    name: format!("{}-{:03}", r.name, i + 1),
                    objective: Some(0.52 + 0.11 * noise(&r.name, "candidate", i as i64)),
                    status: "Completed".into(),
                })
                .collect();
            candidates.sort_by(|a, b| {
                b.objective
                    .unwrap_or(0.0)
                    .total_cmp(&a.objective.unwrap_or(0.0))
            });
            d.candidates = candidates;
        }
        ResourceKind::ComprehendClassifier => {
            if matches!(status.as_str(), "TRAINED" | "TRAINED_WITH_WARNING") {
                d.final_metrics = vec![
                    ("Accuracy".into(), 0.63),
                    ("F1Score".into(), 0.61),
                    ("Precision".into(), 0.62),
                    ("Recall".into(), 0.6),
                ];
            }
        }
        ResourceKind::ComprehendEndpoint => {
            let ready = status == "IN_SERVICE";
            d.inference_units = Some((i32::from(ready), 1));
        }
        ResourceKind::Endpoint => {
            let updating = status == "Updating";
            let current = if updating && !r.previous_variants.is_empty() {
                &r.previous_variants
            } else {
                &r.variants
            };
            let mut variants: Vec<Variant> = r
                .variants
                .iter()
                .map(|(name, weight)| {
                    let now = current.iter().find(|(n, _)| n == name);
                    Variant {
                        name: name.clone(),
                        instance_type: r.instance_type.clone(),
                        current_weight: now.map_or(0.0, |(_, w)| *w),
                        desired_weight: *weight,
                        current_instances: i32::from(now.is_some() && status != "Creating"),
                        desired_instances: 1,
                    }
                })
                .collect();
            // A variant on its way out still serves until the update is done.
            for (name, weight) in current {
                if !variants.iter().any(|x| &x.name == name) {
                    variants.push(Variant {
                        name: name.clone(),
                        instance_type: r.instance_type.clone(),
                        current_weight: *weight,
                        desired_weight: 0.0,
                        current_instances: 1,
                        desired_instances: 0,
                    });
                }
            }
            d.variants = variants;
        }
        _ => {}
    }
    d
}

/// One point of a metric series at `v`, or `None` when the resource publishes nothing
/// then. `what` is the query's metric; `host` and `variant` its dimensions.
pub(super) fn metric_point(
    r: &SimResource,
    metric: &str,
    host: Option<&str>,
    variant: Option<&str>,
    v: f64,
) -> Option<f64> {
    if v < 0.0 {
        return None;
    }
    match r.kind {
        ResourceKind::TrainingJob => {
            let prof = profile(r);
            if let Some(host) = host {
                return (v < end_of(r)).then(|| host_value(r, prof, host, metric, v));
            }
            let (start, end) = training_window(r);
            let m = prof.metrics.iter().find(|m| m.name == metric)?;
            (v >= start && v <= end.min(end_of(r))).then(|| metric_value(r, m, v))
        }
        ResourceKind::ProcessingJob => {
            let host = host?;
            (v < end_of(r)).then(|| host_value(r, profile(r), host, metric, v))
        }
        ResourceKind::Endpoint => {
            let variant = variant?;
            if !matches!(r.status_at(v), Some("InService" | "Updating")) {
                return None;
            }
            let weights = if r.status_at(v) == Some("Updating") && !r.previous_variants.is_empty() {
                &r.previous_variants
            } else {
                &r.variants
            };
            let total: f64 = weights.iter().map(|(_, w)| *w).sum();
            let share = weights
                .iter()
                .find(|(n, _)| n == variant)
                .map_or(0.0, |(_, w)| if total > 0.0 { w / total } else { 0.0 });
            let n = noise(&r.name, &format!("{variant}{metric}"), v as i64);
            match metric {
                // The notebook's test loop: about two requests a second.
                "Invocations" => Some((share * (110.0 + 30.0 * n)).round()),
                "ModelLatency" if share > 0.0 => {
                    let typical = if variant == "VariantB" {
                        38_000.0
                    } else {
                        46_000.0
                    };
                    Some(typical + 9_000.0 * (n - 0.5))
                }
                _ => None,
            }
        }
        _ => None,
    }
}

/// The points of `q` between `start` and `end` (the sim's scaled clock), up to `now`, from
/// the newest resource the query's dimensions name.
pub(super) fn series(
    resources: &[SimResource],
    q: &MetricQuery,
    start: f64,
    end: f64,
    now: f64,
) -> Series {
    let period = crate::cloud::live::METRIC_PERIOD;
    let dim = |k: &str| {
        q.dimensions
            .iter()
            .find(|(d, _)| d == k)
            .map(|(_, v)| v.as_str())
    };
    let (owner, host) = match dim("Host") {
        Some(h) => match h.rsplit_once('/') {
            Some((job, host)) => (Some(job), Some(host)),
            None => (None, None),
        },
        None => (dim("TrainingJobName").or(dim("EndpointName")), None),
    };
    let resource = owner.and_then(|o| resources.iter().rev().find(|r| r.name == o));
    let mut points = vec![];
    if let Some(r) = resource {
        let base = r.created_at * r.speed;
        let mut t = (start.max(base) / period).ceil() * period;
        while t <= end.min(now) {
            if let Some(value) = metric_point(r, &q.metric, host, dim("VariantName"), t - base) {
                points.push((t, value));
            }
            t += period;
        }
    }
    Series {
        id: q.id.clone(),
        points,
    }
}

#[cfg(test)]
mod tests {
    use super::super::logs::{log_page, log_streams};
    use super::*;
    use crate::workshop::sim_plan::LogFormat;

    /// The first job the shipped plan of `notebook_step` starts, named `name`.
    fn job(notebook_step: &str, name: &str, total: f64) -> SimResource {
        let plans = crate::workshop::sim_plan::SimPlans::shipped();
        let planned = plans
            .get(notebook_step)
            .and_then(|p| p.create.first())
            .and_then(|p| p.job.clone());
        assert!(planned.is_some(), "{notebook_step} starts a job");
        SimResource {
            kind: ResourceKind::TrainingJob,
            name: name.into(),
            created_at: 1000.0,
            speed: 1.0,
            phases: vec![(0.0, "InProgress".into()), (total, "Completed".into())],
            variants: vec![],
            previous_variants: vec![],
            instance_type: None,
            job: planned,
            role: None,
            tags: vec![],
        }
    }

    #[test]
    fn gpus_work_only_while_training_and_loss_falls() {
        let r = job("lab3-training", "sdp-dist-training-job-1", 2400.0);
        let d = describe(&r, 60.0, 0.0);
        assert_eq!(d.secondary.as_deref(), Some("Starting"));
        assert_eq!(d.instance_count, 2);
        let idle = metric_point(&r, "GPUUtilization", Some("algo-1"), None, 100.0);
        assert_eq!(idle, Some(0.0));
        let busy = metric_point(&r, "GPUUtilization", Some("algo-2"), None, 1500.0).unwrap_or(0.0);
        assert!(busy > 600.0 && busy <= 800.0, "{busy}");
        let early = metric_point(&r, "train:Loss", None, None, 400.0).unwrap_or(0.0);
        let late = metric_point(&r, "train:Loss", None, None, 2200.0).unwrap_or(9.0);
        assert!(early > late + 1.0, "{early} {late}");
        let done = describe(&r, 2500.0, 0.0);
        assert_eq!(done.secondary.as_deref(), Some("Completed"));
        assert!(done.rules.iter().any(Rule::found_issues));
        assert_eq!(done.final_metrics.len(), 5);
    }

    #[test]
    fn logs_are_read_forward_and_parse_with_the_jobs_definitions() {
        let r = job("lab2-training", "tensorflow-training-x", 1800.0);
        let d = describe(&r, 1000.0, 0.0);
        let parser = crate::cloud::live::MetricParser::new(&d.metric_definitions);
        let streams = log_streams(&r, 1000.0, 1);
        assert_eq!(streams.len(), 1);
        let page = log_page(&r, &streams[0], None, 1000.0, 0.0, 10_000);
        assert!(page.lines.len() > 20);
        let parsed: usize = page.lines.iter().map(|(_, l)| parser.parse(l).len()).sum();
        assert!(parsed > 20, "{parsed}");
        let again = log_page(
            &r,
            &streams[0],
            page.next_token.as_deref(),
            1000.0,
            0.0,
            10_000,
        );
        assert!(again.lines.is_empty());
        let later = log_page(
            &r,
            &streams[0],
            page.next_token.as_deref(),
            1200.0,
            0.0,
            10_000,
        );
        assert!(!later.lines.is_empty());
    }

    #[test]
    fn a_template_log_prints_the_jobs_own_metrics_and_parses_back() {
        let mut r = job("lab2-training", "other-job-1", 1200.0);
        r.job = Some(JobProfile {
            instance_type: "ml.g5.xlarge".into(),
            instance_count: 1,
            metrics: vec![MetricCurve {
                name: "mse".into(),
                regex: "mse=([0-9.]+)".into(),
                from: 4.0,
                to: 0.5,
            }],
            rules: vec![],
            log: LogFormat::Template {
                line: "[{host}] step {line}: mse={mse}".into(),
                lines: 50,
            },
            hyperparameters: vec![],
        });
        let d = describe(&r, 900.0, 0.0);
        assert_eq!(d.instance_type.as_deref(), Some("ml.g5.xlarge"));
        let parser = crate::cloud::live::MetricParser::new(&d.metric_definitions);
        let streams = log_streams(&r, 900.0, 1);
        let page = log_page(&r, &streams[0], None, 900.0, 0.0, 10_000);
        let last = page
            .lines
            .last()
            .map(|(_, l)| l.clone())
            .unwrap_or_default();
        assert!(last.starts_with("[algo-1] step "), "{last}");
        assert_eq!(parser.parse(&last).len(), 1, "{last}");
        // One GPU busy while training.
        let gpu = metric_point(&r, "GPUUtilization", Some("algo-1"), None, 700.0).unwrap_or(0.0);
        assert!(gpu > 50.0 && gpu <= 100.0, "{gpu}");
    }
}
