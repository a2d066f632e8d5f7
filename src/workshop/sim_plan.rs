//! What the simulated AWS plays for each notebook step (`simulate_notebook`), as the
//! content says it in `sim.toml` beside workshop.toml: the jobs and endpoints a notebook
//! starts, their names, instance types, counts, durations, metric curves and log format,
//! and the roles, Glue databases and S3 objects it leaves behind. The sim knows no lab by
//! name; a workshop given with `--content` brings its own plans. CONTENT.md has the format.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::{Arc, OnceLock};

use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::{Diagnostic, Problem, Severity, Source, variables_in};
use crate::cloud::ResourceKind;

/// The file, beside workshop.toml.
pub const FILE: &str = "sim.toml";
/// Variables a plan's bucket names may use: the sim fills them in.
const PLAN_VARS: &[&str] = &["region", "account"];

/// Every notebook step's plan, by the `notebook_step` name the actions use.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SimPlans {
    pub steps: BTreeMap<String, NotebookPlan>,
    /// How each job of jobs.toml plays when labguide launches it, by job id.
    pub launches: BTreeMap<String, super::labs::SimProfile>,
    /// How each Athena query of jobs.toml plays, by query id.
    pub queries: BTreeMap<String, super::labs::QuerySim>,
}

impl SimPlans {
    pub fn get(&self, notebook_step: &str) -> Option<&NotebookPlan> {
        self.steps.get(notebook_step)
    }

    /// Takes the sim profiles of the jobs labguide launches.
    pub fn add_launches(&mut self, jobs: &super::labs::Jobs) {
        self.launches.extend(
            jobs.jobs
                .iter()
                .filter_map(|(id, j)| j.sim.clone().map(|p| (id.clone(), p))),
        );
        self.queries.extend(
            jobs.queries
                .iter()
                .filter_map(|(id, q)| q.sim.clone().map(|p| (id.clone(), p))),
        );
    }

    /// The plans of the workshop built into the binary: what a sim plays when nobody gave
    /// it others (the headless commands and tests that make a sim of their own).
    pub fn shipped() -> Arc<SimPlans> {
        static SHIPPED: OnceLock<Arc<SimPlans>> = OnceLock::new();
        SHIPPED
            .get_or_init(|| {
                let mut diags = vec![];
                let mut plans = load(&Source::Embedded, &[], &mut diags);
                let (_, jobs) = super::labs::load(&Source::Embedded, &mut diags);
                plans.add_launches(&jobs);
                Arc::new(plans)
            })
            .clone()
    }
}

/// What one notebook step creates.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct NotebookPlan {
    pub create: Vec<Planned>,
    pub roles: Vec<String>,
    pub glue_databases: Vec<String>,
    pub objects: Vec<PlannedObjects>,
}

/// A resource a notebook starts.
#[derive(Clone, Debug, PartialEq)]
pub struct Planned {
    pub kind: ResourceKind,
    /// The name before its suffix.
    pub name: String,
    pub suffix: Suffix,
    /// Virtual seconds until it reaches its final status (none for models and configs).
    pub seconds: Option<f64>,
    /// The instance type serving an endpoint.
    pub instance_type: Option<String>,
    /// How a job runs, for the live view (training and processing jobs).
    pub job: Option<JobProfile>,
}

/// How a planned name ends, as the SageMaker SDK or the notebook names things.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Suffix {
    /// The SDK's `-2026-12-01-22-41-25-123` (UTC, milliseconds), written after the name.
    #[default]
    Timestamp,
    /// Seconds since 1970, as `int(time.time())` in a notebook.
    Epoch,
    /// The name as written.
    None,
}

/// S3 objects a notebook step leaves in a bucket; the bucket may use `${region}` and
/// `${account}`.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlannedObjects {
    pub bucket: String,
    pub keys: Vec<String>,
}

/// Where a job runs, what it reports and how it logs: what the live view draws.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct JobProfile {
    pub instance_type: String,
    pub instance_count: u32,
    #[serde(default)]
    pub metrics: Vec<MetricCurve>,
    #[serde(default)]
    pub rules: Vec<DebuggerRule>,
    #[serde(default)]
    pub log: LogFormat,
    /// The job's own hyperparameters, as it was started with.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hyperparameters: Vec<(String, String)>,
}

impl JobProfile {
    /// A job no plan describes: one small CPU instance, no metrics, plain log lines.
    pub fn plain() -> JobProfile {
        JobProfile {
            instance_type: DEFAULT_JOB_INSTANCE.into(),
            instance_count: 1,
            metrics: vec![],
            rules: vec![],
            log: LogFormat::Plain,
            hyperparameters: vec![],
        }
    }
}

const DEFAULT_JOB_INSTANCE: &str = "ml.c5.xlarge";
const DEFAULT_ENDPOINT_INSTANCE: &str = "ml.m5.large";

/// A metric definition of a job and the curve its values follow over training: an
/// exponential approach from `from` to `to`, with noise that fades.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MetricCurve {
    pub name: String,
    pub regex: String,
    pub from: f64,
    pub to: f64,
}

/// A SageMaker Debugger rule the job runs, and whether it finds issues.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DebuggerRule {
    pub name: String,
    pub finds_issues: bool,
}

/// The lines a job's hosts print. The named formats are those of common training
/// scripts and fill their fields from the metrics named in CONTENT.md; `Template` prints
/// a line of the content's own.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LogFormat {
    /// Keras progress bars and epoch summaries (TensorFlow `model.fit`).
    Keras,
    /// SageMaker's distributed data parallel PyTorch scripts: a line per batch per GPU.
    DataParallel,
    /// PyTorch's MNIST example: train progress and test-set lines.
    PytorchMnist,
    /// A processing script tokenizing text.
    Tokenizer,
    /// `[n] training step finished`.
    #[default]
    Plain,
    /// `line` with `{line}`, `{host}` and `{<metric>}` filled in, `lines` lines in all.
    Template { line: String, lines: u32 },
}

// ---------------------------------------------------------------------------------------
// Reading sim.toml

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPlan {
    #[serde(default)]
    create: Vec<Spanned<RawPlanned>>,
    #[serde(default)]
    roles: Vec<String>,
    #[serde(default)]
    glue_databases: Vec<String>,
    #[serde(default)]
    objects: Vec<Spanned<PlannedObjects>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPlanned {
    kind: String,
    name: String,
    #[serde(default)]
    suffix: Suffix,
    seconds: Option<f64>,
    instance_type: Option<String>,
    instance_count: Option<i64>,
    #[serde(default)]
    metrics: Vec<MetricCurve>,
    rules: Option<Vec<String>>,
    rules_finding_issues: Option<Vec<String>>,
    log: Option<String>,
    log_line: Option<String>,
    log_lines: Option<i64>,
}

/// Reads `sim.toml` of `content` and checks it, and that every notebook step the steps
/// play has a plan. A missing file is no error by itself: only a step that plays a
/// notebook needs one.
/// `played` holds the notebook step each `simulate_notebook` action plays, with the
/// action's line in workshop.toml.
pub fn load(content: &Source, played: &[(String, usize)], diags: &mut Vec<Diagnostic>) -> SimPlans {
    let path = content.display(FILE);
    let plans = match content.read(FILE) {
        Ok(text) => parse(&text, &path, diags),
        Err(_) => Some(SimPlans::default()),
    };
    // A file that does not parse has been reported; every step missing would say it again.
    if let Some(plans) = &plans {
        let toml_path = content.display("workshop.toml");
        for (notebook_step, line) in played {
            if plans.get(notebook_step).is_none() {
                diags.push(Diagnostic {
                    severity: Severity::Error,
                    file: toml_path.clone(),
                    line: Some(*line),
                    problem: Problem::NoSimPlan(notebook_step.clone()),
                });
            }
        }
    }
    plans.unwrap_or_default()
}

fn line_of(source: &str, offset: usize) -> usize {
    source[..offset.min(source.len())].matches('\n').count() + 1
}

/// The plans in `text`, or `None` when it is not a table of plans at all.
fn parse(text: &str, path: &Path, diags: &mut Vec<Diagnostic>) -> Option<SimPlans> {
    let mut report = |line: usize, problem: Problem| {
        diags.push(Diagnostic {
            severity: Severity::Error,
            file: path.to_path_buf(),
            line: Some(line),
            problem,
        })
    };
    let raw: BTreeMap<String, Spanned<RawPlan>> = match toml::from_str(text) {
        Ok(r) => r,
        Err(e) => {
            let line = e.span().map_or(1, |s| line_of(text, s.start));
            report(line, Problem::Syntax(e.message().to_string()));
            return None;
        }
    };
    let mut plans = SimPlans::default();
    for (step, raw_plan) in raw {
        let line = line_of(text, raw_plan.span().start);
        let raw_plan = raw_plan.into_inner();
        let mut plan = NotebookPlan {
            roles: raw_plan.roles,
            glue_databases: raw_plan.glue_databases,
            ..NotebookPlan::default()
        };
        if step.is_empty() {
            report(line, Problem::BadId(step.clone()));
        }
        for planned in raw_plan.create {
            let line = line_of(text, planned.span().start);
            if let Some(p) = planned_resource(planned.into_inner(), line, &mut report) {
                plan.create.push(p);
            }
        }
        for objects in raw_plan.objects {
            let line = line_of(text, objects.span().start);
            let objects = objects.into_inner();
            for var in variables_in(&objects.bucket) {
                if !PLAN_VARS.contains(&var) {
                    report(line, Problem::UnknownVariable(var.to_string()));
                }
            }
            plan.objects.push(objects);
        }
        plans.steps.insert(step, plan);
    }
    Some(plans)
}

/// One planned resource, checked against what its kind has.
fn planned_resource(
    raw: RawPlanned,
    line: usize,
    report: &mut impl FnMut(usize, Problem),
) -> Option<Planned> {
    let Some(kind) = ResourceKind::ALL.into_iter().find(|k| k.name() == raw.kind) else {
        report(line, Problem::UnknownKind(raw.kind));
        return None;
    };
    let name = raw.kind.clone();
    let missing = |param: &str| Problem::MissingParam {
        kind: name.clone(),
        param: param.into(),
    };
    let unknown = |param: &str| Problem::UnknownParam {
        kind: name.clone(),
        param: param.into(),
    };
    let bad = |param: &str, expected: &'static str| Problem::BadParamType {
        kind: name.clone(),
        param: param.into(),
        expected,
    };
    let is_job = matches!(
        kind,
        ResourceKind::TrainingJob | ResourceKind::ProcessingJob
    );
    let lives = !matches!(kind, ResourceKind::Model | ResourceKind::EndpointConfig);
    let mut ok = true;
    if raw.name.trim().is_empty() {
        report(line, missing("name"));
        ok = false;
    }
    match raw.seconds {
        None if lives => {
            report(line, missing("seconds"));
            ok = false;
        }
        Some(_) if !lives => report(line, unknown("seconds")),
        Some(s) if !(s.is_finite() && s > 0.0) => {
            report(line, bad("seconds", "positive number"));
            ok = false;
        }
        _ => {}
    }
    if raw.instance_type.is_some() && !is_job && kind != ResourceKind::Endpoint {
        report(line, unknown("instance_type"));
    }
    // What only a job has.
    let job_only = [
        ("instance_count", raw.instance_count.is_some()),
        ("metrics", !raw.metrics.is_empty()),
        ("rules", raw.rules.is_some()),
        ("rules_finding_issues", raw.rules_finding_issues.is_some()),
        ("log", raw.log.is_some()),
        ("log_line", raw.log_line.is_some()),
        ("log_lines", raw.log_lines.is_some()),
    ];
    if !is_job {
        for (param, given) in job_only {
            if given {
                report(line, unknown(param));
            }
        }
    }
    let job = if is_job {
        let instance_count = match raw.instance_count {
            None => 1,
            Some(n) => match u32::try_from(n) {
                Ok(n) if n >= 1 => n,
                _ => {
                    report(line, bad("instance_count", "positive integer"));
                    1
                }
            },
        };
        let mut metric_names = BTreeSet::new();
        for m in &raw.metrics {
            if !metric_names.insert(m.name.as_str()) {
                report(line, Problem::DuplicateId(m.name.clone()));
            }
            // The live view reads a metric from a log line with the regex's first group.
            match regex_lite::Regex::new(&m.regex) {
                Ok(re) if re.captures_len() >= 2 => {}
                _ => report(line, bad("metrics", "regex with a capture group")),
            }
            if !(m.from.is_finite() && m.to.is_finite()) {
                report(line, bad("metrics", "finite number"));
            }
        }
        let log = log_format(&raw, &metric_names, line, report, &name);
        let rules = raw.rules.unwrap_or_default();
        let finding = raw.rules_finding_issues.unwrap_or_default();
        for r in &finding {
            if !rules.contains(r) {
                report(line, bad("rules_finding_issues", "rule named in rules"));
            }
        }
        Some(JobProfile {
            instance_type: raw
                .instance_type
                .clone()
                .unwrap_or_else(|| DEFAULT_JOB_INSTANCE.into()),
            instance_count,
            rules: rules
                .iter()
                .map(|r| DebuggerRule {
                    name: r.clone(),
                    finds_issues: finding.contains(r),
                })
                .collect(),
            metrics: raw.metrics,
            log,
            hyperparameters: vec![],
        })
    } else {
        None
    };
    let instance_type = (kind == ResourceKind::Endpoint).then(|| {
        raw.instance_type
            .clone()
            .unwrap_or_else(|| DEFAULT_ENDPOINT_INSTANCE.into())
    });
    ok.then_some(Planned {
        kind,
        name: raw.name,
        suffix: raw.suffix,
        seconds: raw.seconds,
        instance_type,
        job,
    })
}

/// The log format a job's `log`, `log_line` and `log_lines` say.
fn log_format(
    raw: &RawPlanned,
    metrics: &BTreeSet<&str>,
    line: usize,
    report: &mut impl FnMut(usize, Problem),
    kind: &str,
) -> LogFormat {
    let bad = |param: &str, expected: &'static str| Problem::BadParamType {
        kind: kind.to_string(),
        param: param.into(),
        expected,
    };
    let format = match raw.log.as_deref() {
        None | Some("plain") => LogFormat::Plain,
        Some("keras") => LogFormat::Keras,
        Some("data-parallel") => LogFormat::DataParallel,
        Some("pytorch-mnist") => LogFormat::PytorchMnist,
        Some("tokenizer") => LogFormat::Tokenizer,
        Some("template") => {
            let lines = match raw.log_lines {
                None => 100,
                Some(n) => match u32::try_from(n) {
                    Ok(n) if n >= 1 => n,
                    _ => {
                        report(line, bad("log_lines", "positive integer"));
                        100
                    }
                },
            };
            match &raw.log_line {
                Some(text) => {
                    for field in template_fields(text) {
                        if !matches!(field, "line" | "host") && !metrics.contains(field) {
                            report(line, Problem::UnknownMetric(field.to_string()));
                        }
                    }
                    return LogFormat::Template {
                        line: text.clone(),
                        lines,
                    };
                }
                None => {
                    report(
                        line,
                        Problem::MissingParam {
                            kind: kind.to_string(),
                            param: "log_line".into(),
                        },
                    );
                    return LogFormat::Plain;
                }
            }
        }
        Some(other) => {
            report(line, Problem::UnknownKind(other.to_string()));
            LogFormat::Plain
        }
    };
    for (param, given) in [
        ("log_line", raw.log_line.is_some()),
        ("log_lines", raw.log_lines.is_some()),
    ] {
        if given {
            report(
                line,
                Problem::UnknownParam {
                    kind: kind.to_string(),
                    param: param.into(),
                },
            );
        }
    }
    format
}

/// The `{name}` fields of a log line template.
pub fn template_fields(text: &str) -> Vec<&str> {
    super::fields_in(text, "{")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(text: &str) -> Vec<(Option<usize>, Problem)> {
        let mut diags = vec![];
        parse(text, Path::new("sim.toml"), &mut diags);
        diags.into_iter().map(|d| (d.line, d.problem)).collect()
    }

    #[test]
    fn the_shipped_plans_load_clean() {
        let mut diags = vec![];
        let text = Source::Embedded.read(FILE).expect("the shipped sim.toml");
        let plans = parse(&text, Path::new(FILE), &mut diags).expect("a table of plans");
        assert_eq!(diags, vec![]);
        assert!(plans.get("lab3-training").is_some());
        assert_eq!(SimPlans::shipped().steps, plans.steps);
        // The shipped plans also play every job labguide launches.
        assert!(SimPlans::shipped().launches.contains_key("lab3-amp"));
    }

    #[test]
    fn wrong_values_are_said_with_their_line() {
        let text = r#"
[one]
[[one.create]]
kind = "endpoint"
name = "ep-"
metrics = [{ name = "m", regex = "m=(.*)", from = 1.0, to = 0.0 }]

[[one.create]]
kind = "training_job"
name = "job-"
seconds = -5
rules = ["A"]
rules_finding_issues = ["B"]
log = "template"
log_line = "{line} {nope}"

[[one.create]]
kind = "model"
name = "m-"
seconds = 3

[two]
objects = [{ bucket = "b-${who}", keys = ["k"] }]
"#;
        let got = problems(text);
        let has = |line: usize, p: &dyn Fn(&Problem) -> bool| {
            got.iter().any(|(l, x)| *l == Some(line) && p(x))
        };
        assert!(
            has(
                3,
                &|p| matches!(p, Problem::MissingParam { param, .. } if param == "seconds")
            ),
            "{got:#?}"
        );
        assert!(
            has(
                3,
                &|p| matches!(p, Problem::UnknownParam { param, .. } if param == "metrics")
            ),
            "{got:#?}"
        );
        assert!(
            has(
                8,
                &|p| matches!(p, Problem::BadParamType { param, .. } if param == "seconds")
            ),
            "{got:#?}"
        );
        assert!(
            has(
                8,
                &|p| matches!(p, Problem::BadParamType { param, .. } if param == "rules_finding_issues")
            ),
            "{got:#?}"
        );
        assert!(
            has(
                8,
                &|p| matches!(p, Problem::UnknownMetric(m) if m == "nope")
            ),
            "{got:#?}"
        );
        assert!(
            has(
                17,
                &|p| matches!(p, Problem::UnknownParam { param, .. } if param == "seconds")
            ),
            "{got:#?}"
        );
        assert!(
            got.iter()
                .any(|(_, p)| matches!(p, Problem::UnknownVariable(v) if v == "who")),
            "{got:#?}"
        );
    }

    #[test]
    fn unknown_kinds_and_fields_are_said_with_a_line() {
        let got = problems("[a]\n[[a.create]]\nkind = \"rocket\"\nname = \"x\"\n");
        assert!(
            matches!(&got[..], [(Some(_), Problem::UnknownKind(k))] if k == "rocket"),
            "{got:#?}"
        );
        let got = problems("[a]\n[[a.create]]\nkind = \"automl_job\"\nname = \"x\"\nseconds = 5\n");
        assert_eq!(got, vec![]);
        let got = problems("[a]\ncolour = \"red\"\n");
        assert!(
            matches!(&got[..], [(Some(_), Problem::Syntax(_))]),
            "{got:#?}"
        );
    }

    #[test]
    fn template_fields_are_found() {
        assert_eq!(template_fields("a {x} b {y:z} {"), ["x", "y:z"]);
    }
}
