//! The learner's progress as data: what is saved between runs. Reading and writing it
//! is `store::progress`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::i18n::Lang;

/// A scroll position kept as "block and lines into it", so it survives a resize and a
/// change of language.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScrollPos {
    pub block: usize,
    pub offset: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SavedState {
    Done,
    Failed,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    pub version: u32,
    pub workshop: String,
    pub lang: Option<Lang>,
    pub current: Option<String>,
    #[serde(default)]
    pub steps: BTreeMap<String, SavedState>,
    #[serde(default)]
    pub scroll: BTreeMap<String, ScrollPos>,
    #[serde(default)]
    pub vars: BTreeMap<String, String>,
    #[serde(default)]
    pub side_by_side: bool,
    /// What the cost meter counted so far, in USD.
    #[serde(default)]
    pub accrued_usd: f64,
}

impl Progress {
    /// The version of the file this labguide writes and reads back.
    pub const VERSION: u32 = 1;

    pub fn new(workshop: &str) -> Progress {
        Progress {
            version: Progress::VERSION,
            workshop: workshop.to_string(),
            ..Progress::default()
        }
    }
}
