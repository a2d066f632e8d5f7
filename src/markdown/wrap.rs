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

struct Piece {
    text: String,
    style: Style,
    width: usize,
    space: bool,
    newline: bool,
}

fn pieces(spans: &[(String, Style)]) -> Vec<Piece> {
    let mut out = vec![];
    for (text, style) in spans {
        for (i, part) in text.split('\n').enumerate() {
            if i > 0 {
                out.push(Piece {
                    text: String::new(),
                    style: *style,
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

fn piece(text: String, style: Style, space: bool) -> Piece {
    Piece {
        width: display_width(&text),
        text,
        style,
        space,
        newline: false,
    }
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
    let prefix_width =
        |p: &[Span<'static>]| p.iter().map(|s| display_width(&s.content)).sum::<usize>();
    let mut lines = vec![];
    let mut current: Vec<Span<'static>> = first.clone();
    let mut used = prefix_width(&first);
    let mut at_start = true;
    let rest_width = prefix_width(&rest);
    let avail_rest = width.saturating_sub(rest_width).max(1);

    let finish = |lines: &mut Vec<Line<'static>>,
                  current: &mut Vec<Span<'static>>,
                  used: &mut usize,
                  at_start: &mut bool| {
        // Trailing spaces would only add bytes to the terminal.
        while let Some(last) = current.last() {
            if !last.content.is_empty() && last.content.trim().is_empty() && current.len() > 1 {
                current.pop();
            } else {
                break;
            }
        }
        lines.push(Line::from(std::mem::replace(current, rest.clone())));
        *used = rest_width;
        *at_start = true;
    };

    for p in pieces(spans) {
        if p.newline {
            finish(&mut lines, &mut current, &mut used, &mut at_start);
            continue;
        }
        if p.space {
            if !at_start && used + p.width <= width {
                used += p.width;
                current.push(Span::styled(p.text, p.style));
            }
            continue;
        }
        if used + p.width <= width {
            used += p.width;
            at_start = false;
            current.push(Span::styled(p.text, p.style));
            continue;
        }
        if !at_start && p.width <= avail_rest {
            finish(&mut lines, &mut current, &mut used, &mut at_start);
            used += p.width;
            at_start = false;
            current.push(Span::styled(p.text, p.style));
            continue;
        }
        // Too long for any line: fill what is left of this line, then whole lines.
        let mut remaining = p.text;
        while !remaining.is_empty() {
            let room = width.saturating_sub(used);
            if room < 4.min(avail_rest) && !at_start {
                finish(&mut lines, &mut current, &mut used, &mut at_start);
                continue;
            }
            let (head, tail) = split_token(&remaining, room.max(1));
            let w = display_width(&head);
            if used + w > width && !at_start {
                finish(&mut lines, &mut current, &mut used, &mut at_start);
                continue;
            }
            used += w;
            at_start = false;
            current.push(Span::styled(head, p.style));
            remaining = tail;
            if !remaining.is_empty() {
                finish(&mut lines, &mut current, &mut used, &mut at_start);
            }
        }
    }
    if !at_start || lines.is_empty() || current.iter().any(|s| !s.content.trim().is_empty()) {
        finish(&mut lines, &mut current, &mut used, &mut at_start);
    }
    lines
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
