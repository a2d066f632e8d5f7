//! The app's state and its update logic. No I/O and no drawing here: `update` takes an
//! `Action`, either an `Intent` (a key, the mouse, a timer, a signal) or an `Outcome` (a
//! result from the runner or a watcher), and returns the `Effect`s the runner should carry
//! out, so every behaviour can be tested without a terminal or cloud.

mod action;
pub mod class;
pub mod class_cleanup;
pub mod cleanup_plan;
pub mod geometry;
pub mod inventory;
mod keymap;
mod live;
pub mod notes;
mod progress;
pub mod provenance;
mod report;
pub mod rules;
mod state;
mod update;

pub use action::{Action, Effect, Intent, Meter, Outcome, TaskId, TaskStatus};
pub use keymap::{HELP_KEYS, action_for_event};
pub use live::{
    ComparisonRow, Cost, LOG_CAP, LiveUpdate, LiveView, POINTS_CAP, Target, run_start, short_labels,
};
pub use progress::{Progress, SavedState, ScrollPos};
pub use report::{Alternative, QueryReport, Report};
pub use state::{
    ActivityRow, App, DETAIL_ROWS, HINT_LABEL_WIDTH, HINT_ROWS, KeyMode, LaunchPlan, Level,
    ListRow, Notice, Overlay, Pane, StackView, StepState, StepTasks, Then, hint_overflow,
};
pub use update::{Update, update};
