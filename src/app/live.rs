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
}
