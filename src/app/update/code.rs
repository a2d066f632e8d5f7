//! `y`: a code block of the step put on the clipboard whole and shown alone, unwrapped,
//! so a terminal without OSC 52 can still select it.

use super::Update;
use crate::app::action::Effect;
use crate::app::state::{App, Notice, Overlay};

/// Copies the first code block in view, or the one after `shown` when the window is
/// already open (so `y` again walks through the step's blocks).
pub(super) fn copy(app: &mut App, shown: Option<usize>) -> Update {
    let blocks = app.code_blocks(app.lang);
    if blocks.is_empty() {
        app.notice = Some(Notice::info("notice-no-code", vec![]));
        return Update::redraw();
    }
    let top = app.scroll.get(app.current).map_or(0, |p| p.block);
    let index = match shown {
        Some(i) => (i + 1) % blocks.len(),
        None => blocks.iter().position(|(b, _)| *b >= top).unwrap_or(0),
    };
    app.overlay = Some(Overlay::Code { index });
    Update {
        redraw: true,
        effects: vec![Effect::Copy(blocks[index].1.join("\n"))],
    }
}
