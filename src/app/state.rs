use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use ratatui::layout::Rect;

use super::Report;
use super::action::TaskStatus;
use super::geometry::{self, Geometry, ViewFlags};
use super::live::{LiveView, Target};
use super::progress::{Progress, SavedState, ScrollPos};
use crate::cloud::{Identity, ResourceKind, StackResource};
use crate::i18n::Lang;
use crate::markdown::{Document, Laid, MdStyles, layout};
use crate::workshop::{AskProblem, Workshop};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StepState {
    /// An earlier step is not done yet.
    Locked,
    Open,
    Running,
    Done,
    /// Its last check failed; it stays open.
    Failed,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pane {
    Steps,
    Text,
    Activity,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Overlay {
    Help,
    /// The workshop's terms, scrolled this many lines down.
    Glossary {
        scroll: usize,
    },
    /// An action that starts billable resources, with what it costs an hour (`None`:
    /// unknown), waiting for a yes.
    ConfirmCost {
        step: usize,
        index: usize,
        per_hour: Option<f64>,
    },
    /// An action that deletes the workshop's resources, waiting for a yes.
    ConfirmDelete {
        step: usize,
        index: usize,
    },
    /// A canary stage changes a live endpoint: what will change, waiting for a yes.
    ConfirmChange {
        step: usize,
        index: usize,
    },
    /// Quitting while resources bill: they are listed, with their cost.
    ConfirmQuit,
    /// What bills now, resource by resource.
    Costs,
    /// The live view of what the step watches: the `target`th of its resources, the log
    /// frozen at `paused_at` lines (while paused) and scrolled `scroll` lines back.
    Live {
        target: usize,
        paused_at: Option<u64>,
        scroll: usize,
        /// Whether its charts are drawn. A whole new view with every chart filled is
        /// about 10 KB at 160x48, over a second on a 64 kbit/s link; so when the view
        /// opens, changes resource or the window resizes, the first frame leaves the
        /// charts out and the next tick draws them (once a slow link has carried the
        /// first frame: see `tui::pacing`).
        charts: bool,
    },
    /// API calls in the last minute, per operation (a debugging aid).
    Calls,
    ConfirmDone {
        step: usize,
    },
    /// How to do the current step by hand, scrolled this many lines down.
    ByHand {
        scroll: usize,
    },
    /// The step's `index`th code block alone, unwrapped, for selection; it was sent to the
    /// clipboard when opened.
    Code {
        index: usize,
    },
    /// Typing in a value the next action needs (the learner's initials, say); the action
    /// runs once it is accepted.
    Ask {
        var: String,
        input: String,
        problem: Option<AskProblem>,
        then: Then,
    },
}

/// What happens once an asked-for value is accepted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Then {
    RunAction { step: usize, index: usize },
    RunChecks { step: usize },
    Nothing,
}

/// How keys are read: commands, answers to a question, or text being typed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyMode {
    Normal,
    Question,
    Typing,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    Info,
    Success,
    Warning,
    Error,
}

/// A one-line message under the header, put into words when drawn (so it follows a
/// language switch). `id` is a fluent message id.
#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    pub level: Level,
    pub id: &'static str,
    pub args: Vec<(&'static str, String)>,
}

impl Notice {
    pub fn info(id: &'static str, args: Vec<(&'static str, String)>) -> Notice {
        Notice {
            level: Level::Info,
            id,
            args,
        }
    }
    pub fn success(id: &'static str, args: Vec<(&'static str, String)>) -> Notice {
        Notice {
            level: Level::Success,
            id,
            args,
        }
    }
    pub fn warning(id: &'static str, args: Vec<(&'static str, String)>) -> Notice {
        Notice {
            level: Level::Warning,
            id,
            args,
        }
    }
    pub fn error(id: &'static str, args: Vec<(&'static str, String)>) -> Notice {
        Notice {
            level: Level::Error,
            id,
            args,
        }
    }
}

/// The live state of a stack an action started.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StackView {
    pub name: String,
    pub status: String,
    pub reason: Option<String>,
    pub resources: Vec<StackResource>,
    pub outputs: Vec<(String, String)>,
    pub elapsed: Duration,
}

/// The status of each action and check of one step.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StepTasks {
    pub actions: Vec<TaskStatus>,
    pub checks: Vec<TaskStatus>,
}

pub struct App {
    pub workshop: Arc<Workshop>,
    pub lang: Lang,
    pub side_by_side: bool,
    pub present: bool,
    /// The step shown.
    pub current: usize,
    /// The highlighted row of the step list.
    pub list_cursor: usize,
    pub focus: Pane,
    pub done: Vec<bool>,
    pub failed: Vec<bool>,
    pub scroll: Vec<ScrollPos>,
    pub tasks: Vec<StepTasks>,
    pub stacks: Vec<Option<StackView>>,
    /// The highlighted row of the current step's actions and checks.
    pub activity_cursor: usize,
    pub overlay: Option<Overlay>,
    /// Who the cloud calls go out as and where (the header, `${account}`, `${region}`).
    pub backend: Identity,
    /// Why the backend could not be reached, until it can.
    pub backend_error: Option<crate::cloud::CloudError>,
    pub notice: Option<Notice>,
    /// A launch a preflight refused, and the fallback that would start (`a` runs it).
    pub alternative: Option<Alternative>,
    pub size: Rect,
    /// Values the learner typed in for the workshop's `ask` variables.
    pub learner_vars: BTreeMap<String, String>,
    /// The latest cost meter reading, once there is one.
    pub meter: Option<super::action::Meter>,
    /// Dollars billed by what the meter saw, since the workshop started.
    pub accrued: f64,
    /// A watcher is backing off from throttling: shown as a badge, not an error.
    pub backing_off: bool,
    /// The terminal shows links as OSC 8 hyperlinks (addresses are then not printed).
    pub hyperlinks: bool,
    pub spinner: usize,
    pub quitting: bool,
    /// What the watchers report, per watched resource.
    pub live: BTreeMap<Target, LiveView>,
    /// API calls per operation in the last minute, while the calls overlay is open.
    pub calls: Vec<(String, u32)>,
    /// The backend's clock as of the newest watcher report, for "so far" durations.
    pub live_now: f64,
    /// The learner's place is published for the class board (`--no-publish` turns it off);
    /// the header says so.
    pub publishing: bool,
    /// Seconds east of UTC of the learner's clock, for times of day on screen ("nothing
    /// new since 14:05"); set once at start, 0 (UTC) in renders and tests.
    pub utc_offset: i32,
    /// The learner's runs of each experiment, newest first, as their tags found them.
    pub runs: BTreeMap<String, Vec<String>>,
}

impl App {
    pub fn new(
        workshop: Arc<Workshop>,
        lang: Lang,
        backend: Identity,
        saved: Option<&Progress>,
    ) -> App {
        let n = workshop.steps.len();
        let mut app = App {
            lang,
            side_by_side: false,
            present: false,
            current: 0,
            list_cursor: 0,
            focus: Pane::Text,
            done: vec![false; n],
            failed: vec![false; n],
            scroll: vec![ScrollPos::default(); n],
            tasks: workshop
                .steps
                .iter()
                .map(|s| StepTasks {
                    actions: vec![TaskStatus::Idle; s.actions.len()],
                    checks: vec![TaskStatus::Idle; s.checks.len()],
                })
                .collect(),
            stacks: vec![None; n],
            activity_cursor: 0,
            overlay: None,
            backend,
            backend_error: None,
            notice: None,
            alternative: None,
            size: Rect::new(0, 0, 120, 40),
            learner_vars: BTreeMap::new(),
            meter: None,
            accrued: 0.0,
            hyperlinks: false,
            backing_off: false,
            spinner: 0,
            quitting: false,
            live: BTreeMap::new(),
            calls: vec![],
            live_now: 0.0,
            utc_offset: 0,
            publishing: false,
            runs: BTreeMap::new(),
            workshop,
        };
        if let Some(p) = saved {
            app.restore(p);
        }
        app
    }

    fn restore(&mut self, p: &Progress) {
        for (i, step) in self.workshop.steps.iter().enumerate() {
            match p.steps.get(&step.id) {
                Some(SavedState::Done) => self.done[i] = true,
                Some(SavedState::Failed) => self.failed[i] = true,
                None => {}
            }
            if let Some(pos) = p.scroll.get(&step.id) {
                self.scroll[i] = *pos;
            }
        }
        if let Some(i) = p
            .current
            .as_deref()
            .and_then(|id| self.workshop.step_index(id))
        {
            self.current = i;
            self.list_cursor = i;
        }
        self.side_by_side = p.side_by_side;
        self.learner_vars = p.vars.clone();
        self.accrued = p.accrued_usd;
    }

    /// What goes to disk: everything needed to come back to the same place.
    pub fn progress(&self) -> Progress {
        let mut p = Progress::new(&self.workshop.id);
        p.lang = Some(self.lang);
        p.current = self.workshop.steps.get(self.current).map(|s| s.id.clone());
        p.side_by_side = self.side_by_side;
        for (i, step) in self.workshop.steps.iter().enumerate() {
            if self.done[i] {
                p.steps.insert(step.id.clone(), SavedState::Done);
            } else if self.failed[i] {
                p.steps.insert(step.id.clone(), SavedState::Failed);
            }
            if self.scroll[i] != ScrollPos::default() {
                p.scroll.insert(step.id.clone(), self.scroll[i]);
            }
        }
        // Only what the learner chose; the workshop's defaults may change between versions.
        p.vars = self.learner_vars.clone();
        p.accrued_usd = self.accrued;
        p
    }

    pub fn step_state(&self, i: usize) -> StepState {
        if self.tasks.get(i).is_some_and(|t| {
            t.actions
                .iter()
                .chain(&t.checks)
                .any(TaskStatus::is_running)
        }) {
            StepState::Running
        } else if self.done.get(i).copied().unwrap_or(false) {
            StepState::Done
        } else if !self.done[..i.min(self.done.len())].iter().all(|d| *d) {
            StepState::Locked
        } else if self.failed.get(i).copied().unwrap_or(false) {
            StepState::Failed
        } else {
            StepState::Open
        }
    }

    pub fn geometry(&self) -> Option<Geometry> {
        geometry::geometry(
            self.size,
            ViewFlags {
                present: self.present,
                steps_focused: self.focus == Pane::Steps,
                activity_rows: self.activity_rows_wanted(),
            },
        )
    }

    /// The columns the step text is laid out in (per language column in side-by-side).
    pub fn text_area(&self) -> Option<Rect> {
        let g = self.geometry()?;
        let content = geometry::content(g.text);
        Some(if self.side_by_side {
            geometry::side_by_side(content).0
        } else {
            content
        })
    }

    /// The current step's text laid out for the current width, for scrolling. Styles do
    /// not change line breaks, so plain styles are enough here.
    pub fn laid_text(&self, lang: Lang) -> Option<(Laid, u16)> {
        let area = self.text_area()?;
        let body = self.step_body(lang)?;
        // Only the hyperlink setting changes line breaks (addresses shown or not).
        let styles = MdStyles {
            hyperlinks: self.hyperlinks,
            ..MdStyles::default()
        };
        let laid = layout(&body, area.width, &styles);
        Some((laid, area.height))
    }

    /// The language whose layout scrolling follows: in side-by-side mode the longer of
    /// the two, so the end of either text can be reached.
    pub fn scroll_lang(&self) -> Lang {
        if !self.side_by_side {
            return self.lang;
        }
        let len = |l: Lang| self.laid_text(l).map_or(0, |(laid, _)| laid.lines.len());
        if len(self.lang.other()) > len(self.lang) {
            self.lang.other()
        } else {
            self.lang
        }
    }

    /// Rows the activity pane wants for the current step: a title, a row per task (or one
    /// line saying there is none), a live stack table for steps that launch one, and room
    /// for a notice. Derived from the step, so the layout does not jump while it runs.
    pub fn activity_rows_wanted(&self) -> u16 {
        let Some(step) = self.workshop.steps.get(self.current) else {
            return 4;
        };
        let headings = usize::from(!step.actions.is_empty()) + usize::from(!step.checks.is_empty());
        let tasks = (step.actions.len() + step.checks.len()).max(1) + headings;
        let watches_stack = step.actions.iter().any(|a| a.facts().stack);
        let stack_rows = if watches_stack { 8 } else { 0 };
        let targets = self.watch_targets().len();
        let live_rows = if targets > 0 { targets + 2 } else { 0 };
        (1 + tasks + stack_rows + live_rows + 3) as u16
    }

    /// The glossary laid out for its box, and how many of its lines fit at once.
    pub fn glossary_layout(
        &self,
        term: ratatui::style::Style,
        text: ratatui::style::Style,
    ) -> (Vec<ratatui::text::Line<'static>>, usize) {
        let b = geometry::glossary_box(self.size);
        let inner = usize::from(b.width.saturating_sub(4));
        let entries: Vec<(&str, &str)> = self
            .workshop
            .glossary
            .iter()
            .map(|g| (g.term.as_str(), g.text.get(self.lang).as_str()))
            .collect();
        let lines = crate::markdown::term_list(&entries, inner, term, text);
        (lines, usize::from(b.height.saturating_sub(2)))
    }

    /// Number of actions plus checks of the current step: the rows of the activity list.
    pub fn activity_len(&self) -> usize {
        self.workshop
            .steps
            .get(self.current)
            .map_or(0, |s| s.actions.len() + s.checks.len())
    }

    /// What the current step watches live: its own targets, then the learner's earlier
    /// runs of the experiments it launches.
    pub fn watch_targets(&self) -> Vec<Target> {
        let mut out = self.step_targets();
        out.extend(self.earlier_runs(&out));
        out
    }

    /// What the step itself names: the resources its checks look at, the endpoint its
    /// canary stages change, the Comprehend endpoint it creates. One target per kind and
    /// prefix, in the step's order.
    pub fn step_targets(&self) -> Vec<Target> {
        let Some(step) = self.workshop.steps.get(self.current) else {
            return vec![];
        };
        let vars = self.vars_for_tasks();
        let mut out: Vec<Target> = vec![];
        for task in step.tasks() {
            let Some((kind, prefix)) = task.watches() else {
                continue;
            };
            let prefix = crate::workshop::substitute(prefix, &vars);
            // A prefix still waiting for a value cannot name anything yet.
            if prefix.contains('<') || prefix.contains("${") {
                continue;
            }
            let target = Target { kind, prefix };
            if !out.contains(&target) {
                out.push(target);
            }
        }
        out
    }

    /// The experiments the current step's jobs belong to (jobs.toml's `experiment`).
    pub fn step_experiments(&self) -> Vec<String> {
        let Some(step) = self.workshop.steps.get(self.current) else {
            return vec![];
        };
        let mut out: Vec<String> = vec![];
        for action in &step.actions {
            let crate::workshop::Action::LaunchJob(launch) = action else {
                continue;
            };
            let experiment = self.workshop.jobs.jobs.get(&launch.job);
            if let Some(e) = experiment.and_then(|j| j.experiment.clone())
                && !out.contains(&e)
            {
                out.push(e);
            }
        }
        out
    }

    /// What finds the current step's runs by tag, when it launches runs of an experiment
    /// and the learner's initials are known.
    pub fn find_runs(&self) -> Option<super::Effect> {
        let experiments = self.step_experiments();
        let learner = self.vars_for_tasks().get("initial")?.clone();
        (!experiments.is_empty()).then_some(super::Effect::FindRuns {
            experiments,
            learner,
        })
    }

    /// The learner's runs of the step's experiments that no target of the step follows
    /// already: a prefix follows the newest run whose name starts with it, so each
    /// prefix's newest is left out. Exact names, so each watcher keeps to its run.
    fn earlier_runs(&self, step_targets: &[Target]) -> Vec<Target> {
        let prefixes: Vec<&str> = step_targets
            .iter()
            .filter(|t| t.kind == ResourceKind::TrainingJob)
            .map(|t| t.prefix.as_str())
            .collect();
        let mut covered: Vec<&str> = vec![];
        let mut out = vec![];
        for name in self
            .step_experiments()
            .iter()
            .filter_map(|e| self.runs.get(e))
            .flatten()
        {
            if let Some(p) = prefixes.iter().find(|p| name.starts_with(**p))
                && !covered.contains(p)
            {
                covered.push(*p);
                continue;
            }
            let target = Target {
                kind: ResourceKind::TrainingJob,
                prefix: name.clone(),
            };
            if out.len() < MAX_EARLIER_RUNS && !out.contains(&target) {
                out.push(target);
            }
        }
        out
    }

    /// The live views of the current step, in its order (found or not).
    pub fn current_live(&self) -> Vec<(Target, Option<&LiveView>)> {
        self.watch_targets()
            .into_iter()
            .map(|t| {
                let view = self.live.get(&t);
                (t, view)
            })
            .collect()
    }

    /// Whether the loop should send ticks: for a running task's spinner, or for the
    /// charts a new live view draws one tick after the rest.
    pub fn wants_tick(&self) -> bool {
        self.any_running() || matches!(self.overlay, Some(Overlay::Live { charts: false, .. }))
    }

    pub fn any_running(&self) -> bool {
        self.tasks.iter().any(|t| {
            t.actions
                .iter()
                .chain(&t.checks)
                .any(TaskStatus::is_running)
        })
    }

    pub fn key_mode(&self) -> KeyMode {
        match self.overlay {
            None
            | Some(Overlay::Help)
            | Some(Overlay::Glossary { .. })
            | Some(Overlay::Costs)
            | Some(Overlay::Live { .. })
            | Some(Overlay::Code { .. })
            | Some(Overlay::ByHand { .. })
            | Some(Overlay::Calls) => KeyMode::Normal,
            Some(Overlay::ConfirmDone { .. })
            | Some(Overlay::ConfirmCost { .. })
            | Some(Overlay::ConfirmDelete { .. })
            | Some(Overlay::ConfirmChange { .. })
            | Some(Overlay::ConfirmQuit) => KeyMode::Question,
            Some(Overlay::Ask { .. }) => KeyMode::Typing,
        }
    }

    /// The first value the given tasks need that the learner must give and has not:
    /// an asked-for variable with no default.
    pub fn unanswered<'t>(
        &self,
        tasks: impl IntoIterator<Item = crate::workshop::Task<'t>>,
    ) -> Option<String> {
        let w = &self.workshop;
        // A default may itself name a value to ask for (the stack name holds the initials).
        let needs = |v: &String| -> Vec<String> {
            let mut all = vec![v.clone()];
            if let Some(default) = w.vars.get(v) {
                all.extend(
                    crate::workshop::variables_in(default)
                        .into_iter()
                        .map(str::to_string),
                );
            }
            all
        };
        tasks
            .into_iter()
            .flat_map(|t| t.variables())
            .flat_map(|v| needs(&v.to_string()))
            .find(|v| {
                w.asks.contains_key(v)
                    && !w.vars.contains_key(v)
                    && !self.learner_vars.contains_key(v)
            })
    }

    /// Whether the header shows the cost meter: once something bills or has billed.
    pub fn meter_shown(&self) -> bool {
        self.accrued > 0.0
            || self
                .meter
                .as_ref()
                .is_some_and(|m| !m.billable().is_empty())
    }

    /// What an action starts costs an hour, if it starts anything billable: `Some(None)`
    /// when it does but the price is unknown.
    pub fn cost_of(&self, task: &crate::workshop::Action) -> Option<Option<f64>> {
        self.bill_of(task).map(|(per_hour, _)| per_hour)
    }

    /// When the price `cost_of` gives was read (the figure's own date in prices.toml, else
    /// the file's), for the question that asks before it bills.
    pub fn price_checked(&self, task: &crate::workshop::Action) -> String {
        let region = self
            .vars_for_tasks()
            .get("region")
            .cloned()
            .unwrap_or_default();
        let prices = &self.workshop.prices;
        match self.bill_of(task).and_then(|(_, key)| key) {
            Some(key) => prices.checked_of(&region, &key).to_string(),
            None => prices.checked.clone(),
        }
    }

    /// The hourly price of what an action starts and the prices.toml key it comes from.
    fn bill_of(&self, task: &crate::workshop::Action) -> Option<(Option<f64>, Option<String>)> {
        use crate::workshop::task::Bills;
        let vars = self.vars_for_tasks();
        let region = vars.get("region").cloned().unwrap_or_default();
        let prices = &self.workshop.prices;
        Some(match task.facts().bills? {
            Bills::Instance(instance_type) => {
                let key = crate::workshop::substitute(instance_type, &vars);
                (prices.per_hour(&region, &key), Some(key))
            }
            Bills::Priced { price, units } => (
                prices.other(&region, price).map(|p| p * f64::from(units)),
                Some(price.to_string()),
            ),
            Bills::Job(id) => {
                let fallback = match task {
                    crate::workshop::Action::LaunchJob(t) => t.fallback,
                    _ => None,
                };
                let job = self.workshop.jobs.resolve(id, fallback, &vars)?;
                (
                    prices
                        .per_hour(&region, &job.instance_type)
                        .map(|p| p * f64::from(job.instance_count)),
                    Some(job.instance_type),
                )
            }
            Bills::Unknown => (None, None),
        })
    }

    /// What a launch starts, as its confirmation says it: `None` for other actions.
    pub fn launch_plan(&self, task: &crate::workshop::Action) -> Option<LaunchPlan> {
        let crate::workshop::Action::LaunchJob(t) = task else {
            return None;
        };
        let vars = self.vars_for_tasks();
        let job = self.workshop.jobs.resolve(&t.job, t.fallback, &vars)?;
        let image = self.workshop.images.images.get(&job.image).map_or_else(
            || job.image.clone(),
            |i| format!("{}:{}", i.repository, i.tag),
        );
        let gpus = self
            .workshop
            .images
            .instances
            .get(&job.instance_type)
            .map_or(0, |i| i.gpus);
        Some(LaunchPlan {
            count: job.instance_count,
            instance_type: job.instance_type.clone(),
            gpus,
            image,
            reads: job
                .channels
                .values()
                .chain(job.inputs.values())
                .map(|u| crate::workshop::substitute(u, &vars))
                .collect(),
            max_minutes: job.max_minutes,
        })
    }

    /// The workshop's defaults overlaid with what the learner chose and what the backend
    /// knows (account, region).
    pub fn vars_for_tasks(&self) -> BTreeMap<String, String> {
        // Not answered yet: shown as a placeholder; nothing runs until it is answered.
        // An account not known stays unset, so a task that needs it says so instead of
        // asking AWS about a bucket named `sagemaker-us-east-1-<account>`.
        self.vars_or(&|name| format!("<{name}>"), false)
    }

    /// The variables as a step text shows them: a value not known yet (initials not typed,
    /// no account signed in) reads as the content's placeholder in `lang`, `<이니셜>`.
    pub fn vars_for_text(&self, lang: Lang) -> BTreeMap<String, String> {
        let placeholder = |name: &str| match self.workshop.placeholders.get(name) {
            Some(label) => format!("<{}>", label.get(lang)),
            None => format!("<{name}>"),
        };
        self.vars_or(&placeholder, true)
    }

    fn vars_or(
        &self,
        missing: &dyn Fn(&str) -> String,
        account_placeholder: bool,
    ) -> BTreeMap<String, String> {
        let mut vars = self.workshop.vars.clone();
        for name in self.workshop.asks.keys() {
            vars.entry(name.clone()).or_insert_with(|| missing(name));
        }
        vars.extend(self.learner_vars.clone());
        match &self.backend.account {
            Some(a) => {
                vars.insert("account".into(), a.clone());
            }
            None if account_placeholder => {
                vars.insert("account".into(), missing("account"));
            }
            None => {}
        }
        vars.insert("region".into(), self.backend.region.clone());
        vars
    }

    /// The current step's code blocks in `lang`, names filled in, in reading order: (the
    /// top-level block it is in, its lines).
    pub fn code_blocks(&self, lang: Lang) -> Vec<(usize, Vec<String>)> {
        self.step_body(lang)
            .map(|body| code_blocks_of(&body))
            .unwrap_or_default()
    }

    /// The current step's by-hand text in `lang`, names filled in.
    pub fn by_hand_body(&self, lang: Lang) -> Option<Cow<'_, Document>> {
        let doc = self
            .workshop
            .steps
            .get(self.current)?
            .by_hand
            .as_ref()?
            .get(lang);
        Some(self.with_names(doc, lang))
    }

    /// The by-hand text laid out for its window, and how many of its lines fit at once.
    pub fn by_hand_layout(&self, styles: &MdStyles) -> Option<(Laid, usize)> {
        let area = geometry::by_hand_box(self.size);
        let body = self.by_hand_body(self.lang)?;
        let laid = layout(&body, area.width, styles);
        Some((laid, usize::from(area.height)))
    }

    /// The first code block of the by-hand text at or below line `scroll`, else the last
    /// one above it: what `y` copies from that window.
    pub fn by_hand_code(&self, scroll: usize) -> Option<Vec<String>> {
        let body = self.by_hand_body(self.lang)?;
        let blocks = code_blocks_of(&body);
        let (laid, _) = self.by_hand_layout(&MdStyles::default())?;
        let top_block = (0..body.blocks.len())
            .find(|&b| laid.line_of(b, 0) >= scroll)
            .unwrap_or(usize::MAX);
        blocks
            .iter()
            .find(|(b, _)| *b >= top_block)
            .or(blocks.last())
            .map(|(_, lines)| lines.clone())
    }

    /// The current step's text in `lang` with the learner's own names put in.
    pub fn step_body(&self, lang: Lang) -> Option<Cow<'_, Document>> {
        let doc = self.workshop.steps.get(self.current)?.body.get(lang);
        Some(self.with_names(doc, lang))
    }

    /// The speaker notes of step `step` in `lang`, with the names put in.
    pub fn notes_body(&self, step: usize, lang: Lang) -> Option<Cow<'_, Document>> {
        let doc = self.workshop.steps.get(step)?.notes.as_ref()?.get(lang);
        Some(self.with_names(doc, lang))
    }

    fn with_names<'d>(&self, doc: &'d Document, lang: Lang) -> Cow<'d, Document> {
        if !doc.contains("${") {
            return Cow::Borrowed(doc);
        }
        let vars = self.vars_for_text(lang);
        Cow::Owned(doc.map_text(&|t| self.fill_text(t, &vars)))
    }

    /// A text with its prices (in the backend's region) and the learner's names put in.
    pub fn fill_text(&self, text: &str, vars: &BTreeMap<String, String>) -> String {
        let priced =
            crate::workshop::fill_prices(text, &self.workshop.prices, &self.backend.region);
        crate::workshop::substitute(&priced, vars)
    }
}

/// A refused launch's way out: which action, which job, which of its fallbacks.
#[derive(Clone, Debug, PartialEq)]
pub struct Alternative {
    pub step: usize,
    pub index: usize,
    pub job: String,
    pub fallback: usize,
}

/// What a launch starts: instances, image, data.
#[derive(Clone, Debug, PartialEq)]
pub struct LaunchPlan {
    pub count: u32,
    pub instance_type: String,
    /// GPUs on each instance.
    pub gpus: u32,
    /// Repository and tag.
    pub image: String,
    /// The S3 places it reads.
    pub reads: Vec<String>,
    /// The job's stopping condition: it bills at most this long.
    pub max_minutes: u32,
}

/// A row of the activity pane's task list. Shared by drawing and mouse handling, so a
/// click lands on the task drawn there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ActivityRow {
    ActionsHeading,
    ChecksHeading,
    /// A task by its index in actions-then-checks order.
    Task(usize),
    /// Line `n` (0 or 1) of the reason a task failed or is pending.
    Detail(usize, u8),
}

/// Earlier runs of a step's experiments shown beside its own: the comparison stays a
/// table that fits, and each costs a watcher's few calls.
pub const MAX_EARLIER_RUNS: usize = 4;

/// Failed and pending tasks show their reason in this many rows under them.
pub const DETAIL_ROWS: u8 = 2;
/// A failing check's hint gets at most this many rows, under its reason, where the
/// activity pane sits under the text (full width, and rows are scarce); `validate` warns
/// about a hint that needs more.
pub const HINT_ROWS: u8 = 5;
/// Where the activity pane is a column of its own beside the text (full height but
/// narrow), a hint may take this many.
pub const HINT_ROWS_BESIDE: u8 = 8;
/// The hint's label ("Hint: ", "힌트: ") is drawn this many columns wide, in both languages.
pub const HINT_LABEL_WIDTH: usize = 6;
const HINT_INDENT: &str = "    ";
/// A hint wrapped under its label, as the activity pane draws it in `width` columns.
pub fn wrap_hint(
    hint: String,
    width: usize,
    label: ratatui::text::Span<'static>,
    style: ratatui::style::Style,
) -> Vec<ratatui::text::Line<'static>> {
    let indent = ratatui::text::Span::raw(HINT_INDENT);
    let rest = ratatui::text::Span::raw(" ".repeat(HINT_INDENT.len() + HINT_LABEL_WIDTH));
    crate::markdown::wrap_text(&[(hint, style)], width, vec![indent, label], vec![rest])
}

/// For `validate`: the rows a hint needs beyond what it gets, in the narrowest pane of each
/// layout (the column beside the text at its least; under the text on the smallest
/// screen), or `None` when it fits both.
pub fn hint_overflow(hint: &str) -> Option<(usize, usize)> {
    let rows_in = |pane: u16| {
        let label = ratatui::text::Span::raw(" ".repeat(HINT_LABEL_WIDTH));
        let width = usize::from(pane.saturating_sub(2));
        wrap_hint(
            hint.to_string(),
            width,
            label,
            ratatui::style::Style::default(),
        )
        .len()
    };
    [
        (super::geometry::ACTIVITY_MIN_WIDTH, HINT_ROWS_BESIDE),
        (super::geometry::MIN_WIDTH, HINT_ROWS),
    ]
    .into_iter()
    .map(|(pane, max)| (rows_in(pane), usize::from(max)))
    .find(|(rows, max)| rows > max)
}

/// Detail rows for a table of results under a task (a query's rows, an endpoint's answers).
pub const MAX_TABLE_ROWS: usize = 8;

/// A row of the step list: a section heading or a step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ListRow {
    Section(usize),
    Step(usize),
}

impl App {
    pub fn list_rows(&self) -> Vec<ListRow> {
        let mut rows = vec![];
        for (si, section) in self.workshop.sections.iter().enumerate() {
            rows.push(ListRow::Section(si));
            rows.extend(section.steps.clone().map(ListRow::Step));
        }
        rows
    }

    /// The first visible row of the list, chosen so the highlighted step stays in view
    /// with a little context below it. Derived, never stored.
    pub fn list_offset(&self, rows: &[ListRow], height: usize) -> usize {
        let target = if self.focus == Pane::Steps {
            self.list_cursor
        } else {
            self.current
        };
        let row = rows
            .iter()
            .position(|r| *r == ListRow::Step(target))
            .unwrap_or(0);
        let max = rows.len().saturating_sub(height);
        (row + 3).saturating_sub(height).min(max)
    }

    /// The hint of task `task` of the current step (a check's; an action has none), in the
    /// reader's language, with the learner's names in it.
    pub fn check_hint(&self, task: usize) -> Option<String> {
        let step = self.workshop.steps.get(self.current)?;
        let hint = step.hint(task.checked_sub(step.actions.len())?, self.lang)?;
        Some(self.fill_text(hint, &self.vars_for_text(self.lang)))
    }

    /// The hint of task `task` wrapped to the activity pane's width, under its reason:
    /// the same lines the pane draws, so the rows kept for it fit them.
    pub fn hint_lines(
        &self,
        task: usize,
        width: usize,
        label: ratatui::text::Span<'static>,
        style: ratatui::style::Style,
    ) -> Vec<ratatui::text::Line<'static>> {
        let Some(hint) = self.check_hint(task) else {
            return vec![];
        };
        wrap_hint(hint, width, label, style)
    }

    fn hint_rows(&self, task: usize) -> u8 {
        let Some(g) = self.geometry() else {
            return 0;
        };
        let width = usize::from(g.activity.width.saturating_sub(2));
        let label = ratatui::text::Span::raw(" ".repeat(HINT_LABEL_WIDTH));
        let lines = self.hint_lines(task, width, label, ratatui::style::Style::default());
        let beside = g.activity.x > g.text.x;
        let cap = if beside { HINT_ROWS_BESIDE } else { HINT_ROWS };
        lines.len().min(usize::from(cap)) as u8
    }

    pub fn activity_rows(&self) -> Vec<ActivityRow> {
        let Some(step) = self.workshop.steps.get(self.current) else {
            return vec![];
        };
        let tasks = &self.tasks[self.current];
        let mut rows = vec![];
        let statuses = tasks.actions.iter().chain(&tasks.checks);
        for (i, status) in statuses.enumerate() {
            if i == 0 && !step.actions.is_empty() {
                rows.push(ActivityRow::ActionsHeading);
            }
            if i == step.actions.len() {
                rows.push(ActivityRow::ChecksHeading);
            }
            rows.push(ActivityRow::Task(i));
            let detail_rows = match status {
                TaskStatus::Failed(_) | TaskStatus::Pending(_) => DETAIL_ROWS + self.hint_rows(i),
                // A link must be shown whole to be usable: as many rows as it needs.
                TaskStatus::Passed(Some(Report::NotebookUrl { url })) => {
                    let width = self
                        .geometry()
                        .map_or(40, |g| usize::from(g.activity.width).saturating_sub(6))
                        .max(10);
                    ((url.len() + 60).div_ceil(width)).clamp(2, 12) as u8
                }
                // A query's header and first rows, an endpoint's answers: a line each.
                TaskStatus::Passed(Some(Report::Query(q))) => {
                    (1 + usize::from(!q.rows.is_empty()) + q.rows.len()).min(MAX_TABLE_ROWS) as u8
                }
                TaskStatus::Passed(Some(Report::Answers { answers, .. })) => {
                    (1 + answers.len()).min(MAX_TABLE_ROWS) as u8
                }
                TaskStatus::Passed(Some(r)) if r.is_informative() => 1,
                TaskStatus::Working(_) => 1,
                _ => 0,
            };
            rows.extend((0..detail_rows).map(|n| ActivityRow::Detail(i, n)));
        }
        rows
    }

    /// Which task a click on screen row `row` of the activity pane hits.
    pub fn task_at_row(&self, pane: Rect, row: u16) -> Option<usize> {
        let content = geometry::content(pane);
        let index = usize::from(row.checked_sub(content.y)?);
        match self.activity_rows().get(index) {
            Some(ActivityRow::Task(i) | ActivityRow::Detail(i, _)) => Some(*i),
            _ => None,
        }
    }

    /// Which step a click on screen row `row` of the step pane hits.
    pub fn step_at_row(&self, pane: Rect, row: u16) -> Option<usize> {
        let content = geometry::content(pane);
        if row < content.y || row >= content.y + content.height {
            return None;
        }
        let rows = self.list_rows();
        let offset = self.list_offset(&rows, usize::from(content.height));
        match rows.get(offset + usize::from(row - content.y)) {
            Some(ListRow::Step(i)) => Some(*i),
            _ => None,
        }
    }
}

/// A document's code blocks in reading order: (the top-level block it is in, its lines).
fn code_blocks_of(doc: &Document) -> Vec<(usize, Vec<String>)> {
    use crate::markdown::Block;
    fn collect(top: usize, blocks: &[Block], out: &mut Vec<(usize, Vec<String>)>) {
        for b in blocks {
            match b {
                Block::Code { lines, .. } => out.push((top, lines.clone())),
                Block::List { items, .. } => items.iter().for_each(|i| collect(top, i, out)),
                Block::Quote { blocks, .. } => collect(top, blocks, out),
                _ => {}
            }
        }
    }
    let mut out = vec![];
    for (top, b) in doc.blocks.iter().enumerate() {
        collect(top, std::slice::from_ref(b), &mut out);
    }
    out
}
