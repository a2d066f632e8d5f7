//! Everything `main` does: the options, one shared start-up (`start`), and a file per
//! command. The bare `labguide` starts the TUI (`interactive`); the others are headless,
//! for scripts and tests.

mod args;
mod check;
mod interactive;
mod inventory;
mod render;
mod reset;
mod run;
mod start;
mod steps;
mod validate;

use std::process::ExitCode;
use std::sync::Arc;

use clap::Parser;

use crate::i18n::{I18n, Lang};
use crate::tr;
use crate::workshop::{self, Source};

pub use args::{Cli, Command, Global};
pub use render::play_on_sim;
pub use start::{Start, load_progress};

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let i18n = I18n::embedded();
    let env_lang = cli
        .global
        .lang
        .unwrap_or_else(|| Lang::from_locale_env(|k| std::env::var(k).ok()));
    let source = match &cli.global.content {
        Some(dir) => Source::Dir(dir.clone()),
        None => Source::Embedded,
    };
    if let Some(Command::Validate { mark_translated }) = &cli.command {
        if let Some(files) = mark_translated {
            return validate::mark_translated(&source, &i18n, env_lang, files);
        }
        return validate::run(&source, &i18n, env_lang);
    }
    let workshop = match workshop::load(&source) {
        Ok(w) => Arc::new(w),
        Err(diags) => {
            eprintln!("{}", tr!(i18n, env_lang, "content-unusable"));
            for d in diags {
                eprintln!("{}", d.render(&i18n, env_lang));
            }
            return ExitCode::from(2);
        }
    };
    let start = Start::new(cli.global, i18n, env_lang, workshop);
    match cli.command {
        Some(Command::Steps { json }) => steps::run(&start, json),
        Some(Command::Render {
            step,
            width,
            height,
            sim_elapsed,
            live,
            vars,
        }) => render::run(
            &start,
            &render::Opts {
                step: step.as_deref(),
                width,
                height,
                sim_elapsed,
                live,
                vars: &vars,
            },
        ),
        Some(Command::Validate { .. }) => ExitCode::SUCCESS,
        Some(Command::Status { json, vars }) => inventory::status(&start, json, &vars),
        Some(Command::Cleanup {
            dry_run,
            plan,
            yes,
            vars,
        }) => {
            let yes = yes || start.global.yes;
            inventory::cleanup(&start, dry_run, plan.as_deref(), yes, &vars)
        }
        Some(Command::Check { steps, json, vars }) => check::run(&start, &steps, json, &vars),
        Some(Command::Run {
            step,
            yes,
            json,
            vars,
        }) => run::run(
            &start,
            &run::Opts {
                step: &step,
                yes: yes || start.global.yes,
                json,
                vars: &vars,
            },
        ),
        None => {
            if start.global.reset && !reset::confirm(&start) {
                return ExitCode::from(1);
            }
            interactive::run(&start)
        }
    }
}
