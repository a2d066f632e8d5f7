//! Notebook instances after their stack made them: start and stop requests change what
//! the stack's timeline says, as they do on AWS.

use super::stack::Timeline;
use super::{SIM_ACCOUNT, Sim};
use crate::cloud::{CloudError, CloudResult, NotebookInfo};

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
                t.notebook_at(name, v)
            });
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
}
