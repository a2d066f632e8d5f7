//! The two locales checked against each other, for `labguide validate` and the test
//! suite: every message in both, with the same variables.

use super::Lang;

/// A difference between the two locales: a message only one has, or a message whose
/// variables differ. `labguide validate` reports these.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LocaleProblem {
    Missing {
        id: String,
        missing_in: Lang,
        line_in_other: usize,
    },
    Variables {
        id: String,
        line_ko: usize,
        line_en: usize,
    },
    Syntax {
        lang: Lang,
        line: usize,
        error: String,
    },
    /// A message defined twice: Fluent keeps the first and the second is never shown.
    Duplicate { id: String, lang: Lang, line: usize },
}

/// Message id -> (line, variables used), for one locale's source.
fn messages(
    source: &str,
    lang: Lang,
    problems: &mut Vec<LocaleProblem>,
) -> std::collections::BTreeMap<String, (usize, Vec<String>)> {
    use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement};
    fn vars(p: &Pattern<&str>, out: &mut Vec<String>) {
        for el in &p.elements {
            if let PatternElement::Placeable { expression } = el {
                match expression {
                    Expression::Inline(InlineExpression::VariableReference { id }) => {
                        out.push(id.name.to_string())
                    }
                    Expression::Select { selector, variants } => {
                        if let InlineExpression::VariableReference { id } = selector {
                            out.push(id.name.to_string());
                        }
                        variants.iter().for_each(|v| vars(&v.value, out));
                    }
                    _ => {}
                }
            }
        }
    }
    let line_of = |id: &str| {
        source
            .lines()
            .position(|l| l.starts_with(id) && l[id.len()..].trim_start().starts_with('='))
            .map_or(0, |i| i + 1)
    };
    let resource = match fluent_syntax::parser::parse(source) {
        Ok(r) => r,
        Err((r, errors)) => {
            for e in errors {
                let line = source[..e.pos.start.min(source.len())]
                    .matches('\n')
                    .count()
                    + 1;
                problems.push(LocaleProblem::Syntax {
                    lang,
                    line,
                    error: format!("{:?}", e.kind),
                });
            }
            r
        }
    };
    let mut out = std::collections::BTreeMap::new();
    for entry in resource.body {
        if let Entry::Message(m) = entry {
            let mut v = vec![];
            if let Some(p) = &m.value {
                vars(p, &mut v);
            }
            v.sort();
            v.dedup();
            if out.contains_key(m.id.name) {
                let line = source
                    .lines()
                    .enumerate()
                    .filter(|(_, l)| {
                        l.starts_with(m.id.name)
                            && l[m.id.name.len()..].trim_start().starts_with('=')
                    })
                    .nth(1)
                    .map_or(0, |(i, _)| i + 1);
                problems.push(LocaleProblem::Duplicate {
                    id: m.id.name.to_string(),
                    lang,
                    line,
                });
                continue;
            }
            out.insert(m.id.name.to_string(), (line_of(m.id.name), v));
        }
    }
    out
}

/// Compares the Korean and English locales.
pub fn check_locales(ko: &str, en: &str) -> Vec<LocaleProblem> {
    let mut problems = vec![];
    let k = messages(ko, Lang::Ko, &mut problems);
    let e = messages(en, Lang::En, &mut problems);
    for (id, (line, vars)) in &k {
        match e.get(id) {
            None => problems.push(LocaleProblem::Missing {
                id: id.clone(),
                missing_in: Lang::En,
                line_in_other: *line,
            }),
            Some((line_en, vars_en)) if vars_en != vars => {
                problems.push(LocaleProblem::Variables {
                    id: id.clone(),
                    line_ko: *line,
                    line_en: *line_en,
                })
            }
            Some(_) => {}
        }
    }
    for (id, (line, _)) in &e {
        if !k.contains_key(id) {
            problems.push(LocaleProblem::Missing {
                id: id.clone(),
                missing_in: Lang::Ko,
                line_in_other: *line,
            });
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{EN_FTL, KO_FTL};

    #[test]
    fn a_message_defined_twice_is_reported_at_its_second_line() {
        let ko = "a = 가\nb = 나\na = 다\n";
        let en = "a = A\nb = B\n";
        assert_eq!(
            check_locales(ko, en),
            vec![LocaleProblem::Duplicate {
                id: "a".into(),
                lang: Lang::Ko,
                line: 3,
            }]
        );
    }

    #[test]
    fn the_shipped_locales_agree() {
        assert_eq!(check_locales(KO_FTL, EN_FTL), vec![]);
    }

    #[test]
    fn locale_differences_are_found() {
        let ko = "a = 가 { $x }\nb = 나\n";
        let en = "a = A { $y }\nc = C\n";
        let p = check_locales(ko, en);
        assert!(p.contains(&LocaleProblem::Variables {
            id: "a".into(),
            line_ko: 1,
            line_en: 1
        }));
        assert!(p.contains(&LocaleProblem::Missing {
            id: "b".into(),
            missing_in: Lang::En,
            line_in_other: 2
        }));
        assert!(p.contains(&LocaleProblem::Missing {
            id: "c".into(),
            missing_in: Lang::Ko,
            line_in_other: 2
        }));
    }
}
