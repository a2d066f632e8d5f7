//! Where each pane goes for a terminal size. Shared by `update` (scrolling and mouse clicks
//! need the pane sizes) and the drawing code, so both always agree.

use ratatui::layout::Rect;

/// Below this the layout cannot show a step usefully; the UI says so instead.
pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;
const WIDE: u16 = 120;
/// The activity pane is never narrower than this (wide layouts give it a column of at
/// least this width; narrower screens put it under the text, full width).
pub const ACTIVITY_MIN_WIDTH: u16 = 44;
const MEDIUM: u16 = 100;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Geometry {
    pub header: Rect,
    /// The step list; absent in presenter mode and, on narrow screens, unless focused.
    pub steps: Option<Rect>,
    /// The step's text, title row included.
    pub text: Rect,
    pub activity: Rect,
    pub footer: Option<Rect>,
}

/// What the layout depends on besides the size.
#[derive(Clone, Copy, Debug, Default)]
pub struct ViewFlags {
    pub present: bool,
    pub steps_focused: bool,
    /// Rows the activity pane would like (its title included): few for a step with
    /// nothing to run, more for one that shows a live stack.
    pub activity_rows: u16,
}

pub fn too_small(area: Rect) -> bool {
    area.width < MIN_WIDTH || area.height < MIN_HEIGHT
}

pub fn geometry(area: Rect, flags: ViewFlags) -> Option<Geometry> {
    if too_small(area) {
        return None;
    }
    let header = Rect { height: 1, ..area };
    if flags.present {
        // Generous margins and no chrome: only the step, its activity and "step N/M".
        let body = Rect::new(area.x + 2, area.y + 2, area.width - 4, area.height - 2);
        let activity_h = flags.activity_rows.clamp(4, body.height / 3);
        let text = Rect {
            height: body.height - activity_h - 1,
            ..body
        };
        let activity = Rect {
            y: text.y + text.height + 1,
            height: activity_h,
            ..body
        };
        return Some(Geometry {
            header,
            steps: None,
            text,
            activity,
            footer: None,
        });
    }
    let footer = Rect {
        y: area.y + area.height - 1,
        height: 1,
        ..area
    };
    let body = Rect::new(area.x, area.y + 1, area.width, area.height - 2);
    let split_vertical = |r: Rect| {
        let activity_h = flags.activity_rows.clamp(4, r.height / 2);
        let text = Rect {
            height: r.height - activity_h,
            ..r
        };
        let activity = Rect {
            y: r.y + text.height,
            height: activity_h,
            ..r
        };
        (text, activity)
    };
    let (steps, text, activity) = if area.width >= WIDE {
        let steps_w = 30;
        let activity_w = (area.width / 3).clamp(ACTIVITY_MIN_WIDTH, 60);
        let steps = Rect {
            width: steps_w,
            ..body
        };
        let text = Rect {
            x: body.x + steps_w + 1,
            width: body.width - steps_w - activity_w - 2,
            ..body
        };
        let activity = Rect {
            x: body.x + body.width - activity_w,
            width: activity_w,
            ..body
        };
        (Some(steps), text, activity)
    } else if area.width >= MEDIUM {
        let steps_w = 28;
        let steps = Rect {
            width: steps_w,
            ..body
        };
        let right = Rect {
            x: body.x + steps_w + 1,
            width: body.width - steps_w - 1,
            ..body
        };
        let (text, activity) = split_vertical(right);
        (Some(steps), text, activity)
    } else {
        let (text, activity) = split_vertical(body);
        // On narrow screens the list takes the text's place while it has the focus.
        let steps = flags.steps_focused.then_some(text);
        (steps, text, activity)
    };
    Some(Geometry {
        header,
        steps,
        text,
        activity,
        footer: Some(footer),
    })
}

/// The glossary's box: most of the screen, at most 110 columns wide.
pub fn glossary_box(area: Rect) -> Rect {
    let width = (area.width / 10 * 9).clamp(area.width.min(20), 110);
    let height = area.height.saturating_sub(4).max(5).min(area.height);
    Rect::new(
        area.x + (area.width - width) / 2,
        area.y + (area.height - height) / 2,
        width,
        height,
    )
}

/// Where the by-hand text goes: the whole screen between header and footer, less a
/// column each side, so its commands wrap as little as possible.
pub fn by_hand_box(area: Rect) -> Rect {
    Rect::new(
        area.x + 1,
        area.y + 2,
        area.width.saturating_sub(2),
        area.height.saturating_sub(3),
    )
}

/// The area inside a pane where its content goes: below its title row, one column of
/// padding on each side.
pub fn content(pane: Rect) -> Rect {
    Rect {
        x: pane.x + 1,
        y: pane.y + 1,
        width: pane.width.saturating_sub(2),
        height: pane.height.saturating_sub(1),
    }
}

/// The two columns of side-by-side mode inside the text content area.
pub fn side_by_side(content: Rect) -> (Rect, Rect) {
    let gap = 3;
    let left_w = content.width.saturating_sub(gap) / 2;
    let left = Rect {
        width: left_w,
        ..content
    };
    let right = Rect {
        x: content.x + left_w + gap,
        width: content.width.saturating_sub(left_w + gap),
        ..content
    };
    (left, right)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inside(inner: Rect, outer: Rect) -> bool {
        inner.x >= outer.x
            && inner.y >= outer.y
            && inner.right() <= outer.right()
            && inner.bottom() <= outer.bottom()
    }

    #[test]
    fn every_pane_fits_at_every_size() {
        for w in MIN_WIDTH..=220 {
            for h in [MIN_HEIGHT, 30, 48, 60] {
                let area = Rect::new(0, 0, w, h);
                for present in [false, true] {
                    for (steps_focused, activity_rows) in [(false, 0), (true, 5), (false, 40)] {
                        let flags = ViewFlags {
                            present,
                            steps_focused,
                            activity_rows,
                        };
                        let g = geometry(area, flags).unwrap();
                        for r in [
                            Some(g.header),
                            g.steps,
                            Some(g.text),
                            Some(g.activity),
                            g.footer,
                        ]
                        .into_iter()
                        .flatten()
                        {
                            assert!(inside(r, area), "{r:?} outside {area:?}");
                        }
                        assert!(g.text.height >= 8 && g.text.width >= 40, "{w}x{h}: {g:?}");
                        assert!(!g.text.intersects(g.activity));
                    }
                }
            }
        }
    }

    #[test]
    fn below_minimum_there_is_no_layout() {
        assert!(geometry(Rect::new(0, 0, 79, 24), ViewFlags::default()).is_none());
        assert!(geometry(Rect::new(0, 0, 80, 23), ViewFlags::default()).is_none());
    }
}
