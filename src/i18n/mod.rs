//! Every user-facing string goes through here: fluent bundles for Korean and English,
//! embedded at compile time so start-up reads no locale files.

use std::fmt;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use serde::{Deserialize, Serialize};
use unic_langid::langid;

mod check;
pub use check::{LocaleProblem, check_locales};

/// The two languages the workshop and the UI are written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Ko,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Ko, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Lang::Ko => "ko",
            Lang::En => "en",
        }
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::Ko => Lang::En,
            Lang::En => Lang::Ko,
        }
    }

    /// Korean when the first set locale variable names Korean, English otherwise,
    /// following POSIX precedence (LC_ALL, then LC_MESSAGES, then LANG).
    pub fn from_locale_env(get: impl Fn(&str) -> Option<String>) -> Lang {
        let value = ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|name| get(name))
            .find(|v| !v.is_empty());
        match value {
            Some(v) if v.to_ascii_lowercase().starts_with("ko") => Lang::Ko,
            _ => Lang::En,
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

pub const KO_FTL: &str = include_str!("../../locales/ko/labguide.ftl");
pub const EN_FTL: &str = include_str!("../../locales/en/labguide.ftl");

/// The UI strings of both languages.
pub struct I18n {
    ko: FluentBundle<FluentResource>,
    en: FluentBundle<FluentResource>,
}

impl I18n {
    /// The locales shipped inside the binary. They are checked by the test suite, so a
    /// failure here is a build defect, reported instead of panicking.
    pub fn embedded() -> I18n {
        I18n {
            ko: bundle(Lang::Ko, KO_FTL),
            en: bundle(Lang::En, EN_FTL),
        }
    }

    fn bundle(&self, lang: Lang) -> &FluentBundle<FluentResource> {
        match lang {
            Lang::Ko => &self.ko,
            Lang::En => &self.en,
        }
    }

    pub fn has(&self, lang: Lang, id: &str) -> bool {
        self.bundle(lang).has_message(id)
    }

    /// Formats message `id`; a missing id shows as the id itself rather than failing.
    pub fn format(&self, lang: Lang, id: &str, args: Option<&FluentArgs>) -> String {
        let bundle = self.bundle(lang);
        let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else {
            tracing::warn!(id, lang = lang.code(), "missing fluent message");
            return id.to_string();
        };
        let mut errors = vec![];
        let text = bundle.format_pattern(pattern, args, &mut errors);
        if !errors.is_empty() {
            tracing::warn!(id, ?errors, "fluent formatting errors");
        }
        text.into_owned()
    }
}

fn bundle(lang: Lang, source: &str) -> FluentBundle<FluentResource> {
    let id = match lang {
        Lang::Ko => langid!("ko"),
        Lang::En => langid!("en"),
    };
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    // Isolation marks (U+2068/U+2069) show up as garbage in terminals.
    bundle.set_use_isolating(false);
    let resource = match FluentResource::try_new(source.to_string()) {
        Ok(r) => r,
        Err((r, errors)) => {
            tracing::error!(lang = lang.code(), ?errors, "locale file has syntax errors");
            r
        }
    };
    if let Err(errors) = bundle.add_resource(resource) {
        tracing::error!(
            lang = lang.code(),
            ?errors,
            "locale file has duplicate messages"
        );
    }
    bundle
}

/// Builds fluent arguments from `name = value` pairs.
pub fn args<'a, I, V>(pairs: I) -> FluentArgs<'a>
where
    I: IntoIterator<Item = (&'a str, V)>,
    V: Into<FluentValue<'a>>,
{
    let mut a = FluentArgs::new();
    for (k, v) in pairs {
        a.set(k, v);
    }
    a
}

/// `tr!(i18n, lang, "id")` or `tr!(i18n, lang, "id", name = value, ...)`.
/// Message ids are always literals here so the test suite can find every id in use.
#[macro_export]
macro_rules! tr {
    ($i18n:expr, $lang:expr, $id:literal) => {
        $i18n.format($lang, $id, None)
    };
    ($i18n:expr, $lang:expr, $id:literal, $($name:ident = $value:expr),+ $(,)?) => {{
        let mut a = ::fluent_bundle::FluentArgs::new();
        $( a.set(stringify!($name), ::fluent_bundle::FluentValue::from($value)); )+
        $i18n.format($lang, $id, Some(&a))
    }};
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locale_env_precedence() {
        use crate::testing::env;
        assert_eq!(
            Lang::from_locale_env(env(&[("LANG", "ko_KR.UTF-8")])),
            Lang::Ko
        );
        assert_eq!(
            Lang::from_locale_env(env(&[("LC_ALL", "en_US.UTF-8"), ("LANG", "ko_KR.UTF-8")])),
            Lang::En
        );
        assert_eq!(
            Lang::from_locale_env(env(&[("LC_MESSAGES", "ko"), ("LANG", "C")])),
            Lang::Ko
        );
        assert_eq!(
            Lang::from_locale_env(env(&[("LC_ALL", ""), ("LANG", "ko_KR")])),
            Lang::Ko
        );
        assert_eq!(Lang::from_locale_env(env(&[])), Lang::En);
    }

    #[test]
    fn no_isolation_marks() {
        let i = I18n::embedded();
        for lang in Lang::ALL {
            let s = tr!(i, lang, "step-of", current = 3, total = 20);
            assert!(!s.contains('\u{2068}') && !s.contains('\u{2069}'), "{s:?}");
            assert!(s.contains('3') && s.contains("20"), "{s:?}");
        }
    }

    #[test]
    fn missing_id_falls_back_to_id() {
        let i = I18n::embedded();
        assert_eq!(
            i.format(Lang::En, "no-such-message", None),
            "no-such-message"
        );
    }
}
