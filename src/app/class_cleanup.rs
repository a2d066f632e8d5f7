//! The class cleanup's one plan, from every learner's inventory (each judged by the
//! learner's own provenance rules, `app::provenance`): what goes learner by learner, what
//! the class shares (it goes last, once nobody works any more), and what no learner's
//! rules make theirs (left alone). Pure: the inventories are taken, and the plan carried
//! out, by `runtime::cleanup`.

use std::collections::BTreeSet;

use super::inventory::{Item, ItemKind};
use super::provenance::Why;

/// One learner's part of the plan.
#[derive(Clone, Debug, PartialEq)]
pub struct LearnerPart {
    pub initials: String,
    /// What the learner's rules make theirs, in deletion order.
    pub items: Vec<Item>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ClassPlan {
    pub learners: Vec<LearnerPart>,
    /// The fixed names every learner's notebook uses alike, once each: deleted after all
    /// the learners' parts, as `Why::Shared(0)` (nobody is left to keep them for).
    pub shared: Vec<Item>,
    /// Found, and nobody's by any learner's rules: never deleted.
    pub foreign: Vec<Item>,
    /// Lookups the instructor's permissions refused: not proven either way.
    pub unchecked: Vec<Item>,
}

type Key = (ItemKind, String);

fn key(i: &Item) -> Key {
    (i.kind.clone(), i.name.clone())
}

/// Sorts each learner's inventory into the plan. An item two learners' rules both claim
/// is the first one's (it goes once); a shared item one learner's rules make theirs is
/// theirs. `nobody_left` is an inventory judged as if no classmate were left: it alone
/// lists a bucket that goes once everything shared in it goes.
pub fn plan(inventories: Vec<(String, Vec<Item>)>, nobody_left: Vec<Item>) -> ClassPlan {
    let mut claimed: BTreeSet<Key> = BTreeSet::new();
    let mut learners = vec![];
    for (initials, items) in &inventories {
        let mut theirs: Vec<Item> = items
            .iter()
            .filter(|i| i.why.is_mine() && deletable(i) && claimed.insert(key(i)))
            .cloned()
            .collect();
        theirs.sort_by_key(Item::rank);
        learners.push(LearnerPart {
            initials: initials.clone(),
            items: theirs,
        });
    }
    let mut plan = ClassPlan {
        learners,
        ..ClassPlan::default()
    };
    let mut seen = claimed;
    let all = || {
        inventories
            .iter()
            .flat_map(|(_, items)| items.iter())
            .chain(nobody_left.iter())
    };
    for item in all() {
        if item.kind == ItemKind::Unchecked {
            if seen.insert(key(item)) {
                plan.unchecked.push(item.clone());
            }
        } else if matches!(item.why, Why::Shared(_)) && deletable(item) && seen.insert(key(item)) {
            plan.shared.push(Item {
                why: Why::Shared(0),
                ..item.clone()
            });
        }
    }
    for item in all() {
        if item.why == Why::NotYours && seen.insert(key(item)) {
            plan.foreign.push(item.clone());
        }
    }
    plan.shared.sort_by_key(Item::rank);
    plan
}

/// Log groups are listed only, and what could not be looked at cannot be deleted.
fn deletable(item: &Item) -> bool {
    !matches!(item.kind, ItemKind::LogGroup | ItemKind::Unchecked)
}

impl ClassPlan {
    /// How many items the plan deletes, learners' and shared.
    pub fn to_delete(&self) -> usize {
        self.learners.iter().map(|l| l.items.len()).sum::<usize>() + self.shared.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::inventory::PerHour;
    use crate::cloud::ResourceKind;

    fn item(kind: ItemKind, name: &str, why: Why) -> Item {
        Item {
            kind,
            name: name.into(),
            state: "InService".into(),
            per_hour: PerHour::NotHourly,
            why,
        }
    }

    fn endpoint(name: &str, why: Why) -> Item {
        item(
            ItemKind::Resource {
                kind: ResourceKind::Endpoint,
            },
            name,
            why,
        )
    }

    #[test]
    fn each_learner_gets_their_own_the_shared_go_once_and_foreign_stay() {
        let role = |why| item(ItemKind::IamRole, "aws_sm_hol_Comprehend", why);
        let stranger = endpoint("pytorch-training-9", Why::NotYours);
        let kim = vec![
            item(ItemKind::Stack, "AIMLWorkshop-kim", Why::Named),
            endpoint("lg-kim-ep", Why::Recorded),
            endpoint("pytorch-training-1", Why::Role),
            endpoint("pytorch-training-2", Why::NotYours),
            role(Why::Shared(1)),
            stranger.clone(),
            item(
                ItemKind::LogGroup,
                "/aws/sagemaker/TrainingJobs",
                Why::Listed,
            ),
        ];
        let lee = vec![
            item(ItemKind::Stack, "AIMLWorkshop-lee", Why::Named),
            endpoint("pytorch-training-1", Why::NotYours),
            endpoint("pytorch-training-2", Why::Role),
            role(Why::Shared(1)),
            stranger.clone(),
            item(ItemKind::Unchecked, "iam:GetRole", Why::Listed),
        ];
        let bucket = item(ItemKind::Bucket, "sagemaker-experiments-1", Why::Shared(0));
        let p = plan(
            vec![("kim".into(), kim), ("lee".into(), lee)],
            vec![role(Why::Shared(0)), bucket.clone()],
        );
        let names = |items: &[Item]| items.iter().map(|i| i.name.clone()).collect::<Vec<_>>();
        // In deletion order: endpoints before the stack.
        assert_eq!(
            names(&p.learners[0].items),
            ["lg-kim-ep", "pytorch-training-1", "AIMLWorkshop-kim"]
        );
        assert_eq!(
            names(&p.learners[1].items),
            ["pytorch-training-2", "AIMLWorkshop-lee"]
        );
        // In deletion order too: the bucket before the role.
        assert_eq!(p.shared, vec![bucket, role(Why::Shared(0))]);
        assert_eq!(p.foreign, vec![stranger]);
        assert_eq!(names(&p.unchecked), ["iam:GetRole"]);
        assert_eq!(p.to_delete(), 7);
    }

    #[test]
    fn what_two_learners_claim_goes_once() {
        let both = endpoint("lg-kim-ep", Why::Tagged);
        let p = plan(
            vec![
                ("kim".into(), vec![both.clone()]),
                ("kim-2".into(), vec![both.clone()]),
            ],
            vec![],
        );
        assert_eq!(p.learners[0].items, vec![both]);
        assert!(p.learners[1].items.is_empty());
        assert!(p.shared.is_empty() && p.foreign.is_empty());
    }
}
