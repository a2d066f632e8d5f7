//! Line wrapping by display width. ratatui wraps only at spaces and lets wide characters
//! spill; here every line fits its width exactly, long tokens (ARNs, S3 URIs, URLs) break
//! after a separator where one is near, and Korean breaks at spaces like English.

use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// Display width of a string in terminal columns.
pub fn display_width(s: &str) -> usize {
    s.graphemes(true).map(grapheme_width).sum()
}

fn grapheme_width(g: &str) -> usize {
    // Control characters draw as nothing and would desynchronise the layout.
    if g.chars().all(|c| c.is_control()) {
        0
    } else {
        UnicodeWidthStr::width(g).min(2)
    }
}

/// Characters after which a long token may break without looking broken.
const BREAK_AFTER: &[char] = &['/', ':', '-', '_', '.', ',', '?', '&', '=', '@', ';'];

/// A run of text to wrap: its text, its style, and the hyperlink it belongs to (an index
/// into the document's links), if any.
pub type Run = (String, Style, Option<u32>);

/// Where a hyperlink sits on a laid-out line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LinkMark {
    pub col: u16,
    pub width: u16,
    pub link: u32,
}

/// A laid-out line and the hyperlinks on it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LinkedLine {
    pub line: Line<'static>,
    pub links: Vec<LinkMark>,
}

impl LinkedLine {
    pub fn plain(line: Line<'static>) -> LinkedLine {
        LinkedLine {
            line,
            links: vec![],
        }
    }

    /// The same line behind a prefix (an indent, a list marker, a quote bar).
    pub fn prefixed(self, prefix: Span<'static>) -> LinkedLine {
        let shift = display_width(&prefix.content) as u16;
        let mut spans = vec![prefix];
        spans.extend(self.line.spans);
        LinkedLine {
            line: Line::from(spans),
            links: self
                .links
                .into_iter()
                .map(|m| LinkMark {
                    col: m.col + shift,
                    ..m
                })
                .collect(),
        }
    }
}

struct Piece {
    text: String,
    style: Style,
    link: Option<u32>,
    width: usize,
    space: bool,
    newline: bool,
}

fn pieces(runs: &[Run]) -> Vec<Piece> {
    let mut out = vec![];
    for (text, style, link) in runs {
        let piece = |text: String, style: Style, space: bool| Piece {
            width: display_width(&text),
            text,
            style,
            link: *link,
            space,
            newline: false,
        };
        for (i, part) in text.split('\n').enumerate() {
            if i > 0 {
                out.push(Piece {
                    text: String::new(),
                    style: *style,
                    link: None,
                    width: 0,
                    space: false,
                    newline: true,
                });
            }
            let mut word = String::new();
            let mut space = String::new();
            for g in part.graphemes(true) {
                let is_space = g.chars().all(char::is_whitespace);
                if is_space {
                    if !word.is_empty() {
                        out.push(piece(std::mem::take(&mut word), *style, false));
                    }
                    space.push(' ');
                } else {
                    if !space.is_empty() {
                        out.push(piece(std::mem::take(&mut space), *style, true));
                    }
                    if !g.chars().all(|c| c.is_control()) {
                        word.push_str(g);
                    }
                }
            }
            if !word.is_empty() {
                out.push(piece(word, *style, false));
            }
            if !space.is_empty() {
                out.push(piece(space, *style, true));
            }
        }
    }
    out
}

/// Splits `text` into the longest head that fits `max` columns, preferring to end just
/// after a separator in the last part of the head. The head is never empty.
fn split_token(text: &str, max: usize) -> (String, String) {
    let graphemes: Vec<&str> = text.graphemes(true).collect();
    let mut width = 0;
    let mut fit = 0;
    for g in &graphemes {
        let w = grapheme_width(g);
        if width + w > max {
            break;
        }
        width += w;
        fit += 1;
    }
    if fit == 0 {
        // A wide character cannot be shown in a one-column line: a narrow stand-in keeps
        // the layout exact instead of spilling past the edge.
        return ("?".to_string(), graphemes[1..].concat());
    }
    let min_break = fit * 3 / 5;
    let cut = (min_break..fit)
        .rev()
        .find(|&i| graphemes[i].chars().all(|c| BREAK_AFTER.contains(&c)))
        .map_or(fit, |i| i + 1);
    (graphemes[..cut].concat(), graphemes[cut..].concat())
}

/// Wraps styled text into lines of at most `width` columns. The first line starts with
/// `first`, later lines with `rest` (indents or list markers); both count toward the width.
pub fn wrap_text(
    spans: &[(String, Style)],
    width: usize,
    first: Vec<Span<'static>>,
    rest: Vec<Span<'static>>,
) -> Vec<Line<'static>> {
    let runs: Vec<Run> = spans.iter().map(|(t, s)| (t.clone(), *s, None)).collect();
    wrap_runs(&runs, width, first, rest)
        .into_iter()
        .map(|l| l.line)
        .collect()
}

/// Lines being filled, with where the hyperlinks on them are.
struct Filler {
    lines: Vec<LinkedLine>,
    current: Vec<Span<'static>>,
    marks: Vec<LinkMark>,
    used: usize,
    at_start: bool,
    rest: Vec<Span<'static>>,
    rest_width: usize,
}

impl Filler {
    fn push(&mut self, text: String, style: Style, link: Option<u32>, width: usize) {
        if let Some(link) = link {
            let col = self.used as u16;
            match self.marks.last_mut() {
                Some(m) if m.link == link && m.col + m.width == col => m.width += width as u16,
                _ => self.marks.push(LinkMark {
                    col,
                    width: width as u16,
                    link,
                }),
            }
        }
        self.used += width;
        self.current.push(Span::styled(text, style));
    }

    fn finish(&mut self) {
        // Trailing spaces would only add bytes to the terminal.
        while self.current.len() > 1
            && self
                .current
                .last()
                .is_some_and(|l| !l.content.is_empty() && l.content.trim().is_empty())
        {
            if let Some(span) = self.current.pop() {
                self.used -= display_width(&span.content);
            }
        }
        let end = self.used as u16;
        let mut marks = std::mem::take(&mut self.marks);
        marks.retain_mut(|m| {
            m.width = m.width.min(end.saturating_sub(m.col));
            m.width > 0
        });
        self.lines.push(LinkedLine {
            line: Line::from(std::mem::replace(&mut self.current, self.rest.clone())),
            links: marks,
        });
        self.used = self.rest_width;
        self.at_start = true;
    }
}

/// Wraps runs of text that may carry hyperlinks; see `wrap_text`.
pub fn wrap_runs(
    runs: &[Run],
    width: usize,
    first: Vec<Span<'static>>,
    rest: Vec<Span<'static>>,
) -> Vec<LinkedLine> {
    let prefix_width =
        |p: &[Span<'static>]| p.iter().map(|s| display_width(&s.content)).sum::<usize>();
    let rest_width = prefix_width(&rest);
    let avail_rest = width.saturating_sub(rest_width).max(1);
    let mut f = Filler {
        lines: vec![],
        used: prefix_width(&first),
        current: first,
        marks: vec![],
        at_start: true,
        rest,
        rest_width,
    };
    let all = pieces(runs);
    let mut i = 0;
    while i < all.len() {
        let p = &all[i];
        if p.newline {
            f.finish();
            i += 1;
            continue;
        }
        if p.space {
            if !f.at_start && f.used + p.width <= width {
                f.push(p.text.clone(), p.style, p.link, p.width);
            }
            i += 1;
            continue;
        }
        // A word may span runs (`${stack}`이라는: code, then a particle); it breaks only
        // where it has a space, so a Korean particle stays with what it follows.
        let end = (i..all.len())
            .find(|&j| all[j].space || all[j].newline)
            .unwrap_or(all.len());
        let word = &all[i..end];
        let word_width: usize = word.iter().map(|p| p.width).sum();
        let fits_here = f.used + word_width <= width;
        if fits_here || (!f.at_start && word_width <= avail_rest) {
            if !fits_here {
                f.finish();
            }
            f.at_start = false;
            for p in word {
                f.push(p.text.clone(), p.style, p.link, p.width);
            }
            i = end;
            continue;
        }
        // Longer than a line: its pieces go one by one, a piece too long split.
        i += 1;
        if f.used + p.width <= width {
            f.at_start = false;
            f.push(p.text.clone(), p.style, p.link, p.width);
            continue;
        }
        if !f.at_start && p.width <= avail_rest {
            f.finish();
            f.at_start = false;
            f.push(p.text.clone(), p.style, p.link, p.width);
            continue;
        }
        // Too long for any line: fill what is left of this line, then whole lines.
        let mut remaining = p.text.clone();
        while !remaining.is_empty() {
            let room = width.saturating_sub(f.used);
            if room < 4.min(avail_rest) && !f.at_start {
                f.finish();
                continue;
            }
            let (head, tail) = split_token(&remaining, room.max(1));
            let w = display_width(&head);
            if f.used + w > width && !f.at_start {
                f.finish();
                continue;
            }
            f.at_start = false;
            f.push(head, p.style, p.link, w);
            remaining = tail;
            if !remaining.is_empty() {
                f.finish();
            }
        }
    }
    if !f.at_start || f.lines.is_empty() || f.current.iter().any(|s| !s.content.trim().is_empty()) {
        f.finish();
    }
    f.lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(text: &str, width: usize) -> Vec<String> {
        wrap_text(
            &[(text.to_string(), Style::default())],
            width,
            vec![],
            vec![],
        )
        .iter()
        .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
        .collect()
    }

    #[test]
    fn wraps_korean_by_display_width() {
        let lines = plain("스택을 만들면 노트북 인스턴스와 역할이 함께 생깁니다", 20);
        for l in &lines {
            assert!(display_width(l) <= 20, "{l:?} is {} wide", display_width(l));
        }
        assert_eq!(
            lines.join(" "),
            "스택을 만들면 노트북 인스턴스와 역할이 함께 생깁니다"
        );
    }

    #[test]
    fn a_particle_stays_with_the_code_span_it_follows() {
        let runs: Vec<Run> = vec![
            (
                "모든 실습은 한 노트북에서 합니다. ".into(),
                Style::default(),
                None,
            ),
            (
                "AIMLWorkshop-kim".into(),
                Style::default().add_modifier(ratatui::style::Modifier::BOLD),
                None,
            ),
            ("이라는 스택".into(), Style::default(), None),
        ];
        let lines: Vec<String> = wrap_runs(&runs, 52, vec![], vec![])
            .iter()
            .map(|l| l.line.spans.iter().map(|s| s.content.as_ref()).collect())
            .collect();
        assert_eq!(
            lines,
            [
                "모든 실습은 한 노트북에서 합니다.",
                "AIMLWorkshop-kim이라는 스택"
            ]
        );
    }

    #[test]
    fn long_tokens_break_after_separators() {
        let arn = "arn:aws:iam::123456789012:role/service-role/AmazonSageMaker-ExecutionRole";
        let lines = plain(arn, 30);
        assert!(lines.len() > 1);
        for l in &lines {
            assert!(display_width(l) <= 30, "{l:?}");
        }
        assert_eq!(lines.concat(), arn);
        assert!(
            lines[0].ends_with(':') || lines[0].ends_with('/'),
            "{lines:?}"
        );
    }

    #[test]
    fn wide_glyph_never_spills() {
        // Width 1 cannot hold a Korean syllable: each becomes a narrow stand-in.
        let lines = plain("가나", 1);
        assert_eq!(lines, ["?", "?"]);
        let lines = plain("a가", 2);
        assert_eq!(lines, ["a", "가"]);
    }

    #[test]
    fn prefixes_count_toward_width() {
        let lines = wrap_text(
            &[("one two three four".to_string(), Style::default())],
            9,
            vec![Span::raw("- ")],
            vec![Span::raw("  ")],
        );
        let text: Vec<String> = lines
            .iter()
            .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
            .collect();
        assert_eq!(text, ["- one two", "  three", "  four"]);
    }

    #[test]
    fn hard_breaks_and_control_chars() {
        assert_eq!(plain("a\nb", 10), ["a", "b"]);
        assert_eq!(plain("a\u{7}b", 10), ["ab"]);
    }
}
