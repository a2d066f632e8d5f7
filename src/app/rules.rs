//! labguide's own rules for a training job, in place of SageMaker Debugger's (closed to new
//! customers, so no rule configuration is ever sent). Pure: each rule reads what a
//! `LiveView` already holds (the job's metrics, its hosts' CloudWatch series, its timeline)
//! and the time of the newest report; no clock is read here, so a rule says the same about
//! the same points every time.

use super::live::LiveView;
use crate::cloud::ResourceKind;
use crate::cloud::live::{gpus, hosts};

/// Points in each of the two windows the loss rule compares. Lab 3 logs the training loss
/// every few steps (about 25 points an epoch); the mean of 20 points has under a quarter of
/// one batch's noise, so a real plateau shows and a noisy batch does not. On CloudWatch's
/// one-minute data alone it is 20 minutes.
pub const LOSS_WINDOW_POINTS: usize = 20;
/// How much lower the newest window's mean loss must be than the window before it (as a
/// share of it) to count as still improving: 1 % is well over what the mean of 20 noisy
/// points wobbles by late in a healthy run, and well under what a learning run gains.
pub const LOSS_MIN_IMPROVEMENT: f64 = 0.01;

/// Test-loss evaluations needed before overfitting can be told from noise: a best one
/// and at least one after it, plus one before it to show the trend.
pub const OVERFIT_MIN_TEST_POINTS: usize = 3;
/// How far the last test loss must sit above its best (as a share of the best): test sets
/// of a few thousand images move the loss by a percent or two between epochs; 5 % is a rise.
pub const OVERFIT_MIN_RISE: f64 = 0.05;

/// How many times the noise of the test loss's windowed mean a rise must also exceed, when
/// the test loss comes noisy (a value every minute rather than one per test pass): the best
/// of a dozen noisy windows sits a couple of noise widths low by chance alone.
pub const OVERFIT_NOISE_SIGMAS: f64 = 3.0;

/// Per-GPU utilisation (%) under which a GPU counts as waiting. Debugger used the 95th
/// percentile under 70 %; CloudWatch gives only one-minute means, which hide the busy
/// bursts, so a mean under 30 % means the GPUs sat idle most of each minute. The lab's
/// script keeps them near 90 %.
pub const LOW_GPU_PERCENT: f64 = 30.0;
/// How long utilisation must stay under the threshold: five one-minute points, longer
/// than an evaluation pass or a checkpoint, which idle the GPUs for a minute or two.
pub const LOW_GPU_WINDOW_SECONDS: f64 = 300.0;
/// Points the window needs, so one late CloudWatch point does not decide alone.
pub const LOW_GPU_MIN_POINTS: usize = 4;
/// Seconds after Training starts that do not count: the first minutes read and cache the
/// images, and the GPUs wait on that in every healthy run too.
pub const LOW_GPU_GRACE_SECONDS: f64 = 120.0;

/// Quiet seconds (no metric point, no log line) after which a training job counts as
/// stalled. The lab's scripts log every few steps, and their longest quiet stretch is an
/// evaluation at the end of an epoch (a minute or two) plus CloudWatch Logs' delay; ten
/// minutes is far past that, and costs about $2.40 on two g5.12xlarge before it shows
/// (Debugger waited 30 minutes).
pub const STALL_SECONDS: f64 = 600.0;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RuleKind {
    LossNotDecreasing,
    Overfit,
    LowGpuUtilization,
    Stalled,
}

impl RuleKind {
    pub const ALL: [RuleKind; 4] = [
        RuleKind::LossNotDecreasing,
        RuleKind::Overfit,
        RuleKind::LowGpuUtilization,
        RuleKind::Stalled,
    ];

    /// The rule's name as Debugger called it, so the lab's lessons match.
    pub fn name(self) -> &'static str {
        match self {
            RuleKind::LossNotDecreasing => "LossNotDecreasing",
            RuleKind::Overfit => "Overfit",
            RuleKind::LowGpuUtilization => "LowGPUUtilization",
            RuleKind::Stalled => "Stalled",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RuleStatus {
    NotEnoughData,
    NoIssues,
    IssuesFound,
}

/// What an issue means and what to change: a fluent id and its arguments.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    pub id: &'static str,
    pub args: Vec<(&'static str, String)>,
}

/// One rule's evaluation.
#[derive(Clone, Debug, PartialEq)]
pub struct RuleResult {
    pub kind: RuleKind,
    pub status: RuleStatus,
    /// Set when issues are found.
    pub finding: Option<Finding>,
}

impl RuleResult {
    fn plain(kind: RuleKind, status: RuleStatus) -> RuleResult {
        RuleResult {
            kind,
            status,
            finding: None,
        }
    }

    fn issue(kind: RuleKind, id: &'static str, args: Vec<(&'static str, String)>) -> RuleResult {
        RuleResult {
            kind,
            status: RuleStatus::IssuesFound,
            finding: Some(Finding { id, args }),
        }
    }
}

/// A metric name's two halves: `train:loss` -> ("train", "loss").
fn split(name: &str) -> (String, String) {
    let lower = name.to_ascii_lowercase();
    match lower.split_once(':') {
        Some((a, b)) => (a.to_string(), b.to_string()),
        None => (String::new(), lower),
    }
}

fn is_train(prefix: &str) -> bool {
    matches!(prefix, "train" | "training")
}

fn is_test(prefix: &str) -> bool {
    matches!(
        prefix,
        "test" | "validation" | "valid" | "val" | "eval" | "evaluation"
    )
}

/// The names of the job's own metrics: its definitions, and any parsed from its log.
pub fn metric_names(view: &LiveView) -> Vec<String> {
    let mut out: Vec<String> = view
        .detail
        .iter()
        .flat_map(|d| d.metric_definitions.iter().map(|(n, _)| n.clone()))
        .collect();
    for name in view.parsed.keys() {
        if !out.contains(name) {
            out.push(name.clone());
        }
    }
    out
}

/// The job's metric whose name has a training (or test) prefix and ends with `suffix`,
/// e.g. `train:loss` for ("loss", train).
pub fn find_metric(view: &LiveView, train: bool, suffixes: &[&str]) -> Option<String> {
    let names = metric_names(view);
    suffixes.iter().find_map(|suffix| {
        names
            .iter()
            .find(|n| {
                let (prefix, rest) = split(n);
                (if train {
                    is_train(&prefix)
                } else {
                    is_test(&prefix)
                }) && rest.ends_with(suffix)
            })
            .cloned()
    })
}

fn mean(points: &[(f64, f64)]) -> f64 {
    points.iter().map(|p| p.1).sum::<f64>() / points.len().max(1) as f64
}

/// The status of the job's Training stretch: when it began and when it ended (`None`
/// while it lasts).
fn training_span(view: &LiveView) -> Option<(f64, Option<f64>)> {
    let t = view.timeline().iter().find(|t| t.status == "Training")?;
    Some((t.start, t.end))
}

/// Every rule for a training job, in `RuleKind::ALL` order; none for other kinds or before
/// the job is found. `now` is the time of the newest report (the backend's clock).
/// `LowGPUUtilization` is left out on instances without GPUs.
pub fn evaluate(view: &LiveView, now: f64) -> Vec<RuleResult> {
    let Some(d) = &view.detail else {
        return vec![];
    };
    if view.kind != Some(ResourceKind::TrainingJob) {
        return vec![];
    }
    let gpu_count = d.instance_type.as_deref().map_or(0, gpus);
    let mut out = vec![loss_not_decreasing(view), overfit(view)];
    if gpu_count > 0 {
        out.push(low_gpu(view, gpu_count, now));
    }
    out.push(stalled(view, now));
    out
}

/// The training loss's newest window is not clearly under the window before it.
pub fn loss_not_decreasing(view: &LiveView) -> RuleResult {
    let kind = RuleKind::LossNotDecreasing;
    let Some(name) = find_metric(view, true, &["loss"]) else {
        return RuleResult::plain(kind, RuleStatus::NotEnoughData);
    };
    let points = view.metric(&name);
    if points.len() < 2 * LOSS_WINDOW_POINTS {
        return RuleResult::plain(kind, RuleStatus::NotEnoughData);
    }
    let n = points.len();
    let before = mean(&points[n - 2 * LOSS_WINDOW_POINTS..n - LOSS_WINDOW_POINTS]);
    let recent = mean(&points[n - LOSS_WINDOW_POINTS..]);
    if before - recent >= LOSS_MIN_IMPROVEMENT * before.abs() {
        return RuleResult::plain(kind, RuleStatus::NoIssues);
    }
    RuleResult::issue(
        kind,
        "rule-loss-not-decreasing",
        vec![
            ("metric", name),
            ("points", LOSS_WINDOW_POINTS.to_string()),
            ("before", format!("{before:.3}")),
            ("recent", format!("{recent:.3}")),
        ],
    )
}

/// The test loss rose past its best while the training loss kept falling.
pub fn overfit(view: &LiveView) -> RuleResult {
    let kind = RuleKind::Overfit;
    let (Some(train_name), Some(test_name)) = (
        find_metric(view, true, &["loss"]),
        find_metric(view, false, &["loss"]),
    ) else {
        return RuleResult::plain(kind, RuleStatus::NotEnoughData);
    };
    let test = view.metric(&test_name);
    let train = view.metric(&train_name);
    if test.len() < OVERFIT_MIN_TEST_POINTS || train.is_empty() {
        return RuleResult::plain(kind, RuleStatus::NotEnoughData);
    }
    // Means of `w` test points in a row: one point each when the script evaluates once an
    // epoch, several when CloudWatch has a noisy value every minute.
    let w = (test.len() / 4).max(1);
    let windows: Vec<(f64, f64, f64)> = test
        .windows(w)
        .map(|pts| {
            let m = mean(pts);
            let var = pts.iter().map(|p| (p.1 - m).powi(2)).sum::<f64>() / pts.len() as f64;
            (pts[pts.len() - 1].0, m, var.sqrt())
        })
        .collect();
    let Some((best_i, &(best_at, best, _))) = windows
        .iter()
        .enumerate()
        .min_by(|a, b| a.1.1.total_cmp(&b.1.1))
    else {
        return RuleResult::plain(kind, RuleStatus::NotEnoughData);
    };
    let last_i = windows.len() - 1;
    let (_, last, _) = windows[last_i];
    // The noise of a window's mean, from the spread inside the windows; none with one point
    // a window, where each point is a whole test pass.
    let spread = windows.iter().map(|w| w.2).sum::<f64>() / windows.len() as f64;
    let noise = if w > 1 {
        spread * (2.0 / w as f64).sqrt()
    } else {
        0.0
    };
    let rise_needed = (OVERFIT_MIN_RISE * best.abs()).max(OVERFIT_NOISE_SIGMAS * noise);
    // The best window must be over before the last one starts.
    if best_i + w > last_i || last - best < rise_needed {
        return RuleResult::plain(kind, RuleStatus::NoIssues);
    }
    // The training loss around the best test loss, and since.
    let upto: Vec<(f64, f64)> = train.iter().copied().filter(|p| p.0 <= best_at).collect();
    let since: Vec<(f64, f64)> = train.iter().copied().filter(|p| p.0 > best_at).collect();
    if upto.is_empty() || since.is_empty() {
        return RuleResult::plain(kind, RuleStatus::NotEnoughData);
    }
    let at_best = mean(&upto[upto.len().saturating_sub(LOSS_WINDOW_POINTS)..]);
    let now = mean(&since[since.len().saturating_sub(LOSS_WINDOW_POINTS)..]);
    if now >= at_best {
        // Both rising is not overfitting; the loss rule speaks to it.
        return RuleResult::plain(kind, RuleStatus::NoIssues);
    }
    RuleResult::issue(
        kind,
        "rule-overfit",
        vec![
            ("test", test_name),
            ("best", format!("{best:.3}")),
            ("last", format!("{last:.3}")),
            ("train", train_name),
        ],
    )
}

/// A host's GPUs stayed well under the threshold for a sustained stretch of Training.
pub fn low_gpu(view: &LiveView, gpu_count: u32, now: f64) -> RuleResult {
    let kind = RuleKind::LowGpuUtilization;
    let Some((start, end)) = training_span(view) else {
        return RuleResult::plain(kind, RuleStatus::NotEnoughData);
    };
    let end = end.unwrap_or(now);
    let count = view.detail.as_ref().map_or(1, |d| d.instance_count);
    let per_gpu = f64::from(gpu_count.max(1));
    let mut judged = 0;
    let mut worst: Option<(String, f64)> = None;
    for host in hosts(count) {
        let Some(series) = view.series.get(&format!("{host}:GPUUtilization")) else {
            continue;
        };
        let in_training: Vec<(f64, f64)> = series
            .iter()
            .copied()
            .filter(|p| p.0 >= start + LOW_GPU_GRACE_SECONDS && p.0 <= end)
            .collect();
        let Some(last) = in_training.last() else {
            continue;
        };
        let window: Vec<f64> = in_training
            .iter()
            .filter(|p| p.0 > last.0 - LOW_GPU_WINDOW_SECONDS)
            .map(|p| p.1 / per_gpu)
            .collect();
        if window.len() < LOW_GPU_MIN_POINTS {
            continue;
        }
        judged += 1;
        if window.iter().all(|v| *v < LOW_GPU_PERCENT) {
            let m = window.iter().sum::<f64>() / window.len() as f64;
            if worst.as_ref().is_none_or(|w| m < w.1) {
                worst = Some((host, m));
            }
        }
    }
    if let Some((host, m)) = worst {
        return RuleResult::issue(
            kind,
            "rule-low-gpu",
            vec![
                ("host", host),
                ("percent", format!("{m:.0}")),
                ("minutes", format!("{:.0}", LOW_GPU_WINDOW_SECONDS / 60.0)),
                ("threshold", format!("{LOW_GPU_PERCENT:.0}")),
            ],
        );
    }
    if judged > 0 && judged == hosts(count).len() {
        RuleResult::plain(kind, RuleStatus::NoIssues)
    } else {
        RuleResult::plain(kind, RuleStatus::NotEnoughData)
    }
}

/// No new metric point or log line for a long time while the job trains.
pub fn stalled(view: &LiveView, now: f64) -> RuleResult {
    let kind = RuleKind::Stalled;
    let Some(d) = &view.detail else {
        return RuleResult::plain(kind, RuleStatus::NotEnoughData);
    };
    if d.status != "InProgress" {
        // Finished (or not started): nothing to stall.
        return RuleResult::plain(kind, RuleStatus::NoIssues);
    }
    // Starting and Downloading are quiet in every job (not judged yet), and so is
    // Uploading after it (its training went through); only Training should speak.
    let start = match training_span(view) {
        None => return RuleResult::plain(kind, RuleStatus::NotEnoughData),
        Some((_, Some(_))) => return RuleResult::plain(kind, RuleStatus::NoIssues),
        Some((start, None)) => start,
    };
    let last_point = metric_names(view)
        .iter()
        .filter_map(|n| view.metric(n).last().map(|p| p.0))
        .fold(f64::NEG_INFINITY, f64::max);
    let last = last_point.max(view.last_log_at.unwrap_or(f64::NEG_INFINITY));
    let heard = last.is_finite();
    let quiet = now - last.max(start);
    if quiet < STALL_SECONDS {
        let status = if heard {
            RuleStatus::NoIssues
        } else {
            RuleStatus::NotEnoughData
        };
        return RuleResult::plain(kind, status);
    }
    RuleResult::issue(
        kind,
        "rule-stalled",
        vec![
            ("minutes", format!("{:.0}", (quiet / 60.0).floor())),
            (
                "status",
                d.secondary.clone().unwrap_or_else(|| d.status.clone()),
            ),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cloud::live::{Detail, Transition};

    /// A training job on 2 x g5.12xlarge that started Training at 100 s and is still in it.
    fn job(metrics: &[&str]) -> LiveView {
        LiveView {
            kind: Some(ResourceKind::TrainingJob),
            detail: Some(Detail {
                name: "lg-kim-lab3-amp-1".into(),
                status: "InProgress".into(),
                secondary: Some("Training".into()),
                transitions: vec![
                    Transition {
                        status: "Starting".into(),
                        start: 0.0,
                        end: Some(100.0),
                        message: None,
                    },
                    Transition {
                        status: "Training".into(),
                        start: 100.0,
                        end: None,
                        message: None,
                    },
                ],
                instance_type: Some("ml.g5.12xlarge".into()),
                instance_count: 2,
                metric_definitions: metrics
                    .iter()
                    .map(|m| (m.to_string(), "x".into()))
                    .collect(),
                ..Detail::default()
            }),
            ..LiveView::default()
        }
    }

    /// `n` points from `t0`, `dt` apart, with values from `f(i)`.
    fn series(n: usize, t0: f64, dt: f64, f: impl Fn(usize) -> f64) -> Vec<(f64, f64)> {
        (0..n).map(|i| (t0 + dt * i as f64, f(i))).collect()
    }

    fn status(results: &[RuleResult], kind: RuleKind) -> RuleStatus {
        results.iter().find(|r| r.kind == kind).unwrap().status
    }

    #[test]
    fn the_loss_names_come_from_the_job() {
        let v = job(&["Train:Loss", "validation:loss", "test:acc1"]);
        assert_eq!(
            find_metric(&v, true, &["loss"]).as_deref(),
            Some("Train:Loss")
        );
        assert_eq!(
            find_metric(&v, false, &["loss"]).as_deref(),
            Some("validation:loss")
        );
        assert_eq!(find_metric(&v, true, &["acc1"]), None);
    }

    #[test]
    fn loss_not_decreasing_has_each_status() {
        let mut v = job(&["train:loss"]);
        assert_eq!(loss_not_decreasing(&v).status, RuleStatus::NotEnoughData);
        // Falling with noise: improving.
        v.parsed.insert(
            "train:loss".into(),
            series(60, 100.0, 10.0, |i| {
                3.0 - 0.04 * i as f64 + if i % 2 == 0 { 0.05 } else { -0.05 }
            }),
        );
        assert_eq!(loss_not_decreasing(&v).status, RuleStatus::NoIssues);
        // Falling until point 20, then flat with the same noise.
        v.parsed.insert(
            "train:loss".into(),
            series(60, 100.0, 10.0, |i| {
                2.0 - 0.05 * i.min(20) as f64 + if i % 2 == 0 { 0.05 } else { -0.05 }
            }),
        );
        let r = loss_not_decreasing(&v);
        assert_eq!(r.status, RuleStatus::IssuesFound);
        let f = r.finding.unwrap();
        assert_eq!(f.id, "rule-loss-not-decreasing");
        assert!(f.args.contains(&("metric", "train:loss".to_string())));
        // Thirty-nine points are not two windows.
        v.parsed.get_mut("train:loss").unwrap().truncate(39);
        assert_eq!(loss_not_decreasing(&v).status, RuleStatus::NotEnoughData);
    }

    #[test]
    fn overfit_has_each_status() {
        let mut v = job(&["train:loss", "test:loss"]);
        let train = series(50, 100.0, 60.0, |i| 3.0 - 0.05 * i as f64);
        v.parsed.insert("train:loss".into(), train);
        v.parsed
            .insert("test:loss".into(), vec![(700.0, 2.0), (1300.0, 1.5)]);
        assert_eq!(overfit(&v).status, RuleStatus::NotEnoughData);
        // Falling test loss.
        v.parsed.insert(
            "test:loss".into(),
            vec![(700.0, 2.0), (1300.0, 1.5), (1900.0, 1.2), (2500.0, 1.1)],
        );
        assert_eq!(overfit(&v).status, RuleStatus::NoIssues);
        // A wobble under 5 % is not a rise.
        v.parsed.insert(
            "test:loss".into(),
            vec![(700.0, 2.0), (1300.0, 1.5), (1900.0, 1.2), (2500.0, 1.24)],
        );
        assert_eq!(overfit(&v).status, RuleStatus::NoIssues);
        // Best at 1300 s, then up 20 % while the training loss keeps falling.
        v.parsed.insert(
            "test:loss".into(),
            vec![(700.0, 2.0), (1300.0, 1.0), (1900.0, 1.1), (2500.0, 1.2)],
        );
        let r = overfit(&v);
        assert_eq!(r.status, RuleStatus::IssuesFound);
        let f = r.finding.unwrap();
        assert!(f.args.contains(&("best", "1.000".to_string())));
        assert!(f.args.contains(&("last", "1.200".to_string())));
        // A value a minute with +-20 % noise around a flat loss: the lowest window of six
        // is 6 % under the last by chance, over the 5 % rise, and that is not a rise.
        let wobble = |i: usize| [0.1, -0.1, 0.05, -0.08, 0.09, -0.02, 0.1][i % 7];
        v.parsed.insert(
            "test:loss".into(),
            series(24, 100.0, 60.0, |i| 1.0 + 2.0 * wobble(i)),
        );
        assert_eq!(overfit(&v).status, RuleStatus::NoIssues);
        // The same noise on a loss that turns and climbs 30 % is a rise.
        v.parsed.insert(
            "test:loss".into(),
            series(40, 100.0, 60.0, |i| {
                (1.0 + 0.015 * i.saturating_sub(20) as f64) * (1.0 + wobble(i))
            }),
        );
        assert_eq!(overfit(&v).status, RuleStatus::IssuesFound);
        // The same rise with the training loss rising too is not overfitting.
        v.parsed.insert(
            "train:loss".into(),
            series(50, 100.0, 60.0, |i| 1.0 + 0.05 * i as f64),
        );
        assert_eq!(overfit(&v).status, RuleStatus::NoIssues);
    }

    #[test]
    fn low_gpu_has_each_status() {
        let mut v = job(&["train:loss"]);
        // No CloudWatch points yet.
        assert_eq!(low_gpu(&v, 4, 1000.0).status, RuleStatus::NotEnoughData);
        // Busy GPUs: 4 x 90 %.
        for host in ["algo-1", "algo-2"] {
            v.series.insert(
                format!("{host}:GPUUtilization"),
                series(15, 100.0, 60.0, |_| 360.0),
            );
        }
        assert_eq!(low_gpu(&v, 4, 1000.0).status, RuleStatus::NoIssues);
        // algo-2 at 4 x 20 % = 80 summed: 20 % each, under 30 %, for ten minutes.
        v.series.insert(
            "algo-2:GPUUtilization".into(),
            series(15, 100.0, 60.0, |i| if i < 5 { 360.0 } else { 80.0 }),
        );
        let r = low_gpu(&v, 4, 1000.0);
        assert_eq!(r.status, RuleStatus::IssuesFound);
        let f = r.finding.unwrap();
        assert!(f.args.contains(&("host", "algo-2".to_string())));
        assert!(f.args.contains(&("percent", "20".to_string())));
        // Summed 80 on one GPU is 80 %: not low. The per-GPU division matters.
        assert_eq!(low_gpu(&v, 1, 1000.0).status, RuleStatus::NoIssues);
        // One busy minute inside the window breaks the stretch.
        v.series.insert(
            "algo-2:GPUUtilization".into(),
            series(15, 100.0, 60.0, |i| if i == 13 { 360.0 } else { 80.0 }),
        );
        assert_eq!(low_gpu(&v, 4, 1000.0).status, RuleStatus::NoIssues);
        // Low only during the first two minutes (reading the images) is not counted, and
        // three points after them are too few to judge.
        v.series.insert(
            "algo-2:GPUUtilization".into(),
            series(5, 100.0, 60.0, |_| 40.0),
        );
        assert_eq!(low_gpu(&v, 4, 400.0).status, RuleStatus::NotEnoughData);
    }

    #[test]
    fn low_gpu_reads_only_the_training_stretch() {
        let mut v = job(&["train:loss"]);
        if let Some(d) = v.detail.as_mut() {
            d.status = "Completed".into();
            d.transitions[1].end = Some(1000.0);
            d.transitions.push(Transition {
                status: "Completed".into(),
                start: 1000.0,
                end: Some(1000.0),
                message: None,
            });
        }
        // Busy while training, idle after it ended: no issue.
        let busy_then_idle = series(30, 100.0, 60.0, |i| if i < 15 { 360.0 } else { 0.0 });
        for host in ["algo-1", "algo-2"] {
            v.series
                .insert(format!("{host}:GPUUtilization"), busy_then_idle.clone());
        }
        assert_eq!(low_gpu(&v, 4, 2000.0).status, RuleStatus::NoIssues);
    }

    #[test]
    fn stalled_has_each_status() {
        let mut v = job(&["train:loss"]);
        // Training began at 100 s, nothing since, 5 minutes later: too early to say.
        assert_eq!(stalled(&v, 400.0).status, RuleStatus::NotEnoughData);
        v.parsed
            .insert("train:loss".into(), series(10, 150.0, 30.0, |_| 1.0));
        // Last point at 420 s.
        assert_eq!(stalled(&v, 900.0).status, RuleStatus::NoIssues);
        let r = stalled(&v, 420.0 + STALL_SECONDS + 60.0);
        assert_eq!(r.status, RuleStatus::IssuesFound);
        assert!(
            r.finding
                .unwrap()
                .args
                .contains(&("minutes", "11".to_string()))
        );
        // A log line without metrics counts as life.
        v.last_log_at = Some(1000.0);
        assert_eq!(stalled(&v, 1100.0).status, RuleStatus::NoIssues);
        // Quiet training with nothing ever heard is a stall too.
        let silent = job(&["train:loss"]);
        assert_eq!(
            stalled(&silent, 100.0 + STALL_SECONDS).status,
            RuleStatus::IssuesFound
        );
        // A job that is still Starting or has ended is not stalled.
        if let Some(d) = v.detail.as_mut() {
            d.status = "Completed".into();
        }
        assert_eq!(stalled(&v, 99_999.0).status, RuleStatus::NoIssues);
        let mut starting = job(&["train:loss"]);
        if let Some(d) = starting.detail.as_mut() {
            d.transitions.truncate(1);
            d.transitions[0].end = None;
        }
        assert_eq!(
            stalled(&starting, 99_999.0).status,
            RuleStatus::NotEnoughData
        );
        // Uploading after Training is quiet too, and the training went through.
        let mut uploading = job(&["train:loss"]);
        if let Some(d) = uploading.detail.as_mut() {
            d.secondary = Some("Uploading".into());
            d.transitions[1].end = Some(900.0);
        }
        assert_eq!(stalled(&uploading, 99_999.0).status, RuleStatus::NoIssues);
    }

    #[test]
    fn every_rule_for_a_gpu_training_job_and_none_for_others() {
        let v = job(&["train:loss"]);
        let all = evaluate(&v, 200.0);
        assert_eq!(
            all.iter().map(|r| r.kind).collect::<Vec<_>>(),
            RuleKind::ALL.to_vec()
        );
        assert_eq!(status(&all, RuleKind::Overfit), RuleStatus::NotEnoughData);
        let mut cpu = job(&["train:loss"]);
        if let Some(d) = cpu.detail.as_mut() {
            d.instance_type = Some("ml.m5.large".into());
        }
        assert!(
            !evaluate(&cpu, 200.0)
                .iter()
                .any(|r| r.kind == RuleKind::LowGpuUtilization)
        );
        let mut endpoint = job(&[]);
        endpoint.kind = Some(ResourceKind::Endpoint);
        assert!(evaluate(&endpoint, 200.0).is_empty());
        assert!(evaluate(&LiveView::default(), 200.0).is_empty());
    }
}
