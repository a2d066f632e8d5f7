//! The bare `labguide`: the shared start-up, then the TUI.

use std::io::IsTerminal;
use std::process::ExitCode;

use super::Start;
use crate::store::LockError;
use crate::tr;

pub fn run(start: &Start) -> ExitCode {
    let (i18n, env_lang, state_dir) = (&start.i18n, start.env_lang, &start.state_dir);
    crate::store::log::init(state_dir);
    // One labguide per state folder: two would overwrite each other's progress.
    let _lock = match crate::store::lock(state_dir) {
        Ok(lock) => Some(lock),
        Err(LockError::Held) => {
            eprintln!(
                "{}",
                tr!(
                    i18n,
                    env_lang,
                    "state-in-use",
                    dir = state_dir.display().to_string()
                )
            );
            return ExitCode::from(2);
        }
        Err(LockError::Io(e)) => {
            tracing::warn!(error = %e, "could not lock the state folder; going on without");
            None
        }
    };
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        eprintln!("{}", tr!(i18n, env_lang, "needs-terminal"));
        return ExitCode::from(2);
    }
    let runtime = match start.runtime() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(1);
        }
    };
    let result = runtime.block_on(async {
        let (saved, corrupt_notice) = start.load_progress();
        let lang = start.lang(saved.as_ref());
        let cloud = start.cloud().await;
        // The account is asked by the runner once the screen is up, not before it.
        let mut app = start.app(lang, cloud.identity(), saved.as_ref());
        app.notice = corrupt_notice;
        app.utc_offset = local_utc_offset();
        app.publishing = !start.global.no_publish;
        crate::tui::run(crate::tui::Session {
            app,
            cloud,
            state_dir,
            i18n,
            mouse: !start.global.no_mouse,
        })
        .await
    });
    crate::tui::restore();
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!(error = %e, "the terminal failed");
            eprintln!(
                "{}",
                tr!(i18n, env_lang, "terminal-failed", error = e.to_string())
            );
            ExitCode::from(1)
        }
    }
}

/// The local clock's offset from UTC now, in seconds (0 where it cannot be read).
#[cfg(unix)]
pub(super) fn local_utc_offset() -> i32 {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as libc::time_t);
    // SAFETY: localtime_r writes only into the `tm` it is given and reads `now`; both live
    // for the call. A zeroed `tm` is a valid value of the plain C struct.
    let mut tm: libc::tm = unsafe { std::mem::zeroed() };
    let filled = unsafe { libc::localtime_r(&now, &mut tm) };
    if filled.is_null() {
        0
    } else {
        i32::try_from(tm.tm_gmtoff).unwrap_or(0)
    }
}

#[cfg(not(unix))]
pub(super) fn local_utc_offset() -> i32 {
    0
}
