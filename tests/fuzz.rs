//! Property tests: any input, no panic, and the invariants the UI relies on.

use proptest::prelude::*;

use labguide::i18n::{EN_FTL, I18n, Lang};
use labguide::markdown::{MdStyles, display_width, layout, parse};
use labguide::workshop::{Source, load_with_diagnostics};

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
