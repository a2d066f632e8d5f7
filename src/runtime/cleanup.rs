//! Finding everything the workshop created, and deleting it in an order AWS accepts:
//! the inventory (for the cost meter, the cleanup action and `labguide cleanup`) and
//! the ordered deletion. The scope is `workshop::cleanup_scope`'s, the items
//! `app::inventory`'s. Every call is bounded on its own (`timed`): an inventory is a
//! dozen calls or more.

use std::collections::BTreeMap;

use super::timed;
use crate::app::Report;
use crate::app::inventory::{Item, ItemKind, PerHour, allowed, is_running};
use crate::cloud::{Cloud, CloudError, CloudResult, ResourceKind};
use crate::workshop::Prices;
use crate::workshop::Workshop;
use crate::workshop::cleanup_scope::{CleanupSpec, kind_named};

/// Everything in scope that exists now, in deletion order.
/// A running job's price: its instance type times its count, as the job itself says.
async fn job_price(
    cloud: &dyn Cloud,
    kind: ResourceKind,
    name: &str,
    prices: &Prices,
    region: &str,
) -> PerHour {
    match timed(cloud, cloud.describe(kind, name)).await {
        Ok(Some(detail)) => match detail.instance_type.as_deref() {
            Some(t) => prices.per_hour(region, t).map_or(PerHour::Unknown, |p| {
                PerHour::Known(p * f64::from(detail.instance_count.max(1)))
            }),
            None => PerHour::Unknown,
        },
        _ => PerHour::Unknown,
    }
}

pub async fn inventory(
    cloud: &dyn Cloud,
    scope: &CleanupSpec,
    prices: &Prices,
    region: &str,
) -> CloudResult<Vec<Item>> {
    let mut items = vec![];
    for stack in &scope.stacks {
        if let Some(info) =
            allowed(timed(cloud, cloud.describe_stack(stack)).await, &mut items)?.flatten()
        {
            items.push(Item {
                kind: ItemKind::Stack,
                name: stack.clone(),
                state: info.status,
                per_hour: PerHour::NotHourly,
            });
        }
    }
    for name in &scope.notebooks {
        if let Some(nb) = allowed(timed(cloud, cloud.notebook(name)).await, &mut items)?.flatten() {
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
            let found_all = allowed(timed(cloud, cloud.find(kind, prefix)).await, &mut items)?
                .unwrap_or_default();
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
                    // Autopilot starts as many jobs as it decides: no one figure.
                    ResourceKind::AutoMlJob => PerHour::Unknown,
                    _ if job => job_price(cloud, kind, &found.name, prices, region).await,
                    // A classifier bills while it trains, by the hour.
                    ResourceKind::ComprehendClassifier
                        if matches!(status.as_str(), "SUBMITTED" | "TRAINING") =>
                    {
                        prices
                            .other(region, "comprehend_classifier_training_per_hour")
                            .map_or(PerHour::Unknown, PerHour::Known)
                    }
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
            let listed = timed(cloud, cloud.list_objects(&bucket.bucket, prefix, 1000)).await;
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
                timed(cloud, cloud.list_objects(&bucket.bucket, "", 1000)).await,
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
        if allowed(
            timed(cloud, cloud.glue_database_exists(db)).await,
            &mut items,
        )?
        .unwrap_or(false)
        {
            items.push(Item {
                kind: ItemKind::GlueDatabase,
                name: db.clone(),
                state: String::new(),
                per_hour: PerHour::NotHourly,
            });
        }
    }
    for role in &scope.iam_roles {
        if allowed(timed(cloud, cloud.role_exists(role)).await, &mut items)?.unwrap_or(false) {
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
            allowed(timed(cloud, cloud.log_groups(prefix)).await, &mut items)?.unwrap_or_default()
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
    match timed(cloud, cloud.endpoint_instances(name)).await {
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
            timed(cloud, cloud.remove(*kind, &item.name)).await
        }
        ItemKind::Objects { bucket, prefix } => timed(cloud, cloud.delete_objects(bucket, prefix))
            .await
            .map(|_| ()),
        ItemKind::Bucket => {
            if timed(cloud, cloud.list_objects(&item.name, "", 1))
                .await?
                .is_empty()
            {
                timed(cloud, cloud.delete_bucket(&item.name)).await
            } else {
                Err(CloudError::Invalid(format!(
                    "{} holds other data",
                    item.name
                )))
            }
        }
        ItemKind::GlueDatabase => timed(cloud, cloud.delete_glue_database(&item.name)).await,
        ItemKind::IamRole => timed(cloud, cloud.delete_role(&item.name)).await,
        // The notebook goes with its stack; one outside any stack is left to the learner.
        // Log groups are listed, not deleted: they hold other jobs' logs too.
        ItemKind::Notebook | ItemKind::LogGroup => Ok(()),
        ItemKind::Unchecked => Err(CloudError::AccessDenied {
            action: item.name.clone(),
        }),
        ItemKind::Stack => timed(cloud, cloud.delete_stack(&item.name)).await,
    }
}

/// Deletes everything in `scope`, in order, then proves it with a fresh inventory.
pub(super) async fn clean(
    cloud: &dyn Cloud,
    workshop: &Workshop,
    scope: &CleanupSpec,
    vars: &BTreeMap<String, String>,
) -> Result<Report, Report> {
    let region = vars.get("region").cloned().unwrap_or_default();
    let items = inventory(cloud, scope, &workshop.prices, &region)
        .await
        .map_err(Report::Cloud)?;
    let mut failed = None;
    for item in &items {
        if let Err(e) = delete(cloud, item).await {
            tracing::warn!(name = item.name, error = %e, "could not delete");
            failed.get_or_insert(e);
        }
    }
    let left = left_over(cloud, scope, &workshop.prices, &region)
        .await
        .map_err(Report::Cloud)?;
    match (left.is_empty(), failed) {
        (true, _) => Ok(Report::CleanedUp { count: items.len() }),
        (false, Some(e)) => Err(Report::Cloud(e)),
        (false, None) => Err(Report::StillLeft {
            count: left.len(),
            names: left.into_iter().take(3).collect::<Vec<_>>().join(", "),
        }),
    }
}

/// Names of what a fresh inventory still finds in scope: the proof after a cleanup and the
/// `nothing_left` check alike.
pub async fn left_over(
    cloud: &dyn Cloud,
    scope: &CleanupSpec,
    prices: &Prices,
    region: &str,
) -> CloudResult<Vec<String>> {
    Ok(inventory(cloud, scope, prices, region)
        .await?
        .into_iter()
        .filter(crate::app::inventory::still_there)
        .map(|i| i.name)
        .collect())
}
