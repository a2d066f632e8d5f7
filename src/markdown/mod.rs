//! Markdown for step texts: parsed once into a small block tree (`parse`), laid out into
//! terminal lines for a given width on demand (`layout`).

mod highlight;
mod layout;
mod parse;
mod terms;
mod wrap;

pub use layout::{Laid, MdStyles, layout};
pub use parse::parse;
pub use terms::term_list;
pub use wrap::{LinkMark, LinkedLine, Run, display_width, wrap_runs, wrap_text};

/// A parsed markdown document.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Document {
    pub blocks: Vec<Block>,
    /// Every link target, in order; `Inline::link` indexes into it.
    pub links: Vec<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Block {
    Heading {
        level: u8,
        text: Vec<Inline>,
    },
    Paragraph(Vec<Inline>),
    Code {
        lang: String,
        lines: Vec<String>,
    },
    List {
        start: Option<u64>,
        items: Vec<Vec<Block>>,
    },
    Quote {
        alert: Option<Alert>,
        blocks: Vec<Block>,
    },
    Table {
        header: Vec<Vec<Inline>>,
        rows: Vec<Vec<Vec<Inline>>>,
    },
    Rule,
}

/// GitHub-style alert kinds (`> [!WARNING]`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Alert {
    Note,
    Tip,
    Important,
    Warning,
    Caution,
}

/// A run of inline text with one style.
#[derive(Clone, Debug, PartialEq)]
pub struct Inline {
    pub text: String,
    pub style: InlineStyle,
    /// The link this text belongs to, as an index into `Document::links`.
    pub link: Option<u32>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct InlineStyle {
    pub bold: bool,
    pub italic: bool,
    pub strike: bool,
    pub code: bool,
    pub link: bool,
    /// The visible address of a link, shown after its text.
    pub url: bool,
}

impl Document {
    /// Whether any text, code line or link target contains `needle`.
    pub fn contains(&self, needle: &str) -> bool {
        let mut found = false;
        self.visit(&mut |t| found |= t.contains(needle));
        found || self.links.iter().any(|l| l.contains(needle))
    }

    /// Calls `f` with every piece of text: inline runs, code lines (not link targets).
    pub fn visit(&self, f: &mut dyn FnMut(&str)) {
        fn inlines(runs: &[Inline], f: &mut dyn FnMut(&str)) {
            runs.iter().for_each(|r| f(&r.text));
        }
        fn blocks(list: &[Block], f: &mut dyn FnMut(&str)) {
            for b in list {
                match b {
                    Block::Heading { text, .. } | Block::Paragraph(text) => inlines(text, f),
                    Block::Code { lines, .. } => lines.iter().for_each(|l| f(l)),
                    Block::List { items, .. } => items.iter().for_each(|i| blocks(i, f)),
                    Block::Quote { blocks: inner, .. } => blocks(inner, f),
                    Block::Table { header, rows } => {
                        header.iter().for_each(|c| inlines(c, f));
                        rows.iter().flatten().for_each(|c| inlines(c, f));
                    }
                    Block::Rule => {}
                }
            }
        }
        blocks(&self.blocks, f);
    }

    /// The document with every piece of text and every link target passed through `f`
    /// (the learner's own names put in for `${name}`).
    pub fn map_text(&self, f: &dyn Fn(&str) -> String) -> Document {
        fn inlines(runs: &[Inline], f: &dyn Fn(&str) -> String) -> Vec<Inline> {
            runs.iter()
                .map(|r| Inline {
                    text: f(&r.text),
                    ..r.clone()
                })
                .collect()
        }
        fn blocks(list: &[Block], f: &dyn Fn(&str) -> String) -> Vec<Block> {
            list.iter()
                .map(|b| match b {
                    Block::Heading { level, text } => Block::Heading {
                        level: *level,
                        text: inlines(text, f),
                    },
                    Block::Paragraph(text) => Block::Paragraph(inlines(text, f)),
                    Block::Code { lang, lines } => Block::Code {
                        lang: lang.clone(),
                        lines: lines.iter().map(|l| f(l)).collect(),
                    },
                    Block::List { start, items } => Block::List {
                        start: *start,
                        items: items.iter().map(|i| blocks(i, f)).collect(),
                    },
                    Block::Quote {
                        alert,
                        blocks: inner,
                    } => Block::Quote {
                        alert: *alert,
                        blocks: blocks(inner, f),
                    },
                    Block::Table { header, rows } => Block::Table {
                        header: header.iter().map(|c| inlines(c, f)).collect(),
                        rows: rows
                            .iter()
                            .map(|r| r.iter().map(|c| inlines(c, f)).collect())
                            .collect(),
                    },
                    Block::Rule => Block::Rule,
                })
                .collect()
        }
        Document {
            blocks: blocks(&self.blocks, f),
            links: self.links.iter().map(|l| f(l)).collect(),
        }
    }
}
