//! What a projector must not show. In presenter mode the drawn frame is gone over once
//! before it is written: every account id (any run of exactly twelve digits: the header,
//! bucket names, the account part of an ARN) and every value the learner typed (initials,
//! a role ARN) is replaced, cell by cell, with `*`. Done on the finished frame rather than
//! in each widget, so nothing a widget draws can slip past it.

use ratatui::buffer::Buffer;

use crate::app::App;

/// What gets masked: the values the learner typed, at least two characters long (one
/// letter would mask half the screen), and the account id when it is known.
pub fn secrets(app: &App) -> Vec<String> {
    let mut out: Vec<String> = app
        .learner_vars
        .values()
        .filter(|v| v.chars().count() >= 2)
        .cloned()
        .collect();
    if let Some(account) = &app.backend.account {
        out.push(account.clone());
    }
    // Longest first, so a value inside another is masked as part of the longer.
    out.sort_by_key(|s| std::cmp::Reverse(s.len()));
    out
}

/// Masks `secrets` and every twelve-digit run in every row of `buf`.
pub fn mask(buf: &mut Buffer, secrets: &[String]) {
    let area = buf.area;
    for y in area.top()..area.bottom() {
        // The row as text, one char per cell; a cell that is not one ASCII character
        // (a wide character, its continuation, a symbol) is a break no secret spans.
        let row: Vec<char> = (area.left()..area.right())
            .map(|x| {
                let s = buf[(x, y)].symbol();
                let mut chars = s.chars();
                match (chars.next(), chars.next()) {
                    (Some(c), None) if c.is_ascii() && !c.is_ascii_control() => c,
                    _ => '\0',
                }
            })
            .collect();
        let mut hide = vec![false; row.len()];
        for secret in secrets {
            let needle: Vec<char> = secret.chars().collect();
            if needle.is_empty() || needle.len() > row.len() {
                continue;
            }
            for start in 0..=row.len() - needle.len() {
                if row[start..start + needle.len()] == needle[..] {
                    hide[start..start + needle.len()].fill(true);
                }
            }
        }
        let mut start = 0;
        while start < row.len() {
            if !row[start].is_ascii_digit() {
                start += 1;
                continue;
            }
            let end = (start..row.len())
                .find(|&i| !row[i].is_ascii_digit())
                .unwrap_or(row.len());
            if end - start == 12 {
                hide[start..end].fill(true);
            }
            start = end;
        }
        for (i, hidden) in hide.into_iter().enumerate() {
            if hidden {
                let x = area.left() + i as u16;
                buf[(x, y)].set_symbol("*");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::layout::Rect;

    fn rows(buf: &Buffer) -> Vec<String> {
        (0..buf.area.height)
            .map(|y| {
                (0..buf.area.width)
                    .map(|x| buf[(x, y)].symbol().to_string())
                    .collect()
            })
            .collect()
    }

    #[test]
    fn account_ids_and_typed_values_become_stars_and_nothing_else_does() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 60, 3));
        buf.set_string(
            0,
            0,
            "arn:aws:iam::123456789012:role/AIMLWorkshop-kim-x",
            ratatui::style::Style::default(),
        );
        buf.set_string(
            0,
            1,
            "sagemaker-us-east-1-123456789012 kim 1234567890123",
            ratatui::style::Style::default(),
        );
        buf.set_string(0, 2, "김 kim 스택", ratatui::style::Style::default());
        mask(&mut buf, &["kim".to_string()]);
        let r = rows(&buf);
        assert!(
            r[0].starts_with("arn:aws:iam::************:role/AIMLWorkshop-***-x"),
            "{}",
            r[0]
        );
        // Twelve digits exactly: a longer number is not an account id.
        assert!(
            r[1].starts_with("sagemaker-us-east-1-************ *** 1234567890123"),
            "{}",
            r[1]
        );
        assert!(r[2].contains("***"), "{}", r[2]);
        assert!(
            r[2].starts_with("김"),
            "wide characters are left alone: {}",
            r[2]
        );
    }
}
