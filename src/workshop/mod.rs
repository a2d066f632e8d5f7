//! The workshop as typed data: sections of steps, each with its text in both languages and
//! the actions and checks it declares. Loaded once at start; `labguide validate` runs the
//! same loader and reports what it found.

pub mod cleanup_scope;
mod diagnostics;
pub mod labs;
mod load;
pub mod prices;
pub mod sim_plan;
mod source;
pub mod task;
pub mod terminology;
pub mod translations;

use std::collections::BTreeMap;

use crate::i18n::Lang;
use crate::markdown::Document;

pub use cleanup_scope::CleanupSpec;
pub use diagnostics::{Diagnostic, Problem, Severity};
pub use load::{
    MAX_FENCED_WIDTH, authoring_diagnostics, contains_block, load, load_with_diagnostics,
};
pub use prices::{PriceField, Prices, cents, fill_prices};
pub use source::Source;
pub use task::{Action, Check, Task};

/// A value in both languages.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Localized<T> {
    pub ko: T,
    pub en: T,
}

impl<T> Localized<T> {
    pub fn get(&self, lang: Lang) -> &T {
        match lang {
            Lang::Ko => &self.ko,
            Lang::En => &self.en,
        }
    }
}

#[derive(Clone, Debug)]
pub struct Workshop {
    pub id: String,
    pub title: Localized<String>,
    /// Defaults for `${name}` in task parameters.
    pub vars: BTreeMap<String, String>,
    /// Values the learner is asked for before the first action that uses them.
    pub asks: BTreeMap<String, Ask>,
    /// What step texts show for a variable whose value is not known yet.
    pub placeholders: BTreeMap<String, Localized<String>>,
    pub sections: Vec<Section>,
    pub steps: Vec<Step>,
    /// The workshop's terms, one line each, from glossary.toml (optional).
    pub glossary: Vec<GlossaryEntry>,
    /// What cleanup may delete, from `[cleanup]`.
    pub cleanup: CleanupSpec,
    /// On-demand prices, from assets/prices.toml beside the content (optional).
    pub prices: Prices,
    /// Where its files come from; task paths (templates) are read through it.
    pub source: Source,
    /// What the simulated AWS plays for its notebook steps, from sim.toml.
    pub sim: std::sync::Arc<sim_plan::SimPlans>,
    /// The images and instance types the labs' jobs run on, from assets/images.toml.
    pub images: labs::Images,
    /// The jobs `launch_job` actions start, from jobs.toml.
    pub jobs: labs::Jobs,
}

#[derive(Clone, Debug)]
pub struct Section {
    pub id: String,
    pub title: Localized<String>,
    /// The section's time budget in class, in minutes, if the content gives one.
    pub minutes: Option<u32>,
    /// Indices into `Workshop::steps`.
    pub steps: std::ops::Range<usize>,
}

#[derive(Clone, Debug)]
pub struct Step {
    pub id: String,
    pub section: usize,
    pub title: Localized<String>,
    pub body: Localized<Document>,
    /// Text still marked as a placeholder, per language: shown as a draft, never as final.
    pub draft: Localized<bool>,
    pub actions: Vec<Action>,
    pub checks: Vec<Check>,
    /// One per check, in the same order: what to look at when that check fails.
    pub hints: Vec<Option<Localized<String>>>,
    /// How to do the step by hand, in the console or with the CLI (the `m` key).
    pub by_hand: Option<Localized<Document>>,
    /// What the instructor says and watches for on this step (`labguide notes`).
    pub notes: Option<Localized<Document>>,
}

impl Step {
    /// The hint of check `i` in `lang`, if the content gives one.
    pub fn hint(&self, i: usize, lang: Lang) -> Option<&str> {
        self.hints.get(i)?.as_ref().map(|h| h.get(lang).as_str())
    }

    /// Its actions, then its checks: the rows of the activity pane.
    pub fn tasks(&self) -> impl Iterator<Item = Task<'_>> {
        self.actions
            .iter()
            .map(Task::Action)
            .chain(self.checks.iter().map(Task::Check))
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct GlossaryEntry {
    pub term: String,
    pub text: Localized<String>,
}

/// A value the learner types in, such as their initials.
#[derive(Clone, Debug, PartialEq)]
pub struct Ask {
    pub prompt: Localized<String>,
    pub rule: AskRule,
    pub max: usize,
}

/// What a typed value must look like.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AskRule {
    /// Letters, digits and `-`, starting and ending with a letter or digit (AWS names).
    Name,
    /// An `s3://bucket/prefix` address.
    S3Uri,
    Any,
}

/// Why a typed value was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AskProblem {
    Empty,
    TooLong,
    BadCharacters,
    BadEnds,
    NotS3,
}

impl Ask {
    pub fn check(&self, value: &str) -> Result<(), AskProblem> {
        if value.is_empty() {
            return Err(AskProblem::Empty);
        }
        if value.chars().count() > self.max {
            return Err(AskProblem::TooLong);
        }
        match self.rule {
            AskRule::Name => {
                if !value.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
                    Err(AskProblem::BadCharacters)
                } else if value.starts_with('-') || value.ends_with('-') {
                    Err(AskProblem::BadEnds)
                } else {
                    Ok(())
                }
            }
            AskRule::S3Uri => {
                let bucket = value
                    .strip_prefix("s3://")
                    .and_then(|r| r.split('/').next());
                match bucket {
                    Some(b) if b.len() >= 3 && !value.contains(char::is_whitespace) => Ok(()),
                    _ => Err(AskProblem::NotS3),
                }
            }
            AskRule::Any => Ok(()),
        }
    }
}

impl Workshop {
    pub fn step_index(&self, id: &str) -> Option<usize> {
        self.steps.iter().position(|s| s.id == id)
    }

    pub fn section_of(&self, step: usize) -> Option<&Section> {
        self.steps
            .get(step)
            .and_then(|s| self.sections.get(s.section))
    }
}

/// Replaces `${name}` with its value; a value may itself use variables (the stack name
/// uses the learner's initials), expanded a few levels deep.
pub fn substitute(text: &str, vars: &BTreeMap<String, String>) -> String {
    let mut out = substitute_once(text, vars);
    for _ in 0..3 {
        let next = substitute_once(&out, vars);
        if next == out {
            break;
        }
        out = next;
    }
    out
}

fn substitute_once(text: &str, vars: &BTreeMap<String, String>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        match after.find('}') {
            Some(end) => {
                let field = &after[..end];
                let (name, modifier) = split_modifier(field);
                match (vars.get(name), modifier) {
                    (Some(v), Some(Modifier::Sql)) => out.push_str(&sql_name(v)),
                    (Some(v), None) => out.push_str(v),
                    (None, _) => out.push_str(&rest[start..start + 2 + end + 1]),
                }
                rest = &after[end + 1..];
            }
            None => {
                out.push_str(&rest[start..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// Names of `${...}` variables a text uses (`initial` for `${initial:sql}`).
pub fn variables_in(text: &str) -> Vec<&str> {
    fields_in(text, "${")
        .into_iter()
        .map(|f| split_modifier(f).0)
        .collect()
}

/// How a `${name:modifier}` changes the value it stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Modifier {
    /// A name Athena and Glue accept: lowercase letters, digits and underscores
    /// (`team-3` -> `team_3`), for the learner's database.
    Sql,
}

/// `name:sql` -> (`name`, the modifier); a field with no known modifier is all name, so an
/// unknown one is reported as an unknown variable.
fn split_modifier(field: &str) -> (&str, Option<Modifier>) {
    match field.rsplit_once(':') {
        Some((name, "sql")) => (name, Some(Modifier::Sql)),
        _ => (field, None),
    }
}

fn sql_name(value: &str) -> String {
    // A value not known yet reads as its placeholder (`<initials>`), which no ask rule
    // accepts as a value: left as it is, so the text does not show `_initials_`.
    if value.starts_with('<') && value.ends_with('>') {
        return value.to_string();
    }
    value
        .chars()
        .map(|c| match c.to_ascii_lowercase() {
            c @ ('a'..='z' | '0'..='9' | '_') => c,
            _ => '_',
        })
        .collect()
}

/// What stands between each `open` and the next `}` of a text, in order.
pub fn fields_in<'a>(text: &'a str, open: &str) -> Vec<&'a str> {
    let mut out = vec![];
    let mut rest = text;
    while let Some(start) = rest.find(open) {
        let after = &rest[start + open.len()..];
        let Some(end) = after.find('}') else { break };
        out.push(&after[..end]);
        rest = &after[end + 1..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn substitution() {
        let vars: BTreeMap<String, String> = [("initial".to_string(), "kim".to_string())]
            .into_iter()
            .collect();
        assert_eq!(
            substitute("sagemaker-hol-lab-${initial}", &vars),
            "sagemaker-hol-lab-kim"
        );
        assert_eq!(substitute("${missing}-x", &vars), "${missing}-x");
        assert_eq!(substitute("open ${", &vars), "open ${");
        assert_eq!(variables_in("a ${x} b ${y}"), ["x", "y"]);
    }

    #[test]
    fn the_sql_modifier_makes_a_database_name_of_any_initials() {
        let vars: BTreeMap<String, String> = [("initial".to_string(), "Team-3.b".to_string())]
            .into_iter()
            .collect();
        assert_eq!(
            substitute("lg_${initial:sql}_reviews", &vars),
            "lg_team_3_b_reviews"
        );
        assert_eq!(variables_in("lg_${initial:sql}"), ["initial"]);
        // An unknown modifier is an unknown variable, said by validate, not guessed at.
        assert_eq!(variables_in("${initial:upper}"), ["initial:upper"]);
        assert_eq!(substitute("${initial:upper}", &vars), "${initial:upper}");
        let unknown: BTreeMap<String, String> = [("initial".to_string(), "<이니셜>".to_string())]
            .into_iter()
            .collect();
        assert_eq!(substitute("lg_${initial:sql}_x", &unknown), "lg_<이니셜>_x");
    }
}
