//! What cleanup may touch and what it found: the scope declared in the content
//! (`[cleanup]` in workshop.toml: the stack, exact names, and name prefixes; nothing else
//! is ever touched) and the inventory's items, in an order AWS accepts. Taking the
//! inventory and deleting are the runtime's (`runtime::cleanup`).

use std::collections::BTreeMap;

use serde::Serialize;

use crate::cloud::{CloudError, CloudResult, ResourceKind};
use crate::workshop::substitute;

/// The `[cleanup]` table as written, before `${...}` are filled in.
#[derive(Clone, Debug, Default, PartialEq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CleanupSpec {
    #[serde(default)]
    pub stacks: Vec<String>,
    #[serde(default)]
    pub notebooks: Vec<String>,
    /// Name prefixes by kind (`training_job`, `endpoint`, ...).
    #[serde(default)]
    pub prefixes: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    pub iam_roles: Vec<String>,
    #[serde(default)]
    pub glue_databases: Vec<String>,
    #[serde(default)]
    pub buckets: Vec<BucketSpec>,
    /// CloudWatch log group prefixes: listed so the learner knows, never deleted (the
    /// groups are shared by every job of a kind in the account).
    #[serde(default)]
    pub log_groups: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BucketSpec {
    pub bucket: String,
    /// Only objects under these prefixes go; `""` means the whole bucket.
    pub prefixes: Vec<String>,
    /// Delete the bucket itself too, but only when nothing else is left in it.
    #[serde(default)]
    pub delete_if_empty: bool,
}

/// The kind a prefix list is for, by its name in the content.
pub fn kind_named(name: &str) -> Option<ResourceKind> {
    ResourceKind::ALL.into_iter().find(|k| k.name() == name)
}

/// What one item of the inventory is.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
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
    Notebook,
    Stack,
    /// Listed only: logs cost a little to keep and are shared with other jobs.
    LogGroup,
    /// What could not be looked at: the permission (`iam:GetRole`) that was refused.
    Unchecked,
}

/// What an item costs while it exists.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "cost", content = "usd_per_hour")]
pub enum PerHour {
    /// Billed by the hour at this on-demand price.
    Known(f64),
    /// Billed by the hour, at a price labguide does not know.
    Unknown,
    /// Not billed by the hour (storage, definitions).
    NotHourly,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Item {
    #[serde(flatten)]
    pub kind: ItemKind,
    pub name: String,
    pub state: String,
    pub per_hour: PerHour,
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
            ItemKind::Notebook => 11,
            ItemKind::Stack => 12,
            ItemKind::LogGroup => 13,
            ItemKind::Unchecked => 14,
        }
    }
}

/// The scope with every `${...}` filled in. Entries still naming an unknown value are
/// dropped: cleanup never guesses a name.
pub fn resolve(spec: &CleanupSpec, vars: &BTreeMap<String, String>) -> CleanupSpec {
    let fill = |list: &[String]| -> Vec<String> {
        list.iter()
            .map(|s| substitute(s, vars))
            .filter(|s| !s.contains("${") && !s.contains('<'))
            .collect()
    };
    CleanupSpec {
        stacks: fill(&spec.stacks),
        notebooks: fill(&spec.notebooks),
        prefixes: spec
            .prefixes
            .iter()
            .map(|(k, v)| {
                (
                    k.clone(),
                    fill(v).into_iter().filter(|p| !p.is_empty()).collect(),
                )
            })
            .collect(),
        iam_roles: fill(&spec.iam_roles),
        glue_databases: fill(&spec.glue_databases),
        log_groups: fill(&spec.log_groups),
        buckets: spec
            .buckets
            .iter()
            .filter_map(|b| {
                let bucket = fill(std::slice::from_ref(&b.bucket)).pop()?;
                Some(BucketSpec {
                    bucket,
                    prefixes: b.prefixes.iter().map(|p| substitute(p, vars)).collect(),
                    delete_if_empty: b.delete_if_empty,
                })
            })
            .collect(),
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
                });
            }
            Ok(None)
        }
        Err(e) => Err(e),
    }
}

/// The sum of what the items cost an hour, and whether any price is unknown.
pub fn total_per_hour(items: &[Item]) -> (f64, bool) {
    items
        .iter()
        .fold((0.0, false), |(sum, unknown), i| match i.per_hour {
            PerHour::Known(p) => (sum + p, unknown),
            PerHour::Unknown => (sum, true),
            PerHour::NotHourly => (sum, unknown),
        })
}

/// Whether an item still counts as left after a cleanup: a stopped job or a deleting
/// endpoint is on its way out and bills nothing more.
pub fn still_there(item: &Item) -> bool {
    item.kind != ItemKind::LogGroup
        && !matches!(
            item.state.as_str(),
            "Stopping" | "Stopped" | "Deleting" | "DELETE_IN_PROGRESS"
        )
}
