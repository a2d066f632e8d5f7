//! `labguide steps`: every step with its saved state, as a table or JSON.

use std::io::Write;
use std::process::ExitCode;

use super::Start;
use crate::ui::plain::{state_name, steps_table};

pub fn run(start: &Start, json: bool) -> ExitCode {
    let workshop = &start.workshop;
    let saved = start.saved();
    let backend = crate::cloud::sim::identity(1.0, crate::cloud::DEFAULT_REGION);
    let app = start.app(start.env_lang, backend, saved.as_ref());
    let mut out = std::io::stdout().lock();
    let result = if json {
        let list: Vec<serde_json::Value> = workshop
            .steps
            .iter()
            .enumerate()
            .map(|(i, s)| {
                serde_json::json!({
                    "id": s.id,
                    "section": workshop.sections[s.section].id,
                    "title": { "ko": s.title.ko, "en": s.title.en },
                    "state": state_name(app.step_state(i)),
                    "current": i == app.current,
                })
            })
            .collect();
        serde_json::to_string_pretty(&list)
            .map_err(std::io::Error::other)
            .and_then(|s| writeln!(out, "{s}"))
    } else {
        write!(out, "{}", steps_table(&app, &start.i18n, start.env_lang))
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // A closed pipe (`| head`) is not an error worth a message.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(1)
        }
    }
}
