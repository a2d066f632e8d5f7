//! Every message the code asks for exists in both languages, with the same variables, and
//! nothing rendered carries fluent's invisible isolation marks.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement};
use labguide::app::{HELP_KEYS, Intent};
use labguide::i18n::{EN_FTL, I18n, KO_FTL, Lang};
use labguide::workshop::{Action as TaskAction, Check};

/// Message id -> the variables its value uses.
fn messages(source: &str) -> BTreeMap<String, BTreeSet<String>> {
    let resource = fluent_syntax::parser::parse(source).expect("locale parses without errors");
    let mut out = BTreeMap::new();
    for entry in resource.body {
        if let Entry::Message(m) = entry {
            let mut vars = BTreeSet::new();
            if let Some(p) = &m.value {
                collect_vars(p, &mut vars);
            }
            out.insert(m.id.name.to_string(), vars);
        }
    }
    out
}

fn collect_vars(p: &Pattern<&str>, vars: &mut BTreeSet<String>) {
    for el in &p.elements {
        if let PatternElement::Placeable { expression } = el {
            collect_expr(expression, vars);
        }
    }
}

fn collect_expr(e: &Expression<&str>, vars: &mut BTreeSet<String>) {
    match e {
        Expression::Inline(InlineExpression::VariableReference { id }) => {
            vars.insert(id.name.to_string());
        }
        Expression::Select { selector, variants } => {
            if let InlineExpression::VariableReference { id } = selector {
                vars.insert(id.name.to_string());
            }
            for v in variants {
                collect_vars(&v.value, vars);
            }
        }
        _ => {}
    }
}

/// Message ids the code names: the literal id of every `tr!(..)` and `Notice::...(..)`.
fn ids_in_code() -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    let mut stack = vec![std::path::PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/src"
    ))];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            for marker in [
                "tr!(",
                "Notice::info(",
                "Notice::success(",
                "Notice::warning(",
                "Notice::error(",
            ] {
                for (i, _) in text.match_indices(marker) {
                    let rest = &text[i + marker.len()..];
                    if let Some(q) = rest.find('"') {
                        let lit = &rest[q + 1..];
                        if let Some(end) = lit.find('"') {
                            let id = &lit[..end];
                            if id
                                .chars()
                                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                                && id.contains('-')
                            {
                                ids.insert(id.to_string());
                            }
                        }
                    }
                }
            }
        }
    }
    ids
}

#[test]
fn both_locales_have_the_same_messages_and_variables() {
    let ko = messages(KO_FTL);
    let en = messages(EN_FTL);
    let ko_ids: BTreeSet<_> = ko.keys().collect();
    let en_ids: BTreeSet<_> = en.keys().collect();
    assert_eq!(
        ko_ids.difference(&en_ids).collect::<Vec<_>>(),
        Vec::<&&String>::new(),
        "only in ko"
    );
    assert_eq!(
        en_ids.difference(&ko_ids).collect::<Vec<_>>(),
        Vec::<&&String>::new(),
        "only in en"
    );
    for (id, vars) in &ko {
        assert_eq!(Some(vars), en.get(id), "variables of {id} differ");
    }
}

#[test]
fn every_message_the_code_uses_exists_in_both_locales() {
    let i18n = I18n::embedded();
    let mut used = ids_in_code();
    assert!(used.len() > 50, "the scan finds the ids ({})", used.len());
    used.extend(HELP_KEYS.iter().map(|(_, id)| id.to_string()));
    used.extend(
        TaskAction::KINDS
            .iter()
            .chain(Check::KINDS)
            .map(|k| format!("task-{k}")),
    );
    used.extend(
        labguide::workshop::task::Stage::NAMES
            .iter()
            .map(|s| format!("canary-{s}")),
    );
    for id in &used {
        for lang in Lang::ALL {
            assert!(i18n.has(lang, id), "{id} is missing in {lang}");
        }
    }
}

#[test]
fn no_rendered_screen_has_isolation_marks() {
    for lang in Lang::ALL {
        let mut app = common::app(lang);
        let steps = app.workshop.steps.len();
        for i in 0..steps {
            app.current = i;
            for action in [None, Some(Intent::Help)] {
                if let Some(a) = action.clone() {
                    labguide::app::update(&mut app, a);
                }
                let screen = common::render(&app);
                assert!(
                    !screen.contains('\u{2068}') && !screen.contains('\u{2069}'),
                    "step {i} {lang}:\n{screen}"
                );
                if action.is_some() {
                    labguide::app::update(&mut app, Intent::Close);
                }
            }
        }
    }
}

#[test]
fn every_message_formats_without_marks_in_both_languages() {
    let i18n = I18n::embedded();
    for (id, vars) in messages(EN_FTL) {
        let mut args = fluent_bundle::FluentArgs::new();
        for v in &vars {
            args.set(v.clone(), "X");
        }
        for lang in Lang::ALL {
            let s = i18n.format(lang, &id, Some(&args));
            assert!(
                !s.contains('\u{2068}') && !s.contains('\u{2069}'),
                "{id}: {s:?}"
            );
            assert!(
                !s.contains("{$") && !s.contains("{ $"),
                "{id} left a variable unfilled: {s:?}"
            );
        }
    }
}

#[test]
fn keys_that_do_different_things_have_different_names_in_each_language() {
    // The footers name keys by what they do; two keys with one name (Enter and c both
    // "확인") leave a learner guessing which one runs the checks.
    let i18n = I18n::embedded();
    let groups: &[&[&str]] = &[
        // Shown in one footer or the other, and both in the help.
        &["key-confirm", "key-check", "key-run", "key-open", "key-yes"],
        &["key-close", "key-cancel", "key-quit", "key-stay"],
    ];
    for lang in Lang::ALL {
        for group in groups {
            let mut seen: BTreeMap<String, &str> = BTreeMap::new();
            for id in *group {
                let label = i18n.format(lang, id, None);
                if let Some(other) = seen.insert(label.clone(), id) {
                    panic!("{lang:?}: {id} and {other} are both {label:?}");
                }
            }
        }
    }
}

/// Credentials that stop working say what to run, with the learner's profile, in both
/// languages; a skewed clock is named as the clock, not as access denied.
#[test]
fn expired_sign_ins_name_the_command_with_the_profile_and_skew_names_the_clock() {
    use labguide::cloud::CloudError;
    use labguide::ui::cloud_error;
    let i18n = I18n::embedded();
    for lang in [Lang::Ko, Lang::En] {
        let with = cloud_error(
            &CloudError::SsoExpired {
                profile: Some("workshop-kim".into()),
            },
            &i18n,
            lang,
        );
        assert!(
            with.contains("aws sso login --profile workshop-kim"),
            "{with}"
        );
        let without = cloud_error(&CloudError::SsoExpired { profile: None }, &i18n, lang);
        assert!(without.contains("aws sso login") && !without.contains("--profile"));
        let skew = cloud_error(&CloudError::ClockSkew, &i18n, lang);
        let denied = cloud_error(
            &CloudError::AccessDenied {
                action: "sagemaker:ListModels".into(),
            },
            &i18n,
            lang,
        );
        assert_ne!(skew, denied);
        assert!(
            skew.contains("NTP") || skew.contains("clock") || skew.contains("시계"),
            "{skew}"
        );
    }
}
