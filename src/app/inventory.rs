//! What an inventory found: each item with its kind, status and price, in the order AWS
//! accepts them deleted. Plain data for the meter, the screens and cleanup alike; the
//! scope it was taken in is content (`workshop::cleanup_scope`), taking it and deleting
//! are the runtime's (`runtime::cleanup`).

use serde::{Deserialize, Serialize};

use super::provenance::Why;

use crate::cloud::{CloudError, CloudResult, ResourceKind};

/// What one item of the inventory is.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "type")]
pub enum ItemKind {
    /// A running job: it is stopped.
    Job {
        kind: ResourceKind,
    },
    Resource {
        kind: ResourceKind,
    },
    Objects {
        bucket: String,
        prefix: String,
    },
    Bucket,
    GlueDatabase,
    IamRole,
    /// A notebook instance; `stack` names the stack that deletes it with itself.
    Notebook {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        stack: Option<String>,
    },
    Stack,
    /// Listed only: logs cost a little to keep and are shared with other jobs.
    LogGroup,
    /// What could not be looked at: the permission (`iam:GetRole`) that was refused.
    Unchecked,
}

/// What an item costs while it exists.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "cost", content = "usd_per_hour")]
pub enum PerHour {
    /// Billed by the hour at this on-demand price.
    Known(f64),
    /// Billed by the hour, at a price labguide does not know.
    Unknown,
    /// Not billed by the hour (storage, definitions).
    NotHourly,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Item {
    #[serde(flatten)]
    pub kind: ItemKind,
    pub name: String,
    pub state: String,
    pub per_hour: PerHour,
    /// Which rule made it the learner's, or why it is left alone.
    pub why: Why,
}

impl Item {
    /// Deletion order: what depends on something goes before it (jobs stopped first,
    /// endpoints before their configurations and models, Comprehend endpoints before
    /// classifiers, objects before buckets, the stack last).
    pub(crate) fn rank(&self) -> u8 {
        match &self.kind {
            ItemKind::Job { .. } => 0,
            ItemKind::Resource { kind } => match kind {
                ResourceKind::Endpoint => 1,
                ResourceKind::EndpointConfig => 2,
                ResourceKind::Model => 3,
                ResourceKind::ComprehendEndpoint => 4,
                ResourceKind::ComprehendClassifier => 5,
                _ => 6,
            },
            ItemKind::Objects { .. } => 7,
            ItemKind::Bucket => 8,
            ItemKind::GlueDatabase => 9,
            ItemKind::IamRole => 10,
            ItemKind::Notebook { .. } => 11,
            ItemKind::Stack => 12,
            ItemKind::LogGroup => 13,
            ItemKind::Unchecked => 14,
        }
    }
}

pub(crate) fn is_running(status: &str) -> bool {
    matches!(status, "InProgress" | "Stopping")
}

/// A lookup the caller's permissions do not allow becomes an item that says so (and
/// counts as left), instead of stopping the whole inventory: a classroom role may lack
/// IAM or Glue rights and the rest is still worth listing and cleaning.
pub(crate) fn allowed<T>(result: CloudResult<T>, items: &mut Vec<Item>) -> CloudResult<Option<T>> {
    match result {
        Ok(v) => Ok(Some(v)),
        Err(CloudError::AccessDenied { action }) => {
            if !items
                .iter()
                .any(|i| i.kind == ItemKind::Unchecked && i.name == action)
            {
                items.push(Item {
                    kind: ItemKind::Unchecked,
                    name: action,
                    state: String::new(),
                    per_hour: PerHour::NotHourly,
                    why: Why::Listed,
                });
            }
            Ok(None)
        }
        Err(e) => Err(e),
    }
}

/// The sum of what the learner's (and the class's) items cost an hour, and whether any
/// price is unknown; what is not the learner's is not their bill.
pub fn total_per_hour(items: &[Item]) -> (f64, bool) {
    items
        .iter()
        .filter(|i| i.why != Why::NotYours)
        .fold((0.0, false), |(sum, unknown), i| match i.per_hour {
            PerHour::Known(p) => (sum + p, unknown),
            PerHour::Unknown => (sum, true),
            PerHour::NotHourly => (sum, unknown),
        })
}

/// Whether an item still counts as left after a cleanup: a stopped job or a deleting
/// endpoint is on its way out and bills nothing more.
pub fn still_there(item: &Item) -> bool {
    // What could not be looked at is not proven gone.
    if item.kind == ItemKind::Unchecked {
        return true;
    }
    item.why.deletes()
        && item.kind != ItemKind::LogGroup
        && !matches!(
            item.state.as_str(),
            "Stopping" | "Stopped" | "Deleting" | "DELETE_IN_PROGRESS"
        )
}

/// Whether the item is on its way out: asked to go, not gone yet.
pub fn on_its_way_out(item: &Item) -> bool {
    matches!(
        item.state.as_str(),
        "Deleting" | "DELETE_IN_PROGRESS" | "Stopping" | "STOP_REQUESTED"
    )
}
