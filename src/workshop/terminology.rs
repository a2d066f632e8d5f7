//! One word for one thing: `terminology.toml` beside workshop.toml names each term in
//! both languages and the variants to avoid, and validation reports every variant used in
//! the step texts, the workshop's own files and the interface's strings.

use serde::Deserialize;

use super::{Diagnostic, Problem, Severity, Source};
use crate::i18n::Lang;

pub const TERMS_FILE: &str = "terminology.toml";

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Terminology {
    #[serde(default, rename = "term")]
    pub terms: Vec<Term>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Term {
    pub ko: String,
    pub en: String,
    /// What the term stands for, and where it is used.
    pub means: String,
    #[serde(default)]
    pub avoid_ko: Vec<String>,
    #[serde(default)]
    pub avoid_en: Vec<String>,
    /// Longer words that contain a variant to avoid and are right (체크포인트).
    #[serde(default)]
    pub allow_ko: Vec<String>,
    #[serde(default)]
    pub allow_en: Vec<String>,
}

/// A variant to avoid, where it was found.
#[derive(Debug, PartialEq)]
pub struct Misuse {
    pub line: usize,
    pub found: String,
    pub instead: String,
}

impl Terminology {
    pub fn parse(text: &str) -> Result<Terminology, String> {
        toml::from_str(text).map_err(|e| e.to_string())
    }

    /// The workshop's table, or `None` when it has none (nothing is checked then).
    pub fn read(content: &Source) -> Option<Result<Terminology, String>> {
        content
            .read(TERMS_FILE)
            .ok()
            .map(|t| Terminology::parse(&t))
    }

    /// Every variant to avoid in `text` of language `lang`, by line. English variants
    /// match in any case; a variant inside an allowed longer word does not count.
    pub fn misuses(&self, text: &str, lang: Lang) -> Vec<Misuse> {
        let mut out = vec![];
        for (i, line) in text.lines().enumerate() {
            let folded = fold(line, lang);
            for term in &self.terms {
                let (avoid, allow, instead) = match lang {
                    Lang::Ko => (&term.avoid_ko, &term.allow_ko, &term.ko),
                    Lang::En => (&term.avoid_en, &term.allow_en, &term.en),
                };
                let allowed: Vec<(usize, usize)> = allow
                    .iter()
                    .flat_map(|a| {
                        let a = fold(a, lang);
                        folded
                            .match_indices(a.as_str())
                            .map(move |(at, m)| (at, at + m.len()))
                            .collect::<Vec<_>>()
                    })
                    .collect();
                for variant in avoid {
                    let v = fold(variant, lang);
                    for (at, m) in folded.match_indices(v.as_str()) {
                        let end = at + m.len();
                        if allowed.iter().any(|&(s, e)| s <= at && end <= e) {
                            continue;
                        }
                        out.push(Misuse {
                            line: i + 1,
                            found: variant.clone(),
                            instead: instead.clone(),
                        });
                    }
                }
            }
        }
        out
    }

    /// The table as CONTENT.md shows it.
    pub fn markdown_table(&self) -> String {
        let mut out = String::from("| 한국어 | English | what it is | not |\n|---|---|---|---|\n");
        for t in &self.terms {
            let avoid: Vec<&str> = t
                .avoid_ko
                .iter()
                .chain(&t.avoid_en)
                .map(String::as_str)
                .collect();
            out.push_str(&format!(
                "| {} | {} | {} | {} |\n",
                t.ko,
                t.en,
                t.means,
                avoid.join(", ")
            ));
        }
        out
    }

    /// Diagnostics for the misuses in `text`, reported against `file`.
    pub fn diagnostics(&self, file: &std::path::Path, text: &str, lang: Lang) -> Vec<Diagnostic> {
        self.misuses(text, lang)
            .into_iter()
            .map(|m| Diagnostic {
                severity: Severity::Error,
                file: file.to_path_buf(),
                line: Some(m.line),
                problem: Problem::AvoidedTerm {
                    found: m.found,
                    instead: m.instead,
                },
            })
            .collect()
    }
}

/// English compares without case; Korean has none. Lowercasing ASCII keeps byte offsets.
fn fold(text: &str, lang: Lang) -> String {
    match lang {
        Lang::En => text.to_ascii_lowercase(),
        Lang::Ko => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> Terminology {
        Terminology::parse(
            r#"
[[term]]
ko = "확인 항목"
en = "check"
means = "what labguide looks at"
avoid_ko = ["체크"]
allow_ko = ["체크포인트"]

[[term]]
ko = "데이터셋"
en = "dataset"
means = "data"
avoid_en = ["data set"]
"#,
        )
        .expect("the table parses")
    }

    #[test]
    fn a_variant_is_found_by_line_and_an_allowed_word_is_not() {
        let t = table();
        let text = "첫 줄입니다.\n체크를 누르세요. 체크포인트는 S3에 남습니다.\n";
        assert_eq!(
            t.misuses(text, Lang::Ko),
            [Misuse {
                line: 2,
                found: "체크".into(),
                instead: "확인 항목".into(),
            }]
        );
        assert!(t.misuses("체크포인트만 있습니다.", Lang::Ko).is_empty());
    }

    #[test]
    fn english_variants_match_in_any_case_and_only_in_english() {
        let t = table();
        assert_eq!(t.misuses("## The Data Set\n", Lang::En).len(), 1);
        assert!(t.misuses("The dataset is small.", Lang::En).is_empty());
        assert!(t.misuses("data set", Lang::Ko).is_empty());
    }

    #[test]
    fn an_unknown_field_is_a_syntax_problem() {
        assert!(
            Terminology::parse("[[term]]\nko = \"a\"\nen = \"b\"\nmeans = \"c\"\nforbid = []\n")
                .is_err()
        );
    }
}
