//! The simulated AWS: the same `Cloud` trait over state machines with realistic timing.
//! Every status is a pure function of "virtual seconds since the request", so the sim needs
//! no background tasks, replays identically under tokio's paused clock, and picks up where
//! it was after a restart (its requests are kept in the state directory).

mod stack;

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

use super::{
    Backend, Cloud, CloudError, CloudResult, CreateStack, NotebookInfo, StackEvent, StackInfo,
};
pub use stack::{Timeline, valid_notebook_name};

pub const SIM_ACCOUNT: &str = "123456789012";
/// At this speed the workshop stack (about nine and a half minutes on AWS) takes about a
/// minute, which keeps a live demo moving without hiding what happens.
pub const DEFAULT_SPEED: f64 = 10.0;

/// Wall-clock seconds since the Unix epoch. Tests swap in tokio's clock.
pub trait Clock: Send + Sync {
    fn now(&self) -> f64;
}

pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> f64 {
        super::wall_clock()
    }
}

/// tokio's clock, which `tokio::time::pause` controls in tests.
pub struct TokioClock {
    start: tokio::time::Instant,
    base: f64,
}

impl TokioClock {
    pub fn new(base: f64) -> TokioClock {
        TokioClock {
            start: tokio::time::Instant::now(),
            base,
        }
    }
}

impl Clock for TokioClock {
    fn now(&self) -> f64 {
        self.base + self.start.elapsed().as_secs_f64()
    }
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
struct SimState {
    stacks: Vec<SimStack>,
}

/// A stack request as the sim remembers it.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct SimStack {
    pub name: String,
    pub template: String,
    pub parameters: Vec<(String, String)>,
    pub created_at: f64,
    pub delete_requested_at: Option<f64>,
    pub speed: f64,
}

pub struct Sim {
    speed: f64,
    region: String,
    clock: Arc<dyn Clock>,
    state: Mutex<SimState>,
    path: Option<PathBuf>,
}

impl Sim {
    /// A sim whose requests are kept in `path` (if given) across runs.
    pub fn new(speed: f64, region: &str, clock: Arc<dyn Clock>, path: Option<PathBuf>) -> Sim {
        let state = path
            .as_ref()
            .and_then(|p| std::fs::read(p).ok())
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default();
        Sim {
            speed: if speed.is_finite() && speed > 0.0 {
                speed
            } else {
                DEFAULT_SPEED
            },
            region: region.to_string(),
            clock,
            state: Mutex::new(state),
            path,
        }
    }

    fn persist(&self, state: &SimState) {
        let Some(path) = &self.path else { return };
        let Ok(bytes) = serde_json::to_vec_pretty(state) else {
            return;
        };
        if let Err(e) = crate::progress::write_atomic(path, &bytes) {
            tracing::warn!(error = %e, "could not save the sim's state");
        }
    }

    fn with_state<T>(&self, f: impl FnOnce(&mut SimState) -> T) -> T {
        let mut guard = match self.state.lock() {
            Ok(g) => g,
            Err(poisoned) => poisoned.into_inner(),
        };
        f(&mut guard)
    }

    /// The timeline of the newest stack with this name that still exists, the virtual
    /// seconds since its request, and the request.
    fn timeline(&self, name: &str) -> Option<(Timeline, f64, SimStack)> {
        let now = self.clock.now();
        self.with_state(|s| s.stacks.iter().rev().find(|st| st.name == name).cloned())
            .map(|st| {
                let t = Timeline::build(&st, &self.region, SIM_ACCOUNT);
                let v = (now - st.created_at) * st.speed;
                (t, v, st)
            })
            .filter(|(t, v, _)| !t.is_gone(*v))
    }
}

#[async_trait]
impl Cloud for Sim {
    fn backend(&self) -> Backend {
        Backend::Sim { speed: self.speed }
    }

    fn poll_interval(&self) -> Duration {
        Duration::from_millis(500)
    }

    /// The wall clock scaled by the speed: differences are virtual seconds, so a resource
    /// that takes nine minutes on AWS shows nine minutes here too, however fast it played.
    fn now(&self) -> f64 {
        self.clock.now() * self.speed
    }

    async fn account(&self) -> CloudResult<Option<String>> {
        Ok(Some(SIM_ACCOUNT.to_string()))
    }

    async fn create_stack(&self, req: CreateStack) -> CloudResult<()> {
        if self.timeline(&req.name).is_some() {
            return Err(CloudError::AlreadyExists { name: req.name });
        }
        let template = super::template::parse(&req.template_body);
        if template.resources.is_empty() {
            return Err(CloudError::Invalid("template has no resources".into()));
        }
        for (param, default) in &template.parameters {
            if default.is_none()
                && !req
                    .parameters
                    .iter()
                    .any(|(k, v)| k == param && !v.is_empty())
            {
                return Err(CloudError::Invalid(format!(
                    "Parameters: [{param}] must have values"
                )));
            }
        }
        if req
            .capabilities
            .iter()
            .all(|c| c != "CAPABILITY_IAM" && c != "CAPABILITY_NAMED_IAM")
            && template
                .resources
                .iter()
                .any(|r| r.kind.starts_with("AWS::IAM::"))
        {
            return Err(CloudError::Invalid(
                "Requires capabilities : [CAPABILITY_IAM]".into(),
            ));
        }
        let stack = SimStack {
            name: req.name,
            template: req.template_body,
            parameters: req.parameters,
            created_at: self.clock.now(),
            delete_requested_at: None,
            speed: self.speed,
        };
        self.with_state(|s| {
            s.stacks.retain(|st| st.name != stack.name);
            s.stacks.push(stack);
            self.persist(s);
        });
        Ok(())
    }

    async fn delete_stack(&self, name: &str) -> CloudResult<()> {
        // As on AWS, deleting a stack that does not exist succeeds quietly.
        if self.timeline(name).is_none() {
            return Ok(());
        }
        let now = self.clock.now();
        self.with_state(|s| {
            if let Some(st) = s.stacks.iter_mut().rev().find(|st| st.name == name)
                && st.delete_requested_at.is_none()
            {
                st.delete_requested_at = Some(now);
            }
            self.persist(s);
        });
        Ok(())
    }

    async fn describe_stack(&self, name: &str) -> CloudResult<Option<StackInfo>> {
        Ok(self.timeline(name).map(|(t, v, _)| t.info_at(v)))
    }

    async fn stack_events(&self, name: &str, after: Option<&str>) -> CloudResult<Vec<StackEvent>> {
        let Some((t, v, stack)) = self.timeline(name) else {
            return Ok(vec![]);
        };
        Ok(t.events_after(v, after)
            .into_iter()
            .map(|mut e| {
                // On the sim's scaled clock (see `now`), so durations read as on AWS.
                e.at += stack.created_at * stack.speed;
                e
            })
            .collect())
    }

    async fn notebook(&self, name: &str) -> CloudResult<Option<NotebookInfo>> {
        let now = self.clock.now();
        let found = self.with_state(|s| {
            s.stacks.iter().rev().find_map(|st| {
                let t = Timeline::build(st, &self.region, SIM_ACCOUNT);
                let v = (now - st.created_at) * st.speed;
                t.notebook_at(name, v)
            })
        });
        Ok(found)
    }
}
