//! The class board in the terminal (`labguide class` on a terminal): a look at the class
//! every `REFRESH` (jittered, one listing each, whatever the class's size), keys to scroll
//! and to look again at once, and the terminal given back on every way out.

use std::sync::Arc;
use std::time::Duration;

use crossterm::event::{Event, EventStream, KeyEventKind};
use futures_util::StreamExt;
use tokio::signal::unix::{SignalKind, signal};
use tokio::sync::{Notify, mpsc};

use super::terminal::{self, ViewerKey, viewer_key};
use crate::app::class::{Board, BoardEvent};
use crate::cloud::Cloud;
use crate::i18n::{I18n, Lang};
use crate::runtime::Backoff;
use crate::ui::{ColorDepth, Theme};
use crate::workshop::Workshop;

/// How often the board looks again by itself.
const REFRESH: Duration = Duration::from_secs(15);

pub struct BoardSession<'a> {
    pub cloud: Arc<dyn Cloud>,
    pub bucket: String,
    pub workshop: Arc<Workshop>,
    pub i18n: &'a I18n,
    pub lang: Lang,
}

pub async fn run(session: BoardSession<'_>) -> std::io::Result<()> {
    let BoardSession {
        cloud,
        bucket,
        workshop,
        i18n,
        lang,
    } = session;
    let env = |k: &str| std::env::var(k).ok();
    let theme = Theme::new(ColorDepth::detect(env), false);
    let (tx, mut rx) = mpsc::unbounded_channel();
    let nudge = Arc::new(Notify::new());
    let looker = tokio::spawn(look(cloud, bucket, tx, nudge.clone()));
    let (mut term, _guard, _) = terminal::enter(false)?;
    let mut board = Board {
        pace: crate::app::class::Pace::of(&workshop),
        ..Board::default()
    };
    let mut events = EventStream::new();
    let mut sigterm = signal(SignalKind::terminate())?;
    let mut sighup = signal(SignalKind::hangup())?;
    let mut dirty = true;
    let result = loop {
        if dirty {
            let drawn =
                term.draw(|f| crate::ui::board::draw(f, &board, &workshop, i18n, lang, &theme));
            if let Err(e) = drawn {
                break Err(e);
            }
            dirty = false;
        }
        let page = isize::try_from(term.size().map_or(20, |s| s.height).saturating_sub(3))
            .unwrap_or(20)
            .max(1);
        let event = tokio::select! {
            event = events.next() => match event {
                Some(Ok(Event::Key(k))) if k.kind != KeyEventKind::Release => {
                    match viewer_key(&k, page) {
                        ViewerKey::Quit => break Ok(()),
                        ViewerKey::Scroll(by) => Some(BoardEvent::Scroll(by)),
                        ViewerKey::LookAgain => {
                            nudge.notify_one();
                            None
                        }
                        ViewerKey::Nothing => None,
                    }
                }
                Some(Ok(Event::Resize(..))) => {
                    dirty = true;
                    None
                }
                Some(Ok(_)) => None,
                // The terminal went away: nothing to keep, just leave.
                Some(Err(_)) | None => break Ok(()),
            },
            Some(found) = rx.recv() => Some(found),
            _ = sigterm.recv() => break Ok(()),
            _ = sighup.recv() => break Ok(()),
        };
        if let Some(event) = event {
            dirty |= board.apply(event);
        }
    };
    looker.abort();
    result
}

/// Looks at the class now, then every `REFRESH` (jittered) or when nudged; after a
/// failure it waits longer, up to four times as long.
async fn look(
    cloud: Arc<dyn Cloud>,
    bucket: String,
    tx: mpsc::UnboundedSender<BoardEvent>,
    nudge: Arc<Notify>,
) {
    let mut pace = Backoff::new(REFRESH, REFRESH * 4).jitter(0.3);
    loop {
        let found = crate::runtime::publish::read_class(cloud.as_ref(), &bucket).await;
        let event = match found {
            Ok(learners) => {
                pace.reset();
                BoardEvent::Looked {
                    learners,
                    at: cloud.now(),
                }
            }
            Err(e) => {
                pace.grow();
                BoardEvent::Failed(e)
            }
        };
        if tx.send(event).is_err() {
            return;
        }
        tokio::select! {
            _ = tokio::time::sleep(pace.delay()) => {}
            _ = nudge.notified() => {}
        }
    }
}
