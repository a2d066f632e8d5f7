//! The checks a step may declare: conditions verified in the account before the step
//! counts as done.

use super::task_kinds;
use crate::cloud::ResourceKind;

task_kinds! {
    /// A condition labguide verifies in the account (real or simulated).
    pub enum Check {
        "stack_status" => StackStatus { stack: String, is: String }
        "stack_absent" => StackAbsent { stack: String }
        "notebook_status" => NotebookStatus { notebook: String, is: String }
        /// The S3 URI can be read with the learner's credentials.
        "dataset_reachable" => DatasetReachable { uri: String }
        "service_quota" => ServiceQuota {
            /// `sagemaker` when not given.
            service_code: Option<String>,
            quota_name: String,
            min: u32,
        }
        "training_job_status" => TrainingJobStatus { name_prefix: String, is: String }
        "processing_job_status" => ProcessingJobStatus { name_prefix: String, is: String }
        "automl_job_status" => AutomlJobStatus { name_prefix: String, is: String }
        "comprehend_classifier_status" => ComprehendClassifierStatus {
            name_prefix: String,
            is: String,
        }
        "endpoint_status" => EndpointStatus { name_prefix: String, is: String }
        "bucket_exists" => BucketExists { bucket: String }
        "objects_exist" => ObjectsExist { bucket: String, prefix: String }
        /// The newest endpoint with the prefix is in service with `only` as its one
        /// variant, and that variant has answered requests: a canary finished, not just an
        /// endpoint that exists.
        "endpoint_serves_only" => EndpointServesOnly { name_prefix: String, only: String }
        /// No SageMaker or Comprehend endpoint whose name starts with the prefix is left:
        /// a lab's wrap-up done, not only read.
        "endpoints_gone" => EndpointsGone { name_prefix: String }
        /// The inventory finds nothing of the workshop.
        "nothing_left" => NothingLeft {}
    }
}

impl Check {
    /// What the step's live view follows because of this check: the `*_status` checks
    /// look at the newest resource of a kind whose name starts with a prefix.
    pub fn watches(&self) -> Option<(ResourceKind, &str)> {
        use Check as C;
        use ResourceKind as K;
        match self {
            C::TrainingJobStatus(t) => Some((K::TrainingJob, t.name_prefix.as_str())),
            C::ProcessingJobStatus(t) => Some((K::ProcessingJob, t.name_prefix.as_str())),
            C::AutomlJobStatus(t) => Some((K::AutoMlJob, t.name_prefix.as_str())),
            C::ComprehendClassifierStatus(t) => {
                Some((K::ComprehendClassifier, t.name_prefix.as_str()))
            }
            C::EndpointStatus(t) => Some((K::Endpoint, t.name_prefix.as_str())),
            C::EndpointServesOnly(t) => Some((K::Endpoint, t.name_prefix.as_str())),
            C::StackStatus(_)
            | C::StackAbsent(_)
            | C::NotebookStatus(_)
            | C::DatasetReachable(_)
            | C::ServiceQuota(_)
            | C::BucketExists(_)
            | C::ObjectsExist(_)
            | C::EndpointsGone(_)
            | C::NothingLeft(_) => None,
        }
    }
}
