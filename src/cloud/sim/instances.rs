//! Notebook instances after their stack made them: start and stop requests change what
//! the stack's timeline says, as they do on AWS.

use super::stack::Timeline;
use super::{SIM_ACCOUNT, Sim};
use crate::cloud::{CloudError, CloudResult, NotebookInfo, Owner, ResourceKind};

/// How long a simulated notebook takes to stop, and to start again (virtual seconds).
const NOTEBOOK_STOP_SECS: f64 = 60.0;
const NOTEBOOK_START_SECS: f64 = 150.0;

impl Sim {
    /// The notebook instance called `name` as it is now, in whichever stack made it.
    pub(super) fn notebook_now(&self, name: &str) -> Option<NotebookInfo> {
        let now = self.clock.now();
        let (found, request) = self.with_state(|s| {
            let found = s.stacks.iter().rev().find_map(|st| {
                let t = Timeline::build(st, &self.region, SIM_ACCOUNT);
                let v = (now - st.created_at) * st.speed;
                t.notebook_at(name, v).map(|mut nb| {
                    nb.role_arn = Some(super::sim_role(&st.name));
                    nb
                })
            });
            let found = found.filter(|_| !s.deleted_notebooks.iter().any(|n| n == name));
            // Requests made before the newest stack was created belong to an older notebook.
            let created = s.stacks.last().map_or(0.0, |st| st.created_at);
            let request = s
                .notebook_requests
                .iter()
                .rev()
                .find(|(n, at, _)| n == name && *at >= created)
                .cloned();
            (found, request)
        });
        found.map(|mut nb| {
            // A start or stop after it came up changes what it shows, as on AWS.
            if let (Some((_, at, start)), "InService") = (request, nb.status.as_str()) {
                let v = (now - at) * self.speed;
                nb.status = match (start, v) {
                    (false, v) if v < NOTEBOOK_STOP_SECS => "Stopping",
                    (false, _) => "Stopped",
                    (true, v) if v < NOTEBOOK_START_SECS => "Pending",
                    (true, _) => "InService",
                }
                .to_string();
            }
            nb
        })
    }

    pub(super) fn notebook_request(&self, name: &str, start: bool) -> CloudResult<()> {
        if self.notebook_now(name).is_none() {
            return Err(CloudError::NotFound {
                what: name.to_string(),
            });
        }
        let now = self.clock.now();
        self.with_state(|s| {
            s.notebook_requests.push((name.to_string(), now, start));
            self.persist(s);
        });
        Ok(())
    }

    /// AWS deletes only a stopped (or failed) notebook; the emulator deletes any.
    pub(super) fn delete_notebook_now(&self, name: &str) -> CloudResult<()> {
        match self.notebook_now(name) {
            None => Ok(()),
            Some(nb) if matches!(nb.status.as_str(), "Stopped" | "Failed") => {
                self.with_state(|s| {
                    s.deleted_notebooks.push(name.to_string());
                    self.persist(s);
                });
                Ok(())
            }
            Some(nb) => Err(CloudError::Invalid(format!(
                "Status ({}) not in ([Stopped, Failed]). Unable to transition to (Deleting) for Notebook Instance ({name}).",
                nb.status
            ))),
        }
    }

    /// Notebooks of live stacks whose names start with `prefix`.
    pub(super) fn notebooks_now(&self, prefix: &str) -> Vec<String> {
        let names: Vec<String> = self.with_state(|s| {
            s.stacks
                .iter()
                .flat_map(|st| {
                    Timeline::build(st, &self.region, SIM_ACCOUNT)
                        .notebook_names()
                        .filter(|n| n.starts_with(prefix))
                        .map(str::to_string)
                        .collect::<Vec<_>>()
                })
                .collect()
        });
        let mut live: Vec<String> = names
            .into_iter()
            .filter(|n| self.notebook_now(n).is_some())
            .collect();
        live.sort();
        live.dedup();
        live
    }

    /// Stacks not yet deleted whose names start with `prefix`.
    pub(super) fn stacks_now(&self, prefix: &str) -> Vec<String> {
        let names: Vec<String> = self.with_state(|s| {
            s.stacks
                .iter()
                .filter(|st| st.name.starts_with(prefix))
                .map(|st| st.name.clone())
                .collect()
        });
        let mut live: Vec<String> = names
            .into_iter()
            .filter(|n| self.timeline(n).is_some())
            .collect();
        live.sort();
        live.dedup();
        live
    }

    /// The role a resource was started under; what a played notebook made runs as the
    /// newest stack's notebook role.
    pub(super) fn owner_now(&self, kind: ResourceKind, name: &str) -> Option<Owner> {
        self.found(kind, name).iter().find(|f| f.name == name)?;
        let (role, stack) = self.with_state(|s| {
            let role = s
                .resources
                .iter()
                .rfind(|r| r.kind == kind && r.name == name)
                .and_then(|r| r.role.clone());
            (role, s.stacks.last().map(|st| st.name.clone()))
        });
        Some(Owner {
            role_arn: role.or_else(|| stack.map(|st| super::sim_role(&st))),
            ..Owner::default()
        })
    }
}
