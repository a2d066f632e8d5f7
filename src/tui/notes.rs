//! Speaker notes beside the projector, on the same machine: the presenting labguide says
//! which step is on screen through a Unix socket in its state folder
//! (`presenter.sock`, nothing over the network), and `labguide notes` in a second
//! terminal follows it, showing that step's notes, the clock and the section's budget.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use crossterm::event::{Event, EventStream, KeyEventKind};
use futures_util::StreamExt;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{UnixListener, UnixStream};
use tokio::signal::unix::{SignalKind, signal};
use tokio::sync::{mpsc, watch};

use super::terminal::{self, ViewerKey, viewer_key};
use crate::app::App;
use crate::app::notes::{NotesEvent, NotesView, Presented};
use crate::i18n::I18n;
use crate::ui::{ColorDepth, Theme};

pub const SOCKET: &str = "presenter.sock";

/// The presenter's side: tells every follower the step on screen, and again when it
/// changes. The socket goes when this does.
pub struct Presenting {
    tx: watch::Sender<Option<Presented>>,
    path: PathBuf,
    accept: tokio::task::JoinHandle<()>,
}

impl Presenting {
    /// Listens in `state_dir`; `None` (and the TUI goes on without) if it cannot.
    pub fn start(state_dir: &Path) -> Option<Presenting> {
        let path = state_dir.join(SOCKET);
        // A socket left by a labguide that did not end cleanly is taken over; one that
        // answers belongs to another presenting labguide, which keeps it.
        if path.exists() {
            if std::os::unix::net::UnixStream::connect(&path).is_ok() {
                tracing::warn!(path = %path.display(), "another labguide presents here; notes follow that one");
                return None;
            }
            let _ = std::fs::remove_file(&path);
        }
        let listener = match UnixListener::bind(&path) {
            Ok(l) => l,
            Err(e) => {
                tracing::warn!(error = %e, "no speaker notes socket");
                return None;
            }
        };
        let (tx, rx) = watch::channel(None);
        let accept = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(tell(stream, rx.clone()));
            }
        });
        Some(Presenting { tx, path, accept })
    }

    pub fn say(&self, presented: Presented) {
        self.tx.send_if_modified(|old| {
            let changed = old.as_ref() != Some(&presented);
            if changed {
                *old = Some(presented);
            }
            changed
        });
    }
}

impl Drop for Presenting {
    fn drop(&mut self) {
        self.accept.abort();
        let _ = std::fs::remove_file(&self.path);
    }
}

/// One follower: what is on screen now, then every change, until it goes away.
async fn tell(mut stream: UnixStream, mut rx: watch::Receiver<Option<Presented>>) {
    loop {
        let line = rx.borrow_and_update().as_ref().map(Presented::line);
        if let Some(line) = line
            && stream.write_all(line.as_bytes()).await.is_err()
        {
            return;
        }
        if rx.changed().await.is_err() {
            return;
        }
    }
}

/// The follower: `labguide notes`, until q.
pub async fn follow(app: App, state_dir: &Path, i18n: &I18n) -> std::io::Result<()> {
    let env = |k: &str| std::env::var(k).ok();
    let theme = Theme::new(ColorDepth::detect(env), false);
    let (tx, mut rx) = mpsc::unbounded_channel();
    let reader = tokio::spawn(listen(state_dir.join(SOCKET), tx.clone()));
    let (mut term, _guard, _) = terminal::enter(false)?;
    let mut view = NotesView {
        now: crate::cloud::wall_clock(),
        ..NotesView::default()
    };
    let mut events = EventStream::new();
    let mut sigterm = signal(SignalKind::terminate())?;
    let mut sighup = signal(SignalKind::hangup())?;
    let mut dirty = true;
    let result = loop {
        if dirty {
            let drawn =
                term.draw(|f| crate::ui::notes::draw(f, &view, &app, state_dir, i18n, &theme));
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
                        ViewerKey::Scroll(by) => Some(NotesEvent::Scroll(by)),
                        ViewerKey::LookAgain | ViewerKey::Nothing => None,
                    }
                }
                Some(Ok(Event::Resize(..))) => {
                    dirty = true;
                    None
                }
                Some(Ok(_)) => None,
                Some(Err(_)) | None => break Ok(()),
            },
            Some(e) = rx.recv() => Some(e),
            _ = tokio::time::sleep(Duration::from_secs(1)) => {
                Some(NotesEvent::Tick(crate::cloud::wall_clock()))
            }
            _ = sigterm.recv() => break Ok(()),
            _ = sighup.recv() => break Ok(()),
        };
        if let Some(event) = event {
            dirty |= view.apply(event);
        }
    };
    reader.abort();
    result
}

/// Connects to the presenter (again each second while it is not there) and passes on
/// what it says.
async fn listen(path: PathBuf, tx: mpsc::UnboundedSender<NotesEvent>) {
    let tx = Arc::new(tx);
    loop {
        if let Ok(stream) = UnixStream::connect(&path).await {
            if tx.send(NotesEvent::Connected).is_err() {
                return;
            }
            let mut lines = BufReader::new(stream).lines();
            while let Ok(Some(line)) = lines.next_line().await {
                if let Some(p) = Presented::parse(&line)
                    && tx.send(NotesEvent::Presented(p)).is_err()
                {
                    return;
                }
            }
            if tx.send(NotesEvent::Lost).is_err() {
                return;
            }
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
}
