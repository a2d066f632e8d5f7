//! The vocabulary of actions and checks that content may name. Content only names and
//! parameterises these; behaviour lives in Rust. A kind known here but not yet built is
//! "pending": validation says so, and the app shows it as pending instead of pretending.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Action,
    Check,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamType {
    Str,
    Int,
    Table,
    List,
}

#[derive(Debug)]
pub struct KindSpec {
    pub name: &'static str,
    pub role: Role,
    pub required: &'static [(&'static str, ParamType)],
    pub optional: &'static [(&'static str, ParamType)],
    pub implemented: bool,
}

use ParamType::*;
use Role::*;

const fn kind(
    name: &'static str,
    role: Role,
    required: &'static [(&'static str, ParamType)],
    optional: &'static [(&'static str, ParamType)],
    implemented: bool,
) -> KindSpec {
    KindSpec {
        name,
        role,
        required,
        optional,
        implemented,
    }
}

pub const KINDS: &[KindSpec] = &[
    kind(
        "create_stack",
        Action,
        &[("stack", Str), ("template", Str)],
        &[("parameters", Table), ("capabilities", List)],
        true,
    ),
    kind("delete_stack", Action, &[("stack", Str)], &[], true),
    kind("start_notebook", Action, &[("notebook", Str)], &[], true),
    kind("stop_notebook", Action, &[("notebook", Str)], &[], true),
    kind("open_notebook", Action, &[("notebook", Str)], &[], true),
    kind(
        "simulate_notebook",
        Action,
        &[("notebook_step", Str)],
        &[],
        true,
    ),
    kind(
        "start_automl_job",
        Action,
        &[("name_prefix", Str), ("target", Str), ("input_uri", Str)],
        &[],
        true,
    ),
    kind(
        "start_comprehend_classifier",
        Action,
        &[("name_prefix", Str), ("input_uri", Str), ("role", Str)],
        &[],
        true,
    ),
    kind(
        "create_comprehend_endpoint",
        Action,
        &[("classifier_prefix", Str), ("name_prefix", Str)],
        &[("inference_units", Int)],
        true,
    ),
    kind(
        "deploy_endpoint",
        Action,
        &[
            ("job_prefix", Str),
            ("name_prefix", Str),
            ("instance_type", Str),
        ],
        &[],
        true,
    ),
    kind(
        "canary_stage",
        Action,
        &[("endpoint_prefix", Str), ("stage", Str)],
        &[],
        true,
    ),
    kind(
        "delete_workshop_endpoints",
        Action,
        &[("prefixes", List)],
        &[],
        true,
    ),
    kind("cleanup", Action, &[], &[], true),
    kind(
        "stack_status",
        Check,
        &[("stack", Str), ("is", Str)],
        &[],
        true,
    ),
    kind("stack_absent", Check, &[("stack", Str)], &[], true),
    kind(
        "notebook_status",
        Check,
        &[("notebook", Str), ("is", Str)],
        &[],
        true,
    ),
    kind("dataset_reachable", Check, &[("uri", Str)], &[], true),
    kind(
        "service_quota",
        Check,
        &[("quota_name", Str), ("min", Int)],
        &[("service_code", Str)],
        true,
    ),
    kind(
        "training_job_status",
        Check,
        &[("name_prefix", Str), ("is", Str)],
        &[],
        true,
    ),
    kind(
        "processing_job_status",
        Check,
        &[("name_prefix", Str), ("is", Str)],
        &[],
        true,
    ),
    kind(
        "automl_job_status",
        Check,
        &[("name_prefix", Str), ("is", Str)],
        &[],
        true,
    ),
    kind(
        "comprehend_classifier_status",
        Check,
        &[("name_prefix", Str), ("is", Str)],
        &[],
        true,
    ),
    kind(
        "endpoint_status",
        Check,
        &[("name_prefix", Str), ("is", Str)],
        &[],
        true,
    ),
    kind("bucket_exists", Check, &[("bucket", Str)], &[], true),
    kind(
        "objects_exist",
        Check,
        &[("bucket", Str), ("prefix", Str)],
        &[],
        true,
    ),
    kind("nothing_left", Check, &[], &[], true),
];

pub fn find(name: &str) -> Option<&'static KindSpec> {
    KINDS.iter().find(|k| k.name == name)
}

impl ParamType {
    pub fn matches(self, value: &toml::Value) -> bool {
        matches!(
            (self, value),
            (Str, toml::Value::String(_))
                | (Int, toml::Value::Integer(_))
                | (Table, toml::Value::Table(_))
                | (List, toml::Value::Array(_))
        )
    }

    pub fn name(self) -> &'static str {
        match self {
            Str => "string",
            Int => "integer",
            Table => "table",
            List => "array",
        }
    }
}
