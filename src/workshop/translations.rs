//! Which version of its source each translated step text was written from, so that a
//! change to one language is flagged in the other before it goes stale.
//!
//! `translations.toml` beside workshop.toml holds, per translated file, the file it was
//! translated from and a hash of each of that file's blocks (paragraphs, list items, code
//! blocks: what blank lines separate) as they were then. Validation compares them with the
//! source now and names each block that changed; `labguide validate --mark-translated`
//! writes the record again once the translator has caught up. Without the file, nothing
//! is checked: the check is a workshop's choice.

use std::collections::{BTreeMap, HashSet};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::{Diagnostic, Problem, Severity, Source};

pub const RECORD_FILE: &str = "translations.toml";

/// How much of a changed block a message quotes.
const EXCERPT_CHARS: usize = 40;

#[derive(Debug, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Record {
    #[serde(default)]
    pub files: BTreeMap<String, Entry>,
}

#[derive(Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// The file it was translated from, inside the content folder (`ko/setup-stack.md`).
    pub from: String,
    /// A hash of each block of `from` when the translation last caught up, in order.
    pub blocks: Vec<String>,
}

/// A block of a markdown file: its first line (1-based) and its text.
#[derive(Debug, PartialEq)]
pub struct TextBlock {
    pub line: usize,
    pub text: String,
}

/// The file's blocks: runs of lines between blank lines, a fenced block whole (its blank
/// lines included). Trailing spaces do not count, so re-saving a file changes nothing.
pub fn blocks(source: &str) -> Vec<TextBlock> {
    let mut out: Vec<TextBlock> = vec![];
    let mut current: Option<TextBlock> = None;
    let mut fence: Option<&str> = None;
    for (i, raw) in source.lines().enumerate() {
        let line = raw.trim_end();
        let trimmed = line.trim_start();
        let opens = trimmed.starts_with("```") || trimmed.starts_with("~~~");
        if fence.is_none() && line.is_empty() {
            out.extend(current.take());
            continue;
        }
        let block = current.get_or_insert_with(|| TextBlock {
            line: i + 1,
            text: String::new(),
        });
        if !block.text.is_empty() {
            block.text.push('\n');
        }
        block.text.push_str(line);
        match fence {
            None if opens => fence = Some(&trimmed[..3]),
            Some(f) if trimmed.starts_with(f) => fence = None,
            _ => {}
        }
    }
    out.extend(current);
    out
}

/// A short, stable name for a block's text.
pub fn hash(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    digest.iter().take(6).map(|b| format!("{b:02x}")).collect()
}

/// Reads the record, if the workshop keeps one.
pub fn read(content: &Source) -> Option<Result<Record, String>> {
    let text = content.read(RECORD_FILE).ok()?;
    Some(toml::from_str(&text).map_err(|e| e.message().to_string()))
}

/// What validation says about the record: each block of a source that changed since its
/// translation was written, each source block gone since, and each step text pair with no
/// record at all.
pub fn check(content: &Source, record: &Record, step_ids: &[String]) -> Vec<Diagnostic> {
    let mut out = vec![];
    let warn = |file: &str, problem: Problem| Diagnostic {
        severity: Severity::Warning,
        file: content.display(file),
        line: None,
        problem,
    };
    for (file, entry) in &record.files {
        let Ok(source) = content.read(&entry.from) else {
            out.push(warn(file, Problem::Unreadable(entry.from.clone())));
            continue;
        };
        let now = blocks(&source);
        let then: HashSet<&str> = entry.blocks.iter().map(String::as_str).collect();
        let now_hashes: HashSet<String> = now.iter().map(|b| hash(&b.text)).collect();
        let mut changed = 0;
        for block in &now {
            if !then.contains(hash(&block.text).as_str()) {
                changed += 1;
                out.push(warn(
                    file,
                    Problem::SourceChanged {
                        file: file.clone(),
                        from: entry.from.clone(),
                        line: block.line,
                        excerpt: excerpt(&block.text),
                    },
                ));
            }
        }
        let removed = entry
            .blocks
            .iter()
            .filter(|h| !now_hashes.contains(h.as_str()))
            .count()
            // An edited block is one gone and one new: said once, as changed.
            .saturating_sub(changed);
        if removed > 0 {
            out.push(warn(
                file,
                Problem::SourceBlocksRemoved {
                    file: file.clone(),
                    from: entry.from.clone(),
                    count: removed,
                },
            ));
        }
    }
    for id in step_ids {
        let pair = [format!("ko/{id}.md"), format!("en/{id}.md")];
        if !pair.iter().any(|f| record.files.contains_key(f)) {
            out.push(warn(
                &pair[1],
                Problem::NoTranslationRecord {
                    file: pair[1].clone(),
                },
            ));
        }
    }
    out
}

/// The record with `files` (translated files; all recorded ones when empty) marked as
/// caught up with their sources as they are now. A step text with no entry yet is
/// recorded as translated from the Korean, the workshop's first language.
pub fn marked(content: &Source, record: Record, files: &[String]) -> Result<Record, String> {
    let mut record = record;
    let targets: Vec<String> = if files.is_empty() {
        record.files.keys().cloned().collect()
    } else {
        files.to_vec()
    };
    for file in targets {
        let step_text = (file.starts_with("ko/") || file.starts_with("en/"))
            && file.ends_with(".md")
            && !file.contains("..");
        if !step_text {
            return Err(file);
        }
        let from = match record.files.get(&file) {
            Some(entry) => entry.from.clone(),
            // A file not recorded yet was translated from the same step's other language.
            None => match (file.strip_prefix("en/"), file.strip_prefix("ko/")) {
                (Some(rest), _) => format!("ko/{rest}"),
                (_, Some(rest)) => format!("en/{rest}"),
                _ => return Err(file),
            },
        };
        let source = content.read(&from).map_err(|_| from.clone())?;
        content.read(&file).map_err(|_| file.clone())?;
        let blocks = blocks(&source).iter().map(|b| hash(&b.text)).collect();
        record.files.insert(file, Entry { from, blocks });
    }
    Ok(record)
}

/// The record as written to translations.toml.
pub fn to_toml(record: &Record) -> String {
    let head = "# What each translated step text was written from: the source file and a hash of\n\
                # each of its blocks then. Written by `labguide validate --mark-translated`.\n\n";
    format!("{head}{}", toml::to_string(record).unwrap_or_default())
}

fn excerpt(text: &str) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut cut: String = flat.chars().take(EXCERPT_CHARS).collect();
    if flat.chars().count() > EXCERPT_CHARS {
        cut.push('…');
    }
    cut
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_are_split_by_blank_lines_and_fences_stay_whole() {
        let text = "One\ntwo  \n\n```\na\n\nb\n```\n\n- item\n";
        let b = blocks(text);
        assert_eq!(b.len(), 3, "{b:?}");
        assert_eq!(
            b[0],
            TextBlock {
                line: 1,
                text: "One\ntwo".into()
            }
        );
        assert_eq!(b[1].line, 4);
        assert_eq!(b[1].text, "```\na\n\nb\n```");
        assert_eq!(b[2].line, 10);
    }

    #[test]
    fn the_hash_ignores_trailing_spaces_only() {
        let a = blocks("Same text  \n");
        let b = blocks("Same text\n");
        assert_eq!(hash(&a[0].text), hash(&b[0].text));
        assert_ne!(hash("Same text"), hash("Same  text"));
    }
}
