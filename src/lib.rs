//! labguide: a hands-on AWS ML workshop, step by step in a terminal, in Korean or English.
//!
//! Layers, each using those after it (ARCHITECTURE.md): `cli` (the commands and the one
//! start-up they share) -> `tui` (the terminal and the event loop) -> `runtime`
//! (effects, checks, the meter and live pollers on tokio) -> `store`
//! (the state folder's files) -> `ui` (draws `&App`, says every sentence) -> `app`
//! (state and update, no I/O) -> `workshop` (the content as typed data) -> `cloud`
//! (`sim` and `aws` behind one trait) -> `i18n` and `markdown`.

pub mod app;
pub mod cli;
pub mod cloud;
pub mod i18n;
pub mod markdown;
pub mod runtime;
pub mod store;
pub mod tui;
pub mod ui;
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
