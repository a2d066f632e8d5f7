//! A simulated stack's whole life as a list of timed events, built from the request.
//! Times here are virtual seconds since the create request. What CloudFormation would
//! refuse, and which request a name means now, live here too: both read the template.

use super::{SIM_ACCOUNT, Sim, SimStack};
use crate::cloud::template::{self, TemplateResource};
use crate::cloud::{CloudError, CreateStack, NotebookInfo, StackEvent, StackInfo};

#[derive(Clone, Debug)]
struct Event {
    at: f64,
    logical_id: String,
    kind: String,
    status: &'static str,
    reason: Option<String>,
}

pub struct Timeline {
    name: String,
    events: Vec<Event>,
    outputs: Vec<(String, String)>,
    /// (physical name, logical id) of notebook instances.
    notebooks: Vec<(String, String, Option<String>)>,
}

const STACK_KIND: &str = "AWS::CloudFormation::Stack";

/// Typical creation and deletion times on AWS, in seconds.
fn durations(kind: &str) -> (f64, f64) {
    match kind {
        "AWS::IAM::Role" => (18.0, 4.0),
        "AWS::IAM::Policy" => (12.0, 3.0),
        "AWS::SageMaker::NotebookInstanceLifecycleConfig" => (2.0, 1.0),
        // Pending -> InService, then stop and delete on the way out.
        "AWS::SageMaker::NotebookInstance" => (540.0, 150.0),
        "AWS::S3::Bucket" => (22.0, 2.0),
        _ => (10.0, 4.0),
    }
}

/// SageMaker's rule for notebook instance names: `^[a-zA-Z0-9](-*[a-zA-Z0-9])*$`, 63 at most.
pub fn valid_notebook_name(name: &str) -> bool {
    name.len() <= 63
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && name.starts_with(|c: char| c.is_ascii_alphanumeric())
        && name.ends_with(|c: char| c.is_ascii_alphanumeric())
}

struct Ctx<'a> {
    stack: &'a SimStack,
    resources: &'a [TemplateResource],
    defaults: Vec<(String, Option<String>)>,
    region: &'a str,
    account: &'a str,
}

impl Ctx<'_> {
    fn param(&self, name: &str) -> Option<String> {
        self.stack
            .parameters
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .or_else(|| {
                self.defaults
                    .iter()
                    .find(|(k, _)| k == name)
                    .and_then(|(_, d)| d.clone())
            })
    }

    fn physical(&self, logical: &str, depth: u8) -> String {
        let r = self.resources.iter().find(|r| r.logical_id == logical);
        match r.and_then(|r| r.name_expr.as_deref()) {
            Some(expr) if depth < 4 => self.eval(expr, depth + 1),
            _ => {
                // Generated names look like AWS's: stack-Logical-RANDOM.
                let hash = logical
                    .bytes()
                    .chain(self.stack.name.bytes())
                    .fold(7u32, |h, b| h.wrapping_mul(31).wrapping_add(u32::from(b)));
                format!("{}-{}-{:X}", self.stack.name, logical, hash % 0xFFFFFF)
            }
        }
    }

    fn attr(&self, logical: &str, attr: &str, depth: u8) -> String {
        let physical = self.physical(logical, depth);
        let kind = self
            .resources
            .iter()
            .find(|r| r.logical_id == logical)
            .map_or("", |r| r.kind.as_str());
        match attr {
            "Arn" if kind == "AWS::IAM::Role" => {
                format!("arn:aws:iam::{}:role/{physical}", self.account)
            }
            "Arn" => format!(
                "arn:aws:sagemaker:{}:{}:{}/{}",
                self.region,
                self.account,
                kind.rsplit("::")
                    .next()
                    .unwrap_or("resource")
                    .to_ascii_lowercase(),
                physical.to_ascii_lowercase()
            ),
            _ => physical,
        }
    }

    fn reference(&self, name: &str, depth: u8) -> String {
        match name {
            "AWS::Region" => self.region.to_string(),
            "AWS::AccountId" => self.account.to_string(),
            "AWS::StackName" => self.stack.name.clone(),
            "AWS::Partition" => "aws".to_string(),
            _ => match name.split_once('.') {
                Some((logical, attr)) => self.attr(logical, attr, depth),
                None => self
                    .param(name)
                    .unwrap_or_else(|| self.physical(name, depth)),
            },
        }
    }

    fn eval(&self, expr: &str, depth: u8) -> String {
        let expr = expr.trim();
        let unquote = |s: &str| s.trim().trim_matches('"').trim_matches('\'').to_string();
        if let Some(body) = expr.strip_prefix("!Sub") {
            let body = unquote(body);
            let mut out = String::new();
            let mut rest = body.as_str();
            while let Some(i) = rest.find("${") {
                out.push_str(&rest[..i]);
                let after = &rest[i + 2..];
                let Some(end) = after.find('}') else { break };
                out.push_str(&self.reference(&after[..end], depth));
                rest = &after[end + 1..];
            }
            out.push_str(rest);
            out
        } else if let Some(name) = expr.strip_prefix("!Ref") {
            self.reference(name.trim(), depth)
        } else if let Some(name) = expr.strip_prefix("!GetAtt") {
            self.reference(name.trim(), depth)
        } else {
            unquote(expr)
        }
    }
}

impl Timeline {
    pub fn build(stack: &SimStack, region: &str, account: &str) -> Timeline {
        let t = template::parse(&stack.template);
        let ctx = Ctx {
            stack,
            resources: &t.resources,
            defaults: t.parameters.clone(),
            region,
            account,
        };
        let mut events = vec![Event {
            at: 0.0,
            logical_id: stack.name.clone(),
            kind: STACK_KIND.into(),
            status: "CREATE_IN_PROGRESS",
            reason: Some("User Initiated".into()),
        }];
        let mut ends: Vec<(String, f64)> = vec![];
        let mut starts: Vec<(String, f64)> = vec![];
        let mut failure: Option<(f64, String)> = None;
        let mut notebooks = vec![];
        for r in &t.resources {
            let start = 1.0
                + r.depends_on
                    .iter()
                    .filter_map(|d| ends.iter().find(|(id, _)| id == d).map(|(_, e)| *e))
                    .fold(0.0, f64::max);
            let (create, _) = durations(&r.kind);
            let mut fail_reason = None;
            if r.kind == "AWS::SageMaker::NotebookInstance" {
                let name = ctx.physical(&r.logical_id, 0);
                if !valid_notebook_name(&name) {
                    fail_reason = Some(format!(
                        "1 validation error detected: Value '{name}' at 'notebookInstanceName' \
                         failed to satisfy constraint: Member must satisfy regular expression \
                         pattern: ^[a-zA-Z0-9](-*[a-zA-Z0-9])*"
                    ));
                }
                notebooks.push((name, r.logical_id.clone(), None));
            }
            if let Some((f, _)) = &failure
                && start >= *f
            {
                // Never started: rollback began before its turn.
                continue;
            }
            events.push(ev(start, r, "CREATE_IN_PROGRESS", None));
            events.push(ev(
                start + 0.5,
                r,
                "CREATE_IN_PROGRESS",
                Some("Resource creation Initiated"),
            ));
            starts.push((r.logical_id.clone(), start));
            match fail_reason {
                Some(reason) if failure.is_none() => {
                    let at = start + 2.0;
                    events.push(ev(at, r, "CREATE_FAILED", Some(&reason)));
                    failure = Some((at, r.logical_id.clone()));
                    ends.push((r.logical_id.clone(), at));
                }
                _ => ends.push((r.logical_id.clone(), start + create)),
            }
        }
        let mut outputs = vec![];
        let created_end = ends.iter().map(|(_, e)| *e).fold(0.0, f64::max) + 1.0;
        match &failure {
            None => {
                for (id, end) in &ends {
                    if let Some(r) = t.resources.iter().find(|r| &r.logical_id == id) {
                        events.push(ev(*end, r, "CREATE_COMPLETE", None));
                    }
                }
                events.push(stack_ev(stack, created_end, "CREATE_COMPLETE", None));
                outputs = t
                    .outputs
                    .iter()
                    .map(|o| (o.name.clone(), ctx.eval(&o.value_expr, 0)))
                    .collect();
                for nb in &mut notebooks {
                    let kind_it = t.resources.iter().find(|r| r.logical_id == nb.1);
                    nb.2 = kind_it.map(|_| {
                        stack
                            .parameters
                            .iter()
                            .find(|(k, _)| k.contains("InstanceType"))
                            .map(|(_, v)| v.clone())
                            .or_else(|| {
                                t.parameters
                                    .iter()
                                    .find(|(k, _)| k.contains("InstanceType"))
                                    .and_then(|(_, d)| d.clone())
                            })
                            .unwrap_or_else(|| "ml.m5.xlarge".into())
                    });
                }
            }
            Some((at, failed)) => {
                let reason = format!(
                    "The following resource(s) failed to create: [{failed}]. Rollback requested by user."
                );
                events.push(stack_ev(
                    stack,
                    *at + 0.5,
                    "ROLLBACK_IN_PROGRESS",
                    Some(&reason),
                ));
                // Whatever was still being created is cancelled, then everything started
                // is deleted again.
                let mut t_del = *at + 2.0;
                for (id, _) in starts.iter().rev() {
                    let Some(r) = t.resources.iter().find(|r| &r.logical_id == id) else {
                        continue;
                    };
                    if id != failed {
                        events.push(ev(
                            *at + 1.0,
                            r,
                            "CREATE_FAILED",
                            Some("Resource creation cancelled"),
                        ));
                    }
                    let (_, del) = durations(&r.kind);
                    events.push(ev(t_del, r, "DELETE_IN_PROGRESS", None));
                    t_del += del.min(20.0);
                    events.push(ev(t_del, r, "DELETE_COMPLETE", None));
                }
                events.push(stack_ev(stack, t_del + 1.0, "ROLLBACK_COMPLETE", None));
            }
        }
        if let Some(requested) = stack.delete_requested_at {
            let d = (requested - stack.created_at) * stack.speed;
            // What had not happened by the delete request never happens.
            events.retain(|e| e.at <= d);
            let mut at = d;
            events.push(stack_ev(
                stack,
                at,
                "DELETE_IN_PROGRESS",
                Some("User Initiated"),
            ));
            // Rolled-back resources are already gone.
            let to_delete = if failure.is_some() {
                &[][..]
            } else {
                &starts[..]
            };
            for (id, start) in to_delete.iter().rev() {
                let Some(r) = t.resources.iter().find(|r| &r.logical_id == id) else {
                    continue;
                };
                if *start > d {
                    continue;
                }
                let (_, del) = durations(&r.kind);
                events.push(ev(at + 0.5, r, "DELETE_IN_PROGRESS", None));
                at += del;
                events.push(ev(at, r, "DELETE_COMPLETE", None));
            }
            events.push(stack_ev(stack, at + 1.0, "DELETE_COMPLETE", None));
        }
        events.sort_by(|a, b| a.at.total_cmp(&b.at));
        Timeline {
            name: stack.name.clone(),
            events,
            outputs,
            notebooks,
        }
    }

    fn stack_events_until(&self, v: f64) -> impl Iterator<Item = &Event> {
        self.events
            .iter()
            .filter(move |e| e.at <= v && e.kind == STACK_KIND && e.logical_id == self.name)
    }

    /// The stack's status and its reason; a finished rollback keeps the reason it started
    /// with, so the learner still sees why.
    pub fn status_at(&self, v: f64) -> Option<(&'static str, Option<String>)> {
        let events: Vec<&Event> = self.stack_events_until(v).collect();
        let last = events.last()?;
        let reason = last.reason.clone().or_else(|| {
            (last.status == "ROLLBACK_COMPLETE")
                .then(|| events.iter().rev().find_map(|e| e.reason.clone()))
                .flatten()
        });
        Some((last.status, reason))
    }

    /// A stack whose deletion finished no longer exists.
    pub fn is_gone(&self, v: f64) -> bool {
        matches!(self.status_at(v), Some(("DELETE_COMPLETE", _)))
    }

    pub fn info_at(&self, v: f64) -> StackInfo {
        let (status, reason) = self.status_at(v).unwrap_or(("CREATE_IN_PROGRESS", None));
        StackInfo {
            name: self.name.clone(),
            status: status.to_string(),
            reason: reason.filter(|r| r != "User Initiated"),
            outputs: if status == "CREATE_COMPLETE" {
                self.outputs.clone()
            } else {
                vec![]
            },
        }
    }

    /// Events up to `v` that come after the one with id `after`, oldest first. Event times
    /// stay virtual; the caller maps them to the wall clock.
    pub fn events_after(&self, v: f64, after: Option<&str>) -> Vec<StackEvent> {
        let visible: Vec<StackEvent> = self
            .events
            .iter()
            .enumerate()
            .filter(|(_, e)| e.at <= v)
            .map(|(i, e)| StackEvent {
                id: format!("{}-{i:04}", self.name),
                logical_id: e.logical_id.clone(),
                kind: e.kind.clone(),
                status: e.status.to_string(),
                reason: e.reason.clone(),
                at: e.at,
            })
            .collect();
        match after.and_then(|a| visible.iter().position(|e| e.id == a)) {
            Some(i) => visible[i + 1..].to_vec(),
            None => visible,
        }
    }

    /// The names of the notebook instances the template makes.
    pub fn notebook_names(&self) -> impl Iterator<Item = &str> {
        self.notebooks.iter().map(|(n, _, _)| n.as_str())
    }

    pub fn notebook_at(&self, name: &str, v: f64) -> Option<NotebookInfo> {
        let (_, logical, instance_type) = self.notebooks.iter().find(|(n, _, _)| n == name)?;
        let last = self
            .events
            .iter()
            .rfind(|e| e.at <= v && &e.logical_id == logical)?;
        let status = match last.status {
            "CREATE_IN_PROGRESS" => "Pending",
            "CREATE_COMPLETE" => "InService",
            "DELETE_IN_PROGRESS" => "Deleting",
            "CREATE_FAILED" => "Failed",
            _ => return None,
        };
        Some(NotebookInfo {
            name: name.to_string(),
            status: status.to_string(),
            instance_type: instance_type.clone(),
            role_arn: None,
        })
    }
}

fn ev(at: f64, r: &TemplateResource, status: &'static str, reason: Option<&str>) -> Event {
    Event {
        at,
        logical_id: r.logical_id.clone(),
        kind: r.kind.clone(),
        status,
        reason: reason.map(str::to_string),
    }
}

fn stack_ev(stack: &SimStack, at: f64, status: &'static str, reason: Option<&str>) -> Event {
    Event {
        at,
        logical_id: stack.name.clone(),
        kind: STACK_KIND.into(),
        status,
        reason: reason.map(str::to_string),
    }
}

/// Why AWS would refuse this create request, checked against its template as
/// CloudFormation does before it starts anything.
pub(super) fn refusal(req: &CreateStack) -> Option<CloudError> {
    let template = template::parse(&req.template_body);
    if template.resources.is_empty() {
        return Some(CloudError::Invalid("template has no resources".into()));
    }
    for (param, default) in &template.parameters {
        if default.is_none()
            && !req
                .parameters
                .iter()
                .any(|(k, v)| k == param && !v.is_empty())
        {
            return Some(CloudError::Invalid(format!(
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
        return Some(CloudError::Invalid(
            "Requires capabilities : [CAPABILITY_IAM]".into(),
        ));
    }
    None
}

impl Sim {
    /// The timeline of the newest stack with this name that still exists, the virtual
    /// seconds since its request, and the request.
    pub(super) fn timeline(&self, name: &str) -> Option<(Timeline, f64, SimStack)> {
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
