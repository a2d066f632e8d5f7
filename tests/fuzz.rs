//! Property tests: any input, no panic, and the invariants the UI relies on.

use proptest::prelude::*;

use labguide::i18n::{EN_FTL, I18n, Lang};
use labguide::markdown::{MdStyles, display_width, layout, parse};
use labguide::workshop::{Diagnostic, Severity, Source, load_with_diagnostics};

/// Markdown-ish text: the constructs the renderer handles, mixed with Korean, wide and
/// control characters and long tokens.
fn markdownish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("# ".to_string()),
        Just("\n".to_string()),
        Just("\n\n".to_string()),
        Just("- ".to_string()),
        Just("1. ".to_string()),
        Just("> ".to_string()),
        Just("> [!WARNING]\n".to_string()),
        Just("```bash\n".to_string()),
        Just("```\n".to_string()),
        Just("| a | 나 |\n|---|---|\n| 1 | 둘 |\n".to_string()),
        Just("**".to_string()),
        Just("`".to_string()),
        Just("[link](https://example.com/a/b)".to_string()),
        Just(
            "arn:aws:iam::123456789012:role/service-role/AmazonSageMaker-ExecutionRole".to_string()
        ),
        Just("\t".to_string()),
        "[가-힣]{1,12}",
        "[a-zA-Z0-9 ]{1,20}",
        any::<char>().prop_map(|c| c.to_string()),
    ];
    prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn markdown_never_panics_nor_spills(text in markdownish(), width in 1u16..=300) {
        let (doc, _) = parse(&text);
        let laid = layout(&doc, width, &MdStyles::default());
        for line in &laid.lines {
            let shown: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
            prop_assert!(display_width(&shown) <= usize::from(width), "{:?} at {}", shown, width);
        }
        for (line, mark, _) in &laid.links {
            prop_assert!(*line < laid.lines.len());
            prop_assert!(usize::from(mark.col + mark.width) <= usize::from(width));
        }
    }

    #[test]
    fn the_loader_never_panics_and_points_at_the_file(toml in "(format = 1\n)?(id = \"w\"\n)?[a-z=\\[\\]{}\"., \n0-9]{0,200}") {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("workshop.toml"), &toml).unwrap();
        let (_, diags) = load_with_diagnostics(&Source::Dir(dir.path().to_path_buf()));
        for d in diags {
            prop_assert!(d.file.starts_with(dir.path()), "{:?}", d.file);
        }
    }

    #[test]
    fn the_loader_reports_wrong_values_in_valid_toml(w in wrong_workshop()) {
        // Without the fault the workshop is clean: whatever is reported comes from it.
        let (loaded, clean) = load_model(&w, false);
        prop_assert!(loaded, "the fault-free workshop loads");
        let errors: Vec<_> = clean.iter().filter(|d| d.severity == Severity::Error).collect();
        prop_assert!(errors.is_empty(), "no error without the fault: {:#?}", errors);

        let (_, diags) = load_model(&w, true);
        let errors: Vec<_> = diags.iter().filter(|d| d.severity == Severity::Error).collect();
        prop_assert!(!errors.is_empty(), "{:?} gave no error", w.fault);
        let i18n = I18n::embedded();
        for d in &errors {
            // Said in both languages, with the file and, in workshop.toml, the line.
            for lang in Lang::ALL {
                let m = d.message(&i18n, lang);
                prop_assert!(!m.starts_with("diag-"), "{} has no words", m);
            }
        }
        let at_line = |file: &str| errors.iter().any(|d| d.file.ends_with(file) && d.line.is_some());
        let in_text = errors.iter().any(|d| d.file.extension().is_some_and(|e| e == "md"));
        prop_assert!(
            match w.fault {
                Fault::BrokenLink(_) => in_text,
                Fault::SimValue(..) => at_line("sim.toml"),
                _ => at_line("workshop.toml"),
            },
            "{:?}: {:#?}", w.fault, errors
        );
    }

    #[test]
    fn messages_format_with_any_arguments(value in ".{0,40}", number in any::<i64>()) {
        let i18n = I18n::embedded();
        let resource = fluent_syntax::parser::parse(EN_FTL).unwrap();
        for entry in resource.body {
            if let fluent_syntax::ast::Entry::Message(m) = entry {
                let mut args = fluent_bundle::FluentArgs::new();
                for name in ["stack", "count", "title", "name", "url", "kind", "what", "value", "min", "total"] {
                    args.set(name, value.clone());
                }
                args.set("count", number);
                for lang in Lang::ALL {
                    let s = i18n.format(lang, m.id.name, Some(&args));
                    prop_assert!(!s.contains('\u{2068}'), "isolation mark in {}", m.id.name);
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// Valid TOML with wrong values: a small clean workshop and one fault in it.

/// Actions and checks that are right as written.
const GOOD_ACTIONS: &[&str] = &[
    r#"{ kind = "delete_stack", stack = "${stack}" }"#,
    r#"{ kind = "open_notebook", notebook = "nb-${initial}" }"#,
    r#"{ kind = "create_comprehend_endpoint", classifier_prefix = "c-", name_prefix = "e-", inference_units = 2 }"#,
    r#"{ kind = "cleanup" }"#,
    r#"{ kind = "simulate_notebook", notebook_step = "nb" }"#,
];
const GOOD_CHECKS: &[&str] = &[
    r#"{ kind = "stack_status", stack = "${stack}", is = "CREATE_COMPLETE" }"#,
    r#"{ kind = "service_quota", quota_name = "q", min = 1 }"#,
    r#"{ kind = "bucket_exists", bucket = "b-${region}-${account}" }"#,
    r#"{ kind = "nothing_left" }"#,
];

/// One wrong value, of the kinds a workshop author gets wrong.
#[derive(Clone, Debug)]
enum Fault {
    /// A kind the vocabulary does not have.
    UnknownKind(String),
    /// `kind` that is not a string.
    KindNotString(i64),
    /// A required parameter of the wrong type (a TOML value that is not a string).
    WrongType(String),
    /// An optional parameter of the wrong type.
    WrongOptionalType(String),
    /// A required parameter left out.
    MissingParam(&'static str),
    /// A parameter the kind does not take.
    UnknownParam(String),
    /// A `${name}` no `[vars]` or `[ask]` defines.
    UnknownVariable(String),
    /// A check among the actions, or an action among the checks.
    WrongRole(bool),
    /// A step id that is not lowercase letters, digits and `-`.
    BadId(String),
    /// Two steps with one id.
    DuplicateId,
    /// A title with one language left blank.
    EmptyTitle(bool, String),
    /// A content format this labguide does not read.
    Format(i64),
    /// `format` written as a string.
    FormatNotInteger(String),
    /// A rule for typed values that does not exist.
    AskRule(String),
    /// A step title that is a string, not `{ ko, en }`.
    TitleNotTable(String),
    /// A top-level key the format does not have.
    UnknownTopKey(String),
    /// A link to a step that does not exist, in a step's text.
    BrokenLink(String),
    /// A notebook step played that sim.toml has no plan for.
    NoSimPlan(String),
    /// A wrong value in sim.toml: (what is written, what replaces it).
    SimValue(&'static str, String),
}

/// The sim plan every generated workshop has, for its `simulate_notebook` actions.
const GOOD_SIM: &str = r#"[nb]
roles = ["r"]
objects = [{ bucket = "b-${region}-${account}", keys = ["k"] }]

[[nb.create]]
kind = "training_job"
name = "job-"
seconds = 60
instance_count = 2
metrics = [{ name = "m", regex = "m=(.*)", from = 1.0, to = 0.0 }]
rules = ["R"]
log = "template"
log_line = "{line} m={m}"
"#;

#[derive(Clone, Debug)]
struct Wrong {
    /// Each step's actions and checks, as indices into the good lists.
    steps: Vec<(Vec<usize>, Vec<usize>)>,
    /// The step the fault goes in.
    at: usize,
    fault: Fault,
}

fn fault() -> impl Strategy<Value = Fault> {
    let not_a_string = prop_oneof![
        any::<i64>().prop_map(|i| i.to_string()),
        any::<bool>().prop_map(|b| b.to_string()),
        Just("[]".to_string()),
        Just(r#"["a", "b"]"#.to_string()),
        Just("{ a = 1 }".to_string()),
        Just("1.5".to_string()),
        Just("1979-05-27".to_string()),
    ];
    prop_oneof![
        "[a-z_]{1,12}".prop_map(|k| Fault::UnknownKind(format!("zz_{k}"))),
        any::<i64>().prop_map(Fault::KindNotString),
        not_a_string.clone().prop_map(Fault::WrongType),
        prop_oneof![
            Just(r#""two""#.to_string()),
            Just("[2]".to_string()),
            Just("true".to_string())
        ]
        .prop_map(Fault::WrongOptionalType),
        prop_oneof![Just("stack"), Just("is")].prop_map(Fault::MissingParam),
        "[a-z_]{1,12}".prop_map(|p| Fault::UnknownParam(format!("zz{p}"))),
        "[a-z_]{1,12}".prop_map(|v| Fault::UnknownVariable(format!("zz{v}"))),
        any::<bool>().prop_map(Fault::WrongRole),
        prop_oneof![
            "[A-Z][a-z]{0,6}",
            "-[a-z]{1,6}",
            "[a-z]{1,4}_[a-z]{1,4}",
            "[a-z]{1,4} [a-z]{1,4}",
            "[a-z]{1,4}\\.[a-z]{1,4}",
            "[가-힣]{1,3}",
            Just(String::new()),
        ]
        .prop_map(Fault::BadId),
        Just(Fault::DuplicateId),
        (any::<bool>(), prop_oneof![Just(String::new()), " {1,4}"])
            .prop_map(|(ko, blank)| Fault::EmptyTitle(ko, blank)),
        prop_oneof![2i64..1000, i64::MIN..1].prop_map(Fault::Format),
        prop_oneof![Just("1".to_string()), "[a-z]{1,6}"].prop_map(Fault::FormatNotInteger),
        "[a-z]{1,10}".prop_map(|r| Fault::AskRule(format!("zz{r}"))),
        "[a-z]{1,10}".prop_map(Fault::TitleNotTable),
        "[a-z]{1,10}".prop_map(|k| Fault::UnknownTopKey(format!("zz{k}"))),
        "[a-z]{1,10}".prop_map(|t| Fault::BrokenLink(format!("zz-{t}"))),
        "[a-z]{1,10}".prop_map(|t| Fault::NoSimPlan(format!("zz-{t}"))),
        prop_oneof![
            "[a-z]{1,10}".prop_map(|k| ("kind = \"training_job\"", format!("kind = \"zz{k}\""))),
            Just(("seconds = 60", String::new())),
            prop_oneof![
                Just("-1"),
                Just("0"),
                Just("\"sixty\""),
                Just("[60]"),
                Just("nan")
            ]
            .prop_map(|v| ("seconds = 60", format!("seconds = {v}"))),
            prop_oneof![Just("0"), Just("-3"), Just("1.5"), Just("\"two\"")]
                .prop_map(|v| ("instance_count = 2", format!("instance_count = {v}"))),
            Just(("regex = \"m=(.*)\"", "regex = \"m=.*\"".to_string())),
            Just(("regex = \"m=(.*)\"", "regex = \"m=(\"".to_string())),
            "[a-z]{1,8}".prop_map(|f| (
                "log_line = \"{line} m={m}\"",
                format!("log_line = \"{{zz{f}}}\"")
            )),
            "[a-z]{1,8}".prop_map(|l| ("log = \"template\"", format!("log = \"zz{l}\""))),
            Just(("log_line = \"{line} m={m}\"", String::new())),
            Just((
                "rules = [\"R\"]",
                "rules = [\"R\"]\nrules_finding_issues = [\"S\"]".to_string()
            )),
            "[a-z]{1,8}".prop_map(|v| ("b-${region}", format!("b-${{zz{v}}}"))),
            "[a-z]{1,8}".prop_map(|k| ("roles = [\"r\"]", format!("zz{k} = 1"))),
        ]
        .prop_map(|(from, to)| Fault::SimValue(from, to)),
    ]
}

fn wrong_workshop() -> impl Strategy<Value = Wrong> {
    let step = (
        prop::collection::vec(0..GOOD_ACTIONS.len(), 0..3),
        prop::collection::vec(0..GOOD_CHECKS.len(), 0..3),
    );
    (
        prop::collection::vec(step, 1..4),
        any::<prop::sample::Index>(),
        fault(),
    )
        .prop_map(|(steps, at, fault)| Wrong {
            at: at.index(steps.len()),
            steps,
            fault,
        })
}

/// The workshop as files: workshop.toml and each step's text, with or without the fault.
fn files(w: &Wrong, with_fault: bool) -> Vec<(String, String)> {
    let fault = with_fault.then_some(&w.fault);
    let mut toml = String::new();
    match fault {
        Some(Fault::Format(v)) => toml += &format!("format = {v}\n"),
        Some(Fault::FormatNotInteger(v)) => toml += &format!("format = \"{v}\"\n"),
        _ => toml += "format = 1\n",
    }
    toml += "id = \"wrong\"\ntitle = { ko = \"워크숍\", en = \"Workshop\" }\n";
    if let Some(Fault::UnknownTopKey(k)) = fault {
        toml += &format!("{k} = \"x\"\n");
    }
    toml += "\n[vars]\nstack = \"Stack\"\n\n[ask.initial]\nko = \"이니셜\"\nen = \"Initials\"\n";
    match fault {
        Some(Fault::AskRule(r)) => toml += &format!("rule = \"{r}\"\n"),
        _ => toml += "rule = \"name\"\n",
    }
    toml += "\n[[sections]]\nid = \"part\"\ntitle = { ko = \"부분\", en = \"Part\" }\n";
    let mut ids = vec![];
    let mut text = vec![];
    for (i, (actions, checks)) in w.steps.iter().enumerate() {
        let here = if i == w.at { fault } else { None };
        let id = match here {
            Some(Fault::BadId(id)) => id.clone(),
            _ => format!("s{i}"),
        };
        let mut actions: Vec<String> = actions
            .iter()
            .map(|a| GOOD_ACTIONS[*a].to_string())
            .collect();
        let mut checks: Vec<String> = checks.iter().map(|c| GOOD_CHECKS[*c].to_string()).collect();
        match here {
            Some(Fault::UnknownKind(k)) => actions.push(format!("{{ kind = \"{k}\" }}")),
            Some(Fault::KindNotString(k)) => checks.push(format!("{{ kind = {k} }}")),
            Some(Fault::WrongType(v)) => {
                checks.push(format!("{{ kind = \"stack_absent\", stack = {v} }}"))
            }
            Some(Fault::WrongOptionalType(v)) => actions.push(format!(
                "{{ kind = \"create_comprehend_endpoint\", classifier_prefix = \"c-\", name_prefix = \"e-\", inference_units = {v} }}"
            )),
            Some(Fault::MissingParam("stack")) => {
                checks.push(r#"{ kind = "stack_status", is = "CREATE_COMPLETE" }"#.into())
            }
            Some(Fault::MissingParam(_)) => {
                checks.push(r#"{ kind = "stack_status", stack = "x" }"#.into())
            }
            Some(Fault::UnknownParam(p)) => {
                checks.push(format!("{{ kind = \"stack_absent\", stack = \"x\", {p} = \"y\" }}"))
            }
            Some(Fault::UnknownVariable(v)) => {
                actions.push(format!("{{ kind = \"delete_stack\", stack = \"${{{v}}}\" }}"))
            }
            Some(Fault::NoSimPlan(step)) => actions.push(format!(
                "{{ kind = \"simulate_notebook\", notebook_step = \"{step}\" }}"
            )),
            Some(Fault::WrongRole(true)) => actions.push(GOOD_CHECKS[0].to_string()),
            Some(Fault::WrongRole(false)) => checks.push(GOOD_ACTIONS[0].to_string()),
            _ => {}
        }
        let title = match here {
            Some(Fault::EmptyTitle(true, blank)) => {
                format!("{{ ko = \"{blank}\", en = \"Step\" }}")
            }
            Some(Fault::EmptyTitle(false, blank)) => {
                format!("{{ ko = \"단계\", en = \"{blank}\" }}")
            }
            Some(Fault::TitleNotTable(t)) => format!("\"{t}\""),
            _ => "{ ko = \"단계\", en = \"Step\" }".to_string(),
        };
        toml += &format!(
            "\n[[sections.steps]]\nid = \"{id}\"\ntitle = {title}\nactions = [{}]\nchecks = [{}]\n",
            actions.join(", "),
            checks.join(", ")
        );
        let link = match here {
            Some(Fault::BrokenLink(t)) => format!("See [there](#{t}).\n"),
            _ => format!("See [the first step](#{}).\n", ids.first().unwrap_or(&id)),
        };
        if !ids.contains(&id) {
            text.push((id.clone(), link));
        }
        ids.push(id);
    }
    if let Some(Fault::DuplicateId) = fault {
        toml += "\n[[sections.steps]]\nid = \"s0\"\ntitle = { ko = \"또\", en = \"Again\" }\n";
    }
    let sim = match fault {
        Some(Fault::SimValue(from, to)) => GOOD_SIM.replace(from, to),
        _ => GOOD_SIM.to_string(),
    };
    let mut out = vec![
        ("workshop.toml".to_string(), toml),
        ("sim.toml".to_string(), sim),
    ];
    for (id, body) in text {
        for lang in ["ko", "en"] {
            out.push((
                format!("{lang}/{id}.md"),
                format!("Text of {id}.\n\n{body}"),
            ));
        }
    }
    out
}

/// Loads the workshop from a temporary folder: (loaded at all?, diagnostics).
fn load_model(w: &Wrong, with_fault: bool) -> (bool, Vec<Diagnostic>) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    for (rel, text) in files(w, with_fault) {
        let path = dir.path().join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("a folder");
        }
        std::fs::write(path, text).expect("a file");
    }
    let (workshop, diags) = load_with_diagnostics(&Source::Dir(dir.path().to_path_buf()));
    (workshop.is_some(), diags)
}
