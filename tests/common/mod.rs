#![allow(dead_code)]
//! Helpers shared by the integration tests.

pub mod moto;
pub mod tmux;

use std::sync::Arc;

use labguide::app::{self, App, Effect, Intent, Update};
use labguide::cloud::{DEFAULT_REGION, sim};
use labguide::i18n::{I18n, Lang};
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
