//! What cleanup may touch, as the content declares it (`[cleanup]` in workshop.toml):
//! the stack, exact names and name prefixes; nothing else is ever touched. Finding and
//! deleting what is in scope is the runtime's.

use std::collections::BTreeMap;

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
