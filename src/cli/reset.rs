//! `labguide --reset`: forget the saved progress and the simulated AWS, once asked.

use std::io::{BufRead, Write};

use super::Start;
use super::start::is_yes;
use crate::tr;

/// Asks (unless `--yes`) and resets; whether the TUI should go on.
pub fn confirm(start: &Start) -> bool {
    let (i18n, lang, state_dir) = (&start.i18n, start.env_lang, &start.state_dir);
    if !start.global.yes {
        eprint!(
            "{} ",
            tr!(
                i18n,
                lang,
                "reset-confirm",
                dir = state_dir.display().to_string()
            )
        );
        let _ = std::io::stderr().flush();
        let mut answer = String::new();
        let stdin = std::io::stdin();
        if stdin.lock().read_line(&mut answer).is_err() || !is_yes(&answer) {
            eprintln!("{}", tr!(i18n, lang, "reset-cancelled"));
            return false;
        }
    }
    if let Err(e) = crate::store::reset(state_dir) {
        eprintln!("{}", tr!(i18n, lang, "reset-failed", error = e.to_string()));
        return false;
    }
    eprintln!("{}", tr!(i18n, lang, "reset-done"));
    true
}
