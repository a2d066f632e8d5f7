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
    EndpointsGone {
        prefix: String,
    },
    /// Endpoints still there, each as `name (status)`.
    EndpointsLeft {
        names: Vec<String>,
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
    /// The images of a launch have no registry in the region; `known` lists those with one.
    RegionUnknown {
        region: String,
        known: String,
    },
    /// A launch refused before anything started: the instance type is not offered in the
    /// region. `instead` describes the next-best choice that works, if any.
    InstanceNotOffered {
        instance_type: String,
        region: String,
        instead: Option<Box<Alternative>>,
    },
    /// A launch refused before anything started: the quota allows fewer instances.
    LaunchQuota {
        instance_type: String,
        have: f64,
        need: u32,
        instead: Option<Box<Alternative>>,
    },
    /// A launch refused before anything started: what it reads is not there (yet).
    DataNotReady {
        uri: String,
    },
    /// Data copied into the learner's prefix.
    Copied {
        count: usize,
        from: String,
        to: String,
    },
    /// None of the data sources could be read; `tried` lists them.
    NoSourceReadable {
        tried: String,
    },
    /// What an endpoint answered about samples: one (true label, answer) per sample.
    Answers {
        endpoint: String,
        answers: Vec<(String, String)>,
    },
    /// The samples file is not the JSON labguide sends (`labels`, `instances`).
    SamplesUnreadable {
        uri: String,
    },
    /// An Athena query under way, or done.
    Query(Box<QueryReport>),
    /// An Athena query failed or was cancelled; `reason` in Athena's words.
    QueryFailed {
        query: String,
        state: String,
        reason: String,
    },
    /// An endpoint serves other variants than the one a finished canary leaves.
    VariantsLeft {
        endpoint: String,
        only: String,
        variants: Vec<String>,
    },
    /// The variant that should have taken over has answered no request yet.
    VariantServedNothing {
        endpoint: String,
        variant: String,
    },
    /// Test requests sent to an endpoint so far: how many, how many failed, and how many
    /// each variant answered.
    Traffic {
        endpoint: String,
        sent: u32,
        failed: u32,
        by_variant: Vec<(String, u32)>,
    },
    /// A lab's code could not be packed.
    CodeUnreadable {
        path: String,
        error: String,
    },
}

/// An Athena query's state, the data it has scanned and what that costs (`None`: no
/// price for the region); once it has succeeded, its first rows and where its results are.
#[derive(Clone, Debug, PartialEq)]
pub struct QueryReport {
    pub query: String,
    pub state: String,
    pub scanned_bytes: u64,
    pub cost: Option<f64>,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Option<String>>>,
    pub output: Option<String>,
}

/// The next-best way to run a job whose first choice cannot start.
#[derive(Clone, Debug, PartialEq)]
pub struct Alternative {
    /// Its place among the job's fallbacks, counted from 1, as `--var <job>-fallback=N`
    /// chooses it.
    pub index: usize,
    pub job: String,
    pub instance_type: String,
    pub instance_count: u32,
    pub per_hour: Option<f64>,
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
                | Report::Copied { .. }
                | Report::Answers { .. }
                | Report::Query(_)
                | Report::Traffic { .. }
        )
    }
}
