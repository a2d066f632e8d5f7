use std::collections::BTreeMap;

use super::progress::Progress;
use super::{Report, StackView};
use crate::cloud::Identity;
use crate::workshop;

/// Everything that can happen to the app: what the learner (or the terminal) wants, or
/// what the runtime found out. `update` takes either (`Intent` and `Outcome` convert).
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    Input(Intent),
    Result(Outcome),
}

impl From<Intent> for Action {
    fn from(i: Intent) -> Action {
        Action::Input(i)
    }
}

impl From<Outcome> for Action {
    fn from(o: Outcome) -> Action {
        Action::Result(o)
    }
}

/// Input: keys and mouse (as the keymap reads them), paste, the terminal's size, the
/// spinner's timer and the signals that end the program.
#[derive(Clone, Debug, PartialEq)]
pub enum Intent {
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    NextPane,
    PrevPane,
    NextStep,
    PrevStep,
    /// Enter: open the selected step, or run the selected action or check.
    Activate,
    RunChecks,
    /// Change a value the learner typed in (initials, data location).
    EditValues,
    /// Asks first; the learner confirms with `Confirm`.
    MarkDone,
    /// Runs a refused launch again on the fallback its refusal offered.
    UseAlternative,
    /// Copies the first code block in view (again: the next one) to the clipboard.
    CopyCode,
    ToggleLang,
    ToggleSideBySide,
    TogglePresent,
    Help,
    Glossary,
    /// How to do the current step by hand: the console and CLI path.
    ByHand,
    Close,
    Quit,
    Confirm,
    Cancel,
    /// A character typed into a text field.
    Type(char),
    /// Backspace in a text field.
    Erase,
    /// Text pasted into a text field (bracketed paste).
    Paste(String),
    /// Mouse wheel at a screen position; positive is down.
    Scroll {
        column: u16,
        row: u16,
        lines: i16,
    },
    Click {
        column: u16,
        row: u16,
    },
    Resize {
        width: u16,
        height: u16,
    },
    Tick,
    /// SIGTERM or SIGHUP: save and leave.
    Shutdown,
    /// Open the list of what bills now (`$`).
    Costs,
    /// From the quit question: go to the cleanup instead.
    GoToCleanup,
    /// Open or close the live view of what the step started (`w`).
    ToggleLive,
    /// In the live view: the next watched resource of the step.
    NextTarget,
    /// In the live view: stop or resume following the log.
    PauseLog,
    /// Open or close the list of API calls in the last minute (`D`).
    ToggleCalls,
}

/// Results: what the runtime reports about the effects it carries out and the resources it
/// follows. They change the state under any open window.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    Task {
        step: usize,
        task: TaskId,
        status: TaskStatus,
    },
    Stack {
        step: usize,
        view: StackView,
    },
    Backend(Identity),
    /// AWS is throttling (or briefly unreachable) and a watcher is backing off: `true`
    /// while it lasts, `false` once calls go through again.
    BackingOff(bool),
    /// What the workshop's resources cost now, from a fresh inventory.
    Meter(Meter),
    /// The backend cannot be used (no credentials, say); the app keeps working offline.
    BackendFailed(crate::cloud::CloudError),
    /// A watcher paused by an expired session got an answer again: the learner signed in.
    SessionBack,
    /// A watcher's news about a resource it follows.
    Live {
        target: super::Target,
        update: super::LiveUpdate,
        /// When the watcher saw it, on the backend's clock.
        at: f64,
    },
    /// Calls per operation in the last minute, from the counting backend.
    Calls(Vec<(String, u32)>),
    /// The learner's runs of an experiment, newest first, as their tags found them.
    Runs {
        experiment: String,
        names: Vec<String>,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TaskId {
    Action(usize),
    Check(usize),
}

#[derive(Clone, Debug, Default, PartialEq)]
pub enum TaskStatus {
    #[default]
    Idle,
    Running,
    /// Running, and saying how far it has got (a query's state and the data it scanned).
    Working(Report),
    Passed(Option<Report>),
    Failed(Report),
    /// Cannot be checked here (a notebook-only step on real AWS).
    Pending(Report),
}

impl TaskStatus {
    pub fn is_running(&self) -> bool {
        matches!(self, TaskStatus::Running | TaskStatus::Working(_))
    }
}

/// What the runner should do after an update.
#[derive(Clone, Debug, PartialEq)]
pub enum Effect {
    RunAction {
        step: usize,
        index: usize,
        task: workshop::Action,
        vars: BTreeMap<String, String>,
    },
    RunChecks {
        step: usize,
        checks: Vec<(usize, workshop::Check)>,
        vars: BTreeMap<String, String>,
    },
    Save(Progress),
    /// Take a fresh inventory for the cost meter, with these values for names.
    Measure(BTreeMap<String, String>),
    /// Watch exactly these resources live from now on (the current step's).
    Watch(Vec<super::Target>),
    /// Stop the test traffic the step's actions send: the learner has left the step.
    StopTraffic {
        step: usize,
    },
    /// Look for the learner's runs of these experiments, for the step's comparison.
    FindRuns {
        experiments: Vec<String>,
        learner: String,
    },
    /// Put this text on the terminal's clipboard (OSC 52).
    Copy(String),
    Quit,
}

/// The cost meter's reading.
#[derive(Clone, Debug, PartialEq)]
pub struct Meter {
    /// When it was taken (seconds since the Unix epoch).
    pub at: f64,
    /// Everything of the workshop that exists now (what a cleanup would delete).
    pub items: Vec<crate::app::inventory::Item>,
}

impl Meter {
    /// The hourly total of what is known, and whether some price is not.
    pub fn per_hour(&self) -> (f64, bool) {
        crate::app::inventory::total_per_hour(&self.items)
    }

    /// What bills by the hour now.
    pub fn billable(&self) -> Vec<&crate::app::inventory::Item> {
        self.items
            .iter()
            .filter(|i| i.per_hour != crate::app::inventory::PerHour::NotHourly)
            .collect()
    }
}
