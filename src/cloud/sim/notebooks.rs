//! What a notebook step creates, for the sim to play: the content's plan for the step
//! (sim.toml, see `workshop::sim_plan`) turned into resources with their names and their
//! status over time (virtual seconds after the step starts), and the roles, databases and
//! S3 objects it leaves. The sim knows no lab: it plays whatever plan it is given.

use super::{SimBucket, SimResource};
use crate::cloud::{ResourceKind, sdk_timestamp};
use crate::workshop::sim_plan::{NotebookPlan, Planned, Suffix};

// How long AWS usually takes, for what labguide's own actions start (virtual seconds).
pub(super) const AUTOML: &[(f64, &str)] = &[(0.0, "InProgress"), (3600.0, "Completed")];
pub(super) const CLASSIFIER: &[(f64, &str)] =
    &[(0.0, "SUBMITTED"), (60.0, "TRAINING"), (2400.0, "TRAINED")];
pub(super) const COMPREHEND_ENDPOINT: &[(f64, &str)] = &[(0.0, "CREATING"), (600.0, "IN_SERVICE")];

/// A classifier is queued this long before it trains (virtual seconds).
const CLASSIFIER_QUEUED: f64 = 60.0;

/// Everything one notebook step leaves in the account.
pub struct Played {
    pub resources: Vec<SimResource>,
    pub buckets: Vec<SimBucket>,
    pub roles: Vec<String>,
    pub databases: Vec<String>,
}

/// The statuses a planned resource goes through: its kind's, ending after `seconds`.
fn phases(p: &Planned) -> Vec<(f64, String)> {
    let Some(end) = p.seconds else {
        return vec![];
    };
    let list: Vec<(f64, &str)> = match p.kind {
        ResourceKind::TrainingJob | ResourceKind::ProcessingJob | ResourceKind::AutoMlJob => {
            vec![(0.0, "InProgress"), (end, "Completed")]
        }
        ResourceKind::Endpoint => vec![(0.0, "Creating"), (end, "InService")],
        ResourceKind::ComprehendClassifier => vec![
            (0.0, "SUBMITTED"),
            (CLASSIFIER_QUEUED.min(end / 2.0), "TRAINING"),
            (end, "TRAINED"),
        ],
        ResourceKind::ComprehendEndpoint => vec![(0.0, "CREATING"), (end, "IN_SERVICE")],
        ResourceKind::Model | ResourceKind::EndpointConfig => vec![],
    };
    list.into_iter()
        .map(|(at, s)| (at, s.to_string()))
        .collect()
}

/// A planned name as the notebook would give it at `now` (wall clock).
fn name(p: &Planned, now: f64) -> String {
    match p.suffix {
        Suffix::Timestamp => format!("{}{}", p.name, sdk_timestamp(now)),
        Suffix::Epoch => format!("{}{}", p.name, now as u64),
        Suffix::None => p.name.clone(),
    }
}

/// The step's plan played at `now` (wall clock), in `region` of `account`.
pub fn play(plan: &NotebookPlan, now: f64, speed: f64, region: &str, account: &str) -> Played {
    let resources = plan
        .create
        .iter()
        .map(|p| SimResource {
            kind: p.kind,
            name: name(p, now),
            created_at: now,
            speed,
            phases: phases(p),
            variants: if p.kind == ResourceKind::Endpoint {
                vec![("AllTraffic".into(), 1.0)]
            } else {
                vec![]
            },
            previous_variants: vec![],
            instance_type: p.instance_type.clone(),
            job: p.job.clone(),
            role: None,
            tags: vec![],
        })
        .collect();
    let bucket = |name: &str| {
        name.replace("${region}", region)
            .replace("${account}", account)
    };
    Played {
        resources,
        buckets: plan
            .objects
            .iter()
            .map(|o| SimBucket {
                name: bucket(&o.bucket),
                keys: o.keys.clone(),
                bodies: Default::default(),
            })
            .collect(),
        roles: plan.roles.clone(),
        databases: plan.glue_databases.clone(),
    }
}
