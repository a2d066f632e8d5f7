//! A cleanup plan: what a dry run found, written down so the real run deletes exactly
//! that and nothing the account grew since. Pure: reading and writing the file is the
//! CLI's.

use serde::{Deserialize, Serialize};

use super::inventory::{Item, ItemKind};

/// The plan file's format version; a plan of another version is refused.
pub const PLAN_VERSION: u32 = 1;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    pub labguide_cleanup_plan: u32,
    pub account: Option<String>,
    pub region: String,
    pub learner: String,
    /// Everything the dry run listed: what goes, what is kept, what is left alone.
    pub items: Vec<Item>,
}

/// Why a plan can no longer be carried out as written.
#[derive(Clone, Debug, PartialEq)]
pub enum Mismatch {
    Version(u32),
    /// Made for another account, region or learner: (what, planned, now).
    Target(&'static str, String, String),
    /// Planned to go, but no longer the learner's to delete (a classmate arrived, a tag
    /// changed).
    NoLongerYours(String),
    /// The learner's, found now, and not in the plan.
    New(String),
}

fn key(i: &Item) -> (&ItemKind, &str) {
    (&i.kind, i.name.as_str())
}

/// Compares the plan with a fresh inventory: the items to delete now (the plan's, with
/// their current state, without what has gone since), or why the plan no longer holds.
pub fn still_holds(
    plan: &Plan,
    account: Option<&str>,
    region: &str,
    learner: &str,
    fresh: &[Item],
) -> Result<Vec<Item>, Mismatch> {
    if plan.labguide_cleanup_plan != PLAN_VERSION {
        return Err(Mismatch::Version(plan.labguide_cleanup_plan));
    }
    let now_account = account.unwrap_or_default().to_string();
    if plan.account.as_deref().unwrap_or_default() != now_account {
        return Err(Mismatch::Target(
            "account",
            plan.account.clone().unwrap_or_default(),
            now_account,
        ));
    }
    if plan.region != region {
        return Err(Mismatch::Target(
            "region",
            plan.region.clone(),
            region.into(),
        ));
    }
    if plan.learner != learner {
        return Err(Mismatch::Target(
            "learner",
            plan.learner.clone(),
            learner.into(),
        ));
    }
    let planned: Vec<&Item> = plan.items.iter().filter(|i| i.why.deletes()).collect();
    let mut now = vec![];
    for p in &planned {
        match fresh.iter().find(|f| key(f) == key(p)) {
            None => {} // gone since: nothing to do
            Some(f) if !f.why.deletes() => return Err(Mismatch::NoLongerYours(f.name.clone())),
            Some(f) => now.push(f.clone()),
        }
    }
    if let Some(new) = fresh
        .iter()
        .filter(|f| f.why.deletes())
        .find(|f| !planned.iter().any(|p| key(p) == key(f)))
    {
        return Err(Mismatch::New(new.name.clone()));
    }
    Ok(now)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::inventory::PerHour;
    use crate::app::provenance::Why;
    use crate::cloud::ResourceKind;

    fn item(name: &str, why: Why) -> Item {
        Item {
            kind: ItemKind::Resource {
                kind: ResourceKind::Endpoint,
            },
            name: name.into(),
            state: "InService".into(),
            per_hour: PerHour::NotHourly,
            why,
        }
    }

    fn plan(items: Vec<Item>) -> Plan {
        Plan {
            labguide_cleanup_plan: PLAN_VERSION,
            account: Some("1".into()),
            region: "us-east-1".into(),
            learner: "kim".into(),
            items,
        }
    }

    #[test]
    fn a_plan_carries_out_what_it_says_and_skips_what_went() {
        let p = plan(vec![
            item("a", Why::Role),
            item("b", Why::Tagged),
            item("c", Why::NotYours),
        ]);
        let fresh = vec![item("a", Why::Role), item("c", Why::NotYours)];
        let now = still_holds(&p, Some("1"), "us-east-1", "kim", &fresh).unwrap();
        assert_eq!(now, vec![item("a", Why::Role)]);
    }

    #[test]
    fn a_changed_account_refuses_the_plan() {
        let p = plan(vec![item("a", Why::Shared(0))]);
        let shared_now = vec![item("a", Why::Shared(1))];
        assert_eq!(
            still_holds(&p, Some("1"), "us-east-1", "kim", &shared_now),
            Err(Mismatch::NoLongerYours("a".into()))
        );
        let grown = vec![item("a", Why::Shared(0)), item("z", Why::Role)];
        assert_eq!(
            still_holds(&p, Some("1"), "us-east-1", "kim", &grown),
            Err(Mismatch::New("z".into()))
        );
        assert!(matches!(
            still_holds(&p, Some("2"), "us-east-1", "kim", &[]),
            Err(Mismatch::Target("account", _, _))
        ));
        assert!(matches!(
            still_holds(&p, Some("1"), "us-east-1", "lee", &[]),
            Err(Mismatch::Target("learner", _, _))
        ));
        let mut old = p.clone();
        old.labguide_cleanup_plan = 9;
        assert_eq!(
            still_holds(&old, Some("1"), "us-east-1", "kim", &[]),
            Err(Mismatch::Version(9))
        );
    }

    #[test]
    fn a_plan_reads_back_as_written() {
        let p = plan(vec![item("a", Why::Shared(2)), item("b", Why::Recorded)]);
        let text = serde_json::to_string(&p).unwrap();
        let back: Plan = serde_json::from_str(&text).unwrap();
        assert_eq!(back, p);
    }
}
