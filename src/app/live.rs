//! What the app knows about the resources it watches live, and how each update from a
//! watcher folds into it. Pure: the watcher does the calls, this only keeps what came.

use std::collections::{BTreeMap, VecDeque};

use crate::cloud::live::{Detail, Series, Transition};
use crate::cloud::{CloudError, ResourceKind};

/// Lines kept per log tail; older ones go, so a chatty job cannot grow memory.
pub const LOG_CAP: usize = 2_000;
/// Points kept per metric parsed from the log; past it every other old point goes, so the
/// chart keeps the whole run's shape at half the detail.
pub const POINTS_CAP: usize = 600;
/// Longest log line kept, in bytes; a runaway line (a dumped tensor) is cut.
pub const LINE_CAP: usize = 2_000;

/// Something a step watches: the newest resource of a kind whose name has this prefix.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Target {
    pub kind: ResourceKind,
    pub prefix: String,
}

impl Target {
    pub fn key(&self) -> String {
        format!("{}:{}", self.kind.name(), self.prefix)
    }
}

/// What a watcher reports.
#[derive(Clone, Debug, PartialEq)]
pub enum LiveUpdate {
    /// Nothing with the prefix exists yet.
    Waiting,
    Detail(Box<Detail>),
    /// Every series since the resource started, replacing what was there.
    Metrics(Vec<Series>),
    /// New log lines, oldest first, with (metric, time, value) points parsed from them.
    Log {
        lines: Vec<String>,
        points: Vec<(String, f64, f64)>,
        /// Lines the watcher skipped because a single read brought more than is kept.
        skipped: u64,
    },
    /// The last call failed; the view keeps what it had and says so.
    Failed(CloudError),
}

/// The live state of one watched resource.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LiveView {
    pub kind: Option<ResourceKind>,
    pub waiting: bool,
    pub detail: Option<Detail>,
    /// Status changes seen by the watcher, for kinds whose service keeps no history.
    pub observed: Vec<Transition>,
    /// CloudWatch series by id (`algo-1:GPUUtilization`, `train:loss`, `VariantA:Invocations`).
    pub series: BTreeMap<String, Vec<(f64, f64)>>,
    /// Metric values read from the log lines as they arrive.
    pub parsed: BTreeMap<String, Vec<(f64, f64)>>,
    pub log: VecDeque<String>,
    /// Lines received in all (shown, dropped from the tail, or skipped).
    pub log_total: u64,
    pub error: Option<CloudError>,
    /// When the newest log lines came (the report's time on the backend's clock), for the
    /// Stalled rule: a line without a metric still shows the script is alive.
    pub last_log_at: Option<f64>,
}

impl LiveView {
    /// The name of the resource followed, once found.
    pub fn name(&self) -> Option<&str> {
        self.detail.as_ref().map(|d| d.name.as_str())
    }

    /// The timeline to draw: the service's own, or what was seen.
    pub fn timeline(&self) -> &[Transition] {
        match &self.detail {
            Some(d) if !d.transitions.is_empty() => &d.transitions,
            _ => &self.observed,
        }
    }

    /// A metric's points: parsed from the log when there are any (they arrive at once),
    /// CloudWatch's one-minute data otherwise.
    pub fn metric(&self, id: &str) -> &[(f64, f64)] {
        match self.parsed.get(id) {
            Some(p) if !p.is_empty() => p,
            _ => self.series.get(id).map_or(&[], Vec::as_slice),
        }
    }

    /// labguide's rules for this view (none unless it is a training job), as of `now`, the
    /// time of the newest report.
    pub fn rules(&self, now: f64) -> Vec<super::rules::RuleResult> {
        super::rules::evaluate(self, now)
    }

    /// Folds one report in; returns whether anything the view shows changed, so a watcher
    /// that finds nothing new costs no redraw.
    pub fn apply(&mut self, kind: ResourceKind, update: LiveUpdate, now: f64) -> bool {
        self.kind = Some(kind);
        let had_error = self.error.is_some();
        match update {
            LiveUpdate::Waiting => {
                let changed = !self.waiting || had_error;
                self.waiting = true;
                self.error = None;
                changed
            }
            LiveUpdate::Detail(d) => {
                let changed = self.waiting || had_error || self.detail.as_ref() != Some(&*d);
                self.waiting = false;
                self.error = None;
                // A different resource (a new run of the notebook): start over.
                if self.name().is_some_and(|n| n != d.name) {
                    *self = LiveView {
                        kind: Some(kind),
                        ..LiveView::default()
                    };
                }
                self.observe(&d, now);
                self.detail = Some(*d);
                changed
            }
            LiveUpdate::Metrics(series) => {
                self.error = None;
                let mut changed = had_error;
                for s in series {
                    if self.series.get(&s.id) != Some(&s.points) {
                        changed = true;
                        self.series.insert(s.id, s.points);
                    }
                }
                changed
            }
            LiveUpdate::Log {
                lines,
                points,
                skipped,
            } => {
                self.error = None;
                let changed = had_error || skipped > 0 || !lines.is_empty() || !points.is_empty();
                self.log_total += skipped + lines.len() as u64;
                if skipped > 0 || !lines.is_empty() {
                    self.last_log_at = Some(self.last_log_at.map_or(now, |t| t.max(now)));
                }
                for mut line in lines {
                    if line.len() > LINE_CAP {
                        let mut cut = LINE_CAP;
                        while !line.is_char_boundary(cut) {
                            cut -= 1;
                        }
                        line.truncate(cut);
                        line.push('…');
                    }
                    if self.log.len() == LOG_CAP {
                        self.log.pop_front();
                    }
                    self.log.push_back(line);
                }
                for (metric, at, value) in points {
                    let series = self.parsed.entry(metric).or_default();
                    if series.len() >= POINTS_CAP {
                        thin(series);
                    }
                    series.push((at, value));
                }
                changed
            }
            LiveUpdate::Failed(e) => {
                let changed = self.error.as_ref() != Some(&e);
                self.error = Some(e);
                changed
            }
        }
    }

    /// Records a status change the service keeps no history of.
    fn observe(&mut self, d: &Detail, now: f64) {
        let status = d.secondary.clone().unwrap_or_else(|| d.status.clone());
        if self.observed.last().is_some_and(|t| t.status == status) {
            return;
        }
        let start = if self.observed.is_empty() {
            d.created.min(now)
        } else {
            now
        };
        if let Some(last) = self.observed.last_mut() {
            last.end = Some(now);
        }
        self.observed.push(Transition {
            status,
            start,
            end: None,
            message: None,
        });
    }
}

/// What a job has cost so far.
#[derive(Clone, Debug, PartialEq)]
pub enum Cost {
    /// Dollars; `estimated` when the service has not said its billable time yet and it is
    /// counted from the timeline (from the end of Starting, as SageMaker bills).
    Dollars { amount: f64, estimated: bool },
    /// The app's prices do not have the instance type in this region.
    UnknownPrice,
    /// Not billing yet, or nothing is known about the job.
    Nothing,
}

/// One row of the comparison of the step's training jobs.
#[derive(Clone, Debug, PartialEq)]
pub struct ComparisonRow {
    /// What tells the jobs apart: their prefix less what all share (`amp`, `fp32`).
    pub label: String,
    /// The job's name once found; `None` while waiting for it.
    pub name: Option<String>,
    pub status: Option<String>,
    /// Nothing about it will change any more: its accuracy is the final one.
    pub finished: bool,
    /// From the first status (or creation) to the end (or the newest report).
    pub wall_seconds: Option<f64>,
    /// (metric, mean of its points) for the throughput metric (`...images_per_sec`).
    pub throughput: Option<(String, f64)>,
    /// (metric, final value) for the top-1 accuracy (`...acc1`, `...accuracy`).
    pub accuracy: Option<(String, f64)>,
    pub cost: Cost,
    /// The hyperparameters that tell this run from the others (the ones all share are
    /// left out): what the comparison is about.
    pub settings: Vec<(String, String)>,
}

/// The throughput metric names the comparison looks for, best first.
const THROUGHPUT_SUFFIXES: [&str; 3] = ["images_per_sec", "samples_per_sec", "throughput"];
/// The accuracy metric names, best first: top-1 before plain accuracy.
const ACCURACY_SUFFIXES: [&str; 3] = ["acc1", "accuracy", "acc"];

/// The short labels of a set of prefixes: each less the part all of them share, and less
/// the separators around it (`lg-kim-lab3-amp-`, `lg-kim-lab3-fp32-` -> `amp`, `fp32`).
pub fn short_labels(prefixes: &[&str]) -> Vec<String> {
    let shared = match prefixes {
        [] | [_] => 0,
        [first, rest @ ..] => {
            let mut n = first.len();
            for p in rest {
                n = n.min(
                    first
                        .char_indices()
                        .zip(p.chars())
                        .find(|((_, a), b)| a != b)
                        .map_or(first.len().min(p.len()), |((i, _), _)| i),
                );
            }
            // Back to a separator, so `lg-a-` and `lg-ab-` keep `a` and `ab` whole.
            first[..n].rfind(['-', '_', '/']).map_or(0, |i| i + 1)
        }
    };
    prefixes
        .iter()
        .map(|p| {
            let rest = p.get(shared..).unwrap_or(p).trim_matches(['-', '_', '/']);
            if rest.is_empty() {
                p.to_string()
            } else {
                rest.to_string()
            }
        })
        .collect()
}

impl ComparisonRow {
    /// One job's row; `price` is its instance type's price per hour, if the app knows it,
    /// and `now` the time of the newest report.
    pub fn of(label: String, view: Option<&LiveView>, price: Option<f64>, now: f64) -> Self {
        let mut row = ComparisonRow {
            label,
            name: None,
            status: None,
            finished: false,
            wall_seconds: None,
            throughput: None,
            accuracy: None,
            cost: Cost::Nothing,
            settings: vec![],
        };
        let Some((view, d)) = view.and_then(|v| v.detail.as_ref().map(|d| (v, d))) else {
            return row;
        };
        row.name = Some(d.name.clone());
        row.settings = d.hyperparameters.clone();
        row.status = Some(d.secondary.clone().unwrap_or_else(|| d.status.clone()));
        row.finished = d.is_finished(ResourceKind::TrainingJob);
        let timeline = view.timeline();
        let start = timeline
            .first()
            .map_or(d.created, |t| t.start.min(d.created));
        let end = d
            .ended
            .or_else(|| {
                d.is_finished(ResourceKind::TrainingJob)
                    .then(|| timeline.last().and_then(|t| t.end))
                    .flatten()
            })
            .unwrap_or(now);
        row.wall_seconds = (end >= start).then_some(end - start);
        row.throughput = super::rules::find_metric(view, true, &THROUGHPUT_SUFFIXES)
            .or_else(|| {
                super::rules::metric_names(view)
                    .into_iter()
                    .find(|n| THROUGHPUT_SUFFIXES.iter().any(|s| n.ends_with(s)))
            })
            .and_then(|name| {
                let points = view.metric(&name);
                (!points.is_empty()).then(|| {
                    let mean = points.iter().map(|p| p.1).sum::<f64>() / points.len() as f64;
                    (name, mean)
                })
            });
        row.accuracy = super::rules::find_metric(view, false, &ACCURACY_SUFFIXES)
            .or_else(|| {
                super::rules::metric_names(view).into_iter().find(|n| {
                    ACCURACY_SUFFIXES
                        .iter()
                        .any(|s| n.to_ascii_lowercase().ends_with(s))
                })
            })
            .and_then(|name| {
                let last = d
                    .final_metrics
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, v)| *v)
                    .or_else(|| view.metric(&name).last().map(|p| p.1))?;
                Some((name, last))
            });
        let billing_from = timeline
            .iter()
            .find(|t| t.status == "Starting")
            .and_then(|t| t.end)
            .or_else(|| {
                timeline
                    .iter()
                    .find(|t| t.status != "Starting")
                    .map(|t| t.start)
            });
        let (seconds, estimated) = match (d.billable_seconds, billing_from) {
            (Some(s), _) => (Some(s), false),
            (None, Some(from)) => (Some((end - from).max(0.0)), true),
            (None, None) => (None, false),
        };
        row.cost = match (seconds, price) {
            (Some(s), Some(p)) => Cost::Dollars {
                amount: s * f64::from(d.instance_count.max(1)) * p / 3600.0,
                estimated,
            },
            (Some(_), None) => Cost::UnknownPrice,
            (None, _) if price.is_none() && d.instance_type.is_some() => Cost::UnknownPrice,
            (None, _) => Cost::Nothing,
        };
        row
    }
}

impl super::state::App {
    /// The training runs the current step compares, each with its label, in the step's
    /// order then the learner's earlier runs; empty unless there are two or more.
    pub fn compared_runs(&self) -> Vec<(String, Option<&LiveView>)> {
        let jobs: Vec<(Target, Option<&LiveView>)> = self
            .current_live()
            .into_iter()
            .filter(|(t, _)| t.kind == ResourceKind::TrainingJob)
            .collect();
        if jobs.len() < 2 {
            return vec![];
        }
        let step_prefixes: Vec<String> = self
            .step_targets()
            .into_iter()
            .filter(|t| t.kind == ResourceKind::TrainingJob)
            .map(|t| t.prefix)
            .collect();
        let earlier = jobs.len() > step_prefixes.len();
        let short: Vec<String> = match step_prefixes.as_slice() {
            // One job's reruns: its last word is label enough (`lg-kim-lab2-bert-a-` -> `a`).
            [only] => vec![
                only.trim_end_matches(['-', '_'])
                    .rsplit(['-', '_'])
                    .next()
                    .unwrap_or(only)
                    .to_string(),
            ],
            many => short_labels(&many.iter().map(String::as_str).collect::<Vec<_>>()),
        };
        jobs.iter()
            .map(|(target, view)| {
                let name = view.and_then(|v| v.name()).unwrap_or(&target.prefix);
                let base = step_prefixes
                    .iter()
                    .zip(&short)
                    .find(|(p, _)| name.starts_with(p.as_str()))
                    .map_or_else(|| name.to_string(), |(_, l)| l.clone());
                // Two runs of one job differ by when they started.
                let label = match (earlier, crate::workshop::labs::stamp_time(name)) {
                    (true, Some(at)) => format!("{base} {at}"),
                    _ => base,
                };
                (label, *view)
            })
            .collect()
    }

    /// The comparison of the current step's training runs, when there are two or more
    /// (lab 3's `amp` and `fp32`, lab 2's learning rates and their reruns); empty otherwise.
    pub fn comparison(&self) -> Vec<ComparisonRow> {
        self.comparison_of(self.compared_runs())
    }

    /// The comparison's rows for runs already gathered by `compared_runs`.
    pub fn comparison_of(&self, runs: Vec<(String, Option<&LiveView>)>) -> Vec<ComparisonRow> {
        let region = self
            .vars_for_tasks()
            .get("region")
            .cloned()
            .unwrap_or_default();
        let mut rows: Vec<ComparisonRow> = runs
            .into_iter()
            .map(|(label, view)| {
                let price = view
                    .and_then(|v| v.detail.as_ref())
                    .and_then(|d| d.instance_type.as_deref())
                    .and_then(|t| self.workshop.prices.per_hour(&region, t));
                ComparisonRow::of(label, view, price, self.live_now)
            })
            .collect();
        only_differences(&mut rows);
        rows
    }
}

/// When a training run started training (the end of Starting), else when it was made:
/// runs started at different times are overlaid from their own start.
pub fn run_start(view: &LiveView) -> f64 {
    let created = view.detail.as_ref().map_or(0.0, |d| d.created);
    let timeline = view.timeline();
    timeline
        .iter()
        .find(|t| t.status != "Starting")
        .or(timeline.first())
        .map_or(created, |t| t.start)
}

/// Keeps of each run's settings only those not every run shares.
fn only_differences(rows: &mut [ComparisonRow]) {
    let known: Vec<&ComparisonRow> = rows.iter().filter(|r| r.name.is_some()).collect();
    let shared: Vec<(String, String)> = known
        .first()
        .map(|first| {
            first
                .settings
                .iter()
                .filter(|s| known.iter().all(|r| r.settings.contains(s)))
                .cloned()
                .collect()
        })
        .unwrap_or_default();
    for r in rows.iter_mut() {
        r.settings.retain(|s| !shared.contains(s));
    }
}

/// Drops every other point of the older half, keeping the very first.
fn thin(points: &mut Vec<(f64, f64)>) {
    let half = points.len() / 2;
    let mut i = 0;
    points.retain(|_| {
        let keep = i >= half || i % 2 == 0;
        i += 1;
        keep
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn log(n: usize) -> LiveUpdate {
        LiveUpdate::Log {
            lines: (0..n).map(|i| format!("line {i}")).collect(),
            points: (0..n)
                .map(|i| ("loss".to_string(), i as f64, 1.0))
                .collect(),
            skipped: 0,
        }
    }

    #[test]
    fn a_chatty_log_stays_bounded() {
        let mut v = LiveView::default();
        for _ in 0..100 {
            v.apply(ResourceKind::TrainingJob, log(1000), 0.0);
        }
        assert_eq!(v.log.len(), LOG_CAP);
        assert_eq!(v.log_total, 100_000);
        assert_eq!(v.log.back().map(String::as_str), Some("line 999"));
        let points = &v.parsed["loss"];
        assert!(points.len() <= POINTS_CAP + 1, "{}", points.len());
        // The whole run stays on the chart: the first point is from the first batch.
        assert_eq!(points.first().map(|p| p.0), Some(0.0));
    }

    #[test]
    fn statuses_without_history_become_a_timeline() {
        let mut v = LiveView::default();
        let d = |status: &str| Detail {
            name: "ep".into(),
            status: status.into(),
            created: 100.0,
            ..Detail::default()
        };
        v.apply(
            ResourceKind::Endpoint,
            LiveUpdate::Detail(Box::new(d("Creating"))),
            150.0,
        );
        v.apply(
            ResourceKind::Endpoint,
            LiveUpdate::Detail(Box::new(d("Creating"))),
            200.0,
        );
        v.apply(
            ResourceKind::Endpoint,
            LiveUpdate::Detail(Box::new(d("InService"))),
            520.0,
        );
        let t = v.timeline();
        assert_eq!(t.len(), 2);
        assert_eq!((t[0].start, t[0].end), (100.0, Some(520.0)));
        assert_eq!(t[1].status, "InService");
        // A new endpoint with the same prefix starts a new view.
        let mut other = d("Creating");
        other.name = "ep2".into();
        v.apply(
            ResourceKind::Endpoint,
            LiveUpdate::Detail(Box::new(other)),
            600.0,
        );
        assert_eq!(v.timeline().len(), 1);
    }

    #[test]
    fn news_that_changes_nothing_asks_for_no_redraw() {
        let mut v = LiveView::default();
        let kind = ResourceKind::TrainingJob;
        assert!(v.apply(kind, LiveUpdate::Waiting, 0.0));
        assert!(!v.apply(kind, LiveUpdate::Waiting, 5.0), "still waiting");
        let d = Detail {
            name: "job".into(),
            status: "InProgress".into(),
            ..Detail::default()
        };
        assert!(v.apply(kind, LiveUpdate::Detail(Box::new(d.clone())), 10.0));
        assert!(!v.apply(kind, LiveUpdate::Detail(Box::new(d)), 15.0));
        let empty_log = || LiveUpdate::Log {
            lines: vec![],
            points: vec![],
            skipped: 0,
        };
        assert!(!v.apply(kind, empty_log(), 20.0));
        assert!(v.apply(kind, LiveUpdate::Failed(CloudError::Throttled), 25.0));
        assert!(!v.apply(kind, LiveUpdate::Failed(CloudError::Throttled), 30.0));
        assert!(
            v.apply(kind, empty_log(), 35.0),
            "the error is gone from the view"
        );
    }

    #[test]
    fn long_lines_are_cut_on_a_character_boundary() {
        let mut v = LiveView::default();
        let line = "가".repeat(LINE_CAP);
        v.apply(
            ResourceKind::TrainingJob,
            LiveUpdate::Log {
                lines: vec![line],
                points: vec![],
                skipped: 0,
            },
            0.0,
        );
        assert!(v.log[0].len() <= LINE_CAP + 3);
        assert!(v.log[0].ends_with('…'));
    }

    #[test]
    fn labels_keep_what_tells_the_jobs_apart() {
        assert_eq!(
            short_labels(&["lg-kim-lab3-amp-", "lg-kim-lab3-fp32-"]),
            vec!["amp", "fp32"]
        );
        assert_eq!(short_labels(&["lg-a-x-", "lg-ab-x-"]), vec!["a-x", "ab-x"]);
        assert_eq!(short_labels(&["only-"]), vec!["only"]);
    }

    fn training(name: &str, status: &str, billable: Option<f64>) -> LiveView {
        let t = |status: &str, start: f64, end: Option<f64>| Transition {
            status: status.into(),
            start,
            end,
            message: None,
        };
        let done = status == "Completed";
        LiveView {
            kind: Some(ResourceKind::TrainingJob),
            detail: Some(Detail {
                name: name.into(),
                status: if done { "Completed" } else { "InProgress" }.into(),
                secondary: Some(status.into()),
                transitions: if done {
                    vec![
                        t("Starting", 1000.0, Some(1090.0)),
                        t("Training", 1090.0, Some(2500.0)),
                        t("Completed", 2500.0, Some(2500.0)),
                    ]
                } else {
                    vec![
                        t("Starting", 1000.0, Some(1090.0)),
                        t("Training", 1090.0, None),
                    ]
                },
                created: 1000.0,
                ended: done.then_some(2500.0),
                instance_type: Some("ml.g5.12xlarge".into()),
                instance_count: 2,
                billable_seconds: billable,
                metric_definitions: vec![
                    ("train:images_per_sec".into(), "x".into()),
                    ("test:acc1".into(), "y".into()),
                ],
                final_metrics: if done {
                    vec![("test:acc1".into(), 0.89)]
                } else {
                    vec![]
                },
                ..Detail::default()
            }),
            parsed: [
                (
                    "train:images_per_sec".to_string(),
                    vec![(1100.0, 2000.0), (1200.0, 2400.0), (1300.0, 2600.0)],
                ),
                ("test:acc1".to_string(), vec![(1300.0, 0.5), (1400.0, 0.8)]),
            ]
            .into_iter()
            .collect(),
            ..LiveView::default()
        }
    }

    #[test]
    fn a_comparison_row_has_the_numbers_of_the_lab() {
        let done = training("job-amp", "Completed", Some(1410.0));
        let row = ComparisonRow::of("amp".into(), Some(&done), Some(7.09), 9999.0);
        assert_eq!(row.status.as_deref(), Some("Completed"));
        assert!(row.finished);
        assert_eq!(row.wall_seconds, Some(1500.0), "created to ended");
        let (metric, mean) = row.throughput.clone().unwrap();
        assert_eq!(metric, "train:images_per_sec");
        assert!((mean - 7000.0 / 3.0).abs() < 1e-9, "the mean, not the last");
        assert_eq!(row.accuracy, Some(("test:acc1".into(), 0.89)), "the final");
        // 1410 s x 2 hosts x $7.09/h.
        let Cost::Dollars { amount, estimated } = row.cost else {
            panic!("{:?}", row.cost)
        };
        assert!((amount - 1410.0 * 2.0 * 7.09 / 3600.0).abs() < 1e-9);
        assert!(!estimated);
        // Running, no billable time from the service yet: counted from the end of
        // Starting to the newest report, and said to be an estimate.
        let running = training("job-fp32", "Training", None);
        let row = ComparisonRow::of("fp32".into(), Some(&running), Some(7.09), 1990.0);
        assert_eq!(row.wall_seconds, Some(990.0));
        assert!(!row.finished);
        assert_eq!(
            row.accuracy,
            Some(("test:acc1".into(), 0.8)),
            "the last so far"
        );
        assert_eq!(
            row.cost,
            Cost::Dollars {
                amount: 900.0 * 2.0 * 7.09 / 3600.0,
                estimated: true
            }
        );
        // An unknown price is unknown, never zero.
        let row = ComparisonRow::of("fp32".into(), Some(&running), None, 1990.0);
        assert_eq!(row.cost, Cost::UnknownPrice);
        // Not found yet: a row with its label and nothing else.
        let row = ComparisonRow::of("fp32".into(), None, Some(7.09), 1990.0);
        assert_eq!((row.name, row.cost), (None, Cost::Nothing));
    }

    #[test]
    fn log_lines_mark_when_the_job_last_spoke() {
        let mut v = LiveView::default();
        v.apply(ResourceKind::TrainingJob, log(0), 10.0);
        assert_eq!(v.last_log_at, None);
        v.apply(ResourceKind::TrainingJob, log(2), 20.0);
        assert_eq!(v.last_log_at, Some(20.0));
    }
}
