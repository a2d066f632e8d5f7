//! How long labguide takes to lay out a step's text and to draw a whole frame, the work
//! behind every key press and every watcher report. `cargo bench --bench render`.

use std::sync::Arc;

use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;

use labguide::app::{self, App, Intent};
use labguide::cloud::{DEFAULT_REGION, sim};
use labguide::i18n::{I18n, Lang};
use labguide::markdown::layout;
use labguide::ui::{self, ColorDepth, Ctx, Theme};
use labguide::workshop::{self, Source};

fn app_at(step: &str, width: u16, height: u16) -> App {
    let workshop = Arc::new(workshop::load(&Source::Embedded).expect("shipped content loads"));
    let mut a = App::new(
        workshop,
        Lang::Ko,
        sim::identity(10.0, DEFAULT_REGION),
        None,
    );
    a.current = a.workshop.step_index(step).expect("the step exists");
    a.size = Rect::new(0, 0, width, height);
    a
}

fn markdown(c: &mut Criterion) {
    let a = app_at("lab3-training", 120, 40);
    // The longest step body, in each language.
    let longest = |lang| {
        a.workshop
            .steps
            .iter()
            .max_by_key(|s| s.body.get(lang).blocks.len())
            .map(|s| s.body.get(lang).clone())
            .expect("steps")
    };
    let theme = Theme::new(ColorDepth::TrueColor, false);
    for (lang, name) in [(Lang::Ko, "ko"), (Lang::En, "en")] {
        let doc = longest(lang);
        for width in [80u16, 160] {
            c.bench_function(
                &format!("layout longest step {name} at {width} columns"),
                |b| b.iter(|| layout(std::hint::black_box(&doc), width, &theme.md)),
            );
        }
    }
}

fn frames(c: &mut Criterion) {
    let i18n = I18n::embedded();
    let ctx = Ctx::new(&i18n, ColorDepth::TrueColor, false);
    let mut draw = |name: &str, a: &App| {
        let mut term =
            Terminal::new(TestBackend::new(a.size.width, a.size.height)).expect("a test terminal");
        c.bench_function(name, |b| {
            b.iter(|| {
                term.draw(|f| {
                    ui::draw(f, a, &ctx);
                })
                .expect("draws");
            })
        });
    };
    let page = app_at("setup-stack", 120, 40);
    draw("frame step page 120x40", &page);
    // Every chart on: lab 3's job on two eight-GPU hosts, 25 minutes in, with its log.
    let mut live = app_at("lab3-training", 160, 48);
    labguide::cli::play_on_sim(&mut live, 25.0 * 60.0).expect("the sim plays");
    app::update(&mut live, Intent::ToggleLive);
    draw("frame live view all charts 160x48", &live);
    let mut small = app_at("lab3-training", 80, 24);
    labguide::cli::play_on_sim(&mut small, 25.0 * 60.0).expect("the sim plays");
    app::update(&mut small, Intent::ToggleLive);
    draw("frame live view 80x24", &small);
}

/// The instructor's class board with 60 learners, at 160x48.
fn board(c: &mut Criterion) {
    use labguide::app::class::{Board, BoardEvent, Learner};
    let i18n = I18n::embedded();
    let workshop = Arc::new(workshop::load(&Source::Embedded).expect("shipped content loads"));
    let theme = Theme::new(ColorDepth::TrueColor, false);
    let now = 1_764_770_000.0;
    let learners: Vec<Learner> = (0..60)
        .map(|i| {
            let step = &workshop.steps[i % workshop.steps.len()];
            Learner {
                initials: format!("learner-{i:02}"),
                step: step.id.clone(),
                done: i % workshop.steps.len(),
                total: workshop.steps.len(),
                failing: (i % 5 == 0).then(|| "objects_exist".to_string()),
                usd_hour: Some(0.23),
                since: now - (i as f64) * 90.0,
                failing_since: (i % 5 == 0).then_some(now - 400.0),
                at: None,
            }
        })
        .collect();
    let mut b = Board {
        pace: labguide::app::class::Pace::of(&workshop),
        ..Board::default()
    };
    b.apply(BoardEvent::Looked { learners, at: now });
    let mut term = Terminal::new(TestBackend::new(160, 48)).expect("a test terminal");
    c.bench_function("frame class board 60 learners 160x48", |bench| {
        bench.iter(|| {
            term.draw(|f| ui::board::draw(f, &b, &workshop, &i18n, Lang::Ko, &theme))
                .expect("draws");
        })
    });
}

criterion_group!(benches, markdown, frames, board);
criterion_main!(benches);
