//! The jobs labguide launches for the labs (content/jobs.toml) and the images and instance
//! types they run on (assets/images.toml), as typed data. Loading checks every reference
//! between them, so a launch never meets an unknown image or type at run time.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::diagnostics::{Diagnostic, Problem, Severity};
use super::source::Source;

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Images {
    #[serde(default)]
    pub registries: BTreeMap<String, Registry>,
    #[serde(default)]
    pub images: BTreeMap<String, Image>,
    #[serde(default)]
    pub instances: BTreeMap<String, InstanceType>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Registry {
    pub checked: String,
    /// Region -> the account that holds the registry there.
    pub accounts: BTreeMap<String, String>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Image {
    pub registry: String,
    pub repository: String,
    pub tag: String,
    pub checked: String,
    #[serde(default)]
    pub supported_until: Option<String>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InstanceType {
    pub vcpus: u32,
    pub gpus: u32,
    #[serde(default)]
    pub gpu: Option<String>,
    /// Regions where SageMaker training offers it.
    pub regions: Vec<String>,
    /// The Service Quotas name of its training quota.
    pub quota: String,
    pub checked: String,
}

/// Why an image cannot be named in a region.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImageError {
    UnknownImage(String),
    /// The region has no account for the image's registry; `known` lists those it has.
    UnknownRegion {
        region: String,
        known: Vec<String>,
    },
}

impl Images {
    /// `<account>.dkr.ecr.<region>.amazonaws.com/<repository>:<tag>` for the region.
    pub fn uri(&self, image: &str, region: &str) -> Result<String, ImageError> {
        let img = self
            .images
            .get(image)
            .ok_or_else(|| ImageError::UnknownImage(image.to_string()))?;
        let registry = self
            .registries
            .get(&img.registry)
            .ok_or_else(|| ImageError::UnknownImage(image.to_string()))?;
        let account = registry
            .accounts
            .get(region)
            .ok_or_else(|| ImageError::UnknownRegion {
                region: region.to_string(),
                known: registry.accounts.keys().cloned().collect(),
            })?;
        Ok(format!(
            "{account}.dkr.ecr.{region}.amazonaws.com/{}:{}",
            img.repository, img.tag
        ))
    }
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Jobs {
    /// Named sets of metric definitions: metric name -> regex over the log.
    #[serde(default)]
    pub metrics: BTreeMap<String, BTreeMap<String, String>>,
    #[serde(default)]
    pub jobs: BTreeMap<String, Job>,
    #[serde(default)]
    pub queries: BTreeMap<String, Query>,
}

/// One Athena statement a `run_query` action sends. Strings may hold `${var}`.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Query {
    /// The database its unqualified table names are in; none for CREATE DATABASE.
    #[serde(default)]
    pub database: Option<String>,
    pub sql: String,
    /// The folder Athena writes its results to: the learner's own, and one per query, so
    /// a job that reads one query's results never reads another's.
    pub output: String,
    /// How many of its rows the pane shows (a SELECT's); none for statements.
    #[serde(default)]
    pub show_rows: Option<u32>,
    /// Folders emptied before it is sent (a CTAS's location, which must be empty), only
    /// ever inside the learner's own prefix.
    #[serde(default)]
    pub clear: Vec<String>,
    #[serde(default)]
    pub sim: Option<QuerySim>,
}

/// What a rehearsal plays for a query: how long it runs (virtual seconds), how much it
/// scans, and the rows it answers (a content CSV, header first), which it also writes
/// as the results file, as Athena does.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct QuerySim {
    pub seconds: f64,
    #[serde(default)]
    pub scanned_mb: f64,
    #[serde(default)]
    pub rows: Option<String>,
    /// That file's text, read when the content loads.
    #[serde(skip)]
    pub rows_body: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum JobKind {
    Training,
    Processing,
}

/// One job a `launch_job` action starts. Strings may hold `${var}`.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Job {
    /// The lab it belongs to, part of its name (`lab3`).
    pub lab: String,
    /// Its short name within the lab (`amp`), part of its resources' names.
    pub name: String,
    /// Runs of jobs sharing an experiment are compared side by side, found by the
    /// `labguide:experiment` tag the launch puts on them (lab 2's two learning rates).
    #[serde(default)]
    pub experiment: Option<String>,
    pub kind: JobKind,
    /// The folder of the lab's code (`assets/labs/lab3-pets`); none for a built-in algorithm.
    #[serde(default)]
    pub code: Option<String>,
    /// The entry script inside `code`.
    #[serde(default)]
    pub entry: Option<String>,
    /// A key of `[images]` in assets/images.toml.
    pub image: String,
    pub instance_type: String,
    pub instance_count: u32,
    /// Runs under torchrun on every host (`sagemaker_torch_distributed_enabled`).
    #[serde(default)]
    pub distributed: bool,
    pub max_minutes: u32,
    #[serde(default)]
    pub hyperparameters: BTreeMap<String, String>,
    /// A key of `[metrics]`.
    #[serde(default)]
    pub metrics: Option<String>,
    /// Training channels: name -> S3 prefix.
    #[serde(default)]
    pub channels: BTreeMap<String, String>,
    /// The channels' content type, for a built-in algorithm that asks for one.
    #[serde(default)]
    pub content_type: Option<String>,
    /// Processing inputs (name -> S3 prefix), under /opt/ml/processing/input/<name>.
    #[serde(default)]
    pub inputs: BTreeMap<String, String>,
    /// Processing outputs (name -> S3 prefix), from /opt/ml/processing/output/<name>.
    #[serde(default)]
    pub outputs: BTreeMap<String, String>,
    /// What a failing preflight offers instead, best first.
    #[serde(default)]
    pub fallbacks: Vec<Fallback>,
    /// How the simulated AWS plays it.
    #[serde(default)]
    pub sim: Option<SimProfile>,
}

/// What a rehearsal shows of a launched job: how long it runs (virtual seconds), the
/// line its hosts print, and the curve each metric follows (from, to).
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SimProfile {
    pub seconds: f64,
    #[serde(default)]
    pub log_line: Option<String>,
    #[serde(default)]
    pub log_lines: Option<u32>,
    #[serde(default)]
    pub curves: BTreeMap<String, [f64; 2]>,
    /// Files a processing job leaves in a rehearsal: `<output>/<name>` -> a content file
    /// (rehearsal data of ours, such as a few digits drawn for the sim).
    #[serde(default)]
    pub files: BTreeMap<String, String>,
    /// Those files' text, read when the content loads.
    #[serde(skip)]
    pub file_bodies: BTreeMap<String, String>,
}

/// Another way to run the same job when the first cannot start.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Fallback {
    pub instance_type: String,
    pub instance_count: u32,
    #[serde(default)]
    pub image: Option<String>,
    /// Replaces these hyperparameters (fewer epochs on a CPU, say).
    #[serde(default)]
    pub hyperparameters: BTreeMap<String, String>,
}

impl Job {
    /// The job as it runs with a fallback instead of its first choice.
    pub fn with_fallback(&self, fallback: &Fallback) -> Job {
        let mut job = self.clone();
        job.instance_type = fallback.instance_type.clone();
        job.instance_count = fallback.instance_count;
        if let Some(image) = &fallback.image {
            job.image = image.clone();
        }
        job.hyperparameters.extend(fallback.hyperparameters.clone());
        // A fallback is the last resort: it offers none of its own.
        job.fallbacks.clear();
        job
    }
}

impl Jobs {
    /// The job a launch runs: its first choice, or the fallback the step names or the
    /// learner chose (`<job>-fallback = N`, counted from 1).
    pub fn resolve(
        &self,
        job: &str,
        fallback: Option<u32>,
        vars: &BTreeMap<String, String>,
    ) -> Option<Job> {
        let first = self.jobs.get(job)?;
        let chosen = vars
            .get(&format!("{job}-fallback"))
            .and_then(|v| v.trim().parse::<usize>().ok())
            .or(fallback.map(|n| n as usize));
        Some(
            match chosen.and_then(|n| first.fallbacks.get(n.checked_sub(1)?)) {
                Some(f) => first.with_fallback(f),
                None => first.clone(),
            },
        )
    }
}

/// AWS's limit on training and processing job, model and endpoint names.
pub const MAX_NAME: usize = 63;

/// `lg-<initials>-<lab>-<job>-<stamp>`, within `MAX_NAME`: initials too long for it are cut
/// and given a short hash of the whole, so two long initials that share a start still
/// name different resources. Only letters, digits and hyphens survive.
pub fn resource_name(initials: &str, lab: &str, job: &str, stamp: &str) -> String {
    let clean = |s: &str| -> String {
        s.chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect::<String>()
            .trim_matches('-')
            .to_string()
    };
    let (lab, job) = (clean(lab), clean(job));
    let fixed = format!("-{lab}-{job}-{stamp}");
    let room = MAX_NAME.saturating_sub("lg-".len() + fixed.len());
    let who = clean(initials);
    let who = if who.len() <= room {
        who
    } else {
        // FNV-1a, folded to 16 bits so every input byte reaches the tag.
        let h = who.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        });
        let tag = format!("{:04x}", (h ^ (h >> 16) ^ (h >> 32) ^ (h >> 48)) as u16);
        let keep = room.saturating_sub(tag.len() + 1);
        format!("{}-{tag}", who[..keep].trim_end_matches('-'))
    };
    format!("lg-{who}{fixed}")
}

/// `20261202-051500`: the time part of the names labguide gives.
pub fn name_stamp(epoch: f64) -> String {
    // sdk_timestamp gives 2026-12-02-05-15-00-123.
    let full = crate::cloud::sdk_timestamp(epoch);
    let digits: Vec<&str> = full.split('-').collect();
    match digits.as_slice() {
        [y, mo, d, h, mi, s, _] => format!("{y}{mo}{d}-{h}{mi}{s}"),
        _ => full,
    }
}

/// `18:30` of a resource named with `name_stamp` (`...-20261202-183000`, UTC), if it is.
pub fn stamp_time(name: &str) -> Option<String> {
    let (rest, time) = name.rsplit_once('-')?;
    let (_, date) = rest.rsplit_once('-')?;
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    (digits(time, 6) && digits(date, 8)).then(|| format!("{}:{}", &time[..2], &time[2..4]))
}

/// Reads assets/images.toml and content/jobs.toml and checks each job against them and
/// against the labs' code. Both files are optional for a workshop that launches nothing.
pub fn load(content: &Source, diags: &mut Vec<Diagnostic>) -> (Images, Jobs) {
    let images_path = std::path::PathBuf::from("assets/images.toml");
    let jobs_path = content.display("jobs.toml");
    let error = |diags: &mut Vec<Diagnostic>, file: &std::path::Path, problem| {
        diags.push(Diagnostic {
            severity: Severity::Error,
            file: file.to_path_buf(),
            line: None,
            problem,
        })
    };
    let images: Images = match content.read_project_file("assets/images.toml") {
        Ok(text) => toml::from_str(&text).unwrap_or_else(|e: toml::de::Error| {
            error(
                diags,
                &images_path,
                Problem::Syntax(e.message().to_string()),
            );
            Images::default()
        }),
        Err(_) => Images::default(),
    };
    let jobs: Jobs = match content.read("jobs.toml") {
        Ok(text) => toml::from_str(&text).unwrap_or_else(|e: toml::de::Error| {
            error(diags, &jobs_path, Problem::Syntax(e.message().to_string()));
            Jobs::default()
        }),
        Err(_) => Jobs::default(),
    };
    for (id, img) in &images.images {
        if !images.registries.contains_key(&img.registry) {
            error(
                diags,
                &images_path,
                Problem::UnknownReference {
                    owner: id.clone(),
                    what: "registry",
                    name: img.registry.clone(),
                },
            );
        }
    }
    for (id, job) in &jobs.jobs {
        let mut refer = |what: &'static str, name: &str, known: bool| {
            if !known {
                error(
                    diags,
                    &jobs_path,
                    Problem::UnknownReference {
                        owner: id.clone(),
                        what,
                        name: name.to_string(),
                    },
                );
            }
        };
        refer("image", &job.image, images.images.contains_key(&job.image));
        refer(
            "instance",
            &job.instance_type,
            images.instances.contains_key(&job.instance_type),
        );
        if let Some(m) = &job.metrics {
            refer("metrics", m, jobs.metrics.contains_key(m));
        }
        for f in &job.fallbacks {
            refer(
                "instance",
                &f.instance_type,
                images.instances.contains_key(&f.instance_type),
            );
            if let Some(image) = &f.image {
                refer("image", image, images.images.contains_key(image));
            }
        }
        match (&job.code, &job.entry) {
            (Some(code), Some(entry)) => {
                let path = format!("{code}/{entry}");
                if content.read_project_file(&path).is_err() {
                    refer("file", &path, false);
                }
            }
            (None, None) => {}
            _ => refer("file", "code + entry", false),
        }
        if let Some(sim) = &job.sim {
            let defs = job.metrics.as_ref().and_then(|m| jobs.metrics.get(m));
            for name in sim.curves.keys() {
                refer("metric", name, defs.is_some_and(|d| d.contains_key(name)));
            }
            if let Some(line) = &sim.log_line {
                for field in super::sim_plan::template_fields(line) {
                    let known = matches!(field, "line" | "host") || sim.curves.contains_key(field);
                    refer("metric", field, known);
                }
            }
        }
        if job.kind == JobKind::Processing && job.entry.is_none() {
            refer("file", "entry", false);
        }
    }
    let mut jobs = jobs;
    for (id, query) in jobs.queries.iter_mut() {
        let Some(sim) = query.sim.as_mut() else {
            continue;
        };
        let Some(file) = &sim.rows else { continue };
        match content.read(file) {
            Ok(text) => sim.rows_body = Some(text),
            Err(_) => error(
                diags,
                &jobs_path,
                Problem::UnknownReference {
                    owner: id.clone(),
                    what: "file",
                    name: file.clone(),
                },
            ),
        }
    }
    for (id, job) in jobs.jobs.iter_mut() {
        let Some(sim) = job.sim.as_mut() else {
            continue;
        };
        for (out, file) in &sim.files {
            match content.read(file) {
                Ok(text) => {
                    sim.file_bodies.insert(out.clone(), text);
                }
                Err(_) => error(
                    diags,
                    &jobs_path,
                    Problem::UnknownReference {
                        owner: id.clone(),
                        what: "file",
                        name: file.clone(),
                    },
                ),
            }
        }
    }
    for (set, defs) in &jobs.metrics {
        for (name, regex) in defs {
            if regex_lite::Regex::new(regex).is_err() {
                error(
                    diags,
                    &jobs_path,
                    Problem::BadRegex {
                        metric: format!("{set}.{name}"),
                    },
                );
            }
        }
    }
    (images, jobs)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shipped() -> (Images, Jobs, Vec<Diagnostic>) {
        let mut diags = vec![];
        let (i, j) = load(&Source::Embedded, &mut diags);
        (i, j, diags)
    }

    #[test]
    fn the_shipped_jobs_refer_to_what_exists() {
        let (images, jobs, diags) = shipped();
        assert!(diags.is_empty(), "{diags:?}");
        assert!(jobs.jobs.contains_key("lab3-amp"));
        assert_eq!(
            images.uri("pytorch-gpu", "ap-northeast-2").unwrap(),
            "763104351884.dkr.ecr.ap-northeast-2.amazonaws.com/pytorch-training:2.10.0-gpu-py313-cu130-ubuntu22.04-sagemaker"
        );
        assert_eq!(
            images.uri("linear-learner", "us-west-2").unwrap(),
            "174872318107.dkr.ecr.us-west-2.amazonaws.com/linear-learner:1"
        );
    }

    #[test]
    fn the_gpu_counts_of_the_data_and_of_the_charts_agree() {
        let (images, _, _) = shipped();
        for (t, inst) in &images.instances {
            assert_eq!(crate::cloud::live::gpus(t), inst.gpus, "{t}");
        }
    }

    #[test]
    fn an_unknown_region_names_the_known_ones() {
        let (images, _, _) = shipped();
        match images.uri("pytorch-gpu", "mars-north-1") {
            Err(ImageError::UnknownRegion { region, known }) => {
                assert_eq!(region, "mars-north-1");
                assert!(known.contains(&"us-east-1".to_string()), "{known:?}");
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            images.uri("tensorflow-1.15", "us-east-1"),
            Err(ImageError::UnknownImage("tensorflow-1.15".into()))
        );
    }

    #[test]
    fn names_fit_aws_limits_and_stay_apart() {
        let stamp = name_stamp(1_764_652_500.0);
        assert_eq!(stamp, "20251202-051500");
        assert_eq!(
            resource_name("kim", "lab3", "amp", &stamp),
            "lg-kim-lab3-amp-20251202-051500"
        );
        let long_a = "a".repeat(44) + "x";
        let long_b = "a".repeat(44) + "y";
        let a = resource_name(&long_a, "lab3", "fetch-ep", &stamp);
        let b = resource_name(&long_b, "lab3", "fetch-ep", &stamp);
        assert!(a.len() <= MAX_NAME && b.len() <= MAX_NAME, "{a} {b}");
        assert_ne!(a, b);
        assert!(a.starts_with("lg-aaa") && a.ends_with("-lab3-fetch-ep-20251202-051500"));
        assert!(
            a.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'),
            "{a}"
        );
    }

    #[test]
    fn a_fallback_replaces_type_count_image_and_some_hyperparameters() {
        let (_, jobs, _) = shipped();
        let amp = &jobs.jobs["lab3-amp"];
        let cpu = amp.with_fallback(amp.fallbacks.last().unwrap());
        assert_eq!(cpu.instance_type, "ml.m5.xlarge");
        assert_eq!(cpu.image, "pytorch-cpu");
        assert_eq!(cpu.hyperparameters["epochs"], "1");
        assert_eq!(cpu.hyperparameters["batch-size"], "64", "the rest stays");
        assert!(cpu.fallbacks.is_empty());
    }

    #[test]
    fn broken_references_are_reported() {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        std::fs::create_dir_all(content.join("x")).unwrap();
        std::fs::create_dir_all(dir.path().join("assets")).unwrap();
        std::fs::write(
            dir.path().join("assets/images.toml"),
            include_str!("../../assets/images.toml"),
        )
        .unwrap();
        std::fs::write(
            content.join("jobs.toml"),
            r#"
[metrics.m]
"a" = '('
[jobs.j]
lab = "lab9"
name = "x"
kind = "training"
code = "assets/labs/none"
entry = "train.py"
image = "tensorflow-1.15"
instance_type = "ml.p3.16xlarge"
instance_count = 1
max_minutes = 5
metrics = "m"
"#,
        )
        .unwrap();
        let mut diags = vec![];
        load(&Source::Dir(content), &mut diags);
        let problems: Vec<_> = diags.iter().map(|d| format!("{:?}", d.problem)).collect();
        let text = problems.join("\n");
        assert!(text.contains("tensorflow-1.15"), "{text}");
        assert!(text.contains("ml.p3.16xlarge"), "{text}");
        assert!(text.contains("assets/labs/none/train.py"), "{text}");
        assert!(text.contains("BadRegex"), "{text}");
    }
}
