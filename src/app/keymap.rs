//! Keys and mouse to actions. Vim keys and the usual keys do the same thing; `q` works
//! wherever Esc does, because tmux and slow links delay a bare Esc.

use crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEventKind,
};

use super::action::Intent;
use super::state::KeyMode;

/// The keys the help overlay lists: (keys, fluent id of what they do).
pub const HELP_KEYS: &[(&str, &str)] = &[
    ("n  ]  Right", "help-next-step"),
    ("p  [  Left", "help-prev-step"),
    ("j k  Down Up", "help-move"),
    ("PgDn PgUp Space", "help-page"),
    ("g G  Home End", "help-top-bottom"),
    ("Tab  Shift-Tab  h l", "help-panes"),
    ("Enter", "help-activate"),
    ("c", "help-check"),
    ("d", "help-mark-done"),
    ("a", "help-alternative"),
    ("v", "help-values"),
    ("y", "help-copy"),
    ("m", "help-by-hand"),
    ("L", "help-language"),
    ("b", "help-both"),
    ("P", "help-present"),
    ("t", "help-glossary"),
    ("$", "help-costs"),
    ("w", "help-live"),
    ("D", "help-calls"),
    // No line for ? itself: the window is open, and 80x24 has a row for each other key.
    ("?  Esc  q", "help-close"),
    ("q  Ctrl-C", "help-quit"),
];

pub fn action_for_event(event: &Event, mode: KeyMode) -> Option<Intent> {
    match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => action_for_key(key, mode),
        Event::Paste(text) if mode == KeyMode::Typing => Some(Intent::Paste(text.clone())),
        Event::Mouse(m) => match m.kind {
            MouseEventKind::ScrollDown => Some(Intent::Scroll {
                column: m.column,
                row: m.row,
                lines: 3,
            }),
            MouseEventKind::ScrollUp => Some(Intent::Scroll {
                column: m.column,
                row: m.row,
                lines: -3,
            }),
            MouseEventKind::Down(MouseButton::Left) => Some(Intent::Click {
                column: m.column,
                row: m.row,
            }),
            _ => None,
        },
        Event::Resize(width, height) => Some(Intent::Resize {
            width: *width,
            height: *height,
        }),
        _ => None,
    }
}

fn action_for_key(key: &KeyEvent, mode: KeyMode) -> Option<Intent> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    if ctrl {
        return match key.code {
            // Ctrl-C leaves at once, whatever window is open; progress is saved.
            KeyCode::Char('c') => Some(Intent::Shutdown),
            KeyCode::Char('d') | KeyCode::Char('f') => Some(Intent::PageDown),
            KeyCode::Char('u') | KeyCode::Char('b') => Some(Intent::PageUp),
            _ => None,
        };
    }
    match mode {
        KeyMode::Typing => {
            return match key.code {
                KeyCode::Enter => Some(Intent::Confirm),
                KeyCode::Esc => Some(Intent::Cancel),
                KeyCode::Backspace => Some(Intent::Erase),
                KeyCode::Char(c) => Some(Intent::Type(c)),
                _ => None,
            };
        }
        KeyMode::Question => match key.code {
            KeyCode::Char('y') | KeyCode::Char('Y') | KeyCode::Enter => {
                return Some(Intent::Confirm);
            }
            KeyCode::Char('n') | KeyCode::Char('N') | KeyCode::Esc | KeyCode::Char('q') => {
                return Some(Intent::Cancel);
            }
            KeyCode::Char('c') => return Some(Intent::GoToCleanup),
            _ => {}
        },
        KeyMode::Normal => {}
    }
    Some(match key.code {
        KeyCode::Char('q') => Intent::Quit,
        KeyCode::Esc => Intent::Close,
        KeyCode::Char('?') | KeyCode::F(1) => Intent::Help,
        KeyCode::Char('t') => Intent::Glossary,
        KeyCode::Char('m') => Intent::ByHand,
        KeyCode::Char('$') => Intent::Costs,
        KeyCode::Char('w') => Intent::ToggleLive,
        KeyCode::Char('f') => Intent::PauseLog,
        KeyCode::Char('D') => Intent::ToggleCalls,
        KeyCode::Tab => Intent::NextPane,
        KeyCode::BackTab => Intent::PrevPane,
        KeyCode::Char('l') => Intent::NextPane,
        KeyCode::Char('h') => Intent::PrevPane,
        KeyCode::Up | KeyCode::Char('k') => Intent::Up,
        KeyCode::Down | KeyCode::Char('j') => Intent::Down,
        KeyCode::PageUp => Intent::PageUp,
        KeyCode::PageDown | KeyCode::Char(' ') => Intent::PageDown,
        KeyCode::Home | KeyCode::Char('g') => Intent::Top,
        KeyCode::End | KeyCode::Char('G') => Intent::Bottom,
        KeyCode::Right | KeyCode::Char('n') | KeyCode::Char(']') => Intent::NextStep,
        KeyCode::Left | KeyCode::Char('p') | KeyCode::Char('[') => Intent::PrevStep,
        KeyCode::Enter => Intent::Activate,
        KeyCode::Char('c') => Intent::RunChecks,
        KeyCode::Char('v') => Intent::EditValues,
        KeyCode::Char('d') => Intent::MarkDone,
        KeyCode::Char('a') => Intent::UseAlternative,
        KeyCode::Char('y') => Intent::CopyCode,
        KeyCode::Char('L') => Intent::ToggleLang,
        KeyCode::Char('b') => Intent::ToggleSideBySide,
        KeyCode::Char('P') | KeyCode::F(5) => Intent::TogglePresent,
        _ => return None,
    })
}
