//! Colours for every terminal: true colour where COLORTERM says so, 256 or 16 colours
//! otherwise (SSH often drops COLORTERM), and none at all under NO_COLOR, where bold,
//! underline and reverse carry the meaning instead.

use ratatui::style::{Color, Modifier, Style};

use crate::markdown::MdStyles;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColorDepth {
    None,
    Ansi16,
    Ansi256,
    TrueColor,
}

impl ColorDepth {
    pub fn detect(get: impl Fn(&str) -> Option<String>) -> ColorDepth {
        if get("NO_COLOR").is_some_and(|v| !v.is_empty()) {
            return ColorDepth::None;
        }
        let term = get("TERM").unwrap_or_default();
        if term == "dumb" {
            return ColorDepth::None;
        }
        match get("COLORTERM").as_deref() {
            Some("truecolor") | Some("24bit") => ColorDepth::TrueColor,
            _ if term.contains("256color") || term.contains("direct") => ColorDepth::Ansi256,
            _ => ColorDepth::Ansi16,
        }
    }
}

/// One colour at every depth: (true colour, 256-colour index, 16-colour fallback).
#[derive(Clone, Copy)]
struct Tone(u8, u8, u8, u8, Color);

impl Tone {
    fn at(self, depth: ColorDepth) -> Option<Color> {
        match depth {
            ColorDepth::None => None,
            ColorDepth::Ansi16 => Some(self.4),
            ColorDepth::Ansi256 => Some(Color::Indexed(self.3)),
            ColorDepth::TrueColor => Some(Color::Rgb(self.0, self.1, self.2)),
        }
    }
}

const ACCENT: Tone = Tone(0x4f, 0xa3, 0xe0, 74, Color::Cyan);
const GREEN: Tone = Tone(0x5f, 0xb8, 0x5f, 71, Color::Green);
const YELLOW: Tone = Tone(0xe0, 0xb0, 0x40, 178, Color::Yellow);
const RED: Tone = Tone(0xe0, 0x5a, 0x4f, 167, Color::Red);
const DIM: Tone = Tone(0x8a, 0x8a, 0x8a, 245, Color::DarkGray);
const CODE_BG: Tone = Tone(0x26, 0x2a, 0x33, 236, Color::Black);
const CODE_FG: Tone = Tone(0xd8, 0xdc, 0xe4, 253, Color::White);
const BAR_BG: Tone = Tone(0x2b, 0x3a, 0x4a, 237, Color::Blue);
const SELECT_BG: Tone = Tone(0x3a, 0x4f, 0x66, 24, Color::Blue);
const STRING: Tone = Tone(0x98, 0xc3, 0x79, 114, Color::Green);
const COMMENT: Tone = Tone(0x7f, 0x84, 0x8e, 244, Color::DarkGray);
const KEYWORD: Tone = Tone(0xc6, 0x78, 0xdd, 176, Color::Magenta);

/// Every style the screens use, resolved for one colour depth and mode.
#[derive(Clone, Debug)]
pub struct Theme {
    pub depth: ColorDepth,
    pub base: Style,
    pub header: Style,
    pub header_accent: Style,
    pub pane_title: Style,
    pub pane_title_focused: Style,
    pub section: Style,
    pub step: Style,
    pub step_locked: Style,
    pub current: Style,
    pub cursor: Style,
    pub done: Style,
    pub running: Style,
    pub failed: Style,
    pub pending: Style,
    pub dim: Style,
    pub key: Style,
    pub info: Style,
    pub success: Style,
    pub warning: Style,
    pub error: Style,
    pub overlay: Style,
    pub md: MdStyles,
}

fn fg(depth: ColorDepth, tone: Tone) -> Style {
    tone.at(depth)
        .map_or(Style::default(), |c| Style::default().fg(c))
}

fn bg(depth: ColorDepth, tone: Tone) -> Style {
    tone.at(depth)
        .map_or(Style::default(), |c| Style::default().bg(c))
}

impl Theme {
    pub fn new(depth: ColorDepth, high_contrast: bool) -> Theme {
        let bold = Style::default().add_modifier(Modifier::BOLD);
        let none = depth == ColorDepth::None;
        // Without colour, reverse video is what shows a selection.
        let select = if none {
            Style::default().add_modifier(Modifier::REVERSED)
        } else {
            bg(depth, SELECT_BG)
        };
        let (text, dim) = if high_contrast && !none {
            // Projectors wash out greys: text goes full white on black, "dim" stays light.
            (
                Style::default().fg(Color::White).bg(Color::Black),
                Style::default().fg(Color::Gray),
            )
        } else {
            (Style::default(), fg(depth, DIM))
        };
        let accent = fg(depth, ACCENT);
        let code_block = if none {
            Style::default()
        } else {
            bg(depth, CODE_BG).patch(fg(depth, CODE_FG))
        };
        let md = MdStyles {
            text,
            heading: [
                accent.add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
                accent.add_modifier(Modifier::BOLD),
                bold,
            ],
            bold,
            italic: Style::default().add_modifier(Modifier::ITALIC),
            code_inline: if none { bold } else { fg(depth, YELLOW) },
            code_block,
            code_keyword: code_block.patch(fg(depth, KEYWORD)),
            code_string: code_block.patch(fg(depth, STRING)),
            code_comment: code_block
                .patch(fg(depth, COMMENT))
                .add_modifier(Modifier::ITALIC),
            code_flag: code_block.patch(fg(depth, ACCENT)),
            link: accent.add_modifier(Modifier::UNDERLINED),
            url: dim,
            quote: dim,
            alert_note: accent,
            alert_warning: fg(depth, YELLOW).add_modifier(Modifier::BOLD),
            table_header: bold,
            rule: dim,
            alert_labels: Default::default(),
            hyperlinks: false,
        };
        let bar = if none {
            Style::default().add_modifier(Modifier::REVERSED)
        } else if high_contrast {
            Style::default().fg(Color::Black).bg(Color::White)
        } else {
            bg(depth, BAR_BG).fg(Color::White)
        };
        Theme {
            depth,
            base: text,
            header: bar,
            header_accent: bar.add_modifier(Modifier::BOLD),
            pane_title: dim.add_modifier(Modifier::BOLD),
            pane_title_focused: accent.add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            section: accent.add_modifier(Modifier::BOLD),
            step: text,
            step_locked: dim,
            current: bold,
            cursor: select,
            done: fg(depth, GREEN),
            running: fg(depth, YELLOW),
            failed: fg(depth, RED).add_modifier(Modifier::BOLD),
            pending: fg(depth, YELLOW),
            dim,
            key: accent.add_modifier(Modifier::BOLD),
            info: accent,
            success: fg(depth, GREEN).add_modifier(Modifier::BOLD),
            warning: fg(depth, YELLOW).add_modifier(Modifier::BOLD),
            error: fg(depth, RED).add_modifier(Modifier::BOLD),
            overlay: text,
            md,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::testing::env;

    #[test]
    fn depth_detection() {
        assert_eq!(
            ColorDepth::detect(env(&[("NO_COLOR", "1"), ("COLORTERM", "truecolor")])),
            ColorDepth::None
        );
        assert_eq!(
            ColorDepth::detect(env(&[("COLORTERM", "truecolor"), ("TERM", "xterm")])),
            ColorDepth::TrueColor
        );
        assert_eq!(
            ColorDepth::detect(env(&[("TERM", "screen-256color")])),
            ColorDepth::Ansi256
        );
        assert_eq!(
            ColorDepth::detect(env(&[("TERM", "xterm")])),
            ColorDepth::Ansi16
        );
        assert_eq!(
            ColorDepth::detect(env(&[("TERM", "dumb")])),
            ColorDepth::None
        );
        // An empty NO_COLOR does not count, as the convention says.
        assert_eq!(
            ColorDepth::detect(env(&[("NO_COLOR", ""), ("TERM", "xterm")])),
            ColorDepth::Ansi16
        );
    }

    #[test]
    fn no_color_means_no_colour() {
        let t = Theme::new(ColorDepth::None, false);
        for s in [
            t.base,
            t.header,
            t.cursor,
            t.done,
            t.failed,
            t.md.code_block,
            t.md.link,
        ] {
            assert_eq!(s.fg, None);
            assert_eq!(s.bg, None);
        }
    }
}
