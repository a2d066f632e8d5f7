//! Fewer bytes for the same screen, for learners on slow links. ratatui's crossterm backend
//! moves the cursor before every cell that does not follow the one drawn before it, and
//! after a wide character (every Korean syllable) the next cell never counts as following:
//! a Korean step change at 160x48 was 64 % cursor moves. This writer sits between the
//! backend and the terminal, follows the cursor through what is written, drops a move to
//! where the cursor already is, and turns a move forward along the same row into a shorter
//! relative one (`CSI n C`). Everything else passes through unchanged.
//!
//! It follows the cursor only through what it can be sure of: ASCII, and the characters
//! every terminal draws two columns wide (Hangul, CJK ideographs, kana, full-width forms).
//! After anything else (an ambiguous-width symbol, a control character, an escape
//! sequence that may move the cursor) it forgets the position and passes the next move
//! through as it is, so a terminal that draws a character wider or narrower than expected
//! is never sent a relative move from a wrong place.

use std::io::{self, Write};

use unicode_width::UnicodeWidthChar;

/// The cursor, as 1-based (row, column), when it is known for sure.
type Cursor = Option<(u32, u32)>;

enum Parse {
    Text,
    /// A UTF-8 character begun: its bytes so far and how many it has in all.
    Char(Vec<u8>, usize),
    /// ESC seen.
    Escape,
    /// `ESC [` and what followed.
    Csi(Vec<u8>),
    /// `ESC ]` (an OSC string: hyperlinks, the clipboard) until BEL or ESC `\`.
    Osc {
        escaped: bool,
    },
}

pub struct Compact<W: Write> {
    inner: W,
    parse: Parse,
    cursor: Cursor,
    out: Vec<u8>,
}

impl<W: Write> Compact<W> {
    pub fn new(inner: W) -> Compact<W> {
        Compact {
            inner,
            parse: Parse::Text,
            cursor: None,
            out: Vec::with_capacity(8192),
        }
    }

    fn byte(&mut self, b: u8) {
        match std::mem::replace(&mut self.parse, Parse::Text) {
            Parse::Text => self.text(b),
            Parse::Char(mut bytes, len) => {
                bytes.push(b);
                if bytes.len() < len {
                    self.parse = Parse::Char(bytes, len);
                } else {
                    self.out.extend_from_slice(&bytes);
                    let c = std::str::from_utf8(&bytes)
                        .ok()
                        .and_then(|s| s.chars().next());
                    self.advance(c.and_then(sure_width));
                }
            }
            Parse::Escape => match b {
                b'[' => self.parse = Parse::Csi(vec![]),
                b']' => {
                    self.out.extend_from_slice(b"\x1b]");
                    self.parse = Parse::Osc { escaped: false };
                }
                _ => {
                    self.out.extend_from_slice(&[0x1b, b]);
                    self.cursor = None;
                }
            },
            Parse::Csi(mut body) => {
                body.push(b);
                if (0x40..=0x7e).contains(&b) {
                    self.csi(&body);
                } else if body.len() > 64 {
                    // Not a sequence crossterm writes: pass it on and stop following.
                    self.out.extend_from_slice(b"\x1b[");
                    self.out.extend_from_slice(&body);
                    self.cursor = None;
                } else {
                    self.parse = Parse::Csi(body);
                }
            }
            Parse::Osc { escaped } => {
                self.out.push(b);
                let ended = b == 0x07 || (escaped && b == b'\\');
                if !ended {
                    self.parse = Parse::Osc { escaped: b == 0x1b };
                }
            }
        }
    }

    fn text(&mut self, b: u8) {
        match b {
            0x1b => self.parse = Parse::Escape,
            0x20..=0x7e => {
                self.out.push(b);
                self.advance(Some(1));
            }
            0xc0..=0xdf => self.parse = Parse::Char(vec![b], 2),
            0xe0..=0xef => self.parse = Parse::Char(vec![b], 3),
            0xf0..=0xf7 => self.parse = Parse::Char(vec![b], 4),
            // Controls (and stray bytes) may move the cursor in ways not followed here.
            _ => {
                self.out.push(b);
                self.cursor = None;
            }
        }
    }

    fn advance(&mut self, width: Option<u32>) {
        self.cursor = match (self.cursor, width) {
            (Some((row, col)), Some(w)) => Some((row, col + w)),
            _ => None,
        };
    }

    /// A complete `CSI ... final`: a cursor position is decided here; colours and
    /// attributes leave the cursor where it is; anything else makes it unknown.
    fn csi(&mut self, body: &[u8]) {
        let (params, last) = body.split_at(body.len() - 1);
        if last == b"H"
            && let Some(target) = position(params)
        {
            match self.cursor {
                Some(here) if here == target => {}
                Some((row, col)) if row == target.0 && target.1 > col => {
                    let n = target.1 - col;
                    if n == 1 {
                        self.out.extend_from_slice(b"\x1b[C");
                    } else {
                        self.out.extend_from_slice(format!("\x1b[{n}C").as_bytes());
                    }
                }
                _ => {
                    self.out.extend_from_slice(b"\x1b[");
                    self.out.extend_from_slice(body);
                }
            }
            self.cursor = Some(target);
            return;
        }
        self.out.extend_from_slice(b"\x1b[");
        self.out.extend_from_slice(body);
        if last != b"m" {
            self.cursor = None;
        }
    }
}

/// `row;col` of a `CSI row;col H` (both default to 1); `None` for anything else.
fn position(params: &[u8]) -> Option<(u32, u32)> {
    let text = std::str::from_utf8(params).ok()?;
    let mut parts = text.split(';');
    let num = |p: Option<&str>| -> Option<u32> {
        match p {
            None | Some("") => Some(1),
            Some(s) => s.parse().ok().filter(|n| *n > 0),
        }
    };
    let row = num(parts.next())?;
    let col = num(parts.next())?;
    parts.next().is_none().then_some((row, col))
}

/// How many columns a character takes, for the characters every terminal agrees on.
fn sure_width(c: char) -> Option<u32> {
    let wide = matches!(c as u32,
        0x1100..=0x115F // Hangul leading jamo
        | 0x2E80..=0x303E // CJK radicals, symbols and punctuation
        | 0x3041..=0x33FF // kana, Hangul compatibility jamo, CJK compatibility
        | 0x3400..=0x4DBF // CJK extension A
        | 0x4E00..=0x9FFF // CJK unified ideographs
        | 0xAC00..=0xD7A3 // Hangul syllables
        | 0xF900..=0xFAFF // CJK compatibility ideographs
        | 0xFF01..=0xFF60 // full-width forms
        | 0xFFE0..=0xFFE6);
    // Braille (the charts) is narrow everywhere.
    let narrow = matches!(c as u32, 0x2800..=0x28FF);
    match c.width() {
        Some(2) if wide => Some(2),
        Some(1) if narrow => Some(1),
        _ => None,
    }
}

impl<W: Write> Write for Compact<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        for &b in buf {
            self.byte(b);
        }
        if !self.out.is_empty() {
            self.inner.write_all(&self.out)?;
            self.out.clear();
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn compact(bytes: &[u8]) -> Vec<u8> {
        let mut c = Compact::new(vec![]);
        c.write_all(bytes).unwrap();
        c.inner
    }

    #[test]
    fn moves_to_where_the_cursor_is_go_and_forward_moves_get_shorter() {
        // After two Hangul syllables the cursor is at column 5: no move needed.
        assert_eq!(
            compact("\x1b[1;1H가나\x1b[1;5H다".as_bytes()),
            "\x1b[1;1H가나다".as_bytes()
        );
        // Forward along the row: relative.
        assert_eq!(
            compact(b"\x1b[2;1Hab\x1b[2;4Hc\x1b[2;10Hd"),
            b"\x1b[2;1Hab\x1b[Cc\x1b[5Cd".to_vec()
        );
        // Backwards, or to another row: as it was.
        assert_eq!(
            compact(b"\x1b[2;5Hab\x1b[2;1Hc\x1b[3;2Hd"),
            b"\x1b[2;5Hab\x1b[2;1Hc\x1b[3;2Hd".to_vec()
        );
        // Colours do not move the cursor.
        assert_eq!(
            compact(b"\x1b[1;1Ha\x1b[38;5;74;49mb\x1b[1;3Hc"),
            b"\x1b[1;1Ha\x1b[38;5;74;49mbc".to_vec()
        );
    }

    #[test]
    fn after_anything_not_sure_the_next_move_is_sent_as_it_is() {
        // An ambiguous-width symbol, a control character, an unknown sequence.
        for unsure in ["·".as_bytes(), b"\r", b"\x1b[2K", "─".as_bytes()] {
            let mut input = b"\x1b[1;1Ha".to_vec();
            input.extend_from_slice(unsure);
            input.extend_from_slice(b"\x1b[1;9Hb");
            let out = compact(&input);
            assert!(
                out.ends_with(b"\x1b[1;9Hb"),
                "{:?}",
                String::from_utf8_lossy(&out)
            );
        }
        // Nothing is known before the first absolute move.
        assert_eq!(compact(b"ab\x1b[1;3Hc"), b"ab\x1b[1;3Hc".to_vec());
        // An OSC string (a hyperlink) passes whole and does not move the cursor.
        assert_eq!(
            compact(b"\x1b[1;1H\x1b]8;;https://a.b/\x1b\\x\x1b]8;;\x1b\\\x1b[1;2Hy"),
            b"\x1b[1;1H\x1b]8;;https://a.b/\x1b\\x\x1b]8;;\x1b\\y".to_vec()
        );
    }

    #[test]
    fn sequences_split_across_writes_come_out_the_same() {
        let input =
            "\x1b[1;1H가나\x1b[1;5H다\x1b[38;5;74mz\x1b[1;12Hq\x1b]52;c;YQ==\x07".as_bytes();
        let whole = compact(input);
        let mut c = Compact::new(vec![]);
        for b in input {
            c.write_all(std::slice::from_ref(b)).unwrap();
        }
        assert_eq!(c.inner, whole);
    }

    /// A writer the test keeps a handle on, to read what was written.
    #[derive(Clone, Default)]
    struct Sink(std::rc::Rc<std::cell::RefCell<Vec<u8>>>);

    impl Sink {
        fn take(&self) -> Vec<u8> {
            std::mem::take(&mut self.0.borrow_mut())
        }
    }

    impl Write for Sink {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.0.borrow_mut().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    /// Real frames (the welcome, then step after step, in both languages at 160x48, with
    /// colours) drawn through ratatui as it is and through the compact writer draw the
    /// same screen in a terminal emulator, and the compact one takes fewer bytes.
    #[test]
    fn real_frames_draw_the_same_screen_in_fewer_bytes() {
        use crate::app::{self, App, Intent};
        use crate::i18n::{I18n, Lang};
        use crate::ui::{ColorDepth, Ctx};
        use ratatui::Terminal;
        use ratatui::backend::CrosstermBackend;

        let workshop = std::sync::Arc::new(
            crate::workshop::load(&crate::workshop::Source::Embedded).expect("shipped content"),
        );
        let i18n = I18n::embedded();
        let ctx = Ctx::new(&i18n, ColorDepth::Ansi256, false);
        for lang in [Lang::Ko, Lang::En] {
            let (w, h) = (160, 48);
            let mut app = App::new(
                workshop.clone(),
                lang,
                crate::cloud::sim::identity(10.0, crate::cloud::DEFAULT_REGION),
                None,
            );
            app.size = ratatui::layout::Rect::new(0, 0, w, h);
            let area = ratatui::layout::Rect::new(0, 0, w, h);
            let opts = || ratatui::TerminalOptions {
                viewport: ratatui::Viewport::Fixed(area),
            };
            let (sink_plain, sink_lean) = (Sink::default(), Sink::default());
            let mut plain =
                Terminal::with_options(CrosstermBackend::new(sink_plain.clone()), opts()).unwrap();
            let mut lean = Terminal::with_options(
                CrosstermBackend::new(Compact::new(sink_lean.clone())),
                opts(),
            )
            .unwrap();
            let (mut screen_plain, mut screen_lean) =
                (vt100::Parser::new(h, w, 0), vt100::Parser::new(h, w, 0));
            let (mut bytes_plain, mut bytes_lean) = (0, 0);
            for frame in 0..8 {
                if frame > 0 {
                    app::update(&mut app, app::Action::Input(Intent::NextStep));
                }
                plain
                    .draw(|f| drop(crate::ui::draw(f, &app, &ctx)))
                    .unwrap();
                lean.draw(|f| drop(crate::ui::draw(f, &app, &ctx))).unwrap();
                let (out_plain, out_lean) = (sink_plain.take(), sink_lean.take());
                bytes_plain += out_plain.len();
                bytes_lean += out_lean.len();
                screen_plain.process(&out_plain);
                screen_lean.process(&out_lean);
                assert_eq!(
                    screen_plain.screen().contents_formatted(),
                    screen_lean.screen().contents_formatted(),
                    "{lang:?}, frame {frame}: the screens differ"
                );
                assert!(!screen_plain.screen().contents().trim().is_empty());
            }
            // Korean text was a cursor move per syllable: well under three quarters now.
            let limit = if lang == Lang::Ko { 0.75 } else { 0.95 };
            assert!(
                (bytes_lean as f64) < bytes_plain as f64 * limit,
                "{lang:?}: {bytes_lean} bytes against {bytes_plain}"
            );
            println!("{lang:?}: {bytes_plain} bytes as ratatui writes them, {bytes_lean} compact");
        }
    }
}
