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
