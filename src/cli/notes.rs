//! `labguide notes`: the speaker notes of the step the presenting labguide shows, in a
//! second terminal on the same machine, with the clock and the section's time budget.

use std::io::IsTerminal;
use std::process::ExitCode;

use crate::tr;

use super::start::Start;

pub fn run(start: &Start) -> ExitCode {
    let (i18n, env_lang) = (&start.i18n, start.env_lang);
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
    let saved = start.saved();
    let lang = start.lang(saved.as_ref());
    let identity = match start.identity_without_calls() {
        Ok(i) => i,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(1);
        }
    };
    // The presenter's saved values fill the names in the notes, as on its screen.
    let mut app = start.app(lang, identity, saved.as_ref());
    app.utc_offset = super::interactive::local_utc_offset();
    let result = runtime.block_on(crate::tui::follow_notes(app, &start.state_dir, i18n));
    crate::tui::restore();
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!(
                "{}",
                tr!(i18n, env_lang, "terminal-failed", error = e.to_string())
            );
            ExitCode::from(1)
        }
    }
}
