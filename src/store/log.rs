//! Logs go to a file in the state directory, never to the screen the TUI owns.

use std::fs::OpenOptions;
use std::path::Path;
use std::sync::Mutex;

use tracing_subscriber::filter::Targets;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;

pub const FILE_NAME: &str = "labguide.log";

/// Starts logging to `<state_dir>/labguide.log`. `LABGUIDE_LOG` sets labguide's own level
/// (error, warn, info, debug, trace). Other crates stay at warnings whatever it says: at
/// debug and trace the AWS SDK logs signed requests, session tokens and response bodies,
/// which must never reach a file. The log is readable by its owner only. Failing to log
/// is not a reason to fail.
pub fn init(state_dir: &Path) {
    let _ = std::fs::create_dir_all(state_dir);
    let mut options = OpenOptions::new();
    options.create(true).append(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let Ok(file) = options.open(state_dir.join(FILE_NAME)) else {
        return;
    };
    let level = std::env::var("LABGUIDE_LOG")
        .ok()
        .and_then(|l| l.parse::<tracing::Level>().ok())
        .unwrap_or(tracing::Level::INFO);
    let filter = Targets::new()
        .with_target("labguide", level)
        .with_default(tracing::Level::WARN);
    let _ = tracing_subscriber::registry()
        .with(
            tracing_subscriber::fmt::layer()
                .with_writer(Mutex::new(file))
                .with_ansi(false),
        )
        .with(filter)
        .try_init();
}
