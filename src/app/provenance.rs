//! Whose a resource is. In a classroom account every learner's notebooks give their
//! resources the same SDK default names (`pytorch-training-…`), so a name alone never
//! makes anything the learner's: labguide's own record, the learner's tag, the learner's
//! notebook role, or the learner's own names do, in that order. Pure: the runtime
//! gathers the facts (`cloud::Owner`), this decides.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::cloud::Owner;

/// The tag labguide puts on what it creates, with the learner's initials.
pub use crate::cloud::LEARNER_TAG;
pub const WORKSHOP_TAG: &str = "labguide:workshop";

/// Why an item is the learner's, or why cleanup leaves it alone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "rule", content = "classmates")]
pub enum Why {
    /// labguide created it (the journal of created resources).
    Recorded,
    /// Tagged with the learner's initials by labguide.
    Tagged,
    /// It runs under the learner's notebook role.
    Role,
    /// Built on something of the learner's (an endpoint on their model).
    Uses,
    /// One of the learner's own names (their stack, notebook, prefix).
    Named,
    /// A fixed name the 2021 notebooks give every learner alike: it goes only when no
    /// classmate's workshop is in the account (`0`), otherwise it is kept for them.
    Shared(usize),
    /// A workshop-like name that no rule makes the learner's: never deleted.
    NotYours,
    /// Shown so the learner knows, never deleted (log groups shared by every job).
    Listed,
}

impl Why {
    pub fn is_mine(self) -> bool {
        matches!(
            self,
            Why::Recorded | Why::Tagged | Why::Role | Why::Uses | Why::Named
        )
    }

    /// Whether cleanup deletes what this rule judged.
    pub fn deletes(self) -> bool {
        self.is_mine() || self == Why::Shared(0)
    }
}

/// What makes a resource this learner's.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Learner {
    pub initials: String,
    pub workshop: String,
    /// The role their notebook runs as, while it exists.
    pub role_arn: Option<String>,
    /// Names their stack gives its role (`AIMLWorkshop-kim-NotebookExecutionRole-`):
    /// still theirs once the stack, and so the notebook, is gone.
    pub role_prefixes: Vec<String>,
    /// (kind, name) of everything labguide recorded creating.
    pub recorded: BTreeSet<(String, String)>,
    /// Names that are theirs by name: `lg-kim-`, their stack and notebook.
    pub own_prefixes: Vec<String>,
    /// Fixed-name roles every learner's notebook uses alike (`aws_sm_hol_Comprehend`):
    /// what runs under one is the class's, not anyone's in particular.
    pub shared_roles: Vec<String>,
    /// Other learners' workshops found in the account.
    pub classmates: usize,
}

/// The role's name in an ARN (`arn:aws:iam::1:role/path/name` → `name`).
fn role_name(arn: &str) -> &str {
    arn.rsplit('/').next().unwrap_or(arn)
}

impl Learner {
    pub fn owns_role(&self, arn: &str) -> bool {
        let name = role_name(arn);
        self.role_arn.as_deref().map(role_name) == Some(name)
            || self
                .role_prefixes
                .iter()
                .any(|p| !p.is_empty() && name.starts_with(p.as_str()))
    }

    fn tagged(&self, tags: &[(String, String)]) -> bool {
        let has = |key: &str, value: &str| tags.iter().any(|(k, v)| k == key && v == value);
        !self.initials.is_empty()
            && has(LEARNER_TAG, &self.initials)
            && has(WORKSHOP_TAG, &self.workshop)
    }

    /// The first rule that makes `name` (of `kind`, as the journal names kinds) the
    /// learner's. `parts` is what the resources it is built on were judged.
    pub fn judge(&self, kind: &str, name: &str, owner: Option<&Owner>, parts: &[Why]) -> Why {
        if self
            .recorded
            .contains(&(kind.to_string(), name.to_string()))
        {
            return Why::Recorded;
        }
        if let Some(owner) = owner {
            if self.tagged(&owner.tags) {
                return Why::Tagged;
            }
            if owner.role_arn.as_deref().is_some_and(|r| self.owns_role(r)) {
                return Why::Role;
            }
        }
        if parts.iter().any(|w| w.is_mine()) {
            return Why::Uses;
        }
        if self.named(name) {
            return Why::Named;
        }
        let shared_role = owner
            .and_then(|o| o.role_arn.as_deref())
            .is_some_and(|r| self.shared_roles.iter().any(|s| s == role_name(r)));
        if shared_role || parts.iter().any(|w| matches!(w, Why::Shared(_))) {
            return self.shared();
        }
        Why::NotYours
    }

    pub fn named(&self, name: &str) -> bool {
        self.own_prefixes
            .iter()
            .any(|p| !p.is_empty() && name.starts_with(p.as_str()))
    }

    pub fn shared(&self) -> Why {
        Why::Shared(self.classmates)
    }
}

/// Classmates: the initials of other learners' workshops, from their stack and notebook
/// names (`AIMLWorkshop-lee`, `sagemaker-hol-lab-lee`), without the learner's own.
pub fn classmates<'a>(
    names: impl IntoIterator<Item = (&'a str, &'a str)>,
    own_initials: &str,
) -> usize {
    names
        .into_iter()
        .filter_map(|(prefix, name)| name.strip_prefix(prefix))
        .filter(|initials| !initials.is_empty() && *initials != own_initials)
        .collect::<BTreeSet<_>>()
        .len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kim() -> Learner {
        Learner {
            initials: "kim".into(),
            workshop: "aws-aiml-hol".into(),
            role_arn: Some("arn:aws:iam::1:role/AIMLWorkshop-kim-NotebookExecutionRole-AB".into()),
            role_prefixes: vec!["AIMLWorkshop-kim-NotebookExecutionRole-".into()],
            recorded: [("endpoint".to_string(), "lg-kim-lab0-ep-1".to_string())].into(),
            own_prefixes: vec!["lg-kim-".into()],
            shared_roles: vec!["aws_sm_hol_Comprehend".into()],
            classmates: 0,
        }
    }

    fn owner(role: &str, tags: &[(&str, &str)]) -> Owner {
        Owner {
            role_arn: Some(role.into()),
            tags: tags
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            ..Owner::default()
        }
    }

    #[test]
    fn the_rules_apply_in_order() {
        let k = kim();
        let lee = "arn:aws:iam::1:role/AIMLWorkshop-lee-NotebookExecutionRole-CD";
        assert_eq!(
            k.judge("endpoint", "lg-kim-lab0-ep-1", None, &[]),
            Why::Recorded
        );
        let tagged = owner(lee, &[(LEARNER_TAG, "kim"), (WORKSHOP_TAG, "aws-aiml-hol")]);
        assert_eq!(k.judge("model", "m", Some(&tagged), &[]), Why::Tagged);
        let mine = owner(
            "arn:aws:iam::1:role/AIMLWorkshop-kim-NotebookExecutionRole-AB",
            &[],
        );
        assert_eq!(
            k.judge("training_job", "pytorch-training-1", Some(&mine), &[]),
            Why::Role
        );
        let theirs = owner(lee, &[]);
        assert_eq!(
            k.judge("endpoint", "x", Some(&theirs), &[Why::Role]),
            Why::Uses
        );
        assert_eq!(
            k.judge("endpoint", "lg-kim-x", Some(&theirs), &[]),
            Why::Named
        );
        assert_eq!(
            k.judge(
                "training_job",
                "pytorch-training-1",
                Some(&theirs),
                &[Why::NotYours]
            ),
            Why::NotYours
        );
    }

    #[test]
    fn a_tag_of_another_learner_or_workshop_is_not_mine() {
        let k = kim();
        let other = "arn:aws:iam::1:role/other";
        for tags in [
            vec![(LEARNER_TAG, "lee"), (WORKSHOP_TAG, "aws-aiml-hol")],
            vec![(LEARNER_TAG, "kim"), (WORKSHOP_TAG, "another-workshop")],
            vec![(LEARNER_TAG, "kim")],
        ] {
            assert_eq!(
                k.judge("model", "m", Some(&owner(other, &tags)), &[]),
                Why::NotYours
            );
        }
    }

    #[test]
    fn the_role_is_mine_by_the_notebooks_arn_or_my_stacks_role_name() {
        let mut k = kim();
        assert!(k.owns_role(
            "arn:aws:iam::1:role/service-role/AIMLWorkshop-kim-NotebookExecutionRole-AB"
        ));
        k.role_arn = None; // the stack, and so the notebook, is gone
        assert!(k.owns_role("arn:aws:iam::1:role/AIMLWorkshop-kim-NotebookExecutionRole-ZZ"));
        // A classmate whose initials start with mine is not me.
        assert!(!k.owns_role("arn:aws:iam::1:role/AIMLWorkshop-kim-2-NotebookExecutionRole-ZZ"));
        assert!(!k.owns_role("arn:aws:iam::1:role/AIMLWorkshop-kimberly-NotebookExecutionRole-Z"));
    }

    #[test]
    fn what_runs_under_the_class_role_is_shared() {
        let mut k = kim();
        let class = owner("arn:aws:iam::1:role/aws_sm_hol_Comprehend", &[]);
        assert_eq!(
            k.judge("comprehend_classifier", "c", Some(&class), &[]),
            Why::Shared(0)
        );
        k.classmates = 2;
        assert_eq!(
            k.judge("comprehend_classifier", "c", Some(&class), &[]),
            Why::Shared(2)
        );
        // An endpoint on a shared classifier is shared too.
        assert_eq!(
            k.judge("comprehend_endpoint", "e", None, &[Why::Shared(2)]),
            Why::Shared(2)
        );
    }

    #[test]
    fn shared_goes_only_without_classmates() {
        assert!(Why::Shared(0).deletes());
        assert!(!Why::Shared(2).deletes());
        assert!(!Why::NotYours.deletes() && !Why::Listed.deletes());
        assert!(Why::Uses.deletes());
    }

    #[test]
    fn classmates_are_counted_once_each_without_me() {
        let names = [
            ("AIMLWorkshop-", "AIMLWorkshop-kim"),
            ("AIMLWorkshop-", "AIMLWorkshop-lee"),
            ("sagemaker-hol-lab-", "sagemaker-hol-lab-lee"),
            ("sagemaker-hol-lab-", "sagemaker-hol-lab-park"),
            ("sagemaker-hol-lab-", "sagemaker-hol-lab-kim"),
        ];
        assert_eq!(classmates(names, "kim"), 2);
        assert_eq!(
            classmates([("AIMLWorkshop-", "AIMLWorkshop-kim")], "kim"),
            0
        );
    }
}
