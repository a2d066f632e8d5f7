//! OSC 8 hyperlinks. ratatui has no notion of them, so after a frame is drawn the cells of
//! each visible link are written again, wrapped in the OSC 8 open and close sequences.
//! Terminals that understand OSC 8 make the text clickable; the rest never see the
//! sequences, because labguide only sends them where support is known.

use std::io::Write;

use crossterm::cursor::MoveTo;
use crossterm::queue;
use crossterm::style::{
    Attribute, Print, ResetColor, SetAttribute, SetBackgroundColor, SetForegroundColor,
};
use ratatui::backend::IntoCrossterm;
use ratatui::buffer::{Buffer, Cell};
use ratatui::style::Modifier;
use unicode_width::UnicodeWidthStr;

use crate::ui::Hyperlink;

/// Whether the terminal is known to understand OSC 8. `LABGUIDE_HYPERLINKS=1` or `0`
/// decides outright; inside tmux links are off unless asked for (tmux drops them unless
/// configured to pass them on).
pub fn supported(get: impl Fn(&str) -> Option<String>) -> bool {
    match get("LABGUIDE_HYPERLINKS").as_deref() {
        Some("1") | Some("yes") | Some("true") => return true,
        Some("0") | Some("no") | Some("false") => return false,
        _ => {}
    }
    if get("TMUX").is_some() || get("STY").is_some() {
        return false;
    }
    let program = get("TERM_PROGRAM").unwrap_or_default();
    let term = get("TERM").unwrap_or_default();
    let vte = get("VTE_VERSION")
        .and_then(|v| v.parse::<u32>().ok())
        .unwrap_or(0);
    matches!(
        program.as_str(),
        "iTerm.app" | "WezTerm" | "vscode" | "ghostty" | "Hyper" | "rio"
    ) || vte >= 5000
        || get("KITTY_WINDOW_ID").is_some()
        || get("WT_SESSION").is_some()
        || term.contains("kitty")
        || term.contains("foot")
        || term.contains("alacritty")
}

/// The cells under each link, copied out of the finished frame.
pub fn cells(buffer: &Buffer, links: &[Hyperlink]) -> Vec<(Hyperlink, Vec<Cell>)> {
    links
        .iter()
        .map(|l| {
            let mut cells = vec![];
            let mut x = l.x;
            while x < l.x.saturating_add(l.width)
                && x < buffer.area.right()
                && l.y < buffer.area.bottom()
            {
                let cell = buffer[(x, l.y)].clone();
                x += (cell.symbol().width() as u16).max(1);
                cells.push(cell);
            }
            (l.clone(), cells)
        })
        .collect()
}

/// Writes each link's cells again inside OSC 8 sequences.
pub fn write(out: &mut impl Write, links: &[(Hyperlink, Vec<Cell>)]) -> std::io::Result<()> {
    for (link, cells) in links {
        // A URL cannot carry control characters or the sequence terminator.
        if link.url.chars().any(|c| c.is_control()) {
            continue;
        }
        queue!(
            out,
            MoveTo(link.x, link.y),
            Print(format!("\x1b]8;;{}\x1b\\", link.url))
        )?;
        for cell in cells {
            queue!(
                out,
                SetForegroundColor(cell.fg.into_crossterm()),
                SetBackgroundColor(cell.bg.into_crossterm())
            )?;
            if cell.modifier.contains(Modifier::BOLD) {
                queue!(out, SetAttribute(Attribute::Bold))?;
            }
            if cell.modifier.contains(Modifier::UNDERLINED) {
                queue!(out, SetAttribute(Attribute::Underlined))?;
            }
            if cell.modifier.contains(Modifier::ITALIC) {
                queue!(out, SetAttribute(Attribute::Italic))?;
            }
            queue!(out, Print(cell.symbol()))?;
        }
        queue!(
            out,
            Print("\x1b]8;;\x1b\\"),
            SetAttribute(Attribute::Reset),
            ResetColor
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::layout::Rect;
    use ratatui::style::Style;

    #[test]
    fn detection() {
        use crate::testing::env;
        assert!(supported(env(&[("TERM_PROGRAM", "WezTerm")])));
        assert!(supported(env(&[("VTE_VERSION", "7200")])));
        assert!(!supported(env(&[("TERM", "xterm-256color")])));
        assert!(!supported(env(&[
            ("TERM_PROGRAM", "iTerm.app"),
            ("TMUX", "/tmp/x")
        ])));
        assert!(supported(env(&[
            ("TMUX", "/tmp/x"),
            ("LABGUIDE_HYPERLINKS", "1")
        ])));
        assert!(!supported(env(&[
            ("TERM_PROGRAM", "WezTerm"),
            ("LABGUIDE_HYPERLINKS", "0")
        ])));
    }

    #[test]
    fn link_cells_are_wrapped_in_osc8() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 20, 2));
        buf.set_string(
            2,
            1,
            "문서 docs",
            Style::default().add_modifier(Modifier::UNDERLINED),
        );
        let link = Hyperlink {
            x: 2,
            y: 1,
            width: 9,
            url: "https://docs.aws.amazon.com/".into(),
        };
        let mut out = vec![];
        write(&mut out, &cells(&buf, &[link])).unwrap();
        let text = String::from_utf8(out).unwrap();
        let open = text
            .find("\x1b]8;;https://docs.aws.amazon.com/\x1b\\")
            .expect("opens");
        let close = text.rfind("\x1b]8;;\x1b\\").expect("closes");
        let inner = &text[open..close];
        // Each wide syllable is written once, then the rest of the text.
        assert!(
            inner.contains('문')
                && inner.contains('서')
                && inner.contains('d')
                && inner.contains('s')
        );
        assert_eq!(inner.matches('문').count(), 1);
        assert!(
            text.starts_with("\x1b[2;3H"),
            "moves to the link first: {text:?}"
        );
    }
}
