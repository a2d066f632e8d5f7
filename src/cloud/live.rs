//! What labguide watches live: one description shape for every kind of job and endpoint,
//! CloudWatch metric queries and their series, and log pages read forward.

use super::ResourceKind;

/// A status and how long it lasted, for a timeline. Times are seconds since the Unix
/// epoch on the backend's clock (`Cloud::now`).
#[derive(Clone, Debug, PartialEq)]
pub struct Transition {
    pub status: String,
    pub start: f64,
    /// `None` while it lasts.
    pub end: Option<f64>,
    pub message: Option<String>,
}

/// A production variant of an endpoint, as it is and as it is becoming.
#[derive(Clone, Debug, PartialEq)]
pub struct Variant {
    pub name: String,
    pub instance_type: Option<String>,
    pub current_weight: f64,
    pub desired_weight: f64,
    pub current_instances: i32,
    pub desired_instances: i32,
}

/// One Debugger rule's evaluation.
#[derive(Clone, Debug, PartialEq)]
pub struct Rule {
    pub name: String,
    pub status: String,
}

impl Rule {
    pub fn found_issues(&self) -> bool {
        self.status == "IssuesFound"
    }
}

/// A candidate model of an Autopilot job, with its objective metric once known.
#[derive(Clone, Debug, PartialEq)]
pub struct Candidate {
    pub name: String,
    pub objective: Option<f64>,
    pub status: String,
}

/// Everything a live view shows about one resource, from one Describe call (plus, for
/// Autopilot, the candidate list). Fields a kind does not have stay empty.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Detail {
    pub name: String,
    pub status: String,
    /// The finer status where the service has one (training, Autopilot).
    pub secondary: Option<String>,
    /// The service's own history of secondary statuses (training jobs); empty for kinds
    /// without one, whose timeline the watcher builds from what it sees.
    pub transitions: Vec<Transition>,
    pub created: f64,
    pub ended: Option<f64>,
    pub instance_type: Option<String>,
    pub instance_count: u32,
    pub billable_seconds: Option<f64>,
    /// (metric name, regex on the log), as the job was started with.
    pub metric_definitions: Vec<(String, String)>,
    /// A training job's own hyperparameters, by name (not the container contract's
    /// `sagemaker_*`), as the learner wrote them.
    pub hyperparameters: Vec<(String, String)>,
    pub final_metrics: Vec<(String, f64)>,
    pub rules: Vec<Rule>,
    pub objective_metric: Option<String>,
    pub candidates: Vec<Candidate>,
    pub variants: Vec<Variant>,
    /// Comprehend endpoints: inference units now and wanted.
    pub inference_units: Option<(i32, i32)>,
    pub failure: Option<String>,
}

impl Detail {
    /// Nothing about it will change any more.
    pub fn is_finished(&self, kind: ResourceKind) -> bool {
        let s = self.status.as_str();
        match kind {
            ResourceKind::Endpoint | ResourceKind::ComprehendEndpoint => {
                matches!(s, "Failed" | "FAILED" | "OutOfService" | "Deleted")
            }
            _ => matches!(
                s,
                "Completed"
                    | "Failed"
                    | "Stopped"
                    | "TRAINED"
                    | "TRAINED_WITH_WARNING"
                    | "IN_ERROR"
                    | "STOPPED"
            ),
        }
    }
}

/// One CloudWatch metric to read, with `id` naming the series that comes back.
#[derive(Clone, Debug, PartialEq)]
pub struct MetricQuery {
    pub id: String,
    pub namespace: String,
    pub metric: String,
    pub dimensions: Vec<(String, String)>,
    /// `Average`, `Sum`, `Maximum`, ...
    pub stat: &'static str,
}

/// A metric's points, (time, value), oldest first.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Series {
    pub id: String,
    pub points: Vec<(f64, f64)>,
}

/// Log lines read from one stream, and where to read on from next time.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LogPage {
    pub lines: Vec<(f64, String)>,
    pub next_token: Option<String>,
}

/// The period of every metric labguide reads: SageMaker publishes one-minute data.
pub const METRIC_PERIOD: f64 = 60.0;

/// The CloudWatch namespace of training hosts and of training metric definitions.
pub const TRAINING_NAMESPACE: &str = "/aws/sagemaker/TrainingJobs";
/// Processing hosts.
pub const PROCESSING_NAMESPACE: &str = "/aws/sagemaker/ProcessingJobs";
/// Endpoint traffic, per variant.
pub const ENDPOINT_NAMESPACE: &str = "AWS/SageMaker";

/// Host metrics of a training job, summed over GPUs and cores as CloudWatch reports them.
pub const HOST_METRICS: [&str; 4] = [
    "CPUUtilization",
    "MemoryUtilization",
    "GPUUtilization",
    "GPUMemoryUtilization",
];

/// Whether a host metric exists only on instances with GPUs.
pub fn is_gpu_metric(metric: &str) -> bool {
    metric.starts_with("GPU")
}

/// The log group and stream prefix a kind writes to, if it logs.
pub fn log_location(kind: ResourceKind, name: &str) -> Option<(String, String)> {
    match kind {
        ResourceKind::TrainingJob => Some((TRAINING_NAMESPACE.into(), format!("{name}/"))),
        ResourceKind::ProcessingJob => Some((PROCESSING_NAMESPACE.into(), format!("{name}/"))),
        _ => None,
    }
}

/// The host names of a job: `algo-1` ... `algo-N`.
pub fn hosts(count: u32) -> Vec<String> {
    (1..=count.max(1)).map(|i| format!("algo-{i}")).collect()
}

/// GPUs on an ML instance type, to scale GPU charts (0-800 % on eight GPUs). The
/// families' sizes as AWS lists them (g4dn, g5, g6, g6e: one GPU up to 8xlarge/16xlarge,
/// four at 12xlarge and 24xlarge, eight at 48xlarge; p-types 1, 4 or 8).
pub fn gpus(instance_type: &str) -> u32 {
    let t = instance_type.trim_start_matches("ml.");
    let (family, size) = t.split_once('.').unwrap_or((t, ""));
    match (family, size) {
        (
            "g4dn" | "g5" | "g6" | "g6e",
            "xlarge" | "2xlarge" | "4xlarge" | "8xlarge" | "16xlarge",
        ) => 1,
        ("g4dn", "12xlarge") | ("g5" | "g6" | "g6e", "12xlarge" | "24xlarge") => 4,
        ("g5" | "g6" | "g6e", "48xlarge") => 8,
        ("p3", "2xlarge") => 1,
        ("p3", "8xlarge") => 4,
        ("p3", "16xlarge")
        | ("p3dn" | "p4d" | "p4de", "24xlarge")
        | ("p5" | "p5e" | "p5en", "48xlarge") => 8,
        _ => 0,
    }
}

/// vCPUs on an ML instance type, to scale CPU charts (CloudWatch sums over cores).
pub fn vcpus(instance_type: &str) -> u32 {
    let size = instance_type.rsplit('.').next().unwrap_or_default();
    match size {
        "medium" => 2,
        "large" => 2,
        "xlarge" => 4,
        "2xlarge" => 8,
        "4xlarge" => 16,
        "8xlarge" => 32,
        "12xlarge" => 48,
        "16xlarge" => 64,
        "24xlarge" => 96,
        "48xlarge" => 192,
        _ => 1,
    }
}

/// The queries a training job's view reads each minute: every host's CPU, memory and GPU,
/// then every metric definition.
pub fn training_queries(detail: &Detail) -> Vec<MetricQuery> {
    let mut out = vec![];
    let with_gpu = detail.instance_type.as_deref().map_or(0, gpus) > 0;
    for host in hosts(detail.instance_count) {
        for metric in HOST_METRICS {
            if is_gpu_metric(metric) && !with_gpu {
                continue;
            }
            out.push(MetricQuery {
                id: format!("{host}:{metric}"),
                namespace: TRAINING_NAMESPACE.into(),
                metric: metric.into(),
                dimensions: vec![("Host".into(), format!("{}/{host}", detail.name))],
                stat: "Average",
            });
        }
    }
    for (metric, _) in &detail.metric_definitions {
        out.push(MetricQuery {
            id: metric.clone(),
            namespace: TRAINING_NAMESPACE.into(),
            metric: metric.clone(),
            dimensions: vec![("TrainingJobName".into(), detail.name.clone())],
            stat: "Average",
        });
    }
    out
}

/// CPU and memory of every host of a processing job.
pub fn processing_queries(detail: &Detail) -> Vec<MetricQuery> {
    hosts(detail.instance_count)
        .into_iter()
        .flat_map(|host| {
            ["CPUUtilization", "MemoryUtilization"].map(|metric| MetricQuery {
                id: format!("{host}:{metric}"),
                namespace: PROCESSING_NAMESPACE.into(),
                metric: metric.into(),
                dimensions: vec![("Host".into(), format!("{}/{host}", detail.name))],
                stat: "Average",
            })
        })
        .collect()
}

/// A training job's hyperparameters as the learner reads them: the container contract's
/// `sagemaker_*` left out, JSON quoting taken off, by name.
pub fn own_hyperparameters<'a>(
    pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = pairs
        .into_iter()
        .filter(|(k, _)| !k.starts_with("sagemaker_"))
        .map(|(k, v)| {
            let v = serde_json::from_str::<String>(v).unwrap_or_else(|_| v.to_string());
            (k.to_string(), v)
        })
        .collect();
    out.sort();
    out
}

/// Invocations and model latency of every variant of an endpoint.
pub fn endpoint_queries(detail: &Detail) -> Vec<MetricQuery> {
    let mut out = vec![];
    for v in &detail.variants {
        for (metric, stat) in [("Invocations", "Sum"), ("ModelLatency", "Average")] {
            out.push(MetricQuery {
                id: format!("{}:{metric}", v.name),
                namespace: ENDPOINT_NAMESPACE.into(),
                metric: metric.into(),
                dimensions: vec![
                    ("EndpointName".into(), detail.name.clone()),
                    ("VariantName".into(), v.name.clone()),
                ],
                stat,
            });
        }
    }
    out
}

/// Values a log line reports for the job's metric definitions, as SageMaker reads them:
/// the first capture group of each definition's regex.
pub struct MetricParser {
    rules: Vec<(String, regex_lite::Regex)>,
}

impl MetricParser {
    /// Definitions whose regex does not compile are skipped (and logged): a bad one in a
    /// notebook must not stop the rest.
    pub fn new(definitions: &[(String, String)]) -> MetricParser {
        let rules = definitions
            .iter()
            .filter_map(|(name, re)| match regex_lite::Regex::new(re) {
                Ok(r) => Some((name.clone(), r)),
                Err(e) => {
                    tracing::warn!(metric = name, error = %e, "metric regex does not compile");
                    None
                }
            })
            .collect();
        MetricParser { rules }
    }

    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// (metric, value) for every definition that matches `line`.
    pub fn parse(&self, line: &str) -> Vec<(String, f64)> {
        self.rules
            .iter()
            .filter_map(|(name, re)| {
                let caps = re.captures(line)?;
                let value = caps.get(1)?.as_str().trim().parse::<f64>().ok()?;
                value.is_finite().then(|| (name.clone(), value))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lab_metric_lines_parse_with_their_definitions() {
        let lab2 = MetricParser::new(&[
            ("train:loss".into(), r"loss: ([0-9\.]+)".into()),
            (
                "validation:accuracy".into(),
                r"val_accuracy: ([0-9\.]+)".into(),
            ),
        ]);
        let got = lab2.parse("1000/1000 - 95s - loss: 0.4120 - accuracy: 0.81 - val_loss: 0.39 - val_accuracy: 0.8300");
        assert_eq!(
            got,
            vec![
                ("train:loss".to_string(), 0.412),
                ("validation:accuracy".to_string(), 0.83)
            ]
        );
        let lab3 = MetricParser::new(&[
            ("train:Loss".into(), "Train_Loss=(.*?):".into()),
            ("train:Prec@1".into(), "Train_Prec@1=(.*?):".into()),
            ("broken".into(), "(".into()),
        ]);
        let got = lab3.parse("Epoch: [2][40/92] Train_Time=0.412: avg-0.430, Train_Loss=1.2345:(1.4000), Train_Prec@1=61.250:(58.100), Train_Prec@5=90.0:(88.1)");
        assert_eq!(
            got,
            vec![
                ("train:Loss".to_string(), 1.2345),
                ("train:Prec@1".to_string(), 61.25)
            ]
        );
        assert!(lab3.parse("nothing here").is_empty());
    }

    #[test]
    fn charts_scale_to_the_instance() {
        assert_eq!(gpus("ml.p3.16xlarge"), 8);
        assert_eq!(gpus("ml.p3.2xlarge"), 1);
        assert_eq!(gpus("ml.m5.xlarge"), 0);
        // The types lab 3 and its fallbacks use today.
        for (t, n) in [
            ("ml.g5.xlarge", 1),
            ("ml.g5.12xlarge", 4),
            ("ml.g5.48xlarge", 8),
            ("ml.g6.12xlarge", 4),
            ("ml.g6e.2xlarge", 1),
            ("ml.g6e.12xlarge", 4),
            ("ml.p4de.24xlarge", 8),
            ("ml.p5.48xlarge", 8),
        ] {
            assert_eq!(gpus(t), n, "{t}");
        }
        assert_eq!(vcpus("ml.p3.16xlarge"), 64);
        let detail = Detail {
            name: "job".into(),
            instance_type: Some("ml.p3.16xlarge".into()),
            instance_count: 2,
            metric_definitions: vec![("train:Loss".into(), "x".into())],
            ..Detail::default()
        };
        let ids: Vec<String> = training_queries(&detail)
            .into_iter()
            .map(|q| q.id)
            .collect();
        assert_eq!(ids.len(), 9);
        assert!(ids.contains(&"algo-2:GPUUtilization".to_string()));
        assert!(ids.contains(&"algo-2:GPUMemoryUtilization".to_string()));
        assert!(ids.contains(&"train:Loss".to_string()));
    }
}
