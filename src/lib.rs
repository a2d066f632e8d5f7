//! labguide: a hands-on AWS ML workshop, step by step in a terminal, in Korean or English.
//!
//! Layers, top to bottom: `workshop` (content as typed data) -> `app` (state and update,
//! no I/O) -> `runtime` (effects and live pollers on tokio) -> `cloud` (`sim`
//! and `aws` behind one trait); `ui` draws `&App` and never changes it; `tui` owns the
//! terminal and the event loop.

pub mod app;
pub mod cleanup;
pub mod cli;
pub mod cloud;
pub mod commands;
mod commands_cleanup;
pub mod i18n;
pub mod logging;
pub mod markdown;
pub mod prices;
pub mod progress;
pub mod runtime;
#[cfg(test)]
mod testing;
pub mod tui;
pub mod ui;
pub mod workshop;
