//! The actions a step may declare: what labguide does when the learner starts one.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::{Param, ParamType, Vars, task_kinds};
use crate::cloud::ResourceKind;

task_kinds! {
    /// Something labguide does when the learner starts it. Nothing runs on its own.
    pub enum Action {
        /// Creates a CloudFormation stack from a template shipped beside the content.
        "create_stack" => CreateStack {
            stack: String,
            /// Relative to the folder that holds the content folder.
            template: String,
            #[serde(default)]
            parameters: BTreeMap<String, String>,
            #[serde(default)]
            capabilities: Vec<String>,
            /// A folder shipped beside the content (`assets/labs`) uploaded under
            /// `upload_to` before the stack is made, for the stack's instances to copy.
            upload: Option<String>,
            upload_to: Option<String>,
        }
        "delete_stack" => DeleteStack { stack: String }
        "start_notebook" => StartNotebook { notebook: String }
        "stop_notebook" => StopNotebook { notebook: String }
        /// Shows a presigned Jupyter URL.
        "open_notebook" => OpenNotebook { notebook: String }
        /// Simulated AWS only: plays the work a notebook does.
        "simulate_notebook" => SimulateNotebook { notebook_step: String }
        "start_automl_job" => StartAutomlJob {
            name_prefix: String,
            target: String,
            input_uri: String,
        }
        "start_comprehend_classifier" => StartComprehendClassifier {
            name_prefix: String,
            input_uri: String,
            /// A role name in the account, or a whole ARN; without one, the learner's own
            /// role that the stack made for Comprehend (its output ComprehendRoleArn).
            role: Option<String>,
        }
        "create_comprehend_endpoint" => CreateComprehendEndpoint {
            classifier_prefix: String,
            name_prefix: String,
            /// One when not given.
            inference_units: Option<u32>,
        }
        /// Deploys the model of the newest completed training job with the prefix.
        "deploy_endpoint" => DeployEndpoint {
            job_prefix: String,
            name_prefix: String,
            instance_type: String,
            /// A serving image of assets/images.toml; without one, the training image's
            /// `-inference` sibling.
            image: Option<String>,
        }
        /// Classifies the first `count` (5) reviews of a CSV in S3 with a header naming
        /// `label` and `text` columns through the newest Comprehend endpoint in service
        /// with the prefix, and shows each answer beside the true label.
        "ask_comprehend" => AskComprehend {
            endpoint_prefix: String,
            samples: String,
            label: String,
            text: String,
            count: Option<u32>,
        }
        /// Deploys the best candidate of the newest completed Autopilot job with the prefix.
        "deploy_automl" => DeployAutoml {
            job_prefix: String,
            name_prefix: String,
            instance_type: String,
        }
        /// One stage of lab 2's canary rollout.
        "canary_stage" => CanaryStage {
            endpoint_prefix: String,
            stage: Stage,
            /// On the split: VariantB serves the model of the newest completed training
            /// job with this prefix (another run); without it, the model serving now.
            new_model_job: Option<String>,
            /// The serving image of that model (assets/images.toml); without one, the
            /// training image's `-inference` sibling.
            image: Option<String>,
        }
        /// Deletes endpoints (SageMaker's and Comprehend's), their configurations and
        /// models with one of the prefixes: only the learner's.
        "delete_workshop_endpoints" => DeleteWorkshopEndpoints { prefixes: Vec<String> }
        /// The whole inventory-driven cleanup.
        "cleanup" => Cleanup {}
        /// Copies the first of `from` that can be read (an S3 object or prefix) into `to`,
        /// the learner's own prefix: the data a lab's jobs read.
        "copy_data" => CopyData { from: Vec<String>, to: String }
        /// Sends the samples at `samples` (JSON: `labels` and `instances`) to the newest
        /// endpoint with the prefix and shows what it answers beside the true labels.
        "ask_endpoint" => AskEndpoint {
            endpoint_prefix: String,
            samples: String,
            /// `application/json` (`{"instances": [...]}`), `text/csv` (one row each), or
            /// an image type for samples that list `files` (one request each).
            content_type: String,
            /// The samples are in the output of the newest completed training job with this
            /// prefix: `{job}` in `samples` becomes its name, and a `.tar.gz` is read for
            /// `samples/samples.json` and the files it lists.
            samples_job: Option<String>,
        }
        /// Sends one Athena statement of jobs.toml (`[queries.<id>]`), shows its state,
        /// the data it scanned and what that costs as it runs, then its first rows.
        "run_query" => RunQuery { query: String }
        /// Sends the samples at `samples` to the newest endpoint in service with the prefix,
        /// one sample a request, a request every `every_ms` (1000), and counts which variant
        /// answered each: the gentle traffic a canary needs to show its split. It runs
        /// until the learner leaves the step, or `minutes` (20) have passed.
        "send_traffic" => SendTraffic {
            endpoint_prefix: String,
            samples: String,
            content_type: String,
            every_ms: Option<u32>,
            minutes: Option<u32>,
        }
        /// Starts a job of jobs.toml: packs and uploads its code, checks that it can start
        /// (quota, region, data), then starts it, named and tagged for the learner.
        "launch_job" => LaunchJob {
            job: String,
            /// Which of the job's fallbacks to run instead (1 = the first), as a failed
            /// preflight offers them.
            fallback: Option<u32>,
        }
    }
}

/// What an action is to the app before it runs: whether it asks first, what it bills,
/// what the live view follows. One arm per kind, so a new kind decides all of it here.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Facts<'a> {
    pub confirm: Confirm,
    /// What it starts that bills by the hour (asked about first, with the price).
    pub bills: Option<Bills<'a>>,
    /// What the step's live view follows: a kind of resource and its prefix as written.
    pub watches: Option<(ResourceKind, &'a str)>,
    /// It creates or deletes a stack, whose resources the activity pane lists.
    pub stack: bool,
    /// Values it reads beyond its own parameters (`${initial}` for the names it gives),
    /// so the app asks for them before it runs.
    pub needs: &'static [&'static str],
}

/// The question an action asks before it runs, if it is not about money.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Confirm {
    #[default]
    No,
    /// It deletes (only what the workshop created, still said out loud).
    Delete,
    /// It changes a serving endpoint's traffic.
    Change,
}

/// How what an action starts is priced.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Bills<'a> {
    /// An instance type (as written, `${var}` and all) by the hour.
    Instance(&'a str),
    /// A named price from prices.toml, times a number of units.
    Priced { price: &'static str, units: u32 },
    /// A job of jobs.toml: its instance type times its count, by the hour.
    Job(&'a str),
    /// Bills, but no single figure can be given in advance.
    Unknown,
}

impl Action {
    pub fn facts(&self) -> Facts<'_> {
        use Action as A;
        use ResourceKind as K;
        let quiet = Facts::default();
        match self {
            A::CreateStack(_) | A::DeleteStack(_) => Facts {
                stack: true,
                ..quiet
            },
            A::StartNotebook(_)
            | A::StopNotebook(_)
            | A::OpenNotebook(_)
            | A::SimulateNotebook(_) => quiet,
            // Autopilot runs as many training jobs as it decides: no single figure.
            A::StartAutomlJob(_) => Facts {
                bills: Some(Bills::Unknown),
                needs: &["initial", "stack"],
                ..quiet
            },
            A::StartComprehendClassifier(t) => Facts {
                bills: Some(Bills::Priced {
                    price: crate::workshop::prices::COMPREHEND_TRAINING_HOUR,
                    units: 1,
                }),
                watches: Some((K::ComprehendClassifier, t.name_prefix.as_str())),
                needs: &["stack"],
                ..quiet
            },
            A::CreateComprehendEndpoint(t) => Facts {
                bills: Some(Bills::Priced {
                    price: crate::workshop::prices::COMPREHEND_ENDPOINT_UNIT_HOUR,
                    units: t.inference_units.unwrap_or(1),
                }),
                watches: Some((K::ComprehendEndpoint, t.name_prefix.as_str())),
                ..quiet
            },
            A::DeployEndpoint(t) => Facts {
                bills: Some(Bills::Instance(&t.instance_type)),
                ..quiet
            },
            A::DeployAutoml(t) => Facts {
                bills: Some(Bills::Instance(&t.instance_type)),
                ..quiet
            },
            A::CanaryStage(t) => Facts {
                confirm: Confirm::Change,
                watches: Some((K::Endpoint, t.endpoint_prefix.as_str())),
                ..quiet
            },
            // Its names hold the initials; its role is the stack's.
            A::LaunchJob(t) => Facts {
                bills: Some(Bills::Job(&t.job)),
                needs: &["initial", "stack"],
                ..quiet
            },
            A::CopyData(_) => quiet,
            // Its SQL names the learner's database and folder. Billed by the data it
            // scans, which the action shows as it runs, not by the hour.
            A::RunQuery(_) => Facts {
                needs: &["initial"],
                ..quiet
            },
            A::AskEndpoint(t) => Facts {
                watches: Some((K::Endpoint, t.endpoint_prefix.as_str())),
                ..quiet
            },
            // Requests to a real-time endpoint are not billed one by one: its instances
            // bill by the hour whether it is asked or not.
            // A custom classifier's endpoint bills by the inference unit and hour, not
            // by the request.
            A::AskComprehend(t) => Facts {
                watches: Some((K::ComprehendEndpoint, t.endpoint_prefix.as_str())),
                ..quiet
            },
            A::SendTraffic(t) => Facts {
                watches: Some((K::Endpoint, t.endpoint_prefix.as_str())),
                ..quiet
            },
            A::DeleteWorkshopEndpoints(_) | A::Cleanup(_) => Facts {
                confirm: Confirm::Delete,
                ..quiet
            },
        }
    }
}

/// The stages of a canary rollout on one endpoint.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
pub enum Stage {
    /// A new configuration with VariantA and VariantB, half the traffic each.
    #[serde(rename = "split-50-50")]
    Split,
    /// All traffic to VariantB (the new model), none to VariantA, in place. The name is
    /// the weights' order in the 2021 notebook, which shifted back to VariantA instead.
    #[serde(rename = "shift-100-0")]
    Shift,
    /// A new configuration with VariantB alone.
    #[serde(rename = "single-variant")]
    Single,
}

impl Stage {
    pub const NAMES: &'static [&'static str] = &["split-50-50", "shift-100-0", "single-variant"];

    /// The name as the content writes it (and as its words are named: `canary-<name>`).
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Split => "split-50-50",
            Stage::Shift => "shift-100-0",
            Stage::Single => "single-variant",
        }
    }
}

impl Param for Stage {
    const TYPE: ParamType = ParamType::OneOf(Stage::NAMES);
    fn placeholder() -> toml::Value {
        toml::Value::String(Stage::Split.as_str().into())
    }
    fn strings<'a>(&'a self, _: &mut Vec<&'a str>) {}
    fn substituted(&self, _: &Vars) -> Self {
        *self
    }
    fn shown(&self, _: &Vars) -> Option<String> {
        Some(self.as_str().to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stage_names_agree() {
        for (i, s) in [Stage::Split, Stage::Shift, Stage::Single]
            .iter()
            .enumerate()
        {
            assert_eq!(s.as_str(), Stage::NAMES[i]);
            let v: Stage = serde::Deserialize::deserialize(serde::de::value::StrDeserializer::<
                serde::de::value::Error,
            >::new(s.as_str()))
            .unwrap();
            assert_eq!(v, *s);
        }
    }
}
