use crate::cloud::{CloudError, ResourceKind};

/// The outcome of an action or check, as data; it is put into words only when drawn
/// (`ui::report`), so it follows the language the learner switches to.
#[derive(Clone, Debug, PartialEq)]
pub enum Report {
    StackCreated {
        stack: String,
    },
    StackDeleted {
        stack: String,
    },
    StackStatus {
        stack: String,
        actual: String,
        expected: String,
    },
    StackFailed {
        stack: String,
        status: String,
        reason: Option<String>,
    },
    StackMissing {
        stack: String,
    },
    StackStillThere {
        stack: String,
        status: String,
    },
    NotebookStatus {
        notebook: String,
        actual: String,
        expected: String,
    },
    NotebookMissing {
        notebook: String,
    },
    Cloud(CloudError),
    UnsetVariable {
        name: String,
    },
    TemplateUnreadable {
        path: String,
        error: String,
    },
    Matches {
        what: String,
        status: String,
    },
    DatasetReadable {
        uri: String,
        objects: usize,
    },
    DatasetForbidden {
        uri: String,
    },
    DatasetMissing {
        uri: String,
    },
    DatasetEmpty {
        uri: String,
    },
    QuotaEnough {
        quota: String,
        value: f64,
    },
    QuotaTooLow {
        quota: String,
        value: f64,
        min: f64,
    },
    QuotaUnknown {
        quota: String,
    },
    /// The newest resource of a kind with this prefix is not in the wanted state yet.
    ResourceStatus {
        kind: ResourceKind,
        name: String,
        status: String,
        expected: String,
    },
    ResourceMissing {
        kind: ResourceKind,
        prefix: String,
    },
    BucketMissing {
        bucket: String,
    },
    BucketExists {
        bucket: String,
    },
    ObjectsMissing {
        bucket: String,
        prefix: String,
    },
    ObjectsFound {
        count: usize,
    },
    /// A sign-in link to the notebook's Jupyter (valid for a short while).
    NotebookUrl {
        url: String,
    },
    NotebookStarting {
        notebook: String,
    },
    NotebookStopping {
        notebook: String,
    },
    /// Playing a notebook step is for the simulated AWS; on AWS the notebook does it.
    SimOnly,
    Started {
        kind: ResourceKind,
        name: String,
    },
    CleanedUp {
        count: usize,
    },
    NothingLeft,
    StillLeft {
        count: usize,
        names: String,
    },
    CanaryStage {
        endpoint: String,
        stage: String,
    },
    Simulated {
        count: usize,
    },
}

impl Report {
    /// Reports worth showing even when all went well: they carry what the learner needs.
    pub fn is_informative(&self) -> bool {
        matches!(
            self,
            Report::NotebookUrl { .. }
                | Report::DatasetReadable { .. }
                | Report::QuotaEnough { .. }
                | Report::Started { .. }
        )
    }
}
