//! Drawing: pure functions of `&App` into a ratatui frame, and every sentence and table
//! labguide says (`report` for reports and cloud failures, `plain` for the headless
//! commands' text). Nothing here changes state.

mod activity;
pub mod board;
pub mod costs;
mod glyphs;
mod header;
pub mod live;
pub mod notes;
mod overlay;
pub mod plain;
mod present;
mod report;
mod steps;
pub mod text;
pub mod theme;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::app::App;
use crate::app::geometry::{MIN_HEIGHT, MIN_WIDTH, too_small};
use crate::i18n::I18n;
use crate::tr;
pub use activity::task_label;
pub use overlay::ask_problem;
pub use plain::render_text;
pub use report::{cloud_error, kind_name};
pub use theme::{ColorDepth, Theme};

/// What drawing needs besides the state: words, colours and what the terminal can do.
pub struct Ctx<'a> {
    pub i18n: &'a I18n,
    /// The everyday theme.
    pub theme: Theme,
    /// The high-contrast theme for presenter mode.
    pub present_theme: Theme,
    /// The terminal understands OSC 8 hyperlinks.
    pub hyperlinks: bool,
}

impl<'a> Ctx<'a> {
    pub fn new(i18n: &'a I18n, depth: ColorDepth, hyperlinks: bool) -> Ctx<'a> {
        Ctx {
            i18n,
            theme: Theme::new(depth, false),
            present_theme: Theme::new(depth, true),
            hyperlinks,
        }
    }
}

/// A clickable stretch of the screen, for the terminal layer to mark with OSC 8.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hyperlink {
    pub x: u16,
    pub y: u16,
    pub width: u16,
    pub url: String,
}

/// Draws the whole screen; returns where the visible hyperlinks are. In presenter mode the
/// finished frame shows no account id and nothing the learner typed (`present`).
pub fn draw(frame: &mut Frame, app: &App, ctx: &Ctx) -> Vec<Hyperlink> {
    let links = draw_all(frame, app, ctx);
    if app.present {
        present::mask(frame.buffer_mut(), &present::secrets(app));
    }
    links
}

fn draw_all(frame: &mut Frame, app: &App, ctx: &Ctx) -> Vec<Hyperlink> {
    let mut links = vec![];
    let area = frame.area();
    let theme = if app.present {
        &ctx.present_theme
    } else {
        &ctx.theme
    };
    frame.render_widget(Paragraph::new("").style(theme.base), area);
    if too_small(area) {
        draw_too_small(frame, area, app, ctx, theme);
        return links;
    }
    // The app keeps its own idea of the size for scrolling; drawing uses the real one.
    let geometry = crate::app::geometry::geometry(
        area,
        crate::app::geometry::ViewFlags {
            present: app.present,
            steps_focused: app.focus == crate::app::Pane::Steps,
            activity_rows: app.activity_rows_wanted(),
        },
    );
    let Some(g) = geometry else { return links };
    header::draw(frame, g.header, app, ctx, theme);
    let text_hidden = g.steps == Some(g.text);
    if let Some(steps_area) = g.steps {
        steps::draw(frame, steps_area, app, ctx, theme);
    }
    if !text_hidden {
        links = text::draw(frame, g.text, app, ctx, theme);
    }
    activity::draw(frame, g.activity, app, ctx, theme);
    if let Some(footer) = g.footer {
        header::draw_footer(frame, footer, app, ctx, theme);
    }
    overlay::draw(frame, area, app, ctx, theme);
    if app.overlay.is_some() {
        // Links under an overlay are hidden by it.
        links.clear();
    }
    links
}

fn draw_too_small(frame: &mut Frame, area: Rect, app: &App, ctx: &Ctx, theme: &Theme) {
    let msg = tr!(
        ctx.i18n,
        app.lang,
        "too-small",
        need_width = MIN_WIDTH,
        need_height = MIN_HEIGHT,
        width = area.width,
        height = area.height
    );
    let lines = vec![Line::from(Span::styled(msg, theme.warning))];
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), area);
}

/// A drawn buffer as plain text, one line per row, trailing spaces dropped. Wide
/// characters take their two cells once.
pub fn buffer_text(buf: &ratatui::buffer::Buffer) -> String {
    use unicode_width::UnicodeWidthStr;
    let area = buf.area;
    let mut out = String::new();
    for y in area.top()..area.bottom() {
        let mut line = String::new();
        let mut x = area.left();
        while x < area.right() {
            let symbol = buf[(x, y)].symbol();
            line.push_str(symbol);
            x += (symbol.width() as u16).max(1);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}
