//! The interactive terminal UI: one loop over input, signals and results from the runner,
//! drawing only when something on screen changed, so an idle screen writes nothing, and
//! what changes on its own no faster than a slow link carries it (`pacing`). It is
//! started by `cli` (the shared start-up) with the app and the cloud already made.

mod board;
mod compact;
mod hyperlinks;
mod notes;
mod pacing;
mod terminal;

pub use board::{BoardSession, run as run_board};
pub use notes::follow as follow_notes;

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::AtomicU64;
use std::time::{Duration, Instant};

use crossterm::event::EventStream;
use futures_util::StreamExt;
use tokio::signal::unix::{SignalKind, signal};
use tokio::sync::mpsc;

use crate::app::{self, Action, App, Effect, Intent, Outcome};
use crate::cloud::Cloud;
use crate::i18n::I18n;
use crate::runtime::Runner;
use crate::store::progress;
use crate::ui::{self, ColorDepth, Ctx};
use pacing::SlowLink;

pub use terminal::restore;

/// How often a spinner moves while something runs. Nothing ticks while idle.
const TICK: Duration = Duration::from_millis(120);
/// How often the calls overlay (D) is brought up to date while it is open.
const CALLS_REFRESH: Duration = Duration::from_secs(1);

/// What the TUI is started with: the app as the start-up made it, and the cloud.
pub struct Session<'a> {
    pub app: App,
    pub cloud: Arc<dyn Cloud>,
    pub state_dir: &'a Path,
    pub i18n: &'a I18n,
    pub mouse: bool,
}

/// Runs the TUI until the learner quits or the terminal goes away, then saves progress.
/// The caller restores the terminal (also after a panic).
pub async fn run(session: Session<'_>) -> std::io::Result<()> {
    let Session {
        mut app,
        cloud,
        state_dir,
        i18n,
        mouse,
    } = session;
    // Every call is counted, for the debug overlay of calls per minute (D).
    let (counted, calls) = crate::cloud::counted::Counted::new(cloud);
    let cloud: Arc<dyn Cloud> = Arc::new(counted);

    let env = |k: &str| std::env::var(k).ok();
    let ctx = Ctx::new(i18n, ColorDepth::detect(env), hyperlinks::supported(env));
    app.hyperlinks = ctx.hyperlinks;

    let (tx, mut rx) = mpsc::unbounded_channel::<Outcome>();
    let runner = Runner::new(
        cloud,
        app.workshop.clone(),
        tx,
        Some(state_dir.to_path_buf()),
    );

    // Speaker notes in a second terminal follow this one (`labguide notes`).
    let presenting = notes::Presenting::start(state_dir);
    let (mut term, _guard, written) = terminal::enter(mouse)?;
    let result = event_loop(
        &mut term,
        &mut app,
        &ctx,
        &runner,
        &mut rx,
        mouse,
        &calls,
        presenting.as_ref(),
        written,
    )
    .await;
    // The last word on disk is written whatever ended the loop (a failed draw after an
    // SSH drop included), not left to the coalescing writer.
    if let Err(e) = progress::save(state_dir, &app.progress()) {
        tracing::error!(error = %e, "could not save progress on the way out");
    }
    result
}

/// Tells the notes followers the step on screen (and since when its section runs).
fn present_step(app: &App, presenting: Option<&notes::Presenting>, section: &mut (usize, f64)) {
    let (Some(p), Some(step)) = (presenting, app.workshop.steps.get(app.current)) else {
        return;
    };
    if step.section != section.0 {
        *section = (step.section, crate::cloud::wall_clock());
    }
    p.say(app::notes::Presented {
        step: step.id.clone(),
        section_since: section.1,
    });
}

#[allow(clippy::too_many_arguments)]
async fn event_loop(
    term: &mut terminal::Term,
    app: &mut App,
    ctx: &Ctx<'_>,
    runner: &Runner,
    rx: &mut mpsc::UnboundedReceiver<Outcome>,
    mouse: bool,
    calls: &crate::cloud::counted::CallLog,
    presenting: Option<&notes::Presenting>,
    written: Arc<AtomicU64>,
) -> std::io::Result<()> {
    // When the presenter entered the section on screen, for the notes' time budget.
    let mut section = (usize::MAX, 0.0);
    present_step(app, presenting, &mut section);
    let size = term.size()?;
    app::update(
        app,
        Intent::Resize {
            width: size.width,
            height: size.height,
        },
    );
    let mut link = SlowLink::new(pacing::SLOW_LINK_BYTES_PER_SECOND, written);
    draw(term, app, ctx, &mut link)?;
    runner.identify();
    runner.measure(app.vars_for_tasks());
    runner.handle(Effect::Watch(app.watch_targets()));
    if let Some(find) = app.find_runs() {
        runner.handle(find);
    }
    // Lets the test suite prove the terminal is restored and the report shown on a panic.
    if std::env::var_os("LABGUIDE_PANIC_FOR_TEST").is_some() {
        panic!("panic requested by LABGUIDE_PANIC_FOR_TEST");
    }

    let mut events = EventStream::new();
    let mut sigterm = signal(SignalKind::terminate())?;
    let mut sighup = signal(SignalKind::hangup())?;
    let mut sigint = signal(SignalKind::interrupt())?;
    let mut calls_shown = false;
    // A change nobody asked for, waiting for the slow link to carry the frames before it.
    let mut owed = false;
    loop {
        let ticking = app.wants_tick();
        let owed_until = tokio::time::Instant::from_std(
            link.busy_until(Instant::now()).unwrap_or_else(Instant::now),
        );
        let (action, by_learner): (Action, bool) = tokio::select! {
            event = events.next() => match event {
                Some(Ok(event)) => match app::action_for_event(&event, app.key_mode()) {
                    Some(a) => (a.into(), true),
                    None => continue,
                },
                // The terminal went away (SSH dropped): keep the progress and leave.
                Some(Err(_)) | None => (Intent::Shutdown.into(), true),
            },
            Some(outcome) = rx.recv() => (outcome.into(), false),
            _ = sigterm.recv() => (Intent::Shutdown.into(), true),
            _ = sighup.recv() => (Intent::Shutdown.into(), true),
            _ = sigint.recv() => (Intent::Shutdown.into(), true),
            _ = tokio::time::sleep(TICK), if ticking => (Intent::Tick.into(), false),
            _ = tokio::time::sleep(CALLS_REFRESH), if calls_shown => (calls_action(calls).into(), false),
            _ = tokio::time::sleep_until(owed_until), if owed => {
                draw(term, app, ctx, &mut link)?;
                owed = false;
                continue;
            }
        };
        let mut redraw = false;
        let mut quit = false;
        let mut pending = Some(action);
        // Results that arrived together are applied together and drawn once.
        while let Some(action) = pending.take() {
            let u = app::update(app, action);
            redraw |= u.redraw;
            for effect in u.effects {
                match effect {
                    Effect::Quit => quit = true,
                    Effect::Copy(text) => copy_to_clipboard(term, &text)?,
                    other => runner.handle(other),
                }
            }
            pending = rx.try_recv().ok().map(Action::Result);
        }
        if quit {
            return Ok(());
        }
        // Where the learner is, for the class board; the runner writes only changes.
        if app.publishing {
            runner.publish(app.class_status());
        }
        present_step(app, presenting, &mut section);
        // The calls window shows the counts as soon as it opens, then every second.
        let calls_open = app.overlay == Some(app::Overlay::Calls);
        if calls_open && !calls_shown {
            app::update(app, calls_action(calls));
            redraw = true;
        }
        calls_shown = calls_open;
        let mut at_once = by_learner;
        if !terminal::is_active() {
            // A panic in a background task gave the terminal back; the app itself is fine,
            // so it takes the terminal again and draws everything.
            terminal::reenter(mouse)?;
            term.clear()?;
            redraw = true;
            at_once = true;
        }
        if redraw {
            if at_once || link.busy_until(Instant::now()).is_none() {
                draw(term, app, ctx, &mut link)?;
                owed = false;
            } else {
                owed = true;
            }
        }
    }
}

/// OSC 52: the terminal (through SSH and tmux too, where they allow it) puts the text on
/// the learner's own clipboard. A terminal that does not know it ignores it, and the
/// window the copy opened shows the block for selecting by hand.
fn copy_to_clipboard(term: &mut terminal::Term, text: &str) -> std::io::Result<()> {
    use crossterm::clipboard::CopyToClipboard;
    crossterm::execute!(
        term.backend_mut(),
        CopyToClipboard::to_clipboard_from(text.as_bytes())
    )
}

/// The calls of the last minute, for the calls window.
fn calls_action(calls: &crate::cloud::counted::CallLog) -> Outcome {
    Outcome::Calls(
        calls
            .last_minute()
            .into_iter()
            .map(|(op, n)| (op.to_string(), n))
            .collect(),
    )
}

/// Draws what changed, and counts what that wrote against the slow link.
fn draw(
    term: &mut terminal::Term,
    app: &App,
    ctx: &Ctx,
    link: &mut SlowLink,
) -> std::io::Result<()> {
    use crossterm::terminal::{BeginSynchronizedUpdate, EndSynchronizedUpdate};
    // Terminals that support it show the whole frame at once instead of tearing.
    crossterm::queue!(term.backend_mut(), BeginSynchronizedUpdate)?;
    let mut links = vec![];
    let frame = term.draw(|f| links = ui::draw(f, app, ctx))?;
    if !links.is_empty() {
        let cells = hyperlinks::cells(frame.buffer, &links);
        hyperlinks::write(term.backend_mut(), &cells)?;
    }
    crossterm::execute!(term.backend_mut(), EndSynchronizedUpdate)?;
    link.drawn(Instant::now());
    Ok(())
}
