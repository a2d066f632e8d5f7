use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use super::Source;

use serde::Deserialize;
use toml::Spanned;
use unicode_normalization::is_nfc;

use super::task::{ParamProblem, TaskError};
use super::{
    Action, Ask, AskRule, Check, Diagnostic, GlossaryEntry, Localized, Problem, Section, Severity,
    Step, Workshop,
};
use crate::i18n::Lang;
use crate::markdown::{self, Block, display_width};

/// Fenced lines wider than this do not fit an 80-column terminal.
pub const MAX_FENCED_WIDTH: usize = 80;
/// Variables the app fills in at run time rather than the content.
const RUNTIME_VARS: &[&str] = &["account", "region"];
const PLACEHOLDER_MARK: &str = "<!-- placeholder -->";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWorkshop {
    format: i64,
    id: String,
    title: RawLocalized,
    #[serde(default)]
    vars: BTreeMap<String, String>,
    #[serde(default)]
    ask: BTreeMap<String, Spanned<RawAsk>>,
    /// What the text shows for a variable before its value is known (`<initials>`).
    #[serde(default)]
    placeholders: BTreeMap<String, RawLocalized>,
    #[serde(default)]
    cleanup: Option<Spanned<super::CleanupSpec>>,
    #[serde(default)]
    sections: Vec<Spanned<RawSection>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGlossary {
    #[serde(default)]
    term: Vec<Spanned<RawTerm>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTerm {
    term: String,
    ko: String,
    en: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAsk {
    ko: String,
    en: String,
    #[serde(default)]
    rule: Option<String>,
    #[serde(default)]
    max: Option<usize>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLocalized {
    ko: String,
    en: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSection {
    id: String,
    title: RawLocalized,
    /// The section's time budget in class, for the instructor's notes.
    #[serde(default)]
    minutes: Option<u32>,
    #[serde(default)]
    steps: Vec<Spanned<RawStep>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStep {
    id: String,
    title: RawLocalized,
    #[serde(default)]
    actions: Vec<Spanned<toml::Table>>,
    #[serde(default)]
    checks: Vec<Spanned<toml::Table>>,
}

/// Loads a workshop, failing only when there is nothing usable to show.
pub fn load(source: &Source) -> Result<Workshop, Vec<Diagnostic>> {
    match load_with_diagnostics(source) {
        (Some(w), _) => Ok(w),
        (None, d) => Err(d),
    }
}

/// Loads a workshop and reports every problem found on the way. The workshop is `None`
/// only when workshop.toml cannot be read or parsed or declares no step.
pub fn load_with_diagnostics(content: &Source) -> (Option<Workshop>, Vec<Diagnostic>) {
    let mut diags = Diags::default();
    let toml_path = content.display("workshop.toml");
    let source = match content.read("workshop.toml") {
        Ok(s) => s,
        Err(e) => {
            diags.error(&toml_path, None, Problem::Unreadable(e.to_string()));
            return (None, diags.0);
        }
    };
    let raw: RawWorkshop = match toml::from_str(&source) {
        Ok(r) => r,
        Err(e) => {
            let line = e.span().map(|s| line_of(&source, s.start));
            let detail = e.message().to_string();
            diags.error(&toml_path, line, Problem::Syntax(detail));
            return (None, diags.0);
        }
    };
    if raw.format != 1 {
        diags.error(&toml_path, Some(1), Problem::UnsupportedFormat(raw.format));
    }
    if !is_nfc(&source) {
        diags.error(&toml_path, None, Problem::NotNfc);
    }

    let mut asks = BTreeMap::new();
    for (name, raw_ask) in raw.ask {
        let line = line_of(&source, raw_ask.span().start);
        let raw_ask = raw_ask.into_inner();
        let rule = match raw_ask.rule.as_deref() {
            None | Some("any") => AskRule::Any,
            Some("name") => AskRule::Name,
            Some("s3-uri") => AskRule::S3Uri,
            Some(other) => {
                diags.error(
                    &toml_path,
                    Some(line),
                    Problem::UnknownRule(other.to_string()),
                );
                AskRule::Any
            }
        };
        let prompt = localized(
            &mut diags,
            &toml_path,
            line,
            RawLocalized {
                ko: raw_ask.ko,
                en: raw_ask.en,
            },
        );
        let max = raw_ask.max.unwrap_or(200);
        asks.insert(name, Ask { prompt, rule, max });
    }

    // Variables a task may use: defaults, values the learner is asked for, and what the
    // backend fills in.
    let mut known_vars: HashSet<String> = raw.vars.keys().cloned().collect();
    known_vars.extend(asks.keys().cloned());
    known_vars.extend(RUNTIME_VARS.iter().map(|v| v.to_string()));
    let mut placeholders = BTreeMap::new();
    for (name, raw_label) in raw.placeholders {
        if !known_vars.contains(&name) {
            diags.error(&toml_path, None, Problem::UnknownVariable(name.clone()));
        }
        let label = localized(&mut diags, &toml_path, 1, raw_label);
        placeholders.insert(name, label);
    }
    let prices = content
        .read_project_file("assets/prices.toml")
        .map(|t| super::Prices::parse(&t))
        .unwrap_or_default();
    // What a text may mention: a variable with a default, or one whose value may be
    // missing (asked for, or from the account) and has a placeholder to show meanwhile;
    // and prices, by what the table holds for the workshop's own region.
    let text_vars = TextVars {
        known: &known_vars,
        defaults: &raw.vars,
        placeholders: &placeholders,
        prices: &prices,
        region: raw.vars.get("region").map_or("us-east-1", String::as_str),
    };

    let mut seen_ids = HashSet::new();
    let mut sections = vec![];
    let mut steps: Vec<Step> = vec![];
    let mut links: Vec<(PathBuf, String)> = vec![];
    // Each `simulate_notebook` action's notebook step and line, for the sim plans.
    let mut played: Vec<(String, usize)> = vec![];
    // Each `launch_job` action's job and line, checked against jobs.toml.
    let mut launched: Vec<(String, usize)> = vec![];
    let mut queried: Vec<(String, usize)> = vec![];

    for raw_section in raw.sections {
        let section_line = line_of(&source, raw_section.span().start);
        let raw_section = raw_section.into_inner();
        check_id(
            &mut diags,
            &toml_path,
            section_line,
            &raw_section.id,
            &mut seen_ids,
        );
        let title = localized(&mut diags, &toml_path, section_line, raw_section.title);
        let first = steps.len();
        for raw_step in raw_section.steps {
            let step_line = line_of(&source, raw_step.span().start);
            let raw_step = raw_step.into_inner();
            check_id(
                &mut diags,
                &toml_path,
                step_line,
                &raw_step.id,
                &mut seen_ids,
            );
            let title = localized(&mut diags, &toml_path, step_line, raw_step.title);
            // The step list is narrow; longer titles are cut there.
            for (lang, max) in [(Lang::Ko, 28), (Lang::En, 32)] {
                let width = display_width(title.get(lang));
                if width > max {
                    diags.warning(
                        &toml_path,
                        Some(step_line),
                        Problem::LongTitle { lang, width, max },
                    );
                }
            }
            let (actions, action_lines) = tasks(
                &mut diags,
                &toml_path,
                &source,
                raw_step.actions,
                &known_vars,
                Action::from_table,
                Action::variables,
            );
            for (action, line) in actions.iter().zip(action_lines) {
                match action {
                    Action::SimulateNotebook(t) => played.push((t.notebook_step.clone(), line)),
                    Action::LaunchJob(t) => launched.push((t.job.clone(), line)),
                    Action::RunQuery(t) => queried.push((t.query.clone(), line)),
                    _ => {}
                }
            }
            // A check's hint is the learner's, not the check's: taken off before the check
            // is read, and kept by line so it stays with its check.
            let mut raw_checks = raw_step.checks;
            let raw_hints: HashMap<usize, toml::Value> = raw_checks
                .iter_mut()
                .filter_map(|t| {
                    let line = line_of(&source, t.span().start);
                    t.get_mut().remove("hint").map(|h| (line, h))
                })
                .collect();
            let (checks, check_lines) = tasks(
                &mut diags,
                &toml_path,
                &source,
                raw_checks,
                &known_vars,
                Check::from_table,
                Check::variables,
            );
            let hints = check_lines
                .iter()
                .zip(&checks)
                .map(|(line, check)| {
                    hint(
                        &mut diags,
                        &toml_path,
                        *line,
                        raw_hints.get(line),
                        &raw_step.id,
                        check,
                        &text_vars,
                    )
                })
                .collect();
            let mut body = Localized::<markdown::Document>::default();
            let mut draft = Localized::<bool>::default();
            for lang in Lang::ALL {
                let rel = format!("{}/{}.md", lang.code(), raw_step.id);
                let path = content.display(&rel);
                let (doc, is_draft, doc_links) =
                    step_text(&mut diags, content, &rel, &raw_step.id, lang, &text_vars);
                links.extend(doc_links.into_iter().map(|l| (path.clone(), l)));
                match lang {
                    Lang::Ko => {
                        body.ko = doc;
                        draft.ko = is_draft;
                    }
                    Lang::En => {
                        body.en = doc;
                        draft.en = is_draft;
                    }
                }
            }
            let by_hand = companion_text(
                &mut diags,
                content,
                "by-hand",
                &raw_step.id,
                !actions.is_empty() || !checks.is_empty(),
                &text_vars,
                &mut links,
            );
            // Speaker notes are the instructor's and optional: none missing is a problem.
            let notes = companion_text(
                &mut diags,
                content,
                "notes",
                &raw_step.id,
                false,
                &text_vars,
                &mut links,
            );
            steps.push(Step {
                id: raw_step.id,
                section: sections.len(),
                title,
                body,
                draft,
                actions,
                checks,
                hints,
                by_hand,
                notes,
            });
        }
        sections.push(Section {
            id: raw_section.id,
            title,
            minutes: raw_section.minutes,
            steps: first..steps.len(),
        });
    }

    for (file, target) in links {
        if let Some(id) = target.strip_prefix('#')
            && !steps.iter().any(|s| s.id == id)
        {
            diags.error(&file, None, Problem::BrokenLink(target.clone()));
        }
    }

    if steps.is_empty() {
        diags.error(&toml_path, None, Problem::NoSteps);
        return (None, diags.0);
    }
    let glossary = glossary(&mut diags, content);
    let cleanup = match raw.cleanup {
        Some(spec) => {
            let line = line_of(&source, spec.span().start);
            let spec = spec.into_inner();
            for kind in spec.prefixes.keys() {
                if super::cleanup_scope::kind_named(kind).is_none() {
                    diags.error(&toml_path, Some(line), Problem::UnknownKind(kind.clone()));
                }
            }
            spec
        }
        None => Default::default(),
    };
    let sim = super::sim_plan::load(content, &played, &mut diags.0);
    let (images, jobs) = super::labs::load(content, &mut diags.0);
    let mut sim = sim;
    sim.add_launches(&jobs);
    for (query, line) in queried {
        if !jobs.queries.contains_key(&query) {
            diags.error(
                &toml_path,
                Some(line),
                Problem::UnknownReference {
                    owner: "run_query".into(),
                    what: "query",
                    name: query,
                },
            );
        }
    }
    for (job, line) in launched {
        if !jobs.jobs.contains_key(&job) {
            diags.error(
                &toml_path,
                Some(line),
                Problem::UnknownReference {
                    owner: "launch_job".into(),
                    what: "job",
                    name: job,
                },
            );
        }
    }
    if let Some(region) = raw.vars.get("region") {
        for (owner, instance_type) in instance_types_used(content, &steps, &jobs) {
            if prices.per_hour(region, &instance_type).is_none() {
                diags.error(
                    Path::new("assets/prices.toml"),
                    None,
                    Problem::Unpriced {
                        owner,
                        instance_type,
                        region: region.clone(),
                    },
                );
            }
        }
        for (owner, key) in price_keys_used(&steps) {
            if prices.other(region, &key).is_none() {
                diags.error(
                    Path::new("assets/prices.toml"),
                    None,
                    Problem::UnpricedKey {
                        owner,
                        key,
                        region: region.clone(),
                    },
                );
            }
        }
    }
    let workshop = Workshop {
        id: raw.id,
        title: Localized {
            ko: raw.title.ko,
            en: raw.title.en,
        },
        vars: raw.vars,
        asks,
        placeholders,
        sections,
        steps,
        glossary,
        cleanup,
        prices,
        source: content.clone(),
        sim: std::sync::Arc::new(sim),
        images,
        jobs,
    };
    (Some(workshop), diags.0)
}

/// (who uses it, instance type) for every instance type the workshop can start: the
/// template's (its default and allowed values), each job's and fallback's, each
/// deployment's. Each needs a price, or the meter would say "unknown" on a real account.
fn instance_types_used(
    content: &Source,
    steps: &[super::Step],
    jobs: &super::labs::Jobs,
) -> std::collections::BTreeSet<(String, String)> {
    let mut used = std::collections::BTreeSet::new();
    for step in steps {
        for action in &step.actions {
            match action {
                super::Action::CreateStack(t) => {
                    let text = content.read_project_file(&t.template).unwrap_or_default();
                    let words = text
                        .lines()
                        .filter(|l| !l.trim_start().starts_with('#'))
                        .flat_map(str::split_whitespace)
                        .map(|w| w.trim_end_matches(|c: char| !c.is_ascii_alphanumeric()));
                    for word in words {
                        if word.starts_with("ml.") && word.len() > 3 {
                            used.insert((t.template.clone(), word.to_string()));
                        }
                    }
                }
                // Whatever bills by an instance type (an endpoint, Autopilot's best model),
                // unless the learner gives the type.
                other => {
                    if let Some(super::task::Bills::Instance(t)) = other.facts().bills
                        && !t.contains("${")
                    {
                        used.insert((step.id.clone(), t.to_string()));
                    }
                }
            }
        }
    }
    for (id, job) in &jobs.jobs {
        used.insert((id.clone(), job.instance_type.clone()));
        for f in &job.fallbacks {
            used.insert((id.clone(), f.instance_type.clone()));
        }
    }
    used
}

/// The non-instance prices the workshop's steps bill by, each with the step: what an
/// action names, and Athena's per terabyte for a step that runs a query.
fn price_keys_used(steps: &[super::Step]) -> std::collections::BTreeSet<(String, String)> {
    let mut used = std::collections::BTreeSet::new();
    for step in steps {
        for action in &step.actions {
            match (action, action.facts().bills) {
                (_, Some(super::task::Bills::Priced { price, .. })) => {
                    used.insert((step.id.clone(), price.to_string()));
                }
                (super::Action::RunQuery(_), _) => {
                    used.insert((step.id.clone(), super::prices::ATHENA_PER_TB.to_string()));
                }
                _ => {}
            }
        }
    }
    used
}

#[derive(Default)]
struct Diags(Vec<Diagnostic>);

impl Diags {
    fn push(&mut self, severity: Severity, file: &Path, line: Option<usize>, problem: Problem) {
        self.0.push(Diagnostic {
            severity,
            file: file.to_path_buf(),
            line,
            problem,
        });
    }
    fn error(&mut self, file: &Path, line: Option<usize>, problem: Problem) {
        self.push(Severity::Error, file, line, problem);
    }
    fn warning(&mut self, file: &Path, line: Option<usize>, problem: Problem) {
        self.push(Severity::Warning, file, line, problem);
    }
}

fn line_of(source: &str, offset: usize) -> usize {
    source[..offset.min(source.len())].matches('\n').count() + 1
}

/// The optional glossary: a missing file is fine, a broken one is reported.
fn glossary(diags: &mut Diags, content: &Source) -> Vec<GlossaryEntry> {
    let path = content.display("glossary.toml");
    let Ok(source) = content.read("glossary.toml") else {
        return vec![];
    };
    if !is_nfc(&source) {
        diags.error(&path, None, Problem::NotNfc);
    }
    let raw: RawGlossary = match toml::from_str(&source) {
        Ok(r) => r,
        Err(e) => {
            let line = e.span().map(|s| line_of(&source, s.start));
            diags.error(&path, line, Problem::Syntax(e.message().to_string()));
            return vec![];
        }
    };
    raw.term
        .into_iter()
        .map(|t| {
            let line = line_of(&source, t.span().start);
            let t = t.into_inner();
            let text = localized(diags, &path, line, RawLocalized { ko: t.ko, en: t.en });
            GlossaryEntry { term: t.term, text }
        })
        .collect()
}

fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !id.starts_with('-')
}

fn check_id(diags: &mut Diags, file: &Path, line: usize, id: &str, seen: &mut HashSet<String>) {
    if !valid_id(id) {
        diags.error(file, Some(line), Problem::BadId(id.to_string()));
    }
    if !seen.insert(id.to_string()) {
        diags.error(file, Some(line), Problem::DuplicateId(id.to_string()));
    }
}

fn localized(diags: &mut Diags, file: &Path, line: usize, raw: RawLocalized) -> Localized<String> {
    use unicode_normalization::UnicodeNormalization;
    for (lang, text) in [(Lang::Ko, &raw.ko), (Lang::En, &raw.en)] {
        if text.trim().is_empty() {
            diags.error(file, Some(line), Problem::EmptyTitle(lang));
        }
    }
    Localized {
        ko: raw.ko.nfc().collect(),
        en: raw.en.nfc().collect(),
    }
}

/// Reads a step's actions (or checks): each table becomes its kind, or says what is wrong
/// with it, on its line. Every `${var}` it uses must be one the workshop knows.
#[allow(clippy::too_many_arguments)]
fn tasks<T>(
    diags: &mut Diags,
    file: &Path,
    source: &str,
    tables: Vec<Spanned<toml::Table>>,
    known_vars: &HashSet<String>,
    parse: fn(&toml::Table) -> Result<T, TaskError>,
    variables: fn(&T) -> Vec<&str>,
) -> (Vec<T>, Vec<usize>) {
    let (mut out, mut lines) = (vec![], vec![]);
    for table in tables {
        let at = line_of(source, table.span().start);
        let line = Some(at);
        match parse(table.get_ref()) {
            Ok(task) => {
                for var in variables(&task) {
                    if !known_vars.contains(var) {
                        diags.error(file, line, Problem::UnknownVariable(var.to_string()));
                    }
                }
                out.push(task);
                lines.push(at);
            }
            Err(e) => {
                for problem in task_problems(e) {
                    diags.error(file, line, problem);
                }
            }
        }
    }
    (out, lines)
}

fn task_problems(e: TaskError) -> Vec<Problem> {
    match e {
        TaskError::NoKind => vec![Problem::MissingParam {
            kind: "?".into(),
            param: "kind".into(),
        }],
        TaskError::UnknownKind(kind) => vec![Problem::UnknownKind(kind)],
        TaskError::WrongRole(kind) => {
            // Known, in the other list.
            let expected = if Action::KINDS.contains(&kind.as_str()) {
                "check"
            } else {
                "action"
            };
            vec![Problem::WrongRole { kind, expected }]
        }
        TaskError::Params(kind, problems) => problems
            .into_iter()
            .map(|p| match p {
                ParamProblem::Missing(param) => Problem::MissingParam {
                    kind: kind.clone(),
                    param,
                },
                ParamProblem::Unknown(param) => Problem::UnknownParam {
                    kind: kind.clone(),
                    param,
                },
                ParamProblem::BadType { param, expected } => Problem::BadParamType {
                    kind: kind.clone(),
                    param,
                    expected,
                },
                ParamProblem::BadValue {
                    param,
                    value,
                    allowed,
                } => Problem::BadParamValue {
                    kind: kind.clone(),
                    param,
                    value,
                    allowed: allowed.join(", "),
                },
                ParamProblem::Other(message) => Problem::Syntax(message),
            })
            .collect(),
    }
}

/// The variables step texts may use, and what they fall back to.
struct TextVars<'a> {
    known: &'a HashSet<String>,
    defaults: &'a BTreeMap<String, String>,
    placeholders: &'a BTreeMap<String, Localized<String>>,
    prices: &'a super::Prices,
    region: &'a str,
}

impl TextVars<'_> {
    /// What is wrong with `${name}` in a text, if anything: unknown, or a value that may
    /// be missing with no placeholder (through the defaults it expands to, too).
    fn problem(&self, name: &str, depth: usize) -> Option<Problem> {
        if let Some(field) = super::PriceField::parse(name) {
            return self
                .prices
                .by_key(self.region, field.key())
                .is_none()
                .then(|| Problem::UnknownPrice {
                    key: field.key().to_string(),
                    region: self.region.to_string(),
                });
        }
        if !self.known.contains(name) {
            return Some(Problem::UnknownVariable(name.to_string()));
        }
        match self.defaults.get(name) {
            Some(default) if depth < 4 => super::variables_in(default)
                .into_iter()
                .find_map(|inner| self.problem(inner, depth + 1)),
            Some(_) => None,
            None if name == "region" || self.placeholders.contains_key(name) => None,
            None => Some(Problem::NoPlaceholder(name.to_string())),
        }
    }
}

/// A check's hint, `hint = { ko, en }` on its table: one line in each language, with the
/// same variables as the step text. A check without one is worth a warning: the learner
/// then sees only what was found, not what to do about it.
fn hint(
    diags: &mut Diags,
    file: &Path,
    line: usize,
    raw: Option<&toml::Value>,
    step: &str,
    check: &Check,
    vars: &TextVars,
) -> Option<Localized<String>> {
    let Some(raw) = raw else {
        diags.warning(
            file,
            Some(line),
            Problem::MissingHint {
                step: step.to_string(),
                kind: check.kind().to_string(),
            },
        );
        return None;
    };
    let raw: RawLocalized = match raw.clone().try_into() {
        Ok(r) => r,
        Err(e) => {
            diags.error(file, Some(line), Problem::Syntax(format!("hint: {e}")));
            return None;
        }
    };
    let hint = localized(diags, file, line, raw);
    for lang in Lang::ALL {
        for name in super::variables_in(hint.get(lang)) {
            if let Some(problem) = vars.problem(name, 0) {
                diags.error(file, Some(line), problem);
            }
        }
    }
    Some(hint)
}

/// A text that goes with a step, `<lang>/<folder>/<step>.md`: the step done by hand
/// (`by-hand`: console and CLI) or the instructor's notes (`notes`). Optional, but both
/// languages or neither; a by-hand text is missed (a warning) on a step that runs or checks
/// anything (`does_something`).
fn companion_text(
    diags: &mut Diags,
    content: &Source,
    folder: &str,
    step: &str,
    does_something: bool,
    vars: &TextVars,
    links: &mut Vec<(PathBuf, String)>,
) -> Option<Localized<markdown::Document>> {
    let rel = |lang: Lang| format!("{}/{folder}/{step}.md", lang.code());
    let present: Vec<Lang> = Lang::ALL
        .into_iter()
        .filter(|&l| content.read(&rel(l)).is_ok())
        .collect();
    if present.is_empty() {
        if does_something {
            diags.warning(
                &content.display(&rel(Lang::Ko)),
                None,
                Problem::MissingByHand {
                    step: step.to_string(),
                },
            );
        }
        return None;
    }
    let mut docs = Localized::<markdown::Document>::default();
    for lang in Lang::ALL {
        // The one missing is reported by step_text, as a missing text.
        let (doc, _, doc_links) = step_text(diags, content, &rel(lang), step, lang, vars);
        let path = content.display(&rel(lang));
        links.extend(doc_links.into_iter().map(|l| (path.clone(), l)));
        match lang {
            Lang::Ko => docs.ko = doc,
            Lang::En => docs.en = doc,
        }
    }
    Some(docs)
}

/// Reads one step's markdown in one language: (document, draft?, links).
/// What only an author needs to hear, so `labguide validate` asks for it and a start does
/// not pay for it: the terminology held against every text, and translations whose source
/// changed since (translations.toml).
pub fn authoring_diagnostics(content: &Source, workshop: &Workshop) -> Vec<Diagnostic> {
    let mut out = term_diagnostics(content, &workshop.steps);
    match super::translations::read(content) {
        Some(Ok(record)) => {
            out.extend(super::translations::check(
                content,
                &record,
                &text_names(&workshop.steps),
            ));
        }
        Some(Err(detail)) => out.push(Diagnostic {
            severity: Severity::Error,
            file: content.display(super::translations::RECORD_FILE),
            line: None,
            problem: Problem::Syntax(detail),
        }),
        None => {}
    }
    out
}

/// The terminology table held against the step texts and the workshop's own Korean and
/// English strings (workshop.toml, glossary.toml).
fn term_diagnostics(content: &Source, steps: &[Step]) -> Vec<Diagnostic> {
    use super::terminology::{TERMS_FILE, Terminology};
    let terms = match Terminology::read(content) {
        None => return vec![],
        Some(Ok(t)) => t,
        Some(Err(detail)) => {
            return vec![Diagnostic {
                severity: Severity::Error,
                file: content.display(TERMS_FILE),
                line: None,
                problem: Problem::Syntax(detail),
            }];
        }
    };
    let mut out = vec![];
    let mut check = |rel: &str, langs: &[Lang]| {
        if let Ok(text) = content.read(rel) {
            for &lang in langs {
                out.extend(terms.diagnostics(&content.display(rel), &text, lang));
            }
        }
    };
    // The workshop's own files mix both languages: a Korean variant can only be in Korean.
    check("workshop.toml", &[Lang::Ko]);
    check("glossary.toml", &[Lang::Ko]);
    for name in text_names(steps) {
        for lang in [Lang::Ko, Lang::En] {
            check(&format!("{}/{name}.md", lang.code()), &[lang]);
        }
    }
    out
}

/// Each text of the steps, by its path under ko/ and en/ without `.md`: the step's own,
/// and its by-hand text and speaker notes where it has them.
fn text_names(steps: &[Step]) -> Vec<String> {
    let mut out = vec![];
    for step in steps {
        out.push(step.id.clone());
        if step.by_hand.is_some() {
            out.push(format!("by-hand/{}", step.id));
        }
        if step.notes.is_some() {
            out.push(format!("notes/{}", step.id));
        }
    }
    out
}

fn step_text(
    diags: &mut Diags,
    content: &Source,
    rel: &str,
    step: &str,
    lang: Lang,
    vars: &TextVars,
) -> (markdown::Document, bool, Vec<String>) {
    let path = &content.display(rel);
    let source = match content.read(rel) {
        Ok(s) => s,
        Err(_) => {
            diags.error(
                path,
                None,
                Problem::MissingText {
                    step: step.to_string(),
                    lang,
                },
            );
            return (markdown::Document::default(), true, vec![]);
        }
    };
    if !is_nfc(&source) {
        diags.error(path, None, Problem::NotNfc);
    }
    let draft = source.trim_start().starts_with(PLACEHOLDER_MARK);
    if draft {
        diags.warning(
            path,
            Some(1),
            Problem::Placeholder {
                step: step.to_string(),
                lang,
            },
        );
    }
    wide_fenced_lines(diags, path, &source);
    for (i, line) in source.lines().enumerate() {
        for name in super::variables_in(line) {
            if let Some(problem) = vars.problem(name, 0) {
                diags.error(path, Some(i + 1), problem);
            }
        }
    }
    let (doc, links) = markdown::parse(&source);
    (doc, draft, links)
}

fn wide_fenced_lines(diags: &mut Diags, path: &Path, source: &str) {
    let mut fence: Option<&str> = None;
    for (i, line) in source.lines().enumerate() {
        let trimmed = line.trim_start();
        match fence {
            None if trimmed.starts_with("```") || trimmed.starts_with("~~~") => {
                fence = Some(&trimmed[..3]);
            }
            Some(f) if trimmed.starts_with(f) => fence = None,
            Some(_) => {
                let width = display_width(line);
                if width > MAX_FENCED_WIDTH {
                    diags.error(
                        path,
                        Some(i + 1),
                        Problem::WideLine {
                            width,
                            max: MAX_FENCED_WIDTH,
                        },
                    );
                }
            }
            None => {}
        }
    }
}

/// Whether a block tree contains a given kind of block (used by tests and validation).
pub fn contains_block(blocks: &[Block], pred: &dyn Fn(&Block) -> bool) -> bool {
    blocks.iter().any(|b| {
        pred(b)
            || match b {
                Block::List { items, .. } => items.iter().any(|i| contains_block(i, pred)),
                Block::Quote { blocks, .. } => contains_block(blocks, pred),
                _ => false,
            }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::I18n;

    /// A workshop whose one step has broken tasks, each on its own line.
    fn broken() -> (tempfile::TempDir, Vec<Diagnostic>) {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let toml = r#"format = 1
id = "t"
title = { ko = "가", en = "A" }

[[sections]]
id = "s"
title = { ko = "가", en = "A" }

[[sections.steps]]
id = "one"
title = { ko = "가", en = "A" }
actions = [
  { kind = "create_stack", template = "t.yml", stack = 3, colour = "red" },
  { kind = "canary_stage", endpoint_prefix = "e-", stage = "all-at-once" },
  { kind = "stack_status", stack = "S", is = "CREATE_COMPLETE" },
  { kind = "launch_rocket" },
]
checks = [
  { kind = "service_quota", quota_name = "q", min = 2, region = "x" },
  { kind = "bucket_exists", bucket = "b-${nowhere}" },
  { stack = "S" },
]
"#;
        std::fs::write(dir.path().join("workshop.toml"), toml).expect("written");
        for lang in ["ko", "en"] {
            std::fs::create_dir_all(dir.path().join(lang)).expect("folder");
            std::fs::write(dir.path().join(lang).join("one.md"), "Text.\n").expect("written");
        }
        let (w, diags) = load_with_diagnostics(&Source::Dir(dir.path().to_path_buf()));
        assert!(w.is_some(), "broken tasks leave the workshop usable");
        // The missing hints and by-hand text are warnings of their own, tested elsewhere.
        let errors = diags
            .into_iter()
            .filter(|d| d.severity == Severity::Error)
            .collect();
        (dir, errors)
    }

    #[test]
    fn task_problems_are_reported_on_their_lines() {
        let (_dir, diags) = broken();
        let at = |line: usize| -> Vec<&Problem> {
            diags
                .iter()
                .filter(|d| d.line == Some(line))
                .map(|d| &d.problem)
                .collect()
        };
        let kind = |k: &str| k.to_string();
        assert_eq!(
            at(13),
            [
                &Problem::UnknownParam {
                    kind: kind("create_stack"),
                    param: "colour".into()
                },
                &Problem::BadParamType {
                    kind: kind("create_stack"),
                    param: "stack".into(),
                    expected: "string"
                },
            ]
        );
        assert_eq!(
            at(14),
            [&Problem::BadParamValue {
                kind: kind("canary_stage"),
                param: "stage".into(),
                value: "all-at-once".into(),
                allowed: "split-50-50, shift-100-0, single-variant".into(),
            }]
        );
        assert_eq!(
            at(15),
            [&Problem::WrongRole {
                kind: kind("stack_status"),
                expected: "action"
            }]
        );
        assert_eq!(at(16), [&Problem::UnknownKind(kind("launch_rocket"))]);
        assert_eq!(
            at(19),
            [&Problem::UnknownParam {
                kind: kind("service_quota"),
                param: "region".into()
            }]
        );
        assert_eq!(at(20), [&Problem::UnknownVariable("nowhere".into())]);
        assert_eq!(
            at(21),
            [&Problem::MissingParam {
                kind: "?".into(),
                param: "kind".into()
            }]
        );
    }

    #[test]
    fn task_problems_read_in_both_languages() {
        let (_dir, diags) = broken();
        let i18n = I18n::embedded();
        for d in &diags {
            for lang in Lang::ALL {
                let text = d.render(&i18n, lang);
                assert!(text.contains("workshop.toml:"), "{text}");
                assert!(!text.contains("{ $") && !text.contains("diag-"), "{text}");
            }
        }
        let value = diags
            .iter()
            .find(|d| matches!(d.problem, Problem::BadParamValue { .. }))
            .expect("the bad stage is reported");
        assert!(
            value
                .render(&i18n, Lang::En)
                .ends_with("canary_stage: \"stage\" is \"all-at-once\"; use one of split-50-50, shift-100-0, single-variant"),
            "{}",
            value.render(&i18n, Lang::En)
        );
        assert!(value.render(&i18n, Lang::Ko).contains("중 하나를 쓰세요"));
    }
}
