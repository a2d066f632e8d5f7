use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::highlight::highlight;
use super::wrap::{LinkMark, LinkedLine, Run, display_width, wrap_runs};
use super::{Alert, Block, Document, Inline, InlineStyle};

/// How markdown looks: styles from the theme and the alert labels in the reader's language.
#[derive(Clone, Debug, Default)]
pub struct MdStyles {
    pub text: Style,
    pub heading: [Style; 3],
    pub bold: Style,
    pub italic: Style,
    pub code_inline: Style,
    pub code_block: Style,
    pub code_keyword: Style,
    pub code_string: Style,
    pub code_comment: Style,
    pub code_flag: Style,
    pub link: Style,
    pub url: Style,
    pub quote: Style,
    pub alert_note: Style,
    pub alert_warning: Style,
    pub table_header: Style,
    pub rule: Style,
    /// Labels for NOTE, TIP, IMPORTANT, WARNING, CAUTION.
    pub alert_labels: [String; 5],
    /// The terminal makes link text clickable (OSC 8), so addresses need not be shown.
    pub hyperlinks: bool,
}

/// A document laid out for one width.
#[derive(Clone, Debug, Default)]
pub struct Laid {
    pub lines: Vec<Line<'static>>,
    /// Hyperlinks: (line, where on it, the address).
    pub links: Vec<(usize, LinkMark, String)>,
    /// The first line of each top-level block, so a scroll position can be kept as
    /// "block and offset" across widths and languages.
    pub block_starts: Vec<usize>,
}

impl Laid {
    /// The line at the top of the view for an anchor (top-level block, lines into it).
    pub fn line_of(&self, block: usize, offset: usize) -> usize {
        match self.block_starts.get(block) {
            Some(&start) => {
                let end = self
                    .block_starts
                    .get(block + 1)
                    .copied()
                    .unwrap_or(self.lines.len());
                (start + offset).min(end.saturating_sub(1)).max(start)
            }
            None => self.lines.len().saturating_sub(1),
        }
    }

    /// The anchor of a line: its top-level block and how far into it.
    pub fn anchor_of(&self, line: usize) -> (usize, usize) {
        let block = match self.block_starts.binary_search(&line) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        let start = self.block_starts.get(block).copied().unwrap_or(0);
        (block, line.saturating_sub(start))
    }
}

pub fn layout(doc: &Document, width: u16, st: &MdStyles) -> Laid {
    let width = usize::from(width).max(1);
    let mut out: Vec<LinkedLine> = vec![];
    let mut block_starts = vec![];
    for (i, block) in doc.blocks.iter().enumerate() {
        if i > 0 {
            out.push(LinkedLine::default());
        }
        block_starts.push(out.len());
        lay_block(&mut out, block, width, st);
    }
    let mut laid = Laid {
        block_starts,
        ..Laid::default()
    };
    for (i, l) in out.into_iter().enumerate() {
        for m in l.links {
            if let Some(url) = doc.links.get(m.link as usize) {
                laid.links.push((i, m, url.clone()));
            }
        }
        laid.lines.push(l.line);
    }
    laid
}

fn inline_style(s: InlineStyle, st: &MdStyles, base: Style) -> Style {
    let mut style = base;
    if s.bold {
        style = style.patch(st.bold);
    }
    if s.italic {
        style = style.patch(st.italic);
    }
    if s.code {
        style = style.patch(st.code_inline);
    }
    if s.link {
        style = style.patch(st.link);
    }
    if s.url {
        style = style.patch(st.url);
    }
    if s.strike {
        style = style.add_modifier(ratatui::style::Modifier::CROSSED_OUT);
    }
    style
}

fn styled(spans: &[Inline], st: &MdStyles, base: Style) -> Vec<Run> {
    spans
        .iter()
        // Where links are clickable their text is enough; elsewhere the address shows.
        .filter(|s| !(st.hyperlinks && s.style.url))
        .map(|s| (s.text.clone(), inline_style(s.style, st, base), s.link))
        .collect()
}

fn wrap(spans: &[Inline], st: &MdStyles, base: Style, width: usize) -> Vec<LinkedLine> {
    wrap_runs(&styled(spans, st, base), width, vec![], vec![])
}

fn lay_blocks(out: &mut Vec<LinkedLine>, blocks: &[Block], width: usize, st: &MdStyles) {
    for (i, b) in blocks.iter().enumerate() {
        if i > 0 {
            out.push(LinkedLine::default());
        }
        lay_block(out, b, width, st);
    }
}

fn lay_block(out: &mut Vec<LinkedLine>, block: &Block, width: usize, st: &MdStyles) {
    match block {
        Block::Heading { level, text } => {
            let style = st.heading[usize::from(level.saturating_sub(1)).min(2)];
            out.extend(wrap(text, st, style, width));
        }
        Block::Paragraph(spans) => {
            out.extend(wrap(spans, st, st.text, width));
        }
        Block::Code { lang, lines } => lay_code(out, lang, lines, width, st),
        Block::List { start, items } => {
            let marker_width = match start {
                Some(n) => format!("{}. ", n + items.len().saturating_sub(1) as u64).len(),
                None => 2,
            };
            for (i, item) in items.iter().enumerate() {
                let marker = match start {
                    Some(n) => format!("{:<w$}", format!("{}.", n + i as u64), w = marker_width),
                    None => format!("{:<w$}", "-", w = marker_width),
                };
                // Too narrow to indent: the marker gets a line of its own.
                let indent = if width >= marker_width + 4 {
                    marker_width
                } else {
                    0
                };
                let mut inner = vec![];
                if indent == 0 {
                    let m = [(marker.trim_end().to_string(), st.text, None)];
                    inner.extend(wrap_runs(&m, width, vec![], vec![]));
                }
                lay_blocks(&mut inner, item, width - indent, st);
                if indent == 0 {
                    out.extend(inner);
                    continue;
                }
                for (j, line) in inner.into_iter().enumerate() {
                    let prefix = if j == 0 {
                        marker.clone()
                    } else {
                        " ".repeat(marker_width)
                    };
                    out.push(line.prefixed(Span::styled(prefix, st.text)));
                }
            }
        }
        Block::Quote { alert, blocks } => {
            let (bar_style, label) = match alert {
                None => (st.quote, None),
                Some(a) => {
                    let (style, idx) = match a {
                        Alert::Note => (st.alert_note, 0),
                        Alert::Tip => (st.alert_note, 1),
                        Alert::Important => (st.alert_note, 2),
                        Alert::Warning => (st.alert_warning, 3),
                        Alert::Caution => (st.alert_warning, 4),
                    };
                    (style, Some(st.alert_labels[idx].clone()))
                }
            };
            let bar = if width >= 6 { "| " } else { "" };
            let inner_width = width - bar.len();
            let mut inner = vec![];
            if let Some(label) = label {
                inner.push(LinkedLine::plain(Line::from(Span::styled(
                    label,
                    bar_style.add_modifier(ratatui::style::Modifier::BOLD),
                ))));
            }
            lay_blocks(&mut inner, blocks, inner_width, st);
            for line in inner {
                out.push(line.prefixed(Span::styled(bar, bar_style)));
            }
        }
        Block::Table { header, rows } => lay_table(out, header, rows, width, st),
        Block::Rule => out.push(LinkedLine::plain(Line::from(Span::styled(
            "-".repeat(width),
            st.rule,
        )))),
    }
}

fn lay_code(out: &mut Vec<LinkedLine>, lang: &str, lines: &[String], width: usize, st: &MdStyles) {
    // A one-column margin each side, filled with the code background, where it fits.
    let margin = usize::from(width >= 6);
    let inner = width - 2 * margin;
    for line in lines {
        let parts = highlight(lang, line, st);
        let wrapped = if display_width(line) <= inner {
            vec![Line::from(
                parts
                    .into_iter()
                    .map(|(t, s)| Span::styled(t, s))
                    .collect::<Vec<_>>(),
            )]
        } else if is_diagram(lang) && inner > 1 {
            // A wrapped diagram is unreadable; a clipped one still shows its left part.
            let mut clipped = hard_wrap(parts, inner - 1).swap_remove(0);
            clipped.spans.push(Span::styled(">", st.rule));
            vec![clipped]
        } else {
            hard_wrap(parts, inner)
        };
        for l in wrapped {
            let used: usize = l.spans.iter().map(|s| display_width(&s.content)).sum();
            let mut spans = vec![Span::styled(" ".repeat(margin), st.code_block)];
            spans.extend(l.spans);
            spans.push(Span::styled(
                " ".repeat(width.saturating_sub(used + margin)),
                st.code_block,
            ));
            out.push(LinkedLine::plain(Line::from(spans)));
        }
    }
}

fn is_diagram(lang: &str) -> bool {
    matches!(lang, "" | "text" | "txt" | "diagram")
}

/// Breaks code at exactly the width: code has no word boundaries worth keeping.
fn hard_wrap(parts: Vec<(String, Style)>, width: usize) -> Vec<Line<'static>> {
    use unicode_segmentation::UnicodeSegmentation;
    let mut lines = vec![];
    let mut current: Vec<Span<'static>> = vec![];
    let mut used = 0;
    for (text, style) in parts {
        let mut buf = String::new();
        for g in text.graphemes(true) {
            let (g, w) = match display_width(g) {
                w if w > width => ("?", 1),
                w => (g, w),
            };
            if used + w > width && used > 0 {
                if !buf.is_empty() {
                    current.push(Span::styled(std::mem::take(&mut buf), style));
                }
                lines.push(Line::from(std::mem::take(&mut current)));
                used = 0;
            }
            buf.push_str(g);
            used += w;
        }
        if !buf.is_empty() {
            current.push(Span::styled(buf, style));
        }
    }
    if !current.is_empty() || lines.is_empty() {
        lines.push(Line::from(current));
    }
    lines
}

const COLUMN_GAP: usize = 2;

fn cell_width(cell: &[Inline]) -> usize {
    cell.iter().map(|s| display_width(&s.text)).sum()
}

/// Column widths that fit `width`: narrow columns keep their natural width, the rest
/// share what is left equally.
fn column_widths(natural: &[usize], width: usize) -> Vec<usize> {
    let n = natural.len().max(1);
    let avail = width.saturating_sub(COLUMN_GAP * (n - 1));
    if natural.iter().sum::<usize>() <= avail {
        return natural.to_vec();
    }
    let mut widths = vec![0; natural.len()];
    let mut fixed = vec![false; natural.len()];
    let mut left = avail;
    loop {
        let open: Vec<usize> = (0..natural.len()).filter(|&i| !fixed[i]).collect();
        if open.is_empty() {
            break;
        }
        let share = (left / open.len()).max(1);
        let narrow: Vec<usize> = open
            .iter()
            .copied()
            .filter(|&i| natural[i] <= share)
            .collect();
        if narrow.is_empty() {
            let mut extra = left.saturating_sub(share * open.len());
            for &i in &open {
                widths[i] = share + usize::from(extra > 0);
                extra = extra.saturating_sub(1);
            }
            break;
        }
        for i in narrow {
            widths[i] = natural[i].max(1);
            left = left.saturating_sub(widths[i]);
            fixed[i] = true;
        }
    }
    widths
}

fn lay_table(
    out: &mut Vec<LinkedLine>,
    header: &[Vec<Inline>],
    rows: &[Vec<Vec<Inline>>],
    width: usize,
    st: &MdStyles,
) {
    let ncols = rows
        .iter()
        .map(Vec::len)
        .chain([header.len()])
        .max()
        .unwrap_or(0);
    if ncols == 0 {
        return;
    }
    if width < ncols * (COLUMN_GAP + 3) {
        // No room for columns: each row becomes its cells one under another.
        for (i, row) in std::iter::once(header)
            .chain(rows.iter().map(Vec::as_slice))
            .enumerate()
        {
            let base = if i == 0 { st.table_header } else { st.text };
            for cell in row {
                out.extend(wrap(cell, st, base, width));
            }
            out.push(LinkedLine::plain(Line::from(Span::styled(
                "-".repeat(width.min(3)),
                st.rule,
            ))));
        }
        return;
    }
    let natural: Vec<usize> = (0..ncols)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .chain(header.get(c))
                .map(|cell| cell_width(cell))
                .max()
                .unwrap_or(0)
                .max(1)
        })
        .collect();
    let widths = column_widths(&natural, width);
    let lay_row = |cells: &[Vec<Inline>], base: Style, out: &mut Vec<LinkedLine>| {
        let wrapped: Vec<Vec<LinkedLine>> = (0..ncols)
            .map(|c| {
                let cell = cells.get(c).map(Vec::as_slice).unwrap_or(&[]);
                wrap(cell, st, base, widths[c])
            })
            .collect();
        let height = wrapped.iter().map(Vec::len).max().unwrap_or(1);
        for row_line in 0..height {
            let mut spans = vec![];
            let mut links = vec![];
            let mut col = 0;
            for (c, cell_lines) in wrapped.iter().enumerate() {
                let line = cell_lines.get(row_line);
                let used: usize = line
                    .map(|l| l.line.spans.iter().map(|s| display_width(&s.content)).sum())
                    .unwrap_or(0);
                if let Some(l) = line {
                    spans.extend(l.line.spans.iter().cloned());
                    links.extend(l.links.iter().map(|m| LinkMark {
                        col: m.col + col as u16,
                        ..*m
                    }));
                }
                col += widths[c] + COLUMN_GAP;
                if c + 1 < ncols {
                    spans.push(Span::raw(
                        " ".repeat(widths[c].saturating_sub(used) + COLUMN_GAP),
                    ));
                }
            }
            out.push(LinkedLine {
                line: Line::from(spans),
                links,
            });
        }
    };
    lay_row(header, st.table_header, out);
    let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
    out.push(LinkedLine::plain(Line::from(Span::styled(
        rule.join(&" ".repeat(COLUMN_GAP)),
        st.rule,
    ))));
    for row in rows {
        lay_row(row, st.text, out);
    }
}

#[cfg(test)]
mod tests {
    use super::super::parse;
    use super::*;

    fn text(laid: &Laid) -> Vec<String> {
        laid.lines
            .iter()
            .map(|l| {
                l.spans
                    .iter()
                    .map(|s| s.content.as_ref())
                    .collect::<String>()
            })
            .collect()
    }

    const SAMPLE: &str = "# 스택 만들기\n\n스택은 **노트북 인스턴스**와 `IAM` 역할을 만듭니다.\n\n\
        | 리소스 | 종류 | 설명 |\n|---|---|---|\n| 노트북 | AWS::SageMaker::NotebookInstance | 실습 환경 |\n\n\
        1. 첫째\n2. 둘째 단계는 조금 더 길어서 줄이 바뀔 수도 있습니다\n\n\
        ```bash\naws cloudformation describe-stacks --stack-name AIMLWorkshop --query 'Stacks[0].StackStatus'\n```\n\n\
        > [!WARNING]\n> 비용이 발생합니다.\n";

    #[test]
    fn nothing_is_wider_than_the_width() {
        let (doc, _) = parse(SAMPLE);
        for width in [1u16, 2, 3, 7, 20, 33, 56, 80, 120] {
            let laid = layout(&doc, width, &MdStyles::default());
            for line in text(&laid) {
                assert!(
                    display_width(&line) <= usize::from(width),
                    "width {width}: {line:?} is {}",
                    display_width(&line)
                );
            }
        }
    }

    #[test]
    fn tables_lists_code_and_alerts_render() {
        let (doc, _) = parse(SAMPLE);
        let mut st = MdStyles::default();
        st.alert_labels[3] = "주의".into();
        let laid = layout(&doc, 60, &st);
        let t = text(&laid);
        assert_eq!(t[0], "스택 만들기");
        assert!(
            t.iter()
                .any(|l| l.starts_with("리소스") && l.contains("종류")),
            "{t:#?}"
        );
        assert!(t.iter().any(|l| l.starts_with("------")));
        assert!(t.iter().any(|l| l.starts_with("1. 첫째")));
        assert!(t.iter().any(|l| l.starts_with("2. 둘째")));
        assert!(t.iter().any(|l| l.starts_with(" aws cloudformation")));
        assert!(t.iter().any(|l| l == "| 주의"));
        assert_eq!(laid.block_starts.len(), doc.blocks.len());
    }

    #[test]
    fn anchors_round_trip() {
        let (doc, _) = parse(SAMPLE);
        let laid = layout(&doc, 40, &MdStyles::default());
        for line in 0..laid.lines.len() {
            let (b, o) = laid.anchor_of(line);
            assert_eq!(laid.line_of(b, o), line);
        }
    }

    #[test]
    fn column_widths_fit() {
        assert_eq!(column_widths(&[3, 4], 20), [3, 4]);
        let w = column_widths(&[3, 40, 40], 40);
        assert_eq!(w[0], 3);
        assert!(w.iter().sum::<usize>() + 4 <= 40, "{w:?}");
    }
}
