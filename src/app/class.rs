//! A class's progress with no server: each learner's labguide writes one empty object into
//! the account's SageMaker bucket whose key says where the learner is, and the instructor's
//! `labguide class` reads every key back with one listing. Keys, not bodies, so one
//! paginated ListObjectsV2 (a thousand learners a page) is the whole refresh, whatever
//! the class's size; an object, not a tag, because every learner's role may write the
//! SageMaker bucket, while reading tags account-wide needs a permission learners lack.
//!
//! A key holds ids, counts and times only: never a secret and never free text.
//! `labguide/_class/<initials>/step=<id>/done=<n>/total=<n>/failing=<kind or ->/usd=<$/h or ->/since=<s>/failing_since=<s or ->/at=<s>`
//! (`at`, when the note was written, tells the class cleanup who is still at work; a note
//! from a labguide before it has none.)

use std::cmp::Ordering;
use std::collections::BTreeMap;

use super::App;

/// Where the class's keys live in the bucket.
pub const CLASS_PREFIX: &str = "labguide/_class/";

/// A check failing this long means the learner is stuck.
pub const STUCK_FAILING_SECONDS: f64 = 5.0 * 60.0;
/// This long on a step the workshop gives no time for means the learner is stuck.
pub const STUCK_ON_STEP_SECONDS: f64 = 40.0 * 60.0;
/// Never stuck sooner than this on a step, however short it is meant to be.
pub const STUCK_AT_LEAST_SECONDS: f64 = 10.0 * 60.0;
/// A note written this recently means the learner's labguide is still at work: the class
/// cleanup waits for them (or `--force`).
pub const ACTIVE_SECONDS: f64 = 10.0 * 60.0;

/// What a learner's labguide says about where the learner is, as the app knows it.
#[derive(Clone, Debug, PartialEq)]
pub struct ClassStatus {
    pub bucket: String,
    pub initials: String,
    pub step: String,
    pub done: usize,
    pub total: usize,
    /// The kind of the current step's first failing check.
    pub failing: Option<String>,
    /// What the learner's resources cost an hour, as the meter last saw them.
    pub usd_hour: Option<f64>,
}

/// One learner as the class sees them: the status and since when.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Learner {
    pub initials: String,
    pub step: String,
    pub done: usize,
    pub total: usize,
    pub failing: Option<String>,
    pub usd_hour: Option<f64>,
    /// When the learner reached this step (seconds since the epoch).
    pub since: f64,
    pub failing_since: Option<f64>,
    /// When the note was written; `None` until the publisher writes it (and in a note
    /// from an older labguide).
    pub at: Option<f64>,
}

impl App {
    /// Where the learner is, for the class board; `None` until the initials and the
    /// account (the bucket's name) are known, and again on the step that proves nothing of
    /// the learner's is left (the note for the board must be gone by then, too).
    pub fn class_status(&self) -> Option<ClassStatus> {
        let vars = self.vars_for_tasks();
        let initials = self.learner_vars.get("initial")?.clone();
        let account = vars.get("account")?;
        let region = vars.get("region")?;
        let step = self.workshop.steps.get(self.current)?;
        if step
            .checks
            .iter()
            .any(|c| matches!(c, crate::workshop::Check::NothingLeft(..)))
        {
            return None;
        }
        let checks = &self.tasks.get(self.current)?.checks;
        let failing = checks
            .iter()
            .position(|c| matches!(c, super::TaskStatus::Failed(_)))
            .and_then(|i| step.checks.get(i))
            .map(|c| c.kind().to_string());
        Some(ClassStatus {
            bucket: format!("sagemaker-{region}-{account}"),
            initials,
            step: step.id.clone(),
            done: self.done.iter().filter(|d| **d).count(),
            total: self.done.len(),
            failing,
            usd_hour: self.meter.as_ref().map(|m| m.per_hour().0),
        })
    }
}

/// Characters a key part may hold; anything else becomes `_` (initials are already
/// plain, step ids and check kinds are ours).
fn clean(part: &str) -> String {
    part.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect()
}

fn or_dash(v: Option<String>) -> String {
    v.unwrap_or_else(|| "-".into())
}

impl Learner {
    /// The folder holding this learner's one key.
    pub fn folder(initials: &str) -> String {
        format!("{CLASS_PREFIX}{}/", clean(initials))
    }

    pub fn key(&self) -> String {
        format!(
            "{}step={}/done={}/total={}/failing={}/usd={}/since={}/failing_since={}{}",
            Learner::folder(&self.initials),
            clean(&self.step),
            self.done,
            self.total,
            or_dash(self.failing.as_deref().map(clean)),
            or_dash(self.usd_hour.map(super::super::workshop::cents)),
            self.since as u64,
            or_dash(self.failing_since.map(|s| (s as u64).to_string())),
            self.at
                .map_or(String::new(), |at| format!("/at={}", at as u64)),
        )
    }

    /// A key written by `key`; `None` for anything else under the prefix.
    pub fn parse(key: &str) -> Option<Learner> {
        let rest = key.strip_prefix(CLASS_PREFIX)?;
        let mut parts = rest.split('/');
        let initials = parts.next().filter(|s| !s.is_empty())?.to_string();
        let mut field = |name: &str| -> Option<String> {
            let part = parts.next()?;
            part.strip_prefix(name)?
                .strip_prefix('=')
                .map(str::to_string)
        };
        let step = field("step")?;
        let done = field("done")?.parse().ok()?;
        let total = field("total")?.parse().ok()?;
        let dash = |v: String| (v != "-").then_some(v);
        let failing = dash(field("failing")?);
        let usd_hour = dash(field("usd")?).and_then(|v| v.parse().ok());
        let since = field("since")?.parse().ok()?;
        let failing_since = dash(field("failing_since")?).and_then(|v| v.parse().ok());
        let at = match field("at") {
            Some(v) => Some(v.parse().ok()?),
            None => None,
        };
        if parts.next().is_some() {
            return None;
        }
        Some(Learner {
            initials,
            step,
            done,
            total,
            failing,
            usd_hour,
            since,
            failing_since,
            at,
        })
    }

    /// The last time the learner's labguide is known to have noted a change.
    pub fn last_change(&self) -> f64 {
        self.at
            .unwrap_or(self.since)
            .max(self.since)
            .max(self.failing_since.unwrap_or(0.0))
    }

    /// Whether the learner's labguide noted a change within `ACTIVE_SECONDS`.
    pub fn active(&self, now: f64) -> bool {
        now - self.last_change() < ACTIVE_SECONDS
    }

    /// Stuck: a check failing for a while, or well past the step's time.
    pub fn stuck(&self, now: f64, pace: &Pace) -> bool {
        self.failing_since
            .is_some_and(|t| now - t >= STUCK_FAILING_SECONDS)
            || now - self.since >= pace.stuck_after(&self.step)
    }
}

/// How long a learner may be on each step before the board calls them stuck: twice the
/// step's share of its section's minutes (the content's timing), and never under ten
/// minutes.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Pace(BTreeMap<String, f64>);

impl Pace {
    pub fn of(workshop: &crate::workshop::Workshop) -> Pace {
        let mut pace = BTreeMap::new();
        for (i, section) in workshop.sections.iter().enumerate() {
            let Some(minutes) = section.minutes else {
                continue;
            };
            let steps: Vec<_> = workshop.steps.iter().filter(|s| s.section == i).collect();
            let share = f64::from(minutes) * 60.0 / steps.len().max(1) as f64;
            for step in steps {
                pace.insert(step.id.clone(), (2.0 * share).max(STUCK_AT_LEAST_SECONDS));
            }
        }
        Pace(pace)
    }

    pub fn stuck_after(&self, step: &str) -> f64 {
        self.0.get(step).copied().unwrap_or(STUCK_ON_STEP_SECONDS)
    }
}

/// The learners in the order an instructor helps them: stuck first (with a failing check
/// before without, the longest waiting first), then failing, then the furthest behind.
pub fn board(mut learners: Vec<Learner>, now: f64, pace: &Pace) -> Vec<Learner> {
    let rank = |l: &Learner| (!l.stuck(now, pace), l.failing.is_none());
    learners.sort_by(|a, b| {
        rank(a)
            .cmp(&rank(b))
            .then_with(|| {
                let wait = |l: &Learner| l.failing_since.unwrap_or(l.since);
                wait(a).partial_cmp(&wait(b)).unwrap_or(Ordering::Equal)
            })
            .then_with(|| a.done.cmp(&b.done))
            .then_with(|| a.initials.cmp(&b.initials))
    });
    learners
}

/// What the class costs an hour, from what each learner's meter published.
pub fn class_per_hour(learners: &[Learner]) -> f64 {
    learners.iter().filter_map(|l| l.usd_hour).sum()
}

/// The board the instructor's `labguide class` shows in the terminal: what the last look
/// found, and where the instructor has scrolled to. Changed by keys and by each look's
/// result; no I/O here.
#[derive(Clone, Debug, Default)]
pub struct Board {
    /// The learners in the order to help them, as of `looked_at`.
    pub learners: Vec<Learner>,
    /// When the last look answered (seconds since the epoch); `None` before the first.
    pub looked_at: Option<f64>,
    /// Why the last look failed, when it did (the board keeps what it had).
    pub error: Option<crate::cloud::CloudError>,
    /// The first row shown.
    pub scroll: usize,
    /// When each step's learners count as stuck.
    pub pace: Pace,
}

/// What changes the board.
#[derive(Clone, Debug, PartialEq)]
pub enum BoardEvent {
    Looked { learners: Vec<Learner>, at: f64 },
    Failed(crate::cloud::CloudError),
    Scroll(isize),
}

impl Board {
    /// Applies an event; `true` when the screen must be drawn again.
    pub fn apply(&mut self, event: BoardEvent) -> bool {
        match event {
            BoardEvent::Looked { learners, at } => {
                self.learners = board(learners, at, &self.pace);
                self.looked_at = Some(at);
                self.error = None;
                self.scroll = self.scroll.min(self.learners.len().saturating_sub(1));
            }
            BoardEvent::Failed(e) => self.error = Some(e),
            BoardEvent::Scroll(by) => {
                let last = self.learners.len().saturating_sub(1);
                let next = self.scroll.saturating_add_signed(by).min(last);
                if next == self.scroll {
                    return false;
                }
                self.scroll = next;
            }
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn learner(initials: &str, done: usize, failing: Option<f64>, since: f64) -> Learner {
        Learner {
            initials: initials.into(),
            step: "lab1-athena".into(),
            done,
            total: 26,
            failing: failing.map(|_| "objects_exist".into()),
            usd_hour: Some(0.23),
            since,
            failing_since: failing,
            at: None,
        }
    }

    #[test]
    fn a_key_reads_back_as_what_was_written() {
        let l = learner("kim", 7, Some(1_764_770_100.0), 1_764_770_000.0);
        let key = l.key();
        assert_eq!(
            key,
            "labguide/_class/kim/step=lab1-athena/done=7/total=26/failing=objects_exist/usd=0.23/since=1764770000/failing_since=1764770100"
        );
        assert_eq!(Learner::parse(&key), Some(l.clone()));
        let written = Learner {
            at: Some(1_764_770_200.0),
            ..l
        };
        assert!(
            written
                .key()
                .ends_with("/failing_since=1764770100/at=1764770200")
        );
        assert_eq!(Learner::parse(&written.key()), Some(written));
        let calm = learner("lee-2", 3, None, 5.0);
        assert_eq!(Learner::parse(&calm.key()), Some(calm));
        // Initials that are not plain cannot break out of their folder.
        assert!(Learner::folder("a/b").ends_with("/a_b/"));
        for junk in [
            "labguide/_class/",
            "labguide/_class/kim/",
            "other/kim/step=x",
            "labguide/_class/kim/step=x/done=two",
            "labguide/_class/kim/step=x/done=1/total=2/failing=-/usd=-/since=1/failing_since=-/at=soon",
            "labguide/_class/kim/step=x/done=1/total=2/failing=-/usd=-/since=1/failing_since=-/at=2/more",
        ] {
            assert_eq!(Learner::parse(junk), None, "{junk}");
        }
    }

    #[test]
    fn the_board_keeps_its_place_and_what_it_had_when_a_look_fails() {
        let mut b = Board::default();
        let now = 10_000.0;
        let class: Vec<Learner> = (0..5)
            .map(|i| learner(&format!("l{i}"), i, None, now))
            .collect();
        assert!(b.apply(BoardEvent::Looked {
            learners: class.clone(),
            at: now
        }));
        assert!(b.apply(BoardEvent::Scroll(3)));
        assert!(!b.apply(BoardEvent::Scroll(10)) || b.scroll == 4);
        assert_eq!(b.scroll, 4);
        assert!(!b.apply(BoardEvent::Scroll(1)), "already at the end");
        b.apply(BoardEvent::Failed(crate::cloud::CloudError::Throttled));
        assert_eq!(b.learners.len(), 5, "a failed look keeps the board");
        assert!(b.error.is_some());
        b.apply(BoardEvent::Looked {
            learners: class[..2].to_vec(),
            at: now + 15.0,
        });
        assert_eq!((b.scroll, b.error.is_none()), (1, true));
    }

    #[test]
    fn the_learners_who_need_help_come_first() {
        let now = 10_000.0;
        let b = board(
            vec![
                learner("ahead", 20, None, now - 60.0),
                learner("failing-now", 8, Some(now - 30.0), now - 120.0),
                learner("stuck-long", 9, Some(now - 900.0), now - 1000.0),
                learner("slow", 5, None, now - 3.0 * 3600.0),
                learner("behind", 4, None, now - 60.0),
            ],
            now,
            &Pace::default(),
        );
        let order: Vec<&str> = b.iter().map(|l| l.initials.as_str()).collect();
        // Stuck with a failing check, stuck without one, failing, then by progress.
        assert_eq!(
            order,
            ["stuck-long", "slow", "failing-now", "behind", "ahead"]
        );
        let pace = Pace::default();
        assert!(b[0].stuck(now, &pace) && b[1].stuck(now, &pace) && !b[2].stuck(now, &pace));
        assert!((class_per_hour(&b) - 5.0 * 0.23).abs() < 1e-9);
    }

    #[test]
    fn a_learner_is_at_work_while_their_note_is_recent() {
        let now = 100_000.0;
        let mut l = learner("kim", 7, None, now - 3600.0);
        assert!(!l.active(now), "on the step an hour and no newer note");
        l.at = Some(now - 120.0);
        assert!(l.active(now), "written two minutes ago");
        l.at = Some(now - ACTIVE_SECONDS - 1.0);
        assert!(!l.active(now));
        // A note without `at` counts from the newest time it does hold.
        let failing = learner("lee", 7, Some(now - 60.0), now - 3600.0);
        assert!(failing.active(now));
    }

    #[test]
    fn a_learner_is_stuck_when_well_past_the_steps_share_of_its_section() {
        let workshop = crate::workshop::load(&crate::workshop::Source::Embedded).expect("shipped");
        let pace = Pace::of(&workshop);
        let section_steps = |id: &str| {
            let i = workshop.sections.iter().position(|s| s.id == id).unwrap();
            let n = workshop.steps.iter().filter(|s| s.section == i).count() as f64;
            (f64::from(workshop.sections[i].minutes.unwrap()), n)
        };
        let (minutes, n) = section_steps("lab1");
        let athena = pace.stuck_after("lab1-athena");
        assert_eq!(
            athena,
            (2.0 * minutes * 60.0 / n).max(STUCK_AT_LEAST_SECONDS)
        );
        let (minutes, n) = section_steps("setup");
        assert_eq!(pace.stuck_after("setup-welcome"), 2.0 * minutes * 60.0 / n);
        assert!(pace.0.values().all(|s| *s >= STUCK_AT_LEAST_SECONDS));
        assert_eq!(pace.stuck_after("no-such-step"), STUCK_ON_STEP_SECONDS);
        let now = 100_000.0;
        let on_athena = |minutes: f64| learner("kim", 6, None, now - minutes * 60.0);
        assert!(!on_athena(athena / 60.0 - 1.0).stuck(now, &pace));
        assert!(on_athena(athena / 60.0 + 1.0).stuck(now, &pace));
    }
}
