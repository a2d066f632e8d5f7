//! The log lines a simulated job prints, and CloudWatch Logs' view of them: a line is a
//! function of its index, so a page after any token is made on demand, never stored.

use super::SimResource;
use super::live::{end_of, logging_window, metric_value, noise, profile, training_window};
use crate::cloud::live::LogPage;
use crate::cloud::{CloudError, CloudResult, ResourceKind};
use crate::workshop::sim_plan::{JobProfile, LogFormat};

/// One log line every this many virtual seconds while a job logs.
fn line_gap(style: &LogFormat, r: &SimResource) -> f64 {
    let (start, end) = training_window(r);
    let lines = match style {
        // 10 epochs of 20 progress lines.
        LogFormat::Keras => 200.0,
        // 5 epochs x 92 batches x 8 GPUs, every rank printing.
        LogFormat::DataParallel => 3_680.0,
        LogFormat::PytorchMnist => 60.0,
        LogFormat::Tokenizer => 80.0,
        LogFormat::Plain => 20.0,
        LogFormat::Template { lines, .. } => f64::from(*lines),
    };
    ((end - start) / lines).max(0.05)
}

const PREAMBLE: &[&str] = &[
    "bash: cannot set terminal process group (-1): Inappropriate ioctl for device",
    "INFO - sagemaker-training-toolkit - Imported framework",
    "INFO - sagemaker-training-toolkit - No Neurons detected",
    "INFO - sagemaker-training-toolkit - Invoking user script",
];

/// The `i`th line a job's host prints after its preamble.
fn log_line(r: &SimResource, prof: &JobProfile, host: u32, i: u64, v: f64) -> String {
    let value = |name: &str| {
        prof.metrics
            .iter()
            .find(|m| m.name == name)
            .map_or(0.0, |m| metric_value(r, m, v))
    };
    match &prof.log {
        LogFormat::Keras => {
            let epoch = i / 20 + 1;
            let step = i % 20;
            if step == 0 {
                format!("Epoch {epoch}/10")
            } else if step == 19 {
                format!(
                    "1000/1000 - 95s - loss: {:.4} - accuracy: {:.4} - val_loss: {:.4} - val_accuracy: {:.4}",
                    value("train:loss"),
                    value("train:accuracy"),
                    value("validation:loss"),
                    value("validation:accuracy")
                )
            } else {
                format!(
                    "{:>4}/1000 [{:<30}] - ETA: {}s - loss: {:.4} - accuracy: {:.4}",
                    step * 53,
                    "=".repeat((step * 30 / 19) as usize),
                    (19 - step) * 5,
                    value("train:loss"),
                    value("train:accuracy")
                )
            }
        }
        LogFormat::DataParallel => {
            let rank = i % 8 + u64::from(host - 1) * 8;
            let batch = (i / 8) % 92;
            let epoch = i / (8 * 92);
            if batch == 91 && rank.is_multiple_of(8) {
                format!(
                    "Epoch: [{epoch}] Test_Time={:.3}: avg-{:.3}, Test_Loss={:.4}:({:.4}), Test_Prec@1={:.3}:({:.3}), Test_Prec@5={:.3}:({:.3})",
                    0.21,
                    0.22,
                    value("test:Loss"),
                    value("test:Loss"),
                    value("test:Prec@1"),
                    value("test:Prec@1"),
                    value("train:Prec@5"),
                    value("train:Prec@5")
                )
            } else {
                format!(
                    "[1,{rank}]<stdout>:Epoch: [{epoch}][{batch}/92] Train_Time={:.3}: avg-{:.3}, Train_Loss={:.4}:({:.4}), Train_Prec@1={:.3}:({:.3}), Train_Prec@5={:.3}:({:.3})",
                    0.38 + 0.1 * noise(&r.name, "time", i as i64),
                    0.41,
                    value("train:Loss"),
                    value("train:Loss") * 1.04,
                    value("train:Prec@1"),
                    value("train:Prec@1") * 0.97,
                    value("train:Prec@5"),
                    value("train:Prec@5") * 0.99
                )
            }
        }
        LogFormat::PytorchMnist => {
            if i % 10 == 9 {
                format!(
                    "Test set: Average loss: {:.4}, Accuracy: {:.2}%",
                    value("train:Loss"),
                    value("test:Accuracy")
                )
            } else {
                format!(
                    "Train Epoch: {} [{}/60000 ({:.0}%)] Loss: {:.6},",
                    i / 10 + 1,
                    (i % 10) * 6400,
                    (i % 10) as f64 * 10.7,
                    value("train:Loss")
                )
            }
        }
        LogFormat::Tokenizer => format!(
            "Tokenized {} of {} reviews (max_seq_length 128)",
            (i + 1) * 500,
            40_000 * host.max(1)
        ),
        LogFormat::Plain => format!("[{i}] training step finished"),
        LogFormat::Template { line, .. } => {
            let mut out = line.replace("{line}", &i.to_string());
            out = out.replace("{host}", &format!("algo-{host}"));
            for m in &prof.metrics {
                out = out.replace(
                    &format!("{{{}}}", m.name),
                    &format!("{:.4}", value(&m.name)),
                );
            }
            out
        }
    }
}

/// The log streams a job has at `v`: one per host, once its script runs.
pub(super) fn log_streams(r: &SimResource, v: f64, epoch: u64) -> Vec<String> {
    let prof = profile(r);
    let (start, _) = logging_window(r);
    if v < start || prof.instance_count == 0 {
        return vec![];
    }
    (1..=prof.instance_count)
        .map(|h| format!("{}/algo-{h}-{epoch}", r.name))
        .collect()
}

/// Lines of one stream after `token` that exist at `v`; at most `limit` per page.
pub(super) fn log_page(
    r: &SimResource,
    stream: &str,
    token: Option<&str>,
    v: f64,
    base: f64,
    limit: usize,
) -> LogPage {
    let prof = profile(r);
    let host: u32 = stream
        .rsplit('/')
        .next()
        .and_then(|s| s.strip_prefix("algo-"))
        .and_then(|s| s.split('-').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(1);
    let (start, end) = logging_window(r);
    let end = end.min(end_of(r));
    let gap = line_gap(&prof.log, r);
    let first: u64 = token
        .and_then(|t| t.strip_prefix("f/"))
        .and_then(|t| t.parse().ok())
        .unwrap_or(0);
    let preamble = PREAMBLE.len() as u64;
    // Lines written by `v`: the preamble at once, then one every `gap`.
    let written = if v < start {
        0
    } else {
        preamble + (((v.min(end) - start) / gap).floor() as u64)
    };
    let last = written.min(first + limit as u64);
    let lines = (first..last)
        .map(|i| {
            if i < preamble {
                (base + start, PREAMBLE[i as usize].to_string())
            } else {
                let at = start + (i - preamble) as f64 * gap;
                (base + at, log_line(r, prof, host, i - preamble, at))
            }
        })
        .collect();
    LogPage {
        lines,
        next_token: Some(format!("f/{last}")),
    }
}

/// The log groups these resources write to named `prefix*`, with their stored bytes.
pub(super) fn groups(resources: &[SimResource], prefix: &str) -> Vec<(String, u64)> {
    // SageMaker writes one group per kind of job, and one per endpoint.
    let mut g = vec![];
    let has = |k: ResourceKind| resources.iter().any(|r| r.kind == k);
    if has(ResourceKind::TrainingJob) {
        g.push(("/aws/sagemaker/TrainingJobs".to_string(), 48_000));
    }
    if has(ResourceKind::ProcessingJob) {
        g.push(("/aws/sagemaker/ProcessingJobs".to_string(), 12_000));
    }
    g.extend(
        resources
            .iter()
            .filter(|r| r.kind == ResourceKind::Endpoint)
            .map(|r| (format!("/aws/sagemaker/Endpoints/{}", r.name), 6_000)),
    );
    g.retain(|(name, _)| name.starts_with(prefix));
    g
}

/// The streams in `group` named `prefix*` at wall time `now`.
pub(super) fn streams(
    resources: &[SimResource],
    group: &str,
    prefix: &str,
    now: f64,
) -> Vec<String> {
    resources
        .iter()
        .filter(|r| {
            crate::cloud::live::log_location(r.kind, &r.name).is_some_and(|(g, _)| g == group)
        })
        .flat_map(|r| {
            let v = (now - r.created_at) * r.speed;
            log_streams(r, v, r.created_at as u64)
        })
        .filter(|stream| stream.starts_with(prefix))
        .collect()
}

/// One page of `stream` after `token` at wall time `now`, from the newest resource
/// writing there.
pub(super) fn page(
    resources: &[SimResource],
    group: &str,
    stream: &str,
    token: Option<&str>,
    now: f64,
) -> CloudResult<LogPage> {
    let r = resources
        .iter()
        .rev()
        .find(|r| {
            crate::cloud::live::log_location(r.kind, &r.name)
                .is_some_and(|(g, p)| g == group && stream.starts_with(&p))
        })
        .ok_or_else(|| CloudError::NotFound {
            what: format!("{group} {stream}"),
        })?;
    let v = (now - r.created_at) * r.speed;
    // As GetLogEvents: at most 10,000 lines a page.
    Ok(log_page(
        r,
        stream,
        token,
        v,
        r.created_at * r.speed,
        10_000,
    ))
}
