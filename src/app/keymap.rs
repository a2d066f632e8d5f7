//! Keys and mouse to actions. Vim keys and the usual keys do the same thing; `q` works
//! wherever Esc does, because tmux and slow links delay a bare Esc.

use crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEventKind,
};

use super::action::Action;
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
    ("v", "help-values"),
    ("L", "help-language"),
    ("b", "help-both"),
    ("P", "help-present"),
    ("t", "help-glossary"),
    ("$", "help-costs"),
    ("w", "help-live"),
    ("f", "help-follow"),
    ("D", "help-calls"),
    ("?", "help-help"),
    ("Esc  q", "help-close"),
    ("q  Ctrl-C", "help-quit"),
];

pub fn action_for_event(event: &Event, mode: KeyMode) -> Option<Action> {
    match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => action_for_key(key, mode),
        Event::Paste(text) if mode == KeyMode::Typing => Some(Action::Paste(text.clone())),
        Event::Mouse(m) => match m.kind {
            MouseEventKind::ScrollDown => Some(Action::Scroll {
                column: m.column,
                row: m.row,
                lines: 3,
            }),
            MouseEventKind::ScrollUp => Some(Action::Scroll {
                column: m.column,
                row: m.row,
                lines: -3,
            }),
            MouseEventKind::Down(MouseButton::Left) => Some(Action::Click {
                column: m.column,
                row: m.row,
            }),
            _ => None,
        },
        Event::Resize(width, height) => Some(Action::Resize {
            width: *width,
            height: *height,
        }),
        _ => None,
    }
}

fn action_for_key(key: &KeyEvent, mode: KeyMode) -> Option<Action> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    if ctrl {
        return match key.code {
            // Ctrl-C leaves at once, whatever window is open; progress is saved.
            KeyCode::Char('c') => Some(Action::Shutdown),
            KeyCode::Char('d') | KeyCode::Char('f') => Some(Action::PageDown),
            KeyCode::Char('u') | KeyCode::Char('b') => Some(Action::PageUp),
            _ => None,
        };
    }
    match mode {
        KeyMode::Typing => {
            return match key.code {
                KeyCode::Enter => Some(Action::Confirm),
                KeyCode::Esc => Some(Action::Cancel),
                KeyCode::Backspace => Some(Action::Erase),
                KeyCode::Char(c) => Some(Action::Type(c)),
                _ => None,
            };
        }
        KeyMode::Question => match key.code {
            KeyCode::Char('y') | KeyCode::Char('Y') | KeyCode::Enter => {
                return Some(Action::Confirm);
            }
            KeyCode::Char('n') | KeyCode::Char('N') | KeyCode::Esc | KeyCode::Char('q') => {
                return Some(Action::Cancel);
            }
            KeyCode::Char('c') => return Some(Action::GoToCleanup),
            _ => {}
        },
        KeyMode::Normal => {}
    }
    Some(match key.code {
        KeyCode::Char('q') => Action::Quit,
        KeyCode::Esc => Action::Close,
        KeyCode::Char('?') | KeyCode::F(1) => Action::Help,
        KeyCode::Char('t') => Action::Glossary,
        KeyCode::Char('$') => Action::Costs,
        KeyCode::Char('w') => Action::ToggleLive,
        KeyCode::Char('f') => Action::PauseLog,
        KeyCode::Char('D') => Action::ToggleCalls,
        KeyCode::Tab => Action::NextPane,
        KeyCode::BackTab => Action::PrevPane,
        KeyCode::Char('l') => Action::NextPane,
        KeyCode::Char('h') => Action::PrevPane,
        KeyCode::Up | KeyCode::Char('k') => Action::Up,
        KeyCode::Down | KeyCode::Char('j') => Action::Down,
        KeyCode::PageUp => Action::PageUp,
        KeyCode::PageDown | KeyCode::Char(' ') => Action::PageDown,
        KeyCode::Home | KeyCode::Char('g') => Action::Top,
        KeyCode::End | KeyCode::Char('G') => Action::Bottom,
        KeyCode::Right | KeyCode::Char('n') | KeyCode::Char(']') => Action::NextStep,
        KeyCode::Left | KeyCode::Char('p') | KeyCode::Char('[') => Action::PrevStep,
        KeyCode::Enter => Action::Activate,
        KeyCode::Char('c') => Action::RunChecks,
        KeyCode::Char('v') => Action::EditValues,
        KeyCode::Char('d') => Action::MarkDone,
        KeyCode::Char('L') => Action::ToggleLang,
        KeyCode::Char('b') => Action::ToggleSideBySide,
        KeyCode::Char('P') | KeyCode::F(5) => Action::TogglePresent,
        _ => return None,
    })
}
