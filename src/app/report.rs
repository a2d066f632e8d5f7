use crate::cloud::CloudError;
use crate::i18n::{I18n, Lang};
use crate::tr;

/// The outcome of an action or check, as data; it is put into words only when drawn, so
/// it follows the language the learner switches to.
#[derive(Clone, Debug, PartialEq)]
pub enum Report {
    StackCreated {
        stack: String,
    },
    StackDeleted {
        stack: String,
    },
    StackStatus {
        stack: String,
        actual: String,
        expected: String,
    },
    StackFailed {
        stack: String,
        status: String,
        reason: Option<String>,
    },
    StackMissing {
        stack: String,
    },
    StackStillThere {
        stack: String,
        status: String,
    },
    NotebookStatus {
        notebook: String,
        actual: String,
        expected: String,
    },
    NotebookMissing {
        notebook: String,
    },
    Cloud(CloudError),
    NotBuiltYet {
        kind: String,
    },
    MissingParameter {
        kind: String,
        param: String,
    },
    UnsetVariable {
        name: String,
    },
    TemplateUnreadable {
        path: String,
        error: String,
    },
    Matches {
        what: String,
        status: String,
    },
}

impl Report {
    pub fn message(&self, i18n: &I18n, lang: Lang) -> String {
        use Report::*;
        match self {
            StackCreated { stack } => {
                tr!(i18n, lang, "report-stack-created", stack = stack.clone())
            }
            StackDeleted { stack } => {
                tr!(i18n, lang, "report-stack-deleted", stack = stack.clone())
            }
            StackStatus {
                stack,
                actual,
                expected,
            } => tr!(
                i18n,
                lang,
                "report-stack-status",
                stack = stack.clone(),
                actual = actual.clone(),
                expected = expected.clone()
            ),
            StackFailed {
                stack,
                status,
                reason,
            } => tr!(
                i18n,
                lang,
                "report-stack-failed",
                stack = stack.clone(),
                status = status.clone(),
                reason = reason.clone().unwrap_or_default()
            ),
            StackMissing { stack } => {
                tr!(i18n, lang, "report-stack-missing", stack = stack.clone())
            }
            StackStillThere { stack, status } => tr!(
                i18n,
                lang,
                "report-stack-still-there",
                stack = stack.clone(),
                status = status.clone()
            ),
            NotebookStatus {
                notebook,
                actual,
                expected,
            } => tr!(
                i18n,
                lang,
                "report-notebook-status",
                notebook = notebook.clone(),
                actual = actual.clone(),
                expected = expected.clone()
            ),
            NotebookMissing { notebook } => {
                tr!(
                    i18n,
                    lang,
                    "report-notebook-missing",
                    notebook = notebook.clone()
                )
            }
            Cloud(e) => cloud_error(e, i18n, lang),
            NotBuiltYet { kind } => tr!(i18n, lang, "report-not-built", kind = kind.clone()),
            MissingParameter { kind, param } => tr!(
                i18n,
                lang,
                "report-missing-parameter",
                kind = kind.clone(),
                param = param.clone()
            ),
            UnsetVariable { name } => tr!(i18n, lang, "report-unset-variable", name = name.clone()),
            TemplateUnreadable { path, error } => tr!(
                i18n,
                lang,
                "report-template-unreadable",
                path = path.clone(),
                error = error.clone()
            ),
            Matches { what, status } => tr!(
                i18n,
                lang,
                "report-matches",
                what = what.clone(),
                status = status.clone()
            ),
        }
    }
}

/// Each cloud failure says what happened and what to do about it.
pub fn cloud_error(e: &CloudError, i18n: &I18n, lang: Lang) -> String {
    match e {
        CloudError::NoCredentials => tr!(i18n, lang, "cloud-no-credentials"),
        CloudError::ExpiredCredentials => tr!(i18n, lang, "cloud-expired"),
        CloudError::AccessDenied { action } => {
            tr!(i18n, lang, "cloud-access-denied", action = action.clone())
        }
        CloudError::Throttled => tr!(i18n, lang, "cloud-throttled"),
        CloudError::Unreachable { endpoint } => {
            tr!(i18n, lang, "cloud-unreachable", endpoint = endpoint.clone())
        }
        CloudError::Timeout => tr!(i18n, lang, "cloud-timeout"),
        CloudError::AlreadyExists { name } => {
            tr!(i18n, lang, "cloud-already-exists", name = name.clone())
        }
        CloudError::Invalid(detail) => tr!(i18n, lang, "cloud-invalid", detail = detail.clone()),
        CloudError::Other(detail) => tr!(i18n, lang, "cloud-other", detail = detail.clone()),
    }
}
