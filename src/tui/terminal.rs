//! Owning the terminal: raw mode and the alternate screen on the way in, and the terminal
//! given back on every way out (quit, Ctrl-C, SIGTERM, SIGHUP, panic) before anything is
//! printed.

use std::io::{Stdout, Write, stdout};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use crossterm::{cursor, execute};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

use super::compact::Compact;

/// The terminal, written through the compact writer (fewer bytes over slow links).
pub type Term = Terminal<CrosstermBackend<Compact<Stdout>>>;

static ACTIVE: AtomicBool = AtomicBool::new(false);
static MOUSE: AtomicBool = AtomicBool::new(false);

/// Gives the terminal back when dropped, whatever way the TUI ends.
pub struct Guard;

impl Drop for Guard {
    fn drop(&mut self) {
        restore();
    }
}

/// Takes the terminal. Also gives the count of bytes written to it, which the TUI paces
/// its frames by.
pub fn enter(mouse: bool) -> std::io::Result<(Term, Guard, Arc<AtomicU64>)> {
    install_panic_hook();
    // The guard exists before anything is changed, so a failure half way is undone.
    let guard = Guard;
    reenter(mouse)?;
    let compact = Compact::new(stdout());
    let sent = compact.sent();
    let mut terminal = Terminal::new(CrosstermBackend::new(compact))?;
    // Default colours and a blank screen, written through the compact writer so that it
    // knows them too (the alternate screen is entered past it): the blank cells it then
    // writes instead of moving over are ones ratatui takes to be blank.
    use crossterm::style::{Attribute, SetAttribute};
    use crossterm::terminal::{Clear, ClearType};
    execute!(
        terminal.backend_mut(),
        SetAttribute(Attribute::Reset),
        Clear(ClearType::All)
    )?;
    Ok((terminal, guard, sent))
}

pub fn is_active() -> bool {
    ACTIVE.load(Ordering::SeqCst)
}

/// Raw mode, the alternate screen, bracketed paste (a pasted value arrives whole instead
/// of as keystrokes) and, if wanted, the mouse. Also used to take the terminal back after
/// something gave it back without the app ending.
pub fn reenter(mouse: bool) -> std::io::Result<()> {
    enable_raw_mode()?;
    ACTIVE.store(true, Ordering::SeqCst);
    let mut out = stdout();
    execute!(
        out,
        EnterAlternateScreen,
        cursor::Hide,
        EnableBracketedPaste
    )?;
    if mouse {
        execute!(out, EnableMouseCapture)?;
        MOUSE.store(true, Ordering::SeqCst);
    }
    Ok(())
}

/// Idempotent; errors are ignored because after SIGHUP there may be no terminal left.
pub fn restore() {
    if !ACTIVE.swap(false, Ordering::SeqCst) {
        return;
    }
    let mut out = stdout();
    if MOUSE.swap(false, Ordering::SeqCst) {
        let _ = execute!(out, DisableMouseCapture);
    }
    let _ = execute!(
        out,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        cursor::Show
    );
    let _ = disable_raw_mode();
    let _ = out.flush();
}

fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        // The report goes to a usable terminal and to the log.
        restore();
        tracing::error!(panic = %info, "labguide panicked");
        previous(info);
    }));
}

/// What a key means in the read-only viewers (the class board, the speaker notes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ViewerKey {
    Quit,
    Scroll(isize),
    LookAgain,
    Nothing,
}

/// The viewers' keys: q, Esc or Ctrl-C quit; j/k and the arrows scroll a line, PgUp/PgDn
/// and space a `page`; r looks again.
pub fn viewer_key(key: &crossterm::event::KeyEvent, page: isize) -> ViewerKey {
    use crossterm::event::{KeyCode, KeyModifiers};
    if key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('c') {
        return ViewerKey::Quit;
    }
    match key.code {
        KeyCode::Char('q') | KeyCode::Esc => ViewerKey::Quit,
        KeyCode::Char('j') | KeyCode::Down => ViewerKey::Scroll(1),
        KeyCode::Char('k') | KeyCode::Up => ViewerKey::Scroll(-1),
        KeyCode::PageDown | KeyCode::Char(' ') => ViewerKey::Scroll(page),
        KeyCode::PageUp => ViewerKey::Scroll(-page),
        KeyCode::Char('r') => ViewerKey::LookAgain,
        _ => ViewerKey::Nothing,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    #[test]
    fn the_viewers_keys() {
        let key = |code| KeyEvent::new(code, KeyModifiers::NONE);
        assert_eq!(viewer_key(&key(KeyCode::Char('q')), 20), ViewerKey::Quit);
        assert_eq!(
            viewer_key(
                &KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL),
                20
            ),
            ViewerKey::Quit
        );
        assert_eq!(viewer_key(&key(KeyCode::Char('c')), 20), ViewerKey::Nothing);
        assert_eq!(viewer_key(&key(KeyCode::Down), 20), ViewerKey::Scroll(1));
        assert_eq!(
            viewer_key(&key(KeyCode::PageUp), 20),
            ViewerKey::Scroll(-20)
        );
        assert_eq!(
            viewer_key(&key(KeyCode::Char('r')), 20),
            ViewerKey::LookAgain
        );
    }
}
