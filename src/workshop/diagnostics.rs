use std::path::PathBuf;

use crate::i18n::{I18n, Lang};
use crate::tr;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Shown, but the workshop still works (placeholders, long titles).
    Warning,
    Error,
}

/// One finding of the loader, with where it is.
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
}

impl Diagnostic {
    pub fn message(&self, i18n: &I18n, lang: Lang) -> String {
        use Problem::*;
        match &self.problem {
            Unreadable(e) => tr!(i18n, lang, "diag-unreadable", error = e.clone()),
            Syntax(e) => tr!(i18n, lang, "diag-syntax", error = e.clone()),
            UnsupportedFormat(v) => tr!(i18n, lang, "diag-format", version = *v),
            BadId(id) => tr!(i18n, lang, "diag-bad-id", id = id.clone()),
            DuplicateId(id) => tr!(i18n, lang, "diag-duplicate-id", id = id.clone()),
            EmptyTitle(l) => tr!(i18n, lang, "diag-empty-title", language = l.code()),
            LongTitle {
                lang: l,
                width,
                max,
            } => tr!(
                i18n,
                lang,
                "diag-long-title",
                language = l.code(),
                width = *width,
                max = *max
            ),
            MissingText { step, lang: l } => {
                tr!(
                    i18n,
                    lang,
                    "diag-missing-text",
                    step = step.clone(),
                    language = l.code()
                )
            }
            Placeholder { step, lang: l } => {
                tr!(
                    i18n,
                    lang,
                    "diag-placeholder",
                    step = step.clone(),
                    language = l.code()
                )
            }
            NotNfc => tr!(i18n, lang, "diag-not-nfc"),
            UnknownKind(k) => tr!(i18n, lang, "diag-unknown-kind", kind = k.clone()),
            WrongRole { kind, expected } => {
                tr!(
                    i18n,
                    lang,
                    "diag-wrong-role",
                    kind = kind.clone(),
                    expected = *expected
                )
            }
            MissingParam { kind, param } => tr!(
                i18n,
                lang,
                "diag-missing-param",
                kind = kind.clone(),
                param = param.clone()
            ),
            UnknownParam { kind, param } => tr!(
                i18n,
                lang,
                "diag-unknown-param",
                kind = kind.clone(),
                param = param.clone()
            ),
            BadParamType {
                kind,
                param,
                expected,
            } => tr!(
                i18n,
                lang,
                "diag-bad-param-type",
                kind = kind.clone(),
                param = param.clone(),
                expected = *expected
            ),
            BadParamValue {
                kind,
                param,
                value,
                allowed,
            } => tr!(
                i18n,
                lang,
                "diag-bad-param-value",
                kind = kind.clone(),
                param = param.clone(),
                value = value.clone(),
                allowed = allowed.clone()
            ),
            UnknownVariable(v) => tr!(i18n, lang, "diag-unknown-variable", name = v.clone()),
            UnknownRule(r) => tr!(i18n, lang, "diag-unknown-rule", rule = r.clone()),
            BrokenLink(t) => tr!(i18n, lang, "diag-broken-link", target = t.clone()),
            WideLine { width, max } => {
                tr!(i18n, lang, "diag-wide-line", width = *width, max = *max)
            }
            NoSteps => tr!(i18n, lang, "diag-no-steps"),
            NoSimPlan(step) => tr!(i18n, lang, "diag-no-sim-plan", step = step.clone()),
            UnknownMetric(name) => tr!(i18n, lang, "diag-unknown-metric", name = name.clone()),
            LocaleMissing { id, lang: l } => {
                tr!(
                    i18n,
                    lang,
                    "diag-locale-missing",
                    id = id.clone(),
                    language = l.code()
                )
            }
            LocaleVariables { id } => tr!(i18n, lang, "diag-locale-variables", id = id.clone()),
        }
    }

    /// `file:line: error: message`, the shape editors and CI logs understand.
    pub fn render(&self, i18n: &I18n, lang: Lang) -> String {
        let level = match self.severity {
            Severity::Error => tr!(i18n, lang, "diag-error"),
            Severity::Warning => tr!(i18n, lang, "diag-warning"),
        };
        let place = match self.line {
            Some(l) => format!("{}:{l}", self.file.display()),
            None => self.file.display().to_string(),
        };
        format!("{place}: {level}: {}", self.message(i18n, lang))
    }
}
