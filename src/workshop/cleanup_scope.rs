//! What cleanup may touch, as the content declares it (`[cleanup]` in workshop.toml):
//! the stack, exact names and name prefixes; nothing else is ever touched. Finding and
//! deleting what is in scope is the runtime's.

use std::collections::BTreeMap;

use crate::app::provenance::Learner;
use crate::cloud::ResourceKind;
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
    /// Names that are the learner's by name alone (`lg-${initial}-`, their S3 folder).
    /// Everything else found is the learner's only by record, tag or role (see
    /// `app::provenance`); roles, databases and folders with none of these are the
    /// class's, shared.
    #[serde(default)]
    pub own: Vec<String>,
    /// Name prefixes of the role the learner's stack makes, which their jobs run as.
    #[serde(default)]
    pub learner_roles: Vec<String>,
    /// How classmates' workshops show in the account.
    #[serde(default)]
    pub class: ClassSpec,
}

/// Prefixes of every learner's stack and notebook names, followed by their initials.
#[derive(Clone, Debug, Default, PartialEq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClassSpec {
    #[serde(default)]
    pub stacks: String,
    #[serde(default)]
    pub notebooks: String,
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
    /// The output folders of the learner's jobs and models in this bucket go too.
    #[serde(default)]
    pub job_outputs: bool,
}

/// The kind a prefix list is for, by its name in the content.
pub fn kind_named(name: &str) -> Option<ResourceKind> {
    ResourceKind::ALL.into_iter().find(|k| k.name() == name)
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
        own: fill(&spec.own)
            .into_iter()
            .filter(|p| !p.is_empty())
            .collect(),
        learner_roles: fill(&spec.learner_roles)
            .into_iter()
            .filter(|p| !p.is_empty())
            .collect(),
        class: spec.class.clone(),
        buckets: spec
            .buckets
            .iter()
            .filter_map(|b| {
                let bucket = fill(std::slice::from_ref(&b.bucket)).pop()?;
                Some(BucketSpec {
                    bucket,
                    prefixes: fill(&b.prefixes),
                    delete_if_empty: b.delete_if_empty,
                    job_outputs: b.job_outputs,
                })
            })
            .collect(),
    }
}

/// The learner as far as the content and labguide's own record tell (their live role and
/// classmates are looked up by the runtime): `scope` is resolved, `recorded` the journal's
/// (kind, name) pairs.
pub fn learner(
    scope: &CleanupSpec,
    vars: &BTreeMap<String, String>,
    workshop: &str,
    recorded: std::collections::BTreeSet<(String, String)>,
) -> Learner {
    Learner {
        initials: vars.get("initial").cloned().unwrap_or_default(),
        workshop: workshop.to_string(),
        role_arn: None,
        role_prefixes: scope.learner_roles.clone(),
        recorded,
        own_prefixes: scope.own.clone(),
        shared_roles: scope.iam_roles.clone(),
        classmates: 0,
    }
}
