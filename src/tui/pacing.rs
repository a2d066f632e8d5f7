//! Pacing what changes on its own (a log line, a chart, a spinner) to what a slow link
//! carries. A learner over SSH at 64 kbit/s receives a 5 KB frame in about 0.6 s; a second
//! frame written behind it waits in the link, and what the learner sees lags. So a frame
//! that follows nothing the learner did waits until a link of that speed would have
//! carried the frames before it; frames that answer a key are drawn at once. On a fast
//! link this only merges background changes that come within a fraction of a second of a
//! large frame.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// The slowest link labguide is built to keep up with: 64 kbit/s.
pub const SLOW_LINK_BYTES_PER_SECOND: f64 = 64_000.0 / 8.0;

/// When a link of a given speed would have carried everything written so far.
#[derive(Debug)]
pub struct SlowLink {
    bytes_per_second: f64,
    carried_at: Option<Instant>,
    /// The terminal writer's running count of bytes, and what of it is on the link.
    written: Arc<AtomicU64>,
    counted: u64,
}

impl SlowLink {
    pub fn new(bytes_per_second: f64, written: Arc<AtomicU64>) -> SlowLink {
        SlowLink {
            bytes_per_second,
            carried_at: None,
            written,
            counted: 0,
        }
    }

    /// A frame was drawn at `now`: what the writer wrote since the last goes on the link.
    pub fn drawn(&mut self, now: Instant) {
        let total = self.written.load(Ordering::Relaxed);
        let new = total.saturating_sub(self.counted);
        self.counted = total;
        self.sent(new, now);
    }

    /// `bytes` were written at `now`: they go out after what the link still carries.
    fn sent(&mut self, bytes: u64, now: Instant) {
        let start = self.carried_at.map_or(now, |at| at.max(now));
        let takes = Duration::from_secs_f64(bytes as f64 / self.bytes_per_second);
        self.carried_at = Some(start + takes);
    }

    /// Until when a frame nobody asked for waits, if the link is still busy at `now`.
    pub fn busy_until(&self, now: Instant) -> Option<Instant> {
        self.carried_at.filter(|&at| at > now)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_queue_behind_each_other_and_the_link_frees_when_they_are_carried() {
        let t0 = Instant::now();
        let mut link = SlowLink::new(SLOW_LINK_BYTES_PER_SECOND, Arc::default());
        assert_eq!(link.busy_until(t0), None, "nothing written yet");
        // The live view's opening frame: 5,200 B take 0.65 s at 64 kbit/s.
        link.sent(5_200, t0);
        let carried = t0 + Duration::from_millis(650);
        assert_eq!(link.busy_until(t0), Some(carried));
        assert_eq!(
            link.busy_until(t0 + Duration::from_millis(649)),
            Some(carried)
        );
        assert_eq!(link.busy_until(carried), None);
        // A frame written while the first is still on its way goes out after it.
        link.sent(800, t0 + Duration::from_millis(100));
        assert_eq!(
            link.busy_until(t0),
            Some(carried + Duration::from_millis(100))
        );
        // One written once the link is idle starts when it is written.
        let later = t0 + Duration::from_secs(5);
        link.sent(4_000, later);
        assert_eq!(
            link.busy_until(later),
            Some(later + Duration::from_millis(500))
        );
    }

    #[test]
    fn the_writers_running_count_puts_only_what_is_new_on_the_link() {
        let t0 = Instant::now();
        let written = Arc::new(AtomicU64::new(0));
        let mut link = SlowLink::new(SLOW_LINK_BYTES_PER_SECOND, Arc::clone(&written));
        written.store(800, Ordering::Relaxed);
        link.drawn(t0);
        assert_eq!(link.busy_until(t0), Some(t0 + Duration::from_millis(100)));
        let later = t0 + Duration::from_secs(1);
        link.drawn(later);
        assert_eq!(link.busy_until(later), None, "nothing new was written");
        written.store(2_400, Ordering::Relaxed);
        link.drawn(later);
        assert_eq!(
            link.busy_until(later),
            Some(later + Duration::from_millis(200))
        );
    }
}
