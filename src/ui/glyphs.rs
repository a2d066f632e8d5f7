//! The few symbols the chrome uses. Each is narrow in every terminal: East Asian
//! "ambiguous" glyphs (bullets, arrows, box drawing) are two columns wide in some
//! Korean terminal setups and would break the layout there.

pub const DONE: &str = "✓";
pub const FAILED: &str = "✗";
pub const LOCKED: &str = "-";
pub const OPEN: &str = " ";
pub const PENDING: &str = "?";
pub const SPINNER: [&str; 10] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];
pub const SELECTED: &str = ">";
pub const SEPARATOR: &str = " | ";

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_width::UnicodeWidthStr;

    #[test]
    fn every_glyph_is_narrow_even_where_ambiguous_is_wide() {
        let all = [DONE, FAILED, LOCKED, OPEN, PENDING, SELECTED, SEPARATOR]
            .into_iter()
            .chain(SPINNER);
        for g in all {
            assert_eq!(
                g.width(),
                g.width_cjk(),
                "{g:?} changes width in CJK terminals"
            );
        }
    }
}
