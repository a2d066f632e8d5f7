//! CSV as RFC 4180 writes it (pandas' and Athena's output, the rehearsal data): quoted
//! fields may hold commas, doubled quotes and line breaks.

/// Every record of `text`, blank lines left out.
pub fn records(text: &str) -> Vec<Vec<String>> {
    let mut records = vec![];
    let mut record = vec![];
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    let mut end = |record: &mut Vec<String>, field: &mut String| {
        record.push(std::mem::take(field));
        let done = std::mem::take(record);
        if !(done.len() == 1 && done[0].is_empty()) {
            records.push(done);
        }
    };
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => record.push(std::mem::take(&mut field)),
            ('\r', false) => {}
            ('\n', false) => end(&mut record, &mut field),
            (c, _) => field.push(c),
        }
    }
    if !field.is_empty() || !record.is_empty() {
        end(&mut record, &mut field);
    }
    records
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_fields_keep_commas_quotes_and_line_breaks() {
        assert_eq!(
            records("a,\"b, c\",\"say \"\"hi\"\"\"\r\n\n\"two\nlines\",x"),
            [vec!["a", "b, c", "say \"hi\""], vec!["two\nlines", "x"]]
        );
    }
}
