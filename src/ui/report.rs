//! Reports, cloud failures, kinds of resource and the loader's findings put into words
//! in the reader's language: the TUI and the headless commands say them alike. The data
//! is the app's (`app::Report`) and the workshop's (`workshop::Diagnostic`); the
//! sentences are the locales'.

use crate::app::{Alternative, Report};
use crate::cloud::{CloudError, ResourceKind};
use crate::i18n::{I18n, Lang};
use crate::tr;
use crate::workshop::{Diagnostic, Problem, Severity};

/// The name of a kind of resource, in the reader's language.
pub fn kind_name(kind: ResourceKind, i18n: &I18n, lang: Lang) -> String {
    match kind {
        ResourceKind::TrainingJob => tr!(i18n, lang, "kind-training-job"),
        ResourceKind::ProcessingJob => tr!(i18n, lang, "kind-processing-job"),
        ResourceKind::AutoMlJob => tr!(i18n, lang, "kind-automl-job"),
        ResourceKind::Endpoint => tr!(i18n, lang, "kind-endpoint"),
        ResourceKind::EndpointConfig => tr!(i18n, lang, "kind-endpoint-config"),
        ResourceKind::Model => tr!(i18n, lang, "kind-model"),
        ResourceKind::ComprehendClassifier => tr!(i18n, lang, "kind-comprehend-classifier"),
        ResourceKind::ComprehendEndpoint => tr!(i18n, lang, "kind-comprehend-endpoint"),
    }
}

/// A refusal followed by the next-best choice that would start, or by the advice to
/// ask for more quota when none would.
fn with_alternative(
    told: String,
    instead: Option<&Alternative>,
    i18n: &I18n,
    lang: Lang,
) -> String {
    let next = match instead {
        Some(a) => tr!(
            i18n,
            lang,
            "report-alternative",
            count = a.instance_count,
            instance_type = a.instance_type.clone(),
            price = a.per_hour.map_or_else(
                || tr!(i18n, lang, "price-unknown"),
                |p| format!("${}", crate::workshop::cents(p))
            ),
            var = format!("{}-fallback={}", a.job, a.index)
        ),
        None => tr!(i18n, lang, "report-no-alternative"),
    };
    format!("{told} {next}")
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
            EndpointsGone { prefix } => {
                tr!(i18n, lang, "report-endpoints-gone", prefix = prefix.clone())
            }
            EndpointsLeft { names } => tr!(
                i18n,
                lang,
                "report-endpoints-left",
                count = names.len(),
                names = names.join(", ")
            ),
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
            DatasetReadable { uri, objects } => {
                tr!(
                    i18n,
                    lang,
                    "report-dataset-readable",
                    uri = uri.clone(),
                    objects = *objects
                )
            }
            DatasetForbidden { uri } => {
                tr!(i18n, lang, "report-dataset-forbidden", uri = uri.clone())
            }
            DatasetMissing { uri } => tr!(i18n, lang, "report-dataset-missing", uri = uri.clone()),
            DatasetEmpty { uri } => tr!(i18n, lang, "report-dataset-empty", uri = uri.clone()),
            QuotaEnough { quota, value } => {
                tr!(
                    i18n,
                    lang,
                    "report-quota-enough",
                    quota = quota.clone(),
                    value = *value
                )
            }
            QuotaTooLow { quota, value, min } => tr!(
                i18n,
                lang,
                "report-quota-too-low",
                quota = quota.clone(),
                value = *value,
                min = *min
            ),
            RegionUnknown { region, known } => tr!(
                i18n,
                lang,
                "report-region-unknown",
                region = region.clone(),
                known = known.clone()
            ),
            InstanceNotOffered {
                instance_type,
                region,
                instead,
            } => {
                let told = tr!(
                    i18n,
                    lang,
                    "report-instance-not-offered",
                    instance_type = instance_type.clone(),
                    region = region.clone()
                );
                with_alternative(told, instead.as_deref(), i18n, lang)
            }
            LaunchQuota {
                instance_type,
                have,
                need,
                instead,
            } => {
                let told = tr!(
                    i18n,
                    lang,
                    "report-launch-quota",
                    instance_type = instance_type.clone(),
                    have = *have,
                    need = *need
                );
                with_alternative(told, instead.as_deref(), i18n, lang)
            }
            DataNotReady { uri } => tr!(i18n, lang, "report-data-not-ready", uri = uri.clone()),
            Copied { count, from, to } => tr!(
                i18n,
                lang,
                "report-copied",
                count = *count,
                from = from.clone(),
                to = to.clone()
            ),
            NoSourceReadable { tried } => {
                tr!(i18n, lang, "report-no-source", tried = tried.clone())
            }
            Answers { endpoint, answers } => {
                let mut text = tr!(i18n, lang, "report-answers", endpoint = endpoint.clone());
                for (label, answer) in answers {
                    text.push_str("\n  ");
                    text.push_str(&tr!(
                        i18n,
                        lang,
                        "report-answer",
                        label = label.clone(),
                        answer = answer.clone()
                    ));
                }
                text
            }
            Query(q) => {
                let crate::app::QueryReport {
                    query,
                    state,
                    scanned_bytes,
                    cost,
                    columns,
                    rows,
                    output,
                } = q.as_ref();
                let cost = cost.map_or_else(|| tr!(i18n, lang, "cost-unknown"), query_dollars);
                let mut text = tr!(
                    i18n,
                    lang,
                    "report-query",
                    query = query.clone(),
                    state = state.clone(),
                    scanned = data_size(*scanned_bytes),
                    cost = cost
                );
                if let Some(output) = output {
                    text.push(' ');
                    text.push_str(&tr!(
                        i18n,
                        lang,
                        "report-query-output",
                        output = output.clone()
                    ));
                }
                for line in table(columns, rows) {
                    text.push_str("\n  ");
                    text.push_str(&line);
                }
                text
            }
            VariantsLeft {
                endpoint,
                only,
                variants,
            } => tr!(
                i18n,
                lang,
                "report-variants-left",
                endpoint = endpoint.clone(),
                only = only.clone(),
                variants = variants.join(", ")
            ),
            VariantServedNothing { endpoint, variant } => tr!(
                i18n,
                lang,
                "report-variant-served-nothing",
                endpoint = endpoint.clone(),
                variant = variant.clone()
            ),
            Traffic {
                endpoint,
                sent,
                failed,
                by_variant,
            } => {
                let split = by_variant
                    .iter()
                    .map(|(v, n)| format!("{v} {n}"))
                    .collect::<Vec<_>>()
                    .join(", ");
                tr!(
                    i18n,
                    lang,
                    "report-traffic",
                    endpoint = endpoint.clone(),
                    sent = *sent,
                    failed = *failed,
                    split = split
                )
            }
            QueryFailed {
                query,
                state,
                reason,
            } => tr!(
                i18n,
                lang,
                "report-query-failed",
                query = query.clone(),
                state = state.clone(),
                reason = reason.clone()
            ),
            SamplesUnreadable { uri } => {
                tr!(i18n, lang, "report-samples-unreadable", uri = uri.clone())
            }
            CodeUnreadable { path, error } => tr!(
                i18n,
                lang,
                "report-code-unreadable",
                path = path.clone(),
                error = error.clone()
            ),
            QuotaUnknown { quota } => {
                tr!(i18n, lang, "report-quota-unknown", quota = quota.clone())
            }
            ResourceStatus {
                kind,
                name,
                status,
                expected,
            } => tr!(
                i18n,
                lang,
                "report-resource-status",
                what = kind_name(*kind, i18n, lang),
                name = name.clone(),
                status = status.clone(),
                expected = expected.clone()
            ),
            ResourceMissing { kind, prefix } => tr!(
                i18n,
                lang,
                "report-resource-missing",
                what = kind_name(*kind, i18n, lang),
                prefix = prefix.clone()
            ),
            BucketMissing { bucket } => {
                tr!(i18n, lang, "report-bucket-missing", bucket = bucket.clone())
            }
            BucketExists { bucket } => {
                tr!(i18n, lang, "report-bucket-exists", bucket = bucket.clone())
            }
            ObjectsMissing { bucket, prefix } => tr!(
                i18n,
                lang,
                "report-objects-missing",
                bucket = bucket.clone(),
                prefix = prefix.clone()
            ),
            ObjectsFound { count } => tr!(i18n, lang, "report-objects-found", count = *count),
            NotebookUrl { url } => tr!(i18n, lang, "report-notebook-url", url = url.clone()),
            NotebookStarting { notebook } => {
                tr!(
                    i18n,
                    lang,
                    "report-notebook-starting",
                    notebook = notebook.clone()
                )
            }
            Started { kind, name } => tr!(
                i18n,
                lang,
                "report-started",
                what = kind_name(*kind, i18n, lang),
                name = name.clone()
            ),
            CanaryStage { endpoint, stage } => tr!(
                i18n,
                lang,
                "report-canary-stage",
                endpoint = endpoint.clone(),
                stage = stage.clone()
            ),
            CleanedUp { count } => tr!(i18n, lang, "report-cleaned-up", count = *count),
            NothingLeft => tr!(i18n, lang, "nothing-left"),
            StillLeft { count, names } => tr!(
                i18n,
                lang,
                "report-still-left",
                count = *count,
                names = names.clone()
            ),
            SimOnly => tr!(i18n, lang, "report-sim-only"),
            Simulated { count } => tr!(i18n, lang, "report-simulated", count = *count),
            NotebookStopping { notebook } => {
                tr!(
                    i18n,
                    lang,
                    "report-notebook-stopping",
                    notebook = notebook.clone()
                )
            }
        }
    }
}

/// Each cloud failure says what happened and what to do about it.
pub fn cloud_error(e: &CloudError, i18n: &I18n, lang: Lang) -> String {
    match e {
        CloudError::NoCredentials => tr!(i18n, lang, "cloud-no-credentials"),
        CloudError::ExpiredCredentials => tr!(i18n, lang, "cloud-expired"),
        CloudError::ClockSkew => tr!(i18n, lang, "cloud-clock-skew"),
        CloudError::SsoExpired { profile } => {
            let login = match profile {
                Some(p) => format!("aws sso login --profile {p}"),
                None => "aws sso login".to_string(),
            };
            tr!(i18n, lang, "cloud-sso-expired", login = login)
        }
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
        CloudError::InUse { what } => tr!(i18n, lang, "cloud-in-use", what = what.clone()),
        CloudError::Invalid(detail) => tr!(i18n, lang, "cloud-invalid", detail = detail.clone()),
        CloudError::Other(detail) => tr!(i18n, lang, "cloud-other", detail = detail.clone()),
        CloudError::ServerError(detail) => {
            tr!(i18n, lang, "cloud-server-error", detail = detail.clone())
        }
        CloudError::NotFound { what } => tr!(i18n, lang, "cloud-not-found", what = what.clone()),
        CloudError::QuotaExceeded(detail) => {
            tr!(i18n, lang, "cloud-quota-exceeded", detail = detail.clone())
        }
        CloudError::RegionDisabled { region } => {
            tr!(i18n, lang, "cloud-region-disabled", region = region.clone())
        }
    }
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
            HintTooLong {
                step,
                lang: language,
                rows,
                max,
            } => tr!(
                i18n,
                lang,
                "diag-hint-too-long",
                step = step.clone(),
                language = *language,
                rows = *rows,
                max = *max
            ),
            MissingHint { step, kind } => tr!(
                i18n,
                lang,
                "diag-missing-hint",
                step = step.clone(),
                kind = kind.clone()
            ),
            UnknownPrice { key, region } => tr!(
                i18n,
                lang,
                "diag-unknown-price",
                key = key.clone(),
                region = region.clone()
            ),
            MissingByHand { step } => {
                tr!(i18n, lang, "diag-missing-by-hand", step = step.clone())
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
            NoPlaceholder(v) => tr!(i18n, lang, "diag-no-placeholder", name = v.clone()),
            AvoidedTerm { found, instead } => tr!(
                i18n,
                lang,
                "diag-avoided-term",
                found = found.clone(),
                instead = instead.clone()
            ),
            SourceChanged {
                file,
                from,
                line,
                excerpt,
            } => tr!(
                i18n,
                lang,
                "diag-source-changed",
                file = file.clone(),
                from = from.clone(),
                line = *line,
                excerpt = excerpt.clone()
            ),
            SourceBlocksRemoved { file, from, count } => tr!(
                i18n,
                lang,
                "diag-source-removed",
                file = file.clone(),
                from = from.clone(),
                count = *count
            ),
            NoTranslationRecord { file } => {
                tr!(
                    i18n,
                    lang,
                    "diag-no-translation-record",
                    file = file.clone()
                )
            }
            UnknownRule(r) => tr!(i18n, lang, "diag-unknown-rule", rule = r.clone()),
            BrokenLink(t) => tr!(i18n, lang, "diag-broken-link", target = t.clone()),
            UnknownReference { owner, what, name } => tr!(
                i18n,
                lang,
                "diag-unknown-reference",
                owner = owner.clone(),
                what = *what,
                name = name.clone()
            ),
            BadRegex { metric } => tr!(i18n, lang, "diag-bad-regex", metric = metric.clone()),
            Unpriced {
                owner,
                instance_type,
                region,
            } => tr!(
                i18n,
                lang,
                "diag-unpriced",
                owner = owner.clone(),
                instance_type = instance_type.clone(),
                region = region.clone()
            ),
            UnpricedKey { owner, key, region } => tr!(
                i18n,
                lang,
                "diag-unpriced-key",
                owner = owner.clone(),
                key = key.clone(),
                region = region.clone()
            ),
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
            LocaleDuplicate { id } => tr!(i18n, lang, "diag-locale-duplicate", id = id.clone()),
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

/// Bytes as the Athena console says them: decimal units, three figures.
pub fn data_size(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KB", "MB", "GB", "TB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1000.0 && unit < UNITS.len() - 1 {
        value /= 1000.0;
        unit += 1;
    }
    match unit {
        0 => format!("{bytes} B"),
        _ if value < 10.0 => format!("{value:.2} {}", UNITS[unit]),
        _ if value < 100.0 => format!("{value:.1} {}", UNITS[unit]),
        _ => format!("{value:.0} {}", UNITS[unit]),
    }
}

/// A query's cost: to the cent, or in ten-thousandths when it is under a cent (most are).
fn query_dollars(cost: f64) -> String {
    if cost == 0.0 {
        "$0".to_string()
    } else if cost < 0.01 {
        format!("${cost:.4}")
    } else {
        format!("${}", crate::workshop::cents(cost))
    }
}

/// A header and rows as aligned text columns, each cell cut to a readable width
/// (review bodies run long); NULL shown as Athena's console shows it.
fn table(columns: &[String], rows: &[Vec<Option<String>>]) -> Vec<String> {
    const MAX_CELL: usize = 40;
    if columns.is_empty() || rows.is_empty() {
        return vec![];
    }
    let cell = |v: &Option<String>| {
        let text = v.as_deref().map_or("NULL".to_string(), |t| {
            t.split_whitespace().collect::<Vec<_>>().join(" ")
        });
        super::steps::fit(&text, MAX_CELL)
    };
    let cells: Vec<Vec<String>> = std::iter::once(
        columns
            .iter()
            .map(|c| super::steps::fit(c, MAX_CELL))
            .collect(),
    )
    .chain(rows.iter().map(|r| r.iter().map(cell).collect()))
    .collect();
    let widths: Vec<usize> = (0..columns.len())
        .map(|i| {
            cells
                .iter()
                .filter_map(|r| r.get(i))
                .map(|c| unicode_width::UnicodeWidthStr::width(c.as_str()))
                .max()
                .unwrap_or(0)
        })
        .collect();
    cells
        .iter()
        .map(|r| {
            r.iter()
                .enumerate()
                .map(|(i, c)| {
                    let pad =
                        widths[i].saturating_sub(unicode_width::UnicodeWidthStr::width(c.as_str()));
                    format!("{c}{}", " ".repeat(pad))
                })
                .collect::<Vec<_>>()
                .join(" │ ")
                .trim_end()
                .to_string()
        })
        .collect()
}
