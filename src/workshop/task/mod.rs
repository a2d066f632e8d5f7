//! Actions and checks as types: one struct per kind, gathered in the `Action` and `Check`
//! enums. The content names a kind with `kind = "..."` and gives its parameters; serde
//! decides what is required, what is optional and what type each one has, so a parameter
//! the code reads is one the loader has already checked.
//!
//! String parameters hold the text as written, `${var}` and all: the app shows and asks for
//! them before anything runs, and `substituted` gives the copy a runner carries out.
//!
//! A new kind is one entry in `actions.rs` or `checks.rs` (its struct, and one line in the
//! exhaustive `facts`/`watches` match there), its handler in the runner, and its words
//! (`task-<kind>`) in both locales.

mod actions;
mod checks;
mod de;

use std::collections::BTreeMap;

use serde::de::DeserializeOwned;

pub use actions::*;
pub use checks::*;

use super::substitute;

/// Values for `${name}`.
pub type Vars = BTreeMap<String, String>;

/// What a parameter must look like, for messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamType {
    Str,
    Int,
    Table,
    List,
    /// A string, one of these.
    OneOf(&'static [&'static str]),
}

impl ParamType {
    pub fn name(self) -> &'static str {
        match self {
            ParamType::Str | ParamType::OneOf(_) => "string",
            ParamType::Int => "integer",
            ParamType::Table => "table",
            ParamType::List => "array",
        }
    }
}

/// What was wrong with a task's parameters, as the loader reports it.
#[derive(Clone, Debug, PartialEq)]
pub enum ParamProblem {
    Missing(String),
    Unknown(String),
    BadType {
        param: String,
        expected: &'static str,
    },
    /// A string that is not one of the allowed values.
    BadValue {
        param: String,
        value: String,
        allowed: &'static [&'static str],
    },
    /// Anything else serde found (not expected from a table of parameters).
    Other(String),
}

/// Why a table is not an action (or a check).
#[derive(Clone, Debug, PartialEq)]
pub enum TaskError {
    /// No `kind`, or one that is not a string.
    NoKind,
    UnknownKind(String),
    /// A check's kind among the actions, or the other way round.
    WrongRole(String),
    /// The kind is known; these parameters are not right (never empty).
    Params(String, Vec<ParamProblem>),
}

/// One parameter's type: how it is checked, shown, searched for `${var}` and substituted.
pub trait Param: Sized {
    const TYPE: ParamType;
    /// A value of the right type, put in place of a wrong or missing one so that loading
    /// goes on and reports every problem of the task at once.
    fn placeholder() -> toml::Value;
    fn strings<'a>(&'a self, out: &mut Vec<&'a str>);
    fn substituted(&self, vars: &Vars) -> Self;
    /// The value as a task's label shows it, if it shows one.
    fn shown(&self, vars: &Vars) -> Option<String>;
}

impl Param for String {
    const TYPE: ParamType = ParamType::Str;
    fn placeholder() -> toml::Value {
        toml::Value::String(String::new())
    }
    fn strings<'a>(&'a self, out: &mut Vec<&'a str>) {
        out.push(self);
    }
    fn substituted(&self, vars: &Vars) -> Self {
        substitute(self, vars)
    }
    fn shown(&self, vars: &Vars) -> Option<String> {
        Some(substitute(self, vars))
    }
}

impl Param for u32 {
    const TYPE: ParamType = ParamType::Int;
    fn placeholder() -> toml::Value {
        toml::Value::Integer(1)
    }
    fn strings<'a>(&'a self, _: &mut Vec<&'a str>) {}
    fn substituted(&self, _: &Vars) -> Self {
        *self
    }
    fn shown(&self, _: &Vars) -> Option<String> {
        Some(self.to_string())
    }
}

impl<T: Param> Param for Option<T> {
    const TYPE: ParamType = T::TYPE;
    fn placeholder() -> toml::Value {
        T::placeholder()
    }
    fn strings<'a>(&'a self, out: &mut Vec<&'a str>) {
        if let Some(v) = self {
            v.strings(out);
        }
    }
    fn substituted(&self, vars: &Vars) -> Self {
        self.as_ref().map(|v| v.substituted(vars))
    }
    fn shown(&self, vars: &Vars) -> Option<String> {
        self.as_ref().and_then(|v| v.shown(vars))
    }
}

impl Param for Vec<String> {
    const TYPE: ParamType = ParamType::List;
    fn placeholder() -> toml::Value {
        toml::Value::Array(vec![])
    }
    fn strings<'a>(&'a self, out: &mut Vec<&'a str>) {
        out.extend(self.iter().map(String::as_str));
    }
    fn substituted(&self, vars: &Vars) -> Self {
        self.iter().map(|s| substitute(s, vars)).collect()
    }
    fn shown(&self, _: &Vars) -> Option<String> {
        None
    }
}

impl Param for BTreeMap<String, String> {
    const TYPE: ParamType = ParamType::Table;
    fn placeholder() -> toml::Value {
        toml::Value::Table(toml::Table::new())
    }
    fn strings<'a>(&'a self, out: &mut Vec<&'a str>) {
        out.extend(self.values().map(String::as_str));
    }
    fn substituted(&self, vars: &Vars) -> Self {
        self.iter()
            .map(|(k, v)| (k.clone(), substitute(v, vars)))
            .collect()
    }
    fn shown(&self, _: &Vars) -> Option<String> {
        None
    }
}

/// What every kind's struct can do with its parameters; written by `task_kinds!`.
pub trait Params: DeserializeOwned {
    fn param_type(name: &str) -> Option<ParamType>;
    fn placeholder(name: &str) -> Option<toml::Value>;
    fn strings<'a>(&'a self, out: &mut Vec<&'a str>);
    fn substituted(&self, vars: &Vars) -> Self;
    fn label_args(&self, vars: &Vars, out: &mut Vec<(&'static str, String)>);
}

/// Reads one kind's parameters, reporting every problem it can find, not just the first.
fn parse<T: Params>(kind: &str, table: &toml::Table) -> Result<T, TaskError> {
    let mut table = table.clone();
    table.remove("kind");
    let mut problems = vec![];
    // Each round fixes one problem; a task has a handful of parameters.
    for _ in 0..64 {
        let (param, problem) = match T::deserialize(de::TableDe(table.clone())) {
            Ok(task) if problems.is_empty() => return Ok(task),
            Ok(_) => break,
            Err(de::DeError::Unknown(param)) => {
                problems.push(ParamProblem::Unknown(param.clone()));
                table.remove(&param);
                continue;
            }
            Err(de::DeError::Missing(param)) => {
                (param.to_string(), ParamProblem::Missing(param.to_string()))
            }
            Err(de::DeError::Other(message)) => {
                problems.push(ParamProblem::Other(message));
                break;
            }
            Err(de::DeError::Bad(param)) => {
                let problem = match (T::param_type(&param), table.get(&param)) {
                    (Some(ParamType::OneOf(allowed)), Some(toml::Value::String(value))) => {
                        ParamProblem::BadValue {
                            param: param.clone(),
                            value: value.clone(),
                            allowed,
                        }
                    }
                    (ty, _) => ParamProblem::BadType {
                        param: param.clone(),
                        expected: ty.map_or("?", ParamType::name),
                    },
                };
                (param, problem)
            }
        };
        problems.push(problem);
        match T::placeholder(&param) {
            Some(v) => {
                table.insert(param, v);
            }
            None => break,
        }
    }
    Err(TaskError::Params(kind.to_string(), problems))
}

/// Declares the kinds of one role: a struct per kind, and the enum over them with its
/// name table, parsing, labels, variables and substitution.
macro_rules! task_kinds {
    (
        $(#[$enum_meta:meta])*
        pub enum $Enum:ident {
            $(
                $(#[$meta:meta])*
                $kind:literal => $Variant:ident {
                    $( $(#[$fmeta:meta])* $field:ident : $ty:ty ),* $(,)?
                }
            )*
        }
    ) => {
        $(
            $(#[$meta])*
            #[derive(Clone, Debug, PartialEq, serde::Deserialize)]
            #[serde(deny_unknown_fields)]
            pub struct $Variant {
                $( $(#[$fmeta])* pub $field: $ty, )*
            }

            #[allow(unused_variables)]
            impl $crate::workshop::task::Params for $Variant {
                fn param_type(name: &str) -> Option<$crate::workshop::task::ParamType> {
                    match name {
                        $( stringify!($field) => Some(<$ty as $crate::workshop::task::Param>::TYPE), )*
                        _ => None,
                    }
                }
                fn placeholder(name: &str) -> Option<toml::Value> {
                    match name {
                        $( stringify!($field) => Some(<$ty as $crate::workshop::task::Param>::placeholder()), )*
                        _ => None,
                    }
                }
                fn strings<'a>(&'a self, out: &mut Vec<&'a str>) {
                    $( $crate::workshop::task::Param::strings(&self.$field, out); )*
                }
                fn substituted(&self, vars: &$crate::workshop::task::Vars) -> Self {
                    Self { $( $field: $crate::workshop::task::Param::substituted(&self.$field, vars), )* }
                }
                fn label_args(
                    &self,
                    vars: &$crate::workshop::task::Vars,
                    out: &mut Vec<(&'static str, String)>,
                ) {
                    $(
                        if let Some(v) = $crate::workshop::task::Param::shown(&self.$field, vars) {
                            out.push((stringify!($field), v));
                        }
                    )*
                }
            }
        )*

        $(#[$enum_meta])*
        #[derive(Clone, Debug, PartialEq)]
        pub enum $Enum {
            $( $(#[$meta])* $Variant($Variant), )*
        }

        impl $Enum {
            /// Every kind's name, as the content writes it.
            pub const KINDS: &'static [&'static str] = &[$($kind),*];

            /// The kind's name, as the content writes it (and as its words are named).
            pub fn kind(&self) -> &'static str {
                match self {
                    $( Self::$Variant(_) => $kind, )*
                }
            }

            /// Reads a task from its table: `kind` picks the struct, serde reads the rest.
            pub(super) fn parse_kind(
                kind: &str,
                table: &toml::Table,
            ) -> Option<Result<Self, $crate::workshop::task::TaskError>> {
                use $crate::workshop::task::parse;
                match kind {
                    $( $kind => Some(parse::<$Variant>(kind, table).map(Self::$Variant)), )*
                    _ => None,
                }
            }

            /// Names of every `${var}` its parameters use, in order, repeats included.
            pub fn variables(&self) -> Vec<&str> {
                use $crate::workshop::task::Params;
                let mut strings = vec![];
                match self {
                    $( Self::$Variant(t) => t.strings(&mut strings), )*
                }
                strings.into_iter().flat_map($crate::workshop::variables_in).collect()
            }

            /// A copy with every `${var}` replaced from `vars`; unknown ones stay as written.
            pub fn substituted(&self, vars: &$crate::workshop::task::Vars) -> Self {
                use $crate::workshop::task::Params;
                match self {
                    $( Self::$Variant(t) => Self::$Variant(t.substituted(vars)), )*
                }
            }

            /// The parameters a label shows, substituted, by name.
            pub fn label_args(
                &self,
                vars: &$crate::workshop::task::Vars,
            ) -> Vec<(&'static str, String)> {
                use $crate::workshop::task::Params;
                let mut out = vec![];
                match self {
                    $( Self::$Variant(t) => t.label_args(vars, &mut out), )*
                }
                out
            }
        }
    };
}
use task_kinds;

impl Action {
    /// Reads an action from its table in workshop.toml.
    pub fn from_table(table: &toml::Table) -> Result<Action, TaskError> {
        let kind = kind_of(table)?;
        match Action::parse_kind(kind, table) {
            Some(r) => r,
            None if Check::KINDS.contains(&kind) => Err(TaskError::WrongRole(kind.to_string())),
            None => Err(TaskError::UnknownKind(kind.to_string())),
        }
    }
}

impl Check {
    /// Reads a check from its table in workshop.toml.
    pub fn from_table(table: &toml::Table) -> Result<Check, TaskError> {
        let kind = kind_of(table)?;
        match Check::parse_kind(kind, table) {
            Some(r) => r,
            None if Action::KINDS.contains(&kind) => Err(TaskError::WrongRole(kind.to_string())),
            None => Err(TaskError::UnknownKind(kind.to_string())),
        }
    }
}

fn kind_of(table: &toml::Table) -> Result<&str, TaskError> {
    match table.get("kind") {
        Some(toml::Value::String(k)) => Ok(k),
        _ => Err(TaskError::NoKind),
    }
}

/// An action or a check of a step, where either will do (labels, the values they need).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Task<'a> {
    Action(&'a Action),
    Check(&'a Check),
}

impl<'a> Task<'a> {
    pub fn kind(&self) -> &'static str {
        match self {
            Task::Action(a) => a.kind(),
            Task::Check(c) => c.kind(),
        }
    }

    /// Every value it needs: the `${var}`s of its parameters and what it reads besides.
    pub fn variables(&self) -> Vec<&'a str> {
        match *self {
            Task::Action(a) => {
                let mut vars = a.variables();
                vars.extend(a.facts().needs);
                vars
            }
            Task::Check(c) => c.variables(),
        }
    }

    pub fn label_args(&self, vars: &Vars) -> Vec<(&'static str, String)> {
        match self {
            Task::Action(a) => a.label_args(vars),
            Task::Check(c) => c.label_args(vars),
        }
    }

    /// What the step's live view follows because of this task: a kind of resource and the
    /// name prefix as written.
    pub fn watches(&self) -> Option<(crate::cloud::ResourceKind, &'a str)> {
        match *self {
            Task::Action(a) => a.facts().watches,
            Task::Check(c) => c.watches(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(text: &str) -> toml::Table {
        toml::from_str(text).expect("test table parses")
    }

    #[test]
    fn a_table_becomes_its_kind() {
        let a = Action::from_table(&table(
            r#"kind = "create_stack"
stack = "${stack}"
template = "t.yml"
parameters = { Initial = "${initial}" }"#,
        ))
        .unwrap();
        let Action::CreateStack(s) = &a else {
            panic!("{a:?}")
        };
        assert_eq!(s.stack, "${stack}");
        assert!(s.capabilities.is_empty());
        assert_eq!(a.variables(), ["stack", "initial"]);
        let vars: Vars = [("stack".into(), "S".into()), ("initial".into(), "k".into())].into();
        let Action::CreateStack(s) = a.substituted(&vars) else {
            panic!()
        };
        assert_eq!(s.stack, "S");
        assert_eq!(s.parameters["Initial"], "k");
    }

    #[test]
    fn every_problem_of_a_task_is_reported() {
        let e = Check::from_table(&table(
            r#"kind = "service_quota"
quota_name = 3
extra = "x"
other = 1"#,
        ));
        let Err(TaskError::Params(kind, problems)) = e else {
            panic!("{e:?}")
        };
        assert_eq!(kind, "service_quota");
        assert!(problems.contains(&ParamProblem::Unknown("extra".into())));
        assert!(problems.contains(&ParamProblem::Unknown("other".into())));
        assert!(problems.contains(&ParamProblem::BadType {
            param: "quota_name".into(),
            expected: "string"
        }));
        assert!(problems.contains(&ParamProblem::Missing("min".into())));
        assert_eq!(problems.len(), 4, "{problems:?}");
    }

    #[test]
    fn kinds_roles_and_values() {
        let t = |s: &str| table(s);
        assert_eq!(
            Action::from_table(&t(r#"kind = "stack_status""#)),
            Err(TaskError::WrongRole("stack_status".into()))
        );
        assert_eq!(
            Check::from_table(&t(r#"kind = "stack_statuz""#)),
            Err(TaskError::UnknownKind("stack_statuz".into()))
        );
        assert_eq!(Check::from_table(&t("stack = 1")), Err(TaskError::NoKind));
        assert_eq!(
            Action::from_table(&t(r#"kind = "canary_stage"
endpoint_prefix = "e-"
stage = "split-60-40""#)),
            Err(TaskError::Params(
                "canary_stage".into(),
                vec![ParamProblem::BadValue {
                    param: "stage".into(),
                    value: "split-60-40".into(),
                    allowed: Stage::NAMES,
                }]
            ))
        );
        assert_eq!(
            Action::from_table(&t(r#"kind = "create_comprehend_endpoint"
classifier_prefix = "c-"
name_prefix = "e-"
inference_units = -1"#)),
            Err(TaskError::Params(
                "create_comprehend_endpoint".into(),
                vec![ParamProblem::BadType {
                    param: "inference_units".into(),
                    expected: "integer",
                }]
            ))
        );
    }

    #[test]
    fn no_kind_is_both_an_action_and_a_check() {
        for k in Action::KINDS {
            assert!(!Check::KINDS.contains(k), "{k}");
        }
    }
}
