//! What the sim remembers between calls and runs: every request as made, kept in the
//! state directory so a restart picks up where it was.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::Sim;
use crate::cloud::ResourceKind;
use crate::workshop::sim_plan::JobProfile;

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub(super) struct SimState {
    pub(super) stacks: Vec<SimStack>,
    /// Start and stop requests for notebooks, newest last: (notebook, wall time, start?).
    #[serde(default)]
    pub(super) notebook_requests: Vec<(String, f64, bool)>,
    /// Resources the notebooks (or labguide's own actions) created.
    #[serde(default)]
    pub(super) resources: Vec<SimResource>,
    #[serde(default)]
    pub(super) buckets: Vec<SimBucket>,
    #[serde(default)]
    pub(super) roles: Vec<String>,
    #[serde(default)]
    pub(super) glue_databases: Vec<String>,
    /// Notebook instances deleted on their own (outside their stack).
    #[serde(default)]
    pub(super) deleted_notebooks: Vec<String>,
    /// Athena queries, in the order they were started.
    #[serde(default)]
    pub(super) queries: Vec<super::athena::SimQuery>,
    /// Requests endpoints have answered: each one's draw of a variant.
    #[serde(default)]
    pub(super) requests: u64,
}

/// Something a notebook creates: its status follows `phases`, (virtual seconds after
/// creation, status) in order.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct SimResource {
    pub kind: ResourceKind,
    pub name: String,
    pub created_at: f64,
    pub speed: f64,
    pub phases: Vec<(f64, String)>,
    /// An endpoint's production variants and their traffic weights.
    #[serde(default)]
    pub variants: Vec<(String, f64)>,
    /// The instance type serving an endpoint (one instance per variant).
    #[serde(default)]
    pub instance_type: Option<String>,
    /// The variants before the latest change, which serve until the update is done.
    #[serde(default)]
    pub previous_variants: Vec<(String, f64)>,
    /// How a job runs and logs, from the plan that started it (none: a plain job).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub job: Option<JobProfile>,
    /// The role it was started under, when the request named one (none: what a played
    /// notebook made, which runs as the notebook's role).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// The tags a launch put on it (a played notebook's jobs have none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<(String, String)>,
}

impl SimResource {
    pub fn tag(&self, key: &str) -> Option<&str> {
        self.tags
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// Its status `v` virtual seconds after it was created (`None` before its first phase).
    pub fn status_at(&self, v: f64) -> Option<&str> {
        self.phases
            .iter()
            .rev()
            .find(|(at, _)| *at <= v)
            .map(|(_, s)| s.as_str())
    }
}

/// The status a deleted resource ends in; `find` no longer reports it.
pub(super) const DELETED: &str = "Deleted";

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct SimBucket {
    pub name: String,
    pub keys: Vec<String>,
    /// Small objects' contents, by key (what labguide reads back, like samples).
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub bodies: std::collections::BTreeMap<String, Vec<u8>>,
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

/// The state kept at `path`; an unreadable file starts afresh rather than stopping a rehearsal.
pub(super) fn load(path: Option<&Path>) -> SimState {
    path.and_then(|p| std::fs::read(p).ok())
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .unwrap_or_default()
}

impl Sim {
    pub(super) fn persist(&self, state: &SimState) {
        let Some(path) = &self.path else { return };
        let Ok(bytes) = serde_json::to_vec_pretty(state) else {
            return;
        };
        if let Err(e) = crate::store::write_atomic(path, &bytes) {
            tracing::warn!(error = %e, "could not save the sim's state");
        }
    }

    /// A poisoned lock is used as it is: one panicked call should not fail every later one.
    pub(super) fn with_state<T>(&self, f: impl FnOnce(&mut SimState) -> T) -> T {
        let mut guard = match self.state.lock() {
            Ok(g) => g,
            Err(poisoned) => poisoned.into_inner(),
        };
        f(&mut guard)
    }
}
