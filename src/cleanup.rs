//! Finding everything the workshop created, and deleting it in an order AWS accepts.
//! What may be deleted is declared in the content (`[cleanup]` in workshop.toml): the
//! stack, exact names, and name prefixes; nothing else is ever touched.

use serde::Serialize;

use crate::cloud::{Cloud, CloudError, CloudResult, ResourceKind};
use crate::workshop::Prices;
use crate::workshop::cleanup_scope::{CleanupSpec, kind_named};

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
    fn rank(&self) -> u8 {
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

fn is_running(status: &str) -> bool {
    matches!(status, "InProgress" | "Stopping")
}

/// A lookup the caller's permissions do not allow becomes an item that says so (and
/// counts as left), instead of stopping the whole inventory: a classroom role may lack
/// IAM or Glue rights and the rest is still worth listing and cleaning.
fn allowed<T>(result: CloudResult<T>, items: &mut Vec<Item>) -> CloudResult<Option<T>> {
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

/// Everything in scope that exists now, in deletion order.
pub async fn inventory(
    cloud: &dyn Cloud,
    scope: &CleanupSpec,
    prices: &Prices,
    region: &str,
) -> CloudResult<Vec<Item>> {
    let mut items = vec![];
    for stack in &scope.stacks {
        if let Some(info) = allowed(cloud.describe_stack(stack).await, &mut items)?.flatten() {
            items.push(Item {
                kind: ItemKind::Stack,
                name: stack.clone(),
                state: info.status,
                per_hour: PerHour::NotHourly,
            });
        }
    }
    for name in &scope.notebooks {
        if let Some(nb) = allowed(cloud.notebook(name).await, &mut items)?.flatten() {
            let per_hour = match (nb.status.as_str(), &nb.instance_type) {
                ("InService" | "Pending" | "Updating", Some(t)) => prices
                    .per_hour(region, t)
                    .map_or(PerHour::Unknown, PerHour::Known),
                ("InService" | "Pending" | "Updating", None) => PerHour::Unknown,
                _ => PerHour::NotHourly,
            };
            items.push(Item {
                kind: ItemKind::Notebook,
                name: name.clone(),
                state: nb.status,
                per_hour,
            });
        }
    }
    for (kind_name, prefixes) in &scope.prefixes {
        let Some(kind) = kind_named(kind_name) else {
            continue;
        };
        let mut seen = std::collections::BTreeSet::new();
        for prefix in prefixes {
            let found_all =
                allowed(cloud.find(kind, prefix).await, &mut items)?.unwrap_or_default();
            for found in found_all {
                if !seen.insert(found.name.clone()) {
                    continue;
                }
                let status = found.status.clone().unwrap_or_default();
                let job = matches!(
                    kind,
                    ResourceKind::TrainingJob
                        | ResourceKind::ProcessingJob
                        | ResourceKind::AutoMlJob
                );
                if job && !is_running(&status) {
                    // A finished job costs nothing and cannot be deleted.
                    continue;
                }
                let per_hour = match kind {
                    ResourceKind::Endpoint => {
                        endpoint_price(cloud, &found.name, prices, region).await
                    }
                    ResourceKind::ComprehendEndpoint => prices
                        .other(region, "comprehend_endpoint_per_inference_unit_hour")
                        .map_or(PerHour::Unknown, PerHour::Known),
                    _ if job => PerHour::Unknown,
                    _ => PerHour::NotHourly,
                };
                items.push(Item {
                    kind: if job {
                        ItemKind::Job { kind }
                    } else {
                        ItemKind::Resource { kind }
                    },
                    name: found.name,
                    state: status,
                    per_hour,
                });
            }
        }
    }
    for bucket in &scope.buckets {
        for prefix in &bucket.prefixes {
            let listed = cloud.list_objects(&bucket.bucket, prefix, 1000).await;
            match allowed(listed, &mut items) {
                Ok(Some(keys)) if !keys.is_empty() => items.push(Item {
                    kind: ItemKind::Objects {
                        bucket: bucket.bucket.clone(),
                        prefix: prefix.clone(),
                    },
                    name: format!("s3://{}/{}", bucket.bucket, prefix),
                    state: keys.len().to_string(),
                    per_hour: PerHour::NotHourly,
                }),
                Ok(_) | Err(CloudError::NotFound { .. }) => {}
                Err(e) => return Err(e),
            }
        }
        // The bucket itself only when nothing but the workshop's data is in it: a shared
        // bucket holding anyone else's objects stays, and is not even listed.
        let only_ours = |keys: &[String]| {
            keys.iter()
                .all(|k| bucket.prefixes.iter().any(|p| k.starts_with(p.as_str())))
        };
        let bucket_is_ours = bucket.delete_if_empty
            && match allowed(
                cloud.list_objects(&bucket.bucket, "", 1000).await,
                &mut items,
            ) {
                Ok(Some(keys)) => only_ours(&keys),
                Ok(None) | Err(CloudError::NotFound { .. }) => false,
                Err(e) => return Err(e),
            };
        if bucket_is_ours {
            items.push(Item {
                kind: ItemKind::Bucket,
                name: bucket.bucket.clone(),
                state: String::new(),
                per_hour: PerHour::NotHourly,
            });
        }
    }
    for db in &scope.glue_databases {
        if allowed(cloud.glue_database_exists(db).await, &mut items)?.unwrap_or(false) {
            items.push(Item {
                kind: ItemKind::GlueDatabase,
                name: db.clone(),
                state: String::new(),
                per_hour: PerHour::NotHourly,
            });
        }
    }
    for role in &scope.iam_roles {
        if allowed(cloud.role_exists(role).await, &mut items)?.unwrap_or(false) {
            items.push(Item {
                kind: ItemKind::IamRole,
                name: role.clone(),
                state: String::new(),
                per_hour: PerHour::NotHourly,
            });
        }
    }
    for prefix in &scope.log_groups {
        for (name, bytes) in
            allowed(cloud.log_groups(prefix).await, &mut items)?.unwrap_or_default()
        {
            items.push(Item {
                kind: ItemKind::LogGroup,
                name,
                state: format!("{} KB", bytes.div_ceil(1024)),
                per_hour: PerHour::NotHourly,
            });
        }
    }
    items.sort_by(|a, b| a.rank().cmp(&b.rank()).then(a.name.cmp(&b.name)));
    Ok(items)
}

async fn endpoint_price(cloud: &dyn Cloud, name: &str, prices: &Prices, region: &str) -> PerHour {
    match cloud.endpoint_instances(name).await {
        Ok(instances) if !instances.is_empty() => {
            let mut total = 0.0;
            for (instance_type, count) in instances {
                match prices.per_hour(region, &instance_type) {
                    Some(p) => total += p * f64::from(count),
                    None => return PerHour::Unknown,
                }
            }
            PerHour::Known(total)
        }
        _ => PerHour::Unknown,
    }
}

/// Deletes (or stops) one item. A bucket that still holds objects the workshop did not
/// write is left alone.
pub async fn delete(cloud: &dyn Cloud, item: &Item) -> CloudResult<()> {
    match &item.kind {
        ItemKind::Job { kind } | ItemKind::Resource { kind } => {
            cloud.remove(*kind, &item.name).await
        }
        ItemKind::Objects { bucket, prefix } => {
            cloud.delete_objects(bucket, prefix).await.map(|_| ())
        }
        ItemKind::Bucket => {
            if cloud.list_objects(&item.name, "", 1).await?.is_empty() {
                cloud.delete_bucket(&item.name).await
            } else {
                Err(CloudError::Invalid(format!(
                    "{} holds other data",
                    item.name
                )))
            }
        }
        ItemKind::GlueDatabase => cloud.delete_glue_database(&item.name).await,
        ItemKind::IamRole => cloud.delete_role(&item.name).await,
        // The notebook goes with its stack; one outside any stack is left to the learner.
        // Log groups are listed, not deleted: they hold other jobs' logs too.
        ItemKind::Notebook | ItemKind::LogGroup => Ok(()),
        ItemKind::Unchecked => Err(CloudError::AccessDenied {
            action: item.name.clone(),
        }),
        ItemKind::Stack => cloud.delete_stack(&item.name).await,
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
