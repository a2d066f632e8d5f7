use pulldown_cmark::{BlockQuoteKind, CodeBlockKind, Event, Options, Parser, Tag, TagEnd};
use unicode_normalization::UnicodeNormalization;

use super::{Alert, Block, Document, Inline, InlineStyle};

/// Parses markdown into blocks. Text is normalised to NFC so decomposed Hangul
/// (as macOS writes it) draws correctly. Returns the document and its link targets.
pub fn parse(source: &str) -> (Document, Vec<String>) {
    // Nearly every text is NFC already: the quick check costs a seventh of recomposing,
    // which was 40 % of a start's instructions.
    let source: std::borrow::Cow<str> = match unicode_normalization::is_nfc_quick(source.chars()) {
        unicode_normalization::IsNormalized::Yes => source.into(),
        _ => source.nfc().collect::<String>().into(),
    };
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_GFM;
    let mut b = Builder::default();
    b.frames.push(Frame::Blocks(vec![]));
    for event in Parser::new_ext(&source, options) {
        b.event(event);
    }
    b.flush_inline();
    let blocks = match b.frames.pop() {
        Some(Frame::Blocks(blocks)) => blocks,
        _ => vec![],
    };
    let links = b.links.clone();
    (Document { blocks, links }, b.links)
}

enum Frame {
    Blocks(Vec<Block>),
    Quote(Option<Alert>, Vec<Block>),
    List(Option<u64>, Vec<Vec<Block>>),
    Item(Vec<Block>),
}

enum InlineKind {
    Paragraph,
    Heading(u8),
    Cell,
}

#[derive(Default)]
struct Table {
    header: Vec<Vec<Inline>>,
    rows: Vec<Vec<Vec<Inline>>>,
    row: Vec<Vec<Inline>>,
}

#[derive(Default)]
struct Builder {
    frames: Vec<Frame>,
    inline: Option<(InlineKind, Vec<Inline>)>,
    style: InlineStyle,
    strong: u8,
    emphasis: u8,
    links: Vec<String>,
    /// Open links: address, where its text starts, its index in `links`.
    link_stack: Vec<(String, usize, u32)>,
    code: Option<(String, String)>,
    table: Option<Table>,
}

impl Builder {
    fn push_block(&mut self, block: Block) {
        match self.frames.last_mut() {
            Some(Frame::Blocks(v) | Frame::Quote(_, v) | Frame::Item(v)) => v.push(block),
            // A block directly inside a list (never produced by the parser) becomes an item.
            Some(Frame::List(_, items)) => items.push(vec![block]),
            None => self.frames.push(Frame::Blocks(vec![block])),
        }
    }

    fn flush_inline(&mut self) {
        let Some((kind, spans)) = self.inline.take() else {
            return;
        };
        match kind {
            InlineKind::Paragraph => {
                if spans.iter().any(|s| !s.text.trim().is_empty()) {
                    self.push_block(Block::Paragraph(spans));
                }
            }
            InlineKind::Heading(level) => self.push_block(Block::Heading { level, text: spans }),
            InlineKind::Cell => {
                if let Some(t) = self.table.as_mut() {
                    t.row.push(spans);
                }
            }
        }
    }

    fn text(&mut self, text: &str, style: InlineStyle) {
        if self.inline.is_none() {
            self.inline = Some((InlineKind::Paragraph, vec![]));
        }
        let link = if style.link {
            self.link_stack.last().map(|(_, _, index)| *index)
        } else {
            None
        };
        if let Some((_, spans)) = self.inline.as_mut() {
            match spans.last_mut() {
                Some(last) if last.style == style && last.link == link => last.text.push_str(text),
                _ => spans.push(Inline {
                    text: text.to_string(),
                    style,
                    link,
                }),
            }
        }
    }

    fn current_style(&self) -> InlineStyle {
        InlineStyle {
            bold: self.strong > 0,
            italic: self.emphasis > 0,
            ..self.style
        }
    }

    fn event(&mut self, event: Event<'_>) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(t) => {
                if let Some((_, code)) = self.code.as_mut() {
                    code.push_str(&t);
                } else {
                    let style = self.current_style();
                    self.text(&t, style);
                }
            }
            Event::Code(t) => {
                let style = InlineStyle {
                    code: true,
                    ..self.current_style()
                };
                self.text(&t, style);
            }
            Event::SoftBreak => {
                let style = self.current_style();
                self.text(" ", style);
            }
            Event::HardBreak => {
                let style = self.current_style();
                self.text("\n", style);
            }
            Event::Rule => {
                self.flush_inline();
                self.push_block(Block::Rule);
            }
            Event::InlineMath(t) | Event::DisplayMath(t) => {
                let style = self.current_style();
                self.text(&t, style);
            }
            // Raw HTML (such as the placeholder marker) and footnotes are not shown.
            Event::Html(_)
            | Event::InlineHtml(_)
            | Event::FootnoteReference(_)
            | Event::TaskListMarker(_) => {}
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Paragraph => {
                self.flush_inline();
                self.inline = Some((InlineKind::Paragraph, vec![]));
            }
            Tag::Heading { level, .. } => {
                self.flush_inline();
                self.inline = Some((InlineKind::Heading(level as u8), vec![]));
            }
            Tag::CodeBlock(kind) => {
                self.flush_inline();
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => {
                        info.split_whitespace().next().unwrap_or("").to_string()
                    }
                    CodeBlockKind::Indented => String::new(),
                };
                self.code = Some((lang, String::new()));
            }
            Tag::BlockQuote(kind) => {
                self.flush_inline();
                self.frames.push(Frame::Quote(kind.map(alert), vec![]));
            }
            Tag::List(start) => {
                self.flush_inline();
                self.frames.push(Frame::List(start, vec![]));
            }
            Tag::Item => {
                self.flush_inline();
                self.frames.push(Frame::Item(vec![]));
            }
            Tag::Table(_) => {
                self.flush_inline();
                self.table = Some(Table::default());
            }
            Tag::TableHead | Tag::TableRow => {
                if let Some(t) = self.table.as_mut() {
                    t.row.clear();
                }
            }
            Tag::TableCell => self.inline = Some((InlineKind::Cell, vec![])),
            Tag::Emphasis => self.emphasis += 1,
            Tag::Strong => self.strong += 1,
            Tag::Strikethrough => self.style.strike = true,
            Tag::Link { dest_url, .. } => {
                let start = self.inline.as_ref().map_or(0, |(_, s)| s.len());
                let index = self.links.len() as u32;
                self.links.push(dest_url.to_string());
                self.link_stack.push((dest_url.to_string(), start, index));
                self.style.link = true;
            }
            Tag::Image { dest_url, .. } => {
                self.link_stack
                    .push((dest_url.to_string(), usize::MAX, u32::MAX));
            }
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph | TagEnd::Heading(_) => self.flush_inline(),
            TagEnd::CodeBlock => {
                if let Some((lang, text)) = self.code.take() {
                    let lines = text
                        .trim_end_matches('\n')
                        .split('\n')
                        .map(|l| l.replace('\t', "    "))
                        .collect();
                    self.push_block(Block::Code { lang, lines });
                }
            }
            TagEnd::BlockQuote(_) => {
                self.flush_inline();
                if let Some(Frame::Quote(alert, blocks)) = self.frames.pop() {
                    self.push_block(Block::Quote { alert, blocks });
                }
            }
            TagEnd::List(_) => {
                self.flush_inline();
                if let Some(Frame::List(start, items)) = self.frames.pop() {
                    self.push_block(Block::List { start, items });
                }
            }
            TagEnd::Item => {
                self.flush_inline();
                if let Some(Frame::Item(blocks)) = self.frames.pop()
                    && let Some(Frame::List(_, items)) = self.frames.last_mut()
                {
                    items.push(blocks);
                }
            }
            TagEnd::TableCell => self.flush_inline(),
            TagEnd::TableHead => {
                if let Some(t) = self.table.as_mut() {
                    t.header = std::mem::take(&mut t.row);
                }
            }
            TagEnd::TableRow => {
                if let Some(t) = self.table.as_mut() {
                    let row = std::mem::take(&mut t.row);
                    t.rows.push(row);
                }
            }
            TagEnd::Table => {
                if let Some(t) = self.table.take() {
                    self.push_block(Block::Table {
                        header: t.header,
                        rows: t.rows,
                    });
                }
            }
            TagEnd::Emphasis => self.emphasis = self.emphasis.saturating_sub(1),
            TagEnd::Strong => self.strong = self.strong.saturating_sub(1),
            TagEnd::Strikethrough => self.style.strike = false,
            TagEnd::Link => {
                self.style.link = false;
                if let Some((url, start, _)) = self.link_stack.pop() {
                    let shown: String = self
                        .inline
                        .as_ref()
                        .map(|(_, s)| {
                            s[start.min(s.len())..]
                                .iter()
                                .map(|i| i.text.as_str())
                                .collect()
                        })
                        .unwrap_or_default();
                    // The address stays visible unless the text already is the address or it
                    // points inside the workshop.
                    if !url.starts_with('#') && shown.trim() != url {
                        let style = InlineStyle {
                            url: true,
                            ..Default::default()
                        };
                        self.text(&format!(" <{url}>"), style);
                    }
                }
            }
            TagEnd::Image => {
                self.link_stack.pop();
            }
            _ => {}
        }
    }
}

fn alert(kind: BlockQuoteKind) -> Alert {
    match kind {
        BlockQuoteKind::Note => Alert::Note,
        BlockQuoteKind::Tip => Alert::Tip,
        BlockQuoteKind::Important => Alert::Important,
        BlockQuoteKind::Warning => Alert::Warning,
        BlockQuoteKind::Caution => Alert::Caution,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_of(spans: &[Inline]) -> String {
        spans.iter().map(|s| s.text.as_str()).collect()
    }

    #[test]
    fn blocks_of_every_kind() {
        let md = "# 제목\n\n본문 *강조* **굵게** `코드`.\n\n```bash\necho hi\n```\n\n\
                  - 하나\n- 둘\n  1. 안쪽\n\n> [!WARNING]\n> 조심\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n---\n";
        let (doc, _) = parse(md);
        let kinds: Vec<&str> = doc
            .blocks
            .iter()
            .map(|b| match b {
                Block::Heading { .. } => "h",
                Block::Paragraph(_) => "p",
                Block::Code { .. } => "code",
                Block::List { .. } => "list",
                Block::Quote { .. } => "quote",
                Block::Table { .. } => "table",
                Block::Rule => "rule",
            })
            .collect();
        assert_eq!(kinds, ["h", "p", "code", "list", "quote", "table", "rule"]);
        let Block::List { items, .. } = &doc.blocks[3] else {
            panic!()
        };
        assert_eq!(items.len(), 2);
        assert!(matches!(
            items[1].last(),
            Some(Block::List { start: Some(1), .. })
        ));
        assert!(matches!(
            doc.blocks[4],
            Block::Quote {
                alert: Some(Alert::Warning),
                ..
            }
        ));
        let Block::Table { header, rows } = &doc.blocks[5] else {
            panic!()
        };
        assert_eq!(header.len(), 2);
        assert_eq!(text_of(&rows[0][1]), "2");
    }

    #[test]
    fn nfd_input_becomes_nfc() {
        let nfd: String = "한국어".nfd().collect();
        assert_ne!(nfd, "한국어");
        let (doc, _) = parse(&nfd);
        let Block::Paragraph(spans) = &doc.blocks[0] else {
            panic!()
        };
        assert_eq!(text_of(spans), "한국어");
    }

    #[test]
    fn links_keep_their_address_visible() {
        let (doc, links) =
            parse("See [the docs](https://example.com/x) and [next](#lab1-dataset).");
        assert_eq!(links, ["https://example.com/x", "#lab1-dataset"]);
        let Block::Paragraph(spans) = &doc.blocks[0] else {
            panic!()
        };
        let text = text_of(spans);
        assert!(text.contains("the docs <https://example.com/x>"), "{text}");
        assert!(!text.contains("#lab1-dataset"), "{text}");
    }
}
