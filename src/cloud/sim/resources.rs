//! What notebooks and labguide's own actions create: jobs, endpoints and Comprehend
//! resources, each a list of timed phases, so a change (a canary stage, a stop) is a new
//! phase from now on rather than a rewrite of what was already seen.

use super::notebooks::{self, Played};
use super::state::DELETED;
use super::{SIM_ACCOUNT, Sim, SimResource};
use crate::cloud::{
    CanaryStage, CloudError, CloudResult, Deploy, Detail, EXPERIMENT_TAG, Found, LEARNER_TAG,
    ResourceKind,
};

impl Sim {
    /// A new resource made at `now` at the sim's speed, with nothing but its phases.
    pub(super) fn made(
        &self,
        now: f64,
        kind: ResourceKind,
        name: &str,
        phases: Vec<(f64, String)>,
    ) -> SimResource {
        SimResource {
            kind,
            name: name.to_string(),
            created_at: now,
            speed: self.speed,
            phases,
            variants: vec![],
            instance_type: None,
            previous_variants: vec![],
            job: None,
            role: None,
            tags: vec![],
        }
    }

    /// Resources of `kind` named `prefix*` that are not deleted, newest first.
    pub(super) fn found(&self, kind: ResourceKind, prefix: &str) -> Vec<Found> {
        self.found_where(kind, |r| r.name.starts_with(prefix))
    }

    pub(super) fn found_any(&self, kind: ResourceKind, prefixes: &[String]) -> Vec<Found> {
        self.found_where(kind, |r| {
            prefixes.iter().any(|p| r.name.starts_with(p.as_str()))
        })
    }

    /// The training runs carrying both tags, as `runs` on AWS finds them.
    pub(super) fn tagged_runs(&self, experiment: &str, learner: &str) -> Vec<Found> {
        self.found_where(ResourceKind::TrainingJob, |r| {
            r.tag(EXPERIMENT_TAG) == Some(experiment) && r.tag(LEARNER_TAG) == Some(learner)
        })
    }

    /// What is left (not deleted) of a kind among the resources `keep` takes, newest first.
    fn found_where(&self, kind: ResourceKind, keep: impl Fn(&SimResource) -> bool) -> Vec<Found> {
        let now = self.clock.now();
        let mut found: Vec<Found> = self.with_state(|s| {
            s.resources
                .iter()
                .filter(|r| r.kind == kind && keep(r))
                .map(|r| {
                    let v = (now - r.created_at) * r.speed;
                    let status = r.status_at(v).map(str::to_string);
                    Found {
                        kind,
                        name: r.name.clone(),
                        status,
                        created: r.created_at,
                    }
                })
                .filter(|f| f.status.as_deref() != Some(DELETED))
                .collect()
        });
        found.sort_by(|a, b| b.created.total_cmp(&a.created));
        found
    }

    /// The model, configuration and endpoint a deploy of `job`'s model makes.
    pub(super) fn add_endpoint(&self, req: &Deploy, job: &str) -> CloudResult<()> {
        let now = self.clock.now();
        let endpoint_phases = vec![
            (0.0, "Creating".to_string()),
            (420.0, "InService".to_string()),
        ];
        self.with_state(|s| {
            if s.resources
                .iter()
                .any(|r| r.kind == ResourceKind::Endpoint && r.name == req.endpoint)
            {
                return Err(CloudError::AlreadyExists {
                    name: req.endpoint.clone(),
                });
            }
            s.resources
                .push(self.made(now, ResourceKind::Model, job, vec![]));
            s.resources
                .push(self.made(now, ResourceKind::EndpointConfig, &req.endpoint, vec![]));
            s.resources.push(self.made(
                now,
                ResourceKind::Endpoint,
                &req.endpoint,
                endpoint_phases,
            ));
            if let Some(endpoint) = s.resources.last_mut() {
                endpoint.variants = vec![("AllTraffic".into(), 1.0)];
                endpoint.instance_type = Some(req.instance_type.clone());
            }
            self.persist(s);
            Ok(())
        })
    }

    /// A resource labguide starts itself, going through `phases` as AWS usually takes.
    pub(super) fn add_started(
        &self,
        kind: ResourceKind,
        name: String,
        phases: &[(f64, &str)],
        role: Option<String>,
    ) -> CloudResult<()> {
        let now = self.clock.now();
        let phases = phases
            .iter()
            .map(|(at, st)| (*at, st.to_string()))
            .collect();
        self.with_state(|s| {
            if s.resources.iter().any(|r| r.kind == kind && r.name == name) {
                return Err(CloudError::AlreadyExists { name: name.clone() });
            }
            let mut made = self.made(now, kind, &name, phases);
            made.role = role;
            s.resources.push(made);
            self.persist(s);
            Ok(())
        })
    }

    /// Moves the newest `endpoint_prefix*` endpoint's traffic to `stage`; its name.
    pub(super) fn shift_traffic(
        &self,
        endpoint_prefix: &str,
        stage: CanaryStage,
    ) -> CloudResult<String> {
        let now = self.clock.now();
        self.with_state(|s| {
            let endpoint = s
                .resources
                .iter_mut()
                .filter(|r| r.kind == ResourceKind::Endpoint && r.name.starts_with(endpoint_prefix))
                .max_by(|a, b| a.created_at.total_cmp(&b.created_at))
                .ok_or_else(|| CloudError::NotFound {
                    what: format!("{endpoint_prefix}*"),
                })?;
            let v = (now - endpoint.created_at) * endpoint.speed;
            let status = endpoint.status_at(v).unwrap_or_default();
            if status != "InService" {
                return Err(CloudError::Invalid(format!(
                    "Cannot update in-progress endpoint {} ({status})",
                    endpoint.name
                )));
            }
            let has = |name: &str| endpoint.variants.iter().any(|(n, _)| n == name);
            let before = endpoint.variants.clone();
            endpoint.variants = match stage {
                CanaryStage::Split => vec![("VariantA".into(), 50.0), ("VariantB".into(), 50.0)],
                CanaryStage::Shift if has("VariantA") && has("VariantB") => {
                    vec![("VariantA".into(), 0.0), ("VariantB".into(), 100.0)]
                }
                CanaryStage::Shift => {
                    return Err(CloudError::Invalid(
                        "The endpoint has no VariantA and VariantB to shift between".into(),
                    ));
                }
                CanaryStage::Single => vec![("VariantB".into(), 100.0)],
            };
            // A weight change is quick; a new configuration replaces instances.
            let takes = if stage == CanaryStage::Shift {
                60.0
            } else {
                300.0
            };
            endpoint.previous_variants = before;
            endpoint.phases.push((v, "Updating".into()));
            endpoint.phases.push((v + takes, "InService".into()));
            let name = endpoint.name.clone();
            self.persist(s);
            Ok(name)
        })
    }

    /// A rehearsal classifier's answer: the endpoint must be in service; the classes are
    /// the ratings, the text's length picking the likeliest, so answers vary repeatably.
    pub(super) fn classify_text(
        &self,
        endpoint: &str,
        text: &str,
    ) -> CloudResult<Vec<(String, f64)>> {
        let serving = self
            .found(ResourceKind::ComprehendEndpoint, endpoint)
            .into_iter()
            .any(|e| e.name == endpoint && e.status.as_deref() == Some("IN_SERVICE"));
        if !serving {
            return Err(CloudError::NotFound {
                what: format!("Comprehend endpoint {endpoint} (IN_SERVICE)"),
            });
        }
        let top = text.len() % 5;
        let mut classes: Vec<(String, f64)> = (0..5)
            .map(|i| {
                let score = if i == top { 0.56 } else { 0.11 };
                ((i + 1).to_string(), score)
            })
            .collect();
        classes.sort_by(|a, b| b.1.total_cmp(&a.1));
        Ok(classes)
    }

    /// The variant that answers one request, drawn by the traffic weights as SageMaker
    /// spreads requests: an even, repeatable spread (each request the next draw).
    pub(super) fn variant_for_request(&self, endpoint: &str) -> Option<String> {
        self.with_state(|s| {
            s.requests = s.requests.wrapping_add(1);
            let e = s
                .resources
                .iter()
                .find(|r| r.kind == ResourceKind::Endpoint && r.name == endpoint)?;
            let total: f64 = e.variants.iter().map(|(_, w)| w.max(0.0)).sum();
            if total <= 0.0 {
                return e.variants.first().map(|(n, _)| n.clone());
            }
            let draw = (s.requests as f64 * 0.618_033_988_75).fract() * total;
            let mut acc = 0.0;
            for (name, w) in &e.variants {
                acc += w.max(0.0);
                if draw < acc {
                    return Some(name.clone());
                }
            }
            e.variants.last().map(|(n, _)| n.clone())
        })
    }

    pub(super) fn instances_of(&self, endpoint: &str) -> CloudResult<Vec<(String, i32)>> {
        self.with_state(|s| {
            let e = s
                .resources
                .iter()
                .find(|r| r.kind == ResourceKind::Endpoint && r.name == endpoint)
                .ok_or_else(|| CloudError::NotFound {
                    what: endpoint.to_string(),
                })?;
            let instance = e.instance_type.clone().unwrap_or_default();
            Ok(e.variants.iter().map(|_| (instance.clone(), 1)).collect())
        })
    }

    /// Stops a job or deletes anything else; gone quietly if it was never there.
    /// As on AWS, a classifier goes only once no Comprehend endpoint serves it (the sim
    /// holds one learner's, so any live endpoint counts).
    pub(super) fn classifier_deletable(&self, name: &str) -> CloudResult<()> {
        let status = self
            .found(ResourceKind::ComprehendClassifier, name)
            .into_iter()
            .find(|f| f.name == name)
            .and_then(|f| f.status);
        match status.as_deref() {
            // Asking to delete one in training stops it (see `stop_or_delete`).
            Some("SUBMITTED" | "TRAINING") => return Ok(()),
            Some("STOP_REQUESTED") => {
                return Err(CloudError::InUse {
                    what: format!("{name}: still stopping"),
                });
            }
            _ => {}
        }
        // Still so while the endpoint is Deleting, as on AWS.
        let serving = !self.found(ResourceKind::ComprehendEndpoint, "").is_empty();
        if serving {
            return Err(CloudError::InUse {
                what: format!("{name}: a Comprehend endpoint still uses it"),
            });
        }
        Ok(())
    }

    pub(super) fn stop_or_delete(&self, kind: ResourceKind, name: &str) {
        let now = self.clock.now();
        self.with_state(|s| {
            let Some(pos) = s
                .resources
                .iter()
                .position(|r| r.kind == kind && r.name == name)
            else {
                return;
            };
            let r = &mut s.resources[pos];
            let v = (now - r.created_at) * r.speed;
            match kind {
                // Jobs are stopped, and stay listed as Stopped.
                ResourceKind::TrainingJob
                | ResourceKind::ProcessingJob
                | ResourceKind::AutoMlJob => {
                    r.phases.retain(|(at, _)| *at <= v);
                    r.phases.push((v, "Stopping".into()));
                    r.phases.push((v + 30.0, "Stopped".into()));
                }
                // One still training is stopped first, as AWS requires.
                ResourceKind::ComprehendClassifier
                    if matches!(r.status_at(v), Some("SUBMITTED" | "TRAINING")) =>
                {
                    r.phases.retain(|(at, _)| *at <= v);
                    r.phases.push((v, "STOP_REQUESTED".into()));
                    r.phases.push((v + 60.0, "STOPPED".into()));
                }
                ResourceKind::Endpoint | ResourceKind::ComprehendEndpoint => {
                    r.phases.retain(|(at, _)| *at <= v);
                    r.phases.push((v, "Deleting".into()));
                    r.phases.push((v + 30.0, DELETED.into()));
                }
                _ => {
                    s.resources.remove(pos);
                }
            }
            self.persist(s);
        });
    }

    /// Plays the content's plan for `notebook_step` and keeps what it leaves.
    pub(super) fn play(&self, notebook_step: &str) -> CloudResult<Vec<Found>> {
        let now = self.clock.now();
        let plans = self.plans();
        let Some(plan) = plans.get(notebook_step) else {
            return Err(CloudError::Invalid(format!(
                "no simulation for {notebook_step}"
            )));
        };
        let Played {
            resources: created,
            buckets,
            roles,
            databases,
        } = notebooks::play(plan, now, self.speed, &self.region, SIM_ACCOUNT);
        let found = created
            .iter()
            .map(|r| Found {
                kind: r.kind,
                name: r.name.clone(),
                status: r.phases.first().map(|(_, s)| s.clone()),
                created: r.created_at,
            })
            .collect();
        self.with_state(|s| {
            s.resources.extend(created);
            for b in buckets {
                match s.buckets.iter_mut().find(|x| x.name == b.name) {
                    Some(existing) => existing.keys.extend(b.keys),
                    None => s.buckets.push(b),
                }
            }
            for role in roles {
                if !s.roles.contains(&role) {
                    s.roles.push(role);
                }
            }
            for db in databases {
                if !s.glue_databases.contains(&db) {
                    s.glue_databases.push(db);
                }
            }
            self.persist(s);
        });
        Ok(found)
    }

    pub(super) fn detail(&self, kind: ResourceKind, name: &str) -> Option<Detail> {
        let now = self.clock.now();
        self.with_state(|s| {
            s.resources
                .iter()
                .rev()
                .find(|r| r.kind == kind && r.name == name)
                .map(|r| {
                    let v = (now - r.created_at) * r.speed;
                    super::live::describe(r, v, r.created_at * r.speed)
                })
                .filter(|d| d.status != DELETED)
        })
    }
}
