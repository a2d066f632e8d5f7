//! Fewer bytes for the same screen, for learners on slow links. ratatui's crossterm backend
//! moves the cursor before every cell that does not follow the one drawn before it, and
//! after a wide character (every Korean syllable) the next cell never counts as following:
//! a Korean step change at 160x48 was 64 % cursor moves. This writer sits between the
//! backend and the terminal, follows the cursor through what is written, drops a move to
//! where the cursor already is, and turns a move forward along the same row into a shorter
//! relative one (`CSI n C`), or, over a gap of a few cells, into the characters already
//! there (a space costs one byte, a move three). It also follows the colours and attributes
//! and leaves out the parts of a colour sequence that change nothing: ratatui sets the
//! foreground and background together, so most colour changes repeat the background as it
//! is. Everything else passes through unchanged.
//!
//! It follows the cursor only through what it can be sure of: ASCII, and the characters
//! every terminal draws two columns wide (Hangul, CJK ideographs, kana, full-width forms).
//! After anything else (an ambiguous-width symbol, a control character, an escape
//! sequence that may move the cursor) it forgets the position and passes the next move
//! through as it is, so a terminal that draws a character wider or narrower than expected
//! is never sent a relative move from a wrong place. The same holds for the screen it
//! remembers (only plain ASCII it wrote, in the colours it wrote them in) and the colours:
//! whatever it cannot follow makes it forget them.
//!
//! A run of spaces (where a longer text was, or a chart is still empty) is held back
//! until the next move shows which is shorter: the spaces, or erasing that many cells
//! (`CSI n X`, which leaves the cursor at the run's start) before the move. It erases
//! only spaces on the terminal's own background with no underline, inverse or crossed-out
//! attribute: an erased cell looks exactly like them on every terminal, whatever colour it
//! erases with.

use std::collections::HashMap;
use std::io::{self, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

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
        body: Vec<u8>,
    },
}

/// Colours and attributes as SGR sequences set them; `None` where not known for sure.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Style {
    fg: Colour,
    bg: Colour,
    underline: Colour,
    /// Bit n: SGR attribute n (1 bold ... 9 crossed out) is on.
    attrs: u16,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Colour {
    #[default]
    Default,
    /// `30`-`37`, `90`-`97` (and their backgrounds): the terminal's named colours.
    Named(u16),
    Indexed(u8),
    Rgb(u8, u8, u8),
}

/// What the writer knows a cell shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Cell {
    /// Written, but not followed here (inside a link, or in colours not known).
    Unknown,
    Ascii(u8, Style),
    /// The halves of a wide character, in its style.
    WideLeft(Style),
    WideRight(Style),
}

impl Style {
    /// Whether a space in this style looks the same as one in `other`: a space shows its
    /// background, and the underline, inverse and crossed-out attributes, nothing else.
    fn blank_as(self, other: Style) -> bool {
        const SHOWN_ON_A_SPACE: u16 = 1 << 4 | 1 << 7 | 1 << 9;
        self.bg == other.bg
            && self.attrs & SHOWN_ON_A_SPACE == 0
            && other.attrs & SHOWN_ON_A_SPACE == 0
    }
}

/// Gaps up to this wide are filled with what is there rather than moved over.
const GAP_FILL: u32 = 3;

/// Spaces written one after another from `at`, not sent yet.
#[derive(Clone, Copy, Debug)]
struct Spaces {
    at: (u32, u32),
    n: u32,
    style: Style,
}

pub struct Compact<W: Write> {
    inner: W,
    parse: Parse,
    cursor: Cursor,
    style: Option<Style>,
    /// The cells written here. A cell not in it holds `blank`'s space, when the screen
    /// was cleared.
    screen: HashMap<(u32, u32), Cell>,
    /// The style of the spaces a cleared screen holds: ratatui's own assumption after it
    /// enters the alternate screen or clears it (its first frame leaves blank cells out).
    blank: Option<Style>,
    /// Inside a hyperlink: what is written is not remembered.
    link_open: bool,
    /// Spaces held back; the cursor is followed as if they had been written.
    spaces: Option<Spaces>,
    /// Where ratatui takes the cursor to be (it counts every character as wide as
    /// unicode-width says): what is remembered of the screen is kept by this position,
    /// which stays known through the symbols whose width terminals disagree on. Where
    /// `cursor` is known, the two are the same.
    model: Cursor,
    out: Vec<u8>,
    /// Bytes passed on so far, read by the loop that paces frames to a slow link (the
    /// backend that owns this writer does not lend it out).
    sent: Arc<AtomicU64>,
}

impl<W: Write> Compact<W> {
    pub fn new(inner: W) -> Compact<W> {
        Compact {
            inner,
            parse: Parse::Text,
            cursor: None,
            style: None,
            screen: HashMap::new(),
            blank: None,
            link_open: false,
            spaces: None,
            model: None,
            out: Vec::with_capacity(8192),
            sent: Arc::default(),
        }
    }

    /// A count of every byte passed on to the terminal, kept up to date.
    pub fn sent(&self) -> Arc<AtomicU64> {
        Arc::clone(&self.sent)
    }

    fn pass_on(&mut self) -> io::Result<()> {
        if !self.out.is_empty() {
            self.inner.write_all(&self.out)?;
            self.sent
                .fetch_add(self.out.len() as u64, Ordering::Relaxed);
            self.out.clear();
        }
        Ok(())
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
                    let width = c.and_then(sure_width);
                    // What is remembered is kept by ratatui's count of columns; a
                    // character it may join to the one before (a combining mark, a
                    // variation selector) makes that count unsure.
                    let counted = c.and_then(UnicodeWidthChar::width).filter(|w| *w > 0);
                    match (self.model, width, counted) {
                        (Some(at), Some(2), _) => {
                            let style = self.style.filter(|_| !self.link_open);
                            self.written(at, 2, |c| match style {
                                Some(s) if c == at.1 => Cell::WideLeft(s),
                                Some(s) => Cell::WideRight(s),
                                None => Cell::Unknown,
                            });
                        }
                        (Some(at), _, Some(w)) => self.written(at, w as u32, |_| Cell::Unknown),
                        _ => self.forget_screen(),
                    }
                    self.advance(width, counted.map(|w| w as u32));
                }
            }
            Parse::Escape => match b {
                b'[' => self.parse = Parse::Csi(vec![]),
                b']' => {
                    self.settle(None);
                    self.out.extend_from_slice(b"\x1b]");
                    self.parse = Parse::Osc {
                        escaped: false,
                        body: vec![],
                    };
                }
                _ => {
                    self.settle(None);
                    self.out.extend_from_slice(&[0x1b, b]);
                    self.forget();
                }
            },
            Parse::Csi(mut body) => {
                body.push(b);
                if (0x40..=0x7e).contains(&b) {
                    self.csi(&body);
                } else if body.len() > 64 {
                    // Not a sequence crossterm writes: pass it on and stop following.
                    self.settle(None);
                    self.out.extend_from_slice(b"\x1b[");
                    self.out.extend_from_slice(&body);
                    self.forget();
                } else {
                    self.parse = Parse::Csi(body);
                }
            }
            Parse::Osc { escaped, mut body } => {
                self.out.push(b);
                let ended = b == 0x07 || (escaped && b == b'\\');
                if ended {
                    self.osc(&body);
                } else {
                    if b != 0x1b && body.len() < 4096 {
                        body.push(b);
                    }
                    self.parse = Parse::Osc {
                        escaped: b == 0x1b,
                        body,
                    };
                }
            }
        }
    }

    fn text(&mut self, b: u8) {
        if b == b' ' && self.hold_space() {
            return;
        }
        // What follows an escape decides what the held spaces become; anything else
        // needs them written.
        if b != 0x1b {
            self.settle(None);
        }
        match b {
            0x1b => self.parse = Parse::Escape,
            0x20..=0x7e => {
                self.out.push(b);
                match (self.model, self.style.filter(|_| !self.link_open)) {
                    (Some(at), Some(s)) => self.written(at, 1, |_| Cell::Ascii(b, s)),
                    (Some(at), None) => self.written(at, 1, |_| Cell::Unknown),
                    (None, _) => self.forget_screen(),
                }
                self.advance(Some(1), Some(1));
            }
            0xc0..=0xdf => self.parse = Parse::Char(vec![b], 2),
            0xe0..=0xef => self.parse = Parse::Char(vec![b], 3),
            0xf0..=0xf7 => self.parse = Parse::Char(vec![b], 4),
            // Controls (and stray bytes) may move the cursor in ways not followed here,
            // and a line feed at the bottom scrolls the screen.
            _ => {
                self.out.push(b);
                self.place(None);
                if b != 0x07 {
                    self.forget_screen();
                }
            }
        }
    }

    /// Where the cursor is, what the screen holds and the colours: none known any more.
    fn forget(&mut self) {
        self.place(None);
        self.style = None;
        self.forget_screen();
    }

    /// A finished OSC string: a hyperlink (`8;params;uri`) opens with a URI and closes
    /// without one; what is written inside one is part of it, so not a gap's filling.
    fn osc(&mut self, body: &[u8]) {
        if let Some(rest) = body.strip_prefix(b"8;") {
            let uri = rest.splitn(2, |b| *b == b';').nth(1);
            self.link_open = uri.is_some_and(|u| !u.is_empty());
        } else if body.len() >= 4096 {
            self.forget_screen();
        }
    }

    /// Records `width` cells from `at` as written, each as `cell` says. A wide character
    /// cut in half by the write is gone from the terminal: its other half is blank then
    /// (ratatui takes it to be), or not known when a blank there could look otherwise.
    fn written(&mut self, at: (u32, u32), width: u32, cell: impl Fn(u32) -> Cell) {
        let (row, from) = at;
        let to = from + width;
        let mut halves = vec![];
        for col in from..to {
            match self.screen.get(&(row, col)) {
                Some(Cell::WideLeft(s)) if col + 1 == to => halves.push((col + 1, *s)),
                Some(Cell::WideRight(s)) if col == from && col > 0 => halves.push((col - 1, *s)),
                _ => {}
            }
        }
        for (col, s) in halves {
            let left = if s.blank_as(Style::default()) {
                Cell::Ascii(b' ', s)
            } else {
                Cell::Unknown
            };
            self.screen.insert((row, col), left);
        }
        for col in from..to {
            self.screen.insert((row, col), cell(col));
        }
    }

    fn forget_screen(&mut self) {
        self.cleared(None);
    }

    /// The whole screen is spaces in `blank` now (`None`: not known).
    fn cleared(&mut self, blank: Option<Style>) {
        self.screen.clear();
        self.blank = blank;
    }

    /// The characters in `row` from `from` up to `to`, when each is known to be plain
    /// ASCII in the style now set: writing them moves the cursor there and changes nothing.
    fn gap(&self, row: u32, from: u32, to: u32) -> Option<Vec<u8>> {
        if self.link_open {
            return None;
        }
        let style = self.style?;
        (from..to)
            .map(|col| match self.screen.get(&(row, col)) {
                Some(Cell::Ascii(b, s)) if *s == style => Some(*b),
                Some(Cell::Ascii(b' ', s)) if s.blank_as(style) => Some(b' '),
                None if self.blank.is_some_and(|b| b.blank_as(style)) => Some(b' '),
                _ => None,
            })
            .collect()
    }

    /// Holds a space back when the cursor and colours are known; `false` when it must be
    /// written as it comes.
    fn hold_space(&mut self) -> bool {
        let (Some(here), Some(style)) = (self.cursor, self.style) else {
            return false;
        };
        if self.link_open {
            return false;
        }
        match &mut self.spaces {
            Some(run) if run.style == style && (run.at.0, run.at.1 + run.n) == here => run.n += 1,
            Some(_) => return false,
            None => {
                self.spaces = Some(Spaces {
                    at: here,
                    n: 1,
                    style,
                })
            }
        }
        // Written or erased, the cell is a space now (and a wide character it cuts in
        // half, gone): the gap after it may join the run.
        self.written(here, 1, |_| Cell::Ascii(b' ', style));
        self.advance(Some(1), Some(1));
        true
    }

    /// Sends the held spaces, as themselves or as an erase when the next thing is a move
    /// to `next` (its target, and what the move costs as sent) and the erase plus the move
    /// from the run's start is shorter.
    fn settle(&mut self, next: Option<((u32, u32), u32)>) {
        let Some(run) = self.spaces.take() else {
            return;
        };
        let end = (run.at.0, run.at.1 + run.n);
        let erase = format!("\x1b[{}X", run.n);
        let erasable = run.style.blank_as(Style::default());
        let shorter = next.is_some_and(|(target, absolute)| {
            let cost = |from: (u32, u32)| match target {
                t if t == from => 0,
                (row, col) if row == from.0 && col > from.1 => relative_move(col - from.1).len(),
                _ => absolute as usize,
            };
            erase.len() + cost(run.at) < run.n as usize + cost(end)
        });
        if erasable && shorter {
            self.out.extend_from_slice(erase.as_bytes());
            self.place(Some(run.at));
        } else {
            self.out.extend(std::iter::repeat_n(b' ', run.n as usize));
        }
    }

    /// The cursor is known to be at `at` now (or not known), in the terminal and for
    /// ratatui alike.
    fn place(&mut self, at: Cursor) {
        self.cursor = at;
        self.model = at;
    }

    /// A character written: `sure` columns wide on every terminal, `counted` by ratatui
    /// (`None`: not known).
    fn advance(&mut self, sure: Option<u32>, counted: Option<u32>) {
        let by = |at: Cursor, w: Option<u32>| match (at, w) {
            (Some((row, col)), Some(w)) => Some((row, col + w)),
            _ => None,
        };
        self.cursor = by(self.cursor, sure);
        self.model = by(self.model, counted);
    }

    /// A complete `CSI ... final`: a cursor position is decided here; colours and
    /// attributes leave the cursor where it is; anything else makes it unknown.
    fn csi(&mut self, body: &[u8]) {
        let (params, last) = body.split_at(body.len() - 1);
        let target = (last == b"H").then(|| position(params)).flatten();
        // Held spaces, a short gap of blanks, and the move lands after it: the gap joins
        // the spaces (erasing or writing it changes nothing there).
        if let (Some(run), Some(here), Some(to)) = (self.spaces, self.cursor, target)
            && to.0 == here.0
            && to.1 > here.1
            && to.1 - here.1 <= GAP_FILL
            && self
                .gap(here.0, here.1, to.1)
                .is_some_and(|g| g.iter().all(|b| *b == b' '))
        {
            self.spaces = Some(Spaces {
                n: run.n + to.1 - here.1,
                ..run
            });
            self.place(Some(to));
            return;
        }
        self.settle(target.map(|t| (t, body.len() as u32 + 2)));
        if let Some(target) = target {
            match self.cursor {
                Some(here) if here == target => {}
                Some((row, col)) if row == target.0 && target.1 > col => {
                    let n = target.1 - col;
                    if let Some(there) = (n <= GAP_FILL)
                        .then(|| self.gap(row, col, target.1))
                        .flatten()
                    {
                        self.out.extend_from_slice(&there);
                    } else {
                        self.out.extend_from_slice(relative_move(n).as_bytes());
                    }
                }
                _ => {
                    self.out.extend_from_slice(b"\x1b[");
                    self.out.extend_from_slice(body);
                }
            }
            self.place(Some(target));
            return;
        }
        if last == b"m" {
            self.sgr(params);
            return;
        }
        self.out.extend_from_slice(b"\x1b[");
        self.out.extend_from_slice(body);
        self.place(None);
        // Modes (`?2026h`, `?25l`) leave the screen as it is; the other screens, erasing,
        // scrolling and inserting do not.
        let private = params.first() == Some(&b'?');
        let other_screen = private
            && params[1..]
                .split(|b| *b == b';')
                .any(|p| matches!(p, b"47" | b"1047" | b"1049"));
        match last {
            // Into the alternate screen, blank, as ratatui takes it to be.
            b"h" if other_screen && params == b"?1049" => self.cleared(Some(Style::default())),
            b"h" | b"l" if private && !other_screen => {}
            // The whole screen erased: spaces in the current background.
            b"J" if params == b"2" => self.cleared(self.style.map(|s| Style {
                bg: s.bg,
                ..Style::default()
            })),
            _ => self.forget_screen(),
        }
    }

    /// A colour or attribute sequence, without the parts that change nothing.
    fn sgr(&mut self, params: &[u8]) {
        let Some(groups) = sgr_groups(params) else {
            self.out.extend_from_slice(b"\x1b[");
            self.out.extend_from_slice(params);
            self.out.push(b'm');
            self.style = None;
            return;
        };
        let mut kept: Vec<&[u8]> = vec![];
        for (text, change) in &groups {
            let before = self.style;
            self.style = match (change, self.style) {
                (Change::Reset, _) => Some(Style::default()),
                (change, Some(style)) => Some(change.apply(style)),
                (_, None) => None,
            };
            if before.is_none() || before != self.style {
                kept.push(text);
            }
        }
        if !kept.is_empty() {
            self.out.extend_from_slice(b"\x1b[");
            self.out.extend_from_slice(&kept.join(&b';'));
            self.out.push(b'm');
        }
    }
}

/// One part of an SGR sequence.
#[derive(Clone, Copy, Debug)]
enum Change {
    Reset,
    On(u16),
    Off(&'static [u16]),
    Fg(Colour),
    Bg(Colour),
    Underline(Colour),
}

impl Change {
    fn apply(self, mut s: Style) -> Style {
        match self {
            Change::Reset => return Style::default(),
            Change::On(n) => s.attrs |= 1 << n,
            Change::Off(ns) => ns.iter().for_each(|n| s.attrs &= !(1 << n)),
            Change::Fg(c) => s.fg = c,
            Change::Bg(c) => s.bg = c,
            Change::Underline(c) => s.underline = c,
        }
        s
    }
}

/// An SGR sequence's parts, each with its text; `None` for anything not understood
/// exactly (sub-parameters with `:`, codes whose meaning terminals disagree on).
fn sgr_groups(params: &[u8]) -> Option<Vec<(&[u8], Change)>> {
    if params.is_empty() {
        return Some(vec![(&params[..0], Change::Reset)]);
    }
    let parts: Vec<&[u8]> = params.split(|b| *b == b';').collect();
    let num = |p: &[u8]| -> Option<u16> {
        if p.is_empty() || p.len() > 3 || !p.iter().all(u8::is_ascii_digit) {
            return None;
        }
        std::str::from_utf8(p).ok()?.parse().ok()
    };
    let byte = |p: &[u8]| num(p).and_then(|n| u8::try_from(n).ok());
    let mut groups = vec![];
    let mut i = 0;
    let mut start = 0;
    while i < parts.len() {
        let code = num(parts[i])?;
        let mut taken = 1;
        let change = match code {
            0 => Change::Reset,
            1..=9 => Change::On(code),
            22 => Change::Off(&[1, 2]),
            23 => Change::Off(&[3]),
            24 => Change::Off(&[4]),
            25 => Change::Off(&[5, 6]),
            27 => Change::Off(&[7]),
            28 => Change::Off(&[8]),
            29 => Change::Off(&[9]),
            30..=37 | 90..=97 => Change::Fg(Colour::Named(code)),
            39 => Change::Fg(Colour::Default),
            40..=47 | 100..=107 => Change::Bg(Colour::Named(code)),
            49 => Change::Bg(Colour::Default),
            59 => Change::Underline(Colour::Default),
            38 | 48 | 58 => {
                let colour = match parts.get(i + 1).and_then(|p| num(p))? {
                    5 => {
                        taken = 3;
                        Colour::Indexed(byte(parts.get(i + 2)?)?)
                    }
                    2 => {
                        taken = 5;
                        Colour::Rgb(
                            byte(parts.get(i + 2)?)?,
                            byte(parts.get(i + 3)?)?,
                            byte(parts.get(i + 4)?)?,
                        )
                    }
                    _ => return None,
                };
                match code {
                    38 => Change::Fg(colour),
                    48 => Change::Bg(colour),
                    _ => Change::Underline(colour),
                }
            }
            _ => return None,
        };
        // The group's text: its parts and the `;` between them.
        let len: usize = parts[i..i + taken].iter().map(|p| p.len()).sum::<usize>() + taken - 1;
        groups.push((&params[start..start + len], change));
        start += len + 1;
        i += taken;
    }
    Some(groups)
}

/// `CSI n C`: `n` columns forward.
fn relative_move(n: u32) -> String {
    if n == 1 {
        "\x1b[C".into()
    } else {
        format!("\x1b[{n}C")
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
        self.pass_on()?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.settle(None);
        self.pass_on()?;
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn compact(bytes: &[u8]) -> Vec<u8> {
        let mut c = Compact::new(vec![]);
        c.write_all(bytes).unwrap();
        c.flush().unwrap();
        c.inner
    }

    #[test]
    fn a_run_of_spaces_before_a_move_elsewhere_is_erased() {
        let spaces = " ".repeat(12);
        // Before a move to another row: erased, and the move goes as it was.
        assert_eq!(
            compact(format!("\x1b[0m\x1b[1;1Hab{spaces}\x1b[2;1Hc").as_bytes()),
            b"\x1b[0m\x1b[1;1Hab\x1b[12X\x1b[2;1Hc".to_vec()
        );
        // Before a move further along the row: erased, and the move made from the start.
        assert_eq!(
            compact(format!("\x1b[0m\x1b[1;1Ha{spaces}\x1b[1;20Hc").as_bytes()),
            b"\x1b[0m\x1b[1;1Ha\x1b[12X\x1b[18Cc".to_vec()
        );
        // Followed by text, at the end, or short: written, since the erase would need a
        // move back to where the spaces end.
        for input in [
            format!("\x1b[0m\x1b[1;1Ha{spaces}b"),
            format!("\x1b[0m\x1b[1;1Ha{spaces}"),
            "\x1b[0m\x1b[1;1Ha   \x1b[2;1Hb".to_string(),
        ] {
            assert_eq!(compact(input.as_bytes()), input.as_bytes().to_vec());
        }
        // On a coloured background, underlined, inverse, crossed out, inside a link or
        // with the colours unknown: written, since an erased cell would look different.
        for style in [
            "\x1b[0;44m",
            "\x1b[0;4m",
            "\x1b[0;7m",
            "\x1b[0;9m",
            "\x1b[4:3m",
        ] {
            let input = format!("{style}\x1b[1;1Ha{spaces}\x1b[2;1Hc");
            assert_eq!(
                compact(input.as_bytes()),
                input.as_bytes().to_vec(),
                "{style}"
            );
        }
        let linked = format!("\x1b[0m\x1b[1;1H\x1b]8;;https://a.b/\x07a{spaces}\x1b[2;1Hc");
        assert_eq!(compact(linked.as_bytes()), linked.as_bytes().to_vec());
        // Foreground and bold do not show on a space: erased.
        assert_eq!(
            compact(format!("\x1b[0;1;38;5;245m\x1b[1;1Ha{spaces}\x1b[2;1Hc").as_bytes()),
            b"\x1b[0;1;38;5;245m\x1b[1;1Ha\x1b[12X\x1b[2;1Hc".to_vec()
        );
        // A colour change ends the run: what came before it is written in its colours.
        let input = format!("\x1b[0m\x1b[1;1Ha{spaces}\x1b[31m{spaces}\x1b[2;1Hc");
        assert_eq!(
            compact(input.as_bytes()),
            format!("\x1b[0m\x1b[1;1Ha{spaces}\x1b[31m\x1b[12X\x1b[2;1Hc").into_bytes()
        );
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
    fn a_short_gap_is_filled_with_what_is_there_in_the_same_colours() {
        assert_eq!(
            compact(b"\x1b[0m\x1b[1;1Habc\x1b[1;1Ha\x1b[1;3Hc"),
            b"\x1b[0m\x1b[1;1Habc\x1b[1;1Habc".to_vec()
        );
        // In other colours the gap is moved over: writing it would recolour it.
        assert_eq!(
            compact(b"\x1b[0m\x1b[1;1Habc\x1b[31m\x1b[1;1Ha\x1b[1;3Hc"),
            b"\x1b[0m\x1b[1;1Habc\x1b[31m\x1b[1;1Ha\x1b[Cc".to_vec()
        );
        // A wide character over a cell, or a partial erase, and the cell is not known.
        assert_eq!(
            compact("\x1b[0m\x1b[1;1Habc\x1b[1;2H가\x1b[1;1Ha\x1b[1;3Hc".as_bytes()),
            "\x1b[0m\x1b[1;1Habc\x1b[1;2H가\x1b[1;1Ha\x1b[Cc".as_bytes()
        );
        assert_eq!(
            compact(b"\x1b[0m\x1b[1;1Habc\x1b[J\x1b[1;1Ha\x1b[1;3Hc"),
            b"\x1b[0m\x1b[1;1Habc\x1b[J\x1b[1;1Ha\x1b[Cc".to_vec()
        );
        // An erased screen is spaces in the background it was erased with; so is the
        // alternate screen, as ratatui takes it to be.
        assert_eq!(
            compact(b"\x1b[0m\x1b[1;1Habc\x1b[2J\x1b[1;1Ha\x1b[1;3Hc"),
            b"\x1b[0m\x1b[1;1Habc\x1b[2J\x1b[1;1Ha c".to_vec()
        );
        assert_eq!(
            compact(b"\x1b[0m\x1b[44m\x1b[2J\x1b[0m\x1b[1;1Ha\x1b[1;3Hc"),
            b"\x1b[0m\x1b[44m\x1b[2J\x1b[0m\x1b[1;1Ha\x1b[Cc".to_vec()
        );
        assert_eq!(
            compact(b"\x1b[?1049h\x1b[0m\x1b[1;1Ha\x1b[1;3Hc"),
            b"\x1b[?1049h\x1b[0m\x1b[1;1Ha c".to_vec()
        );
        // Wider gaps are moved over.
        assert_eq!(
            compact(b"\x1b[0m\x1b[1;1Habcdef\x1b[1;1Ha\x1b[1;6Hf"),
            b"\x1b[0m\x1b[1;1Habcdef\x1b[1;1Ha\x1b[4Cf".to_vec()
        );
    }

    #[test]
    fn what_is_remembered_is_kept_by_ratatuis_count_through_symbols_of_unsure_width() {
        // "│" at column 3 (one column for ratatui, one or two for the terminal), then "x":
        // the next move goes as it is, but the cells stay known by ratatui's count.
        let before = "\x1b[0m\x1b[1;1Habcdefghi\x1b[2;1Habc\x1b[1;3H│x";
        assert_eq!(
            compact(format!("{before}\x1b[2;1Ha\x1b[2;3Hc\x1b[1;4Hx\x1b[1;6Hz").as_bytes()),
            format!("{before}\x1b[2;1Habc\x1b[1;4Hxez").into_bytes()
        );
        // The symbol's own cell is not a gap's filling.
        assert_eq!(
            compact(format!("{before}\x1b[1;1Ha\x1b[1;5He").as_bytes()),
            format!("{before}\x1b[1;1Ha\x1b[3Ce").into_bytes()
        );
        // A character ratatui may count with the one before it (a combining mark), or a
        // line feed (which may scroll): nothing is known.
        for unsure in ["\x1b[1;9He\u{301}", "\x1b[1;9H\n"] {
            let before = format!("\x1b[0m\x1b[1;1Habcdefghi\x1b[2;1Habc{unsure}");
            assert_eq!(
                compact(format!("{before}\x1b[2;1Ha\x1b[2;3Hc").as_bytes()),
                format!("{before}\x1b[2;1Ha\x1b[Cc").into_bytes()
            );
        }
    }

    #[test]
    fn a_wide_character_cut_in_half_leaves_a_blank() {
        // A space over the left half of "가" blanks its right half, as ratatui takes it:
        // the move over it becomes a space and joins the run.
        assert_eq!(
            compact("\x1b[0m\x1b[1;1H가나\x1b[1;1H \x1b[1;3H \x1b[1;9Hx".as_bytes()),
            "\x1b[0m\x1b[1;1H가나\x1b[1;1H   \x1b[5Cx".as_bytes()
        );
        // In a colour that would show on the blank: not known.
        assert_eq!(
            compact("\x1b[0;44m\x1b[1;1H가\x1b[0m\x1b[1;1H \x1b[1;3Hx".as_bytes()),
            "\x1b[0;44m\x1b[1;1H가\x1b[0m\x1b[1;1H \x1b[Cx".as_bytes()
        );
    }

    #[test]
    fn what_a_hyperlink_holds_is_not_a_gaps_filling() {
        // Written inside a link: not remembered; a link closed again: gaps filled.
        assert_eq!(
            compact(
                b"\x1b[0m\x1b[1;1H\x1b]8;;https://a.b/\x1b\\abc\x1b]8;;\x1b\\\x1b[1;1Ha\x1b[1;3Hc"
            ),
            b"\x1b[0m\x1b[1;1H\x1b]8;;https://a.b/\x1b\\abc\x1b]8;;\x1b\\\x1b[1;1Ha\x1b[Cc"
                .to_vec()
        );
        assert_eq!(
            compact(b"\x1b[0m\x1b[1;1Habc\x1b]8;;https://a.b/\x07\x1b[1;1Ha\x1b[1;3Hc"),
            b"\x1b[0m\x1b[1;1Habc\x1b]8;;https://a.b/\x07\x1b[1;1Ha\x1b[Cc".to_vec()
        );
        assert_eq!(
            compact(
                b"\x1b[0m\x1b]8;;https://a.b/\x07x\x1b]8;;\x07\x1b[1;1Habc\x1b[1;1Ha\x1b[1;3Hc"
            ),
            b"\x1b[0m\x1b]8;;https://a.b/\x07x\x1b]8;;\x07\x1b[1;1Habc\x1b[1;1Habc".to_vec()
        );
    }

    #[test]
    fn colour_parts_that_change_nothing_are_left_out() {
        assert_eq!(
            compact(b"\x1b[0m\x1b[38;5;1;49mx\x1b[38;5;2;49my\x1b[38;5;2;49mz\x1b[0m"),
            b"\x1b[0m\x1b[38;5;1mx\x1b[38;5;2myz\x1b[0m".to_vec()
        );
        assert_eq!(
            compact(b"\x1b[0m\x1b[38;2;1;2;3;48;2;4;5;6mx\x1b[38;2;1;2;3;48;2;9;9;9my"),
            b"\x1b[0m\x1b[38;2;1;2;3;48;2;4;5;6mx\x1b[48;2;9;9;9my".to_vec()
        );
        assert_eq!(
            compact(b"\x1b[0m\x1b[1mx\x1b[1my\x1b[22mz\x1b[22mw"),
            b"\x1b[0m\x1b[1mxy\x1b[22mzw".to_vec()
        );
        // Before anything is known, and after what is not understood, all of it goes.
        for unsure in [
            &b"\x1b[39;49m\x1b[39;49m"[..],
            b"\x1b[0m\x1b[4:3mx\x1b[4:3m\x1b[39m",
        ] {
            assert_eq!(compact(unsure), unsure.to_vec());
        }
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

    /// What each cell shows: its character (a cell never written shows a space, as a
    /// written space does), colours and attributes; of a blank, only what shows on one
    /// (its background, underline and inverse), as a terminal draws it.
    fn visible(screen: &vt100::Screen, w: u16, h: u16) -> Vec<String> {
        let mut cells = vec![];
        for row in 0..h {
            for col in 0..w {
                let Some(c) = screen.cell(row, col) else {
                    continue;
                };
                let text = c.contents();
                let shown = if text.trim().is_empty() && !c.is_wide_continuation() {
                    format!(
                        "blank {:?} {}{}",
                        c.bgcolor(),
                        u8::from(c.underline()),
                        u8::from(c.inverse())
                    )
                } else {
                    format!(
                        "{text:?} {:?} {:?} {}{}{}{}",
                        c.fgcolor(),
                        c.bgcolor(),
                        u8::from(c.bold()),
                        u8::from(c.italic()),
                        u8::from(c.underline()),
                        u8::from(c.inverse())
                    )
                };
                cells.push(format!("{row},{col} {shown}"));
            }
        }
        cells
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
        for (lang, depth) in [
            (Lang::Ko, ColorDepth::Ansi256),
            (Lang::En, ColorDepth::Ansi256),
            (Lang::Ko, ColorDepth::TrueColor),
        ] {
            let ctx = Ctx::new(&i18n, depth, false);
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
            // As the terminal is entered: the alternate screen, which ratatui takes as blank.
            for backend in [plain.backend_mut() as &mut dyn Write, lean.backend_mut()] {
                backend.write_all(b"\x1b[?1049h").unwrap();
            }
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
                let (want, got) = (
                    visible(screen_plain.screen(), w, h),
                    visible(screen_lean.screen(), w, h),
                );
                let differ: Vec<_> = want
                    .iter()
                    .zip(&got)
                    .filter(|(a, b)| a != b)
                    .take(8)
                    .collect();
                assert!(
                    differ.is_empty(),
                    "{lang:?} {depth:?}, frame {frame}: the screens differ: {differ:#?}"
                );
                assert!(!screen_plain.screen().contents().trim().is_empty());
            }
            // Korean text was a cursor move per syllable: about half now; English loses the
            // repeated background colours and short moves.
            let limit = if lang == Lang::Ko { 0.55 } else { 0.8 };
            assert!(
                (bytes_lean as f64) < bytes_plain as f64 * limit,
                "{lang:?} {depth:?}: {bytes_lean} bytes against {bytes_plain}"
            );
            println!(
                "{lang:?} {depth:?}: {bytes_plain} bytes as ratatui writes them, {bytes_lean} compact"
            );
        }
    }
}
