//! `labguide validate`: the content and the interface's own strings checked, every
//! problem with its file and line.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::i18n::{I18n, Lang};
use crate::tr;
use crate::workshop::{self, Severity, Source};

pub fn run(source: &Source, i18n: &I18n, lang: Lang) -> ExitCode {
    let (workshop, mut diags) = workshop::load_with_diagnostics(source);
    if let Some(w) = &workshop {
        diags.extend(workshop::authoring_diagnostics(source, w));
    }
    if let Some(w) = &workshop {
        diags.extend(hint_fit(source, w));
    }
    diags.extend(locale_diagnostics());
    diags.extend(locale_terms(source));
    for d in &diags {
        println!("{}", d.render(i18n, lang));
    }
    let errors = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = diags.len() - errors;
    let steps = workshop.as_ref().map_or(0, |w| w.steps.len());
    println!(
        "{}",
        tr!(
            i18n,
            lang,
            "validate-summary",
            steps = steps,
            errors = errors,
            warnings = warnings
        )
    );
    if errors > 0 || workshop.is_none() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// `validate --mark-translated`: the record rewritten for the given translated files, in
/// the content folder given with `--content` (the built-in content cannot be written).
pub fn mark_translated(source: &Source, i18n: &I18n, lang: Lang, files: &[String]) -> ExitCode {
    use workshop::translations;
    let Source::Dir(dir) = source else {
        eprintln!("{}", tr!(i18n, lang, "mark-needs-content"));
        return ExitCode::from(2);
    };
    let record = match translations::read(source) {
        Some(Ok(r)) => r,
        None => translations::Record::default(),
        Some(Err(detail)) => {
            eprintln!(
                "{}: {detail}",
                source.display(translations::RECORD_FILE).display()
            );
            return ExitCode::from(1);
        }
    };
    // `content/en/x.md`, as a shell completes it, names the same file as `en/x.md`.
    let files: Vec<String> = files
        .iter()
        .map(|f| match std::path::Path::new(f).strip_prefix(dir) {
            Ok(inside) => inside.to_string_lossy().into_owned(),
            Err(_) => f.clone(),
        })
        .collect();
    let record = match translations::marked(source, record, &files) {
        Ok(r) => r,
        Err(file) => {
            eprintln!("{}", tr!(i18n, lang, "mark-unknown-file", file = file));
            return ExitCode::from(2);
        }
    };
    let path = dir.join(translations::RECORD_FILE);
    if let Err(e) = crate::store::write_atomic(&path, translations::to_toml(&record).as_bytes()) {
        eprintln!("{}: {e}", path.display());
        return ExitCode::from(1);
    }
    let count = if files.is_empty() {
        record.files.len()
    } else {
        files.len()
    };
    println!("{}", tr!(i18n, lang, "mark-done", count = count));
    ExitCode::SUCCESS
}

/// The interface's strings follow the workshop's terminology too. (A table that does not
/// parse is reported by the loader.)
/// Hints that would be cut off in the narrowest activity pane of a layout.
fn hint_fit(source: &Source, w: &workshop::Workshop) -> Vec<workshop::Diagnostic> {
    let mut out = vec![];
    for step in &w.steps {
        for check in 0..step.checks.len() {
            for lang in [Lang::Ko, Lang::En] {
                let Some(hint) = step.hint(check, lang) else {
                    continue;
                };
                if let Some((rows, max)) = crate::app::hint_overflow(hint) {
                    out.push(workshop::Diagnostic {
                        severity: Severity::Warning,
                        file: source.display("workshop.toml"),
                        line: None,
                        problem: workshop::Problem::HintTooLong {
                            step: step.id.clone(),
                            lang: lang.code(),
                            rows,
                            max,
                        },
                    });
                }
            }
        }
    }
    out
}

fn locale_terms(source: &Source) -> Vec<workshop::Diagnostic> {
    use crate::i18n::{EN_FTL, KO_FTL};
    let Some(Ok(terms)) = workshop::terminology::Terminology::read(source) else {
        return vec![];
    };
    [(Lang::Ko, KO_FTL), (Lang::En, EN_FTL)]
        .into_iter()
        .flat_map(|(lang, text)| {
            let file = PathBuf::from(format!("locales/{}/labguide.ftl", lang.code()));
            terms.diagnostics(&file, text, lang)
        })
        .collect()
}

/// The interface's own strings are checked too: both locales must have every message,
/// with the same variables.
fn locale_diagnostics() -> Vec<workshop::Diagnostic> {
    use crate::i18n::{EN_FTL, KO_FTL, LocaleProblem, check_locales};
    use workshop::{Diagnostic, Problem};
    let file = |lang: Lang| PathBuf::from(format!("locales/{}/labguide.ftl", lang.code()));
    check_locales(KO_FTL, EN_FTL)
        .into_iter()
        .map(|p| match p {
            LocaleProblem::Missing {
                id,
                missing_in,
                line_in_other,
            } => Diagnostic {
                severity: Severity::Error,
                file: file(missing_in.other()),
                line: Some(line_in_other),
                problem: Problem::LocaleMissing {
                    id,
                    lang: missing_in,
                },
            },
            LocaleProblem::Variables { id, line_ko, .. } => Diagnostic {
                severity: Severity::Error,
                file: file(Lang::Ko),
                line: Some(line_ko),
                problem: Problem::LocaleVariables { id },
            },
            LocaleProblem::Duplicate { id, lang, line } => Diagnostic {
                severity: Severity::Error,
                file: file(lang),
                line: Some(line),
                problem: Problem::LocaleDuplicate { id },
            },
            LocaleProblem::Syntax { lang, line, error } => Diagnostic {
                severity: Severity::Error,
                file: file(lang),
                line: Some(line),
                problem: Problem::Syntax(error),
            },
        })
        .collect()
}
