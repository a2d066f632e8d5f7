//! The class cleanup at the end of the day (`labguide class cleanup`): every learner in
//! the account, found by their stack, their notebook or their note on the class board,
//! each judged by the learner's own provenance rules as their own cleanup would be; then
//! learner by learner deleted and proven gone, and last what the class shares, once
//! nobody is left to keep it for. The plan is `app::class_cleanup`'s.

use std::collections::{BTreeMap, BTreeSet};

use super::cleanup::{Progress, carry_out, inventory, learner_for, proof};
use super::timed;
use crate::app::class::Learner as Note;
use crate::app::class_cleanup::{ClassPlan, plan};
use crate::app::inventory::{Item, ItemKind, total_per_hour};
use crate::app::provenance::{Learner, Why};
use crate::cloud::{Cloud, CloudError, CloudResult};
use crate::workshop::Workshop;
use crate::workshop::cleanup_scope::{ClassSpec, CleanupSpec};

/// Who is in the account: initials in the order found, and the notes they published.
#[derive(Clone, Debug, Default)]
pub struct Class {
    pub initials: Vec<String>,
    pub notes: Vec<Note>,
}

/// Every learner whose stack, notebook or class note is in the account.
pub async fn class_in(cloud: &dyn Cloud, spec: &ClassSpec, bucket: &str) -> CloudResult<Class> {
    let mut initials = BTreeSet::new();
    if !spec.stacks.is_empty() {
        for name in timed(cloud, cloud.stacks_named(&spec.stacks)).await? {
            initials.extend(name.strip_prefix(&spec.stacks).map(str::to_string));
        }
    }
    if !spec.notebooks.is_empty() {
        for name in timed(cloud, cloud.notebooks_named(&spec.notebooks)).await? {
            initials.extend(name.strip_prefix(&spec.notebooks).map(str::to_string));
        }
    }
    let notes = super::publish::read_class(cloud, bucket).await?;
    initials.extend(notes.iter().map(|n| n.initials.clone()));
    initials.remove("");
    Ok(Class {
        initials: initials.into_iter().collect(),
        notes,
    })
}

/// One learner as the class cleanup judges them.
#[derive(Clone, Debug)]
pub struct Judged {
    pub initials: String,
    pub scope: CleanupSpec,
    pub learner: Learner,
}

impl Judged {
    /// The learner as if no classmate were left: what the class shares is theirs to
    /// delete (`Why::Shared(0)`).
    fn alone(&self) -> Learner {
        Learner {
            classmates: 0,
            ..self.learner.clone()
        }
    }
}

/// Each learner's inventory by their own rules (`vars` are each learner's values for the
/// names), sorted into one plan. Labguide's record of what it created is on each
/// learner's machine, not here: judged by tag, role and name.
pub async fn judge_class(
    cloud: &dyn Cloud,
    workshop: &Workshop,
    vars: &[(String, BTreeMap<String, String>)],
    region: &str,
) -> CloudResult<(Vec<Judged>, ClassPlan)> {
    let mut judged = vec![];
    let mut inventories = vec![];
    for (initials, vars) in vars {
        let (scope, learner) = learner_for(cloud, workshop, vars, None).await?;
        let items = inventory(cloud, &scope, &learner, &workshop.prices, region).await?;
        inventories.push((initials.clone(), items));
        judged.push(Judged {
            initials: initials.clone(),
            scope,
            learner,
        });
    }
    // What the class shares, as it is once nobody is left to keep it for.
    let nobody_left = match judged.first() {
        Some(who) => inventory(cloud, &who.scope, &who.alone(), &workshop.prices, region).await?,
        None => vec![],
    };
    Ok((judged, plan(inventories, nobody_left)))
}

/// What became of one learner's part, or of the shared part (`initials` empty).
#[derive(Clone, Debug)]
pub struct PartResult {
    pub initials: String,
    pub deleted: usize,
    /// What the deleted items cost an hour, and whether some price is unknown.
    pub per_hour: (f64, bool),
    /// What the proof still finds.
    pub left: Vec<Item>,
    pub failed: Vec<(Item, CloudError)>,
}

/// What the caller is told as the cleanup goes.
pub enum ClassProgress<'a> {
    /// A learner's part begins (`None`: the shared part).
    Part(Option<&'a str>),
    Item(Progress),
    /// A part is done and proven.
    Done(&'a PartResult),
}

/// Carries out the plan: each learner's part, proven by a fresh inventory by their rules
/// (what the class shares does not count as theirs), then the shared part, proven with
/// nobody left to keep it for.
pub async fn carry_out_class(
    cloud: &dyn Cloud,
    workshop: &Workshop,
    judged: &[Judged],
    plan: &ClassPlan,
    region: &str,
    progress: &mut (dyn FnMut(ClassProgress) + Send),
) -> CloudResult<Vec<PartResult>> {
    let mut results = vec![];
    for (part, who) in plan.learners.iter().zip(judged) {
        progress(ClassProgress::Part(Some(&part.initials)));
        let failed = carry_out(cloud, &part.items, &mut |p| {
            progress(ClassProgress::Item(p))
        })
        .await;
        // Shared items are the class's, not the learner's: they go in the last part.
        let keep_shared = Learner {
            classmates: who.learner.classmates.max(1),
            ..who.learner.clone()
        };
        let left = proof(cloud, &who.scope, &keep_shared, &workshop.prices, region).await?;
        let result = PartResult {
            initials: part.initials.clone(),
            deleted: part.items.len() - failed.len(),
            per_hour: total_per_hour(&part.items),
            left,
            failed,
        };
        progress(ClassProgress::Done(&result));
        results.push(result);
    }
    progress(ClassProgress::Part(None));
    let mut failed = carry_out(cloud, &plan.shared, &mut |p| {
        progress(ClassProgress::Item(p))
    })
    .await;
    let mut deleted = plan.shared.len() - failed.len();
    // A workshop bucket that held only what has gone (every learner's folders and notes)
    // is empty now, and goes too, as the plan said.
    if let Some(who) = judged.first() {
        let emptied: Vec<Item> =
            inventory(cloud, &who.scope, &who.alone(), &workshop.prices, region)
                .await?
                .into_iter()
                .filter(|i| i.kind == ItemKind::Bucket && matches!(i.why, Why::Shared(_)))
                .filter(|i| {
                    !plan
                        .shared
                        .iter()
                        .any(|s| s.kind == i.kind && s.name == i.name)
                })
                .map(|i| Item {
                    why: Why::Shared(0),
                    ..i
                })
                .collect();
        let more = carry_out(cloud, &emptied, &mut |p| progress(ClassProgress::Item(p))).await;
        deleted += emptied.len() - more.len();
        failed.extend(more);
    }
    let left = match judged.first() {
        Some(who) => proof(cloud, &who.scope, &who.alone(), &workshop.prices, region)
            .await?
            .into_iter()
            .filter(|i| matches!(i.why, Why::Shared(_)))
            .collect(),
        None => vec![],
    };
    let result = PartResult {
        initials: String::new(),
        deleted,
        per_hour: total_per_hour(&plan.shared),
        left,
        failed,
    };
    progress(ClassProgress::Done(&result));
    results.push(result);
    Ok(results)
}
