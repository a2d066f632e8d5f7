//! A deliberately small highlighter for the languages workshop steps show (shell, Python,
//! YAML, JSON, SQL): comments, strings, keywords and flags. A full grammar engine would
//! cost more start-up time than the whole first frame is allowed.

use ratatui::style::Style;

use super::layout::MdStyles;

const BASH: &[&str] = &[
    "aws", "if", "then", "else", "fi", "for", "do", "done", "export", "echo", "cd", "git", "pip",
    "python", "python3", "sudo",
];
const PYTHON: &[&str] = &[
    "import", "from", "as", "def", "return", "if", "else", "elif", "for", "in", "while", "with",
    "class", "None", "True", "False", "and", "or", "not", "lambda", "print",
];
const SQL: &[&str] = &[
    "SELECT",
    "FROM",
    "WHERE",
    "CREATE",
    "TABLE",
    "DATABASE",
    "AS",
    "WITH",
    "INSERT",
    "INTO",
    "PARTITIONED",
    "BY",
    "AND",
    "OR",
    "LIMIT",
    "GROUP",
    "ORDER",
    "EXTERNAL",
    "LOCATION",
];

pub fn highlight(lang: &str, line: &str, st: &MdStyles) -> Vec<(String, Style)> {
    let lang = lang.to_ascii_lowercase();
    let (keywords, comment): (&[&str], &str) = match lang.as_str() {
        "bash" | "sh" | "shell" | "console" | "zsh" => (BASH, "#"),
        "python" | "py" => (PYTHON, "#"),
        "sql" => (SQL, "--"),
        "yaml" | "yml" | "toml" => (&[], "#"),
        "json" => (&[], ""),
        _ => return vec![(line.to_string(), st.code_block)],
    };
    let mut out: Vec<(String, Style)> = vec![];
    let push = |out: &mut Vec<(String, Style)>, text: &str, style: Style| match out.last_mut() {
        Some((t, s)) if *s == style => t.push_str(text),
        _ => out.push((text.to_string(), style)),
    };
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (pos, c) = chars[i];
        let rest = &line[pos..];
        let word_start = i == 0 || !chars[i - 1].1.is_alphanumeric();
        if !comment.is_empty() && rest.starts_with(comment) && word_start {
            push(&mut out, rest, st.code_comment);
            break;
        }
        if c == '"' || c == '\'' {
            let end = chars[i + 1..]
                .iter()
                .position(|&(_, d)| d == c)
                .map_or(chars.len(), |p| i + 1 + p + 1);
            let end_byte = chars.get(end).map_or(line.len(), |&(b, _)| b);
            push(&mut out, &line[pos..end_byte], st.code_string);
            i = end;
            continue;
        }
        if c.is_alphanumeric() || c == '_' || (c == '-' && word_start) {
            let end = chars[i..]
                .iter()
                .position(|&(_, d)| !(d.is_alphanumeric() || d == '_' || d == '-' || d == '.'))
                .map_or(chars.len(), |p| i + p);
            let end_byte = chars.get(end).map_or(line.len(), |&(b, _)| b);
            let word = &line[pos..end_byte];
            let style = if word.starts_with('-') && word.len() > 1 {
                st.code_flag
            } else if keywords.contains(&word) {
                st.code_keyword
            } else if lang == "yaml" || lang == "yml" {
                // A YAML key is the word before a colon.
                if line[end_byte..].starts_with(':') {
                    st.code_keyword
                } else {
                    st.code_block
                }
            } else {
                st.code_block
            };
            push(&mut out, word, style);
            i = end.max(i + 1);
            continue;
        }
        let mut buf = [0u8; 4];
        push(&mut out, c.encode_utf8(&mut buf), st.code_block);
        i += 1;
    }
    out
}
