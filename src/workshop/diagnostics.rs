use std::path::PathBuf;

use crate::i18n::Lang;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Shown, but the workshop still works (placeholders, long titles).
    Warning,
    Error,
}

/// One finding of the loader, with where it is; `ui::report` puts it into words.
#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub file: PathBuf,
    pub line: Option<usize>,
    pub problem: Problem,
}

/// What was wrong, in terms a workshop author can act on. Formatted in the reader's
/// language by `Diagnostic::message`.
#[derive(Clone, Debug, PartialEq)]
pub enum Problem {
    Unreadable(String),
    Syntax(String),
    UnsupportedFormat(i64),
    BadId(String),
    DuplicateId(String),
    EmptyTitle(Lang),
    LongTitle {
        lang: Lang,
        width: usize,
        max: usize,
    },
    MissingText {
        step: String,
        lang: Lang,
    },
    Placeholder {
        step: String,
        lang: Lang,
    },
    /// A check with no hint for the learner when it fails.
    MissingHint {
        step: String,
        kind: String,
    },
    /// A check's hint that needs more rows than the activity pane gives it, so its end
    /// would be cut off in the narrowest layout.
    HintTooLong {
        step: String,
        lang: &'static str,
        rows: usize,
        max: usize,
    },
    /// A step that runs or checks something, with no text on doing it by hand.
    MissingByHand {
        step: String,
    },
    NotNfc,
    UnknownKind(String),
    WrongRole {
        kind: String,
        expected: &'static str,
    },
    MissingParam {
        kind: String,
        param: String,
    },
    UnknownParam {
        kind: String,
        param: String,
    },
    BadParamType {
        kind: String,
        param: String,
        expected: &'static str,
    },
    /// A string parameter that must be one of a few values.
    BadParamValue {
        kind: String,
        param: String,
        value: String,
        allowed: String,
    },
    UnknownVariable(String),
    /// A block of the file a translation was written from changed since (translations.toml).
    SourceChanged {
        file: String,
        from: String,
        line: usize,
        excerpt: String,
    },
    /// Blocks of the source were removed since the translation was written.
    SourceBlocksRemoved {
        file: String,
        from: String,
        count: usize,
    },
    /// translations.toml has no entry for a step's texts.
    NoTranslationRecord {
        file: String,
    },
    /// A text mentions a variable that may have no value yet, with nothing to show instead.
    NoPlaceholder(String),
    /// A word terminology.toml says to avoid, and the one to write instead.
    AvoidedTerm {
        found: String,
        instead: String,
    },
    UnknownRule(String),
    BrokenLink(String),
    WideLine {
        width: usize,
        max: usize,
    },
    NoSteps,
    /// A `simulate_notebook` step that sim.toml has no plan for.
    NoSimPlan(String),
    /// A log line template field that names no metric of the job.
    UnknownMetric(String),
    LocaleMissing {
        id: String,
        lang: Lang,
    },
    LocaleVariables {
        id: String,
    },
    LocaleDuplicate {
        id: String,
    },
    /// A job, image or instance type names something the labs' data does not have.
    UnknownReference {
        owner: String,
        what: &'static str,
        name: String,
    },
    /// A metric definition whose regex does not compile.
    BadRegex {
        metric: String,
    },
    /// A text's `${price:KEY}` or `${cost:KEY:..}` names no price of the workshop's region.
    UnknownPrice {
        key: String,
        region: String,
    },
    /// An instance type the workshop can start has no price for the workshop's region.
    Unpriced {
        owner: String,
        instance_type: String,
        region: String,
    },
    /// A price by key that something bills by (Athena per TB, a Comprehend inference
    /// unit) has no figure for the workshop's region.
    UnpricedKey {
        owner: String,
        key: String,
        region: String,
    },
}
