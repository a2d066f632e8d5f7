//! labguide: a hands-on AWS ML workshop, step by step in a terminal, in Korean or English.
//!
//! Layers, top to bottom (ARCHITECTURE.md): `cli` (the commands and the one start-up)
//! -> `tui` (the terminal and the event loop) -> `app` (state and update, no I/O) and
//! `ui` (draws `&App` and says every sentence, never changes state) -> `runner` and
//! `watcher` (effects and live pollers on tokio) -> `cloud` (`sim` and `aws` behind one
//! trait); `workshop` is the content as typed data, `store` the files in the state
//! folder, `i18n` the words of both languages.

pub mod app;
pub mod cleanup;
pub mod cli;
pub mod cloud;
pub mod i18n;
pub mod markdown;
pub mod runner;
pub mod store;
pub mod tui;
pub mod ui;
pub mod watcher;
pub mod workshop;

/// Helpers for the unit tests.
#[cfg(test)]
mod testing {
    /// A stand-in for `std::env::var` that knows only `pairs`.
    pub fn env(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |k| {
            pairs
                .iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| v.to_string())
        }
    }
}
