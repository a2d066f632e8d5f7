//! The instructor's class board: the same rows for the terminal board and for the plain
//! table `labguide class` prints into a pipe.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::Theme;
use crate::app::class::{Board, Learner, Pace, class_per_hour};
use crate::i18n::{I18n, Lang};
use crate::markdown::display_width;
use crate::tr;
use crate::workshop::{Workshop, cents};

/// One learner's cells: initials, step, done, time on the step, state, $/h; and whether
/// the learner needs help.
pub fn row(
    l: &Learner,
    workshop: &Workshop,
    now: f64,
    pace: &Pace,
    i18n: &I18n,
    lang: Lang,
) -> ([String; 6], bool) {
    let title = workshop
        .step_index(&l.step)
        .and_then(|i| workshop.steps.get(i))
        .map_or_else(|| l.step.clone(), |s| s.title.get(lang).clone());
    let stuck = l.stuck(now, pace);
    let state = match (&l.failing, stuck) {
        (Some(kind), true) => tr!(i18n, lang, "class-stuck-failing", check = kind.clone()),
        (None, true) => tr!(i18n, lang, "class-stuck"),
        (Some(kind), false) => tr!(i18n, lang, "class-failing", check = kind.clone()),
        (None, false) => tr!(i18n, lang, "class-fine"),
    };
    let cells = [
        l.initials.clone(),
        title,
        format!("{}/{}", l.done, l.total),
        tr!(
            i18n,
            lang,
            "class-minutes",
            minutes = ((now - l.since).max(0.0) / 60.0).floor() as u64
        ),
        state,
        l.usd_hour
            .map_or_else(|| "-".into(), |u| format!("${}/h", cents(u))),
    ];
    (cells, stuck || l.failing.is_some())
}

pub fn heading(i18n: &I18n, lang: Lang) -> [String; 6] {
    [
        tr!(i18n, lang, "class-col-learner"),
        tr!(i18n, lang, "class-col-step"),
        tr!(i18n, lang, "class-col-done"),
        tr!(i18n, lang, "class-col-on-step"),
        tr!(i18n, lang, "class-col-state"),
        tr!(i18n, lang, "class-col-cost"),
    ]
}

pub fn summary(learners: &[Learner], now: f64, pace: &Pace, i18n: &I18n, lang: Lang) -> String {
    tr!(
        i18n,
        lang,
        "class-summary",
        learners = learners.len(),
        stuck = learners.iter().filter(|l| l.stuck(now, pace)).count(),
        total = cents(class_per_hour(learners))
    )
}

/// Rows laid out in columns two spaces apart, each cell padded to its column's width.
pub fn columns(rows: &[[String; 6]]) -> Vec<String> {
    let widths: Vec<usize> = (0..6)
        .map(|c| rows.iter().map(|r| display_width(&r[c])).max().unwrap_or(0))
        .collect();
    rows.iter()
        .map(|cells| {
            cells
                .iter()
                .zip(&widths)
                .map(|(c, w)| format!("{c}{}", " ".repeat(w - display_width(c))))
                .collect::<Vec<_>>()
                .join("  ")
                .trim_end()
                .to_string()
        })
        .collect()
}

/// The board in the terminal: the class's summary, the table from the scroll position,
/// and the keys.
pub fn draw(
    frame: &mut Frame,
    board: &Board,
    workshop: &Workshop,
    i18n: &I18n,
    lang: Lang,
    theme: &Theme,
) {
    let area = frame.area();
    frame.render_widget(Paragraph::new("").style(theme.base), area);
    let width = usize::from(area.width);
    let now = board.looked_at.unwrap_or_default();
    let mut lines = vec![];
    let title = match (board.looked_at, &board.error) {
        (None, None) => tr!(i18n, lang, "class-looking"),
        (_, Some(e)) => super::cloud_error(e, i18n, lang),
        (Some(_), None) => summary(&board.learners, now, &board.pace, i18n, lang),
    };
    lines.push(Line::from(Span::styled(
        super::steps::fit(&format!(" {title}"), width),
        theme.header,
    )));
    let mut rows = vec![heading(i18n, lang)];
    let mut help = vec![false];
    for l in board.learners.iter().skip(board.scroll) {
        let (cells, needs) = row(l, workshop, now, &board.pace, i18n, lang);
        rows.push(cells);
        help.push(needs);
    }
    let body = usize::from(area.height.saturating_sub(2));
    for (i, (text, needs)) in columns(&rows).into_iter().zip(help).enumerate().take(body) {
        let style = match (i, needs) {
            (0, _) => theme.section,
            (_, true) => theme.warning,
            _ => theme.step,
        };
        lines.push(Line::from(Span::styled(
            super::steps::fit(&format!(" {text}"), width),
            style,
        )));
    }
    if board.learners.is_empty() && board.looked_at.is_some() {
        lines.push(Line::from(Span::styled(
            super::steps::fit(&format!(" {}", tr!(i18n, lang, "class-empty")), width),
            theme.dim,
        )));
    }
    frame.render_widget(Paragraph::new(lines), area);
    let footer = Rect {
        y: area.y + area.height.saturating_sub(1),
        height: 1.min(area.height),
        ..area
    };
    frame.render_widget(
        Paragraph::new(Span::styled(
            super::steps::fit(&format!(" {}", tr!(i18n, lang, "class-keys")), width),
            theme.dim,
        )),
        footer,
    );
}
