//! Everything `main` does: the options, one shared start-up (`start`), and a file per
//! command. The bare `labguide` starts the TUI (`interactive`); the others are headless,
//! for scripts and tests.

mod args;
mod check;
mod class;
mod interactive;
mod inventory;
mod notes;
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
    if cli.command.is_some() {
        quiet_on_closed_pipe();
    }
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
        Some(Command::Notes) => notes::run(&start),
        Some(Command::Class {
            action:
                Some(args::ClassCommand::Cleanup {
                    dry_run,
                    yes,
                    force,
                }),
            ..
        }) => class::cleanup(&start, dry_run, yes || start.global.yes, force),
        Some(Command::Class {
            json,
            sim_learners,
            action: None,
        }) => class::run(&start, json, sim_learners.map(usize::from)),
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

/// A headless command piped into `head` ends quietly when the reader goes, as Unix tools
/// do, instead of panicking on the next print. (The TUI writes to a terminal, never a
/// pipe, and keeps Rust's default so a lost terminal is an error it can save progress on.)
#[cfg(unix)]
fn quiet_on_closed_pipe() {
    // SAFETY: setting a signal's disposition to the default is async-signal-safe and
    // touches no Rust state; it is done once, before any thread is started.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

#[cfg(not(unix))]
fn quiet_on_closed_pipe() {}
