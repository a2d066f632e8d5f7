//! Logs go to a file in the state directory, never to the screen the TUI owns.

use std::fs::OpenOptions;
use std::path::Path;
use std::sync::Mutex;

pub const FILE_NAME: &str = "labguide.log";

/// Starts logging to `<state_dir>/labguide.log`. `LABGUIDE_LOG` sets the level
/// (error, warn, info, debug, trace). Failing to log is not a reason to fail.
pub fn init(state_dir: &Path) {
    let _ = std::fs::create_dir_all(state_dir);
    let Ok(file) = OpenOptions::new()
        .create(true)
        .append(true)
        .open(state_dir.join(FILE_NAME))
    else {
        return;
    };
    let level = std::env::var("LABGUIDE_LOG")
        .ok()
        .and_then(|l| l.parse::<tracing::Level>().ok())
        .unwrap_or(tracing::Level::INFO);
    let _ = tracing_subscriber::fmt()
        .with_writer(Mutex::new(file))
        .with_ansi(false)
        .with_max_level(level)
        .try_init();
}
