//! The instructor's notes follower (`labguide notes`), beside a presenting labguide: what
//! it was told (the step on screen and since when its section has been running) and where
//! the instructor has scrolled. The presenter's lines come from a local socket; nothing
//! here does I/O.

/// One line the presenting labguide sends: `step=<id> section_since=<seconds>`.
#[derive(Clone, Debug, PartialEq)]
pub struct Presented {
    pub step: String,
    /// When the presenter entered the step's section (seconds since the epoch).
    pub section_since: f64,
}

impl Presented {
    pub fn line(&self) -> String {
        format!(
            "step={} section_since={}\n",
            self.step,
            self.section_since.floor()
        )
    }

    pub fn parse(line: &str) -> Option<Presented> {
        let mut step = None;
        let mut since = None;
        for part in line.split_whitespace() {
            match part.split_once('=') {
                Some(("step", v)) if !v.is_empty() => step = Some(v.to_string()),
                Some(("section_since", v)) => since = v.parse().ok(),
                _ => {}
            }
        }
        Some(Presented {
            step: step?,
            section_since: since?,
        })
    }
}

#[derive(Clone, Debug, Default)]
pub struct NotesView {
    /// What the presenter shows; `None` until it says.
    pub presented: Option<Presented>,
    /// Whether the presenter's labguide is there to follow.
    pub connected: bool,
    pub scroll: usize,
    /// The wall clock as of the last tick (seconds since the epoch).
    pub now: f64,
}

#[derive(Clone, Debug, PartialEq)]
pub enum NotesEvent {
    Connected,
    Lost,
    Presented(Presented),
    Scroll(isize),
    Tick(f64),
}

impl NotesView {
    /// Applies an event; `true` when the screen must be drawn again.
    pub fn apply(&mut self, event: NotesEvent) -> bool {
        match event {
            NotesEvent::Connected => self.connected = true,
            NotesEvent::Lost => self.connected = false,
            NotesEvent::Presented(p) => {
                if self.presented.as_ref().map(|o| &o.step) != Some(&p.step) {
                    self.scroll = 0;
                }
                self.presented = Some(p);
            }
            NotesEvent::Scroll(by) => self.scroll = self.scroll.saturating_add_signed(by),
            NotesEvent::Tick(now) => {
                // Redrawn only when the clock's minute changes.
                let minute = |t: f64| (t / 60.0).floor();
                let changed = minute(now) != minute(self.now);
                self.now = now;
                return changed;
            }
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_presented_line_reads_back_and_a_step_change_scrolls_to_the_top() {
        let p = Presented {
            step: "lab1-athena".into(),
            section_since: 1_764_770_000.0,
        };
        assert_eq!(Presented::parse(&p.line()), Some(p.clone()));
        assert_eq!(Presented::parse("step= section_since=1"), None);
        assert_eq!(Presented::parse("hello"), None);
        let mut v = NotesView::default();
        v.apply(NotesEvent::Presented(p.clone()));
        v.apply(NotesEvent::Scroll(5));
        assert_eq!(v.scroll, 5);
        v.apply(NotesEvent::Presented(p.clone()));
        assert_eq!(v.scroll, 5, "the same step keeps its place");
        v.apply(NotesEvent::Presented(Presented {
            step: "lab1-split".into(),
            ..p
        }));
        assert_eq!(v.scroll, 0);
        assert!(v.apply(NotesEvent::Tick(120.0)));
        assert!(
            !v.apply(NotesEvent::Tick(130.0)),
            "the same minute: nothing to draw"
        );
    }
}
