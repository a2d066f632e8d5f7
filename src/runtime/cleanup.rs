//! Finding what is the learner's and deleting it as AWS accepts: the inventory (for the
//! cost meter, the cleanup action and `labguide cleanup`), judged by provenance
//! (`app::provenance`), and the deletion in dependency order with bounded waits. The scope
//! is `workshop::cleanup_scope`'s. Every call is bounded on its own (`timed`).

use std::collections::{BTreeMap, BTreeSet};

use super::{Backoff, look_again_slowly, timed};
use crate::app::Report;
use crate::app::inventory::{Item, ItemKind, PerHour, allowed, is_running, on_its_way_out};
use crate::app::provenance::{Learner, Why, classmates};
use crate::cloud::{Cloud, CloudError, CloudResult, Owner, ResourceKind, split_s3_uri};
use crate::workshop::Prices;
use crate::workshop::Workshop;
use crate::workshop::cleanup_scope::{CleanupSpec, kind_named};
use crate::workshop::prices::{COMPREHEND_ENDPOINT_UNIT_HOUR, COMPREHEND_TRAINING_HOUR};

/// The stack output naming the notebook instance the stack made (the template's).
const NOTEBOOK_OUTPUT: &str = "NotebookInstanceName";

/// Kinds in the order they are judged: what a resource is built on comes first.
const JUDGE_ORDER: [ResourceKind; 8] = [
    ResourceKind::TrainingJob,
    ResourceKind::ProcessingJob,
    ResourceKind::AutoMlJob,
    ResourceKind::Model,
    ResourceKind::EndpointConfig,
    ResourceKind::Endpoint,
    ResourceKind::ComprehendClassifier,
    ResourceKind::ComprehendEndpoint,
];

/// What a resource of `kind` is built on.
fn part_kind(kind: ResourceKind) -> Option<ResourceKind> {
    match kind {
        ResourceKind::Endpoint => Some(ResourceKind::EndpointConfig),
        ResourceKind::EndpointConfig => Some(ResourceKind::Model),
        ResourceKind::ComprehendEndpoint => Some(ResourceKind::ComprehendClassifier),
        _ => None,
    }
}

fn is_job(kind: ResourceKind) -> bool {
    matches!(
        kind,
        ResourceKind::TrainingJob | ResourceKind::ProcessingJob | ResourceKind::AutoMlJob
    )
}

/// The learner with what only the account can tell: their notebook's role now, and how
/// many classmates' workshops are in the account. A lookup the role may not make keeps
/// to the safe side: no role known, and one classmate assumed, so shared resources stay.
pub async fn learner_now(
    cloud: &dyn Cloud,
    scope: &CleanupSpec,
    base: &Learner,
) -> CloudResult<Learner> {
    let mut learner = base.clone();
    for name in &scope.notebooks {
        match timed(cloud, cloud.notebook(name)).await {
            Ok(Some(nb)) => learner.role_arn = learner.role_arn.or(nb.role_arn),
            Ok(None) | Err(CloudError::AccessDenied { .. }) => {}
            Err(e) => return Err(e),
        }
    }
    let mut names: Vec<(String, String)> = vec![];
    let mut unknown = false;
    for (prefix, stacks) in [(&scope.class.stacks, true), (&scope.class.notebooks, false)] {
        if prefix.is_empty() {
            continue;
        }
        let listed = if stacks {
            timed(cloud, cloud.stacks_named(prefix)).await
        } else {
            timed(cloud, cloud.notebooks_named(prefix)).await
        };
        match listed {
            Ok(found) => names.extend(found.into_iter().map(|n| (prefix.clone(), n))),
            Err(CloudError::AccessDenied { .. }) => unknown = true,
            Err(e) => return Err(e),
        }
    }
    learner.classmates = classmates(
        names.iter().map(|(p, n)| (p.as_str(), n.as_str())),
        &learner.initials,
    )
    .max(usize::from(unknown));
    Ok(learner)
}

/// The cleanup scope and the learner for `vars`, with labguide's record of what it
/// created read from `state_dir` (none: judged by tag, role and name only).
pub async fn learner_for(
    cloud: &dyn Cloud,
    workshop: &Workshop,
    vars: &BTreeMap<String, String>,
    state_dir: Option<&std::path::Path>,
) -> CloudResult<(CleanupSpec, Learner)> {
    let scope = crate::workshop::cleanup_scope::resolve(&workshop.cleanup, vars);
    let recorded = state_dir
        .map(crate::store::created::read)
        .unwrap_or_default()
        .into_iter()
        .map(|c| (c.kind, c.name))
        .collect();
    let base = crate::workshop::cleanup_scope::learner(&scope, vars, &workshop.id, recorded);
    let learner = learner_now(cloud, &scope, &base).await?;
    Ok((scope, learner))
}

/// What the account said about each resource's owner, kept between inventories by the
/// cost meter: a resource's role, tags and parts do not change while it exists, and in a
/// classroom account asking again each minute for every classmate's look-alike would
/// spend the class's shared rate limits.
pub type OwnerCache = std::sync::Mutex<BTreeMap<(ResourceKind, String), Option<Owner>>>;

/// Judges resources by provenance, remembering each verdict: an endpoint asks about its
/// configuration, which asks about its models.
struct Judge<'a> {
    cloud: &'a dyn Cloud,
    learner: &'a Learner,
    verdicts: BTreeMap<(ResourceKind, String), (Why, Option<Owner>)>,
    cache: Option<&'a OwnerCache>,
}

impl Judge<'_> {
    async fn owner(&self, kind: ResourceKind, name: &str) -> CloudResult<Option<Owner>> {
        let key = (kind, name.to_string());
        if let Some(known) = self
            .cache
            .and_then(|c| c.lock().ok().and_then(|c| c.get(&key).cloned()))
        {
            return Ok(known);
        }
        let owner = timed(self.cloud, self.cloud.owner(kind, name)).await?;
        if let Some(cache) = self.cache
            && let Ok(mut cache) = cache.lock()
        {
            cache.insert(key, owner.clone());
        }
        Ok(owner)
    }

    async fn judge(&mut self, kind: ResourceKind, name: &str) -> CloudResult<Why> {
        if let Some((why, _)) = self.verdicts.get(&(kind, name.to_string())) {
            return Ok(*why);
        }
        let owner = self.owner(kind, name).await?;
        let mut parts = vec![];
        if let (Some(part), Some(owner)) = (part_kind(kind), &owner) {
            for used in &owner.uses {
                parts.push(Box::pin(self.judge(part, used)).await?);
            }
        }
        let why = self
            .learner
            .judge(kind.name(), name, owner.as_ref(), &parts);
        self.verdicts.insert((kind, name.to_string()), (why, owner));
        Ok(why)
    }

    /// Output folders of everything judged the learner's, with the rule that made it so.
    fn outputs(&self) -> Vec<(String, Why)> {
        self.verdicts
            .values()
            .filter(|(why, _)| why.is_mine())
            .flat_map(|(why, owner)| {
                owner
                    .iter()
                    .flat_map(|o| o.outputs.iter())
                    .map(move |uri| (uri.clone(), *why))
            })
            .collect()
    }
}

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

/// A Comprehend endpoint bills per inference unit for every hour it exists: the units it
/// has or is getting, whichever is more (an update to more units bills them as it goes).
async fn comprehend_endpoint_price(
    cloud: &dyn Cloud,
    name: &str,
    prices: &Prices,
    region: &str,
) -> PerHour {
    let Some(per_unit) = prices.other(region, COMPREHEND_ENDPOINT_UNIT_HOUR) else {
        return PerHour::Unknown;
    };
    match timed(
        cloud,
        cloud.describe(ResourceKind::ComprehendEndpoint, name),
    )
    .await
    {
        Ok(Some(detail)) => {
            let units = detail
                .inference_units
                .map_or(1, |(current, desired)| current.max(desired).max(1));
            PerHour::Known(per_unit * f64::from(units))
        }
        _ => PerHour::Unknown,
    }
}

async fn price_of(
    cloud: &dyn Cloud,
    kind: ResourceKind,
    name: &str,
    status: &str,
    prices: &Prices,
    region: &str,
) -> PerHour {
    match kind {
        ResourceKind::Endpoint => endpoint_price(cloud, name, prices, region).await,
        ResourceKind::ComprehendEndpoint => {
            comprehend_endpoint_price(cloud, name, prices, region).await
        }
        // Autopilot starts as many jobs as it decides: no one figure.
        ResourceKind::AutoMlJob => PerHour::Unknown,
        _ if is_job(kind) => job_price(cloud, kind, name, prices, region).await,
        // A classifier bills while it trains, by the hour.
        ResourceKind::ComprehendClassifier if matches!(status, "SUBMITTED" | "TRAINING") => prices
            .other(region, COMPREHEND_TRAINING_HOUR)
            .map_or(PerHour::Unknown, PerHour::Known),
        _ => PerHour::NotHourly,
    }
}

/// Everything in scope that exists now, each with the rule that makes it the learner's
/// or why it is left alone, in deletion order.
pub async fn inventory(
    cloud: &dyn Cloud,
    scope: &CleanupSpec,
    learner: &Learner,
    prices: &Prices,
    region: &str,
) -> CloudResult<Vec<Item>> {
    inventory_with(cloud, scope, learner, prices, region, None).await
}

/// The inventory, asking about owners only what `cache` does not know yet.
pub async fn inventory_with(
    cloud: &dyn Cloud,
    scope: &CleanupSpec,
    learner: &Learner,
    prices: &Prices,
    region: &str,
    cache: Option<&OwnerCache>,
) -> CloudResult<Vec<Item>> {
    let mut items = vec![];
    // (stack, the notebook it made): that notebook goes with its stack.
    let mut stack_notebooks: Vec<(String, String)> = vec![];
    for stack in &scope.stacks {
        if let Some(info) =
            allowed(timed(cloud, cloud.describe_stack(stack)).await, &mut items)?.flatten()
        {
            if let Some((_, nb)) = info.outputs.iter().find(|(k, _)| k == NOTEBOOK_OUTPUT) {
                stack_notebooks.push((stack.clone(), nb.clone()));
            }
            items.push(Item {
                kind: ItemKind::Stack,
                name: stack.clone(),
                state: info.status,
                per_hour: PerHour::NotHourly,
                why: Why::Named,
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
            let stack = stack_notebooks
                .iter()
                .find(|(_, nb)| nb == name)
                .map(|(stack, _)| stack.clone());
            items.push(Item {
                kind: ItemKind::Notebook { stack },
                name: name.clone(),
                state: nb.status,
                per_hour,
                why: Why::Named,
            });
        }
    }

    let mut judge = Judge {
        cloud,
        learner,
        verdicts: BTreeMap::new(),
        cache,
    };
    for kind in JUDGE_ORDER {
        let Some(prefixes) = scope.prefixes.get(kind.name()) else {
            continue;
        };
        debug_assert_eq!(kind_named(kind.name()), Some(kind));
        let mut seen = BTreeSet::new();
        let found_all = allowed(
            timed(cloud, cloud.find_any(kind, prefixes)).await,
            &mut items,
        )?
        .unwrap_or_default();
        for found in found_all {
            if !seen.insert(found.name.clone()) {
                continue;
            }
            let status = found.status.clone().unwrap_or_default();
            let why = match judge.judge(kind, &found.name).await {
                Ok(why) => why,
                // Gone between the listing and the look: nothing to list.
                Err(CloudError::NotFound { .. }) => continue,
                Err(CloudError::AccessDenied { action }) => {
                    allowed::<()>(Err(CloudError::AccessDenied { action }), &mut items)?;
                    Why::NotYours
                }
                Err(e) => return Err(e),
            };
            if is_job(kind) && !is_running(&status) {
                // A finished job costs nothing and cannot be deleted; its outputs
                // (judged above) may still be the learner's.
                continue;
            }
            // Priced when it goes or is kept for the class: the learner sees its cost.
            let per_hour = if why.is_mine() || matches!(why, Why::Shared(_)) {
                price_of(cloud, kind, &found.name, &status, prices, region).await
            } else {
                PerHour::NotHourly
            };
            items.push(Item {
                kind: if is_job(kind) {
                    ItemKind::Job { kind }
                } else {
                    ItemKind::Resource { kind }
                },
                name: found.name,
                state: status,
                per_hour,
                why,
            });
        }
    }
    let outputs = judge.outputs();

    for bucket in &scope.buckets {
        let mut folders: Vec<(String, Why)> = bucket
            .prefixes
            .iter()
            .map(|p| {
                let why = if learner.named(p) {
                    Why::Named
                } else {
                    learner.shared()
                };
                (p.clone(), why)
            })
            .collect();
        if bucket.job_outputs {
            for (uri, why) in &outputs {
                let Some((b, key)) = split_s3_uri(uri) else {
                    continue;
                };
                // Never a whole bucket from a job that wrote to its root.
                if b == bucket.bucket && !key.is_empty() && key.ends_with('/') {
                    folders.push((key.to_string(), *why));
                }
            }
        }
        // A folder inside another listed one is already covered by it.
        folders.sort_by(|a, b| a.0.cmp(&b.0));
        folders.dedup_by(|later, earlier| {
            !earlier.0.is_empty() && later.0.starts_with(earlier.0.as_str())
        });
        let mut covered = vec![];
        for (prefix, why) in &folders {
            let listed = timed(cloud, cloud.list_objects(&bucket.bucket, prefix, 1000)).await;
            match allowed(listed, &mut items) {
                Ok(Some(keys)) if !keys.is_empty() => {
                    if why.deletes() {
                        covered.push(prefix.clone());
                    }
                    items.push(Item {
                        kind: ItemKind::Objects {
                            bucket: bucket.bucket.clone(),
                            prefix: prefix.clone(),
                        },
                        name: format!("s3://{}/{}", bucket.bucket, prefix),
                        state: keys.len().to_string(),
                        per_hour: PerHour::NotHourly,
                        why: *why,
                    });
                }
                Ok(_) | Err(CloudError::NotFound { .. }) => {}
                Err(e) => return Err(e),
            }
        }
        // The bucket itself only when nothing but what goes is in it: a bucket holding
        // anyone else's objects stays, and is not even listed.
        let only_going = |keys: &[String]| {
            keys.iter()
                .all(|k| covered.iter().any(|p| k.starts_with(p.as_str())))
        };
        let bucket_goes = bucket.delete_if_empty
            && match allowed(
                timed(cloud, cloud.list_objects(&bucket.bucket, "", 1000)).await,
                &mut items,
            ) {
                Ok(Some(keys)) => only_going(&keys),
                Ok(None) | Err(CloudError::NotFound { .. }) => false,
                Err(e) => return Err(e),
            };
        if bucket_goes {
            items.push(Item {
                kind: ItemKind::Bucket,
                name: bucket.bucket.clone(),
                state: String::new(),
                per_hour: PerHour::NotHourly,
                why: if learner.named(&bucket.bucket) {
                    Why::Named
                } else {
                    learner.shared()
                },
            });
        }
    }
    // Fixed names: the learner's when named for them, otherwise the class's.
    let fixed = |name: &str| {
        if learner.named(name) {
            Why::Named
        } else {
            learner.shared()
        }
    };
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
                why: fixed(db),
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
                why: fixed(role),
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
                why: Why::Listed,
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

/// How long cleanup waits for AWS to finish one thing (seconds on the cloud's clock).
const WAIT_ENDPOINT: f64 = 20.0 * 60.0;
const WAIT_NOTEBOOK_STOP: f64 = 15.0 * 60.0;
const WAIT_CLASSIFIER: f64 = 30.0 * 60.0;
const WAIT_STACK: f64 = 30.0 * 60.0;

/// What the deletion is doing, for whoever shows it.
#[derive(Clone, Debug, PartialEq)]
pub enum Progress {
    Deleted(Item),
    Failed(Item, CloudError),
    /// Waiting for `what` to be `until`, for `seconds` so far.
    Waiting {
        item: Item,
        until: &'static str,
        seconds: u64,
    },
}

/// Polls `done` until it says yes or `limit` seconds pass on the cloud's clock, telling
/// `progress` each round; `Ok(false)` when the time ran out.
async fn wait_for<F, Fut>(
    cloud: &dyn Cloud,
    item: &Item,
    until: &'static str,
    limit: f64,
    progress: &mut (dyn FnMut(Progress) + Send),
    mut done: F,
) -> CloudResult<bool>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = CloudResult<bool>>,
{
    let start = cloud.now();
    let mut pace = look_again_slowly(cloud);
    loop {
        if done().await? {
            return Ok(true);
        }
        let waited = cloud.now() - start;
        if waited >= limit {
            return Ok(false);
        }
        progress(Progress::Waiting {
            item: item.clone(),
            until,
            seconds: waited as u64,
        });
        tokio::time::sleep(pace.delay()).await;
    }
}

async fn gone(cloud: &dyn Cloud, kind: ResourceKind, name: &str) -> CloudResult<bool> {
    Ok(
        match timed(cloud, cloud.find(kind, name))
            .await?
            .into_iter()
            .find(|f| f.name == name)
        {
            None => true,
            Some(f) => f.status.as_deref() == Some("Deleted"),
        },
    )
}

async fn notebook_is(cloud: &dyn Cloud, name: &str, states: &[&str]) -> CloudResult<bool> {
    Ok(match timed(cloud, cloud.notebook(name)).await? {
        None => true,
        Some(nb) => states.contains(&nb.status.as_str()),
    })
}

fn timed_out(item: &Item, until: &str) -> CloudError {
    CloudError::Invalid(format!("{} is not {until} yet", item.name))
}

/// Deletes (or stops) one item as AWS requires: a notebook is stopped and waited for
/// before it is deleted, a training classifier is stopped first, a classifier still used
/// by an endpoint is retried until it is free. A bucket that still holds objects the
/// workshop did not write is left alone.
pub async fn delete(
    cloud: &dyn Cloud,
    item: &Item,
    progress: &mut (dyn FnMut(Progress) + Send),
) -> CloudResult<()> {
    match &item.kind {
        ItemKind::Resource {
            kind: ResourceKind::ComprehendClassifier,
        } => {
            let name = item.name.as_str();
            // Each round asks for it to go: a training one is stopped by that, one still
            // stopping or used by an endpoint is refused as in use, and asked again.
            let last = std::sync::Mutex::new(None);
            let freed = wait_for(cloud, item, "free", WAIT_CLASSIFIER, progress, || async {
                match timed(
                    cloud,
                    cloud.remove(ResourceKind::ComprehendClassifier, name),
                )
                .await
                {
                    Ok(()) => gone(cloud, ResourceKind::ComprehendClassifier, name).await,
                    Err(CloudError::InUse { what }) => {
                        if let Ok(mut last) = last.lock() {
                            *last = Some(what);
                        }
                        Ok(false)
                    }
                    Err(e) => Err(e),
                }
            })
            .await?;
            let last = last.into_inner().ok().flatten();
            if freed {
                Ok(())
            } else {
                Err(CloudError::InUse {
                    what: last.unwrap_or_else(|| item.name.clone()),
                })
            }
        }
        ItemKind::Job { kind } | ItemKind::Resource { kind } => {
            timed(cloud, cloud.remove(*kind, &item.name)).await?;
            if matches!(
                kind,
                ResourceKind::Endpoint | ResourceKind::ComprehendEndpoint
            ) {
                // Deleting takes minutes; what is built on it cannot go before.
                let done = wait_for(cloud, item, "deleted", WAIT_ENDPOINT, progress, || {
                    gone(cloud, *kind, &item.name)
                })
                .await?;
                if !done {
                    return Err(timed_out(item, "deleted"));
                }
            }
            Ok(())
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
        // Its stack deletes it, stopping it first.
        ItemKind::Notebook { stack: Some(_) } => Ok(()),
        ItemKind::Notebook { stack: None } => {
            let name = item.name.as_str();
            if !notebook_is(cloud, name, &["Stopped", "Failed"]).await? {
                match timed(cloud, cloud.stop_notebook(name)).await {
                    Ok(()) | Err(CloudError::NotFound { .. }) => {}
                    // Already stopping, or pending: the wait below decides.
                    Err(CloudError::Invalid(_)) => {}
                    Err(e) => return Err(e),
                }
                let stopped =
                    wait_for(cloud, item, "stopped", WAIT_NOTEBOOK_STOP, progress, || {
                        notebook_is(cloud, name, &["Stopped", "Failed"])
                    })
                    .await?;
                if !stopped {
                    return Err(timed_out(item, "stopped"));
                }
            }
            timed(cloud, cloud.delete_notebook(name)).await?;
            let done = wait_for(cloud, item, "deleted", WAIT_NOTEBOOK_STOP, progress, || {
                notebook_is(cloud, name, &[])
            })
            .await?;
            if done {
                Ok(())
            } else {
                Err(timed_out(item, "deleted"))
            }
        }
        // Log groups are listed, not deleted: they hold other jobs' logs too.
        ItemKind::LogGroup => Ok(()),
        ItemKind::Unchecked => Err(CloudError::AccessDenied {
            action: item.name.clone(),
        }),
        ItemKind::Stack => {
            timed(cloud, cloud.delete_stack(&item.name)).await?;
            let done = wait_for(cloud, item, "deleted", WAIT_STACK, progress, || async {
                Ok(timed(cloud, cloud.describe_stack(&item.name))
                    .await?
                    .is_none())
            })
            .await?;
            if done {
                Ok(())
            } else {
                Err(timed_out(item, "deleted"))
            }
        }
    }
}

/// Deletes the items cleanup may delete (`Why::deletes`), in order, telling `progress`
/// about each; the rest are left alone whatever the caller asked.
pub async fn carry_out(
    cloud: &dyn Cloud,
    items: &[Item],
    progress: &mut (dyn FnMut(Progress) + Send),
) -> Vec<(Item, CloudError)> {
    let mut failed = vec![];
    let mut order: Vec<&Item> = items.iter().filter(|i| i.why.deletes()).collect();
    order.sort_by_key(|i| i.rank());
    for item in order {
        if item.kind == ItemKind::LogGroup || item.kind == ItemKind::Unchecked {
            continue;
        }
        match delete(cloud, item, progress).await {
            Ok(()) => progress(Progress::Deleted(item.clone())),
            Err(e) => {
                tracing::warn!(name = item.name, error = %e, "could not delete");
                progress(Progress::Failed(item.clone(), e.clone()));
                failed.push((item.clone(), e));
            }
        }
    }
    failed
}

/// The proof after a cleanup: a fresh inventory by the same rules, after a bounded wait
/// for what is still on its way out; what it returns is what is still the learner's.
pub async fn proof(
    cloud: &dyn Cloud,
    scope: &CleanupSpec,
    learner: &Learner,
    prices: &Prices,
    region: &str,
) -> CloudResult<Vec<Item>> {
    let start = cloud.now();
    // A whole inventory per look, the heaviest thing labguide asks: from the poll interval,
    // doubling up to four of them, jittered like every waiting loop.
    let every = cloud.poll_interval();
    let mut pace = Backoff::new(every, every * 4).jitter(super::PACE_JITTER);
    loop {
        let left: Vec<Item> = inventory(cloud, scope, learner, prices, region)
            .await?
            .into_iter()
            .filter(crate::app::inventory::still_there)
            .collect();
        let leaving = left.iter().any(on_its_way_out);
        if !leaving || cloud.now() - start >= WAIT_ENDPOINT {
            return Ok(left);
        }
        tokio::time::sleep(pace.next_wait()).await;
    }
}

/// The cleanup action: deletes everything of the learner's in scope, then proves it.
pub(super) async fn clean(
    cloud: &dyn Cloud,
    workshop: &Workshop,
    scope: &CleanupSpec,
    learner: &Learner,
    vars: &BTreeMap<String, String>,
) -> Result<Report, Report> {
    let region = vars.get("region").cloned().unwrap_or_default();
    let items = inventory(cloud, scope, learner, &workshop.prices, &region)
        .await
        .map_err(Report::Cloud)?;
    let count = items.iter().filter(|i| i.why.deletes()).count();
    let failed = carry_out(cloud, &items, &mut |_| {}).await;
    let left = proof(cloud, scope, learner, &workshop.prices, &region)
        .await
        .map_err(Report::Cloud)?;
    match (left.is_empty(), failed.into_iter().next()) {
        (true, _) => Ok(Report::CleanedUp { count }),
        (false, Some((_, e))) => Err(Report::Cloud(e)),
        (false, None) => Err(Report::StillLeft {
            count: left.len(),
            names: left
                .into_iter()
                .take(3)
                .map(|i| i.name)
                .collect::<Vec<_>>()
                .join(", "),
        }),
    }
}

/// Names of what a fresh inventory still finds of the learner's: the `nothing_left`
/// check.
pub async fn left_over(
    cloud: &dyn Cloud,
    scope: &CleanupSpec,
    learner: &Learner,
    prices: &Prices,
    region: &str,
) -> CloudResult<Vec<String>> {
    Ok(inventory(cloud, scope, learner, prices, region)
        .await?
        .into_iter()
        .filter(crate::app::inventory::still_there)
        .map(|i| i.name)
        .collect())
}
