//! The options: the TUI by default, and headless commands for scripts and tests.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::cloud::sim::DEFAULT_SPEED;
use crate::i18n::Lang;

#[derive(Debug, Parser)]
#[command(
    name = "labguide",
    version = concat!(env!("CARGO_PKG_VERSION"), " (commit ", env!("LABGUIDE_COMMIT"), ")"),
    about = "Follow the AWS AI/ML hands-on workshop step by step, in Korean or English",
    long_about = "Follow the AWS AI/ML hands-on workshop step by step in a terminal, in Korean \
                  or English. Each step's actions run against AWS (or the built-in simulated \
                  AWS, the default) and its checks verify it is done before the next step opens."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Args, Clone)]
pub struct Global {
    /// Language of the workshop and the interface (default: saved choice, then LC_ALL,
    /// LC_MESSAGES, LANG).
    #[arg(long, global = true, value_enum)]
    pub lang: Option<Lang>,
    /// Where progress, logs and the simulated AWS are kept.
    #[arg(long, global = true, value_name = "DIR")]
    pub state_dir: Option<PathBuf>,
    /// Load another workshop written in labguide's content format (see CONTENT.md).
    #[arg(long, global = true, value_name = "DIR")]
    pub content: Option<PathBuf>,
    /// Use real AWS (credentials and region from the standard AWS chain) instead of the
    /// simulated AWS.
    #[arg(long, global = true)]
    pub aws: bool,
    /// AWS profile to use (implies --aws).
    #[arg(long, global = true, value_name = "NAME")]
    pub profile: Option<String>,
    /// AWS region (default: from the AWS configuration, else us-east-1).
    #[arg(long, global = true, value_name = "REGION")]
    pub region: Option<String>,
    /// How much faster than real time the simulated AWS runs.
    #[arg(long, global = true, value_name = "FACTOR", default_value_t = DEFAULT_SPEED, value_parser = parse_speed)]
    pub sim_speed: f64,
    /// Presenter mode: no chrome, high contrast, large spacing.
    #[arg(long, global = true)]
    pub present: bool,
    /// Do not publish your place in the workshop for the instructor's class board (an
    /// empty object under labguide/_class/ in the account's SageMaker bucket, rewritten
    /// when your step or a failing check changes).
    #[arg(long, global = true)]
    pub no_publish: bool,
    /// Do not capture the mouse (leaves text selection to the terminal).
    #[arg(long, global = true)]
    pub no_mouse: bool,
    /// Forget saved progress and start over (asks first).
    #[arg(long)]
    pub reset: bool,
    /// Answer yes to confirmations (for --reset).
    #[arg(long, short = 'y')]
    pub yes: bool,
}

impl Global {
    pub fn uses_aws(&self) -> bool {
        self.aws || self.profile.is_some()
    }
}

fn parse_var(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some((k, v)) if !k.is_empty() => Ok((k.to_string(), v.to_string())),
        _ => Err(format!("'{s}' is not NAME=VALUE, e.g. --var initial=kim")),
    }
}

/// `90`, `90s`, `25m`, `1h10m30s`: seconds.
pub fn parse_duration(s: &str) -> Result<f64, String> {
    let bad = || format!("'{s}' is not a duration: write it like 90s, 25m or 1h10m");
    if let Ok(secs) = s.parse::<f64>() {
        return (secs.is_finite() && secs >= 0.0)
            .then_some(secs)
            .ok_or_else(bad);
    }
    let mut total = 0.0;
    let mut number = String::new();
    for c in s.chars() {
        match c {
            '0'..='9' | '.' => number.push(c),
            'h' | 'm' | 's' => {
                let n: f64 = number.parse().map_err(|_| bad())?;
                total += n * match c {
                    'h' => 3600.0,
                    'm' => 60.0,
                    _ => 1.0,
                };
                number.clear();
            }
            _ => return Err(bad()),
        }
    }
    if !number.is_empty() || s.is_empty() || !total.is_finite() {
        return Err(bad());
    }
    Ok(total)
}

fn parse_speed(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if v.is_finite() && v > 0.0 && v <= 10_000.0 => Ok(v),
        _ => Err(format!(
            "'{s}' is not a speed factor: give a number above 0 and at most 10000, e.g. 1 for real time or 60"
        )),
    }
}

#[derive(Debug, Subcommand, Clone)]
pub enum Command {
    /// List every step with its id, section, titles in both languages and saved state.
    Steps {
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Print one frame of the interface as plain text, exactly as the TUI draws it.
    Render {
        /// The step to show (default: the saved current step).
        #[arg(long, value_name = "ID")]
        step: Option<String>,
        /// Frame width in columns.
        #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u16).range(1..=1000))]
        width: u16,
        /// Frame height in rows.
        #[arg(long, default_value_t = 30, value_parser = clap::value_parser!(u16).range(1..=1000))]
        height: u16,
        /// Play the step's notebook on a fresh simulated AWS and draw it as it looks this
        /// long after (e.g. 25m, 1h10m, 90s), with what its watchers would have seen.
        #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
        sim_elapsed: Option<f64>,
        /// Draw the live view (w) of the step's first watched resource.
        #[arg(long)]
        live: bool,
        /// A value the text shows, such as --var initial=kim (overrides the saved one).
        #[arg(long = "var", value_name = "NAME=VALUE", value_parser = parse_var)]
        vars: Vec<(String, String)>,
    },
    /// Check the workshop content and report every problem with file and line.
    Validate {
        /// Record that these translated texts (e.g. en/setup-stack.md; none: every
        /// recorded one) are up to date with what they were translated from.
        #[arg(long, value_name = "FILE", num_args = 0..)]
        mark_translated: Option<Vec<String>>,
    },
    /// List every resource of the workshop that exists now, with what it costs an hour.
    Status {
        /// Print JSON.
        #[arg(long)]
        json: bool,
        /// A value the names need, such as --var initial=kim (overrides the saved one).
        #[arg(long = "var", value_name = "NAME=VALUE", value_parser = parse_var)]
        vars: Vec<(String, String)>,
    },
    /// Delete what is yours of the workshop (and nothing else), in an order AWS accepts,
    /// then prove it with a fresh look. Yours: what labguide recorded creating, what is
    /// tagged with your initials, what runs under your notebook's role, and your own names.
    /// Exit 0: nothing of yours is left; 1: something of yours is left (or the plan no
    /// longer matches the account); 3: nothing of yours is left, but resources the class
    /// shares are kept because classmates' workshops are still in the account; 130:
    /// interrupted.
    Cleanup {
        /// Only list what would be deleted, kept and left alone.
        #[arg(long, conflicts_with = "yes")]
        dry_run: bool,
        /// With --dry-run, write the plan to FILE; without it, carry out exactly the plan
        /// in FILE (refused, with the reason, if the account changed since).
        #[arg(long, value_name = "FILE")]
        plan: Option<std::path::PathBuf>,
        /// Do not ask before deleting.
        #[arg(long, short = 'y')]
        yes: bool,
        /// A value the names need, such as --var initial=kim (overrides the saved one).
        #[arg(long = "var", value_name = "NAME=VALUE", value_parser = parse_var)]
        vars: Vec<(String, String)>,
    },
    /// The whole class at a glance, for the instructor: every learner whose labguide
    /// publishes to this account, the ones who need help first (stuck on a failing check
    /// or long on one step), with what each has running an hour. One listing of the
    /// account's SageMaker bucket, however large the class.
    Class {
        /// Print JSON.
        #[arg(long)]
        json: bool,
        /// Rehearse on the simulated AWS: a class of N learners at varied paces.
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=1000))]
        sim_learners: Option<u16>,
        #[command(subcommand)]
        action: Option<ClassCommand>,
    },
    /// The speaker notes of the step on the projector, in a second terminal: follows the
    /// labguide running with the same state folder on this machine (a local socket,
    /// nothing over the network), with the clock and the section's time budget.
    Notes,
    /// Run the checks of the named steps (all steps when none is named) without the
    /// interface; exit 0 only when every check passes.
    Check {
        /// Steps to check, by id.
        #[arg(value_name = "STEP_ID")]
        steps: Vec<String>,
        /// Print JSON: a list of {step, status, reason}.
        #[arg(long)]
        json: bool,
        /// A value the checks need, such as --var initial=kim (overrides the saved one).
        #[arg(long = "var", value_name = "NAME=VALUE", value_parser = parse_var)]
        vars: Vec<(String, String)>,
    },
    /// Run one step's actions in order without the interface, each to its end; exit 0
    /// when all pass, 1 when one fails, 2 for a usage problem, 3 when one would start
    /// something billable or ask first and --yes is not given (nothing runs then), 130
    /// on Ctrl-C.
    Run {
        /// The step whose actions to run, by id (see `labguide steps`).
        #[arg(value_name = "STEP_ID")]
        step: String,
        /// Run the actions that ask first in the interface: those that start something
        /// billed by the hour, delete, or change a serving endpoint.
        #[arg(long, short = 'y')]
        yes: bool,
        /// Print one JSON document at the end: {step, actions: [{kind, label, status,
        /// message}], exit_code, message}.
        #[arg(long)]
        json: bool,
        /// A value the actions need, such as --var initial=kim (overrides the saved one).
        #[arg(long = "var", value_name = "NAME=VALUE", value_parser = parse_var)]
        vars: Vec<(String, String)>,
    },
}

/// What the instructor does with the class as a whole.
#[derive(Debug, Clone, clap::Subcommand)]
pub enum ClassCommand {
    /// At the end of the day: delete every learner's part of the workshop (each by the
    /// rules of their own cleanup: their tag, their notebook's role, their names) and
    /// then what the class shares, with one plan and one question, proving each part
    /// gone. Learners are found by their stack, their notebook or their note on the
    /// class board. Refused while a learner's labguide noted a change in the last 10
    /// minutes, unless --force. Exit 0: nothing of the class's workshop is left; 1:
    /// something is left, or the cleanup was refused or cancelled; 130: interrupted.
    Cleanup {
        /// Only show the plan: what goes, learner by learner, and what stays.
        #[arg(long, conflicts_with = "yes")]
        dry_run: bool,
        /// Do not ask before deleting.
        #[arg(long, short = 'y')]
        yes: bool,
        /// Clean up even though some learners' labguide still noted changes lately.
        #[arg(long)]
        force: bool,
    },
}
