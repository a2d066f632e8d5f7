#![allow(dead_code)]
//! Helpers shared by the integration tests.

pub mod moto;
pub mod tmux;

use std::sync::Arc;
use std::time::Duration;

use labguide::app::{self, App, Effect, Intent, Outcome, Update};
use labguide::cloud::{DEFAULT_REGION, sim};
use labguide::i18n::{I18n, Lang};
use labguide::runtime::Runner;
use labguide::ui::{ColorDepth, Ctx};
use labguide::workshop::{self, Source, Workshop};

/// The workshop shipped in the binary.
pub fn shipped() -> Arc<Workshop> {
    Arc::new(workshop::load(&Source::Embedded).expect("shipped content loads"))
}

pub fn app(lang: Lang) -> App {
    let mut a = App::new(shipped(), lang, sim::identity(10.0, DEFAULT_REGION), None);
    a.size = ratatui::layout::Rect::new(0, 0, 100, 30);
    a
}

pub fn step(app: &App, id: &str) -> usize {
    app.workshop
        .step_index(id)
        .unwrap_or_else(|| panic!("no step {id}"))
}

pub fn press(app: &mut App, actions: &[Intent]) -> Vec<Effect> {
    let mut effects = vec![];
    for a in actions {
        let Update { effects: e, .. } = app::update(app, a.clone());
        effects.extend(e);
    }
    effects
}

pub fn render(app: &App) -> String {
    let i18n = I18n::embedded();
    let ctx = Ctx::new(&i18n, ColorDepth::None, false);
    labguide::ui::render_text(app, &ctx)
}

/// Runs effects and feeds results back, as the event loop does, until `until` holds.
pub async fn drive(
    app: &mut App,
    runner: &Runner,
    rx: &mut tokio::sync::mpsc::UnboundedReceiver<Outcome>,
    first: Vec<Effect>,
    until: impl Fn(&App) -> bool,
) {
    let mut queue = first;
    // The cost meter reports now and then forever: a bound turns a missed condition into
    // a failure instead of a hang.
    let mut rounds = 0;
    while !until(app) {
        rounds += 1;
        assert!(rounds < 100_000, "the condition never came");
        for e in queue.drain(..) {
            runner.handle(e);
        }
        let action = tokio::time::timeout(Duration::from_secs(3600), rx.recv())
            .await
            .expect("the runner keeps reporting")
            .expect("channel open");
        queue = app::update(app, action).effects;
        // As the terminal loop does: where the learner is, for the class board.
        if app.publishing {
            runner.publish(app.class_status());
        }
    }
}
